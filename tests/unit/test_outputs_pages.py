"""`cchc.outputs.pages`: which pages the site has and the typed context each template receives, tested directly.

Five published posts and a draft in a small tree; lists are paginated two posts a page, so the news,
task 1, March, unit "Văn phòng" and tag "tập huấn" each have more than one page. Every expectation is
written by hand from the content below.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import get_type_hints

import pytest
from support import REPO
from support.answers import answer_file
from support.content_tree import by_title, site_of, write_tree
from support.project import content_settings

from cchc.build.digests import page_digest
from cchc.build.pipeline import plan_build
from cchc.content.answers import Answer
from cchc.content.settings import ReportOptions
from cchc.dates import LOCAL_TZ
from cchc.model import Post, Task
from cchc.outputs.citizen_pages import explainer_pages, sitemap_page
from cchc.outputs.metadata import PostMetadata
from cchc.outputs.pages import (
    LATEST_ANSWERS,
    SECTIONS,
    AnswerLink,
    Context,
    GroupsContext,
    HomeContext,
    Letterhead,
    ListContext,
    Pager,
    PageSpec,
    PlanContext,
    PlansContext,
    PostContext,
    PostItem,
    TagLink,
    TaskContext,
    YearContext,
    all_pages,
    group_link,
    home_context,
    latest_answers,
    month_link,
    site_nav,
)
from cchc.site.linking import Site

POSTS = {
    "2022/03/a.md": {"title": "Tin một", "date": "2022-03-01 08:00", "task": [1, 2], "unit": "Văn phòng", "tags": ["Tập huấn"]},
    "2022/03/b.md": {"title": "Tin hai", "date": "2022-03-10 08:00", "updated": "2022-04-20 10:00", "task": 1,
                     "unit": "văn phòng", "tags": ["tập huấn", "một cửa"]},
    "2022/03/c.md": {"title": "Tin ba", "date": "2022-03-20 08:00", "task": 1, "unit": "Văn phòng"},
    "2022/04/d.md": {"title": "Tin bốn", "date": "2022-04-05 08:00", "task": 2, "unit": "Phòng Tổ chức cán bộ",
                     "tags": ["tập huấn"]},
    "2022/05/e.md": {"title": "Tin năm", "date": "2022-05-01 08:00", "task": 1, "unit": "Văn phòng"},
    "2022/05/f.md": {"title": "Bản nháp", "date": "2022-05-02 08:00", "task": 3, "unit": "Ban nháp", "draft": True},
}
NEWEST_FIRST = ["Tin năm", "Tin bốn", "Tin ba", "Tin hai", "Tin một"]
PLAN_NUMBER = "07/KH-SGDĐT"
PAGE_SIZE = 2


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def describe(post: Post, tasks: tuple[Task, ...]) -> PostMetadata:
    """A stand-in for metadata.describer: the page must carry exactly what it returns for its post."""
    return PostMetadata((("DC.identifier", post.url),), (), ())


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("views"), POSTS)


@pytest.fixture(scope="module")
def site(root: Path) -> Site:
    return site_of(root)


@pytest.fixture(scope="module")
def pages(site: Site) -> dict[str, PageSpec]:
    found = all_pages(site, page_size=PAGE_SIZE, describe=describe)
    by_uri = {page.src_uri: page for page in found}
    assert len(by_uri) == len(found), "two pages share a src_uri"
    return by_uri


def titles(items: tuple[PostItem, ...]) -> list[str]:
    return [item.post.title for item in items]


# --------------------------------------------------------------------------- which pages


def test_the_site_has_exactly_these_pages(site: Site, pages: dict[str, PageSpec]) -> None:
    posts = by_title(site)
    tasks = ["ke-hoach/2022/nhiem-vu/1/index.md", "ke-hoach/2022/nhiem-vu/1/trang/2/index.md",
             *(f"ke-hoach/2022/nhiem-vu/{i}/index.md" for i in range(2, 15))]
    expected = {
        *(posts[title].src_uri for title in NEWEST_FIRST),
        "ke-hoach/index.md", "ke-hoach/2022/index.md", *tasks,
        "tin-tuc/index.md", "tin-tuc/trang/2/index.md", "tin-tuc/trang/3/index.md",
        "tin-tuc/2022/index.md", "tin-tuc/2022/05/index.md", "tin-tuc/2022/04/index.md",
        "tin-tuc/2022/03/index.md", "tin-tuc/2022/03/trang/2/index.md",
        "don-vi/index.md", "don-vi/phong-to-chuc-can-bo/index.md", "don-vi/van-phong/index.md",
        "don-vi/van-phong/trang/2/index.md",
        "chu-de/index.md", "chu-de/mot-cua/index.md", "chu-de/tap-huan/index.md", "chu-de/tap-huan/trang/2/index.md",
    }
    assert set(pages) == expected
    assert posts["Tin một"].src_uri == "tin-tuc/2022/03/tin-mot/index.md"
    assert "tin-tuc/2022/05/ban-nhap/index.md" not in pages and "don-vi/ban-nhap/index.md" not in pages


def test_page_url_is_its_src_uri_without_index_md(pages: dict[str, PageSpec]) -> None:
    assert pages["tin-tuc/trang/2/index.md"].url == "tin-tuc/trang/2/"
    assert pages["ke-hoach/index.md"].url == "ke-hoach/"


def test_src_uris_stay_unique_one_post_a_page(site: Site) -> None:
    found = all_pages(site, page_size=1, describe=describe)
    uris = [page.src_uri for page in found]
    assert len(uris) == len(set(uris))
    assert sum(uri.startswith("tin-tuc/trang/") for uri in uris) == 4  # 5 posts: pages 2 to 5


def test_preview_gives_pending_posts_their_pages(root: Path) -> None:
    pages = {p.src_uri: p for p in all_pages(site_of(root, preview=True), page_size=PAGE_SIZE, describe=describe)}
    assert "tin-tuc/2022/05/ban-nhap/index.md" in pages and "don-vi/ban-nhap/index.md" in pages


# --------------------------------------------------------------------------- pagination


def test_news_is_paginated_newest_first(pages: dict[str, PageSpec], site: Site) -> None:
    urls = ("tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/trang/3/")
    shown = [pages[f"{url}index.md"] for url in urls]
    assert [p.title for p in shown] == ["Tin tức", "Tin tức (trang 2)", "Tin tức (trang 3)"]
    assert all(p.template == "news.html" for p in shown)
    contexts = [p.context for p in shown]
    assert all(isinstance(c, ListContext) for c in contexts)
    lists = [c for c in contexts if isinstance(c, ListContext)]
    assert [titles(c.posts) for c in lists] == [["Tin năm", "Tin bốn"], ["Tin ba", "Tin hai"], ["Tin một"]]
    assert [c.pager for c in lists] == [Pager(1, 3, urls), Pager(2, 3, urls), Pager(3, 3, urls)]
    assert [(c.pager.previous_url, c.pager.next_url) for c in lists] == [
        (None, "tin-tuc/trang/2/"), ("tin-tuc/", "tin-tuc/trang/3/"), ("tin-tuc/trang/2/", None)]
    # A page changes when its newest post (or a post's update) does: "Tin hai" was updated on 20/4.
    assert [p.updated for p in shown] == [local("2022-05-01 08:00"), local("2022-04-20 10:00"), local("2022-03-01 08:00")]
    assert all(c.kind == "news" and c.heading == "Tin tức" and c.group is None for c in lists)
    assert all(c.months == tuple(map(month_link, site.months)) for c in lists)
    assert [(m.year, m.month, m.count) for m in lists[0].months] == [(m.year, m.month, len(m.posts)) for m in site.months]


def test_pager_links() -> None:
    urls = ("a/", "a/trang/2/", "a/trang/3/")
    assert (Pager(1, 3, urls).previous_url, Pager(1, 3, urls).next_url) == (None, "a/trang/2/")
    assert (Pager(2, 3, urls).previous_url, Pager(2, 3, urls).next_url) == ("a/", "a/trang/3/")
    assert (Pager(3, 3, urls).previous_url, Pager(3, 3, urls).next_url) == ("a/trang/2/", None)
    assert (Pager(1, 1, ("a/",)).previous_url, Pager(1, 1, ("a/",)).next_url) == (None, None)


def test_an_empty_site_still_has_one_news_page_and_every_task_page(tmp_path: Path) -> None:
    site = site_of(write_tree(tmp_path))
    pages = {p.src_uri: p for p in all_pages(site, page_size=PAGE_SIZE, describe=describe)}
    news = pages["tin-tuc/index.md"]
    assert news.title == "Tin tức" and news.updated is None
    assert isinstance(news.context, ListContext)
    assert news.context.posts == () and news.context.pager == Pager(1, 1, ("tin-tuc/",))
    assert (news.context.pager.previous_url, news.context.pager.next_url) == (None, None)
    assert not [uri for uri in pages if uri.startswith("tin-tuc/") and uri != "tin-tuc/index.md"]
    for task_id in range(1, 15):
        task = pages[f"ke-hoach/2022/nhiem-vu/{task_id}/index.md"]
        assert isinstance(task.context, TaskContext)
        assert task.context.posts == () and task.context.count == 0 and task.updated is None
    for uri, label in (("don-vi/index.md", "Đơn vị"), ("chu-de/index.md", "Chủ đề")):
        groups = pages[uri].context
        assert isinstance(groups, GroupsContext)
        assert groups.groups == () and pages[uri].title == label
    plan = pages["ke-hoach/2022/index.md"].context
    assert isinstance(plan, PlanContext) and set(plan.counts.values()) == {0}
    assert len(pages) == 2 + 14 + 1 + 2  # plans, plan, tasks, news, units, tags


# --------------------------------------------------------------------------- posts


def test_post_page_context(pages: dict[str, PageSpec], site: Site) -> None:
    posts = by_title(site)
    page = pages[posts["Tin hai"].src_uri]
    # The core rendered the body: MkDocs gets no Markdown to render again, the page carries the HTML.
    assert (page.template, page.title, page.content) == ("post.html", "Tin hai", "")
    assert page.body == posts["Tin hai"].rendered and page.body.html == "<p>Nội dung bài viết.</p>"
    assert page.updated == local("2022-04-20 10:00")  # its `updated`
    context = page.context
    assert isinstance(context, PostContext)
    assert context.post is posts["Tin hai"] and not context.pending
    assert context.meta == describe(posts["Tin hai"], site.tasks_of(posts["Tin hai"]))
    assert context.feed is None
    assert context.unit.name == "Văn phòng" and context.unit.url == "don-vi/van-phong/"  # the group, as most write it
    # Tags: the post's own spelling, linked to the group's page.
    assert context.tags == (TagLink("tập huấn", "chu-de/tap-huan/"), TagLink("một cửa", "chu-de/mot-cua/"))
    # Task 1, newest first: Tin năm, Tin ba, Tin hai, Tin một.
    [entry] = context.tasks
    assert (entry.task.id, entry.plan.year) == (1, 2022)
    assert (entry.older, entry.newer) == (posts["Tin một"], posts["Tin ba"])


def test_post_with_two_tasks_has_neighbours_in_each(pages: dict[str, PageSpec], site: Site) -> None:
    posts = by_title(site)
    page = pages[posts["Tin một"].src_uri]
    assert page.updated == posts["Tin một"].date  # no `updated`: its date
    context = page.context
    assert isinstance(context, PostContext)
    assert [(e.task.id, e.older, e.newer) for e in context.tasks] == [(1, None, posts["Tin hai"]), (2, None, posts["Tin bốn"])]
    assert context.tags == (TagLink("Tập huấn", "chu-de/tap-huan/"),)  # the group is named "tập huấn"
    assert site.tags_of(posts["Tin một"])[0].name == "tập huấn"


# --------------------------------------------------------------------------- plans and tasks


def test_task_pages(pages: dict[str, PageSpec], site: Site) -> None:
    first, second = pages["ke-hoach/2022/nhiem-vu/1/index.md"], pages["ke-hoach/2022/nhiem-vu/1/trang/2/index.md"]
    assert (first.title, second.title) == (f"Nhiệm vụ 1 – Kế hoạch {PLAN_NUMBER}", f"Nhiệm vụ 1 – Kế hoạch {PLAN_NUMBER} (trang 2)")
    assert first.template == second.template == "task.html"
    contexts = [first.context, second.context]
    assert all(isinstance(c, TaskContext) for c in contexts)
    one, two = (c for c in contexts if isinstance(c, TaskContext))
    assert (titles(one.posts), titles(two.posts)) == (["Tin năm", "Tin ba"], ["Tin hai", "Tin một"])
    assert one.count == two.count == 4  # the task's posts, not the page's
    assert one.feed == two.feed == "ke-hoach/2022/nhiem-vu/1/feed.xml" == site.plan(2022).tasks[0].feed_url
    assert one.task is site.plan(2022).tasks[0] and one.plan is site.plan(2022)
    assert (one.pager.next_url, two.pager.previous_url) == ("ke-hoach/2022/nhiem-vu/1/trang/2/", "ke-hoach/2022/nhiem-vu/1/")
    assert (first.updated, second.updated) == (local("2022-05-01 08:00"), local("2022-04-20 10:00"))
    task_2 = pages["ke-hoach/2022/nhiem-vu/2/index.md"].context
    assert isinstance(task_2, TaskContext)
    assert titles(task_2.posts) == ["Tin bốn", "Tin một"] and task_2.feed == "ke-hoach/2022/nhiem-vu/2/feed.xml"


def test_plan_pages(pages: dict[str, PageSpec], site: Site) -> None:
    plans = pages["ke-hoach/index.md"]
    assert (plans.template, plans.title, plans.updated) == ("plans.html", "Kế hoạch tuyên truyền CCHC", local("2022-05-01 08:00"))
    assert isinstance(plans.context, PlansContext) and plans.context.plans == site.plans
    plan = site.plan(2022)
    page = pages["ke-hoach/2022/index.md"]
    assert (page.template, page.title) == ("plan.html", f"Kế hoạch {PLAN_NUMBER}: {plan.title}")
    assert page.content == plan.body and page.updated == local("2022-05-01 08:00")
    assert isinstance(page.context, PlanContext) and page.context.plan is plan
    assert dict(page.context.counts) == {1: 4, 2: 2, **{i: 0 for i in range(3, 15)}}
    # The signed document's heading: the Sở's letterhead (extra.cchc.report) and the national motto block.
    assert (page.context.letterhead.parent, page.context.letterhead.issuer) == ("UBND TỈNH HƯNG YÊN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    assert (page.context.nation, page.context.motto) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def test_the_plan_heading_follows_the_letterhead_setting(site: Site) -> None:
    letterhead = Letterhead.of(ReportOptions(parent="UBND TỈNH THỬ", issuer="SỞ THỬ"))
    [plan] = [spec for spec in all_pages(site, page_size=20, describe=lambda post, tasks: None, letterhead=letterhead)
              if spec.template == "plan.html"]
    assert isinstance(plan.context, PlanContext) and plan.context.letterhead == Letterhead("UBND TỈNH THỬ", "SỞ THỬ")


# --------------------------------------------------------------------------- months, years, units, tags


def test_month_and_year_pages(pages: dict[str, PageSpec], site: Site) -> None:
    march = [pages["tin-tuc/2022/03/index.md"], pages["tin-tuc/2022/03/trang/2/index.md"]]
    assert [p.title for p in march] == ["Tin tức tháng 3/2022", "Tin tức tháng 3/2022 (trang 2)"]
    contexts = [p.context for p in march]
    assert all(isinstance(c, ListContext) and c.kind == "month" and c.heading == "Tin tức tháng 3/2022" for c in contexts)
    assert [titles(c.posts) for c in contexts if isinstance(c, ListContext)] == [["Tin ba", "Tin hai"], ["Tin một"]]
    assert [p.updated for p in march] == [local("2022-04-20 10:00"), local("2022-03-01 08:00")]
    may = pages["tin-tuc/2022/05/index.md"]
    assert isinstance(may.context, ListContext) and titles(may.context.posts) == ["Tin năm"]
    assert may.context.months == () and may.context.group is None
    year = pages["tin-tuc/2022/index.md"]
    assert (year.template, year.title, year.updated) == ("archive-year.html", "Tin tức năm 2022", local("2022-05-01 08:00"))
    assert isinstance(year.context, YearContext)
    assert year.context.year == 2022 and [m.month for m in year.context.months] == [5, 4, 3]


def test_unit_and_tag_pages(pages: dict[str, PageSpec], site: Site) -> None:
    units = pages["don-vi/index.md"]
    assert (units.template, units.title) == ("groups.html", "Đơn vị")
    assert isinstance(units.context, GroupsContext) and units.context.label == "Đơn vị"
    assert [g.name for g in units.context.groups] == ["Phòng Tổ chức cán bộ", "Văn phòng"]
    tags = pages["chu-de/index.md"]
    assert isinstance(tags.context, GroupsContext) and tags.context.label == "Chủ đề"
    assert [g.name for g in tags.context.groups] == ["một cửa", "tập huấn"]
    office = [pages["don-vi/van-phong/index.md"], pages["don-vi/van-phong/trang/2/index.md"]]
    assert [p.title for p in office] == ["Đơn vị: Văn phòng", "Đơn vị: Văn phòng (trang 2)"]
    contexts = [p.context for p in office]
    assert all(isinstance(c, ListContext) and c.kind == "unit" and c.group == group_link(site.units[1]) for c in contexts)
    assert [titles(c.posts) for c in contexts if isinstance(c, ListContext)] == [["Tin năm", "Tin ba"], ["Tin hai", "Tin một"]]
    training = [pages["chu-de/tap-huan/index.md"], pages["chu-de/tap-huan/trang/2/index.md"]]
    assert [p.title for p in training] == ["Chủ đề: tập huấn", "Chủ đề: tập huấn (trang 2)"]
    contexts = [p.context for p in training]
    assert all(isinstance(c, ListContext) and c.kind == "tag" and c.heading == "Chủ đề: tập huấn" for c in contexts)
    assert [titles(c.posts) for c in contexts if isinstance(c, ListContext)] == [["Tin bốn", "Tin hai"], ["Tin một"]]
    assert [p.updated for p in training] == [local("2022-04-20 10:00"), local("2022-03-01 08:00")]


def test_no_context_leads_to_the_whole_site(pages: dict[str, PageSpec], site: Site) -> None:
    """What a template can read is what its context holds: no field of any context is the site, a group
    or a month with all their posts (cchc.build.digests refuses them), or a function of them."""
    hints = {kind: get_type_hints(kind) for kind in {type(p.context) for p in pages.values()}}
    for kind, fields_of in hints.items():
        for name, hint in fields_of.items():
            shown = repr(hint)
            assert not any(word in shown for word in ("Site", "linking.Group", "linking.Month")), (kind, name, shown)
            assert "Callable" not in shown or kind.__dataclass_fields__[name].metadata.get("digest") == "derived", (kind, name)
    assert all(isinstance(p.context, Context) for p in pages.values())
    with_feed = {uri for uri, p in pages.items() if p.context.feed is not None}
    assert with_feed == {uri for uri in pages if uri.startswith("ke-hoach/2022/nhiem-vu/")}


# --------------------------------------------------------------------------- home and navigation


def test_home_context_shows_the_latest_posts(site: Site) -> None:
    home = home_context(site, latest=2)
    assert isinstance(home, HomeContext)
    assert titles(home.posts) == ["Tin năm", "Tin bốn"]
    assert [entry.plan for entry in home.plans] == list(site.plans)
    counts = {counted.task.id: counted.count for entry in home.plans for counted in entry.tasks}
    assert counts == {task.id: len(site.posts_of(task)) for plan in site.plans for task in plan.tasks}
    assert titles(home_context(site, latest=10).posts) == NEWEST_FIRST


def test_site_nav() -> None:
    assert site_nav() == [
        {"Trang chủ": "index.md"}, {"Tin tức": "tin-tuc/index.md"}, {"Thủ tục hành chính": "thu-tuc-hanh-chinh/index.md"},
        {"Kế hoạch": "ke-hoach/index.md"}, {"Góp ý – Hỏi đáp": "hoi-dap/index.md"},
        {"Đơn vị": "don-vi/index.md"}, {"Chủ đề": "chu-de/index.md"},
    ]


def test_every_page_names_its_section_by_its_tab() -> None:
    """Posts in the news tab, explainers in the procedures tab, tasks and reports in the plan tab,
    unit and tag pages in theirs: the tab a page's context names is one of the tabs."""
    site = site_of(REPO)
    tabs = {tab.url for tab in SECTIONS}
    specs = [*all_pages(site, page_size=20, describe=lambda post, tasks: None), *explainer_pages(site), sitemap_page(site)]
    sections = {spec.url: spec.context.section for spec in specs}
    assert {section for section in sections.values() if section is not None} <= tabs
    explainer = next(post for post in site.posts if post.procedure is not None)
    ordinary = next(post for post in site.posts if post.procedure is None)
    assert sections[explainer.url] == "thu-tuc-hanh-chinh/" and sections[ordinary.url] == "tin-tuc/"
    assert sections["ke-hoach/2022/nhiem-vu/8/"] == sections["ke-hoach/2022/"] == "ke-hoach/"
    assert sections[site.units[0].url] == "don-vi/" and sections[site.tags[0].url] == "chu-de/"
    assert sections["tin-tuc/2022/03/"] == "tin-tuc/" and sections["gop-y/"] == sections["gop-y/tam-ngung/"] == "hoi-dap/"
    assert sections["so-do-trang/"] is None
    assert home_context(site, latest=3).section == ""


# --------------------------------------------------------------------------- the side column's newest answers


def test_every_page_carries_the_three_newest_published_answers_and_its_digest_follows_them(tmp_path: Path) -> None:
    """The side column of every desktop page lists the newest answers (overrides/partials/toc.html). They are in
    every page's context, so the digest of an unrelated page changes with them and the preview renders it again."""
    root = write_tree(tmp_path, {"2022/03/a.md": POSTS["2022/03/a.md"]})
    answers = root / "content" / "hoi-dap"
    answers.mkdir(parents=True)
    days = {"aaaa2345": "2022-05-10", "bbbb2345": "2022-06-01", "cccc2345": "2022-05-03", "dddd2345": "2022-07-15"}
    for code, day in days.items():
        (answers / f"{code}.md").write_text(answer_file(code.upper(), title=f"Hỏi {code}", answered=day), encoding="utf-8")
    (answers / "eeee2345.md").write_text(answer_file("EEEE2345", title="Nháp", answered="2022-08-01", draft=True), encoding="utf-8")
    (answers / "ffff2345.md").write_text(answer_file("FFFF2345", title="Hẹn giờ", answered="2030-01-01"), encoding="utf-8")
    settings = content_settings(root)
    now = datetime(2026, 1, 1, tzinfo=LOCAL_TZ)

    def side(preview: bool) -> dict[str, tuple[AnswerLink, ...]]:
        build = plan_build(settings, now=now, preview=preview)
        assert build.latest_answers == build.pages[0].context.latest_answers
        return {spec.src_uri: spec.context.latest_answers for spec in build.pages}

    built = side(preview=False)
    expected = (AnswerLink("Hỏi dddd2345", "hoi-dap/dddd2345/", local("2022-07-15 00:00")),
                AnswerLink("Hỏi bbbb2345", "hoi-dap/bbbb2345/", local("2022-06-01 00:00")),
                AnswerLink("Hỏi aaaa2345", "hoi-dap/aaaa2345/", local("2022-05-10 00:00")))
    assert LATEST_ANSWERS == 3 and set(built.values()) == {expected}  # every page; drafts and scheduled ones never
    assert set(side(preview=True).values()) == {expected}  # the preview shows the drafts' pages, not in this list
    assert latest_answers((), now=now) == ()

    build = plan_build(settings, now=now, preview=False)
    post_page = next(spec for spec in build.pages if spec.template == "post.html")
    before = page_digest(post_page, build.site)
    (answers / "gggg2345.md").write_text(answer_file("GGGG2345", title="Hỏi mới nhất", answered="2022-09-09"), encoding="utf-8")
    again = plan_build(settings, now=now, preview=False)
    changed = next(spec for spec in again.pages if spec.src_uri == post_page.src_uri)
    assert changed.context.latest_answers[0].title == "Hỏi mới nhất"
    assert page_digest(changed, again.site) != before  # a post page that shows no answer otherwise
    assert isinstance(changed.context.latest_answers[0], AnswerLink) and not isinstance(changed.context.latest_answers[0], Answer)
