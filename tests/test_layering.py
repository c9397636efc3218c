"""The shape of the package: a pure core, thin adapters, one module of URL rules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "src" / "cchc"
# Adapters may import MkDocs; the core may not (a move to another MkDocs-like engine touches only these).
ADAPTERS = {"adapter/config.py", "adapter/build.py", "adapter/log.py", "preview/server.py"}
URL_FRAGMENTS = re.compile(
    r"tin-tuc/|ke-hoach/|don-vi/|chu-de/|thu-tuc-hanh-chinh/|gop-y/|tim-kiem/|so-do-trang/|nhiem-vu/|bao-cao[/.]|trang/|feed\.xml"
    r"|(?<!content/)hoi-dap/|api/|theo-doi/"  # answers (content/hoi-dap/ is their folder), the feedback service, the feeds page
)
MODULES = sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py"))  # the feedback service (gopy/) too
TEMPLATES = [*(REPO / "overrides").rglob("*.html"), *(PACKAGE / "gopy" / "templates").glob("*.html")]


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


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


@pytest.mark.parametrize("module", MODULES)
def test_the_core_does_not_import_mkdocs(module: str) -> None:
    found = {name for name in imports(PACKAGE / module) if name.split(".")[0] == "mkdocs"}
    assert not found or module in ADAPTERS, f"{module} imports {found}"


def test_the_model_depends_on_nothing_that_reads_files() -> None:
    local = {name for name in imports(PACKAGE / "model.py") if name.split(".")[0] == "cchc"}
    third_party = {name for name in imports(PACKAGE / "model.py") if name.split(".")[0] != "cchc"}
    assert local == {"cchc"}, local  # `from cchc import urls`
    assert third_party <= {"__future__", "collections.abc", "dataclasses", "datetime", "functools", "hashlib", "pathlib"}


def test_url_fragments_live_in_the_url_module_only() -> None:
    found = [f"{path.relative_to(REPO)}:{line}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.name != "urls.py"
             for line, text in code_strings(path) if URL_FRAGMENTS.search(text)]
    for template in sorted(TEMPLATES):
        text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.DOTALL)
        found += [f"{template.relative_to(REPO)}: {match.group(0)!r}" for match in URL_FRAGMENTS.finditer(text)]
    hooks = REPO / "hooks" / "cchc_hooks.py"
    found += [f"{hooks.relative_to(REPO)}:{line}: {text!r}" for line, text in code_strings(hooks) if URL_FRAGMENTS.search(text)]
    assert found == []
