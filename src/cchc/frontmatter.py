"""Read a Markdown file with YAML front matter, keeping the line of every key.

MkDocs' own reader drops YAML errors silently; here every failure becomes a
`Problem` with the line it is on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, describe
from .text import normalize


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader that leaves dates as strings: the contract parses them itself,
    so `2022-02-30` is reported with its line instead of crashing the YAML reader."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Field:
    value: Any
    line: int
    node: yaml.Node


@dataclass(frozen=True)
class Document:
    path: str
    fields: dict[str, Field]
    body: str
    body_line: int  # file line of the body's first line
    line: int = 1  # the opening `---`


class Reader:
    """Turns YAML nodes into located fields; one per document."""

    def __init__(self, path: str, loader: _Loader, first_line: int) -> None:
        self.path = path
        self.loader = loader
        self.first_line = first_line
        self.problems: list[Problem] = []

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, Field] | None:
        if not isinstance(node, yaml.MappingNode):
            self.report(self.line_of(node), f"{what} phải là các dòng `khóa: giá trị`")
            return None
        fields: dict[str, Field] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            line = self.line_of(key_node)
            if not isinstance(key, str):
                self.report(line, f"tên khóa phải là chữ ({describe(key)})")
            elif key in fields:
                self.report(line, f"khóa `{key}` bị lặp (đã có ở dòng {fields[key].line})")
            else:
                fields[key] = Field(self.value(value_node), line, value_node)
        return fields

    def value(self, node: yaml.Node) -> Any:
        try:
            return _normalized(self.loader.construct_object(node, deep=True))
        except yaml.YAMLError as error:
            self.report(self.line_of(node), f"giá trị YAML không đọc được ({error})")
            return None

    def check_keys(
        self, fields: dict[str, Field], *, allowed: Iterable[str], required: Iterable[str],
        line: int, what: str,
    ) -> None:
        """Unknown keys (naming the likely intended one) and missing required keys."""
        allowed = list(allowed)
        for key, field in fields.items():
            if key in allowed:
                continue
            guess = closest(key, allowed)
            hint = f"; có phải ý bạn là `{guess}`?" if guess else f"; các khóa hợp lệ: {', '.join(allowed)}"
            self.report(field.line, f"khóa không hợp lệ trong {what} (tìm thấy: `{key}`){hint}")
        for key in required:
            if key not in fields:
                self.report(line, f"thiếu khóa bắt buộc `{key}` trong {what}")


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: typos, including swapped letters, cost 1."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a mistyped key most likely meant, if any is close enough."""
    lowered = word.lower()
    best = min(candidates, key=lambda c: (_edit_distance(lowered, c), c))
    return best if _edit_distance(lowered, best) <= max(1, len(best) // 3) else None


def _normalized(value: Any) -> Any:
    if isinstance(value, str):
        return normalize(value)
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    if isinstance(value, dict):
        return {_normalized(k): _normalized(v) for k, v in value.items()}
    return value


_COLON_HINT = "dấu `:` không hợp lệ ở đây; giá trị có dấu hai chấm phải đặt trong ngoặc kép, ví dụ title: \"Sở GDĐT: tập huấn\""
_TAB_HINT = "dòng bắt đầu bằng phím Tab; hãy xóa Tab (front matter chỉ thụt lề bằng dấu cách, và chỉ trong các khối như procedure)"
_CURLY_HINT = "dấu ngoặc kép “ ” (của Word) không phải ngoặc kép của front matter; hãy gõ lại bằng dấu \" thẳng"
_INNER_QUOTE_HINT = ("giá trị trong ngoặc kép có dấu \" ở giữa; hãy viết \\\" cho dấu ở giữa, hoặc đặt cả giá trị trong "
                     "ngoặc đơn: 'Hội nghị \"Một cửa\" năm 2022'")
# What staff most often get wrong in YAML, said in their words.
_YAML_HINTS = {
    "mapping values are not allowed here": _COLON_HINT,
    "mapping values are not allowed in this context": _COLON_HINT,
    "found character '\\t' that cannot start any token": _TAB_HINT,
    "found a tab character that violates indentation": _TAB_HINT,
    "found a tab character where an indentation space is expected": _TAB_HINT,
    "did not find expected ',' or ']'": "danh sách thiếu dấu `]` đóng hoặc dấu `,`",
    "did not find expected ',' or '}'": "bảng thiếu dấu `}` đóng hoặc dấu `,`",
    "found unexpected end of stream": "thiếu dấu ngoặc kép đóng",
    "could not find expected ':'": "thiếu dấu `:` sau tên khóa",
    "did not find expected key": "dòng không đúng dạng `khóa: giá trị` (thụt lề sai?)",
}
_CURLY = ("\u201c", "\u201d", "\u2018", "\u2019")


def _line_hint(text: str) -> str | None:
    """What to change, seen on the line itself: the mistakes PyYAML's own words do not point at."""
    value = text.partition(":")[2].strip()
    if any(mark in text for mark in _CURLY):
        return _CURLY_HINT
    if text.startswith("\t"):
        return _TAB_HINT
    if value.startswith('"') and value.count('"') - value.count('\\"') > 2:
        return _INNER_QUOTE_HINT
    return None


def _syntax_problem(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """(file line, message) for a YAML syntax error in front matter (`lines`, from the file's line 2)."""
    mark = error.problem_mark or error.context_mark
    index = mark.line if mark else 0
    problem = str(error.problem or error.context)
    # The line that is wrong is often the key's line (the context), not where PyYAML stopped reading.
    candidates = [index] if error.context_mark is None else [error.context_mark.line, index]
    for candidate in reversed(candidates):
        text = lines[candidate] if candidate < len(lines) else ""
        if hint := _line_hint(text):
            return 2 + candidate, f"lỗi cú pháp YAML: {hint} (tìm thấy: {_shown_line(text)})"
    text = lines[index] if index < len(lines) else ""
    hint = _YAML_HINTS.get(problem, "không đọc được dòng này")
    message = f"lỗi cú pháp YAML: {hint} (tìm thấy: {_shown_line(text)})"
    if error.context_mark and error.context_mark.line != index:
        message += f"; phần này bắt đầu ở dòng {error.context_mark.line + 2}"
    return 2 + index, message


def _shown_line(text: str) -> str:
    text = text.replace("\t", "⇥")
    return repr(text if len(text) <= 70 else text[:67] + "…")


def shown_path(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the repository when inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def read_document(path: Path, shown: str) -> tuple[Document | None, Reader | None, list[Problem]]:
    """Split and parse `path`; `shown` is the path used in messages (repository-relative)."""

    def fail(line: int, message: str) -> tuple[None, None, list[Problem]]:
        return None, None, [Problem(shown, line, message)]

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return fail(line, f"tệp không phải UTF-8; hãy lưu lại với mã UTF-8 (byte 0x{raw[error.start]:02x})")
    text = normalize(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return fail(1, "tệp rỗng (cần front matter mở bằng `---`)")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return fail(1, f"thiếu front matter: dòng đầu phải là `---` (tìm thấy: {lines[0][:40]!r})")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        return fail(1, "front matter mở bằng `---` nhưng không có dòng `---` đóng lại")
    loader = _Loader("\n".join(lines[1:closing]))
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return fail(*_syntax_problem(error, lines[1:closing]))
    if node is None:
        return fail(1, "front matter rỗng")
    reader = Reader(shown, loader, first_line=2)
    fields = reader.mapping(node, "front matter")
    if fields is None:
        return None, None, reader.problems
    body = "\n".join(lines[closing + 1 :])
    return Document(shown, fields, body, body_line=closing + 2), reader, reader.problems
