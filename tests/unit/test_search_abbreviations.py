"""The abbreviations file (du-lieu/viet-tat.yml, `cchc.search.abbreviations`): read with its lines, bad
entries reported where they are. In `cchc check`, the build and the search page: tests/build/test_abbreviations.py."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from support import REPO

from cchc.search.abbreviations import load_abbreviations


def entries(tmp_path: Path, text: str) -> tuple[list[tuple[str, ...]], list[str]]:
    path = tmp_path / "du-lieu" / "viet-tat.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    found, problems = load_abbreviations(path, tmp_path)
    return [entry.forms for entry in found], [str(problem) for problem in problems]


def test_the_repository_file_has_the_field_s_abbreviations() -> None:
    found, problems = load_abbreviations(REPO / "du-lieu" / "viet-tat.yml", REPO)
    assert problems == []
    keys = {entry.forms[0] for entry in found}
    assert {"TTHC", "CCHC", "DVC", "DVCTT", "GDĐT", "UBND", "THPT", "THCS", "PAKN"} <= keys
    assert next(entry for entry in found if entry.forms[0] == "GDĐT").forms[:2] == ("GDĐT", "GD&ĐT")


def test_forms_are_normalised_and_a_missing_file_means_none(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "thủ tục hành chính")  # as pasted from Word
    found, problems = entries(tmp_path, f"TTHC: \"{nfd}\"\nUBND: [ủy   ban nhân dân, uỷ ban nhân dân]\n")
    assert problems == []
    assert found == [("TTHC", "thủ tục hành chính"), ("UBND", "ủy ban nhân dân", "uỷ ban nhân dân")]
    assert load_abbreviations(tmp_path / "khong-co.yml", tmp_path) == ((), [])


def test_bad_entries_are_reported_at_their_line(tmp_path: Path) -> None:
    text = ("# ghi chú\n"
            "TTHC: \"thủ tục hành chính\"\n"
            "CCHC:\n"                                  # 3: no full form
            "DVC: [\"dịch vụ công\", 12]\n"            # 4: a number where a form goes (still a scalar: allowed as text)
            "THPT: \"trung học phổ thông\"\n"
            "PT: \"Trung học phổ thông\"\n"            # 6: a form of line 5 again
            "X: \"X\"\n"                              # 7: only itself
            "Y: {a: b}\n")                              # 8: not text
    found, problems = entries(tmp_path, text)
    assert [form[0] for form in found] == ["TTHC", "DVC", "THPT"]
    assert problems == [
        "du-lieu/viet-tat.yml:3: viết tắt và dạng đầy đủ phải là chữ, không để trống; ví dụ TTHC: \"thủ tục hành chính\"",
        "du-lieu/viet-tat.yml:6: `Trung học phổ thông` đã có ở dòng 5: mỗi cách viết chỉ thuộc một mục",
        "du-lieu/viet-tat.yml:7: `X` thiếu dạng đầy đủ; ví dụ TTHC: \"thủ tục hành chính\"",
        "du-lieu/viet-tat.yml:8: viết tắt và dạng đầy đủ phải là chữ, không để trống; ví dụ TTHC: \"thủ tục hành chính\"",
    ]
    assert entries(tmp_path, "TTHC: [chưa đóng\n")[1][0].startswith("du-lieu/viet-tat.yml:2: lỗi cú pháp YAML")
    assert entries(tmp_path, "- TTHC\n")[1] == ["du-lieu/viet-tat.yml:1: mỗi dòng phải có dạng TTHC: \"thủ tục hành chính\""]
