"""What a post body links to, its images with their alt text, and its first paragraph, read from
Python-Markdown's element tree with the site's own extensions (never with regexes over the source).

So code samples never count: `![Ảnh](ten-anh.png)` in a fenced or indented code block is code
text, not an image. Raw HTML blocks are kept aside by Python-Markdown (its "stash"); they are parsed
as HTML, where code is escaped text too. The element tree carries no line numbers, so a fact's line
is the first body line, not yet taken by an earlier fact, that contains its target: exact for
everything but a target written both in code and in a real link, where the line may be the code's.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .html_policy import URL_ATTRIBUTES, RawHtml, attribute_problem, tag_problem, url_problem
from .model import BodyFacts, Image
from .text import normalize
from .time_limit import TimeLimit, TimeLimitExceeded

_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
# Deeper than this, nothing is a real post; Python-Markdown (nested lists), the HTML serializer and
# the search index's parser would each need more recursion than Python allows, after site/ was cleaned.
MAX_DEPTH = 32
# A post takes a few milliseconds; this is for bodies Python-Markdown needs quadratic time for.
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
    return path


@dataclass
class _Found:
    files: list[tuple[str, str]] = field(default_factory=list)  # (target, as written)
    images: list[tuple[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every link and image address, as written
    anchors: set[str] = field(default_factory=set)
    refused: list[tuple[str, str]] = field(default_factory=list)  # Markdown's elements: (snippet to find the line by, message)
    refused_html: list[tuple[str, int, str]] = field(default_factory=list)  # raw HTML: (its first line, line in it, message)
    depth: int = 0
    first_paragraph: str = ""


class _Collect(Treeprocessor):
    """Runs last, on the finished tree: records links, images, anchors, refused HTML and the first prose paragraph."""

    found: _Found

    def run(self, root: ET.Element) -> None:
        self.found = found = _Found(depth=_depth(root))
        stash = self.md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            _check_element(element, found)
            if element.tag in ("a", "img"):
                _element(element.tag, element.get("href" if element.tag == "a" else "src", ""), element.get("alt", ""), found)
            for text in (element.text, element.tail):
                for number in _PLACEHOLDER.findall(text or ""):
                    _raw_html(str(stash[int(number)]), found)
        for element in root:
            if element.tag == "p" and (text := _plain_text(element, stash)):
                found.first_paragraph = text
                break


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
    if anchor := element.get("id") or (element.get("name") if element.tag == "a" else None):
        found.anchors.add(anchor)


def _raw_html(raw: str, found: _Found) -> None:
    """Links, images, anchors and refused markup of a raw HTML block (escaped code in it is text, so never counts)."""
    parser = RawHtml()
    parser.feed(raw)
    parser.close()
    first = next((line for line in raw.split("\n") if line.strip()), raw)
    found.refused_html += [(first, offset, message) for offset, message in parser.problems]
    found.anchors |= parser.anchors
    found.depth = max(found.depth, parser.deepest)
    for tag, url, alt in parser.links:
        _element(tag, url, alt, found)


def _element(tag: str, url: str, alt: str, found: _Found) -> None:
    if tag == "img":
        found.images.append((url, alt))
    found.links.append(url)
    if target := local_target(url):
        found.files.append((target, url))


def _plain_text(element: ET.Element, stash: list[Any]) -> str:
    """The text of a paragraph: inline raw HTML reduced to its text, entities decoded, spaces folded."""
    def with_html(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: _html_text(str(stash[int(m.group(1))])), text)

    parts = [with_html(text) for text in element.itertext()]
    text = html.unescape("".join(parts).replace(AMP_SUBSTITUTE, "&"))
    return " ".join(text.split())


def _html_text(raw: str) -> str:
    return re.sub(r"<[^>]*>", "", raw)  # a stashed inline tag ("<em>") or entity ("&amp;")


class FactReader:
    """One Python-Markdown instance with the site's extensions, reused for every post of a build."""

    def __init__(self, extensions: tuple[str, ...], configs: Mapping[str, Any]) -> None:
        self._extensions, self._configs = list(extensions), dict(configs)
        self._start()

    def _start(self) -> None:
        self._md = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
        self._collect = _Collect(self._md)
        # After every other tree processor (Python-Markdown's last, "unescape", has priority 0).
        self._md.treeprocessors.register(self._collect, "cchc_facts", -10)

    def read(self, body: str, *, body_line: int) -> BodyFacts:
        """The facts of a body, or its one problem when Python-Markdown cannot read it in bounds."""
        self._md.reset()
        self._collect.found = _Found()  # Python-Markdown skips its tree processors for an empty body
        try:
            with TimeLimit(MARKDOWN_SECONDS) as limit:
                self._md.convert(body)
        except TimeLimitExceeded as error:
            if not limit.owns(error):
                raise
            self._start()  # a conversion cut short leaves Python-Markdown's state half-made
            return BodyFacts(problems=((body_line, f"Markdown cần hơn {MARKDOWN_SECONDS:g} giây để đọc nội dung này (thường do "
                                                    "hàng nghìn dấu [ không đóng hoặc dòng liền nhau); hãy sửa hoặc chia nhỏ"),))
        except RecursionError:
            self._start()
            return BodyFacts(problems=((_deepest_line(body, body_line), f"nội dung lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)"),))
        found = self._collect.found
        lines = _LineFinder(body.split("\n"), body_line)
        files = tuple(dict.fromkeys((target, lines.find(written)) for target, written in found.files))
        images = tuple(Image(src, normalize(alt), lines.find(src)) for src, alt in found.images)
        lowered = _LineFinder(body.lower().split("\n"), body_line)
        problems = [(lowered.find(snippet.lower()), message) for snippet, message in found.refused]
        problems += [(lines.find(first) + offset, message) for first, offset, message in found.refused_html]
        if found.depth > MAX_DEPTH:
            problems.append((_deepest_line(body, body_line), f"nội dung lồng nhau {found.depth} cấp, quá {MAX_DEPTH} cấp"))
        return BodyFacts(
            files=files, images=images, first_paragraph=normalize(found.first_paragraph),
            links=tuple((url, lines.find(url)) for url in dict.fromkeys(found.links)),
            anchors=frozenset(found.anchors), problems=tuple(dict.fromkeys(problems)),
        )


def _deepest_line(body: str, first: int) -> int:
    """The line most likely to nest deepest: the longest run of quote marks, list marks and indentation."""
    lines = body.split("\n")
    prefix = [len(re.match(r"[\s>*+\-<]*", line).group(0)) for line in lines]  # type: ignore[union-attr]
    return first + max(range(len(lines)), key=lambda i: (prefix[i], -i)) if lines else first


class _LineFinder:
    def __init__(self, lines: list[str], first: int) -> None:
        self.lines = lines
        self.first = first
        self.taken: dict[str, int] = {}

    def _candidates(self, text: str) -> Iterator[int]:
        # Python-Markdown's text has tabs expanded (a raw HTML block is kept that way).
        return (i for i, line in enumerate(self.lines) if text and (text in line or text in line.expandtabs(4)))

    def find(self, text: str) -> int:
        """The file line of the next occurrence of `text` (the body's first line when it is not found)."""
        after = self.taken.get(text, -1)
        index = next((i for i in self._candidates(text) if i > after), None)
        if index is None:
            index = next(self._candidates(text), 0)
        self.taken[text] = index
        return self.first + index
