"""One typed settings reader for the hook and the CLI: the build and `cchc check` give the same
`mkdocs.yml:LINE:` lines, and a misspelt template variable fails the build. The reader itself:
tests/unit/test_content_settings.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import REPO
from support.project import SiteProject


def test_the_build_and_the_cli_give_the_same_lines(project: SiteProject) -> None:
    project.set_config(extra={"cchc": {"page_size": 0}})
    built = project.build()
    checked = subprocess.run([sys.executable, "-m", "cchc.cli", "check"], cwd=project.root, capture_output=True,
                             text=True, check=False)
    line = next(line for line in built.stderr.splitlines() if line.startswith("mkdocs.yml:"))
    assert built.returncode == 1 and checked.returncode == 1
    assert "page_size" in line and "Traceback" not in built.stderr + checked.stderr
    assert checked.stdout.splitlines() == [line]
    assert not (project.root / "site").exists()


# --------------------------------------------------------------------------- templates: strict for our data


def test_a_misspelt_template_variable_fails_the_build(project: SiteProject, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    subprocess.run(["cp", "-r", str(REPO / "overrides"), str(overrides)], check=True)
    template = overrides / "post.html"
    template.write_text(template.read_text(encoding="utf-8").replace("cchc.post", "cchc.pots", 1), encoding="utf-8")
    project.write_post("2022/03/a.md", {"title": "Tin", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"})
    project.set_config(theme={"name": "material", "custom_dir": str(overrides)})
    result = project.build()
    assert result.returncode != 0 and "'pots'" in result.stderr + result.stdout
