"""Front matter YAML with bounds: what a file can make the reader do is limited before anything is built.

A first pass reads only YAML's events (the C parser keeps no tree): anchors and aliases are refused
(nine lines of nested aliases expand to gigabytes, and staff never need them), and so are explicit
tags (`!!timestamp 2022-13-45`, `!!python/…`), nesting deeper than MAX_DEPTH, more than MAX_NODES
values and any value longer than MAX_SCALAR characters. Only a front matter that passes is composed
into a tree, whose size is then a small multiple of the text. Integers are bounded too (a 5,001-digit
`task` cannot even be printed by Python). Syntax errors carry the line staff should look at.
"""

from __future__ import annotations

from typing import Any

import yaml

from cchc.characters import character_message, refused_characters

MAX_DEPTH = 12  # a procedure's document list is 4 deep
MAX_NODES = 20_000  # keys, values and list items of one front matter
MAX_SCALAR = 20_000  # characters of one value
MAX_INT_DIGITS = 18

Located = tuple[int, str]  # (line in the file, message)


class Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader that leaves dates as strings: the contract parses them itself,
    so `2022-02-30` is reported with its line instead of crashing the YAML reader."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _bounded_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if sum(char.isdigit() for char in text) > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(None, None, f"số quá lớn: {len(text)} chữ số", node.start_mark)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


def yaml_reason(error: Exception) -> str:
    """PyYAML's own words for a problem, without its "in <unicode string>, line …" position."""
    return str(getattr(error, "problem", None) or error)


_COLON_HINT = "dấu `:` không hợp lệ ở đây; giá trị có dấu hai chấm phải đặt trong ngoặc kép, ví dụ title: \"Sở GDĐT: tập huấn\""
_TAB_HINT = "dòng bắt đầu bằng phím Tab; hãy xóa Tab (front matter chỉ thụt lề bằng dấu cách, và chỉ trong các khối như procedure)"
_CURLY_HINT = "dấu ngoặc kép “ ” (của Word) không phải ngoặc kép của front matter; hãy gõ lại bằng dấu \" thẳng"
_INNER_QUOTE_HINT = ("giá trị trong ngoặc kép có dấu \" ở giữa; hãy viết \\\" cho dấu ở giữa, hoặc đặt cả giá trị trong "
                     "ngoặc đơn: 'Hội nghị \"Một cửa\" năm 2022'")
_UNCLOSED_HINT = "thiếu dấu ngoặc kép đóng ở cuối giá trị"
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
    "found invalid Unicode character escape code": "mã `\\u…` không phải một ký tự",
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


def _shown_line(text: str) -> str:
    text = text.replace("\t", "⇥")
    return repr(text if len(text) <= 70 else text[:67] + "…")


def _runaway_quote(text: str, error_index: int) -> int | None:
    """The line (index in `text`) of a quoted value that runs on into the following keys
    (`title: "Tin` with its closing quote forgotten): PyYAML only fails lines later, where the next
    quote closes it."""
    lines = text.split("\n")
    loader = Loader(text)
    found = None
    try:
        while loader.check_token():
            token = loader.get_token()
            if token.start_mark is None or token.end_mark is None:
                continue
            start, end = token.start_mark.line, token.end_mark.line
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and end > start and any(
                line[:1] not in (" ", "") for line in lines[start + 1 : end + 1]
            ):
                found = start
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return found if found is not None and found < error_index else None


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, first_line: int) -> Located:
    """(file line, message) for a YAML syntax error in `text`, whose first line is file line `first_line`."""
    lines = text.split("\n")

    def line_of(index: int) -> str:
        return lines[index] if index < len(lines) else ""

    mark = error.problem_mark or error.context_mark
    index = mark.line if mark else 0
    problem = str(error.problem or error.context)
    # The line that is wrong is often the key's line (the context), not where PyYAML stopped reading.
    candidates = [index] if error.context_mark is None else [error.context_mark.line, index]
    for candidate in reversed(candidates):
        if hint := _line_hint(line_of(candidate)):
            return first_line + candidate, f"lỗi cú pháp YAML: {hint} (tìm thấy: {_shown_line(line_of(candidate))})"
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        start = error.context_mark.line  # never closed: the error is at the end of the text
        return first_line + start, f"lỗi cú pháp YAML: {_UNCLOSED_HINT} (tìm thấy: {_shown_line(line_of(start))})"
    if (runaway := _runaway_quote(text, index)) is not None:
        return first_line + runaway, (f"lỗi cú pháp YAML: {_UNCLOSED_HINT}, giá trị chạy tới dòng {first_line + index} "
                                      f"(tìm thấy: {_shown_line(line_of(runaway))})")
    message = f"lỗi cú pháp YAML: {_YAML_HINTS.get(problem, 'không đọc được dòng này')} (tìm thấy: {_shown_line(line_of(index))})"
    if error.context_mark and error.context_mark.line != index:
        message += f"; phần này bắt đầu ở dòng {error.context_mark.line + first_line}"
    return first_line + index, message


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _check_events(text: str, first_line: int) -> tuple[list[Located], list[Located]]:
    """(problems that stop the reading, problems of single values) from YAML's events alone."""
    stop: list[Located] = []
    values: list[Located] = []
    loader = Loader(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if not isinstance(event, (yaml.NodeEvent, yaml.CollectionEndEvent)):
                continue
            line = first_line + (event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            nodes += 1
            if isinstance(event, yaml.AliasEvent):
                stop.append((line, f"không dùng bí danh YAML trong front matter (tìm thấy: `*{event.anchor}`); hãy viết thẳng giá trị"))
                continue
            if event.anchor is not None:
                stop.append((line, f"không dùng neo YAML trong front matter (tìm thấy: `&{event.anchor}`); hãy viết thẳng giá trị"))
            tag = getattr(event, "tag", None)
            if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
                stop.append((line, f"không dùng thẻ kiểu YAML trong front matter (tìm thấy: `{_short_tag(tag)}`)"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return [*stop, (line, f"front matter lồng nhau quá {MAX_DEPTH} cấp")], values
            elif isinstance(event, yaml.ScalarEvent):
                if len(event.value) > MAX_SCALAR:
                    stop.append((line, f"giá trị dài {len(event.value):,} ký tự, quá giới hạn {MAX_SCALAR:,} ký tự".replace(",", ".")))
                elif found := refused_characters(event.value):
                    values.append((line, f"giá trị {character_message(found)}"))
            if nodes > MAX_NODES:
                return [*stop, (line, f"front matter có quá {MAX_NODES:,} giá trị".replace(",", "."))], values
    except yaml.MarkedYAMLError as error:
        return [*stop, _syntax_problem(error, text, first_line)], values
    finally:
        loader.dispose()
    return stop, values


def compose(text: str, first_line: int) -> tuple[yaml.Node | None, Loader | None, list[Located]]:
    """The node tree of one YAML document whose first line is file line `first_line`, its loader
    (to construct values from) and the problems found; no tree when the text is refused."""
    stop, values = _check_events(text, first_line)
    if stop:
        return None, None, sorted(set(stop)) + values
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:  # the events pass read the same text; kept for safety
        loader.dispose()
        return None, None, [_syntax_problem(error, text, first_line), *values]
    return node, loader, values
