"""The Word reports (`cchc.reports.docx`), rendered in the test process: layout of Nghị định 30/2020/NĐ-CP
read back from the file, every number against the report computation (the CSV of the same report),
byte-identical runs, the report settings and the units file. The command line:
tests/build/test_report_docx.py; the file opened by LibreOffice: tests/system/test_report_docx_libreoffice.py.

The content is tests/support/report_content.py's, whose counts are written there by hand.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from support.project import content_settings
from support.report_content import NOW, write_content
from support.report_docx import SETTINGS, SITE_URL, UNIT, cell_paragraphs, read, settings_of, task_rows

from cchc.build.pipeline import gather_content, load_content, plan_build
from cchc.content.settings import ReportOptions, ReportSigner, SettingsError
from cchc.reports.counting import Report, build_report, month_table, render_csv
from cchc.reports.docx import format_count, render_docx
from cchc.reports.letterhead import BLANK, letterhead_of_so, letterhead_of_unit, load_unit_details
from cchc.site.linking import build_site


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("word"))


def report_of(root: Path, unit: str | None = None) -> Report:
    content = load_content(settings_of(root))
    return build_report(build_site(content.plans, content.posts, now=NOW, preview=False), content.plans[2022], unit=unit)


def render(report: Report, half: int | None, **options: object) -> bytes:
    letterhead = letterhead_of_so(SETTINGS, report.plan) if report.unit is None else letterhead_of_unit(report.unit, None, SETTINGS)
    return render_docx(report, half, letterhead=letterhead, site_url=SITE_URL, now=NOW, **options)  # type: ignore[arg-type]


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def sizes(paragraph: Paragraph) -> set[float | None]:
    return {run.font.size.pt if run.font.size else None for run in paragraph.runs if run.text.strip()}


def is_bold(paragraph: Paragraph) -> bool:
    return all(run.font.bold for run in paragraph.runs if run.text.strip())


def is_italic(paragraph: Paragraph) -> bool:
    return all(run.font.italic for run in paragraph.runs if run.text.strip())


def style_name(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None and paragraph.style.name else ""


def number(text: str) -> int:
    """A count as the document prints it (Vietnamese grouping: 1.234)."""
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", text), text
    return int(text.replace(".", ""))


def csv_rows(report: Report, half: int | None) -> list[list[str]]:
    return list(csv.reader(io.StringIO(render_csv(report, half)[3:].decode("utf-8"), newline="")))


def rule_indent(paragraph: Paragraph) -> float:
    """The indent (each side, points) of a rule drawn as an empty paragraph's bottom border."""
    properties = paragraph._p.pPr
    assert properties is not None
    borders = properties.find(qn("w:pBdr"))
    assert borders is not None and borders.find(qn("w:bottom")).get(qn("w:val")) == "single"
    return paragraph.paragraph_format.left_indent.pt


# --------------------------------------------------------------------------- layout, read back from the file


@pytest.fixture(scope="module")
def so_first_half(content: Path) -> Document:
    return read(render(report_of(content), 1))


def test_page_is_a4_with_the_margins_of_the_decree(so_first_half: Document) -> None:
    section = so_first_half.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # stored in twips: 11906 × 16838
    margins = [round(m.mm, 1) if m is not None else None
               for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
    assert margins == [20, 20, 30, 15]  # top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm


def test_every_run_is_times_new_roman_in_black(so_first_half: Document) -> None:
    defaults = so_first_half.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    for name in ("Normal", "Heading 1", "Heading 2"):
        style = so_first_half.styles[name]
        assert style.font.name == "Times New Roman" and style.font.color.rgb is None, name
    runs = [run for p in so_first_half.paragraphs for run in p.runs]
    runs += [run for table in so_first_half.tables for cell in table._cells for p in cell.paragraphs for run in p.runs]
    assert len(runs) > 100
    assert {run.font.name for run in runs} <= {None, "Times New Roman"}
    assert {run.font.color.rgb for run in runs} == {None}


def test_header_two_borderless_columns_with_the_decree_sizes(so_first_half: Document) -> None:
    header = so_first_half.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    parent, issuer, issuer_rule = cell_paragraphs(header, 0, 0)
    assert (parent.text, sizes(parent), is_bold(parent)) == ("UBND TỈNH HƯNG YÊN", {13}, False)
    assert (issuer.text, sizes(issuer), is_bold(issuer)) == ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", {13}, True)
    nation, motto, motto_rule = cell_paragraphs(header, 0, 1)
    assert (nation.text, sizes(nation), is_bold(nation)) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {12}, True)
    assert (motto.text, sizes(motto), is_bold(motto)) == ("Độc lập - Tự do - Hạnh phúc", {13}, True)
    # The rules: under the Tiêu ngữ as long as its line (158 pt at 13 pt bold); under the issuing
    # body 1/3 to 1/2 of its line (about 167 pt): the indents centre them in their columns.
    motto_width = Mm(100).pt - 2 * rule_indent(motto_rule)
    assert 150 <= motto_width <= 165
    issuer_width = Mm(65).pt - 2 * rule_indent(issuer_rule)
    assert 167 / 3 <= issuer_width <= 167 / 2
    (number,), (place,) = cell_paragraphs(header, 1, 0), cell_paragraphs(header, 1, 1)
    assert (number.text, sizes(number)) == ("Số: …/BC-SGDĐT", {13})
    assert (place.text, sizes(place), is_italic(place)) == ("Hưng Yên, ngày … tháng … năm …", {14}, True)


def test_title_summary_and_recipients(so_first_half: Document) -> None:
    paragraphs = [p for p in so_first_half.paragraphs if p.text.strip()]
    title, summary, first, second = paragraphs[:4]
    assert (title.text, sizes(title), is_bold(title), title.alignment) == ("BÁO CÁO", {14}, True, WD_ALIGN_PARAGRAPH.CENTER)
    assert summary.text == "Kết quả thực hiện công tác thông tin, tuyên truyền\ncải cách hành chính 6 tháng đầu năm 2022"
    assert sizes(summary) == {14} and is_bold(summary)
    assert (first.text, second.text) == ("Kính gửi:\t- Ủy ban nhân dân tỉnh Hưng Yên;", "- Sở Nội vụ.")
    assert sizes(first) == sizes(second) == {14}
    # The recipients' dashes line up under each other.
    assert first.paragraph_format.left_indent == second.paragraph_format.left_indent
    assert first.paragraph_format.left_indent + first.paragraph_format.first_line_indent < second.paragraph_format.left_indent


def test_body_is_justified_indented_and_spaced(so_first_half: Document) -> None:
    body = [p for p in so_first_half.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and p.text.strip()]
    assert len(body) >= 15
    for paragraph in body:
        form = paragraph.paragraph_format
        assert form.first_line_indent == Mm(12.7), paragraph.text
        assert form.space_after >= Pt(6) and 1.0 <= form.line_spacing <= 1.5, paragraph.text
        assert sizes(paragraph) == {14}, paragraph.text
    headings = [p.text for p in body if style_name(p) == "Heading 1"]
    assert headings == ["I. KẾ HOẠCH ĐANG THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN", "III. HẠN CHẾ, KHÓ KHĂN", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert all(is_bold(p) for p in body if style_name(p).startswith("Heading"))
    closing = next(p.text for p in body if p.text.startswith("Trên đây"))
    assert closing.endswith("6 tháng đầu năm 2022 của Sở Giáo dục và Đào tạo Hưng Yên./.")


def test_sections_three_and_four_are_marked_to_fill(so_first_half: Document) -> None:
    paragraphs = so_first_half.paragraphs
    for heading in ("III. HẠN CHẾ, KHÓ KHĂN", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        index = next(i for i, p in enumerate(paragraphs) if p.text == heading)
        placeholder = paragraphs[index + 1]
        assert placeholder.text.startswith("[Cần điền: ") and placeholder.text.endswith("]")
        assert {run.font.highlight_color for run in placeholder.runs} == {WD_COLOR_INDEX.YELLOW}


def test_plan_is_named_and_linked(so_first_half: Document) -> None:
    paragraphs = so_first_half.paragraphs
    opening = next(p.text for p in paragraphs if p.text.startswith("Thực hiện "))
    assert opening.startswith("Thực hiện Kế hoạch số 07/KH-SGDĐT ngày 04/01/2022 của Sở Giáo dục và Đào tạo Hưng Yên về việc ")
    links = {link.address for p in paragraphs for link in p.hyperlinks}
    assert {SITE_URL + "ke-hoach/2022/", SITE_URL + "ke-hoach/2022/bao-cao/"} <= links


def test_noi_nhan_and_signature(so_first_half: Document) -> None:
    signature = so_first_half.tables[-1]
    assert {edge.get(qn("w:val")) for edge in signature._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    label, *lines = cell_paragraphs(signature, 0, 0)
    assert (label.text, sizes(label), is_bold(label), is_italic(label)) == ("Nơi nhận:", {12}, True, True)
    assert texts(lines) == ["- Như trên;", "- Lưu: VT, VP."]
    assert all(sizes(line) == {11} for line in lines)
    signer = [p for p in signature.cell(0, 1).paragraphs if p.text.strip()]
    assert texts(signer) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]  # the name is left blank
    assert all(sizes(p) == {14} and is_bold(p) for p in signer)
    # The word processor's own pagination keeps the block whole (rendered at every length in the system layer:
    # tests/system/test_report_docx_libreoffice.py).
    closing = next(p for p in so_first_half.paragraphs if p.text.startswith("Trên đây"))
    assert closing.paragraph_format.keep_with_next and closing.paragraph_format.keep_together
    assert closing._p.getnext() is signature._tbl
    (row,) = signature.rows
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_page_numbers_top_centre_from_page_two(so_first_half: Document) -> None:
    section = so_first_half.sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert all(not p.text.strip() for p in section.first_page_header.paragraphs)
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [node.text for node in number._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    assert {run.font.size for run in number.runs} == {Pt(14)}


def test_core_properties_are_vietnamese_and_from_the_clock(so_first_half: Document) -> None:
    properties = so_first_half.core_properties
    assert properties.title.startswith("Báo cáo kết quả thực hiện công tác thông tin")
    assert properties.author == "Sở Giáo dục và Đào tạo Hưng Yên" and properties.language == "vi-VN"
    assert properties.created == properties.modified == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # NOW


# --------------------------------------------------------------------------- every number is the report's


@pytest.mark.parametrize(("unit", "half"), [(None, 1), (None, 2), (None, None), (UNIT, 1), (UNIT, None)])
def test_task_table_numbers_and_posts_equal_the_csv(content: Path, unit: str | None, half: int | None) -> None:
    report = report_of(content, unit)
    document = read(render(report, half))
    periods = 1 if half else 2
    header, *expected = csv_rows(report, half)
    rows = task_rows(document)
    assert list(rows) == [int(row[0]) for row in expected] == list(range(1, 15))
    for row in expected:
        cells = rows[int(row[0])]
        assert [number(cell) for cell in cells[3 : 3 + periods]] == [int(value) for value in row[4 : 4 + periods]], row[0]
        assert cells[1] == row[1] and cells[2] == (row[2] or "—")
    # Each post of the period is listed, linked to its page; the notes of the CSV are in the same cell.
    by_id = {row.task.id: row for row in report.rows}
    table = document.tables[1]
    for index, row_cells in enumerate(table.rows[1:-1]):
        task = report.rows[index]
        posts = row_cells.cells[-1].paragraphs
        links = [link for p in posts for link in p.hyperlinks]
        assert [link.address for link in links] == [SITE_URL + post.url for post in by_id[task.task.id].period(half).items]
        assert [link.text for link in links] == [post.title for post in task.period(half).items]
        notes = [p.text for p in posts if not p.hyperlinks]
        assert notes == list(task.notes(half))
    total = [cell.text for cell in table.rows[-1].cells]
    assert [number(cell) for cell in total[3 : 3 + periods]] == [report.total(p) for p in ([half] if half else [1, None])]


def test_totals_by_task_unit_and_month_are_the_hand_written_ones(content: Path) -> None:
    """tests/support/report_content.py counts a, b, d in the first half; c (UTC edge), e, f (January 2023) in the second."""
    document = read(render(report_of(content), None))
    total = [cell.text for cell in document.tables[1].rows[-1].cells]
    assert total[3:5] == ["3", "6"]
    units = [[cell.text for cell in row.cells] for row in document.tables[2].rows]
    assert units == [
        ["Đơn vị", "Số tin bài 6 tháng đầu năm", "Số tin bài 6 tháng cuối năm", "Số tin bài cả năm"],
        ["Phòng Tổ chức cán bộ", "1", "0", "1"], ["Trường THPT Chuyên Hưng Yên", "0", "1", "1"],
        ["Văn phòng", "2", "2", "4"], ["Tổng", "3", "3", "6"],
    ]
    months = {row.cells[0].text: row.cells[1].text for row in document.tables[3].rows[1:]}
    assert len(months) == 14  # 12 months of 2022, January 2023, the total
    assert (months["Tháng 6/2022"], months["Tháng 7/2022"], months["Tháng 1/2023"], months["Tổng"]) == ("1", "1", "1", "6")
    first_half = read(render(report_of(content), 1))
    units = [[cell.text for cell in row.cells] for row in first_half.tables[2].rows]
    assert units[1:] == [["Phòng Tổ chức cán bộ", "1"], ["Văn phòng", "2"], ["Tổng", "3"]]
    first_months = [[cell.text for cell in row.cells] for row in first_half.tables[3].rows[1:]]
    assert first_months == month_table(report_of(content), 1)[1]
    assert [row[0] for row in first_months] == [f"Tháng {m}/2022" for m in range(1, 7)] + ["Tổng"]
    text = "\n".join(p.text for p in first_half.paragraphs)
    assert "trang tin đã đăng 3 tin bài (mỗi tin bài tính một lần), thực hiện 3/14 nhiệm vụ" in text
    assert "Nhiệm vụ chưa có tin bài 6 tháng đầu năm: 4, 5, 7, 8, 9, 10, 11, 12, 13, 14." in text


def test_a_units_report_counts_only_its_posts_and_is_sent_to_the_so(content: Path) -> None:
    report = report_of(content, "van phong")  # the site's grouping: any spelling with the same letters
    assert (report.first, report.second, report.year) == (2, 2, 4)
    assert [(u.name, u.year) for u in report.units] == [("Văn phòng", 4)]
    document = read(render(report_of(content, UNIT), None))
    assert {task_id: number(cells[4]) for task_id, cells in task_rows(document).items() if cells[4] != "0"} == {1: 1, 2: 1, 3: 1, 7: 1}
    header = document.tables[0]
    parent, issuer, _ = cell_paragraphs(header, 0, 0)
    assert (parent.text, issuer.text) == (BLANK, "VĂN PHÒNG")
    assert cell_paragraphs(header, 1, 0)[0].text == f"Số: …/BC-{BLANK}"
    assert "Kính gửi: Sở Giáo dục và Đào tạo Hưng Yên" in texts(document.paragraphs)
    assert len(document.tables) == 4  # header, tasks, months, signature: no table by unit
    signer = [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text.strip()]
    assert signer == [BLANK]
    copies = [p.text for p in document.tables[-1].cell(0, 0).paragraphs if p.text.strip()]
    assert copies == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]


def test_online_feedback_counts_appear_when_committed_with_the_numbers_of_the_report_page(tmp_path: Path) -> None:
    """What `cchc report … --format docx` does for the Sở's report: the counts staff committed, when there are any."""
    root = write_content(tmp_path)
    settings = settings_of(root)
    assert load_content(settings).feedback is None
    text = "\n".join(p.text for p in read(render(report_of(root), None)).paragraphs)
    assert "câu hỏi" not in text and "Tiếp nhận câu hỏi" not in text
    counts = root / "content" / "hoi-dap" / "so-lieu.yml"  # as `cchc gop-y so-lieu` writes it
    counts.parent.mkdir(parents=True)
    counts.write_text("generated: 2023-01-02 08:00\nmonths:\n"
                      "  2022-03: {received: 1200, answered: 1100, useful: 40, not_useful: 5}\n"
                      "  2022-09: {received: 34, answered: 100, useful: 2, not_useful: 1}\n", encoding="utf-8")
    build = plan_build(settings, now=NOW, preview=False)
    page = next(spec for spec in build.pages if spec.url == "ke-hoach/2022/bao-cao/")
    shown = page.context.feedback  # type: ignore[attr-defined]  # what the report page shows
    committed = load_content(settings).feedback
    assert committed is not None
    for half in (1, None):
        text = "\n".join(p.text for p in read(render(report_of(root), half, feedback=committed.of_year(2022)[half])).paragraphs)
        tally = shown[half]
        assert "4. Tiếp nhận câu hỏi, góp ý và đánh giá trang" in text
        assert (f"tiếp nhận {format_count(tally.received)} câu hỏi, góp ý; đã trả lời {format_count(tally.answered)} "
                in text), text
        assert (f"nhận {format_count(tally.ratings)} lượt đánh giá: {format_count(tally.useful)} lượt \"Có\", "
                f"{format_count(tally.not_useful)} lượt \"Chưa\"." in text)
    assert "tiếp nhận 1.234 câu hỏi, góp ý; đã trả lời 1.200" in text  # the year, Vietnamese grouping
    # A unit's report has no feedback section: the counts are the site's.
    unit = read(render(report_of(root, UNIT), None))
    assert "Tiếp nhận câu hỏi" not in "\n".join(p.text for p in unit.paragraphs)


def test_a_given_date_is_written_in_the_formal_style(content: Path) -> None:
    for day, expected in ((date(2022, 7, 5), "ngày 05 tháng 7 năm 2022"), (date(2023, 1, 15), "ngày 15 tháng 01 năm 2023")):
        document = read(render(report_of(content), 1, signed=day))
        assert cell_paragraphs(document.tables[0], 1, 1)[0].text == f"Hưng Yên, {expected}"


# --------------------------------------------------------------------------- deterministic bytes


def test_two_runs_give_the_same_bytes_stamped_with_the_clock(content: Path) -> None:
    first, second = render(report_of(content), None), render(report_of(content), None)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}  # NOW, local time
        core = archive.read("docProps/core.xml").decode()
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
    assert core.count("2025-12-31T17:00:00Z") == 3  # created, modified, last printed
    later = render_docx(report_of(content), None, letterhead=letterhead_of_so(SETTINGS, report_of(content).plan),
                        site_url=SITE_URL, now=datetime(2026, 2, 1, tzinfo=NOW.tzinfo))
    assert later != first


# --------------------------------------------------------------------------- settings and the units file


def test_report_settings_are_in_the_schema_of_extra_cchc(tmp_path: Path) -> None:
    assert content_settings(tmp_path).options.report == ReportOptions()
    chosen = settings_of(tmp_path, recipients=["Sở Nội vụ"], signer={"position": "Giám đốc"}).options.report
    assert chosen.recipients == ("Sở Nội vụ",) and chosen.signer == ReportSigner(position="Giám đốc")
    with pytest.raises(SettingsError) as error:
        settings_of(tmp_path, recipient="UBND", copies=3, signer={"title": "x"}, units_file="../don-vi.yml")
    assert sorted(problem.message for problem in error.value.problems) == [
        "`extra.cchc.report.copies` phải là một danh sách chuỗi (tìm thấy: số 3)",
        "`extra.cchc.report.units_file` phải là đường dẫn tệp tương đối, nằm trong kho (dùng dấu /) (tìm thấy: chuỗi '../don-vi.yml')",
        "khóa không hợp lệ trong `extra.cchc.report.signer` (tìm thấy: `title`); các khóa hợp lệ: authority, position, name",
        "khóa không hợp lệ trong `extra.cchc.report` (tìm thấy: `recipient`); có phải ý bạn là `recipients`?",
    ]


def test_units_file_gives_the_units_header_and_its_mistakes_are_located(tmp_path: Path) -> None:
    write_content(tmp_path)
    units = tmp_path / "du-lieu" / "don-vi.yml"
    units.parent.mkdir()
    units.write_text(
        "# tệp đơn vị\n"
        '"VĂN PHÒNG":\n'
        '  name: "Văn phòng Sở"\n'
        '  parent: "Sở Giáo dục và Đào tạo Hưng Yên"\n'
        '  abbreviation: "VP"\n'
        '  signer: {authority: "", position: "Chánh Văn phòng", name: "Nguyễn Văn A"}\n'
        '  archive: "VT"\n', encoding="utf-8")
    details, problems = load_unit_details(units, tmp_path)
    assert problems == []
    letterhead = letterhead_of_unit(UNIT, details["van-phong"], SETTINGS)
    document = read(render_docx(report_of(tmp_path, UNIT), 1, letterhead=letterhead, site_url=SITE_URL, now=NOW))
    parent, issuer, _ = cell_paragraphs(document.tables[0], 0, 0)
    assert (parent.text, issuer.text) == ("SỞ GIÁO DỤC VÀ ĐÀO TẠO HƯNG YÊN", "VĂN PHÒNG SỞ")
    assert cell_paragraphs(document.tables[0], 1, 0)[0].text == "Số: …/BC-VP"
    signer = [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text.strip()]
    assert signer == ["CHÁNH VĂN PHÒNG", "Nguyễn Văn A"]
    units.write_text('"Văn phòng":\n  abreviation: "VP"\n"van phong": {}\n"Phòng X":\n  copies: 3\n', encoding="utf-8")
    found = gather_content(settings_of(tmp_path)).problems
    assert [str(problem) for problem in found] == [
        "du-lieu/don-vi.yml:2: khóa không hợp lệ trong đơn vị 'Văn phòng' (tìm thấy: `abreviation`); có phải ý bạn là `abbreviation`?",
        "du-lieu/don-vi.yml:3: đơn vị 'van phong' đã có ở dòng 1 (tên chỉ khác chữ hoa/thường hoặc dấu)",
        "du-lieu/don-vi.yml:5: `copies` phải là danh sách nơi nhận, ví dụ [\"Như trên\", \"Ban Giám đốc Sở\"] (tìm thấy: số 3)",
    ]
