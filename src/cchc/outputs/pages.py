"""Which pages the site has, and what each template receives: typed contexts. Pure data.

A template sees its context as `cchc`; the hook renders our objects with a strict undefined, so a
misspelt `cchc.<name>` (or `post.<name>`) fails the build instead of rendering blank. A context holds
what its page shows and nothing more: no way to the whole site (a list of posts is a list of
`PostItem`, a group a `GroupLink` with its count), so the digest of a context (cchc.build.digests)
covers everything its template can read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import cached_property, partial
from typing import TypeVar

from cchc import urls
from cchc.cache.memo import Made
from cchc.content.answers import Answer
from cchc.content.settings import NATIONAL_PORTAL, ReportOptions
from cchc.dates import LOCAL_TZ
from cchc.model import Plan, Post, Procedure, RenderedBody, Task, newest_update
from cchc.outputs.metadata import Describe, PostMetadata
from cchc.site.linking import Group, Month, Site
from cchc.text import shorten

V = TypeVar("V")


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


@dataclass(frozen=True)
class AnswerLink:
    """A published answer as the side column of every desktop page lists it (overrides/partials/toc.html)."""

    title: str
    url: str
    answered: datetime


LATEST_ANSWERS = 3  # answers in the side column


def latest_answers(answers: Iterable[Answer], *, now: datetime, count: int = LATEST_ANSWERS) -> tuple[AnswerLink, ...]:
    """The `count` newest answers published at `now`, newest first: never a draft or a scheduled one, the
    preview included (the side column is the same on every page, and says what citizens can read)."""
    published = sorted((answer for answer in answers if answer.is_published(now)), key=Answer.sort_key)
    return tuple(AnswerLink(answer.title, answer.url, answer.answered) for answer in published[:count])


@dataclass(frozen=True, kw_only=True, eq=False)
class Context:
    """What every page of the project gives its template (the base of every context)."""

    feed: str | None = None  # a feed of this page besides the site feed (task pages)
    # The newest answers, which the side column of every page lists (overrides/partials/toc.html): a page's
    # input like any other, so a page's digest changes with them (cchc.build.digests) and the preview renders
    # again every page that shows them. Given to every page of a build by PageSpec.beside.
    latest_answers: tuple[AnswerLink, ...] = ()
    # The tab this page belongs to, by the URL the tab leads to: marked as the current section in the
    # tabs and the phone menu (overrides/partials/tabs-item.html, nav-item.html). None: no tab (search).
    section: str | None = None
    # A searched page's date in the index (PageSpec.searched, which is the same moment), for its template to
    # write as `data-search-datetime`; None: not searched.
    searched: datetime | None = None

    @property
    def meta(self) -> PostMetadata | None:
        """Machine-readable metadata of the page (post pages have some)."""
        return None

    @property
    def dated(self) -> bool:
        """A searched page with a date of its own: the search shows it. An undated one (UNDATED) shows none."""
        return self.searched is not None and self.searched != UNDATED


# The index needs a date for every searched page, and the pages a citizen may look for that have no date of
# their own (the feedback form, the feeds page, the lists of procedures and of answers) all get this one,
# fixed: before the site's first plan (2022), so on equal scores dated posts and answers come before them,
# and the same in every build, so their entries in the index never change with the clock. The search shows
# no date for them.
UNDATED = datetime(2000, 1, 1, tzinfo=LOCAL_TZ)


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

    def beside(self, answers: tuple[AnswerLink, ...]) -> PageSpec:
        """This page with the side column's newest answers in its context (Context.latest_answers)."""
        if self.context.latest_answers == answers:  # none published: every context has them already
            return self
        return replace(self, context=replace(self.context, latest_answers=answers))

    def searched_at(self, when: datetime = UNDATED) -> PageSpec:
        """This page, searched with the date `when` (by default the fixed UNDATED); its context tells its template."""
        return replace(self, context=replace(self.context, searched=when), searched=when)


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


@dataclass(frozen=True)
class Badge:
    """A task a post carries out, as a list shows it beside the post."""

    label: str  # the task's name cut to BADGE_LENGTH ("Nhiệm vụ 3" said nothing to a citizen)
    name: str
    url: str


@dataclass(frozen=True)
class PostItem:
    """A post as a list shows it."""

    post: Post
    unit_url: str
    badges: tuple[Badge, ...]
    pending: bool  # scheduled (or a draft): shown in the preview only


@dataclass(frozen=True)
class GroupLink:
    """A unit, a tag or a month as a link with its number of posts."""

    name: str
    url: str
    count: int


@dataclass(frozen=True)
class MonthLink:
    year: int
    month: int
    url: str
    count: int


@dataclass(frozen=True)
class TaskCount:
    task: Task
    count: int  # published posts carrying it out


@dataclass(frozen=True)
class PlanTasks:
    plan: Plan
    tasks: tuple[TaskCount, ...]


BADGE_LENGTH = 40  # characters: a few words a citizen reads at a glance; the whole name is the badge's title


def badge(site: Site, task: Task) -> Badge:
    return _badge(task, len(site.plans) > 1)


def _badge(task: Task, plans: bool) -> Badge:
    """`plans`: the site has more than one plan (the label says the task's year)."""
    label = shorten(task.name, BADGE_LENGTH) + (f" ({task.year})" if plans else "")
    return Badge(label, f"Nhiệm vụ {task.id}: {task.name}", task.url)


def post_items(site: Site, posts: Iterable[Post]) -> tuple[PostItem, ...]:
    return _Pages(site).items(posts)


class _Pages:
    """The pages of one build, made from the site; with `made` (the preview's), each post page, list item
    and list page is kept from the last build while what it is made of is the same (cchc.cache.memo.Made):
    every value made here is made by a function of the inputs named with it only, never of the site."""

    def __init__(self, site: Site, made: Made | None = None) -> None:
        self.site, self.made = site, made
        self._items: dict[str, PostItem] = {}  # one item per post in this build, in every list that shows it

    def kept(self, name: tuple[str, str], inputs: tuple[object, ...], make: Callable[[], V]) -> V:
        return make() if self.made is None else self.made.get(name, inputs, make)

    def item(self, post: Post) -> PostItem:
        item = self._items.get(post.url)
        if item is None:
            site = self.site
            inputs = (post, site.unit_of(post).url, site.tasks_of(post), len(site.plans) > 1, site.is_pending(post))
            item = self._items[post.url] = self.kept(("item", post.url), inputs, partial(_post_item, *inputs))
        return item

    def items(self, posts: Iterable[Post]) -> tuple[PostItem, ...]:
        made = self._items
        return tuple(made.get(post.url) or self.item(post) for post in posts)


def _post_item(post: Post, unit_url: str, tasks: tuple[Task, ...], plans: bool, pending: bool) -> PostItem:
    return PostItem(post, unit_url, tuple(_badge(task, plans) for task in tasks), pending)


def group_link(group: Group) -> GroupLink:
    return GroupLink(group.name, group.url, len(group.posts))


def month_link(month: Month) -> MonthLink:
    return MonthLink(month.year, month.month, month.url, len(month.posts))


def plan_tasks(site: Site, plan: Plan) -> PlanTasks:
    return PlanTasks(plan, tuple(TaskCount(task, len(site.posts_of(task))) for task in plan.tasks))


@dataclass(frozen=True, kw_only=True, eq=False)
class ListContext(Context):
    """news.html: the news, a month, a unit or a tag; one page of the list."""

    heading: str
    kind: str  # "news", "month", "unit" or "tag"
    posts: tuple[PostItem, ...]
    pager: Pager
    months: tuple[MonthLink, ...] = ()  # the archive links under the news list
    group: GroupLink | None = None


@dataclass(frozen=True)
class TaskEntry:
    """A task a post carries out, with the task's older and newer posts."""

    task: Task
    plan: Plan
    older: Post | None
    newer: Post | None


@dataclass(frozen=True)
class Crumb:
    """One step of a page's breadcrumb: where it sits in the site, from the home page."""

    name: str
    url: str


@dataclass(frozen=True)
class TagLink:
    label: str  # the post's own spelling of the tag
    url: str


@dataclass(frozen=True)
class Explainer:
    """What an explainer's page says besides its `procedure:` block: where the official record is, and what
    it says for a fact the post leaves out (a deadline, a fee, a number of copies, a form): never a bare
    "—", but "Chưa cập nhật — xem trên Cổng Dịch vụ công" linking where to read it."""

    record: str  # the procedure's page on the national portal (portal_id), "" without one
    lookup: str  # where a missing fact is read: the procedure's page, its published record, else the national portal
    duration: str  # the deadline as the summary shows it; "" when missing
    fee: str  # the fee as the summary shows it; "" when missing

    MISSING = "Chưa cập nhật"
    LOOKUP_TEXT = "xem trên Cổng Dịch vụ công"


def explainer(procedure: Procedure, *, national: str = NATIONAL_PORTAL) -> Explainer:
    """The explainer's context; `national`: extra.cchc.portals.national."""
    record = urls.national_procedure(national, procedure.portal_id) if procedure.portal_id else ""
    channels = procedure.channels

    def summary(general: str, per_channel: tuple[str, ...]) -> str:
        if general:
            return general
        return "Theo cách thức nộp (bảng dưới)" if channels and all(per_channel) else ""

    return Explainer(
        record=record, lookup=record or procedure.record_url or national,
        duration=summary(procedure.duration, tuple(channel.duration for channel in channels)),
        fee=summary(procedure.fee, tuple(channel.fee for channel in channels)),
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class PostContext(Context):
    post: Post
    pending: bool  # scheduled (or a draft): shown in the preview only
    tasks: tuple[TaskEntry, ...]
    unit: GroupLink
    tags: tuple[TagLink, ...]
    trail: tuple[Crumb, ...] = ()  # the breadcrumb above the title: home, section, year, month
    related: tuple[Post, ...] = ()  # what to read next: the same task's posts nearest in time first
    notices: tuple[str, ...] = ()  # the post's warnings, shown on its page in the preview only
    explainer: Explainer | None = None  # a TTHC explainer's (`procedure:`): links to the portal, missing facts
    # Made from the post, its tasks and the settings only: no part of the page's digest (cchc.build.digests).
    describe: Describe = field(default=lambda post, tasks: None, metadata={"digest": "derived"})

    @cached_property
    def meta(self) -> PostMetadata | None:
        """Made when the page is rendered: a preview renders a few pages of thousands."""
        return self.describe(self.post, tuple(entry.task for entry in self.tasks))


@dataclass(frozen=True, kw_only=True, eq=False)
class TaskContext(Context):
    plan: Plan
    task: Task
    posts: tuple[PostItem, ...]
    pager: Pager
    count: int
    answers: tuple[Answer, ...] = ()  # the task's published answers (Hỏi đáp), newest first


@dataclass(frozen=True)
class Letterhead:
    """Who issued a plan, as the top left of the signed document writes it (Nghị định 30/2020/NĐ-CP):
    the parent body, then the issuing body. The Sở's own letterhead (extra.cchc.report), as its Word reports."""

    parent: str  # "UBND TỈNH HƯNG YÊN"
    issuer: str  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO"

    @classmethod
    def of(cls, report: ReportOptions) -> Letterhead:
        return cls(report.parent, report.issuer)


SO_LETTERHEAD = Letterhead.of(ReportOptions())


@dataclass(frozen=True, kw_only=True, eq=False)
class PlanContext(Context):
    plan: Plan
    counts: Mapping[int, int]  # posts per task id
    searched: datetime  # the plan's date, as the search index shows it
    letterhead: Letterhead = SO_LETTERHEAD
    # The national motto block of every official document, above the place and date.
    nation: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"


def issued_at(day: date) -> datetime:
    """A plan's date as a moment (its first minute, Vietnamese time): how the search index dates it."""
    return datetime.combine(day, time(), LOCAL_TZ)


@dataclass(frozen=True, kw_only=True, eq=False)
class PlansContext(Context):
    plans: tuple[Plan, ...]


@dataclass(frozen=True, kw_only=True, eq=False)
class GroupsContext(Context):
    label: str
    groups: tuple[GroupLink, ...]


@dataclass(frozen=True, kw_only=True, eq=False)
class YearContext(Context):
    year: int
    months: tuple[MonthLink, ...]


@dataclass(frozen=True)
class Shortcut:
    """A large link at the top of the home page: what citizens come for, one tap away on a phone."""

    title: str
    text: str
    url: str


@dataclass(frozen=True, kw_only=True, eq=False)
class HomeContext(Context):
    posts: tuple[PostItem, ...]
    plans: tuple[PlanTasks, ...]
    shortcuts: tuple[Shortcut, ...] = ()


def _paginated(build: _Pages, base: str, template: str, title: str, posts: tuple[Post, ...], size: int,
               make: Callable[..., Context]) -> Iterator[PageSpec]:
    """`base`, `base/trang/2/`, …: at least one page, even for an empty list. `make(posts=, pager=)`
    gives each page's context (a context class with its other fields already given)."""
    count = max(1, -(-len(posts) // size))
    pages = tuple(urls.page(base, n) for n in range(1, count + 1))
    given = _given(make)
    for number, url in enumerate(pages, start=1):
        items = build.items(posts[(number - 1) * size : number * size])
        inputs = (url, template, title, items, number, count, base, given)  # `pages` is made of base and count
        yield build.kept(("list", url), inputs, partial(_list_page, url, template, title, items, Pager(number, count, pages), make))


def _list_page(url: str, template: str, title: str, items: tuple[PostItem, ...], pager: Pager,
               make: Callable[..., Context]) -> PageSpec:
    shown_title = title if pager.number == 1 else f"{title} (trang {pager.number})"
    return PageSpec(urls.source(url), template, shown_title, make(posts=items, pager=pager),
                    updated=newest_update(item.post for item in items))


def _given(make: Callable[..., Context]) -> tuple[object, ...]:
    """What a list's context is given besides its posts and pager, as inputs (cchc.cache.memo.same): the
    values made again for every build (links, answers) by their repr, which shows every field."""
    assert isinstance(make, partial) and not make.args
    return (make.func, *((name, _input(value)) for name, value in sorted(make.keywords.items())))


def _input(value: object) -> object:
    if value is None or isinstance(value, str | int | bool | Plan | Task | Post):
        return value  # plain, or kept from build to build while its file is unchanged
    if isinstance(value, tuple):
        return tuple(map(_input, value))
    return repr(value)


RELATED = 4  # posts under "Tin liên quan"


def post_trail(post: Post, section: Section) -> tuple[Crumb, ...]:
    """Home › the post's section › its year › its month (an explainer: home › procedures)."""
    trail = (Crumb(HOME_TAB.title, HOME_TAB.url), Crumb(section.title, section.url))
    if section is PROCEDURES_TAB:
        return trail
    day = post.date
    return (*trail, Crumb(f"Năm {day.year}", urls.year(day.year)), Crumb(f"Tháng {day.month}", urls.month(day.year, day.month)))


def post_pages(site: Site, describe: Describe, notices: Mapping[str, tuple[str, ...]] | None = None, *,
               national: str = NATIONAL_PORTAL) -> Iterator[PageSpec]:
    """Post pages; `describe` gives a post's machine-readable metadata (see metadata.py); `notices`,
    the preview's warnings by post file; `national`, the national portal explainers link to."""
    return _post_pages(_Pages(site), describe, notices, national)


def _post_pages(build: _Pages, describe: Describe, notices: Mapping[str, tuple[str, ...]] | None, national: str) -> Iterator[PageSpec]:
    site = build.site
    for post in site.posts:
        inputs = _post_inputs(site, post, notices or {}, national)
        yield build.kept(("post", post.src_uri), inputs, partial(_post_page, inputs, describe))


# What a post's page is made of (_post_page): the post, whether it is pending, its tasks (task, plan, older and
# newer post), its unit (name, URL, number of posts), its tags (spelling, URL), related posts, notices, the portal.
PostInputs = tuple[Post, bool, tuple[tuple[Task, Plan, Post | None, Post | None], ...], tuple[str, str, int],
                   tuple[tuple[str, str], ...], tuple[Post, ...], tuple[str, ...], str]


def _post_inputs(site: Site, post: Post, notices: Mapping[str, tuple[str, ...]], national: str) -> PostInputs:
    unit = site.unit_of(post)
    return (post, site.is_pending(post),
            tuple((task, site.plan(task.year), *site.neighbours(post, task)) for task in site.tasks_of(post)),
            (unit.name, unit.url, len(unit.posts)), tuple((tag, group.url) for tag, group in site.tag_links(post)),
            site.related(post, RELATED), notices.get(post.path, ()), national)


def _post_page(inputs: PostInputs, describe: Describe) -> PageSpec:
    post, pending, tasks, (unit_name, unit_url, unit_count), tags, related, notices, national = inputs
    section = PROCEDURES_TAB if post.procedure is not None else NEWS_TAB
    context = PostContext(describe=describe, section=section.url, post=post, pending=pending,
                          tasks=tuple(TaskEntry(task, plan, older, newer) for task, plan, older, newer in tasks),
                          unit=GroupLink(unit_name, unit_url, unit_count), tags=tuple(TagLink(tag, url) for tag, url in tags),
                          trail=post_trail(post, section), related=related, notices=notices,
                          explainer=explainer(post.procedure, national=national) if post.procedure else None)
    return PageSpec(post.src_uri, "post.html", post.title, context, updated=post.last_change, body=post.rendered,
                    searched=post.date)


def plan_pages(site: Site, *, page_size: int,
               answers_of: Callable[[Task], tuple[Answer, ...]] = lambda task: (),
               letterhead: Letterhead = SO_LETTERHEAD) -> Iterator[PageSpec]:
    return _plan_pages(_Pages(site), page_size, answers_of, letterhead)


def _plan_pages(build: _Pages, page_size: int, answers_of: Callable[[Task], tuple[Answer, ...]],
                letterhead: Letterhead) -> Iterator[PageSpec]:
    site = build.site
    newest = site.newest
    yield PageSpec(urls.source(urls.PLANS), "plans.html", "Kế hoạch tuyên truyền CCHC",
                   PlansContext(section=PLANS_TAB.url, plans=site.plans), updated=newest)
    for plan in site.plans:
        yield _plan_page(site, plan, letterhead)
        for task in plan.tasks:
            posts = site.posts_of(task)
            pages = _paginated(
                build, task.url, "task.html", f"Nhiệm vụ {task.id} – Kế hoạch {plan.number}", posts, page_size,
                partial(TaskContext, section=PLANS_TAB.url, feed=task.feed_url, plan=plan, task=task, count=len(posts),
                        answers=answers_of(task)),
            )
            first = next(pages)
            assert isinstance(first.context, TaskContext)
            when = issued_at(plan.issued)
            # The first page of a task is searched, dated by its plan.
            yield build.kept(("searched", first.src_uri), (first, repr(when)), partial(first.searched_at, when))
            yield from pages


def _plan_page(site: Site, plan: Plan, letterhead: Letterhead) -> PageSpec:
    counts = {task.id: len(site.posts_of(task)) for task in plan.tasks}
    posts = tuple(p for task in plan.tasks for p in site.posts_of(task))
    when = issued_at(plan.issued)
    return PageSpec(
        urls.source(plan.url), "plan.html", f"Kế hoạch {plan.number}: {plan.title}",
        PlanContext(section=PLANS_TAB.url, plan=plan, counts=counts, searched=when, letterhead=letterhead), content=plan.body,
        updated=newest_update(posts), searched=when,
    )


def list_pages(site: Site, *, page_size: int) -> Iterator[PageSpec]:
    return _list_pages(_Pages(site), page_size)


def _list_pages(build: _Pages, page_size: int) -> Iterator[PageSpec]:
    site = build.site
    yield from _paginated(build, urls.NEWS, "news.html", "Tin tức", site.posts, page_size,
                          partial(ListContext, section=NEWS_TAB.url, heading="Tin tức", kind="news",
                                  months=tuple(map(month_link, site.months))))
    years: dict[int, list[Month]] = {}
    for month in site.months:
        years.setdefault(month.year, []).append(month)
        # Paginated like every list: a busy month of a large site would otherwise be one huge page.
        heading = f"Tin tức tháng {month.month}/{month.year}"
        yield from _paginated(build, month.url, "news.html", heading, month.posts, page_size,
                              partial(ListContext, section=NEWS_TAB.url, heading=heading, kind="month"))
    for year, months in years.items():
        yield PageSpec(
            urls.source(urls.year(year)), "archive-year.html", f"Tin tức năm {year}",
            YearContext(section=NEWS_TAB.url, year=year, months=tuple(map(month_link, months))),
            updated=newest_update(tuple(p for m in months for p in m.posts)),
        )
    yield from _group_pages(build, UNITS_TAB, "unit", "Đơn vị", site.units, page_size)
    yield from _group_pages(build, TAGS_TAB, "tag", "Chủ đề", site.tags, page_size)


def _group_pages(build: _Pages, tab: Section, kind: str, label: str, groups: tuple[Group, ...], page_size: int) -> Iterator[PageSpec]:
    yield PageSpec(urls.source(tab.url), "groups.html", label,
                   GroupsContext(section=tab.url, label=label, groups=tuple(map(group_link, groups))),
                   updated=build.site.newest)
    for group in groups:
        heading = f"{label}: {group.name}"
        yield from _paginated(build, group.url, "news.html", heading, group.posts, page_size,
                              partial(ListContext, section=tab.url, heading=heading, kind=kind, group=group_link(group)))


def search_order(spec: PageSpec) -> tuple[float, str]:
    """The order of the search index's pages, newest first (search.SearchPage.sort_key): searched pages
    written in it are indexed as they come, without reading the built site again."""
    assert spec.searched is not None
    return (-spec.searched.timestamp(), spec.url)


def searched_first(pages: Iterable[PageSpec]) -> list[PageSpec]:
    """Searched pages first, in the index's order (search_order), then the others as they come: the build
    writes them in this order, and the index is made as they come (cchc.search.process)."""
    listed = list(pages)
    return [*sorted((spec for spec in listed if spec.searched), key=search_order), *(spec for spec in listed if not spec.searched)]


def all_pages(site: Site, *, page_size: int, describe: Describe,
              notices: Mapping[str, tuple[str, ...]] | None = None, searched: Iterable[PageSpec] = (),
              answers_of: Callable[[Task], tuple[Answer, ...]] = lambda task: (),
              national: str = NATIONAL_PORTAL, letterhead: Letterhead = SO_LETTERHEAD, made: Made | None = None) -> list[PageSpec]:
    """Searched pages first (posts, plans, the first page of each task, and the other `searched` pages:
    answers), newest first; then the others. `made`: the preview's pages of its last build, kept where
    made of the same inputs (_Pages)."""
    build = _Pages(site, made)
    pages = [*_post_pages(build, describe, notices, national), *searched, *_plan_pages(build, page_size, answers_of, letterhead),
             *_list_pages(build, page_size)]
    return searched_first(pages)


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
    return HomeContext(section=HOME_TAB.url, posts=post_items(site, site.posts[:latest]),
                       plans=tuple(plan_tasks(site, plan) for plan in site.plans), shortcuts=shortcuts)


def site_nav() -> list[dict[str, str]]:
    """The site's navigation, MkDocs' `nav`: Material shows it as the tabs and as the phone menu.
    Flat (one page per section), so no sidebar holds a single link."""
    return [{section.title: urls.source(section.url)} for section in SECTIONS]
