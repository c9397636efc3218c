"""The `cchc` command line, run as staff run it (a subprocess in a project folder): new, check, report.
`cchc.cli.main` in the test process, and the pre-commit hook: tests/unit/test_cli_main.py."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXED_NOW
from support.cli import cchc, write
from support.oracle import png_bytes
from support.project import SiteProject, content_settings, write_config
from support.report_content import BOM, EXPECTED, HEADER, NOW, write_content

from cchc.build.pipeline import load_content
from cchc.model import Post
from cchc.reports.counting import build_report
from cchc.reports.text import report_text
from cchc.site.linking import build_site


def posts_of(root: Path) -> list[Post]:
    return load_content(content_settings(root)).posts


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = write_content(tmp_path / "du-an")
    write_config(root)
    return root


# --------------------------------------------------------------------------- help and usage


@pytest.mark.parametrize("command", [[], ["new"], ["check"], ["report"]], ids=["cchc", "new", "check", "report"])
def test_help_is_in_vietnamese(root: Path, command: list[str]) -> None:
    done = cchc(root, *command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Cách dùng: cchc")
    assert "tùy chọn:" in done.stdout and "in hướng dẫn này rồi thoát" in done.stdout
    for english in ("usage:", "options:", "show this help", "positional arguments"):
        assert english not in done.stdout


@pytest.mark.parametrize("args, words", [
    ([], ["thiếu tham số bắt buộc", "LỆNH"]),
    (["new", "Tin"], ["thiếu tham số bắt buộc", "--task", "--unit"]),
    (["new", "Tin", "--task", "hai", "--unit", "Văn phòng"], ["số nhiệm vụ phải là một số", "'hai'"]),
    (["new", "Tin", "--task", "2", "--unit", "Văn phòng", "--date", "15/03/2022"], ["--date", "YYYY-MM-DD"]),
    (["report", "2022", "--half", "3"], ["--half", "chọn một trong: 1, 2"]),
    (["report", "2030"], ["không có kế hoạch năm 2030", "2022, 2023"]),
    (["check", "khong-co.md"], ["không có tệp hoặc thư mục"]),
    (["xoa"], ["'xoa' không hợp lệ"]),
], ids=["no command", "missing options", "task not a number", "bad date", "bad half", "unknown year",
        "missing path", "unknown command"])
def test_usage_errors_exit_2_in_vietnamese(root: Path, args: list[str], words: list[str]) -> None:
    done = cchc(root, *args)
    assert done.returncode == 2, done.stderr
    assert "lỗi:" in done.stderr
    for word in words:
        assert word in done.stderr
    assert "error:" not in done.stderr and "usage:" not in done.stderr


# --------------------------------------------------------------------------- cchc new


def test_new_writes_a_valid_draft_and_prints_its_path_and_address(root: Path) -> None:
    done = cchc(root, "new", "Đẩy mạnh cải cách: thủ tục \"một cửa\"", "--task", "5", "--task", "7",
                "--unit", "Văn phòng", now="2022-03-10 09:15")
    assert done.returncode == 0, done.stderr
    path = root / "content/posts/2022/03/day-manh-cai-cach-thu-tuc-mot-cua.md"
    assert path.is_file()
    lines = done.stdout.splitlines()
    assert lines[0] == "Đã tạo bài viết: content/posts/2022/03/day-manh-cai-cach-thu-tuc-mot-cua.md"
    # The sample address of the test project is nowhere a post will be: the path only.
    assert lines[1] == "Địa chỉ khi đăng: /cchc/tin-tuc/2022/03/day-manh-cai-cach-thu-tuc-mot-cua/"
    assert lines[2] == "Xem trước (sau khi chạy cchc serve): http://127.0.0.1:8000/cchc/tin-tuc/2022/03/day-manh-cai-cach-thu-tuc-mot-cua/"
    post = next(p for p in posts_of(root) if p.source == path)
    assert (post.title, post.task_ids, post.unit, post.draft) == ("Đẩy mạnh cải cách: thủ tục \"một cửa\"", (5, 7), "Văn phòng", True)
    assert post.date.isoformat() == "2022-03-10T09:15:00+07:00" and post.plan_year == 2022
    assert cchc(root, "check", str(path.relative_to(root))).stdout == ""


def test_new_with_date_and_plan_for_a_january_report(root: Path) -> None:
    done = cchc(root, "new", "Tổng kết công tác năm", "--task", "7", "--unit", "Văn phòng",
                "--date", "2024-01-05 10:00", "--plan", "2023")
    assert done.returncode == 0, done.stderr
    path = root / "content/posts/2024/01/tong-ket-cong-tac-nam.md"
    post = next(p for p in posts_of(root) if p.source == path)
    assert (post.plan_year, post.date.isoformat()) == (2023, "2024-01-05T10:00:00+07:00")


def test_new_refuses_an_unknown_task_and_lists_the_plan_tasks(root: Path) -> None:
    done = cchc(root, "new", "Tin mới", "--task", "15", "--unit", "Văn phòng", now="2022-03-10 09:15")
    assert done.returncode == 2
    assert "nhiệm vụ 15 không có trong kế hoạch 2022" in done.stderr
    listed = re.findall(r"^\s*(\d+)\. ", done.stderr, flags=re.MULTILINE)
    assert listed == [str(n) for n in range(1, 15)]
    assert "Tuyên truyền triển khai Ngày pháp luật năm 2022" in done.stderr
    assert not (root / "content/posts/2022/03/tin-moi.md").exists()


@pytest.mark.parametrize("given, suggestion", [
    ("văn phòng", "Văn phòng"),  # case only
    ("Van phong", "Văn phòng"),  # diacritics only
    ("Phòng Tổ chức cán bồ", "Phòng Tổ chức cán bộ"),  # a typo
    ("THPT Chuyên Hưng Yên", "Trường THPT Chuyên Hưng Yên"),  # part of the name
])
def test_new_suggests_the_closest_known_unit(root: Path, given: str, suggestion: str) -> None:
    done = cchc(root, "new", "Tin mới", "--task", "2", "--unit", given, now="2022-03-10 09:15")
    assert done.returncode == 2
    assert f"Có phải ý bạn là {suggestion!r}?" in done.stderr and "--new-unit" in done.stderr
    assert not list((root / "content/posts/2022/03").glob("tin-moi*.md"))


def test_a_new_unit_must_be_confirmed(root: Path) -> None:
    args = ["new", "Tin của Ban đại diện", "--task", "2", "--unit", "Ban đại diện cha mẹ học sinh"]
    refused = cchc(root, *args, now="2022-03-10 09:15")
    assert refused.returncode == 2 and "Các đơn vị đã có:" in refused.stderr and "Văn phòng" in refused.stderr
    done = cchc(root, *args, "--new-unit", now="2022-03-10 09:15")
    assert done.returncode == 0, done.stderr
    assert "đơn vị mới" in done.stdout
    assert cchc(root, "check").returncode == 0


def test_new_never_overwrites(root: Path) -> None:
    args = ["new", "Tin mới", "--task", "2", "--unit", "Văn phòng", "--date", "2022-03-10"]
    assert cchc(root, *args).returncode == 0
    path = root / "content/posts/2022/03/tin-moi.md"
    path.write_text(path.read_text(encoding="utf-8") + "Đoạn đã viết.\n", encoding="utf-8")
    before = path.read_bytes()
    again = cchc(root, *args)
    assert again.returncode == 1 and "đã có tệp content/posts/2022/03/tin-moi.md; cchc new không ghi đè" in again.stderr
    assert path.read_bytes() == before
    # Another file already on the same address is refused too.
    other = cchc(root, "new", "Tin mới!", "--task", "2", "--unit", "Văn phòng", "--date", "2022-03-20")
    assert other.returncode == 1 and "không ghi đè" in other.stderr


def test_new_explainer_has_a_valid_procedure_block(root: Path) -> None:
    done = cchc(root, "new", "Hướng dẫn thủ tục chuyển trường", "--task", "8", "--unit", "Văn phòng",
                "--explainer", "--date", "2022-09-01 08:00")
    assert done.returncode == 0, done.stderr
    path = root / "content/posts/2022/09/huong-dan-thu-tuc-chuyen-truong.md"
    assert "procedure:" in path.read_text(encoding="utf-8")
    post = next(p for p in posts_of(root) if p.source == path)
    assert post.procedure is not None
    assert cchc(root, "check").stdout == ""


def test_new_post_builds_and_is_published_once_the_draft_line_is_removed(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    done = cchc(project.root, "new", "Tin viết bằng cchc", "--task", "2", "--unit", "Văn phòng", now="2022-03-10 09:15")
    assert done.returncode == 0, done.stderr
    url = done.stdout.splitlines()[1].removeprefix("Địa chỉ khi đăng: /cchc/")
    assert url == "tin-tuc/2022/03/tin-viet-bang-cchc/"
    path = project.root / "content/posts/2022/03/tin-viet-bang-cchc.md"
    path.write_text(re.sub(r"^draft: true.*\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE), encoding="utf-8")
    checked = cchc(project.root, "check")
    assert checked.returncode == 0
    assert [line.split(" (")[0] for line in checked.stdout.splitlines()] == [
        f"content/posts/2022/03/tin-viet-bang-cchc.md:{line}: cảnh báo: bài không còn là bản nháp nhưng vẫn còn câu mẫu của cchc new"
        for line in (9, 13)]
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "Tin viết bằng cchc" in result.page(url)


def test_new_with_a_very_long_title_cuts_the_address_at_a_word(root: Path) -> None:
    """Issue 12: a 500-character title made a 500-character file name ("File name too long", in English)."""
    title = "Hội nghị tập huấn nghiệp vụ cải cách hành chính cho cán bộ " * 9
    done = cchc(root, "new", title, "--task", "2", "--unit", "Văn phòng", "--date", "2022-03-15 08:30")
    assert done.returncode == 0, done.stderr
    path = root / done.stdout.split("Đã tạo bài viết: ", 1)[1].split("\n", 1)[0]
    assert len(path.stem) <= 80 and not path.stem.endswith("-") and f"slug: {path.stem}" in path.read_text(encoding="utf-8")
    assert "hoi-nghi-tap-huan-nghiep-vu-cai-cach-hanh-chinh-cho-can-bo-hoi" in path.stem
    assert cchc(root, "check").returncode == 0


def test_new_speaks_vietnamese_when_the_file_cannot_be_written(root: Path) -> None:
    (root / "content" / "posts" / "2022").rename(root / "cu")
    (root / "content" / "posts" / "2022").write_text("không phải thư mục", encoding="utf-8")
    done = cchc(root, "new", "Tin", "--task", "2", "--unit", "Văn phòng", "--date", "2022-03-15 08:30")
    assert done.returncode == 1
    assert "cchc new: lỗi: " in done.stderr and "Not a directory" not in done.stderr and "File exists" not in done.stderr
    assert "content/posts/2022" in done.stderr


def test_new_says_when_a_post_is_scheduled(root: Path) -> None:
    done = cchc(root, "new", "Tin hẹn giờ", "--task", "2", "--unit", "Văn phòng", "--date", "2022-04-01 08:00",
                now="2022-03-10 09:15")
    assert done.returncode == 0
    assert "bài hẹn giờ, tự lên trang từ Thứ Sáu, 01/04/2022, 08:00" in done.stdout


# --------------------------------------------------------------------------- cchc check


WARNED = {
    "content/posts/2022/04/ngoai-thoi-gian.md": (
        {"title": "Ngày pháp luật sớm", "date": "2022-04-05 08:00", "task": 6, "unit": "Văn phòng"}, ""),
    "content/posts/2022/05/tom-tat-dai.md": (
        {"title": "Tóm tắt dài", "date": "2022-05-05 08:00", "task": 2, "unit": "Văn phòng", "summary": "Rất dài. " * 40}, ""),
    "content/posts/2022/05/anh.md": (
        {"title": "Ảnh thiếu mô tả", "date": "2022-05-06 08:00", "task": 2, "unit": "Văn phòng"},
        "Mở đầu.\n\n![](anh.png)\n\n![Có mô tả](anh.png)\n\n<img src=\"anh.png\">\n"),
    "content/posts/2022/05/don-vi.md": (
        {"title": "Đơn vị viết khác", "date": "2022-05-07 08:00", "task": 2, "unit": "văn Phòng"}, ""),
}


def test_check_lists_errors_and_warnings_at_their_lines(root: Path) -> None:
    for relative, (front, body) in WARNED.items():
        write(root, relative, front, body)
    (root / "content/posts/2022/05/anh.png").write_bytes(png_bytes())  # a real image: it is re-encoded for the web
    write(root, "content/posts/2022/05/loi.md", {"title": "Bài lỗi", "date": "2022-02-30", "task": 99, "unit": "Văn phòng"})
    done = cchc(root, "check")
    assert done.returncode == 1
    warning = "cảnh báo: "
    alt = ("ảnh không có lời mô tả (alt): người dùng trình đọc màn hình không biết ảnh nói gì; "
           "viết mô tả trong ngoặc vuông, ví dụ ![Hội nghị tập huấn tại Sở](anh.jpg)")
    assert done.stdout.splitlines() == [
        "content/posts/2022/04/ngoai-thoi-gian.md:3: " + warning + "bài đăng ngày 05/04/2022 nằm ngoài thời gian "
        + "thực hiện của nhiệm vụ 6 ('Quý III, Quý IV/2022': tháng 7–12/2022); kiểm tra lại `date` hoặc `task`",
        "content/posts/2022/05/anh.md:9: " + warning + alt,
        "content/posts/2022/05/anh.md:13: " + warning + alt,
        "content/posts/2022/05/don-vi.md:5: " + warning + "đơn vị 'văn Phòng' chỉ khác 'Văn phòng' (tên trong kế "
        + "hoạch) ở chữ hoa/thường hoặc dấu; trang web gộp chung làm một đơn vị, hãy viết đúng 'Văn phòng'",
        "content/posts/2022/05/loi.md:3: `date`: ngày giờ không tồn tại (tìm thấy: '2022-02-30')",
        "content/posts/2022/05/loi.md:4: nhiệm vụ 99 không có trong kế hoạch 2022 (các nhiệm vụ: 1, 2, 3, 4, 5, 6, 7, "
        + "8, 9, 10, 11, 12, 13, 14)",
        "content/posts/2022/05/tom-tat-dai.md:6: " + warning + "tóm tắt dài 359 ký tự, quá 300 ký tự của RSS; "
        + "hãy rút lại còn một hai câu",
    ]
    assert "2 lỗi, 5 cảnh báo" in done.stderr
    # Warnings alone do not fail.
    (root / "content/posts/2022/05/loi.md").unlink()
    done = cchc(root, "check")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 5 and "không có lỗi, 5 cảnh báo" in done.stderr


def test_check_with_paths_shows_only_their_lines(root: Path) -> None:
    for relative, (front, body) in WARNED.items():
        write(root, relative, front, body)
    write(root, "content/posts/2022/05/loi.md", {"title": "Bài lỗi", "date": "2022-05-30", "task": 99, "unit": "Văn phòng"})
    only = cchc(root, "check", "content/posts/2022/04/ngoai-thoi-gian.md")
    assert only.returncode == 0 and [line.split(":")[0] for line in only.stdout.splitlines()] == [
        "content/posts/2022/04/ngoai-thoi-gian.md"]
    folder = cchc(root, "check", "content/posts/2022/05")
    assert folder.returncode == 1 and "loi.md:4:" in folder.stdout and "ngoai-thoi-gian" not in folder.stdout
    # A plan among the paths: every post depends on it, so everything is shown.
    with_plan = cchc(root, "check", "plan/2022.md")
    assert with_plan.stdout == cchc(root, "check").stdout


def test_check_prints_the_same_error_lines_as_the_build(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    write(project.root, "content/posts/2022/03/a.md", {"title": "Tin", "date": "2022-03-01 08:00", "task": 99, "unit": "Văn phòng"})
    project.write("content/posts/2022/03/b.md", "---\ntitle: [chưa đóng\n---\n")
    write(project.root, "content/posts/2022/03/c.md", {"title": "Tin", "date": "2022-03-02", "task": 1, "unit": "Văn phòng", "tgas": []})
    checked = cchc(project.root, "check")
    built = project.build()
    assert checked.returncode == 1 and built.returncode != 0
    problem = re.compile(r"^content/posts/\S+:\d+: ")
    assert [line for line in checked.stdout.splitlines() if problem.match(line)] == \
           [line for line in built.stderr.splitlines() if problem.match(line)]
    assert len(checked.stdout.splitlines()) == 3


# --------------------------------------------------------------------------- cchc report


def test_report_table_has_the_expected_counts(root: Path) -> None:
    done = cchc(root, "report", "2022")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Báo cáo thực hiện Kế hoạch 07/KH-SGDĐT năm 2022 – cả năm"
    # A row's first line has its numbers; long cells wrap onto the lines under it (80 columns).
    rows = {int(line.split()[0]): line for line in lines if re.match(r"^\d+ ", line)}
    assert sorted(rows) == list(range(1, 15))
    assert re.search(r"\s2\s+2\s+Phòng Tổ", rows[1]) and re.search(r"\s0\s+1\s+Văn\s+Chưa có", rows[7])
    text = " ".join(" ".join(lines).split())
    assert "Tổng số tin bài (mỗi tin bài tính một lần) – 6 tháng đầu năm: 3; cả năm: 6." in text
    assert "Nhiệm vụ chưa có tin bài 6 tháng đầu năm: 4, 5, 7, 8, 9, 10, 11, 12, 13, 14." in text
    assert re.search(r"^Văn phòng\s+2\s+2\s+4$", done.stdout, flags=re.MULTILINE)


@pytest.mark.parametrize("half, expected", [("1", {1: 2, 2: 1, 3: 1}), ("2", {2: 1, 6: 1, 7: 1})])
def test_report_of_one_half(root: Path, half: str, expected: dict[int, int]) -> None:
    done = cchc(root, "report", "2022", "--half", half, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout.removeprefix("\ufeff"), newline="")))
    assert rows[0][4] == ("Số tin bài 6 tháng đầu năm" if half == "1" else "Số tin bài 6 tháng cuối năm")
    assert {int(row[0]): int(row[4]) for row in rows[1:] if row[4] != "0"} == expected


def test_report_csv_is_the_file_of_the_site(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    write_content(project.root)
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "report", "2022", "--format", "csv"], cwd=project.root,
                          env={**os.environ, "CCHC_NOW": FIXED_NOW}, capture_output=True, check=False, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith(BOM)
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert done.stdout == (result.out / "ke-hoach/2022/bao-cao.csv").read_bytes()
    assert next(csv.reader(io.StringIO(done.stdout[3:].decode("utf-8")))) == HEADER


def test_report_markdown(root: Path) -> None:
    done = cchc(root, "report", "2022", "--format", "md")
    assert done.returncode == 0
    assert done.stdout.startswith("# Báo cáo thực hiện Kế hoạch 07/KH-SGDĐT năm 2022 – cả năm\n")
    row = next(line for line in done.stdout.splitlines() if line.startswith("| 2 | "))
    first, year, units = EXPECTED[2]
    assert row.endswith(f"| {first} | {year} | {', '.join(units)} | — |")


def test_report_refuses_content_with_errors(root: Path) -> None:
    write(root, "content/posts/2022/05/loi.md", {"title": "Bài lỗi", "date": "2022-05-30", "task": 99, "unit": "Văn phòng"})
    done = cchc(root, "report", "2022")
    assert done.returncode == 1
    assert done.stdout.startswith("content/posts/2022/05/loi.md:4: nhiệm vụ 99") and "1 lỗi" in done.stderr


def test_report_fits_80_columns_and_uses_a_wider_terminal(root: Path) -> None:
    done = cchc(root, "report", "2022")  # not a terminal: 80 columns
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    words = set(done.stdout.split())  # long cells wrap, no text is cut: every word of every task is there
    sentence = "Tuyên truyền về cải cách tổ chức bộ máy, tinh giản biên chế"
    assert all(word in words for word in sentence.split(" "))
    content = load_content(content_settings(root))
    report = build_report(build_site(content.plans, content.posts, now=NOW, preview=False), content.plans[2022])
    wide = report_text(report, None, markdown=False, now=NOW, width=160).splitlines()
    narrow = report_text(report, None, markdown=False, now=NOW).splitlines()
    assert 80 < max(len(line) for line in wide) <= 160 and len(wide) < len(narrow)
