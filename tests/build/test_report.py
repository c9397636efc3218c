"""The plan-execution report in a real build: the report page (counts, flags, an accessible chart, the signed
report the webmaster published, never the Word drafts), the CSV file, the plans' links to it, on the content
whose counts are written by hand (tests/support/report_content.py). The bundled site's report is checked
against the content read independently (tests/support/oracle.py). The counting itself:
tests/unit/test_reports_counting.py.
"""

from __future__ import annotations

import csv
import io

import docx
import lxml.html
import pytest
from support import FIXED_NOW, REPO
from support.cli import cchc
from support.oracle import load_source_posts
from support.project import READY_SITE_URL, BuildResult, SiteProject
from support.report_content import BOM, EXPECTED, HEADER, write_content

# --------------------------------------------------------------------------- built sites


def cells(row: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]


# A signed report as the webmaster publishes it (extra.cchc.report.signed): a PDF of the repository.
SIGNED_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + b"0" * 5000
SIGNED_FILE = "du-lieu/bao-cao-da-ky/2022-bao-cao-nam.pdf"


@pytest.fixture(scope="module")
def report_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = SiteProject(tmp_path_factory.mktemp("report-site") / "project")
    # A real address, with which the build once wrote the Word drafts into the site; the year's report signed.
    project.set_config(site_url=READY_SITE_URL, extra={"cchc": {"report": {"signed": [SIGNED_FILE]}}})
    write_content(project.root)
    project.write(SIGNED_FILE, SIGNED_PDF)
    project.write("du-lieu/bao-cao-da-ky/2022-bao-cao-6-thang-dau-nam.pdf", SIGNED_PDF)  # signed, not named: not published
    result = project.build(now=FIXED_NOW)
    assert result.returncode == 0, result.stderr
    return result


def test_report_page_shows_the_counts_flags_and_an_accessible_chart(report_site: BuildResult) -> None:
    doc = lxml.html.fromstring(report_site.page("ke-hoach/2022/bao-cao/"))
    tables = doc.xpath('//*[contains(@class, "md-content")]//table')
    task_rows = {int(cells(row)[0]): cells(row) for row in tables[0].xpath("./tbody/tr")}
    assert len(task_rows) == 14
    for task_id, (first, year, units) in EXPECTED.items():
        row = task_rows[task_id]
        assert row[2].split()[0] == str(first) and row[3].split()[0] == str(year), row
        assert row[4] == (", ".join(units) or "—")
    assert "Chưa có tin bài" in task_rows[7][2] and "Chưa có tin bài" not in task_rows[7][3]
    assert "ngoài thời gian thực hiện" in task_rows[6][2]
    assert task_rows[6][1].endswith("Chủ trì: Phòng Tổ chức cán bộ · Thời gian: Quý III, Quý IV/2022")
    assert cells(tables[0].xpath("./tfoot/tr")[0])[1:3] == ["3", "6"]
    unit_rows = [cells(row) for row in tables[1].xpath("./tbody/tr")]
    assert unit_rows == [["Phòng Tổ chức cán bộ", "1", "0", "1"], ["Trường THPT Chuyên Hưng Yên", "0", "1", "1"],
                     ["Văn phòng", "2", "2", "4"]]
    svg = doc.xpath('//*[local-name()="svg"][@role="img"]')
    assert len(svg) == 1
    title, desc = svg[0].xpath('./*[local-name()="title"]')[0], svg[0].xpath('./*[local-name()="desc"]')[0]
    assert svg[0].get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert "Số tin bài mỗi tháng" in title.text_content()
    assert "Tháng 7/2022: 1 tin bài" in desc.text_content() and "Tháng 1/2023: 1 tin bài" in desc.text_content()
    months = {cells(row)[0]: cells(row)[1] for row in tables[2].xpath("./tbody/tr")}  # the chart's data table
    assert months["Tháng 6/2022"] == "1" and months["Tháng 7/2022"] == "1" and len(months) == 13
    assert doc.xpath('//a[@href="../bao-cao.csv"]'), "no link to the CSV"
    assert "<script" not in lxml.html.tostring(svg[0], encoding="unicode")


def test_the_word_drafts_are_not_in_the_site_and_only_the_signed_report_published_is_linked(report_site: BuildResult) -> None:
    """The Word reports are staff's unsigned drafts (`cchc report … --format docx`): the build writes none, the
    page links none. The signed report the webmaster named is published beside the report page and linked."""
    assert not list(report_site.out.rglob("*.docx"))
    doc = lxml.html.fromstring(report_site.page("ke-hoach/2022/bao-cao/"))
    assert not doc.xpath('//a[contains(@href, ".docx")]') and "tệp Word" not in doc.text_content()
    assert "cchc " not in doc.text_content() and not doc.xpath("//code")  # no staff command on the public page
    signed = doc.xpath('//ul[@class="cchc-signed"]/li')
    assert [" ".join(item.text_content().split()) for item in signed] == ["Báo cáo năm 2022 (bản đã ký) PDF, 5 KB"]
    assert doc.xpath('//ul[@class="cchc-signed"]//a/@href') == ["../bao-cao-nam.pdf"]
    assert (report_site.out / "ke-hoach" / "2022" / "bao-cao-nam.pdf").read_bytes() == SIGNED_PDF
    assert not (report_site.out / "ke-hoach" / "2022" / "bao-cao-6-thang-dau-nam.pdf").exists()  # not named in the settings
    other = lxml.html.fromstring(report_site.page("ke-hoach/2023/bao-cao/"))
    assert not other.xpath('//ul[@class="cchc-signed"]') and not other.xpath('//a[contains(@href, ".pdf")]')


def test_the_word_drafts_staff_make_have_the_numbers_of_the_csv(report_site: BuildResult) -> None:
    project = report_site.out.parent
    rows = list(csv.reader(io.StringIO((report_site.out / "ke-hoach/2022/bao-cao.csv").read_bytes()[3:].decode("utf-8"), newline="")))
    for half, name, columns in (("1", "6-thang.docx", [4]), (None, "nam.docx", [4, 5])):
        done = cchc(project, "report", "2022", *(["--half", half] if half else []), "--format", "docx", "--output", name)
        assert done.returncode == 0, done.stderr
        document = docx.Document(io.BytesIO((project / name).read_bytes()))
        table = {int(row.cells[0].text): [cell.text for cell in row.cells] for row in document.tables[1].rows[1:-1]}
        assert {int(row[0]): [row[c] for c in columns] for row in rows[1:]} == {
            task_id: cells[3 : 3 + len(columns)] for task_id, cells in table.items()}, name


def test_report_csv_file_is_excel_ready(report_site: BuildResult) -> None:
    data = (report_site.out / "ke-hoach" / "2022" / "bao-cao.csv").read_bytes()
    assert data.startswith(BOM)
    assert next(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""))) == HEADER


def test_plan_pages_link_to_the_report(report_site: BuildResult) -> None:
    plan = lxml.html.fromstring(report_site.page("ke-hoach/2022/"))
    assert plan.xpath('//a[@href="bao-cao/"]')
    plans = lxml.html.fromstring(report_site.page("ke-hoach/"))
    assert plans.xpath('//a[@href="2022/bao-cao/"]') and plans.xpath('//a[@href="2023/bao-cao/"]')


def test_bundled_report_agrees_with_the_content_read_independently(bundled_site: BuildResult) -> None:
    assert (bundled_site.out / "ke-hoach" / "2022" / "bao-cao" / "index.html").is_file()
    data = (bundled_site.out / "ke-hoach" / "2022" / "bao-cao.csv").read_bytes()
    assert data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0] == HEADER and len(rows) == 15
    counted = [p for p in load_source_posts(REPO / "content" / "posts") if p.published() and p.plan == 2022]
    for row in rows[1:]:
        task_id = int(row[0])
        mine = [p for p in counted if task_id in p.tasks]
        first = [p for p in mine if p.when.year < 2022 or (p.when.year == 2022 and p.when.month <= 6)]
        assert (int(row[4]), int(row[5])) == (len(first), len(mine)), row
