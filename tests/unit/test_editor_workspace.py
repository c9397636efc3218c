"""Issue 24: Decap CMS's local-backend protocol answered in Python (src/cchc/editor/workspace.py), action
by action, on a small repository: what each answers, what it writes (whole, beside nothing), and what it
refuses (a 4xx with a Vietnamese message, never a traceback): a request of the wrong shape, a file changed
on disk since the form loaded it, a new entry over an existing file, a rename, an upload that is not
what its name says or is too large, a folder to delete."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from support.editor_repo import ANSWER, POST, POST_TEXT, EditorRepo, editor_repo, media
from support.oracle import png_bytes

from cchc.editor import workspace
from cchc.editor.documents import form_document

NEW = "content/posts/2022/04/tap-huan-mot-cua.md"
NEW_RAW = "---\ntitle: Tập huấn một cửa\ndate: 2022-04-02 08:00\ntask: ['2022-2']\nunit: Văn phòng\ndraft: true\n---\nNội dung bài.\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


@pytest.fixture
def repo(tmp_path: Path) -> EditorRepo:
    return editor_repo(tmp_path / "repo")


def files(repo: EditorRepo) -> dict[str, bytes]:
    """Every file of content/, as bytes."""
    return {path.relative_to(repo.root).as_posix(): path.read_bytes()
            for path in sorted((repo.root / "content").rglob("*")) if path.is_file() or path.is_symlink()}


def vietnamese_error(answer: tuple[int, Any], status: int) -> str:
    code, value = answer
    assert code == status, value
    assert isinstance(value, dict) and set(value) == {"error"}, value
    message = value["error"]
    assert isinstance(message, str) and message and "Traceback" not in message and "Error" not in message
    assert any(char in message for char in "ạảãáàặẳẵắằậẩẫấầẹẻẽéèệểễếềịỉĩíìọỏõóòộổỗốồợởỡớờụủũúùựửữứừỵỷỹýỳđ"), message
    json.dumps(value)  # the preview sends it as JSON
    return message


def loaded(repo: EditorRepo, path: str) -> dict[str, Any]:
    code, entry = repo.ask("getEntry", path=path)
    assert code == 200
    return entry


def edited(raw: str, **changes: Any) -> str:
    """What the form sends back after `changes` (the form's YAML: any valid YAML will do)."""
    values, body = form_document(raw)
    values.update(changes)
    return "---\n" + json.dumps(values, ensure_ascii=False) + "\n---\n" + body


# --------------------------------------------------------------------------- reading


def test_info(repo: EditorRepo) -> None:
    assert repo.ask("info") == (200, {"repo": "repo", "publish_modes": ["simple"], "type": "local_fs"})


def test_entries_by_folder_gives_the_form_s_documents_with_their_digests(repo: EditorRepo) -> None:
    (repo.root / "content/posts/2022/03/anh.png").write_bytes(png_bytes())
    (repo.root / "content/posts/2022/03/.an.md").write_text("x", encoding="utf-8")
    code, entries = repo.ask("entriesByFolder", folder="content/posts", extension="md", depth=3)
    assert code == 200 and [entry["file"] for entry in entries] == [
        {"path": POST, "id": hashlib.sha256(POST_TEXT.encode()).hexdigest()}]
    values, body = form_document(entries[0]["data"])
    assert values["task"] == ["2022-2"] and values["phien_ban"] == entries[0]["file"]["id"] and body.startswith("Sáng 15/3")
    assert repo.ask("entriesByFolder", folder="content/posts", extension="md", depth=2) == (200, [])
    code, answers = repo.ask("entriesByFolder", folder="content/hoi-dap", extension="md", depth=1)
    assert code == 200 and [entry["file"]["path"] for entry in answers] == [ANSWER]


def test_entries_by_files_and_get_entry(repo: EditorRepo) -> None:
    code, entries = repo.ask("entriesByFiles", files=[{"path": POST}, {"path": ANSWER}, {"path": "content/posts/khong-co.md"}])
    assert code == 200 and [entry["file"]["path"] for entry in entries] == [POST, ANSWER, "content/posts/khong-co.md"]
    assert entries[2]["data"] is None and entries[2]["file"]["id"] is None
    assert form_document(entries[1]["data"])[0]["task"] == ["2022-8"]
    assert loaded(repo, POST) == entries[0]
    (repo.root / "content/posts/2022/03/nhi-phan.md").write_bytes(b"\xff\xfe nh\xe1")
    assert loaded(repo, "content/posts/2022/03/nhi-phan.md")["data"] == ""  # not UTF-8: nothing the form could show


def test_media_is_listed_and_read_in_base64(repo: EditorRepo) -> None:
    picture = png_bytes()
    (repo.root / "content/posts/2022/03/anh.png").write_bytes(picture)
    code, found = repo.ask("getMedia", mediaFolder="content/posts/2022/03")
    assert code == 200 and [item["path"] for item in found] == ["content/posts/2022/03/anh.png"]  # no post among them
    assert base64.b64decode(found[0]["content"]) == picture and found[0]["encoding"] == "base64" and found[0]["name"] == "anh.png"
    assert repo.ask("getMediaFile", path="content/posts/2022/03/anh.png") == (200, found[0])
    vietnamese_error(repo.ask("getMediaFile", path="content/posts/2022/03/khong-co.png"), 404)
    vietnamese_error(repo.ask("getMediaFile", path="content/posts/2022"), 404)


def test_a_deploy_preview_is_none(repo: EditorRepo) -> None:
    assert repo.ask("getDeployPreview", collection="bai-viet", slug="x") == (200, None)


# --------------------------------------------------------------------------- the shape of a request


@pytest.mark.parametrize("request_", [
    None, [], "info", 5, {}, {"action": 5}, {"action": None}, {"action": ["info"]}, {"params": {}},
    {"action": "info", "params": [1]}, {"action": "info", "params": "x"}, {"action": "info", "params": 0},
    {"action": "persistEntry", "params": {"dataFiles": 5}},
    {"action": "persistEntry", "params": {"dataFiles": {"path": NEW, "raw": NEW_RAW}}},
    {"action": "persistEntry", "params": {"dataFiles": [{"path": NEW, "raw": 5}]}},
    {"action": "persistEntry", "params": {"dataFiles": [{"path": NEW, "raw": NEW_RAW}, {"path": NEW, "raw": NEW_RAW}]}},
    {"action": "persistEntry", "params": {"dataFiles": [{"path": NEW, "raw": NEW_RAW}], "assets": 5}},
    {"action": "persistEntry", "params": {"dataFiles": [{"path": NEW, "raw": NEW_RAW}], "assets": {"path": "a.png"}}},
    {"action": "persistEntry", "params": {"dataFiles": [{"path": NEW, "raw": NEW_RAW}], "assets": ["x"]}},
    {"action": "persistEntry", "params": {}},
    {"action": "entriesByFiles", "params": {"files": "content/posts"}},
    {"action": "deleteFiles", "params": {"paths": POST}},
    {"action": "persistMedia", "params": {"asset": [1]}},
    {"action": "persistMedia", "params": {"asset": {"path": "content/posts/a.png", "encoding": "utf-8", "content": "x"}}},
    {"action": "persistMedia", "params": {"asset": {"path": "content/posts/a.png", "encoding": "base64", "content": "!!không"}}},
])
def test_a_request_of_the_wrong_shape_is_a_400_in_vietnamese(repo: EditorRepo, request_: object) -> None:
    before = files(repo)
    vietnamese_error(repo.workspace.answer(request_), 400)
    assert files(repo) == before


@pytest.mark.parametrize("request_", [
    {"action": "getEntry", "params": {"path": 5}}, {"action": "getEntry", "params": {}},
    {"action": "getEntry", "params": {"path": "mkdocs.yml"}}, {"action": "getEntry", "params": {"path": "content/posts/../../mkdocs.yml"}},
    {"action": "entriesByFolder", "params": {"folder": "plan", "extension": "md", "depth": 1}},
    {"action": "entriesByFiles", "params": {"files": [{"path": "plan/2022.md"}]}},
    {"action": "entriesByFiles", "params": {"files": [5]}},
    {"action": "getMedia", "params": {"mediaFolder": None}}, {"action": "getMediaFile", "params": {"path": {"a": 1}}},
    {"action": "persistEntry", "params": {"dataFiles": [{"path": "plan/2023.md", "raw": NEW_RAW}]}},
    {"action": "persistEntry", "params": {"dataFiles": [{"path": "content/posts/2022/04/Bài Mới.md", "raw": NEW_RAW}]}},
    {"action": "persistMedia", "params": {"asset": media("docs/anh.png", png_bytes())}},
    {"action": "deleteFile", "params": {"path": "plan/2022.md"}},
    {"action": "deleteFiles", "params": {"paths": [POST, "mkdocs.yml"]}},
])
def test_a_path_the_editor_does_not_open_is_a_403(repo: EditorRepo, request_: object) -> None:
    before = files(repo)
    vietnamese_error(repo.workspace.answer(request_), 403)
    assert files(repo) == before  # deleteFiles checks every path before it deletes the first
    assert (repo.root / "plan/2022.md").is_file() and (repo.root / "plan/2023.md").read_text(encoding="utf-8").startswith("---\nyear: 2023")


@pytest.mark.parametrize("action", ["unpublishedEntries", "publishUnpublishedEntry", "__init__", "answer", "x" * 1000])
def test_an_action_the_editor_does_not_have_is_a_422(repo: EditorRepo, action: str) -> None:
    message = vietnamese_error(repo.ask(action), 422)
    assert len(message) < 200


# --------------------------------------------------------------------------- saving a post


def test_a_saved_edit_is_written_whole_with_nothing_beside_it(repo: EditorRepo) -> None:
    entry = loaded(repo, POST)
    before = files(repo)
    assert repo.ask("persistEntry", dataFiles=[{"path": POST, "raw": edited(entry["data"], summary="Tóm tắt mới.")}], assets=[]) \
        == (200, {"message": "entry persisted"})
    after = files(repo)
    assert set(after) == set(before)  # no temporary file, no checked copy left
    text = after[POST].decode()
    assert text == POST_TEXT.replace("summary: 'Công chức được tập huấn.'", 'summary: "Tóm tắt mới."')
    assert not list(repo.root.rglob("*.tmp")) and not list(repo.root.rglob(".cchc-*"))


def test_a_file_changed_on_disk_since_the_form_loaded_it_is_not_overwritten(repo: EditorRepo) -> None:
    entry = loaded(repo, POST)
    changed_on_disk = POST_TEXT.replace("Sáng 15/3", "Sáng ngày 15/3")
    (repo.root / POST).write_text(changed_on_disk, encoding="utf-8")
    message = vietnamese_error(repo.ask("persistEntry", dataFiles=[{"path": POST, "raw": edited(entry["data"], title="Khác")}]), 409)
    assert POST in message and "đã được sửa bên ngoài" in message
    assert (repo.root / POST).read_text(encoding="utf-8") == changed_on_disk
    # Loaded again, the same edit is saved over the new text.
    fresh = loaded(repo, POST)
    assert repo.ask("persistEntry", dataFiles=[{"path": POST, "raw": edited(fresh["data"], title="Khác")}])[0] == 200
    assert (repo.root / POST).read_text(encoding="utf-8") == changed_on_disk.replace(
        'title: "Tập huấn nghiệp vụ: \\"một cửa\\" # 1"', 'title: "Khác"')
    # A version that is no digest at all is refused the same way.
    vietnamese_error(repo.ask("persistEntry", dataFiles=[{"path": POST, "raw": edited(fresh["data"], phien_ban="x")}]), 409)


def test_a_new_entry_never_replaces_an_existing_file(repo: EditorRepo) -> None:
    raw = NEW_RAW.replace("Tập huấn một cửa", "Tập huấn").replace("2022-04-02", "2022-03-15")
    message = vietnamese_error(repo.ask("persistEntry", dataFiles=[{"path": POST, "raw": raw}]), 409)
    assert "đã có bài" in message
    assert (repo.root / POST).read_text(encoding="utf-8") == POST_TEXT


def test_a_rename_is_refused(repo: EditorRepo) -> None:
    entry = loaded(repo, POST)
    before = files(repo)
    vietnamese_error(repo.ask("persistEntry", dataFiles=[{"path": POST, "newPath": "content/posts/2022/03/khac.md",
                                                          "raw": entry["data"]}]), 422)
    assert files(repo) == before


def test_a_new_post_is_written_with_its_photo(repo: EditorRepo) -> None:
    photo = "content/posts/2022/04/tap-huan-mot-cua-anh.png"
    raw = NEW_RAW.replace("draft: true", f"draft: true\nimage: {photo}")
    raw = raw.replace("Nội dung bài.", "Nội dung bài.\n\n![Lớp tập huấn](tap-huan-mot-cua-anh.png)")
    assert repo.ask("persistEntry", dataFiles=[{"path": NEW, "raw": raw}], assets=[media(photo, png_bytes())])[0] == 200
    assert (repo.root / photo).read_bytes() == png_bytes()
    text = (repo.root / NEW).read_text(encoding="utf-8")
    assert "\nimage: tap-huan-mot-cua-anh.png\n" in text and text.endswith("![Lớp tập huấn](tap-huan-mot-cua-anh.png)\n")


def test_a_refused_post_leaves_no_upload_and_puts_back_what_an_upload_replaced(repo: EditorRepo) -> None:
    kept = repo.root / "content/posts/2022/03/anh-cu.png"
    kept.write_bytes(png_bytes())
    before = files(repo)
    raw = NEW_RAW.replace("unit: Văn phòng", "unit: ''")  # the check refuses a post without a unit
    assets = [media("content/posts/2022/04/anh-moi.png", png_bytes()), media("content/posts/2022/03/anh-cu.png", png_bytes() + b"\0")]
    message = vietnamese_error(repo.ask("persistEntry", dataFiles=[{"path": NEW, "raw": raw}], assets=assets), 422)
    assert "đơn vị" in message
    assert files(repo) == before
    # Refused by the loader of `cchc check`: the problem's file and line are said.
    raw = NEW_RAW.replace("Nội dung bài.", "Nội dung bài.\n\n![Ảnh](khong-co.png)")
    message = vietnamese_error(repo.ask("persistEntry", dataFiles=[{"path": NEW, "raw": raw}],
                                        assets=[media("content/posts/2022/04/anh-moi.png", png_bytes())]), 422)
    assert message.startswith(f"{NEW}:") and "khong-co.png" in message
    assert files(repo) == before


@pytest.mark.parametrize("name, data, says", [
    ("anh.jpg", SVG, "HTML hoặc XML"), ("anh.jpg", HTML, "HTML"), ("anh.jpg", HEIC, "HEIC"), ("anh.png", b"GIF89a" + b"\0" * 32, "GIF"),
    ("anh.svg", SVG, "SVG"), ("trang.html", HTML, "trang web"), ("anh.heic", HEIC, "HEIC"), ("bai-khac.md", b"---\n---\n", ".md"),
    ("tap-lenh.sh", b"#!/bin/sh\nrm -rf /\n", "không được đăng"),
])
def test_an_upload_is_checked_by_its_content(repo: EditorRepo, name: str, data: bytes, says: str) -> None:
    before = files(repo)
    path = f"content/posts/2022/03/{name}"
    message = vietnamese_error(repo.ask("persistMedia", asset=media(path, data)), 422)
    assert says in message and message.startswith(path)
    raw = NEW_RAW.replace("Nội dung bài.", f"Nội dung bài.\n\n![Ảnh]({name})")
    vietnamese_error(repo.ask("persistEntry", dataFiles=[{"path": NEW, "raw": raw}], assets=[media(path, data)]), 422)
    assert files(repo) == before


def test_a_too_large_upload_is_refused(repo: EditorRepo) -> None:
    path = "content/posts/2022/03/anh-lon.png"
    large = png_bytes() + b"\0" * (workspace.MAX_MEDIA + 3 - len(png_bytes()))
    message = vietnamese_error(repo.ask("persistMedia", asset=media(path, large)), 422)
    assert "quá lớn" in message and "20 MB" in message
    just = png_bytes() + b"\0" * (workspace.MAX_MEDIA + 1 - len(png_bytes()))
    vietnamese_error(repo.ask("persistMedia", asset=media(path, just)), 422)
    assert not (repo.root / path).exists()


def test_an_uploaded_photo_is_written_and_answered_as_media(repo: EditorRepo) -> None:
    path = "content/posts/2022/03/anh-moi.png"
    code, answer = repo.ask("persistMedia", asset=media(path, png_bytes()))
    assert code == 200 and answer["path"] == path and base64.b64decode(answer["content"]) == png_bytes()
    assert (repo.root / path).read_bytes() == png_bytes()
    vietnamese_error(repo.ask("persistMedia", asset=media("content/posts/2022/03/Ảnh Mới.png", png_bytes())), 403)


# --------------------------------------------------------------------------- deleting


def test_deleting_files_and_refusing_folders(repo: EditorRepo) -> None:
    (repo.root / "content/posts/2022/03/anh.png").write_bytes(png_bytes())
    assert repo.ask("deleteFile", path="content/posts/2022/03/anh.png") == (200, {"message": "deleted"})
    assert not (repo.root / "content/posts/2022/03/anh.png").exists()
    assert repo.ask("deleteFile", path="content/posts/2022/03/khong-co.png") == (200, {"message": "deleted"})
    for folder in ("content/posts/2022/03", "content/posts", "content/hoi-dap"):
        assert "là thư mục" in vietnamese_error(repo.ask("deleteFile", path=folder), 422)
        vietnamese_error(repo.ask("deleteFiles", paths=[folder]), 422)
    assert (repo.root / POST).is_file()
    assert repo.ask("deleteFiles", paths=[POST, ANSWER]) == (200, {"message": "deleted"})
    assert files(repo) == {}


def test_a_symlink_is_neither_followed_nor_deleted(repo: EditorRepo, tmp_path: Path) -> None:
    secret = tmp_path / "bi-mat.md"
    secret.write_text("---\ntitle: bí mật\n---\n", encoding="utf-8")
    link = repo.root / "content/posts/2022/03/lien-ket.md"
    link.symlink_to(secret)
    for request in ({"action": "getEntry", "params": {"path": "content/posts/2022/03/lien-ket.md"}},
                    {"action": "deleteFile", "params": {"path": "content/posts/2022/03/lien-ket.md"}},
                    {"action": "persistMedia", "params": {"asset": media("content/posts/2022/03/lien-ket.md", b"x")}},
                    {"action": "persistEntry", "params": {"dataFiles": [{"path": "content/posts/2022/03/lien-ket.md", "raw": NEW_RAW}]}}):
        vietnamese_error(repo.workspace.answer(request), 403)
    assert link.is_symlink() and secret.read_text(encoding="utf-8") == "---\ntitle: bí mật\n---\n"
    code, entries = repo.ask("entriesByFolder", folder="content/posts", extension="md", depth=3)
    assert [entry["file"]["path"] for entry in entries] == [POST]


def test_a_failing_disk_is_a_500_without_a_traceback(repo: EditorRepo) -> None:
    folder = repo.root / "content/posts/2022/03/thu-muc.png"
    folder.mkdir()  # a folder where the upload goes: the rename fails
    before = files(repo)
    message = vietnamese_error(repo.ask("persistMedia", asset=media("content/posts/2022/03/thu-muc.png", png_bytes())), 500)
    assert str(repo.root) not in message
    assert files(repo) == before and folder.is_dir()  # the temporary file went too
