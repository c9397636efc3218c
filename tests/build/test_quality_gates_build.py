"""Quality gates on the bundled site that need only the build: every link and asset resolves under the
sub-path, every feed parses, the same SOURCE_DATE_EPOCH gives the same bytes. Valid HTML, accessibility and
a real walk in Chromium: tests/browser/test_quality_gates.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
from support import REPO
from support.gates import authored_text, link_problems
from support.project import BuildResult, SiteProject

SITE_URL = "https://example.gov.vn/cchc/"


def test_every_link_and_asset_resolves_under_the_sub_path(bundled_site: BuildResult) -> None:
    problems, checked = link_problems(bundled_site.out, SITE_URL, authored_text())
    assert problems == []
    assert checked > 3000


def test_every_feed_parses_with_unique_guids_and_local_dates(bundled_site: BuildResult) -> None:
    feeds = sorted(bundled_site.out.rglob("feed.xml"))
    assert len(feeds) == 16  # the site, 14 tasks, the published answers (hoi-dap/)
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        guids = [entry.id for entry in feed.entries]
        assert len(guids) == len(set(guids)), path
        for entry in feed.entries:
            assert entry.published.endswith("+0700"), entry.published
            assert entry.link.startswith(SITE_URL)
            relative = entry.link[len(SITE_URL):]
            assert (bundled_site.out / relative / "index.html").is_file(), entry.link


def test_same_source_date_epoch_gives_the_same_bytes(project: SiteProject, tmp_path: Path) -> None:
    shutil.copytree(REPO / "content" / "posts", project.root / "content" / "posts", dirs_exist_ok=True)
    env = {"CCHC_NOW": "", "SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01, the clock of reproducible builds
    first = project.build(out=tmp_path / "a", env=env)
    second = project.build(out=tmp_path / "b", env={**env, "TZ": "America/New_York"})
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    files = sorted(p.relative_to(first.out) for p in first.out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second.out) for p in second.out.rglob("*") if p.is_file())
    assert [f for f in files if (first.out / f).read_bytes() != (second.out / f).read_bytes()] == []
