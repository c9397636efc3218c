"""What a full build (`cchc build`, `cchc publish`, `mkdocs build`) keeps for the next one, in
`.cache/cchc/`: the finished HTML of every generated page, by the digest of its inputs, and the
search index, by the digests of the pages it is made from. A page whose inputs did not change is
written from the cache instead of being rendered again.

A page's key is the digest of what its context holds (cchc.build.digests), and the salt of the cache
covers what every page shares: the settings and plans, the configuration files, the templates (the
theme's custom_dir), the code of the project and the versions of MkDocs, Material, Jinja,
Python-Markdown and pymdown-extensions. Both are lists written by hand: an input they do not name
(another library's version, a data file) can change without changing a key, and the page is then
written as it was until `.cache/` is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from cchc.build.digests import page_digest
from cchc.cache.disk import DiskCache, digest, source_digest
from cchc.content.settings import Settings
from cchc.outputs.pages import PageSpec
from cchc.site.linking import Site

PACKAGE = Path(__file__).resolve().parents[1]  # the whole cchc package
_VERSIONED = ("mkdocs", "mkdocs-material", "Jinja2", "Markdown", "pymdown-extensions")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [item for item in path.rglob("*") if item.is_file() and "__pycache__" not in item.parts]
    return found


class BuildCache:
    def __init__(self, settings: Settings, site: Site, *, preview: bool) -> None:
        self.site = site
        salt = digest(
            "preview" if preview else "site", settings.site_name, settings.site_url, repr(settings.options), repr(site.plans),
            *(f"{name} {_version(name)}" for name in _VERSIONED),
            source_digest(_files([*settings.config_files, *settings.code_inputs, PACKAGE])),
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
