"""Issue 12 with the real `mkdocs build --strict` and `cchc`: hostile content never empties site/, never
publishes a server file, never shows a traceback; `cchc check` reports exactly what the build refuses.
Feeds stay text for feed readers and CSV cells stay text for Excel."""

from __future__ import annotations

import csv
import html
import io
import os
import subprocess
import sys

import feedparser
import lxml.etree
import lxml.html
from support import FIXED_NOW
from support.hostile import cchc, problem_lines, snapshot
from support.project import SiteProject

GOOD = {"title": "Tin tốt", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}


def test_hostile_posts_leave_the_previous_site_byte_for_byte(project: SiteProject) -> None:
    project.write_post("2022/03/tot.md", GOOD)
    first = project.build()
    assert first.returncode == 0, first.stderr
    before = snapshot(first.out)
    assert len(before) > 100

    posts = project.root / "content" / "posts" / "2022" / "05"
    project.write("content/posts/2022/05/dieu-khien.md", '---\ntitle: "Tin\\x0b"\ndate: 2022-05-01\ntask: 1\nunit: "Văn phòng"\n---\nA.\n')
    project.write("content/posts/2022/05/doan-dau.md",
                  "---\ntitle: Đoạn đầu\ndate: 2022-05-02\ntask: 1\nunit: Văn phòng\n---\nCó \x01 ký tự.\n")
    project.write("content/posts/2022/05/anh.md", "---\ntitle: Ảnh\ndate: 2022-05-03\ntask: 1\nunit: Văn phòng\nimage: anh.png\n---\nA.\n")
    (posts / "anh.png").symlink_to("/etc/passwd")
    project.write("content/posts/2022/05/meta.md", "---\ntitle: Meta\ndate: 2022-05-04\ntask: 1\nunit: Văn phòng\n---\nA.\n\n"
                  '<meta http-equiv="refresh" content="0;url=https://evil.example">\n')
    project.write("content/posts/2022/05/muc.md", "---\ntitle: Mục\ndate: 2022-05-05\ntask: 1\nunit: Văn phòng\n---\n[x](#khong-co)\n")
    project.write("content/posts/2022/05/emoji.md", '---\ntitle: "🎉🎉🎉"\ndate: 2022-05-06\ntask: 1\nunit: Văn phòng\n---\nA.\n')
    project.write("content/posts/2022/05/so.md", f"---\ntitle: Số\ndate: 2022-05-07\ntask: {'9' * 5001}\nunit: Văn phòng\n---\nA.\n")
    project.write("content/posts/2022/05/gio.md", "---\ntitle: Giờ\ndate: 2022-05-08T08:00+25:00\ntask: 1\nunit: Văn phòng\n---\nA.\n")
    project.write("content/posts/2022/05/ngoac.md", '---\ntitle: "Ngoặc\ndate: 2022-05-09\ntask: 1\nunit: "Văn phòng"\n---\nA.\n')
    project.write("content/posts/2022/05/thu-muc.md/.gitkeep", "")
    (posts / ".#tot.md").symlink_to("nguoi@may.1234:1700000000")

    result = project.build(out=first.out)
    check = cchc(project, "check")

    output = result.stdout + result.stderr + check.stdout + check.stderr
    assert result.returncode != 0 and check.returncode == 1
    assert "Traceback" not in output and "root:" not in output
    assert snapshot(first.out) == before  # nothing was cleaned, nothing was written
    expected = [
        ("anh.md", 6, "tệp ảnh 'anh.png': liên kết tượng trưng trỏ ra ngoài thư mục content/"),
        ("dieu-khien.md", 2, "giá trị có ký tự điều khiển U+000B"),
        ("doan-dau.md", 7, "có ký tự điều khiển U+0001"),
        ("emoji.md", 2, "tiêu đề không có chữ cái hay chữ số nào"),
        ("gio.md", 3, "`date`: múi giờ +25:00 không có"),
        ("meta.md", 9, "thẻ HTML `<meta>` không được dùng"),
        ("muc.md", 7, "liên kết tới mục không có trong bài (tìm thấy: '#khong-co')"),
        ("ngoac.md", 2, "lỗi cú pháp YAML: thiếu dấu ngoặc kép đóng"),
        ("so.md", 4, "giá trị YAML không đọc được (số quá lớn: 5001 chữ số)"),
    ]
    built = problem_lines(result.stderr)
    assert [(line.split(":")[0].rsplit("/", 1)[1], int(line.split(":")[1])) for line in built] == [(name, n) for name, n, _ in expected]
    for line, (_, _, words) in zip(built, expected, strict=True):
        assert words in line, line
    assert problem_lines(check.stdout) == built  # cchc check and the build agree, line for line


def test_feed_descriptions_are_text_in_every_reader(project: SiteProject) -> None:
    hostile = '<img src=x onerror="alert(1)"> điểm < 5 và > 3 & "AT&T"'
    project.write_post("2022/03/a.md", {**GOOD, "summary": hostile})
    project.write_post("2022/03/b.md", {**GOOD, "title": "Không tóm tắt", "date": "2022-03-02 08:00"},
                       body="Đoạn đầu có <em>nhấn</em> và 3 &lt; 5.\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    raw = (result.out / "feed.xml").read_bytes()
    items = {item.findtext("title"): item for item in lxml.etree.fromstring(raw).iter("item")}
    assert items["Tin tốt"].findtext("description") == html.escape(hostile, quote=False)
    parsed = feedparser.parse(raw)
    assert not parsed.bozo
    entries = {entry.title: entry for entry in parsed.entries}
    for title, text in (("Tin tốt", hostile), ("Không tóm tắt", "Đoạn đầu có nhấn và 3 < 5.")):
        fragment = lxml.html.fragment_fromstring(entries[title].summary, create_parent="div")
        assert [element.tag for element in fragment.iter()] == ["div"]  # no markup reaches the reader
        assert fragment.text_content() == text  # and no text is lost


def test_report_csv_cells_never_become_formulas(project: SiteProject) -> None:
    plan = project.root / "plan" / "2022.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    lead: ", "    lead: '=HYPERLINK(\"https://evil.example\")' # ", 1),
                    encoding="utf-8")
    project.write_post("2022/03/a.md", {**GOOD, "unit": "@SUM(1+1)*cmd|' /C calc'!A0"})
    project.write_post("2022/03/b.md", {**GOOD, "title": "Tin hai", "unit": "-2+3"})
    result = project.build()
    assert result.returncode == 0, result.stderr
    data = (result.out / "ke-hoach" / "2022" / "bao-cao.csv").read_bytes()
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"https://evil.example\")" in cells
    assert "'-2+3, '@SUM(1+1)*cmd|' /C calc'!A0" in cells or "'-2+3, @SUM(1+1)*cmd|' /C calc'!A0" in cells
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "report", "2022", "--format", "csv"], cwd=project.root,
                          env={**os.environ, "CCHC_NOW": FIXED_NOW}, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0 and done.stdout == data  # the command writes the same neutralised file
