"""`quan-tri/` in the preview: the editor's page, its scripts (the shipped Decap CMS and the project's
own), its configuration made from the project, and the protocol's address. The preview's HTTP side
(cchc.preview.http) admits the request first (the preview's Host, a browser on this machine, the
preview's own Origin for a POST); here, the answers."""

from __future__ import annotations

import json
import mimetypes
from http import HTTPStatus
from pathlib import Path

from cchc import urls
from cchc.build import inputs
from cchc.content.settings import Settings
from cchc.editor.config import editor_config
from cchc.editor.paths import Area
from cchc.editor.project import Project
from cchc.editor.workspace import Workspace

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
DECAP = HERE / "decap"
RECORD = HERE / "decap.json"  # the shipped version of Decap CMS (tools/vendor-decap.py)
PREFIX = urls.EDITOR
API = urls.EDITOR_API.removeprefix(PREFIX)
MAX_REQUEST = 32 * 2**20  # one save: a post and its uploaded photos (base64)
# The editor's pages run Decap CMS: React with inline styles, WebAssembly for images, and Ajv, which
# compiles the configuration's schema with `new Function` ('unsafe-eval'; the site's pages never allow
# it). Every source is this address alone: no request leaves the machine, whatever the script does.
POLICY = ("default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' blob: data:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self' blob:; "
          "worker-src 'self' blob:; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; "
          "frame-ancestors 'self'")
Answer = tuple[HTTPStatus, bytes, str]


def _file(path: Path) -> Answer:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith("javascript"):
        kind += "; charset=utf-8"
    return HTTPStatus.OK, path.read_bytes(), kind


class Editor:
    def __init__(self, settings: Settings, mount: str) -> None:
        self.settings = settings
        self.mount = mount
        self.project = Project(settings)
        area = Area(settings.root, inputs.edited(settings))
        self.workspace = Workspace(area, self.project, settings.root.name)
        self.shipped = set(json.loads(RECORD.read_text(encoding="utf-8"))["files"])  # the files of the record only

    def get(self, relative: str) -> Answer | None:
        """A file of the editor (relative: the path under `quan-tri/`); None: not one."""
        if relative == "":
            return _file(ASSETS / "index.html")
        if relative in ("khoi-dong.js", "xem-truoc.js", "bien-tap.js", "bien-tap.css"):
            return _file(ASSETS / relative)
        if relative == "cau-hinh.yml":
            plans = self.project.plans()
            config = editor_config(self.settings, plans=plans.plans, posts=self.project.posts(plans),
                                   site_url=self.mount, api_url=f"{self.mount}{urls.EDITOR_API}")
            return HTTPStatus.OK, json.dumps(config, ensure_ascii=False, indent=1).encode(), "text/yaml; charset=utf-8"
        name = relative.removeprefix("decap/")
        if relative.startswith("decap/") and name in self.shipped:
            return _file(DECAP / name)
        return None

    def post(self, relative: str, body: bytes) -> Answer:
        if relative != API:
            return HTTPStatus.NOT_FOUND, json.dumps({"error": "Không có dịch vụ ở địa chỉ này."}).encode(), "application/json"
        try:
            request = json.loads(body)
        except (UnicodeDecodeError, ValueError, RecursionError):
            request = None
        status, value = self.workspace.answer(request)
        return HTTPStatus(status), json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8"


def export(target: Path, config: dict[str, object]) -> list[Path]:
    """The editor as static files for a web server (the Git server's flow): its page, the project's
    scripts, the shipped Decap CMS and `cau-hinh.yml`; the files written, sorted."""
    written = []
    (target / "decap").mkdir(parents=True, exist_ok=True)
    page = (ASSETS / "index.html").read_text(encoding="utf-8")
    (target / "index.html").write_text(page.replace('<script src="xem-truoc.js"></script>\n', ""), encoding="utf-8")
    written.append(target / "index.html")
    for name in ("khoi-dong.js", "bien-tap.js", "bien-tap.css"):
        written.append(target / name)
        written[-1].write_bytes((ASSETS / name).read_bytes())
    for name in sorted(json.loads(RECORD.read_text(encoding="utf-8"))["files"]):
        written.append(target / "decap" / name)
        written[-1].write_bytes((DECAP / name).read_bytes())
    written.append(target / "cau-hinh.yml")
    written[-1].write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return sorted(written)
