"""A post body rendered once by Python-Markdown with the site's own extensions: its HTML, its table of
contents, and the facts the build checks (linked files, images with their alt text, the first
paragraph, links to its own headings), all read from the element tree, never with regexes.

So code samples never count: `![Ảnh](ten-anh.png)` in a fenced or indented code block is code text,
not an image. Raw HTML blocks are kept aside by Python-Markdown (its "stash"); they are parsed as
HTML, where code is escaped text too.

The HTML is what the page shows (the MkDocs hook hands it to the page instead of rendering the body a
second time), so it must be what MkDocs would make: MkDocs' only change to a body's tree is to
rewrite links to files it knows as relative URLs; for a post those are the files beside it, written
here as MkDocs writes them (normalised and URL-quoted). Results are cached on disk by content.

The element tree carries no line numbers, so a fact's line is the first body line, not yet taken by
an earlier fact, that contains its target: exact for everything but a target written both in code
and in a real link, where the line may be the code's.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import pickle
import posixpath
import re
import sys
import weakref
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from cchc.cache.background import alone
from cchc.cache.disk import DiskCache, digest, flush
from cchc.model import BodyFacts, Image, RenderedBody
from cchc.render.html_policy import URL_ATTRIBUTES, attribute_problem, scan, tag_problem, url_problem
from cchc.render.inline import use_skipping_inline
from cchc.render.lines import Cursor, Lines, first_lines, wanted
from cchc.render.time_limit import ChildLost, Isolated, TimeLimit, TimeLimitExceeded, signals_work
from cchc.text import normalize

_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
# Deeper than this, nothing is a real post; Python-Markdown (nested lists), the HTML serializer and
# the search index's parser would each need more recursion than Python allows.
MAX_DEPTH = 32
# A post takes a few milliseconds; this is for bodies Python-Markdown needs quadratic time for
# (a paragraph of 4,000 unclosed `[`, 12 KB, took 35 s).
MARKDOWN_SECONDS = 10.0


def local_target(url: str) -> str | None:
    """A link or image target that names a file beside the post (no scheme, no leading /, not a page)."""
    if url_problem(url):
        return None  # a refused address ("java\tscript:…"), reported as such
    parts = urlsplit(url.replace(AMP_SUBSTITUTE, "&"))
    if parts.scheme or parts.netloc or not parts.path or url.startswith(("/", "\\")):
        return None
    path = unquote(parts.path)
    pure = PurePosixPath(path)
    if path.endswith((".md", "/")) or ".." in pure.parts or pure.is_absolute():
        return None
    return posixpath.normpath(path)


def _file_url(url: str) -> str:
    """A link to a file beside the post as MkDocs writes it: normalised, URL-quoted, query and anchor kept."""
    parts = urlsplit(url.replace(AMP_SUBSTITUTE, "&"))
    return urlunsplit(("", "", quote(posixpath.normpath(unquote(parts.path))), parts.query, parts.fragment))


@dataclass
class _Found:
    files: list[tuple[str, str]] = field(default_factory=list)  # (target, as written)
    images: list[tuple[str, str]] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # `#id` links to the page itself
    ids: list[str] = field(default_factory=list)
    first_paragraph: str = ""
    links: list[str] = field(default_factory=list)  # every link and image address, as written
    refused: list[tuple[str, str]] = field(default_factory=list)  # Markdown's elements: (snippet to find the line by, message)
    refused_html: list[tuple[str, int, str]] = field(default_factory=list)  # raw HTML: (its first line, line in it, message)
    depth: int = 0
    linked: list[str] = field(default_factory=list)  # targets of `files` named by a link (`<a href>`)


class _Collect(Treeprocessor):
    """Runs last, on the finished tree: records links, images, ids, refused HTML and the first prose
    paragraph, and writes links to files beside the post as MkDocs would."""

    found: _Found

    def run(self, root: ET.Element) -> None:
        self.found = found = _Found(depth=_depth(root))
        stash = self.md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            _check_element(element, found)
            if element.tag == "a" and element.get("name"):
                found.ids.append(element.get("name", ""))  # an anchor to link to, as MkDocs counts them
            if element.tag in ("a", "img"):
                key = "href" if element.tag == "a" else "src"
                url = element.get(key, "")
                if _element(element.tag, url, element.get("alt", ""), found):
                    element.set(key, _file_url(url))
            if element.get("id"):
                found.ids.append(element.get("id", ""))
            for text in (element.text, element.tail):
                for number in _PLACEHOLDER.findall(text or ""):
                    _raw_html(str(stash[int(number)]), found)
        for element in root:
            if element.tag == "p" and (text := _plain_text(element, stash)):
                found.first_paragraph = text
                break


class _Figures(Treeprocessor):
    """An image alone in its paragraph, with a title or a text alternative, becomes a figure with that
    text as its visible caption: readers see what the photo shows (the title when given, else the alt)."""

    def run(self, root: ET.Element) -> None:
        for paragraph in root.iter("p"):
            image = _lone_image(paragraph)
            caption = (image.get("title") or image.get("alt") or "").strip() if image is not None else ""
            if caption:
                paragraph.tag = "figure"
                paragraph.set("class", "cchc-figure")
                ET.SubElement(paragraph, "figcaption").text = caption


def _lone_image(element: ET.Element) -> ET.Element | None:
    """The image that is all of a paragraph (or of a link that is all of it), or None."""
    children = list(element)
    if len(children) != 1 or (element.text or "").strip() or (children[0].tail or "").strip():
        return None
    child = children[0]
    if child.tag == "img":
        return child
    return _lone_image(child) if child.tag == "a" else None


def _depth(root: ET.Element) -> int:
    """How deep the tree nests, without recursion (a hostile body is what this is measured for)."""
    deepest, level = 0, [(root, 0)]
    while level:
        element, depth = level.pop()
        deepest = max(deepest, depth)
        level.extend((child, depth + 1) for child in element)
    return deepest


def _check_element(element: ET.Element, found: _Found) -> None:
    """An element of the tree: Markdown's own, or raw HTML md_in_html or attr_list put there."""
    if isinstance(element.tag, str) and (problem := tag_problem(element.tag)):
        found.refused.append((f"<{element.tag}", problem))
        return
    for name, value in element.attrib.items():
        if problem := attribute_problem(str(element.tag), name, value, raw=False):
            found.refused.append((value if name in URL_ATTRIBUTES else f"{name}=", problem))


def _raw_html(raw: str, found: _Found) -> None:
    """Links, images, ids and refused markup of a raw HTML block, token by token as a browser's tokenizer
    reads them (cchc.render.html_policy.scan; escaped code in it is text, so never counts)."""
    read = scan(raw)
    first = next((line for line in raw.split("\n") if line.strip()), raw)
    found.refused_html += [(first, offset, message) for offset, message in read.problems]
    found.ids += sorted(read.anchors)
    found.depth = max(found.depth, read.deepest)
    for tag, url, alt in read.links:
        _element(tag, url, alt, found)


class _WholeHtml(Postprocessor):
    """Runs last, on the HTML the page shows, when raw HTML is in it: the policy over the whole body, so
    markup made across two raw blocks, or across one and Markdown's own text, is refused too (each block
    was read alone). What the blocks and the tree already refused is not said again; anything else is
    reported at the first line naming its tag, else the body's first line."""

    def __init__(self, md: markdown.Markdown, collect: _Collect) -> None:
        super().__init__(md)
        self.collect = collect

    def run(self, text: str) -> str:
        if self.md.htmlStash.html_counter:
            found = self.collect.found
            said = {message for *_, message in found.refused_html} | {message for _, message in found.refused}
            found.refused += [(_snippet(message), message) for _, message in scan(text, raw=False).problems if message not in said]
        return text


def _snippet(message: str) -> str:
    """The text to find a refusal's line by: the tag or attribute it names."""
    named = re.search(r"`(<?[^`]*)`", message)
    return named.group(1).rstrip(">") if named else "<"


def _element(tag: str, url: str, alt: str, found: _Found) -> bool:
    """Record one link or image; True when it names a file beside the post."""
    found.links.append(url)
    if tag == "img":
        found.images.append((url, alt))
    elif url.startswith("#") and len(url) > 1:
        found.anchors.append(unquote(url[1:]))
    if target := local_target(url):
        found.files.append((target, url))
        if tag == "a":
            found.linked.append(target)
        return True
    return False


def _plain_text(element: ET.Element, stash: list[Any]) -> str:
    """The text of a paragraph: inline raw HTML reduced to its text, entities decoded, spaces folded."""
    def with_html(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: re.sub(r"<[^>]*>", "", str(stash[int(m.group(1))])), text)

    text = html.unescape("".join(with_html(part) for part in element.itertext()).replace(AMP_SUBSTITUTE, "&"))
    return " ".join(text.split())


def _stable(value: Any) -> str:
    """A repr of extension settings that does not change between runs (functions by their name)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{key!r}:{_stable(value[key])}" for key in sorted(value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_stable(item) for item in value) + "]"
    return repr(value)


class PostRenderer:
    """One Python-Markdown instance with the site's extensions, reused for every post of a build."""

    def __init__(self, extensions: tuple[str, ...], configs: Mapping[str, Any], *, cache_root: Path | None = None,
                 inputs: str = "", worker: Isolated | None = None) -> None:
        """`cache_root`: keep converted bodies in the disk cache there, under a salt made of the extensions,
        their settings and `inputs`, the digest of what else a body's HTML depends on (the caller's:
        cchc.build.inputs.rendering_digest). `worker`: the process that converts where a signal cannot
        bound the time (the preview session's, started ahead); without one, one is started on first need."""
        self._extensions, self._configs = list(extensions), dict(configs)
        self._worker = worker
        self._restart()
        # What a body's HTML and facts depend on besides its text: a cache of what is made from them adds to it.
        self.salt = salt = digest(markdown.__version__, _stable(list(extensions)), _stable(configs), inputs)
        self._cache = DiskCache(cache_root, "markdown", salt) if cache_root is not None else None
        self._ahead: dict[str, _Converted] = {}
        self._workers: _Workers | None = None

    def prefetch(self, bodies: Iterable[str]) -> None:
        """Convert ahead the bodies the cache does not have, on every processor core (a full build's cold
        start: Python-Markdown is most of it), while the caller goes on: `render` takes each body's result
        when it is asked for. Only where a process can be forked safely (Linux, and no other thread in this
        one but idle workers', so not in the preview); elsewhere `render` converts them one by one."""
        missing: dict[str, str] = {}
        for body in bodies:
            key = digest(body)
            cached = self._cache.get(key) if self._cache else None
            found = _from_json(cached) if cached is not None else None
            if found is not None:
                self._ahead[key] = found
            else:
                missing[key] = body
        cores = os.cpu_count() or 1
        if len(missing) < AHEAD_AT_LEAST or cores < 2 or sys.platform != "linux" or self._workers is not None:
            return
        flush()  # the cache's writer idle (the plans' entries): the one other thread a full build has
        if not alone():
            return
        global _WORKER_RENDERER
        _WORKER_RENDERER = self
        try:
            self._workers = _Workers(cores, missing)
        except OSError:
            return  # no process to be had: `render` converts them here
        finally:
            _WORKER_RENDERER = None

    def _from_workers(self, key: str) -> _Converted | None:
        """The workers' results in the order the bodies were handed over, up to `key`'s (kept until asked for)."""
        workers = self._workers
        assert workers is not None
        try:
            for done, found in workers.until(key):
                if found is not None:
                    self._ahead[done] = found
                    if self._cache:
                        self._cache.put(done, _to_json(found))
        except BrokenProcessPool:
            workers.stop()  # a worker was killed: what is left is converted here
        if workers.done():
            self._workers = None
        return self._ahead.pop(key, None)

    def render(self, body: str, *, body_line: int) -> RenderedBody:
        """The body's HTML and facts, or its one problem when Python-Markdown cannot read it in bounds."""
        key = digest(body)
        found = self._ahead.pop(key, None)
        if found is None and self._workers is not None and self._workers.has(key):
            found = self._from_workers(key)
        if found is None:
            cached = self._cache.get(key) if self._cache else None
            found = _from_json(cached) if cached is not None else None
        if found is None:
            try:
                found = self._convert_bounded(body)
            except _TooSlow:
                return RenderedBody(facts=BodyFacts(problems=((body_line, (
                    f"Markdown cần hơn {MARKDOWN_SECONDS:g} giây để đọc nội dung này (thường do hàng nghìn dấu [ "
                    "không đóng hoặc dòng liền nhau); hãy sửa hoặc chia nhỏ")),)))
            except RecursionError:
                return RenderedBody(facts=BodyFacts(problems=((_deepest_line(body, body_line),
                                                               f"nội dung lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)"),)))
            except ChildLost:
                return RenderedBody(facts=BodyFacts(problems=((body_line, (
                    "Markdown dừng giữa chừng khi đọc nội dung này (tiến trình đọc bị dừng); hãy lưu lại, "
                    "hoặc sửa hay chia nhỏ nếu lần sau vẫn vậy")),)))
            if self._cache:
                self._cache.put(key, _to_json(found))
        return _with_lines(found, body, body_line)

    def _restart(self) -> None:
        self._md = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
        use_skipping_inline(self._md)
        self._collect = _Collect(self._md)
        # After every other tree processor (Python-Markdown's last, "unescape", has priority 0).
        self._md.treeprocessors.register(self._collect, "cchc_facts", -10)
        # After the inline patterns have made the images (20), before the tree is indented (10).
        self._md.treeprocessors.register(_Figures(self._md), "cchc_figures", 15)
        # After every other postprocessor (raw HTML back in at 30, `&` at 20, Python-Markdown's last at 10).
        self._md.postprocessors.register(_WholeHtml(self._md, self._collect), "cchc_whole_html", -10)

    def _convert_bounded(self, body: str) -> _Converted:
        """The body converted within MARKDOWN_SECONDS: here, under a signal, where one can interrupt this
        thread; elsewhere (the preview's build thread, Windows) in the worker process, killed when it runs
        out of time. Raises _TooSlow, RecursionError or ChildLost."""
        if signals_work():
            try:
                return self._convert(body, MARKDOWN_SECONDS)
            except (_TooSlow, RecursionError):
                self._restart()  # a conversion cut short leaves Python-Markdown's state half-made
                raise
        if self._worker is None:
            self._worker = Isolated(preload=__name__)
            weakref.finalize(self, self._worker.close)
        try:
            # A little more than the child's own signal limit: the kill is for what a signal cannot stop.
            data = self._worker.call(MARKDOWN_SECONDS + 2, _convert_isolated, self._extensions, self._configs, body, MARKDOWN_SECONDS)
        except TimeLimitExceeded:
            raise _TooSlow from None
        except (pickle.PicklingError, TypeError, AttributeError, OSError):
            # Settings that cannot reach a process, or no process to be had: here, unbounded, as before.
            return self._convert(body, MARKDOWN_SECONDS)
        converted = _from_json(data)
        assert converted is not None
        return converted

    def _convert(self, body: str, seconds: float) -> _Converted:
        """The body converted in this thread, under a signal time limit where one works (`signals_work`)."""
        self._md.reset()
        self._collect.found = _Found()  # Python-Markdown skips its tree processors for an empty body
        try:
            with TimeLimit(seconds) as limit:
                html_text = self._md.convert(body)
        except TimeLimitExceeded as error:
            if limit.owns(error):
                raise _TooSlow from None
            raise  # an outer limit (the publish's): not this body's doing
        found = self._collect.found
        return _Converted(html_text, getattr(self._md, "toc_tokens", []), found)


class _TooSlow(Exception):
    """Python-Markdown ran out of its time on one body."""


AHEAD_AT_LEAST = 64  # bodies to convert before processes are worth starting
_WORKER_RENDERER: PostRenderer | None = None  # the renderer a forked worker inherits


class _Workers:
    """Forked processes converting bodies, each result taken in order. concurrent.futures forks every
    worker at the first submission, before it starts a thread of its own, and never forks again: a
    killed worker breaks the pool (BrokenProcessPool) rather than being replaced from a process that
    has threads by then."""

    def __init__(self, cores: int, bodies: dict[str, str]) -> None:
        self._executor = ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork"))
        self._keys = dict.fromkeys(bodies)  # in the order handed over, which the results keep
        self._results = self._executor.map(_convert_in_worker, list(bodies.values()), chunksize=8)
        weakref.finalize(self, self._executor.shutdown, cancel_futures=True)

    def has(self, key: str) -> bool:
        return key in self._keys

    def until(self, key: str) -> Iterator[tuple[str, _Converted | None]]:
        while key in self._keys:
            done = next(iter(self._keys))
            del self._keys[done]
            yield done, next(self._results)
        if not self._keys:
            self.stop()

    def done(self) -> bool:
        return not self._keys

    def stop(self) -> None:
        self._keys.clear()
        self._executor.shutdown(cancel_futures=True)


def _convert_in_worker(body: str) -> _Converted | None:
    """In a worker process: one body converted, or None when it is too slow or too deep (the build
    then converts it again itself, and reports it at its line)."""
    renderer = _WORKER_RENDERER
    assert renderer is not None
    try:
        return renderer._convert(body, MARKDOWN_SECONDS)  # a forked worker runs it in its main thread: the signal works
    except (_TooSlow, RecursionError):
        renderer._restart()
        return None


_ISOLATED: dict[str, PostRenderer] = {}  # in the worker process of `Isolated`: the renderer of the settings last asked for


def _convert_isolated(extensions: list[str], configs: dict[str, Any], body: str, seconds: float) -> dict[str, Any]:
    """In the worker process (cchc.render.time_limit.Isolated): one body converted under a signal limit of
    its own (the parent kills the process only when the signal cannot stop the conversion)."""
    key = _stable(extensions) + _stable(configs)
    renderer = _ISOLATED.get(key)
    if renderer is None:
        _ISOLATED.clear()
        renderer = _ISOLATED[key] = PostRenderer(tuple(extensions), configs)
    try:
        return _to_json(renderer._convert(body, seconds))
    except (_TooSlow, RecursionError):
        renderer._restart()
        raise


@dataclass
class _Converted:
    html: str
    toc: list[Any]
    found: _Found


def _to_json(converted: _Converted) -> dict[str, Any]:
    found = converted.found
    return {"html": converted.html, "toc": converted.toc, "files": found.files, "images": found.images,
            "anchors": found.anchors, "ids": found.ids, "first": found.first_paragraph, "links": found.links,
            "refused": found.refused, "refused_html": found.refused_html, "depth": found.depth,
            "linked": found.linked}


def _from_json(data: Any) -> _Converted | None:
    try:
        found = _Found([tuple(item) for item in data["files"]], [tuple(item) for item in data["images"]],
                       list(data["anchors"]), list(data["ids"]), str(data["first"]), [str(url) for url in data["links"]],
                       [(str(a), str(b)) for a, b in data["refused"]], [(str(a), int(b), str(c)) for a, b, c in data["refused_html"]],
                       int(data["depth"]), [str(target) for target in data["linked"]])
        return _Converted(str(data["html"]), list(data["toc"]), found)
    except (KeyError, TypeError, ValueError):
        return None  # an entry of another shape: render again


def _with_lines(converted: _Converted, body: str, body_line: int) -> RenderedBody:
    found = converted.found
    split = body.split("\n")
    written = [written for _, written in found.files]
    anchors_found = list(dict.fromkeys(found.anchors))
    links_found = list(dict.fromkeys(found.links))
    # One cursor per kind: a link to a.png and the image a.png are two occurrences to tell apart.
    paths = first_lines(Lines(split), wanted(written, ["#" + anchor for anchor in anchors_found], links_found), whole=True)
    file_lines, anchor_lines, link_lines = (Cursor(paths, body_line) for _ in range(3))
    files = tuple(dict.fromkeys((target, file_lines.find(written)) for target, written in found.files))
    anchors = tuple((anchor, anchor_lines.find("#" + anchor)) for anchor in anchors_found)
    links = tuple((url, link_lines.find(url)) for url in links_found)
    with_images = [i for i, line in enumerate(split) if _IMAGE_LINE.search(line)] if found.images else []
    image_lines = _cursor([split[i] for i in with_images], [src for src, _ in found.images], body_line, whole=True, numbers=with_images)
    images = tuple(Image(src, normalize(alt), image_lines.find(src)) for src, alt in found.images)
    refused = [(snippet.lower(), message) for snippet, message in found.refused]
    lowered = _cursor(body.lower().split("\n") if refused else [], [snippet for snippet, _ in refused], body_line, whole=False)
    fragments = _cursor(split, [first for first, _, _ in found.refused_html], body_line, whole=False)
    problems = [(lowered.find(snippet), message) for snippet, message in refused]
    problems += [(fragments.find(first) + offset, message) for first, offset, message in found.refused_html]
    if found.depth > MAX_DEPTH:
        problems.append((_deepest_line(body, body_line), f"nội dung lồng nhau {found.depth} cấp, quá {MAX_DEPTH} cấp"))
    facts = BodyFacts(files=files, images=images, first_paragraph=normalize(found.first_paragraph),
                      anchors=anchors, ids=tuple(dict.fromkeys(found.ids)), links=links, problems=tuple(dict.fromkeys(problems)),
                      linked=tuple(dict.fromkeys(found.linked)))
    return RenderedBody(converted.html, _toc_json(converted.toc), facts)


def _cursor(lines: list[str], texts: list[str], first: int, *, whole: bool, numbers: list[int] | None = None) -> Cursor:
    """Lines of `texts` in `lines` (body lines `numbers`, default all), the body starting at file line `first`."""
    return Cursor(first_lines(Lines(lines, numbers), wanted(texts), whole=whole) if texts else {}, first)


def _deepest_line(body: str, first: int) -> int:
    """The line most likely to nest deepest: the longest run of quote marks, list marks and indentation."""
    lines = body.split("\n")
    prefix = [len(re.match(r"[\s>*+\-<]*", line).group(0)) for line in lines]  # type: ignore[union-attr]
    return first + max(range(len(lines)), key=lambda i: (prefix[i], -i)) if lines else first


def _toc_json(toc: list[Any]) -> str:
    return json.dumps(toc, ensure_ascii=False, sort_keys=True)


_IMAGE_LINE = re.compile(r"!\[|<img\b", re.IGNORECASE)
