"""Which pages the site has, and what each template receives: typed contexts. Pure data.

A template sees its context as `cchc`; the hook renders our objects with a strict undefined, so a
misspelt `cchc.<name>` (or `post.<name>`) fails the build instead of rendering blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from functools import cached_property, partial

from cchc import urls
from cchc.content.answers import Answer
from cchc.dates import LOCAL_TZ
from cchc.model import Plan, Post, RenderedBody, Task, newest_update
from cchc.outputs.metadata import PostMetadata
from cchc.site.linking import Group, Month, Site


@dataclass(frozen=True)
class Section:
    """A part of the site, shown as a tab (and an entry of the phone menu) that leads to `url`."""

    title: str
    url: str


HOME_TAB = Section("Trang chủ", urls.HOME)
NEWS_TAB = Section("Tin tức", urls.NEWS)
PROCEDURES_TAB = Section("Thủ tục hành chính", urls.PROCEDURES)
PLANS_TAB = Section("Kế hoạch", urls.PLANS)
# The published answers (hoi-dap/), which lead to the form (gop-y/): both pages are in this tab.
FEEDBACK_TAB = Section("Góp ý – Hỏi đáp", urls.ANSWERS)
UNITS_TAB = Section("Đơn vị", urls.UNITS)
TAGS_TAB = Section("Chủ đề", urls.TAGS)
SECTIONS = (HOME_TAB, NEWS_TAB, PROCEDURES_TAB, PLANS_TAB, FEEDBACK_TAB, UNITS_TAB, TAGS_TAB)


@dataclass(frozen=True, kw_only=True, eq=False)
class Context:
    """What every page of the project gives its template (the base of every context)."""

    site: Site
    feed: str | None = None  # a feed of this page besides the site feed (task pages)
    # The tab this page belongs to, by the URL the tab leads to: marked as the current section in the
    # tabs and the phone menu (overrides/partials/tabs-item.html, nav-item.html). None: no tab (search).
    section: str | None = None

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
    # Searched pages (src/cchc/search/index.py): the moment the page is dated by in the index, the one its
    # template writes as `data-search-datetime`. None: not searched.
    searched: datetime | None = None

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
    searched: datetime | None = None  # the first page of a task is searched, dated by its plan
    answers: tuple[Answer, ...] = ()  # the task's published answers (Hỏi đáp), newest first


@dataclass(frozen=True, kw_only=True, eq=False)
class PlanContext(Context):
    plan: Plan
    counts: Mapping[int, int]  # posts per task id
    searched: datetime  # the plan's date, as the search index shows it


def issued_at(day: date) -> datetime:
    """A plan's date as a moment (its first minute, Vietnamese time): how the search index dates it."""
    return datetime.combine(day, time(), LOCAL_TZ)


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


@dataclass(frozen=True)
class Shortcut:
    """A large link at the top of the home page: what citizens come for, one tap away on a phone."""

    title: str
    text: str
    url: str


@dataclass(frozen=True, kw_only=True, eq=False)
class HomeContext(Context):
    posts: tuple[Post, ...]
    plans: tuple[Plan, ...]
    months: tuple[Month, ...]
    shortcuts: tuple[Shortcut, ...] = ()


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
        section = PROCEDURES_TAB if post.procedure is not None else NEWS_TAB
        context = PostContext(site=site, describe=describe, section=section.url, post=post, tasks=tasks, unit=site.unit_of(post),
                              tags=tuple(TagLink(tag, group.url) for tag, group in site.tag_links(post)),
                              notices=(notices or {}).get(post.path, ()))
        yield PageSpec(post.src_uri, "post.html", post.title, context, updated=post.last_change, body=post.rendered,
                       searched=post.date)


def plan_pages(site: Site, *, page_size: int,
               answers_of: Callable[[Task], tuple[Answer, ...]] = lambda task: ()) -> Iterator[PageSpec]:
    newest = newest_update(site.posts)
    yield PageSpec(urls.source(urls.PLANS), "plans.html", "Kế hoạch tuyên truyền CCHC",
                   PlansContext(site=site, section=PLANS_TAB.url, plans=site.plans), updated=newest)
    for plan in site.plans:
        yield _plan_page(site, plan)
        for task in plan.tasks:
            posts = site.posts_of(task)
            pages = _paginated(
                task.url, "task.html", f"Nhiệm vụ {task.id} – Kế hoạch {plan.number}", posts, page_size,
                partial(TaskContext, site=site, section=PLANS_TAB.url, feed=task.feed_url, plan=plan, task=task, count=len(posts),
                        answers=answers_of(task)),
            )
            first = next(pages)
            assert isinstance(first.context, TaskContext)
            when = issued_at(plan.issued)
            yield replace(first, context=replace(first.context, searched=when), searched=when)
            yield from pages


def _plan_page(site: Site, plan: Plan) -> PageSpec:
    counts = {task.id: len(site.posts_of(task)) for task in plan.tasks}
    posts = tuple(p for task in plan.tasks for p in site.posts_of(task))
    when = issued_at(plan.issued)
    return PageSpec(
        urls.source(plan.url), "plan.html", f"Kế hoạch {plan.number}: {plan.title}",
        PlanContext(site=site, section=PLANS_TAB.url, plan=plan, counts=counts, searched=when), content=plan.body,
        updated=newest_update(posts), searched=when,
    )


def list_pages(site: Site, *, page_size: int) -> Iterator[PageSpec]:
    yield from _paginated(urls.NEWS, "news.html", "Tin tức", site.posts, page_size,
                          partial(ListContext, site=site, section=NEWS_TAB.url, heading="Tin tức", kind="news",
                                  months=site.months))
    years: dict[int, list[Month]] = {}
    for month in site.months:
        years.setdefault(month.year, []).append(month)
        # Paginated like every list: a busy month of a large site would otherwise be one huge page.
        heading = f"Tin tức tháng {month.month}/{month.year}"
        yield from _paginated(month.url, "news.html", heading, month.posts, page_size,
                              partial(ListContext, site=site, section=NEWS_TAB.url, heading=heading, kind="month"))
    for year, months in years.items():
        yield PageSpec(
            urls.source(urls.year(year)), "archive-year.html", f"Tin tức năm {year}",
            YearContext(site=site, section=NEWS_TAB.url, year=year, months=tuple(months)),
            updated=newest_update(tuple(p for m in months for p in m.posts)),
        )
    yield from _group_pages(site, UNITS_TAB, "unit", "Đơn vị", site.units, page_size)
    yield from _group_pages(site, TAGS_TAB, "tag", "Chủ đề", site.tags, page_size)


def _group_pages(site: Site, tab: Section, kind: str, label: str, groups: tuple[Group, ...], page_size: int) -> Iterator[PageSpec]:
    yield PageSpec(urls.source(tab.url), "groups.html", label,
                   GroupsContext(site=site, section=tab.url, label=label, groups=groups), updated=newest_update(site.posts))
    for group in groups:
        heading = f"{label}: {group.name}"
        yield from _paginated(group.url, "news.html", heading, group.posts, page_size,
                              partial(ListContext, site=site, section=tab.url, heading=heading, kind=kind, group=group))


def search_order(spec: PageSpec) -> tuple[float, str]:
    """The order of the search index's pages, newest first (search.SearchPage.sort_key): searched pages
    written in it are indexed as they come, without reading the built site again."""
    assert spec.searched is not None
    return (-spec.searched.timestamp(), spec.url)


def all_pages(site: Site, *, page_size: int, describe: Callable[[Post], PostMetadata | None],
              notices: Mapping[str, tuple[str, ...]] | None = None, searched: Iterable[PageSpec] = (),
              answers_of: Callable[[Task], tuple[Answer, ...]] = lambda task: ()) -> list[PageSpec]:
    """Searched pages first (posts, plans, the first page of each task, and the other `searched` pages:
    answers), newest first; then the others."""
    pages = [*post_pages(site, describe, notices), *searched, *plan_pages(site, page_size=page_size, answers_of=answers_of),
             *list_pages(site, page_size=page_size)]
    return [*sorted((spec for spec in pages if spec.searched), key=search_order), *(spec for spec in pages if not spec.searched)]


def home_context(site: Site, *, latest: int) -> HomeContext:
    plan = site.plans[-1] if site.plans else None
    shortcuts = (
        Shortcut("Thủ tục hành chính", "Cần chuẩn bị gì, nộp ở đâu, mất bao lâu, tốn bao nhiêu", PROCEDURES_TAB.url),
        Shortcut("Góp ý – Hỏi đáp", "Câu hỏi đã được trả lời; gửi góp ý, phản ánh, kiến nghị", FEEDBACK_TAB.url),
        Shortcut(f"Kế hoạch {plan.number}" if plan else "Kế hoạch",
                 f"Kế hoạch tuyên truyền cải cách hành chính năm {plan.year} và các nhiệm vụ" if plan
                 else "Kế hoạch tuyên truyền cải cách hành chính", plan.url if plan else PLANS_TAB.url),
        Shortcut("Tin tức", "Tin cải cách hành chính của Sở và các đơn vị trong ngành", NEWS_TAB.url),
    )
    return HomeContext(site=site, section=HOME_TAB.url, posts=site.posts[:latest], plans=site.plans,
                       months=site.months[:12], shortcuts=shortcuts)


def site_nav() -> list[dict[str, str]]:
    """The site's navigation, MkDocs' `nav`: Material shows it as the tabs and as the phone menu.
    Flat (one page per section), so no sidebar holds a single link."""
    return [{section.title: urls.source(section.url)} for section in SECTIONS]
