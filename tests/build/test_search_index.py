"""Search (tim-kiem/): the index a real `mkdocs build` writes holds posts (explainers of procedures among them),
answers, plans and tasks (not notes or task cards), and the pages a citizen may look for (the procedures, the
feedback form, the feeds page, the answers' list, the report), with its typo list; the bundled site ships no
lunr index. Expected URLs come from the titles by the contract's slug
rule (tests/support/oracle.py). The search page in Chromium: tests/browser/test_search.py.
"""

from __future__ import annotations

import gzip
import json

import pytest
from support import REPO
from support.oracle import load_source_posts
from support.project import BuildResult
from support.search_site import ANSWER_TITLE, ANSWER_URL, CITIZEN_PAGES, POSTS, build_search_site, post_url

from cchc.outputs.pages import UNDATED
from cchc.search import index as core
from cchc.search.index import SearchPage, page_terms
from cchc.search.typos import MIN_LETTERS


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_search_site(tmp_path_factory.mktemp("search"))


# --------------------------------------------------------------------------- index, script and build


def test_index_holds_posts_plans_and_tasks_without_notes_or_task_cards(site: BuildResult) -> None:
    meta = json.loads((site.out / core.INDEX_DIR / "meta.json").read_text(encoding="utf-8"))
    tasks = [f"ke-hoach/2022/nhiem-vu/{n}/" for n in range(1, 15)]
    assert meta["pages"] == len(POSTS) + 1 + len(tasks) + 1 + len(CITIZEN_PAGES) == len(meta["lengths"])
    pages = core.read_site(site.out)
    assert sorted(p.url for p in pages) == sorted([*(post_url(key) for key in POSTS), "ke-hoach/2022/", *tasks, ANSWER_URL,
                                                   *CITIZEN_PAGES])
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
    # and the plan, its 14 tasks, and the pages a citizen may look for (the repository has no answer yet)
    assert meta["pages"] == len(published) + 1 + 14 + len(CITIZEN_PAGES)
    assert (bundled_site.out / "tim-kiem" / "index.html").is_file()


def test_the_pages_a_citizen_may_look_for_are_searched_by_their_own_words(site: BuildResult) -> None:
    pages = {page.url: page for page in core.read_site(site.out)}
    explainer = pages[post_url("explainer")]
    assert explainer.title == POSTS["explainer"][0] and "Xét tuyển học sinh" in explainer.text
    answer = pages[ANSWER_URL]
    assert answer.title == ANSWER_TITLE and "7KXQ2MNP" in answer.text and "học bổng" in answer.text
    # Undated pages: the fixed date, none shown; the report is dated by its plan, as the plan is.
    for url in ("thu-tuc-hanh-chinh/", "gop-y/", "theo-doi/", "hoi-dap/"):
        assert pages[url].date == "" and pages[url].datetime == UNDATED.isoformat(), url
    report = pages["ke-hoach/2022/bao-cao/"]
    assert report.date == "Thứ Ba, 04/01/2022" and report.title == "Báo cáo thực hiện kế hoạch năm 2022"
    assert "Cách tính" in report.text and "Theo đơn vị" not in report.text  # its tables of numbers are not searched
    # Lists are searched on the pages they list, not again on the list page.
    procedures = pages["thu-tuc-hanh-chinh/"]
    assert procedures.title == "Hướng dẫn thủ tục hành chính" and "Cổng Dịch vụ công" in procedures.text
    assert "Xét tuyển" not in procedures.text
    assert ANSWER_TITLE not in pages["hoi-dap/"].text and "mã tiếp nhận" in pages["hoi-dap/"].text
    feedback = pages["gop-y/"]
    assert "đường dây nóng" in feedback.text and "Họ và tên" not in feedback.text  # the form's fields are not searched
    assert "Đào tạo" not in feedback.text  # nor the agency's name (Sở Giáo dục và Đào tạo)
    feeds = pages["theo-doi/"]
    assert "RSS" in feeds.title and "Nhiệm vụ" not in feeds.text
    # Undated pages come last in the index's order (ids newest first): news first on equal scores.
    order = [page.url for page in core.read_site(site.out)]
    assert set(order[-4:]) == {"thu-tuc-hanh-chinh/", "gop-y/", "theo-doi/", "hoi-dap/"}


def test_the_typo_list_has_every_long_folded_word_of_the_index(site: BuildResult) -> None:
    listed = json.loads(gzip.decompress((site.out / core.INDEX_DIR / core.TYPO_FILE).read_bytes()))
    assert listed == sorted(listed) and len(listed) == len(set(listed))
    pages: list[SearchPage] = core.read_site(site.out)
    words = {term for page in pages for term in page_terms(page) if " " not in term and not term.startswith("=")}
    assert set(listed) == {word for word in words if len(word) >= MIN_LETTERS and word.isalpha()}
    assert {"truong", "chuyen", "tuyen"} <= set(listed)
    assert not {"thu", "tuc", "2022", "khai"} & set(listed)
