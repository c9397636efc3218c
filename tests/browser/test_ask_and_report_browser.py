"""Issue 23 on a 360×740 phone, in headless Chromium on the bundled site: hoi-dap/ starts with how to ask
(the form's button on the first screen, then the answers); the public report page shows figures, never a
staff command or a link to the Word drafts, and its chart's labels are drawn at 12 px or more."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from support.browser import COLLECT_VIOLATIONS, browsing, chromium, serve
from support.project import BuildResult

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def served(bundled_site: BuildResult) -> Iterator[tuple[str, Browser]]:
    with serve(bundled_site.out) as base, chromium() as browser:
        yield base, browser


@pytest.fixture
def phone(served: tuple[str, Browser]) -> Iterator[tuple[str, Page]]:
    base, browser = served
    with browsing(browser, base, viewport=PHONE) as (context, traffic):
        context.add_init_script(COLLECT_VIOLATIONS)
        page = context.new_page()
        yield base, page
        assert page.evaluate("window.__cspViolations") == [] and traffic.foreign == []


def test_the_answers_page_starts_with_the_button_to_the_form(phone: tuple[str, Page]) -> None:
    base, page = phone
    page.goto(base + "hoi-dap/")
    button = page.get_by_role("link", name="Gửi câu hỏi, góp ý")
    box = button.bounding_box()
    assert box is not None and button.is_visible()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]  # on the first screen, no scrolling
    assert box["height"] >= 24 and box["width"] >= 24  # a button a thumb can press
    lookup = page.get_by_role("link", name="Tra cứu theo mã tiếp nhận")
    assert lookup.is_visible()
    # Before the answers: the button comes first in the page's order.
    first_answer = page.locator(".cchc-answer-list, #theo-linh-vuc, .md-content p").last
    assert button.evaluate("(el, other) => !!(el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING)",
                           first_answer.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    button.click()
    page.wait_for_url("**/gop-y/")
    assert page.locator("#gop-y-form").count() == 1
    lookup_page = base + "hoi-dap/tra-cuu/"
    page.goto(base + "hoi-dap/")
    page.get_by_role("link", name="Tra cứu theo mã tiếp nhận").click()
    page.wait_for_url(lookup_page)
    assert page.locator("input[name=ma]").is_visible()


def test_the_report_page_shows_figures_without_staff_commands_and_a_readable_chart(phone: tuple[str, Page]) -> None:
    base, page = phone
    page.goto(base + "ke-hoach/2022/bao-cao/")
    text = page.inner_text("article")
    assert "cchc gop-y" not in text and "cchc report" not in text and "so-lieu.yml" not in text
    assert page.locator("article code").count() == 0
    assert page.locator("a[href$='.docx']").count() == 0 and "tệp Word" not in text
    assert page.locator("a[href$='bao-cao.csv']").count() == 1  # the figures, as CSV, are for everyone
    chart = page.locator("svg.cchc-chart")
    chart.scroll_into_view_if_needed()
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.cchc-chart text')].map((text) =>
        text.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize))""")
    months = page.locator("#theo-thang ~ details tbody tr, #theo-thang + figure + details tbody tr").count()
    assert months >= 12 and len(sizes) == 2 * months  # a label and a count for each month of the data table
    assert min(sizes) >= 12, sizes
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
