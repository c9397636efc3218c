"""What every `cchc` command shares: exit codes, usage errors, the project's settings, "now"."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from cchc import clock
from cchc.adapter.config import load_settings
from cchc.content.settings import Settings
from cchc.problems import Problem

OK, CONTENT, USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong arguments or environment: exit code 2."""


def print_problems(problems: Sequence[Problem], file: TextIO | None = None) -> None:
    for problem in sorted(set(problems)):
        print(problem, file=file or sys.stdout)


def find_project(start: Path) -> Settings:
    """The settings of the nearest mkdocs.yml upwards; MkDocs' warnings about it are printed."""
    start = start.resolve()
    config_file = next((folder / "mkdocs.yml" for folder in (start, *start.parents) if (folder / "mkdocs.yml").is_file()), None)
    if config_file is None:
        raise UsageError("không tìm thấy mkdocs.yml ở thư mục này hay các thư mục cha; hãy chạy lệnh trong thư mục của kho")
    settings, warnings = load_settings(config_file)
    print_problems(warnings, file=sys.stderr)
    return settings


def now() -> datetime:
    try:
        return clock.now()
    except clock.ClockError as error:
        raise UsageError(str(error)) from None
