"""What staff take out of the database: a CSV of a period, the Markdown skeleton of a published
answer, and the monthly counts file the plan-execution report reads. Pure functions of stored data.

Everything that leaves here as a file is safe where it lands: CSV cells cannot become spreadsheet
formulas, the skeleton's question is YAML data (the page escapes it) with the personal data the
detector finds hidden (cchc.content.personal_data; its header says what a person must still look
for), the counts file holds numbers only."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

import yaml

from cchc.content.personal_data import CHECKED, HIDDEN, NOT_CHECKED, NOTHING, Finding, Public, redact
from cchc.dates import LOCAL_TZ
from cchc.gopy.store import ANSWERED, StoredQuestion
from cchc.outputs.csv_safe import render_rows
from cchc.text import shorten

QUESTION_LIMIT = 1500  # characters of the question as published; staff may shorten further


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def questions_csv(questions: Iterable[StoredQuestion]) -> bytes:
    """The project's CSV (cchc.outputs.csv_safe): Excel-ready, no cell a formula."""
    header = ["Mã tiếp nhận", "Ngày nhận", "Trạng thái", "Tiêu đề", "Nội dung", "Trang liên quan",
              "Họ tên", "Liên hệ", "Đồng ý công bố họ tên", "Địa chỉ câu trả lời", "Ngày trả lời"]
    return render_rows(header, ([str(cell) for cell in (
        item.code, f"{local(item.received_at):%Y-%m-%d %H:%M}", item.status_label, item.subject, item.content,
        item.page, item.name, item.contact, "có" if item.publish_name else "không", item.answer_url,
        f"{local(item.answered_at):%Y-%m-%d %H:%M}" if item.answered_at else "")] for item in questions))


def _hidden_summary(findings: Iterable[Finding]) -> str:
    counts = Counter(finding.label for finding in findings)
    return ", ".join(f"{count} {label}" for label, count in sorted(counts.items())) or "không thấy chỗ nào"


def answer_skeleton(item: StoredQuestion, *, task: int | None, plan: int | None, field: str, page: str,
                    unit: str, today: datetime, public: Public = NOTHING) -> str:
    """content/hoi-dap/<mã>.md: the question as it will be published, the answer to write. `public`:
    what may stay although it looks personal (the agency's own phone numbers and address)."""
    known = (item.name, item.contact)  # "" once purged
    title, in_title = redact(item.subject, known=known, public=public)
    question, in_question = redact(item.content, known=known, public=public)
    front: dict[str, object] = {
        "code": item.code,
        "title": shorten(title, 200),
        "asked": f"{local(item.received_at):%Y-%m-%d %H:%M}",
        "answered": f"{local(today):%Y-%m-%d %H:%M}",
        "plan": plan if plan is not None else local(item.received_at).year,
        "task": task,
        "unit": unit,
    }
    if field:
        front["field"] = field
    if page:
        front["page"] = page
    if item.publish_name and item.name:
        front["asker"] = item.name  # the citizen ticked "công bố họ tên"
    front["question"] = shorten(question, QUESTION_LIMIT)
    front["draft"] = True
    privacy = textwrap.wrap(
        f"Thông tin cá nhân trong tiêu đề và câu hỏi: đã tự ẩn {_hidden_summary([*in_title, *in_question])} "
        f"(thay bằng {HIDDEN}). Đã dò: {CHECKED}. KHÔNG dò được: {NOT_CHECKED}; người trả lời phải đọc lại và xóa "
        "những thông tin đó trước khi đăng: đã commit vào kho thì việc xóa thông tin cá nhân quá hạn lưu trữ không "
        "xóa được nữa.", width=98)
    header = (
        f"# Hỏi đáp {item.code}, tạo bằng `cchc gop-y tra-loi {item.code}`. Chép tệp vào content/hoi-dap/ của\n"
        "# bản sao kho của bạn; đọc lại câu hỏi (rút gọn nếu cần), điền task (số nhiệm vụ) và unit, viết câu\n"
        "# trả lời bên dưới, xóa dòng draft, chạy cchc check (cảnh báo những gì còn giống thông tin cá nhân).\n"
        + "".join(f"# {line}\n" for line in privacy)
    )
    body = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    if task is None:
        body = body.replace("task: null\n", "task: null  # SỬA: số nhiệm vụ trong phụ lục kế hoạch\n")
    return f"---\n{header}{body}---\nViết câu trả lời ở đây (thay cả đoạn này): trả lời đúng câu hỏi, dẫn văn bản, thủ tục liên quan.\n"


def monthly_counts(questions: Iterable[StoredQuestion], ratings: Iterable[tuple[str, bool, str, datetime]]) -> dict[str, dict[str, int]]:
    """{"YYYY-MM": {received, answered, useful, not_useful}} by local month; answered by the month it was."""
    counts: dict[str, Counter[str]] = {}

    def bump(moment: datetime, key: str) -> None:
        counts.setdefault(f"{local(moment):%Y-%m}", Counter())[key] += 1

    for item in questions:
        bump(item.received_at, "received")
        if item.status == ANSWERED and item.answered_at is not None:
            bump(item.answered_at, "answered")
    for _, useful, _, moment in ratings:
        bump(moment, "useful" if useful else "not_useful")
    keys = ("received", "answered", "useful", "not_useful")
    return {month: {key: counts[month][key] for key in keys} for month in sorted(counts)}


def counts_file(months: dict[str, dict[str, int]], *, now: datetime) -> str:
    """content/hoi-dap/so-lieu.yml; see huong-dan/gop-y-va-bao-cao.md, "Số liệu cho báo cáo"."""
    header = ("# Số liệu góp ý, đánh giá trực tuyến theo tháng (giờ Việt Nam), ghi bằng `cchc gop-y so-lieu`.\n"
              "# Chỉ có số đếm, không có thông tin cá nhân. Báo cáo thực hiện kế hoạch đọc tệp này; đừng sửa tay.\n"
              "# received: câu hỏi nhận được; answered: câu hỏi đã trả lời (theo tháng trả lời);\n"
              "# useful / not_useful: đánh giá \"Có\" / \"Chưa\" hữu ích.\n")
    data = {"generated": f"{local(now):%Y-%m-%d %H:%M}", "months": months}
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=120)
