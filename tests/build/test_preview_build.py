"""The incremental preview (`cchc serve`'s builds, in-process): after any sequence of edits the site is
byte-identical to a clean build of the same content in the same mode, and a one-post edit renders only
the pages that show the post."""

from __future__ import annotations

import os
import random
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs.commands.build
import pytest
import yaml
from support import FIXED_NOW, REPO
from support.oracle import png_bytes
from support.project import SiteProject
from support.scaling import _generator, handed_posts

from cchc import clock
from cchc.build.pipeline import load_content
from cchc.content.settings import read_settings
from cchc.outputs.pages import all_pages
from cchc.preview.server import Preview
from cchc.site.linking import build_site

COUNT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SiteProject:
    monkeypatch.setenv("CCHC_NOW", FIXED_NOW)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = SiteProject(tmp_path / "du-an")
    _generator().generate_posts(project.root, count=COUNT, seed=3)
    return project


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def search_files(preview: Preview) -> dict[str, bytes]:
    index = preview.session.search
    files = {"meta.json": index.file("meta.json") or b""}
    shards = int(yaml.safe_load(files["meta.json"])["shards"])
    files |= {f"t/{n}.bin": index.file(f"t/{n}.bin") or b"" for n in range(shards)}
    files |= {f"d/{n}.bin": index.file(f"d/{n}.bin") or b"" for n in range(len(index))}
    return files


class Editor:
    """Edits a content tree as staff do, each save with a later modification time."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.random = random.Random(seed)
        self.clock = 2_000_000_000.0
        self.made = 0

    def posts(self) -> list[Path]:
        return sorted((self.root / "content" / "posts").rglob("*.md"))

    def save(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.clock += 10
        os.utime(path, (self.clock, self.clock))

    def front(self, path: Path) -> tuple[dict[str, object], str]:
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        return yaml.safe_load(front), body

    def write_post(self, path: Path, front: dict[str, object], body: str) -> None:
        self.save(path, "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body)

    def any_post(self) -> tuple[Path, dict[str, object], str]:
        path = self.random.choice(self.posts())
        return (path, *self.front(path))

    def edit_body(self) -> str:
        path, front, body = self.any_post()
        self.write_post(path, front, body + f"\nĐoạn thêm số {self.random.randrange(1000)}.\n")
        return "body"

    def edit_title(self) -> str:
        path, front, body = self.any_post()
        front["title"] = f"{front['title']} (cập nhật {self.random.randrange(100)})"
        self.write_post(path, front, body)
        return "title"

    def edit_date(self) -> str:
        path, front, body = self.any_post()
        front["date"] = f"2022-{self.random.randrange(1, 13):02d}-{self.random.randrange(1, 28):02d} 09:00"
        self.write_post(path, front, body)
        return "date"

    def edit_tags(self) -> str:
        path, front, body = self.any_post()
        front["tags"] = self.random.sample(["tập huấn", "một cửa", "chuyển đổi số", "Tập huấn"], 2)
        self.write_post(path, front, body)
        return "tags"

    def edit_unit(self) -> str:
        path, front, body = self.any_post()
        front["unit"] = self.random.choice(["Văn phòng", "Phòng Tổ chức cán bộ", "Đơn vị mới thêm"])
        self.write_post(path, front, body)
        return "unit"

    def add_post(self) -> str:
        self.made += 1
        front = {"title": f"Tin mới thêm {self.made}", "date": f"2022-05-0{self.made % 9 + 1} 10:00",
                 "task": self.random.randrange(1, 15), "unit": "Văn phòng", "image": "anh.png"}
        folder = self.root / "content" / "posts" / "2022" / "05"
        self.save(folder / "anh.png", "")
        (folder / "anh.png").write_bytes(png_bytes())
        self.write_post(folder / f"tin-moi-them-{self.made}.md", front, "Đoạn mở đầu của tin mới.\n\n![Ảnh minh họa](anh.png)\n")
        return "add"

    def delete_post(self) -> str:
        self.random.choice(self.posts()).unlink()
        return "delete"

    def toggle_draft(self) -> str:
        path, front, body = self.any_post()
        front["draft"] = not front.get("draft", False)
        self.write_post(path, front, body)
        return "draft"

    def edit_plan(self) -> str:
        plan = self.root / "plan" / "2022.md"
        text = plan.read_text(encoding="utf-8")
        self.save(plan, text.replace("name: ", f"name: (sửa {self.random.randrange(100)}) ", 1))
        return "plan"

    def edit_home(self) -> str:
        home = self.root / "docs" / "index.md"
        self.save(home, home.read_text(encoding="utf-8") + f"\nDòng thêm {self.random.randrange(100)}.\n")
        return "home"

    def any_edit(self) -> str:
        edits: list[Callable[[], str]] = [
            self.edit_body, self.edit_body, self.edit_title, self.edit_date, self.edit_tags, self.edit_unit,
            self.add_post, self.delete_post, self.toggle_draft, self.edit_plan, self.edit_home,
        ]
        return self.random.choice(edits)()


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
    pages = all_pages(site, page_size=settings.options.page_size, describe=lambda _: None)
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
