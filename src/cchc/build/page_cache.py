"""What a full build (`cchc build`, `cchc publish`, `mkdocs build`) keeps for the next one, in
`.cache/cchc/`: the finished HTML of every generated page, by the digest of its inputs, and the
search index, by the digests of the pages it is made from. A page whose inputs did not change is
written from the cache instead of being rendered again.

A page's key is the digest of what its context holds (cchc.build.digests), and the salt of the cache
is the digest of every input kind the declaration marks as shared by all pages (cchc.build.inputs:
plans, data files, docs/, templates, configuration, code, the environment and every installed
distribution's version): a change to any of them renders every page again.
"""

from __future__ import annotations

from collections.abc import Iterable

from cchc.build import inputs
from cchc.build.digests import page_digest
from cchc.cache.disk import DiskCache, digest
from cchc.content.settings import Settings
from cchc.outputs.pages import PageSpec
from cchc.site.linking import Site


class BuildCache:
    def __init__(self, settings: Settings, site: Site, *, preview: bool, engine: str) -> None:
        """`engine`: what renders the pages (MkDocs or a stand-in for it, and its version)."""
        self.site = site
        salt = digest(
            engine, "preview" if preview else "site", settings.site_name, settings.site_url, repr(settings.options), repr(site.plans),
            inputs.shared_digest(settings),
        )
        self.pages = DiskCache(settings.root, "pages", salt)
        self.search = DiskCache(settings.root, "search", salt)
        self.used: list[str] = []

    def page_key(self, spec: PageSpec) -> str:
        key = page_digest(spec, self.site)
        self.used.append(key)
        return key

    def kept_page(self, key: str) -> str | None:
        data = self.pages.get_bytes(key)
        return data.decode("utf-8") if data is not None else None

    def keep_page(self, key: str, html: str) -> None:
        self.pages.put_bytes(key, html.encode("utf-8"))

    def search_key(self, post_keys: Iterable[str]) -> str:
        return digest(*post_keys)

    def done(self) -> None:
        """After a full build: only what it used stays (the cache does not grow with every publish)."""
        self.pages.keep_only(self.used)
