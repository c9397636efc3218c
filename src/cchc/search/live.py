"""The search index of the preview: kept in memory, changed page by page, served by the preview server.

A full build writes the index files once (src/cchc/search/index.py). In the preview a saved post changes
only its own entry here, and the files are made when the search page asks for them: the same bytes
a full build of the same pages writes (tests/build/test_preview_build.py compares them), at the cost of
the shards asked for rather than of the whole index on every save.

Postings are kept by a stable key per page, not by the page's id (its place in the newest-first
order), so a new post or a changed date does not touch every posting: ids are given when a shard
is written. Each term's keys are in ascending order, so a saved page's entries are found by bisection
(a post's thousand terms, each in up to every page, were slow to find one by one: bench/RESULTS.md).
Terms are kept in buckets by their hash modulo MAX_SHARDS; a shard is a set of buckets (shard counts
are powers of two that divide MAX_SHARDS).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict

from cchc.search.index import (
    MAX_SHARDS,
    TYPO_FILE,
    SearchPage,
    compress_json,
    document_file,
    fnv1a,
    meta_file,
    page_digest,
    page_length,
    page_terms,
    read_page,
    shard_for,
    typo_file,
)


class LiveIndex:
    def __init__(self) -> None:
        self._pages: dict[str, SearchPage] = {}  # by URL
        self._digests: dict[str, str] = {}  # by URL
        self._lengths: dict[str, int] = {}  # by URL
        self._terms: dict[str, tuple[str, ...]] = {}  # by URL
        self._keys: dict[str, int] = {}  # URL -> stable key
        self._postings: dict[str, tuple[array[int], array[int]]] = {}  # term -> (keys, weights)
        self._buckets: dict[int, set[str]] = defaultdict(set)  # fnv1a(term) % MAX_SHARDS -> terms
        self._entries = 0
        self._order: list[str] | None = None  # URLs newest first, made on demand
        self._files: dict[str, bytes] = {}  # made on demand, dropped on any change

    def __len__(self) -> int:
        return len(self._pages)

    def put(self, url: str, html: bytes) -> None:
        """A page the preview has just written (a page not marked for search is not in the index)."""
        page = read_page(html, url)
        if page is None:
            self.remove(url)
            return
        if self._pages.get(url) == page:
            return
        self.remove(url)
        key = self._keys.setdefault(url, len(self._keys))
        terms = page_terms(page)
        for term, weight in terms.items():
            entry = self._postings.get(term)
            if entry is None:
                entry = self._postings[term] = (array("i"), array("i"))
                self._buckets[fnv1a(term) % MAX_SHARDS].add(term)
            keys, weights = entry
            if not keys or keys[-1] < key:
                keys.append(key)
                weights.append(weight)
            else:
                at = bisect_left(keys, key)
                keys.insert(at, key)
                weights.insert(at, weight)
        self._entries += len(terms)
        self._pages[url], self._digests[url], self._terms[url] = page, page_digest(page), tuple(terms)
        self._lengths[url] = page_length(page)
        self._changed()

    def remove(self, url: str) -> None:
        if self._pages.pop(url, None) is None:
            return
        del self._digests[url], self._lengths[url]
        key = self._keys[url]
        terms = self._terms.pop(url)
        for term in terms:
            keys, weights = self._postings[term]
            at = bisect_left(keys, key)
            del keys[at]
            del weights[at]
            if not keys:
                del self._postings[term]
                self._buckets[fnv1a(term) % MAX_SHARDS].discard(term)
        self._entries -= len(terms)
        self._changed()

    def _changed(self) -> None:
        self._order = None
        self._files.clear()

    def urls(self) -> list[str]:
        if self._order is None:
            self._order = [page.url for page in sorted(self._pages.values(), key=SearchPage.sort_key)]
        return self._order

    def file(self, name: str) -> bytes | None:
        """One file of the index (`meta.json`, `typo.bin`, `t/<n>.bin`, `d/<id>.bin`), as a full build writes it."""
        if name not in self._files:
            made = self._make(name)
            if made is None:
                return None
            self._files[name] = made
        return self._files[name]

    def _make(self, name: str) -> bytes | None:
        urls = self.urls()
        shards = shard_for(self._entries)
        if name == "meta.json":
            return meta_file(shards, [self._digests[url] for url in urls], [self._lengths[url] for url in urls])
        if name == TYPO_FILE:
            return typo_file(self._postings)
        folder, _, file = name.partition("/")
        number = file.removesuffix(".bin")
        if not number.isdigit() or not file.endswith(".bin"):
            return None
        if folder == "d" and int(number) < len(urls):
            return document_file(self._pages[urls[int(number)]])
        if folder == "t" and int(number) < shards:
            return compress_json(self._shard(int(number), shards, urls))
        return None

    def _shard(self, number: int, shards: int, urls: list[str]) -> dict[str, list[int]]:
        ids = {self._keys[url]: page_id for page_id, url in enumerate(urls)}
        grouped: dict[str, list[int]] = {}
        for bucket in range(number, MAX_SHARDS, shards):
            for term in self._buckets.get(bucket, ()):
                keys, weights = self._postings[term]
                values: list[int] = []
                last = 0
                for page_id, weight in sorted(zip(map(ids.__getitem__, keys), weights, strict=True)):
                    values += (page_id - last, weight)
                    last = page_id
                grouped[term] = values
        return grouped
