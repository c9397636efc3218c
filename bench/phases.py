"""Where one build's time goes: wall time per MkDocs phase and per hook event, and CPU of the build
and of the processes it started (the search index, the Markdown workers).

    .venv/bin/python bench/phases.py PROJECT [--cold]      # e.g. a folder made by bench/generate_posts.py --scaffold

PROJECT is a folder with a mkdocs.yml; the site is built into a temporary folder. With --cold the
build cache (.cache/) is removed first. One build, so the machine's noise applies: run it a few
times, and compare against bench/run.py's table, not against another day.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection

SECONDS: dict[str, float] = {}
CALLS: Counter[str] = Counter()


def _timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SECONDS[label] = SECONDS.get(label, 0.0) + time.perf_counter() - start
            CALLS[label] += 1
    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--cold", action="store_true", help="remove the build cache first")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(args.project)
    if args.cold:
        shutil.rmtree(".cache", ignore_errors=True)
    mkdocs_build._populate_page = _timed("Markdown and page content (_populate_page)", mkdocs_build._populate_page)
    mkdocs_build._build_page = _timed("templates and writing (_build_page)", mkdocs_build._build_page)
    run_event = PluginCollection.run_event
    setattr(PluginCollection, "run_event", lambda self, name, *a, **k: _timed(f"event {name}", run_event)(self, name, *a, **k))  # noqa: B010
    with tempfile.TemporaryDirectory(prefix="cchc-phases-") as out:
        start = time.perf_counter()
        mkdocs_build.build(load_config("mkdocs.yml", site_dir=out, strict=True))
        total = time.perf_counter() - start
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"build {total:.2f} s wall; this process {mine.ru_utime:.2f} s user + {mine.ru_stime:.2f} s system; "
          f"its children {children.ru_utime:.2f} s user + {children.ru_stime:.2f} s system", file=sys.stderr)
    for label, seconds in sorted(SECONDS.items(), key=lambda item: -item[1]):
        if seconds >= 0.01:
            print(f"  {label:44} {seconds:6.2f} s  ({CALLS[label]} calls)", file=sys.stderr)


if __name__ == "__main__":
    main()
