"""A built site served over real HTTP under /cchc/, headless Chromium that may only talk to it, axe-core on a
loaded page, the search page as shown. The only support module that imports Playwright."""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, sync_playwright

from support.gates import NODE_MODULES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
SUB_PATH = "/cchc/"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` at http://127.0.0.1:<port>/cchc/; yields that URL. Stops on exit."""
    with tempfile.TemporaryDirectory(prefix="cchc-www-") as www:
        (Path(www) / SUB_PATH.strip("/")).symlink_to(site_dir.resolve(), target_is_directory=True)
        handler = functools.partial(_QuietHandler, directory=www)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    """The Debian Chromium, headless; never a browser downloaded by Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """Every request a browser context made: foreign ones are blocked and kept for the test to fail on."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    bodies: dict[str, int] = field(default_factory=dict)  # URL → response body bytes
    failed: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def finished(self, request: Request) -> None:
        self.bodies[request.url] = request.sizes()["responseBodySize"]

    def reset(self) -> None:
        self.bodies.clear()


@contextmanager
def browsing(browser: Browser, base_url: str, **options: object) -> Iterator[tuple[BrowserContext, Traffic]]:
    parts = urlsplit(base_url)
    traffic = Traffic(origin=f"{parts.scheme}://{parts.netloc}")
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.route("**/*", traffic.route)
    context.on("requestfinished", traffic.finished)
    context.on("requestfailed", lambda request: traffic.failed.append(request.url))
    try:
        yield context, traffic
    finally:
        context.close()


def axe(page: Page) -> list[str]:
    """Serious and critical axe-core violations on the loaded page, one line each."""
    assert AXE_JS.is_file(), "run `npm ci` first: axe-core comes from package-lock.json"
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


# --------------------------------------------------------------------------- the search page and the CSP


def wait_for_search(page: Page, timeout: float = 30_000) -> str:
    """Wait until the search page has settled; return its state (empty, found, none or error)."""
    status = "document.querySelector('[data-cchc-search]')?.dataset.status"
    page.wait_for_function(f"() => ['empty', 'found', 'none', 'error'].includes({status})", timeout=timeout)
    return str(page.eval_on_selector("[data-cchc-search]", "el => el.dataset.status"))


def open_search(page: Page, base_url: str, query: str | None) -> str:
    """Open tim-kiem/?q=<query> (no query: the empty page) and wait for its state."""
    target = base_url + "tim-kiem/" + ("" if query is None else "?q=" + quote(query))
    response = page.goto(target)
    assert response is not None and response.status == 200
    return wait_for_search(page)


def results(page: Page) -> list[dict[str, object]]:
    """The result list as shown: link, title, date (empty for a page without one), snippet text and its highlighted words."""
    return page.eval_on_selector_all(
        "[data-results] > li",
        """items => items.map(li => ({
            href: li.querySelector('a').href,
            title: li.querySelector('a').textContent,
            date: li.querySelector('time')?.textContent ?? '',
            datetime: li.querySelector('time')?.getAttribute('datetime') ?? '',
            snippet: li.querySelector('[data-field=snippet]').textContent,
            marks: [...li.querySelectorAll('[data-field=snippet] mark')].map(m => m.textContent),
            snippetHtml: li.querySelector('[data-field=snippet]').innerHTML,
        }))""",
    )


COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""
