"""What the build will write, checked before MkDocs writes (or cleans) anything.

- No two outputs on one path: a generated page, a feed, a report, a post's file and a file of docs/
  would silently replace each other in MkDocs (`Files.append` keeps the last). Each clash names both.
- Every relative link of a post or plan body leads to something the build writes, and every `#…`
  to an id of its page. MkDocs checks the same links only after site/ was cleaned (mkdocs.yml has
  its link validation at `info` for that reason), so here they are errors at their line instead.
  The addresses are resolved as MkDocs resolves them: from the page's source URI.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.util import AMP_SUBSTITUTE

from cchc.content.frontmatter import shown_path
from cchc.model import BodyFacts, Post
from cchc.outputs.pages import PageSpec
from cchc.problems import Problem


@dataclass(frozen=True)
class Output:
    path: str  # the file under site/
    source: tuple[str, int] | None = None  # (path, line) of the file that makes it; None for pages the system makes

    def named(self) -> str:
        return f"{self.source[0]}:{self.source[1]}" if self.source else "trang do hệ thống tạo ra"


def _docs_url(relative: Path) -> str:
    """The directory URL MkDocs gives a Markdown file of docs/."""
    if relative.name in ("index.md", "README.md"):
        parent = relative.parent.as_posix()
        return "" if parent == "." else f"{parent}/"
    return f"{relative.with_suffix('').as_posix()}/"


def docs_files(docs_dir: Path) -> list[tuple[Path, str, str]]:
    """(file, its source URI, its output path) of every file of docs/ that MkDocs publishes."""
    found = []
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):  # MkDocs leaves dotfiles out
            url = _docs_url(relative) if path.suffix == ".md" else relative.as_posix()
            found.append((path, relative.as_posix(), url + "index.html" if url.endswith("/") or url == "" else url))
    return found


def _asset_lines(post: Post) -> dict[str, int]:
    lines = dict(post.facts.files)
    if post.image:
        lines[post.image] = post.lines["image"]
    return lines


def post_outputs(post: Post) -> Iterator[Output]:
    yield Output(post.url + "index.html", (post.path, post.lines.get("slug", post.lines["title"])))
    lines = _asset_lines(post)
    for asset in post.originals:
        yield Output(post.url + asset, (post.path, lines.get(asset, post.body_line)))
    for picture in post.pictures:  # the widths of an image, published beside the post instead of it
        for rendition in picture.files:
            yield Output(post.url + rendition.name, (post.path, lines.get(picture.source, post.body_line)))


def find_clashes(outputs: Iterable[Output], *, fallback: str) -> list[Problem]:
    """Outputs on one path: reported at the one that has a source file (the later when both do).
    `fallback`: where a clash of two system pages is reported (a bug, never content)."""
    problems = []
    seen: dict[str, Output] = {}
    for output in outputs:
        other = seen.setdefault(output.path, output)
        if other is output:
            continue
        at, named = (output, other) if output.source else (other, output)
        path, line = at.source or (fallback, 1)
        problems.append(Problem(path, line, f"trùng địa chỉ {output.path} với {named.named()}; hãy đổi tên (hoặc `slug`)"))
    return problems


@dataclass(frozen=True)
class Targets:
    """What a link may lead to: MkDocs' source URIs (pages and files), page URLs, and the ids of pages
    whose Markdown is known (None: a page of docs/, whose ids are not read here)."""

    files: frozenset[str]
    pages: frozenset[str]
    anchors: dict[str, frozenset[str] | None]


def targets(pages: Iterable[PageSpec], files: Iterable[str], docs: Iterable[tuple[Path, str, str]],
            bodies: Iterable[tuple[str, BodyFacts]]) -> Targets:
    """`bodies`: (source URI, facts) of the pages made from a post or plan body; every other generated
    page has no Markdown of its own, so no ids MkDocs would know."""
    pages = list(pages)
    docs = list(docs)
    anchors: dict[str, frozenset[str] | None] = {spec.src_uri: frozenset() for spec in pages}
    anchors.update({uri: None for _, uri, _ in docs if uri.endswith(".md")})
    anchors.update({uri: frozenset(facts.ids) for uri, facts in bodies})
    page_urls = {spec.url for spec in pages} | {out.removesuffix("index.html") for _, uri, out in docs if uri.endswith(".md")}
    return Targets(frozenset({spec.src_uri for spec in pages} | set(files) | {uri for _, uri, _ in docs}),
                   frozenset(page_urls), anchors)


def broken_links(path: str, src_uri: str, facts: BodyFacts, to: Targets, *, own: bool = True) -> list[Problem]:
    """The relative links of one body (page source URI `src_uri`) that lead nowhere. A file (a name
    with an extension, `.md` included) is found as MkDocs finds it, from the source URI; a page
    (`../ke-hoach/2022/`) as the browser finds it, from the page's own directory URL. `own`: check
    the links to the page's own ids too (a post's are checked when it is loaded)."""
    page_dir = _docs_url(Path(src_uri)).rstrip("/")
    ids = frozenset(facts.ids)
    problems = []
    for url, line in facts.links:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or AMP_SUBSTITUTE in url:
            continue  # an address of another site (its scheme was checked), or left as written by MkDocs
        target = unquote(parts.path)
        if not target:
            if own and parts.fragment and parts.fragment not in ids:
                problems.append(Problem(path, line, f"liên kết tới mục #{parts.fragment} không có trong trang này (tìm thấy: {url!r})"))
            continue
        is_page = not posixpath.splitext(target)[1]
        uri = posixpath.normpath(posixpath.join(page_dir if is_page else posixpath.dirname(src_uri), target))
        if uri == ".." or uri.startswith("../"):
            problems.append(Problem(path, line, f"liên kết ra ngoài trang web (tìm thấy: {url!r})"))
        elif uri in to.files:
            known = to.anchors.get(uri)
            if parts.fragment and known is not None and parts.fragment not in known:
                problems.append(Problem(path, line, f"liên kết tới mục #{parts.fragment} không có trong trang đó (tìm thấy: {url!r})"))
        elif is_page:
            page = "" if uri == "." else uri.rstrip("/") + "/"
            if page not in to.pages:
                problems.append(Problem(path, line, f"liên kết tới trang không có trên trang web (tìm thấy: {url!r})"))
        else:
            problems.append(Problem(path, line, f"liên kết tới tệp không có trên trang web (tìm thấy: {url!r})"))
    return problems


def docs_outputs(docs: Iterable[tuple[Path, str, str]], root: Path) -> Iterator[Output]:
    for path, _, out in docs:
        yield Output(out, (shown_path(path, root), 1))
