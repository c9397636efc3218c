"""`cchc serve` run as staff run it (a subprocess on a free port), and the pages fetched from it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from support import FIXED_NOW
from support.project import SiteProject

MOUNT = "/cchc/"  # serve mounts the site at site_url's path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"cchc serve exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if fetch(url)[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"cchc serve did not answer {url} within {timeout} s:\n{log.read_text(errors='replace')}")


class Serving:
    def __init__(self, project: SiteProject, log: Path, *, host: str = "127.0.0.1") -> None:
        self.port = free_port()
        self.log = log
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)
        env.update({"CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8"})
        with log.open("wb") as output:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "cchc.cli", "serve", "--dia-chi", f"{host}:{self.port}"],
                cwd=project.root, env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        self.base = f"http://127.0.0.1:{self.port}{MOUNT}"
        wait_until_up(self.base, self.server, log)

    def stop(self) -> str:
        self.server.terminate()
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait(timeout=15)
        return self.log.read_text(encoding="utf-8", errors="replace")
