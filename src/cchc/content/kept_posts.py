"""Each valid post as `cchc check` last loaded it, kept on disk for the next check: pre-commit runs the
check on every staff commit, and after one edit only the edited post is read again (issue 25).

An entry is what `load_post` (cchc.content.posts) gave, found by everything that function reads:

- the post's own path and bytes (the key);
- the plans it is checked against: the digest of their files (the key);
- the code, the configuration, the environment and the installed distributions, and the image
  encoder: the cache's salt (cchc.build.inputs.rendering_digest and encoding_digest, the caller's);
- the files beside the post that it names: for a valid post that is exactly its `assets` (its cover,
  the files and images its body links to: `load_post` opens no other file). Each is kept with the
  status of every part of its name (type, size, inode, modification and change times, number of
  names); when one differs, the post is read again. A post that names a file through a symbolic link,
  or a file with more than one name, is not kept: what those point to can change under an unchanged
  name.

A post with an error is never kept (it is read again, and its problems shown again, on every check).
Entries are pickles: the cache is a file of the checkout, as writable as the code a build runs.
"""

from __future__ import annotations

import io
import os
import pickle
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from cchc.cache.disk import DiskCache, digest, unpacked
from cchc.content.frontmatter import MAX_FILE_BYTES
from cchc.dates import LOCAL_TZ
from cchc.model import Post
from cchc.problems import Problem

Loaded = tuple[Post | None, list[Problem]]
Status = tuple[int, ...] | None  # a part of a name as it is (os.lstat), or None when it cannot be read
_ZONE = "Asia/Ho_Chi_Minh"
_CREATION_TIME = os.name == "nt"  # st_ctime is when the file was made, not when it last changed


class KeptPosts:
    def __init__(self, root: Path, *, salt: str, plans: str) -> None:
        """`salt`: what every post's load depends on besides the files (see the module); `plans`: the
        digest of the plan files."""
        self._cache = DiskCache(root, "posts", salt)
        self._plans = plans
        self._used: list[str] = []
        self._stored: dict[str, bytes] | None = None  # read together at the first `get`

    def read(self, path: Path) -> tuple[str, bytes] | None:
        """The key of the post file `path` and its bytes, read once: the post is loaded from those very
        bytes when it is not kept (cchc.content.frontmatter.read_document). None: not a regular file, too
        large or unreadable, which the loader reports."""
        try:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:  # a FIFO would block the read
                return None
            data = path.read_bytes()
        except OSError:
            return None
        return digest(os.fsencode(path), data, self._plans), data

    def get(self, key: str, path: Path) -> Loaded | None:
        """The post kept under `key` if every file beside it that it names is as it was."""
        self._used.append(key)
        if self._stored is None:
            self._stored = self._cache.stored_bytes()
        data = unpacked(self._stored.pop(key, None))
        if data is None:
            return None
        try:
            loaded, named = _Unpickler(io.BytesIO(data)).load()
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        post: Post = loaded[0]
        return loaded if named == _named(path.parent, post.assets) else None

    def put(self, key: str, path: Path, loaded: Loaded) -> None:
        """Keep a valid post whose named files can be told apart by their status."""
        post = loaded[0]
        if post is None:
            return
        named = _named(path.parent, post.assets)
        if named is None:
            return
        out = io.BytesIO()
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump((loaded, named))
        self._cache.put_bytes(key, out.getvalue())

    def keep_only_used(self) -> None:
        """Forget the posts this check did not look for (edited, moved or deleted since)."""
        self._cache.keep_only(self._used)


class _Pickler(pickle.Pickler):
    """Dates in the site's time zone by its name: the zone is read from tzdata's file (cchc.dates), which
    pickle cannot save."""

    def persistent_id(self, obj: object) -> str | None:
        return _ZONE if obj is LOCAL_TZ else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: object) -> object:
        if pid != _ZONE:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return LOCAL_TZ


def _named(folder: Path, targets: Iterable[str]) -> tuple[tuple[str, tuple[Status, ...]], ...] | None:
    """The status of every part of each name (None: some part is a symbolic link or a file of many names)."""
    found = []
    for target in targets:
        parts: list[Status] = []
        current = folder
        for part in PurePosixPath(target).parts:
            current = current / part
            try:
                status = os.lstat(current)
            except OSError:
                parts.append(None)
                continue
            if stat.S_ISLNK(status.st_mode) or (stat.S_ISREG(status.st_mode) and status.st_nlink > 1):
                return None
            parts.append((status.st_mode, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
                          status.st_ctime_ns, status.st_nlink, *_content(current, status)))
        found.append((target, tuple(parts)))
    return tuple(found)


def _content(path: Path, status: os.stat_result) -> tuple[int, ...]:
    """Where the change time is not one (Windows: st_ctime is when the file was made), a file copied over
    another keeps its inode and may keep its size and modification time (`copy` keeps the copied file's):
    its content stands for it. Elsewhere any write sets the change time, which no program can set back."""
    if not _CREATION_TIME or not stat.S_ISREG(status.st_mode):
        return ()
    try:
        return (int.from_bytes(bytes.fromhex(digest(path.read_bytes())[:16]), "big"),)
    except OSError:
        return (-1,)
