"""The differential oracle: after random edits over every kind of input the declaration names
(cchc.build.inputs: content, plans, data, docs/, templates, the configuration, the code, the service's
templates) and over the environment it reads, the preview's pages and a warm `cchc build` are
byte-identical to clean cold builds in the same mode, and `cchc check` with the posts the last check
kept says what a check without them says.

Everything runs in processes of its own with a copy of the package on PYTHONPATH, so that the code
can be edited too: the preview is `cchc.preview.server.Preview` driven line by line (it classifies
each saved file itself, and asks to be restarted after a code change, as `cchc serve` does).
`make test` runs every kind once in a fixed order of a fixed seed; `make fuzz` (CCHC_FUZZ=long) runs
long random sequences.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from PIL import Image
from support import FIXED_NOW, REPO
from support.editing import Editor, tree
from support.photos import phone_photo
from support.preview import free_port
from support.project import SiteProject
from support.scaling import _generator

from cchc import urls
from cchc.build import inputs
from cchc.receipts import ALPHABET

LONG = os.environ.get("CCHC_FUZZ") == "long"
COUNT = 24

_DRIVER = """
import json, sys
from pathlib import Path
from cchc.preview.server import Preview
preview = Preview(Path(sys.argv[1]), "127.0.0.1", int(sys.argv[2]))
def report():
    state = preview.state
    print(json.dumps({"site": str(preview.site_dir), "restart": state.restart, "crash": state.crash,
                      "problems": [str(problem) for problem in state.problems]}), flush=True)
preview.build(dirty=False)
report()
for line in sys.stdin:
    saved = [Path(path) for path in json.loads(line)]
    preview.apply({path.as_posix(): kind for path in saved if (kind := preview.classify(path)) is not None})
    report()
"""


class Preview:
    """A preview in a process of its own, restarted when it asks to be (a code change) or told to be
    (the environment changed)."""

    def __init__(self, oracle: Oracle) -> None:
        self.oracle = oracle
        self.process: subprocess.Popen[str] | None = None
        self.state: dict[str, object] = {}

    def start(self) -> None:
        self.stop()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _DRIVER, str(self.oracle.project.config), str(self.oracle.port)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=self.oracle.environ(), cwd=self.oracle.root)
        self._read()

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the preview stopped"
        self.state = json.loads(line)
        assert not self.state["crash"] and not self.state["problems"], self.state

    def saved(self, paths: list[Path]) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(json.dumps([str(path) for path in paths]) + "\n")
        self.process.stdin.flush()
        self._read()
        if self.state["restart"]:  # a code change: the staff member restarts `cchc serve`
            self.start()

    def site(self) -> Path:
        return Path(str(self.state["site"]))

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            shutil.rmtree(self.site(), ignore_errors=True)
            self.process = None


class Oracle:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.random = random.Random(seed)
        self.source = root / "src"
        shutil.copytree(REPO / "src" / "cchc", self.source / "cchc", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(REPO / "overrides", root / "overrides")
        shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        self.project = SiteProject(root / "du-an")
        self.project.set_config(theme={"name": "material", "custom_dir": str(root / "overrides")},
                                hooks=[str(root / "hooks" / "cchc_hooks.py")], extra={"cchc": {"page_size": 5}})
        _generator().generate_posts(self.project.root, count=COUNT, seed=seed)
        shutil.copytree(REPO / "du-lieu", self.project.root / "du-lieu")
        self.editor = Editor(self.project.root, seed)
        self.variables = {"CCHC_STAGING": "false"}
        self.port = free_port()
        self.preview = Preview(self)
        self.made = 0

    def environ(self) -> dict[str, str]:
        env = {**os.environ, "PYTHONPATH": str(self.source), "CCHC_NOW": FIXED_NOW, "NO_MKDOCS_2_WARNING": "1",
               **self.variables}
        env.pop("SOURCE_DATE_EPOCH", None)
        return env

    # --- edits, by the kind of input they change ---------------------------------------------------

    # Every declared kind of input, and the environment, with the edits that staff, the webmaster or a
    # developer make to it: a method of the oracle, or of the Editor of the preview's own tests.
    EDITS = {
        "posts": ("edit_body", "edit_title", "edit_date", "edit_tags", "edit_unit", "move_post", "add_post",
                  "delete_post", "toggle_draft", "replace_image"),
        "answers": ("add_answer", "edit_answer", "edit_counts"),
        "plans": ("edit_plan",),
        "data": ("edit_abbreviations", "edit_units"),
        "docs": ("edit_home", "add_docs_page", "add_docs_image", "replace_docs_image"),
        "templates": ("edit_template",),
        "config": ("edit_setting",),
        "code": ("edit_code", "edit_service_template"),
        "environment": ("toggle_staging",),
    }

    def edit(self, name: str) -> list[Path]:
        """Make the edit; the files it saved."""
        own: Callable[[], list[Path]] | None = getattr(self, name, None)
        if own is not None:
            return own()
        before = {path: path.stat().st_mtime_ns for path in self.editor.posts()}
        getattr(self.editor, name)()
        after = {path: path.stat().st_mtime_ns for path in self.editor.posts()}
        return sorted({*after, *before} - {path for path in after if before.get(path) == after[path]})

    def move_post(self) -> list[Path]:
        path, front, body = self.editor.any_post()
        front["task"] = self.random.choice([task for task in range(1, 15) if task != front["task"]])
        self.editor.write_post(path, front, body)
        return [path]

    def replace_image(self) -> list[Path]:
        """A picture beside a post saved again under its name with other pixels: its published widths and
        the pages showing it change, while no post file does (images are cached by their bytes)."""
        images = sorted((self.project.root / "content" / "posts").rglob("*.png"))
        if not images:
            self.editor.add_post()
            images = sorted((self.project.root / "content" / "posts").rglob("*.png"))
        path = self.random.choice(images)
        out = io.BytesIO()
        colour = tuple(self.random.randrange(256) for _ in range(3))
        Image.new("RGB", (64 + self.random.randrange(900), 48 + self.random.randrange(600)), colour).save(out, "PNG")
        path.write_bytes(out.getvalue())
        return [path]

    def delete_post(self) -> list[Path]:
        path = self.random.choice(self.editor.posts())
        path.unlink()
        return [path]

    def add_answer(self) -> list[Path]:
        self.made += 1
        code = "K7M3QX" + ALPHABET[self.made // len(ALPHABET) % len(ALPHABET)] + ALPHABET[self.made % len(ALPHABET)]
        path = self.project.root / "content" / "hoi-dap" / f"{code.lower()}.md"
        front = {"code": code, "title": f"Hỏi đáp số {self.made}", "asked": "2022-05-02 09:15", "answered": "2022-05-10",
                 "plan": 2022, "task": self.random.randrange(1, 15), "unit": "Văn phòng", "question": "Xin hỏi thủ tục."}
        self.editor.save(path, "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\nSở trả lời.\n")
        return [path]

    def edit_answer(self) -> list[Path]:
        """An answer's title or date changed: the side column of every page lists the newest answers, so every
        page changes with it (Context.latest_answers), not only the answer's own pages."""
        answers = sorted((self.project.root / "content" / "hoi-dap").glob("*.md"))
        if not answers:
            return self.add_answer()
        path = self.random.choice(answers)
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        values = yaml.safe_load(front)
        values["title"] = f"{values['title']} (sửa {self.random.randrange(100)})"
        values["answered"] = f"2022-05-{self.random.randrange(2, 29):02d}"
        self.editor.save(path, "---\n" + yaml.safe_dump(values, allow_unicode=True) + "---\n" + body)
        return [path]

    def edit_counts(self) -> list[Path]:
        path = self.project.root / "content" / "hoi-dap" / "so-lieu.yml"
        received = self.random.randrange(1, 50)
        self.editor.save(path, f"generated: 2022-12-31 17:00\nmonths:\n  2022-03: {{received: {received}, answered: 1, "
                               "useful: 2, not_useful: 0}\n")
        return [path]

    def edit_plan(self) -> list[Path]:
        plan = self.project.root / "plan" / "2022.md"
        self.editor.save(plan, plan.read_text(encoding="utf-8").replace("name: ", f"name: (sửa {self.random.randrange(100)}) ", 1))
        return [plan]

    def edit_abbreviations(self) -> list[Path]:
        self.made += 1  # each abbreviation and each form once: a repeated one is (rightly) an error
        path = self.project.root / "du-lieu" / "viet-tat.yml"
        self.editor.save(path, path.read_text(encoding="utf-8") + f'\nVTT{self.made}: "viết tắt thử số {self.made}"\n')
        return [path]

    def edit_units(self) -> list[Path]:
        path = self.project.root / "du-lieu" / "don-vi.yml"
        self.editor.save(path, f'"Văn phòng": {{abbreviation: "VP{self.random.randrange(100)}"}}\n')
        return [path]

    def edit_home(self) -> list[Path]:
        home = self.project.root / "docs" / "index.md"
        self.editor.save(home, home.read_text(encoding="utf-8") + f"\nDòng thêm {self.random.randrange(100)}.\n")
        return [home]

    def add_docs_page(self) -> list[Path]:
        self.made += 1
        page = self.project.root / "docs" / f"trang-{self.made}.md"
        self.editor.save(page, f"# Trang thêm {self.made}\n\nNội dung.\n")
        return [page]

    def add_docs_image(self) -> list[Path]:
        """A photo (with its EXIF) put in docs/ and shown on the home page: published clean under its name and
        in widths (cchc.build.pipeline.docs_pictures_of), the home page's <img> naming them."""
        self.made += 1
        photo = self.project.root / "docs" / "anh" / f"anh-{self.made}.jpg"
        photo.parent.mkdir(parents=True, exist_ok=True)
        photo.write_bytes(phone_photo(300 + self.random.randrange(1500), 200 + self.random.randrange(900), orientation=6))
        home = self.project.root / "docs" / "index.md"
        self.editor.save(home, home.read_text(encoding="utf-8") + f"\n![Ảnh {self.made}](anh/anh-{self.made}.jpg)\n")
        return [photo, home]

    def replace_docs_image(self) -> list[Path]:
        """An image of docs/ saved again under its name with other pixels and size, its page untouched: the
        page's <img> names the new width and height (the preview renders docs/'s pages again)."""
        photos = sorted((self.project.root / "docs" / "anh").glob("*.jpg"))
        if not photos:
            return self.add_docs_image()
        path = self.random.choice(photos)
        path.write_bytes(phone_photo(300 + self.random.randrange(1500), 200 + self.random.randrange(900), orientation=1))
        return [path]

    def edit_template(self) -> list[Path]:
        template = self.root / "overrides" / "partials" / "copyright.html"
        self.editor.save(template, template.read_text(encoding="utf-8") + f"\n<!-- sửa {self.random.randrange(100)} -->\n")
        return [template]

    def edit_setting(self) -> list[Path]:
        config = yaml.safe_load(self.project.config.read_text(encoding="utf-8"))
        config["extra"]["cchc"]["home_latest"] = self.random.choice([3, 5, 8])
        config["extra"]["cchc"]["page_size"] = self.random.choice([4, 5, 7])
        self.editor.save(self.project.config, yaml.safe_dump(config, allow_unicode=True))
        return [self.project.config]

    def edit_code(self) -> list[Path]:
        module = self.source / "cchc" / "outputs" / "pages.py"
        text = module.read_text(encoding="utf-8")
        label = f'"Tin ({self.random.randrange(100)}) cải cách hành chính của Sở'
        self.editor.save(module, text.replace('"Tin cải cách hành chính của Sở', label, 1))
        return [module]

    def edit_service_template(self) -> list[Path]:
        template = self.source / "cchc" / "gopy" / "templates" / "form-gop-y.html"
        self.editor.save(template, template.read_text(encoding="utf-8") + f"\n<p>Ghi chú {self.random.randrange(100)}.</p>\n")
        return [template]

    def toggle_staging(self) -> list[Path]:
        self.variables["CCHC_STAGING"] = "true" if self.variables["CCHC_STAGING"] == "false" else "false"
        self.preview.start()  # a changed environment is a new `cchc serve`
        return []

    # --- the comparisons ---------------------------------------------------------------------------

    def cchc_build(self, out: Path) -> None:
        done = subprocess.run([sys.executable, "-m", "cchc.cli", "build", "-d", str(out)], cwd=self.project.root,
                              env=self.environ(), capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr

    def cchc_check(self) -> tuple[int, str, str]:
        done = subprocess.run([sys.executable, "-m", "cchc.cli", "check"], cwd=self.project.root, env=self.environ(),
                              capture_output=True, text=True, timeout=600, check=False)
        return done.returncode, done.stdout, done.stderr

    def check(self, done: list[str]) -> None:
        clean = Preview(self)
        clean.start()
        try:
            edited, fresh = tree(self.preview.site()), tree(clean.site())
            assert sorted(edited) == sorted(fresh), f"the preview after {done}: other files"
            assert [name for name in fresh if edited[name] != fresh[name]] == [], f"the preview after {done}"
        finally:
            clean.stop()
        warm, cold = self.root / "warm", self.root / "cold"
        self.cchc_build(warm)
        checked = self.cchc_check()  # with the posts the last check kept (cchc.content.kept_posts)
        cache, aside = self.project.root / ".cache", self.root / "cache-aside"
        cache.rename(aside)
        try:
            self.cchc_build(cold)
            assert checked == self.cchc_check(), f"cchc check after {done}"  # no post kept yet
        finally:
            shutil.rmtree(cache, ignore_errors=True)
            aside.rename(cache)
        built, clean_built = tree(warm), tree(cold)
        assert sorted(built) == sorted(clean_built), f"the build after {done}: other files"
        assert [name for name in clean_built if built[name] != clean_built[name]] == [], f"the build after {done}"
        shutil.rmtree(warm)
        shutil.rmtree(cold)


@pytest.fixture
def oracle(tmp_path: Path) -> Iterator[Oracle]:
    made = Oracle(tmp_path, seed=7)
    made.preview.start()
    made.cchc_build(tmp_path / "first")  # the warm build has a cache to be wrong with
    yield made
    made.preview.stop()


def test_every_declared_kind_of_input_has_edits() -> None:
    """A new kind in the declaration fails here until the oracle edits it."""
    assert set(Oracle.EDITS) == {kind.name for kind in inputs.KINDS} | {"environment"}


def test_edits_of_every_kind_give_the_bytes_of_clean_cold_builds(oracle: Oracle) -> None:
    rounds = 6 if LONG else 1
    done: list[str] = []
    for _ in range(rounds):
        kinds = sorted(Oracle.EDITS)
        oracle.random.shuffle(kinds)
        for kind in kinds:
            name = oracle.random.choice(Oracle.EDITS[kind])
            saved = oracle.edit(name)
            done.append(f"{kind}:{name}")
            if saved:
                oracle.preview.saved(saved)
            oracle.check(done)


def test_an_answer_shows_in_the_side_column_of_unrelated_pages_in_the_preview_as_in_a_cold_build(oracle: Oracle) -> None:
    """The side column of every desktop page lists the newest answers: one answer saved, the preview renders
    again a post page and a page of docs/ that show nothing else of it, byte-identical to clean cold builds."""
    saved = oracle.add_docs_page()
    # Saved an hour ago, not in the Editor's future: MkDocs renders a page of docs/ again in a dirty build only
    # when its file is newer than its output; what else it shows must be told by its digest.
    written = time.time() - 3600
    os.utime(saved[0], (written, written))
    oracle.preview.saved(saved)
    site = oracle.preview.site()
    post = next(path for path in sorted((site / "tin-tuc").rglob("index.html")) if len(path.relative_to(site).parts) == 5)
    docs_page = site / saved[0].stem / "index.html"
    for page in (post, docs_page):
        assert "cchc-side-answers" not in page.read_text(encoding="utf-8"), page  # no answer yet: no block
    saved = oracle.add_answer()
    oracle.preview.saved(saved)
    title = yaml.safe_load(saved[0].read_text(encoding="utf-8").split("---\n")[1])["title"]
    for page in (post, docs_page):
        shown = page.read_text(encoding="utf-8")
        assert "cchc-side-answers" in shown and title in shown, page
    oracle.check(["docs:add_docs_page", "answers:add_answer"])
    saved = oracle.edit_answer()
    oracle.preview.saved(saved)
    edited = yaml.safe_load(saved[0].read_text(encoding="utf-8").split("---\n")[1])["title"]
    assert edited != title and edited in post.read_text(encoding="utf-8")
    oracle.check(["docs:add_docs_page", "answers:add_answer", "answers:edit_answer"])


def test_an_image_of_docs_saved_again_renders_the_page_showing_it_again_in_the_preview(oracle: Oracle) -> None:
    """An image of docs/ replaced by one of another size, the page that shows it untouched (saved an hour ago,
    so MkDocs' own rule would not render it again): its <img> names the new width and height in the preview
    as in a clean cold build."""
    photo = oracle.project.root / "docs" / "anh" / "cong-truong.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(phone_photo(900, 600, orientation=1))
    page = oracle.project.root / "docs" / "gioi-thieu.md"
    page.write_text("# Giới thiệu\n\n![Cổng trường](anh/cong-truong.jpg)\n", encoding="utf-8")
    written = time.time() - 3600
    for path in (photo, page):
        os.utime(path, (written, written))
    oracle.preview.saved([photo, page])
    shown = oracle.preview.site() / "gioi-thieu" / "index.html"
    assert 'width="900" height="600"' in shown.read_text(encoding="utf-8")
    photo.write_bytes(phone_photo(1234, 567, orientation=1))
    oracle.preview.saved([photo])
    assert 'width="1234" height="567"' in shown.read_text(encoding="utf-8")
    oracle.check(["docs:add_docs_image", "docs:replace_docs_image"])


def test_a_link_to_another_posts_file_follows_that_post_in_the_preview_as_in_a_cold_build(oracle: Oracle) -> None:
    """A link written as another post's file names that post's page (cchc.site.source_links). The other post's
    date saved again moves its page to another month: the linking post's page, whose file is untouched, names
    the new address in the preview, byte-identical to clean cold builds."""
    linking, target = oracle.editor.posts()[:2]
    front, body = oracle.editor.front(linking)
    oracle.editor.write_post(linking, front, body + f"\n[Bài liên quan]({posixpath.relpath(target, linking.parent)})\n")
    oracle.preview.saved([linking])
    site = oracle.preview.site()
    page = next(path for path in sorted((site / "tin-tuc").rglob("index.html")) if "Bài liên quan" in path.read_text(encoding="utf-8"))
    oracle.check(["posts:link_post"])
    moved, body = oracle.editor.front(target)
    month = 12 if not str(moved["date"]).startswith("2022-12") else 11
    moved["date"] = f"2022-{month}-03 09:00"
    oracle.editor.write_post(target, moved, body)
    oracle.preview.saved([target])
    shown = re.search(r'<a href="([^"]*)">Bài liên quan</a>', page.read_text(encoding="utf-8"))
    assert shown is not None and f"/2022/{month}/" in str(urls.resolve(page.relative_to(site).as_posix(), shown.group(1))), shown
    oracle.check(["posts:link_post", "posts:edit_date"])
