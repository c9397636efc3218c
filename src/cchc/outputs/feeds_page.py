"""The feeds page `theo-doi/`: what RSS is and how to follow the site, every feed with its address.

Every visible RSS link of the site leads here rather than to the raw XML, which a browser shows as a
wall of code (and browsers are dropping XSLT, the way feeds used to style themselves). Feed readers and
the provincial portal still find the feeds themselves through `<link rel="alternate">` in page heads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from cchc import urls
from cchc.outputs.answer_pages import FEED_ITEMS, AnswerIndex
from cchc.outputs.feeds import FeedSpec
from cchc.outputs.pages import NEWS_TAB, Context, PageSpec
from cchc.site.linking import Site


@dataclass(frozen=True)
class FeedEntry:
    title: str
    description: str
    url: str  # site-relative, for links
    address: str  # absolute, what a reader copies into a feed reader
    page_url: str  # the HTML page the feed follows
    anchor: str  # the entry's id on the page (task pages link to it)
    items: int


@dataclass(frozen=True, kw_only=True, eq=False)
class FeedsContext(Context):
    site_feed: FeedEntry
    others: tuple[FeedEntry, ...]


def feeds_page(site: Site, feeds: Sequence[FeedSpec], *, site_url: str, answers: AnswerIndex | None = None) -> PageSpec:
    """`theo-doi/`: the site feed first, then the answers' (Hỏi đáp), then every task's."""
    base = site_url.rstrip("/") + "/" if site_url else ""

    def entry(title: str, description: str, path: str, page_url: str, items: int) -> FeedEntry:
        return FeedEntry(title, description, path, urljoin(base, path) if base else path, page_url, urls.feed_anchor(path), items)

    entries = [entry(feed.title, feed.description, feed.path, feed.page_url, len(feed.posts)) for feed in feeds]
    site_feed = next(item for item in entries if item.url == urls.FEED)
    others = [item for item in entries if item is not site_feed]
    if answers is not None:
        published = [answer for answer in answers.answers if answer.is_published(site.now)][:FEED_ITEMS]
        others.insert(0, entry("Hỏi đáp", "Câu trả lời cho câu hỏi, góp ý của người dân, tổ chức", urls.ANSWERS_FEED,
                               urls.ANSWERS, len(published)))
    context = FeedsContext(section=NEWS_TAB.url, site_feed=site_feed, others=tuple(others))
    # Searched with the fixed date of undated pages (pages.UNDATED).
    return PageSpec(urls.source(urls.FEEDS_PAGE), "theo-doi.html", "Theo dõi tin mới qua RSS", context,
                    updated=site.newest).searched_at()
