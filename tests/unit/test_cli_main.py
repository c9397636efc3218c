"""`cchc.cli.main` in the test process: `cchc check` reads each file once, what publish compares to decide
whether to build (a changed answer counts), and the pre-commit hook that runs `cchc check`. The command
as staff run it (a subprocess): tests/build/test_cli.py."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from support import REPO
from support.answers import answer_file
from support.cli import write
from support.oracle import png_bytes
from support.project import SiteProject, write_config
from support.report_content import POSTS, write_content

from cchc.adapter.config import load_settings
from cchc.cli import main as cli
from cchc.dates import LOCAL_TZ


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = write_content(tmp_path / "du-an")
    write_config(root)
    return root


# --------------------------------------------------------------------------- cchc check


def test_check_reads_every_file_once(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The bound behind "fast enough to run on every save": one read per file, whatever the count."""
    for n in range(60):
        write(root, f"content/posts/2022/{n % 12 + 1:02d}/bai-{n}.md",
              {"title": f"Bài số {n}", "date": f"2022-{n % 12 + 1:02d}-15 08:00", "task": n % 14 + 1, "unit": "Văn phòng"},
              "Đoạn mở đầu.\n\n![Ảnh có mô tả](anh.png)\n" if n % 5 == 0 else "")
        if n % 5 == 0:
            (root / f"content/posts/2022/{n % 12 + 1:02d}/anh.png").write_bytes(png_bytes())
    reads: dict[str, int] = {}
    original = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads[str(path)] = reads.get(str(path), 0) + 1
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    monkeypatch.chdir(root)
    assert cli.main(["check"]) == 0
    # An image a post shows is read once too: re-encoded for the web from those bytes (cchc.render.images).
    files = sorted(str(p) for p in [*root.glob("plan/*.md"), *root.glob("content/posts/**/*.md"), *root.glob("content/posts/**/*.png")])
    # Neither the render cache nor mkdocs.yml (read once more for the cache's salt, cchc.build.inputs) is content;
    # the plans are read once more for the key of the posts a check keeps (cchc.content.kept_posts).
    content = {path: count for path, count in reads.items()
               if path.startswith(str(root)) and not Path(path).is_relative_to(root / ".cache") and Path(path) != root / "mkdocs.yml"}
    assert sorted(content) == files
    assert {path: count for path, count in content.items() if count != 1} == {str(path): 2 for path in root.glob("plan/*.md")}
    assert len(files) == 2 + len(POSTS) + 60 + 12
    capsys.readouterr()


# --------------------------------------------------------------------------- cchc publish --if-changed


def test_publish_notices_a_changed_answer(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    answer = project.write("content/hoi-dap/k7m3qx9a.md", answer_file("K7M3QX9A"))
    settings, _ = load_settings(project.config)
    now = datetime(2026, 1, 1, tzinfo=LOCAL_TZ)
    before = cli.publish_inputs(settings, now)
    assert "hoi-dap/k7m3qx9a/" in before.published
    answer.write_text(answer.read_text(encoding="utf-8").replace("nộp trực tuyến", "nộp tại bộ phận một cửa"), encoding="utf-8")
    assert cli.publish_inputs(settings, now).fingerprint != before.fingerprint


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_runs_cchc_check_on_content_and_plans() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system"
    assert hook["entry"] == ".venv/bin/cchc check"
    pattern = re.compile(hook["files"])
    assert pattern.search("content/posts/2022/03/tin.md") and pattern.search("plan/2022.md")
    assert not pattern.search("src/cchc/cli.py") and not pattern.search("docs/index.md")


def test_check_imports_no_module_only_other_commands_use(root: Path) -> None:
    """Pre-commit runs `cchc check` on every staff commit: the go-live checklist, the sample finder, the plan
    skeleton, the CSP reader and the Word report are imported by their own commands only."""
    others = ["cchc.publish.checklist", "cchc.publish.csp", "cchc.authoring.samples", "cchc.authoring.new_plan", "cchc.reports.docx"]
    script = ("import sys\nfrom cchc.cli.main import main\ncode = main(['check'])\n"
              f"print(code, sorted(set(sys.modules) & {set(others)!r}))")
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=False, timeout=120)
    assert done.stdout.split("\n")[-2] == "0 []", done.stderr

