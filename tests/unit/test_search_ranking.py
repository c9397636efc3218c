"""The order of search results (cchc.search.ranking): typo matches after the words as typed, marks as typed,
words together, weight, the newer page; a personal name as a whole phrase first."""

from __future__ import annotations

from cchc.search.ranking import NAME_CHECKED, Scored, has_phrase, is_name, ranked

NAME = "Nguyễn Văn An"
TEXTS = {
    0: ("Nguyễn Văn Bình và Trần Văn An nhận giấy khen", "Thầy Nguyễn Văn Bình, thầy Trần Văn An."),  # each pair, two people
    1: ("Khen thưởng giáo viên", "Thầy giáo Nguyễn Văn An, trường THPT Nghĩa Dân."),  # the name
    2: ("Hội nghị", "Nguyễn Văn\nAn toàn giao thông"),  # the words, a line apart
    3: ("Nguyễn Văn Ân", "Ông Nguyễn Văn Ân."),  # another name
}


def texts(page: int) -> tuple[str, str]:
    return TEXTS[page]


def test_the_whole_name_comes_before_pages_that_score_higher() -> None:
    scored = [Scored(0, exact=2, together=2, score=9.0, pairs=2), Scored(1, exact=2, together=2, score=3.0, pairs=2),
              Scored(2, exact=2, together=2, score=8.0, pairs=2), Scored(3, exact=1, together=2, score=9.5, pairs=2)]
    assert ranked(scored, NAME, 2, texts) == [1, 0, 2, 3]
    # Typed without marks, any marks match; still the name side by side first.
    assert ranked(scored, "Nguyen Van An", 2, texts) == [1, 3, 0, 2]
    # Not a name (lowercase): only the scores.
    assert ranked(scored, "nguyễn văn an", 2, texts) == [0, 2, 1, 3]


def test_only_the_first_pages_with_every_pair_are_read() -> None:
    scored = [Scored(n, exact=2, together=2, score=100.0 - n, pairs=2) for n in range(NAME_CHECKED)]
    scored.append(Scored(NAME_CHECKED, exact=2, together=2, score=1.0, pairs=2))
    scored.append(Scored(NAME_CHECKED + 1, exact=2, together=1, score=50.0, pairs=1))  # one pair only: never read
    read: list[int] = []

    def reading(page: int) -> tuple[str, str]:
        read.append(page)
        return TEXTS[1] if page == 5 else TEXTS[0]

    order = ranked(scored, NAME, 2, reading)
    assert order[0] == 5 and sorted(read) == list(range(NAME_CHECKED))


def test_fewer_typos_then_marks_then_words_together_then_weight_then_newer() -> None:
    scored = [Scored(4, typos=1, exact=3, together=3, score=99.0), Scored(3, exact=0, together=3, score=50.0),
              Scored(2, exact=1, together=0, score=1.0), Scored(1, exact=1, together=1, score=1.0),
              Scored(0, exact=1, together=1, score=1.0)]
    assert ranked(scored, "hoà nhập", 1, texts) == [0, 1, 2, 3, 4]


def test_a_name_is_capitalised_words() -> None:
    assert is_name("Đỗ Văn Khải") and is_name("Nguyễn Thị Hoà") and is_name("Lê An")
    assert not is_name("Khải") and not is_name("đỗ văn khải") and not is_name("Kế hoạch 07") and not is_name("A B C D E F G")


def test_a_phrase_is_its_words_side_by_side_with_their_marks() -> None:
    assert has_phrase("Ông Đỗ Văn Khải ký.", "Đỗ Văn Khải")
    assert has_phrase("ÔNG ĐỖ VĂN KHẢI", "do van khai")
    assert not has_phrase("Đỗ Văn Khai", "Đỗ Văn Khải")  # other marks
    assert not has_phrase("Đỗ Văn\nKhải", "Đỗ Văn Khải")  # a line apart
    assert not has_phrase("Đỗ, Văn Khải", "Đỗ Văn Khải")  # a comma between
    assert has_phrase("Thầy Nguyễn Văn Hòa", "Nguyễn Văn Hoà")  # tone placement aside
    assert not has_phrase("Ông Nguyễn Văn Ân", "Nguyễn Văn An")  # typed with marks: a word without is without
    assert has_phrase("Ông Nguyễn Văn Ân", "Nguyen Van An")  # typed without any: any marks
