"""A digest of what a page or a feed shows: the preview and the build cache render a page again only
when its digest changed.

A page's digest covers its template, title, Markdown, sitemap date and its typed context, which holds
everything its template can read (cchc.outputs.pages: no context leads to the whole site). In it a
post stands for its fingerprint (a digest of everything the post is) and whether it is pending (a
scheduled post falls due as time passes); a plan or a task stands for its year and number, since
plans are shared by every page and are in the salt of every user of the digests with the rest of
what is shared (the settings, templates, code: cchc.build.inputs). A value of any other type the
digest does not know is an error, never skipped: a new kind of context data must be taught here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from cchc.model import Plan, Post, Task
from cchc.outputs.feeds import FeedSpec
from cchc.outputs.pages import PageSpec
from cchc.site.linking import Group, Month, Site

_FIELDS: dict[type, tuple[str, ...]] = {}
# Leads to many posts at once: a context holds a GroupLink, a MonthLink or PostItems instead.
_REFUSED = (Site, Group, Month)


class DigestError(TypeError):
    """Context data of a type the digest does not know: a page could not be told apart from its last render."""


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:  # a field made from the others and the settings only is said to be so, and left out
        names = _FIELDS[kind] = tuple(item.name for item in fields(kind) if item.metadata.get("digest") != "derived")
    return names


def _pending(post: Post, now: datetime) -> bool:
    return not post.is_published(now)


def _parts(value: Any, now: datetime, out: Callable[[str], None], seen: Callable[[Post], None]) -> None:
    """What of `value` a page shows, as strings (every value's repr: separators inside text are escaped);
    `seen` is told of every post, the only values whose parts depend on `now`."""
    if value is None or isinstance(value, str | int | float | bool):
        out(repr(value))
    elif isinstance(value, Post):
        seen(value)
        out(f"post {value.fingerprint} {_pending(value, now)}")
    elif isinstance(value, list | tuple):
        out("[")
        for item in value:
            _parts(item, now, out, seen)
        out("]")
    elif isinstance(value, Plan):
        out(f"plan {value.year}")  # plans are shared
    elif isinstance(value, Task):
        out(f"task {value.year} {value.id}")  # a plan's, so shared too (its long texts were most of a post page's digest)
    elif isinstance(value, datetime | date):
        out(value.isoformat())
    elif isinstance(value, PurePath):
        out(f"path {value.as_posix()!r}")
    elif isinstance(value, Mapping):
        out("{")
        for key in sorted(value, key=repr):
            out(repr(key))
            _parts(value[key], now, out, seen)
        out("}")
    elif is_dataclass(value) and not isinstance(value, (type, *_REFUSED)):
        kind = type(value)
        out(kind.__name__)
        for name in _fields(kind):
            out(name)
            _parts(getattr(value, name), now, out, seen)
    else:
        raise DigestError(f"{type(value).__module__}.{type(value).__qualname__} không có trong bản tóm tắt trang "
                          "(cchc.build.digests): dữ liệu của mẫu phải là kiểu đã biết")


def inputs_digest(value: Any, now: datetime, seen: Callable[[Post], None] = lambda post: None) -> str:
    parts: list[str] = []
    _parts(value, now, parts.append, seen)
    # One hash of the joined parts: the separator cannot stand inside a part (every part is a repr or
    # made of reprs and fixed words).
    return hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _page_inputs(spec: PageSpec) -> tuple[Any, ...]:
    # Not spec.body: it is a post's or an answer's rendering, which the context covers (the post's fingerprint, the answer whole).
    return (spec.template, spec.title, spec.content, spec.updated, spec.searched, spec.context)


def page_digest(spec: PageSpec, site: Site) -> str:
    return inputs_digest(_page_inputs(spec), site.now)


class PageDigests:
    """The digests of the pages of the preview's last build, kept by the very PageSpec they were made of
    (the preview keeps the specs of unchanged pages: cchc.cache.memo.Made). A spec is immutable (frozen
    dataclasses, tuples), and `_parts` reads the clock only to tell whether a post is pending (a draft, or
    dated after `now`): the digest of the same spec stays the same while `now` is on the same side of the
    date of each of its posts, that is between the latest of their dates up to the `now` it was made at
    and the earliest after it. So that is checked instead of walking the spec again (tests/unit/test_build_session.py
    compares every digest with `page_digest` of a fresh load)."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._now: dict[str, _Kept] = {}

    def begin(self) -> None:
        self._now = {}

    def digest(self, spec: PageSpec, site: Site) -> str:
        now = site.now
        kept = self._now.get(spec.src_uri) or self._kept.get(spec.src_uri)
        if kept is None or kept.spec is not spec or not kept.holds(now):
            since: list[datetime] = []
            until: list[datetime] = []

            def seen(post: Post) -> None:
                (since if post.date <= now else until).append(post.date)

            value = inputs_digest(_page_inputs(spec), now, seen)
            kept = _Kept(spec, value, max(since, default=None), min(until, default=None))
        self._now[spec.src_uri] = kept
        return kept.value

    def end(self) -> None:
        """After a build: keep the digests of its pages only."""
        self._kept, self._now = self._now, {}


@dataclass(frozen=True)
class _Kept:
    spec: PageSpec
    value: str
    since: datetime | None  # the latest date of its posts up to the `now` it was made at (None: no such post)
    until: datetime | None  # the earliest date after it

    def holds(self, now: datetime) -> bool:
        return (self.since is None or self.since <= now) and (self.until is None or now < self.until)


def feed_digest(spec: FeedSpec, site: Site) -> str:
    # Feed items show a post's tasks and tags, which come from the post: its fingerprint covers them.
    return inputs_digest(spec, site.now)
