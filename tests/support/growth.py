"""How a cost grows with its input, measured against itself in the same run (never against a fixed time):
the processor time of `work(4 n)` over that of `work(n)`, the two sizes taking turns and the least of
each kept, so a busy machine slows both sides. A linear cost gives about 4 (a little more where memory
grows), a quadratic one 16: tests assert below LINEAR_AT_MOST."""

from __future__ import annotations

import time
from collections.abc import Callable

FACTOR = 4
LINEAR_AT_MOST = 8.0  # n^1.5: twice what a linear cost needs, half what a quadratic one shows


def growth(work: Callable[[int], object], n: int, *, rounds: int = 5) -> float:
    """CPU seconds of work(FACTOR * n) / CPU seconds of work(n), each the least of `rounds` runs."""
    best = {n: float("inf"), FACTOR * n: float("inf")}
    for _ in range(rounds):
        for size in best:
            started = time.process_time()
            work(size)
            best[size] = min(best[size], time.process_time() - started)
    return best[FACTOR * n] / max(best[n], 1e-4)
