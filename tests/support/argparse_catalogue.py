"""Checks src/cchc/cli/argparse_vi.py against the argparse of the Python that runs this file:
tests/build/test_argparse_vi.py runs it with each Python >= 3.11 it finds. Standard library only: the
module is loaded from its file, without the project or its dependencies.

It prints a JSON report: the msgids of this argparse (its calls of `_()` and `ngettext()`) that have
no Vietnamese, the translations whose placeholders do not fit their msgid, the calls whose msgid it
could not read, and the English words of argparse left in what a parser of the module printed for
a set of usage errors and help pages."""

from __future__ import annotations

import argparse
import ast
import contextlib
import gettext
import importlib.util
import io
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

MODULE = Path(__file__).resolve().parents[2] / "src" / "cchc" / "cli" / "argparse_vi.py"
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([a-z%])")


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("argparse_vi", MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def msgids(source: str) -> tuple[set[str], set[tuple[str, str]], list[str]]:
    """The msgids of `_(…)` and the (singular, plural) of `ngettext(…)` calls in `source`, and the
    calls of a form not read here (so that a new form in a later argparse is seen, not skipped)."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    unread: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext")):
            continue
        if node.func.id == "ngettext":
            forms = [arg.value for arg in node.args[:2] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if len(node.args) == 3 and len(forms) == 2:
                plurals.add((forms[0], forms[1]))
            else:
                unread.append(ast.unparse(node))
            continue
        [argument] = node.args
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            singles.add(argument.value)
        # _(kwargs.pop('title', 'subcommands')) in 3.11 and 3.12: the default is a msgid
        elif (isinstance(argument, ast.Call) and isinstance(argument.func, ast.Attribute) and argument.func.attr == "pop"
              and len(argument.args) == 2 and isinstance(argument.args[1], ast.Constant)):
            if isinstance(argument.args[1].value, str):
                singles.add(argument.args[1].value)
        else:
            unread.append(ast.unparse(node))
    return singles, plurals, unread


def placeholders(text: str) -> tuple[list[str], set[str]]:
    """The conversions without a name, in order, and the names of the named ones."""
    positional: list[str] = []
    named: set[str] = set()
    for match in PLACEHOLDER.finditer(text):
        if match.group(2) == "%":
            continue
        if match.group(1):
            named.add(match.group(1))
        else:
            positional.append(match.group(2))
    return positional, named


def misfits(msgid: str, vietnamese: str) -> str | None:
    english_positional, english_named = placeholders(msgid)
    positional, named = placeholders(vietnamese)
    if positional != english_positional or not named <= english_named:
        return f"{msgid!r} -> {vietnamese!r}"
    return None


def english_fragments(singles: set[str], plurals: set[tuple[str, str]]) -> list[str]:
    """The literal parts of argparse's msgids that hold an English word (the parts between the
    placeholders, e.g. "usage:", "the following arguments are required:")."""
    texts = [*singles, *(form for pair in plurals for form in pair)]
    parts = {part.strip() for text in texts for part in PLACEHOLDER.split(text)[::3]}
    return sorted(part for part in parts if re.search(r"[A-Za-z]{3,}", part))


def english_in(output: str, fragments: list[str]) -> list[str]:
    return [fragment for fragment in fragments
            if re.search(r"(?<![A-Za-z])" + re.escape(fragment) + r"(?![A-Za-z])", output)]


def exercise(vi: Any) -> dict[str, str]:
    """What a parser of the module prints (stdout and stderr) for each case: help pages and errors."""
    def build() -> argparse.ArgumentParser:
        parser = vi.ArgumentParser(prog="cchc", description="Công cụ.", epilog="Ví dụ: cchc new")
        commands = parser.add_subparsers(title="các lệnh", dest="command", metavar="LỆNH", required=True)
        new = commands.add_parser("new", help="tạo bài viết")
        new.add_argument("title", metavar="TIÊU_ĐỀ", help="tiêu đề")
        new.add_argument("--task", metavar="SỐ", type=int, action="append", required=True, help="nhiệm vụ")
        new.add_argument("--half", type=int, choices=(1, 2), help="kỳ")
        new.add_argument("--pair", nargs=2, metavar=("A", "B"), help="hai giá trị")
        new.add_argument("--some", nargs="+", help="một hay nhiều")
        new.add_argument("--list", action="store_true", help="liệt kê")
        new.add_argument("--log", help="nhật ký")
        either = new.add_mutually_exclusive_group()
        either.add_argument("--rollback", action="store_true", help="quay lại")
        either.add_argument("--keep", action="store_true", help="giữ")
        pick = commands.add_parser("pick", help="chọn", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
        one = pick.add_mutually_exclusive_group(required=True)
        one.add_argument("--a", action="store_true", help="a")
        one.add_argument("--b", action="store_true", help="b")
        pick.add_argument("--n", type=int, default=3, help="số")
        if sys.version_info >= (3, 13):
            pick.add_argument("--old", action="store_true", deprecated=True, help="cũ")
            commands.add_parser("cu", help="lệnh cũ", deprecated=True)
        return parser

    cases = {
        "help": ["--help"], "new help": ["new", "--help"], "pick help": ["pick", "--help"],
        "no command": [], "unknown command": ["nope"], "unrecognized": ["new", "T", "--task", "1", "--bogus"],
        "required": ["new"], "invalid choice": ["new", "T", "--task", "1", "--half", "3"],
        "invalid int": ["new", "T", "--task", "hai"], "expected one": ["new", "T", "--task"],
        "expected two": ["new", "T", "--task", "1", "--pair", "x"], "expected at least one": ["new", "T", "--task", "1", "--some"],
        "not allowed with": ["new", "T", "--task", "1", "--rollback", "--keep"],
        "explicit argument": ["new", "T", "--task", "1", "--list=3"], "ambiguous": ["new", "T", "--task", "1", "--l", "x"],
        "one of required": ["pick"],
    }
    if sys.version_info >= (3, 13):
        cases.update({"deprecated option": ["pick", "--a", "--old"], "deprecated command": ["cu"]})
    outputs: dict[str, str] = {}
    for name, argv in cases.items():
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), contextlib.suppress(SystemExit):
            build().parse_args(argv)
        outputs[name] = stdout.getvalue() + stderr.getvalue()
    return outputs


def main() -> int:
    vi = load()
    singles, plurals, unread = msgids(Path(argparse.__file__).read_text(encoding="utf-8"))
    missing = sorted(msgid for msgid in singles if msgid not in vi.MESSAGES)
    missing += sorted(repr(pair) for pair in plurals if pair not in vi.PLURALS)
    catalogue = [*vi.MESSAGES.items(), *((singular, text) for (singular, _), text in vi.PLURALS.items()),
                 *((plural, text) for (_, plural), text in vi.PLURALS.items())]
    outputs = exercise(vi)
    fragments = english_fragments(singles, plurals)
    report = {
        "version": ".".join(map(str, sys.version_info[:3])),
        "msgids": len(singles) + len(plurals),
        "missing": missing,
        "misfits": [problem for msgid, text in catalogue if (problem := misfits(msgid, text))],
        "unread": unread,
        "outputs": outputs,
        "english": {name: found for name, output in outputs.items() if (found := english_in(output, fragments))},
        # after the parsers ran, argparse looks its words up where it did before
        "restored": vars(argparse)["_"] is gettext.gettext and vars(argparse)["ngettext"] is gettext.ngettext,
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
