"""The project as the editor sees it: which kind a file is (a post, an answer), the plans and posts that
`cchc new` checks a new post against, and the checks a file passes before it is written (the loader of
`cchc check`, on a copy beside the file)."""

from __future__ import annotations

import contextlib
import re
import tempfile
import threading
from datetime import datetime
from pathlib import Path

from cchc.authoring.new_post import ScaffoldError, plan_new_post
from cchc.build.pipeline import pictures_for, renderer_for
from cchc.cache.memo import FileMemo, StatKey, stat_key
from cchc.content.answers import load_answer
from cchc.content.frontmatter import shown_path
from cchc.content.plans import PlanIndex, load_plans
from cchc.content.posts import PostMemo, load_post, load_posts
from cchc.content.settings import Settings
from cchc.editor import documents
from cchc.editor.documents import ANSWER, POST, FormError, Kind
from cchc.editor.workspace import Refused, digest
from cchc.model import Post
from cchc.problems import Problem
from cchc.render.markdown import PostRenderer
from cchc.text import slugify

# The keys each form edits (cchc.editor.config): `plan` goes with `task`; `slug`, `code` and the
# question's dates are the file's own.
POST_FIELDS = ("title", "date", "task", "plan", "unit", "summary", "tags", "updated", "draft", "image", "procedure")
ANSWER_FIELDS = ("title", "answered", "task", "plan", "unit", "field", "question", "draft")
_CLI_HINT = re.compile(r" hoặc thêm --slug <địa-chỉ-khác>|; cchc new không ghi đè bài đã có")


class Project:
    """The project as the editor reads it. What it read is kept between requests while the files are
    unchanged (their stat keys, as the preview's own memo), so that a save at 1,000 posts reads again only
    the files saved since (the first opening of the editor page reads them all)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._renderer: PostRenderer | None = None
        self._plans: tuple[tuple[tuple[Path, StatKey | None], ...], PlanIndex] | None = None
        self._posts: PostMemo = FileMemo()
        self._pictures = pictures_for(settings)  # kept too: a post whose pictures it still holds is not read again
        self._lock = threading.Lock()  # the preview answers each request on its own thread

    @property
    def renderer(self) -> PostRenderer:
        if self._renderer is None:
            self._renderer = renderer_for(self.settings)
        return self._renderer

    def plans(self) -> PlanIndex:
        with self._lock:
            keys = tuple((path, stat_key(path)) for path in sorted(self.settings.plan_dir.glob("*.md")))
            if self._plans is None or self._plans[0] != keys:  # a post is read against its plans: new plans, all again
                self._plans = keys, load_plans(self.settings.root, self.settings.plan_dir, self.renderer)[0]
            return self._plans[1]

    def posts(self, plans: PlanIndex) -> list[Post]:
        if not self.settings.posts_dir.is_dir():
            return []
        with self._lock:
            return load_posts(self.settings.root, self.settings.posts_dir, plans, self.renderer, self._posts,
                              pictures=self._pictures)[0]

    def kind(self, path: Path) -> Kind:
        return ANSWER if path.is_relative_to(self.settings.answers_dir.resolve()) else POST

    # --- the protocol's documents (cchc.editor.workspace.Documents) -----------------------------------

    def to_editor(self, path: Path, raw: bytes) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return ""
        return documents.to_form(text, digest(raw), self.kind(path))

    def from_editor(self, path: Path, edited: str, disk: bytes | None) -> bytes:
        kind = self.kind(path)
        try:
            values, body = documents.form_document(edited)
            loaded = values.get(documents.VERSION)
            if disk is not None and loaded is None:  # a new entry (the form loaded no file) where a file is
                raise Refused(f"{self._shown(path)}: đã có bài ở địa chỉ này; bài mới không ghi đè bài đã có. "
                              "Hãy đổi tiêu đề (hay địa chỉ của bài) rồi lưu lại.", status=409)
            if disk is not None and loaded != digest(disk):
                raise Refused(
                    f"{self._shown(path)}: tệp đã được sửa bên ngoài trình soạn thảo (hay ở một thẻ khác) từ khi bạn mở nó; "
                    "bài chưa được lưu để không xóa mất thay đổi đó. Hãy chép phần bạn vừa viết, tải lại trang rồi sửa "
                    "trên bản mới.", status=409)
            if disk is None and kind is ANSWER:
                raise Refused("Câu hỏi đáp được tạo bằng lệnh cchc gop-y tra-loi <mã>; trình soạn thảo chỉ sửa câu đã có.")
            base = disk.decode("utf-8") if disk is not None else self._new_post(path, values)
            text = documents.rewrite(base, values, body, kind, POST_FIELDS if kind is POST else ANSWER_FIELDS)
        except FormError as error:
            raise Refused(f"{self._shown(path)}: {error}") from None
        except UnicodeDecodeError:
            raise Refused(f"{self._shown(path)}: tệp không phải văn bản UTF-8; hãy sửa nó bằng trình soạn thảo văn bản.") from None
        data = text.encode("utf-8")
        if problems := self.check(path, data, kind):
            raise Refused(*(f"{problem.path}:{problem.line}: {problem.message}" for problem in problems))
        return data

    # --- what `cchc new` and `cchc check` say --------------------------------------------------------

    def _shown(self, path: Path) -> str:
        return shown_path(path, self.settings.root)

    def _new_post(self, path: Path, values: dict[str, object]) -> str:
        """What `cchc new` writes for the form's title, date, tasks and unit (checked as it checks them)."""
        sent = documents.form_values(values)
        missing = [label for key, label in (("title", "tiêu đề"), ("date", "ngày đăng"), ("task", "nhiệm vụ"), ("unit", "đơn vị"))
                   if key not in sent]
        if missing:
            raise FormError("cần điền " + ", ".join(missing))
        when = sent["date"]
        assert isinstance(when, datetime)
        plans = self.plans()
        plan_year = sent["plan"] if sent["plan"] != when.year else None
        stem = path.stem
        try:
            planned = plan_new_post(
                title=str(sent["title"]), task_ids=sent["task"], unit=str(sent["unit"]), when=when, has_time=True,
                plans=plans.plans, posts=self.posts(plans), posts_dir=self.settings.posts_dir, plan_year=plan_year,
                slug=None if stem == slugify(str(sent["title"])) or len(stem) > 80 else stem, allow_new_unit=True,
                root=self.settings.root)
        except ScaffoldError as error:
            raise FormError(_CLI_HINT.sub("", str(error)).replace("\n", " ")) from None
        return planned.text

    def check(self, path: Path, data: bytes, kind: Kind) -> list[Problem]:
        """The errors `cchc check` would give the file, read from a copy beside it (its images are there)."""
        shown = self._shown(path)
        plans = self.plans()
        if kind is ANSWER:  # an answer's file name is its code: checked under its own name, elsewhere
            with tempfile.TemporaryDirectory(prefix="cchc-bien-tap-") as folder:
                copy = Path(folder) / path.name
                copy.write_bytes(data)
                _, found = load_answer(copy, shown, plans, self.renderer, agency=self.settings.agency.contacts)
        else:
            copy = documents.checked_copy(path)
            try:
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
                _, found = load_post(copy, shown, plans, self.renderer, content_root=self.settings.posts_dir.parent.resolve(),
                                     pictures=self._pictures)
            finally:
                with contextlib.suppress(OSError):
                    copy.unlink()
        return [problem for problem in found if not problem.is_warning]
