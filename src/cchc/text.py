"""Vietnamese text: normalisation, ASCII slugs and dictionary sort keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode


def normalize(text: str) -> str:
    """NFC, with the look-alike eth folded into đ/Đ."""
    # Word and some Windows keyboards produce the Icelandic eth for the Vietnamese
    # D with stroke; they look alike but must be one letter in keys and slugs.
    # str.replace, not str.translate: translate walks a non-ASCII text character by
    # character through a dict, a cost paid on every string read.
    return unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated; keeps every letter ("Đẩy" → "day").

    Cached: the same unit, tag and heading names are slugified for every list item and page."""
    ascii_text = unidecode(normalize(text).replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut at the last space of its second half and ended with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip(" ,.;:") + "…"


def shorten_slug(slug: str, limit: int) -> str:
    """At most `limit` characters, cut at a hyphen (a whole word) when there is one."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:limit]


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a distinct letter rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _split_letter(char: str) -> tuple[str, int]:
    """Split one NFC character into (base letter with its letter marks, tone rank)."""
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0] + "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
    tone = max((_TONE_RANK.get(m, 0) for m in decomposed[1:]), default=0)
    return unicodedata.normalize("NFC", base), tone


def _letter_rank(base: str) -> int:
    # Spaces first (so "Văn" < "Văn phòng"), then digits, then the alphabet;
    # anything else (punctuation, f j w z) after it by code point, keeping the order total.
    if base.isspace():
        return 0
    if base.isdigit():
        return 1 + int(base)
    rank = _LETTER_RANK.get(base)
    if rank is not None:
        return 20 + rank
    return 100 + ord(base[0])


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Vietnamese dictionary order: letters first (a ă â … đ …), then tones, then case."""
    letters: list[int] = []
    tones: list[int] = []
    for char in normalize(text).lower():
        base, tone = _split_letter(char)
        letters.append(_letter_rank(base))
        tones.append(tone)
    return tuple(letters), tuple(tones), text


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's `toc`: same ASCII rule as URLs."""
    return slugify(value).replace("-", separator)
