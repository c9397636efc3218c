"""Pages and feed of the published answers: `hoi-dap/` (newest first, then by field and by task),
`hoi-dap/<mã>/` for each, `hoi-dap/feed.xml`. Answers are cross-linked with their task both ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from cchc import urls
from cchc.content.answers import Answer
from cchc.model import Plan, Post, Task
from cchc.outputs.feeds import description_html
from cchc.outputs.pages import FEEDBACK_TAB, Context, PageSpec
from cchc.site.linking import Site
from cchc.text import sort_key

FEED_ITEMS = 50


@dataclass(frozen=True)
class AnswerIndex:
    answers: tuple[Answer, ...] = ()  # the shown ones, newest first
    by_task: Mapping[tuple[int, int], tuple[Answer, ...]] = field(default_factory=dict)

    def of_task(self, task: Task) -> tuple[Answer, ...]:
        return self.by_task.get((task.year, task.id), ())


def index_answers(answers: Iterable[Answer], *, now: datetime, preview: bool) -> AnswerIndex:
    """Published answers (with drafts and scheduled ones in the preview, as for posts)."""
    shown = tuple(sorted((a for a in answers if preview or a.is_published(now)), key=Answer.sort_key))
    by_task: dict[tuple[int, int], list[Answer]] = defaultdict(list)
    for answer in shown:
        by_task[(answer.plan_year, answer.task_id)].append(answer)
    return AnswerIndex(shown, {key: tuple(value) for key, value in by_task.items()})


@dataclass(frozen=True, kw_only=True, eq=False)
class AnswerContext(Context):
    answer: Answer
    plan: Plan
    task: Task
    related: Post | None  # the post the question is about, when it names one
    pending: bool  # a draft or scheduled answer, shown only in the preview


@dataclass(frozen=True, kw_only=True, eq=False)
class AnswersContext(Context):
    answers: tuple[Answer, ...]
    pending: tuple[str, ...]  # the codes of drafts and scheduled answers, shown in the preview only
    fields: tuple[tuple[str, tuple[Answer, ...]], ...]  # by field (lĩnh vực), Vietnamese order
    tasks: tuple[tuple[Task, tuple[Answer, ...]], ...]  # by task, in plan and appendix order


def answer_pages(index: AnswerIndex, site: Site) -> tuple[list[PageSpec], PageSpec]:
    """(one page per answer, newest first; the list page)."""
    posts = {post.url: post for post in site.posts}
    singles = []
    for answer in index.answers:
        plan = site.plan(answer.plan_year)
        task = plan.task(answer.task_id)
        assert task is not None  # checked when the file was read
        context = AnswerContext(section=FEEDBACK_TAB.url, answer=answer, plan=plan, task=task,
                                related=posts.get(answer.page), pending=not answer.is_published(site.now))
        singles.append(PageSpec(answer.src_uri, "answer.html", answer.title, context, body=answer.rendered,
                                updated=answer.answered, searched=answer.answered))
    by_field: dict[str, list[Answer]] = defaultdict(list)
    for answer in index.answers:
        by_field[answer.field or "Lĩnh vực khác"].append(answer)
    tasks = []
    for year, task_id in sorted(index.by_task):
        task = site.plan(year).task(task_id)
        assert task is not None
        tasks.append((task, index.by_task[(year, task_id)]))
    listing_context = AnswersContext(
        section=FEEDBACK_TAB.url, feed=urls.ANSWERS_FEED, answers=index.answers,
        pending=tuple(answer.code for answer in index.answers if not answer.is_published(site.now)),
        fields=tuple((name, tuple(items)) for name, items in sorted(by_field.items(), key=lambda item: sort_key(item[0]))),
        tasks=tuple(tasks),
    )
    # Searched with the fixed date of undated pages (pages.UNDATED): its own words, not each answer's (they are searched on their pages).
    listing = PageSpec(urls.source(urls.ANSWERS), "answers.html", "Hỏi đáp về thủ tục hành chính", listing_context,
                       updated=index.answers[0].answered if index.answers else None).searched_at()
    return singles, listing


def render_answers_feed(index: AnswerIndex, site: Site, *, site_url: str, site_name: str) -> bytes:
    """RSS 2.0 of the newest published answers; byte-stable (dates from the files, never the clock)."""
    base = site_url or "/"
    generator = FeedGenerator()
    generator.title(f"Hỏi đáp – {site_name}")
    generator.link(href=urljoin(base, urls.ANSWERS_FEED), rel="self", type="application/rss+xml")
    generator.link(href=urljoin(base, urls.ANSWERS))
    generator.description(f"Câu trả lời cho câu hỏi, góp ý của người dân, tổ chức gửi tới {site_name}")
    generator.language("vi")
    generator.generator("cchc")
    published = [answer for answer in index.answers if answer.is_published(site.now)][:FEED_ITEMS]
    # Never the clock (feedgen's default): the newest answer, or before the first one the site's newest post.
    newest = published[0].answered if published else site.newest
    if newest is not None:
        generator.lastBuildDate(newest)
    for answer in published:
        link = urljoin(base, answer.url)
        item = generator.add_entry(order="append")
        item.title(f"{answer.title} (mã {answer.code})")
        item.link(href=link)
        item.guid(link, permalink=True)
        item.pubDate(answer.answered)
        item.description(description_html(answer.question))  # a citizen's words: text, never markup
        item.category(term=f"Nhiệm vụ {answer.task_id} (Kế hoạch {answer.plan_year})",
                      scheme=urljoin(base, urls.task(answer.plan_year, answer.task_id)))
    return generator.rss_str(pretty=True)
