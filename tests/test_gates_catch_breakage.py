"""Each quality gate fails on a page broken on purpose: the gates are not vacuous."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.browser import browsing, chromium, serve
from support.gates import authored_text, english_strings, link_problems, vnu
from support.project import BuildResult

SITE_URL = "https://example.gov.vn/cchc/"
POST = "tin-tuc/2022/03/so-gddt-tap-huan-nghiep-vu-cai-cach-hanh-chinh-nam-2022/index.html"


@pytest.fixture
def broken_copy(bundled_site: BuildResult, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(bundled_site.out, copy)
    return copy


def insert(site: Path, page: str, before: str, markup: str) -> None:
    path = site / page
    html = path.read_text(encoding="utf-8")
    assert before in html
    path.write_text(html.replace(before, markup + before, 1), encoding="utf-8")


def test_an_english_string_is_caught(broken_copy: Path) -> None:
    assert english_strings(broken_copy) == set()
    insert(broken_copy, POST, "</article>", "<p>Back to top</p>")
    assert english_strings(broken_copy) == {(POST.removesuffix("index.html"), "Back to top")}


def test_an_external_font_is_caught_by_the_link_gate_and_in_the_browser(broken_copy: Path) -> None:
    font = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    insert(broken_copy, POST, "</head>", font)
    problems, _ = link_problems(broken_copy, SITE_URL, authored_text())
    assert [p for p in problems if "fonts.googleapis.com" in p] == [
        f"{POST.removesuffix('index.html')}: <link href='https://fonts.googleapis.com/css?family=Roboto'>: third-party URL"]
    with serve(broken_copy) as base, chromium() as browser, browsing(browser, base) as (context, traffic):
        context.new_page().goto(base + POST.removesuffix("index.html"))
    assert traffic.foreign == ["https://fonts.googleapis.com/css?family=Roboto"]


def test_a_broken_link_is_caught(broken_copy: Path) -> None:
    insert(broken_copy, POST, "</article>", '<a href="../../khong-co-bai-nay/">Bài không có</a>')
    problems, _ = link_problems(broken_copy, SITE_URL, authored_text())
    assert len(problems) == 1 and "target 'tin-tuc/2022/khong-co-bai-nay/' does not exist" in problems[0]


def test_an_invalid_element_is_caught(broken_copy: Path) -> None:
    insert(broken_copy, POST, "</article>", "<p><div>khối trong đoạn văn</div></p><blink>nhấp nháy</blink>")
    errors, _ = vnu([broken_copy / POST])
    assert any("blink" in error for error in errors)
    assert any("No “p” element in scope" in error or "“p”" in error for error in errors)
