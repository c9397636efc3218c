"""Issue 22, item 4: the HTML policy against Chromium's own parser. Generated snippets (comments and
bogus comments, CDATA, conditional comments, `--!>`, `</script` variants, `<noscript>`, `<template>`,
SVG and MathML islands, attributes with odd quoting, entities, NUL and control characters) go to the
policy (cchc.render.html_policy.scan) and, inside a page built like the site's, to headless Chromium,
with JavaScript on and off (`<noscript>` is read differently). Every element Chromium makes, in
`<template>` contents too, is one the policy saw, with the same attributes; the elements the parser
adds itself (`html`, `head`, `body`, `tbody`) are left out. The comparison stops where a browser may
read on otherwise than the policy's tokenizer, at a tag of READ_DIFFERENTLY_AFTER (`<script>`, `<svg>`,
`<noscript>`…) or at markup left open at the end, both refused; other refused markup is compared
too. The same holds for each snippet rendered as a post body by the site's Markdown renderer, when
it would be published: the policy then read the body's whole HTML and refused nothing.

How Chromium parses: each whole page is written with `document.open()`/`write()`/`close()` into a
fresh same-origin iframe, many pages per call. Its HTML parser then reads the page as it reads one
from the network (the same tokenizer and tree builder, line ends made `\n`), with the scripting flag
of the browsing context: `<noscript>` is raw text with JavaScript on and markup with it off. DOMParser
was not used: its documents always have scripting off. A navigation per snippet would be the page
load itself, but costs tens of milliseconds; test_writing_a_page_builds_what_loading_it_builds shows
that for the tricky constructs writing builds the very tree loading builds. The page has a
Content-Security-Policy of `default-src 'none'`: nothing in a snippet loads or runs.

`make test` runs a fixed seed (SNIPPETS); `make fuzz` (CCHC_FUZZ=long) runs 20,000 with a random seed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, Route
from support.browser import chromium

from cchc.content.settings import MKDOCS_BUILTIN_EXTENSIONS
from cchc.render.html_policy import ALLOWED_TAGS, READ_DIFFERENTLY_AFTER, scan
from cchc.render.markdown import PostRenderer

LONG = os.environ.get("CCHC_FUZZ") == "long"
SNIPPETS = int(os.environ.get("CCHC_FUZZ_HTML") or (20_000 if LONG else 300))
BATCH = 25  # snippets written into Chromium in one call: a call costs what 40 snippets do
# No shrinking: each step of it is a call to Chromium, minutes for a batch, and a failure names its snippets.
FUZZ = settings(max_examples=max(1, SNIPPETS // BATCH), deadline=None, database=None, derandomize=not LONG, print_blob=True,
                suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.reuse, Phase.generate])
ORIGIN = "http://cchc.test"
# A post page as the site's templates make it (Material's main block, overrides/post.html); every element
# of the page itself is marked, so that what is left is what the snippet made.
PAGE = ('<!doctype html><html lang="vi"><head data-page><meta charset="utf-8" data-page><title data-page>Tin</title>'
        '<link rel="stylesheet" href="../assets/stylesheets/main.css" data-page></head><body data-page>'
        '<div class="md-container" data-page><main class="md-main" data-page><div class="md-content" data-page>'
        '<article class="md-content__inner md-typeset" data-page><article class="cchc-post" data-search-body data-page>'
        '<h1 data-search-title data-page>Tin</h1><p class="cchc-meta" data-page>01/03/2022 · Đơn vị: '
        '<a href="../../don-vi/van-phong/" data-page>Văn phòng</a></p>\n{body}\n'
        '<p class="cchc-tags" data-page>Chủ đề: <a class="cchc-badge" href="../../chu-de/x/" data-page>x</a></p>'
        '</article></article></div></main><footer class="md-footer" data-page><p data-page>Sở GDĐT</p></footer></div>'
        '</body></html>')
ADDED_BY_THE_PARSER = ("html", "head", "body", "tbody")
# The elements of a document the snippet made, template contents included: [namespace, name, attributes].
WALK = """(doc) => {
  const skipped = new Set(SKIPPED);
  const found = [];
  const walk = (parent) => {
    for (const element of parent.children) {
      const added = element.namespaceURI === 'http://www.w3.org/1999/xhtml' && skipped.has(element.localName);
      if (!element.hasAttribute('data-page') && !added) {
        found.push([element.namespaceURI, element.localName, Array.from(element.attributes, (a) => [a.name, a.value])]);
      }
      if (element.localName === 'template' && element.content) walk(element.content);
      walk(element);
    }
  };
  walk(doc);
  return found;
}""".replace("SKIPPED", json.dumps(ADDED_BY_THE_PARSER))
# Writes each page into a fresh iframe (timers of the last batch go with the old one) and walks it.
PARSE = """(pages) => {
  const elements = WALK;
  const frame = document.createElement('iframe');
  document.getElementById('frame').replaceWith(frame);
  frame.id = 'frame';
  return pages.map((page) => {
    const doc = frame.contentDocument;
    doc.open(); doc.write(page); doc.close();
    return elements(doc);
  });
}""".replace("WALK", WALK)
HTML = "http://www.w3.org/1999/xhtml"
HEADERS = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'"}
HOST = '<!doctype html><html><head><meta charset="utf-8"><title>x</title></head><body><iframe id="frame"></iframe></body></html>'


def _host(route: Route) -> None:
    if route.request.url == ORIGIN + "/":
        route.fulfill(status=200, headers=HEADERS, body=HOST)
    else:
        route.abort()


@pytest.fixture(scope="module")
def pages() -> Iterator[dict[bool, Page]]:
    """One Chromium; a page with JavaScript on and one with it off, each loaded once for every snippet."""
    with chromium() as browser:
        opened = {}
        for scripting in (True, False):
            context = browser.new_context(java_script_enabled=scripting)
            context.route("**/*", _host)
            page = context.new_page()
            page.goto(ORIGIN + "/")
            opened[scripting] = page
        yield opened


def chromium_elements(page: Page, bodies: list[str]) -> list[list[tuple[str, str, dict[str, str]]]]:
    found: Any = page.evaluate(PARSE, [PAGE.replace("{body}", body) for body in bodies])
    return [[(namespace, name, dict(attributes)) for namespace, name, attributes in elements] for elements in found]


def unseen(chromium_made: list[tuple[str, str, dict[str, str]]], seen: list[tuple[str, dict[str, str], int]]) -> list[str]:
    """The elements Chromium made that the policy did not see, with those attributes."""
    known = {(name, frozenset(attributes.items())) for name, attributes, _ in seen}
    return [f"<{name} {attributes}> ({namespace})" for namespace, name, attributes in chromium_made
            if namespace != HTML or (name, frozenset(attributes.items())) not in known]


def compared_part(snippet: str) -> tuple[str, list[tuple[str, dict[str, str], int]]]:
    """The snippet up to where a browser may read on otherwise than the policy (a tag of
    READ_DIFFERENTLY_AFTER, or markup left open at the end: both refused), and what the policy saw in it.
    Other refused markup stays in: the element a browser makes of it is one the policy saw too."""
    text = snippet.replace("\r\n", "\n").replace("\r", "\n")
    while True:
        found = scan(text)
        cuts = [offset for name, _, offset in found.elements if name in READ_DIFFERENTLY_AFTER]
        cuts += [] if found.open_at is None else [found.open_at]
        if not cuts:
            return text, found.elements
        text = text[:min(cuts)]


# ------------------------------------------------------------------ the generated snippets

_ALLOWED = sorted(ALLOWED_TAGS)
_REFUSED = ["script", "style", "meta", "noscript", "template", "textarea", "title", "xmp", "plaintext", "iframe", "noembed",
            "noframes", "svg", "math", "select", "option", "object", "form", "input", "image", "base", "link", "body", "html",
            "frameset", "mi", "mtext", "foreignObject", "desc", "annotation-xml", "SCRIPT", "scr\0ipt", "İmg"]
_NAMES = ["title", "class", "id", "href", "src", "alt", "lang", "dir", "name", "colspan", "span", "TITLE", "Href", "onclick",
          "onerror", "style", "http-equiv", "content", "xlink:href", "encoding", "type", "data-x", "a\0b", "<x", '"q', "'", "=x",
          "/", "ti\ntle"]
_VALUES = ["x", "", "https://a.vn/", "tep.pdf", "#muc", "javascript:alert(1)", "java\tscript:x", " javascript:x", "&amp;",
           "&quot;", "&#x3e;", "&#62", "&lt", "&amp", "&notin;", "&noti", "&notit;", "&#0;", "&#x110000;", "&#128;", "&#x0D;",
           "&#xD800;", "&#" + "0" * 30 + "65;", "a>b", 'a"b', "a'b", "a`b", "a=b", "a<b", "\0", "\n", "\r\n", " ", "\x0c", "\x01",
           "refresh", "3600;url=https://evil.example/", "text/html", "<script>x</script>", "-->", "]]>", "Hưng Yên"]
_TEXT = ["Sở", "Hưng Yên", "a", " ", "\n", "\r", "\r\n", "\t", "\x0c", "\0", "\x01", "\x0b", "\x7f", "\x85", "\u2028", "\ufffd",
         "<", ">", "&", '"', "'", "=", "/", "!", "-", "--", "?", "[", "]", "&amp;", "&lt;", "&#60;", "&#x3C;", "&lt", "&#0;", "&nbsp",
         "&notin;", "&noti", "İ"]
_MARKUP = ["<!--", "-->", "--!>", "<!-->", "<!--->", "<!-- x -->", "<!-- <!-- -->", "<!--x--!-->", "<!-- -- -->", "<![CDATA[",
           "]]>", "<![CDATA[ x ]]>", "<![CDATA[>", "<![if !IE]>", "<![endif]>", "<!--[if IE]>", "<![endif]-->", '<?xml version="1.0"?>',
           "<?", "?>", "<!DOCTYPE html>", "<!doctype", "<!DOCTYPE x PUBLIC \"a>b\">", "<!x>", "<!", "</", "</>", "</ x>", "</3>",
           "</script>", "</script", "</script >", "</SCRIPT>", "</script/>", "</scriptx>", "</script\t>", "</script\0>", "</style>",
           "</noscript>", "</template>", "</textarea>", "</title>", "</svg>", "</math>", "</p>", "</br>", "</table>", "</a>", "</b>",
           "<svg>", "<math>", "<svg><style>", "<svg><foreignObject>", "<math><mtext>", '<math><annotation-xml encoding="text/html">',
           "<svg><desc>", "<table>", "<td>", "<tr>", "<col>", "<caption>", "<b>", "<a>", "<p>", "<li>", "<pre>\n", "<br/>"]


@st.composite
def _attribute(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(_NAMES))
    value = draw(st.lists(st.sampled_from(_VALUES), max_size=3).map("".join))
    quoted = draw(st.sampled_from(['"{}"', "'{}'", "{}", '"{}', "'{}"]))
    equals = draw(st.sampled_from(["=", "=", " = ", "\n=", ""]))
    return name + ("" if not equals else equals + quoted.format(value))


@st.composite
def _tag(draw: st.DrawFn) -> str:
    name = draw(st.one_of(st.sampled_from(_ALLOWED), st.sampled_from(_ALLOWED), st.sampled_from(_REFUSED)))
    closing = draw(st.sampled_from(["", "", "", "/"]))
    attributes = draw(st.lists(st.tuples(st.sampled_from([" ", " ", "\n", "\t", "/", "\x0c", ""]), _attribute()), max_size=3))
    end = draw(st.sampled_from([">", ">", ">", "/>", " />", " ", ""]))
    return "<" + closing + name + "".join(space + attribute for space, attribute in attributes) + end


# Constructs that hide what is in them from one reader and not from another, each around markup.
_HIDERS = [("<![CDATA[", "]]>"), ("<![CDATA[ ", " ]]>"), ("<!--", "-->"), ("<!-- ", " --!>"), ("<!-->", "-->"), ("<!--->", "-->"),
           ("<![if !IE]>", "<![endif]>"), ("<!--[if IE]>", "<![endif]-->"), ("<?xml ", "?>"), ("<?", ">"), ("</ ", ">"),
           ("<!DOCTYPE x ", ">"), ("<!x ", ">"), ('<a title="', '">'), ("<a title='", "'>"), ("<a title=", ">"),
           ("<svg>", "</svg>"), ("<math>", "</math>"), ("<noscript>", "</noscript>"), ("<template>", "</template>"),
           ("<textarea>", "</textarea>"), ("<title>", "</title>"), ("<xmp>", "</xmp>"), ("<script>", "</script>"),
           ("<style>", "</style>"), ("<!--<script>", "</script>-->"), ("<script><!--", "--></script>")]


@st.composite
def _hidden(draw: st.DrawFn) -> str:
    opener, closer = draw(st.sampled_from(_HIDERS))
    inside = draw(st.lists(st.one_of(_tag(), st.sampled_from([">", " > ", "]]>", "-->", "--!>", "?>", '"', "'"])), max_size=4))
    return opener + "".join(inside) + draw(st.sampled_from([closer, closer, ""]))


SNIPPET = st.lists(st.one_of(_tag(), _tag(), _tag(), _hidden(), _hidden(), st.sampled_from(_MARKUP), st.sampled_from(_TEXT)),
                   max_size=14).map("".join)
# Where a snippet sits in a post body: inside a paragraph, as a block of its own, between paragraphs.
LAYOUTS = ["Tin {} hết.", "{}\n", "Đoạn.\n\n{}\n\nĐoạn.\n", "- mục {}\n"]


@pytest.fixture(scope="module")
def renderer() -> PostRenderer:
    return PostRenderer((*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list", "md_in_html", "tables"), {})


@FUZZ
@given(cases=st.lists(st.tuples(SNIPPET, st.sampled_from(LAYOUTS)), min_size=BATCH, max_size=BATCH))
def test_every_element_chromium_makes_the_policy_saw(pages: dict[bool, Page], renderer: PostRenderer,
                                                      cases: list[tuple[str, str]]) -> None:
    texts = []  # (what it is, the HTML, the elements the policy saw in it)
    for snippet, layout in cases:
        compared, seen = compared_part(snippet)
        texts.append((repr(snippet), compared, seen))
        rendered = renderer.render(layout.format(snippet), body_line=1)
        if not rendered.facts.problems:  # a body the build would publish: the policy read its whole HTML
            whole = scan(rendered.html, raw=False)
            assert whole.problems == [], (rendered.html, whole.problems)
            texts.append((f"{snippet!r} rendered as a post", rendered.html, whole.elements))
    for scripting, page in pages.items():
        made = chromium_elements(page, [text for _, text, _ in texts])
        missed = [f"{what}, JavaScript {'on' if scripting else 'off'}: {text!r}: {unseen(elements, seen)}"
                  for (what, text, seen), elements in zip(texts, made, strict=True) if unseen(elements, seen)]
        assert missed == []


# ------------------------------------------------------------------ fixed cases

ISSUE = {
    "meta refresh": ('Thông báo <![CDATA[ ><meta http-equiv="refresh" content="1;url=https://evil.example/"> ]]>', "meta"),
    "script beside the post": ('Thông báo <![CDATA[ ><script src="x.js"></script> ]]>', "script"),
    "empty comment": ("<!--> <script>x</script> -->", "script"),
    "conditional comment": ("<![if !IE]><meta http-equiv=refresh content=1><![endif]>", "meta"),
    "processing instruction": ("<?xml ><script>x</script>?>", "script"),
    "comment ended by --!>": ("<!-- a --!><script>x</script>", "script"),
}


@pytest.mark.parametrize("case", ISSUE, ids=list(ISSUE))
def test_the_issue_s_reproductions_make_the_element_the_policy_refuses(pages: dict[bool, Page], case: str) -> None:
    snippet, tag = ISSUE[case]
    assert any(f"`<{tag}>`" in message for _, message in scan(snippet).problems)
    for page in pages.values():
        assert tag in [name for _, name, _ in chromium_elements(page, [snippet])[0]]


TRICKY = [snippet for snippet, _ in ISSUE.values()] + [
    "<noscript><p title=x>y</p></noscript>", "<template><b id=t>x</b><template><i>y</i></template></template>",
    "<svg><![CDATA[ ><b> ]]><p>z</p></svg>", "<math><mtext><b>x</b></mtext><mi><p>y</p></mi></math>",
    "<table><td>x<col span=2></table></br></p>", "<b><p>x</b>y</p>", "<textarea><b>x</b></textarea><xmp><i>y</i></xmp>",
    "<a href=x><a href=y>z</a></a>", "<select><b>x</b><option>y</select>", "<image src=a.png>", "a\0b<a\0b title='\0'>",
    "<title><b>x</b></title><p title=\"&notit; &noti &#0; &#128;\">y</p>", "<plaintext><b>x</b>",
]


def test_writing_a_page_builds_what_loading_it_builds(pages: dict[bool, Page]) -> None:
    """The parse this test uses (document.write into an iframe) and a real page load (the page's bytes
    from the network, in frames) make the same elements, with JavaScript on and off."""
    for scripting, page in pages.items():
        written = chromium_elements(page, TRICKY)
        loaded = page.context.new_page()

        def serve(route: Route) -> None:
            path = route.request.url.removeprefix(ORIGIN)
            if path == "/loaded":
                frames = "".join(f'<iframe src="/page/{index}"></iframe>' for index in range(len(TRICKY)))
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=f"<!doctype html><body>{frames}</body>")
            elif path.startswith("/page/"):
                page_bytes = PAGE.replace("{body}", TRICKY[int(path.removeprefix("/page/"))]).encode("utf-8")
                route.fulfill(status=200, headers=HEADERS, body=page_bytes)
            else:
                route.abort()

        loaded.route("**/*", serve)
        try:
            loaded.goto(ORIGIN + "/loaded")
            found: Any = loaded.evaluate(f"() => Array.from(document.querySelectorAll('iframe'), (f) => ({WALK})(f.contentDocument))")
        finally:
            loaded.close()
        assert [[(namespace, name, dict(attributes)) for namespace, name, attributes in elements] for elements in found] == written, (
            f"JavaScript {'on' if scripting else 'off'}")
        if scripting:  # <noscript> is raw text with JavaScript on, markup with it off
            assert ("http://www.w3.org/1999/xhtml", "p", {"title": "x"}) not in written[len(ISSUE)]
        else:
            assert ("http://www.w3.org/1999/xhtml", "p", {"title": "x"}) in written[len(ISSUE)]
