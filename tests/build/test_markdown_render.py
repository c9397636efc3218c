"""Markdown bodies converted ahead in worker processes (in a fresh interpreter: the conversion forks only a
process with no other thread) equal those converted one by one. The Markdown facts themselves:
tests/unit/test_render_markdown.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cchc.content.settings import MKDOCS_BUILTIN_EXTENSIONS

SITE_EXTENSIONS = (*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list", "md_in_html")


_PREFETCH = """
import sys
from pathlib import Path
from cchc.render import markdown as markdown_render
from cchc.render.markdown import AHEAD_AT_LEAST, PostRenderer
extensions = tuple(sys.argv[1].split(","))
bodies = [f"## Mục {n}\\n\\nĐoạn {n} với [tệp](tep-{n}.pdf) và ![ảnh {n}](anh-{n}.png).\\n\\n" + "> " * (n % 7) + "trích"
          for n in range(AHEAD_AT_LEAST + 6)]
bodies.append(">" * 40 + " quá sâu")  # too deep: the problem is in its facts, as one by one
ahead = PostRenderer(extensions, {}, cache_root=Path(sys.argv[2]))
ahead.render("Kế hoạch.", body_line=1)  # as a build renders its plans first: the cache's writer thread runs
ahead.prefetch(bodies)
assert ahead._workers is not None and all(ahead._workers.has(markdown_render.digest(body)) for body in bodies)
def not_here(*args):
    raise AssertionError("converted in the parent, not by the workers")
ahead._convert = not_here  # every body, the too deep one too, comes from the worker processes
one_by_one = PostRenderer(extensions, {})
for body in reversed(bodies):  # the last asked for first: the results before it wait their turn
    assert ahead.render(body, body_line=5) == one_by_one.render(body, body_line=5)
assert one_by_one.render(bodies[-1], body_line=5).facts.problems
assert not ahead._ahead and ahead._workers is None
print("giống nhau")
"""


def test_bodies_converted_ahead_in_processes_equal_those_converted_one_by_one(tmp_path: Path) -> None:
    # In a fresh process: the conversion ahead forks only a process with no other thread (not pytest's).
    done = subprocess.run([sys.executable, "-c", _PREFETCH, ",".join(SITE_EXTENSIONS), str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "giống nhau", done.stderr
