"""`cchc.site.linking`: the site model every page and feed is made from, tested directly (no build).

The content is a small tree written here (the bundled 2022 plan, its copy for 2023, posts as files) and
read by the real loader; expected orders, groups and names are written by hand from that content.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.content_tree import NOW, PLAN_2022, PLAN_2023, by_title, load, make_post, site_of, write_tree

from cchc.dates import LOCAL_TZ
from cchc.model import Plan, Post
from cchc.problems import Problem
from cchc.site.linking import Month, Site, build_site, find_duplicate_urls

# Published at NOW unless said otherwise. "Tin A" and "Tin Z" share one date: the URL orders them
# (tin-a… before tin-z…), while their files are in the other order (a.md holds "Tin Z").
POSTS = {
    "2022/03/a.md": {"title": "Tin Z cùng giờ", "date": "2022-03-15 08:30", "task": [2, 1], "unit": "văn phòng",
                     "tags": ["tăng cường"]},
    "2022/03/b.md": {"title": "Tin A cùng giờ", "date": "2022-03-15 08:30", "task": 1, "unit": "văn phòng",
                     "tags": ["tâng cường", "Tập huấn"]},
    "2022/05/c.md": {"title": "Tin tháng năm", "date": "2022-05-02 09:00", "task": 2, "unit": "Văn phòng",
                     "tags": ["tập huấn"]},
    # 23:30 UTC on 30 June is 06:30 on 1 July in Hưng Yên: a July post.
    "2022/07/d.md": {"title": "Giờ UTC sát nửa đêm", "date": "2022-06-30T23:30:00+00:00", "task": 1,
                     "unit": "Phòng Tổ chức cán bộ", "tags": ["tập huấn"]},
    # Reports to the 2022 plan in January 2023.
    "2023/01/e.md": {"title": "Tổng kết năm 2022", "date": "2023-01-10 14:00", "plan": 2022, "task": 2,
                     "unit": "Đoàn thanh niên"},
    "2023/02/f.md": {"title": "Tin của kế hoạch 2023", "date": "2023-02-01 08:00", "task": 2, "unit": "Dân vận"},
    # Pending: a draft and a post scheduled after NOW, each with a unit and a tag of its own.
    "2022/04/g.md": {"title": "Bản nháp", "date": "2022-04-01 08:00", "task": 1, "unit": "Ban nháp",
                     "tags": ["chủ đề nháp"], "draft": True},
    "2026/03/h.md": {"title": "Bài hẹn giờ", "date": "2026-03-01 08:00", "plan": 2022, "task": 1,
                     "unit": "Ban hẹn giờ", "tags": ["chủ đề hẹn giờ"]},
}
PUBLISHED = ["Tin của kế hoạch 2023", "Tổng kết năm 2022", "Giờ UTC sát nửa đêm", "Tin tháng năm",
             "Tin A cùng giờ", "Tin Z cùng giờ"]
IN_PREVIEW = ["Bài hẹn giờ", *PUBLISHED[:4], "Bản nháp", *PUBLISHED[4:]]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("link"), POSTS, plans={2022: PLAN_2022, 2023: PLAN_2023})


@pytest.fixture(scope="module")
def plans(root: Path) -> dict[int, Plan]:
    return load(root).plans


@pytest.fixture(scope="module")
def site(root: Path) -> Site:
    return site_of(root)


@pytest.fixture(scope="module")
def preview(root: Path) -> Site:
    return site_of(root, preview=True)


def titles(posts: tuple[Post, ...] | list[Post]) -> list[str]:
    return [post.title for post in posts]


# --------------------------------------------------------------------------- published and pending


def test_build_shows_published_posts_newest_first(site: Site) -> None:
    assert titles(site.posts) == PUBLISHED
    assert not site.preview and site.now == NOW
    assert not any(site.is_pending(post) for post in site.posts)


def test_preview_adds_drafts_and_scheduled_posts_in_date_order(preview: Site) -> None:
    assert titles(preview.posts) == IN_PREVIEW
    pending = [post.title for post in preview.posts if preview.is_pending(post)]
    assert pending == ["Bài hẹn giờ", "Bản nháp"]


def test_pending_posts_leave_no_unit_tag_month_or_task_entry(site: Site, preview: Site) -> None:
    assert "don-vi/ban-nhap/" not in [g.url for g in site.units]
    assert "chu-de/chu-de-hen-gio/" not in [g.url for g in site.tags]
    assert (2026, 3) not in [(m.year, m.month) for m in site.months]
    assert "Bài hẹn giờ" not in titles(site.by_task[(2022, 1)])
    # ... and all of them in the preview.
    assert {"don-vi/ban-nhap/", "don-vi/ban-hen-gio/"} <= {g.url for g in preview.units}
    assert {"chu-de/chu-de-nhap/", "chu-de/chu-de-hen-gio/"} <= {g.url for g in preview.tags}
    assert [(m.year, m.month) for m in preview.months][:1] == [(2026, 3)]
    assert titles(preview.by_task[(2022, 1)]) == ["Bài hẹn giờ", "Giờ UTC sát nửa đêm", "Bản nháp", "Tin A cùng giờ",
                                                   "Tin Z cùng giờ"]


def test_a_post_is_published_from_its_own_minute(plans: dict[int, Plan]) -> None:
    post = make_post()
    assert build_site(plans, [post], now=post.date, preview=False).posts == (post,)
    assert build_site(plans, [post], now=post.date - timedelta(seconds=1), preview=False).posts == ()
    draft = make_post(draft=True, slug="nhap")
    assert build_site(plans, [draft], now=NOW, preview=False).posts == ()
    shown = build_site(plans, [draft], now=NOW, preview=True)
    assert shown.posts == (draft,) and shown.is_pending(draft)


# --------------------------------------------------------------------------- order


def test_equal_dates_are_ordered_by_url_not_by_file(site: Site) -> None:
    a, z = by_title(site)["Tin A cùng giờ"], by_title(site)["Tin Z cùng giờ"]
    assert a.date == z.date
    assert a.url == "tin-tuc/2022/03/tin-a-cung-gio/" < z.url == "tin-tuc/2022/03/tin-z-cung-gio/"
    assert a.path > z.path  # the loader reads z first
    assert titles(site.posts)[-2:] == ["Tin A cùng giờ", "Tin Z cùng giờ"]


def test_order_does_not_depend_on_the_input_order(root: Path, site: Site) -> None:
    content = load(root)
    for posts in (content.posts, content.posts[::-1], sorted(content.posts, key=lambda p: p.title)):
        again = build_site(content.plans, posts, now=NOW, preview=False)
        assert titles(again.posts) == PUBLISHED
        assert {key: titles(value) for key, value in again.by_task.items()} == {
            key: titles(value) for key, value in site.by_task.items()}


def test_utc_date_is_filed_under_its_local_month(site: Site) -> None:
    post = by_title(site)["Giờ UTC sát nửa đêm"]
    assert post.date == datetime(2022, 7, 1, 6, 30, tzinfo=LOCAL_TZ)
    assert post.url == "tin-tuc/2022/07/gio-utc-sat-nua-dem/"
    assert titles(next(m for m in site.months if (m.year, m.month) == (2022, 7)).posts) == ["Giờ UTC sát nửa đêm"]


# --------------------------------------------------------------------------- tasks


def test_by_task_is_keyed_by_plan_year_and_task(site: Site) -> None:
    assert {key: titles(posts) for key, posts in site.by_task.items()} == {
        # A post with tasks [2, 1] is under both; "Tổng kết năm 2022" (January 2023, plan: 2022) is under
        # the 2022 plan; "Tin của kế hoạch 2023" under the 2023 plan, the plan of its date.
        (2022, 1): ["Giờ UTC sát nửa đêm", "Tin A cùng giờ", "Tin Z cùng giờ"],
        (2022, 2): ["Tổng kết năm 2022", "Tin tháng năm", "Tin Z cùng giờ"],
        (2023, 2): ["Tin của kế hoạch 2023"],
    }


def test_posts_of_a_task(site: Site) -> None:
    plan_2022, plan_2023 = site.plan(2022), site.plan(2023)
    assert titles(site.posts_of(plan_2022.tasks[1])) == ["Tổng kết năm 2022", "Tin tháng năm", "Tin Z cùng giờ"]
    assert titles(site.posts_of(plan_2023.tasks[1])) == ["Tin của kế hoạch 2023"]
    assert site.posts_of(plan_2023.tasks[0]) == ()
    assert site.posts_of(plan_2022.tasks[5]) == ()


def test_tasks_of_a_post_in_the_order_written_from_its_own_plan(site: Site) -> None:
    posts = by_title(site)
    assert [(t.year, t.id) for t in site.tasks_of(posts["Tin Z cùng giờ"])] == [(2022, 2), (2022, 1)]
    assert [(t.year, t.id) for t in site.tasks_of(posts["Tổng kết năm 2022"])] == [(2022, 2)]
    assert [(t.year, t.id) for t in site.tasks_of(posts["Tin của kế hoạch 2023"])] == [(2023, 2)]
    assert site.tasks_of(posts["Tin Z cùng giờ"])[0] is site.plan(2022).tasks[1]


def test_neighbours_are_the_older_and_newer_posts_of_the_same_task(site: Site) -> None:
    posts = by_title(site)
    task_1, task_2 = site.plan(2022).tasks[0], site.plan(2022).tasks[1]

    def names(pair: tuple[Post | None, Post | None]) -> tuple[str | None, str | None]:
        return tuple(p.title if p else None for p in pair)  # type: ignore[return-value]

    # Task 1: Giờ UTC sát nửa đêm (newest), Tin A cùng giờ, Tin Z cùng giờ (oldest).
    assert names(site.neighbours(posts["Giờ UTC sát nửa đêm"], task_1)) == ("Tin A cùng giờ", None)
    assert names(site.neighbours(posts["Tin A cùng giờ"], task_1)) == ("Tin Z cùng giờ", "Giờ UTC sát nửa đêm")
    assert names(site.neighbours(posts["Tin Z cùng giờ"], task_1)) == (None, "Tin A cùng giờ")
    # The same post has other neighbours in its other task.
    assert names(site.neighbours(posts["Tin Z cùng giờ"], task_2)) == (None, "Tin tháng năm")
    assert names(site.neighbours(posts["Tổng kết năm 2022"], task_2)) == ("Tin tháng năm", None)
    # A single post of its task has none.
    assert names(site.neighbours(posts["Tin của kế hoạch 2023"], site.plan(2023).tasks[1])) == (None, None)


def test_related_posts_are_the_nearest_of_the_same_task_then_of_the_same_tags(site: Site) -> None:
    """What "Tin liên quan" lists: newer before older at each distance in the post's tasks, in the order its
    tasks are written, then its tags; never the post itself, never twice, at most `count`."""
    posts = by_title(site)
    # Task 2 of 2022: Tổng kết năm 2022, Tin tháng năm, Tin Z cùng giờ; task 1: Giờ UTC…, Tin A…, Tin Z….
    assert titles(site.related(posts["Tin Z cùng giờ"], 4)) == ["Tin tháng năm", "Tổng kết năm 2022", "Tin A cùng giờ",
                                                               "Giờ UTC sát nửa đêm"]
    assert titles(site.related(posts["Tin Z cùng giờ"], 2)) == ["Tin tháng năm", "Tổng kết năm 2022"]
    # Its task gives the two others; its tag "tập huấn" (Giờ UTC…, Tin tháng năm, Tin A…) the rest.
    assert titles(site.related(posts["Tin tháng năm"], 4)) == ["Tổng kết năm 2022", "Tin Z cùng giờ", "Giờ UTC sát nửa đêm",
                                                              "Tin A cùng giờ"]
    assert site.related(posts["Tin của kế hoạch 2023"], 4) == ()
    for post in site.posts:
        related = site.related(post, 4)
        assert post.url not in [other.url for other in related] and len({other.url for other in related}) == len(related) <= 4


def test_plans_by_year(site: Site) -> None:
    assert [plan.year for plan in site.plans] == [2022, 2023]
    assert site.plan(2023).url == "ke-hoach/2023/"
    with pytest.raises(KeyError):
        site.plan(2021)


# --------------------------------------------------------------------------- units and tags


def test_units_are_grouped_by_slug_named_by_the_most_used_spelling(site: Site) -> None:
    # "văn phòng" (2 posts) beats "Văn phòng" (1 post), though "Văn phòng" would win a tie.
    assert [(g.name, g.slug, g.url, titles(g.posts)) for g in site.units] == [
        ("Dân vận", "dan-van", "don-vi/dan-van/", ["Tin của kế hoạch 2023"]),
        ("Đoàn thanh niên", "doan-thanh-nien", "don-vi/doan-thanh-nien/", ["Tổng kết năm 2022"]),
        ("Phòng Tổ chức cán bộ", "phong-to-chuc-can-bo", "don-vi/phong-to-chuc-can-bo/", ["Giờ UTC sát nửa đêm"]),
        ("văn phòng", "van-phong", "don-vi/van-phong/", ["Tin tháng năm", "Tin A cùng giờ", "Tin Z cùng giờ"]),
    ]


def test_tags_are_grouped_by_slug_and_a_tie_goes_to_vietnamese_order(site: Site) -> None:
    # "tăng cường" and "tâng cường" (a typo) have one post each: ă comes before â in Vietnamese,
    # though not in code points (U+0103 > U+00E2). "tập huấn" (2 posts) beats "Tập huấn" (1 post).
    assert [(g.name, g.url, titles(g.posts)) for g in site.tags] == [
        ("tăng cường", "chu-de/tang-cuong/", ["Tin A cùng giờ", "Tin Z cùng giờ"]),
        ("tập huấn", "chu-de/tap-huan/", ["Giờ UTC sát nửa đêm", "Tin tháng năm", "Tin A cùng giờ"]),
    ]


def test_unit_of_and_tags_of_give_the_groups_of_a_post(site: Site) -> None:
    post = by_title(site)["Tin A cùng giờ"]
    assert site.unit_of(post) is next(g for g in site.units if g.slug == "van-phong")
    assert [g.slug for g in site.tags_of(post)] == ["tang-cuong", "tap-huan"]  # in the post's order
    assert post.tags == ("tâng cường", "Tập huấn")  # the post keeps its own spelling


def test_groups_follow_the_vietnamese_alphabet(tmp_path: Path) -> None:
    tags = ["ưa", "ung", "ơn", "ông", "oa", "đá", "dê", "bé", "âu", "ăm", "an"]
    units = ["Ủy ban", "Ông bà", "Đoàn", "Dân", "Ăn uống", "Âu Cơ", "An toàn", "Ban"]
    posts: dict[str, object] = {
        f"2022/03/{i}.md": {"title": f"Tin {i}", "date": f"2022-03-{i + 1:02d} 08:00", "task": 1, "unit": unit,
                            "tags": tags if i == 0 else []}
        for i, unit in enumerate(units)
    }
    site = site_of(write_tree(tmp_path, posts))
    assert [g.name for g in site.tags] == ["an", "ăm", "âu", "bé", "dê", "đá", "oa", "ông", "ơn", "ung", "ưa"]
    assert [g.name for g in site.units] == ["An toàn", "Ăn uống", "Âu Cơ", "Ban", "Dân", "Đoàn", "Ông bà", "Ủy ban"]
    assert sorted(tags) != [g.name for g in site.tags]  # code-point order would differ


def test_a_post_is_once_in_a_group_even_when_it_spells_the_tag_twice(plans: dict[int, Plan]) -> None:
    post = make_post(tags=("Tập huấn", "tập huấn"))
    site = build_site(plans, [post], now=NOW, preview=False)
    [group] = site.tags
    assert group.posts == (post,)


# --------------------------------------------------------------------------- months


def test_months_newest_first_with_their_urls_and_posts(site: Site) -> None:
    assert [(m.year, m.month, m.url, titles(m.posts)) for m in site.months] == [
        (2023, 2, "tin-tuc/2023/02/", ["Tin của kế hoạch 2023"]),
        (2023, 1, "tin-tuc/2023/01/", ["Tổng kết năm 2022"]),
        (2022, 7, "tin-tuc/2022/07/", ["Giờ UTC sát nửa đêm"]),
        (2022, 5, "tin-tuc/2022/05/", ["Tin tháng năm"]),
        (2022, 3, "tin-tuc/2022/03/", ["Tin A cùng giờ", "Tin Z cùng giờ"]),
    ]
    assert Month(2022, 11, ()).url == "tin-tuc/2022/11/"


# --------------------------------------------------------------------------- duplicate URLs


def test_duplicate_url_is_reported_on_the_later_file_naming_the_first() -> None:
    first = make_post(path="content/posts/2022/03/a.md", title="Tin chung", slug="tin-chung")  # no `slug` line
    second = make_post(path="content/posts/2022/03/b.md", slug="tin-chung",
                       lines={"title": 2, "date": 3, "task": 4, "unit": 5, "slug": 6})
    third = make_post(path="content/posts/2022/03/c.md", slug="tin-chung", date=datetime(2022, 3, 31, 23, 0, tzinfo=LOCAL_TZ),
                      lines={"title": 2, "date": 3, "task": 4, "unit": 5, "slug": 7})
    other_month = make_post(path="content/posts/2022/04/d.md", slug="tin-chung", date=datetime(2022, 4, 1, tzinfo=LOCAL_TZ))
    message = "trùng địa chỉ tin-tuc/2022/03/tin-chung/ với content/posts/2022/03/a.md:2; hãy đặt `slug` khác"
    expected = [Problem("content/posts/2022/03/b.md", 6, message), Problem("content/posts/2022/03/c.md", 7, message)]
    assert find_duplicate_urls([third, other_month, second, first]) == expected
    assert find_duplicate_urls([first, second, third, other_month]) == expected
    assert all(not problem.is_warning for problem in expected)


def test_distinct_urls_are_no_problem(site: Site) -> None:
    assert find_duplicate_urls(site.posts) == []
    assert find_duplicate_urls([]) == []


# --------------------------------------------------------------------------- immutability


def test_site_is_immutable(root: Path) -> None:
    content = load(root)
    plans = dict(content.plans)
    site = build_site(plans, content.posts, now=NOW, preview=False)
    with pytest.raises(FrozenInstanceError):
        site.posts = ()  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        site.preview = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.by_task[(2022, 1)] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        del site.by_task[(2022, 1)]  # type: ignore[attr-defined]
    assert isinstance(site.posts, tuple) and isinstance(site.units, tuple) and isinstance(site.months, tuple)
    assert all(isinstance(v, tuple) for v in site.by_task.values())
    assert all(isinstance(g.posts, tuple) for g in (*site.units, *site.tags))
    with pytest.raises(FrozenInstanceError):
        site.units[0].name = "khác"  # type: ignore[misc]
    # Changing the dictionary given to build_site afterwards does not change the site.
    plans.clear()
    assert site.plan(2022).year == 2022

