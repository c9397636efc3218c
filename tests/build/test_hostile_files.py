"""Issue 22, item 5, with the real `cchc check` and `mkdocs build --strict`: site/ untouched, nothing
published.

- Files beside a post that would run or redirect under the Sở's address (an HTML page, an SVG, a
  script) are refused at the line of the post that names them (the kinds: tests/unit/test_file_kinds.py).
- docs/ and the theme's folder (overrides/) hold no symlink, special file or hard link out of them: a
  link in docs/ published the feedback database with citizens' names and phone numbers, and
  /etc/passwd likewise. No published folder holds the feedback service's data folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from support import REPO
from support.hostile import cchc, problem_lines, snapshot
from support.project import SiteProject

GOOD = {"title": "Tin tốt", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}
CITIZEN = "Nguyễn Thị Bích 0912345678"


def _feedback_database(project: SiteProject) -> Path:
    """The service's database as it is on the server, with a citizen's name and phone number."""
    database = project.root / "var" / "gop-y.sqlite3"
    database.parent.mkdir()
    with sqlite3.connect(database) as connection:
        connection.execute("create table gop_y (ho_ten text)")
        connection.execute("insert into gop_y values (?)", (CITIZEN,))
    connection.close()
    return database


def _refused(project: SiteProject, expected: list[tuple[str, int, str]]) -> None:
    """The build stops before MkDocs writes: site/ is the good build's, byte for byte; `cchc check` agrees."""
    out = project.root / "site"
    before = snapshot(out)
    result = project.build(out=out)
    check = cchc(project, "check")
    assert result.returncode != 0 and check.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + check.stderr
    assert snapshot(out) == before
    built = problem_lines(result.stderr)
    assert built == problem_lines(check.stdout)
    assert [(line.split(":")[0], int(line.split(":")[1])) for line in built] == [(path, line) for path, line, _ in expected], built
    for line, (_, _, words) in zip(built, expected, strict=True):
        assert words in line, line
    assert CITIZEN.encode() not in b"".join((out / path).read_bytes() for path in snapshot(out))


def test_files_beside_a_post_that_would_run_on_the_agency_address(project: SiteProject) -> None:
    project.write_post("2022/03/tot.md", GOOD)
    assert project.build().returncode == 0
    project.write_post("2022/03/tep.md", {**GOOD, "title": "Tin có tệp"},
                       body="Đoạn đầu.\n\n[Thông báo](thong-bao.html)\n\n![Sơ đồ](so-do.svg)\n\n[Mã](ma.js)\n\n[Biểu mẫu](mau.pdf)\n")
    project.write("content/posts/2022/03/thong-bao.html", "<meta http-equiv=refresh content='0;url=https://evil.example'>")
    project.write("content/posts/2022/03/so-do.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    project.write("content/posts/2022/03/ma.js", "alert(document.cookie)")
    project.write("content/posts/2022/03/mau.pdf", b"%PDF-1.4\n%%EOF\n")
    shown = "content/posts/2022/03/tep.md"
    _refused(project, [(shown, 9, "'thong-bao.html': trang web"), (shown, 11, "'so-do.svg': ảnh SVG"), (shown, 13, "'ma.js': trang web")])


def test_links_in_docs_and_the_theme_folder_publish_nothing(project: SiteProject) -> None:
    """The issue's reproduction: a symlink in docs/ to the feedback database, one in the theme's
    assets to /etc/passwd; also a hard link to the database, a FIFO and a linked folder."""
    database = _feedback_database(project)
    theme = project.root / "overrides"
    shutil.copytree(REPO / "overrides", theme)
    project.set_config(theme={"name": "material", "custom_dir": "overrides"})
    project.write_post("2022/03/tot.md", GOOD)
    assert project.build().returncode == 0
    (project.root / "docs" / "gop-y.sqlite3").symlink_to(database)
    os.link(database, project.root / "docs" / "du-lieu.bin")
    os.mkfifo(project.root / "docs" / "ong")
    (project.root / "docs" / "he-thong").symlink_to("/etc", target_is_directory=True)
    (theme / "assets" / "mat-khau.txt").symlink_to("/etc/passwd")
    (project.root / "docs" / ".#index.md").symlink_to("nguoi@may.1:1")  # an editor's lock: hidden, MkDocs leaves it out
    _refused(project, [
        ("docs/du-lieu.bin", 1, "cơ sở dữ liệu góp ý"), ("docs/gop-y.sqlite3", 1, "liên kết tượng trưng"),
        ("docs/he-thong", 1, "liên kết tượng trưng (tới '/etc')"), ("docs/ong", 1, "không phải tệp thường"),
        ("overrides/assets/mat-khau.txt", 1, "liên kết tượng trưng (tới '/etc/passwd')"),
    ])


def test_the_feedback_data_folder_is_never_in_a_published_folder(project: SiteProject) -> None:
    project.write_post("2022/03/tot.md", GOOD)
    assert project.build().returncode == 0
    project.set_config(extra={"cchc": {"feedback": {"database": "docs/du-lieu/gop-y.sqlite3"}}})
    _feedback_database(project).parent.rename(project.root / "docs" / "du-lieu")
    line = next(number for number, text in enumerate(project.config.read_text(encoding="utf-8").splitlines(), 1) if "database:" in text)
    _refused(project, [("docs/du-lieu/gop-y.sqlite3", 1, "là cơ sở dữ liệu góp ý"),
                       ("mkdocs.yml", line, "thư mục dữ liệu của dịch vụ góp ý (docs/du-lieu/")])
