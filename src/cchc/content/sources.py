"""Which files of the repository the build reads and publishes.

Only regular files whose real path (after following symlinks) is inside the content folder: a
committed symlink to /etc/passwd is an error at the line that names it, never a file on the web.
A file beside a post is published only when it has no other name outside the content folder (a hard
link to the feedback database is that database) and is of a kind the allow-list of
cchc.content.file_kinds recognises by its content.
Editor debris (Emacs' `.#bai.md` lock, a dangling symlink; `bai.md~`, `.bai.md.swp`, `#bai.md#`) and
hidden files are skipped: they come and go while someone edits. A directory named `x.md` is a folder
like any other. A FIFO or device file is reported (reading one would hang or never end).
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cchc.content.file_kinds import kind_problem
from cchc.problems import Problem, describe_os_error

# Names a web server is told not to serve (deploy/nginx/cchc.conf) and editors leave behind.
MISSING = "không tìm thấy tệp"
_DEBRIS_ENDINGS = ("~", "#", ".swp", ".swo", ".swx", ".bak", ".tmp", ".orig")


def is_debris(name: str) -> bool:
    """A hidden file, or an editor's lock, swap or backup file."""
    return name.startswith((".", "#")) or name.endswith(_DEBRIS_ENDINGS)


@dataclass(frozen=True)
class Sources:
    files: list[Path]  # regular files to read, sorted
    problems: list[Problem]


def _file_problem(path: Path, root: Path) -> str | None:
    """What is wrong with a file the build would read or publish (None: a regular file inside `root`)."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        return f"liên kết tượng trưng hỏng (trỏ tới {os.readlink(path)!r})" if path.is_symlink() else MISSING
    except (OSError, RuntimeError) as error:  # a symlink loop
        return f"không mở được ({describe_os_error(error) if isinstance(error, OSError) else 'liên kết tượng trưng vòng quanh'})"
    if not real.is_relative_to(root):
        return f"liên kết tượng trưng trỏ ra ngoài thư mục {root.name}/ (tới {real.as_posix()}); hãy chép tệp thật vào đây"
    try:
        mode = real.stat().st_mode
    except OSError as error:
        return f"không mở được ({describe_os_error(error)})"
    if not stat.S_ISREG(mode):
        return "là thư mục, không phải tệp" if stat.S_ISDIR(mode) else "không phải tệp thường (ống, ổ đĩa hay thiết bị)"
    return None


def _plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def find_sources(folder: Path, root: Path, *, suffix: str, recursive: bool, shown_root: Path) -> Sources:
    """Every `*suffix` file of `folder` (and its subfolders when `recursive`) that the build may read.
    `root`: the folder every file must really be in; paths in messages are relative to `shown_root`."""
    root = root.resolve()
    files: list[Path] = []
    problems: list[Problem] = []

    def shown(path: Path) -> str:
        return path.relative_to(shown_root).as_posix() if path.is_relative_to(shown_root) else path.as_posix()

    def unreadable(error: OSError) -> None:
        problems.append(Problem(shown(Path(error.filename or folder)), 1, f"không đọc được thư mục ({describe_os_error(error)})"))

    # A plain regular file that the walk finds (it never enters a linked folder) is inside `root` when
    # the folder is: no path to resolve, one lstat (resolving every file was most of a 10,000-post scan).
    inside = folder.resolve().is_relative_to(root)
    for current, folders, names in os.walk(folder, onerror=unreadable):
        here = Path(current)
        folders[:] = sorted(name for name in folders if not is_debris(name)) if recursive else []
        for name in folders:
            if (here / name).is_symlink():
                problems.append(Problem(shown(here / name), 1, "thư mục là liên kết tượng trưng: bài trong đó không được đọc; "
                                                               "hãy chép thư mục thật vào đây"))
        for name in sorted(names):
            path = here / name
            if not name.endswith(suffix) or is_debris(name):
                continue
            if inside and _plain_file(path):
                files.append(path)
            elif (problem := _file_problem(path, root)) is not None:
                problems.append(Problem(shown(path), 1, problem))
            else:
                files.append(path)
    return Sources(sorted(files), problems)


def asset_problem(folder: Path, target: str, root: Path, *, image: bool = False) -> str | None:
    """What is wrong with a file a post names (its `image`, a link or an image of its body), or None.
    `target` is relative to the post's folder; the file must be a regular file inside `root`, with no
    name outside it, of an allowed kind (`image`: a raster image)."""
    if any(is_debris(part) for part in PurePosixPath(target).parts):
        return "tên tệp ẩn hoặc tệp sao lưu (bắt đầu bằng dấu chấm, kết thúc bằng ~, .bak, .swp…): máy chủ web không phục vụ tệp này"
    root = root.resolve()
    path = folder / target
    if (problem := _file_problem(path, root)) is not None:
        return problem
    if (problem := hard_link_problem(path, root)) is not None:
        return problem
    return kind_problem(path, image=image)


def hard_link_problem(path: Path, root: Path) -> str | None:
    """A regular file with more names (hard links) than `root` holds: its content is also a file outside,
    which publishing it would publish. Only such files cost a walk of `root`, which stops once every
    name is found."""
    try:
        status = path.stat()
    except OSError as error:
        return f"không mở được ({describe_os_error(error)})"
    if status.st_nlink <= 1:
        return None
    names = 0
    for current, _, files in os.walk(root):
        for name in files:
            try:
                found = os.lstat(os.path.join(current, name))
            except OSError:
                continue
            if (found.st_dev, found.st_ino) == (status.st_dev, status.st_ino):
                names += 1
                if names == status.st_nlink:
                    return None
    return (f"tệp có {status.st_nlink} tên (liên kết cứng), có tên nằm ngoài thư mục {root.name}/: nội dung của nó là "
            "một tệp khác của máy; hãy chép tệp thật vào đây")


def published_folder_problems(folder: Path, *, shown_root: Path, private: Path) -> list[Problem]:
    """What is wrong in a folder MkDocs publishes as it is, following links (docs/, the theme's folder):
    each symlink (to a file or a folder), special file (FIFO, socket, device) and file with a name
    outside the folder (a hard link), at line 1 of its path. Hidden names are left out, as MkDocs leaves
    them out. `private`: the feedback service's database, named as such when a file is a name of it."""
    problems: list[Problem] = []
    root = folder.resolve()
    private_ids = set()
    for suffix in ("", "-wal", "-shm", "-journal"):  # SQLite's files beside it; stat only, never read
        with contextlib.suppress(OSError):
            status = os.stat(f"{private}{suffix}")
            private_ids.add((status.st_dev, status.st_ino))

    def shown(path: Path) -> str:
        return path.relative_to(shown_root).as_posix() if path.is_relative_to(shown_root) else path.as_posix()

    def unreadable(error: OSError) -> None:
        problems.append(Problem(shown(Path(error.filename or folder)), 1, f"không đọc được thư mục ({describe_os_error(error)})"))

    if not os.path.lexists(folder):
        return []  # no such folder: nothing to publish (MkDocs says so itself when it needs one)
    if folder.is_symlink():
        return [Problem(shown(folder), 1, f"thư mục được đăng lên trang web là liên kết tượng trưng (tới {os.readlink(folder)!r}): "
                                          "MkDocs sẽ đăng những gì nó trỏ tới; hãy dùng thư mục thật")]
    for current, folders, names in os.walk(folder, onerror=unreadable):
        here = Path(current)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in [*folders, *sorted(names)]:
            if name.startswith("."):
                continue
            path = here / name
            try:
                status = os.lstat(path)
            except OSError as error:
                problems.append(Problem(shown(path), 1, f"không đọc được ({describe_os_error(error)})"))
                continue
            if stat.S_ISLNK(status.st_mode):
                folders[:] = [other for other in folders if other != name]
                problems.append(Problem(shown(path), 1, f"liên kết tượng trưng (tới {os.readlink(path)!r}): MkDocs sẽ đăng tệp "
                                                        "nó trỏ tới, kể cả tệp của máy chủ; hãy chép tệp thật vào đây"))
            elif stat.S_ISDIR(status.st_mode):
                continue
            elif not stat.S_ISREG(status.st_mode):
                problems.append(Problem(shown(path), 1, "không phải tệp thường (ống, ổ cắm hay thiết bị): MkDocs không đăng được; hãy xóa"))
            elif (status.st_dev, status.st_ino) in private_ids:
                problems.append(Problem(shown(path), 1, "là cơ sở dữ liệu góp ý (có họ tên và số điện thoại của người dân), không "
                                                        "bao giờ được đăng: hãy chuyển nó ra khỏi thư mục này"))
            elif status.st_nlink > 1 and (problem := hard_link_problem(path, root)) is not None:
                problems.append(Problem(shown(path), 1, problem))
    return problems
