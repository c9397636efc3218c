"""A content-addressed cache on disk (`.cache/cchc/` of the repository): safe to delete at any time.

Every entry is filed under its kind and a salt: a digest of what its user lists as able to change
what is cached (library versions, extension settings, the source of the code that makes the entry).
A different salt never serves an old entry; entries of old salts are removed when a new one is
opened. An entry is only as fresh as that list is complete: something the list leaves out can change
without changing the salt (deleting `.cache/` then rebuilds everything).

The entries live in one SQLite file (`cache.sqlite`), not a file each: a full build stores an entry
per page, and as small files they cost more of the system's time than they saved (bench/RESULTS.md,
"Figures moved out of the code"). SQLite writes atomically, so a killed build leaves no torn entry, and two builds may share the file.
Entries are stored by a thread of their own (src/cchc/cache/background.py): `flush` waits for them, and so
does the end of the process. A cache that cannot be read or written (read-only checkout, full disk,
a damaged file) is a miss, never an error: a damaged file is replaced.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import sqlite3
import struct
import threading
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cchc.cache.background import Worker

FOLDER = Path(".cache") / "cchc"
DATABASE = "cache.sqlite"
_WRITER = Worker("cchc-cache")
_SCHEMA = "CREATE TABLE IF NOT EXISTS entry (kind TEXT, salt TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))"


def flush() -> None:
    """Wait until every entry handed over so far is stored."""
    _WRITER.drain()


atexit.register(flush)


def digest(*parts: str | bytes) -> str:
    """A hex digest of the parts, each length-prefixed so that no two sequences collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


class _Database:
    """A connection to the cache file, opened when first used, shared by the build's thread (reads)
    and the writer's (writes); it closes with its cache."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.connection: sqlite3.Connection | None = None

    def run(self, sql: str, parameters: Iterable[Any] = (), *, many: bool = False) -> list[Any] | None:
        """The rows of one statement, or None when the cache cannot be used."""
        with self.lock:
            for attempt in (1, 2):
                try:
                    connection = self._connect()
                    cursor = connection.executemany(sql, parameters) if many else connection.execute(sql, tuple(parameters))
                    return cursor.fetchall()
                except sqlite3.DatabaseError as error:
                    self._close()
                    damaged = not isinstance(error, sqlite3.OperationalError)  # not "locked" or "read-only"
                    if attempt == 2 or not damaged:
                        return None
                    self.path.unlink(missing_ok=True)  # a damaged cache file: start a new one
                except OSError:
                    self._close()
                    return None
            return None

    def _connect(self) -> sqlite3.Connection:
        if self.connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=OFF")  # a cache: a power cut may lose entries, never tear them
                connection.execute(_SCHEMA)
            except sqlite3.Error:
                connection.close()
                raise
            self.connection = connection
        return self.connection

    def _close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None


class DiskCache:
    def __init__(self, root: Path, kind: str, salt: str) -> None:
        self.kind = kind
        self.salt = salt[:16]
        self._db = _Database(root / FOLDER / DATABASE)
        self._cleaned = False

    def get(self, key: str) -> Any | None:
        data = self._read(key)
        try:
            return json.loads(data) if data is not None else None
        except ValueError:
            return None

    def put(self, key: str, value: Any) -> None:
        """Store an entry (in the writer's thread)."""
        self._store(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), compress=False)

    def get_bytes(self, key: str) -> bytes | None:
        return unpacked(self._read(key))

    def stored_bytes(self) -> dict[str, bytes]:
        """Every entry of this kind (and salt) put with `put_bytes`, by key, as stored: `unpacked` gives
        one's bytes. One query for them all, where a caller wants most of them (a check reads back every
        kept post: a query each took 74 ms of a check after one edit at 1,000 posts, under cProfile)."""
        rows = self._db.run("SELECT key, value FROM entry WHERE kind = ? AND salt = ?", (self.kind, self.salt)) or []
        return {key: bytes(value) for key, value in rows}

    def put_bytes(self, key: str, value: bytes) -> None:
        self._store(key, value, compress=True)

    def get_tree(self, key: str) -> dict[str, bytes] | None:
        """Files stored together under one key, by their relative path."""
        data = self.get_bytes(key)
        try:
            return _unpack(data) if data is not None else None
        except (ValueError, struct.error, UnicodeDecodeError):
            return None

    def put_tree(self, key: str, files: dict[str, bytes]) -> None:
        self.put_bytes(key, _pack(files))

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove every entry of this kind but these (what the last full build used), so the cache does
        not grow forever."""
        kept = set(keys)
        flush()
        stored = self._db.run("SELECT key FROM entry WHERE kind = ?", (self.kind,)) or []
        gone = [(self.kind, key) for (key,) in stored if key not in kept]
        if gone:
            self._db.run("DELETE FROM entry WHERE kind = ? AND key = ?", gone, many=True)

    def _read(self, key: str) -> bytes | None:
        rows = self._db.run("SELECT value FROM entry WHERE kind = ? AND salt = ? AND key = ?", (self.kind, self.salt, key))
        return bytes(rows[0][0]) if rows else None

    def _store(self, key: str, value: bytes, *, compress: bool) -> None:
        _WRITER.submit(self._write, key, value, compress)

    def _write(self, key: str, value: bytes, compress: bool) -> None:
        if not self._cleaned:
            self._cleaned = True
            self._db.run("DELETE FROM entry WHERE kind = ? AND salt <> ?", (self.kind, self.salt))
        data = zlib.compress(value, 1) if compress else value
        self._db.run("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?)", (self.kind, self.salt, key, data))


def unpacked(data: bytes | None) -> bytes | None:
    """The bytes `put_bytes` stored, from the stored value (None: none, or damaged)."""
    try:
        return zlib.decompress(data) if data is not None else None
    except zlib.error:
        return None


def _pack(files: dict[str, bytes]) -> bytes:
    """Files as one value: for each, the lengths of its name and data, then both."""
    parts = []
    for name in sorted(files):
        encoded = name.encode("utf-8")
        parts += [struct.pack(">IQ", len(encoded), len(files[name])), encoded, files[name]]
    return b"".join(parts)


def _unpack(data: bytes) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    at = 0
    while at < len(data):
        name_length, size = struct.unpack_from(">IQ", data, at)
        at += 12
        name = data[at:at + name_length].decode("utf-8")
        at += name_length
        if at + size > len(data):
            raise ValueError("truncated cache entry")
        files[name] = data[at:at + size]
        at += size
    return files
