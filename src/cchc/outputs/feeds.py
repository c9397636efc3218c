"""RSS 2.0 feeds for the provincial portal, written with feedgen."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin

from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html

from cchc import urls
from cchc.dates import LOCAL_TZ
from cchc.model import Post, newest_update
from cchc.site.linking import Site

# The types of cover images by extension, the project's own table rather than the machine's
# (/etc/mime.types, the Windows registry): the same enclosure wherever the feed is built. A cover is
# one of these raster kinds, its content checked (cchc.content.file_kinds).
_IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
                ".webp": "image/webp", ".avif": "image/avif"}


@dataclass(frozen=True)
class FeedSpec:
    path: str  # site-relative output file
    title: str
    description: str
    page_url: str  # the HTML page the feed belongs to
    posts: tuple[Post, ...]
    since: datetime  # when the feed's content begins: its date while it has no item (never the clock)


def feed_specs(site: Site, *, site_name: str, limit: int) -> list[FeedSpec]:
    """The site feed and one feed per task; published posts only, newest first."""
    published = tuple(p for p in site.posts if not site.is_pending(p))
    first_plan = min((_day(plan.issued) for plan in site.plans), default=_EPOCH)
    specs = [FeedSpec(urls.FEED, site_name, f"Tin mới nhất của {site_name}", urls.HOME, published[:limit], first_plan)]
    for plan in site.plans:
        for task in plan.tasks:
            posts = tuple(p for p in site.posts_of(task) if not site.is_pending(p))
            specs.append(FeedSpec(
                task.feed_url, f"Nhiệm vụ {task.id} – Kế hoạch {plan.number}",
                task.name, task.url, posts[:limit], _day(plan.issued),
            ))
    return specs


_EPOCH = datetime(2000, 1, 1, tzinfo=LOCAL_TZ)  # a site with neither plan nor post


def _day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)


def description_html(text: str) -> str:
    """An item's description for a plain text. RSS readers take a description as HTML, so the text
    is written as the HTML of that text (`<` as `&lt;`, then XML-escaped again by lxml): `<img
    onerror=…>` in a summary is text in every reader, and "điểm < 5" keeps its "< 5" in feedparser."""
    return html.escape(text, quote=False)


def absolute_body(body: str, page: str) -> str:
    """A post's body (the HTML its page shows) for `content:encoded`: a portal republishes it on another
    site, so every link and image address is made absolute against the post's own address `page` (relative
    ones are written relative to the page), and the heading anchors ("¶", a link to the same page) are
    left out; each width of a picture's `srcset` is absolute too. A picture's WebP copies are left out with
    their `<picture>` and `<source>` (cchc.render.images): the `<img>` alone names its JPEG or PNG widths.
    A portal's editor or an RSS reader keeps an `<img>` but not always a `<picture>` (feedparser drops the
    `<picture>` and the `srcset` of a `<source>`, leaving an empty `<source>`), and a portal that copies the
    images to its own server may not take WebP; a feed is read by few, the page by citizens on phones. The
    body passed the HTML policy (render.html_policy): nothing else needs removing."""
    if not body.strip():
        return ""
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    for anchor in root.xpath('.//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'):
        anchor.drop_tree()
    for source in root.xpath(".//picture/source"):
        source.drop_tree()
    for picture in root.xpath(".//picture"):
        picture.drop_tag()  # its <img> stays where it was
    root.make_links_absolute(page, resolve_base_href=False, handle_failures="ignore")
    for image in root.xpath(".//img[@srcset]"):  # lxml leaves srcset relative: each candidate "address width"
        candidates = (candidate.strip().split(None, 1) for candidate in image.get("srcset", "").split(",") if candidate.strip())
        image.set("srcset", ", ".join(" ".join([urljoin(page, parts[0]), *parts[1:]]) for parts in candidates))
    shown: str = lxml_html.tostring(root, encoding="unicode")
    return shown[len("<div>"):-len("</div>")]


# A staging feed says so in its title, and asks not to be indexed in the way feed readers and search
# engines understand inside RSS (an XHTML robots meta in the channel).
STAGING_TITLE = "[Bản thử, không phải trang chính thức] "
_XHTML = "http://www.w3.org/1999/xhtml"


def render_feed(spec: FeedSpec, site: Site, *, site_url: str, staging: bool = False) -> bytes:
    """Well-formed, byte-stable RSS: every date comes from the posts, never the clock."""
    base = site_url.rstrip("/") + "/"
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.title(spec.title)
    # feedgen takes the RSS <link> from the last link given, so the page goes last.
    generator.link(href=urljoin(base, spec.path), rel="self", type="application/rss+xml")
    generator.link(href=urljoin(base, spec.page_url))
    generator.description(spec.description)
    generator.language("vi")
    generator.generator("cchc")
    # feedgen would write its own clock's time otherwise.
    generator.lastBuildDate(newest_update(spec.posts) or spec.since)
    for post in spec.posts:
        _add_item(generator, post, site, base)
    feed: bytes = generator.rss_str(pretty=True)
    return mark_staging(feed) if staging else feed


def mark_staging(feed: bytes) -> bytes:
    """An RSS 2.0 feed of a staging copy: its title says so, and its channel asks not to be indexed.
    Every feed of the site goes through here (the site's, each task's, the Q&A feed)."""
    root = etree.fromstring(feed)
    channel = root.find("channel")
    title = channel.find("title")
    title.text = STAGING_TITLE + (title.text or "")
    meta = etree.Element(f"{{{_XHTML}}}meta", nsmap={"xhtml": _XHTML}, name="robots", content="noindex")
    channel.insert(0, meta)
    etree.indent(root, space="  ")
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result


def _add_item(generator: FeedGenerator, post: Post, site: Site, base: str) -> None:
    link = urljoin(base, post.url)
    item = generator.add_entry(order="append")
    item.title(post.title)
    item.link(href=link)
    item.guid(link, permalink=True)
    item.pubDate(post.date)
    item.description(description_html(post.summary))
    # The full body, for a portal that republishes the post (feedgen escapes it: text of an XML element, no CDATA to break).
    if body := absolute_body(post.rendered.html, link):
        item.content(body)
    item.dc.dc_creator(post.unit)
    for task in site.tasks_of(post):
        item.category(term=f"Nhiệm vụ {task.id} (Kế hoạch {task.year})", scheme=urljoin(base, task.url))
    for tag, group in site.tag_links(post):
        item.category(term=tag, scheme=urljoin(base, group.url))
    if post.image:
        # The cover's largest published width (decided in issue 23: a portal shows it large), with its real
        # length; never the original, which is not published.
        cover = post.cover.largest if post.cover else None
        name, size = (cover.name, cover.size) if cover else (post.image, post.image_size or 0)
        kind = _IMAGE_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
        item.enclosure(urljoin(link, quote(name)), str(size), kind)
