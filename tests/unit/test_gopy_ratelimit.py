"""The feedback service's per-address limiter: its cost does not grow with the number of addresses,
and past its size it forgets the address seen longest ago. (waitress's limits: tests/system/test_gopy_limits.py.)"""

from __future__ import annotations

import time
from collections.abc import Iterator

from cchc.gopy.ratelimit import RateLimiter


def _fresh_addresses(prefix: str, count: int) -> Iterator[str]:
    return (f"{prefix}.{number >> 8}.{number & 255}" for number in range(count))


def _cost(limiter: RateLimiter, addresses: list[str]) -> float:
    started = time.perf_counter()
    for address in addresses:
        limiter.allow(address)
    return (time.perf_counter() - started) / len(addresses)


def test_the_limiter_costs_the_same_with_over_100000_addresses() -> None:
    """Time stands still, so no bucket refills: every address stays limited and none may be dropped as
    full. Each measured call brings a new address, which makes the table forget its oldest one: the
    same work with a table of 10 and of 100,000 addresses. The bound is a ratio, not a time."""
    frozen = 1000.0
    few = RateLimiter(per_minute=30, burst=30, clock=lambda: frozen, max_addresses=10)
    many = RateLimiter(per_minute=30, burst=30, clock=lambda: frozen)
    for address in _fresh_addresses("10.0", 10):
        few.allow(address)
    for address in _fresh_addresses("10.1", 100_001):
        many.allow(address)
    assert len(few) == 10 and len(many) == 100_000
    ratios = []
    for attempt in range(5):
        small = _cost(few, list(_fresh_addresses(f"11.{attempt}", 2000)))
        large = _cost(many, list(_fresh_addresses(f"12.{attempt}", 2000)))
        ratios.append(large / small)
    assert len(many) == 100_000
    assert min(ratios) < 10, ratios  # the table rebuilt on every call: about 10,000 times


def test_the_limiter_forgets_the_address_seen_longest_ago() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0], max_addresses=3)
    assert [limiter.allow("a") for _ in range(3)] == [True, True, False]
    limiter.allow("b")
    limiter.allow("c")
    assert limiter.allow("a") is False  # seen again: now the newest, still limited
    limiter.allow("d")  # "b", seen longest ago, is forgotten
    assert len(limiter) == 3 and limiter.allow("a") is False
    now[0] = 1.0  # a token a second
    assert limiter.allow("a") is True and limiter.allow("a") is False

