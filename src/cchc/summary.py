"""A post's default summary: its first paragraph as plain text."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LIST_ITEM = re.compile(r"([-*+]|\d+[.)])\s")
_MARKUP = re.compile(r"[*_`]+|<[^>]+>")


def first_paragraph(markdown: str) -> str:
    """The first block that is prose (not a heading, image, list, table or code)."""
    for block in re.split(r"\n\s*\n", markdown.strip()):
        block = block.strip()
        if not block or block[0] in "#|>`!<" or _LIST_ITEM.match(block):
            continue
        text = _MARKUP.sub("", _LINK.sub(r"\1", block))
        return " ".join(text.split())
    return ""
