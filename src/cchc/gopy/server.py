"""Run the service alone: waitress, a pure-Python WSGI server that runs on Linux and Windows alike.

On the server nginx reaches it over a unix socket (`socket`), which only nginx may open (the
socket's folder and mode: deploy/systemd/cchc-gop-y.service), so every request's X-Real-IP is the
citizen's address. Over TCP (`host`, `port`: Windows, tests) a peer's own address counts, unless it
is listed in `trusted_proxies` (never loopback: every program of the machine has that address).

waitress's limits are set here (LIMITS). With its default of 100 connections and idle ones closed
after 30 s, looked for every 30 s, 150 clients that connected and stalled shut everyone else out for
up to a minute. A client that sends a byte now and then is not idle and keeps its connection; behind
nginx the service never sees one, as nginx reads each request whole before passing it on."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from cchc.content.settings import Settings
from cchc.gopy.app import Peers, create_app

CONNECTION_LIMIT = 500  # open connections; past it waitress accepts no more until one closes (unit: LimitNOFILE)
CHANNEL_TIMEOUT = 10  # seconds a connection may stay silent with no request being answered; nginx drops its own at 4 s
CLEANUP_INTERVAL = 1  # seconds between two looks for idle connections
LIMITS: dict[str, Any] = {
    "connection_limit": CONNECTION_LIMIT,
    "channel_timeout": CHANNEL_TIMEOUT,
    "cleanup_interval": CLEANUP_INTERVAL,
    "backlog": 1024,  # connections waiting to be accepted
    "max_request_header_size": 16 * 1024,  # a browser's headers through nginx are a few hundred bytes
    # nginx's client_max_body_size: a body up to it reaches the service, which refuses one over
    # max_body_kb itself, in Vietnamese; a body over 64 KiB waits in a temporary file, not in memory.
    "max_request_body_size": 2**20,
    "inbuf_overflow": 64 * 1024,
}


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8090, *, socket: Path | None = None,
          threads: int = 8, site: Path | None = None) -> None:
    """Serve until interrupted, on the unix `socket` when given, else on `host`:`port` (loopback: nginx
    or `cchc serve` is the only client)."""
    import waitress

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if socket is not None:
        app = create_app(settings, peers=Peers.PROXY, site=site)
        # Read and write for the service's user and group (nginx's user is in that group); no one else.
        where: dict[str, Any] = {"unix_socket": str(socket), "unix_socket_perms": "660"}
    else:
        app = create_app(settings, peers=Peers.LISTED, site=site)
        where = {"host": host, "port": port}
    waitress.serve(app, **where, threads=threads, ident="cchc-gop-y", **LIMITS)
