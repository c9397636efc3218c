"""A Q&A file (content/hoi-dap/) as the feedback commands write it, with markup and quotes in its text."""

from __future__ import annotations

import yaml

HOSTILE = "<script>alert('x')</script> & \"trích dẫn\""


def answer_file(code: str, **front: object) -> str:
    values: dict[str, object] = {
        "code": code, "title": f"Hỏi về văn bằng {HOSTILE}", "asked": "2022-05-02 09:15", "answered": "2022-05-10",
        "plan": 2022, "task": 8, "unit": "Văn phòng", "field": "Hệ thống văn bằng, chứng chỉ",
        "question": f"Xin hỏi thủ tục chỉnh sửa văn bằng.\n\nDòng thứ hai {HOSTILE}", **front,
    }
    values = {key: value for key, value in values.items() if value is not None}  # None: leave the key out
    return "---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False) + "---\nSở trả lời: **nộp trực tuyến** trên Cổng.\n"
