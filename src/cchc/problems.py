"""Problems found in content or settings, reported as `path:line: message` lines for people and editors.

A problem is an error (the site is not built) or a warning (legal, but likely a mistake: the site is
built and the line is shown). Warnings print as `path:line: cảnh báo: …`.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import Literal

from cchc.characters import printable

Severity = Literal["error", "warning"]
WARNING_LABEL = "cảnh báo: "


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        """One line, whatever the path and message hold: their control characters are shown escaped."""
        label = WARNING_LABEL if self.is_warning else ""
        return f"{printable(self.path)}:{self.line}: {label}{printable(self.message)}"


def warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, message, "warning")


class ContentError(Exception):
    """Raised once with every error of a run, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if not problem.is_warning]


def describe(value: object) -> str:
    """How a found value is named in a message: its type in Vietnamese and the value."""
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai {str(value).lower()}"
    if isinstance(value, int) and value.bit_length() > 64:
        # str() of an int beyond 4,300 digits raises; the count of digits is what matters here.
        return f"số có khoảng {int(value.bit_length() * 0.30103) + 1} chữ số"
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


_OS_ERRORS = {
    errno.ENOENT: "không có tệp hay thư mục này", errno.EACCES: "không có quyền", errno.EPERM: "không được phép",
    errno.ENAMETOOLONG: "tên tệp quá dài", errno.ENOSPC: "ổ đĩa hết chỗ", errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EISDIR: "đây là thư mục, không phải tệp", errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ELOOP: "liên kết tượng trưng vòng quanh", errno.EEXIST: "đã có tệp này", errno.EIO: "lỗi đọc ghi ổ đĩa",
}


def describe_os_error(error: OSError) -> str:
    """An operating-system error in Vietnamese (its English text would be the only English on screen)."""
    return _OS_ERRORS.get(error.errno or 0, f"lỗi hệ thống số {error.errno}" if error.errno else "lỗi hệ thống")
