"""`cchc report` as text: the plan-execution report as a terminal table or as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .dates import format_short
from .report import HALVES, YEAR, Report, report_table


def cut(text: str, width: int) -> str:
    """`text` shortened to `width` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _text_table(header: list[str], rows: list[list[str]], widths: Sequence[int | None]) -> list[str]:
    cells = [[cut(cell, width) if width else cell for cell, width in zip(row, widths, strict=True)] for row in [header, *rows]]
    sizes = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(cell.ljust(size) for cell, size in zip(row, sizes, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * size for size in sizes))
    return lines


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") or "—"


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _unit_table(report: Report, half: int | None) -> tuple[list[str], list[list[str]]]:
    if half is None:
        header = ["Đơn vị", f"Số tin bài {HALVES[1]}", f"Số tin bài {HALVES[2]}", f"Số tin bài {YEAR}"]
        rows = [[unit.name, str(unit.first), str(unit.second), str(unit.year)] for unit in report.units]
        return header, rows + [["Tổng", str(report.first), str(report.second), str(report.year)]]
    counts = [(unit.name, (unit.first, unit.second)[half - 1]) for unit in report.units]
    rows = [[name, str(count)] for name, count in counts if count]
    return ["Đơn vị", f"Số tin bài {HALVES[half]}"], rows + [["Tổng", str(report.total(half))]]


def report_text(report: Report, half: int | None, *, markdown: bool, now: datetime) -> str:
    """The report as a table for the terminal, or as Markdown."""
    plan = report.plan
    period = HALVES[half] if half else YEAR
    title = f"Báo cáo thực hiện Kế hoạch {plan.number} năm {plan.year} – {period}"
    header, rows = report_table(report, half)
    units_header, units = _unit_table(report, half)
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
        widths = [None, 40, 20, 20, *([None] * (len(header) - 6)), 40, None]
        lines = [title, "", *_text_table(header, rows, widths), "", *summary, "",
                 "Theo đơn vị", "", *_text_table(units_header, units, [None] * len(units_header)), "", notes]
    return "\n".join(lines) + "\n"
