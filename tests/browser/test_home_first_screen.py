"""The home page on a cheap phone (360×740) and a desktop (1280×900): the first news item starts on the
first screen (it was at 990 px, under the shortcuts and a big light title), the plan's fourteen tasks are
folded instead of filling 2,300 px, and titles are dark and bold (issue 23, item 2)."""

from __future__ import annotations

import pytest
from support.browser import browsing, chromium, serve
from support.project import BuildResult

SCREENS = {"dien-thoai": (360, 740), "may-tinh": (1280, 900)}
SURVEY = """() => {
  const first = document.querySelector('section[aria-labelledby=tin-moi] .cchc-post-item');
  const fold = document.querySelector('.cchc-task-fold'), h1 = getComputedStyle(document.querySelector('.md-typeset h1'));
  const banner = document.querySelector('.md-banner');
  return { banner: banner ? banner.getBoundingClientRect().height : 0,
           firstTitle: first.querySelector('a').getBoundingClientRect().bottom,
           folded: !!fold && !fold.open, foldHeight: fold ? fold.getBoundingClientRect().height : null,
           tasks: document.querySelectorAll('.cchc-task-fold li').length, weight: parseInt(h1.fontWeight), color: h1.color,
           scrollWidth: document.documentElement.scrollWidth };
}"""


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_first_news_item_is_on_the_first_screen(bundled_site: BuildResult, screen: str) -> None:
    width, height = SCREENS[screen]
    viewport = {"width": width, "height": height}
    with serve(bundled_site.out) as base, chromium() as browser, browsing(browser, base, viewport=viewport) as (context, _):
        page = context.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(SURVEY)
        # Its title wholly on the first screen; the bundled site is a staging build (the sample address), whose
        # banner above the header the published site does not have.
        assert found["firstTitle"] - found["banner"] <= height, found
        assert found["folded"] and found["tasks"] == 14 and found["foldHeight"] < 80, found
        assert found["weight"] >= 700 and found["color"] == "rgba(0, 0, 0, 0.87)", found  # Material's text colour, not its grey
        assert found["scrollWidth"] <= width, found
        page.click(".cchc-task-fold summary")
        assert page.evaluate("() => document.querySelector('.cchc-task-fold').open") is True
