"""The README and the guides: a short README that opens with the two commands, links that lead somewhere,
and the staff guide's first example working on a fresh clone in the current year.

The guides' longer procedures are run as written elsewhere: the go-live steps and the staff example after
go-live in test_readme_go_live.py, the cron line in test_publish.py."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO

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
NOW = "2026-12-07 09:00"  # December of the current year: only plan/2022.md ships with the repository
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


def shell_lines(text: str) -> list[str]:
    """The lines of the ```sh blocks of `text`, comments dropped."""
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    return [line.split("  #", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


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


def fresh_copy(target: Path) -> Path:
    """The repository's files as a clone has them (tracked and new, not ignored): no .venv/, no site/."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    return target


def cchc(line: str, root: Path) -> subprocess.CompletedProcess[str]:
    """A guide's `.venv/bin/cchc …` line as written, run with this test's cchc in `root` at NOW."""
    words = shlex.split(line)
    assert words[0] == ".venv/bin/cchc", line
    env = {key: value for key, value in os.environ.items() if key not in ("CCHC_SITE_URL", "CCHC_STAGING", "SOURCE_DATE_EPOCH")}
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *words[1:]], cwd=root,
                          env={**env, "CCHC_NOW": NOW, "PYTHONIOENCODING": "utf-8"},
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def test_the_staff_guide_first_example_works_on_a_fresh_clone_this_year(tmp_path: Path) -> None:
    guide = STAFF_GUIDE.read_text(encoding="utf-8")
    first = next(line for line in shell_lines(guide) if line.startswith(".venv/bin/cchc new "))
    root = fresh_copy(tmp_path / "kho")
    assert not (root / "plan" / f"{NOW[:4]}.md").exists()  # why the example carries its own date
    done = cchc(first, root)
    assert done.returncode == 0, done.stderr
    created = done.stdout.splitlines()[0].removeprefix("Đã tạo bài viết: ")
    assert (root / created).is_file()
    assert f"`{created}`" in guide  # the guide names the file the command writes
    checked = cchc(".venv/bin/cchc check", root)
    assert checked.returncode == 0, checked.stdout


def test_the_windows_hook_line_writes_a_hook_that_runs_cchc_check(tmp_path: Path) -> None:
    """The staff guide's Windows line, with this Python for `.venv\\Scripts\\python`: the hook it writes
    (LF line ends, as Git's sh needs) runs `cchc check` from the repository's top folder."""
    block = re.search(r"```bat\n(.*?)```", STAFF_GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert block is not None
    line = next(line for line in block[1].splitlines() if line.startswith(".venv\\Scripts\\python -c "))
    # cmd.exe and PowerShell pass a double-quoted argument without backslash escapes, as POSIX shlex does here.
    code = shlex.split(line.removeprefix(".venv\\Scripts\\python "))
    assert code[0] == "-c" and len(code) == 2
    (tmp_path / ".git" / "hooks").mkdir(parents=True)
    subprocess.run([sys.executable, *code], cwd=tmp_path, check=True)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    assert hook.read_bytes() == b"#!/bin/sh\nexec .venv/Scripts/cchc.exe check\n"
    stub = tmp_path / ".venv" / "Scripts" / "cchc.exe"  # stands for the real cchc.exe
    stub.parent.mkdir(parents=True)
    stub.write_text('#!/bin/sh\necho "$@" > ran.txt\nexit 1\n', encoding="utf-8")
    stub.chmod(0o755)
    done = subprocess.run(["sh", str(hook)], cwd=tmp_path, check=False)
    assert done.returncode == 1  # the commit stops when cchc check finds errors
    assert (tmp_path / "ran.txt").read_text(encoding="utf-8") == "check\n"
