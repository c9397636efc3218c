"""Issue 22, item 4, through the real commands: the issue's reproductions (a meta refresh and a script
hidden in what html.parser took for CDATA, a script on a docs/ page) are refused at their lines by
`cchc check` and by the build, which leaves no site."""

from __future__ import annotations

from support.cli import cchc
from support.hidden_markup import META_REFRESH, SCRIPT_BESIDE
from support.project import SiteProject

FRONT = {"title": "Thông báo", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}
BODY_LINE = 7  # the first body line of a post written with FRONT (write_post)


def test_the_issue_s_reproductions_are_refused_by_check_and_build(project: SiteProject) -> None:
    project.write_post("2022/03/lam-moi.md", FRONT, META_REFRESH)
    project.write_post("2022/03/ma-ben-canh.md", {**FRONT, "title": "Tệp đính kèm"}, "[Tệp](x.js)\n\n" + SCRIPT_BESIDE)
    project.write("content/posts/2022/03/x.js", "location = 'https://evil.example/'\n")
    project.write("docs/gioi-thieu.md", "# Giới thiệu\n\n<script src=\"../x.js\"></script>\n")
    expected = [
        f"content/posts/2022/03/lam-moi.md:{BODY_LINE}: thẻ HTML `<meta>` không được dùng",
        f"content/posts/2022/03/ma-ben-canh.md:{BODY_LINE + 2}: thẻ HTML `<script>` không được dùng",
        "docs/gioi-thieu.md:3: thẻ HTML `<script>` không được dùng",
    ]
    check = cchc(project.root, "check")
    build = project.build()
    assert check.returncode == 1 and build.returncode != 0
    for output in (check.stdout, build.stderr):
        assert "Traceback" not in output
        for line in expected:
            assert line in output, output
    assert not (project.root / "site").exists()
