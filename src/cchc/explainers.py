"""Pages for citizens: the list of TTHC explainers, the feedback page and the sitemap tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .link import Site
from .model import Post, newest_update
from .text import sort_key
from .views import PageSpec


@dataclass(frozen=True)
class Node:
    """One entry of the human-readable sitemap."""

    title: str
    url: str
    children: tuple[Node, ...] = ()


def explainer_pages(site: Site) -> Iterator[PageSpec]:
    """`thu-tuc-hanh-chinh/`: explainers grouped by field (lĩnh vực), both in Vietnamese order."""
    explainers = [post for post in site.posts if post.procedure is not None]
    by_field: dict[str, list[Post]] = defaultdict(list)
    for post in explainers:
        assert post.procedure is not None
        by_field[post.procedure.field].append(post)
    fields = [
        (field, sorted(posts, key=lambda p: (sort_key(p.procedure.name if p.procedure else ""), p.url)))
        for field, posts in sorted(by_field.items(), key=lambda item: sort_key(item[0]))
    ]
    yield PageSpec(
        "thu-tuc-hanh-chinh/index.md", "procedures.html", "Hướng dẫn thủ tục hành chính",
        {"fields": fields}, updated=newest_update(explainers),
    )
    yield PageSpec("gop-y/index.md", "gop-y.html", "Góp ý, phản ánh về thủ tục hành chính", {}, updated=newest_update(site.posts))
    # nginx's error_page for the feedback service (deploy/nginx/cchc.conf): works when the service does not.
    yield PageSpec("gop-y/tam-ngung/index.md", "gop-y-tam-ngung.html", "Chưa gửi được góp ý", {})


def sitemap_tree(site: Site) -> tuple[Node, ...]:
    """Every kind of page down to month archives, plans' tasks, units and tags (not each post:
    they are one click below their month, and the tree stays readable with thousands of posts)."""
    years: dict[int, list[Node]] = defaultdict(list)
    for month in site.months:
        years[month.year].append(Node(f"Tháng {month.month}/{month.year} ({len(month.posts)} tin bài)", month.url))
    plans = tuple(
        Node(f"Kế hoạch {plan.number}", plan.url, (
            *(Node(f"Nhiệm vụ {task.id}: {task.name}", task.url) for task in plan.tasks),
            Node("Báo cáo thực hiện kế hoạch", f"{plan.url}bao-cao/"),
        ))
        for plan in site.plans
    )
    return (
        Node("Trang chủ", ""),
        Node("Tin tức", "tin-tuc/", tuple(Node(f"Năm {year}", f"tin-tuc/{year}/", tuple(months)) for year, months in years.items())),
        Node("Kế hoạch tuyên truyền", "ke-hoach/", plans),
        Node("Hướng dẫn thủ tục hành chính", "thu-tuc-hanh-chinh/"),
        Node("Đơn vị", "don-vi/", tuple(Node(unit.name, f"don-vi/{unit.slug}/") for unit in site.units)),
        Node("Chủ đề", "chu-de/", tuple(Node(tag.name, f"chu-de/{tag.slug}/") for tag in site.tags)),
        Node("Tìm kiếm", "tim-kiem/"),
        Node("Góp ý, phản ánh", "gop-y/"),
    )


def sitemap_page(site: Site) -> PageSpec:
    return PageSpec("so-do-trang/index.md", "sitemap-tree.html", "Sơ đồ trang", {"tree": sitemap_tree(site)},
                    updated=newest_update(site.posts))
