"""MkDocs adapter: wires build events to the `cchc` core. No domain logic here.

Two ways of building. `mkdocs build` / `cchc build`: every page, once; a page whose inputs are those
of a page of an earlier build is written from the build cache (src/cchc/build/page_cache.py) instead of
being rendered again, and so is the search index. The preview `cchc serve`
activates an `incremental.Session` and asks MkDocs for "dirty" builds: each generated file says
whether it changed (`File.is_modified`, from the digest of its inputs), so MkDocs renders and writes
only those, and the session keeps what the next build needs (files read, digests, search index).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, PackageLoader
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

from cchc import clock, dates, urls
from cchc.adapter.internals import drop_checkbox_autocomplete
from cchc.build import incremental
from cchc.build.page_cache import BuildCache
from cchc.build.pipeline import Build, plan_build
from cchc.content.settings import Settings, read_settings
from cchc.gopy.config import service_config
from cchc.gopy.pages import form_context
from cchc.model import newest_update
from cchc.outputs.pages import Context, PageSpec, home_context, site_nav
from cchc.problems import ContentError
from cchc.render.templating import ProjectUndefined
from cchc.search.index import INDEX_DIR, SearchIndexError, write_index_files
from cchc.search.process import BackgroundIndex

# Content warnings go to a logger of their own, outside the `mkdocs` hierarchy: shown in the output of
# `mkdocs build` and `serve`, never counted by `--strict` (a warning does not fail the build).
_warnings = logging.getLogger("cchc.content")
if not _warnings.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(message)s"))
    _warnings.addHandler(_handler)
    _warnings.propagate = False

_preview = False
_build: Build | None = None
_settings: Settings | None = None
_pages: dict[str, PageSpec] = {}
_search: BackgroundIndex | None = None
_session: incremental.Session | None = None  # the preview's, when `cchc serve` drives the builds
_cache: BuildCache | None = None  # a full build's
_keys: dict[str, str] = {}  # page src_uri -> its key in the cache
_kept: dict[str, str] = {}  # src_uri -> the kept HTML of a page being written from the cache
_search_key = ""
_search_kept: dict[str, bytes] | None = None
_fragments: dict[tuple[Any, ...], Any] = {}  # the tabs and navigation as rendered this build (nav_once)
KEPT_TEMPLATE = "cchc-kept.html"


def on_startup(command: str, dirty: bool) -> None:
    global _preview
    _preview = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate everything before MkDocs cleans site/: a bad post leaves it untouched."""
    global _build, _pages, _settings, _session, _cache, _keys
    _session = incremental.active() if _preview else None
    try:
        _settings = settings = read_settings(config, config_file=Path(config.config_file_path))
        memo = _session.memo_for(settings) if _session else None
        _build = plan_build(settings, now=clock.now(), preview=_preview, memo=memo)
    except ContentError as error:
        if _session:
            _session.failed(error.problems)
        sys.stderr.write(f"{error}\n")
        raise PluginError(f"Nội dung hoặc cấu hình có {len(error.problems)} lỗi (liệt kê ở trên); trang chưa được xây dựng.") from None
    except clock.ClockError as error:
        raise PluginError(str(error)) from None
    # The preview says each warning once, when it appears; a build says them all.
    for warning in _session.new_warnings(_build.warnings) if _session else _build.warnings:
        _warnings.warning(str(warning))
    _pages = {spec.src_uri: spec for spec in _build.pages}
    _cache = None if _session else BuildCache(settings, _build.site, preview=_preview)
    _keys = {spec.src_uri: _cache.page_key(spec) for spec in _build.pages} if _cache else {}
    config.nav = site_nav()
    # The agency's logo is also the tab's icon (one file, cached once), instead of Material's.
    config.theme["favicon"] = settings.agency.logo_url
    return config


def _unchanged() -> bool:
    return False


def _changed() -> bool:
    return True


def _add(files: Files, file: File, changed: bool) -> None:
    if _session:
        _session.wrote([file.dest_uri])
        if not changed:
            file.is_modified = _unchanged  # type: ignore[method-assign]  # the dirty build skips it
    files.append(file)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None and _settings is not None
    site = _build.site
    if _session:
        _session.start(_settings, site)
    for spec in _build.pages:
        # An empty front matter block first: otherwise MkDocs would read a body that
        # starts with "Theo: …" as MultiMarkdown metadata and drop that line.
        file = File.generated(config, spec.src_uri, content="---\n{}\n---\n" + spec.content)
        _add(files, file, _session.page_changed(spec, site) if _session else True)
    home = files.get_file_from_path("index.md")
    if _session and home is not None and _session.page_changed(_home_spec(), site):
        # The home page is a file of docs/ that shows the latest posts: changed with them or with its file.
        home.is_modified = _changed  # type: ignore[method-assign]
    for post in site.posts:
        for asset in post.assets:  # copied when its source is newer than the copy (MkDocs' own rule)
            _add(files, File.generated(config, post.url + asset, abs_src_path=str(post.source.parent / asset)), True)
    for path, content in sorted(_build.files.items()):
        _add(files, File.generated(config, path, content=content), _session.file_changed(path, content) if _session else True)
    # The feeds were rendered in on_config with everything else that can fail on content (MkDocs has
    # cleaned site/ by now); the preview's session only tells which of them changed.
    for feed in _build.feeds:
        rendered = _build.feed_files[feed.path]
        data, changed = _session.feed(feed, site, partial(bytes, rendered)) if _session else (rendered, True)
        _add(files, File.generated(config, feed.path, content=data), changed)
    return files


def _home_spec() -> PageSpec:
    assert _build is not None and _settings is not None
    return PageSpec("index.md", "home", "", home_context(_build.site, latest=_settings.options.home_latest))


def _no_render(config: MkDocsConfig, files: Files) -> None:
    return None


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """A page with the inputs of a page of an earlier build is written from the cache: nothing to render."""
    key = _keys.get(page.file.src_uri)
    kept = _cache.kept_page(key) if _cache and key else None
    if kept is not None:
        _kept[page.file.src_uri] = kept
        page.render = _no_render  # type: ignore[method-assign]
        page.content = ""
    return page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    spec = _pages.get(page.file.src_uri)
    if page.file.src_uri in _kept:
        page.meta["template"] = KEPT_TEMPLATE
    elif spec is not None:
        page.meta["template"] = spec.template
        # Material prints the title unescaped; a title is text, so escape it once here.
        page.meta["title"] = escape(spec.title)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    spec = _pages.get(page.file.src_uri)
    if page.file.src_uri in _kept:
        return html
    if spec is not None and spec.body is not None:
        # A post body the core rendered while validating it (cchc.render.markdown): its page has no
        # Markdown for MkDocs, so the body is parsed once per build, and not at all when cached.
        html = spec.body.html
        page.toc = get_toc(json.loads(spec.body.toc_json))
        page.present_anchor_ids = set(spec.body.facts.ids)
    if _search is not None:
        _search.add_content(page.file.dest_uri, html)
    return html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.undefined = ProjectUndefined
    env.filters["vi_date"] = dates.format_short
    env.filters["formal_date"] = dates.format_formal
    env.filters["iso_date"] = dates.format_iso
    # The footer of every page (404 included) shows the agency, so it is a global, not page context.
    assert _settings is not None and _build is not None
    env.globals["cchc_agency"] = _settings.agency
    env.globals["cchc_urls"] = urls.LINKS
    # The question and rating forms are the feedback service's own templates: one source for both.
    env.loader = ChoiceLoader([env.loader, PackageLoader("cchc.gopy")])
    env.globals["cchc_feedback"] = form_context(service_config(_settings))
    # A staging copy (cchc publish --staging) marks every page and the feeds.
    env.globals["cchc_staging"] = _settings.options.staging
    env.globals["cchc_nav_once"] = nav_once
    # Dates in the sitemap come from the content, never from the clock; set on every page (a dirty
    # build renders only some of them, and the sitemap lists them all).
    newest = newest_update(_build.site.posts)
    for file in files.documentation_pages():
        spec = _pages.get(file.src_uri)
        updated = spec.updated if spec is not None else newest
        if file.page is not None and updated is not None:
            file.page.update_date = updated.astimezone(dates.LOCAL_TZ).date().isoformat()
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    assert _build is not None and _settings is not None
    spec = _pages.get(page.file.src_uri)
    if spec is not None:
        context["cchc"] = spec.context
    elif page.file.src_uri == "index.md":
        context["cchc"] = home_context(_build.site, latest=_settings.options.home_latest)
    else:
        context["cchc"] = Context(site=_build.site)
    return context


def nav_once(kind: str, page: Page | None, nav: Navigation | None, section: str | None, caller: Callable[[], Any]) -> Any:
    """The tabs or the navigation (overrides/partials/tabs.html, nav.html) of a page that is not in the
    nav, as rendered for an earlier such page of this build when they show them alike: the same section,
    the same relative address of every entry, logo and assets. Rendered twice for every page, they were
    a third of a post page's rendering; with 1,000 posts they are now rendered a few times."""
    if page is None or nav is None or page in nav.pages or any(getattr(item, "active", False) for item in _nav_items(nav.items)):
        return caller()  # the page's own entry is marked: as Material renders it
    key = (kind, section, normalize_url("assets/", page),
           *(normalize_url(item.url, page) for item in _nav_items(nav.items) if getattr(item, "url", None) is not None))
    if key not in _fragments:
        _fragments[key] = caller()
    return _fragments[key]


def _nav_items(items: list[Any]) -> list[Any]:
    return [found for item in items for found in (item, *_nav_items(getattr(item, "children", None) or []))]


def on_pre_build(config: MkDocsConfig) -> None:
    """The search index is made beside the build, from the pages it writes (src/cchc/search/process.py);
    the preview keeps its own, page by page (src/cchc/search/live.py)."""
    global _search, _search_key, _search_kept
    _fragments.clear()
    _close_search()
    assert _build is not None
    if _session is None:
        assert _cache is not None
        # The index is made from the searched pages (posts, answers, plans, tasks; PageSpec.searched): kept with them
        # when none of them changed.
        searched = [spec.src_uri for spec in _build.pages if spec.searched is not None]
        _search_key = _cache.search_key(_keys[uri] for uri in searched)
        _search_kept = _cache.search.get_tree(_search_key)
        if _search_kept is None:
            # Their templates mark what is searched (data-search-body); the build writes them first (views.all_pages).
            _search = BackgroundIndex(Path(config.site_dir), expected=len(searched))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    kept = _kept.pop(page.file.src_uri, None)
    if kept is not None:
        output = kept
    else:
        output = drop_checkbox_autocomplete(output)
        key = _keys.get(page.file.src_uri)
        if _cache is not None and key is not None:
            _cache.keep_page(key, output)
    if output.strip():  # MkDocs writes no file for an empty page
        if _search is not None:
            _search.add(page.file.dest_uri, output)
        if _session is not None:
            _session.search.put(page.file.dest_uri.removesuffix("index.html"), output.encode("utf-8", errors="xmlcharrefreplace"))
    return output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return drop_checkbox_autocomplete(output_content)  # 404.html is a template, not a page


def on_post_build(config: MkDocsConfig) -> None:
    """The search index of the built searched pages (their templates mark what is searched); in the
    preview, the outputs of pages that are gone are removed."""
    global _search
    if _session is not None:
        _session.finish(Path(config.site_dir))
        return
    site_dir = Path(config.site_dir)
    search, _search = _search, None
    if _search_kept is not None:
        write_index_files(site_dir, _search_kept)
    else:
        assert search is not None
        try:
            search.finish()
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
    if _cache is not None:
        if _search_kept is None:
            index = site_dir / INDEX_DIR
            _cache.search.put_tree(_search_key, {path.relative_to(index).as_posix(): path.read_bytes()
                                                 for path in index.rglob("*") if path.is_file()})
        _cache.search.keep_only([_search_key])
        _cache.done()


def on_build_error(error: Exception) -> None:
    _close_search()


def _close_search() -> None:
    global _search
    if _search is not None:
        _search.close()
        _search = None
