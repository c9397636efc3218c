"""The sample content shipped with the repository, and its removal before the site goes live.

Samples are the posts marked `sample: true` (with the images and files only they use) and the
agency block marked `sample: true` in mkdocs.yml. Posts are files and can be removed; the agency
block cannot (the site needs the Sở's real contact details, which no command can know), so it is
listed with the line to edit. Removal deletes exactly the listed files, and the folders they leave
empty under the posts folder, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cchc.content.settings import Locator, Settings
from cchc.model import Post


@dataclass(frozen=True)
class SampleFile:
    path: Path
    what: str  # in Vietnamese, for the listing


@dataclass(frozen=True)
class Samples:
    files: tuple[SampleFile, ...]
    agency_line: str | None  # `mkdocs.yml:LINE` of `sample: true` in the agency block; None: not a sample

    @property
    def posts(self) -> int:
        return sum(1 for item in self.files if item.path.suffix == ".md")


def _status(post: Post, now: datetime) -> str:
    if post.draft:
        return "bản nháp"
    return "đã đăng" if post.is_published(now) else "hẹn giờ"


def _files_of(post: Post) -> set[Path]:
    folder = post.source.parent
    return {(folder / name).resolve() for name in (*post.assets, *((post.image,) if post.image else ()))}


def find_samples(settings: Settings, posts: Sequence[Post], now: datetime) -> Samples:
    """The sample posts, the files beside them that no other post uses, and the agency's sample mark."""
    samples = sorted((post for post in posts if post.sample), key=lambda post: post.path)
    kept: set[Path] = set()
    for post in posts:
        if not post.sample:
            kept |= _files_of(post)
    files: list[SampleFile] = []
    listed: set[Path] = set()
    for post in samples:
        files.append(SampleFile(post.source.resolve(), f"tin bài mẫu, {_status(post, now)}: {post.title}"))
        for path in sorted(_files_of(post) - kept - listed):
            if path.is_file():
                listed.add(path)
                files.append(SampleFile(path, "tệp dùng trong tin bài mẫu"))
    agency_line = None
    if settings.agency.sample:
        where, line = Locator(settings.config_files, settings.root)(("extra", "cchc", "agency", "sample"))
        agency_line = f"{where}:{line}"
    return Samples(tuple(files), agency_line)


def remove_samples(samples: Samples, *, posts_dir: Path) -> tuple[list[Path], list[Path]]:
    """Delete the sample files, then the folders under `posts_dir` they leave empty (the posts folder
    itself stays). Returns the files and the folders removed, in order."""
    files: list[Path] = []
    for item in samples.files:
        item.path.unlink(missing_ok=True)
        files.append(item.path)
    root = posts_dir.resolve()
    candidates = {parent for path in files for parent in path.parents if parent.is_relative_to(root) and parent != root}
    folders: list[Path] = []
    # Deepest first, so a month folder goes before its year folder.
    for folder in sorted(candidates, key=lambda path: (-len(path.parts), path)):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folders.append(folder)
    return files, folders
