"""`cchc.outputs.citizen_pages`: the TTHC explainers page, the feedback page and the sitemap tree, tested directly.

A small tree: four explainers in three fields (two of them on one procedure), an ordinary post, a post
of the 2023 plan and a draft explainer. Orders and titles are written by hand from it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.content_tree import PLAN_2022, PLAN_2023, site_of, write_tree

from cchc.content.settings import Portals
from cchc.dates import LOCAL_TZ
from cchc.model import Channel, Procedure
from cchc.outputs.citizen_pages import Node, ProceduresContext, SitemapContext, explainer_pages, sitemap_page, sitemap_tree
from cchc.outputs.pages import Context, PageSpec, PostContext, post_pages
from cchc.outputs.pages import explainer as explainer_of
from cchc.site.linking import Site

FIELD_DIPLOMAS = "Hệ thống văn bằng, chứng chỉ"
FIELD_SCHOOLS = "Giáo dục trung học"
FIELD_ABROAD = "Đào tạo với nước ngoài"
COPY = "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"


def explainer(title: str, date: str, name: str, field: str, **front: Any) -> dict[str, Any]:
    return {"title": title, "date": date, "task": 8, "unit": "Văn phòng", **front, "procedure": {"name": name, "field": field}}


POSTS = {
    "2022/08/a.md": explainer("Hướng dẫn chỉnh sửa văn bằng", "2022-08-16 08:00", "Chỉnh sửa nội dung văn bằng, chứng chỉ",
                              FIELD_DIPLOMAS, tags=["thủ tục hành chính"]),
    "2022/09/b.md": explainer("Hướng dẫn cấp bản sao", "2022-09-05 08:00", COPY, FIELD_DIPLOMAS),
    # The same procedure again, newer, on a URL that sorts after b's: ordered by URL after b.
    "2022/09/e.md": explainer("Cấp bản sao: câu hỏi thường gặp", "2022-09-20 08:00", COPY, FIELD_DIPLOMAS, slug="z-cap-ban-sao"),
    "2022/10/c.md": explainer("Hướng dẫn chuyển trường", "2022-10-03 08:00", "Chuyển trường đối với học sinh trung học phổ thông",
                              FIELD_SCHOOLS),
    "2022/07/d.md": explainer("Công nhận văn bằng nước ngoài", "2022-07-01 08:00", "Công nhận văn bằng do nước ngoài cấp",
                              FIELD_ABROAD),
    "2022/03/f.md": {"title": "Tin thường", "date": "2022-03-02 08:00", "task": 2, "unit": "Phòng Tổ chức cán bộ",
                     "tags": ["tập huấn"]},
    "2023/01/g.md": {"title": "Tin năm 2023", "date": "2023-01-10 08:00", "task": 1, "unit": "Văn phòng"},
    "2022/12/h.md": explainer("Bản nháp hướng dẫn", "2022-12-01 08:00", "Thủ tục nháp", "Quy chế thi", draft=True),
}
PLAN_2023_NUMBER = "05/KH-SGDĐT"


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan_2023 = PLAN_2023.replace('number: "07/KH-SGDĐT"', f'number: "{PLAN_2023_NUMBER}"', 1)
    return write_tree(tmp_path_factory.mktemp("explainers"), POSTS, plans={2022: PLAN_2022, 2023: plan_2023})


@pytest.fixture(scope="module")
def site(root: Path) -> Site:
    return site_of(root)


def procedures_page(site: Site) -> tuple[PageSpec, ProceduresContext]:
    page = next(explainer_pages(site))
    assert isinstance(page.context, ProceduresContext)
    return page, page.context


def shown(context: ProceduresContext) -> list[tuple[str, list[str]]]:
    return [(field, [post.title for post in posts]) for field, posts in context.fields]


# --------------------------------------------------------------------------- the explainers page


def test_procedures_are_grouped_by_field_in_vietnamese_order(site: Site) -> None:
    page, context = procedures_page(site)
    assert (page.src_uri, page.template, page.title) == (
        "thu-tuc-hanh-chinh/index.md", "procedures.html", "Hướng dẫn thủ tục hành chính")
    # Fields: đ after d, before g (code points would put "Đào" last). Procedures: "Cấp" before "Chỉnh"
    # (â before h); the two explainers of one procedure by URL.
    assert shown(context) == [
        (FIELD_ABROAD, ["Công nhận văn bằng nước ngoài"]),
        (FIELD_SCHOOLS, ["Hướng dẫn chuyển trường"]),
        (FIELD_DIPLOMAS, ["Hướng dẫn cấp bản sao", "Cấp bản sao: câu hỏi thường gặp", "Hướng dẫn chỉnh sửa văn bằng"]),
    ]
    assert page.updated == local("2022-10-03 08:00")  # the newest explainer, not the newest post


def test_the_procedures_page_lists_the_portals_that_are_set(site: Site) -> None:
    _, context = procedures_page(site)
    assert context.portals == (("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),)
    portals = Portals(province="https://hungyen.gov.vn/", department="https://sgddt.hungyen.gov.vn/")
    every = next(explainer_pages(site, portals)).context
    assert isinstance(every, ProceduresContext)
    assert every.portals == (("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
                               ("Cổng thông tin điện tử của tỉnh", "https://hungyen.gov.vn/"),
                               ("Cổng thông tin điện tử của Sở", "https://sgddt.hungyen.gov.vn/"))


# --------------------------------------------------------------------------- an explainer's own context

DETAIL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="


def test_an_explainer_links_the_procedure_s_page_on_the_national_portal() -> None:
    found = explainer_of(Procedure("A", "B", code="2.001914", portal_id="140183", record_url="https://hungyen.gov.vn/qd"))
    assert (found.record, found.lookup) == (DETAIL + "140183", DETAIL + "140183")
    # Another national address (extra.cchc.portals.national) gives the same page there.
    assert explainer_of(Procedure("A", "B", portal_id="7"), national="https://dvc.gov.vn").record == (
        "https://dvc.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=7")


def test_a_missing_fact_is_looked_up_on_the_record_or_the_national_portal() -> None:
    """No portal number: the published record (record_url) if any, else the national portal's home."""
    with_record = explainer_of(Procedure("A", "B", code="2.001914", record_url="https://hungyen.gov.vn/qd"))
    assert (with_record.record, with_record.lookup) == ("", "https://hungyen.gov.vn/qd")
    bare = explainer_of(Procedure("A", "B"))
    assert (bare.record, bare.lookup, bare.duration, bare.fee) == ("", "https://dichvucong.gov.vn/", "", "")


def test_the_summary_deadline_and_fee_come_from_the_block_or_every_channel() -> None:
    stated = explainer_of(Procedure("A", "B", duration="05 ngày làm việc", fee="Không"))
    assert (stated.duration, stated.fee) == ("05 ngày làm việc", "Không")
    by_channel = explainer_of(Procedure("A", "B", channels=(Channel("Trực tuyến", "03 ngày", "Không"),
                                                         Channel("Trực tiếp", "05 ngày", ""))))
    # Every channel gives its deadline: the summary points at the table; one channel has no fee: missing.
    assert (by_channel.duration, by_channel.fee) == ("Theo cách thức nộp (bảng dưới)", "")


def test_only_explainer_pages_carry_an_explainer_context(site: Site) -> None:
    contexts = [spec.context for spec in post_pages(site, lambda post, tasks: None, national="https://dichvucong.gov.vn/")]
    assert all(isinstance(context, PostContext) for context in contexts)
    by_title = {context.post.title: context for context in contexts if isinstance(context, PostContext)}
    assert by_title["Tin thường"].explainer is None
    copy = by_title["Hướng dẫn cấp bản sao"].explainer
    assert copy is not None and (copy.lookup, copy.duration, copy.fee) == ("https://dichvucong.gov.vn/", "", "")


def test_preview_lists_a_draft_explainer(root: Path) -> None:
    _, context = procedures_page(site_of(root, preview=True))
    assert ("Quy chế thi", ["Bản nháp hướng dẫn"]) in shown(context)


def test_feedback_page(site: Site) -> None:
    pages = list(explainer_pages(site))
    assert len(pages) == 5
    feedback, down, lookup, shell = pages[1], pages[2], pages[3], pages[4]
    assert (feedback.src_uri, feedback.template, feedback.title) == (
        "gop-y/index.md", "gop-y.html", "Góp ý, phản ánh về thủ tục hành chính")
    assert type(feedback.context) is Context
    assert feedback.updated == local("2023-01-10 08:00")
    # nginx's error_page when the feedback service cannot answer (deploy/nginx/cchc.conf).
    assert (down.src_uri, down.template, down.updated) == ("gop-y/tam-ngung/index.md", "gop-y-tam-ngung.html", None)
    # nginx's try_files for hoi-dap/<mã>/ before the answer is published: at an answer's depth.
    assert (lookup.src_uri, lookup.template, lookup.updated) == ("hoi-dap/tra-cuu/index.md", "tra-cuu.html", None)
    assert lookup.url.count("/") == "hoi-dap/k7m3qx9a/".count("/")
    assert lookup.context.section == "hoi-dap/"
    # The feedback service's page shell: one folder deep, like its addresses (api/gop-y).
    assert (shell.src_uri, shell.template, shell.updated) == ("bien-nhan/index.md", "khung-dich-vu.html", None)
    assert shell.url.count("/") == "api/gop-y".count("/") and shell.context.section == "hoi-dap/"


def test_a_site_without_explainers(tmp_path: Path) -> None:
    site = site_of(write_tree(tmp_path, {"2022/03/a.md": {"title": "Tin", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}}))
    page, context = procedures_page(site)
    assert context.fields == () and page.updated is None
    assert list(explainer_pages(site))[1].updated == local("2022-03-01 08:00")


# --------------------------------------------------------------------------- the sitemap tree


def test_sitemap_tree(site: Site) -> None:
    def plan_node(year: int, number: str) -> Node:
        tasks = site.plan(year).tasks
        return Node(f"Kế hoạch {number}", f"ke-hoach/{year}/", (
            *(Node(f"Nhiệm vụ {t.id}: {t.name}", f"ke-hoach/{year}/nhiem-vu/{t.id}/") for t in tasks),
            Node("Báo cáo thực hiện kế hoạch", f"ke-hoach/{year}/bao-cao/"),
        ))

    assert sitemap_tree(site) == (
        Node("Trang chủ", ""),
        Node("Tin tức", "tin-tuc/", (
            Node("Năm 2023", "tin-tuc/2023/", (Node("Tháng 1/2023 (1 tin bài)", "tin-tuc/2023/01/"),)),
            Node("Năm 2022", "tin-tuc/2022/", (
                Node("Tháng 10/2022 (1 tin bài)", "tin-tuc/2022/10/"),
                Node("Tháng 9/2022 (2 tin bài)", "tin-tuc/2022/09/"),
                Node("Tháng 8/2022 (1 tin bài)", "tin-tuc/2022/08/"),
                Node("Tháng 7/2022 (1 tin bài)", "tin-tuc/2022/07/"),
                Node("Tháng 3/2022 (1 tin bài)", "tin-tuc/2022/03/"),
            )),
        )),
        Node("Kế hoạch tuyên truyền", "ke-hoach/", (plan_node(2022, "07/KH-SGDĐT"), plan_node(2023, PLAN_2023_NUMBER))),
        Node("Hướng dẫn thủ tục hành chính", "thu-tuc-hanh-chinh/"),
        Node("Đơn vị", "don-vi/", (Node("Phòng Tổ chức cán bộ", "don-vi/phong-to-chuc-can-bo/"), Node("Văn phòng", "don-vi/van-phong/"))),
        Node("Chủ đề", "chu-de/", (Node("tập huấn", "chu-de/tap-huan/"), Node("thủ tục hành chính", "chu-de/thu-tuc-hanh-chinh/"))),
        Node("Tìm kiếm", "tim-kiem/"),
        Node("Góp ý, phản ánh", "gop-y/"),
        Node("Hỏi đáp", "hoi-dap/"),
        Node("Theo dõi tin mới qua RSS", "theo-doi/"),
    )


def test_sitemap_plan_node_lists_every_task_then_the_report(site: Site) -> None:
    plans = sitemap_tree(site)[2]
    first = plans.children[0]
    assert len(first.children) == 15
    assert first.children[5] == Node("Nhiệm vụ 6: Tuyên truyền triển khai Ngày pháp luật năm 2022", "ke-hoach/2022/nhiem-vu/6/")
    assert first.children[-1] == Node("Báo cáo thực hiện kế hoạch", "ke-hoach/2022/bao-cao/")


def test_sitemap_leaves_out_pending_posts(root: Path, site: Site) -> None:
    preview = sitemap_tree(site_of(root, preview=True))
    assert Node("Tháng 12/2022 (1 tin bài)", "tin-tuc/2022/12/") in preview[1].children[1].children
    assert "tin-tuc/2022/12/" not in [n.url for n in sitemap_tree(site)[1].children[1].children]


def test_sitemap_of_an_empty_site(tmp_path: Path) -> None:
    tree = sitemap_tree(site_of(write_tree(tmp_path)))
    assert [(node.title, node.url) for node in tree] == [
        ("Trang chủ", ""), ("Tin tức", "tin-tuc/"), ("Kế hoạch tuyên truyền", "ke-hoach/"),
        ("Hướng dẫn thủ tục hành chính", "thu-tuc-hanh-chinh/"), ("Đơn vị", "don-vi/"), ("Chủ đề", "chu-de/"),
        ("Tìm kiếm", "tim-kiem/"), ("Góp ý, phản ánh", "gop-y/"), ("Hỏi đáp", "hoi-dap/"),
        ("Theo dõi tin mới qua RSS", "theo-doi/"),
    ]
    assert tree[1].children == tree[4].children == tree[5].children == ()
    assert [n.url for n in tree[2].children] == ["ke-hoach/2022/"]


def test_sitemap_page(site: Site) -> None:
    page = sitemap_page(site)
    assert (page.src_uri, page.template, page.title) == ("so-do-trang/index.md", "sitemap-tree.html", "Sơ đồ trang")
    assert isinstance(page.context, SitemapContext) and page.context.tree == sitemap_tree(site)
    assert page.updated == local("2023-01-10 08:00")
