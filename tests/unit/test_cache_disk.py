"""The build's cache (one SQLite file under .cache/cchc/) and the thread that writes it: entries come
back as stored, a new salt never serves an old entry, a damaged or unwritable cache is a miss."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cchc.cache.background import Worker
from cchc.cache.disk import DATABASE, FOLDER, DiskCache, flush


def test_entries_come_back_as_stored(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, "trang", "muoi-1")
    cache.put("a", {"html": "<p>Sở</p>", "n": [1, 2]})
    cache.put_bytes("b", "Giáo dục".encode())
    cache.put_tree("c", {"x/1.bin": b"\x00\x01", "y.json": b"{}", "rong": b""})
    flush()
    again = DiskCache(tmp_path, "trang", "muoi-1")  # another build, another connection
    assert again.get("a") == {"html": "<p>Sở</p>", "n": [1, 2]}
    assert again.get_bytes("b") == "Giáo dục".encode()
    assert again.get_tree("c") == {"x/1.bin": b"\x00\x01", "y.json": b"{}", "rong": b""}
    assert again.get("khong-co") is None and again.get_tree("khong-co") is None
    assert [path.name for path in (tmp_path / FOLDER).iterdir() if not path.name.startswith(DATABASE + "-")] == [DATABASE]


def test_a_new_salt_never_serves_an_old_entry_and_removes_them(tmp_path: Path) -> None:
    DiskCache(tmp_path, "trang", "muoi-1").put("a", 1)
    DiskCache(tmp_path, "markdown", "muoi-1").put("a", 2)
    flush()
    newer = DiskCache(tmp_path, "trang", "muoi-2")
    assert newer.get("a") is None
    newer.put("b", 3)
    flush()
    assert DiskCache(tmp_path, "trang", "muoi-1").get("a") is None  # removed with the old salt
    assert DiskCache(tmp_path, "markdown", "muoi-1").get("a") == 2  # another kind keeps its own


def test_keep_only_removes_what_the_last_build_did_not_use(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, "trang", "muoi")
    for key in "abc":
        cache.put_bytes(key, key.encode())
    cache.keep_only(["a", "c"])
    assert [cache.get_bytes(key) for key in "abc"] == [b"a", None, b"c"]


def test_a_damaged_cache_file_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    (tmp_path / FOLDER).mkdir(parents=True)
    (tmp_path / FOLDER / DATABASE).write_bytes(b"khong phai SQLite " * 200)
    cache = DiskCache(tmp_path, "trang", "muoi")
    assert cache.get("a") is None
    cache.put("a", "lại")
    flush()
    assert DiskCache(tmp_path, "trang", "muoi").get("a") == "lại"


def test_a_cache_that_cannot_be_written_is_a_miss(tmp_path: Path) -> None:
    # (a file where the folder should be: fails for root too, unlike a read-only folder)
    (tmp_path / ".cache").write_text("một tệp, không phải thư mục")
    cache = DiskCache(tmp_path, "trang", "muoi")
    cache.put("a", 1)
    flush()
    assert cache.get("a") is None


def test_the_worker_runs_work_in_order_off_the_callers_thread() -> None:
    worker = Worker("thu", backlog=2)
    done: list[tuple[int, str]] = []
    for number in range(50):
        worker.submit(lambda n: done.append((n, threading.current_thread().name)), number)
    worker.drain()
    assert [number for number, _ in done] == list(range(50))
    assert {name for _, name in done} == {"thu"}


def test_the_worker_reports_a_failure_at_drain_and_goes_on_after_it() -> None:
    worker = Worker("thu")
    done: list[int] = []

    def fail() -> None:
        raise RuntimeError("hỏng")

    worker.submit(fail)
    worker.submit(done.append, 1)  # skipped: the first failure stops the work handed over with it
    with pytest.raises(RuntimeError, match="hỏng"):
        worker.drain()
    worker.submit(done.append, 2)
    worker.drain()
    assert done == [2]


def test_a_closed_worker_s_thread_ends_after_its_work() -> None:
    worker = Worker("mot-lan")
    done: list[int] = []
    worker.submit(done.append, 1)
    thread = worker._thread
    worker.close()
    assert thread is not None
    thread.join(timeout=5)
    assert not thread.is_alive() and done == [1]
    worker.submit(done.append, 2)  # a later build may use it again: a new thread
    worker.drain()
    assert done == [1, 2]
