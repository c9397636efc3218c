"""Citizens: a TTHC explainer of the bundled site in headless Chromium, on a phone and printed on A4 without
the site's chrome. The explainers, procedures list, metadata, footer and sitemaps of real builds:
tests/build/test_citizens.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import REPO
from support.browser import browsing, chromium, serve
from support.project import BuildResult

ARTIFACTS = REPO / "test-artifacts"
EXPLAINER = "tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/"


@pytest.fixture(scope="module")
def explainer_browser(bundled_site: BuildResult):
    with serve(bundled_site.out) as base, chromium() as browser:
        yield base, browser


def test_explainer_on_a_phone(explainer_browser) -> None:
    base, browser = explainer_browser
    with browsing(browser, base, viewport={"width": 360, "height": 640}, device_scale_factor=2) as (context, traffic):
        page = context.new_page()
        page.goto(base + EXPLAINER)
        page.evaluate("document.fonts.ready")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "thu-tuc-dien-thoai.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        button = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
        box = button.bounding_box()
    assert width <= 360
    assert box is not None and box["y"] < 1600  # the call to action is near the top, not below the fold of 3 screens
    assert traffic.foreign == []


def test_explainer_prints_on_a4_without_site_chrome(explainer_browser, tmp_path: Path) -> None:
    base, browser = explainer_browser
    with browsing(browser, base) as (context, _):
        page = context.new_page()
        page.goto(base + EXPLAINER)
        page.evaluate("document.fonts.ready")
        pdf = tmp_path / "thu-tuc.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "thu-tuc-in.pdf").write_bytes(pdf.read_bytes())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in size
    flat = " ".join(text.split())
    assert "Hướng dẫn thủ tục chỉnh sửa nội dung văn bằng, chứng chỉ" in flat
    assert "Nộp hồ sơ trực tuyến (http://dichvucong.hungyen.gov.vn)" in flat
    for chrome in ("Tìm bài viết", "Trang chủ Tin tức", "Chịu trách nhiệm nội dung", "Mục lục", "Bài sau"):
        assert chrome not in flat, chrome
