"""A time limit for a block of code, so that no input can keep a build or a publish busy for ever.

Python-Markdown needs time that grows with the square of some inputs (a paragraph of 4,000 unclosed
`[`, 12 KB, takes 35 s); nothing in its API bounds that. A `TimeLimit` raises `TimeLimitExceeded`
in the block when it runs out (SIGALRM, main thread only; elsewhere, such as a test worker thread,
the block runs unbounded). Limits nest: an inner one never outlives an outer one, and each caller
knows whether the exception it catches is its own.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType, TracebackType


class TimeLimitExceeded(Exception):
    def __init__(self, limit: TimeLimit) -> None:
        super().__init__(f"quá {limit.seconds:g} giây")
        self.limit = limit


class TimeLimit:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._active = False

    def __enter__(self) -> TimeLimit:
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
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
