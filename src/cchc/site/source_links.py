"""Links written as the path of another file of the repository: `[bài tổng kết](../../2023/01/tong-ket.md#ket-qua)`
from a post or an answer (Hỏi đáp) to another, as MkDocs users link pages and as an editor completes a file
name. The address is the file's, relative to the linking file's folder; the page shows the address of that
file's page (`../../../2023/01/tong-ket/#ket-qua`), which the writer would otherwise have to count out from
two dates and a slug.

A `.md` file may be a post (`content/posts/…`), an answer (`content/hoi-dap/<mã>.md`), a plan
(`plan/<year>.md`) or a page of docs/. Anything else is an error at the link's line: a file that is not
there (with the right path when a post or answer of that name exists elsewhere: a miscounted `../` is the
usual slip), a file that is no page, a `#mục` the target lacks, an address above the repository. A link to
a file that has errors of its own says nothing more: those errors are reported. A published post or answer
that links to a pending one (draft, scheduled) gets a warning: the reader would find no page there until it
is published.

Resolved after every file is loaded, since a post's address comes from its own front matter: the loaded
post (kept by the preview and by `cchc check`) holds the link as written; the linked copy holds the page's
address in its HTML (every `<a href>` as a browser reads it, Markdown's and raw HTML's alike) and in its
facts, so the link checks of cchc.outputs.paths confirm each address leads to a page.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from cchc import urls
from cchc.cache.memo import Made
from cchc.content.answers import Answer
from cchc.dates import format_short
from cchc.model import Plan, Post
from cchc.problems import Problem, warning
from cchc.render.html_policy import start_tag, start_tags

SUFFIX = ".md"
Linking = TypeVar("Linking", Post, Answer)  # what holds links that are resolved: its body is the core's HTML


@dataclass(frozen=True)
class Page:
    """What a source file becomes: its page's URL, the ids a `#mục` may name (None: not known, a page of
    docs/), and what it is read into (None: a page of docs/)."""

    url: str
    ids: tuple[str, ...] | None
    source: Post | Answer | Plan | None = None

    @property
    def dated(self) -> Post | Answer | None:
        """The post or answer: what may be pending (a draft, scheduled)."""
        return None if isinstance(self.source, Plan) else self.source


@dataclass(frozen=True)
class Sources:
    """Every file a `.md` link may name, by its path as messages show it (relative to the repository);
    `failed`: the files that have errors of their own; `root`: the repository."""

    pages: Mapping[str, Page]
    failed: frozenset[str]
    root: Path

    @classmethod
    def of(cls, posts: Iterable[Post], answers: Iterable[Answer], plans: Iterable[Plan], docs: Iterable[tuple[str, str]], *,
           failed: Iterable[str], root: Path) -> Sources:
        """`docs`: (path as shown, page URL) of each Markdown page of docs/."""
        pages = {_key(path): Page(url, None) for path, url in docs}
        pages |= {_key(plan.path): Page(plan.url, plan.facts.ids, plan) for plan in plans}
        pages |= {_key(answer.path): Page(answer.url, answer.rendered.facts.ids, answer) for answer in answers}
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
    """Where a file's `.md` links lead: the address of each (by the link as written) and the problems."""

    addresses: Mapping[str, str]
    problems: tuple[Problem, ...]
    pending: tuple[tuple[str, Post | Answer], ...] = ()  # (link as written, the post or answer it names)


@dataclass(frozen=True)
class FileLink:
    """A link of a post or answer that names a file: as written, at its line; the path and `#mục` it names;
    the file's path as messages show it (relative to the repository)."""

    written: str
    line: int
    path: str
    fragment: str
    target: str


def file_links(item: Post | Answer) -> list[FileLink]:
    """The links of `item` that name a `.md` file. An image's `src` is a file, never a page: outputs.paths
    says such an image leads nowhere."""
    images = {image.src for image in item.rendered.facts.images}
    return [FileLink(written, line, named[0], named[1], posixpath.normpath(posixpath.join(posixpath.dirname(item.path), named[0])))
            for written, line in item.rendered.facts.links if written not in images and (named := file_path(written))]


def resolve(item: Post | Answer, links: list[FileLink], sources: Sources) -> Resolved:
    """The addresses of one file's `.md` links (`file_links`) on its own page, and what is wrong with the others."""
    addresses: dict[str, str] = {}
    problems: list[Problem] = []
    pending: list[tuple[str, Post | Answer]] = []
    for link in links:
        page = sources.pages.get(_key(link.target))
        found = f"(tìm thấy: {link.written!r})"
        if page is None:
            if problem := _missing(item, link, sources):
                problems.append(Problem(item.path, link.line, f"{problem} {found}"))
            continue
        fragment = link.fragment
        if fragment and page.ids is not None and fragment not in page.ids:
            problems.append(Problem(item.path, link.line, f"liên kết tới mục #{fragment} không có trong {link.target} {found}"))
            continue
        anchor = f"#{fragment}" if fragment else ""
        addresses[link.written] = anchor if anchor and page.url == item.url else urls.relative(item.url, page.url) + anchor
        if page.dated is not None:
            pending.append((link.written, page.dated))
    return Resolved(addresses, tuple(problems), tuple(pending))


def _missing(item: Post | Answer, link: FileLink, sources: Sources) -> str | None:
    """Why a `.md` link finds no page (None: it names a file with errors of its own, reported as such)."""
    target = link.target
    if target == ".." or target.startswith("../"):
        return "liên kết ra ngoài kho nội dung"
    if _key(target) in sources.failed:
        return None
    if (sources.root / target).is_file():
        return f"tệp {target} không phải bài viết, kế hoạch hay trang nào của trang web"
    name = posixpath.basename(_key(link.path)).lower()
    same_name = sorted(found for found, page in sources.pages.items()
                       if page.dated is not None and posixpath.basename(found).lower() == name)
    hint = f"; có phải {posixpath.relpath(same_name[0], posixpath.dirname(item.path))!r}?" if same_name else ""
    return f"không có tệp {target}{hint}"


def pending_warnings(item: Post | Answer, resolved: Resolved, now: datetime) -> list[Problem]:
    """A published file's links to posts or answers that are not (drafts, scheduled): dead links until they are."""
    if not item.is_published(now):
        return []
    lines = dict(item.rendered.facts.links)
    return [warning(item.path, lines[written], f"liên kết tới bài {_why_pending(target)}: người đọc chưa mở được trang "
                                               f"đó cho tới khi bài được đăng (tìm thấy: {written!r})")
            for written, target in resolved.pending if not target.is_published(now)]


def _why_pending(item: Post | Answer) -> str:
    if item.draft:
        return "đang là bản nháp (`draft: true`)"
    return f"hẹn đăng {format_short(item.date, isinstance(item, Post) and item.has_time)}"


def linked(item: Linking, resolved: Resolved) -> Linking:
    """The post or answer as its pages show it: each resolved `.md` link naming its page, in the HTML and the facts."""
    if not resolved.addresses:
        return item
    rendered = item.rendered
    facts = replace(rendered.facts, links=tuple((resolved.addresses.get(url, url), line) for url, line in rendered.facts.links))
    return replace(item, rendered=replace(rendered, html=rewrite_links(rendered.html, resolved.addresses), facts=facts))


def rewrite_links(body: str, addresses: Mapping[str, str]) -> str:
    """`body` with the `href` of each `<a>` whose address `addresses` holds replaced by its new one; the tag
    is written again with its other attributes as they were (read as a browser reads them)."""
    parts: list[str] = []
    at = 0
    for start, end, values in start_tags(body, "a"):
        new = addresses.get(values.get("href", ""))
        if new is None:
            continue
        parts += [body[at:start], start_tag("a", ((name, new if name == "href" else value) for name, value in values.items()))]
        at = end
    parts.append(body[at:])
    return "".join(parts)


def _named(links: list[FileLink], sources: Sources) -> tuple[tuple[str, Post | Answer | Plan | None] | None, ...]:
    """What a resolution is made from besides the linking file: the page each of its `.md` links names, as
    the object it was read into (a post, a plan: the preview keeps them while their files are unchanged; an
    answer is read again for every build). A resolution with errors is never kept past its build (Made
    keeps only a build without errors)."""
    return tuple((page.url, page.source) if (page := sources.pages.get(_key(link.target))) else None for link in links)


def _resolved(item: Linking, links: list[FileLink], sources: Sources) -> tuple[Linking, Resolved]:
    resolved = resolve(item, links, sources)
    return linked(item, resolved), resolved


def link_sources(items: list[Linking], sources: Sources, *, now: datetime,
                 made: Made | None = None) -> tuple[list[Linking], list[Problem]]:
    """Every post (or answer) with its `.md` links resolved (`linked`), and their problems. `made`: the
    preview's, where a resolution is kept while the file and the pages it names are the same objects."""
    result: list[Linking] = []
    problems: list[Problem] = []
    for item in items:
        links = file_links(item)
        if not links:
            result.append(item)
            continue
        make: Callable[[], tuple[Linking, Resolved]] = partial(_resolved, item, links, sources)
        done, resolved = make() if made is None else made.get(("sources", item.path), (item, _named(links, sources)), make)
        result.append(done)
        problems += resolved.problems
        problems += pending_warnings(item, resolved, now)
    return result, problems
