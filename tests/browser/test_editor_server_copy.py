"""The editor for the Sở's own Git server (`cchc soan-bai-may-chu`), as far as it can be tried without a
Forgejo server: the command writes the page, the project's scripts, the shipped Decap CMS and a
configuration of the `forgejo` backend that Decap accepts (it offers the server's sign-in, no
configuration error), with the same form as the preview's (tasks by name, units, tags) minus what only
`cchc serve` can do. Signing in and saving on a real Forgejo was not tried on these machines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.browser import chromium, serve
from support.project import SiteProject


def test_the_server_copy_loads_with_its_forgejo_configuration(project: SiteProject, tmp_path: Path) -> None:
    project.write_post("2022/p.md", {"title": "Tin đã đăng", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng",
                                     "tags": ["tập huấn"]})
    target = tmp_path / "soan-bai"
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "soan-bai-may-chu", str(target), "--may-chu", "https://git.example.vn",
                           "--kho", "so-gddt/cchc", "--ung-dung", "0e7c-khong-bi-mat"], cwd=project.root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    config = json.loads((target / "cau-hinh.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "forgejo" and config["publish_mode"] == "editorial_workflow"
    posts = config["collections"][0]
    fields = {field["name"]: field for field in posts["fields"]}
    assert "phien_ban" not in fields
    assert {"label": "2. Tham gia tập huấn, bồi dưỡng nghiệp vụ cải cách hành chính", "value": 2} in fields["task"]["options"]
    assert fields["tags"]["goi_y"] == ["tập huấn"] and "Văn phòng" in fields["unit"]["options"]
    assert "xem-truoc.js" not in (target / "index.html").read_text(encoding="utf-8")
    with serve(target) as base, chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(base)
        page.wait_for_selector("button:has-text('Forgejo')", timeout=30_000)
        assert not [error for error in errors if "config" in error.lower()], errors
