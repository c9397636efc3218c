"""The plan-execution report (`cchc.reports.counting`): counts per task, half year, unit and month, the CSV,
and the files and report pages a build plans, computed in the test process.

The counts are checked on generated content whose expected numbers are written by hand
(tests/support/report_content.py), including the time-zone edge (2022-06-30T23:30:00+00:00 is 01/7 in
Hưng Yên: second half), a January report for the previous year's plan, a draft and a scheduled post
(never counted). The report page of a real build: tests/build/test_report.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from support.oracle import LOCAL
from support.project import READY_SITE_URL, content_settings
from support.report_content import BOM, EXPECTED, EXPECTED_NOTES, HEADER, NOW, write_content

from cchc.build.pipeline import gather_content, load_content, plan_build
from cchc.content.settings import Settings
from cchc.dates import parse_datetime
from cchc.reports.counting import Report, build_report, build_reports, half_of, render_csv, report_files
from cchc.reports.docx import report_documents
from cchc.site.linking import build_site


def settings_of(root: Path) -> Settings:
    return content_settings(root, site_url=READY_SITE_URL)  # a real address: the build makes the Word reports


def report_of(root: Path, *, preview: bool = False, year: int = 2022) -> Report:
    content = load_content(settings_of(root))
    plans, posts = content.plans, content.posts
    return build_report(build_site(plans, posts, now=NOW, preview=preview), plans[year])


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("report"))


# --------------------------------------------------------------------------- pure counts


def test_local_date_decides_the_half(content: Path) -> None:
    posts = load_content(settings_of(content)).posts
    post = posts[0]

    def half(date: str) -> int:
        return half_of(replace(post, date=parse_datetime(date)[0]), 2022)

    assert half("2022-06-30T23:30:00+00:00") == 2
    assert half("2022-06-30T16:59:59+00:00") == 1
    assert half("2022-06-30 23:59") == 1
    assert half("2022-07-01 00:00") == 2
    assert half("2023-01-10 14:00") == 2  # after the plan's year
    assert half("2021-12-20 08:00") == 1  # before it


def test_counts_per_task_and_period(content: Path) -> None:
    report = report_of(content)
    rows = {row.task.id: row for row in report.rows}
    assert list(rows) == list(range(1, 15))
    for task_id, (first, year, units) in EXPECTED.items():
        row = rows[task_id]
        assert (row.first.posts, row.year.posts, list(row.year.units)) == (first, year, units), task_id
        assert row.second.posts == year - first
    for task_id in set(rows) - set(EXPECTED):
        assert rows[task_id].year.posts == 0
    assert rows[2].first.units == ("Phòng Tổ chức cán bộ",) and rows[2].second.units == ("Văn phòng",)


def test_totals_count_each_post_once(content: Path) -> None:
    report = report_of(content)
    # a, b, d in the first half; c (UTC edge), e, f (January 2023) in the second.
    assert (report.first, report.second, report.year) == (3, 3, 6)
    assert report.outside_year == 1
    assert [(u.name, u.first, u.second, u.year) for u in report.units] == [
        ("Phòng Tổ chức cán bộ", 1, 0, 1),
        ("Trường THPT Chuyên Hưng Yên", 0, 1, 1),
        ("Văn phòng", 2, 2, 4),
    ]


def test_tasks_without_posts_are_flagged_unless_outside_their_timeframe(content: Path) -> None:
    report = report_of(content)
    rows = {row.task.id: row for row in report.rows}
    assert {task_id: rows[task_id].notes(None)[0] for task_id in EXPECTED_NOTES} == EXPECTED_NOTES
    assert rows[1].notes(None) == ()
    assert [row.task.id for row in report.missing(1)] == [4, 5, 7, 8, 9, 10, 11, 12, 13, 14]
    assert 6 not in [row.task.id for row in report.missing(1)]  # Quý III, Quý IV: not due in the first half
    assert [row.task.id for row in report.missing(2)] == [1, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14]
    assert [row.task.id for row in report.missing(None)] == [4, 5, 8, 9, 10, 11, 12, 13, 14]


def test_drafts_and_scheduled_posts_are_never_counted_even_in_preview(content: Path) -> None:
    built, preview = report_of(content), report_of(content, preview=True)
    assert preview.rows == built.rows and preview.units == built.units
    assert {row.task.id: row.year.posts for row in preview.rows}[4] == 0
    # Once the scheduled post is due, it counts.
    loaded = load_content(settings_of(content))
    plans, posts = loaded.plans, loaded.posts
    later = build_report(build_site(plans, posts, now=datetime(2026, 3, 2, tzinfo=LOCAL), preview=False), plans[2022])
    assert {row.task.id: row.year.posts for row in later.rows}[4] == 1
    assert later.year == 7


def test_another_plans_posts_stay_in_their_own_report(content: Path) -> None:
    report = report_of(content, year=2023)
    assert report.year == 1 and report.first == 1
    assert {row.task.id: row.year.posts for row in report.rows}[1] == 1


def test_chart_has_one_bar_per_month_by_local_date(content: Path) -> None:
    chart = report_of(content).chart
    months = [(bar.year, bar.month, bar.posts) for bar in chart.bars]
    assert [m[:2] for m in months] == [(2022, m) for m in range(1, 13)] + [(2023, 1)]
    counts = {(y, m): n for y, m, n in months}
    assert counts[(2022, 6)] == 1 and counts[(2022, 7)] == 1 and counts[(2023, 1)] == 1
    assert sum(counts.values()) == 6
    longest = max(chart.bars, key=lambda bar: bar.width)
    assert longest.width == chart.width - 100 and all(bar.x == chart.baseline for bar in chart.bars)
    # A row per month, as wide as a phone's screen whatever the months: labels are drawn at 12 px or more.
    assert chart.width <= 300 and chart.height == 8 + 24 * len(chart.bars)
    assert [bar.y for bar in chart.bars] == sorted({bar.y for bar in chart.bars})
    assert "Tháng 7/2022: 1 tin bài" in chart.description


def test_csv_has_a_bom_a_vietnamese_header_and_one_row_per_task(content: Path) -> None:
    data = render_csv(report_of(content))
    assert data.startswith(BOM + "STT,Nhiệm vụ,".encode())
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 15)]
    by_id = {int(row[0]): row for row in rows[1:]}
    for task_id, (first, year, units) in EXPECTED.items():
        assert by_id[task_id][4:7] == [str(first), str(year), ", ".join(units)]
    assert by_id[7][7] == "Chưa có tin bài 6 tháng đầu năm"
    assert b"\r\n" in data


def test_csv_of_one_half(content: Path) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(report_of(content), 2)[3:].decode("utf-8"), newline="")))
    assert rows[0][4] == "Số tin bài 6 tháng cuối năm" and len(rows[0]) == 7
    assert {int(row[0]): int(row[4]) for row in rows[1:] if row[4] != "0"} == {2: 1, 6: 1, 7: 1}


def test_the_build_carries_the_csv_the_word_reports_and_a_report_page_per_plan(content: Path) -> None:
    build = plan_build(settings_of(content), now=NOW, preview=False)
    names = ("bao-cao.csv", "bao-cao-6-thang-dau-nam.docx", "bao-cao-nam.docx")
    assert set(build.files) == {f"ke-hoach/{year}/{name}" for year in (2022, 2023) for name in names} | {
        "hoi-dap/feed.xml", "assets/stylesheets/co-quan.css"}
    loaded = load_content(settings_of(content))
    counted = build_reports(build_site(loaded.plans, loaded.posts, now=NOW, preview=False))
    settings = settings_of(content)
    reports_made = report_files(counted) | report_documents(
        counted, options=settings.options.report, site_url=settings.site_url, now=NOW, feedback=loaded.feedback)
    assert {path: build.files[path] for path in reports_made} == reports_made
    # The preview leaves the Word reports out (they take a build, not every save).
    preview = plan_build(settings_of(content), now=NOW, preview=True)
    assert {path for path in preview.files if path.startswith("ke-hoach/")} == {"ke-hoach/2022/bao-cao.csv", "ke-hoach/2023/bao-cao.csv"}
    reports = [spec for spec in build.pages if spec.template == "report.html"]
    assert [spec.url for spec in reports] == ["ke-hoach/2022/bao-cao/", "ke-hoach/2023/bao-cao/"]


# --------------------------------------------------------------------------- the checking commands' plan


def test_checking_commands_take_the_word_reports_paths_without_making_them(content: Path) -> None:
    # cchc check, report, preflight and publish's fingerprint do not need the documents' bytes (a
    # third of `cchc check` at 1,000 posts), but a clash with their paths must still be found.
    checked = gather_content(settings_of(content), now=NOW).build
    built = plan_build(settings_of(content), now=NOW, preview=False)
    assert checked is not None and set(checked.files) == set(built.files)
    documents = [path for path in built.files if path.endswith(".docx")]
    assert documents and all(checked.files[path] == b"" and built.files[path].startswith(b"PK") for path in documents)
