"""A post as the form sees it, and back as the project writes it.

To the form: the front matter's values in the shapes the form's widgets take (cchc.editor.config): the
date as "YYYY-MM-DD HH:mm" (Vietnam time, the contract's own form), the tasks as "<plan year>-<id>" so
that one list names the tasks of every plan, and `phien_ban`, the digest of the file the form loaded.

Back to the file: the front matter is the file's own, each line kept byte for byte unless the form
changed that key's value; a changed key is written in `cchc new`'s form (a quoted title, `date:
2022-03-15 08:30`, `task: 3` or `[3, 7]`, `plan:` only when it is not the date's year, `tags: ["…"]`),
after its comment if it had one; a key emptied in the form goes; a new key takes the place of its
commented example (`# summary: …`) or follows the keys before it in the contract's order. A new post
starts from exactly what `cchc new` writes. Keys the form does not know are never touched."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from cchc.content.safe_yaml import compose
from cchc.dates import LOCAL_TZ, DateFormatError, parse_datetime
from cchc.text import normalize

FORM_DATE = "%Y-%m-%d %H:%M"  # the date-time picker's format (config.py: "YYYY-MM-DD HH:mm")
VERSION = "phien_ban"
TEXT_KEYS = ("title", "unit", "summary", "field", "question")
DATE_KEYS = ("date", "updated", "answered")


@dataclass(frozen=True)
class Kind:
    """A kind of document the form edits: the keys in the contract's order, the key whose year is the
    plan's when `plan` is not written."""

    order: tuple[str, ...]
    dated_by: str


POST = Kind(("title", "date", "task", "plan", "unit", "summary", "tags", "slug", "updated", "draft", "image", "procedure"), "date")
ANSWER = Kind(("code", "title", "asked", "answered", "plan", "task", "unit", "field", "page", "asker", "question", "draft"),
              "answered")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]|$)")
_EXAMPLE_LINE = re.compile(r"#[ \t]*([A-Za-z_][A-Za-z0-9_]*):")


class FormError(ValueError):
    """What the form sent cannot be a post; the message is for the staff member."""


@dataclass(frozen=True)
class Split:
    """A document's front matter lines (without the `---` lines), its values, and its body."""

    lines: list[str]
    values: dict[str, Any]
    body: str


def split(text: str) -> Split | None:
    """The front matter and body of a document; None when it has none or it is not a YAML mapping."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        return None
    front = lines[1:closing]
    node, loader, _ = compose("\n".join(front), first_line=2)
    if node is None or loader is None:
        return None
    try:
        values = loader.construct_document(node)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if not isinstance(values, dict):
        return None
    return Split(front, values, "\n".join(lines[closing + 1:]))


def _moment(value: Any) -> datetime | None:
    """A date of the front matter or of the form as an aware datetime; None when it is none."""
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ) if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=LOCAL_TZ)
    if isinstance(value, str) and value.strip():
        try:
            return parse_datetime(value.replace("T", " ")[:16] if "T" in value else value)[0]
        except DateFormatError:
            return None
    return None


def _form_date(value: Any) -> str | None:
    moment = _moment(value)
    return moment.strftime(FORM_DATE) if moment else None


def _ids(value: Any) -> tuple[int, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(item for item in items if isinstance(item, int) and not isinstance(item, bool))


def to_form(text: str, version: str, kind: Kind = POST) -> str:
    """The document as the form reads it (its body unchanged); a file that cannot be read as a post
    goes as it is (the form then says it cannot show it)."""
    parts = split(text)
    if parts is None:
        return text
    values = {key: value for key, value in parts.values.items() if key in kind.order}
    for key in DATE_KEYS:
        if key in values:
            values[key] = _form_date(values[key]) or values[key]
    moment = _moment(parts.values.get(kind.dated_by))
    plan = parts.values.get("plan") if isinstance(parts.values.get("plan"), int) else (moment.year if moment else None)
    if "task" in values and plan is not None:
        values["task"] = [f"{plan}-{task_id}" for task_id in _ids(values["task"])]
    values.pop("plan", None)
    values[VERSION] = version
    front = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
    return f"---\n{front}---\n{parts.body}"


# --- back to the file ---------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _clean(value: Any) -> Any:
    """The form's value without what it leaves when a field is emptied: "", [], {}, None."""
    if isinstance(value, str):
        text = normalize(value).replace("\r\n", "\n").strip()
        return text or None
    if isinstance(value, list):
        items = [item for item in (_clean(item) for item in value) if item is not None]
        return items or None
    if isinstance(value, dict):
        entries = {key: item for key, item in ((key, _clean(item)) for key, item in value.items()) if item is not None}
        return entries or None
    return value


def form_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's values of what the form sent (keys it left empty are absent)."""
    found: dict[str, Any] = {}
    for key in TEXT_KEYS:
        if (text := _clean(values.get(key))) is not None:
            found[key] = " ".join(str(text).split())
    for key in DATE_KEYS:
        if values.get(key) not in (None, ""):
            moment = _moment(values[key])
            if moment is None:
                raise FormError(f"ngày {values[key]!r} không đúng dạng YYYY-MM-DD HH:MM")
            found[key] = moment
    chosen = values.get("task")
    tasks = [str(item) for item in (chosen if isinstance(chosen, list) else [chosen]) if item not in (None, "")]
    plans = set()
    ids: list[int] = []
    for item in tasks:
        if not re.fullmatch(r"\d{4}-\d{1,4}", item):
            raise FormError(f"nhiệm vụ {item!r} không có trong danh sách")
        year, task_id = item.split("-")
        plans.add(int(year))
        ids.append(int(task_id))
    if len(plans) > 1:
        raise FormError("các nhiệm vụ của một bài phải cùng một kế hoạch (cùng năm)")
    if ids:
        found["task"] = tuple(dict.fromkeys(ids))
        found["plan"] = plans.pop()
    if (tags := _clean(values.get("tags"))) is not None:
        found["tags"] = list(dict.fromkeys(" ".join(str(tag).split()) for tag in (tags if isinstance(tags, list) else [tags])))
    if (image := _clean(values.get("image"))) is not None:
        found["image"] = str(image).rsplit("/", 1)[-1]
    if values.get("draft") is True:
        found["draft"] = True
    if (procedure := _clean(values.get("procedure"))) is not None and isinstance(procedure, dict):
        found["procedure"] = procedure
    return found


def file_values(values: Mapping[str, Any], kind: Kind) -> dict[str, Any]:
    """A file's front matter values in the shapes `form_values` gives, for the keys the form edits."""
    found = form_values({key: value for key, value in values.items() if key not in ("task", "plan", *DATE_KEYS)})
    for key in DATE_KEYS:
        if values.get(key) not in (None, ""):
            found[key] = _moment(values[key]) or values[key]  # a date it cannot read: never the form's, so written anew
    if ids := _ids(values.get("task")):
        found["task"] = tuple(dict.fromkeys(ids))
    if isinstance(values.get("plan"), int):
        found["plan"] = values["plan"]  # written in the file; without it, the plan is the date's year
    return found


def _same(key: str, old: Mapping[str, Any], new: Mapping[str, Any], kind: Kind) -> bool:
    """Whether the file's lines of `key` still say what the form says."""
    if key != "plan":
        return old.get(key) == new.get(key)
    dated = new.get(kind.dated_by)
    if "plan" in old:
        if old["plan"] != new.get("plan"):
            return False
        # The date moved into the plan's own year: the line says nothing any more and goes, as `cchc new`
        # would not write it; a line the date's year already made needless stays while it is not edited.
        was = old.get(kind.dated_by)
        return not (isinstance(dated, datetime) and dated.year == new["plan"]
                    and isinstance(was, datetime) and was.year != dated.year)
    return new.get("plan") is None or dated is not None and new["plan"] == dated.year


def render_value(key: str, value: Any, values: Mapping[str, Any], kind: Kind) -> list[str] | None:
    """The lines of one key in `cchc new`'s form; None when the key is not written (`plan` of the date's
    own year, `draft: false`)."""
    if key in TEXT_KEYS:
        return [f"{key}: {_quoted(value)}"]
    if key in DATE_KEYS:
        return [f"{key}: {value.strftime(FORM_DATE)}"]
    if key == "task":
        return [f"task: {value[0]}" if len(value) == 1 else "task: [" + ", ".join(map(str, value)) + "]"]
    if key == "plan":
        return None if kind.dated_by in values and values[kind.dated_by].year == value else [f"plan: {value}"]
    if key == "tags":
        return ["tags: [" + ", ".join(_quoted(tag) for tag in value) + "]"]
    if key == "draft":
        return ["draft: true"] if value else None
    if key == "image":
        return [f"image: {value}" if re.fullmatch(r"[A-Za-z0-9._-]+", value) else f"image: {_quoted(value)}"]
    if key == "procedure":
        block = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
        return ["procedure:", *("  " + line for line in block.rstrip("\n").split("\n"))]
    raise KeyError(key)


def _spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each top-level key's lines [start, end): its own line and the indented or blank ones after it."""
    spans: dict[str, tuple[int, int]] = {}
    starts = [(i, match.group(1)) for i, line in enumerate(lines) if (match := _KEY_LINE.match(line))]
    for number, (start, key) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        while end > start + 1 and not lines[end - 1].startswith((" ", "\t")):
            end -= 1  # a column-0 comment or blank line after the value belongs to no key
        spans[key] = (start, end)
    return spans


def _comment(line: str) -> str | None:
    """The comment of a one-line `key: value  # comment`, None when there is none (or it is not sure):
    what follows the value where YAML says the value ends (a `#` inside quotes is the value's)."""
    try:
        node = yaml.compose(line, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return None
    match = re.fullmatch(r"[ \t]+#[ \t]?(.*)", line[node.value[0][1].end_mark.index:])
    return match.group(1) if match else None


def _with_comment(lines: list[str], comment: str | None) -> list[str]:
    if comment is None or len(lines) != 1:
        return lines
    text = lines[0]
    return [f"{text:<34}# {comment}" if len(text) < 34 else f"{text} # {comment}"]


def patch(front: list[str], old: Mapping[str, Any], new: Mapping[str, Any], kind: Kind, edited: tuple[str, ...]) -> list[str]:
    """`front` with the `edited` keys set to `new` (each compared with `old`, the file's values): an
    unchanged value keeps its lines as they are."""
    lines = list(front)
    for key in reversed(kind.order):  # from the end: earlier spans keep their line numbers
        if key not in edited or _same(key, old, new, kind):
            continue
        spans = _spans(lines)
        written = render_value(key, new[key], new, kind) if key in new else None
        if key in spans:
            start, end = spans[key]
            lines[start:end] = _with_comment(written, _comment(lines[start])) if written else []
        elif written:
            example = next((i for i, line in enumerate(lines) if (m := _EXAMPLE_LINE.match(line)) and m.group(1) == key), None)
            if example is not None:
                lines[example:example + 1] = written
                continue
            earlier = [spans[k][1] for k in kind.order[:kind.order.index(key)] if k in spans]
            at = max(earlier) if earlier else 0
            lines[at:at] = written
    return lines


def form_document(text: str) -> tuple[dict[str, Any], str]:
    """What the form sent: its values and its body."""
    parts = split(text)
    if parts is None:
        raise FormError("nội dung gửi từ biểu mẫu không đọc được")
    return parts.values, parts.body


def rewrite(base: str, sent: Mapping[str, Any], body: str, kind: Kind, edited: tuple[str, ...]) -> str:
    """The file `base` (the file on disk, or what `cchc new` writes) with the form's values of the
    `edited` keys (the form's fields) and its body."""
    parts = split(base)
    if parts is None:
        raise FormError("tệp trên đĩa không có front matter đọc được; hãy sửa nó bằng trình soạn thảo văn bản")
    new = form_values(sent)
    old = file_values(parts.values, kind)
    lines = patch(parts.lines, old, new, kind, edited)
    body = normalize(body).replace("\r\n", "\n")
    if not body.startswith("\n") and parts.body.startswith("\n"):
        body = "\n" + body  # the blank line after `---` that `cchc new` leaves
    if body.rstrip("\n") == parts.body.rstrip("\n"):
        body = parts.body
    elif not body.endswith("\n"):
        body += "\n"
    return "\n".join(["---", *lines, "---", body]) if body else "\n".join(["---", *lines, "---", ""])


def checked_copy(path: Path) -> Path:
    """Where a post about to be written is checked first: beside it, a name the build skips."""
    return path.with_name(f".{path.name}.cchc-kiem-tra.tmp")

