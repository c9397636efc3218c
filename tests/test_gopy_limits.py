"""The feedback service's own limits: the per-address limiter keeps its cost whatever the number of
addresses, and waitress's connection limit and timeouts keep slow clients from locking others out."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

from gopy_support import question, running_service, send_json, write_config

from cchc.gopy.ratelimit import RateLimiter
from cchc.gopy.server import CHANNEL_TIMEOUT, CLEANUP_INTERVAL, CONNECTION_LIMIT


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


def _stalled(port: int, count: int) -> list[socket.socket]:
    """Clients that open a connection, send half a request and then nothing."""
    clients = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(b"POST /cchc/api/gop-y HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
        clients.append(client)
    return clients


def test_slow_clients_straight_at_the_service_do_not_lock_others_out_for_long(tmp_path: Path) -> None:
    """150 stalled clients are fewer than the connection limit: a citizen is answered at once. More
    stalled clients than the limit: answered once the idle ones are dropped (CHANNEL_TIMEOUT, looked
    for every CLEANUP_INTERVAL), not after waitress's default minute or two."""
    write_config(tmp_path, tmp_path / "gop-y.sqlite3")
    stalled: list[socket.socket] = []
    with running_service(tmp_path) as service:
        try:
            stalled += _stalled(service.port, 150)
            started = time.monotonic()
            answer = send_json(service.url, "/cchc/api/gop-y", question(), source="127.0.5.1", timeout=30)
            assert answer.status == 201 and time.monotonic() - started < 3
            stalled += _stalled(service.port, CONNECTION_LIMIT)
            started = time.monotonic()
            answer = send_json(service.url, "/cchc/api/gop-y", question(), source="127.0.5.2", timeout=60)
            waited = time.monotonic() - started
            assert answer.status == 201 and waited < CHANNEL_TIMEOUT + CLEANUP_INTERVAL + 5, waited
        finally:
            for client in stalled:
                client.close()
