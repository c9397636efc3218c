"""WCAG 2.2 AA where it bit citizens (issue 23, item 7), in headless Chromium at 360×740 and 1280×900 on
every kind of page of the bundled site:

- a skip link is the first thing Tab reaches, and it leads into the content (2.4.1);
- every control shows a focus ring when reached by keyboard: Material's reset left the feedback form's
  fields, its checkboxes and the search field without one (2.4.7), measured as Chromium computes it;
- targets are at least 24 × 24 px (2.5.8; topic chips were 22 px, checkboxes 13 px), and on a phone the
  form's controls and primary buttons are 44 px tall, a checkbox's row with its label too;
- nothing fixed floats over the text when a reader scrolls back up (Material's "Lên đầu trang").
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from support.browser import browsing, chromium, serve
from support.citizens import KINDS, POST
from support.project import BuildResult

VIEWPORTS = {"dien-thoai": {"width": 360, "height": 740}, "may-tinh": {"width": 1280, "height": 900}}
PHONE = "dien-thoai"

# The focused element's ring as Chromium draws it, and where it is.
FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return { tag: el.tagName.toLowerCase(), cls: el.className && el.className.baseVal === undefined ? el.className : '',
           href: el.getAttribute('href'), id: el.id, type: el.getAttribute('type'),
           ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, shown: box.width > 0 && box.height > 0 };
}"""
# Every visible control that is not a link inside a sentence, with its size (for 2.5.8).
TARGETS = """() => {
  const visible = (el) => { const b = el.getBoundingClientRect(), s = getComputedStyle(el);
    return b.width > 0 && b.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && !el.closest('.cchc-hp, .md-skip'); };
  return [...document.querySelectorAll('input:not([type=hidden]), button, select, textarea, a.cchc-badge, a.md-button')]
    .filter(visible).map((el) => { const b = el.getBoundingClientRect();
      const row = el.closest('.cchc-form__check'), r = row ? row.getBoundingClientRect() : null;
      return { what: el.outerHTML.slice(0, 90), width: b.width, height: b.height, form: !!el.closest('.cchc-form, .cchc-rating'),
               button: el.matches('button, a.md-button, input[type=submit]'), row: r ? r.height : null, type: el.type || '' }; });
}"""


@pytest.fixture(scope="module")
def browser_and_base(bundled_site: BuildResult) -> Iterator[tuple[str, Browser]]:
    with serve(bundled_site.out) as base, chromium() as browser:
        yield base, browser


@pytest.fixture(scope="module", params=sorted(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser_and_base: tuple[str, Browser]) -> Iterator[tuple[str, str, Page]]:
    base, browser = browser_and_base
    with browsing(browser, base, viewport=VIEWPORTS[request.param]) as (context, _):
        yield request.param, base, context.new_page()


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_first_tab_is_a_skip_link_into_the_content(page: tuple[str, str, Page]) -> None:
    """Every kind on the phone (the link does not depend on the width); a few on the desktop."""
    viewport, base, tab = page
    wrong = {}
    for kind in sorted(KINDS) if viewport == PHONE else ["gop-y", "tin-bai", "trang-chu"]:
        _open(tab, base + KINDS[kind][0])
        tab.keyboard.press("Tab")
        first = tab.evaluate(FOCUSED)
        target = (first["href"] or "").lstrip("#")
        if not ("md-skip" in first["cls"] and first["ring"] and first["shown"] and target
                and tab.locator(f"[id='{target}']").count() == 1):
            wrong[kind] = first
            continue
        tab.keyboard.press("Enter")
        if tab.evaluate(f"() => location.hash === '#{target}' && !!document.getElementById('{target}').closest('.md-content')") is not True:
            wrong[kind] = {**first, "after": tab.evaluate("() => location.hash")}
    assert wrong == {}


def test_every_control_of_the_form_and_the_search_shows_its_focus(page: tuple[str, str, Page]) -> None:
    _, base, tab = page
    seen: dict[str, dict] = {}
    for url in ("gop-y/", "tim-kiem/"):
        _open(tab, base + url)
        for _ in range(60):
            tab.keyboard.press("Tab")
            focused = tab.evaluate(FOCUSED)
            if focused["tag"] in ("input", "textarea", "select", "button"):
                seen[f"{url} {focused['tag']} {focused['type']} {focused['id']}"] = focused
    kinds = {(found["tag"], found["type"]) for found in seen.values()}
    assert {("input", "text"), ("textarea", None), ("input", "checkbox"), ("button", "submit")} <= kinds, sorted(kinds, key=str)
    assert any(name.startswith("tim-kiem/ input") for name in seen), sorted(seen)
    assert [name for name, found in seen.items() if not found["ring"]] == []


@pytest.mark.parametrize("kind", ["gop-y", "tin-bai", "tin-tuc", "tim-kiem", "hoi-dap", "chu-de"])
def test_targets_are_big_enough(page: tuple[str, str, Page], kind: str) -> None:
    viewport, base, tab = page
    _open(tab, base + KINDS[kind][0])
    targets = tab.evaluate(TARGETS)
    assert targets, kind
    small = [t["what"] for t in targets if t["width"] < 24 or t["height"] < 24]
    assert small == [], (kind, small)
    if viewport == PHONE:
        short = [t["what"] for t in targets if (t["form"] and t["type"] not in ("checkbox", "radio") or t["button"]) and t["height"] < 44]
        rows = [t["what"] for t in targets if t["type"] == "checkbox" and t["row"] is not None and t["row"] < 44]
        assert short == [] and rows == [], (kind, short, rows)


def test_nothing_fixed_covers_the_text_when_scrolling_back_up(page: tuple[str, str, Page]) -> None:
    _, base, tab = page
    _open(tab, base + POST)
    tab.mouse.wheel(0, 2500)
    tab.wait_for_timeout(300)
    tab.mouse.wheel(0, -600)  # Material showed its back-to-top button when a reader scrolled up
    tab.wait_for_timeout(600)
    covering = tab.evaluate("""() => {
      const text = document.querySelector('.md-content').getBoundingClientRect();
      return [...document.querySelectorAll('body *')].filter((el) => {
        const s = getComputedStyle(el), b = el.getBoundingClientRect();
        return s.position === 'fixed' && s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0
          && b.width > 0 && b.height > 0 && b.bottom > 0 && b.top < innerHeight && b.left < text.right && b.right > text.left
          && !el.closest('.md-header, .md-skip, [data-md-component=skip]') && b.top > 60;
      }).map((el) => el.outerHTML.slice(0, 120));
    }""")
    assert covering == []
