"""A time limit for a block of code, so that no input can keep a build or a publish busy for ever.

Python-Markdown needs time that grows with the square of some inputs (a paragraph of 4,000 unclosed
`[`, 12 KB, takes 35 s); nothing in its API bounds that. A `TimeLimit` raises `TimeLimitExceeded`
in the block when it runs out (SIGALRM: in the main thread only, and not on Windows; elsewhere the
block runs unbounded, so `signals_work` says whether it can). Limits nest: an inner one never
outlives an outer one, and each caller knows whether the exception it catches is its own. Where a
signal cannot interrupt, `Isolated` runs calls in a child process and kills it when time runs out.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any, BinaryIO


class TimeLimitExceeded(Exception):
    def __init__(self, limit: TimeLimit) -> None:
        super().__init__(f"quá {limit.seconds:g} giây")
        self.limit = limit


class TimeLimit:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._active = False

    def __enter__(self) -> TimeLimit:
        if not signals_work():
            return self
        self._start = time.monotonic()
        self._outer_handler = signal.getsignal(signal.SIGALRM)
        self._outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
        if self._outer_left and self._outer_left <= self.seconds:
            return self  # an outer limit ends first: it alone fires
        signal.signal(signal.SIGALRM, self._expire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self._active = True
        return self

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(self)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if not self._active:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._outer_handler)
        if self._outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(self._outer_left - (time.monotonic() - self._start), 0.001))
        self._active = False

    def owns(self, error: TimeLimitExceeded) -> bool:
        return error.limit is self


def signals_work() -> bool:
    """Whether a TimeLimit can interrupt code here: only in the main thread, and not on Windows."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class ChildLost(Exception):
    """The child process of an `Isolated` ended in the middle of a call (killed from outside, a crash)."""


class Isolated:
    """Calls run one at a time in a child process, each with a time limit: the limit that holds where a
    TimeLimit cannot (a thread that is not the main one, such as the preview's builds; Windows). The
    child lives on between calls, so its start and imports (`preload`) are paid once; a call that runs
    out of time kills it, and the next call starts another.

    The child is `python -m cchc.render.time_limit`, talking over its standard input and output; a
    thread here reads its answers, so that waiting for one can time out on every system. (Not
    multiprocessing: its "spawn" runs the parent's main script again in the child.) The child ends
    when its input closes, so it never outlives this process."""

    STARTUP_SECONDS = 120.0  # for the child to start and import `preload`, on a loaded machine

    def __init__(self, preload: str = "") -> None:
        self._preload = preload
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[bytes | None] = queue.Queue()
        self._ready = False

    def start(self) -> None:
        """Start the child now, ahead of the first call (it imports while the caller goes on)."""
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._stop()
        process = subprocess.Popen([sys.executable, "-m", __name__, self._preload], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE)
        assert process.stdout is not None
        self._process, self._answers, self._ready = process, queue.Queue(), False
        threading.Thread(target=_read_answers, args=(process.stdout, self._answers), name="cchc-markdown-answers",
                         daemon=True).start()

    def call(self, seconds: float, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` in the child (a module-level function and picklable values); what it raised
        is raised here. Raises TimeLimitExceeded after `seconds`, ChildLost when the child ended during
        the call, pickle's errors when an argument cannot be sent (the child is then unchanged), OSError
        when no child can be started or it never said it was ready."""
        request = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._start()
            process = self._process
            assert process is not None and process.stdin is not None
            if not self._ready:
                self._answer(self.STARTUP_SECONDS)  # its "ready"
                self._ready = True
            try:
                process.stdin.write(len(request).to_bytes(8, "big") + request)
                process.stdin.flush()
            except OSError as error:
                self._stop()
                raise ChildLost(str(error)) from None
            answer = self._answer(seconds)
        failed, value = pickle.loads(answer)
        if failed:
            raise value
        return value

    def _answer(self, seconds: float) -> bytes:
        started = self._ready
        try:
            answer = self._answers.get(timeout=seconds)
        except queue.Empty:
            self._stop()
            if not started:
                raise OSError("the child process did not start") from None
            raise TimeLimitExceeded(TimeLimit(seconds)) from None
        if answer is None:
            self._stop()
            if not started:
                raise OSError("the child process ended before it was ready")
            raise ChildLost("the child process ended")
        return answer

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        process, self._process, self._ready = self._process, None, False
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


def _read_answers(stream: BinaryIO, answers: queue.Queue[bytes | None]) -> None:
    """The parent's reader of a child's answers (each: its length in 8 bytes, then a pickle); None at the end."""
    try:
        while len(header := stream.read(8)) == 8:
            size = int.from_bytes(header, "big")
            answer = stream.read(size)
            if len(answer) < size:
                break
            answers.put(answer)
    except (OSError, ValueError):
        pass
    answers.put(None)


def _serve(preload: str) -> None:
    """The child: import `preload`, say it is ready, then answer each call with (failed, result or exception)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent, which then closes the pipe
    logging.getLogger().addHandler(logging.NullHandler())  # no English log line in the staff's terminal
    requests = sys.stdin.buffer
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # what runs here prints nowhere, never into the answers
    if preload:
        importlib.import_module(preload)

    def send(answer: tuple[bool, Any]) -> None:
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # an exception or result that does not pickle
            data = pickle.dumps((True, RuntimeError(f"{type(error).__name__}: {error}")))
        answers.write(len(data).to_bytes(8, "big") + data)
        answers.flush()

    send((False, "ready"))
    while len(header := requests.read(8)) == 8:
        function, args = pickle.loads(requests.read(int.from_bytes(header, "big")))
        try:
            answer = (False, function(*args))
        except Exception as error:
            answer = (True, error)
        send(answer)


if __name__ == "__main__":
    _serve(sys.argv[1] if len(sys.argv) > 1 else "")
