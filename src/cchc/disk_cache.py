"""A content-addressed cache on disk (`.cache/cchc/` of the repository): safe to delete, never stale.

Every entry lives under a folder named for its kind and a salt: a digest of everything that could
change what is cached (library versions, extension settings, the source of the code that makes the
entry). A different salt is a different folder, so a changed extension, template or version can
never serve an old entry; folders of old salts are removed when a new one is opened. Entries are
JSON written atomically (a temporary file renamed), so a killed build leaves no torn entry, and two
builds may share the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FOLDER = Path(".cache") / "cchc"


def digest(*parts: str | bytes) -> str:
    """A hex digest of the parts, each length-prefixed so that no two sequences collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def source_digest(paths: Iterable[Path]) -> str:
    """The digest of some source files (the code that makes an entry belongs in its salt)."""
    return digest(*(path.read_bytes() for path in sorted(paths)))


class DiskCache:
    def __init__(self, root: Path, kind: str, salt: str) -> None:
        self.folder = root / FOLDER / f"{kind}-{salt[:16]}"
        self.kind = kind
        self._cleaned = False

    def get(self, key: str) -> Any | None:
        try:
            return json.loads((self.folder / key[:2] / key).read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store an entry; a cache that cannot be written (read-only checkout, full disk) is skipped."""
        self._write(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def get_bytes(self, key: str) -> bytes | None:
        try:
            return zlib.decompress((self.folder / key[:2] / key).read_bytes())
        except (OSError, zlib.error):
            return None

    def put_bytes(self, key: str, value: bytes) -> None:
        self._write(key, zlib.compress(value, 1))

    def get_tree(self, key: str) -> dict[str, bytes] | None:
        """Files stored together under one key (a folder), by their relative path."""
        folder = self.folder / key[:2] / key
        if not folder.is_dir():
            return None
        try:
            return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
        except OSError:
            return None

    def put_tree(self, key: str, files: dict[str, bytes]) -> None:
        try:
            self._remove_old_salts()
            (self.folder / key[:2]).mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=self.folder / key[:2], prefix=".tmp-"))
            for name, data in files.items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_bytes(data)
            staging.rename(self.folder / key[:2] / key)
        except OSError:
            return

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove every entry but these (what the last full build used), so the cache does not grow forever."""
        kept = set(keys)
        if not self.folder.is_dir():
            return
        for group in self.folder.iterdir():
            for entry in group.iterdir() if group.is_dir() else ():
                if entry.name not in kept and not entry.name.startswith(".tmp-"):
                    shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)

    def _write(self, key: str, data: bytes) -> None:
        try:
            self._remove_old_salts()
            folder = self.folder / key[:2]
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / key)
        except OSError:
            return

    def _remove_old_salts(self) -> None:
        if self._cleaned:
            return
        self._cleaned = True
        for other in self.folder.parent.glob(f"{self.kind}-*"):
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
