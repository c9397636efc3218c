"""Run the service alone: waitress, a pure-Python WSGI server that runs on Linux and Windows alike.

On the server nginx reaches it over a unix socket (`socket`), which only nginx may open (the
socket's folder and mode: deploy/systemd/cchc-gop-y.service), so every request's X-Real-IP is the
citizen's address. Over TCP (`host`, `port`: Windows, tests) a peer's own address counts, unless it
is listed in `trusted_proxies` (never loopback: every program of the machine has that address)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from cchc.content.settings import Settings
from cchc.gopy.app import Peers, create_app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8090, *, socket: Path | None = None,
          threads: int = 8) -> None:
    """Serve until interrupted, on the unix `socket` when given, else on `host`:`port` (loopback: nginx
    or `cchc serve` is the only client)."""
    import waitress

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if socket is not None:
        app = create_app(settings, peers=Peers.PROXY)
        # Read and write for the service's user and group (nginx's user is in that group); no one else.
        where: dict[str, Any] = {"unix_socket": str(socket), "unix_socket_perms": "660"}
    else:
        app = create_app(settings, peers=Peers.LISTED)
        where = {"host": host, "port": port}
    # The service refuses a body over max_body_kb itself, in Vietnamese; waitress only stops the absurd.
    waitress.serve(app, **where, threads=threads, ident="cchc-gop-y", max_request_body_size=2**20, channel_timeout=30)
