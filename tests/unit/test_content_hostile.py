"""Issue 12, in the load phase: hostile and broken content gives `path:line: message` problems (all of
them, in one run), never a traceback, never a file of the server, and in bounded time and memory.

Each finding of the issue is reproduced here with the content that showed it; `test_hostile_build.py`
runs the real build on the ones that used to empty site/ or publish a server file."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from support import REPO
from support.load_problems import BASE, GOOD, P, load, post, tree
from support.oracle import png_bytes
from support.project import content_settings

from cchc.build.pipeline import gather_content
from cchc.characters import REFUSED, has_refused, printable
from cchc.outputs.csv_safe import neutralise, render_rows
from cchc.problems import Problem, describe
from cchc.render import markdown as markdown_render

BILLION_LAUGHS = "---\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
) + "---\nNội dung.\n"

CASES = [
    # (id, file content, expected (line, words) of each problem, in order)
    # 1. control characters, as YAML escapes and raw, in front matter and body
    ("escaped U+000B in title", post(**{**BASE, "title": '"Tin\\x0b"'}), [(2, ["ký tự điều khiển U+000B"])]),
    ("escaped NUL in summary", post(**BASE, summary='"a\\0b"'), [(6, ["ký tự điều khiển U+0000"])]),
    ("escaped U+FFFE in a tag", post(**BASE, tags='["chủ đề\\uFFFE"]'), [(6, ["U+FFFE"])]),
    ("escaped surrogate", post(**BASE, summary='"\\ud800"'), [(6, ["lỗi cú pháp YAML", "không phải một ký tự"])]),
    ("raw U+000B in front matter", post(**{**BASE, "title": '"Tin\x0b"'}), [(2, ["ký tự điều khiển U+000B"])]),
    ("raw U+FFFE in front matter", post(**{**BASE, "unit": '"Văn\ufffe phòng"'}), [(5, ["U+FFFE"])]),
    ("raw U+0085 in front matter keeps the lines", post(**{**BASE, "title": '"Tin\x85"', "task": "99"}),
     [(2, ["ký tự điều khiển U+0085"]), (4, ["nhiệm vụ 99"])]),
    ("raw control character in the first paragraph", post(**BASE) + "\nĐoạn có \x01 ký tự.\n", [(9, ["U+0001"])]),
    ("raw NUL and U+001F in the body", post(**BASE) + "\na\x00\n\nb\x1f\n", [(9, ["U+0000"]), (11, ["U+001F"])]),
    # 3. YAML that would expand, nest or grow without bound
    ("billion laughs", BILLION_LAUGHS, [(2, ["neo YAML", "`&a`"])] + [(n, ["YAML"]) for n in range(3, 11) for _ in (0, 1)]),
    ("5,000-deep nesting", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n", [(2, ["lồng nhau quá 12 cấp"])]),
    ("a value of a megabyte", post(**BASE, summary='"' + "a" * 200_000 + '"'), [(6, ["giá trị dài 200.000 ký tự"])]),
    ("explicit tag", post(**BASE, updated="!!timestamp 2022-13-45"), [(6, ["thẻ kiểu YAML", "!!timestamp"])]),
    # 6. values that gave tracebacks
    ("5,001-digit task", post(**{**BASE, "task": "1" * 5001}), [(4, ["số quá lớn: 5001 chữ số"])]),
    ("offset +25:00", post(**{**BASE, "date": "2022-03-01T08:00+25:00"}), [(3, ["múi giờ +25:00"])]),
    ("date that overflows", post(**{**BASE, "date": "9999-12-31 23:59-12:00"}), [(3, ["2000", "2100"])]),
    ("date before 1906", post(**{**BASE, "date": "1905-03-01"}), [(3, ["01/01/2000"])]),
    ("updated out of range", post(**BASE, updated="2101-01-01"), [(6, ["31/12/2100"])]),
    # 7. names that make no address
    ("emoji title", post(**{**BASE, "title": '"🎉🎉🎉"'}), [(2, ["không có chữ cái hay chữ số", "slug:"])]),
    ("emoji unit", post(**{**BASE, "unit": '"🎉"'}), [(5, ["`unit`", "không có chữ cái hay chữ số"])]),
    ("punctuation tag", post(**BASE, tags='["!!!"]'), [(6, ["`tags`", "không có chữ cái hay chữ số"])]),
    ("title too long for an address", post(**{**BASE, "title": '"' + "chữ " * 100 + '"'}), [(2, ["`slug:` ngắn hơn"])]),
    # 8. raw HTML and addresses
    ("meta refresh", post(**BASE) + '\nChữ.\n\n<meta http-equiv="refresh" content="0;url=https://evil.example">\n',
     [(11, ["`<meta>` không được dùng"])]),
    ("script", post(**BASE) + "\n<script>alert(1)</script>\n", [(9, ["`<script>`"])]),
    ("iframe, object, form", post(**BASE) + '\n<iframe src="https://x.vn"></iframe>\n\n<object data="x"></object>\n\n'
     '<form action="https://x.vn">Gửi</form>\n', [(9, ["`<iframe>`"]), (11, ["`<object>`"]), (13, ["`<form>`"])]),
    ("event attribute", post(**BASE) + '\nChữ <img src="https://x.vn/a.png" onerror="alert(1)"> chữ\n', [(9, ["`onerror`", "`<img>`"])]),
    ("style element and attribute", post(**BASE) + '\n<style>body{display:none}</style>\n\n<p style="x">a</p>\n',
     [(9, ["`<style>`"]), (11, ["thuộc tính `style`"])]),
    ("javascript: link", post(**BASE) + "\n[bấm](javascript:alert(1))\n", [(9, ["'javascript:alert(1)'"])]),
    ("obfuscated javascript: in HTML", post(**BASE) + '\n<a href="java\tscript&colon;alert(1)">x</a>\n', [(9, ["không được dùng"])]),
    ("data: image", post(**BASE) + "\n![Ảnh](data:image/svg+xml;base64,PHN2Zz4=)\n", [(9, ["'data:image/svg+xml"])]),
    ("base element", post(**BASE) + '\n<base href="https://evil.example/">\n', [(9, ["`<base>`"])]),
    # 9. an unclosed quote is reported where it opens
    ("unclosed quote on line 2", '---\ntitle: "Tin\ndate: 2022-03-01 08:00\ntask: 1\nunit: "Văn phòng"\n---\nNội dung.\n',
     [(2, ["thiếu dấu ngoặc kép đóng"])]),
    ("quote never closed", '---\ntitle: "Tin\ndate: 2022-03-01 08:00\n---\n', [(2, ["thiếu dấu ngoặc kép đóng"])]),
    # links MkDocs would otherwise fail on after cleaning site/
    ("anchor not on the page", post(**BASE) + "\n## Mục một\n\n[xem](#muc-hai)\n", [(11, ["#muc-hai"])]),
    ("link to a missing .md", post(**BASE) + "\n[khác](../khac.md)\n", [(9, ["không có tệp", "../khac.md"])]),
    ("link to a missing page", post(**BASE) + "\n[kế hoạch](../../../../ke-hoach/2099/)\n", [(9, ["trang không có"])]),
    ("link out of the site", post(**BASE) + "\n[x](../../../../../../etc/passwd)\n", [(9, ["ra ngoài trang web"])]),
    ("too deep", post(**BASE) + "\n" + ">" * 40 + " x\n", [(9, ["lồng nhau 41 cấp"])]),
]


@pytest.mark.parametrize("content, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_post_is_reported_at_its_lines(tmp_path: Path, content: str, expected: list[tuple[int, list[str]]]) -> None:
    problems = load(tree(tmp_path, {P: content}))
    assert [(path, line) for path, line, _ in problems] == [(P, line) for line, _ in expected], problems
    for (_, _, message), (_, words) in zip(problems, expected, strict=True):
        for word in words:
            assert word in message, message


def test_valid_links_anchors_and_formatting_html_pass(tmp_path: Path) -> None:
    body = ("\n## Mục một\n\n[xem](#muc-mot), [kế hoạch](../../../../ke-hoach/2022/), "
            "[báo cáo](../../../../ke-hoach/2022/bao-cao.csv), [trang chủ](../../../../), [Sở](https://sgddt.hungyen.gov.vn)\n\n"
            '<strong>đậm</strong> <a href="mailto:a@b.vn" title="thư">thư</a> <abbr title="Cải cách hành chính">CCHC</abbr>\n\n'
            "| cột | số |\n|:--|--:|\n| a | 1 |\n")
    assert load(tree(tmp_path, {P: post(**BASE) + body, "docs/index.md": "# Trang chủ\n"})) == []


def test_billion_laughs_is_refused_fast_and_small(tmp_path: Path) -> None:
    """It took 3.2 GB in 60 s; now the aliases are refused before anything is expanded."""
    root = tree(tmp_path, {P: BILLION_LAUGHS})
    tracemalloc.start()
    started = time.monotonic()
    problems = load(root)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problems and elapsed < 5 and peak < 50 * 2**20, (elapsed, peak)


def test_markdown_that_takes_quadratic_time_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """4,000 unclosed `[` (12 KB) kept Python-Markdown busy for 35 s; the reader has a time limit."""
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 0.2)
    started = time.monotonic()
    problems = load(tree(tmp_path, {P: post(**BASE) + "\n" + "[a " * 4000 + "\n"}))
    assert time.monotonic() - started < 10
    assert [(line, "Markdown cần hơn 0.2 giây" in message) for _, line, message in problems] == [(7, True)]


# --------------------------------------------------------------------------- 2. files: symlinks, kinds, debris


def test_symlinked_image_and_linked_file_out_of_content_are_errors(tmp_path: Path) -> None:
    root = tree(tmp_path, {P: post(**BASE, image="anh.png") + "\n[tải](tep.pdf) ![Ảnh](anh2.png)\n"})
    folder = root / "content/posts/2022/03"
    (folder / "anh.png").symlink_to("/etc/passwd")
    (folder / "tep.pdf").symlink_to("/etc/hostname")
    (folder / "anh2.png").symlink_to(tmp_path / "plan" / "2022.md")  # inside the repository, outside content/
    problems = load(root)
    assert [(path, line) for path, line, _ in problems] == [(P, 6), (P, 10), (P, 10)]
    assert all("ra ngoài thư mục content/" in message for _, _, message in problems)


def test_symlink_inside_content_is_followed(tmp_path: Path) -> None:
    root = tree(tmp_path, {P: post(**BASE, image="anh.png"), "content/anh/that.png": png_bytes()})
    (root / "content/posts/2022/03/anh.png").symlink_to(root / "content/anh/that.png")
    assert load(root) == []


def test_odd_files_in_the_posts_folder(tmp_path: Path) -> None:
    root = tree(tmp_path, {P: GOOD, "content/posts/x.md/trong.md": GOOD.replace("Tin tốt", "Tin trong thư mục x.md"),
                           "content/posts/bai.md~": "sao lưu", "content/posts/.bai.md.swp": b"\x00\x01",
                           "content/posts/#bai.md#": "tự lưu", "content/posts/.an/an.md": "ẩn"})
    posts = root / "content/posts"
    (posts / ".#bai.md").symlink_to("nguoi@may.12345:1700000000")  # Emacs' lock: a dangling symlink
    (posts / "hong.md").symlink_to("khong-co.md")
    (posts / "ngoai.md").symlink_to("/etc/passwd")
    os.mkfifo(posts / "ong.md")  # reading it would wait for ever
    (posts / "lien-ket").symlink_to(tmp_path / "plan", target_is_directory=True)
    (posts / "rong.md").write_bytes(b"")
    problems = load(root)
    assert [(path, line, message.split(" (")[0]) for path, line, message in problems] == [
        ("content/posts/hong.md", 1, "liên kết tượng trưng hỏng"),
        ("content/posts/lien-ket", 1, "thư mục là liên kết tượng trưng: bài trong đó không được đọc; hãy chép thư mục thật vào đây"),
        ("content/posts/ngoai.md", 1, "liên kết tượng trưng trỏ ra ngoài thư mục content/"),
        ("content/posts/ong.md", 1, "không phải tệp thường"),
        ("content/posts/rong.md", 1, "tệp rỗng"),
    ]
    assert "root:" not in "".join(message for _, _, message in problems)  # nothing of the server file is shown


def test_binary_post_is_reported_in_a_few_lines(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {P: b"---\n" + bytes(range(1, 32)) * 50 + b"\n---\n" + b"\x01\n" * 500}))
    assert 2 <= len(problems) <= 12 and all(line >= 1 for _, line, _ in problems)


def test_a_file_name_with_control_characters_prints_on_one_line(tmp_path: Path) -> None:
    name = "content/posts/a\x1b[31mb\nc.md"
    problems = load(tree(tmp_path, {name: post(**{**BASE, "task": "99"})}))
    shown = str(Problem(*problems[0]))
    assert "\n" not in shown and "\x1b" not in shown and "\\x1b" in shown and "\\n" in shown


def test_hidden_or_backup_file_linked_from_a_post_is_refused(tmp_path: Path) -> None:
    problems = load(tree(tmp_path, {P: post(**BASE) + "\n[x](.env) [y](tep.pdf~)\n", "content/posts/2022/03/.env": "MAT_KHAU=1",
                                     "content/posts/2022/03/tep.pdf~": "cũ"}))
    assert [(line, "máy chủ web không phục vụ" in message) for _, line, message in problems] == [(9, True), (9, True)]


# --------------------------------------------------------------------------- 7. two things on one address


def test_a_file_named_index_html_beside_a_post_would_replace_its_page(tmp_path: Path) -> None:
    """It would have clashed with the post's own page; an HTML page beside a post is refused first (issue 22)."""
    root = tree(tmp_path, {P: post(**BASE) + "\n[trang](index.html)\n", "content/posts/2022/03/index.html": "<p>giả</p>"})
    assert [(path, line, "trang web" in message) for path, line, message in load(root)] == [(P, 9, True)]


# --------------------------------------------------------------------------- plans get the same rules


PLAN_TEXT = (REPO / "plan" / "2022.md").read_text(encoding="utf-8")


def test_plan_body_and_values_follow_the_same_rules(tmp_path: Path) -> None:
    plan = PLAN_TEXT.replace('place: "Hung Yên"', 'place: "Hưng\\x0bYên"', 1) + '\n<iframe src="https://x.vn"></iframe>\n'
    problems = load(tree(tmp_path, {}, plan=plan))
    assert [(path, line, message.split(" ")[0]) for path, line, message in problems] == [
        ("plan/2022.md", 7, "giá"), ("plan/2022.md", len(plan.split("\n")) - 1, "thẻ"),
    ]


def test_plan_links_are_checked(tmp_path: Path) -> None:
    plan = PLAN_TEXT + "\n[tải](khong-co.pdf)\n"
    problems = load(tree(tmp_path, {}, plan=plan))
    assert problems == [("plan/2022.md", len(plan.split("\n")) - 1, "liên kết tới tệp không có trên trang web (tìm thấy: 'khong-co.pdf')")]


def test_plan_year_outside_the_date_range(tmp_path: Path) -> None:
    plan = PLAN_TEXT.replace("year: 2022", "year: 99999", 1)
    problems = load(tree(tmp_path, {"plan/99999.md": plan, "plan/2022.md": plan.replace("99999", "2022")}, plan=plan))
    assert [(path, line) for path, line, _ in problems] == [("plan/99999.md", 2)]


# --------------------------------------------------------------------------- cchc check sees what the build renders


def test_check_renders_the_feeds_and_checks_outputs_like_the_build(tmp_path: Path) -> None:
    root = tree(tmp_path, {P: GOOD})
    content = gather_content(content_settings(root))
    assert content.errors == [] and content.build is not None
    assert set(content.build.feed_files) == {feed.path for feed in content.build.feeds}
    assert all(data.startswith(b"<?xml") for data in content.build.feed_files.values())


# --------------------------------------------------------------------------- small rules


def test_csv_cells_that_excel_would_evaluate_are_neutralised() -> None:
    assert [neutralise(cell) for cell in ["=1+1", "+84", "-x", "@SUM(A1)", "\tx", "\rx", "a=b", "", "Văn phòng"]] == [
        "'=1+1", "'+84", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "", "Văn phòng"]
    assert render_rows(["a", "=b"], [["-1", "c"]]) == "\ufeffa,'=b\r\n'-1,c\r\n".encode()


def test_describe_names_huge_numbers_without_printing_them() -> None:
    assert describe(10**5000) == "số có khoảng 5001 chữ số"
    assert printable("a\x0b\u202eb") == "a\\x0b\\u202eb"


def test_links_of_docs_pages_are_checked_too(tmp_path: Path) -> None:
    """MkDocs checks them only after cleaning site/ (its validation now only informs)."""
    root = tree(tmp_path, {P: GOOD, "docs/index.md": "---\ntitle: Trang chủ\n---\n# Trang chủ\n\n[Tin](tin-tuc/) [x](khong-co.md)\n",
                           "docs/gioi-thieu.md": "# Giới thiệu\n\n[về trang chủ](../#khong-co) [mục](#gioi-thieu)\n"})
    assert load(root) == [("docs/index.md", 6, "liên kết tới tệp không có trên trang web (tìm thấy: 'khong-co.md')")]


def test_the_fast_character_check_agrees_with_the_rule_on_every_code_point() -> None:
    # has_refused (one quick search of a whole file) must find exactly what REFUSED finds.
    for code in range(0x110000):
        char = chr(code)
        for text in (char, f"Sở {char} GD", f"\U0001F600{char}"):
            assert has_refused(text) == (REFUSED.search(text) is not None), f"U+{code:04X}"
