"""A feedback database newer than the code (PRAGMA user_version ahead of the store's) is refused by the real
service, which tells the citizen to call the hotline, and by the staff commands, and left as it is. The
schema version and migration steps themselves: tests/unit/test_gopy_store.py."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from support.gopy import HOTLINE, cchc, question, running_service, send_json, write_config
from support.gopy_database import SHIPPED_QUESTIONS, newer_database, version_of

from cchc.gopy.store import SCHEMA_VERSION


def test_a_newer_database_is_refused_by_the_service_and_the_staff_commands(tmp_path: Path) -> None:
    database = newer_database(tmp_path / "gop-y.sqlite3")
    write_config(tmp_path, database)
    refusal = f"lược đồ của cơ sở dữ liệu là phiên bản {SCHEMA_VERSION + 1}, mới hơn phiên bản {SCHEMA_VERSION}"
    with running_service(tmp_path) as service:
        answer = send_json(service.url, "/cchc/api/gop-y", question(), source="127.0.0.70")
        assert answer.status == 503 and "code" not in answer.json() and HOTLINE in answer.json()["message"]
    assert refusal in service.log.read_text(encoding="utf-8")
    listed = cchc(tmp_path, "gop-y")
    assert listed.returncode == 1 and "Traceback" not in listed.stderr
    assert listed.stderr.startswith("cchc gop-y: lỗi: không đọc hay ghi được cơ sở dữ liệu góp ý (" + refusal), listed.stderr
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT count(*) FROM questions").fetchone()[0] == len(SHIPPED_QUESTIONS)
    assert version_of(database) == SCHEMA_VERSION + 1

