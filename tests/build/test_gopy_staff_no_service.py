"""`cchc gop-y …` on the server side before the service ever ran: no database yet is said plainly. With
questions sent to the real service: tests/system/test_gopy_staff.py."""

from __future__ import annotations

from pathlib import Path

from support.gopy import cchc, write_config

QUESTION, RATING = "/cchc/api/gop-y", "/cchc/api/danh-gia"


def test_no_database_yet_is_said_plainly(tmp_path: Path) -> None:
    write_config(tmp_path, tmp_path / "chua-co.sqlite3")
    done = cchc(tmp_path, "gop-y")
    assert done.returncode == 1 and "chưa có cơ sở dữ liệu góp ý" in done.stderr and "Traceback" not in done.stderr
    write_config(tmp_path, tmp_path / "x.sqlite3", retention_days="một năm")
    done = cchc(tmp_path, "gop-y")
    # The one settings reader of `cchc` says it, at its line, like any problem of mkdocs.yml.
    assert done.returncode == 1 and "mkdocs.yml:7: `extra.cchc.feedback.retention_days` phải là một số nguyên" in done.stdout
