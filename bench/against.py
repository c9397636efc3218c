"""This tree's `cchc build` and `cchc check` against another commit's, on the same generated posts, in one run.

    .venv/bin/python bench/against.py --baseline a5fe3f0 --posts 1000 [--posts 10000] [--write bench/RESULTS.md]
    .venv/bin/python bench/against.py --baseline main --posts 1000 --photos   # covers are 12-megapixel phone photos

The other commit is checked out with `git worktree` into the work folder and run from its own src/
(PYTHONPATH first, ahead of the editable install), with its own mkdocs.yml, hooks and overrides, under
this tree's virtual environment; it must need no package this environment lacks. For each N,
bench/generate_posts.py writes N posts (seed 1) once; both trees build a copy of them:

- cold: `cchc build` with the build cache (.cache/) removed first, what `cchc build` costs after a
  clone or a change of code or packages;
- warm: `cchc build` again, unchanged, with what the cold build kept: what `cchc publish` pays (it
  builds with `cchc build` into a new release; tests/build/test_oracle.py proves warm equal to cold);
- check: `cchc check` with no cache, validation only.

With --photos, the covers of the generated posts (one post in ten) are phone photos of 4000×3000
(bench/photos.py) instead of 96×64 PNGs: what encoding the pictures costs a cold build.

Then the HTML policy alone: `cchc.render.html_policy.scan` over the whole rendered HTML of every
body, processor time, an upper bound (a build reads whole bodies only when they hold raw HTML).
Each build runs --repeat times, the trees taking turns; the best wall time counts (bench/run.py), and beside it
the least processor time (user + system of the command and its children), steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # bench/run.py: the environment, the machine line, write_results, the generator

REPO = run.REPO
BEGIN, END = "<!-- against:begin -->", "<!-- against:end -->"
KINDS = ("cold", "warm", "check")


def _command(kind: str, project: Path) -> list[str]:
    if kind == "check":
        return [sys.executable, "-m", "cchc.cli", "check"]
    return [sys.executable, "-m", "cchc.cli", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]


def _timed(kind: str, project: Path, source: Path) -> tuple[float, float]:
    """(wall seconds, processor seconds of the command and its children)."""
    if kind != "warm":
        shutil.rmtree(project / ".cache", ignore_errors=True)
    environ = {**run._environment(), "PYTHONPATH": str(source / "src")}
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(_command(kind, project), cwd=project, env=environ, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = os.times()
    if done.returncode not in (0, 1) or (kind != "check" and done.returncode != 0):
        raise SystemExit(f"{source}: {kind} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-4000:]}")
    return seconds, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def policy_seconds(project: Path) -> tuple[int, float]:
    """Processor seconds of the HTML policy over the rendered HTML of every body of `project` (this tree)."""
    from cchc.content.settings import MKDOCS_BUILTIN_EXTENSIONS
    from cchc.render.html_policy import scan
    from cchc.render.markdown import PostRenderer

    renderer = PostRenderer((*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list", "md_in_html", "tables"), {})
    pages = [renderer.render(path.read_text(encoding="utf-8").split("\n---\n", 1)[1], body_line=1).html
             for path in sorted((project / "content" / "posts").rglob("*.md"))]
    started = time.process_time()
    for page in pages:
        scan(page, raw=False)
    return len(pages), time.process_time() - started


Times = dict[str, dict[str, list[float]]]  # tree → kind → seconds of each run


def bench(posts: int, *, baseline: Path, repeat: int, work: Path, photos: bool = False) -> dict[str, Times]:
    """{"wall": …, "cpu": …} of each tree and kind."""
    ours, theirs = work / f"ours-{posts}", work / f"baseline-{posts}"
    for folder in (ours, theirs):
        shutil.rmtree(folder, ignore_errors=True)
    generator = run._generator()
    generator.scaffold(ours)
    generator.generate_posts(ours, count=posts, seed=1)
    if photos:
        import photos as phone  # bench/photos.py: Pillow, only for this

        print(f"[{posts}] {phone.use_phone_photos(ours)} covers are phone photos", flush=True)
    shutil.copytree(ours, theirs)
    config = theirs / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(REPO), str(baseline)), encoding="utf-8")
    times: Times = {"ours": {k: [] for k in KINDS}, "baseline": {k: [] for k in KINDS}}
    cpu: Times = {"ours": {k: [] for k in KINDS}, "baseline": {k: [] for k in KINDS}}
    trees = [("ours", ours, REPO), ("baseline", theirs, baseline)]
    for turn in range(repeat):
        for name, project, source in trees[turn % 2:] + trees[:turn % 2]:
            for kind in KINDS:
                wall, processor = _timed(kind, project, source)
                times[name][kind].append(wall)
                cpu[name][kind].append(processor)
                print(f"[{posts}] {name:8} {kind:5} run {turn + 1}: {wall:7.2f} s, {processor:7.2f} s CPU", flush=True)
    return {"wall": times, "cpu": cpu}


def table(rows: dict[int, dict[str, Times]], *, baseline: str, policy: dict[int, tuple[int, float]],
          repeat: int, started: str) -> str:
    lines = [f"Measured {started}. Baseline: {baseline}. Each ran {repeat} times, the trees taking turns; the best wall time "
             "counts, and the least processor time (CPU, the command and its children) is beside it.",
             "", "| posts | cold `cchc build`: ours / baseline | **ratio** | warm (`cchc publish`'s build): ours / baseline "
             "| **ratio** | `cchc check`: ours / baseline | **ratio** | HTML policy over every rendered body |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for posts, measured in sorted(rows.items()):
        wall, cpu = measured["wall"], measured["cpu"]
        cells = []
        for kind in KINDS:
            mine, theirs = min(wall["ours"][kind]), min(wall["baseline"][kind])
            cells += [f"{mine:.1f} s / {theirs:.1f} s (CPU {min(cpu['ours'][kind]):.1f} s / {min(cpu['baseline'][kind]):.1f} s)",
                      f"**{mine / theirs:.2f} ×**"]
        bodies, seconds = policy[posts]
        lines.append(f"| {posts:,} | {' | '.join(cells)} | {seconds:.2f} s CPU ({bodies:,} bodies) |")
    lines += ["", "Every run, wall seconds (CPU seconds):", ""]
    for posts, measured in sorted(rows.items()):
        for name in ("ours", "baseline"):
            lines.append(f"- {posts:,} posts, {name}: " + "; ".join(
                f"{kind} " + ", ".join(f"{x:.1f} ({c:.1f})" for x, c in zip(measured["wall"][name][kind], measured["cpu"][name][kind],
                                                                          strict=True))
                for kind in KINDS))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="the commit to measure against (e.g. a5fe3f0)")
    parser.add_argument("--posts", type=int, action="append", help="number of posts (repeatable); default 1000")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind per tree; the best counts (default 3)")
    parser.add_argument("--photos", action="store_true", help="covers are 12-megapixel phone photos (bench/photos.py)")
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="also write the table between its against markers")
    args = parser.parse_args()
    started = run.machine()
    print(started, flush=True)
    work = Path(tempfile.mkdtemp(prefix="cchc-against-"))
    try:
        with run.checked_out(args.baseline, work / "baseline-tree") as commit:
            sizes = sorted(set(args.posts or [1000]))
            rows = {n: bench(n, baseline=work / "baseline-tree", repeat=max(1, args.repeat), work=work, photos=args.photos)
                    for n in sizes}
            policy = {n: policy_seconds(work / f"ours-{n}") for n in sizes}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows, baseline=commit, policy=policy, repeat=max(1, args.repeat), started=started)
    run.report(text, args.write, begin=BEGIN, end=END)


if __name__ == "__main__":
    main()
