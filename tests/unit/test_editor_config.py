"""Issue 24, item 2: the editor's form is made from the project (src/cchc/editor/config.py): every task
of every plan by year, number and name; the units of the plans, the posts and du-lieu/don-vi.yml in
Vietnamese order; dates in the one format documents.py reads and writes; the fields are the keys the
server writes back."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.editor_repo import EditorRepo, editor_repo

from cchc.editor import config, documents
from cchc.editor.project import ANSWER_FIELDS, POST_FIELDS
from cchc.text import sort_key

SITE_URL = "/cchc/"
API_URL = "/cchc/quan-tri/api/v1"


@pytest.fixture
def repo(tmp_path: Path) -> EditorRepo:
    return editor_repo(tmp_path / "repo")


def made(repo: EditorRepo) -> dict[str, Any]:
    plans = repo.project.plans()
    return config.editor_config(repo.settings, plans=plans.plans, posts=repo.project.posts(plans), site_url=SITE_URL, api_url=API_URL)


def fields(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in collection["fields"]}


def test_the_task_options_name_every_task_of_every_plan(repo: EditorRepo) -> None:
    plans = repo.project.plans().plans
    assert sorted(plans) == [2022, 2023]
    posts, answers = made(repo)["collections"]
    options = fields(posts)["task"]["options"]
    expected = [(year, task) for year in (2023, 2022) for task in plans[year].tasks]  # the newest plan first
    assert len(options) == len(expected) == 2 * len(plans[2022].tasks) > 2
    for option, (year, task) in zip(options, expected, strict=True):
        assert option == {"label": f"{year} · {task.id}. {task.name}", "value": f"{year}-{task.id}"}
    assert fields(answers)["task"]["options"] == options
    assert fields(posts)["task"]["multiple"] is True and fields(posts)["task"]["min"] == 1
    # Every value is one the server reads back as that plan's task.
    for option in options:
        year, task_id = map(int, option["value"].split("-"))
        assert documents.form_values({"task": [option["value"]]}) == {"task": (task_id,), "plan": year}


def test_the_units_are_the_plans_the_posts_and_the_units_file_s_in_vietnamese_order(repo: EditorRepo) -> None:
    plans = repo.project.plans().plans
    leads = {task.lead for plan in plans.values() for task in plan.tasks if task.lead}
    posts, answers = made(repo)["collections"]
    units = fields(posts)["unit"]["options"]
    assert set(units) == leads | {"Văn phòng", "Trường THPT Ân Thi"}
    assert units == sorted(units, key=sort_key) and len(units) == len(set(units))
    assert units.index("Phòng Tổ chức cán bộ") < units.index("Trường THPT Ân Thi") < units.index("Văn phòng")
    assert fields(answers)["unit"]["options"] == units


def test_a_unit_of_a_post_and_of_the_units_file_is_named_once(repo: EditorRepo) -> None:
    post = (repo.root / "content/posts/2022/03/tap-huan.md")
    post.write_text(post.read_text(encoding="utf-8").replace('unit: "Văn phòng"', 'unit: "Trường  THPT Ân Thi"'), encoding="utf-8")
    (repo.root / "du-lieu/don-vi.yml").write_text('"Trường THPT Ân Thi": {}\n"Phòng GDĐT huyện Văn Lâm": {}\n', encoding="utf-8")
    units = fields(made(repo)["collections"][0])["unit"]["options"]
    assert units.count("Trường THPT Ân Thi") == 1 and "Phòng GDĐT huyện Văn Lâm" in units


@pytest.mark.parametrize("units_file", ["- một\n- danh sách\n", "[không đóng\n", "", "# chỉ có chú thích\n"])
def test_a_units_file_that_is_not_a_mapping_leaves_the_plans_and_posts_units(repo: EditorRepo, units_file: str) -> None:
    (repo.root / "du-lieu/don-vi.yml").write_text(units_file, encoding="utf-8")
    units = fields(made(repo)["collections"][0])["unit"]["options"]
    assert "Văn phòng" in units and "Trường THPT Ân Thi" not in units
    (repo.root / "du-lieu/don-vi.yml").unlink()
    assert fields(made(repo)["collections"][0])["unit"]["options"] == units


def picker_to_strftime(format_: str) -> str:
    tokens = {"YYYY": "%Y", "MM": "%m", "DD": "%d", "HH": "%H", "mm": "%M"}
    return re.sub("|".join(tokens), lambda match: tokens[match.group(0)], format_)


def test_the_date_format_is_the_one_the_server_reads_and_writes(repo: EditorRepo) -> None:
    assert picker_to_strftime(config.DATE_FORMAT) == documents.FORM_DATE
    posts, answers = made(repo)["collections"]
    for field in [fields(posts)["date"], fields(posts)["updated"], fields(answers)["answered"]]:
        assert field["widget"] == "datetime" and field["format"] == config.DATE_FORMAT and field["picker_utc"] is False
    shown = datetime(2022, 3, 5, 7, 9).strftime(picker_to_strftime(config.DATE_FORMAT))
    assert documents.form_values({"date": shown})["date"].strftime(documents.FORM_DATE) == shown
    assert "giờ Việt Nam" in fields(posts)["date"]["label"]


def test_the_form_s_fields_are_the_keys_the_server_writes_back(repo: EditorRepo) -> None:
    posts, answers = made(repo)["collections"]
    extra = {documents.VERSION, "body"}
    assert set(fields(posts)) - extra == set(POST_FIELDS) - {"plan"}  # `plan` is in the task's value
    assert set(fields(answers)) - extra == set(ANSWER_FIELDS) - {"plan"}
    assert fields(posts)[documents.VERSION]["widget"] == "hidden"
    assert all(field["name"] in documents.POST.order for field in posts["fields"] if field["name"] not in extra)


def test_the_folders_backend_and_tags_come_from_the_project(repo: EditorRepo) -> None:
    made_ = made(repo)
    posts, answers = made_["collections"]
    assert posts["folder"] == "content/posts" and answers["folder"] == "content/hoi-dap"
    assert made_["backend"] == {"name": "proxy", "proxy_url": API_URL, "branch": "main"}
    assert made_["site_url"] == SITE_URL and made_["locale"] == "vi"
    assert fields(posts)["tags"]["goi_y"] == sorted(["tập huấn", "một cửa"], key=sort_key)
    assert answers["create"] is False and answers["delete"] is False and posts["create"] is True
