"""Search that forgives and never invents (tim-kiem/), on a phone (360×740) in headless Chromium: a one-letter
typo in a long word still finds the page, and a short word is never "corrected"; a full name leads with the
page that has it; a receipt code leads to its answer's page, published or not yet; the pages a citizen may
look for are found; nothing found says so with the hotline and the feedback form. The script's typo and
ranking rules agree with src/cchc/search/typos.py and ranking.py.

The site is tests/support/search_site.py, built by the real `mkdocs build` and served under /cchc/; every
browser context blocks and records any request that is not to the local server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page
from support.browser import SUB_PATH, Traffic, browsing, chromium, open_search, results, serve
from support.project import BuildResult, content_settings
from support.search_site import ANSWER_CODE, ANSWER_URL, UNPUBLISHED_CODE, post_url

from cchc import receipts, urls
from cchc.search import ranking, typos
from cchc.search.index import TYPO_FILE, read_site
from cchc.search.terms import fold, words

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


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
    with browsing(browser, search_url, **PHONE) as (context, traffic):
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, traffic
        assert traffic.foreign == [], f"requests left the site: {traffic.foreign}"
        assert errors == [], f"script errors: {errors}"


@pytest.fixture
def page(traffic_page: tuple[Page, Traffic]) -> Page:
    return traffic_page[0]


def paths(page: Page) -> list[str]:
    return [urlsplit(str(result["href"])).path for result in results(page)]


def typed_in_the_box(page: Page, query: str) -> str:
    """Type a query into the search page's own box, as a person does, and wait for the new state."""
    page.fill("#cchc-search-q", query)
    page.press("#cchc-search-q", "Enter")
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query)
    page.wait_for_function("() => ['found', 'none', 'error'].includes(document.querySelector('[data-cchc-search]').dataset.status)")
    return str(page.eval_on_selector("[data-cchc-search]", "el => el.dataset.status"))


# --------------------------------------------------------------------------- typos


def test_a_typo_in_a_long_word_still_finds_the_page(traffic_page: tuple[Page, Traffic], search_url: str, search_site: BuildResult) -> None:
    page, traffic = traffic_page
    open_search(page, search_url, None)
    assert typed_in_the_box(page, "chuyen truog") == "found"
    found = paths(page)
    assert found[0] == SUB_PATH + post_url("special"), found
    assert page.is_visible("[data-typo]")  # the page says some words were near ones
    first = results(page)[0]
    assert "chuyển trường" in first["marks"]  # type: ignore[operator]
    # Every result has "chuyển" and a word one typo from "truog" (the index's own reading of the page): nothing unrelated.
    pages = {SUB_PATH + searched.url: searched for searched in read_site(search_site.out)}
    for path in found:
        folded = {fold(word) for word in words(pages[path].title + " " + pages[path].text)}
        assert "chuyen" in folded and any(typos.one_typo("truog", word) for word in folded), path
    assert any(path.endswith("/" + TYPO_FILE) for path in map(lambda url: urlsplit(url).path, traffic.bodies))
    # Written with its marks, and a swapped pair of letters: the same.
    assert typed_in_the_box(page, "chuyển trưòng") == "found"  # a wrong tone is folded away, no typo at all
    assert not page.is_visible("[data-typo]")
    assert typed_in_the_box(page, "chuyne truong") == "found"
    assert paths(page)[0] == SUB_PATH + post_url("special")


def test_a_word_found_as_typed_never_loads_the_typo_list(traffic_page: tuple[Page, Traffic], search_url: str) -> None:
    page, traffic = traffic_page
    assert open_search(page, search_url, "chuyen truong") == "found"
    assert not page.is_visible("[data-typo]")
    assert not [url for url in traffic.bodies if urlsplit(url).path.endswith("/" + TYPO_FILE)]


@pytest.mark.parametrize("query", ["tuyen sinhh", "xylanh pittong", "hoa nhapp tuc"])
def test_what_is_not_near_a_long_word_finds_nothing(page: Page, search_url: str, query: str) -> None:
    """"sinhh" is one letter from "sinh", a word of four letters: too short to be corrected; "tuc" too."""
    assert open_search(page, search_url, query) == "none"
    assert results(page) == []


# --------------------------------------------------------------------------- names


def test_a_full_name_leads_with_the_page_that_has_it(page: Page, search_url: str) -> None:
    assert open_search(page, search_url, "Nguyễn Văn An") == "found"
    found = paths(page)
    # The post that names "Nguyễn Văn Bình" and "Trần Văn An" twice, in its title too, weighs more: it comes after.
    assert found[0] == SUB_PATH + post_url("name"), found
    assert SUB_PATH + post_url("namesakes") in found[1:]
    assert results(page)[0]["marks"] == ["Nguyễn Văn An"]
    # Not a name (lowercase): the weight decides, and the namesakes' post comes first.
    assert open_search(page, search_url, "nguyễn văn an") == "found"
    assert paths(page)[0] == SUB_PATH + post_url("namesakes")


# --------------------------------------------------------------------------- receipt codes


def test_a_receipt_code_leads_to_its_answer_first(page: Page, search_url: str) -> None:
    typed = ANSWER_CODE[:4].lower() + "-" + ANSWER_CODE[4:].lower()  # as a person may type it
    assert open_search(page, search_url, typed) == "found"
    found = paths(page)
    assert found[0] == SUB_PATH + urls.answer(ANSWER_CODE) == SUB_PATH + ANSWER_URL
    assert found.count(SUB_PATH + ANSWER_URL) == 1, found  # the published answer is not listed twice
    assert ANSWER_CODE in str(results(page)[0]["title"])
    assert page.text_content("[data-count]") == str(len(found))
    page.click("[data-results] > li:first-child a")
    page.wait_for_url(search_url + ANSWER_URL)


def test_a_code_without_a_published_answer_still_leads_to_its_page(page: Page, search_url: str) -> None:
    assert open_search(page, search_url, UNPUBLISHED_CODE) == "found"
    found = results(page)
    assert [urlsplit(str(result["href"])).path for result in found] == [SUB_PATH + urls.answer(UNPUBLISHED_CODE)]
    assert UNPUBLISHED_CODE in str(found[0]["title"]) and found[0]["date"] == ""
    assert page.text_content("[data-count]") == "1"


# --------------------------------------------------------------------------- pages a citizen may look for


@pytest.mark.parametrize(("query", "expected"), [
    ("dự bị đại học", post_url("explainer")),  # an explainer of a procedure
    ("hoc bong khuyen khich", ANSWER_URL),  # an answer
    ("góp ý phản ánh", "gop-y/"),
    ("đường dây nóng", "gop-y/"),
    ("RSS", "theo-doi/"),
    ("hướng dẫn thủ tục hành chính", "thu-tuc-hanh-chinh/"),
    ("báo cáo thực hiện kế hoạch", "ke-hoach/2022/bao-cao/"),
])
def test_the_pages_a_citizen_may_want_are_found(page: Page, search_url: str, query: str, expected: str) -> None:
    assert open_search(page, search_url, query) == "found"
    found = paths(page)
    assert SUB_PATH + expected in found, (query, found)
    card = next(result for result in results(page) if urlsplit(str(result["href"])).path == SUB_PATH + expected)
    if expected in ("gop-y/", "theo-doi/", "thu-tuc-hanh-chinh/"):
        assert card["date"] == ""  # an undated page shows no date
    else:
        assert str(card["date"]).startswith("Th")


# --------------------------------------------------------------------------- nothing found


def test_nothing_found_gives_the_hotline_and_the_feedback_form(page: Page, search_url: str, tmp_path: Path) -> None:
    agency = content_settings(tmp_path).agency  # the agency of the repository's mkdocs.yml, which the site inherits
    assert open_search(page, search_url, "xylanh pittong") == "none"
    message = page.inner_text("[data-state=none]")
    assert message.startswith("Không tìm thấy kết quả nào cho “xylanh pittong”")
    assert agency.hotline in message
    assert page.get_attribute("[data-state=none] [data-hotline]", "href") == agency.hotline_uri
    assert page.is_visible("[data-state=none] [data-feedback]")
    page.click("[data-state=none] [data-feedback]")
    page.wait_for_url(search_url + "gop-y/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width}px)"


# --------------------------------------------------------------------------- the script and the Python rules


def test_the_script_applies_the_typo_and_ranking_rules(page: Page, search_url: str) -> None:
    listed = ["chuyen", "truong", "trong", "trung", "thong", "tuyen", "nguyen", "khuyen", *(f"{c}bcdef" for c in "abcdefghijk")]
    typed = ["truog", "chuyne", "tong", "ton", "truong", "abcdef", "truog2", "nguyenn", "xylanh"]
    texts = ["Ông Đỗ Văn Khải ký.", "Đỗ Văn\nKhải", "Ông Nguyễn Văn Ân", "Thầy Nguyễn Văn Hòa", "Đỗ, Văn Khải"]
    queries = ["Đỗ Văn Khải", "do van khai", "Nguyễn Văn An", "Nguyen Van An", "Nguyễn Văn Hoà", "Kế hoạch 07", "lê an"]
    codes = [ANSWER_CODE, "7kxq-2mnp", " 7KXQ 2MNP ", "7KXQ2MN0", "7KXQ2MN", "ILO01234", "ß" * 8]
    open_search(page, search_url, None)
    got = page.evaluate(
        """async ([url, listed, typed, texts, queries, codes, alphabet, length]) => {
            const m = await import(url);
            return {
              corrections: typed.map(t => m.corrections(t, listed)),
              oneTypo: typed.map(t => listed.map(w => m.oneTypo(t, w))),
              names: queries.map(q => m.isName(q)),
              phrases: texts.map(t => queries.map(q => m.hasPhrase(t, q))),
              codes: codes.map(c => m.receiptCode(c, alphabet, length)),
            };
        }""",
        [search_url + "assets/javascripts/cchc-search.js", listed, typed, texts, queries, codes, receipts.ALPHABET, receipts.LENGTH],
    )
    assert got == {
        "corrections": [typos.corrections(t, listed) for t in typed],
        "oneTypo": [[typos.one_typo(t, w) for w in listed] for t in typed],
        "names": [ranking.is_name(q) for q in queries],
        "phrases": [[ranking.has_phrase(t, q) for q in queries] for t in texts],
        "codes": [receipts.parse_code(c) for c in codes],
    }
    # The samples hold both answers of each rule, so that agreeing means something.
    assert {bool(c) for c in got["corrections"]} == {True, False} and {bool(c) for c in got["codes"]} == {True, False}
    assert set(got["names"]) == {True, False} and {x for row in got["phrases"] for x in row} == {True, False}
