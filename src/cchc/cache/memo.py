"""What was read from each file, kept while the file stays as it was: the preview re-reads only the
files that were saved (a file is "as it was" while its size, modification time and inode are)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
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
