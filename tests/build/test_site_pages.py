"""End-to-end tests of the built HTML: plan, task, post, list and archive pages, links and sub-path.

Every site here is built by the real `mkdocs build` (fixtures of conftest.py). Expectations are
computed from the content files themselves (front matter read with PyYAML), not from the product's
own code, so a bug in the core cannot hide itself.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
from PIL import Image
from support import FIXED_NOW, REPO
from support.gates import exists, html_pages, link_problems
from support.oracle import LOCAL, SourcePost, load_source_posts, newest_first, png_bytes, read_front, slug
from support.project import BuildResult, SiteProject, run_mkdocs

SITE_URL = "https://example.gov.vn/cchc/"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
POST_URL = re.compile(r"^tin-tuc/\d{4}/\d{2}/[a-z0-9-]+/$")
TASK_URL = re.compile(r"^ke-hoach/(\d{4})/nhiem-vu/(\d+)/$")


# --------------------------------------------------------------------------- content, read independently


BUNDLED = load_source_posts(REPO / "content" / "posts")
PUBLISHED = [p for p in BUNDLED if p.published()]
PLAN_2022, PLAN_2022_BODY = read_front(REPO / "plan" / "2022.md")
TASKS_2022 = {task["id"]: task for task in PLAN_2022["tasks"]}


def posts_of_task(posts: list[SourcePost], year: int, task_id: int) -> list[SourcePost]:
    return [p for p in posts if p.plan == year and task_id in p.tasks]


def newest_urls(posts: list[SourcePost]) -> list[str]:
    return [p.url for p in newest_first(posts)]


# --------------------------------------------------------------------------- built HTML helpers


def parse(result: BuildResult, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((result.out / url / "index.html").read_text(encoding="utf-8"))


def content_of(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    found = doc.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " md-content ")]')
    assert found, "page has no Material content area"
    return found[0]


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def resolve(page_url: str, href: str) -> str | None:
    """Site-relative target of a link on the page at `page_url`; None for external links."""
    base = urljoin(SITE_URL, page_url)
    target = urlsplit(urljoin(base, href))
    site = urlsplit(SITE_URL)
    if (target.scheme, target.netloc) != (site.scheme, site.netloc):
        return None
    assert target.path.startswith(site.path), f"{page_url}: link {href!r} escapes the sub-path {site.path}"
    return unquote(target.path[len(site.path):])


def links(element: lxml.html.HtmlElement, page_url: str) -> list[tuple[str, lxml.html.HtmlElement]]:
    """(site-relative target without fragment, <a>) for every internal link under `element`."""
    found = []
    for a in element.iter("a"):
        href = a.get("href")
        if href is None or href.startswith("#"):
            continue
        rel = resolve(page_url, href)
        if rel is not None:
            found.append((rel.split("#")[0], a))
    return found


@dataclass(frozen=True)
class Listed:
    url: str
    when: datetime
    item: lxml.html.HtmlElement


def listed_posts(result: BuildResult, url: str) -> list[Listed]:
    """The post list of a list page: every <li> with a <time> and a link to a post, in order."""
    content = content_of(parse(result, url))
    items = []
    for li in content.iter("li"):
        times = li.xpath(".//time[@datetime]")
        targets = [rel for rel, _ in links(li, url) if POST_URL.match(rel)]
        if times and targets:
            assert len(set(targets)) == 1, f"{url}: one list item links to several posts {targets}"
            items.append(Listed(targets[0], datetime.fromisoformat(times[0].get("datetime")), li))
    return items


def assert_newest_first(items: list[Listed], where: str) -> None:
    moments = [item.when for item in items]
    assert moments == sorted(moments, reverse=True), f"{where}: not newest first: {[m.isoformat() for m in moments]}"


def built(result: BuildResult) -> BuildResult:
    assert result.returncode == 0, result.stderr
    return result


# --------------------------------------------------------------------------- generated projects

UNITS = ("Văn phòng", "Phòng Tổ chức cán bộ", "Phòng GDĐT huyện Ân Thi")


def many_post(i: int) -> dict[str, object]:
    """Post number i of the generated projects: unique times spread over 2022."""
    month, week = 1 + i % 12, i // 12
    front: dict[str, object] = {
        "title": f"Tin thử nghiệm số {i:02d}",
        "date": f"2022-{month:02d}-{1 + 7 * week:02d} {8 + i % 5:02d}:{i:02d}",
        "task": [1 + i % 14, 1 + (i + 5) % 14] if i % 7 == 0 else 1 + i % 14,
        "unit": UNITS[i % 3],
        "tags": ["tập huấn", "thí điểm mới"] if i % 4 == 0 else ["tập huấn"],
        "summary": f"Tóm tắt tin số {i:02d}.",
    }
    return front


def generated_project(root: Path, count: int) -> tuple[BuildResult, list[SourcePost]]:
    project = SiteProject(root)
    project.set_config(extra={"cchc": {"page_size": 20}})
    for i in range(count):
        project.write_post(f"2022/tin-{i:02d}.md", many_post(i), body=f"Nội dung của tin số {i:02d}.")
    return built(project.build()), load_source_posts(project.root / "content" / "posts")


@pytest.fixture(scope="module")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, list[SourcePost]]:
    return generated_project(tmp_path_factory.mktemp("many") / "project", 45)


@pytest.fixture(scope="module")
def few_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, list[SourcePost]]:
    return generated_project(tmp_path_factory.mktemp("few") / "project", 5)


# =========================================================================== plan page


def test_plan_page_shows_the_plan_text_number_date_recipients_and_signer(bundled_site: BuildResult) -> None:
    content = content_of(parse(bundled_site, "ke-hoach/2022/"))
    text = text_of(content)
    headings = [text_of(h).rstrip("¶").strip() for h in content.xpath(".//h2|.//h3")]
    for section in ("I. MỤC TIÊU, YÊU CẦU", "II. ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", "III. TỔ CHỨC THỰC HIỆN"):
        assert section in headings, f"section heading {section!r} missing; headings: {headings}"
    # The body is there in full, first sentence to last.
    assert "Thực hiện Kế hoạch số 203/KH-UBND ngày 29/12/2021" in text
    assert "Dự toán kinh phí thực hiện tuyên truyền trong dự toán ngân sách chi cho hoạt động CCHC hàng năm." in text
    assert "07/KH-SGDĐT" in text
    assert "ngày 04 tháng 01 năm 2022" in text
    assert "Nơi nhận" in text
    for recipient in PLAN_2022["recipients"]:
        assert recipient in text, f"recipient {recipient!r} missing"
    assert "Đỗ Văn Khải" in text
    assert "PHÓ GIÁM ĐỐC" in text


def test_plan_page_heading_is_the_signed_document_s(bundled_site: BuildResult) -> None:
    """Nghị định 30/2020/NĐ-CP's heading: parent and issuing body with the number on the left, the national
    motto with the place and date on the right (gov-web.md), in the document's reading order."""
    doc = parse(bundled_site, "ke-hoach/2022/")
    [header] = doc.xpath('//header[@class="cchc-plan__header"]')
    left, right = header.xpath("./div")
    assert [text_of(p) for p in left.xpath("./p")] == ["UBND TỈNH HƯNG YÊN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 07/KH-SGDĐT"]
    assert left.xpath('./p[@class="cchc-plan__body"]/strong') and not left.xpath('./p[@class="cchc-plan__parent"]/strong')
    assert [text_of(p) for p in right.xpath("./p")] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", f"{PLAN_2022['place']}, ngày 04 tháng 01 năm 2022"]
    assert right.xpath('./p[@class="cchc-plan__country"]/strong') and right.xpath('./p[@class="cchc-plan__motto"]/strong')
    assert right.xpath('./p[@class="cchc-plan__date"]/em')
    # Then the document type and its summary line.
    title = doc.xpath('//h1[@class="cchc-plan__title"]')[0]
    assert title.xpath("string(span)") == "KẾ HOẠCH"


def test_plan_table_of_contents_numbers_each_part_once(bundled_site: BuildResult) -> None:
    """The side table of contents lists the body's headings: no two parts of one level share a number."""
    doc = parse(bundled_site, "ke-hoach/2022/")
    [toc] = doc.xpath('//nav[contains(@class, "md-nav--secondary")]/ul')

    def numbers(items: list[lxml.html.HtmlElement]) -> list[list[str]]:
        here = [text_of(item.xpath("./a")[0]).split(".")[0] for item in items]
        nested = [numbers(item.xpath("./nav/ul/li")) for item in items]
        return [here, *(found for group in nested for found in group)]

    found = numbers(toc.xpath("./li"))
    assert found[0] == ["I", "II", "III"]
    assert ["1", "2", "3"] in found and all(len(set(level)) == len(level) for level in found), found
    # The jump list at the top (for a phone) shows the same numbering, once.
    parts = [text_of(a) for a in doc.xpath('//p[@class="cchc-jump__parts"]/a')]
    assert [part.split(".")[0] for part in parts] == ["I", "II", "III"]


def appendix_rows(result: BuildResult) -> list[lxml.html.HtmlElement]:
    content = content_of(parse(result, "ke-hoach/2022/"))
    tables = [t for t in content.iter("table") if "Số tin bài" in text_of(t)]
    assert len(tables) == 1, "the plan page must have one appendix table with a 'Số tin bài' column"
    return tables[0].xpath("./tbody/tr|./tr[td]")


def test_plan_appendix_has_14_rows_linking_tasks_with_post_counts(bundled_site: BuildResult) -> None:
    rows = appendix_rows(bundled_site)
    assert len(rows) == 14
    for task_id, row in zip(range(1, 15), rows, strict=True):
        cells = row.xpath("./th|./td")
        assert text_of(cells[0]) == str(task_id)
        assert text_of(cells[1]) == TASKS_2022[task_id]["name"]
        targets = {rel for rel, _ in links(row, "ke-hoach/2022/")}
        assert targets == {f"ke-hoach/2022/nhiem-vu/{task_id}/"}, f"row {task_id} links to {targets}"
        assert exists(bundled_site.out, f"ke-hoach/2022/nhiem-vu/{task_id}/")
        expected = len(posts_of_task(PUBLISHED, 2022, task_id))
        assert text_of(cells[-1]) == str(expected), f"task {task_id}: count {text_of(cells[-1])!r}, expected {expected}"


def test_task_11_empty_cells_render_as_dash_and_nothing_is_invented(bundled_site: BuildResult) -> None:
    assert all(TASKS_2022[11][key] == "" for key in ("products", "lead", "partners", "timeframe"))
    cells = appendix_rows(bundled_site)[10].xpath("./th|./td")
    assert [text_of(c) for c in cells[2:6]] == ["—"] * 4
    task_page = content_of(parse(bundled_site, "ke-hoach/2022/nhiem-vu/11/"))
    values = {text_of(dt): text_of(dt.getnext()) for dt in task_page.iter("dt")}
    for label in ("Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"):
        assert values.get(label) == "—", f"task 11 {label}: {values.get(label)!r}"


# =========================================================================== task pages


@pytest.mark.parametrize("task_id", range(1, 15))
def test_task_page_shows_task_and_lists_its_posts_newest_first(bundled_site: BuildResult, task_id: int) -> None:
    url = f"ke-hoach/2022/nhiem-vu/{task_id}/"
    content = content_of(parse(bundled_site, url))
    text = text_of(content)
    task = TASKS_2022[task_id]
    assert f"Nhiệm vụ {task_id}" in text
    assert task["name"] in text
    assert (task["lead"] or "—") in text
    items = listed_posts(bundled_site, url)
    assert [i.url for i in items] == newest_urls(posts_of_task(PUBLISHED, 2022, task_id))
    assert_newest_first(items, url)
    for item in items:
        assert exists(bundled_site.out, item.url), f"{url} links to missing post {item.url}"


# =========================================================================== post pages


def task_cards(result: BuildResult, url: str) -> dict[str, lxml.html.HtmlElement]:
    """Task URL -> the card of a post page that names it."""
    content = content_of(parse(result, url))
    cards = {}
    for card in content.xpath('.//*[contains(@class, "cchc-task-card")]'):
        targets = [rel for rel, _ in links(card, url) if TASK_URL.match(rel)]
        assert len(set(targets)) == 1, f"{url}: a task card links to {targets}"
        cards[targets[0]] = card
    return cards


@pytest.mark.parametrize("post", PUBLISHED, ids=lambda p: p.url.split("/")[-2][:40])
def test_post_page_shows_notice_date_unit_tags_and_tasks(bundled_site: BuildResult, post: SourcePost) -> None:
    assert exists(bundled_site.out, post.url)
    content = content_of(parse(bundled_site, post.url))
    text = text_of(content)
    assert post.sample and "Bài viết mẫu" in text
    assert post.title in [text_of(h) for h in content.iter("h1")]
    shown = f"{WEEKDAYS[post.when.weekday()]}, {post.when:%d/%m/%Y}"
    times = [t for t in content.iter("time") if datetime.fromisoformat(t.get("datetime")) == post.when]
    assert times, f"no <time> with the post's date {post.when.isoformat()}"
    assert text_of(times[0]).startswith(shown), f"date shown as {text_of(times[0])!r}, expected {shown!r}"
    found = links(content, post.url)
    unit_links = [rel for rel, a in found if text_of(a) == post.unit]
    assert f"don-vi/{slug(post.unit)}/" in unit_links, f"unit link missing: {unit_links}"
    assert exists(bundled_site.out, f"don-vi/{slug(post.unit)}/")
    for tag in post.tags:
        tag_links = [rel for rel, a in found if text_of(a) == tag]
        assert f"chu-de/{slug(tag)}/" in tag_links, f"tag {tag!r} not linked to chu-de/{slug(tag)}/"
        assert exists(bundled_site.out, f"chu-de/{slug(tag)}/")
    cards = task_cards(bundled_site, post.url)
    assert set(cards) == {f"ke-hoach/{post.plan}/nhiem-vu/{t}/" for t in post.tasks}
    for task_id in post.tasks:
        card_text = text_of(cards[f"ke-hoach/{post.plan}/nhiem-vu/{task_id}/"])
        task = TASKS_2022[task_id]
        assert f"Nhiệm vụ {task_id}" in card_text
        assert task["name"] in card_text
        assert (task["lead"] or "—") in card_text


def neighbour_links(result: BuildResult, url: str) -> dict[str, dict[str, str]]:
    """Task URL -> {"prev": post URL, "next": post URL} on a post page."""
    found = {}
    for task_url, card in task_cards(result, url).items():
        pair = {}
        for rel_name in ("prev", "next"):
            targets = [target for a in card.xpath(f'.//a[@rel="{rel_name}"]') if (target := resolve(url, str(a.get("href"))))]
            assert len(targets) <= 1
            if targets:
                assert POST_URL.match(targets[0]) and exists(result.out, targets[0]), f"{url}: {rel_name} -> {targets}"
                pair[rel_name] = targets[0]
        found[task_url] = pair
    return found


def test_previous_next_links_follow_the_task_order_and_agree(bundled_site: BuildResult) -> None:
    neighbours = {post.url: neighbour_links(bundled_site, post.url) for post in PUBLISHED}
    for task_id in range(1, 15):
        task_url = f"ke-hoach/2022/nhiem-vu/{task_id}/"
        order = newest_urls(posts_of_task(PUBLISHED, 2022, task_id))
        for i, url in enumerate(order):
            pair = neighbours[url][task_url]
            assert pair.get("next") == (order[i - 1] if i > 0 else None), f"{url} next in task {task_id}"
            assert pair.get("prev") == (order[i + 1] if i + 1 < len(order) else None), f"{url} prev in task {task_id}"
    # A's next is B exactly when B's previous is A, in the same task.
    nexts = {(task, url, pair["next"]) for url, tasks in neighbours.items() for task, pair in tasks.items() if "next" in pair}
    prevs = {(task, pair["prev"], url) for url, tasks in neighbours.items() for task, pair in tasks.items() if "prev" in pair}
    assert nexts == prevs


def test_task_pages_and_post_pages_link_both_ways(bundled_site: BuildResult) -> None:
    listed = {
        f"ke-hoach/2022/nhiem-vu/{t}/": {i.url for i in listed_posts(bundled_site, f"ke-hoach/2022/nhiem-vu/{t}/")}
        for t in range(1, 15)
    }
    linked_from_posts: dict[str, set[str]] = {task_url: set() for task_url in listed}
    for post in PUBLISHED:
        for task_url in task_cards(bundled_site, post.url):
            linked_from_posts[task_url].add(post.url)
    assert linked_from_posts == listed


def test_post_with_two_tasks_appears_on_both_task_pages(bundled_site: BuildResult) -> None:
    two_tasks = [p for p in PUBLISHED if len(p.tasks) == 2]
    assert len(two_tasks) >= 5  # the bundled sample has several
    for post in two_tasks:
        for task_id in post.tasks:
            urls = [i.url for i in listed_posts(bundled_site, f"ke-hoach/2022/nhiem-vu/{task_id}/")]
            assert urls.count(post.url) == 1, f"{post.url} on task {task_id}: {urls.count(post.url)} times"


# =========================================================================== news index, archives, units, tags


def test_news_index_is_paginated_with_every_post_once_newest_first(many_site) -> None:
    result, posts = many_site
    assert len(posts) == 45
    pages = ["tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/trang/3/"]
    per_page = [listed_posts(result, url) for url in pages]
    assert [len(items) for items in per_page] == [20, 20, 5]
    assert not exists(result.out, "tin-tuc/trang/4/")
    everything = [item for items in per_page for item in items]
    assert [i.url for i in everything] == newest_urls(posts)  # each post once, in order across pages
    assert_newest_first(everything, "tin-tuc/ (all pages)")
    for item in everything:
        assert exists(result.out, item.url)
    # The pages link to each other.
    for url, neighbours in zip(pages, (["tin-tuc/trang/2/"], ["tin-tuc/", "tin-tuc/trang/3/"], ["tin-tuc/trang/2/"]), strict=True):
        targets = {rel for rel, _ in links(content_of(parse(result, url)), url)}
        for other in neighbours:
            assert other in targets, f"{url} does not link to {other}"


def test_month_archive_lists_that_month_and_year_archive_links_the_months(many_site) -> None:
    result, posts = many_site
    march = [p for p in posts if (p.when.year, p.when.month) == (2022, 3)]
    assert len(march) == 4
    items = listed_posts(result, "tin-tuc/2022/03/")
    assert [i.url for i in items] == newest_urls(march)
    months = {f"tin-tuc/2022/{p.when.month:02d}/" for p in posts}
    year_links = {rel for rel, _ in links(content_of(parse(result, "tin-tuc/2022/")), "tin-tuc/2022/")}
    assert {rel for rel in year_links if re.fullmatch(r"tin-tuc/2022/\d{2}/", rel)} == months
    for month in months:
        assert exists(result.out, month)


def test_unit_and_tag_pages_list_exactly_their_posts(bundled_site: BuildResult) -> None:
    for unit in {p.unit for p in PUBLISHED}:
        url = f"don-vi/{slug(unit)}/"
        assert unit in text_of(content_of(parse(bundled_site, url)))
        items = listed_posts(bundled_site, url)
        assert [i.url for i in items] == newest_urls([p for p in PUBLISHED if p.unit == unit]), url
    for tag in {t for p in PUBLISHED for t in p.tags}:
        url = f"chu-de/{slug(tag)}/"
        assert tag in text_of(content_of(parse(bundled_site, url)))
        items = listed_posts(bundled_site, url)
        assert [i.url for i in items] == newest_urls([p for p in PUBLISHED if tag in p.tags]), url


def test_new_unit_and_tag_get_their_pages_without_config_change(many_site) -> None:
    result, posts = many_site
    for url, members in (
        ("don-vi/phong-gddt-huyen-an-thi/", [p for p in posts if p.unit == "Phòng GDĐT huyện Ân Thi"]),
        ("chu-de/thi-diem-moi/", [p for p in posts if "thí điểm mới" in p.tags]),
    ):
        assert members
        assert [i.url for i in listed_posts(result, url)] == newest_urls(members)
    assert "Phòng GDĐT huyện Ân Thi" in text_of(content_of(parse(result, "don-vi/phong-gddt-huyen-an-thi/")))
    assert "thí điểm mới" in text_of(content_of(parse(result, "chu-de/thi-diem-moi/")))
    # The index pages of units and tags link to them.
    assert "don-vi/phong-gddt-huyen-an-thi/" in {rel for rel, _ in links(content_of(parse(result, "don-vi/")), "don-vi/")}
    assert "chu-de/thi-diem-moi/" in {rel for rel, _ in links(content_of(parse(result, "chu-de/")), "chu-de/")}


def test_home_page_lists_latest_posts_and_links_plan_and_all_tasks(bundled_site: BuildResult) -> None:
    items = listed_posts(bundled_site, "")
    assert [i.url for i in items] == newest_urls(PUBLISHED)[:10]
    targets = {rel for rel, _ in links(content_of(parse(bundled_site, "")), "")}
    assert "ke-hoach/2022/" in targets
    for task_id in range(1, 15):
        assert f"ke-hoach/2022/nhiem-vu/{task_id}/" in targets, f"home does not link task {task_id}"
    assert "tin-tuc/" in targets


def test_sidebar_does_not_grow_with_the_number_of_posts(many_site, few_site) -> None:
    many, _ = many_site
    few, _ = few_site
    url = f"tin-tuc/2022/01/{slug('Tin thử nghiệm số 00')}/"
    for page in (url, "tin-tuc/", "ke-hoach/2022/nhiem-vu/1/"):
        count_few = len(parse(few, page).xpath('//*[contains(@class, "md-nav__link")]'))
        count_many = len(parse(many, page).xpath('//*[contains(@class, "md-nav__link")]'))
        assert count_few > 0
        assert count_many == count_few, f"{page}: {count_few} nav links with 5 posts, {count_many} with 45"
    nav_targets = {resolve(url, a.get("href")) for a in parse(many, url).xpath('//nav//a[contains(@class, "md-nav__link")]')}
    assert not any(t and POST_URL.match(t.split("#")[0]) for t in nav_targets), "the sidebar lists posts"


# =========================================================================== dates, plans, images


def test_post_month_comes_from_the_local_date(project: SiteProject) -> None:
    project.write_post("a.md", {"title": "Sau nửa đêm", "date": "2022-07-01 00:30", "task": 1, "unit": "Văn phòng"})
    project.write_post("b.md", {"title": "Giờ quốc tế", "date": "2022-06-30T23:30:00+00:00", "task": 1, "unit": "Văn phòng"})
    project.write_post("c.md", {"title": "Cuối tháng sáu", "date": "2022-06-30 23:59", "task": 1, "unit": "Văn phòng"})
    result = built(project.build())
    july = [i.url for i in listed_posts(result, "tin-tuc/2022/07/")]
    june = [i.url for i in listed_posts(result, "tin-tuc/2022/06/")]
    assert july == ["tin-tuc/2022/07/gio-quoc-te/", "tin-tuc/2022/07/sau-nua-dem/"]
    assert june == ["tin-tuc/2022/06/cuoi-thang-sau/"]
    moment = content_of(parse(result, "tin-tuc/2022/07/gio-quoc-te/")).xpath(".//time/@datetime")[0]
    assert datetime.fromisoformat(moment) == datetime(2022, 7, 1, 6, 30, tzinfo=LOCAL)
    assert moment.endswith("+07:00")
    # Only posts marked `sample: true` carry the sample notice.
    assert "Bài viết mẫu" not in text_of(content_of(parse(result, "tin-tuc/2022/07/sau-nua-dem/")))


def test_posts_attach_to_the_plan_of_their_year_or_the_one_named(project: SiteProject) -> None:
    plan = (REPO / "plan" / "2022.md").read_text(encoding="utf-8")
    plan = plan.replace("year: 2022\n", "year: 2023\n", 1).replace('number: "07/KH-SGDĐT"', 'number: "09/KH-SGDĐT"', 1)
    project.write("plan/2023.md", plan)
    project.write_post("2023/a.md", {"title": "Tổng kết kế hoạch cũ", "date": "2023-01-10 14:00", "plan": 2022,
                                     "task": 7, "unit": "Văn phòng"})
    project.write_post("2023/b.md", {"title": "Tin theo kế hoạch mới", "date": "2023-03-01 08:00", "task": 7,
                                     "unit": "Văn phòng"})
    result = built(project.build())
    old, new = "tin-tuc/2023/01/tong-ket-ke-hoach-cu/", "tin-tuc/2023/03/tin-theo-ke-hoach-moi/"
    assert [i.url for i in listed_posts(result, "ke-hoach/2022/nhiem-vu/7/")] == [old]
    assert [i.url for i in listed_posts(result, "ke-hoach/2023/nhiem-vu/7/")] == [new]
    assert set(task_cards(result, old)) == {"ke-hoach/2022/nhiem-vu/7/"}
    assert set(task_cards(result, new)) == {"ke-hoach/2023/nhiem-vu/7/"}
    assert "09/KH-SGDĐT" in text_of(content_of(parse(result, "ke-hoach/2023/")))
    plans = {rel for rel, _ in links(content_of(parse(result, "ke-hoach/")), "ke-hoach/")}
    assert {"ke-hoach/2022/", "ke-hoach/2023/"} <= plans


def test_post_image_is_published_beside_the_post_page_as_its_widths(project: SiteProject) -> None:
    """Re-encoded (src/cchc/render/images.py, tests/build/test_photos.py): the 1×1 cover is published at its
    own width, under its own name (and as WebP, smaller), and the file as uploaded is not."""
    project.write("content/posts/2022/03/anh.png", png_bytes())
    project.write_post("2022/03/co-anh.md", {"title": "Tin có ảnh", "date": "2022-03-15 08:30", "task": 2,
                                              "unit": "Văn phòng", "image": "anh.png"})
    result = built(project.build())
    folder = result.out / "tin-tuc/2022/03/tin-co-anh"
    assert sorted(path.name for path in folder.iterdir()) == ["anh-1w.png", "anh-1w.png.webp", "index.html"]
    assert Image.open(folder / "anh-1w.png").size == (1, 1)


# =========================================================================== links, sub-path, build from the repository


def test_sub_path_site_has_no_escaping_or_broken_links(project: SiteProject) -> None:
    shutil.copytree(REPO / "content" / "posts", project.root / "content" / "posts", dirs_exist_ok=True)
    project.write("content/posts/2022/03/anh.png", png_bytes())
    project.write_post("2022/03/co-anh.md", {"title": "Tin có ảnh", "date": "2022-03-15 08:30", "task": [2, 3],
                                              "unit": "Phòng GDĐT huyện Ân Thi", "image": "anh.png"},
                       body="Nội dung.\n\n![Ảnh](anh.png)\n")
    project.set_config(site_url="https://example.gov.vn/cchc/")
    result = built(project.build())
    # What staff wrote, and the portals the webmaster configured (the project INHERITs the repository's mkdocs.yml).
    authored = " ".join(p.read_text(encoding="utf-8") for p in [*project.root.rglob("*.md"), REPO / "mkdocs.yml"])
    assert len(list(html_pages(result.out))) > 100
    problems, checked = link_problems(result.out, SITE_URL, authored)
    assert not problems, "\n".join(problems[:40])
    assert checked > 2000  # the checker really walked the links of every page
    # The sitemap lists only real pages under the sub-path.
    sitemap = lxml.etree.fromstring((result.out / "sitemap.xml").read_bytes())
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs
    for loc in locs:
        assert loc.startswith(SITE_URL), loc
        assert exists(result.out, loc[len(SITE_URL):]), loc


def test_build_from_repository_root_with_a_child_config(project: SiteProject, tmp_path: Path) -> None:
    project.write_post("2022/mot.md", {"title": "Tin của cấu hình con", "date": "2022-05-05 09:00", "task": 3,
                                       "unit": "Văn phòng"})
    project.set_config(site_url="https://sgddt.example.vn/tin-cchc/")
    out = tmp_path / "public" / "cchc"
    result = run_mkdocs(["build", "--strict", "-f", str(project.config), "-d", str(out)], now=FIXED_NOW, out=out, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and (out / "feed.xml").is_file()
    # Content comes from the child config's folder, not from the working directory.
    assert [i.url for i in listed_posts(result, "tin-tuc/")] == ["tin-tuc/2022/05/tin-cua-cau-hinh-con/"]
    assert not exists(out, PUBLISHED[0].url)
    # The child's site_url wins over the parent's.
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<link>https://sgddt.example.vn/tin-cchc/tin-tuc/2022/05/tin-cua-cau-hinh-con/</link>" in feed
    assert "example.gov.vn" not in feed


def test_every_page_is_vietnamese_and_advertises_the_feeds(bundled_site: BuildResult) -> None:
    pages = list(html_pages(bundled_site.out))
    assert len(pages) > 80
    for page_url, path in pages:
        doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        assert doc.get("lang") == "vi", f"{page_url}: <html lang={doc.get('lang')!r}>"
        feeds = {resolve(page_url, link.get("href"))
                 for link in doc.xpath('//head/link[@rel="alternate"][@type="application/rss+xml"]')}
        assert "feed.xml" in feeds, f"{page_url}: no autodiscovery link to feed.xml ({feeds})"
        if TASK_URL.match(page_url):
            own = f"{page_url}feed.xml"
            assert own in feeds, f"{page_url}: no autodiscovery link to its task feed"
            assert (bundled_site.out / own).is_file()


def test_html_escapes_titles_units_tags_and_summaries(project: SiteProject) -> None:
    title = 'Quy chế <b>mới</b> & "cũ"'
    unit = "Giáo dục & Đào tạo"
    tag = "a & b <c>"
    summary = "Tóm tắt <script>alert(1)</script> & hết"
    project.write_post("2022/x.md", {"title": title, "date": "2022-03-15 08:30", "task": 2, "unit": unit,
                                     "tags": [tag], "summary": summary, "slug": "quy-che"})
    result = built(project.build())
    url = "tin-tuc/2022/03/quy-che/"
    content = content_of(parse(result, url))
    h1 = [h for h in content.iter("h1") if "Quy chế" in text_of(h)]
    assert h1 and h1[0].text_content() == title, f"title shown as {h1[0].text_content() if h1 else None!r}"
    found = links(content, url)
    assert [text_of(a) for rel, a in found if rel == f"don-vi/{slug(unit)}/"] == [unit]
    assert [a.text_content() for rel, a in found if rel == f"chu-de/{slug(tag)}/"] == [tag]
    listing = listed_posts(result, "tin-tuc/")
    assert len(listing) == 1
    assert title in listing[0].item.text_content()
    assert summary in listing[0].item.text_content()
    assert not parse(result, "tin-tuc/").xpath('//script[contains(., "alert(1)")]'), "summary injected a <script>"
