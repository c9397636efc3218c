"""RSS 2.0 feeds for the provincial portal: the site feed and one feed per task.

Each feed is read twice: by `feedparser` (what a reader sees) and by `lxml.etree` (well-formedness and
the exact elements). Expectations come from the content files, read here with PyYAML.

The last section calls `feed_specs` and `render_feed` directly on a small content tree (no MkDocs build).
"""

from __future__ import annotations

import html
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote

import feedgen.entry
import feedgen.feed
import feedparser
import lxml.etree
import pytest
from conftest import REPO, SAMPLE_SITE_URL, BuildResult, SiteProject
from content_tree import SITE_URL, by_title, site_of, write_tree
from oracle import NOW, SourcePost, load_source_posts, newest_first, png_bytes

from cchc.outputs.feeds import FeedSpec, feed_specs, render_feed
from cchc.site.linking import Site

BUNDLED_SITE_URL = SAMPLE_SITE_URL  # conftest.bundled_site builds with it
PROJECT_SITE_URL = SAMPLE_SITE_URL
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} \+0700$")


# --------------------------------------------------------------------------- content, read independently


BUNDLED = load_source_posts(REPO / "content" / "posts")
PUBLISHED = [p for p in BUNDLED if p.published()]
BY_URL = {p.url: p for p in BUNDLED}


# --------------------------------------------------------------------------- feed reading


@dataclass
class Feed:
    raw: bytes
    parsed: feedparser.FeedParserDict
    tree: lxml.etree._Element

    @property
    def items(self) -> list[lxml.etree._Element]:
        return self.tree.findall("channel/item")

    def links(self) -> list[str]:
        return [item.findtext("link") for item in self.items]


def read_feed(path: Path) -> Feed:
    assert path.is_file(), f"no feed at {path}"
    raw = path.read_bytes()
    tree = lxml.etree.fromstring(raw)  # raises on malformed XML
    parsed = feedparser.parse(raw)
    assert parsed.bozo == 0, f"{path}: feedparser: {parsed.get('bozo_exception')}"
    assert parsed.version == "rss20"
    assert tree.tag == "rss" and tree.get("version") == "2.0"
    return Feed(raw, parsed, tree)


def page_exists(out: Path, site_url: str, link: str) -> bool:
    assert link.startswith(site_url), f"{link} is not under {site_url}"
    rel = link[len(site_url):]
    return (out / rel / "index.html").is_file() if rel == "" or rel.endswith("/") else (out / rel).is_file()


def check_feed(feed: Feed, *, out: Path, site_url: str, path: str, page: str, expected: list[SourcePost]) -> None:
    """Every rule of docs/feeds.md for one feed whose items must be `expected`, newest first."""
    channel = feed.tree.find("channel")
    assert channel.findtext("title") and channel.findtext("description")
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link") == site_url + page == feed.parsed.feed.link
    self_links = [link.get("href") for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_links == [site_url + path]
    # Items: exactly the expected posts, newest first.
    assert feed.links() == [site_url + p.url for p in expected]
    assert [e.link for e in feed.parsed.entries] == feed.links()
    dates = []
    for item, entry, post in zip(feed.items, feed.parsed.entries, expected, strict=True):
        link = item.findtext("link")
        assert page_exists(out, site_url, link), f"{link} is not a built page"
        guid = item.find("guid")
        assert guid.text == link and guid.get("isPermaLink") == "true"
        assert entry.id == link
        assert item.findtext("title") == entry.title == post.title
        pub = item.findtext("pubDate")
        assert RFC822.match(pub), f"pubDate {pub!r} is not RFC 822 with +0700"
        assert parsedate_to_datetime(pub) == post.when
        dates.append(parsedate_to_datetime(pub))
        terms = [c.text for c in item.findall("category")]
        assert [t.term for t in entry.tags] == terms
        for task_id in post.tasks:
            assert f"Nhiệm vụ {task_id} (Kế hoạch {post.plan})" in terms
        for tag in post.tags:
            assert tag in terms
        assert item.findtext(f"{DC}creator") == entry.author == post.unit
        if post.summary is not None:
            assert item.findtext("description") == entry.summary == html.escape(post.summary, quote=False)
        enclosures = item.findall("enclosure")
        if post.image is None:
            assert enclosures == []
        else:
            assert len(enclosures) == 1
            enclosure = enclosures[0]
            assert enclosure.get("url") == site_url + post.url + post.image.name
            assert page_exists(out, site_url, enclosure.get("url"))
            assert enclosure.get("length") == str(post.image.stat().st_size)
            assert enclosure.get("type") == "image/png"
    assert dates == sorted(dates, reverse=True)
    build_date = channel.findtext("lastBuildDate")
    if expected:
        assert RFC822.match(build_date)
        assert parsedate_to_datetime(build_date) == max(dates), "lastBuildDate is not the newest item's date"
        assert parsedate_to_datetime(build_date) != NOW


# =========================================================================== bundled feeds


def test_site_feed_carries_every_published_post(bundled_site: BuildResult) -> None:
    feed = read_feed(bundled_site.out / "feed.xml")
    expected = newest_first(PUBLISHED)
    assert len(expected) >= 20  # the bundled samples: at least 20 published posts
    check_feed(feed, out=bundled_site.out, site_url=BUNDLED_SITE_URL, path="feed.xml", page="", expected=expected)


@pytest.mark.parametrize("task_id", range(1, 15))
def test_task_feed_carries_the_posts_of_its_task(bundled_site: BuildResult, task_id: int) -> None:
    path = f"ke-hoach/2022/nhiem-vu/{task_id}/feed.xml"
    feed = read_feed(bundled_site.out / path)
    expected = newest_first([p for p in PUBLISHED if p.plan == 2022 and task_id in p.tasks])
    check_feed(feed, out=bundled_site.out, site_url=BUNDLED_SITE_URL, path=path,
               page=f"ke-hoach/2022/nhiem-vu/{task_id}/", expected=expected)


def test_cover_image_is_an_enclosure(bundled_site: BuildResult) -> None:
    with_image = [p for p in PUBLISHED if p.image]
    assert len(with_image) == 1
    post = with_image[0]
    assert post.image is not None
    feed = read_feed(bundled_site.out / "feed.xml")
    [item] = [i for i in feed.items if i.findtext("link") == BUNDLED_SITE_URL + post.url]
    enclosure = item.find("enclosure")
    assert enclosure is not None
    assert enclosure.get("url") == f"{BUNDLED_SITE_URL}{post.url}{post.image.name}"
    assert int(enclosure.get("length")) == post.image.stat().st_size > 0
    assert enclosure.get("type") == "image/png"
    assert (bundled_site.out / post.url / post.image.name).read_bytes() == post.image.read_bytes()
    [entry] = [e for e in feed.parsed.entries if e.link == BUNDLED_SITE_URL + post.url]
    assert [(e.href, e.type) for e in entry.enclosures] == [(enclosure.get("url"), "image/png")]


def test_bundled_scheduled_post_is_not_in_the_feed(bundled_site: BuildResult) -> None:
    scheduled = [p for p in BUNDLED if not p.draft and p.when > NOW]
    assert [p.when.year for p in scheduled] == [2027]
    drafts = [p for p in BUNDLED if p.draft]
    assert drafts
    raw = (bundled_site.out / "feed.xml").read_text(encoding="utf-8")
    for post in [*scheduled, *drafts]:
        assert post.url not in raw
        assert post.title not in raw
        assert not (bundled_site.out / post.url).exists()
        for task_id in post.tasks:
            assert post.url not in (bundled_site.out / f"ke-hoach/2022/nhiem-vu/{task_id}/feed.xml").read_text(encoding="utf-8")


# =========================================================================== escaping and summaries


def test_special_characters_are_escaped_and_read_back_exactly(project: SiteProject) -> None:
    title = 'Thi "Cải cách" & <đổi mới>'
    unit = "Giáo dục & Đào tạo"
    tag = "a & b <c>"
    summary = 'Tóm tắt có "ngoặc kép" & ký hiệu <b> và \'nháy đơn\''
    project.write_post("2022/a.md", {"title": title, "date": "2022-03-15 08:30", "task": 2, "unit": unit,
                                     "tags": [tag], "summary": summary, "slug": "thi-cai-cach"})
    project.write_post("2022/b.md", {"title": "Không có tóm tắt", "date": "2022-03-10 08:00", "task": 2,
                                     "unit": "Văn phòng"},
                       body="## Tiêu đề phụ\n\nĐoạn **đầu tiên** của [bài viết](https://example.gov.vn/).\n\nĐoạn thứ hai.")
    result = project.build()
    assert result.returncode == 0, result.stderr
    for path in ("feed.xml", "ke-hoach/2022/nhiem-vu/2/feed.xml"):
        feed = read_feed(result.out / path)  # well-formed for lxml, bozo 0 for feedparser
        entry = feed.parsed.entries[0]
        assert entry.title == title
        assert entry.author == unit
        assert html.unescape(entry.summary) == summary  # the description is the HTML of the text
        assert [t.term for t in entry.tags] == ["Nhiệm vụ 2 (Kế hoạch 2022)", tag]
        item = feed.items[0]
        assert item.findtext("title") == title
        assert item.findtext(f"{DC}creator") == unit
        assert item.findtext("description") == html.escape(summary, quote=False)
        assert [c.text for c in item.findall("category")] == ["Nhiệm vụ 2 (Kế hoạch 2022)", tag]
        # Without `summary`, the description is the first paragraph as plain text.
        assert feed.parsed.entries[1].title == "Không có tóm tắt"
        assert feed.items[1].findtext("description") == "Đoạn đầu tiên của bài viết."


# =========================================================================== drafts and scheduled posts


def all_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(out.rglob("*"))
                     if p.is_file() and p.suffix in (".html", ".xml", ".json"))


def test_drafts_and_scheduled_posts_stay_out_until_due(project: SiteProject, tmp_path: Path) -> None:
    project.write_post("2022/p.md", {"title": "Tin đã đăng", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng",
                                     "tags": ["tập huấn"]})
    project.write_post("2022/d.md", {"title": "Bản nháp chưa duyệt", "date": "2022-03-05 08:00", "task": 2,
                                     "unit": "Đơn vị chỉ có nháp", "tags": ["chủ đề nháp"], "draft": True})
    project.write_post("2026/s.md", {"title": "Tin hẹn giờ đầu năm", "date": "2026-01-15 08:00", "plan": 2022, "task": 2,
                                     "unit": "Đơn vị hẹn giờ", "tags": ["chủ đề hẹn giờ"]})
    published, draft, scheduled = (
        "tin-tuc/2022/03/tin-da-dang/", "tin-tuc/2022/03/ban-nhap-chua-duyet/", "tin-tuc/2026/01/tin-hen-gio-dau-nam/")

    before = project.build(out=tmp_path / "before")
    assert before.returncode == 0, before.stderr
    for path in ("feed.xml", "ke-hoach/2022/nhiem-vu/2/feed.xml"):
        assert read_feed(before.out / path).links() == [PROJECT_SITE_URL + published]
    assert (before.out / published / "index.html").is_file()
    everything = all_text(before.out)
    for hidden, title in ((draft, "Bản nháp chưa duyệt"), (scheduled, "Tin hẹn giờ đầu năm")):
        assert not (before.out / hidden).exists(), f"{hidden} was built"
        assert hidden.split("/")[-2] not in everything, f"{hidden} is linked or listed somewhere"
        assert title not in everything
    for unit_or_tag in ("don-vi/don-vi-chi-co-nhap/", "don-vi/don-vi-hen-gio/", "chu-de/chu-de-nhap/", "chu-de/chu-de-hen-gio/"):
        assert not (before.out / unit_or_tag).exists(), f"{unit_or_tag} exists for an unpublished post"
    assert not (before.out / "tin-tuc/2026/").exists()

    after = project.build(now="2026-02-01 00:00", out=tmp_path / "after")
    assert after.returncode == 0, after.stderr
    for path in ("feed.xml", "ke-hoach/2022/nhiem-vu/2/feed.xml"):
        assert read_feed(after.out / path).links() == [PROJECT_SITE_URL + scheduled, PROJECT_SITE_URL + published]
    assert (after.out / scheduled / "index.html").is_file()
    for listing in ("tin-tuc/", "ke-hoach/2022/nhiem-vu/2/", "tin-tuc/2026/01/", "don-vi/don-vi-hen-gio/", ""):
        assert scheduled.split("/")[-2] in after.page(listing), f"{scheduled} missing from {listing or 'home'}"
    assert not (after.out / draft).exists()
    assert draft.split("/")[-2] not in all_text(after.out)


# =========================================================================== feed_specs and render_feed, directly
#
# The functions the hook calls, on a small content tree read by the real loader: no MkDocs build.
# Expected values are written by hand from the posts below.

SITE_NAME = "Tin CCHC – Sở GD&ĐT <Hưng Yên>"
TRICKY_TITLE = 'Thi "Cải cách" & <đổi mới> của \'Sở\''
TRICKY_UNIT = "Giáo dục & Đào tạo <thử>"
TRICKY_TAG = "a & b <c> \"d\""
TRICKY_SUMMARY = 'Tóm tắt có "ngoặc kép" & ký hiệu <b> và \'nháy đơn\''
JPEG = b"\xff\xd8\xff\xe0" + bytes(100)
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


def test_render_feed_enclosure_is_the_image_beside_the_post(direct_root: Path, direct_site: Site) -> None:
    posts = by_title(direct_site)
    tree, parsed = parse(render_feed(specs_by_path(direct_site)["feed.xml"], direct_site, site_url=SITE_URL))
    enclosures = {item.findtext("title"): [e.attrib for e in item.findall("enclosure")] for item in tree.findall("channel/item")}
    assert enclosures == {
        TRICKY_TITLE: [{"url": SITE_URL + "tin-tuc/2022/03/thi-cai-cach/anh-bia.png", "length": str(len(png_bytes())),
                        "type": "image/png"}],
        "Tin có ảnh JPEG": [{"url": SITE_URL + posts["Tin có ảnh JPEG"].url + "anh.jpg", "length": "104", "type": "image/jpeg"}],
        "Giờ UTC sát nửa đêm": [],
        "Tin tháng một": [],
    }
    assert (direct_root / "content/posts/2022/03/anh-bia.png").stat().st_size == len(png_bytes())
    assert [(e.href, e.type, e.length) for e in parsed.entries[1].enclosures] == [
        (SITE_URL + "tin-tuc/2022/03/thi-cai-cach/anh-bia.png", "image/png", str(len(png_bytes())))]


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
    assert enclosure.get("url") == SITE_URL + "tin-tuc/2022/03/tin-co-anh/" + quote("ảnh bìa.png")
