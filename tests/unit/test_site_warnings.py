"""`cchc.site.warnings`: warnings on content that builds but is likely wrong, tested directly on loaded posts.

Posts are written line by line (`verbatim`: front matter key k on line 2 + k, the body after the closing
`---`), so every expected line number below can be counted in the test itself.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

from support.content_tree import PLAN_2022, PLAN_2023, load, verbatim, write_tree
from support.oracle import png_bytes

from cchc.authoring.new_post import plan_new_post
from cchc.content.unfinished import LEAD, PLACEHOLDER
from cchc.dates import LOCAL_TZ
from cchc.problems import Problem
from cchc.site.warnings import SUMMARY_MAX_CHARS, KnownUnit, find_warnings, known_units

BASE = {"title": '"Tin"', "date": "2022-03-01 08:00", "task": "1", "unit": '"Văn phòng"'}  # lines 2-5; body from line 7
TASK_6_MONTHS = "'Quý III, Quý IV/2022': tháng 7–12/2022"


def post(title: str, body: str = "Nội dung bài viết.", **lines: str) -> str:
    return verbatim(body, **{**BASE, "title": json.dumps(title, ensure_ascii=False), **lines})


def warnings_of(root: Path) -> list[Problem]:
    content = load(root)  # raises on any error: every tree here is valid
    return find_warnings(content.plans, content.posts)


def where(warnings: list[Problem]) -> list[tuple[str, int]]:
    return [(w.path, w.line) for w in warnings]


P = "content/posts/"


# --------------------------------------------------------------------------- units


def test_unit_spelled_unlike_the_plan_lead(tmp_path: Path) -> None:
    warnings = warnings_of(write_tree(tmp_path, {
        "a.md": post("Tin A", unit='"văn phòng"'),
        "b.md": post("Tin B", unit='"văn phòng"'),  # two posts spell it so: the plan's spelling still wins
        "c.md": post("Tin C", unit='"Van phong"'),  # no diacritics: the same unit
        "d.md": post("Tin D"),  # as the plan writes it
        "e.md": post("Tin E", unit='"Phòng tổ chức cán bộ"'),
    }))
    assert where(warnings) == [(P + "a.md", 5), (P + "b.md", 5), (P + "c.md", 5), (P + "e.md", 5)]
    assert warnings[0].message == (
        "đơn vị 'văn phòng' chỉ khác 'Văn phòng' (tên trong kế hoạch) ở chữ hoa/thường hoặc dấu; "
        "trang web gộp chung làm một đơn vị, hãy viết đúng 'Văn phòng'")
    assert "'Van phong' chỉ khác 'Văn phòng' (tên trong kế hoạch)" in warnings[2].message
    assert "'Phòng tổ chức cán bộ' chỉ khác 'Phòng Tổ chức cán bộ' (tên trong kế hoạch)" in warnings[3].message


def test_unit_spelled_unlike_most_posts(tmp_path: Path) -> None:
    warnings = warnings_of(write_tree(tmp_path, {
        "a.md": post("Tin A", unit='"Trường THPT Chuyên Hưng Yên"'),
        "b.md": post("Tin B", unit='"Trường THPT Chuyên Hưng Yên"'),
        "c.md": post("Tin C", unit='"Trường THPT chuyên Hưng Yên"'),
        "d.md": post("Tin D", unit='"Phòng GDĐT huyện Ân Thi"'),  # one spelling only
    }))
    assert where(warnings) == [(P + "c.md", 5)]
    assert "'Trường THPT chuyên Hưng Yên' chỉ khác 'Trường THPT Chuyên Hưng Yên' (dùng trong 2 bài)" in warnings[0].message


def test_known_units_prefers_the_newest_plan_then_the_most_used_spelling(tmp_path: Path) -> None:
    plan_2023 = PLAN_2023.replace('lead: "Văn phòng"', 'lead: "VĂN PHÒNG"')
    content = load(write_tree(tmp_path, {
        "a.md": post("Tin A", unit='"văn phòng"'),
        "b.md": post("Tin B", unit='"văn phòng"'),
        "c.md": post("Tin C", unit='"VĂN PHÒNG"'),
        "d.md": post("Tin D", unit='"Trường THPT Chuyên Hưng Yên"'),
        "e.md": post("Tin E", unit='"Trường THPT Chuyên Hưng Yên"'),
        "f.md": post("Tin F", unit='"trường THPT chuyên Hưng Yên"'),
        # A tie (one post each): dictionary order, where ă comes before â (not so in code points).
        "g.md": post("Tin G", unit='"Trường THCS Tân Dân"'),
        "h.md": post("Tin H", unit='"Trường THCS Tăn Dân"', draft="true"),  # drafts count too
    }, plans={2022: PLAN_2022, 2023: plan_2023}))
    known = known_units(content.plans, content.posts)
    assert known == {
        "phong-khtc": KnownUnit("Phòng KHTC", 0, True),
        "phong-to-chuc-can-bo": KnownUnit("Phòng Tổ chức cán bộ", 0, True),
        "truong-thcs-tan-dan": KnownUnit("Trường THCS Tăn Dân", 1, False),
        "truong-thpt-chuyen-hung-yen": KnownUnit("Trường THPT Chuyên Hưng Yên", 2, False),
        "van-phong": KnownUnit("VĂN PHÒNG", 1, True),  # the 2023 plan's spelling, over the 2022 plan's and the posts'
    }
    assert known["van-phong"].source == "tên trong kế hoạch"
    assert known["truong-thpt-chuyen-hung-yen"].source == "dùng trong 2 bài"
    only_2022 = known_units({2022: content.plans[2022]}, content.posts)
    assert only_2022["van-phong"] == KnownUnit("Văn phòng", 0, True)  # the plan's spelling over 2 posts' "văn phòng"


# --------------------------------------------------------------------------- dates and task timeframes


def test_date_outside_the_task_timeframe(tmp_path: Path) -> None:
    unit = '"Phòng Tổ chức cán bộ"'
    warnings = warnings_of(write_tree(tmp_path, {
        "in.md": post("Trong quý III", date="2022-09-01 08:00", task="6", unit=unit),
        "out.md": post("Ngoài thời gian", date="2022-03-01 08:00", task="6", unit=unit),
        # 23:30 UTC on 30 June is 06:30 on 1 July in Hưng Yên: inside; 23:30 local time is still June.
        "utc.md": post("Giờ UTC", date="2022-06-30T23:30:00+00:00", task="6", unit=unit),
        "local.md": post("Giờ Việt Nam", date="2022-06-30 23:30", task="6", unit=unit),
        "two.md": post("Hai nhiệm vụ", date="2022-03-05 08:00", task="[1, 6]", unit=unit),
        "january.md": post("Tháng một năm sau", date="2023-01-10 08:00", task="6", unit=unit, plan="2022"),
        # "Theo kế hoạch của UBND tỉnh, Sở Nội vụ" and task 11's empty cell name no months.
        "task-2.md": post("Nhiệm vụ hai", date="2022-03-01 08:00", task="2", unit='"Văn phòng"'),
        "task-11.md": post("Nhiệm vụ mười một", date="2022-03-01 08:00", task="11", unit=unit),
    }))
    assert where(warnings) == [(P + "january.md", 3), (P + "local.md", 3), (P + "out.md", 3), (P + "two.md", 3)]
    by_path = {w.path: w.message for w in warnings}
    assert by_path[P + "out.md"] == (
        f"bài đăng ngày 01/03/2022 nằm ngoài thời gian thực hiện của nhiệm vụ 6 ({TASK_6_MONTHS}); "
        "kiểm tra lại `date` hoặc `task`")
    assert by_path[P + "local.md"].startswith("bài đăng ngày 30/06/2022 ")
    assert by_path[P + "january.md"].startswith("bài đăng ngày 10/01/2023 ")
    assert "nhiệm vụ 6 " in by_path[P + "two.md"] and "nhiệm vụ 1 " not in by_path[P + "two.md"]


# --------------------------------------------------------------------------- summaries


def test_written_summary_over_300_characters(tmp_path: Path) -> None:
    assert SUMMARY_MAX_CHARS == 300
    sentence = "Sở Giáo dục và Đào tạo tổ chức tập huấn nghiệp vụ cải cách hành chính. "
    at_limit = (sentence * 5)[:300]
    over = at_limit + "x"
    long_paragraph = (sentence * 6).strip()
    nfd = unicodedata.normalize("NFD", at_limit)
    assert len(nfd) > 300 and len(long_paragraph) > 300
    root = write_tree(tmp_path, {
        "over.md": post("Quá dài", summary=json.dumps(over, ensure_ascii=False)),
        "limit.md": post("Vừa đủ", summary=json.dumps(at_limit, ensure_ascii=False)),
        # Written decomposed (NFD): counted once normalised, so not over the limit.
        "nfd.md": post("Tổ hợp", summary=json.dumps(nfd, ensure_ascii=False)),
        # No `summary`: the first paragraph is the summary and never warns, however long.
        "default.md": post("Không tóm tắt", body=long_paragraph + "\n\nĐoạn hai."),
    })
    warnings = warnings_of(root)
    assert where(warnings) == [(P + "over.md", 6)]
    assert warnings[0].message == "tóm tắt dài 301 ký tự, quá 300 ký tự của RSS; hãy rút lại còn một hai câu"
    default = next(p for p in load(root).posts if p.path.endswith("default.md"))
    assert default.summary == long_paragraph  # long indeed


# --------------------------------------------------------------------------- images


IMAGES = "\n".join([
    "Đoạn mở đầu.",  # line 7
    "",
    "![](a.png)",  # 9: Markdown, no alt
    "",
    "![Hội nghị tập huấn tại Sở](b.png)",  # 11
    "",
    "<img src=c.png>",  # 13: raw HTML, no alt
    "",
    "```",
    "![](code.png)",  # 16: code, not an image
    "```",
    "",
    "    ![](indented.png)",  # 19: indented code
    "",
    '<img src="e.png" alt="Ảnh có mô tả">',  # 21
    "",
    "![ ](d.png)",  # 23: an alt of spaces only
    "",
    "![](a.png) ![](c.png)",  # 25: two images without alt on one line: one warning
])


def test_images_without_alt(tmp_path: Path) -> None:
    # The files named in code need not exist: code is not a link (a missing file would be an error).
    files = {name: png_bytes() for name in ("a.png", "b.png", "c.png", "d.png", "e.png")}
    warnings = warnings_of(write_tree(tmp_path, {"anh.md": post("Tin có ảnh", body=IMAGES)}, files=files))
    assert where(warnings) == [(P + "anh.md", 9), (P + "anh.md", 13), (P + "anh.md", 23), (P + "anh.md", 25)]
    assert warnings[0].message.startswith("ảnh không có lời mô tả (alt)")


def test_images_in_code_never_warn(tmp_path: Path) -> None:
    body = "Đoạn mở đầu.\n\n```markdown\n![](a.png)\n<img src=b.png>\n```\n\n    ![](c.png)\n\n`![](d.png)` trong dòng."
    assert warnings_of(write_tree(tmp_path, {"code.md": post("Mã", body=body)})) == []


def test_image_without_alt_after_a_link_to_the_same_file(tmp_path: Path) -> None:
    body = "[Tải ảnh gốc](a.png)\n\n![](a.png)"  # lines 7 and 9
    warnings = warnings_of(write_tree(tmp_path, {"anh.md": post("Tin có ảnh", body=body)}, files={"a.png": png_bytes()}))
    assert where(warnings) == [(P + "anh.md", 9)]


# --------------------------------------------------------------------------- the `cchc new` placeholder


def test_placeholder_left_in_a_post_written_by_cchc_new(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    content = load(root)
    new = plan_new_post(title="Sở GDĐT tập huấn nghiệp vụ", task_ids=[2], unit="Văn phòng",
                        when=datetime(2022, 3, 15, 8, 30, tzinfo=LOCAL_TZ), has_time=True, plans=content.plans,
                        posts=content.posts, posts_dir=root / "content" / "posts", root=root)
    lines = new.text.split("\n")
    assert any(line.startswith("draft: true") for line in lines)
    shown = new.path.relative_to(root).as_posix()

    new.path.parent.mkdir(parents=True, exist_ok=True)
    new.path.write_text(new.text, encoding="utf-8")
    assert warnings_of(root) == []  # still a draft

    published = [line for line in lines if not line.startswith("draft:")]
    new.path.write_text("\n".join(published), encoding="utf-8")
    lead = next(i for i, text in enumerate(published, start=1) if LEAD in text)
    line = next(i for i, text in enumerate(published, start=1) if PLACEHOLDER in text)
    warnings = warnings_of(root)
    assert where(warnings) == [(shown, lead), (shown, line)]  # the lead sentence would be the RSS summary
    assert warnings[1].message == (
        "bài không còn là bản nháp nhưng vẫn còn câu mẫu của cchc new "
        "('Viết nội dung bài ở đây.'); hãy viết nội dung thật hoặc đặt lại `draft: true`")


def test_placeholder_is_reported_once_at_its_first_line(tmp_path: Path) -> None:
    body = "Đoạn đầu.\n\nViết nội dung bài ở đây. Phần còn lại.\n\nViết nội dung bài ở đây."  # lines 7-11
    warnings = warnings_of(write_tree(tmp_path, {
        "a.md": post("Chưa xong", body=body),
        "b.md": post("Bản nháp", body=body, draft="true"),
        "c.md": post("Đã xong"),
    }))
    assert where(warnings) == [(P + "a.md", 9)]


# --------------------------------------------------------------------------- all together


def test_every_warning_is_a_warning_sorted_by_file_and_line(tmp_path: Path) -> None:
    warnings = warnings_of(write_tree(tmp_path, {
        "b.md": post("Tin B", date="2022-03-01 08:00", task="6", unit='"phòng Tổ chức cán bộ"',
                     summary=json.dumps("x" * 301), body="![](a.png)\n\nViết nội dung bài ở đây."),
        "a.md": post("Tin A", unit='"văn phòng"'),
    }, files={"a.png": png_bytes()}))
    assert where(warnings) == [(P + "a.md", 5), (P + "b.md", 3), (P + "b.md", 5), (P + "b.md", 6), (P + "b.md", 8),
                               (P + "b.md", 10)]
    assert all(w.severity == "warning" and w.is_warning for w in warnings)
    assert str(warnings[0]).startswith("content/posts/a.md:5: cảnh báo: đơn vị 'văn phòng'")


def test_no_warnings_for_clean_content(tmp_path: Path) -> None:
    assert warnings_of(write_tree(tmp_path, {"a.md": post("Tin A"), "b.md": post("Tin B", task="6", date="2022-10-01")})) == []
    assert find_warnings({}, []) == []


def test_an_update_before_the_post_date_warns(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.md": post("Tin", date="2022-03-15 08:00", updated="2022-03-01 08:00")})
    warnings = warnings_of(root)
    assert [(w.line, w.severity, w.message.split(";")[0]) for w in warnings] == [
        (6, "warning", "ngày cập nhật `updated` (01/03/2022 08:00) sớm hơn ngày đăng `date`")]


def test_tags_written_as_one_string_with_commas_warn(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.md": post("Tin", tags="tập huấn, một cửa"),
                                 "b.md": post("Tin khác", tags='["phòng, chống tham nhũng"]')})
    warnings = warnings_of(root)
    assert [(w.path, w.line) for w in warnings] == [(P + "a.md", 6)]
    assert 'tags: ["tập huấn", "một cửa"]' in warnings[0].message


def test_every_template_sentence_of_cchc_new_left_in_a_published_post_warns(tmp_path: Path) -> None:
    body = f"{LEAD} (hai, ba câu).\n\n## Nội dung chính\n\n{PLACEHOLDER} Thêm ảnh."
    warnings = warnings_of(write_tree(tmp_path, {"a.md": post("Tin", body=body)}))
    assert [(w.line, w.message.split("(")[1].split(")")[0]) for w in warnings] == [(7, repr(LEAD)), (11, repr(PLACEHOLDER))]
