"""One build's data, from files to the page and feed model: load → validate → link → render.

Everything that can fail on content happens here, before MkDocs writes (or cleans) anything: the
feeds are rendered to bytes, the report CSVs made, every output path and every link checked. The
MkDocs hook only hands the results over; `cchc check` runs this very function, so it finds all that
the build would fail on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from cchc import clock, urls
from cchc.build import inputs
from cchc.build.digests import feed_digest
from cchc.cache.disk import digest
from cchc.cache.memo import FileMemo, Made, StatKey, stat_key
from cchc.colors import agency_css
from cchc.content.answers import Answer, load_answers
from cchc.content.feedback_counts import COUNTS_FILE, FeedbackCounts, read_feedback_counts
from cchc.content.frontmatter import shown_path
from cchc.content.kept_posts import KeptPosts
from cchc.content.plans import PlanIndex, load_plans
from cchc.content.posts import PostMemo, load_posts
from cchc.content.settings import Locator, Settings
from cchc.content.sources import published_folder_problems
from cchc.model import BodyFacts, DocsPicture, Plan, Post
from cchc.outputs.answer_pages import AnswerIndex, answer_pages, index_answers, render_answers_feed
from cchc.outputs.citizen_pages import explainer_pages, sitemap_page
from cchc.outputs.feeds import FeedSpec, feed_specs, mark_staging, render_feed
from cchc.outputs.feeds_page import feeds_page
from cchc.outputs.metadata import describer
from cchc.outputs.pages import AnswerLink, Letterhead, PageSpec, all_pages, latest_answers, searched_first
from cchc.outputs.paths import Output, Targets, broken_links, docs_files, docs_outputs, find_clashes, post_outputs, targets
from cchc.problems import ContentError, Problem, describe_os_error, errors_only, warning
from cchc.render.images import ImageProblem, Pictures, is_raster
from cchc.render.markdown import PostRenderer, local_target
from cchc.render.time_limit import Isolated
from cchc.reports.counting import build_reports, report_files, report_pages
from cchc.reports.letterhead import UnitDetails, load_unit_details
from cchc.reports.signed import SignedReport, load_signed_reports
from cchc.search.abbreviations import Abbreviation, load_abbreviations
from cchc.search.index import search_page
from cchc.site.linking import Site, build_site, find_duplicate_urls
from cchc.site.source_links import Sources, link_sources
from cchc.site.warnings import find_warnings

DocsFiles = list[tuple[Path, str, str]]  # outputs.paths.docs_files: (file, source URI, output path) of docs/


@dataclass(frozen=True)
class Build:
    site: Site
    pages: list[PageSpec]
    feeds: list[FeedSpec]
    files: dict[str, bytes] = field(default_factory=dict)  # other outputs (e.g. CSV), by site path
    warnings: list[Problem] = field(default_factory=list)
    answers: AnswerIndex = field(default_factory=AnswerIndex)
    feed_files: Mapping[str, bytes] = field(default_factory=dict)  # the feeds by site path, rendered when read
    pictures: Pictures = field(default_factory=Pictures)  # the bytes of the posts' images (Post.pictures) and of docs/'s
    docs_pictures: dict[str, DocsPicture] = field(default_factory=dict)  # the raster images of docs/, by their path there
    # The side column's newest answers, in the context of every page (Context.latest_answers): the pages of
    # docs/, which are not PageSpecs, get them from here.
    latest_answers: tuple[AnswerLink, ...] = ()


@dataclass(frozen=True)
class Content:
    """Every plan and post that is valid, the problems (errors and warnings) of all files, and the
    build they make (None when there are errors)."""

    plans: dict[int, Plan]
    posts: list[Post]
    problems: list[Problem]
    answers: list[Answer] = field(default_factory=list)  # content/hoi-dap/<mã>.md
    feedback: FeedbackCounts | None = None  # content/hoi-dap/so-lieu.yml, for the report
    build: Build | None = None
    abbreviations: tuple[Abbreviation, ...] = ()  # what the search understands both ways
    signed: tuple[SignedReport, ...] = ()  # the signed reports the webmaster publishes (extra.cchc.report.signed)
    signed_files: dict[str, bytes] = field(default_factory=dict)  # their bytes, by site path
    docs_pictures: dict[str, DocsPicture] = field(default_factory=dict)  # the raster images of docs/, by their path there

    @property
    def errors(self) -> list[Problem]:
        return errors_only(self.problems)


@dataclass
class ContentMemo:
    """What the last load read, for the next one (the preview): plans while no plan file changed,
    posts by file, and the Markdown renderer; and what the last build made of them (`made`, `links`)."""

    settings: Settings
    renderer: PostRenderer
    plan_keys: tuple[tuple[Path, StatKey | None], ...] = ()
    plans: tuple[PlanIndex, list[Problem]] | None = None
    posts: PostMemo = field(default_factory=FileMemo)
    feeds: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (digest, bytes) of the last build
    pictures: Pictures | None = None  # the posts' images, encoded once (pictures_for)
    # What the last build made of them, each kept while made of the same objects (its inputs): page specs
    # (cchc.outputs.pages.all_pages), a post's warnings. Salted with what every page shares (`shared`,
    # this build's inputs.shared_digest, read once before its content).
    made: Made = field(default_factory=Made)
    shared: str = ""
    links: PostLinks | None = None  # the posts' broken links, by the targets they were checked against

    def feed(self, spec: FeedSpec, site: Site, render: Callable[[], bytes]) -> bytes:
        """A feed's bytes, rendered again only when what it shows changed."""
        value = feed_digest(spec, site)
        kept = self.feeds.get(spec.path)
        if kept is None or kept[0] != value:
            kept = self.feeds[spec.path] = (value, render())
        return kept[1]

    @classmethod
    def of(cls, settings: Settings, worker: Isolated | None = None) -> ContentMemo:
        return cls(settings, renderer_for(settings, worker), pictures=pictures_for(settings))


def renderer_for(settings: Settings, worker: Isolated | None = None) -> PostRenderer:
    """The Markdown renderer of the site's extensions, its cache keyed by what rendering depends on;
    `worker`: the process that bounds its time where a signal cannot (cchc.render.markdown)."""
    return PostRenderer(settings.markdown_extensions, settings.mdx_configs, cache_root=settings.root,
                        inputs=inputs.rendering_digest(settings), worker=worker)


def pictures_for(settings: Settings, *, checking: bool = False) -> Pictures:
    """Where the posts' images are encoded: kept in the disk cache by their bytes, under a salt of the module
    that encodes them and the installed distributions (Pillow's encoders decide the bytes); `checking`:
    decoded only, for `cchc check` (cchc.render.images.Pictures)."""
    return Pictures(settings.root, inputs=inputs.encoding_digest(), checking=checking)


def _plans(settings: Settings, memo: ContentMemo | None, renderer: PostRenderer) -> tuple[PlanIndex, list[Problem]]:
    if memo is None:
        return load_plans(settings.root, settings.plan_dir, renderer)
    keys = tuple((path, stat_key(path)) for path in sorted(settings.plan_dir.glob("*.md")))
    if memo.plans is None or keys != memo.plan_keys:
        memo.plans, memo.plan_keys = load_plans(settings.root, settings.plan_dir, renderer), keys
    index, problems = memo.plans
    return index, list(problems)


def published_problems(settings: Settings) -> list[Problem]:
    """What would publish more than the folders' own files: MkDocs publishes docs/ and the theme's folder
    as they are, following links (cchc.content.sources checks them whole; the files beside posts are
    checked one by one as posts name them). No published folder (cchc.build.inputs.published) may hold
    the feedback service's data folder or lie in it: a build never reads the citizens' database."""
    data = settings.feedback_database.parent.resolve()
    problems = []
    for folder in inputs.published(settings):
        real = folder.resolve()
        if real == data or real.is_relative_to(data) or data.is_relative_to(real):
            path, line = Locator(settings.config_files, settings.root)(("extra", "cchc", "feedback", "database"))
            problems.append(Problem(path, line, f"thư mục dữ liệu của dịch vụ góp ý ({shown_path(data, settings.root)}/, có họ tên và "
                                                f"số điện thoại của người dân) và thư mục {shown_path(folder, settings.root)}/ được đăng "
                                                "lên trang web không được nằm trong nhau; hãy đặt `database` vào thư mục riêng như var/"))
    for folder in inputs.published(settings, inputs.AS_IS):
        problems += published_folder_problems(folder, shown_root=settings.root, private=settings.feedback_database)
    return problems


def kept_posts(settings: Settings, renderer: PostRenderer) -> KeptPosts:
    """The posts the last `cchc check` loaded, found by what loading a post depends on (cchc.content.kept_posts)."""
    return KeptPosts(settings.root, salt=digest(renderer.salt, inputs.encoding_digest()),
                     plans=inputs.kind_digest(settings, "plans"))


def _load_files(settings: Settings, memo: ContentMemo | None, renderer: PostRenderer, pictures: Pictures,
                kept: KeptPosts | None, docs: DocsFiles) -> Content:
    """Every file read and checked on its own; `docs`: the files of docs/ (outputs.paths.docs_files)."""
    published = published_problems(settings)
    if not settings.plan_dir.is_dir():
        return Content({}, [], [*published, Problem(shown_path(settings.plan_dir, settings.root), 1, "không có thư mục kế hoạch")])
    plans, problems = _plans(settings, memo, renderer)
    problems = published + problems
    posts: list[Post] = []
    if settings.posts_dir.is_dir():
        posts, found = load_posts(settings.root, settings.posts_dir, plans, renderer, memo.posts if memo else None, pictures=pictures,
                                  kept=kept)
        problems += found
    problems += find_duplicate_urls(posts)
    problems += load_units(settings)[1]
    answers, found = load_answers(settings.root, settings.answers_dir, plans, renderer, agency=settings.agency.contacts)
    feedback, counted = read_feedback_counts(settings.answers_dir / COUNTS_FILE, settings.root)
    abbreviations, listed = load_abbreviations(settings.abbreviations_file, settings.root)
    signed, signed_files, unsigned = load_signed_reports(settings, plans.plans)
    problems += _docs_pages_problems(settings, renderer, docs)
    docs_pictures, pictured = docs_pictures_of(settings, pictures, docs)
    return Content(plans.plans, posts, problems + found + counted + listed + unsigned + pictured, answers, feedback,
                   abbreviations=abbreviations, signed=signed, signed_files=signed_files, docs_pictures=docs_pictures)


def docs_pictures_of(settings: Settings, pictures: Pictures,
                     docs: DocsFiles) -> tuple[dict[str, DocsPicture], list[Problem]]:
    """Every raster image of docs/ through the posts' pipeline (cchc.render.images): published under its own
    name re-encoded without its metadata (EXIF and its GPS position, XMP, IPTC, ICC), never as uploaded, and
    in widths for the pages of docs/ that show it. An image that cannot be read is an error at line 1 of its
    path, as docs/'s other file problems are; a needlessly large one a warning. `docs`: the files of docs/."""
    found: dict[str, DocsPicture] = {}
    problems: list[Problem] = []
    for path, uri, _ in docs:
        if not is_raster(uri) or not _plain_file(path, settings.docs_dir):
            continue  # a link or a special file is reported as such (published_problems), and never read
        shown = shown_path(path, settings.root)
        try:
            original = pictures.original(path, uri)
            picture, notes = pictures.picture(path, uri)
        except ImageProblem as problem:
            problems.append(Problem(shown, 1, str(problem)))
            continue
        except OSError as error:
            problems.append(Problem(shown, 1, f"không đọc được ({describe_os_error(error)})"))
            continue
        problems += [warning(shown, 1, note) for note in notes]
        found[uri] = DocsPicture(original, picture)
    return found, problems


def _docs_pages_problems(settings: Settings, renderer: PostRenderer, docs: DocsFiles) -> list[Problem]:
    """What the pages of docs/ hold that the HTML policy refuses (the webmaster's pages follow the rules
    of posts: no `<script>`, no `<meta http-equiv>`), at their lines, with the content's problems."""
    return [Problem(shown_path(path, settings.root), line, message)
            for path, uri, _ in docs if uri.endswith(".md")
            for line, message in _docs_page_facts(path, renderer).problems]


def _plain_file(path: Path, folder: Path) -> bool:
    """A regular file that `folder` holds, reached through no symbolic link."""
    current = folder
    for part in path.relative_to(folder).parts:
        current = current / part
        if current.is_symlink():
            return False
    return path.is_file()


def gather_content(settings: Settings, memo: ContentMemo | None = None, *, now: datetime | None = None,
                   preview: bool = False, checking: bool = False) -> Content:
    """Read, check, link and render everything the build makes at `now` (default: `cchc.clock`);
    `cchc check` shows all of it, the build stops on any error. With a memo (the preview), only the
    files changed since the last call are read; with `checking` (`cchc check`, never a build), only the
    posts changed since the last such call are loaded, and images are decoded but not encoded."""
    renderer = memo.renderer if memo else renderer_for(settings)
    pictures = memo.pictures if memo and memo.pictures else pictures_for(settings, checking=checking and memo is None)
    kept = kept_posts(settings, renderer) if checking and memo is None else None
    made: Made | None = None
    if memo is not None:  # the salt: when anything every page shares changed, nothing made is kept
        made, memo.shared = memo.made, inputs.shared_digest(settings)
        made.begin(digest(memo.shared, repr(settings.options), settings.site_name, settings.site_url))
    now = now or clock.now()
    docs = docs_files(settings.docs_dir)  # walked once: loading, linking and the output checks read it
    content = _link_sources(settings, _load_files(settings, memo, renderer, pictures, kept, docs), docs, now=now, made=made)
    problems = content.problems + find_warnings(content.plans, content.posts, made)
    build = None
    if not errors_only(problems):
        warnings = [problem for problem in problems if problem.is_warning]
        build, found = _assemble(settings, content, docs, now=now, preview=preview, warnings=warnings,
                                 renderer=renderer, memo=memo, pictures=pictures)
        problems += found
        if made is not None:  # what a build stopped by errors made is not kept: the last one's is
            made.end()
    return replace(content, problems=problems, build=None if errors_only(problems) else build)


def _link_sources(settings: Settings, content: Content, docs: DocsFiles, *, now: datetime,
                  made: Made | None) -> Content:
    """The posts and answers with their links to other files' pages resolved (cchc.site.source_links), and
    the problems."""
    pages = [(shown_path(path, settings.root), out.removesuffix("index.html")) for path, uri, out in docs if uri.endswith(".md")]
    sources = Sources.of(content.posts, content.answers, content.plans.values(), pages, root=settings.root,
                         failed={problem.path for problem in errors_only(content.problems)})
    posts, problems = link_sources(content.posts, sources, now=now, made=made)
    answers, found = link_sources(content.answers, sources, now=now, made=made)
    return replace(content, posts=posts, answers=answers, problems=content.problems + problems + found)


class Rendered(Mapping[str, bytes]):
    """Outputs by site path, each made the first time it is read: `cchc check` and the link checks need
    their paths only (the feeds were a quarter of a warm check at 1,000 posts); a build reads them all."""

    def __init__(self, makers: dict[str, Callable[[], bytes]]) -> None:
        self._makers = makers
        self._made: dict[str, bytes] = {}

    def __getitem__(self, path: str) -> bytes:
        if path not in self._made:
            self._made[path] = self._makers[path]()
        return self._made[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def _render(feed: FeedSpec, site: Site, settings: Settings, memo: ContentMemo | None) -> Callable[[], bytes]:
    def render() -> bytes:
        return render_feed(feed, site, site_url=settings.site_url, staging=settings.staging)

    return (lambda: memo.feed(feed, site, render)) if memo else render


def load_units(settings: Settings) -> tuple[dict[str, UnitDetails], list[Problem]]:
    """The units file (header details of the units' own reports), by unit slug; no file, no details."""
    return load_unit_details(settings.units_file, settings.root)


def load_content(settings: Settings, memo: ContentMemo | None = None, *, now: datetime | None = None) -> Content:
    """Every plan and post, validated and cross-checked; raises ContentError with all errors."""
    content = gather_content(settings, memo, now=now)
    if content.errors:
        raise ContentError(content.errors)
    return content


def plan_build(settings: Settings, *, now: datetime, preview: bool, memo: ContentMemo | None = None) -> Build:
    content = gather_content(settings, memo, now=now, preview=preview)
    if content.errors or content.build is None:
        raise ContentError(content.errors)
    return content.build


def _assemble(settings: Settings, content: Content, docs: DocsFiles, *, now: datetime, preview: bool, warnings: list[Problem],
              renderer: PostRenderer, memo: ContentMemo | None, pictures: Pictures) -> tuple[Build, list[Problem]]:
    """The build of valid content, and what is wrong with its outputs (clashes, broken links). The Sở's Word
    reports are not outputs: they are staff's drafts (`cchc report … --format docx`); what the webmaster
    publishes once signed is (extra.cchc.report.signed, cchc.reports.signed), and the report page links it."""
    site = build_site(content.plans, content.posts, now=now, preview=preview)
    answers = index_answers(content.answers, now=now, preview=preview)
    made = memo.made if memo is not None else None
    reports = build_reports(site, made)
    files = report_files(reports) | content.signed_files
    describe = describer(site_url=settings.site_url, site_name=settings.site_name, agency=settings.agency)
    answer_singles, answer_list = answer_pages(answers, site)
    notices: dict[str, tuple[str, ...]] = {}
    if preview:  # staff see a post's warnings on its preview page
        for problem in sorted(warnings):
            notices[problem.path] = (*notices.get(problem.path, ()), f"dòng {problem.line}: {problem.message}")
    feeds = feed_specs(site, site_name=settings.site_name, limit=settings.options.feed_items)
    side = latest_answers(content.answers, now=now)
    shown = tuple(map(repr, side))  # by repr: made again for every build
    pages = [_beside(spec, side, shown, made) for spec in searched_first([
        *all_pages(site, page_size=settings.options.page_size, describe=describe, notices=notices,
                   searched=answer_singles, answers_of=answers.of_task, national=settings.options.portals.national,
                   letterhead=Letterhead.of(settings.options.report), made=made),
        answer_list, *report_pages(site, reports, content.feedback, signed=content.signed, made=made),
        *explainer_pages(site, settings.options.portals),
        sitemap_page(site), search_page(site, content.abbreviations),
        feeds_page(site, feeds, site_url=settings.site_url, answers=answers),
    ])]
    build = Build(
        site=site,
        pages=pages,
        feeds=feeds,
        files={**files,
               urls.ANSWERS_FEED: _staging_feed(settings, render_answers_feed(answers, site, site_url=settings.site_url,
                                                                              site_name=settings.site_name)),
               # The agency's colours as CSS: the site's Content-Security-Policy allows no inline style.
               urls.AGENCY_CSS: agency_css(settings.agency.color)},
        warnings=warnings,
        answers=answers,
        feed_files=Rendered({feed.path: _render(feed, site, settings, memo) for feed in feeds}),
        pictures=pictures,
        docs_pictures=content.docs_pictures,
        latest_answers=side,
    )
    post_pages = {post.src_uri for post in site.posts}
    system = [Output(spec.url + "index.html") for spec in build.pages if spec.src_uri not in post_pages]
    outputs = [*system, *(Output(path) for path in [*build.feed_files, *build.files]),
               *(output for post in site.posts for output in _post_outputs(post, made)), *docs_outputs(docs, settings.root),
               *(Output(rendition.name, (shown_path(settings.docs_dir / uri, settings.root), 1))
                 for uri, shown in content.docs_pictures.items() for rendition in shown.picture.files)]
    problems = find_clashes(outputs, fallback=shown_path(settings.config_files[0], settings.root))
    return build, problems + _broken_links(build, content, docs, renderer, root=settings.root, memo=memo)


def _post_outputs(post: Post, made: Made | None) -> tuple[Output, ...]:
    """The files a post publishes (outputs.paths.post_outputs), kept with the post in the preview."""
    def make() -> tuple[Output, ...]:
        return tuple(post_outputs(post))

    return make() if made is None else made.get(("outputs", post.path), (post,), make)


def _beside(spec: PageSpec, side: tuple[AnswerLink, ...], shown: tuple[str, ...], made: Made | None) -> PageSpec:
    """The page with the side column's newest answers (PageSpec.beside), `shown` their reprs; kept with the
    page in the preview."""
    if made is None or spec.context.latest_answers == side:  # as PageSpec.beside: the spec itself
        return spec.beside(side)
    return made.get(("beside", spec.src_uri), (spec, shown), partial(spec.beside, side))


def _staging_feed(settings: Settings, feed: bytes) -> bytes:
    """A feed as a staging copy (or a build without a real address) publishes it (feeds.mark_staging), or unchanged."""
    return mark_staging(feed) if settings.staging else feed


@dataclass(frozen=True)
class PostLinks:
    """The broken links of each post (by its path) found against `targets`: the same post against equal
    targets has the same ones (cchc.outputs.paths.broken_links is a function of the two)."""

    targets: Targets
    problems: dict[str, tuple[Post, list[Problem]]]


def _broken_links(build: Build, content: Content, docs: DocsFiles, renderer: PostRenderer, *,
                  root: Path, memo: ContentMemo | None = None) -> list[Problem]:
    """Links of every post, answer, plan and docs/ page. A pending post or answer (draft, scheduled) is not
    on the built site, yet its links are checked today, against the site plus the other pending ones. A
    post's links to its own headings were checked when it was loaded."""
    built = {post.src_uri for post in build.site.posts}
    pending = [post for post in content.posts if post.src_uri not in built]
    answered = {answer.src_uri for answer in build.answers.answers}
    pending_answers = [answer.url for answer in content.answers if answer.src_uri not in answered]
    pages = [(shown_path(path, root), uri, _docs_page_facts(path, renderer)) for path, uri, _ in docs if uri.endswith(".md")]
    bodies = [(post.src_uri, post.facts) for post in content.posts] + [(urls.source(plan.url), plan.facts) for plan in build.site.plans]
    bodies += [(uri, facts) for _, uri, facts in pages] + [(answer.src_uri, answer.rendered.facts) for answer in content.answers]
    files = [*build.feed_files, *build.files, *(post.url + name for post in content.posts for name in post.published_files()),
             *(post.src_uri for post in pending),
             *(rendition.name for shown in build.docs_pictures.values() for rendition in shown.picture.files)]
    to: Targets = targets(build.pages, files, docs, bodies)
    to = Targets(to.files, to.pages | {post.url for post in pending} | set(pending_answers), to.anchors)
    kept = memo.links.problems if memo is not None and memo.links is not None and memo.links.targets == to else {}
    checked: dict[str, tuple[Post, list[Problem]]] = {}
    for post in content.posts:
        found = kept.get(post.path)
        if found is None or found[0] is not post:
            found = (post, broken_links(post.path, post.src_uri, _but_shown_images(post), to, own=False))
        checked[post.path] = found
    if memo is not None:
        memo.links = PostLinks(to, checked)
    problems = [problem for _, found_in in checked.values() for problem in found_in]
    problems += [problem for plan in build.site.plans for problem in broken_links(plan.path, urls.source(plan.url), plan.facts, to)]
    problems += [problem for path, uri, facts in pages for problem in broken_links(path, uri, facts, to)]
    problems += [problem for answer in content.answers for problem in broken_links(answer.path, answer.src_uri, answer.rendered.facts, to)]
    return problems


def _but_shown_images(post: Post) -> BodyFacts:
    """A post's facts without the addresses of the images it only shows: their `<img>` names its published
    widths (cchc.render.images), and the file itself was checked when the post was loaded. A link to such
    an original from elsewhere leads nowhere: it is not published."""
    shown = {picture.source for picture in post.pictures} - set(post.originals)
    if not shown:
        return post.facts
    return replace(post.facts, links=tuple((url, line) for url, line in post.facts.links if local_target(url) not in shown))


def _docs_page_facts(path: Path, renderer: PostRenderer) -> BodyFacts:
    """The links and ids of a page of docs/ (the webmaster's: only its links are checked here, since
    MkDocs would check them after cleaning site/), past its MkDocs front matter."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None) if lines[0].rstrip() == "---" else None
    start = 0 if closing is None else closing + 1
    return renderer.render("\n".join(lines[start:]), body_line=start + 1).facts
