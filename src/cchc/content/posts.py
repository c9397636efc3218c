"""Load `content/posts/**/*.md`: news posts with the contract's front matter."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path, PurePosixPath

from cchc.cache.memo import FileMemo, StatKey, stat_key
from cchc.content import fields as f
from cchc.content.frontmatter import Document, Field, Reader, read_document, shown_path
from cchc.content.kept_posts import KeptPosts, Loaded
from cchc.content.plans import PlanIndex
from cchc.content.procedure import read_procedure
from cchc.content.sources import MISSING, asset_problem, find_sources
from cchc.content.unfinished import unfinished
from cchc.dates import EARLIEST, LATEST
from cchc.model import BodyFacts, Picture, Post
from cchc.problems import Problem, describe, describe_os_error, warning
from cchc.render.images import ImageProblem, Pictures, is_raster
from cchc.render.markdown import PostRenderer, local_target
from cchc.text import slugify

POST_KEYS = (
    "title", "date", "task", "plan", "unit", "summary", "tags", "slug", "updated", "draft",
    "image", "procedure", "sample",
)
POST_REQUIRED = ("title", "date", "task", "unit")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# One folder name of the site: file systems allow 255 bytes; the longest bundled slug is about 100.
MAX_SLUG = 150
Read = tuple[Document | None, Reader | None, list[Problem]]  # what read_document gives


def load_post(
    path: Path, shown: str, plans: PlanIndex, renderer: PostRenderer, *, content_root: Path, read: Read | None = None,
    pictures: Pictures | None = None,
) -> Loaded:
    """One post; `content_root`: the folder its image and linked files must really be in; `read`: the
    file already read (`read_document`); `pictures`: where its images are encoded (default: in memory)."""
    pictures = pictures or Pictures()
    try:
        return _Started(_loading(path, shown, plans, renderer, content_root=content_root, read=read, pictures=pictures)).loaded()
    finally:
        pictures.stop_ahead()


class _Started:
    """A post whose loading has gone as far as asking for its images (`_loading`)."""

    def __init__(self, steps: Generator[None, None, Loaded]) -> None:
        self._steps = steps
        self._loaded: Loaded | None = None
        self._step()

    def _step(self) -> None:
        try:
            next(self._steps)
        except StopIteration as end:
            self._loaded = end.value

    def loaded(self) -> Loaded:
        if self._loaded is None:
            self._step()
        assert self._loaded is not None
        return self._loaded


def _loading(path: Path, shown: str, plans: PlanIndex, renderer: PostRenderer, *, content_root: Path, read: Read | None,
             pictures: Pictures) -> Generator[None, None, Loaded]:
    """`load_post` in two steps: up to its images, which `pictures` starts making (`Pictures.ahead`), then
    the rest, so that a full build or check loads the next posts while the images are made."""
    document, reader, problems = read if read is not None else read_document(path, shown)
    if document is None or reader is None:
        return None, problems
    fields = document.fields
    reader.check_keys(fields, allowed=POST_KEYS, required=POST_REQUIRED, line=document.line, what="bài viết")
    title = f.text(reader, fields, "title")
    when = f.moment(reader, fields, "date")
    updated = f.moment(reader, fields, "updated")
    task_ids = _task_ids(reader, fields.get("task"))
    plan_year = f.integer(reader, fields, "plan")
    unit = f.text(reader, fields, "unit")
    summary = f.text(reader, fields, "summary")
    tags = f.text_list(reader, fields, "tags")
    _check_names(reader, fields, unit, tags)
    slug = _slug(reader, fields, title)
    draft = f.boolean(reader, fields, "draft")
    sample = f.boolean(reader, fields, "sample")
    image = _image(reader, fields.get("image"), path.parent, content_root)
    procedure = read_procedure(reader, fields["procedure"]) if "procedure" in fields else None
    rendered = renderer.render(document.body, body_line=document.body_line)
    for line, message in rendered.facts.problems:
        reader.report(line, message)
    assets = _assets(reader, rendered.facts, path.parent, content_root)
    targets = _shown(fields, image, assets, rendered.facts)
    for target in targets:
        pictures.ahead(path.parent / target)
    yield
    shown_pictures, notes = _pictures(reader, targets, path.parent, pictures)
    _check_anchors(reader, rendered.facts)
    if plan_year is None:
        plan_year = when[0].year if when else _year_of_bad_date(fields.get("date"))
    if plan_year is not None:
        _check_tasks(reader, plans, plan_year, task_ids, fields)
    warned = [warning(shown, line, message) for line, message in notes]
    if reader.problems or title is None or when is None or unit is None or not task_ids or slug is None:
        return None, reader.problems + warned
    assert plan_year is not None
    moment, has_time = when
    return Post(
        path=shown, source=path, lines={key: field.line for key, field in fields.items()},
        title=title, date=moment, has_time=has_time, task_ids=task_ids,
        plan_year=plan_year,
        unit=unit, summary=summary or rendered.facts.first_paragraph, tags=tags, slug=slug,
        updated=updated[0] if updated else None, draft=draft, sample=sample, image=image,
        image_size=(path.parent / image).stat().st_size if image else None,
        procedure=procedure, unfinished=unfinished(document.body, document.body_line),
        rendered=replace(rendered, html=pictures.published_html(rendered.html, shown_pictures)),
        assets=tuple(sorted(set(assets) | ({image} if image else set()))),
        pictures=shown_pictures,
        originals=_originals(assets, image, shown_pictures, rendered.facts),
        body_line=document.body_line,
        tags_text=fields["tags"].value if "tags" in fields and isinstance(fields["tags"].value, str) else None,
    ), warned


def _year_of_bad_date(field: Field | None) -> int | None:
    """The year of an impossible date such as 2022-02-30, so its tasks are still checked."""
    if field is None or not isinstance(field.value, str):
        return None
    match = re.match(r"\s*(\d{4})-", field.value, re.ASCII)
    year = int(match.group(1)) if match else None
    return year if year is not None and EARLIEST.year <= year <= LATEST.year else None


def _check_tasks(
    reader: Reader, plans: PlanIndex, year: int, task_ids: tuple[int, ...], fields: dict[str, Field]
) -> None:
    """The plan year must have a plan, and each task must be in its appendix. Drafts
    and scheduled posts are checked too: a mistake fails today, not on publication."""
    if year in plans.broken:
        return  # the plan's own problems are reported; do not repeat them per post
    plan = plans.plans.get(year)
    if plan is None:
        line = fields["plan"].line if "plan" in fields else fields["date"].line
        known = ", ".join(str(y) for y in sorted(plans.plans)) or "chưa có kế hoạch nào"
        reader.report(line, f"không có kế hoạch năm {year} (cần tệp plan/{year}.md; các kế hoạch hiện có: {known})")
        return
    for task_id in task_ids:
        if plan.task(task_id) is None:
            ids = ", ".join(str(task.id) for task in plan.tasks)
            reader.report(fields["task"].line, f"nhiệm vụ {task_id} không có trong kế hoạch {year} (các nhiệm vụ: {ids})")


def _task_ids(reader: Reader, field: Field | None) -> tuple[int, ...]:
    if field is None:
        return ()
    given = field.value if isinstance(field.value, list) else [field.value]
    values = [f.as_integer(value) for value in given]
    if not values or None in values:
        reader.report(field.line, f"`task` phải là số nhiệm vụ trong phụ lục hoặc danh sách như [3, 7] (tìm thấy: {describe(field.value)})")
        return ()
    if len(set(values)) != len(values):
        reader.report(field.line, f"`task` có số nhiệm vụ bị lặp (tìm thấy: {values})")
        return ()
    return tuple(value for value in values if value is not None)


def _slug(reader: Reader, fields: dict[str, Field], title: str | None) -> str | None:
    """The post's own folder name: `slug`, or made from the title. Never empty: an empty slug would
    put the post on its month's list page and drop it."""
    field = fields.get("slug")
    if field is None:
        if title is None:
            return None
        slug = slugify(title)
        if not slug:
            reader.report(fields["title"].line, f"tiêu đề không có chữ cái hay chữ số nào để làm địa chỉ bài viết (tìm thấy: {title!r}); "
                                                "hãy thêm dòng `slug: dia-chi-bai-viet`")
            return None
        if len(slug) > MAX_SLUG:
            reader.report(fields["title"].line, f"tiêu đề dài, địa chỉ bài viết làm từ nó có {len(slug)} ký tự (tối đa {MAX_SLUG}); "
                                                "hãy thêm dòng `slug:` ngắn hơn")
            return None
        return slug
    if not isinstance(field.value, str) or not _SLUG.fullmatch(field.value):
        reader.report(field.line, f"`slug` chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tìm thấy: {describe(field.value)})")
        return None
    if len(field.value) > MAX_SLUG:
        reader.report(field.line, f"`slug` dài {len(field.value)} ký tự, tối đa {MAX_SLUG}")
        return None
    return field.value


def _check_names(reader: Reader, fields: dict[str, Field], unit: str | None, tags: tuple[str, ...]) -> None:
    """A unit or tag gets a page of its own (don-vi/<slug>/, chu-de/<slug>/): its name needs a letter
    or digit, and a folder name of reasonable length."""
    for key, names in (("unit", (unit,) if unit else ()), ("tags", tags)):
        for name in names:
            slug = slugify(name)
            if not slug:
                reader.report(fields[key].line, f"`{key}`: tên {name!r} không có chữ cái hay chữ số nào, không làm được địa chỉ trang")
            elif len(slug) > MAX_SLUG:
                reader.report(fields[key].line, f"`{key}`: tên dài {len(name)} ký tự, quá dài để làm địa chỉ trang")


def _inside(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts


def _image(reader: Reader, field: Field | None, folder: Path, content_root: Path) -> str | None:
    if field is None:
        return None
    if not isinstance(field.value, str) or not _inside(field.value):
        reader.report(field.line, f"`image` phải là tên một tệp ảnh nằm cạnh bài viết (tìm thấy: {describe(field.value)})")
        return None
    if (problem := asset_problem(folder, field.value, content_root, image=True)) is not None:
        if problem == MISSING:
            reader.report(field.line, f"không tìm thấy tệp ảnh cạnh bài viết (tìm thấy: {field.value!r})")
        else:
            reader.report(field.line, f"tệp ảnh {field.value!r}: {problem}")
        return None
    return field.value


def _assets(reader: Reader, facts: BodyFacts, folder: Path, content_root: Path) -> list[str]:
    """Files beside the post that its body links to; a missing or unsafe one is a problem at its line."""
    found: list[str] = []
    for target, line in facts.files:
        if (problem := asset_problem(folder, target, content_root)) is None:
            found.append(target)
        elif problem == MISSING:
            reader.report(line, f"liên kết tới tệp không có cạnh bài viết (tìm thấy: {target!r})")
        else:
            reader.report(line, f"liên kết tới tệp {target!r}: {problem}")
    return found


def _shown(fields: dict[str, Field], image: str | None, assets: list[str], facts: BodyFacts) -> dict[str, int]:
    """The raster images the post shows, among the files it names that passed their checks (`assets`): its
    cover, then its body's in order, each at the line naming it first."""
    valid = set(assets)
    shown: dict[str, int] = {image: fields["image"].line} if image else {}
    for found in facts.images:
        target = local_target(found.src)
        if target is not None and target in valid and is_raster(target):
            shown.setdefault(target, found.line)
    return shown


def _pictures(reader: Reader, shown: dict[str, int], folder: Path,
              pictures: Pictures) -> tuple[tuple[Picture, ...], list[tuple[int, str]]]:
    """The images the post shows (`_shown`), each encoded for the web (cchc.render.images), and the
    warnings about them as (line, message). An image that cannot be encoded is an error at its line."""
    made: list[Picture] = []
    notes: list[tuple[int, str]] = []
    for target, line in shown.items():
        try:
            picture, warned = pictures.picture(folder / target, target)
        except ImageProblem as problem:
            reader.report(line, f"ảnh {target!r}: {problem}")
            continue
        except OSError as error:
            reader.report(line, f"ảnh {target!r}: không đọc được ({describe_os_error(error)})")
            continue
        made.append(picture)
        notes += [(line, message) for message in warned]
    return tuple(made), notes


def _originals(assets: list[str], image: str | None, shown: tuple[Picture, ...], facts: BodyFacts) -> tuple[str, ...]:
    """The files beside the post published as they are: every file it names but an image it only shows
    (published as its widths instead); a link to the original (`[ảnh gốc](anh.jpg)`) publishes it."""
    only_shown = {picture.source for picture in shown} - set(facts.linked)
    return tuple(sorted(target for target in set(assets) | ({image} if image else set()) if target not in only_shown))


def _check_anchors(reader: Reader, facts: BodyFacts) -> None:
    """A link to a heading of the post itself (`#muc`) must find it: MkDocs' own check would fail the
    build only after it has emptied site/, so it is done here, at the link's line."""
    ids = set(facts.ids)  # a set: a body may have tens of thousands of both
    for anchor, line in facts.anchors:
        if anchor not in ids:
            reader.report(line, f"liên kết tới mục không có trong bài (tìm thấy: '#{anchor}')")


PostMemo = FileMemo[Loaded]
AHEAD = 16  # posts started before the first is finished: their images are made meanwhile, on the other cores


def load_posts(root: Path, posts_dir: Path, plans: PlanIndex, renderer: PostRenderer,
               memo: PostMemo | None = None, *, pictures: Pictures | None = None,
               kept: KeptPosts | None = None) -> tuple[list[Post], list[Problem]]:
    """Every post under `posts_dir` (its parent is the content folder every file must really be in);
    with a memo (the preview), a file unchanged since the last load is not read again; with `kept`
    (`cchc check`), a post kept by the last check is not loaded again. `pictures`: where the images the
    posts show are encoded (default: in memory)."""
    pictures = pictures or Pictures()
    content_root = posts_dir.parent.resolve()
    sources = find_sources(posts_dir, content_root, suffix=".md", recursive=True, shown_root=root)
    posts: list[Post] = []
    problems: list[Problem] = list(sources.problems)
    paths = sources.files
    loaded: dict[Path, Loaded] = {}
    read: dict[Path, Read] = {}
    keys: dict[Path, str] = {}
    if memo is None:  # a full build or a check: the bodies not kept are converted together (on every core)
        for path in paths:
            keyed = kept.read(path) if kept is not None else None
            if kept is not None and keyed is not None:
                keys[path] = keyed[0]
                if (kept_load := kept.get(keyed[0], path)) is not None:
                    loaded[path] = kept_load
                    continue
            read[path] = read_document(path, shown_path(path, root), keyed[1] if keyed is not None else None)
        renderer.prefetch(document.body for document, _, _ in read.values() if document is not None)
    def finish(path: Path, key: StatKey | None, loading: Loaded | _Started) -> None:
        if isinstance(loading, _Started):
            loading = loading.loaded()
            if memo is not None:
                memo.put(path, key, plans, loading)
            elif kept is not None and path in keys:
                kept.put(keys[path], path, loading)
        post, found = loading
        problems.extend(found)
        if post is not None:
            posts.append(post)

    started: deque[tuple[Path, StatKey | None, Loaded | _Started]] = deque()
    try:
        for path in paths:
            key = stat_key(path) if memo is not None else None
            remembered = memo.get(path, key, plans) if memo is not None else loaded.get(path)
            if memo is not None and remembered is not None and remembered[0] is not None \
                    and not pictures.unchanged(path.parent, remembered[0].pictures):
                remembered = None  # an image it shows was saved: encoded again, and the page shows it
            started.append((path, key, remembered if remembered is not None else _Started(_loading(
                path, shown_path(path, root), plans, renderer, content_root=content_root, read=read.pop(path, None), pictures=pictures))))
            if len(started) > AHEAD:
                finish(*started.popleft())
        while started:
            finish(*started.popleft())
    finally:
        pictures.stop_ahead()
    if memo is not None:
        memo.keep_only(paths)
    if kept is not None:
        kept.keep_only_used()
    return posts, problems
