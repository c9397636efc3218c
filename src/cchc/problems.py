"""Problems found in content, reported as `path:line: message` lines for people and editors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised once with every problem of a run, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def describe(value: object) -> str:
    """How a found value is named in a message: its type in Vietnamese and the value."""
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"số {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return f"chuỗi {shown!r}"
    if isinstance(value, list):
        shown = ", ".join(describe(item).split(" ", 1)[-1] for item in value[:5])
        return f"danh sách [{shown}{', …' if len(value) > 5 else ''}]"
    if isinstance(value, dict):
        return "một bảng khóa: giá trị"
    return type(value).__name__
