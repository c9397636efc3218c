"""Every use of MkDocs' or Material's behaviour beyond their documented plugin API, in one place.

Each function says what it relies on; all were checked against the versions in `VERIFIED`, and
tests/build/test_mkdocs_internals.py and tests/unit/test_adapter_internals.py fail when one of these
behaviours changes (run them first after an upgrade; the second also fails while the installed versions
differ from `VERIFIED`, so that someone reads this list again). What the project uses of the documented API (the events, `File.generated`,
`MkDocsConfig.load_file`, templates of a `custom_dir`) is in the decision record
quyet-dinh/0001-mkdocs-het-vong-doi.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from copy import copy
from typing import Any

from jinja2 import BaseLoader, Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date, normalize_url

VERIFIED = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}


# --- MkDocs -------------------------------------------------------------------------------------------

def engine() -> str:
    """The engine of this build and its version: "mkdocs 1.6.1", or "properdocs 1.6.7" when ProperDocs
    stands in for MkDocs (its `properdocs.replacement` makes `import mkdocs` give its own module).
    Both engines use the same installed distributions, so the page cache's salt takes this too."""
    import mkdocs

    return f"{mkdocs.__name__} {getattr(mkdocs, '__version__', '?')}"


_FRONT = "---\n{}\n---\n"


def generated_page(config: MkDocsConfig, src_uri: str, markdown: str) -> File:
    """A generated Markdown page. MkDocs reads a body that starts with "Theo: …" as MultiMarkdown
    metadata and drops that line (`mkdocs.utils.meta.get_data`); an empty YAML front-matter block
    first makes it read the block instead, and keep the body whole."""
    return File.generated(config, src_uri, content=_FRONT + markdown)


class KeptPages:
    """The File and Page objects of the generated pages of the preview's last build, for the next build of the
    same configuration: MkDocs' `build` makes both anew for every page of every build (at 10,000 posts, 12,600
    of each, a sixth of a save: bench/RESULTS.md).

    A File of the same source URI and content is used again as it is: in a build MkDocs sets nothing of it but
    its `page`, its `inclusion` (once, from the configuration) and its cached properties (functions of the
    configuration, the URI and the content); `mark_modified` is set on every build. Its Page is put back as
    MkDocs made it before it was read or rendered (the state `made` takes after `get_navigation`, at
    `on_nav`), with this build's day as `Page.__init__` sets it (`update_date`). Relies on `get_navigation`,
    the populate loop of `build` and `_data_to_navigation` making a Page only for a file without one (a nav
    file's own page is returned as it is)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self._files: dict[str, File] = {}
        # src_uri -> its page's attributes as MkDocs made them, and the names of those that are mutable (a list, a dict)
        self._made: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
        self._used: set[str] = set()
        self._day = ""

    def begin(self) -> None:
        self._used = set()
        self._day = get_build_date()

    def file(self, src_uri: str, markdown: str) -> File:
        """The File of a generated page (as `generated_page` makes it), the last build's when it is the same."""
        self._used.add(src_uri)
        file = self._files.get(src_uri)
        made = self._made.get(src_uri)
        if file is not None and made is not None and file.page is not None and file.content_string == _FRONT + markdown:
            state, mutable = made
            page = file.page
            page.__dict__.clear()
            page.__dict__.update(state)
            for name in mutable:
                page.__dict__[name] = copy(state[name])
            page.update_date = self._day
            return file
        file = self._files[src_uri] = generated_page(self.config, src_uri, markdown)
        self._made.pop(src_uri, None)
        return file

    def made(self) -> None:
        """At `on_nav`, before any page is read: remember the pages MkDocs made in this build; forget the others."""
        for src_uri in [src_uri for src_uri in self._files if src_uri not in self._used]:
            del self._files[src_uri]
            self._made.pop(src_uri, None)
        for src_uri, file in self._files.items():
            if src_uri not in self._made and file.page is not None:
                state = dict(file.page.__dict__)
                self._made[src_uri] = (state, tuple(name for name, value in state.items() if isinstance(value, list | dict | set)))


def _unchanged() -> bool:
    return False


def _changed() -> bool:
    return True


def mark_modified(file: File, modified: bool) -> None:
    """Whether a dirty build (`build(config, dirty=True)`, the preview) renders and writes the file:
    MkDocs asks `file.is_modified()` for each (`mkdocs.commands.build`), and skips the file when it is
    False. An instance attribute; the class's method compares modification times, which generated
    files do not have."""
    file.is_modified = _changed if modified else _unchanged  # type: ignore[method-assign]


def _no_render(config: MkDocsConfig, files: Any) -> None:
    return None


def skip_rendering(page: Page) -> None:
    """A page whose finished HTML is already known (the build cache): MkDocs calls `page.render`
    between `on_page_markdown` and `on_page_content`; this one converts nothing and leaves the page
    empty, and `on_post_page` gives MkDocs the kept HTML to write."""
    page.render = _no_render  # type: ignore[method-assign]
    page.content = ""


def set_rendered_body(page: Page, toc_json: str, anchor_ids: Iterable[str]) -> None:
    """The table of contents and the heading ids of a body the core rendered itself: `page.toc` as
    MkDocs makes it from Python-Markdown's `toc_tokens` (`get_toc`), and `page.present_anchor_ids`,
    which MkDocs' link validation reads (it is set by `Page.render` otherwise)."""
    page.toc = get_toc(json.loads(toc_json))
    page.present_anchor_ids = set(anchor_ids)


def set_update_date(page: Page, day: str) -> None:
    """The `<lastmod>` of the page in MkDocs' sitemap.xml template, which reads `page.update_date`
    (a date "YYYY-MM-DD"; MkDocs sets it from the build's clock otherwise)."""
    page.update_date = day


def relative_url(url: str, page: Page) -> str:
    """A site URL as seen from `page`, as MkDocs' `url` template filter writes it."""
    return str(normalize_url(url, page))


class _ListedLoader(BaseLoader):
    """A template loader whose list of templates is read once (MkDocs lists the theme's files,
    thousands of Material's icons, in every `get_env`)."""

    def __init__(self, loader: BaseLoader) -> None:
        self.loader = loader
        self._listed: list[str] | None = None

    def get_source(self, environment: Any, template: str) -> Any:
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        if self._listed is None:
            self._listed = self.loader.list_templates()
        return self._listed


def keep_theme_environment(config: MkDocsConfig) -> Callable[[], None]:
    """Keep the theme's Jinja environment (compiled templates, the list of the theme's files) from
    build to build of this configuration: MkDocs' `build` calls `config.theme.get_env()` once per
    build and would make a new one each time. Replaces `get_env` on this Theme instance; returns a
    function that forgets the kept environment (a template changed)."""
    theme = config.theme
    make_env = theme.get_env
    kept: list[Any] = []

    def get_env() -> Any:
        if not kept:
            env = make_env()
            assert env.loader is not None  # MkDocs' theme environment always has its loader
            env.loader = _ListedLoader(env.loader)
            kept.append(env)
        return kept[0]

    theme.get_env = get_env  # type: ignore[method-assign]
    return kept.clear


# --- Material -----------------------------------------------------------------------------------------

def theme_translations(env: Environment, language: str) -> Callable[[EvalContext, str], str]:
    """Material's `lang.t(key)` (partials/language.html, which overrides/partials/language.html replaces
    with this): the string of `language` for `key` (partials/languages/<language>.html), else English's,
    else the key. Each key is looked up once through those macros, which make their whole table again at
    every call, about fifteen times a page. Like the macro, it gives Markup where the caller autoescapes."""
    own = env.get_template(f"partials/languages/{language}.html").module
    fallback = env.get_template("partials/languages/en.html").module
    found: dict[str, str] = {}

    @pass_eval_context
    def translate(eval_ctx: EvalContext, key: str) -> str:
        text = found.get(key)
        if text is None:
            text = found[key] = str(own.t(key) or fallback.t(key) or key)  # type: ignore[attr-defined]
        return Markup(text) if eval_ctx.autoescape else text

    return translate


# Material's base.html gives its two menu checkboxes `autocomplete="off"` (to stop Firefox restoring an
# open drawer on "back"); HTML allows the attribute only on text-like inputs, so the Nu HTML Checker
# rejects every page. The tags are written outside any template block a custom_dir could override.
_TOGGLES = tuple(
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">'
    for name in ("drawer", "search")
)


def drop_checkbox_autocomplete(html: str) -> str:
    for tag in _TOGGLES:
        html = html.replace(tag, tag.replace(' autocomplete="off"', ""))
    return html
