"""The Word reports through the command line (`cchc report --docx`, a subprocess): each period written as
the core renders it, a given date, byte-identical runs, one Vietnamese message per usage error, bad report
settings located in mkdocs.yml.

The content is tests/support/report_content.py's, whose counts are written there by hand.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from support.cli import cchc
from support.project import write_config
from support.report_content import NOW, write_content
from support.report_docx import SITE_URL, UNIT, cell_paragraphs, read, task_rows

from cchc.adapter.config import load_settings
from cchc.build.pipeline import load_content
from cchc.reports.counting import build_report
from cchc.reports.docx import render_docx
from cchc.reports.letterhead import letterhead_of_so, letterhead_of_unit
from cchc.site.linking import build_site

# --------------------------------------------------------------------------- the command line


def cli_report(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cchc(root, "report", "2022", *args)


def project_root(tmp_path: Path, options: dict[str, object] | None = None) -> Path:
    """The report content with a mkdocs.yml that INHERITs the repository's (`options`: its extra.cchc), as staff have it."""
    root = write_content(tmp_path / "du-an")
    if options is None:
        write_config(root, SITE_URL)
    else:
        write_config(root, SITE_URL, extra={"cchc": options})
    return root


@pytest.mark.parametrize("unit", [None, UNIT], ids=["so", "don-vi"])
def test_cli_writes_the_report_of_each_period_as_the_core_renders_it(tmp_path: Path, unit: str | None) -> None:
    root = project_root(tmp_path)
    settings, _ = load_settings(root / "mkdocs.yml")  # as the command reads them
    content = load_content(settings)
    site = build_site(content.plans, content.posts, now=NOW, preview=False)
    report = build_report(site, content.plans[2022], unit=unit)
    options = settings.options.report
    letterhead = letterhead_of_so(options, report.plan) if unit is None else letterhead_of_unit(unit, None, options)
    for half in (1, 2, None):
        output = root / f"bao-cao-{half or 'nam'}.docx"
        done = cli_report(root, *(["--half", str(half)] if half else []), *(["--unit", unit] if unit else []),
                          "--format", "docx", "--output", str(output))
        assert done.returncode == 0 and done.stdout == "", done.stderr
        assert f"Đã ghi {output}." in done.stderr
        assert output.read_bytes() == render_docx(report, half, letterhead=letterhead, site_url=SITE_URL, now=NOW), half
    if unit is not None:  # the unit's numbers in the CSV of the same command
        done = cli_report(root, "--unit", "văn phòng", "--format", "csv")
        assert done.returncode == 0, done.stderr
        rows = list(csv.reader(io.StringIO(done.stdout.removeprefix("\ufeff"), newline="")))
        document = read((root / "bao-cao-nam.docx").read_bytes())
        assert {int(row[0]): [row[4], row[5]] for row in rows[1:]} == {k: v[3:5] for k, v in task_rows(document).items()}


def test_cli_date_and_two_runs_byte_identical(tmp_path: Path) -> None:
    root = project_root(tmp_path)
    outputs = [root / "mot.docx", root / "hai.docx"]
    for output in outputs:
        done = cli_report(root, "--half", "1", "--format", "docx", "--output", str(output), "--date", "2022-07-05")
        assert done.returncode == 0, done.stderr
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    header = read(outputs[0].read_bytes()).tables[0]
    assert cell_paragraphs(header, 1, 1)[0].text == "Hưng Yên, ngày 05 tháng 7 năm 2022"


@pytest.mark.parametrize(("args", "words"), [
    (["--unit", "Vna phòng", "--format", "docx", "--output", "x.docx"],
     ["đơn vị 'Vna phòng' chưa có", "Có phải ý bạn là 'Văn phòng'?", "--unit \"Văn phòng\""]),
    (["--unit", "Trường Mầm non Hoa Sen"], ["đơn vị 'Trường Mầm non Hoa Sen' chưa có", "Các đơn vị đã có: Phòng KHTC;"]),
    (["--format", "docx", "--output", "x.docx", "--date", "2022-02-30"], ["--date: ngày giờ không tồn tại", "'2022-02-30'"]),
    (["--format", "docx", "--output", "x.docx", "--date", "05/07/2022"], ["--date: không đúng dạng YYYY-MM-DD"]),
    (["--format", "docx"], ["--format docx cần --output"]),
    (["--date", "2022-07-05"], ["--date", "chỉ dùng cùng --format docx"]),
    (["--format", "docx", "--output", "khong-co/x.docx"], ["--output: không ghi được tệp khong-co/x.docx (không có thư mục chứa tệp)"]),
    (["--format", "docx", "--output", "plan"], ["--output: không ghi được tệp plan (đó là một thư mục)"]),
], ids=["near miss", "unknown unit", "impossible date", "date format", "docx without output", "date without docx",
        "missing folder", "output is a folder"])
def test_cli_usage_errors_are_one_vietnamese_message_exit_2(tmp_path: Path, args: list[str], words: list[str]) -> None:
    root = project_root(tmp_path)
    done = cli_report(root, *args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("cchc report: lỗi: ")
    for word in words:
        assert word in done.stderr
    if "--output" in done.stderr:
        assert done.stderr.count("\n") == 1  # one line
    assert not (root / "x.docx").exists()


def test_cli_bad_report_settings_are_located_in_mkdocs_yml(tmp_path: Path) -> None:
    root = project_root(tmp_path, {"report": {"recipients": 3}})
    done = cli_report(root, "--format", "docx", "--output", "x.docx")
    assert done.returncode != 0 and not (root / "x.docx").exists()
    assert re.search(r"mkdocs\.yml:\d+: `extra\.cchc\.report\.recipients` phải là một danh sách chuỗi \(tìm thấy: số 3\)",
                     done.stdout + done.stderr), done.stdout + done.stderr
