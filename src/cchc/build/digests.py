"""A digest of what a page or a feed shows (the preview and the build cache decide by them what to
render again): equal digests mean equal outputs as far as the digest covers what the template reads.
A template that reaches past its context (the whole site through `cchc.site`, a callable) reads
what no digest covers; tests/build/test_preview_build.py compares edited builds with clean ones.

A page's digest covers its template, title, Markdown, sitemap date and its typed context, in which a
post stands for its fingerprint (a digest of everything the post is) and whether it is pending (a
scheduled post falls due as time passes); a unit, a tag or a month stands for what the lists show of
it (name, address, number of posts). What every page shares (the plans, the settings, the templates,
the code) is not in a page's digest: those who use the digests add it (incremental.Session,
page_cache.BuildCache).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

from cchc.model import Plan, Post, RenderedBody, Task
from cchc.outputs.feeds import FeedSpec
from cchc.outputs.metadata import PostMetadata
from cchc.outputs.pages import PageSpec
from cchc.site.linking import Group, Month, Site

_FIELDS: dict[type, tuple[str, ...]] = {}


def _parts(value: Any, site: Site, out: Callable[[str], None]) -> None:
    """What of `value` a page shows, as strings (every value's repr: separators inside text are escaped)."""
    if value is None or isinstance(value, str | int | float | bool):
        out(repr(value))
    elif isinstance(value, Post):
        out(f"post {value.fingerprint} {not value.is_published(site.now)}")
    elif isinstance(value, list | tuple):
        out("[")
        for item in value:
            _parts(item, site, out)
        out("]")
    elif isinstance(value, Site | PostMetadata | RenderedBody) or callable(value):
        return  # the whole site is shared; a post's metadata and body are made from the post
    elif isinstance(value, Plan):
        out(f"plan {value.year}")  # plans are shared
    elif isinstance(value, Task):
        out(f"task {value.year} {value.id}")  # a plan's, so shared too (its long texts were most of a post page's digest)
    elif isinstance(value, Group):
        out(f"group {value.slug} {value.name!r} {value.url} {len(value.posts)}")
    elif isinstance(value, Month):
        out(f"month {value.year} {value.month} {len(value.posts)}")
    elif isinstance(value, datetime | date):
        out(value.isoformat())
    elif is_dataclass(value):
        kind = type(value)
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(item.name for item in fields(value))
        out(kind.__name__)
        for name in names:
            out(name)
            _parts(getattr(value, name), site, out)
    elif isinstance(value, Mapping):
        out("{")
        for key in sorted(value, key=repr):
            out(repr(key))
            _parts(value[key], site, out)
        out("}")
    else:
        out(repr(value))


def inputs_digest(value: Any, site: Site) -> str:
    parts: list[str] = []
    _parts(value, site, parts.append)
    # One hash of the joined parts: the separator cannot stand inside a part (every part is a repr or
    # made of reprs and fixed words).
    return hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def page_digest(spec: PageSpec, site: Site) -> str:
    return inputs_digest((spec.template, spec.title, spec.content, spec.updated, spec.body, spec.context), site)


def feed_digest(spec: FeedSpec, site: Site) -> str:
    # Feed items show a post's tasks and tags, which come from the post: its fingerprint covers them.
    return inputs_digest(spec, site)
