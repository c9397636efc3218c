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
from typing import Any

from jinja2 import BaseLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

VERIFIED = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}


# --- MkDocs -------------------------------------------------------------------------------------------

def engine() -> str:
    """The engine of this build and its version: "mkdocs 1.6.1", or "properdocs 1.6.7" when ProperDocs
    stands in for MkDocs (its `properdocs.replacement` makes `import mkdocs` give its own module).
    Both engines use the same installed distributions, so the page cache's salt takes this too."""
    import mkdocs

    return f"{mkdocs.__name__} {getattr(mkdocs, '__version__', '?')}"


def generated_page(config: MkDocsConfig, src_uri: str, markdown: str) -> File:
    """A generated Markdown page. MkDocs reads a body that starts with "Theo: …" as MultiMarkdown
    metadata and drops that line (`mkdocs.utils.meta.get_data`); an empty YAML front-matter block
    first makes it read the block instead, and keep the body whole."""
    return File.generated(config, src_uri, content="---\n{}\n---\n" + markdown)


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
