"""The right third of a desktop page was empty on most pages (issue 23, item 2): it now holds what a
citizen may need from any page (the hotline, asking a question, following one, the service portals of
extra.cchc.portals). Shown beside the content at 1280×900, inside the right column; absent from a phone's
first screen, where the footer carries the hotline. Under it, the newest published answers, when there are any."""

from __future__ import annotations

from support.browser import browsing, chromium, serve
from support.citizens import KINDS
from support.project import BuildResult
from support.search_site import ANSWER_TITLE, ANSWER_URL, post_url

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


ANSWERS = """() => {
  const block = document.querySelector('.cchc-side--answers'), help = document.querySelector('.cchc-side');
  const content = document.querySelector('.md-content');
  if (!block) return null;
  const box = block.getBoundingClientRect();
  return { shown: box.width > 0 && box.height > 0 && getComputedStyle(block).visibility !== 'hidden',
           right: box.left >= content.getBoundingClientRect().right - 1, below: box.top >= help.getBoundingClientRect().bottom,
           heading: block.querySelector('h2').textContent.trim(),
           links: [...block.querySelectorAll('a')].map((a) => [a.textContent.trim(), a.href, a.getBoundingClientRect().height]) };
}"""


def test_the_side_column_lists_the_newest_answers_under_the_help(search_site: BuildResult) -> None:
    """A site with a published answer (support/search_site.py): the side column of a post page that has nothing
    to do with it lists it under the help, in the right column, with a link to its page and to every answer."""
    with serve(search_site.out) as base, chromium() as browser, \
            browsing(browser, base, viewport={"width": 1280, "height": 900}) as (context, _):
        page = context.new_page()
        for url in (post_url("name"), "", "gop-y/"):
            page.goto(base + url)
            answers = page.evaluate(ANSWERS)
            assert answers and answers["shown"] and answers["right"] and answers["below"], (url, answers)
            assert answers["heading"] == "Câu trả lời mới"
            assert [text for text, _, _ in answers["links"]] == [ANSWER_TITLE, "Xem mọi câu trả lời"], url
            assert answers["links"][0][1].endswith("/" + ANSWER_URL) and answers["links"][1][1].endswith("/hoi-dap/")
            assert all(height >= 24 for _, _, height in answers["links"]), answers  # WCAG 2.2 target size
        page.goto(base + post_url("name"))
        page.click(".cchc-side--answers a >> nth=0")
        page.wait_for_url("**/" + ANSWER_URL)
