"""Issue 22, item 6: bounds that hold everywhere.

- Where a body's facts are (the line of each link, image, heading link, refused snippet) is found in
  time linear in the body: a scan per link made a post under 1 MB with 50,000 autolinks take 18
  minutes in `cchc check`, outside the Markdown time limit, on every build and preview save.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from conftest import FIXED_NOW, SiteProject

from cchc.content.settings import MKDOCS_BUILTIN_EXTENSIONS
from cchc.render import markdown as markdown_render
from cchc.render.markdown import PostRenderer

SITE_EXTENSIONS = (*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list", "md_in_html")
GOOD = {"title": "Tin", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}

# Bodies with n facts of one kind; each kind was quadratic in the number of its facts.
SHAPES: dict[str, Callable[[int], str]] = {
    "distinct autolinks": lambda n: "\n\n".join(f"<http://a.vn/{i}>" for i in range(n)),
    "one file linked again and again": lambda n: "\n\n".join("[Tải](a.pdf)" for _ in range(n)),
    "distinct files": lambda n: "\n\n".join(f"[tải](tep-{i}.pdf)" for i in range(n)),
    "images": lambda n: "\n\n".join(f"![Ảnh {i}](anh-{i % 7}.png)" for i in range(n)),
    "headings and links to them": lambda n: "\n\n".join(f"## Mục {i}\n\n[xem](#muc-{i})" for i in range(n)),
    "refused raw HTML": lambda n: "\n\n".join(f'Chữ <span onclick="x{i}">a</span>' for i in range(n)),
    "refused attributes": lambda n: "\n\n".join(f'## Mục {i} {{: onclick="y{i}" }}' for i in range(n)),
    "paths inside paths": lambda n: "\n\n".join(f"[x]({'a' * (i % 60 + 1)}.pdf) {'a' * 60}" for i in range(n)),
}


def _fact_seconds(renderer: PostRenderer, body: str) -> float:
    """Processor time of locating the facts of a converted body (best of three)."""
    converted = renderer._convert(body)
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        markdown_render._with_lines(converted, body, 7)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_doubling_the_facts_doubles_the_work(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 600.0)  # a loaded machine must not cut these short
    renderer = PostRenderer(SITE_EXTENSIONS, {})
    # Distinct texts cost a compiled pattern each before: linear at first, so they take more to show.
    sizes = (10_000, 20_000) if shape.startswith("distinct") else (5_000, 10_000)
    small, large = (_fact_seconds(renderer, SHAPES[shape](n)) for n in sizes)
    assert large < 3 * max(small, 0.01), (shape, small, large)  # quadratic: 4 times


def test_the_facts_keep_their_lines() -> None:
    renderer = PostRenderer(SITE_EXTENSIONS, {})
    body = SHAPES["one file linked again and again"](3) + "\n\n" + SHAPES["headings and links to them"](2)
    facts = renderer.render(body, body_line=7).facts
    assert facts.files == (("a.pdf", 7), ("a.pdf", 9), ("a.pdf", 11))
    assert facts.anchors == (("muc-0", 15), ("muc-1", 19))
    problems = renderer.render(SHAPES["refused raw HTML"](3), body_line=7).facts.problems
    assert [(line, "`onclick`" in message) for line, message in problems] == [(7, True), (9, True), (11, True)]


def _check(project: SiteProject) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cchc.cli", "check"], cwd=project.root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=600, check=False)


def test_check_of_a_post_with_50000_autolinks(project: SiteProject) -> None:
    """The issue's post: under 1 MB, 50,000 autolinks. Python-Markdown reads it within its limit on an idle
    machine (the post passes), or the limit stops it on a loaded one; either way the facts take no time."""
    path = project.write_post("2022/03/a.md", GOOD, body=SHAPES["distinct autolinks"](50_000))
    assert path.stat().st_size < 2**20
    done = _check(project)
    assert done.returncode == 0 or "Markdown cần hơn" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_check_of_a_post_linking_one_file_50000_times(project: SiteProject) -> None:
    """Every link to the same file looked for its line in every line holding it: hours in `cchc check`."""
    path = project.write_post("2022/03/a.md", GOOD, body=SHAPES["one file linked again and again"](50_000))
    assert path.stat().st_size < 2**20
    project.write("content/posts/2022/03/a.pdf", b"%PDF-1.4\n%%EOF\n")
    done = _check(project)
    assert done.returncode == 0 or "Markdown cần hơn" in done.stdout, done.stdout + done.stderr

