"""The project's settings, read once by one typed reader from the merged MkDocs configuration.

The MkDocs hook passes the configuration MkDocs has loaded and validated; the `cchc` command loads it
the same way (src/cchc/adapter/config.py, with MkDocs' own loader). Both then call `read_settings`,
so `extra.cchc` has one schema: every key is type-checked, an unknown key is reported with the key it
most likely meant, and each problem is a `mkdocs.yml:LINE: message` line (the line of the key in the
file that sets it, INHERIT parents included). No value gives a traceback.

The schema of `extra.cchc` is the dataclasses below: a field's type is the type expected, its
default the value used when the key is absent (no default: the key is required), and `option(...)`
adds bounds or a check. Documented for the webmaster in huong-dan/quan-tri-web.md ("Cấu hình").
"""

from __future__ import annotations

import ipaddress
import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

import yaml

from cchc import urls
from cchc.characters import character_message, refused_characters
from cchc.colors import color_problem
from cchc.content.frontmatter import closest, shown_path
from cchc.problems import ContentError, Problem, describe
from cchc.text import normalize

# Python-Markdown extensions MkDocs always adds before the configured ones (its `markdown_extensions`
# default); a configuration given as a plain mapping (tests) gets the same.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def option(default: Any = MISSING, *, minimum: int | None = None, maximum: int | None = None,
           check: Callable[[Any], str | None] | None = None) -> Any:
    """A schema field: bounds for numbers, or a check returning what is wrong (None: fine)."""
    metadata = {"minimum": minimum, "maximum": maximum, "check": check}
    return field(default=default, metadata=metadata) if default is not MISSING else field(metadata=metadata)


def _relative_folder(value: str) -> str | None:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value:
        return "phải là đường dẫn thư mục tương đối, nằm trong kho (dùng dấu /)"
    return None


def _tel(number: str) -> str:
    """`tel:` URI: digits and a leading +, so "0221 3 863 245" dials on any phone."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


def _phone(value: str) -> str | None:
    return None if len(_tel(value)) >= 7 else "phải là số điện thoại"


def _email(value: str) -> str | None:
    return None if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) else "phải là địa chỉ thư điện tử"


def _image_file(value: str) -> str | None:
    if _relative_folder(value) or not value.lower().endswith((".svg", ".png")):
        return "phải là đường dẫn tương đối tới một tệp ảnh .svg hoặc .png trong thư mục docs/"
    return None


@dataclass(frozen=True, kw_only=True)
class Agency:
    """`extra.cchc.agency`: the owning agency and its contact points, on every page and in page metadata,
    and how the header shows it (name, short name, section, logo, colour)."""

    name: str
    short_name: str | None = None  # the header's name on a phone when the full name is long
    section: str = "Chuyên mục Cải cách hành chính"  # under the agency's name in the header
    logo: str | None = option(None, check=_image_file)  # a file of docs/; None: the neutral placeholder
    color: str = option("#0b4a8b", check=color_problem)  # header, tabs and links; white text on it ≥ 4.5:1
    address: str
    phone: str = option(check=_phone)
    hotline: str = option(check=_phone)
    email: str = option(check=_email)
    person_in_charge: str
    sample: bool = False  # contact details shipped as an example, shown as such

    @property
    def logo_url(self) -> str:
        """The logo as the site serves it: the agency's file, or the placeholder the theme ships."""
        return self.logo or urls.PLACEHOLDER_LOGO

    @property
    def phone_uri(self) -> str:
        return _tel(self.phone)

    @property
    def hotline_uri(self) -> str:
        return _tel(self.hotline)

    @property
    def contacts(self) -> tuple[str, str, str]:
        """The agency's own phone, hotline and e-mail: published on every page, never personal data."""
        return (self.phone, self.hotline, self.email)


def _relative_file(value: str) -> str | None:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value:
        return "phải là đường dẫn tệp tương đối, nằm trong kho (dùng dấu /)"
    return None


def _file_path(value: str) -> str | None:
    return "phải là đường dẫn tệp (dùng dấu /)" if "\\" in value or value.endswith("/") else None


def _proxy_addresses(values: tuple[str, ...]) -> str | None:
    for value in values:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return f"phải là danh sách địa chỉ IP ({value!r} không phải)"
        if address.is_loopback or address.is_unspecified:
            return (f"không được có {value}: mọi chương trình trên máy đều gửi từ địa chỉ đó. nginx cùng máy nối tới "
                    "dịch vụ qua ổ cắm unix (cchc gop-y chay --socket), không cần khóa này")
    return None


# The name of a signed report's file (extra.cchc.report.signed) says which report it is: the plan's year and
# the period, as the Word drafts have them (the first half, the whole year). Published under the same name
# without the year, beside the report page of that plan (urls.signed_report).
_SIGNED_NAME = re.compile(r"(\d{4})-bao-cao-(6-thang-dau-nam|nam)\.pdf")
SIGNED_EXAMPLE = "du-lieu/bao-cao-da-ky/2022-bao-cao-nam.pdf"


def signed_report_period(path: str) -> tuple[int, int | None] | None:
    """(plan year, 1 for the first half or None for the year) that a signed report's file name says, or None."""
    found = _SIGNED_NAME.fullmatch(PurePosixPath(path).name)
    return None if found is None else (int(found[1]), 1 if found[2] == "6-thang-dau-nam" else None)


def _signed_files(values: tuple[str, ...]) -> str | None:
    seen: dict[tuple[int, int | None], str] = {}
    for value in values:
        if problem := _relative_file(value):
            return f"{problem} ({value!r} không phải)"
        period = signed_report_period(value)
        if period is None:
            return (f"phải là các tệp PDF đã ký, tên tệp là <năm>-bao-cao-6-thang-dau-nam.pdf hoặc <năm>-bao-cao-nam.pdf, "
                    f"ví dụ {SIGNED_EXAMPLE} ({value!r} không phải); bản Word dự thảo không bao giờ được đăng")
        if period in seen:
            return f"có hai tệp cho cùng một báo cáo: {seen[period]!r} và {value!r}"
        seen[period] = value
    return None


@dataclass(frozen=True, kw_only=True)
class ReportSigner:
    """`extra.cchc.report.signer`: the signature block of the Sở's Word reports; no name: left blank to write."""

    authority: str | None = None  # "KT. GIÁM ĐỐC" when a deputy signs
    position: str = "GIÁM ĐỐC"
    name: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReportOptions:
    """`extra.cchc.report`: the Sở as issuer of its Word reports (Nghị định 30/2020/NĐ-CP), and the units file
    that gives the units' own reports their header (src/cchc/reports/letterhead.py)."""

    parent: str = "UBND TỈNH HƯNG YÊN"  # cơ quan chủ quản, above the issuing body
    issuer: str = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"  # the issuing body as the header writes it
    abbreviation: str = "SGDĐT"  # Số: …/BC-SGDĐT
    place: str = "Hưng Yên"  # the place of the date line
    recipients: tuple[str, ...] = ("Ủy ban nhân dân tỉnh Hưng Yên", "Sở Nội vụ")  # Kính gửi (the Sở's report)
    unit_recipients: tuple[str, ...] = ("Sở Giáo dục và Đào tạo Hưng Yên",)  # Kính gửi (a unit's report)
    copies: tuple[str, ...] = ("Như trên",)  # Nơi nhận, before the archive line
    archive: str = "VT, VP"  # - Lưu: VT, VP.
    signer: ReportSigner = ReportSigner()
    units_file: str = option("du-lieu/don-vi.yml", check=_relative_file)
    # The reports published once signed (PDF files of the repository, named by plan year and period: see
    # signed_report_period); none by default. The Word drafts themselves never reach the site (`cchc report`).
    signed: tuple[str, ...] = option((), check=_signed_files)


@dataclass(frozen=True, kw_only=True)
class Feedback:
    """`extra.cchc.feedback`: the feedback service (src/cchc/gopy/), documented in huong-dan/gop-y-va-bao-cao.md ("Góp ý trực tuyến")."""

    database: str = option("var/gop-y.sqlite3", check=_file_path)  # relative: to the folder of mkdocs.yml
    retention_days: int = option(730, minimum=1, maximum=3650)  # personal fields are purged after it
    max_content: int = option(5000, minimum=100, maximum=20_000)  # characters of a question
    max_body_kb: int = option(32, minimum=4, maximum=1024)  # a request body, whole
    max_database_mb: int = option(500, minimum=1, maximum=100_000)  # the storage cap
    rate_per_minute: int = option(30, minimum=1, maximum=10_000)  # submissions of one address, sustained …
    rate_burst: int = option(30, minimum=1, maximum=10_000)  # … and at once
    min_fill_seconds: int = option(3, minimum=0, maximum=600)  # with script: a form sent sooner is a robot's
    # Status lookups of a receipt code (GET api/tra-cuu/<mã>): a limit of their own per address, apart from the
    # submissions'; a status page asks once per visit, and a program guessing codes gets nowhere (31**8 codes).
    lookup_per_minute: int = option(20, minimum=1, maximum=10_000)  # sustained …
    lookup_burst: int = option(10, minimum=1, maximum=10_000)  # … and at once
    # A proxy on another machine whose X-Real-IP counts (over TCP); nginx on the same machine uses the unix socket.
    trusted_proxies: tuple[str, ...] = option((), check=_proxy_addresses)


# The national public-service portal (Cổng Dịch vụ công quốc gia): the one portal address that is the same
# for every agency, hence the one with a default. The province's and the Sở's own portals are the
# webmaster's to write (huong-dan/quan-tri-web.md, "Cấu hình"); `cchc preflight` refuses sample ones.
NATIONAL_PORTAL = "https://dichvucong.gov.vn/"


def _portal_address(value: str) -> str | None:
    if not value.startswith("https://") or any(c.isspace() for c in value) or not _host(value):
        return "phải là địa chỉ đầy đủ bắt đầu bằng https://, ví dụ https://dichvucong.gov.vn/"
    return None


@dataclass(frozen=True, kw_only=True)
class Portals:
    """`extra.cchc.portals`: the portals the site links to (explainers, the procedures page, the footer)."""

    national: str = option(NATIONAL_PORTAL, check=_portal_address)  # Cổng Dịch vụ công quốc gia
    province: str | None = option(None, check=_portal_address)  # Cổng thông tin điện tử của tỉnh
    department: str | None = option(None, check=_portal_address)  # Cổng thông tin điện tử của Sở

    @property
    def named(self) -> tuple[tuple[str, str], ...]:
        """(name shown, address) of each portal that is set, national first."""
        names = (("Cổng Dịch vụ công quốc gia", self.national), ("Cổng thông tin điện tử của tỉnh", self.province),
                 ("Cổng thông tin điện tử của Sở", self.department))
        return tuple((name, url) for name, url in names if url)


@dataclass(frozen=True, kw_only=True)
class Options:
    """`extra.cchc` in mkdocs.yml."""

    agency: Agency
    report: ReportOptions = ReportOptions()
    plan_dir: str = option("plan", check=_relative_folder)
    posts_dir: str = option("content/posts", check=_relative_folder)
    page_size: int = option(20, minimum=1, maximum=500)  # posts per list page
    feed_items: int = option(50, minimum=1, maximum=1000)  # items per RSS feed
    home_latest: int = option(10, minimum=1, maximum=100)  # posts on the home page
    # Abbreviations the search understands both ways (src/cchc/search/abbreviations.py); no file, none.
    abbreviations_file: str = option("du-lieu/viet-tat.yml", check=_relative_file)
    answers_dir: str = option("content/hoi-dap", check=_relative_folder)  # published answers (Hỏi đáp)
    feedback: Feedback = field(default_factory=Feedback)
    portals: Portals = Portals()
    # A staging copy: every page says it is not the official site and asks search engines not to index
    # it. `cchc publish --staging` turns it on through CCHC_STAGING (mkdocs.yml); never written by hand.
    staging: bool = False


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder of the configuration file; paths in messages are relative to it
    site_name: str
    site_url: str  # ends with "/", or "" when not set (then `staging`; official outputs refuse)
    docs_dir: Path
    options: Options
    markdown_extensions: tuple[str, ...] = MKDOCS_BUILTIN_EXTENSIONS
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)
    config_files: tuple[Path, ...] = ()  # the configuration file and its INHERIT parents
    template_dirs: tuple[Path, ...] = ()  # the theme's custom_dir (the templates and assets that override Material's)
    hook_files: tuple[Path, ...] = ()  # the MkDocs hooks files mkdocs.yml names

    @property
    def plan_dir(self) -> Path:
        return self.root / self.options.plan_dir

    @property
    def posts_dir(self) -> Path:
        return self.root / self.options.posts_dir

    @property
    def agency(self) -> Agency:
        return self.options.agency

    @property
    def units_file(self) -> Path:
        return self.root / self.options.report.units_file

    @property
    def signed_report_files(self) -> tuple[Path, ...]:
        """The signed reports the webmaster publishes (extra.cchc.report.signed), in the order written."""
        return tuple(self.root / path for path in self.options.report.signed)

    @property
    def abbreviations_file(self) -> Path:
        return self.root / self.options.abbreviations_file

    @property
    def logo_file(self) -> Path | None:
        """The agency's logo file, None while it is the placeholder the theme ships."""
        return self.docs_dir / self.agency.logo if self.agency.logo else None

    @property
    def answers_dir(self) -> Path:
        return self.root / self.options.answers_dir

    @property
    def address_problem(self) -> str | None:
        """Why the site's address cannot go into an official output (official_url_problem), None when it can."""
        return official_url_problem(self.site_url)

    @property
    def staging(self) -> bool:
        """Pages and feeds say they are not the official site: a staging copy (`cchc publish --staging`),
        or a build without a real address (a fresh clone, the tests, the preview)."""
        return self.options.staging or self.address_problem is not None

    @property
    def base_path(self) -> str:
        """The site's sub-path, "/cchc/": of the address, or the shipped nginx configuration's while it is unset."""
        if not self.site_url:
            return urls.MOUNT
        return "/" + "".join(f"{part}/" for part in urlsplit(self.site_url).path.split("/") if part)

    @property
    def feedback_database(self) -> Path:
        path = Path(self.options.feedback.database).expanduser()
        return path if path.is_absolute() else self.root / path


class SettingsError(ContentError):
    """The configuration has problems; each is a `mkdocs.yml:LINE: message` line."""


# --- where a key is written --------------------------------------------------------------------------


def _compose(path: Path) -> yaml.Node | None:
    """The YAML node tree of a file, tags left unresolved (`!ENV`, `!!python/name:` need no constructor)."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _child(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def config_chain(config_file: Path) -> tuple[Path, ...]:
    """The file and the parents it INHERITs, child first. MkDocs merges them (mkdocs.utils.yaml);
    this only finds which files there are, to say where a key is written and to fingerprint them."""
    chain: list[Path] = []
    current: Path | None = config_file
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        found = _child(_compose(current), "INHERIT")
        parent = found[1] if found else None
        current = (current.parent / parent.value).resolve() if isinstance(parent, yaml.ScalarNode) else None
    return tuple(chain)


@dataclass(frozen=True)
class Locator:
    """The file and line where a dotted key of the merged configuration is written."""

    files: tuple[Path, ...]
    root: Path

    def __call__(self, keys: Sequence[str]) -> tuple[str, int]:
        best: tuple[int, str, int] | None = None  # (keys matched, path, line)
        for path in self.files:
            node = _compose(path)
            for depth, key in enumerate(keys, start=1):
                found = _child(node, key)
                if found is None:
                    break
                node = found[1]
                if best is None or depth > best[0]:
                    best = (depth, shown_path(path, self.root), found[0].start_mark.line + 1)
            if best is not None and best[0] == len(keys):
                break
        if best is None:
            first = self.files[0] if self.files else self.root / "mkdocs.yml"
            return shown_path(first, self.root), 1
        return best[1], best[2]


# --- the schema reader --------------------------------------------------------------------------------


def _expected(kind: Any, meta: Mapping[str, Any]) -> str:
    if kind is int:
        low, high = meta.get("minimum"), meta.get("maximum")
        return f"một số nguyên từ {low} đến {high}" if low is not None and high is not None else "một số nguyên"
    if kind is bool:
        return "`true` hoặc `false`"
    if kind is str:
        return "một chuỗi văn bản không rỗng"
    return "một danh sách chuỗi"


class _Reader:
    def __init__(self, locate: Callable[[Sequence[str]], tuple[str, int]]) -> None:
        self.locate = locate
        self.problems: list[Problem] = []

    def report(self, keys: Sequence[str], message: str) -> None:
        self.problems.append(Problem(*self.locate(keys), message))

    def section(self, cls: type, values: object, keys: tuple[str, ...]) -> Any:
        name = ".".join(keys)
        if not isinstance(values, Mapping):
            self.report(keys, f"`{name}` phải là các dòng `khóa: giá trị` (tìm thấy: {describe(values)})")
            return None
        known = [f.name for f in fields(cls)]
        for key in values:
            if key not in known:
                guess = closest(str(key), known)
                hint = f"; có phải ý bạn là `{guess}`?" if guess else f"; các khóa hợp lệ: {', '.join(known)}"
                self.report((*keys, str(key)), f"khóa không hợp lệ trong `{name}` (tìm thấy: `{key}`){hint}")
        hints = get_type_hints(cls)
        read: dict[str, Any] = {}
        complete = True
        for item in fields(cls):
            if item.name not in values:
                if item.default is MISSING and item.default_factory is MISSING:
                    self.report(keys, f"thiếu khóa bắt buộc `{name}.{item.name}`")
                    complete = False
                continue
            value = self.value(hints[item.name], item, values[item.name], (*keys, item.name))
            if value is _INVALID:
                complete = False
            else:
                read[item.name] = value
        return cls(**read) if complete else None

    def value(self, kind: Any, item: Field[Any], raw: object, keys: tuple[str, ...]) -> Any:
        meta = item.metadata
        optional = get_origin(kind) in (Union, types.UnionType) and type(None) in get_args(kind)
        if optional:
            if raw is None:
                return None
            kind = next(arg for arg in get_args(kind) if arg is not type(None))
        if is_dataclass(kind):
            section = self.section(kind, raw, keys)  # type: ignore[arg-type]
            return _INVALID if section is None else section
        value = _typed(kind, raw, meta)
        if value is _INVALID:
            self.report(keys, f"`{'.'.join(keys)}` phải là {_expected(kind, meta)} (tìm thấy: {describe(raw)})")
            return _INVALID
        if found := refused_characters("".join(value) if isinstance(value, (str, tuple)) else ""):
            self.report(keys, f"`{'.'.join(keys)}` {character_message(found)}")  # the same rule as content
            return _INVALID
        check = meta.get("check")
        if check is not None and (message := check(value)):
            self.report(keys, f"`{'.'.join(keys)}` {message} (tìm thấy: {describe(raw)})")
            return _INVALID
        return value


_INVALID = object()


def _typed(kind: Any, raw: object, meta: Mapping[str, Any]) -> Any:
    """`raw` as `kind`, or _INVALID."""
    if kind is bool:
        return raw if isinstance(raw, bool) else _INVALID
    if kind is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            return _INVALID
        low, high = meta.get("minimum"), meta.get("maximum")
        if (low is not None and raw < low) or (high is not None and raw > high):
            return _INVALID
        return raw
    if kind is str:
        return normalize(raw).strip() if isinstance(raw, str) and raw.strip() else _INVALID
    if get_origin(kind) is tuple:
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            return _INVALID
        return tuple(normalize(i).strip() for i in items)
    raise TypeError(f"unsupported settings type {kind!r}")  # a schema mistake, caught by the tests


# --- the whole configuration -------------------------------------------------------------------------


# Shown as the example of a real address in every message about `site_url`.
EXAMPLE_SITE_URL = "https://sgddt.hungyen.gov.vn/cchc/"
SITE_URL_EXPECTED = f"phải là địa chỉ đầy đủ, ví dụ {EXAMPLE_SITE_URL}"
# Where the address is set, as messages name it: mkdocs.yml reads it from the environment.
SITE_URL_SETTING = "site_url (biến môi trường CCHC_SITE_URL)"


def _site_url(reader: _Reader, raw: object) -> str:
    if raw is None or raw == "":
        return ""
    if not isinstance(raw, str) or not raw.startswith(("http://", "https://")) or any(c.isspace() for c in raw):
        reader.report(("site_url",), f"`site_url` {SITE_URL_EXPECTED} (tìm thấy: {describe(raw)})")
        return ""
    return raw if raw.endswith("/") else raw + "/"


# --- the site's address: the one rule for what may be written as the site's address ----------------------

# Names that never reach the public: RFC 2606/6761 reserved names and the local machine.
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
_PRIVATE_SUFFIXES = (".local", ".lan", ".internal", ".home.arpa")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # "http://[::1"
        return ""


def _is_private_host(host: str) -> bool:
    """An intranet address: a private IP, a name without a dot or under an intranet suffix."""
    try:
        return ipaddress.ip_address(host).is_private
    except ValueError:
        return "." not in host or host.endswith(_PRIVATE_SUFFIXES)


def site_url_problem(url: str) -> str | None:
    """Why `url` cannot be the address of a published site, even a staging copy on an intranet
    (None: it can). Feeds, the sitemap and every canonical link are absolute under it, so a
    placeholder there sends the provincial portal and search engines to dead links."""
    if not url:
        return "chưa đặt địa chỉ trang (site_url)"
    host = _host(url)
    if not host:
        return f"địa chỉ trang {url} không có tên máy chủ"
    if "example" in host.split(".") or host.endswith(_RESERVED_SUFFIXES):
        return f"địa chỉ trang {url} còn là địa chỉ mẫu"
    try:
        loopback = ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return f"địa chỉ trang {url} là địa chỉ của chính máy đang chạy lệnh, người dân không mở được"
    if urlsplit(url).scheme != "https" and not _is_private_host(host):
        return f"địa chỉ trang {url} dùng http, trang công khai phải dùng https"
    return None


def portal_problem(url: str | None) -> str | None:
    """Why `url` cannot be published as the address of a portal the site links to (None: it can): not set,
    a reserved example name, or an address only an intranet opens."""
    if not url:
        return "chưa đặt địa chỉ"
    host = _host(url)
    if "example" in host.split(".") or host.endswith(_RESERVED_SUFFIXES):
        return f"{url} còn là địa chỉ mẫu"
    if _is_private_host(host) or host == "localhost":
        return f"{url} là địa chỉ mạng nội bộ, người dân không mở được"
    return None


def official_url_problem(url: str) -> str | None:
    """Why `url` cannot be written into an official output (None: it can): a Word report sent to the
    UBND, a citizen's receipt, the stored address of an answer, the pages and feeds of an official
    build. Stricter than `site_url_problem`: an intranet address opens only on that network."""
    if problem := site_url_problem(url):
        return problem
    if _is_private_host(_host(url)):
        return f"địa chỉ trang {url} là địa chỉ mạng nội bộ, người ở nơi khác không mở được"
    return None


def address_refusal(what: str, problem: str) -> str:
    """The one line that refuses an official output while the address is not real."""
    return (f"không {what}: {problem}; đặt địa chỉ công khai của trang vào {SITE_URL_SETTING}, "
            f"ví dụ CCHC_SITE_URL={EXAMPLE_SITE_URL}")


def _extensions(config: Mapping[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The Markdown extensions as MkDocs validated them; a plain mapping (tests) gets MkDocs' built-ins."""
    if "mdx_configs" in config:  # a MkDocsConfig: names already normalised, built-ins included
        return tuple(config["markdown_extensions"]), dict(config["mdx_configs"] or {})
    return MKDOCS_BUILTIN_EXTENSIONS, {}


def _theme_and_hooks(config: Mapping[str, Any], root: Path) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """The theme's `custom_dir` and the hook files, from a MkDocsConfig (a Theme, hooks loaded as
    modules) or a plain mapping (tests)."""
    theme = config.get("theme")
    custom_dir = getattr(theme, "custom_dir", None) or (theme.get("custom_dir") if isinstance(theme, Mapping) else None)
    hooks = config.get("hooks") or ()
    if isinstance(hooks, Mapping):  # loaded: file name -> module
        hooks = [getattr(module, "__file__", None) or name for name, module in hooks.items()]
    template_dirs = (root / str(custom_dir),) if custom_dir else ()
    return template_dirs, tuple(root / str(path) for path in hooks)


def read_settings(config: Mapping[str, Any], *, config_file: Path) -> Settings:
    """Typed settings from a merged MkDocs configuration; raises SettingsError with every problem."""
    config_file = config_file.resolve()
    root = config_file.parent
    files = config_chain(config_file) if config_file.is_file() else (config_file,)
    reader = _Reader(Locator(files, root))
    extra = config.get("extra") or {}
    cchc = extra.get("cchc") if isinstance(extra, Mapping) else None
    if cchc is None:
        reader.report(("extra",), "thiếu mục `extra.cchc` (cơ quan chủ quản, thư mục nội dung) trong cấu hình")
        options = None
    else:
        options = reader.section(Options, cchc, ("extra", "cchc"))
    site_url = _site_url(reader, config.get("site_url"))
    site_name = config.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip():
        reader.report(("site_name",), f"`site_name` phải là tên của trang (tìm thấy: {describe(site_name)})")
    elif found := refused_characters(site_name):
        reader.report(("site_name",), f"`site_name` {character_message(found)}")
    docs_dir = root / str(config.get("docs_dir") or "docs")
    if options is not None and options.agency.logo and not (docs_dir / options.agency.logo).is_file():
        reader.report(("extra", "cchc", "agency", "logo"),
                      f"`extra.cchc.agency.logo`: không có tệp {shown_path(docs_dir / options.agency.logo, root)} "
                      "(đặt tệp logo của cơ quan vào thư mục docs/)")
    if reader.problems or options is None or not isinstance(site_name, str):
        raise SettingsError(reader.problems)
    extensions, mdx_configs = _extensions(config)
    template_dirs, hook_files = _theme_and_hooks(config, root)
    return Settings(
        root=root, site_name=normalize(site_name).strip(), site_url=site_url,
        docs_dir=docs_dir, options=options,
        markdown_extensions=extensions, mdx_configs=mdx_configs, config_files=files,
        template_dirs=template_dirs, hook_files=hook_files,
    )
