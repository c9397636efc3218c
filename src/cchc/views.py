"""Which pages the site has, and what each template receives: typed contexts. Pure data.

A template sees its context as `cchc`; the hook renders our objects with a strict undefined, so a
misspelt `cchc.<name>` (or `post.<name>`) fails the build instead of rendering blank.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, partial

from . import urls
from .answers import Answer
from .link import Group, Month, Site
from .metadata import PostMetadata
from .model import Plan, Post, RenderedBody, Task, newest_update


@dataclass(frozen=True, kw_only=True, eq=False)
class Context:
    """What every page of the project gives its template (the base of every context)."""

    site: Site
    feed: str | None = None  # a feed of this page besides the site feed (task pages)

    @property
    def meta(self) -> PostMetadata | None:
        """Machine-readable metadata of the page (post pages have some)."""
        return None


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    template: str
    title: str
    context: Context
    content: str = ""  # Markdown for MkDocs to render
    updated: datetime | None = None
    body: RenderedBody | None = None  # a body the core has rendered already (posts): MkDocs renders nothing

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix("index.md")


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    urls: tuple[str, ...]

    @property
    def previous_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


@dataclass(frozen=True, kw_only=True, eq=False)
class ListContext(Context):
    """news.html: the news, a month, a unit or a tag; one page of the list."""

    heading: str
    kind: str  # "news", "month", "unit" or "tag"
    posts: tuple[Post, ...]
    pager: Pager
    months: tuple[Month, ...] = ()  # the archive links under the news list
    group: Group | None = None


@dataclass(frozen=True)
class TaskEntry:
    """A task a post carries out, with the task's older and newer posts."""

    task: Task
    plan: Plan
    older: Post | None
    newer: Post | None


@dataclass(frozen=True)
class TagLink:
    label: str  # the post's own spelling of the tag
    url: str


@dataclass(frozen=True, kw_only=True, eq=False)
class PostContext(Context):
    post: Post
    tasks: tuple[TaskEntry, ...]
    unit: Group
    tags: tuple[TagLink, ...]
    notices: tuple[str, ...] = ()  # the post's warnings, shown on its page in the preview only
    describe: Callable[[Post], PostMetadata | None] = lambda post: None

    @cached_property
    def meta(self) -> PostMetadata | None:
        """Made when the page is rendered: a preview renders a few pages of thousands."""
        return self.describe(self.post)


@dataclass(frozen=True, kw_only=True, eq=False)
class TaskContext(Context):
    plan: Plan
    task: Task
    posts: tuple[Post, ...]
    pager: Pager
    count: int
    answers: tuple[Answer, ...] = ()  # the task's published answers (Hỏi đáp), newest first


@dataclass(frozen=True, kw_only=True, eq=False)
class PlanContext(Context):
    plan: Plan
    counts: Mapping[int, int]  # posts per task id


@dataclass(frozen=True, kw_only=True, eq=False)
class PlansContext(Context):
    plans: tuple[Plan, ...]


@dataclass(frozen=True, kw_only=True, eq=False)
class GroupsContext(Context):
    label: str
    groups: tuple[Group, ...]


@dataclass(frozen=True, kw_only=True, eq=False)
class YearContext(Context):
    year: int
    months: tuple[Month, ...]


@dataclass(frozen=True, kw_only=True, eq=False)
class HomeContext(Context):
    posts: tuple[Post, ...]
    plans: tuple[Plan, ...]
    months: tuple[Month, ...]


def _paginated(base: str, template: str, title: str, posts: tuple[Post, ...], size: int,
               make: Callable[..., Context]) -> Iterator[PageSpec]:
    """`base`, `base/trang/2/`, …: at least one page, even for an empty list. `make(posts=, pager=)`
    gives each page's context (a context class with its other fields already given)."""
    count = max(1, -(-len(posts) // size))
    pages = tuple(urls.page(base, n) for n in range(1, count + 1))
    for number, url in enumerate(pages, start=1):
        chunk = posts[(number - 1) * size : number * size]
        shown_title = title if number == 1 else f"{title} (trang {number})"
        yield PageSpec(urls.source(url), template, shown_title, make(posts=chunk, pager=Pager(number, count, pages)),
                       updated=newest_update(chunk))


def post_pages(site: Site, describe: Callable[[Post], PostMetadata | None],
               notices: Mapping[str, tuple[str, ...]] | None = None) -> Iterator[PageSpec]:
    """Post pages; `describe` gives a post's machine-readable metadata (see metadata.py); `notices`,
    the preview's warnings by post file."""
    for post in site.posts:
        tasks = tuple(
            TaskEntry(task, site.plan(task.year), older, newer)
            for task in site.tasks_of(post)
            for older, newer in [site.neighbours(post, task)]
        )
        context = PostContext(site=site, describe=describe, post=post, tasks=tasks, unit=site.unit_of(post),
                              tags=tuple(TagLink(tag, group.url) for tag, group in site.tag_links(post)),
                              notices=(notices or {}).get(post.path, ()))
        yield PageSpec(post.src_uri, "post.html", post.title, context, updated=post.last_change, body=post.rendered)


def plan_pages(site: Site, *, page_size: int,
               answers_of: Callable[[Task], tuple[Answer, ...]] = lambda task: ()) -> Iterator[PageSpec]:
    newest = newest_update(site.posts)
    yield PageSpec(urls.source(urls.PLANS), "plans.html", "Kế hoạch tuyên truyền CCHC",
                   PlansContext(site=site, plans=site.plans), updated=newest)
    for plan in site.plans:
        yield _plan_page(site, plan)
        for task in plan.tasks:
            posts = site.posts_of(task)
            yield from _paginated(
                task.url, "task.html", f"Nhiệm vụ {task.id} – Kế hoạch {plan.number}", posts, page_size,
                partial(TaskContext, site=site, feed=task.feed_url, plan=plan, task=task, count=len(posts),
                        answers=answers_of(task)),
            )


def _plan_page(site: Site, plan: Plan) -> PageSpec:
    counts = {task.id: len(site.posts_of(task)) for task in plan.tasks}
    posts = tuple(p for task in plan.tasks for p in site.posts_of(task))
    return PageSpec(
        urls.source(plan.url), "plan.html", f"Kế hoạch {plan.number}: {plan.title}",
        PlanContext(site=site, plan=plan, counts=counts), content=plan.body, updated=newest_update(posts),
    )


def list_pages(site: Site, *, page_size: int) -> Iterator[PageSpec]:
    yield from _paginated(urls.NEWS, "news.html", "Tin tức", site.posts, page_size,
                          partial(ListContext, site=site, heading="Tin tức", kind="news", months=site.months))
    years: dict[int, list[Month]] = {}
    for month in site.months:
        years.setdefault(month.year, []).append(month)
        # Paginated like every list: a busy month of a large site would otherwise be one huge page.
        heading = f"Tin tức tháng {month.month}/{month.year}"
        yield from _paginated(month.url, "news.html", heading, month.posts, page_size,
                              partial(ListContext, site=site, heading=heading, kind="month"))
    for year, months in years.items():
        yield PageSpec(
            urls.source(urls.year(year)), "archive-year.html", f"Tin tức năm {year}",
            YearContext(site=site, year=year, months=tuple(months)),
            updated=newest_update(tuple(p for m in months for p in m.posts)),
        )
    yield from _group_pages(site, urls.UNITS, "unit", "Đơn vị", site.units, page_size)
    yield from _group_pages(site, urls.TAGS, "tag", "Chủ đề", site.tags, page_size)


def _group_pages(site: Site, base: str, kind: str, label: str, groups: tuple[Group, ...], page_size: int) -> Iterator[PageSpec]:
    yield PageSpec(urls.source(base), "groups.html", label, GroupsContext(site=site, label=label, groups=groups),
                   updated=newest_update(site.posts))
    for group in groups:
        heading = f"{label}: {group.name}"
        yield from _paginated(group.url, "news.html", heading, group.posts, page_size,
                              partial(ListContext, site=site, heading=heading, kind=kind, group=group))


def _newest_first(spec: PageSpec) -> tuple[float, str]:
    """The order the search index numbers its pages in (src/cchc/search.py): searched pages written in
    it are indexed as they come, with no re-read of the built site. Other searched pages (answers) are
    dated by their `updated`."""
    when = spec.context.post.date if isinstance(spec.context, PostContext) else spec.updated
    assert when is not None
    return (-when.timestamp(), spec.url)


def all_pages(site: Site, *, page_size: int, describe: Callable[[Post], PostMetadata | None],
              notices: Mapping[str, tuple[str, ...]] | None = None, searched: Iterable[PageSpec] = (),
              answers_of: Callable[[Task], tuple[Answer, ...]] = lambda task: ()) -> list[PageSpec]:
    """Posts first, with other `searched` pages (answers) among them newest first; then plans, tasks, lists."""
    return [*heapq.merge(post_pages(site, describe, notices), sorted(searched, key=_newest_first), key=_newest_first),
            *plan_pages(site, page_size=page_size, answers_of=answers_of), *list_pages(site, page_size=page_size)]


def home_context(site: Site, *, latest: int) -> HomeContext:
    return HomeContext(site=site, posts=site.posts[:latest], plans=site.plans, months=site.months[:12])


def site_nav() -> list[dict[str, str]]:
    """The site's navigation (Material shows it as tabs): MkDocs' `nav`, made from the URL rules."""
    sections = (("Trang chủ", "index.md"), ("Tin tức", urls.NEWS), ("Kế hoạch", urls.PLANS),
                ("Đơn vị", urls.UNITS), ("Chủ đề", urls.TAGS))
    return [{title: uri if uri.endswith(".md") else urls.source(uri)} for title, uri in sections]
