"""argparse that speaks Vietnamese, through its public extension points only.

Python ships no Vietnamese catalogue for argparse, and its words come from gettext calls inside the
module. Instead of patching those, this parser: adds its own `-h/--help`; puts arguments in groups
with Vietnamese titles (the default groups stay empty, so argparse does not print their English
titles); gives the usage line a Vietnamese prefix through its help formatter; and translates the
error messages in `error()`, the one method argparse routes every usage error through.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's error messages (Python 3.11–3.13), matched whole, said in Vietnamese.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(english), vietnamese) for english, vietnamese in (
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"không hiểu tham số: \1"),
    (r"argument (.+?): invalid choice: (.*?) \(choose from (.*)\)", r"tham số \1: giá trị \2 không hợp lệ (chọn một trong: \3)"),
    (r"argument (.+?): invalid .+? value: (.*)", r"tham số \1: giá trị \2 không hợp lệ"),
    (r"argument (.+?): expected one argument", r"tham số \1: cần một giá trị"),
    (r"argument (.+?): expected at most one argument", r"tham số \1: cần nhiều nhất một giá trị"),
    (r"argument (.+?): expected at least one argument", r"tham số \1: cần ít nhất một giá trị"),
    (r"argument (.+?): expected (\d+) arguments?", r"tham số \1: cần \2 giá trị"),
    (r"argument (.+?): not allowed with argument (.*)", r"tham số \1: không dùng được cùng \2"),
    (r"argument (.+?): ignored explicit argument (.*)", r"tham số \1: tùy chọn này không nhận giá trị (tìm thấy \2)"),
    (r"ambiguous option: (.*?) could match (.*)", r"tùy chọn \1 chưa rõ: có thể là \2"),
    (r"one of the arguments (.*) is required", r"cần một trong các tham số \1"),
    (r"argument (.+?): (.*)", r"tham số \1: \2"),  # our own type checks already say the rest in Vietnamese
))


def translate(message: str) -> str:
    for pattern, vietnamese in _ERRORS:
        if pattern.fullmatch(message):
            return pattern.sub(vietnamese, message)
    return message


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples of the epilogs on their lines; the usage line starts "Cách dùng: "."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._vi_arguments = self.add_argument_group("tham số")
        self._vi_options = self.add_argument_group("tùy chọn")
        self._vi_options.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if not hasattr(self, "_vi_options"):  # argparse's own constructor adds nothing: this is ours
            return super().add_argument(*args, **kwargs)
        optional = bool(args) and args[0].startswith(self.prefix_chars)
        return (self._vi_options if optional else self._vi_arguments).add_argument(*args, **kwargs)

    def add_mutually_exclusive_group(self, **kwargs: Any) -> Any:
        return self._vi_options.add_mutually_exclusive_group(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {translate(message)}\n")
