"""Fixtures and hooks: every test gets the marker of its layer (its folder, see support/layers.py); real
sites built with the real MkDocs command in temporary folders. The helpers live in support/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import FIXED_NOW
from support.layers import layer_of
from support.preview import Serving
from support.project import SAMPLE_SITE_URL, BuildResult, SiteProject, run_mkdocs
from support.publish import POST
from support.search_site import build_search_site

LAYER_PROBLEM = pytest.StashKey[str]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its layer; a test with none or two fails (pytest_runtest_setup)."""
    for item in items:
        layer, problem = layer_of(item.path, (marker.name for marker in item.iter_markers()))
        if layer is None:
            item.stash[LAYER_PROBLEM] = problem or ""
        else:
            item.add_marker(layer)


def pytest_runtest_setup(item: pytest.Item) -> None:
    problem = item.stash.get(LAYER_PROBLEM, None)
    if problem is not None:
        pytest.fail(f"{item.nodeid}: {problem}", pytrace=False)


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject(tmp_path / "project")


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The repository's own content, built once with the real config and the sample address (the shipped
    mkdocs.yml has none: CCHC_SITE_URL sets it), so feeds and metadata have absolute links to check."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    result = run_mkdocs(["build", "--strict", "-d", str(out)], now=FIXED_NOW, out=out, env={"CCHC_SITE_URL": SAMPLE_SITE_URL})
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The search tests' site (support/search_site.py), built once for all of them."""
    return build_search_site(tmp_path_factory.mktemp("search"))


@pytest.fixture
def ready(project: SiteProject) -> SiteProject:
    """A project ready to go live (its own address and contact details), with one post."""
    project.make_ready()
    project.write_post("2022/03/tap-huan.md", POST)
    return project


@pytest.fixture
def site_project(ready: SiteProject) -> SiteProject:
    """The same, under the name the publishing tests give it."""
    return ready


@pytest.fixture
def serving(project: SiteProject, tmp_path: Path) -> Iterator[Serving]:
    """`cchc serve` on a project with a published post, a draft and a scheduled post."""
    project.write_post("2022/p.md", {"title": "Tin đã đăng", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"})
    project.write_post("2022/d.md", {"title": "Tin còn nháp", "date": "2022-03-05 08:00", "task": 2, "unit": "Văn phòng",
                                     "draft": True})
    project.write_post("2026/s.md", {"title": "Tin hẹn giờ", "date": "2026-01-15 08:00", "plan": 2022, "task": 2,
                                     "unit": "Văn phòng"})
    running = Serving(project, tmp_path / "serve.log")
    try:
        yield running
    finally:
        output = running.stop()
        # Every line the preview printed is Vietnamese (MkDocs' English progress lines are not shown).
        english = [line for line in output.splitlines() if line.strip() and line.isascii()]
        assert english == [], output


@pytest.fixture
def broken_copy(bundled_site: BuildResult, tmp_path: Path) -> Path:
    """A copy of the bundled site, for a test to break on purpose."""
    copy = tmp_path / "site"
    shutil.copytree(bundled_site.out, copy)
    return copy
