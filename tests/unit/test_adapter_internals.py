"""What cchc.adapter.internals relies on in MkDocs and Material that needs no build, checked on the installed
versions: the verified versions, the table of contents from toc tokens, relative URLs as the url filter
writes them. With real builds of small sites: tests/build/test_mkdocs_internals.py."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from support.small_site import small_site

from cchc.adapter import internals


def test_the_installed_versions_are_the_verified_ones() -> None:
    """On an upgrade this fails first: read internals.py again, run this file, then move VERIFIED."""
    assert {name: metadata.version(name) for name in internals.VERIFIED} == internals.VERIFIED


def test_the_table_of_contents_is_made_from_toc_tokens(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    page = Page(None, File("a.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True), config)
    internals.set_rendered_body(page, '[{"level": 2, "id": "x", "name": "Mục <b>x</b>", "children": '
                                      '[{"level": 3, "id": "y", "name": "Mục y", "children": []}]}]', ["x", "y"])
    assert [(item.title, item.url) for item in page.toc] == [("Mục <b>x</b>", "#x")]
    assert [(item.title, item.url) for item in page.toc.items[0].children] == [("Mục y", "#y")]
    assert page.present_anchor_ids == {"x", "y"}


def test_relative_urls_are_written_as_the_url_filter_writes_them(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    file = File("tin-tuc/2022/03/bai.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    page = Page("Bài", file, config)
    assert internals.relative_url("assets/", page) == "../../../../assets/"
    assert internals.relative_url("tin-tuc/", page) == "../../../"


def test_the_engine_is_named_with_its_version() -> None:
    assert internals.engine() == f"mkdocs {internals.VERIFIED['mkdocs']}"
