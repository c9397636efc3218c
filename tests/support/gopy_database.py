"""A feedback database as the service left it before schema versions were recorded (commit f2f5320), and
one a newer service left: what the schema version and migration tests open."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from cchc.gopy.store import SCHEMA_VERSION, schema_version

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


def version_of(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return schema_version(connection)


def newer_database(path: Path) -> Path:
    shipped_database(path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path
