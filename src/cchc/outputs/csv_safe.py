"""CSV files that open safely in Excel: every CSV the project writes goes through `render_rows`.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel (and
LibreOffice) as a formula: a unit named "=HYPERLINK(…)" would become a live link in a leader's
spreadsheet. Such a cell gets a leading apostrophe (the OWASP rule for CSV injection), which the
spreadsheet shows as text. UTF-8 with a BOM so that Excel on Windows reads Vietnamese; CRLF line
ends as RFC 4180 asks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff".encode()
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet never evaluates."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def render_rows(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A whole CSV file: the header and the rows, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([neutralise(cell) for cell in row])
    return BOM + buffer.getvalue().encode("utf-8")
