"""Warnings: content that is legal (the site builds) but likely wrong.

Each warning is a `Problem` of severity "warning", printed as `path:line: cảnh báo: …`. Warnings
never fail the build: `mkdocs build` and `serve` show them, `cchc check` lists them next to the
errors. Everything here works on the loaded model: no file is read again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from cchc.cache.memo import Made
from cchc.dates import LOCAL_TZ
from cchc.model import Plan, Post
from cchc.problems import Problem, warning
from cchc.site.timeframe import describe_months, task_months
from cchc.text import normalize, slugify, sort_key

# Longer than this, a summary is a paragraph: the portal and feed readers cut it.
SUMMARY_MAX_CHARS = 300

@dataclass(frozen=True)
class KnownUnit:
    """A unit as it should be written, and why: the spelling of the plan, or the one most posts use."""

    name: str
    posts: int
    in_plan: bool

    @property
    def source(self) -> str:
        return "tên trong kế hoạch" if self.in_plan else f"dùng trong {self.posts} bài"


def known_units(plans: Mapping[int, Plan], posts: Iterable[Post]) -> dict[str, KnownUnit]:
    """The preferred spelling of each unit, keyed by its slug (the key the site groups units by).

    A lead unit of a plan's appendix is written as the plan writes it; any other unit
    as most posts write it (ties: dictionary order).
    """
    used: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        used[slugify(post.unit)][post.unit] += 1
    leads: dict[str, str] = {}
    for year in sorted(plans, reverse=True):  # the newest plan's spelling wins
        for task in plans[year].tasks:
            if task.lead and (slug := slugify(task.lead)):
                leads.setdefault(slug, normalize(task.lead).strip())
    known: dict[str, KnownUnit] = {}
    for slug in sorted(set(used) | set(leads)):
        counts = used.get(slug, Counter())
        if slug in leads:
            known[slug] = KnownUnit(leads[slug], counts[leads[slug]], True)
        else:
            name = min(counts, key=lambda n: (-counts[n], sort_key(n)))
            known[slug] = KnownUnit(name, counts[name], False)
    return known


def _unit_warnings(posts: list[Post], known: dict[str, KnownUnit]) -> Iterable[Problem]:
    for post in posts:
        unit = known.get(slugify(post.unit))
        if unit is not None and unit.name != post.unit:
            yield warning(post.path, post.lines["unit"], (
                f"đơn vị {post.unit!r} chỉ khác {unit.name!r} ({unit.source}) ở chữ hoa/thường hoặc dấu; "
                f"trang web gộp chung làm một đơn vị, hãy viết đúng {unit.name!r}"
            ))


def _timeframe_warnings(post: Post, plans: Mapping[int, Plan]) -> Iterable[Problem]:
    plan = plans.get(post.plan_year)
    if plan is None:
        return
    local = post.date.astimezone(LOCAL_TZ)
    for task_id in post.task_ids:
        task = plan.task(task_id)
        months = task_months(task.timeframe, plan.year) if task else None
        if task is None or months is None or (local.year, local.month) in months:
            continue
        yield warning(post.path, post.lines["date"], (
            f"bài đăng ngày {local:%d/%m/%Y} nằm ngoài thời gian thực hiện của nhiệm vụ {task.id} "
            f"({task.timeframe!r}: {describe_months(months)}); kiểm tra lại `date` hoặc `task`"
        ))


def _updated_warning(post: Post) -> Iterable[Problem]:
    if post.updated is not None and post.updated < post.date:
        yield warning(post.path, post.lines["updated"], (
            f"ngày cập nhật `updated` ({post.updated.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M}) sớm hơn ngày đăng `date`; "
            "kiểm tra lại, hoặc bỏ dòng `updated`"
        ))


def _summary_warning(post: Post) -> Iterable[Problem]:
    """Only a written `summary`: without one the feed takes the first paragraph, which is the
    writer's lead as written (a warning on most posts would hide the useful ones)."""
    if "summary" in post.lines and len(post.summary) > SUMMARY_MAX_CHARS:
        yield warning(post.path, post.lines["summary"], (
            f"tóm tắt dài {len(post.summary)} ký tự, quá {SUMMARY_MAX_CHARS} ký tự của RSS; "
            "hãy rút lại còn một hai câu"
        ))


def _image_warnings(post: Post) -> Iterable[Problem]:
    for line in sorted({image.line for image in post.facts.images if not image.alt.strip()}):
        yield warning(post.path, line, (
            "ảnh không có lời mô tả (alt): người dùng trình đọc màn hình không biết ảnh nói gì; "
            "viết mô tả trong ngoặc vuông, ví dụ ![Hội nghị tập huấn tại Sở](anh.jpg)"
        ))


def _placeholder_warnings(post: Post) -> Iterable[Problem]:
    if post.draft:
        return
    for line, sentence in post.unfinished:
        yield warning(post.path, line, (
            "bài không còn là bản nháp nhưng vẫn còn câu mẫu của cchc new "
            f"({sentence!r}); hãy viết nội dung thật hoặc đặt lại `draft: true`"
        ))


def _tags_warning(post: Post) -> Iterable[Problem]:
    """`tags: tập huấn, một cửa` is one tag named "tập huấn, một cửa": likely two were meant (but a tag
    such as "phòng, chống tham nhũng" has a comma of its own, so this is a warning)."""
    if post.tags_text and "," in post.tags_text:
        parts = [part.strip() for part in post.tags_text.split(",") if part.strip()]
        shown = ", ".join(f'"{part}"' for part in parts)
        yield warning(post.path, post.lines["tags"], (
            f"`tags` là một chuỗi nên thành một chủ đề {post.tags_text!r}; nếu là {len(parts)} chủ đề, "
            f"hãy viết dạng danh sách: tags: [{shown}]"
        ))


def find_warnings(plans: Mapping[int, Plan], posts: Iterable[Post], made: Made | None = None) -> list[Problem]:
    """Every warning of the given posts, sorted by file and line. `made`: the preview's, where a post's own
    warnings are kept while it and the plans are the same objects."""
    posts = list(posts)
    warnings: list[Problem] = list(_unit_warnings(posts, known_units(plans, posts)))
    for post in posts:
        make = partial(_post_warnings, post, plans)
        warnings += make() if made is None else made.get(("warnings", post.path), (post, plans), make)
    return sorted(set(warnings))


def _post_warnings(post: Post, plans: Mapping[int, Plan]) -> tuple[Problem, ...]:
    return (*_timeframe_warnings(post, plans), *_summary_warning(post), *_updated_warning(post), *_image_warnings(post),
            *_placeholder_warnings(post), *_tags_warning(post))
