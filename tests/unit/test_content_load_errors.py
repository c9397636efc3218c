"""Bad input: every problem is reported as `path:line: message`, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.load_problems import BASE, GOOD, PLAN, P, load, post, tree
from support.project import content_settings

from cchc.build.pipeline import load_content

CASES = [
    # (id, file content, expected line, words the message must contain)
    ("unknown task", post(**{**BASE, "task": "15"}), 4, ["nhiệm vụ 15", "1, 2, 3"]),
    ("unknown task in list", post(**{**BASE, "task": "[2, 20]"}), 4, ["nhiệm vụ 20"]),
    ("unknown plan year", post(**{**BASE, "plan": "2019"}), 6, ["kế hoạch năm 2019", "plan/2019.md"]),
    ("year of date has no plan", post(**{**BASE, "date": "2024-05-01"}), 3, ["kế hoạch năm 2024"]),
    ("missing key", post(title='"Tin"', date="2022-03-01", task="1"), 1, ["thiếu khóa", "`unit`"]),
    ("mistyped key", post(**BASE, tgas='["a"]'), 6, ["`tgas`", "`tags`"]),
    ("impossible date", post(**{**BASE, "date": "2022-02-30"}), 3, ["không tồn tại", "2022-02-30"]),
    ("date in wrong form", post(**{**BASE, "date": "15/03/2022"}), 3, ["YYYY-MM-DD", "15/03/2022"]),
    ("impossible time", post(**{**BASE, "date": "2022-03-01 25:00"}), 3, ["không tồn tại"]),
    ("YAML syntax error", post(**{**BASE, "title": "Tin: mới: nữa"}), 2, ["cú pháp YAML", "dấu `:`"]),
    ("unclosed front matter", '---\ntitle: "Tin"\ndate: 2022-03-01\n', 1, ["`---` đóng"]),
    ("no front matter", "# Tin\n\nNội dung\n", 1, ["thiếu front matter"]),
    ("empty file", "", 1, ["tệp rỗng"]),
    ("not UTF-8", b"---\ntitle: \"Tin\"\n" + "unit: \"Phòng Café\"\n".encode("latin-1") + b"---\n", 3, ["UTF-8"]),
    ("missing image", post(**BASE, image="anh.jpg"), 6, ["ảnh", "anh.jpg"]),
    ("image outside the post folder", post(**BASE, image="../anh.jpg"), 6, ["cạnh bài viết"]),
    ("task of wrong type", post(**{**BASE, "task": '"hai"'}), 4, ["`task`", "hai"]),
    ("draft not a boolean", post(**BASE, draft='"có"'), 6, ["`draft`", "true"]),
    ("tags not a list of text", post(**BASE, tags="[1, 2]"), 6, ["`tags`"]),
    ("bad slug", post(**BASE, slug='"Tin Mới"'), 6, ["`slug`", "Tin Mới"]),
    ("empty title", post(**{**BASE, "title": '""'}), 2, ["`title`", "không rỗng"]),
    ("duplicate key", post(**BASE) .replace("---\nNội", 'title: "Lần hai"\n---\nNội'), 6, ["bị lặp", "dòng 2"]),
    ("front matter is a list", "---\n- a\n- b\n---\n", 2, ["khóa: giá trị"]),
    ("missing linked file in body", post(**BASE) + "\n![Ảnh](thieu.png)\n", 9, ["thieu.png"]),
    # What staff write (issue 14): each message says what to change, at the right line.
    ("Word's curly quotes around a title with a colon", post(**{**BASE, "title": "“Sở GDĐT: tập huấn”"}), 2,
     ["“ ”", 'dấu " thẳng', "tìm thấy: 'title: “Sở GDĐT: tập huấn”'"]),
    ("a tab at the start of a line", post(**{**BASE, "task": "1"}).replace("task: 1", "\ttask: 1"), 4,
     ["Tab", "⇥task: 1"]),
    ("a quote inside a quoted title", post(**{**BASE, "title": '"Hội nghị "Một cửa" năm 2022"'}), 2,
     ['dấu " ở giữa', "ngoặc đơn"]),
    ("a link to a heading the post lacks", post(**BASE) + "\nXem [mục dưới](#muc-khong-co).\n", 9, ["#muc-khong-co"]),
]


@pytest.mark.parametrize("content, line, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_post_is_reported_at_its_line(tmp_path: Path, content: str | bytes, line: int, words: list[str]) -> None:
    problems = load(tree(tmp_path, {P: content}))
    assert len(problems) == 1, problems
    path, found_line, message = problems[0]
    assert (path, found_line) == (P, line)
    for word in words:
        assert word in message


def test_good_post_loads(tmp_path: Path) -> None:
    assert load(tree(tmp_path, {P: GOOD})) == []


def test_numbers_in_quotes_are_numbers(tmp_path: Path) -> None:
    """`task: "2"` and `plan: "2022"` are what staff mean: the numbers."""
    root = tree(tmp_path, {P: post(**{**BASE, "task": '"2"', "plan": '"2022"'})})
    assert load(root) == []
    [loaded] = load_content(content_settings(root)).posts
    assert (loaded.task_ids, loaded.plan_year) == ((2,), 2022)


def test_every_problem_of_every_file_is_listed_in_one_run(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {
        "content/posts/a.md": post(**{**BASE, "date": "2022-02-30", "task": "99"}, titel="x"),
        "content/posts/b.md": "",
        "content/posts/c.md": post(**{**BASE, "plan": "2030"}),
    }))
    assert [(path, line) for path, line, _ in problems] == [
        ("content/posts/a.md", 3), ("content/posts/a.md", 4), ("content/posts/a.md", 6),
        ("content/posts/b.md", 1), ("content/posts/c.md", 6),
    ]


def test_two_posts_on_one_url_name_each_other(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {
        "content/posts/2022/03/a.md": post(**BASE, slug="tin-chung"),
        "content/posts/2022/03/b.md": post(**{**BASE, "date": "2022-03-31 23:00"}, slug="tin-chung"),
    }))
    assert problems == [(
        "content/posts/2022/03/b.md", 6,
        "trùng địa chỉ tin-tuc/2022/03/tin-chung/ với content/posts/2022/03/a.md:6; hãy đặt `slug` khác",
    )]


def test_same_title_same_month_collides_through_the_default_slug(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {"content/posts/a.md": GOOD, "content/posts/b.md": GOOD}))
    assert [(p, line) for p, line, _ in problems] == [("content/posts/b.md", 2)]


def test_scheduled_and_draft_posts_are_validated_too(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {
        "content/posts/draft.md": post(**{**BASE, "task": "42"}, draft="true"),
        "content/posts/later.md": post(**{**BASE, "date": "2099-01-01", "plan": "2022", "task": "0"}),
    }))
    assert [(p, line) for p, line, _ in problems] == [("content/posts/draft.md", 4), ("content/posts/later.md", 4)]


def test_duplicate_task_id_in_a_plan(tmp_path: Path) -> None:
    plan = PLAN.replace("  - id: 2\n", "  - id: 1\n", 1)
    line = PLAN.split("\n").index("  - id: 2") + 1
    problems = load(tree(tmp_path, {}, plan=plan))
    assert problems == [("plan/2022.md", line, f"nhiệm vụ số 1 bị lặp (đã có ở dòng {PLAN.split(chr(10)).index('  - id: 1') + 1})")]


def test_a_plan_s_parts_numbered_twice_the_same_are_a_warning_at_the_heading(tmp_path: Path) -> None:
    """The signed 07/KH-SGDĐT numbers part II's items 1, 1, 3: the table of contents would show two "1."."""
    assert "### 2. Nội dung tuyên truyền" in PLAN  # the bundled copy has it corrected
    slip = PLAN.replace("### 2. Nội dung tuyên truyền", "### 1. Nội dung tuyên truyền", 1)
    line = slip.split("\n").index("### 1. Nội dung tuyên truyền") + 1
    content = load_content(content_settings(tree(tmp_path, {P: GOOD}, plan=slip)))
    assert content.errors == [] and 2022 in content.plans  # only a warning: the plan is still built
    assert [(p.path, p.line, p.message, p.is_warning) for p in content.problems] == [(
        "plan/2022.md", line, "mục “1. Nội dung tuyên truyền” có số 1. ngay sau mục “1. Đối tượng”: mục lục sẽ có hai mục "
        "cùng số hoặc thiếu số; sửa số của mục cho liền nhau (văn bản gốc có thể đánh số nhầm)", True)]


@pytest.mark.parametrize("headings, flagged", [
    ("## I. A\n## II. B\n## III. C\n## IV. D\n", []),
    ("## I. A\n## III. C\n", ["III. C"]),
    ("## I. A\n### 1. a\n### 2. b\n## II. B\n### 1. c\n", []),  # each part numbers its items from 1
    ("## I. A\n### 1. a\n### 1. b\n### 3. c\n", ["1. b"]),  # one slip, not two
    ("## Mở đầu\n## 1. A\n## Ghi chú\n## 2. B\n", []),  # unnumbered headings are left alone
])
def test_numbering_of_sibling_headings(tmp_path: Path, headings: str, flagged: list[str]) -> None:
    body = PLAN.split("\n---\n", 1)[0] + "\n---\n" + headings
    content = load_content(content_settings(tree(tmp_path, {}, plan=body)))
    assert [p.message.split("”")[0].removeprefix("mục “") for p in content.problems] == flagged


def test_plan_year_must_match_its_file_name(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {}, plan=PLAN.replace("year: 2022", "year: 2021", 1)))
    assert [(p, line) for p, line, _ in problems] == [("plan/2022.md", 2)]


def test_a_broken_plan_does_not_flood_its_posts_with_errors(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {P: GOOD}, plan=PLAN.replace("issued: 2022-01-04", "issued: 2022-13-04")))
    assert [p for p, _, _ in problems] == ["plan/2022.md"]


def test_mistyped_task_key_in_plan_names_the_intended_key(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {}, plan=PLAN.replace("    lead:", "    laed:", 1)))
    assert len(problems) == 1 and "`laed`" in problems[0][2] and "`lead`" in problems[0][2]
