"""Each quality gate fails on a page broken on purpose: the gates are not vacuous. The Nu HTML Checker and
Chromium here; the gates over built files: tests/build/test_gates_catch_breakage_build.py."""

from __future__ import annotations

from pathlib import Path

from support.browser import browsing, chromium, serve
from support.gates import POST, authored_text, insert, link_problems, vnu

SITE_URL = "https://example.gov.vn/cchc/"


def test_an_external_font_is_caught_by_the_link_gate_and_in_the_browser(broken_copy: Path) -> None:
    font = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    insert(broken_copy, POST, "</head>", font)
    problems, _ = link_problems(broken_copy, SITE_URL, authored_text())
    assert [p for p in problems if "fonts.googleapis.com" in p] == [
        f"{POST.removesuffix('index.html')}: <link href='https://fonts.googleapis.com/css?family=Roboto'>: third-party URL"]
    with serve(broken_copy) as base, chromium() as browser, browsing(browser, base) as (context, traffic):
        context.new_page().goto(base + POST.removesuffix("index.html"))
    assert traffic.foreign == ["https://fonts.googleapis.com/css?family=Roboto"]


def test_an_invalid_element_is_caught(broken_copy: Path) -> None:
    insert(broken_copy, POST, "</article>", "<p><div>khối trong đoạn văn</div></p><blink>nhấp nháy</blink>")
    errors, _ = vnu([broken_copy / POST])
    assert any("blink" in error for error in errors)
    assert any("No “p” element in scope" in error or "“p”" in error for error in errors)
