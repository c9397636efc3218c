"""What citizens see of the bundled site, read from the built pages: the home page's shortcuts, the RSS links
that lead to the feeds page, the 404 page and the report's method, and every page kind the checks in
Chromium visit (tests/browser/test_citizens_browser.py) exists."""

from __future__ import annotations

import re

import lxml.html
from support.citizens import EXPLAINER, KINDS, POST, TASK
from support.project import BuildResult


def test_home_leads_to_what_citizens_come_for_in_one_tap(bundled_site: BuildResult) -> None:
    home = lxml.html.fromstring(bundled_site.page(""))
    shortcuts = home.xpath('//nav[@class="cchc-shortcuts"]//a')
    assert [(" ".join(a.xpath("string(strong)").split()), a.get("href")) for a in shortcuts] == [
        ("Thủ tục hành chính", "thu-tuc-hanh-chinh/"), ("Góp ý – Hỏi đáp", "hoi-dap/"),
        ("Kế hoạch 07/KH-SGDĐT", "ke-hoach/2022/"), ("Tin tức", "tin-tuc/")]
    explainer = lxml.html.fromstring(bundled_site.page(EXPLAINER))
    assert explainer.xpath('//nav[@class="cchc-procedure__more"]/a/@href') == ["../../../../thu-tuc-hanh-chinh/", "../../../../gop-y/"]


def test_every_visible_rss_link_leads_to_the_feeds_page(bundled_site: BuildResult) -> None:
    for url in ("", "tin-tuc/", TASK, POST):
        doc = lxml.html.fromstring(bundled_site.page(url))
        rss = [a.get("href") for a in doc.xpath("//body//a[contains(., 'RSS')]")]
        assert rss and all("theo-doi/" in href and "feed.xml" not in href for href in rss), (url, rss)
        assert doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")  # feed readers still find them
    task = lxml.html.fromstring(bundled_site.page(TASK))
    assert task.xpath("//a[contains(., 'Theo dõi nhiệm vụ này')]/@href") == ["../../../../theo-doi/#kenh-ke-hoach-2022-nhiem-vu-8-feed-xml"]


def test_small_things_citizens_see(bundled_site: BuildResult) -> None:
    not_found = lxml.html.fromstring((bundled_site.out / "404.html").read_text(encoding="utf-8"))
    assert "không tìm thấy" in not_found.findtext(".//title").lower()
    report = lxml.html.fromstring(bundled_site.page("ke-hoach/2022/bao-cao/"))
    method = " ".join(report.xpath("string(//section[@aria-labelledby='cach-tinh'])").split())
    assert "Cách tính" in method and not re.search(r"\bplan\s*:", method)


def page_kind_urls() -> list[str]:
    return [url for url, _ in KINDS.values()]


def test_every_page_kind_is_in_the_site(bundled_site: BuildResult) -> None:
    """The table above names real pages (a renamed page would make the browser checks pass on a 404)."""
    for url in page_kind_urls():
        path = url.split("?")[0]
        assert (bundled_site.out / path / ("index.html" if path.endswith("/") or not path else "")).is_file(), url


def test_without_answers_the_side_column_has_no_answers_block(bundled_site: BuildResult) -> None:
    """The bundled site has no published answer: no "Câu trả lời mới" heading over an empty list, on any page."""
    for path in bundled_site.out.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        assert "cchc-side-answers" not in text and "Câu trả lời mới" not in text, path
    assert "cchc-side" in bundled_site.page("")  # the help column itself is there
