"""Publishing helpers: a post ready to publish, DEST as a citizen sees it (the link and the files under
it), and a stand-in build (a few files) with which the publish core runs without MkDocs."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import datetime
from pathlib import Path

from cchc.dates import LOCAL_TZ
from cchc.publish import release as core

NOW = datetime(2026, 1, 1, 8, 0, tzinfo=LOCAL_TZ)

POST = {"title": "Sở GDĐT tập huấn nghiệp vụ cải cách hành chính", "date": "2022-03-15 08:30", "task": 2,
        "unit": "Văn phòng"}
SCHEDULED = {"title": "Tổng kết tuyên truyền cải cách hành chính", "date": "2026-06-01 08:00", "task": 1, "plan": 2022,
             "unit": "Văn phòng"}


def snapshot(dest: Path) -> tuple[str, dict[str, str]]:
    """What a citizen gets from DEST: where the link points and the hash of every file under it."""
    files = {path.relative_to(dest).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
             for path in sorted(dest.rglob("*")) if path.is_file()}
    return os.readlink(dest), files


def served_release(dest: Path) -> str:
    return Path(os.readlink(dest)).parent.name


def releases_of(dest: Path) -> list[str]:
    return [release.name for release in core.list_releases(core.Layout.of(dest))]


def fake_site(out: Path, marker: str, *, items: int = 1) -> None:
    """A stand-in build: the files the verification looks at, `marker` in the home page."""
    out.mkdir(parents=True)
    (out / "index.html").write_text(f"<!doctype html><html><body>{marker}</body></html>\n", encoding="utf-8")
    (out / "404.html").write_text("<!doctype html><html><body>Không tìm thấy trang</body></html>\n", encoding="utf-8")
    entries = "".join(f"<item><title>Tin {n}</title><link>https://example.gov.vn/cchc/{n}/</link></item>"
                      for n in range(items))
    (out / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Trang</title>'
        f"<link>https://example.gov.vn/cchc/</link><description>Mô tả</description>{entries}</channel></rss>\n",
        encoding="utf-8")


def builder(marker: str, *, items: int = 1, returncode: int = 0, calls: list[str] | None = None) -> core.Builder:
    def build(out: Path) -> core.BuildOutcome:
        if calls is not None:
            calls.append(marker)
        fake_site(out, marker, items=items)
        return core.BuildOutcome(returncode, "" if returncode == 0 else "ERROR - hỏng\nbai.md:3: lỗi thử")
    return build


class Run:
    """The core's publish with a stand-in build, its log kept."""

    def __init__(self, dest: Path) -> None:
        self.layout = core.Layout.of(dest)
        self.out, self.err = io.StringIO(), io.StringIO()
        self.journal = core.Journal(clock=lambda: NOW, stdout=self.out, stderr=self.err)

    def __call__(self, marker: str, *, fingerprint: str | None = None, **options: object) -> str:
        inputs = core.Inputs(fingerprint or marker, {f"tin-tuc/{marker}/": f"Tin {marker}"})
        build = options.pop("build", None) or builder(marker)
        return core.publish(self.layout, inputs=inputs, build=build, now=NOW, journal=self.journal,  # type: ignore[arg-type]
                            **options)  # type: ignore[arg-type]


def home(dest: Path) -> str:
    return (dest / "index.html").read_text(encoding="utf-8")
