"""This tree's `cchc serve` against another commit's: from saving a post to the page that shows it, in one run.

    .venv/bin/python bench/preview_against.py --baseline 0624d6c --posts 1000 --posts 10000 --edits 9

The other commit is checked out with `git worktree` into the work folder and run from its own src/ (PYTHONPATH
first, ahead of the editable install), with its own mkdocs.yml, hooks and overrides, under this tree's virtual
environment, as bench/against.py does. For each N, the project's generated posts (bench/generate_posts.py, seed 1)
are written once and copied for the baseline; both servers are started and serve at once, then each save (a new
paragraph with a marker in a random post, as bench/preview.py makes it) is made to both, taking turns which goes
first, and timed from the write of the file to the first HTTP response of the post's page that shows the marker.
The median counts. The table is on screen only; bench/RESULTS.md says what it was run for.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preview import MOUNT, free_port, get
from run import CORPORA, REPO, _environment, checked_out, machine, write_corpus


class Server:
    def __init__(self, name: str, site: Path, source: Path, log: Path) -> None:
        self.name, self.site, self.port = name, site, free_port()
        self.posts = sorted((site / "content" / "posts").rglob("*.md"))
        environ = {**_environment(), "PYTHONPATH": str(source / "src")}
        with log.open("wb") as output:
            started = time.perf_counter()
            self.process = subprocess.Popen([sys.executable, "-m", "cchc.cli", "serve", "--dia-chi", f"127.0.0.1:{self.port}"],
                                            cwd=site, env=environ, stdout=output, stderr=subprocess.STDOUT)
        while not get(self.url(self.posts[0])):
            if self.process.poll() is not None or time.perf_counter() - started > 1800:
                self.stop()
                raise SystemExit(f"{name} did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        self.ready = time.perf_counter() - started

    def url(self, post: Path) -> str:
        relative = post.relative_to(self.site / "content" / "posts").with_suffix("")
        return f"http://127.0.0.1:{self.port}{MOUNT}tin-tuc/{relative.as_posix()}/"

    def save(self, index: int, number: int) -> float:
        post = self.posts[index]
        marker = f"DAU-HIEU-{self.name}-{number}-{time.time_ns()}"
        text = post.read_text(encoding="utf-8")
        time.sleep(1.0)  # the server is idle when the save comes
        started = time.perf_counter()
        post.write_text(text + f"\nĐoạn thêm {marker}.\n", encoding="utf-8")
        while marker not in get(self.url(post)):
            if time.perf_counter() - started > 1800:
                raise SystemExit(f"{self.name}: no change after 30 minutes")
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        print(f"  {self.name:8} save {number + 1}: {seconds:.2f} s", flush=True)
        return seconds

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def bench(posts: int, edits: int, work: Path, baseline: Path) -> dict[str, tuple[float, list[float]]]:
    """{"ours" / "baseline": (seconds to start, seconds of each save)}."""
    ours, theirs = work / f"ours-{posts}", work / f"baseline-{posts}"
    for folder in (ours, theirs):
        shutil.rmtree(folder, ignore_errors=True)
    write_corpus(CORPORA["project"], ours, posts)
    shutil.copytree(ours, theirs)
    config = theirs / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(REPO), str(baseline)), encoding="utf-8")
    servers: list[Server] = []
    try:
        for name, site, source in (("ours", ours, REPO), ("baseline", theirs, baseline)):
            print(f"[{posts}] {name}", flush=True)
            servers.append(Server(name, site, source, work / f"{name}-{posts}.log"))
        times: dict[str, list[float]] = {server.name: [] for server in servers}
        for number, index in enumerate(random.Random(7).sample(range(posts), edits)):
            for server in servers if number % 2 == 0 else servers[::-1]:
                times[server.name].append(server.save(index, number))
        return {server.name: (server.ready, times[server.name]) for server in servers}
    finally:
        for server in servers:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="the commit to measure against (e.g. 0624d6c)")
    parser.add_argument("--posts", type=int, action="append", help="number of posts (repeatable); default 1000")
    parser.add_argument("--edits", type=int, default=9, help="saves made to both servers (default 9)")
    args = parser.parse_args()
    started = machine()
    print(started, flush=True)
    work = Path(tempfile.mkdtemp(prefix="cchc-preview-against-"))
    try:
        with checked_out(args.baseline, work / "baseline-tree") as commit:
            results = {n: bench(n, max(1, args.edits), work, work / "baseline-tree") for n in sorted(set(args.posts or [1000]))}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [f"Measured {started}. Baseline: {commit}. {args.edits} saves, each made to both servers in turns "
             "(save → HTTP response with the change); the median counts.", "",
             "| posts | **ours** | baseline | baseline / ours | start: ours / baseline |", "|---:|---:|---:|---:|---:|"]
    for posts, by_tree in sorted(results.items()):
        mine, theirs = (statistics.median(by_tree[name][1]) for name in ("ours", "baseline"))
        lines.append(f"| {posts:,} | **{mine:.2f} s** | {theirs:.2f} s | {theirs / mine:.1f} × | "
                     f"{by_tree['ours'][0]:.0f} s / {by_tree['baseline'][0]:.0f} s |")
    lines += ["", "Every save, seconds:", ""]
    for posts, by_tree in sorted(results.items()):
        lines += [f"- {posts:,} posts, {name}: {', '.join(f'{t:.2f}' for t in times)}" for name, (_, times) in by_tree.items()]
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
