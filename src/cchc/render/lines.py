"""The body line of each fact Python-Markdown's tree gave (a link, an image, a refused snippet), found by
searching the body for the text as written, in time linear in the body whatever the number of facts.

Each text is looked for once, not once per fact: the n-th fact with a text gets the n-th line holding
it (cycling when fewer lines hold it; the body's first line when none does). A few distinct texts are
each found by one scan in C (`str.find`, or a pattern for a path that often sits inside longer ones);
many by one Aho-Corasick pass over the body for all of them, which stops recording a text once it has
as many lines as facts asked for it. (A scan per link was quadratic: a post of 50,000 links took
minutes in `cchc check`, outside the Markdown time limit.)

A path is found whole ("d.png" is not in "indented.png", as the `_whole` pattern below says), a
snippet anywhere. Python-Markdown's text has tabs expanded (a raw HTML block keeps them): a line holds
a text when it does as written or with tabs expanded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

# Up to this many distinct texts, one C scan each; beyond, one Python pass for all (about 100 times
# slower per character than a C scan, and independent of the number of texts).
_FEW = 24
_MISSES = 8  # hits of a path inside a longer one, before its pattern takes over from `str.find`
_BEFORE = frozenset("./%-_")  # with letters and digits: a path does not start after these …
_AFTER = frozenset("/%-_")  # … nor end before these


@lru_cache(maxsize=4096)
def _whole(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w./%-])" + re.escape(text) + r"(?![\w/%-])")


def _joined(lines: list[str]) -> tuple[str, list[int]]:
    """The lines as one string, and where each starts in it."""
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return "\n".join(lines), starts


class Lines:
    """Some lines of a body (all, or those `numbers` says), searched as one string, again with tabs
    expanded when a line has one."""

    def __init__(self, lines: list[str], numbers: list[int] | None = None) -> None:
        self.numbers = numbers if numbers is not None else list(range(len(lines)))
        self.texts = [_joined(lines)]
        if any("\t" in line for line in lines):
            self.texts.append(_joined([line.expandtabs(4) for line in lines]))


def first_lines(lines: Lines, wanted: Mapping[str, int], *, whole: bool) -> dict[str, list[int]]:
    """For each text, the first `wanted[text]` lines (body line numbers, in order) holding it."""
    texts = [text for text in wanted if text and "\n" not in text and wanted[text] > 0]
    found: dict[str, set[int]] = {text: set() for text in texts}
    scan = _scan_each if len(texts) <= _FEW else _scan_all
    for joined, starts in lines.texts:
        for text, indexes in scan(joined, starts, texts, wanted, whole).items():
            found[text].update(indexes)
    numbers = lines.numbers
    return {text: [numbers[i] for i in sorted(indexes)[:wanted[text]]] for text, indexes in found.items() if indexes}


def _scan_each(joined: str, starts: list[int], texts: list[str], wanted: Mapping[str, int],
               whole: bool) -> dict[str, list[int]]:
    """One C scan per text (`str.find`; for a path, each hit checked whole, and after a few that are not,
    the `_whole` pattern, slower but never looking at a hit twice); after a hit, the search goes on at
    the next line."""
    found: dict[str, list[int]] = {}
    size = len(joined)
    for text in texts:
        indexes: list[int] = []
        search = None
        misses = 0
        at = 0
        while len(indexes) < wanted[text]:
            if search is not None:
                match = search(joined, at)
                start = match.start() if match else -1
            else:
                start = joined.find(text, at)
            if start < 0:
                break
            end = start + len(text)
            if whole and search is None and not ((start == 0 or _may_start(joined[start - 1])) and
                                                 (end == size or _may_end(joined[end]))):
                misses += 1
                if misses == _MISSES:
                    search = _whole(text).search
                at = start + 1
                continue
            line = bisect_right(starts, start) - 1
            indexes.append(line)
            if line + 1 == len(starts):
                break
            at = starts[line + 1]
        found[text] = indexes
    return found


def _scan_all(joined: str, starts: list[int], texts: list[str], wanted: Mapping[str, int],
              whole: bool) -> dict[str, list[int]]:
    """One Aho-Corasick pass for every text: each character is read once, and each text is recorded on a
    line at most once and on no more lines than wanted, so the work is linear in the body and the texts.

    A state is a prefix of some text (`origin`, `depth`); `link` is its longest proper suffix that is a
    state. `valid` leads from a state to the next text on that chain that can end here: for a path,
    one whose preceding character (inside the state's own prefix, so known in advance) may start a
    path; the state itself, when a text, is checked against the body's character. A text recorded on
    this line already, or wanted no more, ends the walk or is skipped."""
    base = 0x110000
    goto: dict[int, int] = {}
    origin, depth, text_of = [0], [0], [-1]
    for number, text in enumerate(texts):
        state = 0
        for at, char in enumerate(text):
            key = state * base + ord(char)
            child = goto.get(key)
            if child is None:
                child = goto[key] = len(depth)
                origin.append(number)
                depth.append(at + 1)
                text_of.append(-1)
            state = child
        text_of[state] = number
    count = len(depth)
    link, valid = [0] * count, [-1] * count
    by_depth: dict[int, list[tuple[int, int, int]]] = {}
    for key, child in goto.items():
        by_depth.setdefault(depth[child], []).append((key // base, key % base, child))
    for level in sorted(by_depth):
        for parent, code, child in by_depth[level]:
            if parent:
                suffix = link[parent]
                while suffix and suffix * base + code not in goto:
                    suffix = link[suffix]
                link[child] = goto.get(suffix * base + code, 0)
            suffix = link[child]
            if suffix == 0:
                continue
            # The suffix starts inside the child's own prefix: the character before it is known now.
            before = texts[origin[child]][depth[child] - depth[suffix] - 1]
            ends_here = text_of[suffix] >= 0 and (not whole or _may_start(before))
            valid[child] = suffix if ends_here else valid[suffix]
    left = [wanted[text] for text in texts]
    seen = [-1] * count  # the last line a text was met on
    found: list[list[int]] = [[] for _ in texts]

    def wanted_from(state: int) -> int:
        """The first text from `state` on its `valid` chain that is still wanted (skipping shortens the chain)."""
        passed = []
        while state > 0 and left[text_of[state]] == 0:
            passed.append(state)
            state = valid[state]
        for skipped in passed:
            valid[skipped] = state
        return state

    state, line, size = 0, 0, len(joined)
    for at, char in enumerate(joined):
        if char == "\n":
            line += 1
            state = 0  # no text holds a line break
            continue
        code = ord(char)
        while True:
            child = goto.get(state * base + code)
            if child is not None:
                state = child
                break
            if state == 0:
                break
            state = link[state]
        if state == 0 or (text_of[state] < 0 and valid[state] < 0):
            continue
        end = at + 1
        if whole and end < size and not _may_end(joined[end]):
            continue
        start = end - depth[state]
        if text_of[state] >= 0 and (not whole or start == 0 or _may_start(joined[start - 1])):
            met = wanted_from(state)
        else:
            met = wanted_from(valid[state])
        while met > 0 and seen[met] != line:
            seen[met] = line
            number = text_of[met]
            found[number].append(line)
            left[number] -= 1
            met = wanted_from(valid[met])
    return {text: indexes for text, indexes in zip(texts, found, strict=True)}


def _may_start(char: str) -> bool:
    return not (char.isalnum() or char in _BEFORE)


def _may_end(char: str) -> bool:
    return not (char.isalnum() or char in _AFTER)


class Cursor:
    """The line of each next fact with a text, from lines found ahead (`first_lines`)."""

    def __init__(self, found: Mapping[str, list[int]], first: int) -> None:
        self.found = found
        self.first = first
        self.used: Counter[str] = Counter()

    def find(self, text: str) -> int:
        """The file line of the next occurrence of `text`; the body's first line when none holds it."""
        indexes = self.found.get(text)
        used = self.used[text]
        self.used[text] += 1
        return self.first + (indexes[used % len(indexes)] if indexes else 0)


def wanted(*queries: Iterable[str]) -> dict[str, int]:
    """How many lines to find for each text: the most that one kind of fact asks for."""
    most: dict[str, int] = {}
    for texts in queries:
        for text, count in Counter(texts).items():
            most[text] = max(most.get(text, 0), count)
    return most
