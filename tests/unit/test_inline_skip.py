"""Python-Markdown's inline step without the patterns that cannot match (src/cchc/render/inline.py).

The skip is right when each pattern NEEDS names can match only a text holding one of its characters.
That is proven here from the pattern's own regular expression, as the site's extensions register it
(`requires`: a walk over Python's parse of the expression), so an upgrade of Python-Markdown that
changes a pattern fails this test rather than the site. Then whole conversions are compared with
Python-Markdown's own: both benchmark corpora, the repository's posts, and random Markdown made of the
signs the patterns look for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor
from support import REPO

from cchc.cli.common import find_project
from cchc.render import markdown as markdown_render
from cchc.render.inline import NEEDS, SkippingInlineProcessor, use_skipping_inline

_parser: Any = getattr(re, "_parser")  # noqa: B009 (sre_parse, as the re module names it since 3.11)
_constants: Any = getattr(re, "_constants")  # noqa: B009
LONG = os.environ.get("CCHC_FUZZ") == "long"
EXAMPLES = 4000 if LONG else 400


def requires(expression: str, signs: frozenset[str], flags: int = 0) -> bool:
    """Whether every text the expression finds a match in holds one of `signs`: some part of each
    alternative matches one of them at least once (a literal, a class made of them, a repeat of at least
    one, a group, a lookahead or lookbehind: what it asserts is in the text too). Anything else, e.g. a
    negative lookahead or a class with other characters, proves nothing. `flags`: those it is compiled with
    (re.VERBOSE would change what the expression says)."""
    return _sequence(_parser.parse(expression, flags), signs)


def _sequence(items: Any, signs: frozenset[str]) -> bool:
    return any(_item(op, value, signs) for op, value in items)


def _item(op: Any, value: Any, signs: frozenset[str]) -> bool:
    c = _constants
    if op is c.LITERAL:
        return chr(value) in signs
    if op is c.IN:
        return bool(value) and all(kind is c.LITERAL and chr(code) in signs for kind, code in value)
    if op is c.BRANCH:
        return all(_sequence(branch, signs) for branch in value[1])
    if op is c.SUBPATTERN:
        return _sequence(value[3], signs)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return value[0] >= 1 and _sequence(value[2], signs)
    if op is c.ASSERT:
        return _sequence(value[1], signs)
    if op is c.ATOMIC_GROUP:
        return _sequence(value, signs)
    return False


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the repository's extensions and their settings, as the build makes it."""
    site = find_project(REPO)
    return markdown.Markdown(extensions=list(site.markdown_extensions), extension_configs=dict(site.mdx_configs))


def test_each_pattern_needs_what_the_table_says(site_markdown: markdown.Markdown) -> None:
    patterns = site_markdown.inlinePatterns
    assert set(NEEDS) <= {item.name for item in patterns._priority}  # a renamed pattern is noticed
    for name, signs in NEEDS.items():
        compiled = patterns[name].compiled_re
        assert requires(compiled.pattern, signs, compiled.flags), \
            f"{name}: {compiled.pattern!r} can match without any of {sorted(signs)}"


@pytest.mark.parametrize(("expression", "signs", "expected"), [
    (r"\[", "[", True),
    (r"a|\[", "[", False),  # one alternative needs no sign
    (r"\[?x", "[", False),  # optional
    (r"(?!\[)x", "[", False),  # asserts the sign is absent
    (r"(?<!\\)(?=`+)", "`", True),  # a lookahead asserts it is there
    (r"[*_]", "*_", True),
    (r"[*a]", "*_", False),
    (r"[^*]", "*", False),
    (r"(?:\*|_){2,}", "*_", True),
    (r"  \n", "\n", True),
])
def test_the_proof_refuses_what_it_cannot_prove(expression: str, signs: str, expected: bool) -> None:
    assert requires(expression, frozenset(signs)) is expected


def test_only_the_inline_step_is_replaced(site_markdown: markdown.Markdown) -> None:
    ours = markdown.Markdown(extensions=list(find_project(REPO).markdown_extensions))
    use_skipping_inline(ours)
    assert _order(ours.treeprocessors) == _order(site_markdown.treeprocessors)
    assert isinstance(ours.treeprocessors["inline"], SkippingInlineProcessor)
    assert isinstance(markdown_render.PostRenderer(("toc",), {})._md.treeprocessors["inline"], SkippingInlineProcessor)


def test_an_extensions_own_inline_step_is_kept() -> None:
    class Theirs(InlineProcessor):
        pass

    md = markdown.Markdown()
    theirs = Theirs(md)
    md.treeprocessors.register(theirs, "inline", 20)
    use_skipping_inline(md)
    assert md.treeprocessors["inline"] is theirs


def _order(registry: Any) -> list[tuple[str, float]]:
    """A registry's names in the order Python-Markdown runs them (it sorts them when first iterated)."""
    list(registry)
    return [(item.name, item.priority) for item in registry._priority]


def _pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    site = find_project(REPO)
    stock = markdown.Markdown(extensions=list(site.markdown_extensions), extension_configs=dict(site.mdx_configs))
    ours = markdown.Markdown(extensions=list(site.markdown_extensions), extension_configs=dict(site.mdx_configs))
    use_skipping_inline(ours)
    return stock, ours


# Text made of the signs the patterns look for, the words around them, and the structures that give
# inline text (headings, lists, tables, quotes, attribute lists, raw HTML, code).
_PIECES = st.sampled_from([
    "a", "đường", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "![", "!",
    "<", ">", "&", ";", "&amp;", "&#123;", "<b>", "</b>", "<https://a.vn/x>", "<a@b.vn>", "[x](y.md)", "[x][r]",
    "\n[r]: /z\n", "# ", "\n## ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| ", "{: #id }", "\n```\n", "    ",
    "\x02", "\x03", "klzzwxh:1", "<div markdown>", "</div>", "<!-- c -->", "'", '"', "=", "/",
])


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not LONG)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_random_markdown_converts_as_python_markdown_does(text: str) -> None:
    stock, ours = _PAIR
    stock.reset()
    ours.reset()
    assert ours.convert(text) == stock.convert(text)


_PAIR = _pair()


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def _bodies(folder: Path) -> list[str]:
    return [_FRONT_MATTER.sub("", path.read_text(encoding="utf-8")) for path in sorted(folder.rglob("*.md"))]


@pytest.mark.parametrize("script", ["generate_posts.py", "staff_posts.py"])
def test_the_benchmark_corpora_convert_as_python_markdown_does(script: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / script), str(tmp_path), "--count", "150"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    _same(_bodies(tmp_path / "content" / "posts"))


def test_the_repository_posts_convert_as_python_markdown_does() -> None:
    _same(_bodies(REPO / "content") + _bodies(REPO / "plan") + _bodies(REPO / "docs"))


def _same(bodies: list[str]) -> None:
    assert len(bodies) > 10
    stock, ours = _pair()
    for body in bodies:
        stock.reset()
        ours.reset()
        assert ours.convert(body) == stock.convert(body)
