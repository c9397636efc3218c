"""The content of the report tests, whose counts are written here by hand: posts of the 2022 plan across
both halves (with the time-zone edge: 2022-06-30T23:30:00+00:00 is 01/7 in Hưng Yên, second half), a
January report for the previous year's plan, a draft and a scheduled post (never counted), a post of
the 2023 plan; the CSV's header. Used by the report, Word report and command-line tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from support import REPO
from support.oracle import LOCAL

NOW = datetime(2026, 1, 1, tzinfo=LOCAL)  # FIXED_NOW of the end-to-end builds
PLAN = (REPO / "plan" / "2022.md").read_text(encoding="utf-8")
BOM = b"\xef\xbb\xbf"
HEADER = [
    "STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Số tin bài 6 tháng đầu năm",
    "Số tin bài cả năm", "Đơn vị đã đăng bài", "Ghi chú",
]

# (file under content/posts, front matter). Expected counts below are written by hand.
POSTS: list[tuple[str, dict[str, object]]] = [
    ("2022/01/a.md", {"title": "Tin tháng một", "date": "2022-01-10 08:00", "task": 1, "unit": "Văn phòng"}),
    ("2022/03/b.md", {"title": "Tin hai nhiệm vụ", "date": "2022-03-05", "task": [1, 2], "unit": "Phòng Tổ chức cán bộ"}),
    # 23:30 UTC on 30 June is 06:30 on 1 July in Hưng Yên: second half, July.
    ("2022/07/c.md", {"title": "Giờ UTC sát nửa đêm", "date": "2022-06-30T23:30:00+00:00", "task": 2, "unit": "Văn phòng"}),
    # 23:30 local time on 30 June: still the first half.
    ("2022/06/d.md", {"title": "Giờ Việt Nam sát nửa đêm", "date": "2022-06-30 23:30", "task": 3, "unit": "Văn phòng"}),
    ("2022/09/e.md", {"title": "Ngày pháp luật", "date": "2022-09-01 08:00", "task": 6, "unit": "Trường THPT Chuyên Hưng Yên"}),
    # A January report for the 2022 plan: second half and the year of 2022.
    ("2023/01/f.md", {"title": "Tổng kết năm", "date": "2023-01-10 14:00", "plan": 2022, "task": 7, "unit": "Văn phòng"}),
    # Never counted: a draft, and a post scheduled after NOW.
    ("2022/04/g.md", {"title": "Bản nháp", "date": "2022-04-01 08:00", "task": 4, "unit": "Văn phòng", "draft": True}),
    ("2026/03/h.md", {"title": "Bài hẹn giờ", "date": "2026-03-01 08:00", "plan": 2022, "task": 4, "unit": "Văn phòng"}),
    # Another plan's post does not count in the 2022 report.
    ("2023/02/i.md", {"title": "Tin của kế hoạch 2023", "date": "2023-02-01 08:00", "task": 1, "unit": "Văn phòng"}),
]
# task id: (first half, whole year, units that posted in the year)
EXPECTED = {
    1: (2, 2, ["Phòng Tổ chức cán bộ", "Văn phòng"]),
    2: (1, 2, ["Phòng Tổ chức cán bộ", "Văn phòng"]),
    3: (1, 1, ["Văn phòng"]),
    4: (0, 0, []),
    6: (0, 1, ["Trường THPT Chuyên Hưng Yên"]),
    7: (0, 1, ["Văn phòng"]),
}
EXPECTED_NOTES = {
    4: "Chưa có tin bài cả năm",
    6: "6 tháng đầu năm ngoài thời gian thực hiện",  # "Quý III, Quý IV/2022"
    7: "Chưa có tin bài 6 tháng đầu năm",
}


def write_content(root: Path, posts: list[tuple[str, dict[str, object]]] = POSTS) -> Path:
    """plan/2022.md, plan/2023.md (the same appendix) and the posts, under `root`."""
    (root / "plan").mkdir(parents=True, exist_ok=True)
    (root / "plan" / "2022.md").write_text(PLAN, encoding="utf-8")
    (root / "plan" / "2023.md").write_text(PLAN.replace("year: 2022", "year: 2023", 1), encoding="utf-8")
    for relative, front in posts:
        path = root / "content" / "posts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\nNội dung bài viết.\n"
        path.write_text(text, encoding="utf-8")
    return root
