"""The four layers of the suite. A test's layer is the folder its file is in (tests/unit/, tests/build/,
tests/browser/, tests/system/): conftest.py marks every test with its folder's marker, and a test that is
in none of them or is also marked with another layer fails. A test belongs to the layer of the
heaviest thing it needs: a unit test needs nothing but the Python process, a build test a real MkDocs
build or a `cchc` subprocess, a browser test Chromium (or axe, or the Nu HTML Checker), a system test
nginx, the feedback service as a process, LibreOffice, make or a fuzzing campaign."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
# Lightest first; the text is the marker's description (pyproject.toml registers the same four).
LAYERS = {
    "unit": "pure tests of the core in the test process: no MkDocs build, no subprocess, no server, no browser",
    "build": "real MkDocs builds and real `cchc` subprocesses on temporary projects",
    "browser": "headless Chromium through Playwright, axe-core, the Nu HTML Checker",
    "system": "real nginx, the feedback service as a process, LibreOffice, make, fuzzing campaigns",
}


def layer_of(path: Path, marked: Iterable[str]) -> tuple[str | None, str | None]:
    """(layer, None) for a test in the file `path` carrying the markers `marked`, or (None, why not)."""
    parts = path.resolve().relative_to(TESTS).parts
    folder = parts[0] if len(parts) > 1 and parts[0] in LAYERS else None
    others = sorted({name for name in marked if name in LAYERS} - {folder})
    if folder is None:
        return None, f"not in a layer's folder (tests/{{{','.join(LAYERS)}}}/)"
    if others:
        return None, f"in tests/{folder}/ but also marked {', '.join(others)}: a test has one layer"
    return folder, None
