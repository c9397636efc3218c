"""The feedback database's schema version (PRAGMA user_version) and its migration steps, on real
SQLite files: a database made before versions were recorded, a fresh one, a newer one, the steps."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from gopy_support import HOTLINE, cchc, question, running_service, send_json, write_config

from cchc.gopy import store as store_module
from cchc.gopy.store import ANSWERED, SCHEMA_VERSION, Migration, StorageUnavailable, Store, migrate, schema_version

# The schema exactly as the store created it before versions were recorded (commit f2f5320, which
# ran it with executescript and never set user_version).
SHIPPED_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,              -- UTC, ISO 8601
    subject TEXT NOT NULL,
    content TEXT NOT NULL,
    page TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',          -- personal: purged after the retention period
    contact TEXT NOT NULL DEFAULT '',       -- personal: purged after the retention period
    consent INTEGER NOT NULL CHECK (consent = 1),
    publish_name INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'moi',
    answer_url TEXT NOT NULL DEFAULT '',
    answered_at TEXT,
    purged_at TEXT
);
CREATE INDEX IF NOT EXISTS questions_received ON questions (received_at);
CREATE TABLE IF NOT EXISTS ratings (
    id INTEGER PRIMARY KEY,
    page TEXT NOT NULL,
    useful INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',       -- free text may hold personal data: purged too
    received_at TEXT NOT NULL,
    purged_at TEXT
);
CREATE INDEX IF NOT EXISTS ratings_received ON ratings (received_at);
"""

# Rows as that code wrote them: a new question, an answered one, one whose personal data was purged.
SHIPPED_QUESTIONS = [
    ("K7M3QX9A", "2026-01-05T02:30:00+00:00", "Hỏi về chuyển trường", "Xin hỏi thủ tục chuyển trường.", "", "Phạm Văn D",
     "0987654321", 1, 0, "moi", "", None, None),
    ("H4P8RT2B", "2026-01-06T03:00:00+00:00", "Hỏi về văn bằng", "Thủ tục chỉnh sửa văn bằng?", "thu-tuc-hanh-chinh/",
     "Ngô Thị E", "e@example.vn", 1, 1, "da-tra-loi", "https://example.gov.vn/cchc/hoi-dap/h4p8rt2b/",
     "2026-01-10T08:00:00+00:00", None),
    ("W9N2KC5D", "2025-06-01T01:00:00+00:00", "Hỏi về lệ phí", "Lệ phí cấp bản sao?", "", "", "", 1, 0, "moi", "", None,
     "2025-12-01T00:00:00+00:00"),
]
SHIPPED_RATINGS = [
    ("tin-tuc/a/", 1, "Rất rõ ràng.", "2026-01-05T04:00:00+00:00", None),
    ("tin-tuc/a/", 0, "", "2026-01-07T04:00:00+00:00", None),
    ("tin-tuc/b/", 1, "", "2025-06-02T04:00:00+00:00", "2025-12-01T00:00:00+00:00"),
]


def shipped_database(path: Path) -> Path:
    """A database as the code before versions left it: WAL, the shipped schema, user_version 0, rows."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(SHIPPED_SCHEMA)
        connection.executemany(
            "INSERT INTO questions (code, received_at, subject, content, page, name, contact, consent, publish_name,"
            " status, answer_url, answered_at, purged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", SHIPPED_QUESTIONS)
        connection.executemany("INSERT INTO ratings (page, useful, comment, received_at, purged_at) VALUES (?, ?, ?, ?, ?)",
                               SHIPPED_RATINGS)
        assert schema_version(connection) == 0
    finally:
        connection.close()
    return path


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return sorted(connection.execute("SELECT type, name, sql FROM sqlite_master"))


def version_of(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return schema_version(connection)


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[Store]:
    store = Store(shipped_database(tmp_path / "gop-y.sqlite3"))
    store.initialise()
    yield store
    store.close()


def test_a_database_made_before_versions_is_stamped_and_keeps_every_row(opened: Store, tmp_path: Path) -> None:
    assert version_of(opened.path) == SCHEMA_VERSION == 1
    questions = {question.code: question for question in opened.questions()}
    assert list(questions) == ["H4P8RT2B", "K7M3QX9A", "W9N2KC5D"]  # newest first
    for code, received, subject, content, page, name, contact, _, publish, status, url, answered, purged in SHIPPED_QUESTIONS:
        stored = opened.question(code)
        assert stored == questions[code]
        assert (stored.received_at, stored.subject, stored.content, stored.page, stored.name, stored.contact) == (
            datetime.fromisoformat(received), subject, content, page, name, contact)
        assert (stored.publish_name, stored.status, stored.answer_url, stored.purged) == (bool(publish), status, url, purged is not None)
        assert stored.answered_at == (datetime.fromisoformat(answered) if answered else None)
    assert [question.code for question in opened.questions(only_open=True)] == ["K7M3QX9A", "W9N2KC5D"]
    assert opened.ratings() == [(page, bool(useful), comment, datetime.fromisoformat(received))
                                for page, useful, comment, received, _ in sorted(SHIPPED_RATINGS, key=lambda rating: rating[3])]
    # The tables are left as they were, and the store writes to them as before.
    assert schema_of(opened.path) == schema_of(shipped_database(tmp_path / "chua-mo.sqlite3"))
    opened.set_status("K7M3QX9A", ANSWERED, answer_url="https://example.gov.vn/cchc/hoi-dap/k7m3qx9a/",
                      now=datetime(2026, 2, 1, tzinfo=UTC))
    marked = opened.question("K7M3QX9A")
    assert marked is not None and marked.status == ANSWERED


def test_a_stamped_database_opens_again_unchanged(opened: Store) -> None:
    before = schema_of(opened.path), len(opened.questions())
    opened.close()
    again = Store(opened.path)
    again.initialise()
    try:
        assert version_of(opened.path) == SCHEMA_VERSION and (schema_of(opened.path), len(again.questions())) == before
    finally:
        again.close()


def test_a_fresh_database_gets_the_current_version_and_the_shipped_tables(tmp_path: Path) -> None:
    store = Store(tmp_path / "moi" / "gop-y.sqlite3")
    store.initialise()
    try:
        assert version_of(store.path) == SCHEMA_VERSION
        assert store.questions() == [] and store.ratings() == []
        with closing(sqlite3.connect(store.path)) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()
    # Version 1 is the schema as shipped: a fresh database and a stamped old one have the same tables.
    assert schema_of(store.path) == schema_of(shipped_database(tmp_path / "cu.sqlite3"))


def newer_database(path: Path) -> Path:
    shipped_database(path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


def test_a_newer_database_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = newer_database(tmp_path / "gop-y.sqlite3")
    before = schema_of(path)
    store = Store(path)
    with pytest.raises(StorageUnavailable) as refused:
        store.initialise()
    store.close()
    assert str(refused.value) == (f"lược đồ của cơ sở dữ liệu là phiên bản {SCHEMA_VERSION + 1}, mới hơn phiên bản "
                                  f"{SCHEMA_VERSION} mà bản cchc này biết; cần cập nhật cchc, không dùng cơ sở dữ liệu "
                                  "này với bản cũ")
    assert version_of(path) == SCHEMA_VERSION + 1 and schema_of(path) == before


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


# --- the step list ---------------------------------------------------------------------------------


def recording(name: str, ran: list[str]) -> Migration:
    def step(connection: sqlite3.Connection) -> None:
        ran.append(name)
        connection.execute(f"CREATE TABLE {name} (number INTEGER)")
        connection.execute(f"INSERT INTO {name} VALUES ({len(ran)})")
    return step


def test_the_steps_run_in_order_from_the_version_found(tmp_path: Path) -> None:
    ran: list[str] = []
    steps = (*store_module.MIGRATIONS, recording("buoc_hai", ran), recording("buoc_ba", ran))
    path = tmp_path / "gop-y.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(connection, store_module.MIGRATIONS[:1]) == 0 and schema_version(connection) == 1
        assert migrate(connection, steps) == 1
        assert ran == ["buoc_hai", "buoc_ba"] and schema_version(connection) == 3
        assert [connection.execute(f"SELECT number FROM {name}").fetchone()[0] for name in ran] == [1, 2]
        assert migrate(connection, steps) == 3 and ran == ["buoc_hai", "buoc_ba"]  # nothing left to run
    finally:
        connection.close()


def test_a_failing_step_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    ran: list[str] = []

    def failing(connection: sqlite3.Connection) -> None:
        ran.append("hong")
        connection.execute("INSERT INTO khong_co_bang VALUES (1)")

    path = shipped_database(tmp_path / "gop-y.sqlite3")
    before = schema_of(path)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrate(connection, (*store_module.MIGRATIONS, recording("buoc_hai", ran), failing))
        assert ran == ["buoc_hai", "hong"] and not connection.in_transaction
        assert schema_version(connection) == 0  # not even step 1's stamp
    finally:
        connection.close()
    assert schema_of(path) == before

