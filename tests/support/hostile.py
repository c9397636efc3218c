"""What the hostile-content tests share: a folder's files by digest (to show a refused build left site/
as it was), `cchc` run as staff run it, and the problem lines (`path:line: …`) of its output."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from support import FIXED_NOW
from support.project import SiteProject

PROBLEM_LINE = re.compile(r"^[^:\s][^:]*:\d+: ")


def snapshot(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def cchc(project: SiteProject, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=project.root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if PROBLEM_LINE.match(line) and "cảnh báo:" not in line]
