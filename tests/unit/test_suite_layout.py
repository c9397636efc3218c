"""The test suite's own shape (tests/support/layers.py): every test module in the folder of its layer,
the four layers registered as markers, helpers imported from support/ only (never from another test
module or conftest.py), Playwright imported only where a browser is driven. Read from the files, as the
layering test reads src/ (importing every unit and build module: tests/build/test_suite_imports.py)."""

from __future__ import annotations

import ast
import functools
import tomllib
from pathlib import Path

import pytest
from support import REPO
from support.layers import LAYERS, TESTS, layer_of

SUPPORT = TESTS / "support"
TEST_MODULES = sorted(TESTS.rglob("test_*.py"))
# Where Playwright may be imported: the browser and system layers, and the one support module that drives it.
BROWSING = ("browser", "system")


@functools.cache
def imported_modules(path: Path) -> frozenset[str]:
    """Every module a file imports, anywhere in it (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return frozenset(found)


def support_closure(path: Path) -> set[str]:
    """The support modules a file imports, and the ones those import."""
    seen: set[str] = set()
    todo = [path]
    while todo:
        for name in imported_modules(todo.pop()):
            parts = name.split(".")
            if parts[0] == "support" and len(parts) > 1 and (SUPPORT / f"{parts[1]}.py").is_file():
                module = f"support.{parts[1]}"
                if module not in seen:
                    seen.add(module)
                    todo.append(SUPPORT / f"{parts[1]}.py")
    return seen


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def test_every_test_module_is_in_the_folder_of_one_layer() -> None:
    misplaced = [relative(path) for path in TEST_MODULES
                 if path.parent.parent != TESTS or path.parent.name not in LAYERS]
    assert misplaced == [], f"move them into tests/{{{','.join(LAYERS)}}}/"
    assert {path.parent.name for path in TEST_MODULES} == set(LAYERS)
    assert not list(SUPPORT.rglob("test_*.py")), "support/ holds helpers, not tests"


def test_module_names_are_unique_across_the_layers() -> None:
    """The folders are not packages: pytest and mypy know a test module by its file name alone."""
    names = [path.name for path in TEST_MODULES]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
    assert not [relative(path) for path in TESTS.rglob("__init__.py") if path.parent != SUPPORT]


def test_the_layers_are_the_registered_markers() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--strict-markers" in config["addopts"].split()
    registered = dict(line.split(": ", 1) for line in config["markers"])
    assert registered == LAYERS
    assert "build" not in config["norecursedirs"]  # pytest's default skips folders named build


@pytest.mark.parametrize("where, marked, expected", [
    ("unit/test_x.py", [], ("unit", None)),
    ("system/test_x.py", ["system", "parametrize"], ("system", None)),
    ("build/test_x.py", ["browser"], (None, "in tests/build/ but also marked browser: a test has one layer")),
    ("test_x.py", [], (None, "not in a layer's folder (tests/{unit,build,browser,system}/)")),
    ("support/test_x.py", [], (None, "not in a layer's folder (tests/{unit,build,browser,system}/)")),
])
def test_a_test_has_exactly_one_layer(where: str, marked: list[str], expected: tuple[str | None, str | None]) -> None:
    assert layer_of(TESTS / where, marked) == expected


def test_test_modules_import_helpers_from_support_only() -> None:
    """Never from another test module, nor from conftest.py (its fixtures are requested, not imported)."""
    local = {path.stem for path in TESTS.rglob("*.py") if SUPPORT not in path.parents} - {"__init__"}
    found = [f"{relative(path)}: {name}" for path in [*TEST_MODULES, *SUPPORT.glob("*.py"), TESTS / "conftest.py"]
             for name in sorted(imported_modules(path)) if name.split(".")[0] in local]
    assert found == []


def test_playwright_is_imported_only_where_a_browser_is_driven() -> None:
    browsing = {SUPPORT / "browser.py", *(path for layer in BROWSING for path in (TESTS / layer).glob("*.py"))}
    direct = [relative(path) for path in [*TESTS.rglob("*.py")] if path not in browsing
              and any(name.split(".")[0] == "playwright" for name in imported_modules(path))]
    assert direct == []
    through_support = [relative(path) for path in [*TEST_MODULES, TESTS / "conftest.py", *SUPPORT.glob("*.py")]
                       if path not in browsing and "support.browser" in support_closure(path)]
    assert through_support == []
