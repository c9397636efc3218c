"""A post page says where it sits and what to read next (issue 23, item 2): a breadcrumb (home, section,
year, month; an explainer: home, procedures) whose links lead to real pages, and "Tin liên quan" with the
posts Site.related picks (tests/unit/test_site_linking.py), linked to their pages."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
from support.citizens import EXPLAINER, POST
from support.project import BuildResult

BASE = "https://sgddt.hungyen.gov.vn/cchc/"


def _page(site: BuildResult, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(site.page(url))


def _target(page_url: str, href: str) -> str:
    """A link's page, as a site URL ("" is the home page)."""
    return urljoin(BASE + page_url, href).removeprefix(BASE)


def test_a_post_has_a_breadcrumb_of_real_pages_and_related_posts(bundled_site: BuildResult) -> None:
    page = _page(bundled_site, POST)
    trail = page.xpath('//nav[@class="cchc-trail"]//a')
    assert [a.text for a in trail] == ["Trang chủ", "Tin tức", "Năm 2022", "Tháng 3"]
    targets = [_target(POST, a.get("href")) for a in trail]
    assert targets == ["", "tin-tuc/", "tin-tuc/2022/", "tin-tuc/2022/03/"]
    assert all((bundled_site.out / target / "index.html").is_file() for target in targets)
    related = page.xpath('//aside[@class="cchc-related"]//a')
    assert 1 <= len(related) <= 4
    for link in related:
        target = _target(POST, link.get("href"))
        assert target != POST and _page(bundled_site, target).xpath("string(//h1)").strip() == link.text


def test_an_explainer_sits_under_the_procedures(bundled_site: BuildResult) -> None:
    trail = _page(bundled_site, EXPLAINER).xpath('//nav[@class="cchc-trail"]//a')
    expected = [("Trang chủ", ""), ("Thủ tục hành chính", "thu-tuc-hanh-chinh/")]
    assert [(a.text, _target(EXPLAINER, a.get("href"))) for a in trail] == expected
