"""`cchc gop-y …` end to end on the server side: questions sent to the real service, then listed,
shown, exported, answered, counted, purged and backed up by the real command line."""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from support.gopy import Service, cchc, question, running_service, send_json, write_config

QUESTION, RATING = "/cchc/api/gop-y", "/cchc/api/danh-gia"
FORMULA = '=HYPERLINK("http://evil.example","Bấm")'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, list[str]]]:
    """The service with three questions (oldest first in the list) and a few ratings."""
    folder = tmp_path_factory.mktemp("may-chu")
    write_config(folder, folder / "gop-y.sqlite3", retention_days=30)
    with running_service(folder) as service:
        sent = [
            question(tieu_de=FORMULA, noi_dung="-2+3 <script>alert(1)</script> hỏi về lệ phí"),
            question(tieu_de="Hỏi về chuyển trường", ho_ten="Phạm Văn D", lien_he="0987654321",
                     noi_dung="Tôi là Phạm Văn D, gọi 0987 654 321 hoặc d@example.vn; số CCCD 001234567890."),
            question(tieu_de="Hỏi về văn bằng", noi_dung="Xin hỏi thủ tục chỉnh sửa nội dung văn bằng.", ho_ten="Ngô Thị E",
                     lien_he="e@example.vn", cong_khai=True, trang="thu-tuc-hanh-chinh/"),
        ]
        codes = [send_json(service.url, QUESTION, data, source=f"127.0.2.{n}").json()["code"] for n, data in enumerate(sent)]
        for n, (page, useful) in enumerate([("tin-tuc/a/", "co"), ("tin-tuc/a/", "chua"), ("tin-tuc/a/", "co"), ("tin-tuc/b/", "co")]):
            assert send_json(service.url, RATING, {"trang": page, "huu_ich": useful, "y_kien": "Ý kiến của Phạm Văn D"},
                             source=f"127.0.3.{n}").status == 201
        yield service, codes


def ok(done: object) -> str:
    assert getattr(done, "returncode", None) == 0, getattr(done, "stderr", "")
    assert "Traceback" not in getattr(done, "stderr", "")
    return str(getattr(done, "stdout", ""))


def test_list_shows_new_items_newest_first_with_their_status(server: tuple[Service, list[str]]) -> None:
    service, codes = server
    lines = ok(cchc(service.folder, "gop-y")).splitlines()
    assert lines[0].split()[:3] == ["Mã", "Ngày", "nhận"]
    listed = [line.split()[0] for line in lines[1:4]]
    assert listed == codes[::-1]
    assert all("mới" in line for line in lines[1:4])
    assert "3 mới" in lines[-1]


def test_show_one_and_refuse_what_is_not_a_code(server: tuple[Service, list[str]]) -> None:
    service, codes = server
    shown = ok(cchc(service.folder, "gop-y", "xem", codes[1].lower()))
    assert "Họ tên: Phạm Văn D (đồng ý công bố họ tên: không)" in shown and "Liên hệ: 0987654321" in shown
    unknown = cchc(service.folder, "gop-y", "xem", "ZZZZZZZZ")
    assert unknown.returncode == 1 and "không có câu hỏi mã ZZZZZZZZ" in unknown.stderr
    wrong = cchc(service.folder, "gop-y", "xem", "O0I1L")
    assert wrong.returncode == 2 and "không phải mã tiếp nhận" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_terminal_never_gets_escape_sequences(server: tuple[Service, list[str]]) -> None:
    service, codes = server
    with sqlite3.connect(service.folder / "gop-y.sqlite3") as connection:  # a tampered row
        connection.execute("UPDATE questions SET contact = ? WHERE code = ?", ("\x1b[2J\x1b]0;pwned\x07", codes[0]))
    shown = ok(cchc(service.folder, "gop-y", "xem", codes[0]))
    assert "\x1b" not in shown and "\x07" not in shown and "�[2J" in shown


def test_csv_export_of_a_period_is_excel_ready_and_formula_safe(server: tuple[Service, list[str]], tmp_path: Path) -> None:
    service, codes = server
    target = tmp_path / "gop-y.csv"
    ok(cchc(service.folder, "gop-y", "xuat-csv", "--from", "2020-01-01", "--to", "2099-12-31", "--output", str(target)))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["Mã tiếp nhận", "Ngày nhận", "Trạng thái"]
    assert [row[0] for row in rows[1:]] == codes  # oldest first
    first = rows[1]
    assert first[3] == "'" + FORMULA and first[4] == "'-2+3 <script>alert(1)</script> hỏi về lệ phí"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    none = cchc(service.folder, "gop-y", "xuat-csv", "--from", "2020-01-01", "--to", "2020-01-31")
    assert ok(none).count("\n") == 1  # the header only (text mode reads CRLF as one line end)
    bad = cchc(service.folder, "gop-y", "xuat-csv", "--from", "2026-13-01")
    assert bad.returncode == 2 and "--from" in bad.stderr and "Traceback" not in bad.stderr


def test_answer_skeleton_has_no_personal_data_unless_agreed(server: tuple[Service, list[str]], tmp_path: Path) -> None:
    service, codes = server
    inside = cchc(service.folder, "gop-y", "tra-loi", codes[1], "--output", str(service.folder / "hoi-dap.md"))
    assert inside.returncode == 2 and "không ghi vào bản sao kho" in inside.stderr
    target = tmp_path / f"{codes[1].lower()}.md"
    ok(cchc(service.folder, "gop-y", "tra-loi", codes[1], "--output", str(target), env={"CCHC_NOW": "2026-03-05 10:00"}))
    text = target.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["code"] == codes[1] and front["draft"] is True and front["task"] is None and "SỬA" in text
    assert front["answered"] == "2026-03-05 10:00" and "asker" not in front
    for personal in ("Phạm Văn D", "0987 654 321", "0987654321", "d@example.vn", "001234567890"):
        assert personal not in text, personal
    assert "[đã ẩn]" in front["question"]
    consented = ok(cchc(service.folder, "gop-y", "tra-loi", codes[2], "--task", "8", "--plan", "2022"))
    front = yaml.safe_load(consented.split("---\n")[1])
    assert front["asker"] == "Ngô Thị E" and front["task"] == 8 and front["plan"] == 2022
    assert "e@example.vn" not in consented
    hostile = yaml.safe_load(ok(cchc(service.folder, "gop-y", "tra-loi", codes[0])).split("---\n")[1])
    assert hostile["title"] == FORMULA and "<script>" in hostile["question"]  # YAML data: the page escapes it
    listed = ok(cchc(service.folder, "gop-y"))
    assert "3 đang trả lời." in listed and "mới" not in listed


def test_mark_answered_with_the_link(server: tuple[Service, list[str]]) -> None:
    service, codes = server
    done = ok(cchc(service.folder, "gop-y", "da-tra-loi", codes[2]))
    assert f"https://sgddt.hungyen.gov.vn/cchc/hoi-dap/{codes[2].lower()}/" in done
    assert codes[2] not in ok(cchc(service.folder, "gop-y"))
    assert "đã trả lời" in ok(cchc(service.folder, "gop-y", "--all"))
    assert "Câu trả lời: https://sgddt.hungyen.gov.vn/cchc/hoi-dap/" in ok(cchc(service.folder, "gop-y", "xem", codes[2]))
    bad = cchc(service.folder, "gop-y", "da-tra-loi", codes[1], "--url", "javascript:alert(1)")
    assert bad.returncode == 2


def test_ratings_per_page_and_period_and_the_counts_file(server: tuple[Service, list[str]]) -> None:
    service, _ = server
    table = ok(cchc(service.folder, "gop-y", "danh-gia")).splitlines()
    assert table[1].split() == ["2", "1", "tin-tuc/a/"] and table[2].split() == ["1", "0", "tin-tuc/b/"]
    assert "Phạm Văn D" in ok(cchc(service.folder, "gop-y", "danh-gia", "--comments"))
    counts = yaml.safe_load(ok(cchc(service.folder, "gop-y", "so-lieu", "-")))
    [month] = counts["months"].values()
    assert month == {"received": 3, "answered": 1, "useful": 3, "not_useful": 1}
    assert "Phạm" not in str(counts)


def test_purge_clears_personal_fields_past_the_retention(server: tuple[Service, list[str]]) -> None:
    service, codes = server
    kept = ok(cchc(service.folder, "gop-y", "xoa-thong-tin-ca-nhan"))
    assert "0 câu hỏi, 0 ý kiến" in kept
    purged = ok(cchc(service.folder, "gop-y", "xoa-thong-tin-ca-nhan", env={"CCHC_NOW": "2099-01-01 00:00"}))
    assert "3 câu hỏi, 4 ý kiến" in purged  # the first has no name but the contact written in by hand above
    shown = ok(cchc(service.folder, "gop-y", "xem", codes[1]))
    assert "Phạm Văn D" not in shown.split("Nội dung:")[0] and "đã được xóa" in shown
    assert "Phạm Văn D" not in ok(cchc(service.folder, "gop-y", "danh-gia", "--comments"))
    raw = b"".join(path.read_bytes() for path in service.folder.glob("gop-y.sqlite3*"))
    assert b"0987654321" not in raw  # not left in the WAL or in free pages either


def test_backup_while_the_service_writes(server: tuple[Service, list[str]], tmp_path: Path) -> None:
    service, _ = server
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set():
            send_json(service.url, QUESTION, question(), source=f"127.0.4.{n % 200 + 1}")
            n += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        target = tmp_path / "sao-luu.sqlite3"
        ok(cchc(service.folder, "gop-y", "sao-luu", str(target)))
    finally:
        stop.set()
        writer.join(timeout=10)
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM questions").fetchone()[0] >= 3
    again = cchc(service.folder, "gop-y", "sao-luu", str(target))
    assert again.returncode == 2 and "không ghi đè" in again.stderr
