"""Issue 24, item 4: the editor reads and writes inside content/posts/ and content/hoi-dap/ only, through
plain names, never through a symlink (src/cchc/editor/paths.py). Each refusal is a PathRefused with a
Vietnamese message; the workspace turns it into a 403 (tests/unit/test_editor_workspace.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.editor_repo import ANSWER, POST, EditorRepo, editor_repo

from cchc.editor.paths import Area, PathRefused, relative_parts


@pytest.fixture
def repo(tmp_path: Path) -> EditorRepo:
    return editor_repo(tmp_path / "repo")


@pytest.mark.parametrize("text", [
    "content/posts/../../mkdocs.yml", "content/posts/2022/../../../etc/passwd", "../content/posts/a.md", "content/posts/..",
    "/etc/passwd", "/content/posts/a.md", "content\\posts\\a.md", "content/posts/2022\\a.md", "C:/content/posts/a.md",
    "content/posts/a\x00.md", "content/posts/a\x01.md", "content/posts/a\x7f.md", "content/posts/a\u2028.md",
    "content/posts/.git/config", "content/posts/.an.md", "content/posts/a.md~", "content/posts/#a.md#", "content/posts/a.md.swp",
    "content/posts/a.md.bak", "content/posts/a.md.tmp", "", "x" * 401, None, 5, ["content/posts/a.md"], {"path": POST},
])
def test_a_path_that_is_not_plain_is_refused(repo: EditorRepo, text: object) -> None:
    with pytest.raises(PathRefused, match="đường dẫn không hợp lệ"):
        repo.area.path(text)
    with pytest.raises(PathRefused):
        relative_parts(text)


@pytest.mark.parametrize("text", ["mkdocs.yml", "plan/2022.md", "content/posts-khac/a.md", "content/hoi-dap-cu/a.md",
                                  "content/a.md", "du-lieu/don-vi.yml", "docs/index.md", "content"])
def test_a_path_outside_the_posts_and_answers_is_refused(repo: EditorRepo, text: str) -> None:
    with pytest.raises(PathRefused, match="chỉ đọc và ghi trong content/posts/, content/hoi-dap/"):
        repo.area.path(text)


def test_paths_inside_are_the_repository_s_files(repo: EditorRepo) -> None:
    assert repo.area.path(POST) == repo.root.resolve() / POST
    assert repo.area.path(ANSWER) == repo.root.resolve() / ANSWER
    assert repo.area.path("content/posts/2030/01/chua-co.md") == repo.root.resolve() / "content/posts/2030/01/chua-co.md"
    assert repo.area.path("content/posts") == repo.root.resolve() / "content/posts"
    assert repo.area.shown(repo.area.path(POST)) == POST


def test_a_symlink_anywhere_on_the_way_is_refused(repo: EditorRepo, tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bai.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    posts = repo.root / "content" / "posts"
    (posts / "2021").symlink_to(outside, target_is_directory=True)  # a folder
    (posts / "2022" / "03" / "lien-ket.md").symlink_to(repo.root / POST)  # a file, to a post inside
    (posts / "2022" / "03" / "mat-khau.md").symlink_to("/etc/passwd")  # a file, to the system's
    (posts / "2022" / "03" / "treo.md").symlink_to(tmp_path / "khong-co")  # dangling: written through, it would create it
    for text in ("content/posts/2021/bai.md", "content/posts/2021/moi.md", "content/posts/2021",
                 "content/posts/2022/03/lien-ket.md", "content/posts/2022/03/mat-khau.md", "content/posts/2022/03/treo.md"):
        with pytest.raises(PathRefused, match="liên kết tượng trưng"):
            repo.area.path(text)
        with pytest.raises(PathRefused, match="liên kết tượng trưng"):
            repo.area.writable(text)
    assert not (tmp_path / "khong-co").exists()


def test_a_symlinked_posts_folder_or_content_folder_is_refused(tmp_path: Path) -> None:
    for linked in ("content", "content/posts"):
        repo = editor_repo(tmp_path / linked.replace("/", "-") / "repo")
        real = repo.root.parent / "that"
        (repo.root / linked).rename(real)
        (repo.root / linked).symlink_to(real, target_is_directory=True)
        area = Area(repo.root, (repo.settings.posts_dir, repo.settings.answers_dir))  # made after the link, as at start-up
        with pytest.raises(PathRefused, match=f"{linked} là liên kết tượng trưng"):
            area.path(POST)
        with pytest.raises(PathRefused, match=f"{linked} là liên kết tượng trưng"):
            area.writable("content/posts/2022/03/moi.md")
        assert repo.ask("getEntry", path=POST)[0] == 403 and repo.ask("entriesByFolder", folder="content/posts")[0] == 403


@pytest.mark.parametrize("text", ["content/posts/2022/03/Bai-Moi.md", "content/posts/2022/03/bài-mới.md",
                                  "content/posts/2022/03/bai moi.md", "content/posts/2022/03/bai--moi.md",
                                  "content/posts/2022/03/-bai.md", "content/posts/2022/03/bai.MD",
                                  "content/posts/2022/03/anh.jpeg.exe.jpg", "content/posts/Năm-2022/a.md", "content/posts/2022/03/ảnh.JPG"])
def test_a_new_name_is_the_project_s_ascii_name(repo: EditorRepo, text: str) -> None:
    with pytest.raises(PathRefused, match="tên tệp chỉ gồm chữ thường không dấu"):
        repo.area.writable(text)
    repo.area.path(text)  # reading such a name (made by hand) is not refused


def test_writable_names_and_folders(repo: EditorRepo) -> None:
    for text in ("content/posts/2022/03/bai-moi.md", "content/posts/2022/03/anh_bia-1.jpg", "content/posts/2030/12/moi.md", POST):
        assert repo.area.writable(text) == repo.root.resolve() / text
    for folder in ("content/posts", "content/hoi-dap"):
        with pytest.raises(PathRefused, match="là thư mục"):
            repo.area.writable(folder)
    # A file staff named by hand may be saved again under its own name.
    (repo.root / "content/posts/2022/03/Bai Cu.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert repo.area.writable("content/posts/2022/03/Bai Cu.md").name == "Bai Cu.md"


def test_files_leave_out_symlinks_debris_and_deeper_folders(repo: EditorRepo, tmp_path: Path) -> None:
    posts = repo.root / "content" / "posts"
    month = posts / "2022" / "03"
    for name in (".an.md", "bai.md~", "#bai.md#", ".bai.md.swp", "bai.md.bak", "bai.md.orig", "ghi-chu.txt"):
        (month / name).write_text("x", encoding="utf-8")
    (month / "lien-ket.md").symlink_to(repo.root / POST)
    (tmp_path / "ngoai").mkdir()
    (tmp_path / "ngoai" / "bai.md").write_text("x", encoding="utf-8")
    (posts / "2021").symlink_to(tmp_path / "ngoai", target_is_directory=True)
    (posts / ".git").mkdir()
    (posts / ".git" / "an.md").write_text("x", encoding="utf-8")
    (posts / "2022" / "03" / "thu-muc.md").mkdir()  # a folder named like a post
    (posts / "2022" / "03" / "thu-muc.md" / "sau.md").write_text("x", encoding="utf-8")
    found = [repo.area.shown(path) for path in repo.area.files(posts, ".md", 3)]
    assert found == [POST]
    assert [repo.area.shown(path) for path in repo.area.files(posts, ".md", 4)] == [POST, "content/posts/2022/03/thu-muc.md/sau.md"]
    assert repo.area.files(posts, ".md", 2) == [] and repo.area.files(posts, ".md", 0) == []
    assert [path.name for path in repo.area.files(month, "", 1)] == ["ghi-chu.txt", "tap-huan.md"]
    assert repo.area.files(posts / "khong-co", ".md", 3) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_files_leave_out_what_is_not_a_regular_file(repo: EditorRepo) -> None:
    os.mkfifo(repo.root / "content/posts/2022/03/ong.md")
    assert [repo.area.shown(path) for path in repo.area.files(repo.root / "content/posts", ".md", 3)] == [POST]
