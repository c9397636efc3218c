"""Markdown facts (linked files, images and alt text, first paragraph) come from Python-Markdown's tree
(`cchc.render.markdown`). Bodies converted ahead in worker processes: tests/build/test_markdown_render.py."""

from __future__ import annotations

import threading
from pathlib import Path

import lxml.html
import pytest
from support.load_problems import GOOD, PLAN, load, tree
from support.project import content_settings

from cchc.build.pipeline import load_content
from cchc.content.settings import MKDOCS_BUILTIN_EXTENSIONS
from cchc.model import Image
from cchc.render import markdown as markdown_render
from cchc.render.markdown import PostRenderer, local_target

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


def test_an_image_alone_in_its_paragraph_gets_its_title_or_alt_as_a_visible_caption(reader: PostRenderer) -> None:
    body = ("Đoạn mở đầu.\n\n![Lễ phát động cuộc thi](a.jpg)\n\n![](b.jpg \"Tiêu đề & chú thích\")\n\n"
            "[![Ảnh có liên kết](c.jpg)](c.jpg)\n\nChữ và ![ảnh trong dòng](d.jpg) không đổi.\n\n![](e.jpg)\n")
    html = lxml.html.fragment_fromstring(reader.render(body, body_line=1).html, create_parent="div")
    figures = html.xpath("//figure")
    assert [f.get("class") for f in figures] == ["cchc-figure"] * 3
    assert [f.xpath("string(figcaption)") for f in figures] == ["Lễ phát động cuộc thi", "Tiêu đề & chú thích", "Ảnh có liên kết"]
    assert figures[0].xpath("img/@alt") == ["Lễ phát động cuộc thi"]  # the alternative stays for screen readers
    assert html.xpath("//p/img/@src") == ["d.jpg", "e.jpg"]  # in a line of text, or with no text: as written
    assert reader.render(body, body_line=1).facts.first_paragraph == "Đoạn mở đầu."


def test_no_process_is_forked_beside_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("forked beside another thread")

    monkeypatch.setattr(markdown_render.multiprocessing, "get_context", refuse)
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait)
    other.start()
    try:
        renderer = PostRenderer(SITE_EXTENSIONS, {})
        renderer.prefetch(f"Đoạn {n}." for n in range(markdown_render.AHEAD_AT_LEAST * 2))
        assert not renderer._ahead  # left to `render`, one by one
    finally:
        waiting.set()
        other.join()
