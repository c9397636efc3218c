"""The incremental preview (`cchc serve`'s builds, in-process): after any sequence of edits the site is
byte-identical to a clean build of the same content in the same mode, and a one-post edit renders only
the pages that show the post."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import Any

import mkdocs.commands.build
import pytest
import yaml
from support import FIXED_NOW, REPO
from support.editing import Editor, tree
from support.preview import free_port
from support.project import SiteProject
from support.scaling import _generator, handed_posts

from cchc import clock
from cchc.build.pipeline import load_content
from cchc.content.settings import read_settings
from cchc.outputs.pages import all_pages
from cchc.preview.server import Preview
from cchc.site.linking import build_site

COUNT = 30


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SiteProject:
    monkeypatch.setenv("CCHC_NOW", FIXED_NOW)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = SiteProject(tmp_path / "du-an")
    _generator().generate_posts(project.root, count=COUNT, seed=3)
    return project


def search_files(preview: Preview) -> dict[str, bytes]:
    index = preview.session.search
    files = {"meta.json": index.file("meta.json") or b"", "typo.bin": index.file("typo.bin") or b""}
    shards = int(yaml.safe_load(files["meta.json"])["shards"])
    files |= {f"t/{n}.bin": index.file(f"t/{n}.bin") or b"" for n in range(shards)}
    files |= {f"d/{n}.bin": index.file(f"d/{n}.bin") or b"" for n in range(len(index))}
    return files


def test_random_edits_give_the_bytes_of_a_clean_build(project: SiteProject) -> None:
    port = free_port()  # both builds serve on the same address: it is in every canonical link
    preview = Preview(project.config, "127.0.0.1", port)
    preview.build(dirty=False)
    editor = Editor(project.root, seed=11)
    done = []
    for _ in range(14):
        done.append(editor.any_edit())
        preview.build(dirty=True)
        assert not preview.state.problems and not preview.state.crash, (done, preview.state)
    clean = Preview(project.config, "127.0.0.1", port)
    clean.build(dirty=False)
    assert set(done) >= {"body", "add", "delete"} or len(set(done)) >= 6, done
    edited, fresh = tree(preview.site_dir), tree(clean.site_dir)
    assert sorted(edited) == sorted(fresh), f"after {done}: files differ"
    assert [name for name in fresh if edited[name] != fresh[name]] == [], f"after {done}"
    assert search_files(preview) == search_files(clean)


def test_a_body_edit_renders_only_the_pages_that_show_the_post(project: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    preview = Preview(project.config, "127.0.0.1", free_port())
    preview.build(dirty=False)
    rendered: list[str] = []
    original = mkdocs.commands.build.get_context

    def counting(nav: Any, files: Any, config: Any, page: Any = None, base_url: str = "") -> Any:
        if page is not None:  # MkDocs makes a page's template context only when it renders the page
            rendered.append(page.file.src_uri)
        return original(nav, files, config, page, base_url)

    monkeypatch.setattr(mkdocs.commands.build, "get_context", counting)
    editor = Editor(project.root, seed=5)
    path, front, body = editor.any_post()
    editor.write_post(path, front, body + "\nMột câu thêm vào bài.\n")
    preview.build(dirty=True)

    settings = read_settings(preview.config, config_file=project.config)
    content = load_content(settings)
    site = build_site(content.plans, content.posts, now=clock.now(), preview=True)
    post = next(p for p in site.posts if p.source == path)
    pages = all_pages(site, page_size=settings.options.page_size, describe=lambda post, tasks: None)
    showing = {spec.src_uri for spec in pages if any(p.url == post.url for p in handed_posts(spec.context))}
    showing.add(post.src_uri)
    home = "index.md" if post in site.posts[: settings.options.home_latest] else None
    expected = showing | ({home} if home else set())
    assert set(rendered) == expected, (sorted(set(rendered) - expected), sorted(expected - set(rendered)))
    assert len(rendered) < len(pages) / 5  # a handful of pages of the ~250


# --------------------------------------------------------------------------- the build cache (full builds)


def test_a_second_build_writes_every_page_from_the_cache_with_the_same_bytes(
        project: SiteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.adapter.build import run_build
    from cchc.build.page_cache import BuildCache

    rendered: list[str] = []
    original = BuildCache.keep_page
    def counting(self: BuildCache, key: str, html: str) -> None:
        rendered.append(key)  # a page the build rendered (a kept page is written from the cache)
        original(self, key, html)

    monkeypatch.setattr(BuildCache, "keep_page", counting)
    overrides = tmp_path / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    project.set_config(theme={"name": "material", "custom_dir": str(overrides)})

    assert run_build(project.config, site_dir=tmp_path / "lan-1") == 0
    first = len(rendered)
    assert first > COUNT  # every generated page rendered once
    assert run_build(project.config, site_dir=tmp_path / "lan-2") == 0
    assert len(rendered) == first  # nothing rendered: every page and the search index came from the cache
    assert tree(tmp_path / "lan-1") == tree(tmp_path / "lan-2")

    editor = Editor(project.root, seed=2)
    editor.edit_body()
    assert run_build(project.config, site_dir=tmp_path / "lan-3") == 0
    assert 0 < len(rendered) - first < first / 5  # the edited post and the pages that show it

    template = overrides / "post.html"  # a template changed: nothing of the cache holds
    template.write_text(template.read_text(encoding="utf-8").replace("Chủ đề:", "Các chủ đề:"), encoding="utf-8")
    before = len(rendered)
    assert run_build(project.config, site_dir=tmp_path / "lan-4") == 0
    assert len(rendered) - before >= first
    tagged = [page for page in (tmp_path / "lan-4" / "tin-tuc").rglob("index.html") if "cchc-tags" in page.read_text(encoding="utf-8")]
    assert tagged and all("Các chủ đề:" in page.read_text(encoding="utf-8") for page in tagged)


def test_a_full_build_leaves_what_it_holds_out_of_the_collections_while_rendering_and_gives_it_back(
        project: SiteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.adapter.build import run_build
    from cchc.build.page_cache import BuildCache

    frozen: list[int] = []
    original = BuildCache.keep_page
    def noting(self: BuildCache, key: str, html: str) -> None:
        frozen.append(gc.get_freeze_count())
        original(self, key, html)

    monkeypatch.setattr(BuildCache, "keep_page", noting)
    before = gc.get_freeze_count()
    assert run_build(project.config, site_dir=tmp_path / "site") == 0
    assert frozen and min(frozen) > before  # every page rendered with the site's objects frozen
    assert gc.get_freeze_count() == before


def test_a_post_moved_to_another_task_changes_the_home_page_counts(project: SiteProject) -> None:
    """The reproduction of the trust issue: the home page counted a task's posts through the whole site,
    which its digest did not cover, so the preview kept the old counts."""
    port = free_port()
    preview = Preview(project.config, "127.0.0.1", port)
    preview.build(dirty=False)
    editor = Editor(project.root, seed=2)
    # The oldest post: not among the home page's latest, so only the counts show the move.
    path = min(editor.posts(), key=lambda post: str(editor.front(post)[0]["date"]))
    front, body = editor.front(path)
    front["task"] = 14 if front["task"] != 14 else 1
    editor.write_post(path, front, body)
    preview.build(dirty=True)
    clean = Preview(project.config, "127.0.0.1", port)
    clean.build(dirty=False)
    home = (preview.site_dir / "index.html").read_bytes()
    assert home == (clean.site_dir / "index.html").read_bytes()
