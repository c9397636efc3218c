"""Reproducible builds: the same content and the same injected "now" give the same bytes, on any machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXED_NOW, REPO
from support.oracle import png_bytes
from support.project import READY_SITE_URL, BuildResult, SiteProject


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def assert_same_tree(a: BuildResult, b: BuildResult) -> None:
    left, right = tree(a.out), tree(b.out)
    assert sorted(left) == sorted(right), f"file lists differ: {sorted(set(left) ^ set(right))[:20]}"
    differing = [name for name in left if left[name] != right[name]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:20]}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The bundled content plus posts that are sensitive to time zones, built three times."""
    root = tmp_path_factory.mktemp("reproducible")
    project = SiteProject(root / "project")
    project.set_config(site_url=READY_SITE_URL)  # an official build (no staging mark); the Word drafts: `cchc report`
    shutil.copytree(REPO / "content" / "posts", project.root / "content" / "posts", dirs_exist_ok=True)
    project.write("content/posts/2022/06/anh.png", png_bytes())
    project.write_post("2022/06/utc.md", {"title": "Giờ UTC sát nửa đêm", "date": "2022-06-30T23:30:00+00:00",
                                          "task": [2, 9], "unit": "Văn phòng", "tags": ["múi giờ"], "image": "anh.png"})
    project.write_post("2022/05/ngay.md", {"title": "Chỉ có ngày", "date": "2022-05-05", "updated": "2022-05-06",
                                           "task": 3, "unit": "Phòng GDĐT huyện Ân Thi"},
                       body="Đoạn đầu không có tóm tắt.\n\n## Mục\n\nNội dung.")
    results = {
        "first": project.build(out=root / "first", env={"TZ": "UTC"}),
        "second": project.build(out=root / "second", env={"TZ": "UTC"}),
        # Another day on the machine's clock (MkDocs' own, which dates a page it is given no date for).
        "another_day": project.build(out=root / "another-day", env={"TZ": "UTC", "SOURCE_DATE_EPOCH": "86400"}),
        # Another machine's zone and language (what Python and Babel read at start).
        "new_york": project.build(out=root / "new-york", env={"TZ": "America/New_York", "LANG": "en_US.UTF-8",
                                                               "LANGUAGE": "en", "LC_TIME": "de_DE.UTF-8"}),
    }
    # Material's own tabs and navigation, without the overrides that render them once for many pages.
    material = shutil.copytree(REPO / "overrides", root / "overrides-material")
    for name in ("tabs.html", "nav.html"):
        (material / "partials" / name).unlink()
    project.set_config(site_url=READY_SITE_URL, theme={"name": "material", "custom_dir": str(material)})
    results["material_nav"] = project.build(out=root / "material-nav", env={"TZ": "UTC"})
    for name, result in results.items():
        assert result.returncode == 0, f"{name}: {result.stderr}"
    return results


def test_building_twice_gives_byte_identical_trees(builds: dict[str, BuildResult]) -> None:
    first, second = builds["first"], builds["second"]
    for name in ("feed.xml", "sitemap.xml", "sitemap.xml.gz", "ke-hoach/2022/nhiem-vu/9/feed.xml",
                 "tim-kiem/du-lieu/meta.json", "tin-tuc/2022/07/gio-utc-sat-nua-dem/anh-1w.png"):
        assert (first.out / name).is_file(), f"{name} was not built"
    assert_same_tree(first, second)


def test_build_does_not_depend_on_the_machine_time_zone_or_language(builds: dict[str, BuildResult]) -> None:
    assert_same_tree(builds["first"], builds["new_york"])


def test_build_does_not_depend_on_the_day_it_runs(builds: dict[str, BuildResult]) -> None:
    """Every `<lastmod>` of the sitemap is a date of the content: a page that lists nothing dated (the
    procedures, the questions before any is answered) has the site's newest, as a page of docs/ has."""
    assert "<lastmod>1970" not in (builds["another_day"].out / "sitemap.xml").read_text(encoding="utf-8")
    assert_same_tree(builds["first"], builds["another_day"])


def test_the_word_drafts_do_not_depend_on_the_machine_time_zone_or_language(builds: dict[str, BuildResult]) -> None:
    """The Sở's Word reports are no part of a build any more (staff's drafts): `cchc report … --format docx`
    gives the same bytes on another machine's zone and language, as the build did."""
    project = builds["first"].out.parent / "project"
    made = []
    for name, machine in (("utc", {"TZ": "UTC"}), ("new-york", {"TZ": "America/New_York", "LANG": "en_US.UTF-8",
                                                                 "LANGUAGE": "en", "LC_TIME": "de_DE.UTF-8"})):
        env = {**{key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}, "CCHC_NOW": FIXED_NOW, **machine}
        done = subprocess.run([sys.executable, "-m", "cchc.cli", "report", "2022", "--half", "1", "--format", "docx",
                               "--output", f"{name}.docx"], cwd=project, env=env, capture_output=True, text=True, timeout=300,
                              check=False)
        assert done.returncode == 0, done.stderr
        made.append((project / f"{name}.docx").read_bytes())
    assert made[0] == made[1] and made[0].startswith(b"PK")


def test_tabs_and_navigation_rendered_once_for_many_pages_are_material_s_own(builds: dict[str, BuildResult]) -> None:
    # overrides/partials/tabs.html and nav.html reuse what they rendered for an earlier page shown alike.
    assert_same_tree(builds["first"], builds["material_nav"])
