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
from cchc.content.settings import Settings, SettingsError
from cchc.dates import parse_datetime
from cchc.reports.counting import Report, ReportContext, build_report, build_reports, half_of, render_csv, report_files
from cchc.reports.signed import SignedReport
from cchc.site.linking import build_site


def settings_of(root: Path) -> Settings:
    return content_settings(root, site_url=READY_SITE_URL)  # a real address: still no Word report in the build


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


def test_the_build_carries_the_csv_and_a_report_page_per_plan_and_never_the_word_drafts(content: Path) -> None:
    """The Sở's Word reports are staff's unsigned drafts (`cchc report … --format docx`): not an output of any
    build, even with a real address; nothing signed is published until the webmaster names it."""
    for preview in (False, True):
        build = plan_build(settings_of(content), now=NOW, preview=preview)
        assert set(build.files) == {f"ke-hoach/{year}/bao-cao.csv" for year in (2022, 2023)} | {
            "hoi-dap/feed.xml", "assets/stylesheets/co-quan.css"}
    loaded = load_content(settings_of(content))
    counted = build_reports(build_site(loaded.plans, loaded.posts, now=NOW, preview=False))
    reports_made = report_files(counted)
    assert {path: build.files[path] for path in reports_made} == reports_made
    reports = [spec for spec in build.pages if spec.template == "report.html"]
    assert [spec.url for spec in reports] == ["ke-hoach/2022/bao-cao/", "ke-hoach/2023/bao-cao/"]
    assert all(isinstance(spec.context, ReportContext) and spec.context.signed == () for spec in reports)


# --------------------------------------------------------------------------- signed reports the webmaster publishes

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SIGNED = "du-lieu/bao-cao-da-ky"


def signed_settings(root: Path, *signed: str) -> Settings:
    return content_settings(root, site_url=READY_SITE_URL, report={"signed": list(signed)})


def test_signed_reports_named_in_the_settings_are_published_beside_their_plan_s_report_page(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    folder = root / SIGNED
    folder.mkdir(parents=True)
    (folder / "2022-bao-cao-nam.pdf").write_bytes(PDF + b"nam" * 700)
    (folder / "2022-bao-cao-6-thang-dau-nam.pdf").write_bytes(PDF)
    (folder / "2023-bao-cao-nam.pdf").write_bytes(PDF + b"x")  # not named in the settings: not published
    settings = signed_settings(root, f"{SIGNED}/2022-bao-cao-nam.pdf", f"{SIGNED}/2022-bao-cao-6-thang-dau-nam.pdf")
    for preview in (False, True):  # the preview shows what will be published
        build = plan_build(settings, now=NOW, preview=preview)
        published = {path: data for path, data in build.files.items() if path.endswith(".pdf")}
        assert published == {"ke-hoach/2022/bao-cao-nam.pdf": PDF + b"nam" * 700, "ke-hoach/2022/bao-cao-6-thang-dau-nam.pdf": PDF}
        assert not [path for path in build.files if path.endswith(".docx")]
        pages = {spec.url: spec.context for spec in build.pages if spec.template == "report.html"}
        first, second = pages["ke-hoach/2022/bao-cao/"], pages["ke-hoach/2023/bao-cao/"]
        assert isinstance(first, ReportContext) and isinstance(second, ReportContext) and second.signed == ()
        assert [(d.title, d.url, d.size_text) for d in first.signed] == [
            ("Báo cáo 6 tháng đầu năm 2022", "ke-hoach/2022/bao-cao-6-thang-dau-nam.pdf", "1 KB"),
            ("Báo cáo năm 2022", "ke-hoach/2022/bao-cao-nam.pdf", "3 KB")]
    assert SignedReport(2022, None, "", 3 * 1024 * 1024 // 2).size_text == "1,5 MB"
    # `cchc check` reads them as the build does.
    checked = gather_content(settings, now=NOW)
    assert checked.errors == [] and checked.build is not None and "ke-hoach/2022/bao-cao-nam.pdf" in checked.build.files


@pytest.mark.parametrize("written, message", [
    (f"{SIGNED}/2022-bao-cao-nam.docx", "phải là các tệp PDF đã ký, tên tệp là <năm>-bao-cao-6-thang-dau-nam.pdf hoặc "
                                        "<năm>-bao-cao-nam.pdf, ví dụ du-lieu/bao-cao-da-ky/2022-bao-cao-nam.pdf "
                                        "('du-lieu/bao-cao-da-ky/2022-bao-cao-nam.docx' không phải); bản Word dự thảo không "
                                        "bao giờ được đăng"),
    (f"{SIGNED}/bao-cao-nam-2022.pdf", "phải là các tệp PDF đã ký"),
    ("../2022-bao-cao-nam.pdf", "phải là đường dẫn tệp tương đối, nằm trong kho (dùng dấu /) ('../2022-bao-cao-nam.pdf' không phải)"),
])
def test_a_signed_report_s_name_is_checked_with_the_settings(tmp_path: Path, written: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        signed_settings(write_content(tmp_path), written)
    [problem] = raised.value.problems
    assert problem.message.startswith(f"`extra.cchc.report.signed` {message}"), problem.message


def test_two_files_for_one_report_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        signed_settings(write_content(tmp_path), "a/2022-bao-cao-nam.pdf", "b/2022-bao-cao-nam.pdf")
    assert "có hai tệp cho cùng một báo cáo: 'a/2022-bao-cao-nam.pdf' và 'b/2022-bao-cao-nam.pdf'" in raised.value.problems[0].message


def test_what_is_wrong_with_a_signed_report_s_file_is_said_at_the_setting(tmp_path: Path) -> None:
    root = write_content(tmp_path / "du-an")
    folder = root / SIGNED
    folder.mkdir(parents=True)
    (folder / "2022-bao-cao-6-thang-dau-nam.pdf").write_bytes(b"PK\x03\x04 a Word file renamed")
    (folder / "2021-bao-cao-nam.pdf").write_bytes(PDF)
    outside = tmp_path / "ngoai.pdf"
    outside.write_bytes(PDF)
    (folder / "2023-bao-cao-nam.pdf").symlink_to(outside)
    settings = signed_settings(root, f"{SIGNED}/2022-bao-cao-nam.pdf", f"{SIGNED}/2022-bao-cao-6-thang-dau-nam.pdf",
                               f"{SIGNED}/2021-bao-cao-nam.pdf", f"{SIGNED}/2023-bao-cao-nam.pdf")
    content = gather_content(settings, now=NOW)
    assert content.build is None
    found = {problem.message.split(": ", 2)[1]: problem for problem in content.errors if "report.signed" in problem.message}
    assert sorted(found) == [f"{SIGNED}/2021-bao-cao-nam.pdf", f"{SIGNED}/2022-bao-cao-6-thang-dau-nam.pdf",
                             f"{SIGNED}/2022-bao-cao-nam.pdf", f"{SIGNED}/2023-bao-cao-nam.pdf"]
    said = {name: problem.message.split(": ", 2)[2] for name, problem in found.items()}
    assert said[f"{SIGNED}/2021-bao-cao-nam.pdf"] == "không có kế hoạch năm 2021 (tệp 2021.md trong thư mục plan/)"
    assert "PDF" in said[f"{SIGNED}/2022-bao-cao-6-thang-dau-nam.pdf"]
    assert said[f"{SIGNED}/2022-bao-cao-nam.pdf"] == "không tìm thấy tệp"
    assert said[f"{SIGNED}/2023-bao-cao-nam.pdf"].startswith("liên kết tượng trưng trỏ ra ngoài")
    assert {(problem.path, problem.line) for problem in found.values()} == {("mkdocs.yml", 1)}
