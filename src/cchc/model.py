"""The content model: plans with their appendix tasks, and posts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from cchc import urls


@dataclass(frozen=True)
class Image:
    """An image of a post body (Markdown or HTML) and the body line it is on."""

    src: str
    alt: str
    line: int


PHONE_WIDTH = 800  # the published width of an image a phone loads (cchc.render.images.WIDTHS)


@dataclass(frozen=True)
class Rendition:
    """One published width of a post's image in one format: a file beside the post (`name`, relative to its
    folder)."""

    name: str
    width: int
    height: int
    size: int  # bytes
    key: str  # where its bytes are kept (cchc.render.images.Pictures)


@dataclass(frozen=True)
class Picture:
    """A raster image a post shows (its cover, an image of its body) as it is published: re-encoded
    without any metadata, in a few widths, narrowest first; the file as uploaded is not published."""

    source: str  # the file beside the post, as the post names it
    renditions: tuple[Rendition, ...]  # JPEG or PNG: what every browser shows (`<img>`)
    webp: tuple[Rendition, ...] = ()  # the same widths as WebP, each smaller than its fallback; or none at all

    @property
    def files(self) -> tuple[Rendition, ...]:
        """Every file published for it: its widths, then their WebP copies."""
        return self.renditions + self.webp

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    @property
    def smallest(self) -> Rendition:
        """A news list's thumbnail."""
        return self.renditions[0]

    @property
    def phone(self) -> Rendition:
        """What a phone loads: the widest rendition of at most PHONE_WIDTH pixels (the `src` of its `<img>`)."""
        return max((r for r in self.renditions if r.width <= PHONE_WIDTH), key=lambda r: r.width, default=self.smallest)


@dataclass(frozen=True)
class DocsPicture:
    """A raster image of docs/ (the hand-written pages) as published: under its own name, re-encoded without
    any metadata at its own size (`original`: what a logo setting, a link or a stylesheet names), and in the
    widths of a post's picture for the `<img>` of the pages of docs/ that show it (`picture`)."""

    original: Rendition
    picture: Picture


@dataclass(frozen=True)
class BodyFacts:
    """What the build needs to know of a post body, read from Python-Markdown's element tree."""

    files: tuple[tuple[str, int], ...] = ()  # relative link and image targets (no scheme, not .md), with their line
    images: tuple[Image, ...] = ()
    first_paragraph: str = ""  # plain text
    anchors: tuple[tuple[str, int], ...] = ()  # links to the post's own headings (`#id`), with their line
    ids: tuple[str, ...] = ()  # the element ids of the body (headings, attr_list, raw HTML)
    links: tuple[tuple[str, int], ...] = ()  # every link and image address as written, with its line
    problems: tuple[tuple[int, str], ...] = ()  # (line, message): refused HTML or addresses, too deep nesting
    linked: tuple[str, ...] = ()  # the targets of `files` that a link (`<a href>`) names, not only an image


@dataclass(frozen=True)
class Task:
    year: int
    id: int
    name: str
    products: str
    lead: str
    partners: str
    timeframe: str

    @property
    def url(self) -> str:
        return urls.task(self.year, self.id)

    @property
    def feed_url(self) -> str:
        return urls.feed_of(self.url)

    @property
    def follow_url(self) -> str:
        """The task's feed on the feeds page, where a reader learns how to follow it."""
        return urls.follow(self.feed_url)


@dataclass(frozen=True)
class Signer:
    name: str
    position: str
    authority: str


@dataclass(frozen=True)
class Plan:
    path: str
    year: int
    number: str
    title: str
    issued: date
    issuer: str
    place: str
    signer: Signer | None
    recipients: tuple[str, ...]
    appendix_title: str
    appendix_note: str
    tasks: tuple[Task, ...]
    body: str
    facts: BodyFacts = field(default=BodyFacts())
    body_line: int = 1

    @property
    def url(self) -> str:
        return urls.plan(self.year)

    @property
    def report_url(self) -> str:
        return urls.report(self.year)

    def task(self, task_id: int) -> Task | None:
        return next((task for task in self.tasks if task.id == task_id), None)


@dataclass(frozen=True)
class Channel:
    channel: str
    duration: str
    fee: str


@dataclass(frozen=True)
class ProcedureDocument:
    name: str
    copies: str
    form: str


@dataclass(frozen=True)
class Procedure:
    """The `procedure:` block of a TTHC explainer (keys in huong-dan/noi-dung.md, facts in tthc.md)."""

    name: str
    field: str
    code: str = ""
    level: str = ""
    agency: str = ""
    applicants: str = ""
    steps: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = ()
    documents: tuple[ProcedureDocument, ...] = ()
    duration: str = ""
    result: str = ""
    fee: str = ""
    requirements: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    online: str = ""
    url: str = ""
    record_url: str = ""
    portal_id: str = ""  # the national portal's number for the procedure, in the address of its page


@dataclass(frozen=True)
class RenderedBody:
    """A post body as HTML (what the page shows), its table of contents and its facts."""

    html: str = ""
    toc_json: str = "[]"  # Python-Markdown's toc tokens, as JSON
    facts: BodyFacts = BodyFacts()


@dataclass(frozen=True)
class Post:
    path: str
    source: Path
    lines: dict[str, int]
    title: str
    date: datetime
    has_time: bool
    task_ids: tuple[int, ...]
    plan_year: int
    unit: str
    summary: str
    tags: tuple[str, ...]
    slug: str
    updated: datetime | None
    draft: bool
    sample: bool
    image: str | None
    image_size: int | None  # bytes of the cover image (the feed's enclosure says it)
    procedure: Procedure | None
    # The sentences of `cchc new`'s sample body it still holds, (file line, sentence) (cchc.content.unfinished):
    # all a post keeps of its Markdown, read once when it is loaded.
    unfinished: tuple[tuple[int, str], ...]
    rendered: RenderedBody = field(default=RenderedBody())
    assets: tuple[str, ...] = field(default=())
    body_line: int = 1  # the file line the body starts on, for messages about the body
    tags_text: str | None = None  # `tags` as written when it was one string rather than a list
    pictures: tuple[Picture, ...] = ()  # the raster images it shows (cover, body), as published
    originals: tuple[str, ...] = ()  # the files of `assets` published as they are (not an image only shown)

    @property
    def cover(self) -> Picture | None:
        return next((picture for picture in self.pictures if picture.source == self.image), None)

    def published_files(self) -> list[str]:
        """Every file published beside the post page (relative to its folder): originals and renditions."""
        return [*self.originals, *(rendition.name for picture in self.pictures for rendition in picture.files)]

    @cached_property
    def url(self) -> str:
        """Computed once per post (a frozen dataclass may cache: cached_property writes to __dict__)."""
        return urls.post(self.date, self.slug)

    @property
    def src_uri(self) -> str:
        return urls.source(self.url)

    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything the post is: pages that show it change only when it changes."""
        return hashlib.sha256(repr(self).encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def last_change(self) -> datetime:
        """When the post last changed: its `updated`, but never before its own date."""
        return max(self.date, self.updated) if self.updated else self.date

    @property
    def facts(self) -> BodyFacts:
        return self.rendered.facts

    def sort_key(self) -> tuple[float, str]:
        """Newest first, then by URL: a full key, so equal dates never reorder."""
        return (-self.date.timestamp(), self.url)

    def is_published(self, now: datetime) -> bool:
        return not self.draft and self.date <= now


def newest_update(posts: Iterable[Post]) -> datetime | None:
    """When a list last changed: its newest post date or update; None when empty."""
    return max((post.last_change for post in posts), default=None)
