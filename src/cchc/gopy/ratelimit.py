"""Per-address rate limit inside the service: a token bucket per source address.

nginx limits first (limit_req, deploy/nginx/cchc.conf); this second limit also holds when the
service is reached another way (the preview of `cchc serve`, a proxy configured without the zone).
Memory stays bounded: full buckets carry no information and are dropped when the table grows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(self, *, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic,
                 max_addresses: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.max_addresses = max_addresses
        self._buckets: dict[str, tuple[float, float]] = {}  # address → (tokens, when)
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.get(address, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            allowed = tokens >= 1
            self._buckets[address] = (tokens - 1 if allowed else tokens, now)
            if len(self._buckets) > self.max_addresses:
                self._forget_full(now)
            return allowed

    def _forget_full(self, now: float) -> None:
        refill = self.burst / self.rate
        self._buckets = {address: (tokens, when) for address, (tokens, when) in self._buckets.items()
                         if now - when < refill}
