"""Issue 22, item 6: bounds that hold everywhere, with real processes.

- `cchc check` of the issue's posts (50,000 autolinks; one file linked 50,000 times) ends, whatever the
  machine's load: the facts take no time (tests/unit/test_fact_lines.py), and Markdown is bounded.
- The Markdown time limit holds where the signal it used to rely on does not: in the preview's
  build thread, in forked workers and on Windows, by a child process killed when time runs out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
from support import FIXED_NOW
from support.fact_shapes import SHAPES, SITE_EXTENSIONS
from support.project import SiteProject

from cchc.cache.disk import digest
from cchc.preview.server import Preview
from cchc.render import markdown as markdown_render
from cchc.render.markdown import PostRenderer
from cchc.render.time_limit import Isolated, TimeLimitExceeded

GOOD = {"title": "Tin", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}


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


# --------------------------------------------------------------------------- the Markdown time limit everywhere

SLOW = "Đoạn đầu.\n\n" + "[a " * 4000 + "\n"  # 12 KB that Python-Markdown takes 35 s to read
SLOW_MESSAGE = "Markdown cần hơn 0.5 giây"


def test_the_limit_holds_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview builds in a thread, where a signal cannot interrupt: a child process converts there."""
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 0.5)
    renderer = PostRenderer(SITE_EXTENSIONS, {})
    found: dict[str, object] = {}

    def convert() -> None:
        found["slow"] = renderer.render(SLOW, body_line=7).facts.problems
        found["next"] = renderer.render("## Mục\n\n[xem](#muc)\n", body_line=7)  # the same process goes on

    worker = threading.Thread(target=convert)
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    assert [(line, SLOW_MESSAGE in message) for line, message in found["slow"]] == [(7, True)]  # type: ignore[attr-defined]
    assert found["next"] == PostRenderer(SITE_EXTENSIONS, {}).render("## Mục\n\n[xem](#muc)\n", body_line=7)


def test_the_limit_holds_where_there_is_no_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no SIGALRM: the child process converts there too, and gives the very same facts."""
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 0.5)
    monkeypatch.setattr(markdown_render, "signals_work", lambda: False)
    renderer = PostRenderer(SITE_EXTENSIONS, {"toc": {"permalink": True}})
    problems = renderer.render(SLOW, body_line=7).facts.problems
    assert [(line, SLOW_MESSAGE in message) for line, message in problems] == [(7, True)]
    body = "## Mục\n\n![Ảnh](a.png)\n\n[tải](b.pdf) <span onclick='x'>a</span>\n\n" + ">" * 50 + " sâu\n"
    monkeypatch.undo()
    assert renderer.render(body, body_line=7) == PostRenderer(SITE_EXTENSIONS, {"toc": {"permalink": True}}).render(body, body_line=7)


def test_the_limit_holds_in_forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full build converts bodies ahead in forked workers: a slow body stops there too, and is reported."""
    if sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        pytest.skip("bodies are converted ahead only on Linux with two cores or more")
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 0.5)
    monkeypatch.setattr(markdown_render, "AHEAD_AT_LEAST", 2)
    renderer = PostRenderer(SITE_EXTENSIONS, {})
    bodies = [SLOW, "Một.\n", "Hai.\n"]
    started = time.monotonic()
    renderer.prefetch(bodies)
    assert [(line, SLOW_MESSAGE in message) for line, message in renderer.render(SLOW, body_line=7).facts.problems] == [(7, True)]
    assert time.monotonic() - started < 30  # unbounded, the slow body alone takes 35 s
    assert renderer._workers is not None and all(renderer._workers.has(digest(body)) for body in bodies[1:])
    monkeypatch.setattr(renderer, "_convert", None)  # the two others were converted ahead, by the workers
    assert [renderer.render(body, body_line=1).facts.problems for body in bodies[1:]] == [(), ()]
    assert renderer._workers is None


def test_where_no_process_can_start_the_body_is_still_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    """An embedded Python without an interpreter to start: converted in place, unbounded, as before."""
    monkeypatch.setattr(markdown_render, "signals_work", lambda: False)
    monkeypatch.setattr(sys, "executable", "/khong-co/python")
    facts = PostRenderer(SITE_EXTENSIONS, {}).render("## Mục\n\n[xem](#muc)\n", body_line=7).facts
    assert facts.anchors == (("muc", 9),) and facts.problems == ()


def test_a_call_that_a_signal_cannot_stop_kills_the_process() -> None:
    worker = Isolated()
    try:
        assert worker.call(30, pow, 2, 10) == 1024
        first = worker._process
        started = time.monotonic()
        with pytest.raises(TimeLimitExceeded):
            worker.call(0.5, time.sleep, 60)  # no signal limit runs in there: only the kill ends it
        assert time.monotonic() - started < 30
        assert worker.call(30, pow, 3, 3) == 27  # a new process took its place
        assert worker._process is not first
        with pytest.raises(ZeroDivisionError):
            worker.call(30, divmod, 1, 0)  # what it raises is raised here
    finally:
        worker.close()


def test_the_preview_reports_a_slow_post_and_goes_on(project: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview's builds run in its loop thread: with no limit there, a slow post kept it busy for as
    long as Python-Markdown took; now the post is reported at its line, and the next save is built."""
    monkeypatch.setenv("CCHC_NOW", FIXED_NOW)
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 0.5)
    post = project.write_post("2022/03/tot.md", GOOD)
    preview = Preview(project.config, "127.0.0.1", 8000)
    preview.session.markdown.start()
    try:
        preview.build(dirty=False)
        assert not preview.state.failed

        def save(body: str) -> None:
            project.write_post("2022/03/tot.md", GOOD, body=body)
            saving = threading.Thread(target=preview.apply, args=({str(post): "content"},))
            saving.start()
            saving.join(60)
            assert not saving.is_alive()

        save(SLOW)
        assert [(problem.path, problem.line, SLOW_MESSAGE in problem.message) for problem in preview.state.problems] == [
            ("content/posts/2022/03/tot.md", 7, True)]
        save("Đã sửa.\n")
        assert not preview.state.failed
        assert "Đã sửa." in (preview.site_dir / "tin-tuc" / "2022" / "03" / "tin" / "index.html").read_text(encoding="utf-8")
    finally:
        preview.session.close()
        shutil.rmtree(preview.site_dir, ignore_errors=True)
