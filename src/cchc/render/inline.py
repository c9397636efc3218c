"""Python-Markdown's inline step, without trying the patterns that cannot match.

Python-Markdown tries each of its 14 inline patterns (links, emphasis, code, HTML, …) on every piece of
text of a body, in turn, even on text with no `[`, `*`, `<` or any other sign a pattern needs. Here a
pattern is skipped on a text that lacks every character its regular expression needs to match (NEEDS):
Python-Markdown's own answer for that text and pattern would be "no match", so the step gives the same
tree (tests/unit/test_inline_skip.py proves NEEDS from each pattern's expression and compares whole
conversions). At 1,000 posts that is 30–40 % less Markdown time (bench/RESULTS.md, issue 25's third
stop). A pattern NEEDS does not name, such as one an extension adds, is tried as before.
"""

from __future__ import annotations

from typing import Any

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# Registered name → the characters one of which any match of its expression contains (or asserts).
NEEDS: dict[str, frozenset[str]] = {
    "backtick": frozenset("`"),
    "escape": frozenset("\\"),
    "reference": frozenset("["),
    "link": frozenset("["),
    "image_link": frozenset("["),
    "image_reference": frozenset("["),
    "short_reference": frozenset("["),
    "short_image_ref": frozenset("["),
    "autolink": frozenset("<"),
    "automail": frozenset("<"),
    "linebreak": frozenset("\n"),
    "html": frozenset("<"),
    "entity": frozenset("&"),
    "em_strong": frozenset("*_"),
}
_SIGNS = frozenset().union(*NEEDS.values())


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, whose text loop skips a pattern when the text has none of the
    characters NEEDS lists for it. A match only replaces text by a placeholder (STX, letters, digits,
    ETX), so a sign absent from a text is absent from what the text becomes."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # The registry as it stands for this conversion, in its order of priority, each with what it needs.
        patterns = self.inlinePatterns
        needs = {patterns.get_index_for_name(name): signs for name, signs in NEEDS.items() if name in patterns}
        self._patterns = [(pattern, needs.get(index)) for index, pattern in enumerate(patterns)]
        self._tried: dict[frozenset[str], tuple[int, ...]] = {}
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """InlineProcessor.__handleInline, trying only the patterns the text has signs for, in the same
        order. There, each pattern is tried from the text's start, then again after each of its matches,
        until it finds none."""
        if isinstance(data, util.AtomicString):
            return data
        present = frozenset(sign for sign in _SIGNS if sign in data)
        tried = self._tried.get(present)
        if tried is None:
            tried = self._tried[present] = tuple(
                index for index, (_, needs) in enumerate(self._patterns) if needs is None or not needs.isdisjoint(present))
        apply = self._InlineProcessor__applyPattern
        for index in tried:
            if index < patternIndex:
                continue
            pattern, matched, start = self._patterns[index][0], True, 0
            while matched:
                data, matched, start = apply(pattern, data, index, start)
        return data


def use_skipping_inline(md: markdown.Markdown) -> None:
    """Put SkippingInlineProcessor where Python-Markdown registered its own (name "inline", priority 20). An
    extension that put an inline step of its own there keeps it."""
    if type(md.treeprocessors["inline"]) is InlineProcessor:
        md.treeprocessors.register(SkippingInlineProcessor(md), "inline", 20)
