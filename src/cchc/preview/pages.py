"""What `cchc serve` adds to the site it serves: the reload script, the error page, the restart notice.

Every HTML page of the preview carries a small script that waits for the next build (a long poll on
`__xem-truoc/phien`) and reloads the page; while the content has errors, every page is a Vietnamese
page listing them, the file saved last first.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from cchc.problems import Problem

ASSETS = "__xem-truoc/"  # the preview's own files, under the sub-path: never a page of the site

RELOAD_JS = """// cchc serve: reload this page after the next build (a long poll; the preview only).
(() => {
  const me = document.currentScript;
  const ask = new URL("phien", me.src);
  let seen = Number(me.dataset.phien);
  const wait = (ms) => new Promise((done) => setTimeout(done, ms));
  (async () => {
    for (;;) {
      try {
        ask.searchParams.set("sau", String(seen));
        const answer = await (await fetch(ask, { cache: "no-store" })).json();
        if (answer.phien !== seen) { location.reload(); return; }
      } catch (error) {
        await wait(1000);  // the preview was stopped or is restarting
      }
    }
  })();
})();
"""

PAGE_CSS = """body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;color:#a30000}
ol{padding-left:1.2rem}li{margin:.4rem 0;font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
.cchc-preview-banner{background:#a30000;color:#fff;padding:.5rem 1rem;font:600 15px/1.4 system-ui,sans-serif}
"""


@dataclass
class State:
    """What the server shows: the build counter the pages wait on, and the errors of a failed build."""

    version: int = 0
    problems: list[Problem] = field(default_factory=list)
    crash: str = ""  # an unexpected error of MkDocs or a template (for the developer)
    restart: bool = False  # the Python code changed
    saved: dict[str, float] = field(default_factory=dict)  # repository path -> when it was saved

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.crash)


def problem_page(state: State, mount: str) -> bytes:
    saved = state.saved
    problems = sorted(state.problems, key=lambda p: (-saved.get(p.path, 0.0), p.path, p.line))
    items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in problems)
    if state.crash:
        items += f"<li>{html.escape(state.crash)}</li>"
    count = len(problems) + bool(state.crash)
    return (
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>Bản xem trước có lỗi ({count})</title>"
        f"<link rel=\"stylesheet\" href=\"{mount}{ASSETS}trang.css\"></head><body><main>"
        f"<h1>Bản xem trước có {count} lỗi</h1>"
        "<p>Trang chưa được dựng lại vì nội dung có lỗi. Mỗi dòng là <code>tệp:dòng: lỗi gì (tìm thấy gì)</code>, "
        "tệp vừa lưu ở trên cùng. Sửa rồi lưu lại: trang này tự trở về bài đang xem.</p>"
        f"<ol>{items}</ol></main></body></html>"
    ).encode()


def decorate(page: bytes, state: State, mount: str) -> bytes:
    """A served HTML page, with the reload script (and the restart notice when the code changed)."""
    script = f'<script src="{mount}{ASSETS}tai-lai.js" data-phien="{state.version}"></script>'.encode()
    if state.restart:
        script = ('<div class="cchc-preview-banner" role="alert">Mã nguồn đã thay đổi: dừng bản xem trước '
                  '(Ctrl+C) rồi chạy lại <code>cchc serve</code>.</div>').encode() + script
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script
