"""Importing every unit and build test module (with conftest.py and the support modules they use), in a
fresh interpreter, does not import Playwright: `make test-fast` and the build layer run on a machine
without a browser. The static side of the rule: tests/unit/test_suite_layout.py."""

from __future__ import annotations

import subprocess
import sys

from support.layers import TESTS

SCRIPT = """
import importlib, sys
from pathlib import Path
tests = Path(sys.argv[1])
sys.path[:0] = [str(tests), str(tests / "unit"), str(tests / "build")]
names = ["conftest", *(path.stem for layer in ("unit", "build") for path in sorted((tests / layer).glob("test_*.py")))]
for name in names:
    importlib.import_module(name)
print(len(names), sorted(name for name in sys.modules if name.split(".")[0] == "playwright"))
"""


def test_no_unit_or_build_module_imports_playwright() -> None:
    modules = 1 + sum(len(list((TESTS / layer).glob("test_*.py"))) for layer in ("unit", "build"))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(TESTS)], capture_output=True, text=True, check=False,
                          timeout=300, cwd=TESTS.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(maxsplit=1) == [str(modules), "[]\n"]
