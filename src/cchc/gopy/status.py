"""The status of a receipt code, for `GET <sub-path>api/tra-cuu/<mã>` (the page `hoi-dap/tra-cuu/`, which
nginx also serves at `hoi-dap/<mã>/` until the answer is published there).

What a browser is told: the code, one of three states (received, being answered, answered), the dates
(day only, Vietnamese time) and, once answered, where the answer is. Never the subject, the question,
a name or a contact: the store reads this without a personal column (Store.status_of), and the body is
built here from those columns only. A code is read as a person types it (`receipts.parse_code`: case,
spaces and dashes do not matter).

Pure: the store is passed in as a function, so the logic is tested without a database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cchc import urls
from cchc.dates import LOCAL_TZ
from cchc.gopy.store import ANSWERED, DRAFTING, StatusRow
from cchc.receipts import parse_code

RECEIVED, BEING_ANSWERED, DONE = "da-nhan", "dang-tra-loi", "da-tra-loi"
LABELS = {RECEIVED: "Đã nhận, đang chờ trả lời", BEING_ANSWERED: "Đang trả lời", DONE: "Đã trả lời"}
_STATES = {DRAFTING: BEING_ANSWERED, ANSWERED: DONE}  # anything else the store holds ("moi") is "received"


@dataclass(frozen=True)
class Lookup:
    """The HTTP status and the JSON body of one lookup."""

    status: int
    body: dict[str, Any]


def _day(moment: datetime | None) -> str | None:
    return moment.astimezone(LOCAL_TZ).date().isoformat() if moment is not None else None


def lookup(typed: str, find: Callable[[str], StatusRow | None], *, base_path: str) -> Lookup:
    """The answer to a lookup of the code `typed`; `find` reads a stored code (Store.status_of)."""
    code = parse_code(typed)
    if code is None:
        return Lookup(400, {"ok": False, "message": "Mã tiếp nhận gồm 8 ký tự chữ và số (không có 0, O, 1, I, L). "
                                                    "Vui lòng kiểm tra lại mã."})
    row = find(code)
    if row is None:
        return Lookup(404, {"ok": False, "code": code,
                            "message": f"Không tìm thấy câu hỏi, góp ý có mã {code}. Vui lòng kiểm tra lại mã tiếp nhận."})
    state = _STATES.get(row.status, RECEIVED)
    answer_url = ""
    if state == DONE:
        answer_url = row.answer_url or base_path + urls.answer(code)
    return Lookup(200, {"ok": True, "code": code, "status": state, "label": LABELS[state],
                        "received": _day(row.received_at), "answered": _day(row.answered_at) if state == DONE else None,
                        "answer_url": answer_url})
