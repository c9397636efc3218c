"""The MkDocs side of a build: MkDocs' events, each handing over to the core. No domain logic here.

`hooks/cchc_hooks.py` (named by mkdocs.yml `hooks:`) makes one `CchcPlugin` and forwards every
event to it. MkDocs 1.6 loads a hooks file once per process (its `Hooks` option caches the module),
so one plugin serves every build of a process; what a build needs lives in a `_Run` made in
`on_config` and dropped at the end, and nothing is kept between builds but what `on_startup` says
(the command) and the preview's session, which `cchc serve` hands over for each of its builds
(`previewing`).

Two ways of building. `mkdocs build` / `cchc build`: every page, once; a page whose inputs are those
of a page of an earlier build is written from the build cache (`cchc.build.page_cache`) instead of
being rendered again, and so is the search index. The preview: "dirty" builds in which each
generated file says whether it changed (from the digest of its inputs, `cchc.build.incremental`), so
MkDocs renders and writes only those, and the session keeps what the next build needs.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

from jinja2 import ChoiceLoader, PackageLoader
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from cchc import clock, dates, urls
from cchc.adapter import internals
from cchc.build.incremental import Session
from cchc.build.memory import release_freed
from cchc.build.page_cache import BuildCache
from cchc.build.pipeline import Build, plan_build
from cchc.content.settings import Settings, read_settings
from cchc.gopy.config import service_config
from cchc.gopy.pages import form_context
from cchc.outputs.pages import Context, PageSpec, home_context, site_nav
from cchc.problems import ContentError
from cchc.render.images import picture_tags
from cchc.render.templating import ProjectUndefined
from cchc.search.index import INDEX_DIR, SearchIndexError, write_index_files
from cchc.search.process import BackgroundIndex

KEPT_TEMPLATE = "cchc-kept.html"


def _content_log() -> logging.Logger:
    """Content warnings go to a logger of their own, outside the `mkdocs` hierarchy: shown in the output
    of `mkdocs build` and `serve`, never counted by `--strict` (a warning does not fail the build)."""
    log = logging.getLogger("cchc.content")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False
    return log


@dataclass
class _Run:
    """One build's state, from `on_config` to `on_post_build` (or `on_build_error`)."""

    build: Build
    settings: Settings
    session: Session | None  # the preview's, in a build that `cchc serve` drives
    cache: BuildCache | None  # a full build's
    pages: dict[str, PageSpec]  # by src_uri
    keys: dict[str, str]  # page src_uri -> its key in the cache
    kept: dict[str, str] = field(default_factory=dict)  # src_uri -> the kept HTML of a page written from the cache
    search: BackgroundIndex | None = None
    search_key: str = ""
    search_kept: dict[str, bytes] | None = None
    fragments: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # the tabs and navigation rendered (nav_once)
    nav_keyed: tuple[Page | None, tuple[str, ...] | None] = (None, None)  # the last page nav_once saw, and its key

    def docs_spec(self, src_uri: str) -> PageSpec:
        """What a page of docs/ shows besides its own file: the home page its latest posts, every page the side
        column's answers. Its digest tells the preview when to render it again (its file MkDocs itself watches)."""
        if src_uri == "index.md":
            spec = PageSpec(src_uri, "home", "", home_context(self.build.site, latest=self.settings.options.home_latest))
        else:
            spec = PageSpec(src_uri, "docs", "", Context())
        return spec.beside(self.build.latest_answers)

    def add(self, files: Files, file: File, changed: bool, *, kept: bool = False) -> None:
        """`kept`: a File of the last build (internals.KeptPages), marked either way."""
        if self.session:
            self.session.wrote([file.dest_uri])
            if not changed or kept:
                internals.mark_modified(file, changed)  # the dirty build skips it when unchanged
        files.append(file)

    def nav_once(self, kind: str, page: Page | None, nav: Navigation | None, section: str | None, caller: Callable[[], Any]) -> Any:
        """The tabs or the navigation (overrides/partials/tabs.html, nav.html) of a page that is not in the
        nav, as rendered for an earlier such page of this build when they show them alike: the same section,
        the same relative address of every entry, logo and assets (a post page renders them once per
        section and relative depth, not once per page)."""
        if page is None or nav is None:
            return caller()
        if self.nav_keyed[0] is not page:  # the tabs and the navigation of a page ask alike: worked out once
            self.nav_keyed = (page, _nav_key(page, nav))
        addresses = self.nav_keyed[1]
        if addresses is None:
            return caller()  # the page's own entry is marked: as Material renders it
        key = (kind, section, *addresses)
        if key not in self.fragments:
            self.fragments[key] = caller()
        return self.fragments[key]

    def close_search(self) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None


def _has_service_templates(loader: Any) -> bool:
    return isinstance(loader, ChoiceLoader) and any(
        isinstance(item, PackageLoader) and item.package_name == "cchc.gopy" for item in loader.loaders)


def _nav_key(page: Page, nav: Navigation) -> tuple[str, ...] | None:
    """What the tabs and navigation of a page not in the nav depend on: the relative address of the assets
    and of every entry. None: a page of the nav, or one whose entry is marked."""
    items = _nav_items(nav.items)
    if page in nav.pages or any(getattr(item, "active", False) for item in items):
        return None
    return (internals.relative_url("assets/", page),
            *(internals.relative_url(item.url, page) for item in items if getattr(item, "url", None) is not None))


def _nav_items(items: list[Any]) -> list[Any]:
    return [found for item in items for found in (item, *_nav_items(getattr(item, "children", None) or []))]


class CchcPlugin(BasePlugin):  # no plugin options of its own: the project's settings are extra.cchc
    def __init__(self) -> None:
        super().__init__()
        self.serving = False  # `mkdocs serve` or `cchc serve`: drafts and scheduled posts are shown
        self.session: Session | None = None  # set by `previewing` for the build under way
        self.run: _Run | None = None
        self.kept: tuple[Session, internals.KeptPages] | None = None  # the preview's, for the session's next build
        self.log = _content_log()

    @contextmanager
    def previewing(self, session: Session) -> Iterator[None]:
        """A build of the preview (`cchc serve`): incremental, with `session`; only for the builds made
        inside this block, so a later plain build in the same process builds everything."""
        self.session = session
        try:
            yield
        finally:
            self.session = None

    def _run(self) -> _Run:
        if self.run is None:
            raise PluginError("Sự kiện MkDocs đến khi chưa đọc cấu hình (on_config chưa chạy).")
        return self.run

    # --- events, in the order MkDocs sends them -------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate everything before MkDocs cleans site/: a bad post leaves it untouched."""
        self._drop_run()  # a build that stopped without on_build_error
        session = self.session
        preview = self.serving or session is not None
        try:
            settings = read_settings(config, config_file=Path(config.config_file_path))
            memo = session.memo_for(settings) if session else None
            build = plan_build(settings, now=clock.now(), preview=preview, memo=memo)
            if session is None:  # a full build: what only reading needed, before the pages are rendered
                release_freed()
        except ContentError as error:
            if session:
                session.failed(error.problems)
            sys.stderr.write(f"{error}\n")
            raise PluginError(f"Nội dung hoặc cấu hình có {len(error.problems)} lỗi (liệt kê ở trên); trang chưa được xây dựng.") from None
        except clock.ClockError as error:
            raise PluginError(str(error)) from None
        # The preview says each warning once, when it appears; a build says them all.
        for warning in session.new_warnings(build.warnings) if session else build.warnings:
            self.log.warning(str(warning))
        cache = None if session else BuildCache(settings, build.site, preview=preview, engine=internals.engine())
        self.run = _Run(build=build, settings=settings, session=session, cache=cache,
                        pages={spec.src_uri: spec for spec in build.pages},
                        keys={spec.src_uri: cache.page_key(spec) for spec in build.pages} if cache else {})
        config.nav = site_nav()
        # The agency's logo is also the tab's icon (one file, cached once), instead of Material's.
        config.theme["favicon"] = settings.agency.logo_url
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """The search index is made beside the build, from the pages it writes (cchc.search.process);
        the preview keeps its own, page by page (cchc.search.live)."""
        run = self._run()
        if run.cache is not None:
            # The index is made from the searched pages (PageSpec.searched): kept with them when none changed.
            searched = [spec.src_uri for spec in run.build.pages if spec.searched is not None]
            run.search_key = run.cache.search_key(run.keys[uri] for uri in searched)
            run.search_kept = run.cache.search.get_tree(run.search_key)
            if run.search_kept is None:
                # Their templates mark what is searched (data-search-body); the build writes them first (all_pages).
                run.search = BackgroundIndex(Path(config.site_dir), expected=len(searched))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        run = self._run()
        site, session = run.build.site, run.session
        if session:
            session.start(run.settings, site)
            for page in files.documentation_pages():  # docs/ only, so far
                # A page of docs/ changes with its file (MkDocs' own rule) or with what it shows besides (docs_spec).
                if page.src_uri not in run.pages and session.page_changed(run.docs_spec(page.src_uri), site):
                    internals.mark_modified(page, True)
        kept = self._kept_pages(session, config)
        for spec in run.build.pages:
            if kept is None:
                run.add(files, internals.generated_page(config, spec.src_uri, spec.content), True)
            else:
                run.add(files, kept.file(spec.src_uri, spec.content), session.page_changed(spec, site) if session else True, kept=True)
        for post in site.posts:
            for asset in post.originals:  # copied when its source is newer than the copy (MkDocs' own rule)
                run.add(files, File.generated(config, post.url + asset, abs_src_path=str(post.source.parent / asset)), True)
            for picture in post.pictures:  # an image shown: its widths, re-encoded without metadata (cchc.render.images)
                for rendition in picture.files:
                    path, data = post.url + rendition.name, run.build.pictures.data(rendition)
                    run.add(files, File.generated(config, path, content=data), session.file_changed(path, data) if session else True)
        for uri, shown in sorted(run.build.docs_pictures.items()):
            # An image of docs/: never as uploaded. Its own name holds its bytes re-encoded without metadata (a
            # logo, a link or a stylesheet may name it; MkDocs writes a File's content when it is set, the
            # documented way), and its widths are published beside it for the <img> of docs/'s pages.
            found = files.get_file_from_path(uri)
            if found is not None:
                data = run.build.pictures.data(shown.original)
                found.content_bytes = data
                if session and not session.file_changed(uri, data):
                    internals.mark_modified(found, False)
            for rendition in shown.picture.files:
                data = run.build.pictures.data(rendition)
                run.add(files, File.generated(config, rendition.name, content=data),
                        session.file_changed(rendition.name, data) if session else True)
        for path, content in sorted(run.build.files.items()):
            run.add(files, File.generated(config, path, content=content), session.file_changed(path, content) if session else True)
        # The feeds were rendered in on_config with everything else that can fail on content (MkDocs has
        # cleaned site/ by now); the preview's session only tells which of them changed.
        for feed in run.build.feeds:
            rendered = run.build.feed_files[feed.path]
            data, changed = session.feed(feed, site, partial(bytes, rendered)) if session else (rendered, True)
            run.add(files, File.generated(config, feed.path, content=data), changed)
        return files

    def _kept_pages(self, session: Session | None, config: MkDocsConfig) -> internals.KeptPages | None:
        """The File and Page objects the session's last build of this configuration made (the preview's only)."""
        if session is None:
            return None
        if self.kept is None or self.kept[0] is not session or self.kept[1].config is not config:
            self.kept = (session, internals.KeptPages(config))
        self.kept[1].begin()
        return self.kept[1]

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """MkDocs has made the pages of this build, and read none yet: the preview keeps them as they are now."""
        run = self._run()
        if run.session is not None and self.kept is not None and self.kept[0] is run.session:
            self.kept[1].made()
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        run = self._run()
        env.undefined = ProjectUndefined
        env.filters["vi_date"] = dates.format_short
        env.filters["formal_date"] = dates.format_formal
        env.filters["iso_date"] = dates.format_iso
        # The footer of every page (404 included) shows the agency, so it is a global, not page context.
        env.globals["cchc_agency"] = run.settings.agency
        # The portals the side column of every desktop page links to (partials/toc.html): settings, like the agency.
        env.globals["cchc_portals"] = run.settings.options.portals
        env.globals["cchc_urls"] = urls.LINKS
        # The question and rating forms are the feedback service's own templates: one source for both. Once per
        # environment: the preview keeps the theme's from build to build (a new loader would compile every
        # template again, as Jinja's cache is by loader, and nest one more loader in each build).
        if not _has_service_templates(env.loader):
            env.loader = ChoiceLoader([env.loader, PackageLoader("cchc.gopy")])
        env.globals["cchc_feedback"] = form_context(service_config(run.settings))
        # A staging copy (cchc publish --staging), or a build without a real address, marks every page and the feeds.
        env.globals["cchc_staging"] = run.settings.staging
        env.globals["cchc_nav_once"] = run.nav_once
        env.globals["cchc_translate"] = internals.theme_translations(env, config.theme["language"])
        # Dates in the sitemap come from the content, never from the clock: a page's own, else (a page of
        # docs/, a page listing nothing dated) the site's newest; set on every page (a dirty build renders
        # only some of them, and the sitemap lists them all).
        newest = run.build.site.newest
        for file in files.documentation_pages():
            spec = run.pages.get(file.src_uri)
            updated = (spec.updated if spec is not None else None) or newest
            if file.page is not None and updated is not None:
                internals.set_update_date(file.page, updated.astimezone(dates.LOCAL_TZ).date().isoformat())
        if run.session is None:
            # What the build holds now (the site, its pages, MkDocs' files) lives until its end: left out of Python's
            # garbage collections while the pages are read and rendered, a full one of which walks all of it (the
            # preview's session does this its own way, cchc.preview.server). Given back in on_post_build.
            gc.freeze()
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A page with the inputs of a page of an earlier build is written from the cache: nothing to render."""
        run = self._run()
        key = run.keys.get(page.file.src_uri)
        kept = run.cache.kept_page(key) if run.cache and key else None
        if kept is not None:
            run.kept[page.file.src_uri] = kept
            internals.skip_rendering(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        run = self._run()
        spec = run.pages.get(page.file.src_uri)
        if page.file.src_uri in run.kept:
            page.meta["template"] = KEPT_TEMPLATE
        elif spec is not None:
            page.meta["template"] = spec.template
            # Material prints the title unescaped; a title is text, so escape it once here.
            page.meta["title"] = escape(spec.title)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        run = self._run()
        spec = run.pages.get(page.file.src_uri)
        if page.file.src_uri in run.kept:
            return html
        if spec is not None and spec.body is not None:
            # A post body the core rendered while validating it (cchc.render.markdown): its page has no
            # Markdown for MkDocs, so the body is parsed once per build, and not at all when cached.
            html = spec.body.html
            internals.set_rendered_body(page, spec.body.toc_json, spec.body.facts.ids)
        elif spec is None and run.build.docs_pictures:
            # A page of docs/, rendered by MkDocs: its <img> of an image of docs/ name that image's widths.
            html = picture_tags(html, {uri: shown.picture for uri, shown in run.build.docs_pictures.items()},
                                key=partial(urls.resolve, page.url))
        if run.search is not None:
            run.search.add_content(page.file.dest_uri, html)
        return html

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        run = self._run()
        spec = run.pages.get(page.file.src_uri)
        ours = cast("dict[str, Any]", context)  # MkDocs' TypedDict names only MkDocs' keys; templates read `cchc` too
        ours["cchc"] = spec.context if spec is not None else run.docs_spec(page.file.src_uri).context
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        run = self._run()
        kept = run.kept.pop(page.file.src_uri, None)
        if kept is not None:
            output = kept
        else:
            output = internals.drop_checkbox_autocomplete(output)
            key = run.keys.get(page.file.src_uri)
            if run.cache is not None and key is not None:
                run.cache.keep_page(key, output)
        if output.strip():  # MkDocs writes no file for an empty page
            if run.search is not None:
                run.search.add(page.file.dest_uri, output)
            if run.session is not None:
                run.session.search.put(page.file.dest_uri.removesuffix("index.html"), output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return internals.drop_checkbox_autocomplete(output_content)  # 404.html is a template, not a page

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The search index of the built searched pages (their templates mark what is searched); in the
        preview, the outputs of pages that are gone are removed."""
        run = self._run()
        self.run = None
        site_dir = Path(config.site_dir)
        if run.session is not None:
            run.session.finish(site_dir)
            return
        gc.unfreeze()
        search, run.search = run.search, None
        if run.search_kept is not None:
            write_index_files(site_dir, run.search_kept)
        else:
            assert search is not None
            try:
                search.finish()
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
        if run.cache is not None:
            if run.search_kept is None:
                index = site_dir / INDEX_DIR
                run.cache.search.put_tree(run.search_key, {path.relative_to(index).as_posix(): path.read_bytes()
                                                           for path in index.rglob("*") if path.is_file()})
            run.cache.search.keep_only([run.search_key])
            run.build.pictures.keep_only_used()
            run.cache.done()

    def on_build_error(self, *, error: Exception) -> None:
        self._drop_run()

    def _drop_run(self) -> None:
        """A build that failed or stopped: its search process ended, Python's collections walk everything again."""
        if self.run is not None:
            self.run.close_search()
            if self.run.session is None:
                gc.unfreeze()
        self.run = None


def project_plugin(config: MkDocsConfig) -> CchcPlugin:
    """The plugin of a loaded configuration: the one its hooks file made (`plugin` in hooks/cchc_hooks.py)."""
    for item in config.plugins.values():
        found = getattr(item, "plugin", item)
        if isinstance(found, CchcPlugin):
            return found
    raise PluginError("mkdocs.yml không nạp hooks/cchc_hooks.py (khóa `hooks:`): trang không dựng được nếu thiếu nó.")
