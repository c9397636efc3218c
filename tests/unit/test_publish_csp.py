"""The Content-Security-Policy of the shipped nginx server block (deploy/nginx/cchc.conf) is strict. What it
allows on built pages: tests/build/test_nginx_csp.py; as real nginx sends it: tests/system/test_nginx.py."""

from __future__ import annotations

import re

from support.nginx import shipped_policy

from cchc.publish import csp


def test_csp_is_strict() -> None:
    directives = csp.parse_csp(shipped_policy())
    assert directives["default-src"] == ["'self'"]
    assert all(source == "'self'" or re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source)
               for source in directives["script-src"])
    assert directives["object-src"] == ["'none'"]
    for name in ("base-uri", "form-action", "frame-ancestors"):
        assert directives[name] == ["'self'"], name
    for name in ("style-src", "img-src", "font-src", "connect-src"):
        assert directives[name][0] == "'self'" and "'unsafe-inline'" not in directives[name], name
    assert not any("'unsafe-eval'" in sources or "*" in sources for sources in directives.values())
