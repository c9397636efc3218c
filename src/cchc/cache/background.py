"""Work the build hands to a thread of its own, so that it renders on while the disk or a pipe is slow.

A full build stores a cache entry for every page (src/cchc/cache/disk.py) and streams every page
to the search process (src/cchc/search/process.py), whose pipe fills whenever that
process is behind. Done in the build's thread, both were waits; the worker's thread releases
Python's lock while it waits on the system, so the build goes on meanwhile. Work runs in the order
it was handed over; `drain` waits for all of it and raises what failed.
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any

_WORKERS: weakref.WeakSet[Worker] = weakref.WeakSet()


def alone() -> bool:
    """Whether this process runs no thread but its main one and idle workers' (nothing queued): then a
    forked process can inherit no lock held half-way (src/cchc/render/markdown.py forks to convert)."""
    idle = {worker._thread for worker in _WORKERS if worker._queue.unfinished_tasks == 0}
    others = [thread for thread in threading.enumerate() if thread is not threading.main_thread()]
    return threading.current_thread() is threading.main_thread() and all(thread in idle for thread in others)


class Worker:
    def __init__(self, name: str, *, backlog: int = 4096) -> None:
        self._name = name
        self._queue: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = queue.Queue(maxsize=backlog)
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._lock = threading.Lock()
        _WORKERS.add(self)

    def submit(self, work: Callable[..., Any], *args: Any) -> None:
        """Run `work(*args)` in the worker's thread, after what was handed over before (blocks while the
        backlog is full, which bounds the memory held by queued work)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
        self._queue.put((work, args))

    def drain(self) -> None:
        """Wait until everything handed over has run; raise the first failure, if any."""
        self._queue.join()
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def close(self) -> None:
        """Let the thread end once the work handed over is done (a worker of one build, not of the process)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._queue.put(None)
            self._thread = None

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                return
            work, args = item
            try:
                if self._failure is None:
                    work(*args)
            except BaseException as error:  # kept for `drain`: the thread itself must not die silently
                self._failure = error
            finally:
                self._queue.task_done()
