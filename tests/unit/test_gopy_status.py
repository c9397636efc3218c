"""The status of a receipt code (cchc.gopy.status, `GET api/tra-cuu/<mã>`): the code read as a person types
it, the three states, dates as Vietnamese days, nothing personal; and the store's read of it
(Store.status_of) on a real SQLite file, which never selects a personal column. Through the real service
process: tests/system/test_gopy_tra_cuu.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cchc import urls
from cchc.gopy.clean import Question
from cchc.gopy.status import BEING_ANSWERED, DONE, LABELS, RECEIVED, lookup
from cchc.gopy.store import ANSWERED, DRAFTING, NEW, StatusRow, Store

RECEIVED_AT = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)  # 01:30 on 2 March in Hưng Yên
ANSWERED_AT = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)


def finder(*rows: StatusRow) -> tuple[list[str], object]:
    asked: list[str] = []
    table = {row.code: row for row in rows}

    def find(code: str) -> StatusRow | None:
        asked.append(code)
        return table.get(code)
    return asked, find


def row(status: str, *, answered: datetime | None = None, url: str = "") -> StatusRow:
    return StatusRow(code="K7M3QX9A", status=status, received_at=RECEIVED_AT, answered_at=answered, answer_url=url)


@pytest.mark.parametrize(("stored", "state"), [(NEW, RECEIVED), (DRAFTING, BEING_ANSWERED), ("la", RECEIVED)])
def test_a_question_not_yet_answered(stored: str, state: str) -> None:
    _, find = finder(row(stored))
    found = lookup("K7M3QX9A", find, base_path="/cchc/")  # type: ignore[arg-type]
    assert found.status == 200
    assert found.body == {"ok": True, "code": "K7M3QX9A", "status": state, "label": LABELS[state],
                          "received": "2026-03-02", "answered": None, "answer_url": ""}


def test_an_answered_question_says_when_and_where() -> None:
    _, find = finder(row(ANSWERED, answered=ANSWERED_AT))
    found = lookup("K7M3QX9A", find, base_path="/cchc/")  # type: ignore[arg-type]
    assert (found.body["status"], found.body["answered"], found.body["received"]) == (DONE, "2026-03-05", "2026-03-02")
    assert found.body["answer_url"] == "/cchc/" + urls.answer("K7M3QX9A") == "/cchc/hoi-dap/k7m3qx9a/"
    _, find = finder(row(ANSWERED, answered=ANSWERED_AT, url="https://sgddt.hungyen.gov.vn/cchc/hoi-dap/k7m3qx9a/"))
    assert lookup("K7M3QX9A", find, base_path="/cchc/").body["answer_url"] == (  # type: ignore[arg-type]
        "https://sgddt.hungyen.gov.vn/cchc/hoi-dap/k7m3qx9a/")  # where `cchc gop-y da-tra-loi` said it is


def test_the_date_of_an_answer_not_marked_answered_is_not_shown() -> None:
    _, find = finder(row(DRAFTING, answered=ANSWERED_AT))
    assert lookup("K7M3QX9A", find, base_path="/cchc/").body["answered"] is None  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["k7m3qx9a", "K7M3QX9A", " k7m3-qx9a ", "K7M3 QX9A", "k7M3qX9a"])
def test_codes_are_matched_whatever_the_case(typed: str) -> None:
    asked, find = finder(row(NEW))
    found = lookup(typed, find, base_path="/cchc/")  # type: ignore[arg-type]
    assert (found.status, found.body["code"], asked) == (200, "K7M3QX9A", ["K7M3QX9A"])


def test_an_unknown_code_is_a_404_in_vietnamese() -> None:
    asked, find = finder(row(NEW))
    found = lookup("h4p8rt2b", find, base_path="/cchc/")  # type: ignore[arg-type]
    assert (found.status, found.body["ok"], found.body["code"], asked) == (404, False, "H4P8RT2B", ["H4P8RT2B"])
    assert "Không tìm thấy" in found.body["message"] and "H4P8RT2B" in found.body["message"]


@pytest.mark.parametrize("typed", ["", "K7M3QX9", "K7M3QX9AB", "K7M3QX0A", "K7M3QXIA", "../../etc", "K7M3QX9A'--", "Ｋ7M3QX9A"])
def test_what_cannot_be_a_code_is_refused_without_reading_the_store(typed: str) -> None:
    asked, find = finder(row(NEW))
    found = lookup(typed, find, base_path="/cchc/")  # type: ignore[arg-type]
    assert (found.status, found.body["ok"], asked) == (400, False, [])
    assert "8 ký tự" in found.body["message"]


def test_the_store_reads_the_status_without_personal_columns(tmp_path: Path) -> None:
    store = Store(tmp_path / "gop-y.sqlite3")
    store.initialise()
    statements: list[str] = []
    try:
        code = store.add_question(Question(subject="Hỏi lệ phí", content="Nội dung riêng", name="Nguyễn Văn A",
                                           contact="0912345678"), now=RECEIVED_AT)
        store.connection.set_trace_callback(statements.append)
        found = store.status_of(code)
        assert found == StatusRow(code=code, status=NEW, received_at=RECEIVED_AT, answered_at=None, answer_url="")
        assert store.status_of("H4P8RT2B" if code != "H4P8RT2B" else "K7M3QX9A") is None
        assert statements and all("SELECT code, status, received_at, answered_at, answer_url FROM" in sql for sql in statements)
        store.set_status(code, ANSWERED, answer_url="/cchc/hoi-dap/x/", now=ANSWERED_AT)
        answered = store.status_of(code)
        assert answered is not None and (answered.status, answered.answered_at) == (ANSWERED, ANSWERED_AT)
        body = lookup(code.lower(), store.status_of, base_path="/cchc/").body
        assert not {"Hỏi lệ phí", "Nội dung riêng", "Nguyễn Văn A", "0912345678"} & {str(value) for value in body.values()}
    finally:
        store.close()
