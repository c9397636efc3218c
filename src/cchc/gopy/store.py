"""The submissions database: SQLite in WAL mode with synchronous=FULL, so a commit that returned
is on disk (the WAL is fsync'd) and a submission is acknowledged only after it.

One connection per thread (waitress serves from a thread pool). Writers take a lock of the process
first: left to SQLite, a writer that finds the database busy sleeps in steps of up to 100 ms, which
was most of the slowest answers under load (bench/gopy_load.py).
Any failure to write (disk full, read-only file, I/O error, a lock held too long) is raised as
StorageUnavailable: the citizen is told to call the hotline, never given a receipt. After such a
failure every connection of the process is closed and each thread opens a new one when it next
writes: SQLite opens a file it cannot write read-only and keeps it so, and the connections of one
process share the file's shared-memory index, so one connection made during a read-only spell would
make every thread refuse every write until a restart.

The store writes only to the file it first opened, known by its identity (st_dev, st_ino). Before
and after every write, and before a thread opens its connection, the path must still name that file:
a database deleted or replaced under the running service (its connections would go on writing into
the old file, gone or no longer the one at the path) is refused, and so is a receipt for a commit that
went there. It is never reopened by itself: the -wal and -shm files beside the path belong to the file
the connections hold, and a new file opened with them is mixed with the old one. Restarting the service
opens what the path names then.

The schema has a version, SQLite's `PRAGMA user_version`. Opening the database (`initialise`) runs
the steps of MIGRATIONS from the database's version to SCHEMA_VERSION in one transaction, under the
writers' lock, and records the new version in that transaction. A database of a newer version than
this code knows is refused (StorageUnavailable), never used."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cchc.gopy.clean import Question, Rating
from cchc.receipts import new_code

NEW, DRAFTING, ANSWERED = "moi", "dang-tra-loi", "da-tra-loi"
STATUS_LABELS = {NEW: "mới", DRAFTING: "đang trả lời", ANSWERED: "đã trả lời"}

# Version 1, the schema as first shipped. Databases made before versions were recorded have these
# tables and user_version 0: IF NOT EXISTS leaves their tables as they are, and they are stamped 1.
_VERSION_1 = (
    """CREATE TABLE IF NOT EXISTS questions (
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
)""",
    "CREATE INDEX IF NOT EXISTS questions_received ON questions (received_at)",
    """CREATE TABLE IF NOT EXISTS ratings (
    id INTEGER PRIMARY KEY,
    page TEXT NOT NULL,
    useful INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',       -- free text may hold personal data: purged too
    received_at TEXT NOT NULL,
    purged_at TEXT
)""",
    "CREATE INDEX IF NOT EXISTS ratings_received ON ratings (received_at)",
)

Migration = Callable[[sqlite3.Connection], None]


def _statements(*sql: str) -> Migration:
    def step(connection: sqlite3.Connection) -> None:
        for statement in sql:
            connection.execute(statement)
    return step


# Step n takes a database of version n-1 to version n. Append new steps; never change a shipped one.
# A step runs inside migrate()'s transaction: no executescript (it commits first), no VACUUM.
MIGRATIONS: tuple[Migration, ...] = (
    _statements(*_VERSION_1),
)
SCHEMA_VERSION = len(MIGRATIONS)


class StorageUnavailable(Exception):
    """Nothing was stored: the database cannot be written."""


class StorageFull(StorageUnavailable):
    """The configured cap on the database size is reached."""


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, steps: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database to version len(steps); returns the version it had.

    `connection` must be in autocommit mode (isolation_level=None) and hold no transaction. The steps
    still to run and the new user_version are one transaction: a failing step leaves the database as
    it was. Raises StorageUnavailable for a database newer than `steps`, and re-raises sqlite3 errors."""
    current = len(steps)
    found = schema_version(connection)
    if found == current:  # the usual case: no write transaction
        return found
    _refuse_newer(found, current)
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = schema_version(connection)  # another process may have migrated meanwhile
        _refuse_newer(found, current)
        for step in steps[found:]:
            step(connection)
        connection.execute(f"PRAGMA user_version = {current:d}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return found


def _refuse_newer(found: int, current: int) -> None:
    if found > current:
        raise StorageUnavailable(
            f"lược đồ của cơ sở dữ liệu là phiên bản {found}, mới hơn phiên bản {current} mà bản cchc này biết; "
            "cần cập nhật cchc, không dùng cơ sở dữ liệu này với bản cũ")


@dataclass(frozen=True)
class StoredQuestion:
    id: int
    code: str
    received_at: datetime
    subject: str
    content: str
    page: str
    name: str
    contact: str
    publish_name: bool
    status: str
    answer_url: str
    answered_at: datetime | None
    purged: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class StatusRow:
    """The columns of a question that say where it stands and nothing about who asked or what."""

    code: str
    status: str
    received_at: datetime
    answered_at: datetime | None
    answer_url: str


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _received(sql: str, start: datetime | None, end: datetime | None) -> tuple[str, list[str]]:
    """`sql` narrowed to what was received in [start, end), and its values."""
    values: list[str] = []
    if start is not None:
        sql += " AND received_at >= ?"
        values.append(_iso(start))
    if end is not None:
        sql += " AND received_at < ?"
        values.append(_iso(end))
    return sql, values


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class Store:
    def __init__(self, path: Path, *, max_bytes: int | None = None, timeout: float = 5.0) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._page_size = 4096
        self._file: tuple[int, int] | None = None  # (st_dev, st_ino) of the file the connections opened
        self._registry = threading.Lock()  # guards _open and _generation
        self._open: set[sqlite3.Connection] = set()  # every thread's connection
        self._generation = 0  # a thread's connection from an older generation was closed by _discard

    # --- connections ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # Only the first connection may create the file; later ones open what is there or fail.
        mode = "rwc" if self._file is None else "rw"
        connection = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode={mode}", uri=True, timeout=self.timeout,
                                     isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")  # each commit fsyncs the WAL: acknowledged means on disk
            connection.execute("PRAGMA trusted_schema=OFF")
        except BaseException:
            connection.close()
            raise
        return connection

    def _identity(self) -> tuple[int, int]:
        """The identity of the file the path names now."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            raise StorageUnavailable(f"tệp cơ sở dữ liệu {self.path} đã bị xóa hoặc đổi tên khi dịch vụ đang chạy; "
                                     "cần khởi động lại dịch vụ") from None
        except OSError as error:
            raise StorageUnavailable(str(error)) from error
        return info.st_dev, info.st_ino

    def _check_file(self) -> None:
        """StorageUnavailable unless the path still names the file this store opened first."""
        if self._file is not None and self._identity() != self._file:
            raise StorageUnavailable(f"tệp cơ sở dữ liệu {self.path} đã bị thay bằng tệp khác khi dịch vụ đang chạy; "
                                     "cần khởi động lại dịch vụ")

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use and again after `_discard`."""
        held: tuple[int, sqlite3.Connection] | None = getattr(self._local, "held", None)
        if held is not None and held[0] == self._generation:
            return held[1]
        self._check_file()
        before = self._file
        try:
            connection = self._connect()
        except sqlite3.Error as error:
            raise StorageUnavailable(str(error)) from error
        try:
            found = self._identity()
            if before is None:
                self._file = found
            self._check_file()  # replaced while this connection opened: it may hold the other file
        except StorageUnavailable:
            connection.close()
            raise
        with self._registry:
            self._open.add(connection)
            self._local.held = (self._generation, connection)
        return connection

    def initialise(self) -> None:
        """Create the folder and bring the tables to SCHEMA_VERSION (see `migrate`); raises
        StorageUnavailable when that cannot be done or the database is newer than this code."""
        with self._write_lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = self.connection
                migrate(connection)
                self._page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
            except (OSError, sqlite3.Error) as error:
                self._discard()
                raise StorageUnavailable(str(error)) from error

    def close(self) -> None:
        """Close this thread's connection."""
        held: tuple[int, sqlite3.Connection] | None = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None:
            with self._registry:
                self._open.discard(held[1])
            held[1].close()

    def _discard(self) -> None:
        """Close every thread's connection after a failure (the caller holds the writers' lock, so no
        other thread is using one); each opens a new one when next used. All of them: connections of
        one process share the file's shared-memory index, which stays read-only while any of them that
        opened it read-only is open."""
        with self._registry:
            connections, self._open = self._open, set()
            self._generation += 1
        for connection in connections:
            with suppress(sqlite3.Error):
                connection.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; the commit returns only when the WAL is on disk, and this returns
        only when the path still names the file the commit went to."""
        with self._write_lock:
            connection = self.connection
            try:
                self._check_file()
                connection.execute("BEGIN IMMEDIATE")
                try:
                    if self.max_bytes is not None:
                        pages = int(connection.execute("PRAGMA page_count").fetchone()[0])
                        if pages * self._page_size >= self.max_bytes:
                            raise StorageFull(f"cơ sở dữ liệu đã tới giới hạn {self.max_bytes // 2**20} MB")
                    yield connection
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError as error:  # the statement's own failure: the connection is sound
                raise StorageUnavailable(str(error)) from error
            except sqlite3.Error as error:
                self._discard()
                raise StorageUnavailable(str(error)) from error
            self._check_file()  # deleted or replaced during the commit: no receipt for a file that is gone

    # --- what the service writes --------------------------------------------------------------

    def add_question(self, question: Question, *, now: datetime | None = None) -> str:
        """Store a question; returns its new receipt code once the commit is durable."""
        for _ in range(10):
            code = new_code()
            try:
                with self._writing() as connection:
                    connection.execute(
                        "INSERT INTO questions (code, received_at, subject, content, page, name, contact, consent, publish_name)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
                        (code, _iso(now or utc_now()), question.subject, question.content, question.page,
                         question.name, question.contact, int(question.publish_name)),
                    )
                return code
            except StorageUnavailable as error:
                if not isinstance(error.__cause__, sqlite3.IntegrityError):
                    raise
        raise StorageUnavailable("không tạo được mã tiếp nhận chưa dùng")

    def add_rating(self, rating: Rating, *, now: datetime | None = None) -> None:
        with self._writing() as connection:
            connection.execute("INSERT INTO ratings (page, useful, comment, received_at) VALUES (?, ?, ?, ?)",
                               (rating.page, int(rating.useful), rating.comment, _iso(now or utc_now())))

    # --- what staff commands read and change --------------------------------------------------

    def questions(self, *, only_open: bool = False, start: datetime | None = None, end: datetime | None = None) -> list[StoredQuestion]:
        """Newest first; `start` inclusive, `end` exclusive."""
        sql, values = _received("SELECT * FROM questions WHERE 1=1", start, end)
        if only_open:
            sql += f" AND status != '{ANSWERED}'"
        return [self._question(row) for row in self._read(sql + " ORDER BY received_at DESC, id DESC", values)]

    def question(self, code: str) -> StoredQuestion | None:
        rows = self._read("SELECT * FROM questions WHERE code = ?", [code])
        return self._question(rows[0]) if rows else None

    def status_of(self, code: str) -> StatusRow | None:
        """Where the question with this code stands, read without a single personal column (the status
        lookup, cchc.gopy.status: what a citizen's browser may be shown)."""
        rows = self._read("SELECT code, status, received_at, answered_at, answer_url FROM questions WHERE code = ?", [code])
        if not rows:
            return None
        received = _moment(rows[0]["received_at"])
        assert received is not None
        return StatusRow(code=rows[0]["code"], status=rows[0]["status"], received_at=received,
                         answered_at=_moment(rows[0]["answered_at"]), answer_url=rows[0]["answer_url"])

    def set_status(self, code: str, status: str, *, answer_url: str = "", now: datetime | None = None) -> None:
        with self._writing() as connection:
            connection.execute(
                "UPDATE questions SET status = ?, answer_url = ?, answered_at = ? WHERE code = ?",
                (status, answer_url, _iso(now or utc_now()) if status == ANSWERED else None, code))

    def ratings(self, *, start: datetime | None = None, end: datetime | None = None) -> list[tuple[str, bool, str, datetime]]:
        sql, values = _received("SELECT page, useful, comment, received_at FROM ratings WHERE 1=1", start, end)
        return [(row[0], bool(row[1]), row[2], datetime.fromisoformat(row[3]))
                for row in self._read(sql + " ORDER BY received_at, id", values)]

    def purge_personal(self, before: datetime, *, now: datetime | None = None) -> tuple[int, int]:
        """Clear names, contacts and rating comments received before `before`; (questions, ratings)."""
        stamp = _iso(now or utc_now())
        with self._writing() as connection:
            questions = connection.execute(
                "UPDATE questions SET name = '', contact = '', publish_name = 0, purged_at = ? "
                "WHERE received_at < ? AND purged_at IS NULL AND (name != '' OR contact != '')", (stamp, _iso(before))).rowcount
            ratings = connection.execute(
                "UPDATE ratings SET comment = '', purged_at = ? WHERE received_at < ? AND purged_at IS NULL AND comment != ''",
                (stamp, _iso(before))).rowcount
        try:  # the cleared text must not linger in the WAL or in free pages
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.connection.execute("VACUUM")
        except sqlite3.Error as error:
            raise StorageUnavailable(str(error)) from error
        return questions, ratings

    def backup(self, target: Path) -> None:
        """A consistent copy while the service keeps writing (SQLite's online backup API)."""
        try:
            destination = sqlite3.connect(target)
            try:
                self.connection.backup(destination)  # one step: in WAL mode the service keeps writing meanwhile
            finally:
                destination.close()
        except sqlite3.Error as error:
            raise StorageUnavailable(str(error)) from error

    def _read(self, sql: str, values: list[str]) -> list[sqlite3.Row]:
        try:
            cursor = self.connection.execute(sql, values)
            cursor.row_factory = sqlite3.Row
            return list(cursor.fetchall())
        except sqlite3.Error as error:
            raise StorageUnavailable(str(error)) from error

    @staticmethod
    def _question(row: sqlite3.Row) -> StoredQuestion:
        received = _moment(row["received_at"])
        assert received is not None
        return StoredQuestion(
            id=row["id"], code=row["code"], received_at=received, subject=row["subject"], content=row["content"],
            page=row["page"], name=row["name"], contact=row["contact"], publish_name=bool(row["publish_name"]),
            status=row["status"], answer_url=row["answer_url"], answered_at=_moment(row["answered_at"]),
            purged=row["purged_at"] is not None,
        )


def retention_cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
