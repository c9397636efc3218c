"""One build's data, from files to the page and feed model: load → validate → link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .agency import Agency
from .explainers import explainer_pages, sitemap_page
from .feeds import FeedSpec, feed_specs
from .frontmatter import shown_path
from .letterhead import ReportSettings, UnitDetails, load_unit_details
from .link import Site, build_site, find_duplicate_urls
from .metadata import describer
from .model import Plan, Post
from .plans import load_plans
from .posts import load_posts
from .problems import ContentError, Problem
from .report import build_reports, report_files, report_pages
from .reportdoc import report_documents
from .search import search_page
from .views import PageSpec, all_pages


@dataclass(frozen=True)
class Settings:
    root: Path  # paths in messages are relative to it
    plan_dir: Path
    posts_dir: Path
    docs_dir: Path
    site_name: str
    page_size: int = 20
    feed_items: int = 50
    home_latest: int = 10
    site_url: str = ""
    agency: Agency | None = None  # None: pages carry no publisher metadata (content checks need none)
    report: ReportSettings = ReportSettings()  # the Sở as issuer of the Word reports; where the units file is

    @property
    def units_file(self) -> Path:
        return self.root / self.report.units_file


@dataclass(frozen=True)
class Build:
    site: Site
    pages: list[PageSpec]
    feeds: list[FeedSpec]
    files: dict[str, bytes] = field(default_factory=dict)  # other outputs (e.g. CSV), by site path


def gather_content(settings: Settings) -> tuple[dict[int, Plan], list[Post], list[Problem]]:
    """Every plan and post that is valid, and the problems of all the others (`cchc check` shows both)."""
    if not settings.plan_dir.is_dir():
        return {}, [], [Problem(str(settings.plan_dir), 1, "không có thư mục kế hoạch")]
    plans, problems = load_plans(settings.root, settings.plan_dir)
    posts, found = load_posts(settings.root, settings.posts_dir, plans) if settings.posts_dir.is_dir() else ([], [])
    problems += found
    problems += find_duplicate_urls(posts)
    problems += load_units(settings)[1]
    return plans.plans, posts, problems


def load_units(settings: Settings) -> tuple[dict[str, UnitDetails], list[Problem]]:
    """The units file (header details of the units' own reports), by unit slug; no file, no details."""
    return load_unit_details(settings.units_file, settings.root)


def load_content(settings: Settings) -> tuple[dict[int, Plan], list[Post]]:
    """Every plan and post, validated and cross-checked; raises ContentError with all problems."""
    plans, posts, problems = gather_content(settings)
    if problems:
        raise ContentError(problems)
    return plans, posts


def plan_build(settings: Settings, *, now: datetime, preview: bool) -> Build:
    """Everything the site is made of. The preview leaves out the Word reports: they take a build
    (`mkdocs build`), not every save."""
    plans, posts = load_content(settings)
    site = build_site(plans, posts, now=now, preview=preview)
    reports = build_reports(site)
    files = report_files(reports)
    if not preview:
        files |= report_documents(reports, settings=settings.report, site_url=settings.site_url, now=now)
    build = Build(
        site=site,
        pages=[
            *all_pages(site, page_size=settings.page_size, describe=describer(
                site, site_url=settings.site_url, site_name=settings.site_name, agency=settings.agency)),
            *report_pages(reports, documents=not preview), *explainer_pages(site), sitemap_page(site), search_page(site.posts),
        ],
        feeds=feed_specs(site, site_name=settings.site_name, limit=settings.feed_items),
        files=files,
    )
    if problems := find_clashes(build, settings):
        raise ContentError(problems)
    return build


def _docs_url(relative: Path) -> str:
    """The directory URL MkDocs gives a Markdown file of docs/."""
    if relative.name in ("index.md", "README.md"):
        parent = relative.parent.as_posix()
        return "" if parent == "." else f"{parent}/"
    return f"{relative.with_suffix('').as_posix()}/"


def find_clashes(build: Build, settings: Settings) -> list[Problem]:
    """A file in docs/ that would be silently replaced by a generated page or feed."""
    generated = {spec.url for spec in build.pages} | {feed.path for feed in build.feeds} | set(build.files)
    problems = []
    for path in sorted(settings.docs_dir.rglob("*")):
        relative = path.relative_to(settings.docs_dir)
        url = _docs_url(relative) if path.suffix == ".md" else relative.as_posix()
        if path.is_file() and url in generated:
            problems.append(Problem(shown_path(path, settings.root), 1, f"trùng địa chỉ với trang do hệ thống tạo ra (tìm thấy: {url})"))
    return problems
