"""Small content trees for the direct tests of the core (tests/unit/: the site model, the pages, feeds,
metadata, explainers, warnings): the bundled plan, posts written as files with YAML front matter, read by
the real loader. No MkDocs, no build: a tree loads in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from cchc.build.pipeline import Content, load_content
from cchc.dates import LOCAL_TZ
from cchc.model import Post
from cchc.site.linking import Site, build_site
from support import REPO
from support.project import content_settings

PLAN_2022 = (REPO / "plan" / "2022.md").read_text(encoding="utf-8")
PLAN_2023 = PLAN_2022.replace("year: 2022", "year: 2023", 1)  # the same appendix, one year later
NOW = datetime(2026, 1, 1, tzinfo=LOCAL_TZ)  # support.FIXED_NOW, the "now" of the end-to-end builds
SITE_URL = "https://example.gov.vn/cchc/"

def post_text(front: Mapping[str, Any], body: str = "Nội dung bài viết.") -> str:
    """A post file: `front` dumped as YAML, one line per key (lists in flow style, no wrapping), then the body."""
    dumped = yaml.safe_dump(dict(front), allow_unicode=True, sort_keys=False, default_flow_style=None, width=1_000_000)
    return "---\n" + dumped + "---\n" + body + "\n"


def verbatim(body: str = "Nội dung bài viết.", **lines: str) -> str:
    """A post whose front matter lines are written as given, in order: key k of n is on line 2 + k,
    the closing `---` on line n + 2 and the body starts on line n + 3."""
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in lines.items()) + "---\n" + body + "\n"


def write_tree(root: Path, posts: Mapping[str, object] | None = None, *,
               plans: Mapping[int, str] | None = None, files: Mapping[str, bytes] | None = None) -> Path:
    """`plan/<year>.md` (default: the bundled 2022 plan) and posts under `content/posts/`: a text is
    written as is, a mapping as front matter, a (mapping, body) pair as both. `files` go under content/posts/."""
    for year, text in (plans if plans is not None else {2022: PLAN_2022}).items():
        _write(root / "plan" / f"{year}.md", text.encode("utf-8"))
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    for relative, source in (posts or {}).items():
        if isinstance(source, str):
            text = source
        elif isinstance(source, tuple):
            front, body = source
            text = post_text(front, body)
        elif isinstance(source, Mapping):
            text = post_text(source)
        else:
            raise TypeError(f"{relative}: a text, a front matter mapping or a (mapping, body) pair")
        _write(root / "content" / "posts" / relative, text.encode("utf-8"))
    for relative, data in (files or {}).items():
        _write(root / "content" / "posts" / relative, data)
    return root


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def load(root: Path) -> Content:
    """The tree read by the real loader (through the real settings reader); raises on any error."""
    return load_content(content_settings(root))


def site_of(root: Path, *, now: datetime = NOW, preview: bool = False) -> Site:
    content = load(root)
    return build_site(content.plans, content.posts, now=now, preview=preview)


def by_title(site: Site) -> dict[str, Post]:
    return {post.title: post for post in site.posts}


def make_post(**changes: Any) -> Post:
    """A post built directly (no file): a valid published post of task 1 of the 2022 plan, with `changes`."""
    base = Post(
        path="content/posts/2022/03/tin.md", source=Path("/nonexistent/content/posts/2022/03/tin.md"),
        lines={"title": 2, "date": 3, "task": 4, "unit": 5}, title="Tin", date=datetime(2022, 3, 15, 8, 30, tzinfo=LOCAL_TZ),
        has_time=True, task_ids=(1,), plan_year=2022, unit="Văn phòng", summary="Tóm tắt.", tags=(), slug="tin",
        updated=None, draft=False, sample=False, image=None, image_size=None, procedure=None, unfinished=(),
    )
    return replace(base, **changes)
