"""argparse that speaks Vietnamese, through a message catalogue.

argparse looks up the words of its own messages through gettext (`from gettext import gettext as _,
ngettext` at the top of argparse.py): the headings, the usage prefix, -h's help, the usage errors.
Python ships no Vietnamese catalogue for it; MESSAGES and PLURALS here give Vietnamese for each msgid.

The hook: gettext's public API offers no way to give argparse alone a catalogue. argparse calls
gettext.gettext, which looks in the process-wide default domain with the language of the
environment (LANGUAGE, LANG…), so binding a domain or installing a translation would change every
library that uses gettext, and only under a Vietnamese locale. So this module REPLACES THE MODULE
GLOBALS `argparse._` AND `argparse.ngettext` with the lookups of CATALOGUE (a
gettext.NullTranslations subclass), and only while a method of this module's ArgumentParser runs
(`vietnamese()`); they are put back afterwards, so other parsers in the process keep argparse's
English. The swap is not thread-safe: the command line parses in one thread.

A dict rather than a .po/.mo through Babel: nothing to compile or ship as package data, and the
module imports only the standard library, so tests/support/argparse_catalogue.py can check it against the
argparse of any interpreter without the project's dependencies. tests/build/test_argparse_vi.py checks
that every msgid of the running argparse has a translation (and of every other Python >= 3.11 it
finds); checked with Python 3.11.7, 3.12.1 and 3.13.0.
"""

from __future__ import annotations

import argparse
import functools
import gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

# msgid (exactly as in argparse.py) -> Vietnamese. Named placeholders may be left out (the type name
# of "invalid %(type)s value"); positional ones (%s, %r) stay, in their order.
MESSAGES: dict[str, str] = {
    # help and usage
    "usage: ": "Cách dùng: ",
    "%(heading)s:": "%(heading)s:",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "subcommands": "các lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản của chương trình rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    # usage errors and warnings
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "giá trị %(value)r không hợp lệ (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "not allowed with argument %s": "không dùng được cùng %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị (tìm thấy %r)",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    'argument "-" with mode %r': 'không dùng được "-" (đầu vào hay đầu ra chuẩn) với chế độ mở %r',
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' đã lỗi thời",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' đã lỗi thời",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' đã lỗi thời",
    # mistakes in the parser's own definition (raised while it is built)
    "cannot have multiple subparser arguments": "không được có nhiều nhóm lệnh con",
    "conflicting subparser: %s": "lệnh con trùng tên: %s",
    "conflicting subparser alias: %s": "tên khác của lệnh con bị trùng: %s",
    "cannot merge actions - two groups are named %r": "không gộp được tham số: có hai nhóm cùng tên %r",
    "'required' is an invalid argument for positionals": "không dùng được 'required' cho tham số vị trí",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng một ký tự trong %(prefix_chars)r",
    "dest= is required for options like %r": "cần dest= cho tùy chọn như %r",
    "invalid conflict_resolution value: %r": "giá trị conflict_resolution không hợp lệ: %r",
    "mutually exclusive arguments must be optional": "các tham số loại trừ nhau phải là tùy chọn",
    "%r is not callable": "%r không gọi được",
    ".__call__() not defined": ".__call__() chưa được định nghĩa",
}

# (singular, plural) -> Vietnamese, which has one form for every number.
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "cần %s giá trị",
    ("conflicting option string: %s", "conflicting option strings: %s"): "tùy chọn bị trùng: %s",
}


class Catalogue(gettext.NullTranslations):
    """MESSAGES and PLURALS; a msgid not in them is returned as it is (argparse passes the titles
    and descriptions given to add_subparsers through `_` too)."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        vietnamese = PLURALS.get((msgid1, msgid2))
        return vietnamese if vietnamese is not None else super().ngettext(msgid1, msgid2, n)


CATALOGUE = Catalogue()


@contextmanager
def vietnamese() -> Iterator[None]:
    """argparse looks its words up in CATALOGUE inside this block; what it used before is put back
    after it (blocks may nest)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = CATALOGUE.gettext, CATALOGUE.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


Result = TypeVar("Result")


def _in_vietnamese(method: Callable[..., Result]) -> Callable[..., Result]:
    @functools.wraps(method)
    def speaking(*args: Any, **kwargs: Any) -> Result:
        with vietnamese():
            return method(*args, **kwargs)
    return speaking


class ArgumentParser(argparse.ArgumentParser):
    """argparse.ArgumentParser in Vietnamese; the epilogs keep their lines (the examples)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        with vietnamese():  # the group titles and -h's help are looked up here
            super().__init__(*args, **kwargs)


# The methods in which argparse looks words up: building (add_argument's and add_subparsers' errors),
# parsing (the usage errors, through error()) and formatting (usage and help). Subcommands' parsers
# are of this class too (add_subparsers makes parsers of the class of the parser). add_argument on an
# argument group is argparse's own: its errors (mistakes in this code's parser) stay in English.
for _name in ("add_argument", "add_subparsers", "parse_args", "parse_known_args", "parse_intermixed_args",
              "parse_known_intermixed_args", "format_usage", "format_help", "print_usage", "print_help", "error"):
    setattr(ArgumentParser, _name, _in_vietnamese(getattr(argparse.ArgumentParser, _name)))
del _name
