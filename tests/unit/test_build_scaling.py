"""Algorithmic guarantees of the build, counted, never timed (bench/RESULTS.md has the timings): the page
model. A site of N and of 4N generated posts (bench/generate_posts.py) is planned with the pure core
(`cchc.build.pipeline.plan_build`), and the work each page carries is counted:

- the pages grow linearly with the posts, the feeds not at all;
- no page hands its template more posts than a page of the list holds (plus a post's neighbours).

Each would fail if, say, a list lost its pagination. The same sites built with the real MkDocs, and
what their pages render: tests/build/test_scaling.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from support.project import SiteProject, content_settings
from support.scaling import FEED_ITEMS, LARGE, PAGE_SIZE, SMALL, UNPAGINATED, generated_project, handed_posts

from cchc.build.pipeline import Build, plan_build
from cchc.dates import LOCAL_TZ
from cchc.outputs.pages import ListContext, PageSpec, post_items

NOW = datetime(2026, 1, 1, tzinfo=LOCAL_TZ)
SITE_URL = "https://example.gov.vn/cchc/"


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
    spoiled = replace(listed, context=replace(listed.context, posts=post_items(build.site, build.site.posts)))
    assert context_posts(spoiled) >= LARGE
