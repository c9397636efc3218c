"""Which pages and files a preview build must write again: those whose digest of inputs changed
(src/cchc/build/digests.py); a change to what every page shares (plans, settings) renders them all.

The preview (`cchc serve`) keeps a `Session` between builds: only files read since the last build
are read again (ContentMemo), the page specs made of the same inputs as in the last build are its very
objects (ContentMemo.made) and keep their digests (PageDigests), only pages whose digest changed are
rendered again, feeds whose digest is unchanged keep their bytes, and the outputs of pages that are
gone are removed. Whatever is kept is invalidated through the declaration of inputs only: a file read
again by its stat key, an object made again when an input is a new object, everything when what every
page shares changes (cchc.build.inputs.shared_digest, the salt).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cchc.build import inputs
from cchc.build.digests import PageDigests, feed_digest
from cchc.build.pipeline import ContentMemo
from cchc.cache.disk import digest
from cchc.content.settings import Settings
from cchc.outputs.feeds import FeedSpec
from cchc.outputs.pages import PageSpec
from cchc.problems import Problem
from cchc.render.time_limit import Isolated
from cchc.search.live import LiveIndex
from cchc.site.linking import Site


@dataclass
class Written:
    """What one build wrote: page digests by source URI, feed bytes by path with their digest."""

    shared: str = ""  # digest of what every page shares (plans, settings)
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # other generated files (CSV): digest of the bytes
    feeds: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)  # every file written for the project's pages, feeds, assets


class Session:
    """The preview's memory of its last successful build (`cchc serve` makes one and hands it to each build)."""

    def __init__(self) -> None:
        # The preview builds in a thread, where no signal bounds Python-Markdown's time: a process does,
        # one for the session (a new one per save would cost most of the second a save may take),
        # replaced only after it was killed for taking too long (cchc.render.time_limit.Isolated).
        self.markdown = Isolated(preload="cchc.render.markdown")
        self.memo: ContentMemo | None = None
        self.search = LiveIndex()
        self.digests = PageDigests()  # of the specs the memo keeps (ContentMemo.made)
        self.last: Written | None = None
        self.current = Written()
        self.problems: list[Problem] = []  # the errors of the last build, when it failed
        self.builds = 0  # successful builds so far
        self.everything = False  # the build under way (or the last) renders every page: nothing of the last holds
        self.outputs: set[str] = set()  # what the last successful build left in the site folder
        self._warned: set[Problem] = set()

    def memo_for(self, settings: Settings) -> ContentMemo:
        if self.memo is None or self.memo.settings != settings:
            self.memo = ContentMemo.of(settings, self.markdown)
            self.last = None  # other settings: nothing of the last build holds
        return self.memo

    def close(self) -> None:
        """End the session's Markdown process."""
        self.markdown.close()

    def reset(self) -> None:
        """The next build renders everything (a template, the configuration or a plan changed)."""
        self.last = None

    def start(self, settings: Settings, site: Site) -> None:
        files = self.memo.shared if self.memo is not None and self.memo.shared else inputs.shared_digest(settings)
        shared = digest(repr(settings.options), settings.site_name, settings.site_url, repr(site.plans), files)
        if self.last is not None and self.last.shared != shared:
            self.last = None
        self.everything = self.last is None
        self.current = Written(shared=shared)
        self.digests.begin()

    def page_changed(self, spec: PageSpec, site: Site) -> bool:
        value = self.digests.digest(spec, site)
        self.current.pages[spec.src_uri] = value
        return self.last is None or self.last.pages.get(spec.src_uri) != value

    def file_changed(self, path: str, content: bytes) -> bool:
        value = digest(content)
        self.current.files[path] = value
        return self.last is None or self.last.files.get(path) != value

    def feed(self, spec: FeedSpec, site: Site, render: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The feed's bytes, rendered again only when its digest changed; and whether it changed."""
        value = feed_digest(spec, site)
        kept = self.last.feeds.get(spec.path) if self.last else None
        data = kept[1] if kept is not None and kept[0] == value else render()
        self.current.feeds[spec.path] = (value, data)
        return data, kept is None or kept[0] != value

    def wrote(self, paths: Iterable[str]) -> None:
        self.current.outputs.update(paths)

    def new_warnings(self, warnings: Iterable[Problem]) -> list[Problem]:
        """The warnings not shown by the last build (the terminal is not flooded on every save)."""
        now = set(warnings)
        new, self._warned = sorted(now - self._warned), now
        return new

    def failed(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))

    def finish(self, site_dir: Path) -> None:
        """This build succeeded: remove the outputs of pages that are gone, remember it as the last."""
        for url in list(self.search.urls()):
            if f"{url}index.html" not in self.current.outputs:
                self.search.remove(url)
        for path in sorted(self.outputs - self.current.outputs):
            target = site_dir / path
            target.unlink(missing_ok=True)
            for folder in target.parents:  # a full build cleaned the folder first: some are gone already
                if folder == site_dir or not folder.is_relative_to(site_dir) or (folder.is_dir() and any(folder.iterdir())):
                    break
                if folder.is_dir():
                    folder.rmdir()
        self.last = self.current
        self.digests.end()
        self.outputs = self.current.outputs
        self.problems = []
        self.builds += 1

