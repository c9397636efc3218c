"""The feedback service as a real process (`cchc gop-y chay`, on a TCP port or on the unix socket nginx
uses), its configuration, and a small HTTP client that can choose its source address on the loopback
(127.0.0.2 … 127.0.0.254) or talk over a unix socket."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from support import REPO
from support.project import READY_SITE_URL

HOTLINE = "0221 3000 001"  # extra.cchc.agency.hotline of the repository's mkdocs.yml
CODE = r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(folder: Path, database: Path, *, content_from: Path | None = None, **feedback: object) -> Path:
    """A project folder whose mkdocs.yml INHERITs the repository's, with its own database; with
    `content_from`, the plans and posts of that project (as the server's clone has the site's)."""
    folder.mkdir(parents=True, exist_ok=True)
    if content_from is not None:
        for name in ("plan", "content"):
            (folder / name).symlink_to(content_from / name, target_is_directory=True)
    # A real address: `cchc gop-y chay` refuses to give citizens receipts with a sample one.
    config = {"INHERIT": str(REPO / "mkdocs.yml"), "site_url": READY_SITE_URL,
              # Paths of the parent resolve against this file's folder, so point at the repository.
              "theme": {"name": "material", "custom_dir": str(REPO / "overrides")},
              "hooks": [str(REPO / "hooks" / "cchc_hooks.py")], "docs_dir": str(REPO / "docs"), "watch": [],
              "extra": {"cchc": {"feedback": {"database": str(database), **feedback}}}}
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_MKDOCS_2_WARNING": "1", **extra}
    for name in ("CCHC_NOW", "SOURCE_DATE_EPOCH", "CCHC_FEEDBACK_DB"):
        if name not in extra:
            env.pop(name, None)
    return env


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    port: int  # 0 on a unix socket
    folder: Path
    log: Path
    socket: Path | None = None

    @property
    def url(self) -> str:
        return f"unix:{self.socket}" if self.socket else f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """kill -9: no chance to flush or close anything."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def _wait_listening(process: subprocess.Popen[bytes], port: int, log: Path, unix: Path | None = None) -> None:
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the feedback service stopped:\n{log.read_text(errors='replace')}")
        try:
            if unix is not None:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.settimeout(0.5)
                    probe.connect(str(unix))
            else:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the feedback service did not listen:\n{log.read_text(errors='replace')}") from None
            time.sleep(0.05)


@contextmanager
def running_service(folder: Path, *, port: int | None = None, unix: Path | None = None,
                    command_prefix: tuple[str, ...] = (), preexec: Callable[[], None] | None = None,
                    args: tuple[str, ...] = ()) -> Iterator[Service]:
    """`cchc gop-y chay` in `folder` (which has its mkdocs.yml), on a TCP port or, with `unix`, on that
    unix socket as on the server; stopped (SIGTERM, then SIGKILL) on exit. `args`: more options of `chay`."""
    port = 0 if unix is not None else port or free_port()
    where = ["--socket", str(unix)] if unix is not None else ["--port", str(port)]
    log = folder / f"service-{uuid.uuid4().hex[:6]}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command_prefix, sys.executable, "-m", "cchc.cli", "gop-y", "chay", *where, *args],
            cwd=folder, env=environment(), stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=preexec,
        )
    service = Service(process, port, folder, log, unix)
    try:
        _wait_listening(process, port, log, unix)
        yield service
    finally:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                service.kill()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    all_headers: list[tuple[str, str]]
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


def post(base: str, path: str, body: bytes, content_type: str, *, source: str | None = None,
         headers: dict[str, str] | None = None, method: str = "POST", timeout: float = 15) -> Answer:
    """One request to `base`: http://HOST:PORT, or unix:PATH (the service's socket, as nginx reaches it)."""
    connection: http.client.HTTPConnection
    if base.startswith("unix:"):
        connection = _UnixConnection(base.removeprefix("unix:"), timeout)
    else:
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout,
                                                source_address=(source, 0) if source else None)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": content_type, **(headers or {})})
        response = connection.getresponse()
        all_headers = response.getheaders()
        return Answer(response.status, {name.lower(): value for name, value in all_headers}, all_headers, response.read())
    finally:
        connection.close()


def question(**fields: object) -> dict[str, object]:
    """A valid question as the page script sends it (open long enough), with `fields` changed."""
    return {"tieu_de": "Hỏi về cấp bản sao văn bằng", "noi_dung": "Xin hỏi thủ tục cấp bản sao văn bằng tốt nghiệp THPT.",
            "dong_y": True, "thoi_gian": 5000, **fields}


def send_json(base: str, path: str, data: dict[str, object], *, headers: dict[str, str] | None = None,
              **options: Any) -> Answer:
    return post(base, path, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json",
                headers={"Accept": "application/json", **(headers or {})}, **options)


def multipart(fields: Mapping[str, str | bytes]) -> tuple[bytes, str]:
    """A browser's multipart/form-data body (raw UTF-8 bytes in each part)."""
    boundary = "----cchc" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def cchc(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The staff command line, run in `folder` (where the service's mkdocs.yml is)."""
    return subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=folder, env=environment(**(env or {})),
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
