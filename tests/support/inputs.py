"""A project with a file of every kind the declaration of a build's inputs (cchc.build.inputs) names."""

from __future__ import annotations

import shutil
from pathlib import Path

from cchc.adapter.config import load_settings
from cchc.content.settings import Settings
from support import REPO
from support.project import READY_AGENCY, READY_PORTALS, READY_SITE_URL, SiteProject

ANSWER = """---
code: K7M3QX9A
title: Hỏi về văn bằng
asked: 2022-05-02 09:15
answered: 2022-05-10
plan: 2022
task: 8
unit: Văn phòng
question: Xin hỏi thủ tục chỉnh sửa văn bằng.
---
Sở trả lời: nộp trực tuyến trên Cổng.
"""
SIGNED = "du-lieu/bao-cao-da-ky/2022-bao-cao-nam.pdf"
COUNTS = "generated: 2022-12-31 17:00\nmonths:\n  2022-03: {received: 5, answered: 2, useful: 10, not_useful: 3}\n"


def every_kind(root: Path) -> SiteProject:
    """A project with a file of every declared kind: posts with an image, an answer and its counts,
    the data files (a signed report among them), a docs page and the agency's logo."""
    project = SiteProject(root)
    shutil.copytree(REPO / "content" / "posts", project.root / "content" / "posts", dirs_exist_ok=True)
    project.write("content/hoi-dap/k7m3qx9a.md", ANSWER)
    project.write("content/hoi-dap/so-lieu.yml", COUNTS)
    shutil.copytree(REPO / "du-lieu", project.root / "du-lieu")
    project.write("docs/gioi-thieu.md", "# Giới thiệu\n\nTrang của quản trị web.\n")
    project.make_ready()
    # A signed report the webmaster publishes (extra.cchc.report.signed): a data file the build reads whole.
    project.write(SIGNED, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    project.set_config(site_url=READY_SITE_URL, extra={"cchc": {"agency": READY_AGENCY, "portals": READY_PORTALS,
                                                               "report": {"signed": [SIGNED]}}})
    return project


def settings_of(project: SiteProject) -> Settings:
    return load_settings(project.config)[0]
