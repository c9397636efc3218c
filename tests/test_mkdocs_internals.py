"""What cchc.adapter.internals relies on in MkDocs and Material, checked on the installed versions with
real builds of small sites: each test fails when the behaviour it names changes."""

from __future__ import annotations

import logging
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from cchc.adapter import internals

HOOKS = """
from cchc.adapter import internals
from mkdocs.structure.files import File

seen = {}

def on_files(files, config):
    files.append(internals.generated_page(config, "a.md", "Theo: Văn phòng Sở\\n\\nĐoạn của trang a."))
    kept = internals.generated_page(config, "b.md", "# B\\n\\nĐoạn của trang b.")
    internals.mark_modified(kept, seen.get("b_modified", True))
    files.append(kept)
    return files

def on_pre_page(page, config, files):
    if page.file.src_uri == "b.md" and seen.get("skip_b"):
        internals.skip_rendering(page)
    return page

def on_page_markdown(markdown, page, config, files):
    seen["markdown:" + page.file.src_uri] = markdown
    seen["meta:" + page.file.src_uri] = dict(page.meta)
    return markdown

def on_page_content(html, page, config, files):
    seen["content:" + page.file.src_uri] = html
    if page.file.src_uri == "a.md":
        internals.set_rendered_body(page, '[{"level": 2, "id": "muc-mot", "name": "Mục một", "children": []}]', ["muc-mot"])
    return html

def on_env(env, config, files):
    for file in files.documentation_pages():
        if file.page is not None:
            internals.set_update_date(file.page, "2022-03-15")
    return env

def on_post_page(output, page, config):
    return "giữ nguyên" if page.file.src_uri == "b.md" and seen.get("skip_b") else output
"""


def small_site(folder: Path, *, theme: str = "mkdocs", links: str = "") -> MkDocsConfig:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(f"# Trang chủ\n\n{links}\n", encoding="utf-8")
    (folder / "hooks.py").write_text(HOOKS, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Thử
        site_url: https://example.test/cchc/
        theme: {theme}
        hooks: [hooks.py]
        validation: {{anchors: warn}}
        """), encoding="utf-8")
    return load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))


def hooks_state(config: MkDocsConfig) -> dict[str, Any]:
    seen: dict[str, Any] = config.plugins["hooks.py"].seen  # type: ignore[attr-defined]
    return seen


def test_the_installed_versions_are_the_verified_ones() -> None:
    """On an upgrade this fails first: read internals.py again, run this file, then move VERIFIED."""
    assert {name: metadata.version(name) for name in internals.VERIFIED} == internals.VERIFIED


def test_an_empty_front_matter_block_keeps_a_body_that_looks_like_metadata(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    build(config)
    seen = hooks_state(config)
    assert seen["meta:a.md"] == {}
    assert seen["markdown:a.md"].startswith("Theo: Văn phòng Sở")
    assert "Theo: Văn phòng Sở" in (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8")


def test_a_dirty_build_skips_a_file_marked_unchanged(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    build(config)
    page_b = tmp_path / "site" / "b" / "index.html"
    page_b.write_text("bản cũ", encoding="utf-8")
    (tmp_path / "site" / "a" / "index.html").write_text("bản cũ", encoding="utf-8")
    hooks_state(config)["b_modified"] = False
    build(config, dirty=True)
    assert page_b.read_text(encoding="utf-8") == "bản cũ"  # not rendered, not written
    assert (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8") != "bản cũ"  # modified: written again


def test_a_page_whose_rendering_is_skipped_is_written_from_on_post_page(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    hooks_state(config)["skip_b"] = True
    build(config)
    assert hooks_state(config)["content:b.md"] == ""  # Markdown was not converted
    assert (tmp_path / "site" / "b" / "index.html").read_text(encoding="utf-8") == "giữ nguyên"


def test_link_validation_reads_the_anchors_of_a_body_rendered_outside_mkdocs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = small_site(tmp_path, links="[có](a.md#muc-mot) và [không có](a.md#muc-khac)")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(config)
    anchors = [record.getMessage() for record in caplog.records if "anchor" in record.getMessage()]
    assert len(anchors) == 1 and "muc-khac" in anchors[0] and "muc-mot" not in anchors[0]  # validation read our ids


def test_the_table_of_contents_is_made_from_toc_tokens(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    page = Page(None, File("a.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True), config)
    internals.set_rendered_body(page, '[{"level": 2, "id": "x", "name": "Mục <b>x</b>", "children": '
                                      '[{"level": 3, "id": "y", "name": "Mục y", "children": []}]}]', ["x", "y"])
    assert [(item.title, item.url) for item in page.toc] == [("Mục <b>x</b>", "#x")]
    assert [(item.title, item.url) for item in page.toc.items[0].children] == [("Mục y", "#y")]
    assert page.present_anchor_ids == {"x", "y"}


def test_the_sitemap_dates_are_the_pages_update_dates(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    build(config)
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>2022-03-15</lastmod>") == 3  # index, a and b


def test_relative_urls_are_written_as_the_url_filter_writes_them(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    file = File("tin-tuc/2022/03/bai.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    page = Page("Bài", file, config)
    assert internals.relative_url("assets/", page) == "../../../../assets/"
    assert internals.relative_url("tin-tuc/", page) == "../../../"


def test_the_theme_environment_is_kept_between_builds_until_forgotten(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    made: list[Any] = []
    original = config.theme.get_env

    def counting() -> Any:
        made.append(1)
        return original()

    config.theme.get_env = counting  # type: ignore[method-assign]
    forget = internals.keep_theme_environment(config)
    build(config)
    build(config, dirty=True)
    assert len(made) == 1  # MkDocs asked for the environment in both builds; it was made once
    first = config.theme.get_env()
    forget()
    assert config.theme.get_env() is not first and len(made) == 2
    assert first.loader.list_templates() == first.loader.list_templates()


def test_material_still_writes_the_menu_checkboxes_this_project_repairs(tmp_path: Path) -> None:
    config = small_site(tmp_path, theme="material")
    build(config)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for tag in internals._TOGGLES:
        assert tag in page  # the exact markup: if Material changes it, the repair would silently stop
    repaired = internals.drop_checkbox_autocomplete(page)
    assert 'autocomplete="off"' not in repaired.split("<body", 1)[1].split('class="md-header', 1)[0]


def test_the_engine_is_named_with_its_version() -> None:
    assert internals.engine() == f"mkdocs {internals.VERIFIED['mkdocs']}"
