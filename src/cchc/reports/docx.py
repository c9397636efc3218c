"""The plan-execution report as a Word document in the form of Nghị định 30/2020/NĐ-CP, Phụ lục I.

`render_docx` turns one `Report` (the same object the report page and the CSV are made from) into
the bytes of a `.docx`: A4, Times New Roman, the two-column header (issuing body | Quốc hiệu and
Tiêu ngữ), "Số: …/BC-…", the place and date line, "BÁO CÁO" and its summary line, "Kính gửi", the
body (I. the plan, II. the results in tables, III. limitations and IV. proposals left for staff to
write), "Nơi nhận" and the signature block. Page numbers sit at the top centre from page 2 on.

The bytes depend only on the report, the letterhead and `now`: python-docx stamps the time into the
zip entries and `docProps/core.xml`, so both are rewritten from `now` (the project's clock).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from copy import deepcopy
from datetime import UTC, date, datetime
from urllib.parse import urljoin

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from cchc.content.feedback_counts import Tally
from cchc.dates import LOCAL_TZ, format_formal
from cchc.reports.counting import HALVES, YEAR, Report, month_table, period_name, unit_table
from cchc.reports.letterhead import BLANK, Letterhead

FONT = "Times New Roman"
# Nghị định 30/2020, Phụ lục I: A4; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Mm(210 - 30 - 15)
HEADER_COLUMNS = (Mm(65), Mm(100))  # issuing body | Quốc hiệu, Tiêu ngữ
SIGNATURE_COLUMNS = (Mm(80), Mm(85))  # Nơi nhận | signature
# Sizes in points, each within the range of Phụ lục I.
SIZE_QUOC_HIEU = 12  # 12–13, bold capitals
SIZE_TIEU_NGU = 13  # 13–14, bold
SIZE_PARENT = 13  # 12–13, capitals
SIZE_ISSUER = 13  # 12–13, bold capitals
SIZE_NUMBER = 13  # "Số: …/BC-…"
SIZE_DATE = 14  # 13–14, italic
SIZE_TITLE = 14  # "BÁO CÁO", 13–14 bold; the summary line likewise
SIZE_BODY = 14  # 13–14
SIZE_TABLE = 12
SIZE_NOI_NHAN = 12  # "Nơi nhận:", bold italic
SIZE_NOI_NHAN_LIST = 11
SIZE_SIGNER = 14
SIZE_PAGE_NUMBER = 14
FIRST_LINE_INDENT = Mm(12.7)
PARAGRAPH_SPACING = Pt(6)
LINE_SPACING = 1.15
# "Độc lập - Tự do - Hạnh phúc" is 12.15 em wide in Times New Roman Bold (measured with the
# metric-compatible Liberation Serif Bold): the rule under it is as long as the line.
_TIEU_NGU_EM = 12.15
_CAPS_EM = 0.6  # the average width of a bold capital, for the short rule under the issuing body
_QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
_PLACEHOLDER = "[Cần điền: {what} Xóa câu hướng dẫn này khi viết.]"


def format_count(number: int) -> str:
    """Vietnamese grouping: 1.234."""
    return f"{number:,}".replace(",", ".")


def _short_date(moment: datetime | date) -> str:
    day = moment.astimezone(LOCAL_TZ) if isinstance(moment, datetime) else moment
    return f"{day:%d/%m/%Y}"


def _period_text(report: Report, half: int | None) -> str:
    """`6 tháng đầu năm 2022`, `năm 2022`."""
    return f"{HALVES[half]} {report.plan.year}" if half else f"năm {report.plan.year}"


class _Writer:
    """Builds one document; keeps the hyperlink relationships so each URL is related once, in O(1)."""

    def __init__(self, site_url: str) -> None:
        self.document: Document = docx.Document()
        self.site_url = site_url.rstrip("/") + "/"
        self._links: dict[str, str] = {}
        self._post_line: CT_P | None = None
        self._paragraphs: dict[tuple[object, ...], CT_P] = {}
        self._body_end = self.document.element.body[-1]  # w:sectPr: new paragraphs go before it
        assert self._body_end.tag == qn("w:sectPr")

    # --- paragraphs and runs

    def paragraph(
        self, container: Document | _Cell, text: str = "", *, size: float = SIZE_BODY, bold: bool = False,
        italic: bool = False, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, indent: Length | None = None,
        before: float = 0, after: float = 0, keep_with_next: bool = False, keep_together: bool = False,
    ) -> Paragraph:
        """A formatted paragraph of one run. The first of each format is made with python-docx; the others are
        copies of its XML with the text changed: python-docx's setters cost more than the rest of the build."""
        in_body = container is self.document
        key = (in_body, bool(text), size, bold, italic, align, indent, before, after, keep_with_next, keep_together)
        prototype = self._paragraphs.get(key)
        if prototype is not None and "\t" not in text and "\n" not in text:
            element = deepcopy(prototype)
            if text:
                node = next(element.iter(qn("w:t")))
                node.text = text
                node.set(qn("xml:space"), "preserve")
            if isinstance(container, _Cell):
                if (unused := _unused_paragraph(container)) is not None:
                    container._tc.remove(unused)
                container._tc.append(element)
            else:
                self._body_end.addprevious(element)
            return Paragraph(element, container)
        unused = _unused_paragraph(container) if isinstance(container, _Cell) else None
        paragraph = Paragraph(unused, container) if unused is not None else container.add_paragraph()
        style = paragraph.paragraph_format
        style.alignment = align
        style.first_line_indent = indent or Mm(0)
        style.space_before, style.space_after = Pt(before), Pt(after)
        style.line_spacing = LINE_SPACING if in_body else 1.0
        style.keep_with_next = keep_with_next
        if keep_together:  # set only when asked: the other paragraphs' XML stays as it was
            style.keep_together = True
        if text:
            self.run(paragraph, text, size=size, bold=bold, italic=italic)
        else:  # an empty paragraph's mark decides its height
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _mark_size(paragraph, size)
        self._paragraphs[key] = deepcopy(paragraph._p)
        return paragraph

    def body(self, text: str = "", **kwargs: object) -> Paragraph:
        """A paragraph of the body: justified, first-line indent, 6 pt after."""
        options: dict[str, object] = {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": FIRST_LINE_INDENT,
                                      "after": PARAGRAPH_SPACING.pt, **kwargs}
        return self.paragraph(self.document, text, **options)  # type: ignore[arg-type]

    def heading(self, text: str, level: int) -> Paragraph:
        """`I. KẾT QUẢ …` (bold capitals) or `1. Theo nhiệm vụ` (bold), as Heading 1/2 for the navigation pane."""
        paragraph = self.body(text, bold=True, keep_with_next=True, before=6)
        paragraph.style = self.document.styles[f"Heading {level}"]
        return paragraph

    @staticmethod
    def run(paragraph: Paragraph, text: str, *, size: float, bold: bool = False, italic: bool = False) -> None:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic

    def _relate(self, url: str) -> str:
        """The relationship id of a hyperlink to `url` (site-relative URLs made absolute), made once per URL."""
        target = urljoin(self.site_url, url)
        rel_id = self._links.get(target)
        if rel_id is None:
            rel_id = self._links[target] = f"rIdLink{len(self._links) + 1}"
            self.document.part.rels.add_relationship(RT.HYPERLINK, target, rel_id, is_external=True)
        return rel_id

    def link(self, paragraph: Paragraph, text: str, url: str, *, size: float) -> None:
        """`text` as a hyperlink to `url`: black, underlined."""
        rel_id = self._relate(url)
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.underline = True
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), rel_id)
        run._r.addprevious(hyperlink)
        hyperlink.append(run._r)

    # --- tables

    def table(self, widths: Sequence[Length], *, grid: bool) -> Table:
        table = self.document.add_table(rows=0, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        properties = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        properties.append(layout)
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            border = OxmlElement(f"w:{edge}")
            border.set(qn("w:val"), "single" if grid else "nil")
            if grid:
                border.set(qn("w:sz"), "4")
                border.set(qn("w:space"), "0")
                border.set(qn("w:color"), "000000")
            borders.append(border)
        properties.append(borders)
        margins = OxmlElement("w:tblCellMar")
        for edge in ("left", "right"):
            margin = OxmlElement(f"w:{edge}")
            margin.set(qn("w:w"), "85" if grid else "0")  # 1.5 mm inside a grid; none in the header
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        properties.append(margins)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        return table

    @staticmethod
    def row(table: Table, widths: Sequence[Length], *, header: bool = False, whole: bool = False) -> list[_Cell]:
        cells = list(table.add_row().cells)
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
        if header:  # repeated at the top of every page the table runs onto
            row_properties = table.rows[-1]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            row_properties.append(repeat)
        if whole:  # never split across two pages: the row moves to the next page whole
            table.rows[-1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        return cells

    def post_line(self, cell: _Cell, title: str, url: str, when: str) -> None:
        """`- <title, linked> (<date>)` in a table cell. A year lists every post: the first line is made with
        python-docx, the others are copies of its XML with their texts and link changed (python-docx's setters are slow)."""
        if self._post_line is None:
            paragraph = self.cell_text(cell, "- ")
            self.link(paragraph, title, url, size=SIZE_TABLE)
            self.run(paragraph, f" ({when})", size=SIZE_TABLE)
            self._post_line = deepcopy(paragraph._p)
            return
        line = deepcopy(self._post_line)
        _, text, date = line.iter(qn("w:t"))
        text.text, date.text = title, f" ({when})"
        hyperlink = line.find(qn("w:hyperlink"))
        assert hyperlink is not None
        hyperlink.set(qn("r:id"), self._relate(url))
        if (unused := _unused_paragraph(cell)) is not None:
            cell._tc.remove(unused)
        cell._tc.append(line)

    def cell_text(self, cell: _Cell, text: str, *, bold: bool = False, italic: bool = False,
                  align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT) -> Paragraph:
        return self.paragraph(cell, text, size=SIZE_TABLE, bold=bold, italic=italic, align=align, before=2, after=2)

    def rule(self, container: Document | _Cell, length: float, width: Length, *, after: float = 0) -> None:
        """A solid rule `length` points long, centred in `width`: an empty paragraph's bottom border."""
        paragraph = self.paragraph(container, size=1, after=after)
        side = Pt(max(0.0, (width.pt - length) / 2))
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(2)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
            bottom.set(qn(f"w:{name}"), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

def _unused_paragraph(cell: _Cell) -> CT_P | None:
    """A new cell's own empty paragraph (the only one, never formatted), found in constant time."""
    first = cell._tc.find(qn("w:p"))
    if isinstance(first, CT_P) and first.pPr is None and first.getnext() is None:
        return first
    return None


def _mark_size(paragraph: Paragraph, size: float) -> None:
    """The size of an empty paragraph's mark (its height)."""
    properties = paragraph._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        mark.append(element)
    properties.append(mark)


# --- the document's frame: page, fonts, page numbers ---------------------------------------------------


def _set_up(writer: _Writer, title: str, author: str, now: datetime) -> None:
    document = writer.document
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    # Every run in Times New Roman, whatever the script; Vietnamese for spelling and hyphenation.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert run_defaults is not None
    for child in list(run_defaults):
        if child.tag in (qn("w:rFonts"), qn("w:lang")):
            run_defaults.remove(child)
    fonts = OxmlElement("w:rFonts")
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)
    run_defaults.insert(0, fonts)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    language.set(qn("w:eastAsia"), "vi-VN")
    run_defaults.append(language)
    for name in ("Normal", "Heading 1", "Heading 2", "Header"):
        style = document.styles[name]
        font = style.font
        font.name = FONT
        font.size = Pt(SIZE_BODY)
        font.color.rgb = None
        font.italic = False
        style_fonts = style.element.rPr.rFonts
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            style_fonts.set(qn(f"w:{script}"), FONT)
            style_fonts.attrib.pop(qn(f"w:{script}Theme"), None)
    # Page numbers: top centre, from page 2 (the first page has its own, empty, header).
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = number.add_run()
        run.font.size = Pt(SIZE_PAGE_NUMBER)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text or ""
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = "Bản dự thảo tạo từ trang tin cải cách hành chính; số liệu lấy từ trang báo cáo thực hiện kế hoạch."
    properties.subject = properties.keywords = properties.category = ""
    properties.language = "vi-VN"
    properties.revision = 1
    stamp = now.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = properties.last_printed = stamp
    # The template's thumbnail shows an empty page: leave it out.
    package_rels = document.part.package.rels
    for rel_id in [rel_id for rel_id, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rel_id]


def _header(writer: _Writer, letterhead: Letterhead, signed: date | None) -> None:
    """Issuing body and number on the left; Quốc hiệu, Tiêu ngữ and the date line on the right."""
    left, right = HEADER_COLUMNS
    table = writer.table(HEADER_COLUMNS, grid=False)
    body, nation = writer.row(table, HEADER_COLUMNS)
    writer.paragraph(body, (letterhead.parent or BLANK).upper(), size=SIZE_PARENT)
    issuer = letterhead.issuer.upper()
    writer.paragraph(body, issuer, size=SIZE_ISSUER, bold=True)
    issuer_width = min(left.pt, len(issuer) * _CAPS_EM * SIZE_ISSUER)
    writer.rule(body, issuer_width * 0.4, left)  # Phụ lục I: 1/3 to 1/2 of the line
    writer.paragraph(nation, _QUOC_HIEU, size=SIZE_QUOC_HIEU, bold=True)
    writer.paragraph(nation, _TIEU_NGU, size=SIZE_TIEU_NGU, bold=True)
    writer.rule(nation, _TIEU_NGU_EM * SIZE_TIEU_NGU, right)  # as long as the line
    number, place = writer.row(table, HEADER_COLUMNS)
    writer.paragraph(number, f"Số: …/BC-{letterhead.abbreviation or BLANK}", size=SIZE_NUMBER, before=6)
    when = format_formal(signed) if signed else "ngày … tháng … năm …"
    writer.paragraph(place, f"{letterhead.place or BLANK}, {when}", size=SIZE_DATE, italic=True, before=6)


def _title(writer: _Writer, report: Report, half: int | None, letterhead: Letterhead) -> None:
    document = writer.document
    writer.paragraph(document, "BÁO CÁO", size=SIZE_TITLE, bold=True, before=18, keep_with_next=True)
    summary = writer.paragraph(document, "Kết quả thực hiện công tác thông tin, tuyên truyền", size=SIZE_TITLE, bold=True,
                               keep_with_next=True)
    summary.runs[-1].add_break()  # two balanced lines rather than one full line and three words
    writer.run(summary, f"cải cách hành chính {_period_text(report, half)}", size=SIZE_TITLE, bold=True)
    writer.rule(document, Mm(50).pt, TEXT_WIDTH, after=12)  # a third to a half of the summary's lines
    recipients = letterhead.recipients
    if len(recipients) == 1:
        writer.paragraph(document, f"Kính gửi: {recipients[0]}", size=SIZE_BODY, after=12)
        return
    # Two or more: "Kính gửi:" then one line each, "- …;" aligned under each other, the last "- ….".
    label, start = Mm(22), Mm(30)
    for index, recipient in enumerate(recipients):
        last = index == len(recipients) - 1
        line = f"- {recipient}{'.' if last else ';'}"
        paragraph = writer.paragraph(document, size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.LEFT, after=12 if last else 0)
        paragraph.paragraph_format.left_indent = start + label
        if index == 0:
            paragraph.paragraph_format.first_line_indent = -label
            paragraph.paragraph_format.tab_stops.add_tab_stop(start + label)
            writer.run(paragraph, "Kính gửi:\t", size=SIZE_BODY)
        writer.run(paragraph, line, size=SIZE_BODY)


# --- the body -----------------------------------------------------------------------------------------


def _plan_reference(report: Report) -> str:
    plan = report.plan
    return f"Kế hoạch số {plan.number} ngày {_short_date(plan.issued)} của {plan.issuer}"


def _opening(writer: _Writer, report: Report, half: int | None, letterhead: Letterhead) -> None:
    writer.body(
        f"Thực hiện {_plan_reference(report)} về việc {report.plan.title}, {letterhead.sender} báo cáo kết quả "
        f"thực hiện công tác thông tin, tuyên truyền cải cách hành chính {_period_text(report, half)} như sau:"
    )


def _the_plan(writer: _Writer, report: Report, now: datetime) -> None:
    plan = report.plan
    writer.heading("I. KẾ HOẠCH ĐANG THỰC HIỆN", 1)
    writer.body(f"{_plan_reference(report)} về việc {plan.title} gồm {len(plan.tasks)} nhiệm vụ tại phụ lục.")
    _address(writer, "Toàn văn kế hoạch và phụ lục: ", plan.url)
    whose = f" của {report.unit}" if report.unit else ""
    writer.body(
        f"Số liệu tại mục II là số tin bài{whose} đã đăng trên trang tin cải cách hành chính, tổng hợp ngày "
        f"{_short_date(now)}. Chỉ tính tin bài đã đăng; tin bài thực hiện nhiều nhiệm vụ được tính cho từng "
        "nhiệm vụ, các dòng tổng tính mỗi tin bài một lần; kỳ báo cáo tính theo ngày giờ Việt Nam."
    )
    _address(writer, "Số liệu chi tiết: ", report.url)


def _address(writer: _Writer, label: str, url: str) -> None:
    """A short line ending in a page's address, shown (it is short) and linked: readable on paper too."""
    paragraph = writer.body(label, align=WD_ALIGN_PARAGRAPH.LEFT)
    absolute = urljoin(writer.site_url, url)
    writer.link(paragraph, absolute, absolute, size=SIZE_BODY)
    writer.run(paragraph, ".", size=SIZE_BODY)


def _caption(writer: _Writer, text: str) -> None:
    writer.paragraph(writer.document, text, size=SIZE_TABLE + 1, bold=True, before=6, after=6, keep_with_next=True)


def _header_row(writer: _Writer, table: Table, widths: Sequence[Length], labels: Iterable[str]) -> None:
    for cell, label in zip(writer.row(table, widths, header=True), labels, strict=True):
        writer.cell_text(cell, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _number_cell(writer: _Writer, cell: _Cell, number: int | str, *, bold: bool = False) -> None:
    text = format_count(number) if isinstance(number, int) else number
    writer.cell_text(cell, text, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER)


def _task_table(writer: _Writer, report: Report, half: int | None) -> None:
    periods: list[int | None] = [1, None] if half is None else [half]
    widths = [Mm(12), Mm(50), Mm(23), Mm(15), Mm(15), Mm(50)] if half is None else [Mm(12), Mm(55), Mm(25), Mm(16), Mm(57)]
    active = sum(1 for row in report.rows if row.period(half).posts)
    whose = f" của {report.unit}" if report.unit else ""
    writer.body(
        f"Trong {_period_text(report, half)}, trang tin đã đăng {format_count(report.total(half))} tin bài{whose} "
        f"(mỗi tin bài tính một lần), thực hiện {active}/{len(report.rows)} nhiệm vụ của kế hoạch; chi tiết tại Bảng 1."
    )
    _caption(writer, f"Bảng 1. Tin bài theo nhiệm vụ của kế hoạch, {_period_text(report, half)}")
    table = writer.table(widths, grid=True)
    counts = ["Số tin bài"] if half else [HALVES[1].capitalize(), YEAR.capitalize()]
    labels = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", *counts, "Tin bài đã đăng"]
    _header_row(writer, table, widths, labels)
    for row in report.rows:
        cells = writer.row(table, widths)
        task = row.task
        _number_cell(writer, cells[0], str(task.id))
        writer.cell_text(cells[1], task.name)
        writer.cell_text(cells[2], task.lead or "—")
        for cell, period in zip(cells[3:-1], periods, strict=True):
            _number_cell(writer, cell, row.period(period).posts)
        posts = cells[-1]
        for note in row.notes(half):
            writer.cell_text(posts, note, italic=True)
        for post in row.period(half).items:
            writer.post_line(posts, post.title, post.url, _short_date(post.date))
    total = writer.row(table, widths)
    label = total[0].merge(total[2])
    writer.cell_text(label, "Tổng số tin bài (mỗi tin bài tính một lần)", bold=True)
    for cell, period in zip(total[3:-1], periods, strict=True):
        _number_cell(writer, cell, report.total(period), bold=True)
    writer.cell_text(total[-1], f"{active}/{len(report.rows)} nhiệm vụ có tin bài", bold=True)
    for shown in periods[::-1]:
        missing = report.missing(shown)
        ids = ", ".join(str(row.task.id) for row in missing) or "không có"
        writer.body(f"Nhiệm vụ chưa có tin bài {period_name(shown)}: {ids}.", before=6)


def _simple_table(writer: _Writer, caption: str, header: list[str], rows: list[list[str]], widths: Sequence[Length]) -> None:
    """A table of counts (the last row: totals) from `unit_table` / `month_table`, numbers in Vietnamese style."""
    _caption(writer, caption)
    table = writer.table(widths, grid=True)
    _header_row(writer, table, widths, header)
    for index, values in enumerate(rows):
        bold = index == len(rows) - 1
        cells = writer.row(table, widths)
        writer.cell_text(cells[0], values[0], bold=bold)
        for cell, value in zip(cells[1:], values[1:], strict=True):
            _number_cell(writer, cell, int(value), bold=bold)


def _results(writer: _Writer, report: Report, half: int | None, feedback: Tally | None) -> None:
    writer.heading("II. KẾT QUẢ THỰC HIỆN", 1)
    number = 1
    writer.heading(f"{number}. Tin bài theo nhiệm vụ", 2)
    _task_table(writer, report, half)
    tables = 1
    if report.unit is None:
        number, tables = number + 1, tables + 1
        writer.heading(f"{number}. Tin bài theo đơn vị", 2)
        header, rows = unit_table(report, half)
        writer.body(f"Có {len(rows) - 1} đơn vị đăng tin bài trong {_period_text(report, half)}; chi tiết tại Bảng {tables}.")
        widths = [Mm(85), *([Mm(80 / (len(header) - 1))] * (len(header) - 1))]
        _simple_table(writer, f"Bảng {tables}. Tin bài theo đơn vị", header, rows, widths)
    number, tables = number + 1, tables + 1
    writer.heading(f"{number}. Tin bài theo tháng", 2)
    header, rows = month_table(report, half)
    writer.body(f"Số tin bài đăng mỗi tháng (theo ngày giờ Việt Nam) tại Bảng {tables}.")
    _simple_table(writer, f"Bảng {tables}. Tin bài theo tháng", header, rows, [Mm(60), Mm(50)])
    if feedback is not None:
        number += 1
        writer.heading(f"{number}. Tiếp nhận câu hỏi, góp ý và đánh giá trang", 2)
        writer.body(f"Trong {_period_text(report, half)}, trang Góp ý tiếp nhận {format_count(feedback.received)} câu hỏi, "
                    f"góp ý; đã trả lời {format_count(feedback.answered)} (đăng tại mục Hỏi đáp). Câu hỏi \"Thông tin này "
                    f"có hữu ích không?\" ở cuối mỗi tin bài nhận {format_count(feedback.ratings)} lượt đánh giá: "
                    f"{format_count(feedback.useful)} lượt \"Có\", {format_count(feedback.not_useful)} lượt \"Chưa\".")


def _to_fill(writer: _Writer, heading: str, what: str) -> None:
    """A headed section for staff to write; the placeholder is highlighted so nobody sends it as is."""
    writer.heading(heading, 1)
    paragraph = writer.body()
    run = paragraph.add_run(_PLACEHOLDER.format(what=what))
    run.font.size = Pt(SIZE_BODY)
    run.font.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _closing(writer: _Writer, report: Report, half: int | None, letterhead: Letterhead) -> None:
    """The closing sentence, then Nơi nhận | signature in one table row. The block is never split: the sentence
    keeps its lines together and stays with the table, whose one row cannot break: Word and LibreOffice move the
    whole block to the next page when it does not fit. No computed page break, so this holds at any length."""
    writer.body(f"Trên đây là báo cáo kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính "
                f"{_period_text(report, half)} của {letterhead.sender}./.", keep_with_next=True, keep_together=True)
    table = writer.table(SIGNATURE_COLUMNS, grid=False)
    copies, signature = writer.row(table, SIGNATURE_COLUMNS, whole=True)
    writer.paragraph(copies, "Nơi nhận:", size=SIZE_NOI_NHAN, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT,
                     before=12)
    for line in letterhead.copies:
        writer.paragraph(copies, f"- {line.rstrip(';.')};", size=SIZE_NOI_NHAN_LIST, align=WD_ALIGN_PARAGRAPH.LEFT)
    archive = letterhead.archive.rstrip(".") or "VT"
    writer.paragraph(copies, f"- Lưu: {archive}.", size=SIZE_NOI_NHAN_LIST, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = letterhead.signer
    first = True
    for line in (signer.authority, signer.position or BLANK):
        if line:
            writer.paragraph(signature, line.upper(), size=SIZE_SIGNER, bold=True, before=12 if first else 0)
            first = False
    for _ in range(4):  # room for the signature and the seal
        writer.paragraph(signature, size=SIZE_SIGNER)
    writer.paragraph(signature, signer.name, size=SIZE_SIGNER, bold=True)


# --- bytes ----------------------------------------------------------------------------------------------


def _fixed_zip(data: bytes, now: datetime) -> bytes:
    """The same entries, in the same order, each stamped with `now` (local time; zip cannot go before 1980)."""
    stamp = max(now.astimezone(LOCAL_TZ).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, source.read(entry.filename), compresslevel=6)
    return output.getvalue()


def render_docx(
    report: Report, half: int | None, *, letterhead: Letterhead, site_url: str, now: datetime,
    signed: date | None = None, feedback: Tally | None = None,
) -> bytes:
    """The report of one period (1, 2 or None for the year) as the bytes of a .docx.

    `signed` fills the date line (left as "ngày … tháng … năm …" without it); `now` is when the
    figures were taken and the time stamped into the file; `feedback`, when given, adds the online
    questions and page ratings of the period (the Sở's reports, from content/hoi-dap/so-lieu.yml).
    """
    writer = _Writer(site_url)
    title = f"Báo cáo kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính {_period_text(report, half)}"
    _set_up(writer, title, letterhead.sender, now)
    _header(writer, letterhead, signed)
    _title(writer, report, half, letterhead)
    _opening(writer, report, half, letterhead)
    _the_plan(writer, report, now)
    _results(writer, report, half, feedback)
    _to_fill(writer, "III. HẠN CHẾ, KHÓ KHĂN",
             f"nêu những hạn chế, khó khăn trong công tác thông tin, tuyên truyền cải cách hành chính "
             f"{_period_text(report, half)} và nguyên nhân.")
    _to_fill(writer, "IV. ĐỀ XUẤT, KIẾN NGHỊ",
             "nêu các đề xuất, kiến nghị để công tác thông tin, tuyên truyền cải cách hành chính đạt kết quả tốt hơn.")
    _closing(writer, report, half, letterhead)
    buffer = io.BytesIO()
    writer.document.save(buffer)
    return _fixed_zip(buffer.getvalue(), now)

