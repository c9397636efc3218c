"""Which HTML a body may hold (posts, plans, answers, pages of docs/); anything else is refused at its
line, before the build.

Refusing (rather than cleaning) keeps MkDocs' rendering untouched and tells the writer exactly what
to change; it is also why no sanitizer such as nh3 (ammonia) is used, which cleans without saying
what it removed. HTML is read as a browser reads it, by an HTML5 tokenizer (`scan`): each raw block
(for its lines), then the whole HTML of a body that has raw HTML (cchc.render.markdown), so markup
no block shows alone is refused too.

Raw HTML may use the tags and attributes of formatted text only: no `script`, `style`, `meta` (a
`<meta http-equiv="refresh">` sent visitors off-site), `base`, `iframe`, `object`, `embed`, `form`
and the like, no `on…` event attributes, no inline `style`. Every link, image and
quotation address, in raw HTML and in Markdown alike (`[x](javascript:…)`, attr_list's `{: onclick=…}`),
is http(s), mailto, tel or relative: no `javascript:` and no `data:` (an image is a file beside the
post). The site's Content-Security-Policy would block scripts anyway, but the preview has none, and
a refresh or an off-site form needs no script.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from html5lib._tokenizer import HTMLTokenizer  # private module: html5lib is pinned exactly (requirements.in)
from html5lib.constants import asciiUpper2Lower, digits, hexDigits, replacementCharacters, spaceCharacters, tokenTypes

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
# Start tags after which a browser's tree builder has its tokenizer read on otherwise (RCDATA, RAWTEXT, script
# data, PLAINTEXT; `<noscript>` with scripting on) or enters foreign content, where `<![CDATA[` opens a CDATA
# section. The policy's tokenizer never does: sound only while every one of them is refused.
READ_DIFFERENTLY_AFTER = frozenset({"iframe", "math", "noembed", "noframes", "noscript", "plaintext", "script", "style", "svg",
                                    "textarea", "title", "xmp"})
assert not READ_DIFFERENTLY_AFTER & ALLOWED_TAGS
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_SPACE = re.compile(r"[\x00-\x20]+")
_NEWLINE = re.compile("\n")


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


# What a browser's tree builder makes besides the elements of start tags: `</br>` and `</p>` make a `br` and a
# `p`; a `td` or `th` straight in a table gets a `tr` (and a `tbody`, which is the parser's own), a `col` a
# `colgroup`; `<image>` is an `img`.
_END_TAG_ELEMENTS = frozenset({"br", "p"})
_ADDED_FOR = {"td": ("tr",), "th": ("tr",), "col": ("colgroup",)}
_RENAMED = {"image": "img"}
# Appended to a fragment: when it comes out as a tag of its own, the fragment ended between tokens, as the
# page's own markup that follows it on the page must find it.
_END = "<cchc-end-of-fragment>"
_START, _END_TAG = tokenTypes["StartTag"], tokenTypes["EndTag"]
_NAME_ENDS = spaceCharacters | {">", "/"}


@dataclass
class Scan:
    """What the policy read in one fragment of HTML: problems (line within the fragment, from 0; message),
    the links and images it holds, the ids it defines, how deep it nests, and every element a browser
    makes of it (`elements`: name, attributes and where its tag starts, in order; for the differential
    test against Chromium). Offsets count in the fragment with its line ends made `\\n`."""

    problems: list[tuple[int, str]] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, address, alt)
    anchors: set[str] = field(default_factory=set)
    deepest: int = 0
    elements: list[tuple[str, dict[str, str], int]] = field(default_factory=list)
    first_problem: int | None = None  # where the first refused markup starts
    open_at: int | None = None  # where markup still open at the end starts


class _Tokenizer(HTMLTokenizer):
    """html5lib's tokenizer, its reading of one string kept linear in its length: the string held as a
    single chunk (so the stream's offset is the offset in the string; html5lib's line counting is
    quadratic and off by one at some chunk ends), names read as one run, values and comments gathered
    in lists (html5lib adds to a string a character at a time, and compares each attribute name with
    all the earlier ones), a DOCTYPE skipped to its `>`, where every DOCTYPE state ends, and numeric
    references of any length (html5lib hands them all to int(), which refuses 4,301 digits). The
    tokens are html5lib's otherwise. `opened` is where the last `<` that started a tag, comment or
    declaration is."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.stream._defaultChunkSize = len(text) + 1
        self.stream.reportCharacterErrors = None  # parse errors are not read: skip looking for them
        self.opened = 0

    def tagOpenState(self) -> bool:
        self.opened = self.stream.chunkOffset - 1
        return bool(super().tagOpenState())

    def tagNameState(self) -> bool:
        self.currentToken["name"] += self.stream.charsUntil(_NAME_ENDS).replace("\0", "\ufffd")
        return self._after_name(self.stream.char(), after_space=self.beforeAttributeNameState)

    def attributeNameState(self) -> bool:
        attribute = self.currentToken["data"][-1]
        attribute[0] = (attribute[0] + self.stream.charsUntil(_NAME_ENDS | {"="}).replace("\0", "\ufffd")).translate(asciiUpper2Lower)
        char = self.stream.char()
        if char == "=":
            self.state = self.beforeAttributeValueState
            return True
        return self._after_name(char, after_space=self.afterAttributeNameState)

    def _after_name(self, char: str, *, after_space: Callable[[], bool]) -> bool:
        if char in spaceCharacters:
            self.state = after_space
        elif char == ">":
            self.emitCurrentToken()
        elif char == "/":
            self.state = self.selfClosingStartTagState
        else:  # the end of the text: the tag is dropped
            self.state = self.dataState
        return True

    def beforeAttributeValueState(self) -> bool:
        attribute = self.currentToken["data"][-1]
        if isinstance(attribute[1], str):
            attribute[1] = list(attribute[1])  # `+=` on a list adds the characters, in linear time
        return bool(super().beforeAttributeValueState())

    def emitCurrentToken(self) -> None:
        for attribute in self.currentToken.get("data") or ():
            if isinstance(attribute[1], list):
                attribute[1] = "".join(attribute[1])
        super().emitCurrentToken()

    def commentStartState(self) -> bool:
        if isinstance(self.currentToken["data"], str):
            self.currentToken["data"] = list(self.currentToken["data"])  # never read: only its end matters
        return bool(super().commentStartState())

    def doctypeState(self) -> bool:
        self.stream.charsUntil(">")
        self.stream.char()
        self.tokenQueue.append({"type": tokenTypes["Doctype"], "name": "", "publicId": None, "systemId": None, "correct": False})
        self.state = self.dataState
        return True

    def consumeNumberEntity(self, isHex: bool) -> str:
        number = self.stream.charsUntil(hexDigits if isHex else digits, True).lstrip("0")
        code = int(number or "0", 16 if isHex else 10) if len(number) <= 8 else 0x110000
        char = self.stream.char()
        if char != ";":
            self.stream.unget(char)
        if code in replacementCharacters:
            return str(replacementCharacters[code])
        return "\ufffd" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)


def scan(fragment: str, *, raw: bool = True) -> Scan:
    """One fragment of HTML read token by token as the HTML5 tokenizer reads it (html5lib's, an exact
    pin: it follows the WHATWG states a browser has). `raw`: written as HTML by the writer, so only
    the attributes of formatted text are allowed (attribute_problem).

    The tokenizer stays in its data state throughout; in a browser only the tree builder moves it
    elsewhere (RCDATA after `<title>` and `<textarea>`, RAWTEXT after `<style>`, `<xmp>`, `<iframe>`,
    `<noembed>`, `<noframes>` and `<noscript>` with scripting, script data after `<script>`, PLAINTEXT
    after `<plaintext>`, CDATA sections inside `<svg>` and `<math>`: READ_DIFFERENTLY_AFTER), and each of
    those starts with a tag this policy refuses. So up to such a tag both read the same tokens; `<![CDATA[ … ]]>`,
    `<![if …]>` and `<?xml …>` in HTML are bogus comments that end at the first `>`, `<!-->` an empty
    comment, `--!>` ends a comment, as in every browser. A fragment that ends inside a tag, comment or
    declaration is refused: what follows it on the page would complete it."""
    text = fragment.replace("\r\n", "\n").replace("\r", "\n")  # what the tokenizer's input stream reads
    found = Scan()
    depth = 0
    tokenizer = _Tokenizer(text + _END)
    starts: list[int] = []  # where each line starts, counted at the first problem

    def refuse(offset: int, message: str) -> None:
        if not starts:
            starts.extend([0, *(match.end() for match in _NEWLINE.finditer(text))])
        found.problems.append((bisect_right(starts, offset) - 1, message))
        if found.first_problem is None or offset < found.first_problem:
            found.first_problem = offset

    ended = False
    for token in tokenizer:
        kind = token["type"]
        if kind not in (_START, _END_TAG):
            continue
        if tokenizer.stream.chunkOffset > len(text):  # the end mark, or a tag the end mark completed
            ended = tokenizer.opened == len(text) and token["name"] == _END[1:-1] and not token["data"]
            continue
        if kind == _START:
            name = token["name"]
            _element(name, dict(token["data"]), tokenizer.opened, found, refuse, raw=raw)
            if name not in VOID_TAGS:
                depth += 1
                found.deepest = max(found.deepest, depth)
        else:
            depth = max(0, depth - 1)
            if token["name"] in _END_TAG_ELEMENTS:
                found.elements.append((token["name"], {}, tokenizer.opened))
    if not ended or text.endswith("<"):  # a `<` last: a letter after it on the page would open a tag
        found.open_at = len(text) - 1 if ended else tokenizer.opened
        refuse(found.open_at, _unclosed(text[found.open_at:found.open_at + 4]))
    return found


def start_tags(text: str, name: str) -> list[tuple[int, int, dict[str, str]]]:
    """Every start tag `name` of a page's HTML as a browser's tokenizer reads it: (where its `<` is, where
    it ends, just past its `>`; its attributes). Escaped text (`&lt;img` in code) is no tag."""
    tokenizer = _Tokenizer(text + _END)
    found = []
    for token in tokenizer:
        if token["type"] == _START and token["name"] == name and tokenizer.stream.chunkOffset <= len(text):
            found.append((tokenizer.opened, tokenizer.stream.chunkOffset, dict(token["data"])))
    return found


def start_tag(name: str, attributes: Iterable[tuple[str, str]], *, void: bool = False) -> str:
    """A start tag written again (what `start_tags` read, changed): every value quoted and escaped; `void`:
    an element with no end tag (`<img … />`)."""
    written = " ".join(f'{key}="{html.escape(value, quote=True)}"' for key, value in attributes)
    return f"<{name} {written}{' />' if void else '>'}"


def _element(name: str, values: dict[str, str], offset: int, found: Scan, refuse: Callable[[int, str], None], *,
             raw: bool) -> None:
    found.elements.append((_RENAMED.get(name, name), values, offset))
    found.elements += [(added, {}, offset) for added in _ADDED_FOR.get(name, ())]
    if problem := tag_problem(name):
        refuse(offset, problem)  # the element goes whole: its attributes need no word
        return
    for attribute, value in values.items():
        if problem := attribute_problem(name, attribute, value, raw=raw):
            refuse(offset, problem)
    if anchor := values.get("id") or (values.get("name") if name == "a" else None):
        found.anchors.add(anchor)
    if name in ("a", "img"):
        found.links.append((name, values.get("href" if name == "a" else "src", ""), values.get("alt", "")))


def _unclosed(start: str) -> str:
    """The message for markup still open where its fragment ends (`start`: its first characters)."""
    if start.startswith("<!--"):
        what = "chú thích `<!--` không có `-->` đóng"
    elif start.startswith(("<!", "<?")) or (start.startswith("</") and not (start[2:3].isascii() and start[2:3].isalpha())):
        what = f"khai báo `{start[:2]}` không có `>` đóng"
    elif start == "<":
        what = "dấu `<` ở cuối đoạn HTML"
    else:
        what = "thẻ HTML không có `>` đóng (hoặc còn dấu nháy chưa đóng)"
    return f"{what}: trình duyệt sẽ đọc cả phần trang phía sau vào đó; hãy đóng lại hoặc viết `&lt;` thay cho `<`"
