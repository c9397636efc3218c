"""Load `plan/<year>.md`: the plan's text and its appendix of tasks."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cchc.content import fields as f
from cchc.content.frontmatter import Field, Reader, read_document, shown_path
from cchc.content.sources import find_sources
from cchc.dates import EARLIEST, LATEST
from cchc.model import Plan, Signer, Task
from cchc.problems import Problem, warning
from cchc.render.markdown import PostRenderer

PLAN_KEYS = (
    "year", "number", "title", "issued", "issuer", "place", "signer", "recipients", "appendix", "tasks",
)
PLAN_REQUIRED = ("year", "number", "title", "issued", "issuer", "tasks")
TASK_KEYS = ("id", "name", "products", "lead", "partners", "timeframe")
SIGNER_KEYS = ("name", "position", "authority")
APPENDIX_KEYS = ("title", "note")


def load_plan(path: Path, shown: str, renderer: PostRenderer) -> tuple[Plan | None, list[Problem]]:
    document, reader, problems = read_document(path, shown)
    if document is None or reader is None:
        return None, problems
    fields = document.fields
    reader.check_keys(fields, allowed=PLAN_KEYS, required=PLAN_REQUIRED, line=document.line, what="kế hoạch")
    year = f.integer(reader, fields, "year")
    if year is not None and not EARLIEST.year <= year <= LATEST.year:
        reader.report(fields["year"].line, f"`year` phải là năm từ {EARLIEST.year} tới {LATEST.year} (tìm thấy: {year})")
    elif year is not None and path.stem != str(year):
        reader.report(fields["year"].line, f"`year` phải trùng tên tệp {path.stem} (tìm thấy: {year})")
    tasks = _tasks(reader, fields.get("tasks"), year or 0)
    signer = _signer(reader, fields.get("signer"))
    appendix = _sub_mapping(reader, fields.get("appendix"), APPENDIX_KEYS, "`appendix`")
    values = (
        year, f.text(reader, fields, "number"), f.text(reader, fields, "title"),
        f.day(reader, fields, "issued"), f.text(reader, fields, "issuer"),
    )
    recipients = f.text_list(reader, fields, "recipients")
    place = f.text(reader, fields, "place") or ""
    rendered = renderer.render(document.body, body_line=document.body_line)  # the plan page shows it, as MkDocs renders it
    body = rendered.facts
    for line, message in body.problems:
        reader.report(line, message)
    if reader.problems or any(v is None for v in values):
        return None, reader.problems
    year, number, title, issued, issuer = values
    return Plan(
        path=shown, year=year, number=number, title=title, issued=issued, issuer=issuer,  # type: ignore[arg-type]
        place=place, signer=signer, recipients=recipients,
        appendix_title=f.text(reader, appendix, "title", empty_ok=True) or "",
        appendix_note=f.text(reader, appendix, "note", empty_ok=True) or "",
        tasks=tasks, body=document.body, facts=body, body_line=document.body_line,
    ), [warning(shown, line, message) for line, message in numbering_problems(rendered.toc_json, document.body, document.body_line)]


# A heading numbered as the signed document numbers its parts: "I. MỤC TIÊU", "1. Mục tiêu".
_NUMBERED = re.compile(r"(\d+|[IVXLC]+)\.\s")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    values = [_ROMAN[letter] for letter in text]
    return sum(-value if value < after else value for value, after in zip(values, [*values[1:], 0], strict=True))


def numbering_problems(toc_json: str, body: str, body_line: int) -> list[tuple[int, str]]:
    """Headings of one level under one parent whose numbers do not follow each other ("1.", "1.", "3."):
    the table of contents beside the plan would show two parts with one number. A warning, at the
    heading's line: the signed text may itself have the slip, and the web copy should correct it."""
    problems: list[tuple[int, str]] = []
    lines = body.splitlines()

    def line_of(name: str) -> int:
        found = next((i for i, text in enumerate(lines) if text.lstrip().startswith("#") and text.rstrip("# ").endswith(name)), None)
        return body_line if found is None else body_line + found

    def walk(tokens: list[dict[str, Any]]) -> None:
        previous: tuple[int, str] | None = None
        for token in tokens:
            name = html.unescape(str(token.get("name", "")))
            match = _NUMBERED.match(name)
            if match:
                number = _number(match.group(1))
                if previous is not None and number != previous[0] + 1:
                    problems.append((line_of(name), f"mục “{name}” có số {match.group(1)}. ngay sau mục “{previous[1]}”: "
                                                    "mục lục sẽ có hai mục cùng số hoặc thiếu số; sửa số của mục cho liền nhau "
                                                    "(văn bản gốc có thể đánh số nhầm)"))
                    number = max(number, previous[0] + 1)  # what it should be: "1, 1, 3" is one slip, not two
                previous = (number, name)
            walk(list(token.get("children", [])))

    walk(json.loads(toc_json))
    return problems


def _sub_mapping(reader: Reader, field: Field | None, keys: tuple[str, ...], what: str) -> dict[str, Field]:
    if field is None:
        return {}
    fields = reader.mapping(field.node, what)
    if fields is None:
        return {}
    reader.check_keys(fields, allowed=keys, required=(), line=field.line, what=what)
    return fields


def _signer(reader: Reader, field: Field | None) -> Signer | None:
    fields = _sub_mapping(reader, field, SIGNER_KEYS, "`signer`")
    if not fields:
        return None
    name = f.text(reader, fields, "name")
    return Signer(
        name=name or "",
        position=f.text(reader, fields, "position", empty_ok=True) or "",
        authority=f.text(reader, fields, "authority", empty_ok=True) or "",
    )


def _tasks(reader: Reader, field: Field | None, year: int) -> tuple[Task, ...]:
    if field is None:
        return ()
    if not isinstance(field.node, yaml.SequenceNode) or not field.node.value:
        reader.report(field.line, "`tasks` phải là danh sách các nhiệm vụ của phụ lục, mỗi mục bắt đầu bằng `- id:`")
        return ()
    tasks: list[Task] = []
    seen: dict[int, int] = {}
    for node in field.node.value:
        line = reader.line_of(node)
        fields = reader.mapping(node, "nhiệm vụ")
        if fields is None:
            continue
        reader.check_keys(fields, allowed=TASK_KEYS, required=("id", "name"), line=line, what="nhiệm vụ")
        task_id = f.integer(reader, fields, "id")
        if task_id is not None and task_id in seen:
            reader.report(fields["id"].line, f"nhiệm vụ số {task_id} bị lặp (đã có ở dòng {seen[task_id]})")
            continue
        name = f.text(reader, fields, "name")
        optional = {key: f.text(reader, fields, key, empty_ok=True) or "" for key in TASK_KEYS[2:]}
        if task_id is None or name is None:
            continue
        seen[task_id] = fields["id"].line
        tasks.append(Task(year=year, id=task_id, name=name, **optional))
    return tuple(tasks)


@dataclass(frozen=True)
class PlanIndex:
    plans: dict[int, Plan]
    broken: frozenset[int]  # years whose plan file exists but has problems


def load_plans(root: Path, plan_dir: Path, renderer: PostRenderer) -> tuple[PlanIndex, list[Problem]]:
    """Every `<year>.md` in `plan_dir`, keyed by year; problems of all files together."""
    plans: dict[int, Plan] = {}
    broken: set[int] = set()
    sources = find_sources(plan_dir, plan_dir, suffix=".md", recursive=False, shown_root=root)
    problems: list[Problem] = list(sources.problems)
    for path in sources.files:
        plan, found = load_plan(path, shown_path(path, root), renderer)
        problems += found
        if plan is not None:
            plans[plan.year] = plan
        elif path.stem.isdigit():
            broken.add(int(path.stem))
    return PlanIndex(plans, frozenset(broken)), problems
