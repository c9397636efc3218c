"""Build speed of the site against the bare-MkDocs floor, on the same generated posts, in one run.

    make bench                                              # N = 1,000 and 10,000 → bench/RESULTS.md
    .venv/bin/python bench/run.py --posts 1000              # one size, table on screen only
    .venv/bin/python bench/run.py --posts 1000 --posts 10000 --write bench/RESULTS.md
    .venv/bin/python bench/run.py --posts 1000 --posts 10000 --typo-only --write bench/RESULTS.md   # one build each, typo table only

For each N, bench/generate_posts.py writes N posts (seed 1) into a temporary folder, then builds:

- ours: the full site (`mkdocs build --strict` with the repository's mkdocs.yml, hooks and
  overrides): post pages, news/archive/unit/tag/task/plan/report pages, feeds, search index;
- floor: the same N posts copied as plain Markdown pages (front matter kept as MkDocs meta, images
  beside them) into a docs/ whose nav lists only index.md, built by bare MkDocs + Material: the
  repository's theme settings (language, `font: false`, features) and markdown_extensions, and
  MkDocs' default plugins, i.e. Material's `search` (both builds then ship a site search);
- floor without search: the same with `plugins: []`, the strictest floor (everything the site
  adds, its own search index included, counts against it);
- check: `cchc check` on the same posts (validation only, no build).

Beside the times, what a query with a typo downloads from the search index the last build of ours wrote
(`typo_cost`): the search script (overrides/assets/javascripts/cchc-search.js, `search`) first fetches
meta.json and the shards of the typed words and of their pairs; when that finds nothing, the typo list
(tim-kiem/du-lieu/typo.bin, src/cchc/search/typos.py), then the shards of the words one typo away and of
their pairs. Replayed here on the built files for TYPO_QUERIES queries, each a word of the site's own
typo list with one letter dropped, alone and after another word: the typo list's bytes and words, the bytes
the typo costs (typo.bin and the shards only the corrections need) and the bytes of the whole query
(meta.json as nginx sends it, gzip-compressed, which every query fetches; the shards and the typo list,
stored compressed; the page texts of the results shown come on top, as for any query). A query found as typed never loads
the typo list. Beside it, the same list made of every folded Vietnamese syllable of five letters or more
that Vietnamese spelling allows (`vietnamese_bound`): the list cannot hold more Vietnamese words than that,
whatever the number of posts; names of other languages and codes come on top.

Every build runs in a fresh `python -m mkdocs build -q --strict` child process. Wall time by
time.perf_counter; CPU time (user + system, the search index process included) and peak memory
(largest process) from os.wait4; on Linux the memory of all the build's processes together is
also sampled from /proc every 0.1 s. Each build runs --repeat times, the kinds taking turns, and
the best time counts: the machine is shared, and others' work only ever makes a build slower.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-01-01 00:00"  # every generated post (2022) is published
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
TYPO_BEGIN, TYPO_END = "<!-- typo:begin -->", "<!-- typo:end -->"


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)  # largest process
    total_kib: list[int] = field(default_factory=list)  # all processes together, sampled (Linux)

    def add(self, measured: Measured) -> None:
        self.seconds.append(measured.seconds)
        self.cpu.append(measured.cpu)
        self.peak_kib.append(measured.peak_kib)
        self.total_kib.append(measured.total_kib)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024

    @property
    def total_mib(self) -> float:
        return max(self.total_kib) / 1024


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu: float
    peak_kib: int
    total_kib: int


@dataclass
class Result:
    posts: int
    ours: Runs
    floor: Runs
    bare: Runs  # floor without search
    check: Runs
    warm: Runs  # ours again, its build cache (.cache/cchc/) kept from the run before
    pages_ours: int
    pages_floor: int
    typo: TypoCost | None = None  # what a query with a typo downloads (typo_cost)

    @property
    def ratio(self) -> float:
        return self.ours.best / self.floor.best

    @property
    def ratio_bare(self) -> float:
        return self.ours.best / self.bare.best


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_posts", REPO / "bench" / "generate_posts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _repo_block(key: str) -> str:
    """A top-level block of the repository's mkdocs.yml, verbatim (tags such as !!python/name kept)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(rf"^{key}:.*?(?=^\S)", text, re.MULTILINE | re.DOTALL)
    if match is None:
        raise SystemExit(f"mkdocs.yml has no top-level `{key}:`")
    return match.group(0).rstrip() + "\n"


def write_floor(project: Path, floor: Path, *, search: bool) -> None:
    """The floor site: the generated posts as plain pages of a bare MkDocs + Material site."""
    docs = floor / "docs"
    shutil.copytree(project / "content" / "posts", docs / "tin-tuc")
    (docs / "index.md").write_text("# Trang chủ\n\nTin tức cải cách hành chính.\n", encoding="utf-8")
    (floor / "mkdocs.yml").write_text(
        "site_name: Cải cách hành chính – Sở GDĐT Hưng Yên\n"
        "site_url: https://example.gov.vn/cchc/\n"
        "use_directory_urls: true\n"
        + _repo_block("theme").replace("  custom_dir: overrides\n", "")
        + ("" if search else "plugins: []  # no search: the strictest floor (bench/run.py)\n")
        + _repo_block("markdown_extensions")
        + "nav:\n  - Trang chủ: index.md\n"
        + _repo_block("validation")
        + "extra:\n  generator: false\n",
        encoding="utf-8",
    )


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update({"CCHC_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"})
    return env


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in KiB; 0 elsewhere."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(command: list[str], *, cwd: Path) -> Measured:
    """One fresh child process: wall and CPU seconds, peak RSS (largest process; all processes, sampled)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=_environment(), stdout=log, stderr=subprocess.STDOUT)
        total = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal total
            while not stop.wait(0.1):
                total = max(total, _tree_rss_kib(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            log.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{log.read().decode(errors='replace')[-4000:]}")
    # ru_maxrss: KiB on Linux; of the child or of the largest process it waited for (the search index).
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, max(total, usage.ru_maxrss))


def _build(config: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(config), "-d", str(out)]


def _html_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


TYPO_QUERIES = 12  # typos replayed per site (half alone, half after another word)


@dataclass(frozen=True)
class TypoQuery:
    query: str
    corrections: int  # words one typo away the script searches for
    typo_bytes: int  # typo.bin and the shards only the corrections need
    total_bytes: int  # meta.json (as nginx sends it, gzip level 5), every shard fetched, typo.bin


@dataclass(frozen=True)
class TypoCost:
    list_bytes: int  # typo.bin as served (gzip)
    words: int
    shards: int  # of the whole index
    queries: tuple[TypoQuery, ...]

    @staticmethod
    def _median(values: list[int]) -> int:
        return sorted(values)[len(values) // 2]

    @property
    def typo_median(self) -> int:
        return self._median([q.typo_bytes for q in self.queries])

    @property
    def typo_max(self) -> int:
        return max(q.typo_bytes for q in self.queries)

    @property
    def total_median(self) -> int:
        return self._median([q.total_bytes for q in self.queries])


def typo_cost(site: Path) -> TypoCost:
    """Replay the search script's fetches for queries with a typo on a built site's index (see the docstring)."""
    from cchc.search.index import INDEX_DIR, TYPO_FILE
    from cchc.search.terms import fnv1a, fold, words
    from cchc.search.typos import MIN_LETTERS, corrections

    index = site / INDEX_DIR
    raw = (index / "meta.json").read_bytes()
    meta = json.loads(raw)
    meta_bytes = len(gzip.compress(raw, compresslevel=5))  # plain JSON, which deploy/nginx/cchc.conf compresses (gzip_comp_level 5)
    typo_list: list[str] = json.loads(gzip.decompress((index / TYPO_FILE).read_bytes()))
    shards: dict[str, dict[str, list[int]]] = {}

    def shard(term: str) -> str:
        return f"t/{fnv1a(term) % meta['shards']}.bin"

    def pages(term: str) -> set[int]:
        name = shard(term)
        if name not in shards:
            shards[name] = json.loads(gzip.decompress((index / name).read_bytes()))
        flat, found, page = shards[name].get(term, []), set(), 0
        for gap in flat[::2]:
            page += gap
            found.add(page)
        return found

    def size(names: set[str]) -> int:
        return sum((index / name).stat().st_size for name in names)

    picked = typo_list[::max(1, len(typo_list) // (TYPO_QUERIES // 2))][:TYPO_QUERIES // 2]
    typed = [word[:len(word) // 2] + word[len(word) // 2 + 1:] for word in picked]  # one letter dropped
    queries = [*typed, *(f"{picked[(k + 1) % len(picked)]} {typo}" for k, typo in enumerate(typed))]
    replayed = []
    for query in queries:
        folds = [fold(word) for word in words(query)]
        pairs = [f"{a} {b}" for a, b in zip(folds, folds[1:], strict=False)]
        first = {shard(term) for term in [*folds, *pairs]}
        if set.intersection(*(pages(word) for word in folds)):
            continue  # found as typed (the typo made another word of the site): not a typo query
        wrong = [word for word in dict.fromkeys(folds) if not pages(word) and len(word) >= MIN_LETTERS - 1 and word.isalpha()]
        near = {word: corrections(word, typo_list) for word in wrong}
        second = {shard(other) for others in near.values() for other in others}
        for a, b in zip(folds, folds[1:], strict=False):
            second |= {shard(f"{other} {b}") for other in near.get(a, [])} | {shard(f"{a} {other}") for other in near.get(b, [])}
        extra = (index / TYPO_FILE).stat().st_size + size(second - first) if wrong else 0
        replayed.append(TypoQuery(query, sum(len(others) for others in near.values()), extra,
                                  meta_bytes + size(first) + extra))
    return TypoCost((index / TYPO_FILE).stat().st_size, len(typo_list), int(meta["shards"]), tuple(replayed))


# Vietnamese syllables, folded (tone and letter marks off, đ → d): every onset and every rhyme of the spelling.
_ONSETS = ("", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s",
           "t", "th", "tr", "v", "x")
_RHYMES = ("a", "ai", "ao", "au", "ay", "am", "an", "ang", "anh", "ap", "at", "ac", "ach", "e", "eo", "em", "en", "eng", "ep",
    "et", "ec", "eu", "enh", "ech", "i", "ia", "iu", "im", "in", "inh", "ip", "it", "ich", "ieu", "iem", "ien", "ieng", "iep",
    "iet", "iec", "o", "oi", "om", "on", "ong", "op", "ot", "oc", "oa", "oai", "oay", "oan", "oang", "oanh", "oat", "oac",
    "oach", "oe", "oen", "oet", "oeo", "u", "ua", "ui", "um", "un", "ung", "up", "ut", "uc", "uan", "uat", "uang", "uay", "ue",
    "uech", "uenh", "uy", "uya", "uyu", "uyt", "uynh", "uych", "uyen", "uyet", "uoi", "uom", "uon", "uong", "uot", "uoc", "uo",
    "uu", "uou", "uop", "yeu", "yem", "yen", "yet")


def vietnamese_bound() -> tuple[int, int]:
    """(gzip bytes, words) of the typo list of every folded syllable of five letters or more that an onset and a
    rhyme of Vietnamese spelling make (more than the language uses: an upper bound for its words)."""
    from cchc.search.index import typo_file
    from cchc.search.typos import typo_list

    syllables = {onset + rhyme for onset in _ONSETS for rhyme in _RHYMES}
    return len(typo_file(syllables)), len(typo_list(syllables))


def bench(posts: int, *, repeat: int, work: Path) -> Result:
    project, floor, bare = work / f"site-{posts}", work / f"floor-{posts}", work / f"floor-nosearch-{posts}"
    for folder in (project, floor, bare):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    generator = _generator()
    generator.scaffold(project)
    generator.generate_posts(project, count=posts, seed=1)
    write_floor(project, floor, search=True)
    write_floor(project, bare, search=False)
    print(f"[{posts}] {posts} posts generated in {time.perf_counter() - started:.1f} s ({project})", flush=True)
    result = Result(posts, Runs(), Runs(), Runs(), Runs(), Runs(), 0, 0)
    kinds = [("floor", floor, result.floor), ("ours", project, result.ours), ("floor-nosearch", bare, result.bare)]
    cchc = Path(sys.executable).with_name("cchc")
    for run in range(repeat):
        # Take turns, so that a slow spell of the shared machine does not always hit the same build.
        for name, folder, runs in kinds[run % 3:] + kinds[:run % 3]:
            if name == "ours":
                shutil.rmtree(folder / ".cache", ignore_errors=True)  # cold: nothing kept from an earlier build
            measured = measure(_build(folder / "mkdocs.yml", folder / "site"), cwd=folder)
            runs.add(measured)
            print(f"[{posts}] {name:14} run {run + 1}: {measured.seconds:7.2f} s wall, {measured.cpu:7.2f} s CPU, "
                  f"{measured.peak_kib / 1024:6.0f} MiB", flush=True)
            if name == "ours":  # the same site again, unchanged, with what the cold build kept
                measured = measure(_build(folder / "mkdocs.yml", folder / "site"), cwd=folder)
                result.warm.add(measured)
                print(f"[{posts}] {'ours (warm)':14} run {run + 1}: {measured.seconds:7.2f} s wall", flush=True)
        # `cchc check` exits 0 with warnings only; generated posts give some (e.g. a task outside its quarter).
        measured = measure([str(cchc), "check"], cwd=project)
        result.check.add(measured)
        print(f"[{posts}] cchc check     run {run + 1}: {measured.seconds:7.2f} s", flush=True)
    result.pages_ours = _html_pages(project / "site")
    result.typo = typo_cost(project / "site")
    result.pages_floor = _html_pages(floor / "site")
    return result


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "?"


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %z} on {_cpu()}, {os.cpu_count()} cores, {_memory_gib()} RAM; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, MkDocs {_version('mkdocs')}, "
        f"Material {_version('mkdocs-material')}; load average at start {load[0]:.2f}"
    )


def table(results: list[Result], *, repeat: int, started: str) -> str:
    rows = [
        f"Measured {started}. Each build ran {repeat} times, the kinds taking turns; the best wall time counts.",
        "",
        "| posts | HTML pages (ours / floor) | ours | floor | **ours / floor** | floor without search | ours / floor without search "
        "| CPU ours / floor | peak memory ours (largest process / all) | peak memory floor | `cchc check` "
        "| ours warm (cache kept) | **warm / cold** | a query with a typo: what the typo costs (whole query), median |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.posts:,} | {r.pages_ours:,} / {r.pages_floor:,} | {r.ours.best:.1f} s | {r.floor.best:.1f} s | "
            f"**{r.ratio:.2f} ×** | {r.bare.best:.1f} s | {r.ratio_bare:.2f} × | {r.ours.best_cpu:.1f} s / {r.floor.best_cpu:.1f} s | "
            f"{r.ours.peak_mib:.0f} / {r.ours.total_mib:.0f} MiB | {r.floor.peak_mib:.0f} MiB | {r.check.best:.2f} s | "
            f"{r.warm.best:.1f} s | **{r.warm.best / r.ours.best:.2f} ×** | {_typo_cell(r.typo)} |"
        )
    by_size = {r.posts: r for r in results}
    for small, large in ((a, b) for a in sorted(by_size) for b in sorted(by_size) if b > a):
        s, g = by_size[small], by_size[large]
        rows += [
            "",
            f"{large:,} posts / {small:,} posts ({large / small:g} × the posts): ours **{g.ours.best / s.ours.best:.2f} ×**, "
            f"floor {g.floor.best / s.floor.best:.2f} ×, floor without search {g.bare.best / s.bare.best:.2f} ×.",
        ]
    rows += ["", "Every run, wall seconds:", ""]
    for r in results:
        rows.append(
            f"- {r.posts:,} posts: ours {', '.join(f'{x:.1f}' for x in r.ours.seconds)}; "
            f"floor {', '.join(f'{x:.1f}' for x in r.floor.seconds)}; "
            f"floor without search {', '.join(f'{x:.1f}' for x in r.bare.seconds)}; "
            f"ours warm {', '.join(f'{x:.1f}' for x in r.warm.seconds)}; "
            f"`cchc check` {', '.join(f'{x:.2f}' for x in r.check.seconds)}"
        )
    return "\n".join(rows) + "\n"


def _typo_cell(typo: TypoCost | None) -> str:
    return "—" if typo is None or not typo.queries else f"{typo.typo_median / 1024:.1f} KiB ({typo.total_median / 1024:.1f} KiB)"


def typo_table(results: list[Result], *, started: str, command: str) -> str:
    """What a query with a typo downloads, per size (the typo markers of RESULTS.md)."""
    bound_bytes, bound_words = vietnamese_bound()
    rows = [f"Measured {started}, by `{command}`.", "",
            "| posts | typo list (typo.bin, gzip) | its words | index shards | what the typo costs a query: median / largest "
            "| the whole query, median | corrections searched, median |",
            "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if r.typo is None or not r.typo.queries:
            continue
        t = r.typo
        fixes = sorted(q.corrections for q in t.queries)[len(t.queries) // 2]
        rows.append(f"| {r.posts:,} | {t.list_bytes / 1024:.1f} KiB | {t.words:,} | {t.shards:,} | {t.typo_median / 1024:.1f} KiB / "
                    f"{t.typo_max / 1024:.1f} KiB | {t.total_median / 1024:.1f} KiB | {fixes} |")
    rows += ["", f"Every folded Vietnamese syllable of five letters or more that spelling allows (`vietnamese_bound`): "
             f"{bound_words:,} words, {bound_bytes / 1024:.1f} KiB as a typo list: the most its Vietnamese part can weigh.", "",
             "Queries replayed (typo cost / whole query, bytes):", ""]
    for r in results:
        if r.typo is not None:
            rows.append(f"- {r.posts:,} posts: " + "; ".join(f"\"{q.query}\" {q.typo_bytes:,} / {q.total_bytes:,}" for q in r.typo.queries))
    return "\n".join(rows) + "\n"


def typo_only(posts: int, *, work: Path) -> Result:
    """One cold build of ours (no floor, no timing kept) and what a query with a typo downloads from it."""
    project = work / f"site-{posts}"
    shutil.rmtree(project, ignore_errors=True)
    generator = _generator()
    generator.scaffold(project)
    generator.generate_posts(project, count=posts, seed=1)
    measured = measure(_build(project / "mkdocs.yml", project / "site"), cwd=project)
    print(f"[{posts}] ours built in {measured.seconds:.1f} s", flush=True)
    result = Result(posts, Runs(), Runs(), Runs(), Runs(), Runs(), _html_pages(project / "site"), 0)
    result.typo = typo_cost(project / "site")
    return result


@contextmanager
def checked_out(revision: str, folder: Path) -> Iterator[str]:
    """Another commit of this repository checked out into `folder` (git worktree), removed after; yields its
    short name (bench/against.py and bench/slow_phone.py measure this tree against it)."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", revision], capture_output=True, text=True,
                            check=True).stdout.strip()
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(folder), commit], check=True)
    try:
        yield commit
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)], check=False)


def report(text: str, write: Path | None, *, begin: str, end: str) -> None:
    """The table on screen and, with --write, into the results file between its markers."""
    print()
    print(text)
    if write:
        write_results(write, text, begin=begin, end=end)
        print(f"Table written to {write}")


def write_results(path: Path, text: str, *, begin: str = BEGIN, end: str = END) -> None:
    """Replace the table between the markers of `path` (the rest is written by people)."""
    old = path.read_text(encoding="utf-8") if path.exists() else f"# Build performance\n\n{begin}\n{end}\n"
    if begin not in old or end not in old:
        raise SystemExit(f"{path}: no {begin} … {end} markers to write the table between")
    head, rest = old.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{text}{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, action="append", help="number of posts (repeatable); default 1000 and 10000")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per size; the best counts (default 3)")
    parser.add_argument("--work", type=Path, help="folder for the generated sites (default: a temporary one, removed after)")
    parser.add_argument("--typo-only", action="store_true",
                        help="only what a query with a typo downloads: one build of ours per size, no floor, no timing")
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="also write the tables into this file, between their markers")
    args = parser.parse_args()
    sizes = sorted(set(args.posts or [1000, 10000]))
    started = machine()
    print(started, flush=True)
    command = "bench/run.py " + " ".join(f"--posts {n}" for n in sizes) + (" --typo-only" if args.typo_only else "")
    work = args.work or Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    try:
        results = [typo_only(n, work=work) if args.typo_only else bench(n, repeat=max(1, args.repeat), work=work) for n in sizes]
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    typos = typo_table(results, started=started, command=command)
    if not args.typo_only:
        report(table(results, repeat=max(1, args.repeat), started=started), args.write, begin=BEGIN, end=END)
    report(typos, args.write, begin=TYPO_BEGIN, end=TYPO_END)


if __name__ == "__main__":
    main()
