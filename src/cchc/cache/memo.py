"""What was read from each file, kept while the file stays as it was: the preview re-reads only the
files that were saved (a file is "as it was" while its size, modification time and inode are); and
what was made from what was read, kept while it is made from the same objects (`Made`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Generic, TypeVar, cast

T = TypeVar("T")
V = TypeVar("V")
StatKey = tuple[int, int, int]


def stat_key(path: Path) -> StatKey | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ino)


class FileMemo(Generic[T]):
    """`value` of each file, valid while the file's stat key and the reader's `context` are the same
    (posts are read against the plans: new plans, every post is read again)."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[StatKey, object, T]] = {}

    def get(self, path: Path, key: StatKey | None, context: object) -> T | None:
        entry = self._entries.get(path)
        if entry is None or key is None or entry[0] != key or entry[1] is not context:
            return None
        return entry[2]

    def put(self, path: Path, key: StatKey | None, context: object, value: T) -> None:
        if key is not None:
            self._entries[path] = (key, context, value)

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget the files that are gone."""
        kept = set(paths)
        for path in [path for path in self._entries if path not in kept]:
            del self._entries[path]


_PLAIN = (str, int, bool, type(None))  # compared by value; floats are not (0.0 == -0.0, yet they print apart)


def same(a: object, b: object) -> bool:
    """Whether two inputs are the same input: plain values (str, int, bool, None) of one type and equal,
    tuples item by item, any other object only itself. The preview keeps its objects while their files
    are unchanged (a post, a plan), so a new object is a new input even if it compares equal: `==` of a
    datetime ignores its time zone, which a page prints."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(map(same, a, b))
    return kind in _PLAIN and a == b


class Made:
    """Values made from inputs, kept from one build to the next (the preview's page specs): a value is
    made again when the inputs it was made from are not the `same` as this build's, or when the salt (a
    digest of what every value may depend on besides its inputs: cchc.build.inputs) changed.

    `begin` starts a build, `end` closes it: only what that build used is kept, and a build that stops
    between them (the content has errors) leaves what the last one kept. The inputs hold the objects they
    name (a post, not its id), so no other object can stand for them later."""

    def __init__(self) -> None:
        self._salt: str | None = None
        self._last: dict[Hashable, tuple[object, object]] = {}
        self._now: dict[Hashable, tuple[object, object]] = {}

    def begin(self, salt: str) -> None:
        if salt != self._salt:
            self._salt, self._last = salt, {}
        self._now = {}

    def get(self, name: Hashable, inputs: object, make: Callable[[], V]) -> V:
        """The value named `name` made from `inputs`: kept if made from the same inputs, else `make()`."""
        entry = self._now.get(name)
        if entry is None or not same(entry[0], inputs):
            entry = self._last.get(name)
            if entry is None or not same(entry[0], inputs):
                entry = (inputs, make())
            self._now[name] = entry
        return cast("V", entry[1])

    def end(self) -> None:
        self._last, self._now = self._now, {}
