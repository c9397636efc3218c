"""The README and the guides: a short README that opens with the two commands, a staff guide read in ten
minutes, links that lead somewhere. The staff guide's first example and the Windows hook line, run:
tests/build/test_guides_commands.py.

The guides' longer procedures are run as written elsewhere: the go-live steps and the staff example after
go-live in tests/build/test_readme_go_live.py, the cron line in tests/unit/test_publish_release.py."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from support import REPO

GUIDES = REPO / "huong-dan"
README = REPO / "README.md"
STAFF_GUIDE = GUIDES / "viet-bai.md"
DOCUMENTS = sorted([README, REPO / "ARCHITECTURE.md", *GUIDES.glob("*.md")])
# The first lines of the README: CI (.ci/run) and test_fresh_machine.py rely on them being true.
README_OPENING = [
    "# Trang tin cải cách hành chính – Sở GDĐT Hưng Yên",
    "",
    "```sh",
    "make build   # cài các gói Python cần để xây dựng trang vào .venv/, rồi xây dựng toàn bộ trang vào site/",
    "make test    # cài thêm công cụ kiểm thử (kể cả các gói Debian còn thiếu), rồi chạy toàn bộ bộ kiểm thử",
    "```",
]
EXTERNAL = ("http://", "https://", "mailto:", "tel:")
FENCE = re.compile(r"^```.*?^```[^\n]*$", flags=re.DOTALL | re.MULTILINE)
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def prose(text: str) -> str:
    """The text outside code: fenced blocks and inline code spans removed (their brackets are examples)."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def anchor(heading: str) -> str:
    """A heading's anchor as GitHub (and Gitea, GitLab) make it: the text lowercased, punctuation dropped,
    letters with their diacritics kept, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", FENCE.sub("", path.read_text(encoding="utf-8")), flags=re.MULTILINE):
        name, number = anchor(heading), 1
        while name in found:
            name, number = f"{anchor(heading)}-{number}", number + 1
        found.add(name)
    return found


def test_the_readme_is_short_and_opens_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200
    assert lines[:len(README_OPENING)] == README_OPENING


def test_the_staff_guide_reads_in_ten_minutes() -> None:
    assert len(STAFF_GUIDE.read_text(encoding="utf-8").split()) <= 2000


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_every_relative_link_leads_to_a_file_and_its_heading(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)  # NFD would give other anchors (and other search words)
    broken = []
    for target in LINK.findall(prose(text)):
        if not target or target.startswith(EXTERNAL):
            continue
        path_part, _, fragment = target.partition("#")
        path = (document.parent / path_part).resolve() if path_part else document
        if not path.is_relative_to(REPO) or not path.exists():
            broken.append(f"{target}: không có tệp")
        elif fragment and (path.suffix != ".md" or fragment not in anchors(path)):
            broken.append(f"{target}: không có mục #{fragment}")
    assert broken == []
