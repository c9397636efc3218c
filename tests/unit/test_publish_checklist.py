"""The go-live checklist (src/cchc/publish/checklist.py) in the test process: the address rules, every shipped
agency value caught as a placeholder, the checklist as a list later features extend, a January report on
last year's plan. `cchc preflight` and `cchc publish` refusing on any ✗: tests/build/test_golive.py."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from support import REPO
from support.project import SiteProject
from support.publish import POST

from cchc.adapter.config import load_settings
from cchc.build.pipeline import gather_content
from cchc.cli.common import find_project
from cchc.dates import LOCAL_TZ
from cchc.publish import checklist as golive

# --------------------------------------------------------------------------- the address rules


@pytest.mark.parametrize("url, problem", [
    ("", "chưa đặt địa chỉ trang"),
    ("https://example.gov.vn/cchc/", "còn là địa chỉ mẫu"),
    ("https://www.example.com/", "còn là địa chỉ mẫu"),
    ("https://example.org/cchc/", "còn là địa chỉ mẫu"),
    ("https://cchc.test/", "còn là địa chỉ mẫu"),
    ("http://localhost:8000/cchc/", "của chính máy đang chạy lệnh"),
    ("http://127.0.0.1:8000/cchc/", "của chính máy đang chạy lệnh"),
    ("https://127.0.0.1/cchc/", "của chính máy đang chạy lệnh"),
    ("http://[::1]/cchc/", "của chính máy đang chạy lệnh"),
    ("http://sgddt.hungyen.gov.vn/cchc/", "dùng http, trang công khai phải dùng https"),
    ("http://203.162.10.5/cchc/", "dùng http, trang công khai phải dùng https"),
])
def test_placeholder_addresses(url: str, problem: str) -> None:
    found = golive.site_url_problem(url)
    assert found is not None and problem in found


@pytest.mark.parametrize("url", [
    "https://sgddt.hungyen.gov.vn/cchc/", "https://hungyen.edu.vn/", "https://203.162.10.5/cchc/",
    "http://10.0.0.5/cchc/", "http://192.168.1.20/cchc/", "http://may-chu-thu/cchc/", "http://thu.sgddt.internal/",
])
def test_real_and_intranet_addresses(url: str) -> None:
    assert golive.site_url_problem(url) is None


def test_every_shipped_agency_value_is_a_placeholder() -> None:
    """The shipped mkdocs.yml as MkDocs reads it: every contact detail is caught, not only `sample: true`."""
    settings, _ = load_settings(REPO / "mkdocs.yml")
    assert settings.agency.sample
    assert golive.placeholder_agency_fields(settings.agency) == ["address", "phone", "hotline", "email", "person_in_charge"]
    for key, value in golive.SHIPPED_AGENCY.items():
        assert getattr(settings.agency, key) == value, key


def test_the_shipped_portals_are_caught_and_the_national_one_is_real() -> None:
    """mkdocs.yml ships sample addresses for the province's and the Sở's portals: the go-live check names both."""
    settings, _ = load_settings(REPO / "mkdocs.yml")
    assert [key for key, _ in golive.placeholder_portals(settings)] == ["province", "department"]
    assert settings.options.portals.national == "https://dichvucong.gov.vn/"


@pytest.mark.parametrize("url, problem", [
    (None, "chưa đặt địa chỉ"),
    ("https://cong-so.example.gov.vn/", "còn là địa chỉ mẫu"),
    ("https://cong.test/", "còn là địa chỉ mẫu"),
    ("https://192.168.1.4/", "mạng nội bộ"),
    ("https://may-chu/", "mạng nội bộ"),
])
def test_placeholder_portal_addresses(url: str | None, problem: str) -> None:
    found = golive.portal_problem(url)
    assert found is not None and problem in found


@pytest.mark.parametrize("url", ["https://dichvucong.gov.vn/", "https://hungyen.gov.vn/", "https://sgddt.hungyen.gov.vn/"])
def test_real_portal_addresses(url: str) -> None:
    assert golive.portal_problem(url) is None


def test_the_checklist_is_a_list_later_features_extend(ready: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """A later placeholder (a logo, the feedback channel) is one more function with `@golive.item`."""
    monkeypatch.setattr(golive, "ITEMS", list(golive.ITEMS))

    @golive.item(official_only=True)
    def logo(facts: golive.Facts) -> golive.Result:
        return golive.Result(False, "Biểu trưng còn là ảnh mẫu: thay tệp overrides/assets/logo.svg")

    settings = find_project(ready.root)
    content = gather_content(settings)
    facts = golive.Facts(settings=settings, plans=content.plans, posts=content.posts, problems=content.problems,
                         now=datetime(2026, 1, 1, tzinfo=LOCAL_TZ))
    results = golive.run_checklist(facts)
    assert [result.text for result in golive.failures(results)] == ["Biểu trưng còn là ảnh mẫu: thay tệp overrides/assets/logo.svg"]
    staging = golive.run_checklist(dataclasses.replace(facts, staging=True))
    assert golive.failures(staging) == [] and staging[-1].waived


def test_january_reports_on_last_years_plan_do_not_wait_for_this_years_plan(ready: SiteProject) -> None:
    ready.write_post("2026/01/tong-ket.md", {**POST, "title": "Tổng kết năm 2025", "date": "2026-01-10 08:00", "plan": 2025})
    (ready.root / "plan" / "2025.md").write_text((ready.root / "plan" / "2022.md").read_text(encoding="utf-8")
                                                 .replace("year: 2022", "year: 2025", 1), encoding="utf-8")
    settings = find_project(ready.root)

    def plan_item(now: datetime) -> golive.Result:
        content = gather_content(settings, now=now)
        facts = golive.Facts(settings=settings, plans=content.plans, posts=content.posts, problems=content.problems, now=now)
        return next(result for result in golive.run_checklist(facts) if result.text.startswith(("Kế hoạch năm 2026", "Có ")))

    assert plan_item(datetime(2026, 1, 20, tzinfo=LOCAL_TZ)).ok
    february = plan_item(datetime(2026, 2, 2, tzinfo=LOCAL_TZ))
    assert not february.ok and february.text.startswith("Có 1 tin bài năm 2026 nhưng chưa có kế hoạch năm 2026")
