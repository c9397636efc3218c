"""Preview speed: from saving a post to the HTTP response that shows the change, in one run.

    make bench-preview                                     # N = 1,000 and 10,000 -> bench/RESULTS.md
    .venv/bin/python bench/preview.py --posts 1000         # one size, table on screen only

For each N, bench/generate_posts.py writes N posts (seed 1), and three preview servers are started in
turn on the same posts, each on a free port of 127.0.0.1:

- ours: `cchc serve` of the repository's site (the incremental preview, src/cchc/preview/server.py);
- MkDocs: `mkdocs serve` of the same posts as plain pages of a bare MkDocs + Material site (the
  floor site of bench/run.py, Material's search plugin on), MkDocs' own live reload;
- Hugo: `hugo server` (Debian's package) of the same posts as plain pages under a one-page layout,
  its default "fast render".

Each server is started, waited for, then takes --edits saves: a random post gets a new paragraph
with a marker; the time runs from the write of the file to the first HTTP response of the post's
page that contains the marker (polled every 10 ms). The median counts. The same posts are edited in
the same order for every server. bench/run.py --preview calls `measure_servers` on its own sites,
after their builds, for both of its corpora.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CORPORA, REPO, Saves, _environment, load_average, machine, write_corpus, write_floor, write_results

BEGIN, END = "<!-- preview:begin -->", "<!-- preview:end -->"
MOUNT = "/cchc/"
EDITS = 5  # saves per server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return ""


def write_hugo(project: Path, hugo: Path) -> None:
    """The posts as a Hugo site: the same folders under content/tin-tuc/, dates as RFC 3339 (+07:00). Its
    address is the server's (`hugo server --baseURL`) when previewed; bench/run.py builds it too."""
    content = hugo / "content" / "tin-tuc"
    shutil.copytree(project / "content" / "posts", content)
    for post in content.rglob("*.md"):
        text = post.read_text(encoding="utf-8")
        text = re.sub(r"^date: (\d{4}-\d\d-\d\d) (\d\d:\d\d)$", r"date: \1T\2:00+07:00", text, count=1, flags=re.MULTILINE)
        post.write_text(text, encoding="utf-8")
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
        "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n", encoding="utf-8")
    (hugo / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>"
        "{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
        encoding="utf-8")
    (hugo / "hugo.toml").write_text(f'baseURL = "http://127.0.0.1{MOUNT}"\nlanguageCode = "vi"\n'
                                    'title = "CCHC"\ndisableKinds = ["taxonomy", "term"]\n', encoding="utf-8")


@dataclass
class Server:
    name: str
    folder: Path  # where posts are edited
    posts: Path
    command: list[str]
    port: int

    def url_of(self, post: Path) -> str:
        relative = post.relative_to(self.posts).with_suffix("")
        return f"http://127.0.0.1:{self.port}{MOUNT}tin-tuc/{relative.as_posix()}/"


def measure(server: Server, edits: list[int], log: Path) -> Saves:
    """Seconds to start, then of each save until the page shows it (with the load average when it was made)."""
    posts = sorted(server.posts.rglob("*.md"))
    with log.open("wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(server.command, cwd=server.folder, env=_environment(), stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        while not get(server.url_of(posts[0])):
            if process.poll() is not None or time.perf_counter() - started > 1800:
                raise SystemExit(f"{server.name} did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        ready = time.perf_counter() - started
        times, loads = [], []
        for number, index in enumerate(edits):
            post = posts[index]
            marker = f"DAU-HIEU-{server.name}-{number}-{time.time_ns()}"
            url = server.url_of(post)
            text = post.read_text(encoding="utf-8")
            time.sleep(1.0)  # the server is idle when the save comes
            loads.append(load_average())
            start = time.perf_counter()
            post.write_text(text + f"\nĐoạn thêm {marker}.\n", encoding="utf-8")
            while marker not in get(url):
                if time.perf_counter() - start > 1800:
                    raise SystemExit(f"{server.name}: no change after 30 minutes")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            print(f"  {server.name:7} save {number + 1}: {times[-1]:.2f} s", flush=True)
        return Saves(ready, times, loads)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def servers(project: Path, floor: Path, hugo: Path, names: tuple[str, ...]) -> list[Server]:
    """The preview servers called `names` (ours, mkdocs, hugo), each on a free port."""
    cchc = Path(sys.executable).with_name("cchc")
    ports = {name: free_port() for name in names}
    made = {
        "ours": lambda port: Server("ours", project, project / "content" / "posts",
                                    [str(cchc), "serve", "--dia-chi", f"127.0.0.1:{port}"], port),
        "mkdocs": lambda port: Server("mkdocs", floor, floor / "docs" / "tin-tuc",
                                      [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], port),
        "hugo": lambda port: Server("hugo", hugo, hugo / "content" / "tin-tuc",
                                    ["hugo", "server", "--bind", "127.0.0.1", "--port", str(port), "--baseURL",
                                     f"http://127.0.0.1:{port}{MOUNT}", "--appendPort=false"], port),
    }
    return [made[name](ports[name]) for name in names]


def measure_servers(project: Path, floor: Path, hugo: Path, *, names: tuple[str, ...], logs: Path,
                    edits: int = EDITS) -> dict[str, Saves]:
    """Each server of `names` in turn on the same posts (the project, the floor site, the Hugo site), the same
    posts edited in the same order; their logs go into `logs`."""
    posts = len(list((project / "content" / "posts").rglob("*.md")))
    chosen = random.Random(7).sample(range(posts), edits)
    results = {}
    for server in servers(project, floor, hugo, names):
        print(f"[{posts}] {server.name}", flush=True)
        results[server.name] = measure(server, chosen, logs / f"{server.name}-{project.name}.log")
    return results


def bench(posts: int, edits: int, work: Path) -> dict[str, Saves]:
    project, floor, hugo = work / f"site-{posts}", work / f"floor-{posts}", work / f"hugo-{posts}"
    for folder in (project, floor, hugo):
        shutil.rmtree(folder, ignore_errors=True)
    write_corpus(CORPORA["project"], project, posts)
    write_floor(project, floor, search=True)
    write_hugo(project, hugo)
    return measure_servers(project, floor, hugo, names=("ours", "mkdocs", "hugo"), logs=work, edits=edits)


def table(results: dict[int, dict[str, Saves]], started: str, edits: int) -> str:
    rows = [
        f"Measured {started}. {edits} saves per server, the median counts (save → HTTP response with the change).",
        "",
        "| posts | **ours** (`cchc serve`) | MkDocs (`mkdocs serve`) | Hugo (`hugo server`) | ours / Hugo | MkDocs / ours "
        "| start: ours / MkDocs / Hugo |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for posts, by_server in sorted(results.items()):
        median = {name: saves.median for name, saves in by_server.items()}
        ready = {name: saves.ready for name, saves in by_server.items()}
        rows.append(
            f"| {posts:,} | **{median['ours']:.2f} s** | {median['mkdocs']:.2f} s | {median['hugo']:.2f} s | "
            f"{median['ours'] / median['hugo']:.1f} × | {median['mkdocs'] / median['ours']:.1f} × | "
            f"{ready['ours']:.0f} s / {ready['mkdocs']:.0f} s / {ready['hugo']:.0f} s |"
        )
    rows += ["", "Every save, seconds:", ""]
    for posts, by_server in sorted(results.items()):
        for name, saves in by_server.items():
            rows.append(f"- {posts:,} posts, {name}: {', '.join(f'{t:.2f}' for t in saves.times)}")
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, action="append", help="number of posts (repeatable); default 1000 and 10000")
    parser.add_argument("--edits", type=int, default=EDITS, help=f"saves per server (default {EDITS})")
    parser.add_argument("--work", type=Path, help="folder for the generated sites (default: a temporary one, removed after)")
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="also write the table into this file")
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        raise SystemExit("Hugo is needed for the comparison: apt-get install hugo")
    started = machine()
    print(started, flush=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="cchc-bench-preview-"))
    try:
        results = {n: bench(n, args.edits, work) for n in sorted(set(args.posts or [1000, 10000]))}
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = table(results, started, args.edits)
    print()
    print(text)
    if args.write:
        write_results(args.write, text, begin=BEGIN, end=END)
        print(f"Table written to {args.write}")


if __name__ == "__main__":
    os.chdir(REPO)
    main()
