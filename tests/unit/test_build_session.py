"""What the preview keeps from one save to the next (cchc.build.pipeline.ContentMemo: page specs, list items
and a post's warnings in `made`, the posts' broken links; cchc.build.digests.PageDigests) is what a fresh load
makes: after edits of every kind, with a shared input changed, with an image beside a post replaced, with
another post changed, with time passing a scheduled post's date. Pure core, no MkDocs: the bytes of the
preview's pages against clean cold builds are tests/build/test_oracle.py's."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from support.editing import Editor
from support.project import SAMPLE_SITE_URL, SiteProject, content_settings
from support.scaling import _generator

from cchc.build.digests import PageDigests, page_digest
from cchc.build.pipeline import Content, ContentMemo, gather_content
from cchc.cache.memo import Made, same
from cchc.content.settings import Settings
from cchc.dates import LOCAL_TZ
from cchc.outputs.pages import ListContext, PageSpec, PostContext

NOW = datetime(2026, 1, 1, tzinfo=LOCAL_TZ)
PAGE_SIZE = 4


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    project = SiteProject(tmp_path / "du-an")
    _generator().generate_posts(project.root, count=30, seed=3)
    return project


def settings_of(project: SiteProject, site_url: str = SAMPLE_SITE_URL) -> Settings:
    return content_settings(project.root, site_url=site_url, page_size=PAGE_SIZE)


class Session:
    """A preview's memory of its content, as cchc.build.incremental.Session keeps it."""

    def __init__(self) -> None:
        self.memo: ContentMemo | None = None
        self.digests = PageDigests()

    def load(self, settings: Settings, now: datetime = NOW) -> Content:
        if self.memo is None:
            self.memo = ContentMemo.of(settings)
        content = gather_content(settings, self.memo, now=now, preview=True)
        assert content.build is not None, content.errors
        return content


def fresh(settings: Settings, now: datetime = NOW) -> Content:
    content = gather_content(settings, now=now, preview=True)
    assert content.build is not None, content.errors
    return content


def assert_as_fresh(kept: Content, made: Content, digests: PageDigests) -> None:
    """Every page the session kept shows what a fresh load's page shows: the same digest (what the preview
    renders again by), body, dates and metadata (which the digest leaves out as derived); the same problems."""
    assert kept.build is not None and made.build is not None
    assert kept.problems == made.problems
    digests.begin()
    assert [spec.src_uri for spec in kept.build.pages] == [spec.src_uri for spec in made.build.pages]
    for spec, other in zip(kept.build.pages, made.build.pages, strict=True):
        expected = page_digest(other, made.build.site)
        assert page_digest(spec, kept.build.site) == expected, spec.src_uri
        assert digests.digest(spec, kept.build.site) == expected, spec.src_uri
        assert (spec.body, spec.updated, spec.searched, spec.title) == (other.body, other.updated, other.searched, other.title)
        if isinstance(spec.context, PostContext):
            assert isinstance(other.context, PostContext)
            assert spec.context.meta == other.context.meta, spec.src_uri
    digests.end()


def specs(content: Content) -> dict[str, PageSpec]:
    assert content.build is not None
    return {spec.src_uri: spec for spec in content.build.pages}


def test_after_edits_of_every_kind_the_kept_pages_are_those_of_a_fresh_load(project: SiteProject) -> None:
    settings = settings_of(project)
    session, editor = Session(), Editor(project.root, seed=4)
    assert_as_fresh(session.load(settings), fresh(settings), session.digests)
    for edit in ("edit_body", "edit_title", "edit_date", "edit_tags", "edit_unit", "add_post", "delete_post",
                 "toggle_draft", "edit_plan", "edit_home", *(["any_edit"] * 10)):
        getattr(editor, edit)()
        assert_as_fresh(session.load(settings), fresh(settings), session.digests)


def test_a_body_edit_keeps_the_pages_that_do_not_show_the_post(project: SiteProject) -> None:
    """The point of it all: most specs are the very objects of the last save."""
    settings = settings_of(project)
    session, editor = Session(), Editor(project.root, seed=8)
    before = specs(session.load(settings))
    editor.edit_body()
    after = specs(session.load(settings))
    kept = [uri for uri, spec in after.items() if before[uri] is spec]
    assert len(kept) > len(after) * 0.6, (len(kept), len(after))


# --------------------------------------------------------------------------- (a) what every page shares


def test_a_changed_setting_keeps_no_spec_even_in_the_same_memo(project: SiteProject) -> None:
    """The site's address is in no spec's inputs but in what the metadata of a post page is made with: only the
    salt (what every page shares, cchc.build.inputs) renews it. The preview makes a new memo for new settings
    too (Session.memo_for); this one is kept on purpose."""
    session = Session()
    session.load(settings_of(project))
    other = settings_of(project, site_url="https://khac.example.gov.vn/cchc/")
    assert other.site_url != settings_of(project).site_url
    kept = session.load(other)
    assert_as_fresh(kept, fresh(other), session.digests)
    post_page = next(spec for spec in specs(kept).values() if isinstance(spec.context, PostContext))
    assert isinstance(post_page.context, PostContext) and post_page.context.meta is not None
    assert dict(post_page.context.meta.open_graph)["og:url"].startswith("https://khac.example.gov.vn/cchc/")


@pytest.mark.parametrize("shared", ["plan/2022.md", "du-lieu/don-vi.yml", "du-lieu/viet-tat.yml", "docs/index.md"])
def test_a_changed_shared_file_keeps_no_spec(project: SiteProject, shared: str) -> None:
    settings = settings_of(project)
    session = Session()
    before = specs(session.load(settings))
    path = project.root / shared
    if shared.startswith("plan/"):
        path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: (sửa) ", 1), encoding="utf-8")
    elif shared.endswith("don-vi.yml"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('"Văn phòng": {abbreviation: "VP"}\n', encoding="utf-8")
    elif shared.endswith("viet-tat.yml"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('VTT: "viết tắt thử"\n', encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8") + "\nDòng thêm.\n", encoding="utf-8")
    kept = session.load(settings)
    assert not [uri for uri, spec in specs(kept).items() if before.get(uri) is spec]
    assert_as_fresh(kept, fresh(settings), session.digests)


# --------------------------------------------------------------------------- (b) a file beside a post


def test_an_image_saved_again_beside_a_post_renews_its_pages(project: SiteProject) -> None:
    settings = settings_of(project)
    session, editor = Session(), Editor(project.root, seed=2)
    editor.add_post()  # a post showing anh.png beside it
    image = project.root / "content" / "posts" / "2022" / "05" / "anh.png"
    session.load(settings)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "PNG")
    image.write_bytes(out.getvalue())
    os.utime(image, (2_100_000_000, 2_100_000_000))
    kept = session.load(settings)
    assert_as_fresh(kept, fresh(settings), session.digests)
    post = next(spec for spec in specs(kept).values() if isinstance(spec.context, PostContext) and spec.context.post.image == "anh.png")
    assert isinstance(post.context, PostContext)
    assert [(picture.largest.width, picture.largest.height) for picture in post.context.post.pictures] == [(64, 48)]


# --------------------------------------------------------------------------- (c) another post


def test_a_neighbour_saved_again_renews_the_pages_that_show_it(project: SiteProject) -> None:
    """A post page shows its task's older and newer posts and related posts; the lists show their items: a new
    title there renews this page, and every list that shows the post."""
    settings = settings_of(project)
    session, editor = Session(), Editor(project.root, seed=6)
    before = specs(session.load(settings))
    page = next(spec for spec in before.values() if isinstance(spec.context, PostContext)
                and spec.context.tasks and spec.context.tasks[0].older is not None and spec.context.related)
    assert isinstance(page.context, PostContext)
    older = page.context.tasks[0].older
    assert older is not None
    front, body = editor.front(older.source)
    front["title"] = "Tiêu đề mới của bài bên cạnh"
    editor.write_post(older.source, front, body)
    kept = session.load(settings)
    assert_as_fresh(kept, fresh(settings), session.digests)
    now_shown = specs(kept)[page.src_uri]
    assert isinstance(now_shown.context, PostContext) and now_shown is not page
    assert now_shown.context.tasks[0].older is not None
    assert now_shown.context.tasks[0].older.title == "Tiêu đề mới của bài bên cạnh"
    lists = [spec for spec in specs(kept).values() if isinstance(spec.context, ListContext)
             and any(item.post.source == older.source for item in spec.context.posts)]
    assert lists and all(item.post.title == "Tiêu đề mới của bài bên cạnh" for spec in lists if isinstance(spec.context, ListContext)
                         for item in spec.context.posts if item.post.source == older.source)


def test_a_link_to_another_post_breaks_when_that_post_is_deleted(project: SiteProject) -> None:
    """A post's broken links are kept while the post is the same and so is every target a link may have: the
    post a link leads to deleted, the unchanged post that links to it has an error, as in a fresh load."""
    settings = settings_of(project)
    session = Session()
    front = {"date": "2022-05-02 09:00", "task": 1, "unit": "Văn phòng"}
    target = project.write_post("2022/05/bai-dich.md", {"title": "Bài đích", "slug": "bai-dich", **front})
    project.write_post("2022/05/bai-nguon.md", {"title": "Bài nguồn", "slug": "bai-nguon", **front}, "Xem [bài đích](../bai-dich/).")
    session.load(settings)
    text = target.read_text(encoding="utf-8")
    target.unlink()
    assert session.memo is not None
    kept = gather_content(settings, session.memo, now=NOW, preview=True)
    assert kept.errors == gather_content(settings, now=NOW, preview=True).errors
    assert [problem.path for problem in kept.errors] == ["content/posts/2022/05/bai-nguon.md"]
    target.write_text(text, encoding="utf-8")
    assert_as_fresh(session.load(settings), fresh(settings), session.digests)


def test_time_passing_a_scheduled_post_renews_the_pages_that_show_it(project: SiteProject) -> None:
    """The preview shows scheduled posts, marked: when the clock passes one's date, every page that shows it
    (its page, its neighbours', the lists) changes, though no file did."""
    settings = settings_of(project)
    session = Session()
    later = NOW + timedelta(days=2)
    project.write_post("2025/12/tin-hen-gio.md", {"title": "Tin hẹn giờ", "date": later.strftime("%Y-%m-%d %H:%M"),
                                                   "plan": 2022, "task": 1, "unit": "Văn phòng"})
    scheduled = session.load(settings)
    assert_as_fresh(scheduled, fresh(settings), session.digests)
    due = session.load(settings, now=later + timedelta(hours=1))
    assert_as_fresh(due, fresh(settings, now=later + timedelta(hours=1)), session.digests)
    assert scheduled.build is not None and due.build is not None
    before, after = specs(scheduled), specs(due)
    changed = [uri for uri, spec in after.items() if page_digest(spec, due.build.site) != page_digest(before[uri], scheduled.build.site)]
    assert len(changed) >= 3, changed  # its page, the lists, its neighbours'
    # Some of them are the very specs of the last load (a neighbour's page: its own inputs did not change), whose
    # digest PageDigests kept: it told them apart by the time alone.
    assert [uri for uri in changed if after[uri] is before[uri]]


# --------------------------------------------------------------------------- the memo itself


def test_same_is_identity_but_for_plain_values() -> None:
    class Thing:
        pass

    thing = Thing()
    assert same(("a", 1, None, (thing, True)), ("a", 1, None, (thing, True)))
    assert not same((1,), (True,))  # equal, but not the same input
    assert not same((Thing(),), (Thing(),))
    hanoi = datetime(2022, 5, 1, 7, tzinfo=LOCAL_TZ)
    assert not same((hanoi,), (hanoi.astimezone(UTC),))  # equal instants, printed apart
    assert not same((hanoi,), (datetime(2022, 5, 1, 7, tzinfo=LOCAL_TZ),))  # a new object is a new input
    assert not same(("a",), ("a", "b"))


def test_made_keeps_what_the_last_build_used_under_the_same_salt() -> None:
    made = Made()
    calls: list[str] = []

    def make(value: str) -> str:
        calls.append(value)
        return value

    made.begin("muối")
    first = made.get("x", ("a",), lambda: make("x1"))
    made.get("y", ("b",), lambda: make("y1"))
    made.end()
    made.begin("muối")
    assert made.get("x", ("a",), lambda: make("x2")) is first
    assert made.get("x", ("a",), lambda: make("x3")) is first  # twice in one build: made once
    made.end()  # y was not used: forgotten
    made.begin("muối")
    assert made.get("y", ("b",), lambda: make("y2")) == "y2"
    made.get("x", ("khác",), lambda: make("x4"))
    made.begin("muối")  # that build stopped before its end (the content had errors): the last ended one's values hold
    assert made.get("x", ("a",), lambda: make("x5")) is first
    assert made.get("y", ("b",), lambda: make("y3")) == "y3"
    made.end()
    made.begin("muối khác")  # another salt: nothing holds
    assert made.get("x", ("a",), lambda: make("x6")) == "x6"
    assert calls == ["x1", "y1", "y2", "x4", "y3", "x6"]
