"""`cchc new-plan YEAR`: the skeleton of `plan/<year>.md`, every key explained where it is written.

The values to copy from the signed plan are left empty on purpose: until they are filled in,
`cchc check` names each at its line and the site is not built, so no placeholder can reach the
public. The format is documented in huong-dan/noi-dung.md ("Kế hoạch của một năm") and read by content/plans.py.
"""

from __future__ import annotations

import json


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _line(text: str, comment: str) -> str:
    return f"{text:<29} # {comment}"


def plan_skeleton(year: int, *, issuer: str) -> str:
    lines = [
        "---",
        f"# Kế hoạch tuyên truyền cải cách hành chính năm {year}: chép đúng theo văn bản đã ký. Các giá trị \"\"",
        "# là phải điền: trang chưa xây dựng được cho tới khi điền đủ (cchc check chỉ ra từng dòng còn thiếu).",
        "# Ô nào văn bản gốc để trống thì để \"\" ở các khóa không bắt buộc (trang hiện \"—\"); không tự thêm.",
        _line(f"year: {year}", "năm của kế hoạch, trùng tên tệp"),
        _line('number: ""', 'bắt buộc: số ký hiệu văn bản, ví dụ "07/KH-SGDĐT"'),
        _line('title: ""', f'bắt buộc: trích yếu, ví dụ "Tuyên truyền cải cách hành chính … năm {year}"'),
        _line('issued: ""', f"bắt buộc: ngày ban hành, dạng YYYY-MM-DD, ví dụ {year}-01-04"),
        _line(f"issuer: {_quoted(issuer)}", "bắt buộc: cơ quan ban hành"),
        _line('place: ""', 'địa danh ở dòng ngày tháng, ví dụ "Hưng Yên" (văn bản không ghi thì xóa dòng)'),
        _line("signer:", "người ký (văn bản không ghi thì xóa cả khối)"),
        _line('  authority: ""', 'quyền hạn ký, ví dụ "KT. GIÁM ĐỐC"; Giám đốc ký thì để ""'),
        _line('  position: ""', 'chức vụ, ví dụ "PHÓ GIÁM ĐỐC"'),
        _line('  name: ""', "họ tên người ký"),
        _line("recipients: []", 'nơi nhận, đúng thứ tự văn bản, ví dụ ["UBND tỉnh;", "Lưu VT, VP."]'),
        _line("appendix:", "phụ lục nhiệm vụ (không bắt buộc)"),
        _line('  title: ""', "tiêu đề của phụ lục"),
        _line('  note: ""', 'dòng ghi chú, ví dụ "(Ban hành kèm theo Kế hoạch số …)"'),
        _line("tasks:", "bắt buộc: các nhiệm vụ của phụ lục, theo thứ tự; bài viết ghi `task: <id>`"),
        _line("  - id: 1", "số thứ tự (STT) của nhiệm vụ trong phụ lục, không trùng nhau"),
        _line('    name: ""', "bắt buộc: tên nhiệm vụ"),
        _line('    products: ""', "sản phẩm"),
        _line('    lead: ""', 'cơ quan chủ trì, ví dụ "Văn phòng"'),
        _line('    partners: ""', "cơ quan phối hợp"),
        _line('    timeframe: ""', f'thời gian thực hiện, ví dụ "Thường xuyên" hoặc "Quý III, Quý IV/{year}"'),
        "# Nhiệm vụ tiếp theo: chép khối `- id: …` ở trên, tăng id (2, 3, …).",
        "# Sau dòng --- dưới đây: dán toàn văn kế hoạch (Markdown: ## cho đề mục, - cho ý liệt kê).",
        "---",
        "",
    ]
    return "\n".join(lines)
