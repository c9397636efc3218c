"""Issue 24: a post made in the editor is what `cchc new` writes for the same title, date, tasks and unit,
with the form's other values and body (src/cchc/editor/project.py); it is checked by `cchc check`'s
loader before it is written, and refused in `cchc new`'s words when `cchc new` would refuse it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.editor_repo import ANSWER, POST, EditorRepo, editor_repo

from cchc.authoring.new_post import plan_new_post
from cchc.dates import LOCAL_TZ
from cchc.editor.documents import ANSWER as ANSWER_KIND
from cchc.editor.documents import POST as POST_KIND
from cchc.editor.workspace import Refused, digest
from cchc.text import slugify


@pytest.fixture
def repo(tmp_path: Path) -> EditorRepo:
    return editor_repo(tmp_path / "repo")


def cchc_new(repo: EditorRepo, *, title: str, when: datetime, task_ids: tuple[int, ...], unit: str = "Văn phòng",
             plan_year: int | None = None, slug: str | None = None) -> str:
    """What `cchc new` writes in this repository."""
    plans = repo.project.plans()
    return plan_new_post(title=title, task_ids=task_ids, unit=unit, when=when, has_time=True, plans=plans.plans,
                         posts=repo.project.posts(plans), posts_dir=repo.settings.posts_dir, plan_year=plan_year, slug=slug,
                         allow_new_unit=True, root=repo.root).text


def form(title: str, date: str, tasks: list[str], unit: str = "Văn phòng", body: str = "Nội dung bài viết.\n", **more: object) -> str:
    """A new entry as the form sends it (Decap's YAML: plain or quoted scalars, block lists)."""
    lines = [f"title: '{title}'", f"date: '{date}'", "task:", *(f"- '{task}'" for task in tasks), f"unit: {unit}"]
    for key, value in more.items():
        lines += [f"{key}:", *(f"- {item}" for item in value)] if isinstance(value, list) else [f"{key}: {value}"]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def created(repo: EditorRepo, relative: str, edited: str) -> str:
    path = repo.area.writable(relative)
    return repo.project.from_editor(path, edited, None).decode("utf-8")


def front(text: str) -> str:
    return text.split("\n---\n", 1)[0] + "\n---\n"


WHEN = datetime(2022, 4, 2, 8, 0, tzinfo=LOCAL_TZ)


def test_a_new_post_is_what_cchc_new_writes_with_the_form_s_body(repo: EditorRepo) -> None:
    expected = cchc_new(repo, title="Tập huấn một cửa", when=WHEN, task_ids=(2,))
    text = created(repo, "content/posts/2022/04/tap-huan-mot-cua.md",
                   form("Tập huấn một cửa", "2022-04-02 08:00", ["2022-2"], draft="true"))
    assert text == front(expected) + "Nội dung bài viết.\n"


@pytest.mark.parametrize("title, date, tasks, plan_year, unit", [
    ("Sơ kết: “6 tháng” # đầu năm", "2022-07-05 14:30", ["2022-3", "2022-7"], None, "Phòng Tổ chức cán bộ"),
    ("Tổng kết năm 2022", "2023-01-10 09:00", ["2022-7"], 2022, "Văn phòng"),  # early in the year, for last year's plan
    ("Kế hoạch năm mới", "2023-02-01 07:15", ["2023-1"], None, "Trường THPT Ân Thi"),  # a unit of the units file only
    ("Đơn vị mới viết bài", "2022-05-01 08:00", ["2022-4"], None, "Phòng GDĐT huyện Mới"),  # a new unit, as --new-unit
])
def test_a_new_post_of_any_tasks_and_plan(repo: EditorRepo, title: str, date: str, tasks: list[str], plan_year: int | None,
                                         unit: str) -> None:
    when = datetime.strptime(date, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
    ids = tuple(int(task.split("-")[1]) for task in tasks)
    expected = cchc_new(repo, title=title, when=when, task_ids=ids, unit=unit, plan_year=plan_year)
    relative = f"content/posts/{when:%Y}/{when:%m}/{slugify(title)}.md"
    text = created(repo, relative, form(title.replace("'", "''"), date, tasks, unit=f'"{unit}"', draft="true"))
    assert text == front(expected) + "Nội dung bài viết.\n"


def test_a_new_post_with_the_form_s_other_values_is_cchc_new_plus_those_lines(repo: EditorRepo) -> None:
    expected = cchc_new(repo, title="Tập huấn một cửa", when=WHEN, task_ids=(2,))
    edited = form("Tập huấn một cửa", "2022-04-02 08:00", ["2022-2"], summary="Một câu tóm tắt.", tags=["tập huấn", "một cửa"],
                  draft="false")
    text = created(repo, "content/posts/2022/04/tap-huan-mot-cua.md", edited)
    lines = front(expected).split("\n")
    summary = next(i for i, line in enumerate(lines) if line.startswith("# summary:"))
    lines[summary] = 'summary: "Một câu tóm tắt."'
    tags = next(i for i, line in enumerate(lines) if line.startswith("tags: []"))
    comment = lines[tags].split("# ", 1)[1]
    written = 'tags: ["tập huấn", "một cửa"]'
    lines[tags] = f"{written:<34}# {comment}"  # in cchc new's comment column
    lines = [line for line in lines if not line.startswith("draft:")]
    assert text == "\n".join(lines) + "Nội dung bài viết.\n"


def test_the_address_decap_chose_is_kept_as_the_slug(repo: EditorRepo) -> None:
    expected = cchc_new(repo, title="Tập huấn một cửa", when=WHEN, task_ids=(2,), slug="tap-huan-dot-2")
    text = created(repo, "content/posts/2022/04/tap-huan-dot-2.md", form("Tập huấn một cửa", "2022-04-02 08:00", ["2022-2"], draft="true"))
    assert "\nslug: tap-huan-dot-2" in text and text == front(expected) + "Nội dung bài viết.\n"


@pytest.mark.parametrize("edited, says", [
    (form("", "2022-04-02 08:00", ["2022-2"]), "cần điền tiêu đề"),
    ("---\ntitle: Tin\n---\n", "cần điền ngày đăng, nhiệm vụ, đơn vị"),
    (form("Tin", "2022-04-02 08:00", ["2022-99"]), "nhiệm vụ 99 không có trong kế hoạch 2022"),
    (form("Tin", "2031-04-02 08:00", ["2031-1"]), "không có kế hoạch năm 2031"),
    (form("Tin", "2022-04-02 08:00", ["2022-2", "2023-2"]), "cùng một kế hoạch"),
    (form("Tin", "02/04/2022 08:00", ["2022-2"]), "không đúng dạng YYYY-MM-DD HH:MM"),
])
def test_a_new_post_cchc_new_would_refuse_is_refused_in_its_words(repo: EditorRepo, edited: str, says: str) -> None:
    with pytest.raises(Refused) as refused:
        created(repo, "content/posts/2022/04/tin.md", edited)
    message = "\n".join(refused.value.lines)
    assert says in message and message.startswith("content/posts/2022/04/tin.md: ")
    assert "--slug" not in message and "cchc new không ghi đè" not in message and "--new-unit" not in message


def test_what_the_check_refuses_is_said_at_its_line(repo: EditorRepo) -> None:
    edited = form("Tin có ảnh", "2022-04-02 08:00", ["2022-2"], image="khong-co.png", draft="true")
    with pytest.raises(Refused) as refused:
        created(repo, "content/posts/2022/04/tin-co-anh.md", edited)
    [line] = refused.value.lines
    assert line.startswith("content/posts/2022/04/tin-co-anh.md:") and "khong-co.png" in line
    assert int(line.split(":")[1]) > 1
    assert not list((repo.root / "content/posts").rglob("*.tmp")) and not list((repo.root / "content/posts").rglob(".*"))


def test_an_answer_is_edited_never_created(repo: EditorRepo) -> None:
    path = repo.area.writable("content/hoi-dap/moi12345.md")
    assert repo.project.kind(path) is ANSWER_KIND and repo.project.kind(repo.area.path(POST)) is POST_KIND
    with pytest.raises(Refused, match="cchc gop-y tra-loi"):
        repo.project.from_editor(path, form("Hỏi", "2022-04-02 08:00", ["2022-8"]), None)
    entry = repo.workspace.answer({"action": "getEntry", "params": {"path": ANSWER}})[1]
    disk = (repo.root / ANSWER).read_bytes()
    edited = entry["data"].replace("answered: 2022-05-10 00:00", "answered: 2022-05-11 09:00")
    text = repo.project.from_editor(repo.area.path(ANSWER), edited, disk).decode()
    assert text == disk.decode().replace("answered: '2022-05-10'", "answered: 2022-05-11 09:00")


def test_a_file_that_is_not_utf8_is_not_edited(repo: EditorRepo) -> None:
    disk = b"---\ntitle: \xff\n---\n"
    with pytest.raises(Refused, match="không phải văn bản UTF-8"):
        repo.project.from_editor(repo.area.path(POST), f"---\nphien_ban: {digest(disk)}\n---\n", disk)


def test_a_save_reads_again_only_the_files_saved_since(repo: EditorRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the editor read is kept while the files are unchanged: the second reading loads no post, a
    post saved since is read again (and only it), new plans read every post again."""
    import cchc.content.posts as posts_module

    read: list[str] = []
    real = posts_module._loading

    def counted(path: Path, *args: Any, **kwargs: Any) -> Any:
        read.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(posts_module, "_loading", counted)
    repo.project.posts(repo.project.plans())
    assert read == ["tap-huan.md"]
    read.clear()
    repo.project.posts(repo.project.plans())
    assert read == []
    post = repo.file("content/posts/2022/03/tap-huan.md")
    post.write_text(post.read_text(encoding="utf-8").replace("Nội dung", "Nội dung mới"), encoding="utf-8")
    repo.project.posts(repo.project.plans())
    assert read == ["tap-huan.md"]
    read.clear()
    plan = repo.file("plan/2022.md")
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    repo.project.posts(repo.project.plans())
    assert read == ["tap-huan.md"]
