"""argparse in Vietnamese (src/cchc/cli/argparse_vi.py): its catalogue has every msgid of argparse,
for each Python >= 3.11 found on this machine; the whole `cchc` command line prints no English word
of argparse in its help pages and usage errors; other parsers in the process keep argparse's own."""

from __future__ import annotations

import argparse
import gettext
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from argparse_catalogue import english_fragments, english_in, msgids

from cchc.cli import argparse_vi
from cchc.cli import main as cli

SCRIPT = Path(__file__).with_name("argparse_catalogue.py")
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


# --- the cchc command line -------------------------------------------------------------------------


def commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of `parser`, as the words that call it."""
    found = [words]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += commands(sub, (*words, name))
    return found


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def english_of_argparse() -> list[str]:
    singles, plurals, _ = msgids(Path(argparse.__file__).read_text(encoding="utf-8"))
    return english_fragments(singles, plurals)


# argparse's words named outright, checked whichever Python runs the tests (besides those read from its source).
NAMED = ["usage:", "error:", "options", "positional arguments", "the following arguments are required", "invalid choice",
         "expected one argument", "unrecognized arguments", "show this help message", "subcommands", "argument", "choose from"]


def test_every_help_page_of_cchc_is_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    english = english_of_argparse()
    pages = commands(cli._parser())
    assert ("gop-y", "xem") in pages and ("publish",) in pages and len(pages) > 15
    for words in pages:
        code, output = run(capsys, *words, "--help")
        assert code == 0 and output.startswith(f"Cách dùng: {' '.join(('cchc', *words))}"), output
        assert "-h, --help" in output and "in hướng dẫn này rồi thoát" in output and "tùy chọn:" in output
        assert english_in(output, english + NAMED) == [], output


USAGE_ERRORS = [
    ([], "cchc: lỗi: thiếu tham số bắt buộc: LỆNH"),
    (["nope"], "cchc: lỗi: tham số LỆNH: giá trị 'nope' không hợp lệ (chọn một trong: 'new', 'check', 'report',"),
    (["check", "--bogus"], "cchc: lỗi: không hiểu tham số: --bogus"),
    (["new"], "cchc new: lỗi: thiếu tham số bắt buộc: TIÊU_ĐỀ, --task, --unit"),
    (["new", "Tin", "--task"], "cchc new: lỗi: tham số --task: cần một giá trị"),
    (["report", "abc"], "cchc report: lỗi: tham số NĂM: năm phải là một số (tìm thấy: 'abc')"),
    (["report", "2022", "--half", "3"], "cchc report: lỗi: tham số --half: giá trị 3 không hợp lệ (chọn một trong: 1, 2)"),
    (["report", "2022", "--format", "pdf"], "cchc report: lỗi: tham số --format: giá trị 'pdf' không hợp lệ (chọn một trong: "),
    (["publish", "/srv/cchc/site", "--rollback", "--list"], "cchc publish: lỗi: tham số --list: không dùng được cùng --rollback"),
    (["publish", "/srv/cchc/site", "--l", "x"], "cchc publish: lỗi: tùy chọn --l chưa rõ: có thể là "),
    (["publish", "/srv/cchc/site", "--list=3"], "cchc publish: lỗi: tham số --list: tùy chọn này không nhận giá trị (tìm thấy '3')"),
    (["gop-y", "khong-co"], "cchc gop-y: lỗi: tham số LỆNH: giá trị 'khong-co' không hợp lệ (chọn một trong: 'xem', "),
    (["gop-y", "xem"], "cchc gop-y xem: lỗi: thiếu tham số bắt buộc: MÃ"),
    (["gop-y", "tra-loi", "K7M3QX9A", "--task", "hai"], "cchc gop-y tra-loi: lỗi: tham số --task: giá trị 'hai' không hợp lệ"),
]


@pytest.mark.parametrize("argv, vietnamese", USAGE_ERRORS, ids=[" ".join(["cchc", *argv]) for argv, _ in USAGE_ERRORS])
def test_usage_errors_of_cchc_are_in_vietnamese(capsys: pytest.CaptureFixture[str], argv: list[str], vietnamese: str) -> None:
    code, output = run(capsys, *argv)
    assert code == 2
    assert output.startswith("Cách dùng: cchc") and vietnamese in output, output
    assert english_in(output, english_of_argparse() + NAMED) == [], output


def test_what_cchc_prints_through_the_parser_directly_is_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli._parser()
    assert parser.format_usage() == "Cách dùng: cchc [-h] LỆNH ...\n"
    assert parser.format_help().startswith("Cách dùng: cchc [-h] LỆNH ...\n") and "\ntùy chọn:\n" in parser.format_help()
    parser.print_usage()
    parser.print_help()
    with pytest.raises(SystemExit):
        parser.error("thử")
    captured = capsys.readouterr()
    assert captured.out.startswith("Cách dùng: cchc [-h] LỆNH ...\n")
    assert captured.err == "Cách dùng: cchc [-h] LỆNH ...\ncchc: lỗi: thử\n"


def test_other_parsers_keep_argparses_english(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "nope")
    assert vars(argparse)["_"] is gettext.gettext and vars(argparse)["ngettext"] is gettext.ngettext
    plain = argparse.ArgumentParser(prog="khac")
    assert plain.format_usage() == "usage: khac [-h]\n" and "show this help message and exit" in plain.format_help()
    with argparse_vi.vietnamese(), argparse_vi.vietnamese():
        assert vars(argparse)["_"]("usage: ") == "Cách dùng: "
    assert vars(argparse)["_"] is gettext.gettext
