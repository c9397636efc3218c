"""RSS 2.0 feeds for the provincial portal, written with feedgen."""

from __future__ import annotations

import html
import mimetypes
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urljoin

from feedgen.feed import FeedGenerator

from . import urls
from .dates import LOCAL_TZ
from .link import Site
from .model import Post, newest_update


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


def render_feed(spec: FeedSpec, site: Site, *, site_url: str) -> bytes:
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
    return generator.rss_str(pretty=True)


def _add_item(generator: FeedGenerator, post: Post, site: Site, base: str) -> None:
    link = urljoin(base, post.url)
    item = generator.add_entry(order="append")
    item.title(post.title)
    item.link(href=link)
    item.guid(link, permalink=True)
    item.pubDate(post.date)
    item.description(description_html(post.summary))
    item.dc.dc_creator(post.unit)
    for task in site.tasks_of(post):
        item.category(term=f"Nhiệm vụ {task.id} (Kế hoạch {task.year})", scheme=urljoin(base, task.url))
    for tag, group in site.tag_links(post):
        item.category(term=tag, scheme=urljoin(base, group.url))
    if post.image:
        size = post.image_size or 0
        kind = mimetypes.guess_type(post.image)[0] or "application/octet-stream"
        item.enclosure(urljoin(link, quote(post.image)), str(size), kind)
