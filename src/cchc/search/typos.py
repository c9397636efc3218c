"""Typo tolerance: a word typed with one letter wrong, missing, extra or two letters swapped ("truog" for
"trường", "chuyne" for "chuyển") still finds the pages with the word meant, when that word has five letters
or more once folded ("truong"). Shorter Vietnamese syllables are too close to each other (one letter turns
"than" into "thanh", "tan", "thao"): for them a typo would mostly find other words than the one meant.

The search script cannot fetch every shard to look for near words, so the index has one more file, the
typo list (`typo.bin`): every folded word of the index with five letters or more, letters only, sorted.
The script loads it only when a query found nothing as typed, looks up the words one typo away from each
typed word of four letters or more (a typo may drop a letter of a five-letter word) that no page has (a
word the site has is taken as meant), and searches again with them as alternatives
(overrides/assets/javascripts/cchc-search.js, `corrections`). A list of words rather than deletion keys
(SymSpell): a word of n letters has n deletion keys, so the keys would be several times the list. Its
size at 1,000 and 10,000 posts: `make bench`, bench/RESULTS.md.

`corrections` here and in the script give the same words; tests/browser/test_search_forgives.py compares them.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_LETTERS = 5  # the words meant that a typo still finds
MAX_CORRECTIONS = 8  # alternatives per typed word: each is one more shard to fetch


def listed(term: str) -> bool:
    """A folded term of the index that belongs in the typo list: one word, letters only, five or more."""
    return len(term) >= MIN_LETTERS and term.isalpha()


def typo_list(terms: Iterable[str]) -> list[str]:
    """The typo list of an index's terms (folded, exact and pair terms mixed: only folded words are kept)."""
    return sorted({term for term in terms if listed(term)})


def one_typo(typed: str, word: str) -> bool:
    """True when `word` is `typed` with exactly one letter changed, added, removed, or two neighbours swapped."""
    if typed == word or abs(len(typed) - len(word)) > 1:
        return False
    start = 0
    while start < min(len(typed), len(word)) and typed[start] == word[start]:
        start += 1
    a, b = typed[start:], word[start:]
    if len(a) == len(b):
        return a[1:] == b[1:] or (len(a) >= 2 and a[0] == b[1] and a[1] == b[0] and a[2:] == b[2:])
    return a[1:] == b if len(a) > len(b) else a == b[1:]


def corrections(typed: str, words: Iterable[str]) -> list[str]:
    """Words of the typo list one typo away from a typed folded word of four letters or more: those with the
    typed first letter first (a typo rarely hits it), then in list order; at most MAX_CORRECTIONS."""
    if len(typed) < MIN_LETTERS - 1 or not typed.isalpha():
        return []
    near = [word for word in words if one_typo(typed, word)]
    return sorted(near, key=lambda word: word[0] != typed[0])[:MAX_CORRECTIONS]
