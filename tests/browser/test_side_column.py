"""The right third of a desktop page was empty on most pages (issue 23, item 2): it now holds what a
citizen may need from any page (the hotline, asking a question, following one, the service portals of
extra.cchc.portals). Shown beside the content at 1280×900, inside the right column; absent from a phone's
first screen, where the footer carries the hotline."""

from __future__ import annotations

from support.browser import browsing, chromium, serve
from support.citizens import KINDS
from support.project import BuildResult

SIDE = """() => {
  const side = document.querySelector('.cchc-side'), content = document.querySelector('.md-content');
  if (!side) return null;
  const box = side.getBoundingClientRect(), text = content.getBoundingClientRect();
  return { shown: box.width > 0 && box.height > 0 && getComputedStyle(side).visibility !== 'hidden',
           right: box.left >= text.right - 1, top: box.top,
           links: [...side.querySelectorAll('a')].map((a) => [a.textContent.trim(), a.getAttribute('href')]) };
}"""


def test_every_desktop_page_has_the_help_column_and_a_phone_does_not_show_it(bundled_site: BuildResult) -> None:
    with serve(bundled_site.out) as base, chromium() as browser:
        with browsing(browser, base, viewport={"width": 1280, "height": 900}) as (context, _):
            page = context.new_page()
            for kind in ("trang-chu", "tin-tuc", "tin-bai", "gop-y", "thu-tuc", "bao-cao"):
                page.goto(base + KINDS[kind][0])
                side = page.evaluate(SIDE)
                assert side and side["shown"] and side["right"] and side["top"] < 900, (kind, side)
                texts = [text for text, _ in side["links"]]
                hrefs = [href for _, href in side["links"]]
                assert texts[0] == "0221 3000 001" and hrefs[0] == "tel:02213000001", (kind, side)
                assert "Gửi câu hỏi, góp ý" in texts and "Tra cứu theo mã tiếp nhận" in texts, (kind, texts)
                assert "https://dichvucong.gov.vn/" in hrefs, (kind, hrefs)
        with browsing(browser, base, viewport={"width": 360, "height": 740}) as (context, _):
            page = context.new_page()
            page.goto(base)
            side = page.evaluate(SIDE)
            assert side is None or not side["shown"] or side["top"] > 740
