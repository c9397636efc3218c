"""Algorithmic guarantees of the build, counted, never timed (bench/RESULTS.md has the timings).

A site of N and of 4N generated posts (bench/generate_posts.py) is planned with the pure core and
built with the real MkDocs, and the work each page carries is counted:

- the pages grow linearly with the posts, the feeds not at all;
- no page hands its template more posts than a page of the list holds (plus a post's neighbours);
- no built page renders more post links or list items, nor more navigation entries, at 4N than
  the page size allows: nothing renders all posts into every page, no post enters the navigation;
- everything rendered over the whole site together stays linear in N.

Each would fail if, say, a template looped over `cchc.site.posts`, a list lost its pagination,
or posts went into the nav.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from support.project import BuildResult, SiteProject, content_settings
from support.scaling import FEED_ITEMS, LARGE, PAGE_SIZE, SMALL, generated_project, handed_posts

from cchc.build.pipeline import Build, plan_build
from cchc.dates import LOCAL_TZ
from cchc.outputs.pages import ListContext, PageSpec
from cchc.search import index as search
from cchc.search.process import BackgroundIndex

NOW = datetime(2026, 1, 1, tzinfo=LOCAL_TZ)
SITE_URL = "https://example.gov.vn/cchc/"
POST_URL = re.compile(r"tin-tuc/\d{4}/\d{2}/[a-z0-9-]+/")
# Every list is paginated now; a template named here would be allowed to grow (linearly in all).
UNPAGINATED: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[int, SiteProject]:
    root = tmp_path_factory.mktemp("scaling")
    return {n: generated_project(root / f"n{n}", n) for n in (SMALL, LARGE)}


@pytest.fixture(scope="module")
def plans(projects: dict[int, SiteProject]) -> dict[int, Build]:
    def plan(project: SiteProject) -> Build:
        settings = content_settings(project.root, site_name="CCHC", site_url=SITE_URL, page_size=PAGE_SIZE,
                                    feed_items=FEED_ITEMS)
        return plan_build(settings, now=NOW, preview=False)

    return {n: plan(project) for n, project in projects.items()}


@pytest.fixture(scope="module")
def sites(projects: dict[int, SiteProject]) -> dict[int, BuildResult]:
    results = {n: project.build() for n, project in projects.items()}
    for result in results.values():
        assert result.returncode == 0, result.stderr
    return results


# --------------------------------------------------------------------------- the page model (pure core)


def context_posts(spec: PageSpec) -> int:
    own = getattr(spec.context, "post", None)
    return sum(1 for post in handed_posts(spec.context) if post is not own)


def test_the_posts_are_the_posts_asked_for(plans: dict[int, Build]) -> None:
    for n, build in plans.items():
        assert len(build.site.posts) == n


def test_pages_grow_linearly_and_feeds_stay_at_feed_items(plans: dict[int, Build]) -> None:
    small, large = plans[SMALL], plans[LARGE]
    # One page per post, and list pages of PAGE_SIZE: each post is on the news list, its month,
    # its unit and up to three tag lists.
    for n, build in plans.items():
        assert len(build.pages) <= n * (1 + 6 / PAGE_SIZE) + 150, (n, len(build.pages))
    per_post = (len(large.pages) - len(small.pages)) / (LARGE - SMALL)
    assert 1 <= per_post <= 1 + 6 / PAGE_SIZE
    assert len(small.feeds) == len(large.feeds)  # the site feed and one per task, whatever N
    for build in plans.values():
        assert max(len(feed.posts) for feed in build.feeds) <= FEED_ITEMS
    assert large.feeds[0].posts == large.site.posts[:FEED_ITEMS]


def test_no_page_context_grows_with_the_posts(plans: dict[int, Build]) -> None:
    for n, build in plans.items():
        paginated = [spec for spec in build.pages if spec.template not in UNPAGINATED]
        worst = max(paginated, key=context_posts)
        # A list page holds PAGE_SIZE posts; a post page its neighbours in each of its tasks.
        assert context_posts(worst) <= PAGE_SIZE, (n, worst.src_uri, context_posts(worst))
        # The lists that are not paginated yet hold each post once per task: linear in all.
        unpaginated = sum(context_posts(spec) for spec in build.pages if spec.template in UNPAGINATED)
        assert unpaginated <= 2 * n


def test_every_list_is_paginated_into_page_size_chunks(plans: dict[int, Build]) -> None:
    build = plans[LARGE]
    months = [spec for spec in build.pages if isinstance(spec.context, ListContext) and spec.context.kind == "month"]
    assert any(spec.context.pager.count > 1 for spec in months if isinstance(spec.context, ListContext))  # 320 posts: months of over 20
    for spec in build.pages:
        posts = getattr(spec.context, "posts", None)
        if spec.template in ("news.html", "home.html") and posts is not None:
            assert len(posts) <= PAGE_SIZE, spec.src_uri


def test_the_context_does_not_follow_the_whole_post_list(plans: dict[int, Build]) -> None:
    """A guard for the guard: a context handing every post (what a template looping over all posts
    would need) is counted as such."""
    build = plans[LARGE]
    listed = next(spec for spec in build.pages if isinstance(spec.context, ListContext))
    assert isinstance(listed.context, ListContext)
    spoiled = replace(listed, context=replace(listed.context, posts=build.site.posts))
    assert context_posts(spoiled) >= LARGE


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
    assert search_pages == LARGE + 1 + 14  # and the plan, and its 14 tasks: searched too


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
