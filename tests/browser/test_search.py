"""Search (tim-kiem/): Vietnamese folding, result cards, sub-path, no foreign request, payload per query.

Sites are built by the real `mkdocs build`, served over HTTP under /cchc/ and driven in headless
Chromium (the Debian package, /usr/bin/chromium). Every browser context blocks and records any
request that is not to the local server; a test fails if there was one. Screenshots go to
test-artifacts/. Expected URLs come from the titles by the contract's slug rule (tests/support/oracle.py).

The payload test builds a site of generated posts (bench/generate_posts.py): 1,000 by default,
CCHC_SEARCH_BENCH_POSTS=N to change it. To see the figures:

    .venv/bin/python -m pytest tests/browser/test_search.py -k payload -s
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from playwright.sync_api import Browser, Page
from support import REPO
from support.browser import SUB_PATH, Traffic, browsing, chromium, open_search, results, serve, wait_for_search
from support.project import BuildResult, SiteProject
from support.search_site import POSTS, nfd, post_url

from cchc.search import terms

ARTIFACTS = REPO / "test-artifacts"
BUDGET = 300_000  # bytes a visitor downloads for one query, for a 1,000-post site


# Pages the index dates with a fixed date and shows none for (cchc.outputs.pages.UNDATED).
UNDATED_PAGES = {"thu-tuc-hanh-chinh/", "gop-y/", "theo-doi/", "hoi-dap/"}


def where(key: str) -> str:
    """A post of the site by its key, or a page by its URL."""
    return post_url(key) if key in POSTS else key


# query → (the first results, in any order; others that must also be found; posts or pages that must not be)
TABLE: list[tuple[str, set[str], set[str], set[str]]] = [
    # The list of every procedure's explainer (its title is the query) before the post about them.
    ("thu tuc hanh chinh", {"thu-tuc-hanh-chinh/"}, {"tthc"}, {"special", "uyban"}),
    ("thủ tục hành chính", {"thu-tuc-hanh-chinh/"}, {"tthc"}, {"special"}),
    ("THỦ TỤC", {"thu-tuc-hanh-chinh/"}, {"tthc", "special"}, set()),
    ("dao tao", {"daotao"}, {"dayhoc"}, {"khoe", "uyban"}),
    ("đào tạo", {"daotao"}, {"dayhoc"}, {"khoe", "uyban"}),
    ("DAO TAO", {"daotao"}, set(), {"khoe", "uyban"}),
    ("\u00d0ào tạo", {"daotao"}, set(), set()),  # Icelandic eth typed for Đ
    ("hoa nhap", {"hoa_old", "hoa_new"}, {"flower"}, set()),
    ("hoà nhập", {"hoa_old", "hoa_new"}, {"flower"}, set()),  # old tone placement
    ("hòa nhập", {"hoa_old", "hoa_new"}, {"flower"}, set()),  # new tone placement
    (nfd("hòa nhập"), {"hoa_old", "hoa_new"}, {"flower"}, set()),
    ("chuyen doi so", {"nfd"}, set(), set()),  # the post's file is NFD
    ("chuyển đổi số", {"nfd"}, set(), set()),
    (nfd("chuyển đổi số"), {"nfd"}, set(), set()),
    ("dang ky tuyen sinh", {"dangky"}, set(), set()),
    ("Đăng ký", {"dangky"}, set(), set()),
    ("suc khoe", {"khoe"}, set(), set()),
    ("sức khỏe", {"khoe"}, set(), set()),  # new placement finds the post written "khoẻ"
    ("ủy ban nhân dân", {"uyban"}, set(), set()),  # written "Uỷ ban"
    ("uy ban", {"uyban"}, set(), set()),
    ("day hoc", {"dayhoc"}, set(), set()),
    ("hoi dap chuyen truong", {"special"}, set(), set()),
    ("xylanh pittong", set(), set(), set()),  # nothing
]


@pytest.fixture(scope="module")
def search_url(search_site: BuildResult) -> Iterator[str]:
    """conftest's search site, built once for both search modules, served under /cchc/."""
    with serve(search_site.out) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def traffic_page(browser: Browser, search_url: str) -> Iterator[tuple[Page, Traffic]]:
    with browsing(browser, search_url, viewport={"width": 1280, "height": 900}) as (context, traffic):
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, traffic
        assert traffic.foreign == [], f"requests left the site: {traffic.foreign}"
        assert errors == [], f"script errors: {errors}"


@pytest.fixture
def page(traffic_page: tuple[Page, Traffic]) -> Page:
    return traffic_page[0]


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{name}.png"), full_page=True)


# --------------------------------------------------------------------------- the query table


def _row_id(number: int, query: str) -> str:
    """An ASCII test id: the folded query, and how it was typed."""
    how = "dau" if terms.exact(query) != terms.fold(query) else ""
    if query != unicodedata.normalize("NFC", query):
        how = "nfd"
    return "-".join(filter(None, [f"{number:02d}", *map(terms.fold, terms.words(query)), how]))


@pytest.mark.parametrize(("query", "top", "also", "absent"), TABLE,
                         ids=[_row_id(number, row[0]) for number, row in enumerate(TABLE, 1)])
def test_query_finds_the_expected_posts(page: Page, search_url: str, search_site: BuildResult, query: str, top: set[str],
                                        also: set[str], absent: set[str]) -> None:
    state = open_search(page, search_url, query)
    found = results(page)
    urls = [urlsplit(str(r["href"])).path for r in found]
    expected_top = {SUB_PATH + where(key) for key in top}
    if not top:
        assert state == "none" and found == []
        return
    assert state == "found", state
    assert set(urls[:len(top)]) == expected_top, f"{query!r}: got {urls}"
    assert {SUB_PATH + where(key) for key in also} <= set(urls[len(top):])
    assert not {SUB_PATH + where(key) for key in absent} & set(urls)
    assert len(urls) == len(set(urls))
    count = page.text_content("[data-state=found] [data-count]")
    assert count == str(len(found))  # all results fit on the first screen here
    for result, url in zip(found, urls, strict=True):
        assert str(result["href"]).startswith(search_url)
        assert (search_site.out / url.removeprefix(SUB_PATH) / "index.html").is_file(), url
        assert result["title"] and result["snippet"]
        undated = url.removeprefix(SUB_PATH) in UNDATED_PAGES  # the search shows no date for them
        assert str(result["date"]).startswith(("Th", "Chủ Nhật")) or (undated and result["date"] == "")


PLAN = "ke-hoach/2022/"

# Abbreviations both ways (du-lieu/viet-tat.yml): query → posts and pages that must all be found.
ABBREVIATIONS: list[tuple[str, set[str]]] = [
    ("tthc", {"tthc", "viettat", "ke-hoach/2022/nhiem-vu/11/"}),  # the full form, and the abbreviation itself
    ("TTHC", {"tthc", "viettat"}),
    ("thủ tục hành chính", {"tthc", "viettat"}),  # the full form finds the abbreviation
    ("thu tuc hanh chinh", {"tthc", "viettat"}),
    ("ủy ban nhân dân", {"uyban", "viettat"}),  # "Uỷ ban nhân dân" and "UBND"
    ("ubnd", {"uyban", "viettat"}),
    ("GD&ĐT", {"viettat", "daotao"}),  # "GD&ĐT" and "giáo dục … đào tạo"? only the whole form counts
    ("gddt", {"viettat"}),
    ("phản ánh kiến nghị", {"viettat"}),  # "PAKN"
]


@pytest.mark.parametrize(("query", "expected"), ABBREVIATIONS, ids=[_row_id(n, q) for n, (q, _) in enumerate(ABBREVIATIONS, 1)])
def test_abbreviations_are_understood_both_ways(page: Page, search_url: str, query: str, expected: set[str]) -> None:
    assert open_search(page, search_url, query) == "found"
    found = {urlsplit(str(r["href"])).path for r in all_results(page)}
    wanted = {SUB_PATH + (post_url(key) if key in POSTS else key) for key in expected}
    assert wanted - {"/cchc/" + post_url("daotao")} <= found, f"{query!r}: got {sorted(found)}"


def all_results(page: Page) -> list[dict[str, object]]:
    """Every result, "Xem thêm kết quả" pressed until the list is whole."""
    while page.is_visible("[data-more]"):
        count = page.locator("[data-results] > li").count()
        page.click("[data-more]")
        page.wait_for_function(f"document.querySelectorAll('[data-results] > li').length > {count}")
    return results(page)


def test_a_name_with_its_marks_and_its_words_together_comes_first(page: Page, search_url: str) -> None:
    """"Đỗ Văn Khải" (the plan's signer) before a post with "Đó", "vẫn", "khai" here and there."""
    assert open_search(page, search_url, "Đỗ Văn Khải") == "found"
    urls = [urlsplit(str(r["href"])).path for r in all_results(page)]
    assert urls[0] == SUB_PATH + PLAN, urls
    assert SUB_PATH + post_url("scattered") in urls[1:]
    assert results(page)[0]["marks"] == ["Đỗ Văn Khải"]
    # Without marks the plan still leads: its words stand together.
    assert open_search(page, search_url, "do van khai") == "found"
    assert urlsplit(str(results(page)[0]["href"])).path == SUB_PATH + PLAN


def test_plan_and_task_pages_are_found(page: Page, search_url: str) -> None:
    assert open_search(page, search_url, "07/KH-SGDĐT") == "found"
    first = results(page)[0]
    assert urlsplit(str(first["href"])).path == SUB_PATH + PLAN
    assert str(first["title"]).startswith("Kế hoạch 07/KH-SGDĐT: ") and first["date"] == "Thứ Ba, 04/01/2022"
    assert first["marks"] == ["07/KH-SGDĐT"]
    assert open_search(page, search_url, "kiểm soát TTHC") == "found"
    titles = [str(r["title"]) for r in all_results(page)]
    assert any(title.startswith("Nhiệm vụ 11: Tuyên truyền về hoạt động kiểm soát TTHC") for title in titles), titles


def test_only_whole_words_are_highlighted(page: Page, search_url: str) -> None:
    assert open_search(page, search_url, "thủ tục") == "found"
    card = next(r for r in results(page) if urlsplit(str(r["href"])).path == SUB_PATH + post_url("tieptuc"))
    assert "tiếp tục" in str(card["snippet"]) and card["marks"] == ["thủ tục"], (card["snippet"], card["marks"])
    assert open_search(page, search_url, "TTHC") == "found"
    card = next(r for r in all_results(page) if urlsplit(str(r["href"])).path == SUB_PATH + post_url("tthc"))
    assert set(card["marks"]) == {"thủ tục hành chính"}, card  # type: ignore[call-overload]


# --------------------------------------------------------------------------- result cards


def test_result_shows_title_date_snippet_and_opens_the_post(page: Page, search_url: str) -> None:
    open_search(page, search_url, "dao tao")
    first = results(page)[0]
    assert first["title"] == POSTS["daotao"][0]
    assert first["date"] == "Thứ Ba, 05/04/2022"
    assert first["datetime"] == "2022-04-05T14:00:00+07:00"
    # The snippet is the author's text, đ and tone marks included, the matched words highlighted.
    assert "đào tạo" in str(first["snippet"])
    assert "đào tạo" in first["marks"]  # type: ignore[operator]
    assert first["href"] == search_url + post_url("daotao")
    shot(page, "dao-tao")
    page.click(f"[data-results] a[href$='{post_url('daotao')}']")
    page.wait_for_url(search_url + post_url("daotao"))
    assert page.text_content("h1") == POSTS["daotao"][0]


def test_snippets_keep_each_authors_tone_placement(page: Page, search_url: str) -> None:
    open_search(page, search_url, "hoa nhap")
    snippets = {urlsplit(str(r["href"])).path: str(r["snippet"]) for r in results(page)}
    assert "hoà nhập" in snippets[SUB_PATH + post_url("hoa_old")]
    assert "hòa nhập" in snippets[SUB_PATH + post_url("hoa_new")]
    shot(page, "hoa-nhap")


def test_titles_and_snippets_are_text_not_markup(page: Page, search_url: str) -> None:
    open_search(page, search_url, "chuyen truong")
    found = {urlsplit(str(r["href"])).path: r for r in results(page)}
    card = found[SUB_PATH + post_url("special")]
    assert card["title"] == "Hỏi & đáp: <b>chuyển trường</b> giữa năm học"
    assert page.locator("[data-results] a b").count() == 0
    assert "<mark>chuyển trường</mark>" in str(card["snippetHtml"])


# --------------------------------------------------------------------------- the page and the header form


def test_query_in_the_url_fills_the_box_and_a_new_search_updates_the_url(page: Page, search_url: str) -> None:
    open_search(page, search_url, "dao tao")
    assert page.input_value("#cchc-search-q") == "dao tao"
    history = page.evaluate("history.length")
    page.fill("#cchc-search-q", "hòa nhập")
    page.press("#cchc-search-q", "Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'hòa nhập'")
    assert wait_for_search(page) == "found"
    assert page.evaluate("history.length") == history  # replaced, not pushed
    assert {SUB_PATH + post_url("hoa_old"), SUB_PATH + post_url("hoa_new")} <= {
        urlsplit(str(r["href"])).path for r in results(page)
    }
    # The address can be shared: opening it again shows the same search.
    page.goto(page.url)
    assert wait_for_search(page) == "found"
    assert page.input_value("#cchc-search-q") == "hòa nhập"


@pytest.mark.parametrize("start", ["", "tin-tuc/", "ke-hoach/2022/nhiem-vu/2/", "tim-kiem/"])
def test_header_search_leads_to_the_search_page(page: Page, search_url: str, start: str) -> None:
    page.goto(search_url + start)
    page.fill("#cchc-header-q", "thu tuc")
    page.press("#cchc-header-q", "Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'thu tuc'")
    assert urlsplit(page.url).path == SUB_PATH + "tim-kiem/"
    assert wait_for_search(page) == "found"
    assert urlsplit(str(results(page)[0]["href"])).path == SUB_PATH + "thu-tuc-hanh-chinh/"


def test_header_form_works_without_javascript(browser: Browser, search_url: str, search_site: BuildResult) -> None:
    for url in ("", "tin-tuc/", post_url("tthc"), "tim-kiem/"):
        doc = lxml.html.fromstring(search_site.page(url))
        (form,) = doc.xpath("//header//form[@role='search']")
        assert form.get("method") == "get"
        assert form.xpath(".//input[@name='q']") and form.xpath(".//label[@for='cchc-header-q']")
    with browsing(browser, search_url, java_script_enabled=False) as (context, traffic):
        page = context.new_page()
        page.goto(search_url + post_url("dangky"))
        page.fill("#cchc-header-q", "đăng ký")
        page.press("#cchc-header-q", "Enter")
        page.wait_for_url("**/tim-kiem/?q=*")
        assert urlsplit(page.url).path == SUB_PATH + "tim-kiem/"
        assert parse_qs(urlsplit(page.url).query)["q"] == ["đăng ký"]
        assert "JavaScript" in page.inner_text("main")
        assert traffic.foreign == []


def test_empty_and_no_result_states_are_in_vietnamese(page: Page, search_url: str) -> None:
    assert open_search(page, search_url, None) == "empty"
    assert page.is_visible("[data-state=empty]") and not page.is_visible("[data-state=none]")
    assert "Nhập từ khóa" in page.inner_text("[data-state=empty]")
    assert results(page) == []
    shot(page, "trong")
    assert open_search(page, search_url, "xylanh pittong") == "none"
    assert page.inner_text("[data-state=none]").startswith("Không tìm thấy kết quả nào cho “xylanh pittong”")
    assert not page.is_visible("[data-more]")
    shot(page, "khong-co-ket-qua")


def test_search_page_on_a_phone(browser: Browser, search_url: str) -> None:
    with browsing(browser, search_url, viewport={"width": 360, "height": 740}, is_mobile=True) as (context, traffic):
        page = context.new_page()
        assert open_search(page, search_url, "thu tuc hanh chinh") == "found"
        assert page.is_visible("#cchc-header-q") and page.is_visible("#cchc-search-q")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the page scrolls sideways ({width}px)"
        shot(page, "dien-thoai")
        assert traffic.foreign == []


def test_only_local_requests_and_only_the_needed_index_files(traffic_page: tuple[Page, Traffic],
                                                             search_url: str) -> None:
    page, traffic = traffic_page
    open_search(page, search_url, "thu tuc hanh chinh")
    fetched = [urlsplit(url).path for url in traffic.bodies if "/tim-kiem/du-lieu/" in url]
    assert fetched, "the search fetched no index file"
    shards = {p for p in fetched if "/du-lieu/t/" in p}
    docs = {p for p in fetched if "/du-lieu/d/" in p}
    assert len(docs) == len(results(page))  # texts of the shown results only
    # 4 words, their 4 exact forms and 3 pairs: at most 11 shards
    assert 1 <= len(shards) <= 11
    assert traffic.failed == []


# --------------------------------------------------------------------------- index, script and build


def test_the_script_folds_words_like_the_index(page: Page, search_url: str) -> None:
    samples = ["Đào", "tạo", "hoà", "hòa", "HOÀ", "thuỷ", "thủy", "khoẻ", "khỏe", "Uỷ", "ủy", "\u00d0ăng",
               nfd("Nguyễn"), "GDĐT", "ISO", "9001", "ướt", "quý", "giặt", "café"]
    open_search(page, search_url, None)
    script = search_url + "assets/javascripts/cchc-search.js"
    got = page.evaluate(
        """async ([url, words]) => {
            const m = await import(url);
            return words.map(w => [m.fold(w), m.exactKey(w), m.fnv1a(m.fold(w))]);
        }""",
        [script, samples],
    )
    expected = [[terms.fold(w), terms.exact_key(w), terms.fnv1a(terms.fold(w))] for w in samples]
    assert got == expected
    assert terms.exact_key("hoà") == terms.exact_key("hòa") == "=hoa`"
    assert terms.exact_key("khoẻ") == terms.exact_key("khỏe")
    assert terms.fold("Đăng") == "dang" and terms.exact_key("Đăng") == "=đăng"


# --------------------------------------------------------------------------- bytes per query


def _generator():  # bench/ is not a package: load the module by path
    spec = importlib.util.spec_from_file_location("generate_posts", REPO / "bench" / "generate_posts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAYLOAD_QUERIES = ["thu tuc hanh chinh", "thủ tục hành chính", "dao tao", "hoa nhap", "chuyen doi so", "sức khỏe", "TTHC",
                   "giáo dục và đào tạo"]


def test_payload_per_query_stays_small(browser: Browser, tmp_path: Path) -> None:
    count = int(os.environ.get("CCHC_SEARCH_BENCH_POSTS", "1000"))
    project = SiteProject(tmp_path / "project")
    _generator().generate_posts(project.root, count=count, seed=1)
    shutil.copytree(REPO / "du-lieu", project.root / "du-lieu")
    result = project.build(out=tmp_path / "www" / "cchc")
    assert result.returncode == 0, result.stderr
    figures: dict[str, dict[str, object]] = {}
    with serve(result.out) as search_url:
        for query in PAYLOAD_QUERIES:
            # A fresh context per query: nothing cached, as for a first-time visitor.
            with browsing(browser, search_url) as (context, traffic):
                page = context.new_page()
                assert open_search(page, search_url, query) == "found"
                assert len(results(page)) == 10
                assert traffic.foreign == []
                bodies = {urlsplit(url).path.removeprefix(SUB_PATH): size for url, size in traffic.bodies.items()}
                if query == PAYLOAD_QUERIES[0]:  # more results come ten at a time, on request
                    assert int(page.text_content("[data-count]") or 0) > 10
                    page.click("[data-more]")
                    page.wait_for_function("document.querySelectorAll('[data-results] > li').length === 20")
            search = {path: size for path, size in bodies.items()
                      if path.startswith("tim-kiem/") or path.endswith(("/cchc-search.js", "/search.css"))}
            figures[query] = {
                "search_bytes": sum(search.values()),
                "search_requests": len(search),
                "index_bytes": sum(size for path, size in search.items() if path.startswith("tim-kiem/du-lieu/")),
                "page_total_bytes": sum(bodies.values()),
                "largest": sorted(bodies.items(), key=lambda item: -item[1])[:5],
            }
    report = {"posts": count, "budget": BUDGET, "queries": figures}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-payload.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    for query, measured in figures.items():
        assert int(str(measured["search_bytes"])) <= BUDGET, f"{query!r}: {measured}"
