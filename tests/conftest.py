"""Fixtures and hooks: build real sites with the real MkDocs command in temporary folders. The helpers
live in support/ (tests/support/project.py for these)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import FIXED_NOW
from support.project import BuildResult, SiteProject, run_mkdocs


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject(tmp_path / "project")


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The repository's own content, built once with the real config."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    result = run_mkdocs(["build", "--strict", "-d", str(out)], now=FIXED_NOW, out=out)
    assert result.returncode == 0, result.stderr
    return result
