"""Nothing acknowledged is lost, and nothing is acknowledged that was not stored: `kill -9` under
load, a disk that fills up, a read-only database, the storage cap. Each on its own service process."""

from __future__ import annotations

import http.client
import os
import re
import resource
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from support.gopy import HOTLINE, Answer, free_port, multipart, post, question, running_service, send_json, write_config

QUESTION = "/cchc/api/gop-y"


def codes_in(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        return {row[0] for row in connection.execute("SELECT code FROM questions")}


def test_kill_9_under_load_loses_no_acknowledged_submission(tmp_path: Path) -> None:
    database = tmp_path / "gop-y.sqlite3"
    write_config(tmp_path, database, rate_per_minute=10_000, rate_burst=10_000)
    acknowledged: list[str] = []
    refused: list[int] = []
    stop = threading.Event()
    port = free_port()

    def client(number: int) -> None:
        while not stop.is_set():
            try:
                answer = send_json(f"http://127.0.0.1:{port}", QUESTION, question(noi_dung=f"Câu hỏi số {number} khi tải cao."),
                                   source=f"127.0.0.{100 + number}", timeout=5)
            except (OSError, http.client.HTTPException):  # the service is down or was killed mid-answer: nothing acknowledged
                time.sleep(0.02)
                continue
            if answer.status == 201:
                acknowledged.append(answer.json()["code"])
            else:
                refused.append(answer.status)

    clients = [threading.Thread(target=client, args=(number,)) for number in range(8)]
    with running_service(tmp_path, port=port) as service:
        for thread in clients:
            thread.start()
        time.sleep(1.5)
        before_kill = len(acknowledged)
        service.kill()  # SIGKILL in the middle of commits
    with running_service(tmp_path, port=port):
        time.sleep(1.0)
        stop.set()
        for thread in clients:
            thread.join(timeout=10)
    assert before_kill > 20 and len(acknowledged) > before_kill, "the load did not run before and after the kill"
    assert not refused, refused
    assert len(set(acknowledged)) == len(acknowledged)
    lost = set(acknowledged) - codes_in(database)
    assert not lost, f"{len(lost)} acknowledged submissions lost of {len(acknowledged)}"


BIG = "Nội dung mà người gửi không muốn mất. " + "ư" * 3000  # does not fit in what is left of a full disk


def _assert_hotline_and_no_receipt(base: str) -> None:
    answer = send_json(base, QUESTION, question(noi_dung=BIG), source="127.0.0.90")
    assert answer.status == 503, answer.body
    data = answer.json()
    assert data["ok"] is False and "code" not in data and HOTLINE in data["message"] and "CHƯA được tiếp nhận" in data["message"]
    typed = {"tieu_de": "Góp ý khi máy chủ lỗi", "noi_dung": BIG, "dong_y": "1"}
    answer = post(base, QUESTION, *multipart(typed), source="127.0.0.91")
    page = answer.text()
    assert answer.status == 503 and HOTLINE in page and "cchc-receipt" not in page
    assert BIG + "</textarea>" in page  # kept, to copy or send later


def test_a_full_disk_gives_the_hotline_message_never_a_receipt(tmp_path: Path) -> None:
    database = tmp_path / "gop-y.sqlite3"
    write_config(tmp_path, database)
    with running_service(tmp_path) as service:  # creates the database, then stops cleanly
        assert send_json(service.url, QUESTION, question(), source="127.0.0.80").status == 201

    def small_disk() -> None:  # every file of the service may grow to 64 KiB: the WAL fills up after a few commits
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    # After a failed write the service opens its connections again, and the WAL may be emptied into
    # the database meanwhile: a later answer can be a true receipt again, until the database is full too.
    acknowledged = []
    typed = {"tieu_de": "Góp ý khi máy chủ lỗi", "noi_dung": BIG, "dong_y": "1"}
    with running_service(tmp_path, preexec=small_disk) as service:
        for number in range(60):
            answer = send_json(service.url, QUESTION, question(noi_dung=BIG), source=f"127.0.1.{number}")
            if answer.status != 201:
                break
            acknowledged.append(answer.json()["code"])
        assert answer.status == 503, "the disk never filled up"
        data = answer.json()
        assert data["ok"] is False and "code" not in data and HOTLINE in data["message"] and "CHƯA được tiếp nhận" in data["message"]
        for number in range(60):
            answer = post(service.url, QUESTION, *multipart(typed), source=f"127.0.2.{number}")
            if answer.status != 201:
                break
            acknowledged.append(re.findall(r'cchc-receipt__code"><strong>(\w+)<', answer.text())[0])
        page = answer.text()
        assert answer.status == 503 and HOTLINE in page and "cchc-receipt" not in page
        assert BIG + "</textarea>" in page  # kept, to copy or send later
    assert set(acknowledged) <= codes_in(database)


def test_a_read_only_database_gives_the_hotline_message(tmp_path: Path) -> None:
    folder = tmp_path / "du-lieu"
    database = folder / "gop-y.sqlite3"
    write_config(tmp_path, database)
    with running_service(tmp_path) as service:
        assert send_json(service.url, QUESTION, question(), source="127.0.0.81").status == 201
    if os.geteuid() == 0:  # root ignores file modes: mount the folder read-only for the service alone
        prefix: tuple[str, ...] = ("unshare", "--mount", "sh", "-c",
                                   'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"', str(folder))
    else:
        prefix = ()
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
    try:
        with running_service(tmp_path, command_prefix=prefix) as service:
            _assert_hotline_and_no_receipt(service.url)
    finally:
        folder.chmod(0o755)
    assert len(codes_in(database)) == 1


def test_the_storage_cap_refuses_clearly(tmp_path: Path) -> None:
    database = tmp_path / "gop-y.sqlite3"
    write_config(tmp_path, database, max_database_mb=1)
    with running_service(tmp_path) as service:
        assert send_json(service.url, QUESTION, question(), source="127.0.0.82").status == 201
        with sqlite3.connect(database) as connection:  # another writer fills the database past 1 MB
            connection.executemany(
                "INSERT INTO questions (code, received_at, subject, content, consent) VALUES (?, '2026-01-01T00:00:00+00:00', 'x', ?, 1)",
                [(f"FILL{number:04d}", "y" * 5000) for number in range(250)])
        answer = send_json(service.url, QUESTION, question(), source="127.0.0.83")
        assert answer.status == 503 and "code" not in answer.json()
        assert "giới hạn" in answer.json()["message"] and HOTLINE in answer.json()["message"]


# --------------------------------------------------------------------------- its own files, changed under it


def _assert_refused_everywhere(base: str, first_source: int) -> None:
    """16 requests at once, twice the service's threads, so that most of its threads answer one."""
    answers: list[int] = []

    def one(number: int) -> None:
        answers.append(send_json(base, QUESTION, question(), source=f"127.0.3.{first_source + number}").status)

    clients = [threading.Thread(target=one, args=(number,)) for number in range(16)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=30)
    assert answers == [503] * 16, answers
    _assert_hotline_and_no_receipt(base)


def test_a_deleted_database_is_noticed_never_a_receipt(tmp_path: Path) -> None:
    """Deleted under the running service: its connections would write on into the deleted file, lost
    at the next start. It answers with the hotline instead, and does not make a new file by itself."""
    database = tmp_path / "gop-y.sqlite3"
    write_config(tmp_path, database)
    with running_service(tmp_path) as service:
        assert send_json(service.url, QUESTION, question(), source="127.0.0.84").status == 201
        database.unlink()
        _assert_refused_everywhere(service.url, 0)
        assert not database.exists()
    assert "Traceback" not in service.log.read_text(encoding="utf-8")


def test_a_replaced_database_is_noticed_never_a_receipt(tmp_path: Path) -> None:
    """Another file moved over the path (a restore done without stopping the service): the service
    neither writes on into the old file nor opens the new one beside the old one's WAL."""
    database = tmp_path / "gop-y.sqlite3"
    write_config(tmp_path, database)
    with running_service(tmp_path) as service:
        assert send_json(service.url, QUESTION, question(), source="127.0.0.85").status == 201
        copy = tmp_path / "sao-luu.sqlite3"
        with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        os.replace(copy, database)
        _assert_refused_everywhere(service.url, 20)


def _read_only_for_the_service(folder: Path) -> tuple[tuple[str, ...], Callable[[int], object]]:
    """A command prefix that starts the service with `folder` read-only, and a function that makes it
    writable again while the service runs."""
    if os.geteuid() == 0:  # root ignores file modes: a read-only bind mount in the service's own namespace
        prefix = ("unshare", "--mount", "sh", "-c",
                  'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"', str(folder))
        return prefix, lambda pid: subprocess.run(["nsenter", "-t", str(pid), "-m", "mount", "-o", "remount,rw,bind",
                                                   str(folder)], check=True, timeout=30)
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)

    def writable(pid: int) -> None:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.chmod(0o644)
    return (), writable


def test_after_a_read_only_spell_every_thread_writes_again(tmp_path: Path) -> None:
    """SQLite opens a file it cannot write read-only and keeps it so: the threads that opened their
    connection during the spell must open a new one after it, not refuse until a restart."""
    folder = tmp_path / "du-lieu"
    database = folder / "gop-y.sqlite3"
    write_config(tmp_path, database)
    with running_service(tmp_path) as service:
        assert send_json(service.url, QUESTION, question(), source="127.0.0.86").status == 201
    prefix, writable = _read_only_for_the_service(folder)
    try:
        with running_service(tmp_path, command_prefix=prefix) as service:
            _assert_refused_everywhere(service.url, 40)
            writable(service.process.pid)
            acknowledged: list[Answer] = []
            clients = [threading.Thread(target=lambda n=number: acknowledged.append(
                send_json(service.url, QUESTION, question(), source=f"127.0.4.{n}"))) for number in range(16)]
            for thread in clients:
                thread.start()
            for thread in clients:
                thread.join(timeout=30)
            assert [answer.status for answer in acknowledged] == [201] * 16, [answer.body for answer in acknowledged]
    finally:
        folder.chmod(0o755)
    assert {answer.json()["code"] for answer in acknowledged} <= codes_in(database)
