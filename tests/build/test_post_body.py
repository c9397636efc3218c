"""The body of a post reaches the page as written."""

from __future__ import annotations

from support.project import SiteProject


def test_body_lines_that_look_like_metadata_are_kept(project: SiteProject) -> None:
    front = {"title": "Tin trích dẫn", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}
    project.write_post("2022/03/a.md", front, body="Theo: Báo Hưng Yên\n\n---\n\nĐoạn sau đường kẻ.")
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = result.page("tin-tuc/2022/03/tin-trich-dan/")
    assert "Theo: Báo Hưng Yên" in html
    assert "Đoạn sau đường kẻ." in html
