"""`cchc check` on answers names the line of every personal datum (the detector itself:
tests/unit/test_content_personal_data.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.project import SiteProject

ANSWER = """---
code: K7M3QX9A
title: Hỏi về văn bằng của chị Bích 0912 345 678
asked: 2026-03-02 09:15
answered: 2026-03-05 10:00
plan: 2022
task: 8
unit: Văn phòng
question: |
  Xin hỏi thủ tục chỉnh sửa văn bằng.
  Tôi là Trần Thị Bích, email bich.tran＠gmail.com.
  Theo Kế hoạch 07/KH-SGDĐT ngày 12/3/2024.
---
Chào chị Trần Thị Bích,

Sở trả lời: nộp hồ sơ theo thủ tục 2.001914, lệ phí 20.000 đồng; hỏi thêm đường dây nóng 0221 3000 001
hoặc Phòng GDĐT 0221 3985 123. Chị gửi bản chụp CCCD 0331 9500 1234 qua
thư vanphong@hungyen.edu.vn.
"""


FOLDED = """---
code: ABCDEFGH
title: Hỏi về chuyển trường
asked: 2026-03-02 09:15
answered: 2026-03-05 10:00
plan: 2022
task: 8
unit: Văn phòng
question: Xin hỏi về thủ tục chuyển trường cho con tôi, học lớp 5, liên hệ
  số (091) 234 5678 hoặc chuyển
  khoản 1903-5555-1234-567.
---
Sở trả lời.
"""


def test_check_warns_at_the_line_of_each_personal_datum(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    project.write("content/hoi-dap/k7m3qx9a.md", ANSWER)
    project.write("content/hoi-dap/abcdefgh.md", FOLDED)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "check"], cwd=project.root, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False, env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    warned = [line.split(": cảnh báo: ")[0] + ": " + line.split(": cảnh báo: ")[1].split(" (")[0]
              for line in done.stdout.splitlines() if "cảnh báo" in line]
    assert warned == [
        "content/hoi-dap/abcdefgh.md:10: `question` có thể chứa số điện thoại",
        "content/hoi-dap/abcdefgh.md:11: `question` có thể chứa số tài khoản",
        "content/hoi-dap/k7m3qx9a.md:3: `title` có thể chứa số điện thoại",
        "content/hoi-dap/k7m3qx9a.md:11: `question` có thể chứa họ tên người hỏi",
        "content/hoi-dap/k7m3qx9a.md:11: `question` có thể chứa thư điện tử",
        "content/hoi-dap/k7m3qx9a.md:14: câu trả lời có thể chứa họ tên người hỏi",
        "content/hoi-dap/k7m3qx9a.md:17: câu trả lời có thể chứa số CCCD/CMND",
    ], done.stdout
    assert "0912 345 678" not in done.stdout and "bich.tran" not in done.stdout  # a hint, not the datum again
    project.write("content/hoi-dap/k7m3qx9a.md", ANSWER.replace("unit: Văn phòng\n", "unit: Văn phòng\nasker: Trần Thị Bích\n"))
    again = subprocess.run([sys.executable, "-m", "cchc.cli", "check", "content/hoi-dap/k7m3qx9a.md"], cwd=project.root,
                           capture_output=True, text=True, encoding="utf-8", timeout=120, check=False, env=env)
    assert "họ tên người hỏi" not in again.stdout and "số CCCD/CMND" in again.stdout  # the citizen agreed to the name only
