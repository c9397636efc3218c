"""Issue 22, item 4: raw HTML read as a browser reads it. The policy tokenizes with html5lib's HTML5
tokenizer (src/cchc/render/html_policy.py), so markup that Python's `html.parser` took for a CDATA
section, a conditional comment or an open comment is seen as the tag a browser makes of it; posts,
plans, answers and the pages of docs/ all pass it, at their lines. tests/build/test_html_policy_build.py
runs the issue's reproductions through `cchc check` and a build; tests/browser/test_html_chromium.py
compares the policy with Chromium's own parser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import REPO
from support.growth import FACTOR, LINEAR_AT_MOST, growth
from support.hidden_markup import META_REFRESH, SCRIPT_BESIDE
from support.project import content_settings

from cchc.build.pipeline import gather_content
from cchc.content.settings import MKDOCS_BUILTIN_EXTENSIONS
from cchc.render import markdown as markdown_render
from cchc.render.html_policy import scan
from cchc.render.markdown import PostRenderer

SIZE = 10_000  # repeated units: long enough that a quadratic reading shows, short enough for the unit layer


def refused(fragment: str) -> list[str]:
    """The tags, attributes and addresses the policy names in its refusals of `fragment`, in order."""
    return [message.split("`" if "`" in message else "'")[1] for _, message in scan(fragment).problems]


# ------------------------------------------------------------------ each construct, as a browser reads it

@pytest.mark.parametrize(("fragment", "named"), [
    # CDATA is a section only inside <svg> and <math>; in HTML `<![CDATA[` opens a bogus comment that the first `>` ends.
    (META_REFRESH, ["<meta>"]),
    (SCRIPT_BESIDE, ["<script>"]),
    ("<![CDATA[<script>x</script>]]>", []),  # the comment is `[CDATA[<script`: no element, in browsers either
    # Conditional comments are bogus comments too: `<![if …]>` ends at its own `>`.
    ("<![if !IE]><script>x</script><![endif]>", ["<script>"]),
    ("<!--[if IE]><script>x</script><![endif]-->", []),  # a real comment: hidden from every browser
    # `<!-->` and `<!--->` are whole (empty) comments; `--!>` ends a comment; `<!--` inside a comment nests nothing.
    ("<!--> <script>x</script> -->", ["<script>"]),
    ("<!---> <script>x</script> -->", ["<script>"]),
    ("<!-- a --!> <script>x</script> -->", ["<script>"]),
    ("<!-- <!-- a --> <script>x</script> -->", ["<script>"]),
    ("<!-- a -- > <script>x</script> -->", []),  # `-- >` does not end a comment
    # Processing instructions and `</` with no letter are bogus comments to the first `>`.
    ('<?xml version="1.0"?><script>x</script>', ["<script>"]),
    ("<?xml ><script>x</script>?>", ["<script>"]),
    ("</ x><script>x</script>", ["<script>"]),
    ("</3 <script>x</script>", []),  # the bogus comment ends at the first `>`, after `<script`
    ("<!DOCTYPE html><script>x</script>", ["<script>"]),
    # Tag and attribute names: case, NUL, odd separators and quoting, entities.
    ("<SCRIPT>x</SCRIPT>", ["<script>"]),
    ("<script/src=x.js></script>", ["<script>"]),
    ("<scr\0ipt>x</scr\0ipt>", ["<scr\ufffdipt>"]),
    ('<a href="java&#x09;script:alert(1)">x</a>', ["java\\tscript:alert(1)"]),
    ('<a href="&#106;avascript&colon;alert(1)">x</a>', ["javascript:alert(1)"]),
    ("<a href=javascript:alert(1)>x</a>", ["javascript:alert(1)"]),
    ('<a/href="javascript:alert(1)">x</a>', ["javascript:alert(1)"]),
    ('<a title="x"onclick="y">x</a>', ["onclick"]),
    ('<a title="x"/onclick="y">x</a>', ["onclick"]),
    ('<a href="https://a.vn" href="javascript:x">x</a>', []),  # the first of two wins, in browsers too
    ('<a title="<script>x</script>">x</a>', []),  # text of an attribute
    ("<a title='\">' href=\"https://a.vn\">x</a>", []),
    # Elements that change how what follows them is read: all refused, so what they hide never counts.
    ("<noscript><p>x</p></noscript>", ["<noscript>"]),
    ("<template><script>x</script></template>", ["<template>", "<script>"]),
    ("<svg><![CDATA[ x ]]></svg>", ["<svg>"]),
    ("<math><mi>x</mi></math>", ["<math>", "<mi>"]),
    ("<textarea><p>x</p></textarea>", ["<textarea>"]),
    ("<title>x</title>", ["<title>"]),
    ("<xmp><p>x</p></xmp>", ["<xmp>"]),
    ("<plaintext><p>x", ["<plaintext>"]),
    ("<style>p{}</style>", ["<style>"]),
    ("<iframe srcdoc='<p>'></iframe>", ["<iframe>"]),
    ("<image src=a.png>", ["<image>"]),
    ("<script>x</script x>", ["<script>"]),
    ("<script>x</script\t>", ["<script>"]),
    # Formatted text passes.
    ('<strong>đậm</strong> <a href="https://a.vn" title="t">x</a> <abbr title="CCHC">CCHC</abbr><br/></br></p>', []),
    ('<table><td colspan="2">x</td></table>', []),
])
def test_each_construct_is_read_as_a_browser_reads_it(fragment: str, named: list[str]) -> None:
    assert refused(fragment) == named


@pytest.mark.parametrize(("fragment", "opened"), [
    ('x <a href="https://a.vn" ', "thẻ HTML không có `>`"),
    ('x <a title="', "thẻ HTML không có `>`"),
    ("x <a", "thẻ HTML không có `>`"),
    ("x <!-- y", "chú thích `<!--`"),
    ("x <!-- y --", "chú thích `<!--`"),
    ("x <![CDATA[ y", "khai báo `<!`"),
    ("x <?xml", "khai báo `<?`"),
    ("x </", "khai báo `</`"),
    ("x <!DOCTYPE", "khai báo `<!`"),
    ("x <", "dấu `<` ở cuối"),
])
def test_markup_left_open_at_the_end_is_refused(fragment: str, opened: str) -> None:
    """What follows a fragment on the page (Markdown's text, the next block, the template) would finish it."""
    found = scan(fragment)
    assert len(found.problems) == 1 and opened in found.problems[0][1], found.problems
    assert found.first_problem == 2
    assert scan(fragment[:2]).problems == []


def test_problems_are_at_their_lines_and_offsets() -> None:
    fragment = "<p>\r\na</p>\n<![CDATA[\n><meta http-equiv=refresh>\n]]>\n" + "<b>x</b>\n" * 3000 + "<a\nonclick=x>y</a>"
    found = scan(fragment)
    onclick = "thuộc tính `onclick` (chạy mã JavaScript) không được dùng trong thẻ `<a>`"
    assert found.problems == [(3, found.problems[0][1]), (3005, onclick)]
    assert "`<meta>`" in found.problems[0][1]
    normalized = fragment.replace("\r\n", "\n")
    assert normalized[found.first_problem or 0:].startswith("<meta")


def test_what_a_browser_makes_of_the_tokens() -> None:
    """The elements the differential test compares with Chromium's: end tags that make elements, and
    the ones the tree builder adds."""
    found = scan('<table><td>x</td><col span="2"></table></br></p><b id="k" title="a&amp;b">y</b>')
    assert found.elements == [("table", {}, 0), ("td", {}, 7), ("tr", {}, 7), ("col", {"span": "2"}, 17), ("colgroup", {}, 17),
                              ("br", {}, 39), ("p", {}, 44), ("b", {"id": "k", "title": "a&b"}, 48)]
    assert found.anchors == {"k"} and found.deepest == 2 and found.problems == []


def test_links_ids_and_depth_as_before() -> None:
    found = scan('<div id="a"><a name="b" href="tep.pdf">x</a><img src="anh.png" alt="Ảnh"><div><p>z</p></div></div>')
    assert found.links == [("a", "tep.pdf", ""), ("img", "anh.png", "Ảnh")]
    assert found.anchors == {"a", "b"} and found.deepest == 3


@pytest.mark.parametrize("fragment", [
    lambda n: "<a " + "b " * n + ">",  # html5lib compares each attribute name with all the earlier ones
    lambda n: "<a" + "b" * (100 * n) + ">",  # and adds a tag name to a string a character at a time
    lambda n: '<a title="' + "&amp;" * n + '">x</a>',
    lambda n: "<!--" + "-a" * n + "-->",
    # (at 100 and 400 kB, which stay in the processor's cache: at 10 and 40 MB, a linear reading measured 2.3 to 6.7
    # alone and 10 in a full run of the suite, where the other worker evicts it; html5lib's own reading measures 15)
    lambda n: "<!DOCTYPE " + "x" * (10 * n) + ">",
    lambda n: "&#" + "0" * (5_000 + n // 10) + "65;",  # html5lib hands every digit to int(), which refuses 4,301 of them
], ids=["attributes", "tag-name", "references", "comment", "doctype", "digits"])
def test_reading_stays_linear_and_never_raises(fragment: Callable[[int], str]) -> None:
    """html5lib read the first two quadratically (minutes for a long line) and raised on the last."""
    texts = {size: fragment(size) for size in (SIZE, FACTOR * SIZE)}
    assert growth(lambda size: scan(texts[size]), SIZE) < LINEAR_AT_MOST


# ------------------------------------------------------------------ bodies: each raw block, then the whole page body

@pytest.fixture(scope="module")
def renderer() -> PostRenderer:
    return PostRenderer((*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list", "md_in_html", "tables"), {})


@pytest.mark.parametrize(("body", "line", "tag"), [
    (META_REFRESH, 1, "<meta>"),
    (SCRIPT_BESIDE, 1, "<script>"),
    ("Đoạn một.\n\n<!-->\n<script>x</script>\n-->\n", 4, "<script>"),
    ('<div markdown="1">\n<![CDATA[ ><meta http-equiv="refresh" content="1"> ]]>\n</div>\n', 2, "<meta>"),
    ("a <?xml ><script>x</script>?>", 1, "<script>"),
])
def test_a_body_is_refused_at_the_line_of_the_hidden_tag(renderer: PostRenderer, body: str, line: int, tag: str) -> None:
    problems = renderer.render(body, body_line=10).facts.problems
    assert [(found, f"`{tag}`" in message) for found, message in problems] == [(10 + line - 1, True)]


def test_the_whole_body_is_read_again_after_its_blocks(renderer: PostRenderer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second pass reads the HTML the page shows: with every raw block let through, the hidden
    `<meta>` is still refused, at the first line that names it."""
    monkeypatch.setattr(markdown_render, "_raw_html", lambda raw, found: None)
    fresh = PostRenderer((*MKDOCS_BUILTIN_EXTENSIONS, "md_in_html"), {})
    problems = fresh.render("Đoạn một.\n\n" + META_REFRESH + "\n", body_line=5).facts.problems
    assert len(problems) == 1 and problems[0][0] == 7 and "`<meta>`" in problems[0][1]


def test_docs_pages_pass_the_same_policy(tmp_path: Path) -> None:
    """Decided in issue 22: the webmaster's pages refuse `<script>` and `<meta http-equiv>` too."""
    root = tmp_path / "site"
    for relative, text in {
        "plan/2022.md": (REPO / "plan" / "2022.md").read_text(encoding="utf-8"),
        "docs/index.md": "---\ntitle: Trang chủ\n---\n# Trang chủ\n",
        "docs/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n# Giới thiệu\n\n<script>alert(1)</script>\n\n"
                              '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n',
    }.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    content = gather_content(content_settings(root))
    assert [(p.path, p.line, "`<script>`" in p.message or "`<meta>`" in p.message) for p in content.errors] == [
        ("docs/gioi-thieu.md", 6, True), ("docs/gioi-thieu.md", 8, True)]
