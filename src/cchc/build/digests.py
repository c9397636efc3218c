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
from dataclasses import fields, is_dataclass
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


def _parts(value: Any, now: datetime, out: Callable[[str], None]) -> None:
    """What of `value` a page shows, as strings (every value's repr: separators inside text are escaped)."""
    if value is None or isinstance(value, str | int | float | bool):
        out(repr(value))
    elif isinstance(value, Post):
        out(f"post {value.fingerprint} {not value.is_published(now)}")
    elif isinstance(value, list | tuple):
        out("[")
        for item in value:
            _parts(item, now, out)
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
            _parts(value[key], now, out)
        out("}")
    elif is_dataclass(value) and not isinstance(value, (type, *_REFUSED)):
        kind = type(value)
        out(kind.__name__)
        for name in _fields(kind):
            out(name)
            _parts(getattr(value, name), now, out)
    else:
        raise DigestError(f"{type(value).__module__}.{type(value).__qualname__} không có trong bản tóm tắt trang "
                          "(cchc.build.digests): dữ liệu của mẫu phải là kiểu đã biết")


def inputs_digest(value: Any, now: datetime) -> str:
    parts: list[str] = []
    _parts(value, now, parts.append)
    # One hash of the joined parts: the separator cannot stand inside a part (every part is a repr or
    # made of reprs and fixed words).
    return hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def page_digest(spec: PageSpec, site: Site) -> str:
    # Not spec.body: it is a post's rendering, which the post's fingerprint in the context covers.
    return inputs_digest((spec.template, spec.title, spec.content, spec.updated, spec.searched, spec.context), site.now)


def feed_digest(spec: FeedSpec, site: Site) -> str:
    # Feed items show a post's tasks and tags, which come from the post: its fingerprint covers them.
    return inputs_digest(spec, site.now)
