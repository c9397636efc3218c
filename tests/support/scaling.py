"""Sites of generated posts (bench/generate_posts.py), for the counted guarantees of the build
(tests/unit/test_build_scaling.py, tests/build/test_scaling.py) and the incremental preview; and the
posts a page context hands its template."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from cchc.model import Post
from cchc.outputs.pages import Context, PostItem, TaskEntry
from support import REPO
from support.project import SiteProject

SMALL, LARGE = 80, 320  # N and 4N
PAGE_SIZE = 20
FEED_ITEMS = 50
# Every list is paginated now; a template named here would be allowed to grow (linearly in all).
UNPAGINATED: frozenset[str] = frozenset()


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate_posts", REPO / "bench" / "generate_posts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.TARGET_BYTES = 600  # type: ignore[attr-defined]  # short bodies: what is counted here does not depend on their length
    return module


def generated_project(root: Path, count: int) -> SiteProject:
    project = SiteProject(root)
    project.set_config(extra={"cchc": {"page_size": PAGE_SIZE, "feed_items": FEED_ITEMS}})
    _generator().generate_posts(project.root, count=count, seed=1)
    return project


def handed_posts(value: Any) -> list[Post]:
    """The posts a context hands its template: in its fields, task entries, list items, mappings, lists
    and tuples."""
    if isinstance(value, Post):
        return [value]
    if isinstance(value, Context | TaskEntry | PostItem):
        return [post for item in fields(value) for post in handed_posts(getattr(value, item.name))]
    if isinstance(value, Mapping):
        return [post for item in value.values() for post in handed_posts(item)]
    if isinstance(value, list | tuple):
        return [post for item in value for post in handed_posts(item)]
    return []
