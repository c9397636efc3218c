"""Issue 24: a post between its file and the editor's form (src/cchc/editor/documents.py). The form's
values written back unchanged give the file byte for byte; an edit changes the lines of the keys it
edits and no other, in `cchc new`'s form, keeping their comments; what is written is read back by the
project's own front matter reader as the form said it."""

from __future__ import annotations

import difflib
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO
from support.answers import HOSTILE, answer_file
from support.editor_repo import POST_TEXT
from support.project import content_settings

from cchc.authoring.new_post import plan_new_post
from cchc.content import fields as f
from cchc.content.frontmatter import read_document
from cchc.dates import LOCAL_TZ
from cchc.editor import documents
from cchc.editor.documents import ANSWER, POST, FormError, form_document, rewrite, to_form
from cchc.editor.project import ANSWER_FIELDS, POST_FIELDS, Project
from cchc.model import Plan

BUNDLED_POSTS = sorted((REPO / "content" / "posts").rglob("*.md"))
ANSWERS = {
    "as written": answer_file("k7m3qx9a"),
    "no field, no plan": answer_file("k7m3qx9b", field=None, plan=None),
    "two tasks, a draft": answer_file("k7m3qx9c", task=[3, 8], draft=True),
    "a plan of another year": answer_file("k7m3qx9d", plan=2021, answered="2022-01-05 10:00"),
    "hostile text": answer_file("k7m3qx9e", title=f"{HOSTILE}: #1 'x'", field=f"# {HOSTILE}"),
}
WHEN = datetime(2022, 3, 15, 8, 30, tzinfo=LOCAL_TZ)
DATE_COMMENT = "giờ Việt Nam; ngày ở tương lai là bài hẹn giờ"


def column(text: str, comment: str) -> str:
    """A line as `cchc new` writes it: its comment in a column of its own (34), at least one space before."""
    return f"{text:<34}# {comment}" if len(text) < 34 else f"{text} # {comment}"


@pytest.fixture(scope="module")
def plans() -> dict[int, Plan]:
    return Project(content_settings(REPO)).plans().plans


def new_post(plans: dict[int, Plan], *, explainer: bool = False, title: str = "Tập huấn nghiệp vụ một cửa",
             task_ids: tuple[int, ...] = (2,), plan_year: int | None = None, when: datetime = WHEN) -> str:
    """What `cchc new` writes."""
    return plan_new_post(title=title, task_ids=task_ids, unit="Văn phòng", when=when, has_time=True, plans=plans,
                         posts=[], posts_dir=Path("/nonexistent"), plan_year=plan_year, explainer=explainer).text


def form(text: str, kind: documents.Kind = POST) -> tuple[dict[str, Any], str]:
    """The form's values and body, as the form loaded them."""
    return form_document(to_form(text, "phien-ban-1", kind))


def saved(text: str, *, kind: documents.Kind = POST, body: str | None = None, **changes: Any) -> str:
    """The file after the form saved it with `changes` to its values (and `body`, when given)."""
    values, loaded = form(text, kind)
    return rewrite(text, {**values, **changes}, loaded if body is None else body, kind,
                   POST_FIELDS if kind is POST else ANSWER_FIELDS)


def changed(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added)."""
    old, new = before.split("\n"), after.split("\n")
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def keys_of(lines: list[str]) -> set[str]:
    return {line.split(":", 1)[0].strip().lstrip("# ") for line in lines if line and not line.startswith(" ")}


def read_back(text: str, tmp_path: Path) -> dict[str, Any]:
    """The front matter as `cchc check` reads it (read_document, then the typed readers of load_post)."""
    path = tmp_path / "bai.md"
    path.write_text(text, encoding="utf-8")
    document, reader, problems = read_document(path, "bai.md")
    assert document is not None and reader is not None, problems
    fields = document.fields
    found = {"title": f.text(reader, fields, "title"), "unit": f.text(reader, fields, "unit"),
             "summary": f.text(reader, fields, "summary"), "tags": f.text_list(reader, fields, "tags"),
             "date": f.moment(reader, fields, "date"), "plan": f.integer(reader, fields, "plan"),
             "task": fields["task"].value if "task" in fields else None, "draft": f.boolean(reader, fields, "draft"),
             "body": document.body}
    assert reader.problems == [], text
    return found


# --------------------------------------------------------------------------- unchanged: byte for byte


@pytest.mark.parametrize("path", BUNDLED_POSTS, ids=lambda path: path.stem[:40])
def test_every_bundled_post_comes_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert saved(text) == text
    assert documents.split(text) is not None  # read as a post (not handed over as it is)


@pytest.mark.parametrize("name", ANSWERS)
def test_every_answer_comes_back_byte_for_byte(name: str) -> None:
    text = ANSWERS[name]
    assert saved(text, kind=ANSWER) == text


@pytest.mark.parametrize("explainer", [False, True], ids=["post", "explainer"])
def test_what_cchc_new_writes_comes_back_byte_for_byte(plans: dict[int, Plan], explainer: bool) -> None:
    for text in (new_post(plans, explainer=explainer), new_post(plans, plan_year=2022, when=WHEN.replace(year=2023)),
                 new_post(plans, task_ids=(2, 5))):
        assert saved(text) == text


def test_the_form_gets_the_contract_s_values_in_its_widgets_shapes() -> None:
    values, body = form(POST_TEXT)
    assert values == {"title": 'Tập huấn nghiệp vụ: "một cửa" # 1', "date": "2022-03-15 08:30", "task": ["2022-2"],
                      "unit": "Văn phòng", "summary": "Công chức được tập huấn.", "tags": ["tập huấn", "một cửa"],
                      "phien_ban": "phien-ban-1"}  # `sample` is not the form's; `plan` is in the task's value
    assert body == POST_TEXT.split("---\n", 2)[2]
    later = POST_TEXT.replace("date: 2022-03-15 08:30", "date: 2023-01-15 09:00\nplan: 2022")
    assert form(later)[0]["task"] == ["2022-2"]
    assert form(later.replace("task: 2 ", "task: [2, 7]"))[0]["task"] == ["2022-2", "2022-7"]


# --------------------------------------------------------------------------- edits: only their lines


@pytest.mark.parametrize("changes, keys, lines", [
    ({"title": "Tiêu đề mới: “ngoặc” và 'nháy'"}, {"title"}, ['title: "Tiêu đề mới: “ngoặc” và \'nháy\'"']),
    ({"tags": ["một cửa", "tập huấn"]}, {"tags"}, [column('tags: ["một cửa", "tập huấn"]', 'chủ đề, ví dụ ["tập huấn", "một cửa"]')]),
    ({"task": ["2022-2", "2022-5"]}, {"task"}, [column("task: [2, 5]", "số thứ tự nhiệm vụ trong phụ lục kế hoạch")]),
    ({"date": "2022-04-02 14:05"}, {"date"}, [column("date: 2022-04-02 14:05", DATE_COMMENT)]),
    ({"unit": "Phòng Tổ chức cán bộ"}, {"unit"}, [column('unit: "Phòng Tổ chức cán bộ"', "đơn vị viết bài")]),
    ({"summary": "Một câu tóm tắt."}, {"summary"}, ['summary: "Một câu tóm tắt."']),
    ({"image": "anh-bia.jpg"}, {"image"}, ["image: anh-bia.jpg"]),
    ({"image": "content/posts/2022/03/anh-bia.jpg"}, {"image"}, ["image: anh-bia.jpg"]),  # Decap's path: the name beside the post
    ({"draft": False}, {"draft"}, []),
    ({"updated": "2022-03-20 10:00"}, {"updated"}, ["updated: 2022-03-20 10:00"]),
    ({"procedure": {"name": "Cấp bản sao văn bằng", "field": "Văn bằng, chứng chỉ", "steps": ["Nộp hồ sơ", "Nhận kết quả"],
                    "code": "", "documents": []}},
     {"procedure"}, ["procedure:", "  name: Cấp bản sao văn bằng", "  field: Văn bằng, chứng chỉ", "  steps:", "  - Nộp hồ sơ",
                     "  - Nhận kết quả"]),
], ids=lambda value: "-".join(sorted(value)) if isinstance(value, set) else None)
def test_an_edit_changes_only_its_own_lines(plans: dict[int, Plan], changes: dict[str, Any], keys: set[str], lines: list[str]) -> None:
    text = new_post(plans)
    after = saved(text, **changes)
    removed, added = changed(text, after)
    assert added == lines
    # Only the edited key's lines went (a new key takes its commented example's place: `# summary: …`).
    assert keys_of(removed) <= keys and keys_of(added) <= keys and removed + added
    assert saved(after) == after  # and the edited file comes back as it is


def test_a_new_key_takes_the_place_of_its_commented_example(plans: dict[int, Plan]) -> None:
    text = new_post(plans)
    example = next(line for line in text.split("\n") if line.startswith("# summary:"))
    after = saved(text, summary="Tóm tắt cho RSS.")
    lines, old = after.split("\n"), text.split("\n")
    assert example not in lines
    assert lines.index('summary: "Tóm tắt cho RSS."') == old.index(example)
    assert len(lines) == len(old)


def test_an_emptied_field_removes_its_line() -> None:
    for emptied in ("", "   ", None):
        after = saved(POST_TEXT, summary=emptied)
        assert changed(POST_TEXT, after) == (["summary: 'Công chức được tập huấn.'"], [])
    assert changed(POST_TEXT, saved(POST_TEXT, tags=[]))[0] == ['tags: ["tập huấn", "một cửa"]     # chủ đề']
    assert changed(POST_TEXT, saved(POST_TEXT, tags=["", " "]))[0] == ['tags: ["tập huấn", "một cửa"]     # chủ đề']


def test_a_tag_given_twice_is_written_once() -> None:
    assert changed(POST_TEXT, saved(POST_TEXT, tags=["họp", "họp ", "tập huấn", unicodedata.normalize("NFD", "họp")]))[1] == [
        column('tags: ["họp", "tập huấn"]', "chủ đề")]


def test_every_field_edited_at_once_leaves_the_keys_the_form_does_not_know() -> None:
    text = POST_TEXT.replace("sample: true", "slug: tap-huan-mot-cua      # địa chỉ của bài\nsample: true\n# ghi chú của người viết")
    after = saved(text, title="Khác", date="2022-05-01 07:00", task=["2022-3"], unit="Phòng Tổ chức cán bộ", summary="",
                  tags=["khác"], image="anh.png", draft=True, updated="2022-05-02 07:00",
                  slug="dia-chi-khac", sample=False, code="x", ten_la="y")  # what the form may send of keys it does not know
    kept = ["slug: tap-huan-mot-cua      # địa chỉ của bài", "sample: true", "# ghi chú của người viết"]
    assert [line for line in after.split("\n") if line in kept] == kept
    assert "ten_la" not in after and "code" not in after and "dia-chi-khac" not in after


def test_a_changed_value_keeps_its_line_s_comment_and_takes_none_from_its_text(plans: dict[int, Plan]) -> None:
    # The old title has " # 1" inside its quotes: that is text, not a comment to carry to the new line.
    assert changed(POST_TEXT, saved(POST_TEXT, title="Mới"))[1] == ['title: "Mới"']
    quoted = POST_TEXT.replace('title: "Tập huấn nghiệp vụ: \\"một cửa\\" # 1"', "title: 'Nghiệp vụ # ''một cửa'''  # ghi chú")
    assert changed(quoted, saved(quoted, title="Mới"))[1] == [column('title: "Mới"', "ghi chú")]
    text = new_post(plans)
    edits: list[dict[str, Any]] = [{"date": "2022-06-01 07:00"}, {"task": ["2022-4"]}, {"unit": "Phòng Kế hoạch - Tài chính"}]
    for edit in edits:
        [key] = edit
        line = changed(text, saved(text, **edit))[1][0]
        comment = next(old for old in text.split("\n") if old.startswith(f"{key}:")).split("# ", 1)[1]
        assert line.endswith(f"# {comment}") and line.count("#") == 1


# --------------------------------------------------------------------------- plan: only when it is not the date's year


def test_plan_appears_only_when_the_tasks_plan_is_not_the_date_s_year(plans: dict[int, Plan]) -> None:
    text = new_post(plans)
    january = saved(text, date="2023-01-10 08:00")  # the same task (of the 2022 plan), a date of 2023
    removed, added = changed(text, january)
    assert keys_of(removed) == {"date"} and added[0].startswith("date: 2023-01-10 08:00") and added[1:] == ["plan: 2022"]
    assert january.index("plan: 2022") > january.index("task:") and january.index("plan: 2022") < january.index("unit:")
    back = saved(january, date="2022-12-20 08:00")  # back in the plan's year: `plan` goes again
    assert "plan:" not in back
    assert changed(text, back)[1] == [column("date: 2022-12-20 08:00", DATE_COMMENT)]
    of_2023 = saved(january, task=["2023-2"])  # a task of the date's own plan: no `plan`
    assert "plan:" not in of_2023 and changed(january, of_2023)[0] == ["plan: 2022"]
    assert "plan: 2023" in saved(text, task=["2023-2"])  # a 2023 task for a post of 2022


def test_a_hand_written_plan_of_the_date_s_own_year_stays_while_it_is_not_edited() -> None:
    text = POST_TEXT.replace("task: 2 ", "plan: 2022\ntask: 2 ")
    assert saved(text, title="Khác").count("plan: 2022") == 1


def test_tasks_of_two_plans_are_refused_in_vietnamese() -> None:
    with pytest.raises(FormError, match="các nhiệm vụ của một bài phải cùng một kế hoạch"):
        saved(POST_TEXT, task=["2022-2", "2023-3"])
    for wrong in (["2"], ["năm-2"], ["2022-x"]):
        with pytest.raises(FormError, match="không có trong danh sách"):
            saved(POST_TEXT, task=wrong)
    with pytest.raises(FormError, match="không đúng dạng YYYY-MM-DD HH:MM"):
        saved(POST_TEXT, date="15/03/2022 08:30")


def test_a_date_the_file_has_wrong_is_put_right_from_the_form() -> None:
    wrong = POST_TEXT.replace("date: 2022-03-15 08:30", "date: 15/03/2022 08:30").replace("summary:", "updated: hôm qua\nsummary:")
    after = saved(wrong, date="2022-03-15 08:30", task=["2022-2"], updated="")
    assert after == POST_TEXT


# --------------------------------------------------------------------------- the body and the text


def test_the_body_is_nfc_with_unix_line_ends() -> None:
    body = unicodedata.normalize("NFD", "Tiếng Việt có dấu.\r\nDòng hai.\r\n")
    after = saved(POST_TEXT, body=body)
    assert after.endswith("---\nTiếng Việt có dấu.\nDòng hai.\n") and "\r" not in after
    assert unicodedata.is_normalized("NFC", after)
    title = unicodedata.normalize("NFD", "Tập  huấn\r\n nghiệp vụ")
    assert changed(POST_TEXT, saved(POST_TEXT, title=title))[1] == ['title: "Tập huấn nghiệp vụ"']
    assert saved(POST_TEXT, body="Thân bài không có dòng trống cuối").endswith("---\nThân bài không có dòng trống cuối\n")
    # Decap may drop the last line end: the body is the file's own.
    values, body = form(POST_TEXT)
    assert rewrite(POST_TEXT, values, body.rstrip("\n"), POST, POST_FIELDS) == POST_TEXT


def test_a_file_without_front_matter_is_not_rewritten() -> None:
    assert to_form("Chỉ có thân bài.\n", "v") == "Chỉ có thân bài.\n"
    with pytest.raises(FormError, match="front matter"):
        rewrite("Chỉ có thân bài.\n", {"title": "x"}, "", POST, POST_FIELDS)
    with pytest.raises(FormError, match="không đọc được"):
        form_document("---\n[một, danh sách]\n---\n")


def test_the_date_format_is_the_contract_s() -> None:
    assert datetime(2022, 3, 5, 7, 9).strftime(documents.FORM_DATE) == "2022-03-05 07:09"


# --------------------------------------------------------------------------- what is written is read back as the form said

LETTERS = st.sampled_from([*"aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789", "ạ", "ế", "ỗ", "ữ", "Ỳ", " ", "  ", ":", ": ",
                           " #", "# ", "#", '"', "'", "“", "”", "\\", "-", "- ", "[", "]", "{", "}", ",", "&", "*", "!", "|",
                           ">", "%", "@", "`", "?", "😀", "👨‍👩‍👧", "🇻🇳", "\u00a0", "\t", "\n", "null", "true", "~", "0x1F",
                           "2022-03-15", "e\u0301", "---", "..."])
TEXT = st.lists(LETTERS, min_size=1, max_size=30).map("".join)
NAMED = TEXT.filter(lambda text: any(char.isalnum() for char in text))  # a title, a unit: a letter or digit for the address


def collapsed(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@settings(max_examples=150, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(title=NAMED, unit=NAMED, summary=st.one_of(st.just(""), TEXT), tags=st.lists(NAMED, max_size=4),
       when=st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31)).map(lambda moment: moment.replace(second=0, microsecond=0)),
       year=st.sampled_from([2022, 2023]), ids=st.lists(st.integers(1, 12), min_size=1, max_size=3, unique=True),
       draft=st.booleans(), body=TEXT)
def test_any_form_values_are_read_back_as_they_were_sent(
    tmp_path_factory: pytest.TempPathFactory, title: str, unit: str, summary: str, tags: list[str], when: datetime,
    year: int, ids: list[int], draft: bool, body: str,
) -> None:
    base = POST_TEXT.replace("sample: true\n", "draft: true\n")
    sent: dict[str, Any] = {"title": title, "unit": unit, "summary": summary, "tags": tags, "date": when.strftime(documents.FORM_DATE),
            "task": [f"{year}-{task_id}" for task_id in ids], "draft": draft}
    written = saved(base, body=body, **sent)
    found = read_back(written, tmp_path_factory.mktemp("doc"))
    assert found["title"] == collapsed(title) and found["unit"] == collapsed(unit)
    assert found["summary"] == (collapsed(summary) or None)
    assert found["tags"] == tuple(dict.fromkeys(collapsed(tag) for tag in tags))
    assert found["date"] == (when.replace(tzinfo=LOCAL_TZ), True)
    assert found["task"] == (ids[0] if len(ids) == 1 else ids)
    assert found["plan"] == (None if year == when.year else year)
    assert found["draft"] is draft
    assert found["body"] == unicodedata.normalize("NFC", body) + ("" if body.endswith("\n") else "\n")
    assert saved(written) == written  # and the form's own reading of it writes nothing new


def test_the_reader_of_the_property_test_sees_a_wrong_value(tmp_path: Path) -> None:
    """The read-back is strict: what a plain YAML writer would get wrong, it sees."""
    with pytest.raises(AssertionError):
        read_back('---\ntitle: Tập huấn: "x"\ndate: 2022-03-15 08:30\ntask: 2\nunit: Văn phòng\n---\n', tmp_path)
    assert read_back(POST_TEXT, tmp_path)["title"] == 'Tập huấn nghiệp vụ: "một cửa" # 1'
