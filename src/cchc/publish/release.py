"""Publishing the built site on the web server: releases, verification, an atomic switch, rollback.

Layout, for `DEST = /srv/cchc/site` (the path the web server serves; a symlink we own):

    /srv/cchc/site                      -> site.releases/20260101-081500-0007/site   (relative symlink)
    /srv/cchc/site.releases/
        20260101-080000-0006/site/      a complete, verified build; release.json beside it
        20260101-081500-0007/site/
        .dang-xay-dung-20260101-083000-0008/   a build in progress (never served; removed if left over)
        .dang-chuyen                    the release being made live; a run that stops before DEST points to it
                                        leaves it, and the next run removes that release (it was never served)
        .khoa                           lock: one publish at a time
        tam-dung.txt                    written by a rollback: `--if-changed` publishes nothing until a manual publish
        loi-gan-nhat.json               the fingerprint of the last failed build (so the timer does not rebuild it)

A release is built by `cchc build` (`python -m cchc.cli build`) in a child process into the hidden folder, verified,
renamed to its final name (atomic within the folder) and only then made live by pointing a new
symlink at it and `os.replace`-ing DEST with it (rename(2): atomic on POSIX). A failed, invalid or
killed build therefore never touches what DEST points to. Making a symlink beside DEST is tried before
the build, so a DEST whose folder cannot take one fails in seconds, having built nothing. Whatever a failed run
made is removed by that run, and what a killed run left by the next one; DEST's release and the kept
ones are never touched. A failure names the path it happened at and goes to the journal (`--log`).
Releases are ordered by their sequence number (the last part of the name), not by the clock; the
time in the name is for people.

Nothing here imports MkDocs; "now" is passed in by the caller (from `cchc.clock`).
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from cchc.characters import printable
from cchc.problems import describe_os_error
from cchc.render.time_limit import TimeLimit, TimeLimitExceeded
from cchc.urls import FEED, REPORT_DRAFTS

RELEASE_INFO = "release.json"
SITE = "site"
PARTIAL_PREFIX = ".dang-xay-dung-"
LOCK = ".khoa"
HOLD = "tam-dung.txt"
LAST_FAILURE = "loi-gan-nhat.json"
LAST_SEQ = ".so-thu-tu-cuoi"  # the last sequence number given out: a killed build's number is never given again
SWITCHING = ".dang-chuyen"  # the name of the release being made live, until DEST points to it
DEFAULT_KEEP = 5
BUILD_TIMEOUT = 30 * 60  # seconds: far beyond a build of this site (bench/RESULTS.md), short of a timer period

_RELEASE_NAME = re.compile(r"(\d{8})-(\d{6})-(\d{4,})")
# What a staging copy carries on every page (overrides/main.html), and an official one never.
_NOINDEX = re.compile(rb"<meta\s+name=\"robots\"\s+content=\"noindex")
# Files in the input folders that do not change the site: editor and cache debris.


class PublishError(Exception):
    """Publishing cannot go on. `usage`: the command was pointed at the wrong thing (exit code 2)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def os_problem(error: OSError) -> str:
    """An operating-system error in Vietnamese with the path it happened at: for a rename or a symlink, the
    second path (where something was being written), not the first (the source, or what a link points to)."""
    path = error.filename2 if error.filename2 is not None else error.filename
    where = f"{printable(os.fsdecode(path))}: " if path is not None else ""
    return f"{where}{describe_os_error(error)}"


# --- where things are -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The paths of one publishing destination."""

    dest: Path

    @classmethod
    def of(cls, dest: Path) -> Layout:
        # Absolute without resolving DEST itself (it is the symlink we replace).
        dest = Path(os.path.abspath(dest))
        return cls(dest.parent.resolve() / dest.name)

    @property
    def releases(self) -> Path:
        return self.dest.parent / f"{self.dest.name}.releases"

    @property
    def lock(self) -> Path:
        return self.releases / LOCK

    @property
    def hold(self) -> Path:
        return self.releases / HOLD

    @property
    def last_failure(self) -> Path:
        return self.releases / LAST_FAILURE

    @property
    def last_seq(self) -> Path:
        return self.releases / LAST_SEQ

    @property
    def switching(self) -> Path:
        return self.releases / SWITCHING

    def link_target(self, release: Release) -> str:
        """What DEST points to: relative, so the folder can move as a whole."""
        return f"{self.releases.name}/{release.name}/{SITE}"


@dataclass(frozen=True)
class Release:
    name: str
    seq: int
    path: Path

    @property
    def site(self) -> Path:
        return self.path / SITE

    def info(self) -> dict[str, Any]:
        try:
            data = json.loads((self.path / RELEASE_INFO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def release_name(now: datetime, seq: int) -> str:
    """`YYYYMMDD-HHMMSS-NNNN`: local time of the publish (as given), then the sequence number."""
    return f"{now:%Y%m%d-%H%M%S}-{seq:04d}"


def list_releases(layout: Layout) -> list[Release]:
    """Complete releases, oldest first (by sequence number)."""
    if not layout.releases.is_dir():
        return []
    found = []
    for entry in layout.releases.iterdir():
        match = _RELEASE_NAME.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and (entry / SITE).is_dir():
            found.append(Release(entry.name, int(match.group(3)), entry))
    return sorted(found, key=lambda release: (release.seq, release.name))


def _next_seq(layout: Layout) -> int:
    """One more than any sequence number ever given out (names never repeat), and noted as given: a
    partial build removed after a crash takes its number with it. Called under the lock."""
    used = [0]
    if layout.releases.is_dir():
        for entry in layout.releases.iterdir():
            match = _RELEASE_NAME.fullmatch(entry.name.removeprefix(PARTIAL_PREFIX))
            if match:
                used.append(int(match.group(3)))
    with suppress(OSError, ValueError):
        used.append(int(layout.last_seq.read_text(encoding="utf-8").strip() or 0))
    seq = max(used) + 1
    layout.last_seq.write_text(f"{seq}\n", encoding="utf-8")
    return seq


@dataclass(frozen=True)
class DestState:
    """What DEST is now. `live`: the release it points to (None: no DEST yet, or a foreign one)."""

    kind: Literal["missing", "release", "directory", "foreign-link"]
    live: Release | None = None
    target: str = ""  # for a foreign symlink: where it points


def inspect_dest(layout: Layout) -> DestState:
    """Look at DEST without changing anything; refuse what cchc publish does not manage."""
    dest = layout.dest
    if not dest.parent.is_dir():
        raise PublishError(f"không có thư mục {dest.parent} (thư mục chứa {dest.name}); hãy tạo nó trước", usage=True)
    if dest.is_symlink():
        target = os.readlink(dest)
        resolved = Path(os.path.normpath(dest.parent / target))
        if resolved.parent.parent == layout.releases and resolved.name == SITE:
            release = next((item for item in list_releases(layout) if item.path == resolved.parent), None)
            return DestState("release", release)
        return DestState("foreign-link", None, target)
    if dest.is_dir():
        return DestState("directory")
    if dest.exists():
        raise PublishError(f"{dest} là một tệp, không phải thư mục; cchc publish không ghi đè nó", usage=True)
    return DestState("missing")


def refuse_unmanaged(layout: Layout, state: DestState, *, migrate: bool) -> None:
    """DEST as a plain folder or a symlink made by hand is refused unless --migrate says to take it over."""
    if migrate or state.kind in ("missing", "release"):
        return
    if state.kind == "directory":
        raise PublishError(
            f"{layout.dest} là một thư mục thường, không phải liên kết do cchc publish quản lý. "
            f"Để chuyển sang cách xuất bản mới (giữ thư mục cũ làm bản để quay lại), chạy lại với --migrate.",
            usage=True)
    raise PublishError(
        f"{layout.dest} là liên kết tới {state.target}, không phải một bản phát hành trong {layout.releases}. "
        f"Chạy lại với --migrate để thay liên kết này (nơi nó trỏ tới được giữ nguyên).", usage=True)


# --- the lock ---------------------------------------------------------------------------------------


@contextmanager
def locked(layout: Layout) -> Iterator[None]:
    """One publish (or rollback) at a time; the lock goes with the process, even when it is killed."""
    try:
        import fcntl  # here, not at the top: staff laptops (Windows) import this module through `cchc`
    except ImportError:
        raise PublishError("cchc publish chạy trên máy chủ Linux; máy này không khóa được thư mục xuất bản",
                           usage=True) from None
    try:
        layout.releases.mkdir(exist_ok=True)
    except OSError as error:
        raise PublishError(f"không tạo được thư mục {layout.releases} ({describe_os_error(error)}); cchc publish cần "
                           f"quyền ghi vào thư mục {layout.releases.parent} (hoặc tạo sẵn thư mục đó cho nó)") from None
    try:
        handle = open(layout.lock, "a+")  # noqa: SIM115  # closed below
    except OSError as error:
        raise PublishError(f"không mở được tệp khóa {layout.lock} ({describe_os_error(error)})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"đang có một lần xuất bản khác chạy (khóa {layout.lock}); hãy thử lại sau") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- what the site is made from ------------------------------------------------------------------


def fingerprint(files: Iterable[Path], *, published: Iterable[str], settings: Mapping[str, str]) -> str:
    """One hash of everything a build depends on: the input files (path and bytes), the posts that are
    published at "now" (a scheduled post falling due changes it) and settings such as the site URL."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"tệp\0{path}\0".encode(errors="surrogateescape"))
        data = os.fsencode(os.readlink(path)) if path.is_symlink() else path.read_bytes()
        digest.update(hashlib.sha256(data).digest())
    for item in sorted(published):
        digest.update(f"bài\0{item}\0".encode())
    for key, value in sorted(settings.items()):
        digest.update(f"đặt\0{key}\0{value}\0".encode())
    return digest.hexdigest()


# --- the build and its verification ----------------------------------------------------------------


@dataclass(frozen=True)
class BuildOutcome:
    returncode: int
    output: str  # stdout and stderr of the build, for the log


Builder = Callable[[Path], BuildOutcome]


def _die_with_parent() -> None:
    """In the build process before MkDocs starts (Linux): be killed when cchc publish dies, however it
    dies (kill -9 included), so that no orphaned build writes on."""
    try:
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (AttributeError, OSError):
        pass


def _kill_group(process: subprocess.Popen[str]) -> None:
    """The build and what it started (the search index process): its own process group."""
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def mkdocs_builder(config_file: Path, *, now: datetime, environ: Mapping[str, str] = os.environ,
                   timeout: float = BUILD_TIMEOUT) -> Builder:
    """Build with `cchc build` (the real MkDocs, Vietnamese messages) in a child process, into a folder given later.

    The child gets "now" as CCHC_NOW, so the posts it publishes are those the fingerprint counted. It
    runs in a process group of its own, killed whenever the build ends: on time-out, on Ctrl+C or
    SIGTERM of the publish (cchc.cli.main turns SIGTERM into an exit), and by the kernel on kill -9."""

    def build(out: Path) -> BuildOutcome:
        env = {**environ, "CCHC_NOW": now.isoformat(timespec="seconds"), "NO_MKDOCS_2_WARNING": "1",
               "PYTHONIOENCODING": "utf-8"}
        command = [sys.executable, "-m", "cchc.cli", "build", "-f", str(config_file), "-d", str(out)]
        process = subprocess.Popen(command, cwd=config_file.parent, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                                   process_group=0, preexec_fn=_die_with_parent)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            return BuildOutcome(-1, f"quá thời gian xây dựng ({timeout:.0f} giây); đã dừng")
        finally:
            _kill_group(process)
            process.wait()
        return BuildOutcome(process.returncode, output)

    return build


def verify_site(site: Path, *, posts: int = 1, staging: bool = False) -> list[str]:
    """What makes a build unfit to serve (empty: fit): the home page, the 404 page, a feed that parses
    as RSS 2.0 with at least one item when `posts` were published (a site with no posts yet is valid),
    the staging mark present exactly when `staging`, and no Word draft of the Sở's reports (no build writes
    one: a file under that name came from elsewhere, docs/ for one)."""
    problems = []
    drafts = sorted(path.relative_to(site).as_posix() for path in site.glob(REPORT_DRAFTS))
    if drafts:
        problems.append(f"có báo cáo Word dự thảo trong bản dựng ({', '.join(drafts)}): bản dự thảo là của cán bộ, không "
                        "đăng công khai; bản đã ký (PDF) đăng bằng extra.cchc.report.signed")
    for name in ("index.html", "404.html"):
        path = site / name
        if not path.is_file():
            problems.append(f"thiếu tệp {name}")
        elif b"</html>" not in path.read_bytes():
            problems.append(f"tệp {name} không trọn vẹn (không có </html>)")
        elif name == "index.html" and bool(_NOINDEX.search(path.read_bytes())) != staging:
            problems.append("bản thử mà trang chủ không có dấu bản thử (noindex)" if staging else
                            "bản chính thức mà trang chủ mang dấu bản thử (noindex); kiểm tra extra.cchc.staging")
    feed = site / FEED
    if not feed.is_file():
        return [*problems, f"thiếu tệp {FEED}"]
    try:
        root = ET.fromstring(feed.read_bytes())
    except ET.ParseError as error:
        return [*problems, f"{FEED} không phải XML hợp lệ ({error})"]
    channel = root.find("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        problems.append(f"{FEED} không phải RSS 2.0 (tìm thấy: <{root.tag} version={root.get('version')!r}>)")
    else:
        missing = [name for name in ("title", "link", "description") if not (channel.findtext(name) or "").strip()]
        if missing:
            problems.append(f"{FEED}: kênh thiếu {', '.join(missing)}")
        items = channel.findall("item")
        if not items and posts:
            problems.append(f"{FEED} không có tin nào (có {posts} tin bài đã đăng)")
        elif any(not (item.findtext("title") or "").strip() or not (item.findtext("link") or "").strip() for item in items):
            problems.append(f"{FEED} có tin thiếu tiêu đề hoặc liên kết")
    return problems


# --- switching ------------------------------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _link_path(layout: Layout) -> Path:
    return layout.dest.parent / f".{layout.dest.name}.lien-ket-moi-{os.getpid()}"


def _temporary_link(layout: Layout, target: str) -> Path:
    """The new symlink, beside DEST (a rename is atomic only within one folder)."""
    link = _link_path(layout)
    try:
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target, target_is_directory=True)
    except OSError as error:  # the folder is what failed (the error itself names the link's target)
        raise PublishError(f"không tạo được liên kết mới trong thư mục {link.parent} ({describe_os_error(error)}); "
                           f"cchc publish cần quyền ghi vào thư mục này để chuyển {layout.dest} sang bản khác") from None
    return link


def switch_to(layout: Layout, release: Release) -> None:
    """Point DEST at `release` in one step: a new symlink renamed over the old one (atomic on POSIX)."""
    link = _temporary_link(layout, layout.link_target(release))
    os.replace(link, layout.dest)
    _fsync_dir(layout.dest.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where not supported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(first))


def take_over_directory(layout: Layout, new: Release, old_seq: int, now: datetime) -> tuple[Release, bool]:
    """--migrate of a plain DEST folder: DEST becomes the symlink to `new`; the old folder becomes the
    release before it (so --rollback returns to it). Returns (old release, whether it was atomic)."""
    link = _temporary_link(layout, layout.link_target(new))
    atomic = _exchange(link, layout.dest)  # now `link` is the old folder and DEST the symlink
    old_folder = link
    if not atomic:  # a gap of one rename: DEST is missing between the two calls
        old_folder = layout.dest.parent / f".{layout.dest.name}.thu-muc-cu-{os.getpid()}"
        os.rename(layout.dest, old_folder)
        os.replace(link, layout.dest)
    _fsync_dir(layout.dest.parent)
    old = Release(release_name(now, old_seq), old_seq, layout.releases / release_name(now, old_seq))
    old.path.mkdir()
    os.rename(old_folder, old.site)
    _write_info(old, {"ten": old.name, "thoi_diem": now.isoformat(timespec="seconds"), "dau_van_tay": None,
                      "ghi_chu": f"thư mục {layout.dest} trước khi chuyển sang cchc publish", "bai_da_dang": []})
    return old, atomic


def _write_info(release: Release, info: Mapping[str, Any]) -> None:
    text = json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (release.path / RELEASE_INFO).write_text(text, encoding="utf-8")


def prune(layout: Layout, keep: int, *, live: Release | None) -> list[Release]:
    """Remove all but the `keep` newest releases; never the live one. Returns what was removed."""
    releases = list_releases(layout)
    kept = {release.name for release in releases[-keep:]}
    removed = [release for release in releases
               if release.name not in kept and (live is None or release.name != live.name)]
    for release in removed:
        shutil.rmtree(release.path, ignore_errors=True)
    return removed


def _mark_switching(layout: Layout, release: Release) -> None:
    """Note, durably, the release about to be made live, before it gets its final name."""
    with open(layout.switching, "w", encoding="utf-8") as handle:
        handle.write(f"{release.name}\n")
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_dir(layout.releases)


def _points_to(layout: Layout, release: Release) -> bool:
    return layout.dest.is_symlink() and os.readlink(layout.dest) == layout.link_target(release)


def settle_switch(layout: Layout) -> Release | None:
    """The release noted by `_mark_switching`, once the run that noted it has ended (this one, or a killed one):
    kept when DEST points to it, removed when DEST does not (it was never served). The note goes either way.
    Nothing else is touched: not DEST's release, not the kept ones. Returns the release removed. Under the lock."""
    try:
        name = layout.switching.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    removed = None
    match = _RELEASE_NAME.fullmatch(name)
    if match:
        release = Release(name, int(match.group(3)), layout.releases / name)
        if not _points_to(layout, release) and release.path.is_dir() and not release.path.is_symlink():
            shutil.rmtree(release.path)
            removed = release
    layout.switching.unlink()
    return removed


def clean_up_after_killed_runs(layout: Layout, journal: Journal) -> None:
    """What a publish killed before it could clean up left: its build, its new link, the release it did not
    make live. Under the lock, at the start of every run."""
    for leftover in remove_partials(layout):
        journal.info(f"Đã xóa bản xây dựng dở dang còn sót: {leftover.name}")
    if (orphan := settle_switch(layout)) is not None:
        journal.info(f"Đã xóa bản {orphan.name} còn sót: lần xuất bản tạo ra nó dừng trước khi chuyển sang nó "
                     "(bản này chưa từng được phục vụ).")


def _processes_building_into(folder: Path) -> list[int]:
    """Processes whose command line names `folder`: a killed publish's build still running (Linux /proc)."""
    needle = os.fsencode(folder)
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(entry.name) != os.getpid() and any(argument.startswith(needle) for argument in arguments):
            found.append(int(entry.name))
    return found


def remove_partials(layout: Layout) -> list[Path]:
    """Builds (and new links) left over by a killed or failed publish; called under the lock, so none
    of them belongs to a running publish. A build process of theirs still running (where the kernel
    did not kill it with its publish) is stopped first, so that it cannot write on."""
    for link in layout.dest.parent.glob(f".{layout.dest.name}.lien-ket-moi-*"):
        if link.is_symlink():
            link.unlink()
    partials = [entry for entry in layout.releases.iterdir() if entry.name.startswith(PARTIAL_PREFIX)]
    for partial in partials:
        for pid in _processes_building_into(partial):
            with suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(partial, ignore_errors=True)
    return sorted(partials)


# --- the journal ----------------------------------------------------------------------------------


@dataclass
class Journal:
    """Log lines in Vietnamese: to stdout (errors to stderr) and, optionally, appended to a file."""

    clock: Callable[[], datetime]
    file: Path | None = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    def _write(self, message: str, stream: TextIO, to_file: bool) -> None:
        stamp = f"{self.clock():%Y-%m-%d %H:%M:%S}"
        for line in message.splitlines() or [""]:
            print(f"[{stamp}] {line}", file=stream, flush=True)
        if to_file and self.file is not None:
            with self.file.open("a", encoding="utf-8") as handle:
                handle.writelines(f"[{stamp}] {line}\n" for line in message.splitlines())

    def info(self, message: str, *, to_file: bool = True) -> None:
        self._write(message, self.stdout, to_file)

    def error(self, message: str) -> None:
        self._write(message, self.stderr, True)


# --- publish, rollback ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the caller knows about the content at "now"."""

    fingerprint: str
    published: Mapping[str, str]  # URL → title of each post published at "now"


PUBLISHED, UNCHANGED, HELD, FAILED = "published", "unchanged", "held", "failed"


def _describe_changes(before: Mapping[str, str], after: Mapping[str, str], limit: int = 50) -> list[str]:
    """The posts that appeared (+) or left (-) the site, by URL; at most `limit` lines."""
    lines = [f"  + {after[url]} ({url})" for url in sorted(set(after) - set(before))]
    lines += [f"  - {before[url]} ({url})" for url in sorted(set(before) - set(after))]
    return lines if len(lines) <= limit else [*lines[:limit], f"  … và {len(lines) - limit} tin bài khác"]


def _failure(layout: Layout, inputs: Inputs, now: datetime) -> None:
    data = {"dau_van_tay": inputs.fingerprint, "thoi_diem": now.isoformat(timespec="seconds")}
    layout.last_failure.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")


def _last_failure(layout: Layout) -> dict[str, Any]:
    try:
        data = json.loads(layout.last_failure.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _build_log_lines(output: str) -> list[str]:
    """The lines of a failed build worth reading: MkDocs' INFO chatter is left out."""
    lines = [line.rstrip() for line in output.splitlines() if line.strip()]
    useful = [line for line in lines if not line.startswith("INFO")]
    return (useful or lines)[-60:]


def publish(layout: Layout, *, inputs: Inputs | Callable[[], Inputs], build: Builder, now: datetime, journal: Journal,
            keep: int = DEFAULT_KEEP, if_changed: bool = False, migrate: bool = False, staging: bool = False,
            check_release: Callable[[Path], list[str]] | None = None, timeout: float = BUILD_TIMEOUT) -> str:
    """Build a new release beside DEST, verify it and make it live; keep `keep` releases. `staging`:
    the build is a staging copy (verified to carry the mark on its pages).

    `inputs` (or the function that reads them: the content, hashed) is read under the lock and within
    `timeout`, like the build. Returns PUBLISHED, UNCHANGED, HELD or FAILED. Raises PublishError when
    DEST is refused or busy. `check_release` returns warnings about a verified build (logged, not fatal)."""
    if keep < 1:
        raise PublishError("--keep phải từ 1 trở lên", usage=True)
    state = inspect_dest(layout)
    refuse_unmanaged(layout, state, migrate=migrate)
    with locked(layout):
        state = inspect_dest(layout)  # again, under the lock
        live = state.live
        unchanged = f"Trang đang phục vụ không đổi ({live.name if live else 'chưa có'})."
        try:
            clean_up_after_killed_runs(layout, journal)
        except OSError as error:
            journal.error(f"KHÔNG xuất bản: {os_problem(error)}.\n{unchanged}")
            return FAILED
        if if_changed and layout.hold.exists():
            journal.info(f"Tạm dừng tự động xuất bản (có tệp {layout.hold}, do đã quay lại bản cũ); "
                         "chạy cchc publish bằng tay để tiếp tục.", to_file=False)
            return HELD
        try:
            with TimeLimit(timeout) as limit:
                current = inputs() if callable(inputs) else inputs
        except TimeLimitExceeded as error:
            if not limit.owns(error):
                raise
            journal.error(f"KHÔNG xuất bản: đọc nội dung quá {timeout:g} giây; đã dừng. "
                          f"Trang đang phục vụ không đổi ({live.name if live else 'chưa có'}).")
            return FAILED
        if if_changed:
            if live is not None and live.info().get("dau_van_tay") == current.fingerprint:
                journal.info(f"Không có gì thay đổi; vẫn phục vụ bản {live.name}.", to_file=False)
                return UNCHANGED
            failed = _last_failure(layout)
            if failed.get("dau_van_tay") == current.fingerprint:
                journal.error(f"Nội dung vẫn như lần xây dựng lỗi lúc {failed.get('thoi_diem')}; không xây dựng lại. "
                              f"Trang đang phục vụ không đổi ({live.name if live else 'chưa có'}). "
                              "Sửa lỗi (chạy cchc check) rồi đợi lần chạy sau, hoặc chạy cchc publish bằng tay.")
                return FAILED
        release: Release | None = None
        partial: Path | None = None
        try:
            # The switch needs a new link beside DEST: a folder that cannot take one fails the publish here,
            # before anything is built or numbered.
            _temporary_link(layout, layout.releases.name).unlink()
            seq = _next_seq(layout)
            old_seq = None
            if state.kind == "directory":
                old_seq, seq = seq, seq + 1
            name = release_name(now, seq)
            release = Release(name, seq, layout.releases / name)
            partial = layout.releases / f"{PARTIAL_PREFIX}{name}"
            partial.mkdir()
            journal.info(f"Đang xây dựng bản {name} vào {partial} …")
            outcome = build(partial / SITE)
            problems = [] if outcome.returncode == 0 else [f"xây dựng thất bại (mã thoát {outcome.returncode})"]
            if not problems:
                problems = verify_site(partial / SITE, posts=len(current.published), staging=staging)
            if problems:
                details = _build_log_lines(outcome.output) if outcome.returncode != 0 else []
                journal.error("\n".join([f"KHÔNG xuất bản bản {name}: " + "; ".join(problems) + ".", *details, unchanged]))
                _failure(layout, current, now)
                return FAILED
            for warning in (check_release(partial / SITE) if check_release else []):
                journal.error(f"cảnh báo: {warning}")

            _write_info(Release(name, seq, partial), {
                "ten": name, "thoi_diem": now.isoformat(timespec="seconds"), "dau_van_tay": current.fingerprint,
                "bai_da_dang": sorted([url, title] for url, title in current.published.items()),
                **({"ban_thu": True} if staging else {}),
            })
            _mark_switching(layout, release)  # from here, a run that stops before the switch is undone by the next
            os.rename(partial, release.path)
            _fsync_dir(layout.releases)
            if state.kind == "directory" and old_seq is not None:
                old, atomic = take_over_directory(layout, release, old_seq, now)
                journal.info(f"Đã chuyển thư mục cũ {layout.dest} thành bản {old.name} (để quay lại nếu cần)"
                             + ("" if atomic else "; hệ thống tệp không đổi chỗ được trong một bước nên có một khoảnh "
                                                  "khắc rất ngắn địa chỉ không có trang") + ".")
            else:
                if state.kind == "foreign-link":
                    journal.info(f"Thay liên kết cũ {layout.dest} -> {state.target} (nơi nó trỏ tới được giữ nguyên).")
                switch_to(layout, release)
            layout.switching.unlink()
            layout.hold.unlink(missing_ok=True)
            layout.last_failure.unlink(missing_ok=True)
        except (OSError, PublishError) as error:
            problem = str(error) if isinstance(error, PublishError) else os_problem(error)
            if release is not None and _points_to(layout, release):
                journal.error(f"Đã chuyển {layout.dest} sang bản {release.name}, nhưng sau đó: {problem}.")
            else:
                journal.error(f"KHÔNG xuất bản{f' bản {release.name}' if release else ''}: {problem}.\n{unchanged}")
            return FAILED
        finally:
            # What this run made and did not make live (also on Ctrl+C and SIGTERM): the new link, the build, the
            # release before the switch. What it cannot remove now, the next run does.
            with suppress(OSError):
                _link_path(layout).unlink()  # never a folder: after an exchange with DEST's old folder, that stays
            if partial is not None:
                shutil.rmtree(partial, ignore_errors=True)
            with suppress(OSError):
                settle_switch(layout)

        previous = live.info() if live else {}
        before = {url: title for url, title in (previous.get("bai_da_dang") or [])}
        # The first release (or the first after --migrate) lists no posts: all of them would be "new".
        changes = _describe_changes(before, current.published) if previous.get("dau_van_tay") else []
        journal.info("\n".join([
            f"Đã xuất bản {'bản thử' if staging else 'bản'} {name}: {len(current.published)} tin bài"
            + (f", thay bản {live.name}" if live else "") + ".",
            *(["Tin bài mới lên trang (+) hoặc rút xuống (-):", *changes] if changes else []),
        ]))
        for removed in prune(layout, keep, live=release):
            journal.info(f"Đã xóa bản cũ {removed.name} (giữ {keep} bản gần nhất).")
        return PUBLISHED


def rollback(layout: Layout, *, journal: Journal, now: datetime) -> Release:
    """Point DEST back at the release before the live one, and hold the timer until a manual publish."""
    state = inspect_dest(layout)
    if state.kind != "release" or state.live is None:
        raise PublishError(f"{layout.dest} không trỏ tới bản phát hành nào do cchc publish tạo; không có gì để quay lại")
    with locked(layout):
        try:  # a release a killed publish left before its switch is never a target
            clean_up_after_killed_runs(layout, journal)
        except OSError as error:
            raise PublishError(f"không quay lại được: {os_problem(error)}") from None
        state = inspect_dest(layout)
        live = state.live
        assert live is not None
        older = [release for release in list_releases(layout) if release.seq < live.seq]
        if not older:
            raise PublishError(f"không có bản nào cũ hơn bản đang phục vụ ({live.name}) để quay lại")
        target = older[-1]
        try:
            switch_to(layout, target)
        except OSError as error:
            raise PublishError(f"không quay lại được bản {target.name}: {os_problem(error)}; "
                               f"trang đang phục vụ không đổi ({live.name})") from None
        try:
            layout.hold.write_text(
                f"Quay lại bản {target.name} (thay bản {live.name}) lúc {now.isoformat(timespec='seconds')}.\n"
                "Trong khi có tệp này, cchc publish --if-changed (bộ hẹn giờ) không xuất bản gì.\n"
                "Sửa nội dung rồi chạy cchc publish bằng tay: tệp này tự xóa khi xuất bản thành công.\n",
                encoding="utf-8")
        except OSError as error:
            raise PublishError(f"đã quay lại bản {target.name} (thay bản {live.name}) nhưng không ghi được tệp tạm dừng "
                               f"tự động xuất bản ({os_problem(error)}): bộ hẹn giờ có thể xuất bản lại bản mới") from None
        journal.info(f"Đã quay lại bản {target.name} (thay bản {live.name}). "
                     "Tự động xuất bản tạm dừng cho tới lần chạy cchc publish bằng tay.")
        return target


def describe_releases(layout: Layout) -> list[str]:
    """One line per release, newest first, the live one marked."""
    state = inspect_dest(layout)
    live = state.live.name if state.live else None
    lines = []
    for release in reversed(list_releases(layout)):
        info = release.info()
        count = len(info.get("bai_da_dang") or [])
        note = info.get("ghi_chu") or f"{count} tin bài" + (" (bản thử)" if info.get("ban_thu") else "")
        mark = "  ← đang phục vụ" if release.name == live else ""
        lines.append(f"{release.name}  {note}{mark}")
    if layout.hold.exists():
        lines.append(f"(tự động xuất bản đang tạm dừng: {layout.hold})")
    return lines
