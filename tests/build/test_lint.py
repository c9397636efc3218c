"""Lint gates: ruff and mypy are clean on the project's Python (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from support import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False, timeout=300)


def test_ruff_is_clean() -> None:
    done = run("ruff", "check", "src", "hooks", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
