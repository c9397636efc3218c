"""The plan-execution report (section III of the plan): posts per task, half year, unit and month.

Counting rules, shown on the report page too:

- Only published posts count: drafts and scheduled posts never do, in the preview neither.
- A post counts for the plan of its `plan` year (default: the year of its date), once for
  each task it names; totals count each post once.
- Halves go by the post's local date (Asia/Ho_Chi_Minh): 2022-06-30T23:30:00+00:00 is
  01/7/2022 in Hưng Yên, so it is in the second half. A post dated after the plan's year
  (a January 2023 report with `plan: 2022`) counts in the second half and the whole year;
  one dated before it, in the first half.
- A unit's report (`unit=`) counts the same way, keeping only the posts of that unit.

Everything the report shows (page, CSV, `cchc report`, the Word documents) is read from one
`Report`; the tables as text cells come from `report_table`, `unit_table` and `month_table`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial

from cchc import urls
from cchc.cache.memo import Made
from cchc.content.feedback_counts import FeedbackCounts, Tally
from cchc.dates import LOCAL_TZ
from cchc.model import Plan, Post, Task
from cchc.outputs.csv_safe import render_rows
from cchc.outputs.pages import PLANS_TAB, Context, PageSpec, issued_at
from cchc.reports.signed import SignedReport
from cchc.site.linking import Group, Site
from cchc.site.timeframe import task_months
from cchc.text import slugify, sort_key

HALVES = {1: "6 tháng đầu năm", 2: "6 tháng cuối năm"}
YEAR = "cả năm"


def half_of(post: Post, plan_year: int) -> int:
    """1 or 2: the half of `plan_year` a post counts in, by its local date."""
    return half_of_date(post.date, plan_year)


def half_of_date(moment: datetime, plan_year: int) -> int:
    local = moment.astimezone(LOCAL_TZ)
    return half_of_month(local.year, local.month, plan_year)


def half_of_month(year: int, month: int, plan_year: int) -> int:
    """1 or 2: the half of `plan_year` a month counts in; months outside the year go to the nearer end."""
    if year != plan_year:
        return 2 if year > plan_year else 1
    return 1 if month <= 6 else 2


def period_name(half: int | None) -> str:
    """`6 tháng đầu năm`, `6 tháng cuối năm` or `cả năm`."""
    return HALVES[half] if half else YEAR


@dataclass(frozen=True)
class Entry:
    """A counted post as the Word report lists it. Not the Post itself: the report page's context holds
    these, and the preview re-renders a page when a post in its context changes (a body edit must not)."""

    title: str
    url: str
    date: datetime


@dataclass(frozen=True)
class Count:
    """The posts of one task (or of all tasks) in one period."""

    items: tuple[Entry, ...]  # oldest first
    units: tuple[str, ...]  # the units that posted, in Vietnamese dictionary order
    due: bool  # the task's timeframe covers the period (or names no period)

    @property
    def posts(self) -> int:
        return len(self.items)

    @property
    def missing(self) -> bool:
        """No post although the task should have run: flagged in the report."""
        return self.posts == 0 and self.due


@dataclass(frozen=True)
class TaskRow:
    task: Task
    first: Count
    second: Count
    year: Count

    def period(self, half: int | None) -> Count:
        return self.year if half is None else (self.first, self.second)[half - 1]

    def notes(self, half: int | None) -> tuple[str, ...]:
        """Why a number needs a look: no post in a period, or a zero outside the task's timeframe.
        The yearly report (half=None) shows the first half and the whole year."""
        if half is None and self.year.missing:
            return (f"Chưa có tin bài {YEAR}",)
        number = 1 if half is None else half
        shown = self.period(number)
        if shown.missing:
            return (f"Chưa có tin bài {HALVES[number]}",)
        if shown.posts == 0:
            return (f"{HALVES[number]} ngoài thời gian thực hiện",)
        return ()


@dataclass(frozen=True)
class UnitRow:
    name: str
    url: str
    first: int
    second: int
    year: int


@dataclass(frozen=True)
class Bar:
    """One month of the chart; geometry in SVG user units."""

    year: int
    month: int
    posts: int
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        """y of the row's text: the middle of the bar."""
        return self.y + self.height / 2

    @property
    def label(self) -> str:
        return f"T{self.month}"

    @property
    def name(self) -> str:
        return f"Tháng {self.month}/{self.year}"


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: float
    height: float
    baseline: float  # x of the axis, where every bar starts
    plan_year: int

    @property
    def description(self) -> str:
        """The chart as text, for <desc> and screen readers."""
        return "; ".join(f"{bar.name}: {bar.posts} tin bài" for bar in self.bars) + "."


@dataclass(frozen=True)
class Report:
    plan: Plan
    rows: tuple[TaskRow, ...]
    units: tuple[UnitRow, ...]
    chart: Chart
    first: int  # posts, each counted once
    second: int
    year: int
    outside_year: int  # counted posts dated outside the plan's year
    newest: datetime | None
    unit: str | None = None  # a unit's own report: only its posts are counted

    @property
    def url(self) -> str:
        return urls.report(self.plan.year)

    @property
    def csv_url(self) -> str:
        return urls.report_csv(self.plan.year)

    def total(self, half: int | None) -> int:
        return self.year if half is None else (self.first, self.second)[half - 1]

    def missing(self, half: int | None) -> tuple[TaskRow, ...]:
        return tuple(row for row in self.rows if row.period(half).missing)

    def months(self, half: int | None) -> tuple[Bar, ...]:
        """The months of a period with their counts (the chart's bars), months without posts included."""
        return tuple(bar for bar in self.chart.bars
                     if half is None or half_of_month(bar.year, bar.month, self.plan.year) == half)


# Chart geometry: one row per month (the month on the left, its bar, the count after it), 300 units wide
# whatever the number of months, so a phone's 360 px screen shows it at full size or larger: its 12-unit
# labels are never drawn smaller than 12 px (a column per month, 13 months wide, came out at 7 px).
_WIDTH, _ROW, _BAR, _LABELS, _COUNT, _MARGIN = 300.0, 24.0, 16.0, 64.0, 36.0, 4.0
_PLOT = _WIDTH - _LABELS - _COUNT  # the longest bar


def _chart(posts: Iterable[Counted], plan_year: int) -> Chart:
    per_month: dict[tuple[int, int], int] = {}
    for post in posts:
        local = post.date.astimezone(LOCAL_TZ)
        per_month[(local.year, local.month)] = per_month.get((local.year, local.month), 0) + 1
    first = min([(plan_year, 1), *per_month])
    last = max([(plan_year, 12), *per_month])
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    highest = max(per_month.values(), default=0)
    bars = []
    for index, (year, month) in enumerate(months):
        count = per_month.get((year, month), 0)
        length = round(_PLOT * count / highest, 1) if highest else 0.0
        bars.append(Bar(year, month, count, x=_LABELS, y=_MARGIN + index * _ROW + (_ROW - _BAR) / 2,
                        width=length, height=_BAR))
    return Chart(tuple(bars), width=_WIDTH, height=_MARGIN * 2 + len(months) * _ROW, baseline=_LABELS,
                 plan_year=plan_year)


@lru_cache(maxsize=4096)  # unit names: few, but a long preview session must not grow
def _name_key(name: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    return sort_key(name)


def _count(posts: list[Counted], due: bool) -> Count:
    names = {post.unit_name for post in posts}
    items = tuple(Entry(post.title, post.url, post.date) for post in sorted(posts, key=lambda post: (post.date, post.url)))
    return Count(items, tuple(sorted(names, key=_name_key)), due)


@dataclass(frozen=True)
class Counted:
    """A post as a report counts it: all that counting reads of the post and of the site (its unit as the site
    groups it), so a report is a function of its plan and these (`report_of`)."""

    title: str
    url: str
    date: datetime
    last_change: datetime
    task_ids: tuple[int, ...]
    unit_slug: str
    unit_name: str
    unit_url: str


def counted_posts(site: Site, plan: Plan, *, unit: str | None = None, made: Made | None = None) -> tuple[Counted, ...]:
    """The posts that count for `plan` (published, of its year; of `unit` only, when given), in the site's order.
    `made`: the preview's, where a post counted as in the last build is the very object of the last build, so
    that an unchanged report is found unchanged at the cost of a look per post (build_reports)."""
    groups: dict[str, Group] = {}  # by spelling: the site's unit lookup slugifies, once per spelling is enough
    wanted = slugify(unit) if unit is not None else None
    found = []
    for post in site.posts:
        if post.plan_year != plan.year or site.is_pending(post):
            continue
        group = groups.get(post.unit)
        if group is None:
            group = groups[post.unit] = site.unit_of(post)
        if wanted is not None and group.slug != wanted:
            continue
        found.append(_counted(post, group, made))
    return tuple(found)


def _counted(post: Post, group: Group, made: Made | None) -> Counted:
    def make() -> Counted:
        return Counted(post.title, post.url, post.date, post.last_change, post.task_ids, group.slug, group.name, group.url)

    if made is None:
        return make()

    def shown() -> tuple[str | tuple[int, ...], ...]:  # what it counts as, strictly: a date by its repr (its zone too)
        return (post.title, post.url, repr(post.date), repr(post.last_change), post.task_ids, group.slug, group.name, group.url)

    # The same post (unchanged file) is looked up by itself; a post saved again, by what it counts as.
    return made.get(("counted", post.url), made.get(("counted as", post.url), (post, group.slug, group.name, group.url), shown), make)


def build_report(site: Site, plan: Plan, *, unit: str | None = None) -> Report:
    """Count the published posts of one plan; pure, from the linked site model.
    With `unit` (a unit's name, matched as the site groups units: by slug) only that unit's posts count."""
    return report_of(plan, counted_posts(site, plan, unit=unit), unit=unit)


def report_of(plan: Plan, counted: tuple[Counted, ...], *, unit: str | None = None) -> Report:
    """The report of `plan` from the posts that count (counted_posts), in the site's order."""
    halves = [half_of_date(post.date, plan.year) for post in counted]
    by_task: dict[int, list[int]] = {}  # task id -> indexes of its posts, in order (as the site's by_task)
    for index, post in enumerate(counted):
        for task_id in post.task_ids:
            by_task.setdefault(task_id, []).append(index)
    rows = []
    for task in plan.tasks:
        indexes = by_task.get(task.id, [])
        months = task_months(task.timeframe, plan.year)
        due = [months is None or any((plan.year, m) in months for m in span) for span in (range(1, 7), range(7, 13))]
        first = [counted[i] for i in indexes if halves[i] == 1]
        second = [counted[i] for i in indexes if halves[i] == 2]
        rows.append(TaskRow(task, _count(first, due[0]), _count(second, due[1]), _count([counted[i] for i in indexes], any(due))))
    per_unit: dict[str, list[int]] = {}
    unit_names: dict[str, tuple[str, str]] = {}
    for post, half in zip(counted, halves, strict=True):
        unit_names[post.unit_slug] = (post.unit_name, post.unit_url)
        per_unit.setdefault(post.unit_slug, [0, 0])[half - 1] += 1
    units = [
        UnitRow(unit_names[slug][0], unit_names[slug][1], h1, h2, h1 + h2)
        for slug, (h1, h2) in sorted(per_unit.items(), key=lambda item: (_name_key(unit_names[item[0]][0]), item[0]))
    ]
    first_total = sum(1 for half in halves if half == 1)
    return Report(
        plan=plan, rows=tuple(rows), units=tuple(units), chart=_chart(counted, plan.year),
        first=first_total, second=len(counted) - first_total, year=len(counted),
        outside_year=sum(1 for post in counted if post.date.astimezone(LOCAL_TZ).year != plan.year),
        newest=max((post.last_change for post in counted), default=None), unit=unit,
    )


def report_table(report: Report, half: int | None = None) -> tuple[list[str], list[list[str]]]:
    """The task table as text cells: the yearly report (first half and whole year), or one half."""
    periods = [1, None] if half is None else [half]
    header = [
        "STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện",
        *(f"Số tin bài {HALVES[p] if p else YEAR}" for p in periods),
        "Đơn vị đã đăng bài", "Ghi chú",
    ]
    rows = []
    for row in report.rows:
        task = row.task
        rows.append([
            str(task.id), task.name, task.lead, task.timeframe,
            *(str(row.period(p).posts) for p in periods),
            ", ".join(row.period(half).units), "; ".join(row.notes(half)),
        ])
    return header, rows


def unit_table(report: Report, half: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Posts per unit: the three periods for the year; for one half only the units that posted in it. Last row: totals."""
    if half is None:
        header = ["Đơn vị", f"Số tin bài {HALVES[1]}", f"Số tin bài {HALVES[2]}", f"Số tin bài {YEAR}"]
        rows = [[unit.name, str(unit.first), str(unit.second), str(unit.year)] for unit in report.units]
        return header, rows + [["Tổng", str(report.first), str(report.second), str(report.year)]]
    counts = [(unit.name, (unit.first, unit.second)[half - 1]) for unit in report.units]
    rows = [[name, str(count)] for name, count in counts if count]
    return ["Đơn vị", f"Số tin bài {HALVES[half]}"], rows + [["Tổng", str(report.total(half))]]


def month_table(report: Report, half: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Posts per month of the period (local dates), months without posts included. Last row: the total."""
    rows = [[bar.name, str(bar.posts)] for bar in report.months(half)]
    return ["Tháng", f"Số tin bài {period_name(half)}"], rows + [["Tổng", str(report.total(half))]]


def render_csv(report: Report, half: int | None = None) -> bytes:
    """The task table as a CSV file that Excel opens as text (see cchc.outputs.csv_safe)."""
    return render_rows(*report_table(report, half))


def build_reports(site: Site, made: Made | None = None) -> tuple[Report, ...]:
    """One report per plan: the page and the CSV are both made from it. `made`: the preview's, where the report
    of the same plan and the same counted posts (counted_posts) is the last build's."""
    reports = []
    for plan in site.plans:
        counted = counted_posts(site, plan, made=made)
        make = partial(report_of, plan, counted)
        reports.append(make() if made is None else made.get(("report", str(plan.year)), (plan, counted), make))
    return tuple(reports)


@dataclass(frozen=True, kw_only=True, eq=False)
class ReportContext(Context):
    plan: Plan
    report: Report
    halves: dict[int, str]
    feedback: Mapping[int | None, Tally] | None = None  # online questions and ratings: halves, None = the year
    feedback_generated: str = ""
    signed: tuple[SignedReport, ...] = ()  # the plan's reports the webmaster published once signed


def report_pages(site: Site, reports: Iterable[Report], feedback: FeedbackCounts | None = None, *,
                 signed: Iterable[SignedReport] = (), made: Made | None = None) -> Iterator[PageSpec]:
    """The report page of every plan. `feedback`: the counts staff committed in content/hoi-dap/so-lieu.yml
    (never the live database). `signed`: the signed reports published (cchc.reports.signed), each linked from its
    plan's page; the Word drafts never are (staff's, unsigned). `made`: the preview's, where the page of the same
    report with the same counts and signed reports is the last build's."""
    published = tuple(signed)
    for report in reports:
        tally = feedback.of_year(report.plan.year) if feedback else None
        generated = feedback.generated if feedback else ""
        documents = tuple(document for document in published if document.year == report.plan.year)
        make = partial(_report_page, report, tally, generated, documents)
        # The counts and the signed reports are read again for every build: by their repr, which shows every field.
        yield make() if made is None else made.get(("report page", report.url), (report, repr(tally), generated, repr(documents)), make)


def _report_page(report: Report, tally: Mapping[int | None, Tally] | None, generated: str,
                 documents: tuple[SignedReport, ...]) -> PageSpec:
    return PageSpec(
        urls.source(report.url), "report.html", f"Báo cáo thực hiện Kế hoạch {report.plan.number}",
        ReportContext(section=PLANS_TAB.url, plan=report.plan, report=report, halves=HALVES, feedback=tally,
                      feedback_generated=generated, signed=documents),
        updated=report.newest,
    ).searched_at(issued_at(report.plan.issued))  # dated by its plan, as the plan's page is


def report_files(reports: Iterable[Report]) -> dict[str, bytes]:
    """The CSV of every plan's report (`Report.csv_url`)."""
    return {report.csv_url: render_csv(report) for report in reports}
