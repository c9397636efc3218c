"""The Word reports read back: the settings of the report, the document of a rendered report, the
paragraphs of a table cell, the task table's rows."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from cchc.content.settings import Settings
from support import REPO
from support.project import READY_SITE_URL, content_settings

SITE_URL = READY_SITE_URL  # a real address: Word reports refuse a sample one (tests/build/test_official_address.py)
SIGNER = {"authority": "KT. GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC"}
UNIT = "Văn phòng"


def settings_of(root: Path, **report: object) -> Settings:
    return content_settings(root, site_url=SITE_URL, report={"signer": SIGNER, **report})


SETTINGS = settings_of(REPO).options.report


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def cell_paragraphs(table: Table, row: int, column: int) -> list[Paragraph]:
    return [p for p in table.cell(row, column).paragraphs if p.text.strip() or p._p.pPr.find(qn("w:pBdr")) is not None]


def task_rows(document: Document) -> dict[int, list[str]]:
    rows = document.tables[1].rows
    return {int(row.cells[0].text): [cell.text for cell in row.cells] for row in rows[1:-1]}
