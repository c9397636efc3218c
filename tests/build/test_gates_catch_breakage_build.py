"""Each quality gate fails on a page broken on purpose: the gates are not vacuous. The gates over built
files (English strings, links) here; the Nu HTML Checker and Chromium: tests/browser/test_gates_catch_breakage.py."""

from __future__ import annotations

from pathlib import Path

from support.gates import POST, authored_text, english_strings, insert, link_problems

SITE_URL = "https://example.gov.vn/cchc/"


def test_an_english_string_is_caught(broken_copy: Path) -> None:
    assert english_strings(broken_copy) == set()
    insert(broken_copy, POST, "</article>", "<p>Back to top</p>")
    assert english_strings(broken_copy) == {(POST.removesuffix("index.html"), "Back to top")}


def test_a_broken_link_is_caught(broken_copy: Path) -> None:
    insert(broken_copy, POST, "</article>", '<a href="../../khong-co-bai-nay/">Bài không có</a>')
    problems, _ = link_problems(broken_copy, SITE_URL, authored_text())
    assert len(problems) == 1 and "target 'tin-tuc/2022/khong-co-bai-nay/' does not exist" in problems[0]
