"""The feedback database's schema version (PRAGMA user_version) and its migration steps (cchc.gopy.store),
on real SQLite files: a database made before versions were recorded, a fresh one, a newer one, the steps.
A newer database refused by the service and the staff commands: tests/system/test_gopy_schema.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.gopy_database import SHIPPED_QUESTIONS, SHIPPED_RATINGS, newer_database, shipped_database, version_of

from cchc.gopy import store as store_module
from cchc.gopy.store import ANSWERED, SCHEMA_VERSION, Migration, StorageUnavailable, Store, migrate, schema_version


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return sorted(connection.execute("SELECT type, name, sql FROM sqlite_master"))


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
