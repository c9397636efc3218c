"""The typo list and corrections (cchc.search.typos): a one-letter typo in a word of five letters or more
still finds the word meant; shorter words, words with digits and the words as typed are never "corrected"."""

from __future__ import annotations

import pytest

from cchc.search.index import TYPO_FILE, SearchPage, page_terms, render_index
from cchc.search.live import LiveIndex
from cchc.search.terms import fold, words
from cchc.search.typos import MAX_CORRECTIONS, MIN_LETTERS, corrections, one_typo, typo_list

TEXT = ("Phụ huynh hỏi về thủ tục chuyển trường cho học sinh giữa năm học; Sở hướng dẫn tuyển sinh lớp 10 "
        "và trung học phổ thông, trong năm 2022.")
PAGE = SearchPage(url="tin-tuc/2022/10/a/", title="Chuyển trường giữa năm học", date="", datetime="2022-10-10T00:00:00+07:00",
                  text=TEXT)


@pytest.mark.parametrize(("typed", "word"), [
    ("truog", "truong"),  # a letter missing
    ("truoong", "truong"),  # a letter too many
    ("trupng", "truong"),  # a letter wrong
    ("chuyne", "chuyen"),  # two neighbours swapped
    ("huong", "thuong"),  # the first letter missing
    ("tuyenn", "tuyen"),  # a letter too many at the end
])
def test_one_typo_away(typed: str, word: str) -> None:
    assert one_typo(typed, word) and one_typo(word, typed)


@pytest.mark.parametrize(("typed", "word"), [
    ("truong", "truong"),  # the word itself is no typo
    ("trog", "truong"),  # two letters missing
    ("chyune", "chuyen"),  # two letters moved
    ("tuyen", "tuyne2"),
    ("abcdef", "abcfed"),  # a swap of letters that are not neighbours
])
def test_not_one_typo_away(typed: str, word: str) -> None:
    assert not one_typo(typed, word)


def test_the_typo_list_holds_only_long_folded_words() -> None:
    listed = typo_list(page_terms(PAGE))
    assert listed == sorted(set(listed))
    assert {"chuyen", "truong", "tuyen", "thong", "huong"} <= set(listed)
    # Words under five letters, numbers, exact terms ("=trường`") and pairs ("chuyen truong") stay out.
    assert all(len(word) >= MIN_LETTERS and word.isalpha() and word == fold(word) for word in listed)
    assert not {"thu", "tuc", "2022", "10", "chuyen truong"} & set(listed)
    assert len(listed) == len({fold(word) for word in words(TEXT + " " + PAGE.title) if len(fold(word)) >= 5 and word.isalpha()})


def test_a_typo_in_a_long_word_is_corrected_to_the_words_of_the_site() -> None:
    listed = typo_list(page_terms(PAGE))
    assert "truong" in corrections("truog", listed)
    assert corrections("chuyne", listed) == ["chuyen"]
    # A word of the list is one typo from others ("trung học"): the script corrects only words no page has.
    assert corrections("truong", listed) == ["trong", "trung"]
    # A deleted letter of a five-letter word leaves four: still corrected. Three letters are not.
    assert corrections("tong", listed) == ["thong", "trong"]
    assert corrections("ton", listed) == []
    assert corrections("truog2", listed) == []  # not a word of letters
    assert corrections("xylanh", listed) == []  # nothing near: nothing invented


def test_corrections_prefer_the_typed_first_letter_and_are_few() -> None:
    listed = sorted(["bcdef", "acdef", *(f"{letter}bcdef" for letter in "abcdefghijklmnopq")])
    near = corrections("abcdef", listed)
    assert near[0].startswith("a") and all(one_typo("abcdef", word) for word in near)
    assert len(near) == MAX_CORRECTIONS < len([word for word in listed if one_typo("abcdef", word)])


def page_html(page: SearchPage) -> bytes:
    return (f'<html><body><article data-search-body data-search-date="{page.date}" data-search-datetime="{page.datetime}">'
            f"<h1 data-search-title>{page.title}</h1><p>{page.text}</p></article></body></html>").encode()


def test_the_preview_serves_the_typo_list_a_build_writes() -> None:
    other = SearchPage(url="tin-tuc/2022/11/b/", title="Tuyển sinh lớp 10", date="Thứ Năm, 10/11/2022",
                       datetime="2022-11-10T00:00:00+07:00", text="Thông báo tuyển sinh, khuyến khích đăng ký trực tuyến.")
    live = LiveIndex()
    for page in (PAGE, other):
        live.put(page.url, page_html(page))
    built = render_index([other, PAGE])  # newest first, as the build orders them
    assert live.file(TYPO_FILE) == built[TYPO_FILE]
    live.remove(other.url)
    assert live.file(TYPO_FILE) == render_index([PAGE])[TYPO_FILE] != built[TYPO_FILE]
