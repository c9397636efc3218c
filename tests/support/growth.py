"""How a cost grows with its input, measured against itself in the same run (never against a fixed time):
the processor time of `work(4 n)` over that of `work(n)`, the two sizes taking turns and the least of
each kept, so a busy machine slows both sides. A linear cost gives about 4 (a little more where memory
grows), a quadratic one 16: tests assert below LINEAR_AT_MOST.

Each measurement of the small size runs it FACTOR times in a row, so that both last about as long: the
least of short runs found the quiet moments of a busy machine (the other test worker) that long runs
could not, and a linear reading measured 11 to 12.6 in full runs of the suite (test_html_policy.py's
DOCTYPE); with three memory-bound processes beside it, 4.1–7.2 that way and 4.1–4.7 this way."""

from __future__ import annotations

import time
from collections.abc import Callable

FACTOR = 4
LINEAR_AT_MOST = 8.0  # n^1.5: twice what a linear cost needs, half what a quadratic one shows


def growth(work: Callable[[int], object], n: int, *, rounds: int = 5) -> float:
    """CPU seconds of work(FACTOR * n) / CPU seconds of work(n), each the least of `rounds` runs (the
    small size's as a FACTOR-th of FACTOR runs in a row)."""
    small = large = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(FACTOR):
            work(n)
        small = min(small, (time.process_time() - started) / FACTOR)
        started = time.process_time()
        work(FACTOR * n)
        large = min(large, time.process_time() - started)
    return large / max(small, 1e-4)
