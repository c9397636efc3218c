"""Load on the feedback service behind the shipped nginx config, as citizens would bring it.

    .venv/bin/python bench/gopy_load.py                               # 100 submissions/s for 60 s, table on screen
    .venv/bin/python bench/gopy_load.py --write bench/RESULTS.md      # and into RESULTS.md (its own section)

A real `cchc gop-y chay` (waitress, the repository's default limits) with its own SQLite database,
behind real nginx started from deploy/nginx/cchc.conf as the nginx tests do. 50 clients (one
asyncio loop: Python threads would measure their own scheduling on 2 cores) send on a fixed
schedule (open loop: a slow answer does not slow the offered load), each request on a new
connection from one of the source addresses 127.0.0.2–127.0.0.200 in turn, so
nginx's and the service's per-address limits see what they would see in reality: the mix is 60 %
questions as the page script sends them (JSON), 20 % questions from the form without script
(multipart), 20 % page ratings. Latency is from sending to the last byte of the answer.
Afterwards every acknowledged receipt code is looked up in the database: lost = acknowledged − stored.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import signal
import sqlite3
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the shipped-nginx runner and the service helpers of the tests

from support.gopy import multipart, question, running_service, write_config  # noqa: E402
from support.nginx import running_nginx  # noqa: E402

START, END = "<!-- gop-y-load: start -->", "<!-- gop-y-load: end -->"


@dataclass
class Outcome:
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    late: list[float] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    ratings: int = 0
    failures: list[str] = field(default_factory=list)


def _request(index: int) -> tuple[bytes, str, str]:
    kind = index % 10
    if kind < 6:
        return json.dumps(question(noi_dung=f"Câu hỏi thử tải số {index} về thủ tục hành chính."), ensure_ascii=False).encode(), \
            "application/json", "/cchc/api/gop-y"
    if kind < 8:
        body, content_type = multipart({"tieu_de": "Hỏi không dùng JavaScript", "noi_dung": f"Câu hỏi thử tải số {index}.",
                                        "dong_y": "1", "website": ""})
        return body, content_type, "/cchc/api/gop-y"
    return f"trang=tin-tuc/2022/03/bai-{index % 40}/&huu_ich={'co' if index % 3 else 'chua'}".encode(), \
        "application/x-www-form-urlencoded", "/cchc/api/danh-gia"


async def _send(base: str, source: str, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    """One request on a new connection from `source`, HTTP/1.1 with Connection: close; (status, body)."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port), local_addr=(source, 0))
    try:
        accept = "application/json" if content_type == "application/json" else "text/html"
        writer.write(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nAccept: {accept}\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    head, _, content = answer.partition(b"\r\n\r\n")
    if b"chunked" in head.lower():
        content = b"".join(content.split(b"\r\n")[1::2])
    return int(head.split(b" ", 2)[1]), content


async def _client(number: int, clients: int, per_client: int, interval: float, start: float, base: str, outcome: Outcome) -> None:
    """One client: a request every `interval` seconds on a fixed schedule, whatever the answers take."""
    loop = asyncio.get_running_loop()
    pending = []
    for n in range(per_client):
        index = n * clients + number
        due = start + number * interval / clients + n * interval
        await asyncio.sleep(max(0.0, due - loop.time()))
        pending.append(asyncio.create_task(_one(index, due, base, outcome)))
    await asyncio.gather(*pending)


async def _one(index: int, due: float, base: str, outcome: Outcome) -> None:
    loop = asyncio.get_running_loop()
    body, content_type, path = _request(index)
    sent = loop.time()
    try:
        status, content = await asyncio.wait_for(_send(base, f"127.0.0.{2 + index % 199}", path, body, content_type), 30)
    except (OSError, TimeoutError) as error:
        outcome.failures.append(f"{type(error).__name__}: {error}")
        return
    outcome.latencies.append(loop.time() - sent)
    outcome.late.append(sent - due)
    outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
    code = None
    if status == 201 and content_type == "application/json":
        code = json.loads(content)["code"]
    elif status == 201:
        marker = content.decode("utf-8").split('cchc-receipt__code"><strong>', 1)
        code = marker[1][:8] if len(marker) == 2 else None
    if code:
        outcome.codes.append(code)
    elif status == 303:
        outcome.ratings += 1


async def _load(clients: int, per_client: int, interval: float, base: str, outcome: Outcome,
                pid: int, memory: list[tuple[float, float]]) -> None:
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    load = asyncio.gather(*(_client(number, clients, per_client, interval, start, base, outcome) for number in range(clients)))
    while not load.done():
        memory.append((loop.time() - start, _rss_mb(pid)))
        await asyncio.wait([load], timeout=1)
    memory.append((loop.time() - start, _rss_mb(pid)))
    await load


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(rate: int, seconds: int, clients: int) -> tuple[list[tuple[str, str]], bool]:
    with tempfile.TemporaryDirectory(prefix="cchc-gop-y-bench-") as temp:
        work = Path(temp)
        site = work / "site"
        (site / "gop-y" / "tam-ngung").mkdir(parents=True)
        (site / "gop-y" / "tam-ngung" / "index.html").write_text("<!doctype html><title>Tạm ngưng</title>", encoding="utf-8")
        database = work / "gop-y.sqlite3"
        write_config(work / "may-chu", database)
        outcome = Outcome()
        memory: list[tuple[float, float]] = []
        load_before = os.getloadavg()[0]  # others' work on a shared machine shows in the tail latency
        with running_service(work / "may-chu", unix=work / "gop-y.sock") as service, \
                running_nginx(site, work / "nginx", feedback_socket=service.socket) as base:
            interval = clients / rate
            per_client = int(seconds / interval)
            asyncio.run(_load(clients, per_client, interval, base, outcome, service.process.pid, memory))
            os.killpg(service.process.pid, signal.SIGTERM)
            service.process.wait(timeout=30)
        with sqlite3.connect(database) as connection:
            stored = {row[0] for row in connection.execute("SELECT code FROM questions")}
            stored_ratings = connection.execute("SELECT count(*) FROM ratings").fetchone()[0]
    sent = per_client * clients
    accepted = outcome.statuses.get(201, 0) + outcome.statuses.get(303, 0)
    limited = outcome.statuses.get(429, 0)
    errors = sent - accepted - limited
    lost = len(set(outcome.codes) - stored)
    latencies = sorted(outcome.latencies)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    samples = [memory[0]] + [sample for sample in memory if sample[0] >= 1] if memory else []

    def nearest(at: float) -> tuple[float, float]:
        return min(samples, key=lambda sample: abs(sample[0] - at))

    checkpoints = [nearest(at) for at in range(0, seconds + 1, max(1, seconds // 4))]
    rows = [
        ("offered load", f"{sent:,} submissions: {rate}/s for {seconds} s from {clients} clients, addresses 127.0.0.2–127.0.0.200"),
        ("accepted", f"{accepted:,} ({len(outcome.codes):,} questions with a receipt code, {outcome.ratings:,} ratings)"),
        ("refused by a rate limit (429, on purpose)", f"{limited:,}"),
        ("errors (anything else)", f"{errors:,}" + (f": {outcome.failures[:3]}" if outcome.failures else "")),
        ("latency p50 / p99 / max", f"{p50:.1f} ms / {p99:.1f} ms / {latencies[-1] * 1000:.1f} ms"),
        ("sent late by the client (p99)", f"{sorted(outcome.late)[int(len(outcome.late) * 0.99) - 1] * 1000:.1f} ms"),
        ("service memory (RSS) over time", " · ".join(f"{max(at, 0):.0f} s: {mb:.1f} MB" for at, mb in checkpoints)),
        ("machine load average (1 min) before / after", f"{load_before:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"),
        ("acknowledged / stored / lost", f"{len(outcome.codes):,} questions / {len(stored):,} / **{lost}**; "
                                         f"ratings {outcome.ratings:,} / {stored_ratings:,}"),
    ]
    good = errors == 0 and lost == 0 and p99 <= 250
    return rows, good


def render(rows: list[tuple[str, str]], command: str) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [START, "## Feedback service under load", "",
             f"`{command}` — {dt.date.today().isoformat()}, {machine}; service, nginx and the 50 clients share the machine.",
             "Written by bench/gopy_load.py (see its docstring for what is sent).", "", "| measure | result |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join([*lines, END, ""])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=100, help="submissions per second (default 100)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--write", metavar="RESULTS.md", help="put the table into this file (replacing an earlier one)")
    args = parser.parse_args()
    rows, good = run(args.rate, args.seconds, args.clients)
    command = ".venv/bin/python bench/gopy_load.py" + ("" if (args.rate, args.seconds, args.clients) == (100, 60, 50)
                                                        else f" --rate {args.rate} --seconds {args.seconds} --clients {args.clients}")
    section = render(rows, command + (" --write bench/RESULTS.md" if args.write else ""))
    print(section)
    if args.write:
        path = Path(args.write)
        text = path.read_text(encoding="utf-8")
        if START in text:
            text = text[: text.index(START)] + text[text.index(END) + len(END):].lstrip("\n")
        path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
