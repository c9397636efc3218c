"""A post links another post, the plan or a page of docs/ by that file's path (`../05/bai.md#muc`): the page
names the target's page, and every slip is a Vietnamese error at the link's line (cchc.site.source_links).
Trees are read by the real loader; the addresses are then followed as a browser follows them (urls.resolve)."""

from __future__ import annotations

import posixpath
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.answers import answer_file
from support.content_tree import NOW, write_tree
from support.project import content_settings

from cchc import urls
from cchc.build.pipeline import Content, gather_content
from cchc.model import Post
from cchc.render.html_policy import start_tags
from cchc.site.source_links import file_path, rewrite_links

A = "2022/03/a.md"  # content/posts/…: the linking post
B = "2022/05/b.md"
FRONT_A = {"title": "Tin A", "date": "2022-03-10 08:00", "task": 1, "unit": "Văn phòng"}
FRONT_B = {"title": "Tin B về tập huấn", "date": "2022-05-20 08:00", "task": 2, "unit": "Văn phòng"}
B_BODY = "Mở đầu.\n\n## Kết quả\n\nĐã làm."
B_URL = "tin-tuc/2022/05/tin-b-ve-tap-huan/"
A_URL = "tin-tuc/2022/03/tin-a/"


def gathered(root: Path, body: str, *, b: dict[str, object] | None = None, files: dict[str, bytes] | None = None) -> Content:
    write_tree(root, {A: (FRONT_A, body), B: (b or FRONT_B, B_BODY)}, files=files)
    return gathered_again(root)


def gathered_again(root: Path) -> Content:
    return gather_content(content_settings(root), now=NOW)


def post(content: Content, title: str = "Tin A") -> Post:
    return next(post for post in content.posts if post.title == title)


def hrefs(page: Post) -> list[str]:
    return [values["href"] for _, _, values in start_tags(page.rendered.html, "a")]


def messages(content: Content) -> list[str]:
    return [str(problem) for problem in content.problems]


def test_a_link_to_a_post_file_names_its_page_and_a_browser_arrives_there(tmp_path: Path) -> None:
    content = gathered(tmp_path, "Xem [bài B](../05/b.md) và [kết quả](../05/b.md#ket-qua).")
    assert messages(content) == [] and content.build is not None
    linking = post(content)
    assert hrefs(linking) == ["../../05/tin-b-ve-tap-huan/", "../../05/tin-b-ve-tap-huan/#ket-qua"]
    assert [urls.resolve(A_URL, href) for href in hrefs(linking)] == [B_URL.rstrip("/")] * 2
    assert [url for url, _ in linking.facts.links] == hrefs(linking)  # what outputs.paths checks: a page, found
    assert post(content, "Tin B về tập huấn").rendered.html.count("<a ") == 0


def test_the_page_of_a_link_follows_the_target_when_its_date_moves_it(tmp_path: Path) -> None:
    gathered(tmp_path, "Xem [bài B](../05/b.md).")
    moved = write_tree(tmp_path, {B: ({**FRONT_B, "date": "2022-11-02 08:00"}, B_BODY)})
    assert hrefs(post(gathered_again(moved))) == ["../../11/tin-b-ve-tap-huan/"]


def test_raw_html_links_are_rewritten_with_their_other_attributes_and_code_is_left_alone(tmp_path: Path) -> None:
    body = ('<a title="B &quot;mới&quot;" href="../05/b.md" class="x">B</a>\n\n'
            "`[mã](../05/b.md)`\n\n    <a href=\"../05/b.md\">trong khối mã</a>\n")
    html = post(gathered(tmp_path, body)).rendered.html
    assert '<a title="B &quot;mới&quot;" href="../../05/tin-b-ve-tap-huan/" class="x">B</a>' in html
    assert "<code>[mã](../05/b.md)</code>" in html and "&lt;a href=\"../05/b.md\"&gt;trong khối mã" in html


def test_the_plan_and_a_page_of_docs_and_the_post_itself(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n", encoding="utf-8")
    body = ("[Kế hoạch](../../../../plan/2022.md#i-muc-tieu-yeu-cau) [Giới thiệu](../../../../docs/gioi-thieu.md)\n\n"
            "## Mục riêng\n\n[lên đầu](a.md#muc-rieng) [chính nó](a.md)")
    content = gathered(tmp_path, body)
    assert messages(content) == []
    assert hrefs(post(content)) == ["../../../../ke-hoach/2022/#i-muc-tieu-yeu-cau", "../../../../gioi-thieu/", "#muc-rieng", "./"]


@pytest.mark.parametrize(("link", "message"), [
    ("../2022/05/b.md", "không có tệp content/posts/2022/2022/05/b.md; có phải '../05/b.md'? (tìm thấy: '../2022/05/b.md')"),
    ("../05/B.md", "không có tệp content/posts/2022/05/B.md; có phải '../05/b.md'? (tìm thấy: '../05/B.md')"),
    ("khong-co.md", "không có tệp content/posts/2022/03/khong-co.md (tìm thấy: 'khong-co.md')"),
    ("../05/b.md#khong-co", "liên kết tới mục #khong-co không có trong content/posts/2022/05/b.md (tìm thấy: '../05/b.md#khong-co')"),
    ("../../../../ghi-chu.md",
     "tệp ghi-chu.md không phải bài viết, kế hoạch hay trang nào của trang web (tìm thấy: '../../../../ghi-chu.md')"),
    ("../../../../../../etc/x.md", "liên kết ra ngoài kho nội dung (tìm thấy: '../../../../../../etc/x.md')"),
])
def test_a_slip_is_one_error_at_the_links_line(tmp_path: Path, link: str, message: str) -> None:
    (tmp_path / "ghi-chu.md").write_text("Ghi chú.\n", encoding="utf-8")
    content = gathered(tmp_path, f"Dòng một.\n\nXem [đây]({link}).")
    assert messages(content) == [f"content/posts/{A}:6: {message}"]  # the front matter is one line: the body starts at 4
    assert content.build is None


def test_a_link_to_a_post_with_errors_says_nothing_more(tmp_path: Path) -> None:
    content = gathered(tmp_path, "Xem [bài B](../05/b.md).", b={**FRONT_B, "task": 99})
    assert [problem.path for problem in content.problems] == [f"content/posts/{B}"]


@pytest.mark.parametrize(("b", "why"), [
    ({**FRONT_B, "draft": True}, "đang là bản nháp (`draft: true`)"),
    ({**FRONT_B, "date": "2026-06-01 07:30", "plan": 2022}, "hẹn đăng Thứ Hai, 01/06/2026, 07:30"),
])
def test_a_published_post_linking_a_pending_one_is_warned(tmp_path: Path, b: dict[str, object], why: str) -> None:
    content = gathered(tmp_path, "Xem [bài B](../05/b.md).", b=b)
    assert messages(content) == [f"content/posts/{A}:4: cảnh báo: liên kết tới bài {why}: người đọc chưa mở được trang "
                                 "đó cho tới khi bài được đăng (tìm thấy: '../05/b.md')"]
    assert content.build is not None  # a warning: the site is built, the link waits for its page


def test_a_pending_post_linking_a_pending_one_is_not_warned(tmp_path: Path) -> None:
    write_tree(tmp_path, {A: ({**FRONT_A, "draft": True}, "[B](../05/b.md)"), B: ({**FRONT_B, "draft": True}, B_BODY)})
    assert messages(gathered_again(tmp_path)) == []


def test_file_names_in_another_normal_form_and_percent_encoded_are_found(tmp_path: Path) -> None:
    name = unicodedata.normalize("NFD", "bài-tổng-kết.md")  # as a Mac saves it
    write_tree(tmp_path, {A: (FRONT_A, "[x](../05/b%C3%A0i-t%E1%BB%95ng-k%E1%BA%BFt.md) [y](<../05/bài-tổng-kết.md>)"),
                          f"2022/05/{name}": (FRONT_B, B_BODY)})
    content = gathered_again(tmp_path)
    assert messages(content) == []
    assert hrefs(post(content)) == ["../../05/tin-b-ve-tap-huan/"] * 2


def test_a_path_copied_from_windows_explorer_is_found(tmp_path: Path) -> None:
    content = gathered(tmp_path, "Xem [bài B](..\\05\\b.md#ket-qua).")
    assert messages(content) == []
    assert hrefs(post(content)) == ["../../05/tin-b-ve-tap-huan/#ket-qua"]


def test_only_relative_md_addresses_are_file_links() -> None:
    assert file_path("../05/b.md#ket-qua") == ("../05/b.md", "ket-qua")
    assert file_path("b%20c.md") == ("b c.md", "")
    assert file_path("..\\05\\b.md") == ("../05/b.md", "")
    for other in ("https://x.vn/a.md", "/a.md", "\\a.md", "a.pdf", "a.md.pdf", "#a.md", "mailto:a.md", "../05/"):
        assert file_path(other) is None, other


def test_rewriting_touches_only_the_named_links() -> None:
    body = '<p><a href="x.md">x</a> <a href="y.md">y</a> <A HREF=\'x.md\' id=k>z</A> &lt;a href="x.md"&gt;</p>'
    assert rewrite_links(body, {"x.md": "../x/"}) == ('<p><a href="../x/">x</a> <a href="y.md">y</a> <a href="../x/" id="k">z</A> '
                                                      '&lt;a href="x.md"&gt;</p>')


DIRECTORY = st.lists(st.sampled_from(["tin-tuc", "2022", "03", "a", "ke-hoach", "b-c"]), max_size=5).map(
    lambda parts: "".join(part + "/" for part in parts))


@given(DIRECTORY, DIRECTORY)
def test_a_relative_address_leads_where_it_was_made_for(page: str, target: str) -> None:
    assert urls.resolve(page, urls.relative(page, target)) == posixpath.normpath(target or ".")


def write_answer(root: Path, code: str, extra: str) -> int:
    """content/hoi-dap/<mã>.md answered in 2022 with `extra` after its answer; the line `extra` starts on."""
    text = answer_file(code) + "\n" + extra + "\n"
    path = root / "content" / "hoi-dap" / f"{code.lower()}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text.split("\n").index(extra) + 1


def test_answers_and_posts_link_each_other_by_their_files(tmp_path: Path) -> None:
    """An answer (Hỏi đáp) most often points the citizen to a procedure's explainer: its page is one folder
    deep under hoi-dap/, and the link says so for it."""
    write_answer(tmp_path, "K7M3QXAB", "Xem [hướng dẫn](../posts/2022/05/b.md#ket-qua).")
    content = gathered(tmp_path, "Đã trả lời trong [hỏi đáp](../../../hoi-dap/k7m3qxab.md).")
    assert messages(content) == []
    answer = next(answer for answer in content.answers if answer.code == "K7M3QXAB")
    shown = [values["href"] for _, _, values in start_tags(answer.rendered.html, "a")]
    assert shown == ["../../tin-tuc/2022/05/tin-b-ve-tap-huan/#ket-qua"]
    assert hrefs(post(content)) == ["../../../../hoi-dap/k7m3qxab/"]
    assert urls.resolve(A_URL, hrefs(post(content))[0]) == urls.answer("K7M3QXAB").rstrip("/")


def test_an_answers_links_are_checked_like_a_posts(tmp_path: Path) -> None:
    """Before, MkDocs rendered answers and nothing checked their links: a citizen could meet a dead one."""
    line = write_answer(tmp_path, "K7M3QXAB", "Xem [trang cũ](../../thu-tuc-cu/) và [mục](#khong-co).")
    content = gathered(tmp_path, "Tin.")
    assert messages(content) == [
        f"content/hoi-dap/k7m3qxab.md:{line}: liên kết tới trang không có trên trang web (tìm thấy: '../../thu-tuc-cu/')",
        f"content/hoi-dap/k7m3qxab.md:{line}: liên kết tới mục #khong-co không có trong trang này (tìm thấy: '#khong-co')",
    ]
