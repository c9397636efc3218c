"""The shape of the package: stages as packages in one order, no import circle, MkDocs and the web
service's libraries each behind their own package, one module of URL rules."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from support import REPO
from support.stages import FILES, MODULES, ORDER, PACKAGE, module_name, package_of

# Third-party libraries that only one package may import: the engine, the service, the watcher, Word, the
# HTML policy's tokenizer.
OWNED = {"mkdocs": {"adapter"}, "material": {"adapter"}, "falcon": {"gopy"}, "waitress": {"gopy"},
         "watchdog": {"preview"}, "docx": {"reports"}, "html5lib": {"render"}, "PIL": {"render"}, "playwright": set()}
URL_FRAGMENTS = re.compile(
    r"tin-tuc/|ke-hoach/|don-vi/|chu-de/|thu-tuc-hanh-chinh/|gop-y/|tim-kiem/|so-do-trang/|nhiem-vu/|bao-cao(?:/|\.csv)|trang/|feed\.xml"
    r"|(?<!content/)hoi-dap/|api/|theo-doi/|quan-tri/"  # answers (content/hoi-dap/ is their folder), the feedback service, the feeds page
)
TEMPLATES = [*(REPO / "overrides").rglob("*.html"), *(PACKAGE / "gopy" / "templates").glob("*.html")]


def imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (inside functions too); `from a import b` counts as
    a.b when a.b is a module of the package."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (the package's imports are absolute)"
            module = node.module or ""
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in MODULES}
    return found


def own_imports(path: Path) -> set[str]:
    return {name for name in imports(path) if name in MODULES and name != "cchc"} - {module_name(path)}


def code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings: what the code uses, not what it says."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_every_package_is_a_stage_of_the_order() -> None:
    packages = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}
    assert packages == set(ORDER) - {""}
    loose = [path.name for path in PACKAGE.glob("*.py")]
    assert len(loose) <= 12, loose  # the shared vocabulary stays small; everything else is in a stage


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_stage_and_earlier_ones(module: str) -> None:
    own = ORDER.index(package_of(module))
    later = sorted(name for name in own_imports(MODULES[module]) if ORDER.index(package_of(name)) > own)
    assert later == [], f"{module} ({package_of(module) or 'loose'}) imports a later stage: {later}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_libraries_stay_behind_their_package(module: str) -> None:
    package = package_of(module)
    found = {name.split(".")[0] for name in imports(MODULES[module])}
    refused = sorted(library for library in found if library in OWNED and package not in OWNED[library])
    assert refused == [], f"{module} imports {refused}"


def test_no_import_circle() -> None:
    graph = {module: own_imports(path) for module, path in MODULES.items()}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        stack.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                circles.append([*stack[stack.index(other):], other])
            elif other not in state:
                visit(other, stack)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert circles == []


def test_the_model_depends_on_nothing_that_reads_files() -> None:
    found = imports(PACKAGE / "model.py")
    assert {name for name in found if name.split(".")[0] == "cchc"} == {"cchc", "cchc.urls"}  # `from cchc import urls`
    third_party = {name for name in found if name.split(".")[0] != "cchc"}
    assert third_party <= {"__future__", "collections.abc", "dataclasses", "datetime", "functools", "hashlib", "pathlib"}


def test_url_fragments_live_in_the_url_module_only() -> None:
    found = [f"{path.relative_to(REPO)}:{line}: {text!r}"
             for path in FILES if path.name != "urls.py"
             for line, text in code_strings(path) if URL_FRAGMENTS.search(text)]
    for template in sorted(TEMPLATES):
        text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.DOTALL)
        found += [f"{template.relative_to(REPO)}: {match.group(0)!r}" for match in URL_FRAGMENTS.finditer(text)]
    hooks = REPO / "hooks" / "cchc_hooks.py"
    found += [f"{hooks.relative_to(REPO)}:{line}: {text!r}" for line, text in code_strings(hooks) if URL_FRAGMENTS.search(text)]
    assert found == []


def test_every_library_the_package_imports_is_declared() -> None:
    """pyproject.toml's dependencies name every distribution src/cchc/ imports (a fresh `pip install .`
    has them all), and nothing it does not import."""
    import tomllib
    from importlib.metadata import packages_distributions

    declared = {re.split(r"[<>=!~ ;\[]", entry, maxsplit=1)[0].lower()
                for entry in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    distributions = packages_distributions()
    top = {name.split(".")[0] for path in FILES for name in imports(path)} - set(sys.stdlib_module_names) - {"cchc", "__future__"}
    imported = {distribution.lower() for name in top for distribution in distributions.get(name, [name])}
    assert imported - declared == set()
    assert declared - imported <= {"mkdocs-material"}  # the theme mkdocs.yml names
