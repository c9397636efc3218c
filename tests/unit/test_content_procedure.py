"""The `procedure:` block of a TTHC explainer: validated like all front matter, errors at their line."""

from __future__ import annotations

from pathlib import Path

import pytest
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


@pytest.mark.parametrize("code", ["2.001914", "1.004222", "2.001914.000.00.00.H33", "3.000123.000.00.00.G01"])
def test_a_procedure_code_as_the_portals_write_it(tmp_path: Path, code: str) -> None:
    block = f'procedure:\n  code: "{code}"\n  name: "Thủ tục A"\n  field: "Lĩnh vực B"\n'
    content = load_content(content_settings(tree(tmp_path, {"content/posts/a.md": explainer(block)})))
    assert content.errors == [] and content.posts[0].procedure is not None
    assert content.posts[0].procedure.code == code


@pytest.mark.parametrize("written, found", [
    ('"2001914"', "(tìm thấy: '2001914')"),
    ('"2.1914"', "(tìm thấy: '2.1914')"),
    ('"2.001914.H33"', "(tìm thấy: '2.001914.H33')"),
    ('"Mã 2.001914"', "(tìm thấy: 'Mã 2.001914')"),
    ('"2.001914 "', None),  # surrounding spaces are trimmed like every text
])
def test_a_bad_procedure_code_is_reported_at_its_line(tmp_path: Path, written: str, found: str | None) -> None:
    block = f'procedure:\n  name: "Thủ tục A"\n  field: "Lĩnh vực B"\n  code: {written}\n'
    problems = load(tree(tmp_path, {"content/posts/a.md": explainer(block)}, plan=PLAN))
    if found is None:
        assert problems == []
        return
    assert [(line, message) for _, line, message in problems] == [
        (9, "`code` phải là mã thủ tục như trên Cổng Dịch vụ công, ví dụ \"2.001914\" hoặc \"2.001914.000.00.00.H33\" " + found)]


def test_an_unquoted_code_is_a_number_and_asks_for_quotes(tmp_path: Path) -> None:
    """YAML reads `code: 2.001910` as the number 2.00191: the code would lose its last 0."""
    block = 'procedure:\n  name: "Thủ tục A"\n  field: "Lĩnh vực B"\n  code: 2.001910\n'
    problems = load(tree(tmp_path, {"content/posts/a.md": explainer(block)}, plan=PLAN))
    assert [(line, message) for _, line, message in problems] == [
        (9, "`code` phải viết trong ngoặc kép, ví dụ code: \"2.001914\" (tìm thấy: số 2.00191)")]


@pytest.mark.parametrize("written, expected", [("140183", "140183"), ('"3712"', "3712"), ("0", None), ('"ma 12"', None),
                                               ("true", None), ("1.5", None)])
def test_the_portal_id_is_the_number_of_the_portal_s_page(tmp_path: Path, written: str, expected: str | None) -> None:
    block = f'procedure:\n  name: "Thủ tục A"\n  field: "Lĩnh vực B"\n  portal_id: {written}\n'
    root = tree(tmp_path, {"content/posts/a.md": explainer(block)}, plan=PLAN)
    problems = load(root)
    if expected is None:
        assert [(line, message.split(" (")[0]) for _, line, message in problems] == [
            (9, "`portal_id` phải là số ở cuối địa chỉ trang thủ tục trên Cổng Dịch vụ công quốc gia")]
        return
    assert problems == []
    procedure = load_content(content_settings(root)).posts[0].procedure
    assert procedure is not None and procedure.portal_id == expected
