"""Which HTML a post or plan body may hold; anything else is refused at its line, before the build.

Refusing (rather than cleaning) keeps MkDocs' rendering untouched and tells the writer exactly what
to change. Raw HTML may use the tags and attributes of formatted text only: no `script`, `style`,
`meta` (a `<meta http-equiv="refresh">` sent visitors off-site), `base`, `iframe`, `object`,
`embed`, `form` and the like, no `on…` event attributes, no inline `style`. Every link, image and
quotation address, in raw HTML and in Markdown alike (`[x](javascript:…)`, attr_list's `{: onclick=…}`),
is http(s), mailto, tel or relative: no `javascript:` and no `data:` (an image is a file beside the
post). The site's Content-Security-Policy would block scripts anyway, but the preview has none, and
a refresh or an off-site form needs no script.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# `markdown`: md_in_html's switch (<div markdown="1">).
_GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "markdown"})
_TAG_ATTRIBUTES = {
    "a": {"href", "name", "rel", "target", "hreflang"}, "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "headers", "align"}, "th": {"colspan", "rowspan", "headers", "scope", "abbr", "align"},
    "ol": {"start", "reversed", "type"}, "li": {"value"}, "time": {"datetime"}, "details": {"open"},
    "col": {"span"}, "colgroup": {"span"}, "q": {"cite"}, "blockquote": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
# Attributes whose value is an address a browser may load or follow.
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "srcset", "data", "background",
                            "longdesc", "xlink:href", "ping", "manifest", "codebase"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_SPACE = re.compile(r"[\x00-\x20]+")


def url_problem(url: str) -> str | None:
    """Why an address may not be used (None: it may). Browsers ignore tabs, line breaks and
    leading spaces in an address ("java\\tscript:"), so they are dropped before the scheme is read."""
    scheme = urlsplit(_SPACE.sub("", url)).scheme.lower()
    if scheme and scheme not in SCHEMES:
        shown = url if len(url) <= 60 else url[:57] + "…"
        return f"địa chỉ {shown!r} không được dùng: chỉ dùng http://, https://, mailto:, tel: hoặc tệp cạnh bài viết"
    return None


def tag_problem(tag: str) -> str | None:
    if tag in ALLOWED_TAGS:
        return None
    return (f"thẻ HTML `<{tag}>` không được dùng trong bài viết; hãy dùng Markdown "
            "hoặc thẻ định dạng văn bản (<strong>, <em>, <table>, <a>, <img>…)")


def attribute_problem(tag: str, name: str, value: str, *, raw: bool) -> str | None:
    """Why an attribute may not be used. `raw`: written as HTML by the writer; Markdown's own
    elements also carry attributes it made itself (`style` for aligned table columns)."""
    if name.startswith("on"):
        return f"thuộc tính `{name}` (chạy mã JavaScript) không được dùng trong thẻ `<{tag}>`"
    if name in URL_ATTRIBUTES and (problem := url_problem(value)):
        return problem
    if raw and not (name in _GLOBAL_ATTRIBUTES or name.startswith("aria-") or name in _TAG_ATTRIBUTES.get(tag, ())):
        return f"thuộc tính `{name}` không được dùng trong thẻ `<{tag}>`"
    return None


class RawHtml(HTMLParser):
    """One raw HTML fragment, tag by tag as Python's `html.parser` reads it: problems (with their line
    in the fragment), the links and images it holds, the ids it defines and how deep it nests.

    `html.parser` is not the HTML5 tokenizer browsers use: it reads CDATA sections, conditional and
    bogus comments and `<!-->` differently, so markup hidden in them can reach a browser unseen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []  # (line within the fragment, from 0; message)
        self.links: list[tuple[str, str, str]] = []  # (tag, address, alt)
        self.anchors: set[str] = set()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag not in VOID_TAGS:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0] - 1
        if problem := tag_problem(tag):
            self.problems.append((line, problem))  # the element goes whole: its attributes need no word
            return
        for name, value in values.items():
            if problem := attribute_problem(tag, name, value, raw=True):
                self.problems.append((line, problem))
        if anchor := values.get("id") or (values.get("name") if tag == "a" else None):
            self.anchors.add(anchor)
        if tag in ("a", "img"):
            self.links.append((tag, values.get("href" if tag == "a" else "src", ""), values.get("alt", "")))
