"""The `procedure:` block of a TTHC explainer: validated like all front matter, errors at their line."""

from __future__ import annotations

from pathlib import Path

from support.load_problems import PLAN, load, tree
from support.project import content_settings

from cchc.build.pipeline import load_content

HEAD = '---\ntitle: "Hướng dẫn chỉnh sửa văn bằng"\ndate: 2022-03-01 08:00\ntask: 8\nunit: "Văn phòng"\n'
GOOD_BLOCK = """procedure:
  code: "2.001914"
  name: "Chỉnh sửa nội dung văn bằng, chứng chỉ"
  field: "Hệ thống văn bằng, chứng chỉ"
  steps: ["Nộp hồ sơ", "Nhận kết quả"]
  channels:
    - {channel: "Trực tuyến", duration: "05 ngày làm việc", fee: "Không"}
  documents:
    - {name: "Đơn đề nghị", copies: 1, form: "https://example.gov.vn/mau.docx"}
  legal_basis: "Thông tư 21/2019/TT-BGDĐT"
  online: "Toàn trình"
  url: "https://dichvucong.gov.vn/"
"""


def explainer(block: str) -> str:
    return HEAD + block + "---\nNội dung.\n"


def test_a_valid_block_becomes_a_typed_procedure(tmp_path: Path) -> None:
    root = tree(tmp_path, {"content/posts/a.md": explainer(GOOD_BLOCK)})
    posts = load_content(content_settings(root)).posts
    procedure = posts[0].procedure
    assert procedure is not None
    assert (procedure.code, procedure.online, procedure.legal_basis) == ("2.001914", "toàn trình", ("Thông tư 21/2019/TT-BGDĐT",))
    assert procedure.channels[0].duration == "05 ngày làm việc"
    assert (procedure.documents[0].copies, procedure.documents[0].form) == ("1", "https://example.gov.vn/mau.docx")
    assert procedure.result == "" and procedure.requirements == ()


def test_each_problem_of_the_block_is_reported_at_its_line(tmp_path: Path) -> None:
    block = """procedure:
  name: "Chuyển trường"
  feild: "Giáo dục trung học"
  online: "trực tiếp"
  url: "dichvucong.gov.vn"
  channels:
    - {duration: "03 ngày"}
  documents: "Đơn"
"""
    problems = load(tree(tmp_path, {"content/posts/a.md": explainer(block)}, plan=PLAN))
    assert [(line, message.split(" (")[0]) for _, line, message in problems] == [
        (6, "thiếu khóa bắt buộc `field` trong `procedure`"),
        (8, "khóa không hợp lệ trong `procedure`"),
        (9, "`online` phải là \"toàn trình\" hoặc \"một phần\""),
        (10, "`url` phải là địa chỉ bắt đầu bằng https://"),
        (12, "thiếu khóa bắt buộc `channel` trong `channels`"),
        (13, "`documents` phải là một danh sách, mỗi mục bắt đầu bằng `- name:`"),
    ]
    assert "`field`" in problems[1][2]
