"""Markdown facts (linked files, images and alt text, first paragraph) come from Python-Markdown's tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import content_settings
from test_load_errors import GOOD, PLAN, load, tree

from cchc.markdown_render import PostRenderer, local_target
from cchc.model import Image
from cchc.pipeline import load_content
from cchc.settings import MKDOCS_BUILTIN_EXTENSIONS

SITE_EXTENSIONS = (*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list", "md_in_html")


@pytest.fixture(scope="module")
def reader() -> PostRenderer:
    return PostRenderer(SITE_EXTENSIONS, {})


def test_first_prose_paragraph(reader: PostRenderer) -> None:
    body = "## Tiêu đề\n\n![Ảnh](a.png)\n\n- mục\n\n**Hưng Yên** – Sở [tổ chức](http://x) hội nghị\ntập huấn.\n\nĐoạn hai."
    assert reader.render(body, body_line=1).facts.first_paragraph == "Hưng Yên – Sở tổ chức hội nghị tập huấn."


def test_inline_html_and_entities_are_text(reader: PostRenderer) -> None:
    body = "Sở <em>Giáo dục</em> &amp; Đào tạo, A & B, snake_case \\*sao\\*.\n"
    assert reader.render(body, body_line=1).facts.first_paragraph == "Sở Giáo dục & Đào tạo, A & B, snake_case *sao*."


def test_code_never_counts(reader: PostRenderer) -> None:
    body = (
        "Mẫu cú pháp:\n\n```markdown\n![Ảnh](ten-anh.png)\n<img src=\"x.png\">\n```\n\n"
        "    [tài liệu](mau.pdf)\n\nCâu có `![a](b.png)` trong mã.\n"
    )
    facts = reader.render(body, body_line=10).facts
    assert facts.files == () and facts.images == ()
    assert facts.first_paragraph == "Mẫu cú pháp:"


def test_links_images_and_their_lines(reader: PostRenderer) -> None:
    body = (
        "Đoạn đầu.\n\n![Hội nghị](anh-1.jpg)\n\n[Tải mẫu đơn](mau%20don.pdf \"Mẫu\") và [trang khác](../../03/bai/)\n\n"
        "<div><img src=\"anh-2.png\" alt=\"\"></div>\n\n![](anh-3.png)\n\n[ngoài](https://x.gov.vn/a.pdf) [neo](#muc)\n"
    )
    facts = reader.render(body, body_line=7).facts
    assert facts.files == (("anh-1.jpg", 9), ("mau don.pdf", 11), ("anh-2.png", 13), ("anh-3.png", 15))
    assert facts.images == (Image("anh-1.jpg", "Hội nghị", 9), Image("anh-2.png", "", 13), Image("anh-3.png", "", 15))


@pytest.mark.parametrize("target, expected", [
    ("anh.png", "anh.png"), ("hinh/anh.png", "hinh/anh.png"), ("anh.png?v=1#x", "anh.png"),
    ("https://x.vn/a.png", None), ("/a.png", None), ("../a.png", None), ("bai.md", None), ("#muc", None),
    ("mailto:a@b.vn", None), ("thu-muc/", None),
])
def test_local_targets(target: str, expected: str | None) -> None:
    assert local_target(target) == expected


def test_a_post_with_markdown_samples_in_code_builds(tmp_path: Path) -> None:
    """The two cases of issue 11: a fenced `![Ảnh](ten-anh.png)` and an indented `[tài liệu](mau.pdf)`."""
    body = "Cách chèn ảnh:\n\n```\n![Ảnh](ten-anh.png)\n```\n\nCách chèn tệp:\n\n    [tài liệu](mau.pdf)\n"
    root = tree(tmp_path, {"content/posts/a.md": GOOD.replace("Nội dung.\n", body)}, plan=PLAN)
    assert load(root) == []
    post = load_content(content_settings(root)).posts[0]
    assert post.assets == () and post.summary == "Cách chèn ảnh:"


def test_a_missing_linked_file_is_reported_at_its_line(tmp_path: Path) -> None:
    body = "Đoạn đầu.\n\nXem [mẫu đơn](mau.pdf).\n"
    root = tree(tmp_path, {"content/posts/a.md": GOOD.replace("Nội dung.\n", body)}, plan=PLAN)
    assert load(root) == [("content/posts/a.md", 9, "liên kết tới tệp không có cạnh bài viết (tìm thấy: 'mau.pdf')")]
