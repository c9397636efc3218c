"""waitress's connection limit and timeouts (src/cchc/gopy/server.py), on the service as a process:
clients that connect straight to it and stall do not lock others out for long."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from support.gopy import question, running_service, send_json, write_config

from cchc.gopy.server import CHANNEL_TIMEOUT, CLEANUP_INTERVAL, CONNECTION_LIMIT


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
