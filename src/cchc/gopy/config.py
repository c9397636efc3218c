"""`extra.cchc.feedback` of mkdocs.yml, read and type-checked into one frozen FeedbackSettings.

Every key is optional; a wrong type or an unknown key is a one-line Vietnamese error naming the key.
Relative paths are relative to the folder of mkdocs.yml."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """`extra.cchc.feedback` (or what the service needs from the rest of mkdocs.yml) is wrong."""


# key: (type, default, lowest allowed value); documented in README.md ("Góp ý trực tuyến").
_NUMBERS: dict[str, tuple[type, float, float]] = {
    "retention_days": (int, 730, 1),        # personal fields are purged after this many days
    "max_content": (int, 5000, 100),        # characters of a question's content
    "max_body_kb": (int, 32, 4),            # a request body, whole
    "max_database_mb": (int, 500, 1),       # the storage cap: past it submissions are refused
    "rate_per_minute": (int, 30, 1),        # submissions per source address, sustained …
    "rate_burst": (int, 30, 1),             # … and at once
    "min_fill_seconds": (float, 3.0, 0),    # with JavaScript: a form sent faster is a robot's
}
_KEYS = {"database", "trusted_proxies", *_NUMBERS}


@dataclass(frozen=True)
class FeedbackSettings:
    database: Path
    base_path: str          # the site's sub-path, "/cchc/": the endpoints are under it
    site_url: str           # the public address, for links in receipts and Q&A skeletons
    agency_name: str
    hotline: str            # said on every refusal that is not the citizen's doing
    retention_days: int = 730
    max_content: int = 5000
    max_body_kb: int = 32
    max_database_mb: int = 500
    rate_per_minute: int = 30
    rate_burst: int = 30
    min_fill_seconds: float = 3.0
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")  # whose X-Real-IP is believed

    @property
    def max_body_bytes(self) -> int:
        return self.max_body_kb * 1024

    @property
    def question_endpoint(self) -> str:
        return f"{self.base_path}api/gop-y"

    @property
    def rating_endpoint(self) -> str:
        return f"{self.base_path}api/danh-gia"


def _number(key: str, value: Any) -> float:
    kind, _, lowest = _NUMBERS[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and not isinstance(value, int)):
        raise SettingsError(f"mkdocs.yml, extra.cchc.feedback.{key}: phải là một số{' nguyên' if kind is int else ''} "
                            f"(tìm thấy: {value!r})")
    if value < lowest:
        raise SettingsError(f"mkdocs.yml, extra.cchc.feedback.{key}: phải từ {lowest:g} trở lên (tìm thấy: {value!r})")
    return value


def read_feedback_settings(config: Mapping[str, Any], root: Path) -> FeedbackSettings:
    """The service's settings from the merged MkDocs configuration (a plain dict) and its folder."""
    extra = config.get("extra")
    cchc = extra.get("cchc") if isinstance(extra, Mapping) else None
    cchc = cchc if isinstance(cchc, Mapping) else {}
    options = cchc.get("feedback") or {}
    if not isinstance(options, Mapping):
        raise SettingsError("mkdocs.yml, extra.cchc.feedback: phải là các dòng `khóa: giá trị`")
    if unknown := sorted(str(key) for key in options if key not in _KEYS):
        raise SettingsError(f"mkdocs.yml, extra.cchc.feedback: khóa không hợp lệ {', '.join(unknown)} "
                            f"(các khóa: {', '.join(sorted(_KEYS))})")
    agency = cchc.get("agency")
    hotline = str(agency.get("hotline") or "") if isinstance(agency, Mapping) else ""
    name = str(agency.get("name") or "") if isinstance(agency, Mapping) else ""
    if not hotline.strip():
        raise SettingsError("mkdocs.yml, extra.cchc.agency.hotline: thiếu số đường dây nóng (dịch vụ góp ý báo số này khi lỗi)")
    database = options.get("database", "var/gop-y.sqlite3")
    if not isinstance(database, str) or not database.strip():
        raise SettingsError(f"mkdocs.yml, extra.cchc.feedback.database: phải là đường dẫn tệp (tìm thấy: {database!r})")
    proxies = options.get("trusted_proxies", ["127.0.0.1", "::1"])
    if not isinstance(proxies, list) or not all(isinstance(item, str) for item in proxies):
        raise SettingsError(f"mkdocs.yml, extra.cchc.feedback.trusted_proxies: phải là danh sách địa chỉ IP (tìm thấy: {proxies!r})")
    for item in proxies:
        try:
            ipaddress.ip_address(item)
        except ValueError:
            raise SettingsError(f"mkdocs.yml, extra.cchc.feedback.trusted_proxies: {item!r} không phải địa chỉ IP") from None
    site_url = str(config.get("site_url") or "https://example.gov.vn/cchc/")
    base_path = "/" + urlsplit(site_url).path.strip("/") + "/"
    numbers = {key: _number(key, options[key]) for key in _NUMBERS if key in options}
    path = Path(database).expanduser()
    return FeedbackSettings(
        database=path if path.is_absolute() else root / path,
        base_path=base_path.replace("//", "/"),
        site_url=site_url.rstrip("/") + "/",
        agency_name=name,
        hotline=hotline.strip(),
        trusted_proxies=tuple(proxies),
        **numbers,  # type: ignore[arg-type]
    )
