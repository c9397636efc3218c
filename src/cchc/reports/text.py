"""`cchc report` as text: the plan-execution report as a terminal table or as Markdown."""

from __future__ import annotations

import textwrap
from datetime import datetime

from cchc.dates import format_short
from cchc.reports.counting import HALVES, YEAR, Report, report_table, unit_table


def cut(text: str, width: int) -> str:
    """`text` shortened to `width` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


GAP = "  "
MIN_COLUMN = 6


def _column_sizes(cells: list[list[str]], width: int, weights: dict[int, int] | None = None) -> list[int]:
    """Each column as wide as its longest cell, the widest ones (for their weight) narrowed until the row
    fits `width` (a column of numbers keeps its size: only text wraps)."""
    sizes = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    numeric = [all(row[i].isdigit() for row in cells[1:]) for i in range(len(sizes))]
    header_words = [max(len(word) for word in cells[0][i].split() or [""]) for i in range(len(sizes))]
    sizes = [max(header_words[i], max(len(row[i]) for row in cells[1:] or [[""] * len(sizes)])) if numeric[i] else sizes[i]
             for i in range(len(sizes))]
    while sum(sizes) + len(GAP) * (len(sizes) - 1) > width:
        flexible = [i for i in range(len(sizes)) if not numeric[i] and sizes[i] > MIN_COLUMN]
        if not flexible:
            break
        sizes[max(flexible, key=lambda i: (sizes[i] / (weights or {}).get(i, 1), -i))] -= 1
    return sizes


def _text_table(header: list[str], rows: list[list[str]], width: int, weights: dict[int, int] | None = None) -> list[str]:
    """A table whose lines are at most `width` characters: cells too long for their column wrap."""
    sizes = _column_sizes([header, *rows], width, weights)
    lines = []
    for index, row in enumerate([header, *rows]):
        wrapped = [textwrap.wrap(cell, size, break_long_words=True) or [""] for cell, size in zip(row, sizes, strict=True)]
        for depth in range(max(len(cell) for cell in wrapped)):
            parts = [(cell[depth] if depth < len(cell) else "").ljust(size) for cell, size in zip(wrapped, sizes, strict=True)]
            lines.append(GAP.join(parts).rstrip())
        if index == 0:
            lines.append(GAP.join("-" * size for size in sizes))
    return lines


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") or "—"


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def report_text(report: Report, half: int | None, *, markdown: bool, now: datetime, width: int = 80) -> str:
    """The report as a table for the terminal (no line longer than `width`), or as Markdown."""
    plan = report.plan
    period = HALVES[half] if half else YEAR
    whose = f" – {report.unit}" if report.unit else ""
    title = f"Báo cáo thực hiện Kế hoạch {plan.number} năm {plan.year}{whose} – {period}"
    header, rows = report_table(report, half)
    units_header, units = unit_table(report, half)
    totals = (f"{HALVES[1]}: {report.first}; {YEAR}: {report.year}" if half is None
              else f"{period}: {report.total(half)}")
    summary = [f"Tổng số tin bài (mỗi tin bài tính một lần) – {totals}."]
    for shown in ([None, 1] if half is None else [half]):
        ids = ", ".join(str(row.task.id) for row in report.missing(shown)) or "không có"
        summary.append(f"Nhiệm vụ chưa có tin bài {HALVES[shown] if shown else YEAR}: {ids}.")
    notes = (
        f"Số liệu tính đến {format_short(now, with_time=True)}: chỉ tính tin bài đã đăng (không tính bản nháp, bài hẹn giờ); "
        f"kỳ báo cáo theo ngày giờ Việt Nam; tin bài đăng sau năm {plan.year} nhưng ghi `plan: {plan.year}` "
        f"được tính vào {HALVES[2]} và cả năm."
    )
    if markdown:
        lines = [f"# {title}", "", notes, "", "## Theo nhiệm vụ", "", *_md_table(header, rows), "", *summary,
                 "", "## Theo đơn vị", "", *_md_table(units_header, units)]
    else:
        def para(text: str) -> list[str]:
            return textwrap.wrap(text, width) or [""]

        # Short headers for the counts on a screen (the CSV keeps the full ones); the task's name gets the room.
        short = [name.removeprefix("Số tin bài ").capitalize() if name.startswith("Số tin bài ") else name for name in header]
        lines = [*para(title), "", *_text_table(short, rows, width, {1: 3}), "",
                 *(line for text in summary for line in para(text)),
                 "", "Theo đơn vị", "", *_text_table(units_header, units, width), "", *para(notes)]
    return "\n".join(lines) + "\n"
