"""A small repository for the editor's unit tests (src/cchc/editor/): two plans, one post, one answer,
the units file, read through the real settings reader; the editor's project, area and workspace over it,
as `cchc serve` makes them (cchc.editor.serving.Editor), without a server."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc.content.settings import Settings
from cchc.editor.paths import Area
from cchc.editor.project import Project
from cchc.editor.workspace import Workspace
from support.answers import answer_file
from support.content_tree import PLAN_2022, PLAN_2023, write_tree
from support.project import content_settings

POST = "content/posts/2022/03/tap-huan.md"
ANSWER = "content/hoi-dap/k7m3qx9a.md"
# As `cchc new` writes a post, then edited by hand: a summary, tags, a comment of its own.
POST_TEXT = """---
title: "Tập huấn nghiệp vụ: \\"một cửa\\" # 1"
date: 2022-03-15 08:30            # giờ Việt Nam; ngày ở tương lai là bài hẹn giờ
task: 2                           # số thứ tự nhiệm vụ trong phụ lục kế hoạch
unit: "Văn phòng"                 # đơn vị viết bài
summary: 'Công chức được tập huấn.'
tags: ["tập huấn", "một cửa"]     # chủ đề
sample: true
---
Sáng 15/3, Văn phòng Sở tổ chức lớp tập huấn nghiệp vụ cải cách hành chính.
"""
# The units file: one unit named by no plan and no post.
UNITS = '# Đơn vị\n"Trường THPT Ân Thi":\n  name: "Trường THPT Ân Thi"\n'


@dataclass
class EditorRepo:
    root: Path
    settings: Settings
    project: Project
    area: Area
    workspace: Workspace

    def file(self, relative: str) -> Path:
        return self.root / relative

    def ask(self, action: str, **params: Any) -> tuple[int, Any]:
        return self.workspace.answer({"action": action, "params": params})


def editor_repo(root: Path) -> EditorRepo:
    write_tree(root, {"2022/03/tap-huan.md": POST_TEXT}, plans={2022: PLAN_2022, 2023: PLAN_2023})
    (root / "content" / "hoi-dap").mkdir(parents=True)
    (root / ANSWER).write_text(answer_file("k7m3qx9a"), encoding="utf-8")
    (root / "du-lieu").mkdir()
    (root / "du-lieu" / "don-vi.yml").write_text(UNITS, encoding="utf-8")
    settings = content_settings(root)
    project = Project(settings)
    area = Area(settings.root, (settings.posts_dir, settings.answers_dir))
    return EditorRepo(root, settings, project, area, Workspace(area, project, root.name))


def media(path: str, data: bytes) -> dict[str, str]:
    """An uploaded file as Decap sends it in `persistMedia` and `persistEntry`'s assets."""
    return {"path": path, "content": base64.b64encode(data).decode("ascii"), "encoding": "base64"}
