"""Site search: a static index of the built post pages, read in small pieces by the search page.

The search page (`overrides/search.html`, `overrides/assets/javascripts/cchc-search.js`) fetches only
the index shards of the words in a query and the texts of the results it shows, so the bytes a
visitor downloads for one query stay small however many posts the site has.

Why not an off-the-shelf engine. Material's lunr index is one file (~13 MB for 1,000 posts) and
does no Vietnamese folding. Pagefind 1.5 folds tone marks, but its index keeps every word position
and loads whole alphabetical chunks: measured on 1,000 generated posts of ~10 KB
(bench/generate_posts.py), the query "thu tuc hanh chinh" downloaded 1.52 MB (four chunks of
190–560 KB plus 113 KB of runtime), "dao tao" 0.72 MB. Vietnamese syllables are few and frequent,
so positional postings of common syllables are large. This index keeps no positions: a posting is
(page, weight), and adjacency is kept as two-syllable terms instead.

Three kinds of term, all lowercase, in one key space:

- folded: tone and letter marks removed and đ → d ("Đào" → "dao"). Every query word must match
  one (AND). This is what makes "dao tao" find "đào tạo", "hoa nhap" find "hoà nhập" and
  "hòa nhập", and NFD text match NFC queries.
- exact ("=" + letters with their letter marks + the tone as one ASCII sign, e.g. "=đao`"): written
  only for words with marks. The tone is kept apart from the letter it sits on, so the two tone
  placements "hoà" and "hòa" give the same key "=hoa`". A query word typed with marks ranks pages
  that have that very word above pages with another word of the same folding ("họa", "hoa").
- pair (two folded words with one space, "dao tao"): adjacent words of the text. Pages where the
  query's words stand together rank higher (Vietnamese words are often two syllables).

đ is folded on the index side (the folded key) and kept on the exact side, and snippets are cut
from the page's own text on the search page: a reader always sees the author's spelling ("đào tạo",
"hoà nhập"), one query word costs one shard fetch (no list of d/đ variants to try), and no folded
copy of the text is stored.

Files, under `tim-kiem/du-lieu/`:

- `meta.json`: {"format", "pages", "shards", "version"}; fetched without cache.
- `t/<n>.bin`: shard n of the terms, n = FNV-1a-32(UTF-8 of the term) mod shards. A JSON object
  term → [page-id gap, weight, gap, weight, …] (page ids ascending), gzip-compressed.
- `d/<id>.bin`: one page: {"url", "title", "date", "datetime", "text"}, gzip-compressed.

The files are gzip-compressed by the build (the script unpacks them with DecompressionStream) and
named `.bin`, not `.gz`, so that no web server adds a Content-Encoding header of its own; a server
that unpacks them anyway still works (the script reads plain JSON too). Page ids run newest first,
so equal scores list the newer post first. Same input, same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import lxml.html

from .model import Post, newest_update
from .text import normalize
from .views import PageSpec

FORMAT = 1
INDEX_DIR = "tim-kiem/du-lieu"
TITLE_WEIGHT = 5  # a title word counts as this many words of the text
POSTINGS_PER_SHARD = 3000  # sets the shard count: about 5–10 KB compressed per shard
MAX_SHARDS = 4096
MAX_TEXT = 30_000  # characters of a page kept for snippets

BODY_ATTR = "data-search-body"
TITLE_ATTR = "data-search-title"
IGNORE_ATTR = "data-search-ignore"
DATE_ATTR = "data-search-date"  # shown date, e.g. "Thứ Ba, 15/03/2022"
DATETIME_ATTR = "data-search-datetime"  # ISO 8601 with offset

_WORD = re.compile(r"[^\W_]+")
_TONES = {"\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "."}
_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
))


def search_page(posts: Iterable[Post]) -> PageSpec:
    """The search page tim-kiem/ (template overrides/search.html): every site has one, as the URL contract says."""
    return PageSpec("tim-kiem/index.md", "search.html", "Tìm kiếm", {}, updated=newest_update(posts))


class SearchIndexError(Exception):
    """A page marked for search that lacks what the index needs."""


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase, without tone or letter marks, đ → d: the key every query word must match."""
    decomposed = unicodedata.normalize("NFD", normalize(word).lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).replace("đ", "d")


@lru_cache(maxsize=65536)
def exact(word: str) -> str:
    """Letters with their letter marks (ă â ê ô ơ ư đ) and the tone as one trailing sign.

    Placement-free: "hoà" and "hòa", "thuỷ" and "thủy", "khoẻ" and "khỏe" give one key.
    """
    decomposed = unicodedata.normalize("NFD", normalize(word).lower())
    letters = "".join(c for c in decomposed if c not in _TONES)
    tones = "".join(_TONES[c] for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", letters) + tones


@lru_cache(maxsize=65536)
def exact_key(word: str) -> str | None:
    """The exact term of a word, or None when the word has no marks (its folded term says it all)."""
    key = exact(word)
    return None if key == fold(word) else "=" + key


def words(text: str) -> list[str]:
    """The words of a text (letters and digits; NFC first, so NFD input splits the same)."""
    return _WORD.findall(normalize(text))


def fnv1a(term: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes; the search script computes the same."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


@dataclass(frozen=True)
class SearchPage:
    url: str  # site-relative directory URL, e.g. "tin-tuc/2022/03/slug/"
    title: str
    date: str
    datetime: str
    text: str  # blocks separated by "\n"

    def sort_key(self) -> tuple[float, str]:
        return (-datetime.fromisoformat(self.datetime).timestamp(), self.url)


def _block_text(element: lxml.html.HtmlElement) -> str:
    """Text of an element with a line break around every block, so blocks never run together."""
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag in _BLOCKS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    lines = (" ".join(line.split()) for line in element.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def read_page(html: bytes, url: str) -> SearchPage | None:
    """The searchable part of one built page, or None when the page is not marked for search."""
    if BODY_ATTR.encode() not in html:
        return None
    doc = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
    bodies = doc.xpath(f"//*[@{BODY_ATTR}]")
    if not bodies:
        return None
    body = bodies[0]
    # Also the heading permalinks ("¶") that the `toc` extension adds.
    dropped = f".//*[@{IGNORE_ATTR}] | .//script | .//style | .//template | .//a[contains(@class, 'headerlink')]"
    for node in body.xpath(dropped):
        node.drop_tree()
    titles = body.xpath(f".//*[@{TITLE_ATTR}]")
    date, when = body.get(DATE_ATTR), body.get(DATETIME_ATTR)
    if not titles or not date or not when:
        raise SearchIndexError(
            f"{url}: trang được đánh dấu để tìm kiếm thiếu tiêu đề hoặc ngày "
            f"({TITLE_ATTR}, {DATE_ATTR}, {DATETIME_ATTR})"
        )
    title = " ".join(titles[0].text_content().split())
    titles[0].drop_tree()
    return SearchPage(url=url, title=normalize(title), date=date, datetime=when, text=normalize(_block_text(body)))


def read_site(site_dir: Path) -> list[SearchPage]:
    """Every page of a built site marked for search, newest first."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        url = relative.removesuffix("index.html")
        page = read_page(path.read_bytes(), url)
        if page is not None:
            pages.append(page)
    return sorted(pages, key=SearchPage.sort_key)


def page_terms(page: SearchPage) -> dict[str, int]:
    """Weighted terms of one page: title words count TITLE_WEIGHT times; pairs do not cross lines."""
    terms: dict[str, int] = {}
    for text, weight in ((page.title, TITLE_WEIGHT), (page.text, 1)):
        for line in text.split("\n"):
            previous, previous_end = "", 0
            for match in _WORD.finditer(line):
                word = match.group()
                folded = fold(word)
                terms[folded] = terms.get(folded, 0) + weight
                if (key := exact_key(word)) is not None:
                    terms[key] = terms.get(key, 0) + weight
                if previous and line[previous_end:match.start()].isspace():
                    pair = f"{previous} {folded}"
                    terms[pair] = terms.get(pair, 0) + weight
                previous, previous_end = folded, match.end()
    return terms


def build_postings(pages: Iterable[SearchPage]) -> dict[str, list[int]]:
    """term → [page-id gap, weight, …], page ids in the order given."""
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for page_id, page in enumerate(pages):
        for term, weight in sorted(page_terms(page).items()):
            postings.setdefault(term, []).extend((page_id - last.get(term, 0), weight))
            last[term] = page_id
    return postings


def shard_count(postings: dict[str, list[int]]) -> int:
    entries = sum(len(values) // 2 for values in postings.values())
    count = 1
    while count < MAX_SHARDS and count * POSTINGS_PER_SHARD < entries:
        count *= 2
    return count


def _compress(data: object) -> bytes:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return gzip.compress(raw, compresslevel=6, mtime=0)


def render_index(pages: list[SearchPage]) -> dict[str, bytes]:
    """The files of the index, by path under INDEX_DIR."""
    postings = build_postings(pages)
    shards = shard_count(postings)
    grouped: dict[int, dict[str, list[int]]] = {n: {} for n in range(shards)}
    for term, values in postings.items():
        grouped[fnv1a(term) % shards][term] = values
    files = {f"t/{n}.bin": _compress(terms) for n, terms in grouped.items()}
    for page_id, page in enumerate(pages):
        files[f"d/{page_id}.bin"] = _compress({
            "url": page.url, "title": page.title, "date": page.date, "datetime": page.datetime,
            "text": page.text[:MAX_TEXT],
        })
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    meta = {"format": FORMAT, "pages": len(pages), "shards": shards, "version": digest.hexdigest()[:16]}
    files["meta.json"] = json.dumps(meta, sort_keys=True).encode("utf-8") + b"\n"
    return files


def write_search_index(site_dir: Path) -> int:
    """Index the marked pages of a built site into site_dir/INDEX_DIR; return the page count."""
    pages = read_site(site_dir)
    out = site_dir / INDEX_DIR
    if out.exists():
        shutil.rmtree(out)
    for name, content in sorted(render_index(pages).items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return len(pages)
