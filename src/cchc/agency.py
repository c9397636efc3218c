"""The owning agency and its contact points, read from `extra.cchc.agency` in mkdocs.yml."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

AGENCY_KEYS = ("name", "address", "phone", "hotline", "email", "person_in_charge", "sample")
_REQUIRED = ("name", "address", "phone", "hotline", "email", "person_in_charge")


class AgencyError(ValueError):
    """The agency settings are missing or malformed."""


@dataclass(frozen=True)
class Agency:
    name: str
    address: str
    phone: str
    hotline: str
    email: str
    person_in_charge: str
    sample: bool = False  # contact details shipped as an example, shown as such

    @property
    def phone_uri(self) -> str:
        return _tel(self.phone)

    @property
    def hotline_uri(self) -> str:
        return _tel(self.hotline)


def _tel(number: str) -> str:
    """`tel:` URI: digits and a leading +, so "0221 3 863 245" dials on any phone."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


def read_agency(values: Mapping[str, Any] | None) -> Agency:
    """Validate `extra.cchc.agency`; every problem in one message."""
    if not isinstance(values, Mapping):
        raise AgencyError("thiếu mục `extra.cchc.agency` (cơ quan chủ quản và thông tin liên hệ) trong mkdocs.yml")
    problems = [f"thiếu `{key}`" for key in _REQUIRED if not str(values.get(key) or "").strip()]
    problems += [f"khóa không hợp lệ `{key}`" for key in values if key not in AGENCY_KEYS]
    email = str(values.get("email") or "")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        problems.append(f"`email` không hợp lệ (tìm thấy: {email!r})")
    for key in ("phone", "hotline"):
        if values.get(key) and len(_tel(str(values[key]))) < 7:
            problems.append(f"`{key}` phải là số điện thoại (tìm thấy: {values[key]!r})")
    if problems:
        raise AgencyError("mkdocs.yml, extra.cchc.agency: " + "; ".join(problems))
    return Agency(**{key: str(values[key]).strip() for key in _REQUIRED}, sample=bool(values.get("sample")))
