"""Run the service alone: waitress, a pure-Python WSGI server that runs on Linux and Windows alike."""

from __future__ import annotations

import logging

from cchc.content.settings import Settings
from cchc.gopy.app import create_app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8090, *, threads: int = 8) -> None:
    """Serve until interrupted. Bind to loopback: nginx (or `cchc serve`) is the only client."""
    import waitress

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    # The service refuses a body over max_body_kb itself, in Vietnamese; waitress only stops the absurd.
    waitress.serve(app, host=host, port=port, threads=threads, ident="cchc-gop-y",
                   max_request_body_size=2**20, channel_timeout=30)
