"""Site search: a static index of the built searched pages (posts, answers, plans, the first page of each
task, each plan's report, and the undated pages a citizen may look for: the procedures, the feedback form,
the answers' list, the feeds page; `PageSpec.searched`, marked by their templates), read in small pieces by
the search page.

The search page (`overrides/search.html`, `overrides/assets/javascripts/cchc-search.js`) fetches only
the index shards of the words in a query and the texts of the results it shows, so the bytes a
visitor downloads for one query stay small however many posts the site has.

Why not an off-the-shelf engine. Material's lunr index is one file for the whole site and does no
Vietnamese folding. Pagefind folds tone marks, but its index keeps every word position and loads
whole alphabetical chunks, and Vietnamese syllables are few and frequent, so positional postings of
common syllables are large (what one query downloaded: bench/RESULTS.md, "Figures moved out of the
code"). This index keeps no positions: a posting is
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

- `meta.json`: {"format", "lengths", "pages", "shards", "version"}; fetched without cache. `lengths`: each
  page's word count (`page_length`), for BM25's length normalisation in the script.
- `t/<n>.bin`: shard n of the terms, n = FNV-1a-32(UTF-8 of the term) mod shards. A JSON object
  term → [page-id gap, weight, gap, weight, …] (page ids ascending), gzip-compressed.
- `d/<id>.bin`: one page: {"url", "title", "date", "datetime", "text"}, gzip-compressed. `date` is the date
  shown, empty for the undated pages (the feedback form, the feeds page, …: cchc.outputs.pages.UNDATED).
- `typo.bin`: the typo list, every folded word of five letters or more, sorted, gzip-compressed; loaded only
  when a query found nothing as typed (src/cchc/search/typos.py).

Ranking and abbreviations are the script's (cchc-search.js): a query is expanded with the abbreviations
the search page carries (src/cchc/search/abbreviations.py), so the index does not depend on them.

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
import zlib
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import repeat
from operator import sub
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

from cchc import receipts, urls
from cchc.cache.background import Worker
from cchc.outputs.pages import Context, PageSpec
from cchc.search.abbreviations import Abbreviation
from cchc.search.terms import exact_key, fnv1a, fold, words
from cchc.search.typos import typo_list
from cchc.site.linking import Site
from cchc.text import normalize

FORMAT = 3  # 2: meta.json has each page's length, for BM25's length normalisation; 3: typo.bin
INDEX_DIR = urls.SEARCH_DATA.rstrip("/")
STAGING_DIR = f"{INDEX_DIR}.tmp"  # the index written ahead, moved to INDEX_DIR at the end of the build
TITLE_WEIGHT = 5  # a title word counts as this many words of the text
POSTINGS_PER_SHARD = 3000  # sets the shard count: about 5–10 KB compressed per shard
MAX_SHARDS = 4096
MAX_TEXT = 30_000  # characters of a page kept for snippets
TYPO_FILE = "typo.bin"

BODY_ATTR = "data-search-body"
TITLE_ATTR = "data-search-title"
IGNORE_ATTR = "data-search-ignore"
DATE_ATTR = "data-search-date"  # shown date, e.g. "Thứ Ba, 15/03/2022"
DATETIME_ATTR = "data-search-datetime"  # ISO 8601 with offset

_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
))


@dataclass(frozen=True, kw_only=True, eq=False)
class SearchContext(Context):
    # Groups of forms that mean the same (du-lieu/viet-tat.yml), for the script to expand queries with.
    abbreviations: tuple[tuple[str, ...], ...] = ()
    # A receipt code typed as the query leads to its answer's page (urls.answer), whether or not it is
    # published yet: the script knows a code by these (cchc.receipts), and the page's URL by the answers' one.
    code_alphabet: str = receipts.ALPHABET
    code_length: int = receipts.LENGTH


def search_page(site: Site, abbreviations: Iterable[Abbreviation] = ()) -> PageSpec:
    """The search page (template overrides/search.html): every site has one, as the URL contract says.
    It belongs to no tab: the search form is in every page's header."""
    context = SearchContext(abbreviations=tuple(entry.forms for entry in abbreviations))
    return PageSpec(urls.source(urls.SEARCH), "search.html", "Tìm kiếm", context, updated=site.newest)


class SearchIndexError(Exception):
    """A page marked for search that lacks what the index needs."""


@dataclass(frozen=True)
class SearchPage:
    url: str  # site-relative directory URL, e.g. "tin-tuc/2022/03/slug/"
    title: str
    date: str
    datetime: str
    text: str  # blocks separated by "\n"

    def sort_key(self) -> tuple[float, str]:
        return (-datetime.fromisoformat(self.datetime).timestamp(), self.url)


# The text of an element (its text nodes in order, as text_content() gives them) with a line break
# before and after every block element. XSLT, so the walk over the elements is libxslt's, not Python's.
_TEXT_WITH_BREAKS = lxml.etree.XSLT(lxml.etree.XML(
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    '<xsl:output method="text" encoding="UTF-8"/>'
    f'<xsl:template match="{"|".join(sorted(_BLOCKS))}">'
    '<xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>'
    '</xsl:template>'
    '</xsl:stylesheet>'
))


def _block_text(element: lxml.html.HtmlElement) -> str:
    """Text of an element with a line break around every block, so blocks never run together."""
    lines = (" ".join(line.split()) for line in str(_TEXT_WITH_BREAKS(element)).split("\n"))
    return "\n".join(line for line in lines if line)


_ARTICLE_PATTERN = r"<(/?)article(?=[\s/>])"
# Markup in which "<article" or "</article>" may be text rather than a tag: cut nothing out then.
_OPAQUE_PATTERN = r"<!--|<!\[CDATA\[|<(?:script|style|template|textarea|title|xmp|plaintext|noscript|noembed|noframes|iframe)\b"
# The same patterns for the bytes and for the text of a page, with ASCII rules for both, so that
# they match the same characters.
_CUT_BYTES = (re.compile(_ARTICLE_PATTERN.encode(), re.IGNORECASE), re.compile(_OPAQUE_PATTERN.encode(), re.IGNORECASE),
              BODY_ATTR.encode(), b"<", b">")
_CUT_TEXT = (re.compile(_ARTICLE_PATTERN, re.IGNORECASE | re.ASCII), re.compile(_OPAQUE_PATTERN, re.IGNORECASE | re.ASCII),
             BODY_ATTR, "<", ">")


def marked_article(html: bytes) -> bytes | None:
    """The marked <article> element alone, cut out of the page, or None when it cannot be cut out safely.

    Parsing is the index's largest cost, and the article is the smaller part of a page (the rest is
    Material's header, navigation and footer). Only a plain <article> with no comment,
    script or the like inside is cut out; anything else is read from the whole page.
    """
    fragment: bytes | None = _cut_article(html, *_CUT_BYTES)
    return fragment


def marked_article_text(html: str) -> str | None:
    """marked_article on the text of a page: the same characters as on its UTF-8 bytes."""
    fragment: str | None = _cut_article(html, *_CUT_TEXT)
    return fragment


def _cut_article(html: Any, article: re.Pattern[Any], opaque: re.Pattern[Any], marker: Any, opening: Any, closing: Any) -> Any:
    at = html.find(marker)
    start = html.rfind(opening, 0, at)
    if start < 0 or not article.match(html, start) or closing in html[start:at]:
        return None
    depth = 0
    for tag in article.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = html.find(closing, tag.end())
            fragment = html[start : end + 1]
            return None if end < 0 or opaque.search(fragment) else fragment
    return None


def _parse(html: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))


def _marked_body(html: bytes) -> lxml.html.HtmlElement | None:
    """The first element marked for search, from the cut-out article when possible (same tree)."""
    fragment = marked_article(html)
    if fragment is not None:
        bodies = _parse(fragment).xpath(f"/html/body/article[@{BODY_ATTR}]")
        if bodies:
            return bodies[0]
    bodies = _parse(html).xpath(f"//*[@{BODY_ATTR}]")
    return bodies[0] if bodies else None


# Also the heading permalinks ("¶") that the `toc` extension adds.
_DROPPED = lxml.etree.XPath(f".//*[@{IGNORE_ATTR}] | .//script | .//style | .//template | .//a[contains(@class, 'headerlink')]")
_TITLES = lxml.etree.XPath(f".//*[@{TITLE_ATTR}]")


def read_page(html: bytes, url: str) -> SearchPage | None:
    """The searchable part of one built page, or None when the page is not marked for search."""
    if BODY_ATTR.encode() not in html:
        return None
    body = _marked_body(html)
    if body is None:
        return None
    for node in _DROPPED(body):
        node.drop_tree()
    titles = _TITLES(body)
    date, when = body.get(DATE_ATTR), body.get(DATETIME_ATTR)
    if not titles or date is None or not when:  # an undated page shows no date (empty), yet is sorted by one
        raise SearchIndexError(
            f"{url}: trang được đánh dấu để tìm kiếm thiếu tiêu đề hoặc ngày "
            f"({TITLE_ATTR}, {DATE_ATTR}, {DATETIME_ATTR})"
        )
    # The title as shown, or the value of the attribute when the page gives one (a task's heading is
    # "Nhiệm vụ 8"; its searched title says what the task is).
    title = " ".join((titles[0].get(TITLE_ATTR) or titles[0].text_content()).split())
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


_SPLIT = re.compile(r"([^\W_]+)")  # _WORD as a separator: [gap, word, gap, word, …, gap]


def _text_terms(text: str) -> tuple[Counter[str], int]:
    """Unweighted terms of a text: each folded word, each exact word, each pair of words that stand
    side by side with only spaces between them (no punctuation, no line break); and how many words
    it has (`words`: the same expression).

    Counter and map do the loops over the words in C: a page has thousands of words."""
    parts = _SPLIT.split(text)
    found = parts[1::2]
    folded = list(map(fold, found))  # never empty: a word has a letter or digit, and folding keeps it
    terms = Counter(folded)
    terms.update(filter(None, map(exact_key, found)))
    gaps = parts[2:-1:2]  # gaps[i] stands between word i and word i + 1
    terms.update(
        f"{first} {second}"
        for first, second, gap in zip(folded, folded[1:], gaps, strict=False)
        if gap == " " or (gap.isspace() and "\n" not in gap)
    )
    return terms, len(found)


def _weighted(text: Counter[str], title: str) -> tuple[Counter[str], int]:
    """A page's terms from those of its text, and the page's length (page_length) from its text's
    word count: title words count TITLE_WEIGHT times."""
    terms, count = _text_terms(title)
    for term, times in terms.items():
        text[term] += times * TITLE_WEIGHT
    return text, count * TITLE_WEIGHT


def page_terms(page: SearchPage) -> dict[str, int]:
    """Weighted terms of one page: title words count TITLE_WEIGHT times; pairs do not cross lines."""
    return _weighted(_text_terms(page.text)[0], page.title)[0]


# term → page-id gap, weight, … as 4-byte integers: a list would take 8 bytes a number, 36 for one above 256
# (25 million numbers at 10,000 posts, in the search process while the build renders the pages).
Postings = dict[str, "array[int]"]


def new_postings() -> Postings:
    """Postings that make a term's list when it is first looked up (one lookup a term a page, in C)."""
    return defaultdict(partial(array, "I"))


def _add_postings(postings: Postings, last: dict[str, int], page_id: int, terms: dict[str, int]) -> None:
    """Append (page-id gap, weight) to the posting list of each term of one page (`postings`: new_postings).

    As map calls (C loops): there is a posting for every term of every page."""
    names = list(terms)
    gaps = map(sub, repeat(page_id), map(last.get, names, repeat(0)))
    deque(map(array.extend, map(postings.__getitem__, names), zip(gaps, terms.values(), strict=True)), maxlen=0)
    last.update(zip(names, repeat(page_id)))


def build_postings(pages: Iterable[SearchPage]) -> Postings:
    """term → [page-id gap, weight, …], page ids in the order given."""
    postings = new_postings()
    last: dict[str, int] = {}
    for page_id, page in enumerate(pages):
        _add_postings(postings, last, page_id, page_terms(page))
    return postings


def shard_for(entries: int) -> int:
    """How many shards an index of `entries` postings has (a power of two, at most MAX_SHARDS)."""
    count = 1
    while count < MAX_SHARDS and count * POSTINGS_PER_SHARD < entries:
        count *= 2
    return count


def shard_count(postings: Postings) -> int:
    return shard_for(sum(len(values) // 2 for values in postings.values()))


def page_digest(page: SearchPage) -> str:
    """Everything of a page the index is made from (the full text: a document keeps only MAX_TEXT)."""
    data = json.dumps([page.url, page.title, page.date, page.datetime, page.text], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def page_length(page: SearchPage) -> int:
    """How many words a page has, title words counted TITLE_WEIGHT times (as in its terms): BM25 weighs a
    word less in a long page (a whole plan) than in a short one (a post about that very thing)."""
    return len(words(page.text)) + TITLE_WEIGHT * len(words(page.title))


def meta_file(shards: int, page_digests: list[str], lengths: list[int]) -> bytes:
    """meta.json. Its version changes with any page or the page order, and is known without writing the
    other files (the preview serves them on request)."""
    version = hashlib.sha256(f"{FORMAT} {shards} {' '.join(page_digests)}".encode()).hexdigest()[:16]
    meta = {"format": FORMAT, "lengths": lengths, "pages": len(page_digests), "shards": shards, "version": version}
    return json.dumps(meta, sort_keys=True).encode("utf-8") + b"\n"


def compress_json(data: object) -> bytes:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return gzip.compress(raw, compresslevel=6, mtime=0)


def document_file(page: SearchPage) -> bytes:
    """d/<id>.bin of one page."""
    return compress_json({
        "url": page.url, "title": page.title, "date": page.date, "datetime": page.datetime,
        "text": page.text[:MAX_TEXT],
    })


def _index_files(postings: Postings, documents: list[bytes], page_digests: list[str],
                 lengths: list[int]) -> dict[str, bytes]:
    shards = shard_count(postings)
    grouped: dict[int, list[str]] = {n: [] for n in range(shards)}
    for term in postings:
        grouped[fnv1a(term) % shards].append(term)
    # A shard's numbers as lists one shard at a time: all of them at once would take their memory as lists again.
    files = {f"t/{n}.bin": compress_json({term: postings[term].tolist() for term in terms}) for n, terms in grouped.items()}
    for page_id, document in enumerate(documents):
        files[f"d/{page_id}.bin"] = document
    files["meta.json"] = meta_file(shards, page_digests, lengths)
    files[TYPO_FILE] = typo_file(postings)
    return files


def typo_file(terms: Iterable[str]) -> bytes:
    """typo.bin of an index with these terms."""
    return compress_json(typo_list(terms))


def render_index(pages: list[SearchPage]) -> dict[str, bytes]:
    """The files of the index, by path under INDEX_DIR."""
    return _index_files(build_postings(pages), [document_file(page) for page in pages], [page_digest(page) for page in pages],
                        [page_length(page) for page in pages])


class Indexer:
    """The index, made page by page while the build writes the pages, in the order it writes them.

    Page ids run newest first, and the build writes the posts in that order (the site's post list),
    so the postings made on the way are the final ones. Whenever that does not hold (pages written
    in another order or twice, a marked HTML file that the build copied rather than wrote), the
    index is made again from the files of the built site, exactly as `write_search_index` does.
    Same pages, same bytes, either way.

    The build renders every page's Markdown before it writes any page; `add_content` takes that
    HTML, so the terms of a page's body are counted while the build is still busy with Markdown.
    When the page is written, its text is read from the page itself as always, and the counted
    body is used only if its text stands in the page's text as whole lines: terms never cross a
    line, so the page's terms are then the body's plus those of the lines around it.
    """

    def __init__(self, site_dir: Path | None = None) -> None:
        # Where the index files are written ahead (the documents as their pages come, the terms once
        # the searched pages are all in); None: all files at the end.
        self._staging = site_dir / STAGING_DIR if site_dir is not None else None
        # Every HTML file written, by path under the site folder: (sort key, url) when marked for search.
        self._built: dict[str, tuple[tuple[float, str], str] | None] = {}
        self._urls: list[str] = []  # marked pages in the order written: their ids
        self._postings = new_postings()
        self._last: dict[str, int] = {}
        self._documents: list[bytes] = []
        self._digests: list[str] = []
        self._lengths: list[int] = []
        self._prepared: int | None = None  # page count of the files in the staging folder
        # Writes the staging files while the pages go on being counted (opening a file is a wait on the
        # disk: about a third of a millisecond each on the 2-core machine of bench/RESULTS.md, 1,500 files
        # at 1,000 posts); `write` waits for it.
        self._files = Worker("cchc-search-files")
        # By path: (the body's text, zlib-compressed; its terms; their counts; its word count), until the
        # page is written.
        self._bodies: dict[str, tuple[bytes, tuple[str, ...], array[int], int]] = {}
        self._shared: dict[str, str] = {}  # one string per term, for the terms kept in _bodies

    def add_content(self, path: str, html: bytes) -> None:
        """The HTML that Markdown made of a page's body (`path`: the page's file under the site folder)."""
        body = _marked_body(b"<article " + BODY_ATTR.encode() + b">" + html + b"</article>")
        if body is None:
            return
        for node in _DROPPED(body):
            node.drop_tree()
        text = normalize(_block_text(body))
        terms, count = _text_terms(text)
        names = tuple(map(self._shared.setdefault, terms, terms))
        self._bodies[path] = (zlib.compress(text.encode("utf-8"), 1), names, array("I", terms.values()), count)

    def _terms(self, path: str, page: SearchPage) -> tuple[dict[str, int], int]:
        """(page_terms(page), page_length(page)), from the counted body when its text is whole lines of the
        page's text (words never cross a line, so the page's are the body's and those of the lines around it)."""
        body = self._bodies.pop(path, None)
        at = None if body is None else _line_aligned(page.text, part := zlib.decompress(body[0]).decode("utf-8"))
        if body is None or at is None:
            text, count = _text_terms(page.text)
        else:
            _, names, counts, count = body
            text = Counter(dict(zip(names, counts, strict=True)))
            for around in (page.text[:at], page.text[at + len(part):]):
                terms, words_around = _text_terms(around)
                text.update(terms)
                count += words_around
        terms, title = _weighted(text, page.title)
        return terms, count + title

    def add(self, path: str, html: bytes) -> None:
        """One written HTML file: `path` under the site folder (e.g. "tin-tuc/2022/03/slug/index.html")."""
        page = read_page(html, path.removesuffix("index.html"))
        self._built[path] = None if page is None else (page.sort_key(), page.url)
        if page is None:
            self._bodies.pop(path, None)
            return
        terms, length = self._terms(path, page)
        _add_postings(self._postings, self._last, len(self._urls), terms)
        document = document_file(page)
        if self._staging is not None:
            if not self._urls and self._staging.exists():
                shutil.rmtree(self._staging)  # left by a build that failed
            (self._staging / "d").mkdir(parents=True, exist_ok=True)
            self._files.submit(Path.write_bytes, self._staging / "d" / f"{len(self._urls)}.bin", document)
        self._urls.append(page.url)
        self._documents.append(document)
        self._digests.append(page_digest(page))
        self._lengths.append(length)

    def _in_order(self) -> bool:
        marked = sorted(record for record in self._built.values() if record is not None)
        return [url for _, url in marked] == self._urls

    def prepare(self) -> None:
        """Write the rest of the index files now, from the pages so far (the build is still writing
        pages that are not searched); `write` puts them in place if no marked page came since."""
        if self._staging is None or not self._in_order():
            return
        files = _index_files(self._postings, self._documents, self._digests, self._lengths)
        folders: set[Path] = set()
        for name, content in sorted(files.items()):
            if name.startswith("d/"):
                continue  # written as their pages came
            path = self._staging / name
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            self._files.submit(Path.write_bytes, path, content)
        self._prepared = len(self._urls)

    def render(self, site_dir: Path) -> tuple[int, dict[str, bytes] | None]:
        """(page count, files of the index) for every marked page of the built site; None for the
        files when the prepared ones hold."""
        others = (path.relative_to(site_dir).as_posix() for path in sorted(site_dir.rglob("*.html")))
        unseen = any(
            read_page((site_dir / other).read_bytes(), other.removesuffix("index.html")) is not None
            for other in others if other not in self._built
        )
        if unseen or not self._in_order():
            pages = read_site(site_dir)
            return len(pages), render_index(pages)
        if self._prepared == len(self._urls):
            return self._prepared, None
        return len(self._urls), _index_files(self._postings, self._documents, self._digests, self._lengths)

    def write(self, site_dir: Path) -> int:
        self._files.drain()
        self._files.close()
        count, files = self.render(site_dir)
        if files is None:
            assert self._staging is not None
            out = site_dir / INDEX_DIR
            if out.exists():
                shutil.rmtree(out)
            self._staging.rename(out)
        else:
            if self._staging is not None and self._staging.exists():
                shutil.rmtree(self._staging)
            write_index_files(site_dir, files)
        return count


def _line_aligned(text: str, part: str) -> int | None:
    """Where `part` stands in `text` as whole lines (from a line's start to a line's end), if it does."""
    if not part:
        return None
    at = text.find(part)
    while at >= 0:
        end = at + len(part)
        if (at == 0 or text[at - 1] == "\n") and (end == len(text) or text[end] == "\n"):
            return at
        at = text.find(part, at + 1)
    return None


def write_index_files(site_dir: Path, files: Mapping[str, bytes]) -> None:
    out = site_dir / INDEX_DIR
    if out.exists():
        shutil.rmtree(out)
    folders: set[Path] = set()
    for name, content in sorted(files.items()):
        path = out / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(content)


def write_search_index(site_dir: Path) -> int:
    """Index the marked pages of a built site into site_dir/INDEX_DIR; return the page count."""
    pages = read_site(site_dir)
    write_index_files(site_dir, render_index(pages))
    return len(pages)
