"""Fuzzing (issue 12): generated hostile posts and plans never give a traceback, an emptied site or a
build that `cchc check` disagrees with; and (issue 22) each bound holds on generated input: the facts
of a body are located in time linear in it, and at the lines a scan of every line would give; the
Markdown time limit stops generated slow bodies in a thread too; any bytes under an allowed name
are judged without an exception.

Input classes: text with control characters (C0, C1, DEL, U+2028), noncharacters, surrogates (as YAML
escapes), right-to-left text and bidi controls, emoji and ZWJ sequences, combining marks, look-alike
letters; YAML with anchors and aliases, deep nesting, explicit tags, huge and odd numbers, odd and
out-of-range dates and offsets, unclosed quotes, flow and block collections, unknown keys; bodies with
raw HTML (allowed and refused), `javascript:`/`data:` addresses, anchors and site links that exist or
not, deep nesting, entities of control characters; files that are empty, binary, directories named
`*.md`, FIFOs, symlinks in and out of the tree and dangling, editor locks and backups, hidden files,
a file named index.html beside a post; plans with hostile values and a second generated plan.

For every example: either the content is valid, and then every feed parses (lxml and feedparser), the
report CSV neutralises formulas and the search index takes every page; or there are problems, each one
`path:line: message` on one line. Never an exception, in bounded time and memory.

`make test` runs a fixed seed: FUZZ_EXAMPLES in-process examples (load → validate → link → feeds, CSV,
search input) and BUILD_EXAMPLES real `mkdocs build --strict` runs, each checked against `cchc check`
(same problem lines, site/ untouched byte for byte on failure). `make fuzz` sets CCHC_FUZZ=long: 20,000
and 100, with a random seed.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import resource
import shutil
import threading
import time
from pathlib import Path

import feedparser
import lxml.etree
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXED_NOW, REPO
from support.oracle import png_bytes
from support.project import SiteProject

from cchc.adapter.config import load_settings
from cchc.build.pipeline import gather_content
from cchc.cli import main as cli
from cchc.content import file_kinds
from cchc.content.settings import Settings
from cchc.dates import parse_datetime
from cchc.model import RenderedBody
from cchc.problems import Problem
from cchc.render import lines as body_lines
from cchc.render import markdown as markdown_render
from cchc.render.markdown import PostRenderer
from cchc.search.index import Indexer

LONG = os.environ.get("CCHC_FUZZ") == "long"
FUZZ_EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES") or (20_000 if LONG else 300))
BUILD_EXAMPLES = int(os.environ.get("CCHC_FUZZ_BUILDS") or (100 if LONG else 12))
NOW = parse_datetime(FIXED_NOW)[0]
PLAN = (REPO / "plan" / "2022.md").read_text(encoding="utf-8")
PNG = png_bytes()  # a real image: a post's images are re-encoded for the web (src/cchc/render/images.py)
PROBLEM = re.compile(r"^[^\s].*:\d+: \S")
# A fixed seed in `make test` (derandomize); time is asserted in the test, not by Hypothesis' deadline.
FUZZ = settings(deadline=None, database=None, derandomize=not LONG, print_blob=True, suppress_health_check=list(HealthCheck))

# --------------------------------------------------------------------------- text

_CONTROL = [chr(c) for c in (*range(9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x85, 0x9F, 0x2028, 0x2029,
                              0xFDD0, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF)]
_ODD = ["\u202e", "\u202d", "\u2066", "\u200f", "\u200b", "\u200d", "\ufeff", "\u00ad", "שלום", "مرحبا", "🎉", "👨‍👩‍👧",
        "e\u0301", "\u0301\u0302\u0303", "Ð", "ð", "hoà", "hòa", "Ạ", "ℌ", "Ⅻ", "\U0001d54f", "𝒜", "\u3000", "ｆｕｌｌ"]
_SYNTAX = list(":#&*!|>'\"%@`{}[],-?<\\=+") + ["\n", "\t", "  ", "---", "...", "<!--", "]]>", "&amp;", "\\x0b"]
_WORDS = ["Sở", "Giáo dục", "và", "Đào tạo", "cải cách", "hành chính", "tập huấn", "Hưng Yên", "2022", "nhiệm vụ"]
_TEXT = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_WORDS), st.sampled_from(_CONTROL), st.sampled_from(_ODD),
                           st.sampled_from(_SYNTAX), st.characters(codec="utf-8")), max_size=12).map(" ".join)
_NAME = st.one_of(st.sampled_from(_WORDS), _TEXT)


def _escape(text: str) -> str:
    """A YAML double-quoted scalar, control characters and surrogates written as escapes."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029":
            out.append(f"\\x{code:02x}")
        elif code in (0xFFFE, 0xFFFF) or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
            out.append(f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_SURROGATE = st.integers(0xD800, 0xDFFF).map(lambda code: f'"a\\u{code:04x}b"')
_QUOTED = st.one_of(_TEXT.map(_escape), _TEXT.map(_escape), _SURROGATE, _TEXT.map(lambda t: "'" + t.replace("'", "''") + "'"))
_SCALAR_TEXT = st.one_of(_QUOTED, _QUOTED, _TEXT, st.sampled_from(['"Tin', "'Tin", '"Tin"x', "|\n  dòng một\n  dòng hai"]))

# --------------------------------------------------------------------------- YAML values

_DATES = st.one_of(
    st.sampled_from(["2022-03-15 08:30", "2022-03-15", "2022-03-15T08:30:00+07:00", "2022-06-30T23:30:00Z", "2022-02-30",
                     "2022-13-01", "2022-03-15 25:00", "1905-01-01", "1999-12-31 23:59", "2101-01-01", "9999-12-31 23:59-12:00",
                     "2022-03-15T08:00+25:00", "2022-03-15T08:00+14:00", "2022-03-15T08:00-12:00", "2022-03-15T08:00+07:60",
                     "0001-01-01", "2022-3-5", "15/03/2022", "2100-12-31 23:59-12:00", "2027-01-01 08:00", "2022-03-15 08:30:00.5"]),
    st.builds(lambda y, m, d, h: f"{y:04d}-{m:02d}-{d:02d} {h:02d}:00", st.integers(1, 9999), st.integers(0, 13),
              st.integers(0, 32), st.integers(0, 25)),
)
_NUMBERS = st.one_of(st.integers(-3, 20).map(str), st.integers(19, 6000).map(lambda n: "9" * n), st.sampled_from(
    ["1e999", ".nan", "-.inf", "1.5", "0x1F", "0o17", "1:30", "1_000", "+7", "-0", "true", "no", "~", "null", ""]))
_TAGGED = st.sampled_from(["!!timestamp 2022-13-45", "!!binary aGk=", "!!python/object:os.system x", "!!set {a, b}",
                           "!!int x", "!!float y", "!!str 2022", "! x", "!!omap [a: 1]", "!foo bar"])


def _nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


_VALUE = st.one_of(_SCALAR_TEXT, _SCALAR_TEXT, _NUMBERS, _DATES, _TAGGED,
                   st.integers(1, 80).map(_nested), st.just(_nested(5000)),
                   st.lists(st.one_of(_QUOTED, _NUMBERS), max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
                   st.sampled_from(["{a: 1, b: [2, 3]}", "&a [1, 2]", "*a", "&x 1", "[*x, *x]", "{? [a, b]: c}", "<<: {a: 1}"]))


@st.composite
def front_matter(draw: st.DrawFn, *, valid_title: str) -> str:
    """Mostly a valid post's front matter, with some values, keys or lines hostile."""
    keys: dict[str, str] = {
        "title": draw(st.one_of(st.just(_escape(valid_title)), _VALUE)),
        "date": draw(st.one_of(st.sampled_from(["2022-03-15 08:30", "2022-05-01", "2022-11-09 07:00"]), _DATES, _VALUE)),
        "task": draw(st.one_of(st.integers(1, 14).map(str), st.just("[2, 7]"), _NUMBERS, _VALUE)),
        "unit": draw(st.one_of(st.sampled_from(['"Văn phòng"', '"Phòng GDĐT huyện Văn Lâm"']), _QUOTED, _VALUE)),
    }
    optional = {
        "summary": st.one_of(_QUOTED, _VALUE),
        "tags": st.one_of(st.lists(_QUOTED, max_size=3).map(lambda t: "[" + ", ".join(t) + "]"), _VALUE),
        "slug": st.one_of(st.sampled_from(["tin-thu", "Tin Thu", "a" * 200, "-", "trang"]), _VALUE),
        "updated": st.one_of(_DATES, _VALUE), "draft": st.sampled_from(["true", "false", '"có"']),
        "image": st.sampled_from(["anh.png", "ngoai.png", "../anh.png", "khong-co.png", "/etc/passwd", ".env", "index.html"]),
        "plan": st.one_of(st.sampled_from(["2022", "2023", "1999"]), _NUMBERS), "sample": st.sampled_from(["true", "1"]),
        "procedure": st.sampled_from(['{name: "Thủ tục", field: "Lĩnh vực", url: "javascript:alert(1)"}',
                                      '{name: "Thủ tục", field: "Văn bằng", documents: [{name: "Đơn", copies: 1}]}', "[]"]),
        "tgas": st.just('["x"]'), draw(_TEXT.filter(lambda key: key.strip() != "")).replace(":", "").replace("\n", " ") or "k": _VALUE,
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), max_size=4, unique=True)):
        keys[key] = draw(optional[key])
    lines = [f"{key}: {value}" for key, value in keys.items()]
    if draw(st.booleans()) and draw(st.booleans()):  # a raw hostile character or line somewhere
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.one_of(st.sampled_from(_CONTROL), _TEXT, st.sampled_from(["  bad: indent", "- list", "a: &b x"]))))
    return "\n".join(lines)


# --------------------------------------------------------------------------- bodies

_TARGETS = st.sampled_from(["#muc-mot", "#khong-co", "../khac.md", "javascript:alert(1)", " JaVa\tScRiPt:x", "data:text/html,x",
                            "https://example.gov.vn/", "anh.png", "ngoai.png", "tep.pdf", "../../../../ke-hoach/2022/",
                            "../../../../ke-hoach/2099/", "../../../../ke-hoach/2022/bao-cao.csv", "mailto:a@b.vn",
                            "index.html", ".env", "../../../../../../../../etc/passwd", "vbscript:x", "?q=1", "#",
                            "trang.html", "hinh.svg", "gia.png"])
_HTML = st.sampled_from([
    "<strong>đậm</strong>", '<div class="ghi-chu">Ghi chú</div>', "<table><tr><td>1</td></tr></table>", "<script>alert(1)</script>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">', '<iframe src="https://x.vn"></iframe>',
    "<img src=x onerror=alert(1)>", '<p style="position:fixed">x</p>', '<a href="javascript:alert(1)">x</a>',
    "<div>" * 40 + "x" + "</div>" * 40, '<div markdown="1">\n**md**\n</div>', "<!-- chú thích -->", "<svg><script>1</script></svg>",
    '<a href="anh.png" id="muc-hai">ảnh</a>', "<base href=//evil>", "<form action=//x><input></form>",
    "&#11; &#0; &#xFFFE; &#x1F600; &amp;",
    "<scr<script>ipt>", "<a href='&#106;avascript:x'>x</a>", "<details open><summary>Xem</summary>Nội dung</details>",
])


@st.composite
def body(draw: st.DrawFn) -> str:
    blocks = ["## Mục một"]
    for _ in range(draw(st.integers(0, 6))):
        blocks.append(draw(st.one_of(
            _TEXT, _TEXT,
            st.builds(lambda text, target: f"[{text}]({target})", _TEXT, _TARGETS),
            st.builds(lambda text, target: f"![{text}]({target})", _TEXT, _TARGETS),
            _HTML, _HTML,
            st.integers(1, 45).map(lambda n: ">" * n + " trích dẫn"),
            st.integers(1, 40).map(lambda n: "\n".join("    " * i + "- mục" for i in range(n))),
            st.builds(lambda text: f"```\n<script>{text}</script>\n```", _TEXT),
            st.builds(lambda text: f"!!! note\n    {text}", _TEXT),
            st.builds(lambda text: f"## {text} {{: #muc-mot onclick=\"x\" }}", _TEXT),
            st.builds(lambda text: f"| a | b |\n|:--|--:|\n| {text} | 1 |", _TEXT),
        )))
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- files


def _post_text(draw: st.DrawFn, title: str) -> str:
    return "---\n" + draw(front_matter(valid_title=title)) + "\n---\n" + draw(body())


FILE_KINDS = ["image", "image-out", "image-in", "dangling", "lock", "dir-md", "empty", "binary", "fifo", "backup",
              "post-out", "dir-link", "dotenv", "index-html", "image-dev", "page-beside", "svg", "disguised", "docs-link",
              "docs-fifo", "docs-dir-link"]


@st.composite
def project_files(draw: st.DrawFn) -> tuple[dict[str, str | bytes], list[str], str | None]:
    """(posts and plan files by path, file kinds to add, a hostile second plan)."""
    files: dict[str, str | bytes] = {}
    for number in range(draw(st.integers(1, 4))):
        month = draw(st.sampled_from(["03", "05", "11"]))
        name = draw(st.one_of(st.sampled_from(["tin", "tin-thu", "bai"]), st.just(f"bai-{number}"), _TEXT.map(lambda t: t[:30])))
        name = name.replace("/", "-").replace("\x00", "") or "x"
        title = draw(st.one_of(st.sampled_from(["Tin thử", "Tập huấn cải cách hành chính", "🎉🎉🎉"]), _TEXT))
        files[f"content/posts/2022/{month}/{name}.md"] = _post_text(draw, title)
    if draw(st.booleans()):
        line = draw(st.sampled_from(["    lead: ", "    name: ", "number: ", "    timeframe: "]))
        files["plan/2022.md"] = PLAN.replace(line, line + draw(_VALUE) + " # ", 1) if line in PLAN else PLAN
    extra_plan = draw(st.one_of(st.none(), st.builds(lambda fm: "---\n" + fm + "\n---\n", front_matter(valid_title="Kế hoạch"))))
    kinds = draw(st.lists(st.sampled_from(FILE_KINDS), max_size=4))
    return files, kinds, extra_plan


def write_project(root: Path, files: dict[str, str | bytes], kinds: list[str], extra_plan: str | None) -> None:
    """The generated content in `root`, replacing what an earlier example wrote."""
    for old in ("content", "plan"):
        shutil.rmtree(root / old, ignore_errors=True)
    for entry in (root / "docs").iterdir():  # what an earlier example added to docs/
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        elif entry.name != "index.md":
            entry.unlink()
    (root / "content" / "posts").mkdir(parents=True)
    (root / "plan").mkdir()
    (root / "plan" / "2022.md").write_text(PLAN, encoding="utf-8")
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    if extra_plan is not None:
        (root / "plan" / "2023.md").write_text(extra_plan, encoding="utf-8")
    folder = root / "content" / "posts" / "2022" / "03"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "anh.png").write_bytes(PNG)
    actions = {
        "image": lambda: (folder / "tep.pdf").write_bytes(b"%PDF-1.4\n"),
        "image-out": lambda: (folder / "ngoai.png").symlink_to("/etc/passwd"),
        "image-in": lambda: (folder / "trong.png").symlink_to(folder / "anh.png"),
        "image-dev": lambda: (folder / "tep.pdf").symlink_to("/dev/zero"),
        "dangling": lambda: (folder / "hong.md").symlink_to("khong-co.md"),
        "lock": lambda: (folder / ".#tin.md").symlink_to("nguoi@may.1:1"),
        "dir-md": lambda: (folder / "thu-muc.md").mkdir(),
        "empty": lambda: (folder / "rong.md").write_bytes(b""),
        "binary": lambda: (folder / "nhi-phan.md").write_bytes(bytes(range(256)) * 3),
        "fifo": lambda: os.mkfifo(folder / "ong.md"),
        "backup": lambda: (folder / "tin.md~").write_text("cũ", encoding="utf-8"),
        "post-out": lambda: (folder / "ngoai.md").symlink_to("/etc/passwd"),
        "dir-link": lambda: (root / "content" / "posts" / "lien-ket").symlink_to(root / "plan", target_is_directory=True),
        "dotenv": lambda: (folder / ".env").write_text("MAT_KHAU=1", encoding="utf-8"),
        "index-html": lambda: (folder / "index.html").write_text("<p>giả</p>", encoding="utf-8"),
        "page-beside": lambda: (folder / "trang.html").write_text("<meta http-equiv=refresh content='0;url=//x'>", encoding="utf-8"),
        "svg": lambda: (folder / "hinh.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8"),
        "disguised": lambda: (folder / "gia.png").write_bytes(b"<html><script>alert(1)</script>"),
        "docs-link": lambda: (root / "docs" / "mat-khau.txt").symlink_to("/etc/passwd"),
        "docs-fifo": lambda: os.mkfifo(root / "docs" / "ong"),
        "docs-dir-link": lambda: (root / "docs" / "he-thong").symlink_to("/etc", target_is_directory=True),
    }
    for kind in kinds:
        with contextlib.suppress(FileExistsError):
            actions[kind]()


def assert_problem_lines(problems: list[Problem]) -> None:
    for problem in problems:
        shown = str(problem)
        assert "\n" not in shown and PROBLEM.match(shown), shown
        assert problem.line >= 1 and not problem.path.startswith("/"), shown


def check_outputs(build_files: dict[str, bytes]) -> None:
    """Every feed parses in lxml and feedparser; every CSV is UTF-8 with no cell Excel evaluates."""
    for path, data in build_files.items():
        if path.endswith(".xml"):
            lxml.etree.fromstring(data)
            parsed = feedparser.parse(data)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        elif path.endswith(".csv"):
            text = data.decode("utf-8-sig")
            assert not re.search(r"(^|,)[=+\-@]", text, re.MULTILINE), text


# --------------------------------------------------------------------------- in process: hundreds of examples


class Fixture(tuple):
    """A fixture's values, shown briefly in Hypothesis' report of a failing example."""

    def __repr__(self) -> str:
        return "…"


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteProject, Settings]:
    project = SiteProject(tmp_path_factory.mktemp("fuzz") / "project")
    settings, _ = load_settings(project.config)  # the real extensions of mkdocs.yml (attr_list, md_in_html, …)
    return Fixture((project, settings))


@settings(FUZZ, max_examples=FUZZ_EXAMPLES)
@given(generated=project_files())
def test_any_content_gives_a_site_or_problem_lines(fuzz_project: tuple[SiteProject, Settings],
                                                   generated: tuple[dict[str, str | bytes], list[str], str | None]) -> None:
    project, site_settings = fuzz_project
    write_project(project.root, *generated)
    started = time.monotonic()
    content = gather_content(site_settings, now=NOW)
    assert time.monotonic() - started < 30
    assert_problem_lines(content.problems)
    if content.errors:
        assert content.build is None
        return
    assert content.build is not None
    check_outputs({**content.build.feed_files, **content.build.files})
    # The search index's input: each published post as the build writes its article (the body's HTML is
    # the core's, as the page shows it), read by the indexer.
    indexer = Indexer()
    for post in content.build.site.posts:
        article = (f'<article data-search-body data-search-date="x" data-search-datetime="{post.date.isoformat()}">'
                   f"<h1 data-search-title>{html.escape(post.title)}</h1>{post.rendered.html}</article>")
        indexer.add(post.url + "index.html", article.encode("utf-8"))
    shutil.rmtree(project.root / "tim-kiem", ignore_errors=True)
    assert indexer.write(project.root / "tim-kiem") == len(content.build.site.posts)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 3 * 2**20  # KiB: the worker stays under 3 GiB


# --------------------------------------------------------------------------- real builds: a handful


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteProject, Path, dict[str, bytes]]:
    """A project with a good site built; each example starts from a copy of it."""
    project = SiteProject(tmp_path_factory.mktemp("fuzz-build") / "project")
    project.write_post("2022/03/tot.md", {"title": "Tin tốt", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"})
    pristine = project.root / "site-goc"
    result = project.build(out=pristine)
    assert result.returncode == 0, result.stderr
    files = {path.relative_to(pristine).as_posix(): path.read_bytes() for path in sorted(pristine.rglob("*")) if path.is_file()}
    return Fixture((project, pristine, files))


def run_check(root: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["check"])
    finally:
        os.chdir(previous)
    return code, out.getvalue() + err.getvalue()


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if PROBLEM.match(line) and ": cảnh báo: " not in line]


@settings(FUZZ, max_examples=BUILD_EXAMPLES)
@given(generated=project_files())
def test_build_and_check_agree_and_a_failed_build_leaves_the_site(
        built_project: tuple[SiteProject, Path, dict[str, bytes]], generated: tuple[dict[str, str | bytes], list[str], str | None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project, pristine, before = built_project
    write_project(project.root, *generated)
    out = project.root / "site"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(pristine, out)
    monkeypatch.setenv("CCHC_NOW", FIXED_NOW)
    result = project.build(out=out)
    code, checked = run_check(project.root)
    assert "Traceback" not in result.stdout + result.stderr + checked
    if result.returncode == 0:
        assert code == 0, checked
        for feed in out.rglob("feed.xml"):
            assert not feedparser.parse(feed.read_bytes()).bozo, feed
        return
    assert code == 1, (result.stderr, checked)
    assert error_lines(result.stderr) == error_lines(checked) != [], (result.stderr, checked)
    assert all(PROBLEM.match(line) for line in checked.splitlines()[:-1]), checked  # the last line is the summary
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before, "a failed build changed site/"


# --------------------------------------------------------------------------- bounds (issue 22)

BOUND_EXAMPLES = int(os.environ.get("CCHC_FUZZ_BOUNDS") or (300 if LONG else 25))
_PIECES = st.sampled_from(["a", "ab", "b.png", "a.pdf", "#m", "x/y", "-", ".", "%20", "\t", " ", "é", "aa", "ab.png", "_"])


@st.composite
def lines_and_texts(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Lines made of pieces that are parts of each other (where a multi-text search can go wrong), and
    texts to find, mostly taken from the lines."""
    lines = [draw(st.lists(_PIECES, max_size=8).map("".join)) for _ in range(draw(st.integers(1, 12)))]
    texts = []
    for _ in range(draw(st.integers(1, 40))):
        line = draw(st.sampled_from(lines))
        if line and draw(st.booleans()):
            start = draw(st.integers(0, len(line) - 1))
            texts.append(line[start:draw(st.integers(start + 1, len(line)))])
        else:
            texts.append(draw(st.lists(_PIECES, min_size=1, max_size=3).map("".join)))
    return lines, texts


def _scan_every_line(lines: list[str], texts: list[str], *, whole: bool) -> list[int]:
    """The lines as the finder used to give them: a scan of every line for every fact."""
    taken: dict[str, int] = {}
    found = []
    for text in texts:
        pattern = re.compile(r"(?<![\w./%-])" + re.escape(text) + r"(?![\w/%-])") if whole else None
        holding = [i for i, line in enumerate(lines) if text and "\n" not in text and any(
            text in seen and (pattern is None or pattern.search(seen)) for seen in (line, line.expandtabs(4)))]
        index = next((i for i in holding if i > taken.get(text, -1)), holding[0] if holding else 0)
        taken[text] = index
        found.append(index)
    return found


@settings(FUZZ, max_examples=BOUND_EXAMPLES * 4)
@given(generated=lines_and_texts(), whole=st.booleans(), few=st.sampled_from([0, 10**6]), misses=st.sampled_from([1, 8]))
def test_facts_are_found_at_the_lines_a_scan_of_every_line_gives(
        generated: tuple[list[str], list[str]], whole: bool, few: int, misses: int, monkeypatch: pytest.MonkeyPatch) -> None:
    lines, texts = generated
    monkeypatch.setattr(body_lines, "_FEW", few)  # one C scan per text, or one pass for all
    monkeypatch.setattr(body_lines, "_MISSES", misses)  # a path's pattern from its first hit inside a longer one, or later
    cursor = body_lines.Cursor(body_lines.first_lines(body_lines.Lines(lines), body_lines.wanted(texts), whole=whole), 0)
    assert [cursor.find(text) for text in texts] == _scan_every_line(lines, texts, whole=whole)


_FACT_LINES = st.sampled_from([
    "[tải](tep-{i}.pdf)", "[tải](mau.pdf)", "<http://a.vn/{i}>", "![Ảnh {i}](anh-{i}.png)", "![Ảnh](anh.png)",
    "## Mục {i}\n\n[xem](#muc-{i})", "[xem](#muc-0)", "Chữ <span onclick=\"x{i}\">a</span>", "## Mục {i} {{: onclick=\"y\" }}",
    "[x]({a}.pdf) {a}", "\t[tab](t-{i}.txt)", "<div>\n<a href=\"h-{i}.pdf\">h</a>\n</div>",
])


@settings(FUZZ, max_examples=max(BOUND_EXAMPLES // 3, 6))
@given(block=st.lists(_FACT_LINES, min_size=1, max_size=4))
def test_doubling_a_generated_body_doubles_the_work_of_its_facts(block: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 600.0)
    renderer = PostRenderer(("toc", "tables", "fenced_code", "attr_list", "md_in_html"), {})

    def seconds(count: int) -> float:
        body = "\n\n".join(line.format(i=i, a="a" * (i % 40 + 1)) for i in range(count) for line in block)
        converted = renderer._convert(body, markdown_render.MARKDOWN_SECONDS)
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            markdown_render._with_lines(converted, body, 7)
            best = min(best, time.process_time() - started)
        return best

    small, large = seconds(1200), seconds(2400)
    assert large < 3.5 * max(small, 0.005), (block, small, large)  # quadratic: 4 times


_SLOW = st.sampled_from(["[a ", "[", "*a ", "_a ", "<a ", "![", "`", "[a](", "**", "&#", "\\["])


@pytest.fixture(scope="module")
def limited_renderer() -> Fixture:
    renderer = PostRenderer(("toc", "tables", "fenced_code", "attr_list", "md_in_html"), {})
    return Fixture((renderer,))


@settings(FUZZ, max_examples=max(BOUND_EXAMPLES // 3, 6))
@given(unit=_SLOW, count=st.integers(200, 6000), text=_TEXT)
def test_the_markdown_limit_stops_generated_bodies_in_a_thread(
        limited_renderer: tuple[PostRenderer], unit: str, count: int, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built in a thread, as the preview builds: either the body is read, or it is reported at its line
    within the limit; the renderer goes on either way."""
    (renderer,) = limited_renderer
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 0.3)
    body = text + "\n\n" + unit * count + "\n"
    found: dict[str, object] = {}
    worker = threading.Thread(target=lambda: found.update(slow=renderer.render(body, body_line=7),
                                                          next=renderer.render("Một đoạn.\n", body_line=7)))
    started = time.monotonic()
    worker.start()
    worker.join(120)
    assert not worker.is_alive() and time.monotonic() - started < 120
    slow = found["slow"]
    assert isinstance(slow, RenderedBody)
    assert slow.html or [line for line, _ in slow.facts.problems] == [7], slow.facts.problems
    assert found["next"] == PostRenderer(("toc", "tables", "fenced_code", "attr_list", "md_in_html"), {}).render("Một đoạn.\n", body_line=7)


@settings(FUZZ, max_examples=BOUND_EXAMPLES * 4)
@given(name=st.sampled_from([name for kind in file_kinds.KINDS for name in kind.extensions] + [".svg", ".html", ".bin", ""]),
       head=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n", b"%PDF-", b"\xef\xbb\xbf",
                             b"<svg", b"RIFF\0\0\0\0WEBP", b"\0\0\0\x1cftypavif"]),
       rest=st.binary(max_size=2048), image=st.booleans())
def test_any_bytes_under_any_name_are_judged(tmp_path_factory: pytest.TempPathFactory, name: str, head: bytes, rest: bytes,
                                             image: bool) -> None:
    """A file beside a post is read by its content: whatever the bytes, a verdict, never an exception."""
    path = tmp_path_factory.mktemp("tep") / f"tep{name}"
    path.write_bytes(head + rest)
    verdict = file_kinds.kind_problem(path, image=image)
    assert verdict is None or (verdict and "\n" not in verdict)
