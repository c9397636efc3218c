"""The editor's door in the preview (`quan-tri/` of `cchc serve`): its pages and its protocol answer a
browser of this machine, on the preview's own address, from the preview's own pages; the protocol
writes inside content/ only; the editor's pages carry a policy that lets nothing leave the machine;
none of it is ever in a build."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest
from support.preview import MOUNT, Serving
from support.project import BuildResult, SiteProject

API = f"{MOUNT}quan-tri/api/v1"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    root = tmp_path_factory.mktemp("bien-tap")
    project = SiteProject(root / "project")
    project.write_post("2022/p.md", {"title": "Tin đã đăng", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"})
    running = Serving(project, root / "serve.log")
    try:
        yield running
    finally:
        running.stop()


def call(preview: Serving, body: object, *, origin: str | None = "", host: str | None = None,
         kind: str = "application/json") -> tuple[int, dict | list | None, dict[str, str]]:
    request = urllib.request.Request(f"http://127.0.0.1:{preview.port}{API}", data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", kind)
    if origin is not None:
        request.add_header("Origin", origin or f"http://127.0.0.1:{preview.port}")
    if host is not None:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        data = error.read()
        # The preview refuses another Host with its small Vietnamese page, before the editor is asked.
        return error.code, json.loads(data) if data.startswith(b"{") else {"error": data.decode()}, dict(error.headers)


def test_the_protocol_answers_the_preview_own_pages(preview: Serving) -> None:
    status, answer, headers = call(preview, {"action": "info"})
    assert (status, answer) == (200, {"repo": "project", "publish_modes": ["simple"], "type": "local_fs"})
    assert "connect-src 'self' blob:;" in headers["Content-Security-Policy"]
    status, entries, _ = call(preview, {"action": "entriesByFolder", "params": {"folder": "content/posts", "extension": "md", "depth": 3}})
    assert status == 200 and isinstance(entries, list)
    assert [entry["file"]["path"] for entry in entries] == ["content/posts/2022/p.md"]
    assert "phien_ban: " in entries[0]["data"] and "- 2022-2" in entries[0]["data"]


@pytest.mark.parametrize(("origin", "host", "kind"), [
    (None, None, "application/json"),  # no Origin: not a page's request
    ("http://evil.example", None, "application/json"),  # another site's page
    ("null", None, "application/json"),  # a sandboxed or file: page
    ("", None, "text/plain"),  # a form or a "simple" request that needs no preflight
    ("http://evil.example", "evil.example", "application/json"),  # DNS rebinding: another name for this machine
])
def test_the_protocol_refuses_other_pages_and_names(preview: Serving, origin: str | None, host: str | None, kind: str) -> None:
    target = preview.log.parent / "project" / "content" / "posts" / "2022" / "p.md"
    before = target.read_bytes()
    status, answer, _ = call(preview, {"action": "deleteFile", "params": {"path": "content/posts/2022/p.md"}},
                             origin=origin, host=host, kind=kind)
    assert status == 403 and isinstance(answer, dict) and answer.get("error", "")
    assert target.read_bytes() == before


@pytest.mark.parametrize("path", ["mkdocs.yml", "content/posts/../../mkdocs.yml", "/etc/passwd", "plan/2022.md",
                                  "content/posts/2022/.p.md.swp", "content\\posts\\2022\\p.md"])
def test_the_protocol_writes_inside_the_content_folders_only(preview: Serving, path: str) -> None:
    root = preview.log.parent / "project"
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "site" not in p.parts}
    status, answer, _ = call(preview, {"action": "persistMedia", "params": {"asset": {
        "path": path, "content": "aGVsbG8=", "encoding": "base64"}}})
    assert status in (400, 403, 422), answer
    assert isinstance(answer, dict) and answer["error"]
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "site" not in p.parts} == before


def test_the_editor_pages_are_served_with_their_own_policy(preview: Serving) -> None:
    with urllib.request.urlopen(f"{preview.base}quan-tri/", timeout=10) as response:
        page = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert 'src="decap/decap-cms.js"' in page and 'rel="cms-config-url"' in page
    assert "default-src 'self'" in policy and "connect-src 'self' blob:" in policy and "https:" not in policy
    with urllib.request.urlopen(f"{preview.base}quan-tri/cau-hinh.yml", timeout=10) as response:
        config = json.loads(response.read())
    assert config["backend"] == {"name": "proxy", "proxy_url": API, "branch": "main"}
    assert config["locale"] == "vi"


def test_the_editor_is_not_in_a_build(bundled_site: BuildResult) -> None:
    """The editor lives in the package, never under docs/: the built site has no quan-tri/ and names no
    editor file."""
    assert not (bundled_site.out / "quan-tri").exists()
    assert not list(bundled_site.out.rglob("decap-cms*")) and not list(bundled_site.out.rglob("cau-hinh.yml"))
