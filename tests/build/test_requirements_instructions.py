"""The Python requirements are hash-locked (quyet-dinh/0001-mkdocs-het-vong-doi.md), and pip refuses an
editable install in the same call as a hashed file: no instruction of the repository's tracked files
installs the requirements and the project in one pip call. The requirement files themselves:
tests/unit/test_requirements.py."""

from __future__ import annotations

import re
import subprocess

from support import REPO


def test_no_instruction_installs_the_requirements_and_the_project_in_one_pip_call() -> None:
    """pip refuses an editable requirement in require-hashes mode ("cannot be installed when requiring
    hashes, because there is no single file to hash"), and a hashed file turns that mode on for the
    whole call: `pip install -r requirements.txt -e .` fails. Two calls, as the Makefile does:
    `pip install -r requirements.txt`, then `pip install --no-deps -e .`."""
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    together = [f"{name}:{number}: {line.strip()}"
                for name in tracked if name.endswith((".md", ".sh", ".yml", ".yaml", ".toml", ".service")) or name == "Makefile"
                for number, line in enumerate((REPO / name).read_text(encoding="utf-8", errors="replace").splitlines(), 1)
                if "pip install" in line and re.search(r"-r\s*requirements", line) and re.search(r"\s(-e|--editable)\b", line)]
    assert together == [], "two pip calls: `pip install -r requirements.txt`, then `pip install --no-deps -e .`"
