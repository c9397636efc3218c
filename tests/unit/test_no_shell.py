"""Staff laptops may be Windows: no code path of `cchc` goes through a shell (the staff path on a fresh
machine: tests/system/test_fresh_machine.py)."""

from __future__ import annotations

import ast

from support import REPO


def test_no_code_path_goes_through_a_shell() -> None:
    """Staff laptops may be Windows: paths are pathlib's, commands are argument lists, never a shell line."""
    found = []
    for path in sorted((REPO / "src" / "cchc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "shell":
                found.append(f"{path.name}:{node.lineno}: shell=")
            if isinstance(node, ast.Attribute) and node.attr in ("system", "popen") and getattr(node.value, "id", "") == "os":
                found.append(f"{path.name}:{node.lineno}: os.{node.attr}")
    assert found == []
