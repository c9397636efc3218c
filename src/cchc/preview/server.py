"""`cchc serve`: the staff preview, on http://127.0.0.1:8000/cchc/ (the site's own sub-path).

MkDocs builds the site (its public `build`, with the project's hook) into a temporary folder; this
module watches the files (the `watchdog` library MkDocs itself uses), rebuilds, and serves the folder.
Why not `mkdocs serve`: its server polls for changes every half second, reloads the whole
configuration (and so the hook, losing what the last build knew) for every save, and after a failed
build keeps every request waiting until the content is fixed. Here:

- a saved post, plan or page of docs/ gives a "dirty" build in which only the pages whose inputs
  changed are rendered (src/cchc/build/incremental.py); a template or mkdocs.yml renders every page again;
  a change to the Python code asks for a restart (it cannot be reloaded safely);
- while the content has errors, every page of the preview is a Vietnamese page listing them (the
  file saved last first), and the browser returns to the page by itself once they are fixed: each
  page carries a small script that waits for the next build (a long poll) and reloads
  (src/cchc/preview/pages.py);
- the search index is the session's own (src/cchc/search/live.py), served from memory;
- responses carry the Content-Security-Policy of the shipped nginx configuration, and the feedback
  service (src/cchc/gopy/) answers its two POST addresses on the same origin, so staff can try the
  form and the page rating in the preview (src/cchc/preview/http.py; its database is the one of the
  settings, `var/` by default, ignored by Git).

Runs on Windows too (standard library HTTP server, watchdog's observer).
"""

from __future__ import annotations

import gc
import mimetypes
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from cchc import urls
from cchc.adapter.build import build_preview
from cchc.adapter.config import MkDocsConfig, load_config
from cchc.adapter.internals import keep_theme_environment
from cchc.adapter.log import vietnamese_log
from cchc.build import incremental, inputs
from cchc.content.settings import Settings, read_settings
from cchc.editor.serving import Editor
from cchc.preview.http import Server, say
from cchc.preview.pages import ASSETS, PAGE_CSS, RELOAD_JS, State, decorate, problem_page
from cchc.publish import csp

DEBOUNCE = 0.03  # seconds to gather the events of one save (editors write a file in several steps)
NGINX_CONFIG = Path("deploy") / "nginx" / "cchc.conf"
_IGNORED_NAMES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


class Preview:
    def __init__(self, config_file: Path, host: str, port: int) -> None:
        self.config_file = config_file.resolve()
        self.host, self.port = host, port
        self.site_dir = Path(tempfile.mkdtemp(prefix="cchc-xem-truoc-"))
        self.session = incremental.Session()
        self.state = State()
        self.changed = threading.Condition()
        self.build_lock = threading.Lock()
        self.pending: dict[str, str] = {}  # path -> kind, gathered until the next build
        self.forget_templates: Callable[[], None] = lambda: None
        self._feedback: Callable[..., Iterable[bytes]] | None = None
        self._editor: Editor | None = None
        self.config, self.settings = self._load()
        self.mount = self.settings.base_path
        self.policy = self._policy()

    # --- configuration and builds ---------------------------------------------------------------------

    def _load(self) -> tuple[MkDocsConfig, Settings]:
        config, warnings = load_config(self.config_file, site_dir=str(self.site_dir))
        for warning in warnings:
            say(str(warning))
        settings = read_settings(config, config_file=self.config_file)
        # The preview's own address: a local one, so its pages carry the staging mark (Settings.staging).
        config.site_url = f"http://{self.host}:{self.port}{settings.base_path}"
        config.plugins.on_startup(command="serve", dirty=True)
        # The theme's Jinja environment is kept from build to build, until a template changes.
        self.forget_templates = keep_theme_environment(config)
        return config, settings

    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.mount}"

    def feedback_app(self) -> Callable[..., Iterable[bytes]]:
        if self._feedback is None:
            from cchc.gopy.app import Peers, create_app

            # The peer is the browser: no X-Real-IP. The pages without script take the look of the preview's build.
            self._feedback = create_app(self.settings, peers=Peers.NONE, site=self.site_dir)
        return self._feedback

    def build(self, *, dirty: bool, reason: str = "") -> None:
        self.session.problems = []
        started = time.monotonic()
        with self.build_lock, vietnamese_log():
            outcome = build_preview(self.config, self.session, dirty=dirty)
        if outcome.error:  # a template or the code: keep serving, say what broke
            self.state.problems, self.state.crash = [], outcome.error
            done = f"Không dựng được trang{reason}: {self.state.crash}"
        elif outcome.stopped:
            if not self.session.problems:  # not the content's problems: something else stopped the build
                self.state.crash = "Không dựng được trang (xem thông báo trong cửa sổ dòng lệnh)."
            self.state.problems = list(self.session.problems)
            done = f"Bản xem trước có lỗi{reason}: sửa rồi lưu lại, trang tự cập nhật."
        else:
            self.state.problems, self.state.crash = [], ""
            done = f"Đã cập nhật bản xem trước{reason} ({time.monotonic() - started:.2f} giây)."
            if self.session.everything:
                _keep_out_of_collections()
        say(done)
        with self.changed:
            self.state.version += 1
            self.changed.notify_all()

    def notify(self, path: Path, kind: str) -> None:
        with self.changed:
            self.pending[path.as_posix()] = kind
            self.changed.notify_all()

    def classify(self, path: Path) -> str | None:
        """What a changed file asks for: the effect of its kind of input (cchc.build.inputs: "content",
        "templates", "config" or "code"), or None (not an input, or an editor's temporary file)."""
        if path.name.endswith(_IGNORED_NAMES) or any(part.startswith(".") for part in path.parts[-3:]):
            return None
        kind = inputs.kind_of(self.settings, path)
        return kind.effect if kind else None

    def loop(self) -> None:
        """Build after each save (the events of one save gathered for DEBOUNCE seconds)."""
        while True:
            with self.changed:
                while not self.pending:
                    self.changed.wait()
            time.sleep(DEBOUNCE)
            with self.changed:
                pending, self.pending = self.pending, {}
            self.apply(pending)

    def apply(self, pending: Mapping[str, str]) -> None:
        """What saved files ask for, by the effect of their kind of input (`classify`): the code, a
        restart; the configuration, reading it again and rendering everything; a template, rendering
        everything; content, rendering what changed."""
        kinds = set(pending.values())
        now = time.time()
        for path in pending:
            shown = Path(path)
            if shown.is_relative_to(self.settings.root):
                self.state.saved[shown.relative_to(self.settings.root).as_posix()] = now
        names = ", ".join(sorted(Path(path).name for path in pending)[:3])
        if inputs.CODE in kinds:
            self.state.restart = True
            say("Mã nguồn (src/, hooks/) đã thay đổi: hãy dừng bản xem trước (Ctrl+C) rồi chạy lại cchc serve.")
            with self.changed:
                self.state.version += 1
                self.changed.notify_all()
            return
        if inputs.CONFIG in kinds:
            try:
                self.config, self.settings = self._load()
            except Exception as error:  # a broken mkdocs.yml: say so, keep the last good preview
                say(f"Không đọc được cấu hình: {error}")
                return
            self.session.reset()
            self.build(dirty=False, reason=f" sau khi sửa {names}")
            return
        if inputs.TEMPLATES in kinds:
            self.session.reset()
            self.forget_templates()
        self.build(dirty=True, reason=f" sau khi lưu {names}")

    # --- what is served -------------------------------------------------------------------------------

    def _policy(self) -> str | None:
        nginx = self.settings.root / NGINX_CONFIG
        try:
            return csp.nginx_csp(nginx.read_text(encoding="utf-8")) if nginx.is_file() else None
        except OSError:
            return None

    def wait(self, seen: int, timeout: float = 25.0) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.state.version != seen, timeout=timeout)
            return self.state.version

    def editor(self) -> Editor:
        """The staff editor of `quan-tri/` (cchc.editor), made on its first request."""
        with self.build_lock:
            if self._editor is None or self._editor.settings is not self.settings:
                self._editor = Editor(self.settings, self.mount)
            return self._editor

    def decorate(self, page: bytes) -> bytes:
        return decorate(page, self.state, self.mount)

    def resolve(self, relative: str) -> tuple[HTTPStatus, bytes, str]:
        """(status, body, content type) of a path under the sub-path."""
        if relative == f"{ASSETS}tai-lai.js":
            return HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8"
        if relative == f"{ASSETS}trang.css":
            return HTTPStatus.OK, PAGE_CSS.encode(), "text/css; charset=utf-8"
        if relative.startswith(urls.SEARCH_DATA):
            data = self.session.search.file(relative.removeprefix(urls.SEARCH_DATA))
            if data is not None:
                kind = "application/json" if relative.endswith(".json") else "application/octet-stream"
                return HTTPStatus.OK, data, kind
        # A page is never read half written: wait (up to two seconds) for a build under way.
        locked = self.build_lock.acquire(timeout=2.0)
        try:
            try:
                target = (self.site_dir / relative).resolve()
                if target.is_dir():
                    target = target / "index.html"
                inside = target.is_relative_to(self.site_dir.resolve())
                found = inside and target.is_file()
            except OSError:  # a name longer than the system allows, say: no such page
                target, found = self.site_dir / "404.html", False
            is_page = not found or target.suffix == ".html"
            if is_page and self.state.failed:
                return HTTPStatus.INTERNAL_SERVER_ERROR, self.decorate(problem_page(self.state, self.mount)), "text/html; charset=utf-8"
            lookup_page = self.site_dir / urls.ANSWER_LOOKUP / "index.html"
            if not found and urls.is_answer_address(relative) and lookup_page.is_file():
                target, found = lookup_page, True  # as nginx's try_files: the status page asks the service
            if not found:
                missing = self.site_dir / "404.html"
                body = missing.read_bytes() if missing.is_file() else b"<!doctype html><title>404</title>"
                return HTTPStatus.NOT_FOUND, self.decorate(body), "text/html; charset=utf-8"
            body = target.read_bytes()
        finally:
            if locked:
                self.build_lock.release()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return HTTPStatus.OK, self.decorate(body), "text/html; charset=utf-8"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml"):
            kind += "; charset=utf-8"
        return HTTPStatus.OK, body, "application/rss+xml; charset=utf-8" if target.name == urls.FEED else kind


YOUNG_OBJECTS = 20_000  # allocations between two collections of the youngest objects (Python's default: 700)


def _keep_out_of_collections() -> None:
    """After a build that rendered every page: what the session now keeps (every post read, the specs and
    digests of every page, the templates) is left out of Python's garbage collections until the next such
    build. A save allocates far less than that, but enough for a full collection now and then, which walked
    all of it (its cost: bench/RESULTS.md, figures moved out of the code). What the session drops between
    two such builds is freed as usual unless it is in a reference cycle (a post, a page spec is not). The
    youngest objects are collected less often than by default: most of a save's objects live until its end,
    and each collection on the way moved them on to the older generations, whose collections walk more."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, middle, oldest)


class _Events(FileSystemEventHandler):
    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory and event.event_type == "modified":
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(raw if isinstance(raw, str) else raw.decode()).resolve()
                kind = self.preview.classify(path)
                if kind is not None:
                    self.preview.notify(path, kind)


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000,
          ready: Callable[[Preview], None] | None = None) -> int:
    preview = Preview(config_file, host, port)
    preview.session.markdown.start()  # it imports while the first build runs: the first save finds it ready
    try:
        preview.build(dirty=False, reason=" lần đầu")
        server = Server(preview)
        observer = Observer()
        events = _Events(preview)
        for folder, recursive in inputs.watched(preview.settings):
            observer.schedule(events, str(folder), recursive=recursive)
        observer.start()
        threading.Thread(target=preview.loop, daemon=True, name="cchc-xem-truoc").start()
        say(f"Bản xem trước: {preview.url()} (dừng bằng Ctrl+C). Trang tự tải lại mỗi lần lưu tệp.")
        if ready is not None:
            ready(preview)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            say("Đã dừng bản xem trước.")
        finally:
            observer.stop()
            server.server_close()
        return 0
    finally:
        preview.config.plugins.on_shutdown()
        preview.session.close()
        shutil.rmtree(preview.site_dir, ignore_errors=True)
