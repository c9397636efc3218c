"""argparse in Vietnamese (src/cchc/cli/argparse_vi.py), in the test process: the whole `cchc` command line
prints no English word of argparse in its help pages and usage errors; other parsers in the process keep
argparse's own. The catalogue checked against the argparse of each Python >= 3.11 found on this machine:
tests/build/test_argparse_vi.py."""

from __future__ import annotations

import argparse
import gettext
from pathlib import Path

import pytest
from support.argparse_catalogue import english_fragments, english_in, msgids

from cchc.cli import argparse_vi
from cchc.cli import main as cli

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
