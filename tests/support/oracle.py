"""The bundled content read again independently of `cchc`, as the expected side of end-to-end tests."""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from support import FIXED_NOW

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.fromisoformat(FIXED_NOW).replace(tzinfo=LOCAL)


def read_front(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def to_local(value: object) -> datetime:
    """A contract date (string, or what PyYAML made of it) as an aware local datetime."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        moment = datetime.fromisoformat(str(value).strip())
    return moment.replace(tzinfo=LOCAL) if moment.tzinfo is None else moment.astimezone(LOCAL)


def slug(text: str) -> str:
    """The contract's slug rule, written again here: ASCII, đ -> d, lowercase, hyphens."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def png_bytes() -> bytes:
    """A valid 1×1 RGBA PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff")) + chunk(b"IEND", b""))


@dataclass(frozen=True)
class SourcePost:
    path: Path
    title: str
    when: datetime
    tasks: tuple[int, ...]
    plan: int
    unit: str
    tags: tuple[str, ...]
    summary: str | None
    image: Path | None
    draft: bool
    sample: bool
    url: str

    def published(self, now: datetime = NOW) -> bool:
        return not self.draft and self.when <= now


def load_source_posts(posts_dir: Path) -> list[SourcePost]:
    posts = []
    for path in sorted(posts_dir.rglob("*.md")):
        front, _ = read_front(path)
        when = to_local(front["date"])
        task = front["task"]
        posts.append(SourcePost(
            path=path, title=front["title"], when=when, tasks=tuple(task) if isinstance(task, list) else (task,),
            plan=front.get("plan", when.year), unit=front["unit"], tags=tuple(front.get("tags") or ()),
            summary=front.get("summary"), image=path.parent / front["image"] if front.get("image") else None,
            draft=bool(front.get("draft")), sample=bool(front.get("sample")),
            url=f"tin-tuc/{when:%Y}/{when:%m}/{front.get('slug') or slug(front['title'])}/",
        ))
    return posts


def newest_first(posts: list[SourcePost]) -> list[SourcePost]:
    return sorted(posts, key=lambda p: (-p.when.timestamp(), p.url))
