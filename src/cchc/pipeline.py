"""One build's data, from files to the page and feed model: load → validate → link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import urls
from .answer_pages import AnswerIndex, answer_pages, index_answers, render_answers_feed
from .answers import Answer, load_answers
from .checks import find_warnings
from .explainers import explainer_pages, sitemap_page
from .feedback_counts import COUNTS_FILE, FeedbackCounts, read_feedback_counts
from .feeds import FeedSpec, feed_specs, mark_staging
from .frontmatter import shown_path
from .link import Site, build_site, find_duplicate_urls
from .markdown_render import PostRenderer
from .memo import FileMemo, StatKey, stat_key
from .metadata import describer
from .model import Plan, Post
from .plans import PlanIndex, load_plans
from .posts import PostMemo, load_posts
from .problems import ContentError, Problem
from .report import build_reports, report_files, report_pages
from .search import search_page
from .settings import Settings
from .views import PageSpec, all_pages


@dataclass(frozen=True)
class Build:
    site: Site
    pages: list[PageSpec]
    feeds: list[FeedSpec]
    files: dict[str, bytes] = field(default_factory=dict)  # other outputs (e.g. CSV), by site path
    warnings: list[Problem] = field(default_factory=list)
    answers: AnswerIndex = field(default_factory=AnswerIndex)


@dataclass(frozen=True)
class Content:
    """Every plan and post that is valid, and the problems (errors and warnings) of all files."""

    plans: dict[int, Plan]
    posts: list[Post]
    problems: list[Problem]
    answers: list[Answer] = field(default_factory=list)  # content/hoi-dap/<mã>.md
    feedback: FeedbackCounts | None = None  # content/hoi-dap/so-lieu.yml, for the report

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_warning]


@dataclass
class ContentMemo:
    """What the last load read, for the next one (the preview): plans while no plan file changed,
    posts by file, and the Markdown renderer."""

    settings: Settings
    renderer: PostRenderer
    plan_keys: tuple[tuple[Path, StatKey | None], ...] = ()
    plans: tuple[PlanIndex, list[Problem]] | None = None
    posts: PostMemo = field(default_factory=FileMemo)

    @classmethod
    def of(cls, settings: Settings) -> ContentMemo:
        return cls(settings, PostRenderer(settings.markdown_extensions, settings.mdx_configs, cache_root=settings.root))


def _plans(settings: Settings, memo: ContentMemo | None) -> tuple[PlanIndex, list[Problem]]:
    if memo is None:
        return load_plans(settings.root, settings.plan_dir)
    keys = tuple((path, stat_key(path)) for path in sorted(settings.plan_dir.glob("*.md")))
    if memo.plans is None or keys != memo.plan_keys:
        memo.plans, memo.plan_keys = load_plans(settings.root, settings.plan_dir), keys
    index, problems = memo.plans
    return index, list(problems)


def gather_content(settings: Settings, memo: ContentMemo | None = None) -> Content:
    """Read and check everything; `cchc check` shows all of it, the build stops on any error.
    With a memo (the preview), only the files changed since the last call are read."""
    if not settings.plan_dir.is_dir():
        return Content({}, [], [Problem(shown_path(settings.plan_dir, settings.root), 1, "không có thư mục kế hoạch")])
    plans, problems = _plans(settings, memo)
    posts: list[Post] = []
    if settings.posts_dir.is_dir():
        renderer = memo.renderer if memo else PostRenderer(settings.markdown_extensions, settings.mdx_configs, cache_root=settings.root)
        posts, found = load_posts(settings.root, settings.posts_dir, plans, renderer, memo.posts if memo else None)
        problems += found
    problems += find_duplicate_urls(posts)
    problems += find_warnings(plans.plans, posts)
    answers, found = load_answers(settings.root, settings.answers_dir, plans)
    feedback, counted = read_feedback_counts(settings.answers_dir / COUNTS_FILE, settings.root)
    return Content(plans.plans, posts, problems + found + counted, answers, feedback)


def load_content(settings: Settings, memo: ContentMemo | None = None) -> Content:
    """Every plan and post, validated and cross-checked; raises ContentError with all errors."""
    content = gather_content(settings, memo)
    if content.errors:
        raise ContentError(content.errors)
    return content


def plan_build(settings: Settings, *, now: datetime, preview: bool, memo: ContentMemo | None = None) -> Build:
    content = load_content(settings, memo)
    site = build_site(content.plans, content.posts, now=now, preview=preview)
    answers = index_answers(content.answers, now=now, preview=preview)
    reports = build_reports(site)
    describe = describer(site, site_url=settings.site_url, site_name=settings.site_name, agency=settings.agency)
    answer_singles, answer_list = answer_pages(answers, site)
    warnings = [problem for problem in content.problems if problem.is_warning]
    notices: dict[str, tuple[str, ...]] = {}
    if preview:  # staff see a post's warnings on its preview page
        for problem in sorted(warnings):
            notices[problem.path] = (*notices.get(problem.path, ()), f"dòng {problem.line}: {problem.message}")
    build = Build(
        site=site,
        pages=[
            *all_pages(site, page_size=settings.options.page_size, describe=describe, notices=notices,
                       searched=answer_singles, answers_of=answers.of_task),
            answer_list, *report_pages(site, reports, content.feedback), *explainer_pages(site), sitemap_page(site),
            search_page(site),
        ],
        feeds=feed_specs(site, site_name=settings.site_name, limit=settings.options.feed_items),
        files={**report_files(reports),
               urls.ANSWERS_FEED: _staging_feed(settings, render_answers_feed(answers, site, site_url=settings.site_url,
                                                                              site_name=settings.site_name))},
        warnings=warnings,
        answers=answers,
    )
    if problems := find_clashes(build, settings):
        raise ContentError(problems)
    return build


def _staging_feed(settings: Settings, feed: bytes) -> bytes:
    """A feed as a staging copy publishes it (feeds.mark_staging), or unchanged."""
    return mark_staging(feed) if settings.options.staging else feed


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
