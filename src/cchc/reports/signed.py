"""The Sở's signed reports, published beside the report page when the webmaster names them (extra.cchc.report.signed).

The Word reports (cchc.reports.docx) are drafts for staff: numbers to check, the date, the limits and the
proposals to write, then signed. They never reach the site: staff make them with `cchc report … --format docx`.
What was signed (a PDF: signed digitally, or scanned with its signature and seal) the webmaster may publish
by naming its file in the settings, `<năm>-bao-cao-6-thang-dau-nam.pdf` or `<năm>-bao-cao-nam.pdf`: the build
checks it (a real PDF inside the repository, of a plan the site has), publishes it as
`ke-hoach/<năm>/bao-cao-….pdf`, and the plan's report page links it. Nothing else of the reports is a
document on the site."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from cchc import urls
from cchc.content.settings import Locator, Settings, signed_report_period
from cchc.content.sources import asset_problem
from cchc.problems import Problem, describe_os_error


@dataclass(frozen=True)
class SignedReport:
    """A signed report as the report page links it."""

    year: int  # the plan's
    half: int | None  # 1: the first half; None: the whole year
    url: str
    size: int  # bytes

    @property
    def title(self) -> str:
        return f"Báo cáo 6 tháng đầu năm {self.year}" if self.half == 1 else f"Báo cáo năm {self.year}"

    @property
    def size_text(self) -> str:
        """`240 KB`, `1,5 MB`: what a phone is about to download."""
        if self.size < 1024 * 1024:
            return f"{max(1, math.ceil(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB".replace(".", ",")


def load_signed_reports(settings: Settings, years: Iterable[int]) -> tuple[tuple[SignedReport, ...], dict[str, bytes], list[Problem]]:
    """The signed reports the settings name, in the order of plan and period; their bytes by site path; and
    what is wrong with them, at the line of `extra.cchc.report.signed` (a missing or unreadable file, one that
    is not a PDF or lies outside the repository, a year without a plan). The names were checked when the
    settings were read."""
    plans = set(years)
    reports: list[SignedReport] = []
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    where: tuple[str, int] | None = None
    for written, path in zip(settings.options.report.signed, settings.signed_report_files, strict=True):
        period = signed_report_period(written)
        assert period is not None  # checked by the settings reader
        year, half = period
        problem = asset_problem(settings.root, written, settings.root)
        if problem is None and year not in plans:
            problem = f"không có kế hoạch năm {year} (tệp {year}.md trong thư mục {settings.options.plan_dir}/)"
        if problem is None:
            try:
                data = path.read_bytes()
            except OSError as error:
                problem = f"không đọc được ({describe_os_error(error)})"
        if problem is not None:
            where = where or Locator(settings.config_files, settings.root)(("extra", "cchc", "report", "signed"))
            problems.append(Problem(*where, f"`extra.cchc.report.signed`: {written}: {problem}"))
            continue
        url = urls.signed_report(year, half)
        reports.append(SignedReport(year, half, url, len(data)))
        files[url] = data
    reports.sort(key=lambda report: (report.year, report.half is None))
    return tuple(reports), files, problems
