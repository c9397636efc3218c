"""Per-address rate limit inside the service: a token bucket per source address.

nginx limits first (limit_req, deploy/nginx/cchc.conf); this second limit also holds when the
service is reached another way (the preview of `cchc serve`, a proxy configured without the zone).

Memory and time stay bounded: the buckets are kept in the order their addresses were last seen, and
past `max_addresses` the address seen longest ago is forgotten, one per request, whatever the size
of the table. That address's bucket is full (nothing to forget) when it was last seen more than
burst / rate seconds ago (60 s by default); otherwise more than `max_addresses` addresses were seen
within that time, and its bucket starts full again when it comes back."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    def __init__(self, *, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic,
                 max_addresses: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.max_addresses = max_addresses
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address → (tokens, when), oldest first
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.pop(address, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            allowed = tokens >= 1
            self._buckets[address] = (tokens - 1 if allowed else tokens, now)  # now the newest
            if len(self._buckets) > self.max_addresses:
                self._buckets.popitem(last=False)
            return allowed

    def __len__(self) -> int:
        return len(self._buckets)
