"""The guides' commands, run as written: the staff guide's first example on a fresh clone in the current
year, and the Windows hook line writing a hook that runs `cchc check`. The README and the guides as text:
tests/unit/test_guides.py."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from support import REPO
from support.guides import shell_lines

GUIDES = REPO / "huong-dan"
STAFF_GUIDE = GUIDES / "viet-bai.md"
NOW = "2026-12-07 09:00"  # December of the current year: only plan/2022.md ships with the repository


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
