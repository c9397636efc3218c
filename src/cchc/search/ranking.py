"""The order of search results, as the search script applies it (overrides/assets/javascripts/cchc-search.js:
`rank`, `search`, `isName`, `hasPhrase`); tests/browser/test_search.py checks that the script's rules give
what these give. Here so that the rules are stated, and tested, in one plain place.

Every result matches every query word (or a form of its abbreviation, or, when the query found nothing as
typed, a word one typo away: cchc.search.typos). Among them, in this order:

1. fewer words matched only through a typo's correction;
2. more words with the marks as typed ("hoà" finds "hòa" first, not "họa");
3. more of the query's words standing together as in the query (two-word terms of the index);
4. the larger weight (BM25 on word counts, title words counting more);
5. the newer page (ids run newest first).

A query that is a personal name ("Nguyễn Văn An") then lists first the pages that have the whole name, as
typed, side by side: among the first NAME_CHECKED pages that have each pair of its words, their texts are read,
because two-word terms cannot tell "Nguyễn Văn An" from "Nguyễn Văn Bình … Trần Văn An".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from cchc.search.terms import exact_key, fold, words
from cchc.text import normalize

NAME_CHECKED = 20  # the script's constant of the same name
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"[^\S\n]+")


@dataclass(frozen=True)
class Scored:
    """A page that matches a query, with what ranks it (the script's `scored` entries)."""

    id: int
    typos: int = 0  # query words it matches only through a correction
    exact: int = 0  # query words it has with the marks as typed
    together: float = 0.0  # adjacency: pairs of query words it has side by side
    score: float = 0.0
    pairs: int = 0  # how many of the query's pairs it has


def sort_key(entry: Scored) -> tuple[int, int, float, float, int]:
    return (entry.typos, -entry.exact, -entry.together, -entry.score, entry.id)


def is_name(query: str) -> bool:
    """A personal name: two to six words, each a capital letter followed by letters."""
    found = words(query)
    return 2 <= len(found) <= 6 and all(word.isalpha() and word[0].isupper() for word in found)


def has_phrase(text: str, query: str) -> bool:
    """Whether `text` has the words of `query` side by side, in order, with only spaces between them (no
    line break): each word as folded when the query was typed without marks; typed with marks, each word with
    the marks as typed (tone placement aside), so "Nguyễn Văn An" is not "Nguyễn Văn Ân"."""
    wanted = [(fold(word), exact_key(word)) for word in words(query)]
    marked = any(exact for _, exact in wanted)
    flat = normalize(text)
    found = list(_WORD.finditer(flat))
    for start in range(len(found) - len(wanted) + 1):
        for k, (folded, exact) in enumerate(wanted):
            token = found[start + k]
            if fold(token.group()) != folded or (marked and exact_key(token.group()) != exact):
                break
            if k and not _SPACES.fullmatch(flat[found[start + k - 1].end():token.start()]):
                break
        else:
            return True
    return False


def ranked(scored: Iterable[Scored], query: str, pairs: int, texts: Callable[[int], Sequence[str]]) -> list[int]:
    """Page ids best first. `pairs`: how many pairs of neighbouring words the query has; `texts(id)`: the
    title and text of a page (read only for a name, and only for the pages that have every pair)."""
    order = sorted(scored, key=sort_key)
    ids = [entry.id for entry in order]
    if not is_name(query):
        return ids
    whole = [entry.id for entry in order if entry.pairs == pairs][:NAME_CHECKED]
    named = {page for page in whole if any(has_phrase(text, query) for text in texts(page))}
    return [page for page in ids if page in named] + [page for page in ids if page not in named]
