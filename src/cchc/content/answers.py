"""Load `content/hoi-dap/<mã>.md`: published answers to citizens' questions (Hỏi đáp).

A file is made by `cchc gop-y tra-loi <mã>` on the server, then written, checked and pushed by staff
like a post. The question is front matter data (the page escapes it), the answer is the Markdown
body. Answers are not posts: they are not counted in the report's posts, not in the site feed; they
have their own pages (`hoi-dap/`, `hoi-dap/<mã>/`), feed and cross-links with their task.

Whatever looks like personal data in the title, the question or the answer (cchc.content.personal_data)
is a warning at its line: once built it is on the page, in the feed and in the search index, and once
committed the feedback database's purge cannot remove it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from cchc import urls
from cchc.content import fields as f
from cchc.content import personal_data
from cchc.content.frontmatter import Document, Field, Reader, read_document, shown_path
from cchc.content.plans import PlanIndex
from cchc.content.posts import _check_tasks
from cchc.content.sources import find_sources
from cchc.model import RenderedBody
from cchc.problems import Problem, describe, warning
from cchc.receipts import parse_code
from cchc.render.markdown import PostRenderer

ANSWER_KEYS = ("code", "title", "asked", "answered", "plan", "task", "unit", "field", "page", "asker", "question", "draft")
ANSWER_REQUIRED = ("code", "title", "asked", "answered", "task", "unit", "question")
PLACEHOLDER = "Viết câu trả lời ở đây"  # the body `cchc gop-y tra-loi` writes
_PAGE = re.compile(r"[a-z0-9][a-z0-9/_.\-]*/")


@dataclass(frozen=True)
class Answer:
    path: str
    source: Path
    lines: dict[str, int]
    code: str
    title: str
    asked: datetime
    answered: datetime
    plan_year: int
    task_id: int
    unit: str
    field: str
    page: str  # a site-relative URL the question is about, or ""
    asker: str  # shown only when the citizen agreed (the skeleton carries it only then)
    question: str
    draft: bool
    rendered: RenderedBody  # the answer as its page shows it (the core renders it, as it renders a post)

    @cached_property
    def url(self) -> str:
        return urls.answer(self.code)

    @property
    def src_uri(self) -> str:
        return urls.source(self.url)

    @property
    def date(self) -> datetime:
        """When it was published: the date lists, feeds and search order it by."""
        return self.answered

    def sort_key(self) -> tuple[float, str]:
        return (-self.answered.timestamp(), self.url)

    def is_published(self, now: datetime) -> bool:
        return not self.draft and self.answered <= now


def _value_line(reader: Reader, field: Field, offset: int, front: str) -> int:
    """The file line of character `offset` of a front matter string (`front`: the front matter's text)."""
    node, first = field.node, reader.line_of(field.node)
    style = getattr(node, "style", None)  # a scalar's
    if style == "|":  # a literal block: its lines are the value's, after the `|` line
        return first + 1 + field.value.count("\n", 0, offset)
    # Plain, quoted and folded (`>`) values: each line break of the file is a space of the value, so
    # the word at `offset` is on the line where that many words of the file's text have passed.
    start, end = node.start_mark, node.end_mark
    lines = front.split("\n")[start.line:end.line + 1]
    if not lines:
        return first
    lines[0] = lines[0][start.column:]
    word = len(field.value[:offset + 1].split()) - 1
    for number, text in enumerate(lines):
        count = 0 if number == 0 and style == ">" else len(text.split())
        if word < count:
            return first + number
        word -= count
    return first + len(lines) - 1


def _hint(text: str) -> str:
    """Enough of a finding to see it on its line, not enough to repeat it in a log."""
    return text[:3] + "…"


def personal_data_warnings(reader: Reader, document: Document, *, agency: Iterable[str], asker: str) -> list[Problem]:
    """A warning at each line where the title, question or answer may hold personal data. The agency's
    own contacts are allowed everywhere; in the answer (staff's words) also institutions' landlines and
    .gov.vn/.edu.vn addresses; a name that is `asker` (the citizen agreed to publish it) is allowed."""
    asked, written = personal_data.Public.of(agency), personal_data.Public.of(agency, institutions=True)

    def found(text: str, public: personal_data.Public) -> list[tuple[int, str, str]]:
        """(offset, label, text) of each finding, but the name the citizen agreed to publish."""
        return [(finding.start, finding.label, text[finding.start:finding.end])
                for finding in personal_data.find(text, public=public)
                if not (finding.kind == personal_data.NAME and asker and personal_data.same_name(text[finding.start:finding.end], asker))]

    located: list[tuple[int, str, str, str]] = []  # line, where, label, text
    for key in ("title", "question"):
        field = document.fields.get(key)
        if field is not None and isinstance(field.value, str):
            located += [(_value_line(reader, field, offset, document.front), f"`{key}`", label, text)
                        for offset, label, text in found(field.value, asked)]
    located += [(document.body_line + document.body.count("\n", 0, offset), "câu trả lời", label, text)
                for offset, label, text in found(document.body, written)]
    seen: set[tuple[int, str]] = set()
    problems = []
    for line, where, label, text in located:
        if (line, label) not in seen:
            seen.add((line, label))
            problems.append(warning(reader.path, line, f"{where} có thể chứa {label} ({_hint(text)}): ẩn hoặc xóa trước "
                                                       "khi đăng (trang, RSS và tìm kiếm đều hiện; đã commit thì việc "
                                                       "xóa thông tin cá nhân quá hạn không xóa được)"))
    return problems


def load_answer(path: Path, shown: str, plans: PlanIndex, renderer: PostRenderer, *,
                agency: Iterable[str] = ()) -> tuple[Answer | None, list[Problem]]:
    """One answer and its problems; `agency`: the agency's own phone numbers and address, not personal data."""
    document, reader, problems = read_document(path, shown)
    if document is None or reader is None:
        return None, problems
    fields = document.fields
    reader.check_keys(fields, allowed=ANSWER_KEYS, required=ANSWER_REQUIRED, line=document.line, what="bài hỏi đáp")
    code = None
    if "code" in fields:
        code = parse_code(str(fields["code"].value)) if isinstance(fields["code"].value, str) else None
        if code is None:
            reader.report(fields["code"].line, f"`code` phải là mã tiếp nhận 8 ký tự (tìm thấy: {describe(fields['code'].value)})")
        elif path.stem.upper() != code:
            reader.report(fields["code"].line, f"tên tệp phải là mã tiếp nhận: {code.lower()}.md (tìm thấy: {path.name})")
    title = f.text(reader, fields, "title")
    asked = f.moment(reader, fields, "asked")
    answered = f.moment(reader, fields, "answered")
    unit = f.text(reader, fields, "unit")
    question = f.text(reader, fields, "question")
    field_name = f.text(reader, fields, "field") or ""
    asker = f.text(reader, fields, "asker") or ""
    page = f.text(reader, fields, "page") or ""
    if page and not _PAGE.fullmatch(page):
        reader.report(fields["page"].line, f"`page` phải là địa chỉ trang trong trang tin, ví dụ {urls.PROCEDURES} (tìm thấy: {page!r})")
    draft = f.boolean(reader, fields, "draft")
    task = f.integer(reader, fields, "task")
    plan_year = f.integer(reader, fields, "plan") or (answered[0].year if answered else None)
    if plan_year is not None and task is not None:
        _check_tasks(reader, plans, plan_year, (task,), fields)
    # Its HTML and nesting follow the rules of posts (cchc.render.html_policy); its links are checked with theirs.
    rendered = renderer.render(document.body, body_line=document.body_line)
    for line, message in rendered.facts.problems:
        reader.report(line, message)
    body = document.body.strip()
    if not draft and (not body or PLACEHOLDER in body):
        reader.report(document.body_line, "chưa có câu trả lời (thay đoạn mẫu của cchc gop-y tra-loi bằng câu trả lời, "
                                          "hoặc để `draft: true`)")
    if asked and answered and answered[0].date() < asked[0].date():  # a date alone is that day's midnight
        reader.report(fields["answered"].line, "ngày trả lời trước ngày nhận câu hỏi")
    private = personal_data_warnings(reader, document, agency=agency, asker=asker)
    if reader.problems or None in (code, title, asked, answered, unit, question, task, plan_year):
        return None, reader.problems + private
    assert code and title and asked and answered and unit and question and task is not None and plan_year is not None
    return Answer(
        path=shown, source=path, lines={key: item.line for key, item in fields.items()}, code=code, title=title,
        asked=asked[0], answered=answered[0], plan_year=plan_year, task_id=task, unit=unit, field=field_name,
        page=page, asker=asker, question=question, draft=draft, rendered=rendered,
    ), private


def load_answers(root: Path, folder: Path, plans: PlanIndex, renderer: PostRenderer, *,
                 agency: Iterable[str] = ()) -> tuple[list[Answer], list[Problem]]:
    """Every `*.md` of the folder (the counts file beside them is not an answer); codes are unique.
    `agency`: the agency's own contacts (Agency.contacts), allowed in what is published."""
    answers: list[Answer] = []
    if not folder.is_dir():
        return answers, []
    sources = find_sources(folder, folder, suffix=".md", recursive=False, shown_root=root)
    problems: list[Problem] = list(sources.problems)
    seen: dict[str, Answer] = {}
    for path in sources.files:
        answer, found = load_answer(path, shown_path(path, root), plans, renderer, agency=agency)
        problems += found
        if answer is None:
            continue
        if (other := seen.setdefault(answer.code, answer)) is not answer:
            problems.append(Problem(answer.path, answer.lines["code"], f"mã {answer.code} đã có ở {other.path}"))
            continue
        answers.append(answer)
    return answers, problems
