"""`cchc check` keeps each valid post it loaded (cchc.content.kept_posts): the next check loads again only
what changed, and finds exactly what a check without the kept posts finds, whatever changed: the post,
a file beside it that it names, the plans, or a name turned into a symbolic or hard link."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.content_tree import NOW, PLAN_2022, post_text, write_tree
from support.photos import png_picture
from support.project import content_settings

import cchc.build.pipeline as pipeline
import cchc.content.kept_posts as kept_posts
import cchc.content.posts as posts_module
from cchc.cache.disk import DATABASE, FOLDER, flush
from cchc.model import Post

FRONT = {"title": "Hội nghị cải cách hành chính", "date": "2022-03-10 08:00", "task": 3, "unit": "Văn phòng"}
FILES = {
    "2022/03/hoi-nghi.md": post_text({**FRONT, "image": "anh/bia.png"}, "Ảnh:\n\n![Bìa](anh/bia.png)\n\n[Kế hoạch](ke-hoach.pdf)\n"),
    "2022/03/tap-huan.md": post_text({**FRONT, "title": "Tập huấn dịch vụ công", "task": 5}, "Nội dung tập huấn.\n"),
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = write_tree(tmp_path, FILES, files={"2022/03/anh/bia.png": png_picture(40, 30), "2022/03/ke-hoach.pdf": b"%PDF-1.4\n%%EOF\n"})
    return root


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The posts actually loaded (not taken from the kept ones), by file name."""
    loaded: list[str] = []
    real: Callable[..., Any] = posts_module._loading

    def counted(path: Path, *args: Any, **kwargs: Any) -> Any:
        loaded.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(posts_module, "_loading", counted)
    return loaded


def _checked(root: Path, *, keep: bool) -> tuple[list[str], list[Post]]:
    """`cchc check`'s problems and posts, with the posts the last check kept or with none kept (an empty cache)."""
    with tempfile.TemporaryDirectory() as empty, pytest.MonkeyPatch.context() as patch:
        if not keep:
            patch.setattr(pipeline, "kept_posts", lambda settings, renderer: kept_posts.KeptPosts(Path(empty), salt="", plans=""))
        content = pipeline.gather_content(content_settings(root), now=NOW, checking=True)
        flush()  # the empty cache's entries written before it goes
    return sorted(str(problem) for problem in content.problems), sorted(content.posts, key=lambda post: post.path)


def _same_as_without(root: Path, loads: list[str]) -> list[str]:
    """Check with the kept posts, then without: the same problems and posts. The posts loaded by the first."""
    loads.clear()
    kept = _checked(root, keep=True)
    loaded = sorted(loads)
    assert kept == _checked(root, keep=False)
    return loaded


def test_a_second_check_loads_no_post_and_finds_the_same(tree: Path, loads: list[str]) -> None:
    assert _same_as_without(tree, loads) == ["hoi-nghi.md", "tap-huan.md"]
    assert _same_as_without(tree, loads) == []


def test_an_edited_post_alone_is_loaded_again(tree: Path, loads: list[str]) -> None:
    _same_as_without(tree, loads)
    post = tree / "content" / "posts" / "2022" / "03" / "tap-huan.md"
    post.write_text(post.read_text(encoding="utf-8").replace("task: 5", "task: 99"), encoding="utf-8")
    assert _same_as_without(tree, loads) == ["tap-huan.md"]
    problems, _ = _checked(tree, keep=True)
    assert any("nhiệm vụ 99 không có" in problem for problem in problems)


def test_a_named_file_changed_beside_an_unchanged_post_loads_it_again(tree: Path, loads: list[str]) -> None:
    folder = tree / "content" / "posts" / "2022" / "03"
    _same_as_without(tree, loads)
    (folder / "anh" / "bia.png").write_bytes(png_picture(80, 60))  # other pixels, other size
    assert _same_as_without(tree, loads) == ["hoi-nghi.md"]
    (folder / "ke-hoach.pdf").unlink()
    assert _same_as_without(tree, loads) == ["hoi-nghi.md"]
    problems, _ = _checked(tree, keep=True)
    assert any("ke-hoach.pdf" in problem for problem in problems)


def test_a_post_naming_a_link_or_a_file_of_many_names_is_never_kept(tree: Path, loads: list[str]) -> None:
    folder = tree / "content" / "posts" / "2022" / "03"
    (folder / "anh" / "goc.png").write_bytes(png_picture(40, 30))
    (folder / "anh" / "bia.png").unlink()
    (folder / "anh" / "bia.png").symlink_to("goc.png")  # inside the content folder: allowed, but may change under its name
    assert _same_as_without(tree, loads) == ["hoi-nghi.md", "tap-huan.md"]
    assert _same_as_without(tree, loads) == ["hoi-nghi.md"]
    (folder / "anh" / "goc.png").write_bytes(png_picture(90, 70))
    assert _same_as_without(tree, loads) == ["hoi-nghi.md"]
    (folder / "anh" / "bia.png").unlink()
    os.link(folder / "anh" / "goc.png", folder / "anh" / "bia.png")
    assert _same_as_without(tree, loads) == ["hoi-nghi.md"]
    assert _same_as_without(tree, loads) == ["hoi-nghi.md"]


def test_changed_plans_load_every_post_again(tree: Path, loads: list[str]) -> None:
    _same_as_without(tree, loads)
    (tree / "plan" / "2022.md").write_text(PLAN_2022.replace("name: ", "name: (sửa) ", 1), encoding="utf-8")
    assert _same_as_without(tree, loads) == ["hoi-nghi.md", "tap-huan.md"]


def test_a_damaged_entry_is_a_post_to_load_again(tree: Path, loads: list[str]) -> None:
    _same_as_without(tree, loads)
    with sqlite3.connect(tree / FOLDER / DATABASE) as database:
        changed = database.execute("UPDATE entry SET value = ? WHERE kind = 'posts'", (b"\x78\x01garbage",)).rowcount
    assert changed == 2
    assert _same_as_without(tree, loads) == ["hoi-nghi.md", "tap-huan.md"]


def test_where_the_change_time_is_the_creation_time_a_named_file_stands_for_its_content(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' `copy` keeps the copied file's modification time, and the file copied over keeps its inode:
    a picture of the same size copied over another would look unchanged but for its content."""
    folder = tree / "content" / "posts" / "2022" / "03"
    cover = folder / "anh" / "bia.png"
    monkeypatch.setattr(kept_posts, "_CREATION_TIME", False)
    assert kept_posts._content(cover, cover.stat()) == ()
    monkeypatch.setattr(kept_posts, "_CREATION_TIME", True)
    first = kept_posts._content(cover, cover.stat())
    cover.write_bytes(png_picture(41, 30))
    assert first != kept_posts._content(cover, cover.stat()) != ()
    assert kept_posts._content(folder, folder.stat()) == ()  # a folder by its status alone
