"""RSS 2.0 feeds for the provincial portal (`cchc.outputs.feeds`): `feed_specs` and `render_feed` called
directly on a small content tree, no MkDocs build. Each feed is read twice: by `feedparser` (what a reader
sees) and by `lxml.etree` (well-formedness and the exact elements). The feeds of real builds:
tests/build/test_feeds.py.
"""

from __future__ import annotations

import html
import time
import xml.etree.ElementTree as ET
from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import quote

import feedgen.entry
import feedgen.feed
import feedparser
import lxml.html
import pytest
from support.content_tree import SITE_URL, by_title, site_of, write_tree
from support.oracle import png_bytes
from support.photos import phone_photo

from cchc.outputs.feeds import FeedSpec, absolute_body, feed_specs, render_feed
from cchc.render.images import encode
from cchc.site.linking import Site

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


# =========================================================================== feed_specs and render_feed, directly
#
# The functions the hook calls, on a small content tree read by the real loader: no MkDocs build.
# Expected values are written by hand from the posts below.

SITE_NAME = "Tin CCHC – Sở GD&ĐT <Hưng Yên>"
TRICKY_TITLE = 'Thi "Cải cách" & <đổi mới> của \'Sở\''
TRICKY_UNIT = "Giáo dục & Đào tạo <thử>"
TRICKY_TAG = "a & b <c> \"d\""
TRICKY_SUMMARY = 'Tóm tắt có "ngoặc kép" & ký hiệu <b> và \'nháy đơn\''
JPEG = phone_photo(120, 90, orientation=1)
DIRECT_POSTS = {
    "2022/03/a.md": {"title": TRICKY_TITLE, "date": "2022-03-15 08:30", "task": [5, 2], "unit": TRICKY_UNIT,
                     "tags": [TRICKY_TAG, "Tập huấn"], "summary": TRICKY_SUMMARY, "slug": "thi-cai-cach",
                     "image": "anh-bia.png"},
    "2022/03/b.md": {"title": "Tin có ảnh JPEG", "date": "2022-03-10 08:00", "task": 2, "unit": "Văn phòng", "image": "anh.jpg"},
    "2022/01/c.md": {"title": "Tin tháng một", "date": "2022-01-04 08:30", "task": 1, "unit": "Văn phòng"},
    # 23:30 UTC on 30 June is 06:30 on 1 July in Hưng Yên.
    "2022/06/d.md": {"title": "Giờ UTC sát nửa đêm", "date": "2022-06-30T23:30:00+00:00", "task": 2, "unit": "Văn phòng"},
    # Never in a feed, not even in the preview.
    "2022/03/e.md": {"title": "Bản nháp", "date": "2022-03-20 08:00", "task": 2, "unit": "Văn phòng", "draft": True},
    "2026/03/f.md": {"title": "Bài hẹn giờ", "date": "2026-03-01 08:00", "plan": 2022, "task": [2, 5], "unit": "Văn phòng"},
}
DIRECT_NEWEST_FIRST = ["Giờ UTC sát nửa đêm", TRICKY_TITLE, "Tin có ảnh JPEG", "Tin tháng một"]
TASK_URL = SITE_URL + "ke-hoach/2022/nhiem-vu/{}/"


@pytest.fixture(scope="module")
def direct_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("feeds"), DIRECT_POSTS,
                      files={"2022/03/anh-bia.png": png_bytes(), "2022/03/anh.jpg": JPEG})


@pytest.fixture(scope="module")
def direct_site(direct_root: Path) -> Site:
    return site_of(direct_root)


def specs_by_path(site: Site, limit: int = 50) -> dict[str, FeedSpec]:
    return {spec.path: spec for spec in feed_specs(site, site_name=SITE_NAME, limit=limit)}


def parse(raw: bytes) -> tuple[ET.Element, feedparser.FeedParserDict]:
    """The feed read by the standard library's XML parser (raises when malformed) and by feedparser."""
    tree = ET.fromstring(raw)
    parsed = feedparser.parse(raw)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20" and tree.tag == "rss" and tree.get("version") == "2.0"
    return tree, parsed


def item_titles(tree: ET.Element) -> list[str | None]:
    return [item.findtext("title") for item in tree.findall("channel/item")]


def test_feed_specs_site_feed_is_newest_first_and_limited(direct_site: Site) -> None:
    specs = feed_specs(direct_site, site_name=SITE_NAME, limit=3)
    site_feed = specs[0]
    assert (site_feed.path, site_feed.title, site_feed.page_url) == ("feed.xml", SITE_NAME, "")
    assert site_feed.description == f"Tin mới nhất của {SITE_NAME}"
    assert [p.title for p in site_feed.posts] == DIRECT_NEWEST_FIRST[:3]
    assert [p.title for p in specs_by_path(direct_site)["feed.xml"].posts] == DIRECT_NEWEST_FIRST


def test_feed_specs_one_feed_per_task(direct_site: Site) -> None:
    specs = feed_specs(direct_site, site_name=SITE_NAME, limit=2)
    assert [spec.path for spec in specs] == ["feed.xml", *(f"ke-hoach/2022/nhiem-vu/{i}/feed.xml" for i in range(1, 15))]
    by_path = {spec.path: spec for spec in specs}
    plan = direct_site.plan(2022)
    task_2 = by_path["ke-hoach/2022/nhiem-vu/2/feed.xml"]
    assert (task_2.title, task_2.description, task_2.page_url) == (
        "Nhiệm vụ 2 – Kế hoạch 07/KH-SGDĐT", plan.tasks[1].name, "ke-hoach/2022/nhiem-vu/2/")
    assert [p.title for p in task_2.posts] == ["Giờ UTC sát nửa đêm", TRICKY_TITLE]  # 3 posts, limit 2
    assert [p.title for p in by_path["ke-hoach/2022/nhiem-vu/5/feed.xml"].posts] == [TRICKY_TITLE]
    assert [p.title for p in by_path["ke-hoach/2022/nhiem-vu/1/feed.xml"].posts] == ["Tin tháng một"]
    assert by_path["ke-hoach/2022/nhiem-vu/3/feed.xml"].posts == ()


def test_feed_specs_leave_pending_posts_out_even_in_preview(direct_root: Path, direct_site: Site) -> None:
    preview = site_of(direct_root, preview=True)
    assert {"Bản nháp", "Bài hẹn giờ"} <= {p.title for p in preview.posts}
    shown = {path: [p.title for p in spec.posts] for path, spec in specs_by_path(preview).items()}
    built = {path: [p.title for p in spec.posts] for path, spec in specs_by_path(direct_site).items()}
    assert shown == built
    assert shown["feed.xml"] == DIRECT_NEWEST_FIRST
    # The limit counts published posts only: the scheduled post does not take a place.
    assert [p.title for p in feed_specs(preview, site_name=SITE_NAME, limit=1)[0].posts] == ["Giờ UTC sát nửa đêm"]


def test_render_feed_channel(direct_site: Site) -> None:
    specs = specs_by_path(direct_site)
    tree, parsed = parse(render_feed(specs["feed.xml"], direct_site, site_url=SITE_URL))
    channel = tree.find("channel")
    assert channel is not None
    assert channel.findtext("title") == parsed.feed.title == SITE_NAME
    assert channel.findtext("link") == parsed.feed.link == SITE_URL
    assert channel.findtext("description") == f"Tin mới nhất của {SITE_NAME}"
    assert channel.findtext("language") == "vi"
    assert [(a.get("rel"), a.get("href"), a.get("type")) for a in channel.findall(f"{ATOM}link")] == [
        ("self", SITE_URL + "feed.xml", "application/rss+xml")]
    # The newest post's date, in Hưng Yên time: never the build machine's clock.
    assert channel.findtext("lastBuildDate") == "Fri, 01 Jul 2022 06:30:00 +0700"
    task_tree, task_parsed = parse(render_feed(specs["ke-hoach/2022/nhiem-vu/5/feed.xml"], direct_site, site_url=SITE_URL))
    task_channel = task_tree.find("channel")
    assert task_channel is not None
    assert task_channel.findtext("title") == "Nhiệm vụ 5 – Kế hoạch 07/KH-SGDĐT"
    assert task_channel.findtext("link") == task_parsed.feed.link == TASK_URL.format(5)
    assert task_channel.findtext("description") == direct_site.plan(2022).tasks[4].name
    assert [a.get("href") for a in task_channel.findall(f"{ATOM}link")] == [TASK_URL.format(5) + "feed.xml"]
    assert task_channel.findtext("lastBuildDate") == "Tue, 15 Mar 2022 08:30:00 +0700"


def test_render_feed_items(direct_site: Site) -> None:
    posts = by_title(direct_site)
    tree, parsed = parse(render_feed(specs_by_path(direct_site)["feed.xml"], direct_site, site_url=SITE_URL))
    assert item_titles(tree) == [e.title for e in parsed.entries] == DIRECT_NEWEST_FIRST
    items = tree.findall("channel/item")
    assert [i.findtext("pubDate") for i in items] == [
        "Fri, 01 Jul 2022 06:30:00 +0700", "Tue, 15 Mar 2022 08:30:00 +0700",
        "Thu, 10 Mar 2022 08:00:00 +0700", "Tue, 04 Jan 2022 08:30:00 +0700"]
    for item, entry, title in zip(items, parsed.entries, DIRECT_NEWEST_FIRST, strict=True):
        link = SITE_URL + posts[title].url
        assert item.findtext("link") == entry.link == link
        guid = item.find("guid")
        assert guid is not None and (guid.text, guid.get("isPermaLink")) == (link, "true") and entry.id == link
        assert item.findtext(f"{DC}creator") == entry.author == posts[title].unit
        # The description is the HTML of the plain-text summary (issue 12): readers show the text, never markup.
        assert item.findtext("description") == entry.summary == html.escape(posts[title].summary, quote=False)
    # Without `summary`, the description is the first paragraph.
    assert items[3].findtext("description") == "Nội dung bài viết."


def test_render_feed_categories_are_tasks_then_tags(direct_site: Site) -> None:
    tree, parsed = parse(render_feed(specs_by_path(direct_site)["feed.xml"], direct_site, site_url=SITE_URL))
    item = tree.findall("channel/item")[1]
    assert item.findtext("title") == TRICKY_TITLE
    assert [(c.text, c.get("domain")) for c in item.findall("category")] == [
        ("Nhiệm vụ 5 (Kế hoạch 2022)", TASK_URL.format(5)),
        ("Nhiệm vụ 2 (Kế hoạch 2022)", TASK_URL.format(2)),
        (TRICKY_TAG, SITE_URL + "chu-de/a-b-c-d/"),
        ("Tập huấn", SITE_URL + "chu-de/tap-huan/"),
    ]
    assert [(t.term, t.scheme) for t in parsed.entries[1].tags] == [
        (c.text, c.get("domain")) for c in item.findall("category")]
    assert [c.text for c in tree.findall("channel/item")[0].findall("category")] == ["Nhiệm vụ 2 (Kế hoạch 2022)"]


def test_render_feed_special_characters_survive_as_text(direct_site: Site) -> None:
    raw = render_feed(specs_by_path(direct_site)["feed.xml"], direct_site, site_url=SITE_URL)
    tree, parsed = parse(raw)
    item, entry = tree.findall("channel/item")[1], parsed.entries[1]
    assert item.findtext("title") == entry.title == TRICKY_TITLE
    assert item.findtext(f"{DC}creator") == entry.author == TRICKY_UNIT
    assert item.findtext("description") == entry.summary == html.escape(TRICKY_SUMMARY, quote=False)
    assert html.unescape(entry.summary) == TRICKY_SUMMARY
    assert TRICKY_TAG in [c.text for c in item.findall("category")]
    channel = tree.find("channel")
    assert channel is not None and channel.findtext("title") == parsed.feed.title == SITE_NAME
    assert b"<c>" not in raw and b"<b>" not in raw and b"<\xc4\x91" not in raw  # no raw markup from the content


def test_render_feed_enclosure_is_the_cover_s_largest_published_width(direct_site: Site) -> None:
    """The original is not published (cchc.render.images): the enclosure is its largest published width,
    its length the bytes of that file (these covers are narrow: one width each; a wide one below)."""
    posts = by_title(direct_site)
    tree, parsed = parse(render_feed(specs_by_path(direct_site)["feed.xml"], direct_site, site_url=SITE_URL))
    enclosures = {item.findtext("title"): [e.attrib for e in item.findall("enclosure")] for item in tree.findall("channel/item")}
    png, jpeg = encode(png_bytes()).files[0][2], encode(JPEG).files[0][2]
    assert enclosures == {
        TRICKY_TITLE: [{"url": SITE_URL + "tin-tuc/2022/03/thi-cai-cach/anh-bia-1w.png", "length": str(len(png)),
                        "type": "image/png"}],
        "Tin có ảnh JPEG": [{"url": SITE_URL + posts["Tin có ảnh JPEG"].url + "anh-120w.jpg", "length": str(len(jpeg)),
                             "type": "image/jpeg"}],
        "Giờ UTC sát nửa đêm": [],
        "Tin tháng một": [],
    }
    assert [(e.href, e.type, e.length) for e in parsed.entries[1].enclosures] == [
        (SITE_URL + "tin-tuc/2022/03/thi-cai-cach/anh-bia-1w.png", "image/png", str(len(png)))]


def test_render_feed_site_url_with_or_without_final_slash(direct_site: Site) -> None:
    spec = specs_by_path(direct_site)["ke-hoach/2022/nhiem-vu/2/feed.xml"]
    assert render_feed(spec, direct_site, site_url=SITE_URL.rstrip("/")) == render_feed(spec, direct_site, site_url=SITE_URL)
    tree, _ = parse(render_feed(spec, direct_site, site_url="https://sgddt.hungyen.gov.vn/"))
    assert tree.findtext("channel/link") == "https://sgddt.hungyen.gov.vn/ke-hoach/2022/nhiem-vu/2/"
    assert tree.findtext("channel/item/link") == "https://sgddt.hungyen.gov.vn/tin-tuc/2022/07/gio-utc-sat-nua-dem/"


class _AnyDatetime(type):
    def __instancecheck__(cls, value: object) -> bool:
        return isinstance(value, datetime)  # feedgen checks the dates it is given against its `datetime`


class _LaterClock(datetime, metaclass=_AnyDatetime):
    """feedgen's clock moved to another day and hour (what a build on another day would see)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _LaterClock:
        return cls(2031, 5, 6, 7, 8, 9, tzinfo=tz)


def render_elsewhere(spec: FeedSpec, site: Site, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """render_feed on a machine in New York whose clock says 6 May 2031."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    monkeypatch.setattr(feedgen.feed, "datetime", _LaterClock)
    monkeypatch.setattr(feedgen.entry, "datetime", _LaterClock)
    try:
        return render_feed(spec, site, site_url=SITE_URL)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_render_feed_bytes_depend_on_the_content_only(direct_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    for spec in (specs_by_path(direct_site)["feed.xml"], specs_by_path(direct_site)["ke-hoach/2022/nhiem-vu/2/feed.xml"]):
        first = render_feed(spec, direct_site, site_url=SITE_URL)
        assert render_feed(spec, direct_site, site_url=SITE_URL) == first
        assert render_elsewhere(spec, direct_site, monkeypatch) == first


def test_render_feed_last_build_date_follows_an_update(tmp_path: Path) -> None:
    site = site_of(write_tree(tmp_path, {
        "2022/03/a.md": {"title": "Tin sửa sau", "date": "2022-03-01 08:00", "updated": "2022-05-02 09:15", "task": 2, "unit": "Văn phòng"},
        "2022/04/b.md": {"title": "Tin mới hơn", "date": "2022-04-01 08:00", "task": 2, "unit": "Văn phòng"},
    }))
    tree, _ = parse(render_feed(specs_by_path(site)["feed.xml"], site, site_url=SITE_URL))
    assert tree.findtext("channel/lastBuildDate") == "Mon, 02 May 2022 09:15:00 +0700"
    assert item_titles(tree) == ["Tin mới hơn", "Tin sửa sau"]  # items stay in publication order


def test_render_feed_last_build_date_is_never_before_an_item(tmp_path: Path) -> None:
    site = site_of(write_tree(tmp_path, {
        "2022/03/a.md": {"title": "Tin", "date": "2022-03-15 08:00", "updated": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"},
    }))
    tree, _ = parse(render_feed(specs_by_path(site)["feed.xml"], site, site_url=SITE_URL))
    assert tree.findtext("channel/item/pubDate") == "Tue, 15 Mar 2022 08:00:00 +0700"
    assert tree.findtext("channel/lastBuildDate") == "Tue, 15 Mar 2022 08:00:00 +0700"


def test_render_feed_empty_feed_does_not_depend_on_the_clock(direct_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = specs_by_path(direct_site)["ke-hoach/2022/nhiem-vu/3/feed.xml"]
    assert spec.posts == ()
    first = render_feed(spec, direct_site, site_url=SITE_URL)
    parse(first)
    assert render_elsewhere(spec, direct_site, monkeypatch) == first


def test_render_feed_enclosure_url_is_percent_encoded(tmp_path: Path) -> None:
    site = site_of(write_tree(
        tmp_path, {"2022/03/a.md": {"title": "Tin có ảnh", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng",
                                    "image": "ảnh bìa.png"}},
        files={"2022/03/ảnh bìa.png": png_bytes()}))
    tree, _ = parse(render_feed(specs_by_path(site)["feed.xml"], site, site_url=SITE_URL))
    enclosure = tree.find("channel/item/enclosure")
    assert enclosure is not None
    assert enclosure.get("url") == SITE_URL + "tin-tuc/2022/03/tin-co-anh/" + quote("ảnh bìa-1w.png")


# =========================================================================== the full body, for a portal that republishes

BODY = """Đoạn đầu có [kế hoạch](../../../../ke-hoach/2022/) và [mục dưới](#muc-a).

![Ảnh hội nghị](anh.jpg)

## Mục A

Xem [trang ngoài](https://dichvucong.gov.vn/) hoặc [viết thư](mailto:cchc@sgddt.hungyen.gov.vn); điểm < 5 & "ngoặc".
"""
BODY_POSTS = {"2022/03/body.md": ({"title": "Tin có thân bài", "date": "2022-03-15 08:30", "task": 2, "unit": "Văn phòng",
                                   "slug": "than-bai", "image": "anh.jpg"}, BODY)}


@pytest.fixture(scope="module")
def body_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    # Wide enough to be published in several widths, so the body's picture has a srcset.
    photo = phone_photo(1000, 750, orientation=1)
    return site_of(write_tree(tmp_path_factory.mktemp("body"), BODY_POSTS, files={"2022/03/anh.jpg": photo}))


def test_items_carry_the_full_body_with_absolute_addresses(body_site: Site) -> None:
    """content:encoded: what the post's page shows, every address absolute under site_url, for feedparser as for the portal."""
    page = SITE_URL + "tin-tuc/2022/03/than-bai/"
    for spec in (specs_by_path(body_site)["feed.xml"], specs_by_path(body_site)["ke-hoach/2022/nhiem-vu/2/feed.xml"]):
        tree, parsed = parse(render_feed(spec, body_site, site_url=SITE_URL))
        [entry] = parsed.entries
        [content] = entry.content
        assert content.type == "text/html"
        body = lxml.html.fragment_fromstring(content.value, create_parent="div")
        assert body.xpath("//a/@href") == [SITE_URL + "ke-hoach/2022/", page + "#muc-a", "https://dichvucong.gov.vn/",
                                           "mailto:cchc@sgddt.hungyen.gov.vn"]
        # The published width of the picture, not the original (not published): its name, and every srcset entry, absolute.
        [src] = body.xpath("//img/@src")
        assert src.startswith(page + "anh-") and src.endswith("w.jpg") and body.xpath("//img/@alt") == ["Ảnh hội nghị"]
        assert 'điểm < 5 & "ngoặc"' in body.text_content()
        # The summary stays the plain-text description, the body is its own element.
        item = tree.find("channel/item")
        assert item is not None and item.findtext("description") == "Đoạn đầu có kế hoạch và mục dưới."
        encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        assert encoded is not None and encoded.startswith("<p>Đoạn đầu") and f'src="{src}"' in encoded
        # The cover (1000 px wide, published at 240, 800 and 1000): the largest, with its length.
        enclosure = item.find("enclosure")
        assert enclosure is not None and enclosure.get("url") == page + "anh-1000w.jpg"
        assert enclosure.get("length") == str(len(encode(phone_photo(1000, 750, orientation=1)).files[-1][2]))
        # feedparser drops srcset (its sanitizer keeps older attributes); the feed itself has it, absolute.
        raw = lxml.html.fragment_fromstring(encoded, create_parent="div")
        srcset = [candidate.split()[0] for value in raw.xpath("//img/@srcset") for candidate in value.split(",")]
        assert len(srcset) == 3 and all(address.startswith(page + "anh-") for address in srcset), srcset
        # The page shows a <picture> with WebP copies; the feed the <img> alone, with its JPEG widths.
        [post] = body_site.posts
        assert "<picture><source type=\"image/webp\"" in post.rendered.html
        assert "<picture" not in encoded and "<source" not in encoded and ".webp" not in encoded
        shown = lxml.html.fragment_fromstring(post.rendered.html, create_parent="div")
        assert [image.getparent().tag for image in raw.xpath("//img")] == [picture.getparent().tag for picture in shown.xpath("//picture")]


def test_a_feed_with_bodies_is_still_byte_stable_and_marked_on_staging(body_site: Site) -> None:
    spec = specs_by_path(body_site)["feed.xml"]
    assert render_feed(spec, body_site, site_url=SITE_URL) == render_feed(spec, body_site, site_url=SITE_URL)
    _, parsed = parse(render_feed(spec, body_site, site_url=SITE_URL, staging=True))
    assert parsed.entries[0].content[0].value.startswith("<p>Đoạn đầu")


def test_absolute_body_leaves_out_heading_anchors() -> None:
    """With `toc: permalink` (mkdocs.yml) each heading ends in a "¶" link to the page itself: noise on a portal."""
    body = '<h2 id="a">Mục A<a class="headerlink" href="#a" title="Liên kết tới mục này">¶</a></h2><p>Chữ <a href="x/">x</a></p>'
    assert absolute_body(body, SITE_URL + "p/") == f'<h2 id="a">Mục A</h2><p>Chữ <a href="{SITE_URL}p/x/">x</a></p>'
    assert absolute_body("", SITE_URL) == ""
