"""The four figures of the build against the bare-MkDocs floor and Hugo, on two corpora, in one run.

    make bench                                              # both corpora → bench/RESULTS.md (see the Makefile)
    .venv/bin/python bench/run.py --posts 1000              # the project's corpus at one size, tables on screen only
    .venv/bin/python bench/run.py --corpus project --corpus staff --posts 200 --repeat 1 --preview
    .venv/bin/python bench/run.py --corpus project:1000,10000 --corpus staff:1000 --preview --write bench/RESULTS.md
    .venv/bin/python bench/run.py --posts 1000 --posts 10000 --typo-only --write bench/RESULTS.md   # one build each, typo table only

Two corpora (`--corpus NAME`, or `NAME:N,N…` for sizes of its own; otherwise the sizes of --posts):

- project: bench/generate_posts.py (seed 1), the posts the project writes from its own template;
- staff: bench/staff_posts.py (seed 1), posts as staff write them: headings, nested lists, tables,
  quotes, links between posts and to other sites, JPEG and PNG pictures; 3–15 KB each.

For each corpus and N the posts are written into a temporary folder, then built:

- ours: the full site (`mkdocs build --strict` with the repository's mkdocs.yml, hooks and
  overrides): post pages, news/archive/unit/tag/task/plan/report pages, feeds, search index;
- floor: the same N posts copied as plain Markdown pages (front matter kept as MkDocs meta, images
  beside them) into a docs/ whose nav lists only index.md, built by bare MkDocs + Material: the
  repository's theme settings (language, `font: false`, features) and markdown_extensions, and
  MkDocs' default plugins, i.e. Material's `search` (both builds then ship a site search);
- floor without search: the same with `plugins: []`, the strictest floor (everything the site
  adds, its own search index included, counts against it);
- Hugo: `hugo --quiet` (Debian's package) of the same posts under bench/preview.py's one-page layout
  (`write_hugo`), its output and resource cache removed before each build;
- `cchc check` with no cache (`.cache/` removed, as in a fresh clone), then again after a paragraph
  was added to one post since that check (the post is restored after).

With --preview, bench/preview.py then times a save until the page shows it, on the same posts after
the builds: `cchc serve`, `hugo server`, and `mkdocs serve` of the floor up to --mkdocs-serve-upto posts
(at 10,000 it takes minutes a save).

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

Every build and check runs in a fresh child process. Wall time by time.perf_counter; CPU time (user +
system, the search index process included) and peak memory (largest process) from os.wait4; on Linux
the memory of all the build's processes together is also sampled from /proc every 0.1 s, as RSS and as
PSS (the forked Markdown workers share most of their pages with the build: RSS counts them in every
process, PSS divides them among the processes that share them). Each build runs --repeat times, the
kinds taking turns, and the best time counts: the machine is shared, and others' work only ever makes a
build slower; the 1-minute load average when each run started is written beside its figure.
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
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-01-01 00:00"  # every generated post (2022) is published
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
TYPO_BEGIN, TYPO_END = "<!-- typo:begin -->", "<!-- typo:end -->"
SIZES = (1000, 10000)  # posts, when neither --corpus nor --posts says
MKDOCS_SERVE_UPTO = 1000  # posts: above, `mkdocs serve` takes minutes a save, so it is timed only when asked


@dataclass(frozen=True)
class Corpus:
    name: str
    script: str  # the script of bench/ whose generate_posts(folder, count=, seed=) writes the posts
    what: str  # as the table's heading says it
    begin: str  # its table's markers in RESULTS.md
    end: str


CORPORA = {
    "project": Corpus("project", "generate_posts", "the project's generated posts (`bench/generate_posts.py`)", BEGIN, END),
    "staff": Corpus("staff", "staff_posts", "posts as staff write them (`bench/staff_posts.py`)",
                    "<!-- bench-staff:begin -->", "<!-- bench-staff:end -->"),
}


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu: float
    peak_kib: int  # largest process (RSS)
    total_kib: int  # all processes together (RSS, sampled)
    pss_kib: int  # all processes together (PSS, sampled)
    load: float  # 1-minute load average when it started


@dataclass
class Runs:
    runs: list[Measured] = field(default_factory=list)

    def add(self, measured: Measured) -> None:
        self.runs.append(measured)

    @property
    def fastest(self) -> Measured:
        return min(self.runs, key=lambda run: run.seconds)

    @property
    def best(self) -> float:
        return self.fastest.seconds

    @property
    def best_cpu(self) -> float:
        return min(run.cpu for run in self.runs)

    def heaviest(self, kind: str) -> Measured:
        """The run with the most memory of a kind: "peak_kib", "total_kib" or "pss_kib"."""
        return max(self.runs, key=lambda run: int(getattr(run, kind)))

    @property
    def peak_mib(self) -> float:
        return self.heaviest("peak_kib").peak_kib / 1024

    @property
    def pss_mib(self) -> float:
        return self.heaviest("pss_kib").pss_kib / 1024


@dataclass(frozen=True)
class Saves:
    """One preview server on one site (bench/preview.py): its start, then each save until the page shows it."""

    ready: float  # seconds from start until the first page answered
    times: list[float]
    loads: list[float]  # 1-minute load average when each save was made

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def median_load(self) -> float:
        return statistics.median(self.loads)


@dataclass
class Result:
    corpus: str
    posts: int
    ours: Runs = field(default_factory=Runs)
    floor: Runs = field(default_factory=Runs)
    bare: Runs = field(default_factory=Runs)  # floor without search
    hugo: Runs = field(default_factory=Runs)
    check: Runs = field(default_factory=Runs)  # `cchc check`, no cache
    changed: Runs = field(default_factory=Runs)  # `cchc check` after one post changed since the last check
    warm: Runs = field(default_factory=Runs)  # ours again, its build cache (.cache/cchc/) kept from the run before
    pages_ours: int = 0
    pages_floor: int = 0
    pages_hugo: int = 0
    typo: TypoCost | None = None  # what a query with a typo downloads (typo_cost)
    preview: dict[str, Saves] = field(default_factory=dict)  # by server: ours, mkdocs, hugo

    @property
    def ratio(self) -> float:
        return self.ours.best / self.floor.best

    @property
    def ratio_bare(self) -> float:
        return self.ours.best / self.bare.best

    @property
    def ratio_hugo(self) -> float:
        return self.ours.best / self.hugo.best


def bench_module(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is not a package), loaded once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before it runs: its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _generator() -> ModuleType:
    return bench_module("generate_posts")


def write_corpus(corpus: Corpus, folder: Path, posts: int) -> None:
    """A site of `posts` posts of the corpus (seed 1), with generate_posts.py's scaffold around them."""
    _generator().scaffold(folder)
    bench_module(corpus.script).generate_posts(folder, count=posts, seed=1)


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


def _process_memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, from /proc/PID/smaps_rollup (Linux 4.14 and later)."""
    found = dict.fromkeys(("Rss:", "Pss:"), 0)
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(" ")
        if name in found:
            found[name] = int(rest.split()[0])
    return found["Rss:"], found["Pss:"]


def _tree_memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants (Linux /proc), in KiB; (0, 0) elsewhere."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            one_rss, one_pss = _process_memory_kib(current)
            rss, pss = rss + one_rss, pss + one_pss
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended while it was read
    return rss, pss


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def measure(command: list[str], *, cwd: Path) -> Measured:
    """One fresh child process: wall and CPU seconds, peak memory (largest process; all processes, sampled)."""
    with tempfile.TemporaryFile() as log:
        load = load_average()
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=_environment(), stdout=log, stderr=subprocess.STDOUT)
        rss = pss = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal rss, pss
            while not stop.wait(0.1):
                now_rss, now_pss = _tree_memory_kib(child.pid)
                rss, pss = max(rss, now_rss), max(pss, now_pss)

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
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, max(rss, usage.ru_maxrss), pss, load)


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


@dataclass(frozen=True)
class Kind:
    """One kind of build, run cold each time."""

    name: str
    folder: Path
    command: list[str]
    runs: Runs
    kept: tuple[str, ...] = ()  # what the build before leaves in the folder and a cold build must not find


@dataclass(frozen=True)
class Sites:
    """The folders of one corpus at one size."""

    project: Path
    floor: Path
    bare: Path  # the floor without search
    hugo: Path


def write_sites(corpus: Corpus, posts: int, work: Path) -> Sites:
    from preview import write_hugo  # here, not at the top: bench/preview.py imports this module

    sites = Sites(*(work / f"{corpus.name}-{kind}-{posts}" for kind in ("site", "floor", "floor-nosearch", "hugo")))
    for folder in (sites.project, sites.floor, sites.bare, sites.hugo):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    write_corpus(corpus, sites.project, posts)
    write_floor(sites.project, sites.floor, search=True)
    write_floor(sites.project, sites.bare, search=False)
    write_hugo(sites.project, sites.hugo)
    print(f"[{corpus.name} {posts}] {posts} posts written in {time.perf_counter() - started:.1f} s ({sites.project})", flush=True)
    return sites


def kinds(sites: Sites, result: Result) -> list[Kind]:
    return [
        Kind("floor", sites.floor, _build(sites.floor / "mkdocs.yml", sites.floor / "site"), result.floor),
        Kind("ours", sites.project, _build(sites.project / "mkdocs.yml", sites.project / "site"), result.ours, (".cache",)),
        Kind("floor-nosearch", sites.bare, _build(sites.bare / "mkdocs.yml", sites.bare / "site"), result.bare),
        Kind("hugo", sites.hugo, ["hugo", "--quiet", "-d", str(sites.hugo / "site")], result.hugo, ("site", "resources")),
    ]


def _progress(result: Result, name: str, run: int, measured: Measured) -> None:
    print(f"[{result.corpus} {result.posts}] {name:19} run {run + 1}: {measured.seconds:7.2f} s wall, {measured.cpu:7.2f} s CPU, "
          f"{measured.peak_kib / 1024:6.0f} MiB, load {measured.load:.2f}", flush=True)


def build_cold(kind: Kind, result: Result, run: int) -> None:
    for kept in kind.kept:
        shutil.rmtree(kind.folder / kept, ignore_errors=True)
    measured = measure(kind.command, cwd=kind.folder)
    kind.runs.add(measured)
    _progress(result, kind.name, run, measured)
    if kind.name == "ours":  # the same site again, unchanged, with what the cold build kept
        measured = measure(kind.command, cwd=kind.folder)
        result.warm.add(measured)
        _progress(result, "ours (warm)", run, measured)


def changed_post(project: Path) -> Path:
    """The post the one-change check edits: the same one every run."""
    posts = sorted((project / "content" / "posts").rglob("*.md"))
    return posts[len(posts) // 2]


def check_twice(project: Path, result: Result, run: int) -> None:
    """`cchc check` as on a fresh clone (no cache), then after a paragraph was added to one post since."""
    check = [str(Path(sys.executable).with_name("cchc")), "check"]  # exits 0 with warnings only
    shutil.rmtree(project / ".cache", ignore_errors=True)
    measured = measure(check, cwd=project)
    result.check.add(measured)
    _progress(result, "cchc check", run, measured)
    post = changed_post(project)
    text = post.read_text(encoding="utf-8")
    post.write_text(text + f"\nĐoạn thêm sau lần kiểm tra trước (lần đo {run + 1}).\n", encoding="utf-8")
    try:
        measured = measure(check, cwd=project)
    finally:
        post.write_text(text, encoding="utf-8")  # the next builds see the corpus as written
    result.changed.add(measured)
    _progress(result, "cchc check (1 post)", run, measured)


def bench(corpus: Corpus, posts: int, *, repeat: int, work: Path, servers: tuple[str, ...] = ()) -> Result:
    """Every figure of one corpus at one size; `servers`: the previews to time after the builds (bench/preview.py)."""
    sites = write_sites(corpus, posts, work)
    result = Result(corpus.name, posts)
    every = kinds(sites, result)
    for run in range(repeat):
        # Take turns, so that a slow spell of the shared machine does not always hit the same build.
        for kind in every[run % len(every):] + every[:run % len(every)]:
            build_cold(kind, result, run)
        check_twice(sites.project, result, run)
    result.pages_ours = _html_pages(sites.project / "site")
    result.pages_floor = _html_pages(sites.floor / "site")
    result.pages_hugo = _html_pages(sites.hugo / "site")
    result.typo = typo_cost(sites.project / "site")
    if servers:  # the preview starts with the cache the last check left, as a writer's does
        from preview import measure_servers

        print(f"[{corpus.name} {posts}] preview: {', '.join(servers)}", flush=True)
        result.preview = measure_servers(sites.project, sites.floor, sites.hugo, names=servers, logs=work)
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


def _cell(seconds: float, load: float, digits: int = 1) -> str:
    """A time with the load average its run started at, in brackets."""
    return f"{seconds:.{digits}f} s ({load:.1f})"


def _best(runs: Runs, digits: int = 1) -> str:
    return _cell(runs.best, runs.fastest.load, digits) if runs.runs else "—"


def _memory(runs: Runs, kind: str) -> str:
    heaviest = runs.heaviest(kind)
    return f"{int(getattr(heaviest, kind)) / 1024:,.0f} MiB ({heaviest.load:.1f})"


def _saves(result: Result, server: str) -> str:
    saves = result.preview.get(server)
    return "—" if saves is None else _cell(saves.median, saves.median_load, 2)


def _preview_ratio(result: Result, server: str) -> str:
    if "ours" not in result.preview or server not in result.preview:
        return "—"
    return f"{result.preview['ours'].median / result.preview[server].median:.2f} ×"


def main_rows(results: list[Result]) -> list[str]:
    """The four figures, one row per size: cold build, `cchc check`, preview, peak memory."""
    rows = [
        "| posts | cold build: **ours** | floor | Hugo | **ours / floor** | **ours / Hugo** | `cchc check`: no cache "
        "| one post changed | preview, save → page shows it: **ours** | `mkdocs serve` | `hugo server` | **ours / `mkdocs serve`** "
        "| **ours / `hugo server`** | peak memory of ours: largest process (RSS) | all processes (RSS) | **all processes (PSS)** |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.posts:,} | {_best(r.ours)} | {_best(r.floor)} | {_best(r.hugo)} | **{r.ratio:.2f} ×** | **{r.ratio_hugo:.2f} ×** | "
            f"{_best(r.check, 2)} | {_best(r.changed, 2)} | {_saves(r, 'ours')} | {_saves(r, 'mkdocs')} | {_saves(r, 'hugo')} | "
            f"**{_preview_ratio(r, 'mkdocs')}** | **{_preview_ratio(r, 'hugo')}** | {_memory(r.ours, 'peak_kib')} | "
            f"{_memory(r.ours, 'total_kib')} | **{_memory(r.ours, 'pss_kib')}** |"
        )
    return rows


def detail_rows(results: list[Result]) -> list[str]:
    """What else each run measured: pages, the floor without search, CPU, the floor's memory, the warm build, the typo query,
    the previews' start."""
    rows = [
        "| posts | HTML pages: ours / floor / Hugo | floor without search | ours / floor without search | CPU: ours / floor / Hugo "
        "| peak memory of the floor: largest process / all (PSS) | ours warm (cache kept) | **warm / cold** "
        "| a query with a typo: what the typo costs (whole query), median | preview start: ours / MkDocs / Hugo |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        start = " / ".join(f"{r.preview[name].ready:.0f} s" if name in r.preview else "—" for name in ("ours", "mkdocs", "hugo"))
        rows.append(
            f"| {r.posts:,} | {r.pages_ours:,} / {r.pages_floor:,} / {r.pages_hugo:,} | {_best(r.bare)} | {r.ratio_bare:.2f} × | "
            f"{r.ours.best_cpu:.1f} s / {r.floor.best_cpu:.1f} s / {r.hugo.best_cpu:.1f} s | "
            f"{r.floor.peak_mib:,.0f} / {r.floor.pss_mib:,.0f} MiB | {_best(r.warm)} | **{r.warm.best / r.ours.best:.2f} ×** | "
            f"{_typo_cell(r.typo)} | {start} |"
        )
    return rows


@dataclass(frozen=True)
class Target:
    """A target of the issue: a figure of ours at a size, at most `limit`."""

    what: str
    posts: int
    limit: float
    figure: Callable[[Result], float | None]
    shown: Callable[[float], str]


def _preview_median(result: Result) -> float | None:
    return result.preview["ours"].median if "ours" in result.preview else None


GB_MIB = 1e9 / 2**20  # the GB, in the MiB the table shows
TARGETS = (
    Target("cold build ≤ 1.3 × the floor", 1000, 1.3, lambda r: r.ratio, lambda v: f"{v:.2f} ×"),
    Target("`cchc check` with no cache ≤ 1 s", 1000, 1.0, lambda r: r.check.best, lambda v: f"{v:.2f} s"),
    Target("`cchc check` after one post changed ≤ 0.3 s", 1000, 0.3, lambda r: r.changed.best, lambda v: f"{v:.2f} s"),
    Target("preview ≤ 1 s a save", 1000, 1.0, _preview_median, lambda v: f"{v:.2f} s"),
    Target("preview ≤ 2 s a save", 10000, 2.0, _preview_median, lambda v: f"{v:.2f} s"),
    Target(f"peak memory ≤ 1.5 GB ({1.5 * GB_MIB:,.0f} MiB), all processes (PSS)", 10000, 1.5 * GB_MIB, lambda r: r.ours.pss_mib,
           lambda v: f"{v:,.0f} MiB"),
)


def against_targets(results: list[Result]) -> list[str]:
    """One line per target: the figure of the run at its size, met or missed; or why there is none."""
    by_size = {r.posts: r for r in results}
    lines = []
    for target in TARGETS:
        result = by_size.get(target.posts)
        value = target.figure(result) if result is not None else None
        if value is None:
            why = "not measured" + (" (no run at that size)" if result is None else " (run with --preview)")
            lines.append(f"- {target.what} at {target.posts:,} posts: {why}")
        else:
            verdict = "met" if value <= target.limit else "**missed**"
            lines.append(f"- {target.what} at {target.posts:,} posts: {target.shown(value)}, {verdict}")
    return lines


def _runs(runs: Runs, digits: int = 1) -> str:
    return ", ".join(f"{run.seconds:.{digits}f} ({run.load:.1f})" for run in runs.runs)


def every_run(results: list[Result]) -> list[str]:
    rows = []
    for r in results:
        rows.append(f"- {r.posts:,} posts: ours {_runs(r.ours)}; floor {_runs(r.floor)}; floor without search {_runs(r.bare)}; "
                    f"Hugo {_runs(r.hugo)}; ours warm {_runs(r.warm)}; `cchc check` no cache {_runs(r.check, 2)}; "
                    f"one post changed {_runs(r.changed, 2)}")
        for name, saves in r.preview.items():
            rows.append(f"- {r.posts:,} posts, preview {name}: "
                        + ", ".join(f"{t:.2f} ({load:.1f})" for t, load in zip(saves.times, saves.loads, strict=True)))
    return rows


def growth(results: list[Result]) -> list[str]:
    by_size = {r.posts: r for r in results}
    rows = []
    for small, large in ((a, b) for a in sorted(by_size) for b in sorted(by_size) if b > a):
        s, g = by_size[small], by_size[large]
        rows += [
            "",
            f"{large:,} posts / {small:,} posts ({large / small:g} × the posts): ours **{g.ours.best / s.ours.best:.2f} ×**, "
            f"floor {g.floor.best / s.floor.best:.2f} ×, floor without search {g.bare.best / s.bare.best:.2f} ×, "
            f"Hugo {g.hugo.best / s.hugo.best:.2f} ×.",
        ]
    return rows


def _times(repeat: int) -> str:
    return "once" if repeat == 1 else f"{repeat} times"


def table(corpus: Corpus, results: list[Result], *, repeat: int, started: str, command: str) -> str:
    """One corpus's tables, between its markers of RESULTS.md."""
    rows = [
        f"Corpus: {corpus.what}. Measured {started}, by `{command}`. Each build and check ran {_times(repeat)}, the kinds "
        "taking turns; the best wall time counts; a preview's figure is the median of its saves. In brackets: the 1-minute "
        "load average when that run (or save) started.",
        "",
        *main_rows(results),
        "",
        "Against the targets (issue 25):",
        "",
        *against_targets(results),
        "",
        *detail_rows(results),
        *growth(results),
        "",
        "Every run, wall seconds (load average):",
        "",
        *every_run(results),
    ]
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
    """One cold build of ours on the project's corpus (no floor, no timing kept) and what a query with a typo downloads from it."""
    project = work / f"site-{posts}"
    shutil.rmtree(project, ignore_errors=True)
    write_corpus(CORPORA["project"], project, posts)
    measured = measure(_build(project / "mkdocs.yml", project / "site"), cwd=project)
    print(f"[{posts}] ours built in {measured.seconds:.1f} s", flush=True)
    result = Result("project", posts, pages_ours=_html_pages(project / "site"))
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


def plan(specs: list[str], posts: list[int]) -> list[tuple[Corpus, list[int]]]:
    """The corpora to measure and their sizes, from `--corpus NAME[:N,N…]` (a name alone takes the sizes of --posts)."""
    planned = []
    for spec in specs:
        name, _, sizes = spec.partition(":")
        if name not in CORPORA:
            raise SystemExit(f"--corpus {spec}: the corpora are {', '.join(CORPORA)}")
        try:
            planned.append((CORPORA[name], sorted({int(n) for n in sizes.split(",")}) if sizes else posts))
        except ValueError:
            raise SystemExit(f"--corpus {spec}: sizes are numbers of posts, such as {name}:1000,10000") from None
    return planned


def command_line(planned: list[tuple[Corpus, list[int]]], args: argparse.Namespace) -> str:
    """The command that makes the tables again, as they say it (without --work and --write)."""
    words = ["bench/run.py", *(f"--corpus {corpus.name}:{','.join(map(str, sizes))}" for corpus, sizes in planned)]
    words += [f"--repeat {args.repeat}"] if args.repeat != 3 else []
    words += ["--preview"] if args.preview else []
    words += [f"--mkdocs-serve-upto {args.mkdocs_serve_upto}"] if args.preview and args.mkdocs_serve_upto != MKDOCS_SERVE_UPTO else []
    return " ".join(words + (["--typo-only"] if args.typo_only else []))


def servers(args: argparse.Namespace, posts: int) -> tuple[str, ...]:
    if not args.preview:
        return ()
    return ("ours", "mkdocs", "hugo") if posts <= args.mkdocs_serve_upto else ("ours", "hugo")


def typo_runs(planned: list[tuple[Corpus, list[int]]], work: Path) -> list[Result]:
    sizes = [n for corpus, sizes in planned if corpus.name == "project" for n in sizes]
    if not sizes:
        raise SystemExit("--typo-only measures the project's corpus: --corpus project")
    return [typo_only(n, work=work) for n in sizes]


def measure_all(planned: list[tuple[Corpus, list[int]]], args: argparse.Namespace, work: Path, *, started: str,
                command: str) -> list[Result]:
    """Every corpus at its sizes, each corpus's tables shown (and written) as soon as it is measured; returns the
    project corpus's results, whose typo queries have a table of their own."""
    typos: list[Result] = []
    for corpus, sizes in planned:
        results = [bench(corpus, n, repeat=args.repeat, work=work, servers=servers(args, n)) for n in sizes]
        report(table(corpus, results, repeat=args.repeat, started=started, command=command), args.write,
               begin=corpus.begin, end=corpus.end)
        typos += results if corpus.name == "project" else []
    return typos


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", metavar="NAME[:N,N…]",
                        help=f"corpus to measure (repeatable): {', '.join(CORPORA)}, with its own sizes after a colon; default project")
    parser.add_argument("--posts", type=int, action="append",
                        help="number of posts (repeatable) of a corpus named alone; default 1000 and 10000")
    parser.add_argument("--repeat", type=int, default=3, help="builds and checks of each kind per size; the best counts (default 3)")
    parser.add_argument("--preview", action="store_true", help="also time a save in the previews (bench/preview.py), after the builds")
    parser.add_argument("--mkdocs-serve-upto", type=int, default=MKDOCS_SERVE_UPTO, metavar="N",
                        help=f"time `mkdocs serve` only up to N posts (default {MKDOCS_SERVE_UPTO}: above, minutes a save)")
    parser.add_argument("--work", type=Path, help="folder for the generated sites (default: a temporary one, removed after)")
    parser.add_argument("--typo-only", action="store_true", help="only what a query with a typo downloads: one build of ours "
                        "per size of the project's corpus, no floor, no timing")
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="also write the tables into this file, between their markers")
    args = parser.parse_args()
    args.repeat = max(1, args.repeat)
    planned = plan(args.corpus or ["project"], sorted(set(args.posts or SIZES)))
    if shutil.which("hugo") is None and not args.typo_only:
        raise SystemExit("Hugo is needed for the comparison: apt-get install hugo")
    started = machine()
    print(started, flush=True)
    command = command_line(planned, args)
    work = args.work or Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    try:
        typos = typo_runs(planned, work) if args.typo_only else measure_all(planned, args, work, started=started, command=command)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if typos:  # the project's corpus was measured
        report(typo_table(typos, started=started, command=command), args.write, begin=TYPO_BEGIN, end=TYPO_END)


if __name__ == "__main__":
    main()
