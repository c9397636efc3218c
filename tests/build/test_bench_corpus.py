"""The benchmark's second corpus and its tables (bench/staff_posts.py, bench/run.py).

Posts as staff write them pass `cchc check` with no error and build with `mkdocs build --strict` (the
build bench/run.py times), with the shapes the corpus is there for; and the tables put the ratios
against the floor and Hugo, and the verdicts against the targets, where `make bench` writes them.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import lxml.html
import pytest
from support import FIXED_NOW, REPO
from support.cli import cchc
from support.project import run_mkdocs

COUNT = 20


def write_staff_posts(root: Path) -> Path:
    """The corpus as the benchmark writes it: the script, with generate_posts.py's scaffold."""
    done = subprocess.run([sys.executable, str(REPO / "bench" / "staff_posts.py"), str(root), "--count", str(COUNT), "--scaffold"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def staff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_staff_posts(tmp_path_factory.mktemp("staff") / "site")


def bench_run() -> ModuleType:
    """bench/run.py by path (bench/ is not a package), under a name of its own; registered before it runs, as
    its dataclasses need."""
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def posts_of(root: Path) -> list[Path]:
    return sorted((root / "content" / "posts").rglob("*.md"))


def test_staff_posts_pass_cchc_check_without_an_error(staff: Path) -> None:
    done = cchc(staff, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "không có lỗi" in done.stdout + done.stderr
    assert f"{COUNT} bài viết" in done.stdout + done.stderr


def test_staff_posts_are_3_to_15_kb_and_the_same_bytes_for_the_same_seed(staff: Path, tmp_path: Path) -> None:
    again = write_staff_posts(tmp_path / "again")
    files = sorted(path.relative_to(staff) for path in (staff / "content").rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(again) for path in (again / "content").rglob("*") if path.is_file())
    assert all((staff / name).read_bytes() == (again / name).read_bytes() for name in files)
    sizes = [post.stat().st_size for post in posts_of(staff)]
    assert len(sizes) == COUNT
    assert min(sizes) >= 3_000 and max(sizes) <= 15_000, sizes


def test_staff_posts_build_strict_with_their_shapes(staff: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_mkdocs(["build", "--strict", "-f", str(staff / "mkdocs.yml"), "-d", str(out)], now=FIXED_NOW, out=out)
    assert result.returncode == 0, result.stderr
    pages = [lxml.html.fromstring((out / "tin-tuc" / post.relative_to(staff / "content" / "posts").with_suffix("") / "index.html")
                                  .read_bytes()) for post in posts_of(staff)]
    bodies = [body for page in pages for body in page.xpath("//*[@data-search-body]")]
    assert len(bodies) == COUNT

    def count(xpath: str) -> int:
        return sum(len(body.xpath(xpath)) for body in bodies)

    assert count(".//h2") and count(".//h3") and count(".//table") and count(".//blockquote") and count(".//ol")
    assert count(".//li/ul") or count(".//li/ol"), "no nested list"
    assert count(".//img[@srcset]") and count(".//a[starts-with(@href, 'https://')]")
    between = [href for body in bodies for href in body.xpath(".//a/@href") if href.startswith("../../")]
    assert between, "no link to another post"


def test_the_tables_put_the_ratios_and_the_verdicts_in() -> None:
    run = bench_run()

    def runs(*seconds: float) -> Any:
        made = run.Runs()
        for value in seconds:
            made.add(run.Measured(value, value, 500 * 1024, 800 * 1024, 600 * 1024, 0.5))
        return made

    def saves(*seconds: float) -> Any:
        return run.Saves(3.0, list(seconds), [0.7] * len(seconds))

    result = run.Result("staff", 1000, ours=runs(13.0, 12.0), floor=runs(9.0, 8.0), bare=runs(6.0), hugo=runs(2.0),
                        check=runs(0.9), changed=runs(0.45), warm=runs(5.0), pages_ours=1300, pages_floor=1002, pages_hugo=1003,
                        preview={"ours": saves(0.8, 0.9, 1.2), "mkdocs": saves(9.0), "hugo": saves(0.3)})
    text = run.table(run.CORPORA["staff"], [result], repeat=2, started="today", command="bench/run.py --corpus staff:1000")
    row = next(line for line in text.splitlines() if line.startswith("| 1,000 | 12.0 s (0.5) |"))
    assert "| **1.50 ×** | **6.00 ×** |" in row  # ours / floor, ours / Hugo: the best of each
    assert "| 0.90 s (0.5) | 0.45 s (0.5) |" in row  # `cchc check`: no cache, one post changed
    assert "| 0.90 s (0.7) | 9.00 s (0.7) | 0.30 s (0.7) | **0.10 ×** | **3.00 ×** |" in row  # the previews' medians
    assert "**600 MiB (0.5)**" in row  # all processes, PSS
    assert "`bench/run.py --corpus staff:1000`" in text
    assert "- cold build ≤ 1.3 × the floor at 1,000 posts: 1.50 ×, **missed**" in text
    assert "- `cchc check` with no cache ≤ 1 s at 1,000 posts: 0.90 s, met" in text
    assert "- `cchc check` after one post changed ≤ 0.3 s at 1,000 posts: 0.45 s, **missed**" in text
    assert "- preview ≤ 1 s a save at 1,000 posts: 0.90 s, met" in text
    assert "at 10,000 posts: not measured (no run at that size)" in text
