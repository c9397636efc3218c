"""RSS 2.0 feeds for the provincial portal: the site feed and one feed per task.

Each feed is read twice: by `feedparser` (what a reader sees) and by `lxml.etree` (well-formedness and
the exact elements). Expectations come from the content files, read here with PyYAML.

`feed_specs` and `render_feed` called directly on a small content tree: tests/unit/test_outputs_feeds.py.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from support import REPO
from support.answers import answer_file
from support.oracle import NOW, SourcePost, load_source_posts, newest_first, png_bytes
from support.photos import for_phones, largest
from support.project import SAMPLE_SITE_URL, BuildResult, SiteProject

BUNDLED_SITE_URL = SAMPLE_SITE_URL  # conftest.bundled_site builds with it
PROJECT_SITE_URL = SAMPLE_SITE_URL
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} \+0700$")


# --------------------------------------------------------------------------- content, read independently


BUNDLED = load_source_posts(REPO / "content" / "posts")
PUBLISHED = [p for p in BUNDLED if p.published()]


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
            # The cover's largest published width (src/cchc/render/images.py), with its real length.
            assert enclosure.get("url") == site_url + post.url + largest(post.image)
            assert page_exists(out, site_url, enclosure.get("url"))
            assert enclosure.get("length") == str((out / post.url / largest(post.image)).stat().st_size)
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
    published = bundled_site.out / post.url / largest(post.image)
    assert enclosure.get("url") == f"{BUNDLED_SITE_URL}{post.url}{published.name}"
    assert int(enclosure.get("length")) == published.stat().st_size > 0
    assert enclosure.get("type") == "image/png"
    assert not (bundled_site.out / post.url / post.image.name).exists()  # the original: only its widths are published
    [entry] = [e for e in feed.parsed.entries if e.link == BUNDLED_SITE_URL + post.url]
    assert [(e.href, e.type) for e in entry.enclosures] == [(enclosure.get("url"), "image/png")]


CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def test_every_item_carries_its_body_with_absolute_addresses(bundled_site: BuildResult) -> None:
    """content:encoded for a portal that republishes: the page's body, every link and image absolute and served."""
    for path in ("feed.xml", "ke-hoach/2022/nhiem-vu/8/feed.xml"):
        feed = read_feed(bundled_site.out / path)
        assert feed.items
        for item, entry in zip(feed.items, feed.parsed.entries, strict=True):
            encoded = item.findtext(CONTENT)
            assert encoded and entry.content[0].type == "text/html", item.findtext("link")
            body = lxml.html.fragment_fromstring(encoded, create_parent="div")
            page = lxml.html.fromstring((bundled_site.out / item.findtext("link").removeprefix(BUNDLED_SITE_URL) / "index.html")
                                        .read_bytes())
            shown = page.xpath("//article")
            # The same words as the page's body, without its heading anchors.
            assert " ".join(body.text_content().split()) in " ".join(shown[0].text_content().replace("¶", "").split())
            assert not body.xpath('//a[contains(@class, "headerlink")]')
            for address in [*body.xpath("//a/@href"), *body.xpath("//img/@src")]:
                assert address.startswith(("https://", "http://", "mailto:", "tel:")), address  # absolute
                if address.startswith(BUNDLED_SITE_URL):
                    assert page_exists(bundled_site.out, BUNDLED_SITE_URL, address.split("#")[0]), address


def test_an_image_in_a_body_and_the_cover_are_absolute_and_the_cover_s_length_is_the_published_file(project: SiteProject) -> None:
    project.write("content/posts/2022/03/anh-bia.png", png_bytes())
    project.write_post("2022/03/co-anh.md", {"title": "Tin có ảnh", "date": "2022-03-15 08:30", "task": 2, "unit": "Văn phòng",
                                             "image": "anh-bia.png"},
                       body="Đoạn đầu.\n\n![Ảnh trong bài](anh-bia.png)\n\n## Mục\n\nXem [kế hoạch](../../../../ke-hoach/2022/).")
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = PROJECT_SITE_URL + "tin-tuc/2022/03/tin-co-anh/"
    feed = read_feed(result.out / "feed.xml")
    [item] = feed.items
    body = lxml.html.fragment_fromstring(item.findtext(CONTENT), create_parent="div")
    shown = for_phones(project.root / "content/posts/2022/03/anh-bia.png")  # the width published for phones
    assert body.xpath("//img/@src") == [page + shown]
    for address in (candidate.split()[0] for value in body.xpath("//img/@srcset") for candidate in value.split(",")):
        assert address.startswith(page) and (result.out / "tin-tuc/2022/03/tin-co-anh" / address.removeprefix(page)).is_file()
    assert body.xpath("//a/@href") == [PROJECT_SITE_URL + "ke-hoach/2022/"]
    enclosure = item.find("enclosure")
    cover = largest(project.root / "content/posts/2022/03/anh-bia.png")
    published = result.out / "tin-tuc/2022/03/tin-co-anh" / cover
    assert enclosure is not None and enclosure.get("url") == page + cover
    assert int(enclosure.get("length")) == published.stat().st_size and enclosure.get("type") == "image/png"
    [entry] = feed.parsed.entries
    assert [(e.href, int(e.length), e.type) for e in entry.enclosures] == [(page + cover, published.stat().st_size, "image/png")]


def test_answers_feed_keeps_summaries_only(project: SiteProject) -> None:
    """A Q&A item is a citizen's question and the Sở's answer: its feed carries the question as text, no body."""
    project.write("content/hoi-dap/k7m3qx9a.md", answer_file("K7M3QX9A"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    feed = read_feed(result.out / "hoi-dap" / "feed.xml")
    [item] = feed.items
    assert item.find(CONTENT) is None and item.find("enclosure") is None
    [entry] = feed.parsed.entries
    assert "content" not in entry and entry.summary.startswith("Xin hỏi thủ tục chỉnh sửa văn bằng.")


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

