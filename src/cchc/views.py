"""Which pages the site has, and what each template receives. Pure data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .link import Group, Site
from .model import Plan, Post, newest_update


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    template: str
    title: str
    context: dict[str, Any]
    content: str = ""
    updated: datetime | None = None
    feed: str | None = None  # a page-specific feed besides the site feed
    pending: bool = False

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix("index.md")


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    urls: tuple[str, ...] = field(repr=False)

    @property
    def previous_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def _paginated(
    base: str, template: str, title: str, posts: tuple[Post, ...], size: int, feed: str | None = None, **context: Any
) -> Iterator[PageSpec]:
    """`base`, `base/trang/2/`, …: at least one page, even for an empty list."""
    count = max(1, -(-len(posts) // size))
    urls = tuple(base if n == 1 else f"{base}trang/{n}/" for n in range(1, count + 1))
    for number, url in enumerate(urls, start=1):
        chunk = posts[(number - 1) * size : number * size]
        shown_title = title if number == 1 else f"{title} (trang {number})"
        yield PageSpec(
            f"{url}index.md", template, shown_title,
            {"posts": chunk, "pager": Pager(number, count, urls), "heading": title, **context},
            updated=newest_update(chunk), feed=feed,
        )


def post_pages(site: Site, describe: Callable[[Post], dict[str, Any]]) -> Iterator[PageSpec]:
    """Post pages; `describe` gives a post's machine-readable metadata (see metadata.py)."""
    for post in site.posts:
        tasks = [
            {"task": task, "plan": site.plan(task.year), "older": older, "newer": newer}
            for task in site.tasks_of(post)
            for older, newer in [site.neighbours(post, task)]
        ]
        yield PageSpec(
            post.src_uri, "post.html", post.title,
            {"post": post, "tasks": tasks, "unit": site.unit_of(post), "tags": site.tags_of(post), "meta": describe(post)},
            content=post.body, updated=post.updated or post.date, pending=site.is_pending(post),
        )


def plan_pages(site: Site, *, page_size: int) -> Iterator[PageSpec]:
    newest = newest_update(site.posts)
    yield PageSpec("ke-hoach/index.md", "plans.html", "Kế hoạch tuyên truyền CCHC", {"plans": site.plans}, updated=newest)
    for plan in site.plans:
        yield _plan_page(site, plan)
        for task in plan.tasks:
            posts = site.posts_of(task)
            yield from _paginated(
                task.url, "task.html", f"Nhiệm vụ {task.id} – Kế hoạch {plan.number}", posts, page_size,
                feed=task.feed_url, plan=plan, task=task, count=len(posts),
            )


def _plan_page(site: Site, plan: Plan) -> PageSpec:
    counts = {task.id: len(site.posts_of(task)) for task in plan.tasks}
    posts = tuple(p for task in plan.tasks for p in site.posts_of(task))
    return PageSpec(
        f"{plan.url}index.md", "plan.html", f"Kế hoạch {plan.number}: {plan.title}",
        {"plan": plan, "counts": counts}, content=plan.body, updated=newest_update(posts),
    )


def list_pages(site: Site, *, page_size: int) -> Iterator[PageSpec]:
    yield from _paginated("tin-tuc/", "news.html", "Tin tức", site.posts, page_size, kind="news", months=site.months)
    years: dict[int, list[Any]] = {}
    for month in site.months:
        years.setdefault(month.year, []).append(month)
        # Paginated like every list: a busy month of a large site would otherwise be one huge page.
        yield from _paginated(month.url, "news.html", f"Tin tức tháng {month.month}/{month.year}", month.posts, page_size, kind="month")
    for year, months in years.items():
        yield PageSpec(
            f"tin-tuc/{year}/index.md", "archive-year.html", f"Tin tức năm {year}",
            {"year": year, "months": months}, updated=newest_update(tuple(p for m in months for p in m.posts)),
        )
    yield from _group_pages("don-vi", "Đơn vị", site.units, page_size, newest_update(site.posts))
    yield from _group_pages("chu-de", "Chủ đề", site.tags, page_size, newest_update(site.posts))


def _group_pages(base: str, label: str, groups: tuple[Group, ...], page_size: int, newest: datetime | None) -> Iterator[PageSpec]:
    yield PageSpec(f"{base}/index.md", "groups.html", label, {"groups": groups, "base": base, "label": label}, updated=newest)
    for group in groups:
        yield from _paginated(
            f"{base}/{group.slug}/", "news.html", f"{label}: {group.name}", group.posts, page_size, kind=base, group=group
        )


def all_pages(site: Site, *, page_size: int, describe: Callable[[Post], dict[str, Any]]) -> list[PageSpec]:
    return [*post_pages(site, describe), *plan_pages(site, page_size=page_size), *list_pages(site, page_size=page_size)]


def home_context(site: Site, *, latest: int) -> dict[str, Any]:
    return {"posts": site.posts[:latest], "plans": site.plans, "months": site.months[:12]}
