"""`content/hoi-dap/so-lieu.yml`: monthly counts of online questions and ratings, written on the
server by `cchc gop-y so-lieu` and committed by staff, so the report is built from the repository
alone (the build never reads the live database). Numbers only: no personal data.

    generated: 2026-06-30 17:00
    months:
      2026-01: {received: 12, answered: 10, useful: 40, not_useful: 5}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from cchc.content.frontmatter import shown_path
from cchc.problems import Problem, describe

COUNTS_FILE = "so-lieu.yml"
KEYS = ("received", "answered", "useful", "not_useful")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Tally:
    received: int = 0
    answered: int = 0
    useful: int = 0
    not_useful: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, key) + getattr(other, key) for key in KEYS))

    @property
    def ratings(self) -> int:
        return self.useful + self.not_useful


@dataclass(frozen=True)
class FeedbackCounts:
    generated: str
    months: dict[tuple[int, int], Tally]

    def total(self, months: Iterable[tuple[int, int]]) -> Tally:
        return sum((self.months.get(month, Tally()) for month in months), Tally())

    def of_year(self, year: int) -> dict[int | None, Tally]:
        """{1: first half, 2: second half, None: the whole year}, by local month as the report counts."""
        first = self.total((year, month) for month in range(1, 7))
        second = self.total((year, month) for month in range(7, 13))
        return {1: first, 2: second, None: first + second}


def read_feedback_counts(path: Path, root: Path) -> tuple[FeedbackCounts | None, list[Problem]]:
    """The counts, or None when there is no file; problems as `path:line: message`."""
    if not path.is_file():
        return None, []
    shown = shown_path(path, root)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        return None, [Problem(shown, (mark.line + 1) if mark else 1, f"tệp số liệu góp ý không đọc được ({error})")]
    problems: list[Problem] = []
    top = _mapping(node)
    months_node = top.get("months")
    if months_node is None:
        return None, [Problem(shown, 1, "tệp số liệu góp ý thiếu `months` (hãy ghi lại bằng cchc gop-y so-lieu)")]
    months: dict[tuple[int, int], Tally] = {}
    for key_node, value_node in _mapping(months_node[1]).items():
        line = value_node[0] + 1
        match = _MONTH.fullmatch(key_node)
        values = {key: yaml.safe_load(yaml.serialize(item)) for key, (_, item) in _mapping(value_node[1]).items()}
        if not match:
            problems.append(Problem(shown, line, f"tháng phải có dạng YYYY-MM (tìm thấy: {key_node!r})"))
        elif sorted(values) != sorted(KEYS) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                                        for v in values.values()):
            problems.append(Problem(shown, line, f"tháng {key_node} phải có đủ {', '.join(KEYS)} là số không âm "
                                                 f"(tìm thấy: {describe(values)})"))
        else:
            months[(int(match.group(1)), int(match.group(2)))] = Tally(**values)
    generated = top.get("generated")
    stamp = str(yaml.safe_load(yaml.serialize(generated[1]))) if generated else ""
    return (None if problems else FeedbackCounts(stamp, months)), problems


def _mapping(node: yaml.Node | None) -> dict[str, tuple[int, yaml.Node]]:
    """Key → (line index, value node) of a YAML mapping node; empty for anything else."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): (key.start_mark.line, value) for key, value in node.value}
