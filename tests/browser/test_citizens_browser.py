"""Citizens in headless Chromium, at 1280×800 and 360×640 under the sub-path: the current section marked
in the tabs and the phone menu on every page kind, nothing to scroll sideways on a phone, the agency in the
header, the weight of a post page's first load, the feeds page, screenshots of the main pages.

One browser for the module, one served copy of the bundled site; each viewport's pages are visited once
and every check of a page is made on that visit. Screenshots go to test-artifacts/nguoi-dan/.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from playwright.sync_api import Browser
from support import REPO
from support.browser import SUB_PATH, browsing, chromium, serve
from support.citizens import KINDS, PLAN_TAB, POST, TASK
from support.project import BuildResult

ARTIFACTS = REPO / "test-artifacts" / "nguoi-dan"
SHOTS = {"trang-chu", "huong-dan-thu-tuc", "ke-hoach", "bao-cao", "tim-kiem"}
VIEWPORTS = {"may-tinh": {"width": 1280, "height": 800}, "dien-thoai": {"width": 360, "height": 640}}
BUDGET = 120_000  # bytes of a post page's first load, gzip: HTML, CSS, JS and fonts (not content images)

# The page's state in one evaluation: tabs, phone menu, widths, table text, the header's names.
SURVEY = """() => {
  const visible = (el) => !!el && el.getBoundingClientRect().width > 1 && getComputedStyle(el).visibility !== 'hidden';
  const texts = (sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent.replace(/\\s+/g, ' ').trim());
  const right = Math.max(0, ...[...document.querySelectorAll('.md-main *')].map((el) => el.getBoundingClientRect().right));
  const cells = [...document.querySelectorAll('.md-content td, .md-content th')];
  const name = [...document.querySelectorAll('.cchc-brand__name')].find(visible);
  return {
    tabs: texts('.md-tabs__item--active'),
    menu: texts('.md-nav--primary > .md-nav__list > .md-nav__item--active > .md-nav__link'),
    menuCurrent: texts('.md-nav--primary [aria-current]'),
    sidebarShown: visible(document.querySelector('.md-sidebar--primary')),
    scrollWidth: document.documentElement.scrollWidth,
    right,
    smallestCell: Math.min(999, ...cells.map((el) => parseFloat(getComputedStyle(el).fontSize))),
    brand: name ? { text: name.textContent.trim(), cut: name.scrollWidth > name.clientWidth + 1 } : null,
    section: (() => { const el = document.querySelector('.cchc-brand__section'); return visible(el) ? el.textContent.trim() : null; })(),
    logo: (() => { const img = document.querySelector('.cchc-brand img'); return img ? img.complete && img.naturalWidth > 0 : false; })(),
  };
}"""


@pytest.fixture(scope="module")
def served(bundled_site: BuildResult) -> Iterator[tuple[str, Browser]]:
    with serve(bundled_site.out) as base, chromium() as browser:
        yield base, browser


@pytest.fixture(scope="module")
def surveys(served: tuple[str, Browser]) -> dict[str, dict[str, dict]]:
    """Every page kind visited once in each viewport: what SURVEY found, screenshots of the main pages."""
    return {viewport: _survey(*served, viewport) for viewport in VIEWPORTS}


def _survey(base: str, browser: Browser, viewport: str) -> dict[str, dict]:
    folder = ARTIFACTS / viewport
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, dict] = {}
    with browsing(browser, base, viewport=VIEWPORTS[viewport]) as (context, traffic):
        page = context.new_page()
        for kind, (url, _) in KINDS.items():
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready")
            found[kind] = page.evaluate(SURVEY)
            if kind in SHOTS:
                page.screenshot(path=str(folder / f"{kind}.png"), full_page=True)
        if viewport == "dien-thoai":  # the phone menu, opened on a task page
            page.goto(base + TASK)
            page.click("label.md-header__button[for=__drawer]")
            page.wait_for_timeout(400)
            found["menu-open"] = {"current": page.evaluate(
                "() => { const a = document.querySelector('.md-nav--primary [aria-current]');"
                " const r = a && a.getBoundingClientRect();"
                " return a && r.width > 0 && r.right <= innerWidth ? a.textContent.trim() : null; }")}
            page.screenshot(path=str(folder / "menu.png"))
    assert traffic.foreign == []
    return found


def test_the_current_section_is_marked_on_every_page_kind(surveys: dict[str, dict[str, dict]]) -> None:
    for viewport, found in surveys.items():
        _marked_sections(viewport, found)


def _marked_sections(viewport: str, found: dict[str, dict]) -> None:
    for kind, (_, tab) in KINDS.items():
        state = found[kind]
        expected = [tab] if tab else []
        assert state["tabs"] == expected, (viewport, kind, state["tabs"])
        assert state["menu"] == expected, (viewport, kind, state["menu"])
        assert not state["sidebarShown"] or viewport == "dien-thoai", (kind, "a sidebar with a single link")
        if tab and kind not in ("trang-chu", "thu-tuc", "tin-tuc", "cac-ke-hoach", "cac-don-vi", "cac-chu-de", "hoi-dap"):
            assert state["menuCurrent"] == [tab], (kind, state["menuCurrent"])  # said to screen readers too
    if viewport == "dien-thoai":
        assert found["menu-open"]["current"] == PLAN_TAB


def test_no_page_needs_sideways_scrolling_on_a_phone(surveys: dict[str, dict[str, dict]]) -> None:
    found = surveys["dien-thoai"]
    wide = {kind: (state["scrollWidth"], round(state["right"])) for kind, state in found.items() if kind in KINDS
            and (state["scrollWidth"] > 360 or state["right"] > 360.5)}
    assert wide == {}
    # Tables become cards whose text keeps the body's size.
    for kind in ("ke-hoach", "bao-cao", "huong-dan-thu-tuc"):
        assert found[kind]["smallestCell"] >= 16, (kind, found[kind]["smallestCell"])


def test_the_header_shows_the_agency_whole(surveys: dict[str, dict[str, dict]]) -> None:
    for viewport, found in surveys.items():
        for kind in KINDS:
            state = found[kind]
            assert state["logo"], kind
            assert state["brand"] is not None and not state["brand"]["cut"], (viewport, kind, state["brand"])
            assert state["section"] == "Chuyên mục Cải cách hành chính"
        name = found["trang-chu"]["brand"]["text"]
        assert name == ("Sở Giáo dục và Đào tạo Hưng Yên" if viewport == "may-tinh" else "Sở GDĐT Hưng Yên")


def test_a_post_page_first_load_stays_under_120_kb(served: tuple[str, Browser], bundled_site: BuildResult) -> None:
    """HTML, CSS, JS and fonts of a first visit (nothing cached), each as nginx sends it (gzip, level 6, for
    text; fonts and images as they are); content images are not counted."""
    base, browser = served
    with browsing(browser, base, viewport=VIEWPORTS["dien-thoai"]) as (context, traffic):
        page = context.new_page()
        page.goto(base + POST)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        faces = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => `${f.weight} ${f.style}`)")
    sizes: dict[str, int] = {}
    for url in traffic.bodies:
        path = unquote(urlsplit(url).path).removeprefix(SUB_PATH)
        file = bundled_site.out / path
        if file.is_dir():
            file = file / "index.html"
        if path.startswith("tin-tuc/") and file.suffix in (".png", ".jpg", ".jpeg", ".webp"):
            continue  # a content image
        data = file.read_bytes()
        sizes[path or "index.html"] = len(data) if file.suffix in (".woff2", ".png", ".jpg") else len(gzip.compress(data, 6, mtime=0))
    total = sum(sizes.values())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "trong-luong-tin-bai.json").write_text(json.dumps(
        {"page": POST, "budget": BUDGET, "total": total, "files": dict(sorted(sizes.items(), key=lambda item: -item[1]))},
        ensure_ascii=False, indent=2), encoding="utf-8")
    assert total <= BUDGET, sizes
    assert sorted(faces) == ["400 normal", "700 normal"]  # one face per weight: every letter and tone in it
    assert "font-display: swap" in (REPO / "overrides" / "assets" / "stylesheets" / "fonts.css").read_text(encoding="utf-8")


def test_the_feeds_page_explains_rss_and_lists_every_feed(served: tuple[str, Browser], bundled_site: BuildResult) -> None:
    base, browser = served
    doc = lxml.html.fromstring(bundled_site.page("theo-doi/"))
    addresses = doc.xpath("//input[@readonly]/@value")
    assert addresses[:2] == ["https://example.gov.vn/cchc/feed.xml", "https://example.gov.vn/cchc/hoi-dap/feed.xml"]
    assert len(addresses) == 16  # the site, the answers (Hỏi đáp), the 14 tasks
    assert "https://example.gov.vn/cchc/ke-hoach/2022/nhiem-vu/8/feed.xml" in addresses
    assert doc.xpath("//li[@id='kenh-ke-hoach-2022-nhiem-vu-8-feed-xml']//input/@value") == [
        "https://example.gov.vn/cchc/ke-hoach/2022/nhiem-vu/8/feed.xml"]
    # No link opens a feed (a browser shows XML code): each address is there to copy, and says what it is for.
    assert not [href for href in doc.xpath("//body//a/@href") if href.endswith(".xml")]
    assert doc.xpath("//input[@readonly]/@aria-describedby") == ["dia-chi-de-chep"] * 16
    assert all((bundled_site.out / address.removeprefix("https://example.gov.vn/cchc/")).is_file() for address in addresses)
    assert "RSS là cách nhận tin mới" in doc.text_content()
    # Without JavaScript: no dead button, the address is there to select.
    with browsing(browser, base, java_script_enabled=False) as (context, _):
        page = context.new_page()
        page.goto(base + "theo-doi/")
        assert page.locator("button[data-copy]:visible").count() == 0
        assert page.input_value("#kenh-feed-xml-dia-chi") == "https://example.gov.vn/cchc/feed.xml"
    # With it: the button copies the address and says so.
    for viewport in VIEWPORTS.values():
        with browsing(browser, base, viewport=viewport, permissions=["clipboard-read", "clipboard-write"]) as (context, traffic):
            page = context.new_page()
            page.goto(base + "theo-doi/#kenh-ke-hoach-2022-nhiem-vu-8-feed-xml")
            entry = page.locator("#kenh-ke-hoach-2022-nhiem-vu-8-feed-xml")
            entry.get_by_role("button", name="Sao chép").click()
            expect_text = "Đã sao chép địa chỉ."
            page.wait_for_function("t => document.querySelector('#kenh-ke-hoach-2022-nhiem-vu-8-feed-xml [role=status]').textContent === t",
                                   arg=expect_text)
            assert page.evaluate("navigator.clipboard.readText()") == "https://example.gov.vn/cchc/ke-hoach/2022/nhiem-vu/8/feed.xml"
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert traffic.foreign == []
