"""Content trees loaded for their problems: a plan and posts written as given, read by the real loader,
and the problems it reports as (path, line, message)."""

from __future__ import annotations

from pathlib import Path

from cchc.build.pipeline import load_content
from cchc.problems import ContentError
from support import REPO
from support.project import content_settings

PLAN = (REPO / "plan" / "2022.md").read_text(encoding="utf-8")
GOOD = '---\ntitle: "Tin tốt"\ndate: 2022-03-01 08:00\ntask: 1\nunit: "Văn phòng"\n---\nNội dung.\n'


def load(root: Path) -> list[tuple[str, int, str]]:
    """The problems of a content tree as (path, line, message), or [] when it loads."""
    try:
        load_content(content_settings(root))
    except ContentError as error:
        return [(p.path, p.line, p.message) for p in error.problems]
    return []


def tree(root: Path, files: dict[str, str | bytes], plan: str = PLAN) -> Path:
    for relative, content in {"plan/2022.md": plan, **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def post(**fields: str) -> str:
    """A post whose front matter lines are given verbatim, in order (line 2 onwards)."""
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\nNội dung.\n"


BASE = {"title": '"Tin"', "date": "2022-03-01 08:00", "task": "1", "unit": '"Văn phòng"'}
P = "content/posts/2022/03/tin.md"
