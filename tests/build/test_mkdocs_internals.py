"""What cchc.adapter.internals relies on in MkDocs and Material, checked on the installed versions with
real builds of small sites: each test fails when the behaviour it names changes (what needs no build:
tests/unit/test_adapter_internals.py)."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from jinja2.nodes import EvalContext
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from support.small_site import small_site

from cchc.adapter import internals


def hooks_state(config: MkDocsConfig) -> dict[str, Any]:
    seen: dict[str, Any] = config.plugins["hooks.py"].seen  # type: ignore[attr-defined]
    return seen


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


def test_the_sitemap_dates_are_the_pages_update_dates(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    build(config)
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>2022-03-15</lastmod>") == 3  # index, a and b


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


KEPT_HOOKS = """
from cchc.adapter import internals

seen = {"made": []}
kept = []

def on_files(files, config):
    if not kept:
        kept.append(internals.KeptPages(config))
    kept[0].begin()
    for uri, text in (("a.md", "# A\\n\\nĐoạn a."), ("b.md", "# B\\n\\n[Trang a](a.md)")):
        file = kept[0].file(uri, text)
        internals.mark_modified(file, True)
        files.append(file)
    return files

def on_nav(nav, config, files):
    # Other pages (the nav's previous and next) by their file: docs/ pages are made anew for every build.
    seen["made"].append({file.src_uri: (file, file.page, {name: value and value.file.src_uri if name.endswith("_page") else value
                                                          for name, value in file.page.__dict__.items()})
                         for file in files.documentation_pages() if file.src_uri in ("a.md", "b.md")})
    kept[0].made()
    return nav
"""


def test_kept_pages_are_put_back_as_mkdocs_made_them(tmp_path: Path) -> None:
    """A File and Page of the last build used again (the preview's, KeptPages): before any is read, the page is as
    MkDocs made it for the last build (in the nav, with its title there, and out of it), though it was rendered
    since; MkDocs makes no other page for the file, and writes the same pages."""
    config = small_site(tmp_path, hooks=KEPT_HOOKS, nav='[{"Trang chủ": index.md}, {"Mục A": a.md}]')
    build(config)
    first = {name: (tmp_path / "site" / name / "index.html").read_text(encoding="utf-8") for name in ("a", "b")}
    made = hooks_state(config)["made"]
    assert made[0]["a.md"][1].content is not None  # rendered by the end of the build
    build(config, dirty=True)
    assert {name: (tmp_path / "site" / name / "index.html").read_text(encoding="utf-8") for name in ("a", "b")} == first
    for uri in ("a.md", "b.md"):
        (file, page, state), (again, page_again, state_again) = made[0][uri], made[1][uri]
        assert again is file and page_again is page
        assert state_again == state, uri
    assert made[1]["a.md"][2]["title"] == "Mục A" and made[1]["a.md"][2]["content"] is None


def test_material_still_writes_the_menu_checkboxes_this_project_repairs(tmp_path: Path) -> None:
    config = small_site(tmp_path, theme="material")
    build(config)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for tag in internals._TOGGLES:
        assert tag in page  # the exact markup: if Material changes it, the repair would silently stop
    repaired = internals.drop_checkbox_autocomplete(page)
    assert 'autocomplete="off"' not in repaired.split("<body", 1)[1].split('class="md-header', 1)[0]



def test_theme_translations_give_what_materials_language_macro_gives(tmp_path: Path) -> None:
    config = small_site(tmp_path, theme="{name: material, language: vi}")
    env = config.theme.get_env()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "partials/languages/en.html")
    keys = [*re.findall(r'^  "([^"]+)":', source, re.MULTILINE), "khóa không có"]
    assert len(keys) > 50
    translate = internals.theme_translations(env, "vi")
    for autoescape in ("false", "true"):
        materials = env.from_string(f'{{% autoescape {autoescape} %}}{{% import "partials/language.html" as lang with context %}}'
                                    '{% for key in keys %}{{ lang.t(key) | e }}|{% endfor %}{% endautoescape %}')
        ours = env.from_string(f"{{% autoescape {autoescape} %}}"
                               "{% for key in keys %}{{ translate(key) | e }}|{% endfor %}{% endautoescape %}")
        assert ours.render(keys=keys, translate=translate) == materials.render(keys=keys, config=config)
    assert translate(EvalContext(env), "toc") == "Mục lục" and not isinstance(translate(EvalContext(env), "toc"), Markup)
