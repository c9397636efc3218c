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

import lxml.html
import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .model import BodyFacts, Image
from .text import normalize

_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")


def local_target(url: str) -> str | None:
    """A link or image target that names a file beside the post (no scheme, no leading /, not a page)."""
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
    first_paragraph: str = ""


class _Collect(Treeprocessor):
    """Runs last, on the finished tree: records links, images and the first prose paragraph."""

    found: _Found

    def run(self, root: ET.Element) -> None:
        self.found = found = _Found()
        stash = self.md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            if element.tag in ("a", "img"):
                _element(element.tag, element.get("href" if element.tag == "a" else "src", ""), element.get("alt", ""), found)
            for text in (element.text, element.tail):
                for number in _PLACEHOLDER.findall(text or ""):
                    _raw_html(str(stash[int(number)]), found)
        for element in root:
            if element.tag == "p" and (text := _plain_text(element, stash)):
                found.first_paragraph = text
                break


def _raw_html(raw: str, found: _Found) -> None:
    """Links and images of a raw HTML block (escaped code in it is text, so never counts)."""
    try:
        fragments = lxml.html.fragments_fromstring(raw)
    except (ValueError, lxml.etree.ParserError):
        return
    for fragment in fragments:
        if not isinstance(fragment, lxml.html.HtmlElement):
            continue
        for element in fragment.iter("a", "img"):
            _element(element.tag, element.get("href" if element.tag == "a" else "src") or "", element.get("alt") or "", found)


def _element(tag: str, url: str, alt: str, found: _Found) -> None:
    if tag == "img":
        found.images.append((url, alt))
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
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
        self._collect = _Collect(self._md)
        # After every other tree processor (Python-Markdown's last, "unescape", has priority 0).
        self._md.treeprocessors.register(self._collect, "cchc_facts", -10)

    def read(self, body: str, *, body_line: int) -> BodyFacts:
        self._md.reset()
        self._md.convert(body)
        found = self._collect.found
        lines = _LineFinder(body.split("\n"), body_line)
        files = tuple(dict.fromkeys((target, lines.find(written)) for target, written in found.files))
        images = tuple(Image(src, normalize(alt), lines.find(src)) for src, alt in found.images)
        return BodyFacts(files=files, images=images, first_paragraph=normalize(found.first_paragraph))


class _LineFinder:
    def __init__(self, lines: list[str], first: int) -> None:
        self.lines = lines
        self.first = first
        self.taken: dict[str, int] = {}

    def _candidates(self, text: str) -> Iterator[int]:
        return (i for i, line in enumerate(self.lines) if text and text in line)

    def find(self, text: str) -> int:
        """The file line of the next occurrence of `text` (the body's first line when it is not found)."""
        after = self.taken.get(text, -1)
        index = next((i for i in self._candidates(text) if i > after), None)
        if index is None:
            index = next(self._candidates(text), 0)
        self.taken[text] = index
        return self.first + index
