"""Content-Security-Policy for the built site: every inline script, style and event handler of
the pages, their sha256 hashes, and whether an nginx `add_header Content-Security-Policy` allows them."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

# --- Content-Security-Policy: the inline code of the built pages ------------------------------------

_JS_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
}


@dataclass(frozen=True)
class InlineCode:
    """One distinct piece of inline code of the built pages and the CSP source that allows it."""

    kind: Literal["script", "style", "style-attribute", "event-handler"]
    source: str  # 'sha256-…'
    page: str  # the first page (site-relative path) that has it
    text: str

    @property
    def directive(self) -> str:
        return "script-src" if self.kind in ("script", "event-handler") else "style-src"


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


class _InlineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._open: tuple[str, list[str]] | None = None  # (kind, text chunks) inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(("event-handler", value))
        if "style" in values:
            self.found.append(("style-attribute", values["style"]))
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in _JS_TYPES:
            self._open = ("script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag in ("script", "style"):
            self.found.append((self._open[0], "".join(self._open[1])))
            self._open = None


def find_inline_code(site: Path) -> list[InlineCode]:
    """Every distinct inline script (executable: not JSON or JSON-LD data), inline style, style
    attribute and event handler of the built HTML pages, with its CSP hash; sorted."""
    seen: dict[tuple[str, str], InlineCode] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _InlineParser()
        # CR LF is LF for the browser too (HTML input stream preprocessing), so the hash matches.
        parser.feed(page.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n"))
        parser.close()
        for kind, text in parser.found:
            key = (kind, text)
            if key not in seen:
                seen[key] = InlineCode(kind, csp_hash(text), page.relative_to(site).as_posix(), text)  # type: ignore[arg-type]
    return sorted(seen.values(), key=lambda item: (item.directive, item.kind, item.source))


def parse_csp(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


_NGINX_CSP = re.compile(r"""add_header\s+Content-Security-Policy\s+(?:"([^"]*)"|'([^']*)')""")


def nginx_csp(config_text: str) -> str | None:
    """The Content-Security-Policy of an nginx configuration (comments ignored); None if it sets none."""
    text = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("#") else "" for line in config_text.splitlines())
    match = _NGINX_CSP.search(text)
    return (match.group(1) if match.group(1) is not None else match.group(2)) if match else None


def not_allowed(code: Sequence[InlineCode], policy: str) -> list[InlineCode]:
    """The inline code that `policy` blocks (hash sources only; a policy with 'unsafe-inline' is not trusted here)."""
    directives = parse_csp(policy)
    blocked = []
    for item in code:
        sources = directives.get(item.directive, directives.get("default-src", []))
        needs_unsafe_hashes = item.kind in ("style-attribute", "event-handler")
        if item.source not in sources or (needs_unsafe_hashes and "'unsafe-hashes'" not in sources):
            blocked.append(item)
    return blocked


def release_csp_warnings(config_file: Path) -> Callable[[Path], list[str]]:
    """A check for `publish`: inline code of the new build that the CSP of this nginx file would block."""

    def check(site: Path) -> list[str]:
        try:
            policy = nginx_csp(config_file.read_text(encoding="utf-8"))
        except OSError:
            return []
        if policy is None:
            return []
        return [f"{item.page}: {item.kind} nội tuyến {item.source} chưa có trong Content-Security-Policy của "
                f"{config_file}; trình duyệt sẽ chặn nó (chạy cchc csp-hashes để lấy mã băm)"
                for item in not_allowed(find_inline_code(site), policy)]

    return check


# The policy of deploy/nginx/cchc.conf without its hashes: everything from the site itself, nothing inline
# except the hashed pieces of Material's template, no plugins, no framing by other sites.
CSP_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'self'",)),
)


def render_csp(code: Iterable[InlineCode]) -> str:
    """The policy with the hash of every piece of inline code added to its directive."""
    extra: dict[str, list[str]] = {}
    for item in code:
        sources = extra.setdefault(item.directive, [])
        if item.kind in ("style-attribute", "event-handler") and "'unsafe-hashes'" not in sources:
            sources.insert(0, "'unsafe-hashes'")
        if item.source not in sources:
            sources.append(item.source)
    return "; ".join(" ".join([name, *sources, *extra.get(name, [])]) for name, sources in CSP_DIRECTIVES)
