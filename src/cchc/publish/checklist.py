"""The go-live checklist: what must be true before the site is published as the Sở's official site.

`cchc preflight` prints every item (✓/✗); `cchc publish` runs the same items first and refuses on any ✗,
one line per item saying what to do. Each item is a small function registered with `@item`, so a
later feature adds its own placeholder (a logo, the feedback channel) by writing one more function
here. `official_only` items (the agency and the sample content) are waived for a staging copy
(`cchc publish --staging`): it says on every page that it is not the official site.

Pure: the caller gives the settings, the content read by the pipeline and "now".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from cchc.content.frontmatter import shown_path
from cchc.content.settings import EXAMPLE_SITE_URL, Agency, Locator, Settings, official_url_problem, site_url_problem
from cchc.content.settings import portal_problem as portal_problem
from cchc.dates import LOCAL_TZ
from cchc.model import Plan, Post
from cchc.problems import Problem

PLACEHOLDER_MARK = "data-cchc-placeholder"  # in the shipped logo (overrides/), which logo_is_placeholder looks for


def logo_is_placeholder(path: Path | None) -> bool:
    """True while the logo is the neutral one the project ships (no logo set, or a file still marked as it)."""
    if path is None:
        return True
    try:
        return PLACEHOLDER_MARK.encode() in path.read_bytes()[:4096]
    except OSError:
        return True


@dataclass(frozen=True)
class Facts:
    """What the checks look at."""

    settings: Settings
    plans: Mapping[int, Plan]
    posts: Sequence[Post]
    problems: Sequence[Problem]  # of the content (errors and warnings), as `cchc check` shows them
    now: datetime
    staging: bool = False

    def where(self, *keys: str) -> str:
        """`mkdocs.yml:LINE` of a configuration key (INHERIT parents included)."""
        path, line = Locator(self.settings.config_files, self.settings.root)(keys)
        return f"{path}:{line}"


@dataclass(frozen=True)
class Result:
    """One line of the checklist. `text`: when passed, what was found; when failed, what is wrong and
    what to do about it."""

    ok: bool
    text: str
    waived: bool = False  # not required for a staging copy: shown, never blocking


@dataclass(frozen=True)
class Item:
    run: Callable[[Facts], Result]
    official_only: bool  # waived by --staging
    gate: bool  # `cchc publish` checks it (False: preflight only, the build itself reports it)


ITEMS: list[Item] = []


def item(*, official_only: bool = False, gate: bool = True) -> Callable[[Callable[[Facts], Result]], Callable[[Facts], Result]]:
    """Register a check of the go-live list, in the order the list is printed."""

    def register(run: Callable[[Facts], Result]) -> Callable[[Facts], Result]:
        ITEMS.append(Item(run, official_only, gate))
        return run

    return register


def run_checklist(facts: Facts, *, gate_only: bool = False) -> list[Result]:
    results = []
    for entry in ITEMS:
        if gate_only and not entry.gate:
            continue
        result = entry.run(facts)
        if facts.staging and entry.official_only:
            result = Result(result.ok, result.text, waived=True)
        results.append(result)
    return results


def failures(results: Sequence[Result]) -> list[Result]:
    """The items that stop a publication (a waived item never does)."""
    return [result for result in results if not result.ok and not result.waived]


def symbol(result: Result) -> str:
    if result.ok:
        return "✓"
    return "–" if result.waived else "✗"


# --- the site's address -------------------------------------------------------------------------


@item()
def site_address(facts: Facts) -> Result:
    """Any copy needs an address people can open; the official one also needs one outside an intranet,
    like every official output (Word reports, receipts: content.settings.official_url_problem)."""
    url = facts.settings.site_url
    problem = site_url_problem(url) if facts.staging else official_url_problem(url)
    if problem is None:
        return Result(True, f"Địa chỉ trang: {url}")
    return Result(False, f"{problem[0].upper()}{problem[1:]}: đặt địa chỉ công khai của trang (kể cả thư mục con) vào biến "
                         f"CCHC_SITE_URL khi xuất bản, ví dụ CCHC_SITE_URL={EXAMPLE_SITE_URL} "
                         "(máy chủ: dòng Environment=CCHC_SITE_URL=… của deploy/systemd/cchc-publish.service)")


# --- the agency -----------------------------------------------------------------------------------

# The contact details shipped in mkdocs.yml, and what marks a value as not filled in
# (tests/unit/test_publish_checklist.py checks that every shipped value is caught).
SHIPPED_AGENCY = {
    "address": "Địa chỉ trụ sở (cập nhật theo thông tin công bố của Sở), tỉnh Hưng Yên",
    "phone": "0221 3000 000",
    "hotline": "0221 3000 001",
    "email": "cchc@example.gov.vn",
    "person_in_charge": "Chánh Văn phòng Sở (cập nhật họ tên)",
}
_NOT_FILLED_MARKS = ("(cập nhật", "example.", "…", "...")

AGENCY_LABELS = {
    "name": "tên cơ quan", "address": "địa chỉ", "phone": "điện thoại", "hotline": "đường dây nóng",
    "email": "thư điện tử", "person_in_charge": "người chịu trách nhiệm nội dung",
}


def placeholder_agency_fields(agency: Agency) -> list[str]:
    """The agency keys still holding a shipped or obviously unfilled value."""
    found = []
    for entry in fields(agency):
        value = getattr(agency, entry.name)
        if not isinstance(value, str):
            continue
        lowered = value.lower()
        if value == SHIPPED_AGENCY.get(entry.name) or any(mark in lowered for mark in _NOT_FILLED_MARKS):
            found.append(entry.name)
    return found


@item(official_only=True)
def agency_not_sample(facts: Facts) -> Result:
    if not facts.settings.agency.sample:
        return Result(True, f"Thông tin cơ quan: {facts.settings.agency.name} (không còn đánh dấu mẫu)")
    return Result(False, f"Thông tin cơ quan còn đánh dấu là mẫu (sample: true, {facts.where('extra', 'cchc', 'agency', 'sample')}): "
                         "điền thông tin liên hệ đã công bố của Sở rồi xóa dòng `sample: true`")


@item(official_only=True)
def agency_filled_in(facts: Facts) -> Result:
    agency = facts.settings.agency
    unfilled = placeholder_agency_fields(agency)
    if not unfilled:
        return Result(True, f"Liên hệ của cơ quan: điện thoại {agency.phone}, đường dây nóng {agency.hotline}, "
                            f"thư điện tử {agency.email}")
    shown = "; ".join(f"{AGENCY_LABELS.get(key, key)} {getattr(agency, key)!r}" for key in unfilled)
    return Result(False, f"Thông tin cơ quan còn giá trị mẫu ({shown}; {facts.where('extra', 'cchc', 'agency')}): "
                         "thay bằng thông tin đã công bố của Sở trong extra.cchc.agency của mkdocs.yml")


@item(official_only=True)
def agency_logo(facts: Facts) -> Result:
    """The header shows the agency's logo; the project ships a neutral one, marked as such (PLACEHOLDER_MARK)."""
    logo = facts.settings.logo_file
    if not logo_is_placeholder(logo):
        return Result(True, f"Logo của cơ quan: {facts.settings.agency.logo}")
    found = "chưa đặt extra.cchc.agency.logo" if logo is None else f"tệp {facts.settings.agency.logo} vẫn là logo tạm"
    return Result(False, f"Logo của cơ quan còn là logo tạm ({found}; {facts.where('extra', 'cchc', 'agency')}): "
                         "chép tệp logo của Sở (.svg hoặc .png) vào docs/, ví dụ docs/assets/logo-so.svg, rồi đặt "
                         "logo: assets/logo-so.svg trong extra.cchc.agency của mkdocs.yml")


# --- the portals the site links to ------------------------------------------------------------------

PORTAL_LABELS = {"national": "Cổng Dịch vụ công quốc gia", "province": "Cổng thông tin điện tử của tỉnh",
                 "department": "Cổng thông tin điện tử của Sở"}


def placeholder_portals(settings: Settings) -> list[tuple[str, str]]:
    """(key, what is wrong) of each portal address not fit to publish: unset, or a sample (content.settings.portal_problem)."""
    portals = settings.options.portals
    return [(key, problem) for key in PORTAL_LABELS if (problem := portal_problem(getattr(portals, key))) is not None]


@item(official_only=True)
def portals_filled_in(facts: Facts) -> Result:
    """Explainers and the procedures page send citizens to these portals: a sample address is a dead link."""
    wrong = placeholder_portals(facts.settings)
    if not wrong:
        shown = ", ".join(f"{PORTAL_LABELS[key]} {getattr(facts.settings.options.portals, key)}" for key in PORTAL_LABELS)
        return Result(True, f"Cổng liên kết: {shown}")
    listed = "; ".join(f"{PORTAL_LABELS[key]}: {problem}" for key, problem in wrong)
    return Result(False, f"Địa chỉ cổng liên kết chưa dùng được ({listed}; {facts.where('extra', 'cchc', 'portals')}): "
                         "đặt địa chỉ thật của từng cổng trong extra.cchc.portals của mkdocs.yml")


# --- the content ------------------------------------------------------------------------------------


@item(official_only=True)
def no_sample_posts(facts: Facts) -> Result:
    samples = [post for post in facts.posts if post.sample and not post.draft]
    if not samples:
        return Result(True, "Tin bài mẫu: không còn")
    published = sum(1 for post in samples if post.is_published(facts.now))
    return Result(False, f"Còn {len(samples)} tin bài mẫu (sample: true; {published} đã đăng, "
                         f"{len(samples) - published} hẹn giờ) sẽ lên trang: xem bằng cchc samples, "
                         "xóa bằng cchc samples --remove")


@item()
def plan_of_this_year(facts: Facts) -> Result:
    today = facts.now.astimezone(LOCAL_TZ)
    year = today.year
    plan_file = shown_path(facts.settings.plan_dir / f"{year}.md", facts.settings.root)
    if year in facts.plans:
        return Result(True, f"Kế hoạch năm {year}: {facts.plans[year].number} ({plan_file})")
    # January's reports on last year's plan are not this year's work: the plan of a year is usually
    # signed in its first weeks, and the yearly report must not wait for it.
    this_year = [post for post in facts.posts if post.is_published(facts.now) and post.date.astimezone(LOCAL_TZ).year == year
                 and not (today.month == 1 and post.plan_year == year - 1)]
    broken = any(problem.path == plan_file and not problem.is_warning for problem in facts.problems)
    if broken:
        return Result(False, f"Kế hoạch năm {year} ({plan_file}) có lỗi: chạy cchc check {plan_file} và sửa")
    if this_year:
        return Result(False, f"Có {len(this_year)} tin bài năm {year} nhưng chưa có kế hoạch năm {year} ({plan_file}): "
                             f"tạo bằng cchc new-plan {year} rồi điền theo văn bản kế hoạch đã ký")
    return Result(True, f"Kế hoạch năm {year}: chưa có, chưa có tin bài năm {year} "
                        f"(trước khi viết bài năm nay: cchc new-plan {year})")


@item(gate=False)
def content_without_errors(facts: Facts) -> Result:
    errors = sum(1 for problem in set(facts.problems) if not problem.is_warning)
    counted = f"{len(facts.plans)} kế hoạch, {len(facts.posts)} tin bài"
    if not errors:
        return Result(True, f"Nội dung: {counted}, không có lỗi")
    return Result(False, f"Nội dung có {errors} lỗi ({counted} hợp lệ): chạy cchc check để xem từng lỗi và sửa; "
                         "trang không xây dựng được khi còn lỗi")


# --- the staging mark -----------------------------------------------------------------------------


@item()
def staging_mark(facts: Facts) -> Result:
    if facts.staging:
        return Result(True, "Bản thử: mọi trang ghi \"bản thử, không phải trang chính thức\" và có noindex")
    if facts.settings.options.staging:
        return Result(False, f"extra.cchc.staging được đặt là true ({facts.where('extra', 'cchc', 'staging')}): bản chính "
                             "thức sẽ mang dấu bản thử; trả lại dòng `staging: !ENV [CCHC_STAGING, false]` "
                             "(cchc publish --staging tự bật khi cần)")
    return Result(True, "Bản chính thức: không mang dấu bản thử")
