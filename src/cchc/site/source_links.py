"""Links written as the path of another file of the repository: `[bài tổng kết](../../2023/01/tong-ket.md#ket-qua)`
from one post to another, as MkDocs users link pages and as an editor completes a file name. The address
is the file's, relative to the linking post's folder; the page shows the address of that file's page
(`../../../2023/01/tong-ket/#ket-qua`), which the writer would otherwise have to count out from two dates
and a slug.

A `.md` file may be a post (`content/posts/…`), a plan (`plan/<year>.md`) or a page of docs/. Anything else
is an error at the link's line: a file that is not there (with the right path when a post of that name
exists elsewhere: a miscounted `../` is the usual slip), a file that is no page, a `#mục` the target lacks,
an address above the repository. A link to a post that has errors of its own says nothing more: those
errors are reported. A published post that links to a pending one (draft, scheduled) gets a warning: the
reader would find no page there until it is published.

Resolved after every post is loaded, since a post's address comes from its own front matter: the loaded
post (kept by the preview and by `cchc check`) holds the link as written; the linked copy holds the page's
address in its HTML (every `<a href>` as a browser reads it, Markdown's and raw HTML's alike) and in its
facts, so the link checks of cchc.outputs.paths confirm each address leads to a page.
"""

from __future__ import annotations

import html
import posixpath
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cchc import urls
from cchc.cache.memo import Made
from cchc.dates import format_short
from cchc.model import Plan, Post
from cchc.problems import Problem, warning
from cchc.render.html_policy import start_tags

SUFFIX = ".md"


@dataclass(frozen=True)
class Page:
    """What a source file becomes: its page's URL, the ids a `#mục` may name (None: not known, a page of
    docs/), and the post or plan it is read into (None: a page of docs/)."""

    url: str
    ids: tuple[str, ...] | None
    source: Post | Plan | None = None

    @property
    def post(self) -> Post | None:
        return self.source if isinstance(self.source, Post) else None


@dataclass(frozen=True)
class Sources:
    """Every file a `.md` link may name, by its path as messages show it (relative to the repository);
    `failed`: the posts that have errors of their own; `root`: the repository."""

    pages: Mapping[str, Page]
    failed: frozenset[str]
    root: Path

    @classmethod
    def of(cls, posts: Iterable[Post], plans: Iterable[Plan], docs: Iterable[tuple[str, str]], *,
           failed: Iterable[str], root: Path) -> Sources:
        """`docs`: (path as shown, page URL) of each Markdown page of docs/."""
        pages = {_key(path): Page(url, None) for path, url in docs}
        pages |= {_key(plan.path): Page(plan.url, plan.facts.ids, plan) for plan in plans}
        pages |= {_key(post.path): Page(post.url, post.facts.ids, post) for post in posts}
        return cls(pages, frozenset(map(_key, failed)), root)


def _key(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def file_path(address: str) -> tuple[str, str] | None:
    """(path, `#mục`) of an address naming a `.md` file by a relative path; None for any other. A `\\`
    (a path copied from Windows' Explorer) is a `/`, as browsers read it in a web address."""
    if SUFFIX not in address:
        return None  # most links: no need to split them
    parts = urlsplit(address)
    path = unquote(parts.path).replace("\\", "/")
    if parts.scheme or parts.netloc or address.startswith(("/", "\\")) or not path.endswith(SUFFIX):
        return None
    return path, parts.fragment


@dataclass(frozen=True)
class Resolved:
    """Where a post's `.md` links lead: the address of each (by the link as written) and the problems."""

    addresses: Mapping[str, str]
    problems: tuple[Problem, ...]
    pending: tuple[tuple[str, Post], ...] = ()  # (link as written, the pending post it names)


def resolve(post: Post, sources: Sources) -> Resolved:
    """The addresses of one post's `.md` links on its own page, and what is wrong with the others."""
    images = {image.src for image in post.facts.images}
    addresses: dict[str, str] = {}
    problems: list[Problem] = []
    pending: list[tuple[str, Post]] = []
    for written, line in post.facts.links:
        if written in images or (named := file_path(written)) is None:
            continue  # an image's `src` is a file, never a page: outputs.paths says it leads nowhere
        path, fragment = named
        target = _target(post, path)
        page = sources.pages.get(_key(target))
        if page is None:
            if problem := _missing(post, path, target, sources):
                problems.append(Problem(post.path, line, f"{problem} (tìm thấy: {written!r})"))
            continue
        if fragment and page.ids is not None and fragment not in page.ids:
            problems.append(Problem(post.path, line, f"liên kết tới mục #{fragment} không có trong {target} (tìm thấy: {written!r})"))
            continue
        address = urls.relative(post.url, page.url)
        addresses[written] = f"#{fragment}" if fragment and page.url == post.url else address + (f"#{fragment}" if fragment else "")
        if page.post is not None:
            pending.append((written, page.post))
    return Resolved(addresses, tuple(problems), tuple(pending))


def _missing(post: Post, path: str, target: str, sources: Sources) -> str | None:
    """Why a `.md` link finds no page (None: it names a post with errors of its own, reported as such)."""
    if target == ".." or target.startswith("../"):
        return "liên kết ra ngoài kho nội dung"
    if _key(target) in sources.failed:
        return None
    if (sources.root / target).is_file():
        return f"tệp {target} không phải bài viết, kế hoạch hay trang nào của trang web"
    same_name = sorted(name for name, page in sources.pages.items()
                       if page.post is not None and posixpath.basename(name).lower() == posixpath.basename(_key(path)).lower())
    hint = f"; có phải {posixpath.relpath(same_name[0], posixpath.dirname(post.path))!r}?" if same_name else ""
    return f"không có tệp {target}{hint}"


def pending_warnings(post: Post, resolved: Resolved, now: datetime) -> list[Problem]:
    """A published post's links to posts that are not (drafts, scheduled): dead links until they are."""
    if not post.is_published(now):
        return []
    lines = dict(post.facts.links)
    return [warning(post.path, lines[written], f"liên kết tới bài {_why_pending(target)}: người đọc chưa mở được trang "
                                               f"đó cho tới khi bài được đăng (tìm thấy: {written!r})")
            for written, target in resolved.pending if not target.is_published(now)]


def _why_pending(post: Post) -> str:
    return "đang là bản nháp (`draft: true`)" if post.draft else f"hẹn đăng {format_short(post.date, post.has_time)}"


def linked(post: Post, resolved: Resolved) -> Post:
    """The post as its pages show it: each resolved `.md` link naming its page, in the HTML and the facts."""
    if not resolved.addresses:
        return post
    facts = replace(post.facts, links=tuple((resolved.addresses.get(url, url), line) for url, line in post.facts.links))
    return replace(post, rendered=replace(post.rendered, html=rewrite_links(post.rendered.html, resolved.addresses), facts=facts))


def rewrite_links(body: str, addresses: Mapping[str, str]) -> str:
    """`body` with the `href` of each `<a>` whose address `addresses` holds replaced by its new one; the tag
    is written again with its other attributes as they were (read as a browser reads them)."""
    parts: list[str] = []
    at = 0
    for start, end, values in start_tags(body, "a"):
        new = addresses.get(values.get("href", ""))
        if new is None:
            continue
        attributes = " ".join(f'{name}="{html.escape(new if name == "href" else value, quote=True)}"' for name, value in values.items())
        parts += [body[at:start], f"<a {attributes}>"]
        at = end
    parts.append(body[at:])
    return "".join(parts)


def _named(post: Post, sources: Sources) -> tuple[tuple[str, Post | Plan | None] | None, ...]:
    """What a post's resolution is made from besides the post: the page each of its `.md` links names, as
    the objects it was read into (a post, a plan: the preview keeps them while their files are unchanged).
    A resolution with errors is never kept past its build (Made keeps only a build without errors)."""
    return tuple((page.url, page.source) if (page := sources.pages.get(_key(_target(post, found[0])))) else None
                 for url, _ in post.facts.links if (found := file_path(url)))


def _target(post: Post, path: str) -> str:
    """The path as messages show it of the file a link of `post` names by `path`."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(post.path), path))


def link_sources(posts: list[Post], sources: Sources, *, now: datetime, made: Made | None = None) -> tuple[list[Post], list[Problem]]:
    """Every post with its `.md` links resolved (`linked`), and their problems. `made`: the preview's, where
    a post's resolution is kept while it and the pages it names are the same objects."""
    result: list[Post] = []
    problems: list[Problem] = []
    for post in posts:
        if not any(file_path(url) for url, _ in post.facts.links):
            result.append(post)
            continue

        def make(post: Post = post) -> tuple[Post, Resolved]:
            resolved = resolve(post, sources)
            return linked(post, resolved), resolved

        done, resolved = make() if made is None else made.get(("sources", post.path), (post, _named(post, sources)), make)
        result.append(done)
        problems += [*resolved.problems, *pending_warnings(post, resolved, now)]
    return result, problems
