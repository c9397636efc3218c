"""The abbreviations file (du-lieu/viet-tat.yml): `cchc check` and the build report a bad entry the same way,
and the search page carries the abbreviations. The reader itself: tests/unit/test_search_abbreviations.py."""

from __future__ import annotations

import re
from pathlib import Path

from support.cli import cchc
from support.project import SiteProject


def test_check_and_the_build_report_a_bad_entry_the_same_way(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    project.write("du-lieu/viet-tat.yml", "TTHC: \"thủ tục hành chính\"\nTT: \"Thủ tục hành chính\"\n")
    checked = cchc(project.root, "check")
    built = project.build()
    line = "du-lieu/viet-tat.yml:2: `Thủ tục hành chính` đã có ở dòng 1: mỗi cách viết chỉ thuộc một mục"
    assert checked.returncode == 1 and line in checked.stdout.splitlines()
    assert built.returncode != 0 and line in built.stderr.splitlines()
    assert not re.search(r"Traceback", built.stderr)


def test_the_search_page_carries_the_abbreviations(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    project.write("du-lieu/viet-tat.yml", "TTHC: \"thủ tục hành chính\"\n")
    built = project.build()
    assert built.returncode == 0, built.stderr
    html = built.page("tim-kiem/")
    assert '<script type="application/json" data-abbreviations>[["TTHC", "th\\u1ee7 t\\u1ee5c h\\u00e0nh ch\\u00ednh"]]</script>' in html
