"""Which paths the editor may read and write: inside the posts and answers folders, plain names, no
symlink anywhere on the way, no hidden or debris file. A path arrives from the browser as text relative
to the repository ("content/posts/2022/03/bai.md"); nothing else is ever opened."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from cchc.characters import has_refused
from cchc.content.sources import is_debris

# A file or folder name the editor writes: the project's ASCII names (cchc.text.slugify), a dot before
# the extension; a reading may list other names the staff made by hand, it never writes one.
WRITABLE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]{1,5})?")
MAX_PATH = 400


class PathRefused(ValueError):
    """A path the editor does not open; the message says why, in Vietnamese."""


def relative_parts(text: object) -> tuple[str, ...]:
    """The parts of a repository-relative path sent by the browser; PathRefused for anything else."""
    if not isinstance(text, str) or not text or len(text) > MAX_PATH:
        raise PathRefused("đường dẫn không hợp lệ")
    if has_refused(text) or "\\" in text or text.startswith("/") or ":" in text:
        raise PathRefused(f"đường dẫn không hợp lệ ({text!r})")
    parts = PurePosixPath(text).parts
    if any(part in ("", ".", "..") for part in parts) or any(is_debris(part) for part in parts):
        raise PathRefused(f"đường dẫn không hợp lệ ({text!r})")
    return parts


class Area:
    """The folders the editor works in (the repository's posts and answers folders), and the checks
    every path goes through."""

    def __init__(self, root: Path, folders: tuple[Path, ...]) -> None:
        self.root = root.resolve()
        # Named from the root, not resolved: a folder that is itself a symlink is refused on the way
        # (`path`), not followed out of the repository.
        self.folders = tuple(self.root / folder.relative_to(root) if folder.is_relative_to(root) else folder.resolve()
                             for folder in folders)

    def path(self, text: object) -> Path:
        """The file a relative path names: inside one of the folders, no symlink on the way (the
        folders themselves included); it may not exist yet."""
        parts = relative_parts(text)
        path = self.root.joinpath(*parts)
        if not any(path.is_relative_to(folder) for folder in self.folders):
            shown = ", ".join(f"{self.shown(folder)}/" for folder in self.folders)
            raise PathRefused(f"trình soạn thảo chỉ đọc và ghi trong {shown} (tìm thấy: {text!r})")
        walked = self.root
        for part in parts:
            walked = walked / part
            try:
                mode = os.lstat(walked).st_mode
            except FileNotFoundError:
                break
            except OSError as error:
                raise PathRefused(f"không mở được {text!r} ({error.strerror})") from None
            if stat.S_ISLNK(mode):
                raise PathRefused(f"{walked.relative_to(self.root).as_posix()} là liên kết tượng trưng; "
                                  "trình soạn thảo không đọc, không ghi qua liên kết tượng trưng")
        return path

    def writable(self, text: object) -> Path:
        """A path the editor may create: `path`, with names by the project's rules."""
        path = self.path(text)
        if path in self.folders:
            raise PathRefused(f"{text!r} là thư mục")
        for part in path.relative_to(self.root).parts:
            if not WRITABLE_NAME.fullmatch(part) and not path.exists():
                raise PathRefused(f"tên tệp chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tìm thấy: {part!r})")
        return path

    def shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()

    def files(self, folder: Path, extension: str, depth: int) -> list[Path]:
        """The regular files under `folder` down to `depth` levels, ending in `extension`, sorted; symlinks,
        hidden and debris files are left out."""
        found: list[Path] = []
        if depth <= 0:
            return found
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return found
        for entry in entries:
            if is_debris(entry.name) or entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                found += self.files(Path(entry.path), extension, depth - 1)
            elif entry.is_file(follow_symlinks=False) and entry.name.endswith(extension):
                found.append(Path(entry.path))
        return found
