"""Pages for citizens: the list of TTHC explainers, the feedback page and the sitemap tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from cchc import urls
from cchc.content.settings import Portals
from cchc.model import Post, newest_update
from cchc.outputs.pages import FEEDBACK_TAB, PROCEDURES_TAB, Context, PageSpec
from cchc.site.linking import Site
from cchc.text import sort_key


@dataclass(frozen=True)
class Node:
    """One entry of the human-readable sitemap."""

    title: str
    url: str
    children: tuple[Node, ...] = ()


@dataclass(frozen=True, kw_only=True, eq=False)
class ProceduresContext(Context):
    fields: tuple[tuple[str, tuple[Post, ...]], ...]  # (field, its explainers), both in Vietnamese order
    portals: tuple[tuple[str, str], ...] = ()  # (name, address) of each portal set (extra.cchc.portals), national first


@dataclass(frozen=True, kw_only=True, eq=False)
class SitemapContext(Context):
    tree: tuple[Node, ...]


NO_PORTALS_SET = Portals()  # only the national portal (its default)


def explainer_pages(site: Site, portals: Portals = NO_PORTALS_SET) -> Iterator[PageSpec]:
    """`thu-tuc-hanh-chinh/`: explainers grouped by field (lĩnh vực), both in Vietnamese order, and the portals."""
    explainers = [post for post in site.posts if post.procedure is not None]
    by_field: dict[str, list[Post]] = defaultdict(list)
    for post in explainers:
        assert post.procedure is not None
        by_field[post.procedure.field].append(post)
    fields = tuple(
        (field, tuple(sorted(posts, key=lambda p: (sort_key(p.procedure.name if p.procedure else ""), p.url))))
        for field, posts in sorted(by_field.items(), key=lambda item: sort_key(item[0]))
    )
    # Both searched with the fixed date of undated pages (pages.UNDATED).
    yield PageSpec(
        urls.source(urls.PROCEDURES), "procedures.html", "Hướng dẫn thủ tục hành chính",
        ProceduresContext(section=PROCEDURES_TAB.url, fields=fields, portals=portals.named), updated=newest_update(explainers),
    ).searched_at()
    yield PageSpec(urls.source(urls.FEEDBACK), "gop-y.html", "Góp ý, phản ánh về thủ tục hành chính",
                   Context(section=FEEDBACK_TAB.url),
                   updated=site.newest).searched_at()
    # nginx's error_page for the feedback service (deploy/nginx/cchc.conf): works when the service does not.
    yield PageSpec(urls.source(urls.SERVICE_DOWN), "gop-y-tam-ngung.html", "Chưa gửi được góp ý",
                   Context(section=FEEDBACK_TAB.url))
    # The status of a receipt code; nginx's try_files shows it at hoi-dap/<mã>/ until the answer is there.
    yield PageSpec(urls.source(urls.ANSWER_LOOKUP), "tra-cuu.html", "Tra cứu theo mã tiếp nhận",
                   Context(section=FEEDBACK_TAB.url))
    # The page shell the feedback service fills for browsers without script (cchc.gopy.pages).
    yield PageSpec(urls.source(urls.SERVICE_SHELL), "khung-dich-vu.html", "Biên nhận góp ý",
                   Context(section=FEEDBACK_TAB.url))


def sitemap_tree(site: Site) -> tuple[Node, ...]:
    """Every kind of page down to month archives, plans' tasks, units and tags (not each post:
    they are one click below their month, and the tree stays readable with thousands of posts)."""
    years: dict[int, list[Node]] = defaultdict(list)
    for month in site.months:
        years[month.year].append(Node(f"Tháng {month.month}/{month.year} ({len(month.posts)} tin bài)", month.url))
    plans = tuple(
        Node(f"Kế hoạch {plan.number}", plan.url, (
            *(Node(f"Nhiệm vụ {task.id}: {task.name}", task.url) for task in plan.tasks),
            Node("Báo cáo thực hiện kế hoạch", urls.report(plan.year)),
        ))
        for plan in site.plans
    )
    return (
        Node("Trang chủ", urls.HOME),
        Node("Tin tức", urls.NEWS, tuple(Node(f"Năm {year}", urls.year(year), tuple(months)) for year, months in years.items())),
        Node("Kế hoạch tuyên truyền", urls.PLANS, plans),
        Node("Hướng dẫn thủ tục hành chính", urls.PROCEDURES),
        Node("Đơn vị", urls.UNITS, tuple(Node(unit.name, unit.url) for unit in site.units)),
        Node("Chủ đề", urls.TAGS, tuple(Node(tag.name, tag.url) for tag in site.tags)),
        Node("Tìm kiếm", urls.SEARCH),
        Node("Góp ý, phản ánh", urls.FEEDBACK),
        Node("Hỏi đáp", urls.ANSWERS),
        Node("Theo dõi tin mới qua RSS", urls.FEEDS_PAGE),
    )


def sitemap_page(site: Site) -> PageSpec:
    return PageSpec(urls.source(urls.SITEMAP_PAGE), "sitemap-tree.html", "Sơ đồ trang",
                    SitemapContext(tree=sitemap_tree(site)), updated=site.newest)
