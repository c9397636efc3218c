"""Read a Markdown file with YAML front matter, keeping the line of every key.

MkDocs' own reader drops YAML errors silently; here every failure becomes a
`Problem` with the line it is on.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cchc.characters import REFUSED, character_message, has_refused, refused_characters
from cchc.content.safe_yaml import Loader, compose, yaml_reason
from cchc.problems import Problem, describe, describe_os_error
from cchc.text import normalize

MAX_FILE_BYTES = 1024 * 1024  # a post is about 10 KB; Markdown's time grows faster than the text
MAX_FRONT_MATTER = 256 * 1024  # characters
MAX_CHARACTER_LINES = 10  # lines of refused characters reported per file (a binary file has thousands)


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
    front: str = ""  # the front matter's text, its first line file line 2 (to locate inside a value)


class Reader:
    """Turns YAML nodes into located fields; one per document."""

    def __init__(self, path: str, loader: Loader, first_line: int) -> None:
        self.path = path
        self.loader = loader
        self.first_line = first_line
        self.problems: list[Problem] = []
        self._unreadable: set[int] = set()

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def report(self, line: int, message: str) -> None:
        # A value YAML could not construct is said once: the typed readers would add "must be …
        # (found: empty)" on the same line.
        if line not in self._unreadable:
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
        except (yaml.YAMLError, ValueError) as error:
            self.report(self.line_of(node), f"giá trị YAML không đọc được ({yaml_reason(error)})")
            self._unreadable.add(self.line_of(node))
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


def shown_path(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the repository when inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _character_problems(shown: str, lines: list[str]) -> list[Problem]:
    """Refused characters, one problem per line that has them (the first few lines of a binary file)."""
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if found := refused_characters(line):
            if len(problems) == MAX_CHARACTER_LINES:
                problems.append(Problem(shown, number, "còn những dòng khác có ký tự không hợp lệ (tệp nhị phân?)"))
                break
            problems.append(Problem(shown, number, character_message(found)))
    return problems


def _read_text(path: Path, shown: str, raw: bytes | None = None) -> tuple[str | None, list[Problem]]:
    """The file as NFC text with "\n" line ends and the problems of its refused characters; None and the
    problem when it cannot be text (not a regular file, too large, not UTF-8). `raw`: the bytes of the
    regular file `path`, already read."""

    def fail(line: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, line, message)]

    try:
        if raw is None:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):  # a FIFO would block the read for ever
                return fail(1, "không phải tệp thường (ống, ổ đĩa hay thiết bị)")
        size = status.st_size if raw is None else len(raw)
        if size > MAX_FILE_BYTES:
            return fail(1, f"tệp quá lớn ({size // 1024} KB; tối đa {MAX_FILE_BYTES // 1024} KB): hãy chia thành nhiều bài")
        if raw is None:
            raw = path.read_bytes()
    except OSError as error:
        return fail(1, f"không đọc được tệp ({describe_os_error(error)})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return fail(line, f"tệp không phải UTF-8; hãy lưu lại với mã UTF-8 (byte 0x{raw[error.start]:02x})")
    text = normalize(text.replace("\r\n", "\n").replace("\r", "\n"))
    # Lines are looked at only when the text has a refused character (one search of the whole text).
    return text, _character_problems(shown, text.split("\n")) if has_refused(text) else []


def read_data_file(path: Path, shown: str) -> tuple[yaml.Node | None, Reader | None, list[Problem]]:
    """A whole YAML data file (not front matter), read like front matter: the same bounds and character
    rules, located nodes, one problem per fault. An empty file (or one of comments only) gives no node."""
    text, characters = _read_text(path, shown)
    if text is None:
        return None, None, characters
    node, loader, found = compose(REFUSED.sub("\ufffd", text), first_line=1)
    problems = characters + [Problem(shown, line, message) for line, message in found]
    if node is None or loader is None:
        return None, None, problems
    reader = Reader(shown, loader, first_line=1)
    reader.problems += problems
    return node, reader, reader.problems


def read_document(path: Path, shown: str, raw: bytes | None = None) -> tuple[Document | None, Reader | None, list[Problem]]:
    """Split and parse `path`; `shown` is the path used in messages (repository-relative); `raw`: its
    bytes, already read (a regular file)."""

    def fail(line: int, message: str, *earlier: Problem) -> tuple[None, None, list[Problem]]:
        return None, None, [*earlier, Problem(shown, line, message)]

    text, characters = _read_text(path, shown, raw)
    if text is None:
        return None, None, characters
    lines = text.split("\n")
    if not text.strip():
        return fail(1, "tệp rỗng (cần front matter mở bằng `---`)")
    if lines[0].strip() != "---":
        return fail(1, f"thiếu front matter: dòng đầu phải là `---` (tìm thấy: {lines[0][:40]!r})", *characters)
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        return fail(1, "front matter mở bằng `---` nhưng không có dòng `---` đóng lại", *characters)
    front = "\n".join(lines[1:closing])
    if len(front) > MAX_FRONT_MATTER:
        return fail(2, f"front matter dài quá {MAX_FRONT_MATTER // 1024} KB", *characters)
    # The refused characters are reported above; YAML reads the rest (one stand-in each, so that
    # columns and lines stay where they were) and finds the other problems of the file.
    node, loader, found = compose(REFUSED.sub("\ufffd", front), first_line=2)
    problems = characters + [Problem(shown, line, message) for line, message in found]
    if node is None or loader is None:
        return None, None, problems if found else [*problems, Problem(shown, 1, "front matter rỗng")]
    reader = Reader(shown, loader, first_line=2)
    reader.problems += problems
    fields = reader.mapping(node, "front matter")
    if fields is None:
        return None, None, reader.problems
    body = "\n".join(lines[closing + 1 :])
    return Document(shown, fields, body, body_line=closing + 2, front=front), reader, reader.problems
