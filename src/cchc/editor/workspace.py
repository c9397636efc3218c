"""The working copy as Decap CMS's local backend sees it: the actions of its proxy protocol
(`POST …/api/v1` with `{"action": …, "params": …}`, the protocol of the Node `decap-server`), answered
in Python over the editor's folders (cchc.editor.paths.Area).

What differs from `decap-server`, on purpose:
- a post or an answer is handed to the form translated (cchc.editor.documents) and written back as the
  project writes it (`cchc new`'s lines, untouched keys byte for byte), after the project's own checks:
  what they refuse is not written, and the form shows their Vietnamese lines;
- a file changed on disk since the form loaded it is not overwritten (the form carries the version it
  loaded); a new entry never replaces an existing file;
- files are written whole or not at all (a temporary file, then a rename), never through a symlink,
  only inside the editor's folders; images are checked by their content and their size;
- nothing is run (no Git: committing stays with the staff member's Git client).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cchc.content.file_kinds import kind_problem
from cchc.editor.paths import Area, PathRefused

MAX_MEDIA = 20 * 2**20  # bytes of one uploaded file; a photo from a phone is 3-8 MB
ENTRY_SUFFIX = ".md"


class Refused(Exception):
    """A request the workspace does not carry out; `lines` are shown to the staff member."""

    def __init__(self, *lines: str, status: int = 422) -> None:
        super().__init__("\n".join(lines))
        self.lines, self.status = lines, status


class Documents(Protocol):
    """How entries go between the files and the form (cchc.editor.documents.PostDocuments)."""

    def to_editor(self, path: Path, raw: bytes) -> str: ...

    def from_editor(self, path: Path, edited: str, disk: bytes | None) -> bytes: ...


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_whole(path: Path, data: bytes) -> None:
    """`data` at `path`, all or nothing: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cchc-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass
class Workspace:
    area: Area
    documents: Documents
    name: str  # the repository's folder name, as `decap-server` says it

    def answer(self, request: Any) -> tuple[int, Any]:
        """(HTTP status, JSON value) of one request of the protocol."""
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            return 400, {"error": "Yêu cầu không hợp lệ."}
        params = request.get("params")
        params = {} if params is None else params
        if not isinstance(params, dict):
            return 400, {"error": "Yêu cầu không hợp lệ."}
        action = _ACTIONS.get(request["action"])
        if action is None:
            return 422, {"error": f"Trình soạn thảo không hỗ trợ thao tác {request['action'][:40]!r}."}
        try:
            return 200, action(self, params)
        except PathRefused as error:
            return 403, {"error": str(error)}
        except Refused as error:
            return error.status, {"error": "\n".join(error.lines)}
        except OSError as error:  # the disk, not the request: said without a traceback or a full path
            return 500, {"error": f"Không đọc hay ghi được tệp ({error.strerror or type(error).__name__})."}

    # --- reading ----------------------------------------------------------------------------------------

    def _entry(self, text: object) -> dict[str, Any]:
        path = self.area.path(text)
        try:
            raw = path.read_bytes()
        except OSError:
            return {"data": None, "file": {"path": text, "id": None}}
        return {"data": self.documents.to_editor(path, raw), "file": {"path": self.area.shown(path), "id": digest(raw)}}

    def info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"repo": self.name, "publish_modes": ["simple"], "type": "local_fs"}

    def entries_by_folder(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = self.area.path(params.get("folder"))
        depth = params.get("depth")
        depth = depth if isinstance(depth, int) and 0 < depth <= 8 else 1
        extension = params["extension"] if isinstance(params.get("extension"), str) else ""
        return [self._entry(self.area.shown(path)) for path in self.area.files(folder, extension, depth)]

    def entries_by_files(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        files = params.get("files")
        if not isinstance(files, list):
            raise Refused("Yêu cầu không hợp lệ.", status=400)
        return [self._entry(item.get("path") if isinstance(item, dict) else None) for item in files]

    def get_entry(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._entry(params.get("path"))

    def _media(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        return {"id": digest(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
                "path": self.area.shown(path), "name": path.name}

    def get_media(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = self.area.path(params.get("mediaFolder"))
        return [self._media(path) for path in self.area.files(folder, "", 1) if not path.name.endswith(ENTRY_SUFFIX)]

    def get_media_file(self, params: dict[str, Any]) -> dict[str, Any]:
        path = self.area.path(params.get("path"))
        if not path.is_file():
            raise Refused(f"Không có tệp {params.get('path')!r}.", status=404)
        return self._media(path)

    # --- writing ----------------------------------------------------------------------------------------

    def _asset(self, asset: object) -> tuple[Path, bytes]:
        """An uploaded file's path and bytes, checked: a writable name, a kind the site publishes."""
        if not isinstance(asset, dict) or asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
            raise Refused("Tệp tải lên không hợp lệ.", status=400)
        path = self.area.writable(asset.get("path"))
        if path.suffix == ENTRY_SUFFIX:
            raise Refused(f"{self.area.shown(path)}: tệp tải lên không được là tệp bài viết (.md).")
        if len(asset["content"]) > MAX_MEDIA * 4 // 3 + 4:
            raise Refused(f"{self.area.shown(path)}: tệp quá lớn (tối đa {MAX_MEDIA // 2**20} MB).")
        try:
            data = base64.b64decode(asset["content"], validate=True)
        except (binascii.Error, ValueError):
            raise Refused("Tệp tải lên không hợp lệ.", status=400) from None
        if len(data) > MAX_MEDIA:  # the text's length above lets a few bytes more through
            raise Refused(f"{self.area.shown(path)}: tệp quá lớn (tối đa {MAX_MEDIA // 2**20} MB).")
        with tempfile.TemporaryDirectory(prefix="cchc-tai-len-") as folder:  # the kinds are read from a file
            probe = Path(folder) / path.name
            probe.write_bytes(data)
            problem = kind_problem(probe)
        if problem:
            raise Refused(f"{self.area.shown(path)}: {problem}")
        return path, data

    def persist_entry(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else [])
        uploads = params.get("assets") or []
        if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], dict) \
                or not isinstance(files[0].get("raw"), str) or not isinstance(uploads, list):
            raise Refused("Yêu cầu không hợp lệ.", status=400)
        if files[0].get("newPath"):
            raise Refused("Trình soạn thảo không đổi tên hay chuyển bài; hãy làm việc đó trong thư mục của bài.")
        path = self.area.path(files[0].get("path"))
        if not path.exists():
            path = self.area.writable(files[0].get("path"))  # a new post's name follows the project's rules
        if path.suffix != ENTRY_SUFFIX:
            raise Refused(f"{self.area.shown(path)}: bài viết phải là tệp .md.")
        assets = [self._asset(asset) for asset in uploads]
        disk = path.read_bytes() if path.is_file() else None
        created: list[Path] = []
        replaced: dict[Path, bytes] = {}  # a file an upload overwrote: put back when the post is refused
        try:
            for asset_path, data in assets:
                if asset_path.is_file():
                    replaced.setdefault(asset_path, asset_path.read_bytes())
                elif asset_path not in created:
                    created.append(asset_path)
                write_whole(asset_path, data)
            written = self.documents.from_editor(path, files[0]["raw"], disk)
            write_whole(path, written)
        except BaseException:
            for asset_path in created:
                with contextlib.suppress(OSError):
                    asset_path.unlink()
            for asset_path, data in replaced.items():
                with contextlib.suppress(OSError):
                    write_whole(asset_path, data)
            raise
        return {"message": "entry persisted"}

    def persist_media(self, params: dict[str, Any]) -> dict[str, Any]:
        path, data = self._asset(params.get("asset"))
        write_whole(path, data)
        return self._media(path)

    def _delete(self, text: object) -> None:
        path = self.area.path(text)
        with contextlib.suppress(FileNotFoundError):
            if path.is_dir():
                raise Refused(f"{self.area.shown(path)} là thư mục; trình soạn thảo chỉ xóa tệp.")
            path.unlink()

    def delete_file(self, params: dict[str, Any]) -> dict[str, Any]:
        self._delete(params.get("path"))
        return {"message": "deleted"}

    def delete_files(self, params: dict[str, Any]) -> dict[str, Any]:
        paths = params.get("paths")
        if not isinstance(paths, list):
            raise Refused("Yêu cầu không hợp lệ.", status=400)
        for text in paths:
            self.area.path(text)  # every path checked before the first is deleted
        for text in paths:
            self._delete(text)
        return {"message": "deleted"}

    def deploy_preview(self, params: dict[str, Any]) -> None:
        return None


_ACTIONS: dict[str, Callable[[Workspace, dict[str, Any]], Any]] = {
    "info": Workspace.info,
    "entriesByFolder": Workspace.entries_by_folder,
    "entriesByFiles": Workspace.entries_by_files,
    "getEntry": Workspace.get_entry,
    "persistEntry": Workspace.persist_entry,
    "getMedia": Workspace.get_media,
    "getMediaFile": Workspace.get_media_file,
    "persistMedia": Workspace.persist_media,
    "deleteFile": Workspace.delete_file,
    "deleteFiles": Workspace.delete_files,
    "getDeployPreview": Workspace.deploy_preview,
}
