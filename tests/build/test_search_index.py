"""Search (tim-kiem/): the index a real `mkdocs build` writes holds posts, plans and tasks (not notes or task
cards), and the bundled site ships no lunr index. Expected URLs come from the titles by the contract's slug
rule (tests/support/oracle.py). The search page in Chromium: tests/browser/test_search.py.
"""

from __future__ import annotations

import json

import pytest
from support import REPO
from support.oracle import load_source_posts
from support.project import BuildResult
from support.search_site import POSTS, build_search_site, post_url

from cchc.search import index as core


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_search_site(tmp_path_factory.mktemp("search"))


# --------------------------------------------------------------------------- index, script and build


def test_index_holds_posts_plans_and_tasks_without_notes_or_task_cards(site: BuildResult) -> None:
    meta = json.loads((site.out / core.INDEX_DIR / "meta.json").read_text(encoding="utf-8"))
    tasks = [f"ke-hoach/2022/nhiem-vu/{n}/" for n in range(1, 15)]
    assert meta["pages"] == len(POSTS) + 1 + len(tasks) == len(meta["lengths"])
    pages = core.read_site(site.out)
    assert sorted(p.url for p in pages) == sorted([*(post_url(key) for key in POSTS), "ke-hoach/2022/", *tasks])
    plan = next(p for p in pages if p.url == "ke-hoach/2022/")
    assert plan.title.startswith("Kế hoạch 07/KH-SGDĐT: ") and plan.datetime == "2022-01-04T00:00:00+07:00"
    assert "Đỗ Văn Khải" in plan.text and "Đi tới" not in plan.text
    task = next(p for p in pages if p.url == "ke-hoach/2022/nhiem-vu/2/")
    assert task.title == "Nhiệm vụ 2: Tham gia tập huấn, bồi dưỡng nghiệp vụ cải cách hành chính"
    assert "Văn phòng" in task.text and "Số tin bài" not in task.text and "Theo dõi" not in task.text
    assert not [p for p in pages if "/trang/" in p.url]  # a task's later pages list posts: not searched
    khoe = next(p for p in pages if p.url == post_url("khoe"))
    assert "Bài viết mẫu" not in khoe.text and "Đào tạo" not in khoe.text
    uyban = next(p for p in pages if p.url == post_url("uyban"))
    assert "Nhiệm vụ" not in uyban.text and "đào tạo" not in uyban.text
    daotao = next(p for p in pages if p.url == post_url("daotao"))
    assert "¶" not in daotao.text and "Kết quả" in daotao.text
    assert daotao.date == "Thứ Ba, 05/04/2022"


def test_bundled_site_ships_no_lunr_index_and_indexes_every_published_post(bundled_site: BuildResult) -> None:
    assert not (bundled_site.out / "search" / "search_index.json").exists()
    published = [p for p in load_source_posts(REPO / "content" / "posts") if p.published()]
    meta = json.loads((bundled_site.out / core.INDEX_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["pages"] == len(published) + 1 + 14  # and the plan, and its 14 tasks
    assert (bundled_site.out / "tim-kiem" / "index.html").is_file()
