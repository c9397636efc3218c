"""Real nginx (the Debian package) with the shipped server block (deploy/nginx/cchc.conf), started by a
test on 127.0.0.1 and stopped in a finally: its "SỬA" values replaced (listen address, the alias to
DEST, the feedback service's port); the repository's site published into a DEST for it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from cchc.publish import csp
from support import FIXED_NOW, REPO

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
SHIPPED = REPO / "deploy" / "nginx" / "cchc.conf"
SHIPPED_LISTEN = "listen 80;"
SHIPPED_ALIAS = "alias /srv/cchc/site/;"
SHIPPED_UPSTREAM = "server unix:/run/cchc/gop-y.sock;"
STAGING_SITE_URL = "https://thu.sgddt.hungyen.gov.vn/cchc/"


def shipped_policy() -> str:
    policy = csp.nginx_csp(SHIPPED.read_text(encoding="utf-8"))
    assert policy is not None, "deploy/nginx/cchc.conf has no Content-Security-Policy"
    return policy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nginx_conf(workdir: Path, dest: Path, port: int, feedback_socket: Path | None = None) -> Path:
    shipped = SHIPPED.read_text(encoding="utf-8")
    # The sample's placeholders are replaced, each exactly once (an edited sample fails here, loudly).
    assert shipped.count(SHIPPED_LISTEN) == 1 and shipped.count(SHIPPED_ALIAS) == 1 and shipped.count(SHIPPED_UPSTREAM) == 1
    site = shipped.replace(SHIPPED_LISTEN, f"listen 127.0.0.1:{port};").replace(SHIPPED_ALIAS, f"alias {dest}/;")
    if feedback_socket is not None:  # the feedback service's socket, started by the test (tests/system/test_gopy_*.py)
        site = site.replace(SHIPPED_UPSTREAM, f"server unix:{feedback_socket};")
    (workdir / "cchc.conf").write_text(site, encoding="utf-8")
    temp = {name: workdir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    config = workdir / "nginx.conf"
    config.write_text("\n".join([
        # As root (CI), workers would drop to `nobody`, who cannot read pytest's private temporary folders.
        *(["user root;"] if os.geteuid() == 0 else []),
        "worker_processes 1;",
        "daemon off;",
        f"pid {workdir / 'nginx.pid'};",
        f"error_log {workdir / 'error.log'} warn;",
        "events { worker_connections 512; }",  # the feedback load benchmark: 50 clients, each proxied
        "http {",
        f"    include {MIME_TYPES};",
        "    default_type application/octet-stream;",
        f"    access_log {workdir / 'access.log'};",
        *(f"    {name}_temp_path {path};" for name, path in
          (("client_body", temp["body"]), ("proxy", temp["proxy"]), ("fastcgi", temp["fastcgi"]),
           ("uwsgi", temp["uwsgi"]), ("scgi", temp["scgi"]))),
        "    sendfile on;",
        f"    include {workdir / 'cchc.conf'};",
        "}",
        "",
    ]), encoding="utf-8")
    return config


@contextmanager
def running_nginx(dest: Path, workdir: Path, feedback_socket: Path | None = None) -> Iterator[str]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: apt-get install nginx (Debian package; the test starts it itself)")
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    config = nginx_conf(workdir, dest, port, feedback_socket)
    command = [NGINX, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(config)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False, timeout=30)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                log = (workdir / "error.log").read_text(errors="replace") if (workdir / "error.log").exists() else ""
                pytest.fail(f"nginx stopped: {process.stderr.read().decode() if process.stderr else ''}\n{log}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not start listening")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # SIGTERM to the master: fast shutdown of master and workers
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        with suppress(ProcessLookupError):  # any worker left behind
            os.killpg(process.pid, signal.SIGKILL)
        if process.stderr:
            process.stderr.close()


def publish_staging(root: Path) -> Path:
    """The repository's own site, published by the real command into a DEST symlink under `root`. Its agency
    and posts are the shipped samples, so it is a staging copy (`--staging`: the only way they are published)."""
    dest = root / "cchc"
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8", "CCHC_SITE_URL": STAGING_SITE_URL}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "publish", "--staging", str(dest)], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    # publish checks the new release against the shipped CSP: no inline code it would block.
    assert "cảnh báo" not in done.stderr, done.stderr
    assert dest.is_symlink()
    return dest
