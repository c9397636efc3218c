"""Algorithmic guarantees of the build, counted, never timed (bench/RESULTS.md has the timings): the built
pages. A site of N and of 4N generated posts (bench/generate_posts.py) is built with the real MkDocs,
and the work each page carries is counted:

- no built page renders more post links or list items, nor more navigation entries, at 4N than
  the page size allows: nothing renders all posts into every page, no post enters the navigation;
- everything rendered over the whole site together stays linear in N;
- the search index made beside the build is the one made after it.

Each would fail if, say, a template looped over `cchc.site.posts`, a list lost its pagination,
or posts went into the nav. The page model planned by the pure core: tests/unit/test_build_scaling.py.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from support.project import BuildResult, SiteProject
from support.scaling import LARGE, PAGE_SIZE, SMALL, UNPAGINATED, generated_project

from cchc.search import index as search
from cchc.search.process import BackgroundIndex

SITE_URL = "https://example.gov.vn/cchc/"
POST_URL = re.compile(r"tin-tuc/\d{4}/\d{2}/[a-z0-9-]+/")


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[int, SiteProject]:
    root = tmp_path_factory.mktemp("scaling")
    return {n: generated_project(root / f"n{n}", n) for n in (SMALL, LARGE)}


@pytest.fixture(scope="module")
def sites(projects: dict[int, SiteProject]) -> dict[int, BuildResult]:
    results = {n: project.build() for n, project in projects.items()}
    for result in results.values():
        assert result.returncode == 0, result.stderr
    return results


# --------------------------------------------------------------------------- the built pages (real MkDocs)


def page_url(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix().removesuffix("index.html")


def counts(result: BuildResult) -> dict[str, tuple[int, int, int]]:
    """For every HTML page: (links to posts other than itself, post list items, navigation links)."""
    found = {}
    for path in sorted(result.out.rglob("*.html")):
        url = page_url(result.out, path)
        doc = lxml.html.fromstring(path.read_bytes())
        targets = set()
        for href in doc.xpath("//a/@href"):
            target = urlsplit(urljoin(SITE_URL + url, href))
            rel = target.path.removeprefix(urlsplit(SITE_URL).path)
            if POST_URL.fullmatch(rel) and rel != url:
                targets.add(rel)
        items = len(doc.xpath("//*[contains(concat(' ', @class, ' '), ' cchc-post-item ')]"))
        nav = len(doc.xpath("//*[contains(concat(' ', @class, ' '), ' md-nav__link ')]"))
        found[url] = (len(targets), items, nav)
    return found


def template_of(result: BuildResult, url: str) -> str:
    return "task.html" if re.fullmatch(r"ke-hoach/\d{4}/nhiem-vu/\d+/", url) else "other"


def test_no_built_page_renders_more_as_the_site_grows(sites: dict[int, BuildResult]) -> None:
    measured = {n: counts(result) for n, result in sites.items()}
    for n, pages in measured.items():
        bounded = {url: c for url, c in pages.items() if template_of(sites[n], url) not in UNPAGINATED}
        worst_links = max(bounded.items(), key=lambda item: item[1][0])
        worst_items = max(bounded.items(), key=lambda item: item[1][1])
        # A list page links to PAGE_SIZE posts; a post page to two neighbours per task.
        assert worst_links[1][0] <= PAGE_SIZE, (n, worst_links)
        assert worst_items[1][1] <= PAGE_SIZE, (n, worst_items)
    # Navigation entries per page are the same at N and 4N: no post is in the nav.
    nav_small = max(c[2] for c in measured[SMALL].values())
    nav_large = max(c[2] for c in measured[LARGE].values())
    assert nav_large == nav_small < 40


def test_everything_rendered_together_is_linear(sites: dict[int, BuildResult]) -> None:
    totals = {}
    for n, result in sites.items():
        pages = counts(result)
        totals[n] = Counter(links=sum(c[0] for c in pages.values()), items=sum(c[1] for c in pages.values()),
                            pages=len(pages))
    for key in ("links", "items", "pages"):
        # 4 times the posts, at most about 4 times the work (plus what does not depend on N).
        assert totals[LARGE][key] <= 4 * totals[SMALL][key] + 200, (key, totals)
    # Each post is listed a bounded number of times: news, month, unit, tags, tasks, home.
    assert totals[LARGE]["items"] <= 10 * LARGE
    search_pages = int((sites[LARGE].out / "tim-kiem" / "du-lieu" / "meta.json").read_text().split('"pages": ')[1].split(",")[0])
    # and the plan, its 14 tasks and its report, and the four undated pages a citizen may look for: searched too
    assert search_pages == LARGE + 1 + 14 + 1 + 4


# --------------------------------------------------------------------------- the search index, made beside the build


def reference_index(out: Path) -> dict[str, bytes]:
    """The index as made after the build from the built files alone (search.write_search_index)."""
    return search.render_index(search.read_site(out))


def index_on_disk(out: Path) -> dict[str, bytes]:
    folder = out / search.INDEX_DIR
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_index_made_beside_the_build_is_the_index_made_after_it(sites: dict[int, BuildResult]) -> None:
    for result in sites.values():
        assert index_on_disk(result.out) == reference_index(result.out)
        assert not (result.out / search.STAGING_DIR).exists()


def _marked_files(out: Path) -> list[tuple[str, bytes]]:
    """(path under the site, bytes) of the pages marked for search, in the order the build writes them."""
    pages = search.read_site(out)
    return [(page.url + "index.html", (out / page.url / "index.html").read_bytes()) for page in pages]


def test_indexer_gives_the_same_bytes_whatever_order_or_guess(sites: dict[int, BuildResult], tmp_path: Path) -> None:
    source = sites[SMALL].out
    expected = reference_index(source)
    marked = _marked_files(source)
    variants = {
        "in order": marked,
        "out of order": marked[1:] + marked[:1],
        "written twice": marked + marked[:1],
    }
    for name, files in variants.items():
        site = tmp_path / name.replace(" ", "-")
        shutil.copytree(source, site)
        indexer = search.Indexer(site)
        for number, (path, html) in enumerate(files):
            # A wrong guess of the body for some pages: their terms are counted from the page instead.
            body = b"<p>Sai</p>" if number % 3 == 0 else search.marked_article(html) or html
            indexer.add_content(path, body)
        for path, html in files:
            indexer.add(path, search.marked_article(html) or html)
        indexer.prepare()
        assert indexer.write(site) == len(marked)
        assert index_on_disk(site) == expected, name


def test_a_marked_page_the_build_did_not_write_is_indexed_too(sites: dict[int, BuildResult], tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sites[SMALL].out, site)
    marked = _marked_files(site)
    copied, written = marked[0], marked[1:]  # say, an HTML file copied from docs/
    indexer = search.Indexer(site)
    for path, html in written:
        indexer.add(path, html)
    indexer.prepare()
    assert indexer.write(site) == len(marked)
    files = index_on_disk(site)
    assert files == reference_index(site)
    urls = {json.loads(gzip.decompress(content))["url"] for name, content in files.items() if name.startswith("d/")}
    assert copied[0].removesuffix("index.html") in urls


def test_a_marked_page_without_title_fails_the_build_with_its_url(tmp_path: Path) -> None:
    page = '<html><body><article data-search-body data-search-date="x" data-search-datetime="2022-01-01T00:00:00+07:00">' \
           "<p>Không có tiêu đề</p></article></body></html>"
    index = BackgroundIndex(tmp_path, expected=1)
    index.add("tin-tuc/2022/01/a/index.html", page)
    with pytest.raises(search.SearchIndexError, match="tin-tuc/2022/01/a/: .*data-search-title"):
        index.finish()
    index = BackgroundIndex(tmp_path)
    index.close()  # a failed build stops the process without an index
    assert not (tmp_path / search.INDEX_DIR).exists()


def test_without_a_second_process_the_build_indexes_in_its_own(sites: dict[int, BuildResult], tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process(*args: Any, **kwargs: Any) -> Any:
        raise OSError("no Python to start")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    site = tmp_path / "site"
    shutil.copytree(sites[SMALL].out, site)
    marked = _marked_files(site)
    index = BackgroundIndex(site, expected=len(marked))
    for path, html in marked:
        index.add(path, html.decode("utf-8"))
    assert index.finish() == len(marked)
    assert index_on_disk(site) == reference_index(site)
