"""Link posts to their plan tasks and build the indexes every page is made from.

Pure data: the site model is computed once per build, so each list is O(N log N)
overall and no page rescans all posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from types import MappingProxyType

from cchc import urls
from cchc.model import Plan, Post, Task, newest_update
from cchc.problems import Problem
from cchc.text import slugify, sort_key


def find_duplicate_urls(posts: Iterable[Post]) -> list[Problem]:
    """Two posts on one URL: the later file (by path) is reported, naming the first."""
    problems: list[Problem] = []
    first_at_url: dict[str, Post] = {}
    for post in sorted(posts, key=lambda p: p.path):
        other = first_at_url.setdefault(post.url, post)
        if other is not post:
            line = post.lines.get("slug", post.lines["title"])
            where = f"{other.path}:{other.lines.get('slug', other.lines['title'])}"
            problems.append(Problem(post.path, line, f"trùng địa chỉ {post.url} với {where}; hãy đặt `slug` khác"))
    return problems


@dataclass(frozen=True)
class Group:
    """The posts of one unit or one tag; `name` is the spelling used most."""

    slug: str
    name: str
    posts: tuple[Post, ...]
    url: str


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    posts: tuple[Post, ...]

    @property
    def url(self) -> str:
        return urls.month(self.year, self.month)


@dataclass(frozen=True, eq=False)
class Site:
    """The linked model of one build; immutable, its lookup tables made once by `build_site`."""

    plans: tuple[Plan, ...]
    posts: tuple[Post, ...]
    by_task: Mapping[tuple[int, int], tuple[Post, ...]]
    units: tuple[Group, ...]
    tags: tuple[Group, ...]
    months: tuple[Month, ...]
    now: datetime
    preview: bool
    _plan_of: Mapping[int, Plan]
    _unit_of: Mapping[str, Group]
    _tag_of: Mapping[str, Group]
    _tasks_of: Mapping[str, tuple[Task, ...]]  # by post URL
    _task_position: Mapping[tuple[int, int, str], int]
    _tag_position: Mapping[tuple[str, str], int]  # (tag slug, post URL) → index in the tag's posts

    def plan(self, year: int) -> Plan:
        return self._plan_of[year]

    def tasks_of(self, post: Post) -> tuple[Task, ...]:
        return self._tasks_of[post.url]

    def posts_of(self, task: Task) -> tuple[Post, ...]:
        return self.by_task.get((task.year, task.id), ())

    def unit_of(self, post: Post) -> Group:
        return self._unit_of[slugify(post.unit)]

    def tags_of(self, post: Post) -> tuple[Group, ...]:
        return tuple(group for _, group in self.tag_links(post))

    def tag_links(self, post: Post) -> tuple[tuple[str, Group], ...]:
        """(the post's spelling, its group) of each tag; two spellings of one tag count once."""
        pairs: dict[str, tuple[str, Group]] = {}
        for tag in post.tags:
            pairs.setdefault(slugify(tag), (tag, self._tag_of[slugify(tag)]))
        return tuple(pairs.values())

    def neighbours(self, post: Post, task: Task) -> tuple[Post | None, Post | None]:
        """(older, newer) post of the same task."""
        posts = self.posts_of(task)
        i = self._task_position[(task.year, task.id, post.url)]
        older = posts[i + 1] if i + 1 < len(posts) else None
        newer = posts[i - 1] if i > 0 else None
        return older, newer

    def related(self, post: Post, count: int) -> tuple[Post, ...]:
        """Up to `count` other posts a reader of `post` may want next: the nearest in time among the posts
        of its tasks first, then of its tags (newer before older at each distance). Each list is reached
        through its position index, so the cost does not grow with the site."""
        lists = [(self.posts_of(task), self._task_position[(task.year, task.id, post.url)]) for task in self.tasks_of(post)]
        lists += [(group.posts, self._tag_position[(group.slug, post.url)]) for group in self.tags_of(post)]
        found: dict[str, Post] = {}
        for posts, at in lists:
            for distance in range(1, count + 1):
                for i in (at - distance, at + distance):
                    if 0 <= i < len(posts) and posts[i].url != post.url and len(found) < count:
                        found.setdefault(posts[i].url, posts[i])
            if len(found) >= count:
                break
        return tuple(found.values())

    def is_pending(self, post: Post) -> bool:
        """A draft or scheduled post, present only in the preview."""
        return not post.is_published(self.now)

    @cached_property
    def newest(self) -> datetime | None:
        """When the site's posts last changed (newest_update of them all): a date of many pages, found once."""
        return newest_update(self.posts)


def _groups(posts: tuple[Post, ...], names_of: Callable[[Post], Iterable[str]], url_of: Callable[[str], str]) -> tuple[Group, ...]:
    members: dict[str, list[Post]] = defaultdict(list)
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for post in posts:
        slugs = set()
        for name in names_of(post):
            slug = slugify(name)
            spellings[slug][name] += 1
            if slug not in slugs:  # a post that spells one tag twice is still once in its group
                slugs.add(slug)
                members[slug].append(post)
    groups = []
    for slug, group_posts in members.items():
        name = min(spellings[slug], key=lambda n: (-spellings[slug][n], sort_key(n)))
        groups.append(Group(slug, name, tuple(group_posts), url_of(slug)))
    return tuple(sorted(groups, key=lambda g: (sort_key(g.name), g.slug)))


def build_site(plans: dict[int, Plan], posts: Iterable[Post], *, now: datetime, preview: bool) -> Site:
    """Index the posts a reader may see: published ones, plus pending ones in preview."""
    shown = tuple(sorted((p for p in posts if preview or p.is_published(now)), key=Post.sort_key))
    by_task: dict[tuple[int, int], list[Post]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Post]] = defaultdict(list)
    for post in shown:
        for task_id in post.task_ids:
            by_task[(post.plan_year, task_id)].append(post)
        by_month[(post.date.year, post.date.month)].append(post)
    units = _groups(shown, lambda p: (p.unit,), urls.unit)
    tags = _groups(shown, lambda p: p.tags, urls.tag)
    return Site(
        plans=tuple(plans[year] for year in sorted(plans)),
        posts=shown,
        by_task=MappingProxyType({key: tuple(value) for key, value in by_task.items()}),
        units=units,
        tags=tags,
        months=tuple(Month(y, m, tuple(by_month[(y, m)])) for y, m in sorted(by_month, reverse=True)),
        now=now,
        preview=preview,
        _plan_of=MappingProxyType(dict(plans)),
        _tasks_of=MappingProxyType({
            post.url: tuple(task for task_id in post.task_ids if (task := plans[post.plan_year].task(task_id)))
            for post in shown
        }),
        _unit_of=MappingProxyType({g.slug: g for g in units}),
        _tag_of=MappingProxyType({g.slug: g for g in tags}),
        _task_position=MappingProxyType({
            (year, task_id, post.url): i
            for (year, task_id), task_posts in by_task.items()
            for i, post in enumerate(task_posts)
        }),
        _tag_position=MappingProxyType({(group.slug, post.url): i for group in tags for i, post in enumerate(group.posts)}),
    )
