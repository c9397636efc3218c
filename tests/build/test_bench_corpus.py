"""The benchmark's second corpus (bench/staff_posts.py): posts as staff write them pass `cchc check` with no
error and build with `mkdocs build --strict` (the build bench/run.py times), with the shapes the corpus is
there for, the same bytes for the same seed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
