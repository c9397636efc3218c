"""The service's HTML answers for browsers without script: a receipt, the form again with the message
at each field, a short notice. Jinja with autoescape and strict undefined: what a citizen typed is text
on the page, whatever it contains. The form itself is the same template the static `gop-y/` page
includes (templates/form-gop-y.html).

They have the site's look (logo, menu, styles) without the service importing MkDocs: the build writes a
page shell, `bien-nhan/` (overrides/khung-dich-vu.html), whose content sits between two markers; the
service reads that file from the built site's folder (`cchc gop-y chay --trang`, the preview's build) and
puts its own content (templates/result.html) and title there. The shell is one folder deep, like the
service's addresses, so its relative links hold. It is read again when the file changes (every publish
swaps the site, and the names of its hashed assets with it). No shell, or one without the markers: the
service's own plain page (templates/page.html), never an error."""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from cchc import urls
from cchc.gopy.clean import LIMITS
from cchc.gopy.config import ServiceConfig


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("cchc.gopy"), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class FeedbackForm:
    """`feedback` in the form templates (`cchc_feedback` on the static pages): where the forms post
    and what they say, for the service and the static pages alike."""

    action: str
    rating_action: str
    limits: Mapping[str, int]  # characters per field
    hotline: str
    agency_name: str
    retention_days: int
    answers_url: str  # an absolute path: the service's pages are not under the static site's folders


def form_context(settings: ServiceConfig) -> FeedbackForm:
    return FeedbackForm(action=settings.question_endpoint, rating_action=settings.rating_endpoint,
                        limits={**LIMITS, "noi_dung": settings.max_content}, hotline=settings.hotline,
                        agency_name=settings.agency_name, retention_days=settings.retention_days,
                        answers_url=settings.base_path + urls.ANSWERS)


OPEN, CLOSE = "<!--cchc:noi-dung-->", "<!--/cchc:noi-dung-->"  # around the shell's content (khung-dich-vu.html)
_TITLE = ("<title>", "</title>")
log = logging.getLogger("cchc.gopy")


@dataclass(frozen=True)
class Shell:
    """A built page cut where the service's title and content go."""

    before_title: str
    between: str  # from the end of the title to the content
    after: str

    def fill(self, title: str, content: str) -> str:
        return f"{self.before_title}{html.escape(title)}{self.between}{content}{self.after}"


def parse_shell(text: str, *, site_name: str) -> Shell | None:
    """The shell of a built page, or None when it is not one (no title, no markers, markers twice)."""
    if text.count(OPEN) != 1 or text.count(CLOSE) != 1 or text.count(_TITLE[0]) != 1:
        return None
    head, rest = text.split(_TITLE[0])
    title_end = rest.find(_TITLE[1])
    start, end = rest.find(OPEN), rest.find(CLOSE)
    if not 0 <= title_end < start < end:
        return None
    suffix = f" – {html.escape(site_name)}"
    return Shell(head + _TITLE[0], suffix + rest[title_end:start + len(OPEN)], rest[end:])


class ShellFile:
    """The shell read from its file, again whenever the file (or the symlink swapped by a publish) changes."""

    def __init__(self, path: Path | None, site_name: str) -> None:
        self.path = path
        self.site_name = site_name
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._shell: Shell | None = None

    def get(self) -> Shell | None:
        if self.path is None:
            return None
        try:
            info = self.path.stat()
            key = (info.st_ino, info.st_mtime_ns, info.st_size)
            with self._lock:
                if key != self._seen:
                    self._shell = parse_shell(self.path.read_text(encoding="utf-8"), site_name=self.site_name)
                    self._seen = key
                    if self._shell is None:
                        log.warning("khung trang %s không có chỗ cho nội dung: dùng trang riêng của dịch vụ", self.path)
                return self._shell
        except (OSError, UnicodeDecodeError):
            return None  # no site built there (yet): the service's own page


_shells: dict[tuple[Path | None, str], ShellFile] = {}
_shells_lock = threading.Lock()


def shell_of(settings: ServiceConfig) -> ShellFile:
    with _shells_lock:
        return _shells.setdefault((settings.page_shell, settings.agency_name), ShellFile(settings.page_shell, settings.agency_name))


def render_page(settings: ServiceConfig, *, title: str, message: str = "", code: str = "", answer_url: str = "",
                form: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None,
                back: str = "") -> str:
    content = environment().get_template("result.html").render(
        base=settings.base_path, title=title, message=message, code=code, answer_url=answer_url,
        show_form=form is not None, values=dict(form or {}), errors=dict(errors or {}), back=back,
        feedback=form_context(settings),
    )
    shell = shell_of(settings).get()
    if shell is not None:
        return shell.fill(title, content)
    return environment().get_template("page.html").render(base=settings.base_path, title=title, content=Markup(content),
                                                          feedback=form_context(settings))
