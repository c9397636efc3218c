"""`mkdocs build` on bad content: one line per problem, non-zero exit, no traceback, site/ untouched."""

from __future__ import annotations

import os
import subprocess
import sys

from support.oracle import png_bytes
from support.project import SiteProject

GOOD = {"title": "Tin tốt", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}


def test_bad_content_fails_the_build_with_every_problem_and_no_traceback(project: SiteProject) -> None:
    project.write_post("2022/03/a.md", {**GOOD, "task": 99})
    project.write_post("2022/03/b.md", {**GOOD, "title": "Tin khác", "date": "2022-02-30"})
    project.write("content/posts/2022/03/c.md", "---\ntitle: [chưa đóng\n---\n")
    out = project.root / "site"
    out.mkdir()
    (out / "index.html").write_text("bản cũ", encoding="utf-8")

    result = project.build(out=out)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert "content/posts/2022/03/a.md:4: nhiệm vụ 99 không có trong kế hoạch 2022" in "\n".join(lines)
    assert any(line.startswith("content/posts/2022/03/b.md:3: `date`: ngày giờ không tồn tại") for line in lines)
    assert any(line.startswith("content/posts/2022/03/c.md:3: lỗi cú pháp YAML") for line in lines)
    assert "3 lỗi" in result.stderr
    # Validation runs before MkDocs cleans the output: the previous site is left as it was.
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "bản cũ"


def test_bad_plan_fails_the_build(project: SiteProject) -> None:
    plan = project.root / "plan" / "2022.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  - id: 14\n", "  - id: 13\n"), encoding="utf-8")
    result = project.build()
    assert result.returncode != 0
    assert "plan/2022.md:" in result.stderr and "nhiệm vụ số 13 bị lặp" in result.stderr
    assert not (project.root / "site").exists()


def test_generated_page_may_not_silently_replace_a_docs_file(project: SiteProject) -> None:
    project.write("docs/tin-tuc/index.md", "# Trang tự viết\n")
    result = project.build()
    assert result.returncode != 0
    assert "docs/tin-tuc/index.md:1: trùng địa chỉ" in result.stderr


def test_warnings_are_shown_by_the_build_but_never_fail_it(project: SiteProject) -> None:
    """Content warnings are logged outside MkDocs' logger: shown, in Vietnamese with path:line, not
    counted by --strict."""
    project.write_post("2022/03/a.md", GOOD, body="Đoạn đầu.\n\n![](anh.png)\n")
    project.write("content/posts/2022/03/anh.png", png_bytes())
    result = project.build(strict=True)
    assert result.returncode == 0, result.stderr
    assert "content/posts/2022/03/a.md:9: cảnh báo: ảnh không có lời mô tả (alt)" in result.stderr
    assert (project.root / "site" / "tin-tuc" / "2022" / "03" / "tin-tot" / "anh-1w.png").is_file()  # its published width


def test_cchc_build_speaks_vietnamese_only(project: SiteProject) -> None:
    """`make build` is `cchc build`: MkDocs' English progress lines are not shown, its messages are said in
    Vietnamese, both when the site builds and when the content stops it."""
    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cchc.cli", "build"], cwd=project.root, capture_output=True, text=True,
                              env={**os.environ, "CCHC_NOW": "2026-01-01 00:00"}, check=False)

    project.write_post("2022/03/a.md", GOOD)
    built = build()
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines()[-1].startswith("Đã xây dựng trang vào ")
    project.write_post("2022/03/b.md", {**GOOD, "title": "Tin sai", "task": 99})
    failed = build()
    assert failed.returncode == 1 and "content/posts/2022/03/b.md:4: nhiệm vụ 99" in failed.stderr
    for done in (built, failed):
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        assert lines and not [line for line in lines if line.isascii()], done.stderr
