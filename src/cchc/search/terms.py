"""The terms of the search index, from a word of text or of a query: folded ("dao"), exact ("=đao`")
and the word list of a text (the kinds of term and the files: cchc.search.index).

The search script (overrides/assets/javascripts/cchc-search.js) computes `fold`, `exact` and
`fnv1a` the same way; tests/browser/test_search.py checks that they agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cchc.text import normalize

_WORD = re.compile(r"[^\W_]+")
_TONES = {"\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "."}


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase, without tone or letter marks, đ → d: the key every query word must match."""
    decomposed = unicodedata.normalize("NFD", normalize(word).lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).replace("đ", "d")


@lru_cache(maxsize=65536)
def exact(word: str) -> str:
    """Letters with their letter marks (ă â ê ô ơ ư đ) and the tone as one trailing sign.

    Placement-free: "hoà" and "hòa", "thuỷ" and "thủy", "khoẻ" and "khỏe" give one key.
    """
    decomposed = unicodedata.normalize("NFD", normalize(word).lower())
    letters = "".join(c for c in decomposed if c not in _TONES)
    tones = "".join(_TONES[c] for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", letters) + tones


@lru_cache(maxsize=65536)
def exact_key(word: str) -> str | None:
    """The exact term of a word, or None when the word has no marks (its folded term says it all)."""
    key = exact(word)
    return None if key == fold(word) else "=" + key


def words(text: str) -> list[str]:
    """The words of a text (letters and digits; NFC first, so NFD input splits the same)."""
    return _WORD.findall(normalize(text))


def fnv1a(term: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes; the search script computes the same."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value
