"""argparse in Vietnamese (src/cchc/cli/argparse_vi.py): its catalogue has every msgid of argparse, and no
other, for each Python >= 3.11 found on this machine (tests/support/argparse_catalogue.py run by each).
The `cchc` command line's help pages and usage errors: tests/unit/test_cli_argparse_vi.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO
from support.argparse_catalogue import msgids

from cchc.cli import argparse_vi

SCRIPT = REPO / "tests" / "support" / "argparse_catalogue.py"
VERSION = ".".join(map(str, sys.version_info[:3]))


def pythons() -> dict[str, str]:
    """Version -> interpreter: the one running the tests, then each Python >= 3.11 of pyenv or on PATH."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    on_path = (shutil.which(f"python3.{minor}") for minor in range(11, 20))
    candidates = [sys.executable, *sorted(str(path) for path in root.glob("versions/*/bin/python3")),
                  *(path for path in on_path if path and Path(path).parent != root / "shims")]  # shims run the same
    found: dict[str, str] = {}
    for candidate in candidates:
        try:
            done = subprocess.run([candidate, "-c", "import sys; print('.'.join(map(str, sys.version_info[:3])))"],
                                  capture_output=True, text=True, timeout=60, check=False)
        except OSError:
            continue
        version = done.stdout.strip()
        if done.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+", version) and tuple(map(int, version.split("."))) >= (3, 11):
            found.setdefault(version, candidate)
    return found


PYTHONS = pythons()


def test_the_running_python_is_among_those_checked() -> None:
    assert PYTHONS.get(VERSION) == sys.executable


@pytest.mark.parametrize("python", list(PYTHONS.values()), ids=list(PYTHONS))
def test_the_catalogue_covers_the_argparse_of(python: str) -> None:
    done = subprocess.run([python, str(SCRIPT)], capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": ""})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["msgids"] >= 30  # the extraction found argparse's calls
    assert report["missing"] == [], f"argparse {report['version']} has msgids without Vietnamese"
    assert report["misfits"] == [] and report["unread"] == []
    assert report["english"] == {}, report["outputs"]
    assert report["restored"]
    outputs = report["outputs"]
    assert outputs["help"].startswith("Cách dùng: cchc [-h] LỆNH ...") and "tùy chọn:" in outputs["help"]
    assert "cchc new: lỗi: tham số --pair: cần 2 giá trị" in outputs["expected two"]
    assert "cchc: lỗi: tham số LỆNH: giá trị 'nope' không hợp lệ (chọn một trong: " in outputs["unknown command"]


def test_the_catalogue_holds_no_msgid_argparse_does_not_use() -> None:
    """Only msgids of the Pythons found, or of a later Python (a msgid with a typo would be neither)."""
    everyone: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for python in PYTHONS.values():
        source = subprocess.run([python, "-c", "import argparse, sys; sys.stdout.write(open(argparse.__file__, encoding='utf-8').read())"],
                                capture_output=True, text=True, encoding="utf-8", timeout=60, check=True).stdout
        singles, pairs, _ = msgids(source)
        everyone |= singles
        plurals |= pairs
    assert set(argparse_vi.MESSAGES) - everyone <= {  # msgids of a Python not found here
        "%(heading)s:", " (default: %(default)s)", "%(prog)s: warning: %(message)s\n", "show program's version number and exit",
        "argument '%(argument_name)s' is deprecated", "option '%(option)s' is deprecated", "command '%(parser_name)s' is deprecated",
    }
    assert set(argparse_vi.PLURALS) == plurals

