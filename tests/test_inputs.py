"""The declaration of a build's inputs (cchc.build.inputs): a build reads nothing it does not cover,
nothing else in the package lists inputs, and what derives from it (watcher, caches, fingerprint,
pre-commit) follows every kind."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from conftest import FIXED_NOW, REPO, SiteProject

from cchc import dates
from cchc.adapter.config import load_settings
from cchc.build import inputs
from cchc.content.settings import Settings

PACKAGE = REPO / "src" / "cchc"
ANSWER = """---
code: K7M3QX9A
title: Hỏi về văn bằng
asked: 2022-05-02 09:15
answered: 2022-05-10
plan: 2022
task: 8
unit: Văn phòng
question: Xin hỏi thủ tục chỉnh sửa văn bằng.
---
Sở trả lời: nộp trực tuyến trên Cổng.
"""
COUNTS = "generated: 2022-12-31 17:00\nmonths:\n  2022-03: {received: 5, answered: 2, useful: 10, not_useful: 3}\n"


def every_kind(root: Path) -> SiteProject:
    """A project with a file of every declared kind: posts with an image, an answer and its counts,
    the data files, a docs page and the agency's logo."""
    project = SiteProject(root)
    shutil.copytree(REPO / "content" / "posts", project.root / "content" / "posts", dirs_exist_ok=True)
    project.write("content/hoi-dap/k7m3qx9a.md", ANSWER)
    project.write("content/hoi-dap/so-lieu.yml", COUNTS)
    shutil.copytree(REPO / "du-lieu", project.root / "du-lieu")
    project.write("docs/gioi-thieu.md", "# Giới thiệu\n\nTrang của quản trị web.\n")
    project.make_ready()
    return project


def settings_of(project: SiteProject) -> Settings:
    return load_settings(project.config)[0]


# The audit hook sees opens and directory listings in the build's own process; the Markdown conversion
# ahead in forked processes and the search index in its own process are turned off, so that everything
# is read where the hook sees it.
_AUDITED_BUILD = """
import json, os, sys
seen = []
def hook(event, args):
    if event == "open" and not isinstance(args[0], int):
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        seen.append([os.path.abspath(os.fsdecode(args[0])), "ghi" if writing else "doc"])
    elif event in ("os.listdir", "os.scandir") and isinstance(args[0], (str, bytes, os.PathLike)):
        seen.append([os.path.abspath(os.fsdecode(args[0])), "liet-ke"])
sys.addaudithook(hook)
variables = set()
environ_type = type(os.environ)
get_item, has_item = environ_type.__getitem__, environ_type.__contains__
environ_type.__getitem__ = lambda self, key: variables.add(key) or get_item(self, key)
environ_type.__contains__ = lambda self, key: variables.add(key) or has_item(self, key)
os.cpu_count = lambda: 1  # the search index in this process (cchc.search.process)
from cchc.render import markdown
markdown.AHEAD_AT_LEAST = 10**9  # no conversion ahead in forked processes
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
build(config)
build(config)  # again: the second build reads its cache
json.dump({"files": seen, "variables": sorted(variables)}, open(sys.argv[3], "w", encoding="utf-8"))
"""


def audited_build(project: SiteProject, work: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    out, record = work / "site", work / "doc.json"
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([sys.executable, "-c", _AUDITED_BUILD, str(project.config), str(out), str(record)],
                          cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(record.read_text(encoding="utf-8"))
    return [(Path(path), what) for path, what in found["files"]], found["variables"]


def _python_paths() -> list[Path]:
    """Where Python and the installed distributions live (a declared input: their versions)."""
    places = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.base_exec_prefix)}
    for dist in metadata.distributions():
        located = getattr(dist, "_path", None)
        if located is not None:
            places.add(Path(located).resolve())
    return sorted(places)


def test_a_build_reads_only_what_the_declaration_covers(tmp_path: Path) -> None:
    project = every_kind(tmp_path / "du-an")
    work = tmp_path / "lam"
    work.mkdir()
    settings = settings_of(project)
    declared = [path for kind in inputs.KINDS for path in kind.paths(settings)]
    products = [work, project.root / ".cache" / "cchc"]  # what the build writes itself, and reads back
    python = _python_paths()
    import_roots = [Path(entry).resolve() for entry in sys.path if entry and Path(entry).is_dir()]
    # babel.localtime reads the machine's zone when Babel is imported; nothing here formats with it
    # (test_babel_local_zone_changes_no_date below).
    machine_zone = [Path("/usr/share/zoneinfo"), Path("/etc/localtime"), Path("/etc/timezone")]
    undeclared = []
    read, variables = audited_build(project, work)
    for path, what in read:
        if what == "ghi" or any(path == place or path.is_relative_to(place) for place in [*declared, *products, *python]):
            continue
        if what == "liet-ke" and (path in import_roots or any(place.is_relative_to(path) for place in [*declared, *products])):
            continue  # the import system's search, or a folder on the way to a declared one
        if any(path == zone or path.is_relative_to(zone) for zone in machine_zone):
            continue
        if path.parent.name == "__pycache__" and (path.parent.parent / f"{path.name.split('.')[0]}.py") in declared:
            continue  # Python's compiled form of a declared code file
        undeclared.append(f"{what} {path}")
    assert sorted(set(undeclared)) == []
    # Read at start by Python (site, sysconfig, zoneinfo), by Babel's guess of the machine's locale and
    # zone, and by MkDocs' user-directory lookup; every call here names its locale and zone, and
    # tests/test_reproducible.py builds under other TZ and LANG values with the same bytes out. xml.sax
    # reads PY_SAX_PARSER when html5lib imports it (its serializer's escaping); no SAX parser is made.
    startup = {"HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME",
               "PYTHONTZPATH", "PYTHONUSERBASE", "PY_SAX_PARSER", "TZ", "_PYTHON_PROJECT_BASE", "_PYTHON_SYSCONFIGDATA_NAME"}
    assert sorted(set(variables) - startup - set(inputs.variables(settings))) == []


def test_babel_local_zone_changes_no_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    from babel import localtime
    moment = datetime(2022, 3, 15, 23, 30, tzinfo=dates.LOCAL_TZ)
    before = (dates.format_short(moment), dates.format_short(moment.date()), dates.format_formal(moment.date()))
    monkeypatch.setattr(localtime, "LOCALTZ", dates.UTC)
    assert (dates.format_short(moment), dates.format_short(moment.date()), dates.format_formal(moment.date())) == before


def test_the_local_zone_comes_from_the_pinned_tzdata_package() -> None:
    assert dates.LOCAL_TZ.key == "Asia/Ho_Chi_Minh"
    assert f"tzdata=={metadata.version('tzdata')}" in inputs.distributions()


_LISTED = ("posts_dir", "plan_dir", "answers_dir", "docs_dir", "units_file", "abbreviations_file", "template_dirs",
           "hook_files", "config_files")


def test_no_module_but_the_declaration_lists_inputs() -> None:
    """A literal or call naming two or more of the settings' input paths, or a look at installed versions
    or at file-system events, belongs in cchc.build.inputs only."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "build" / "inputs.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Call):
                named = {child.attr for child in ast.walk(node) if isinstance(child, ast.Attribute) and child.attr in _LISTED}
                if len(named) >= 2:
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {sorted(named)}")
            if isinstance(node, ast.Attribute) and node.attr in ("version", "distributions") and \
                    isinstance(node.value, ast.Name) and node.value.id == "metadata":
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: metadata.{node.attr}")
    assert found == []


def test_every_declared_path_is_watched_and_classified(tmp_path: Path) -> None:
    project = every_kind(tmp_path / "du-an")
    settings = settings_of(project)
    watched = inputs.watched(settings)
    for kind in inputs.KINDS:
        for path in kind.paths(settings):
            assert any(path == folder or path.is_relative_to(folder) if recursive else path.parent == folder
                       for folder, recursive in watched), path
            for file in inputs.files(settings, [kind]) or [path]:
                assert inputs.kind_of(settings, file) == kind, file
    assert inputs.kind_of(settings, project.root / "content" / "hoi-dap" / "k7m3qx9a.md") == inputs.kind_named("answers")
    assert inputs.kind_of(settings, PACKAGE / "gopy" / "templates" / "page.html") == inputs.kind_named("code")
    assert inputs.kind_of(settings, project.root / "site" / "index.html") is None
    assert inputs.kind_of(settings, PACKAGE / "__pycache__" / "text.cpython-311.pyc") is None


def test_what_derives_from_the_declaration_follows_every_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to a file of any kind changes the fingerprint; to a shared kind, the page cache's salt;
    to the code or the configuration, the Markdown cache's salt; a non-shared kind leaves both salts."""
    project = every_kind(tmp_path / "du-an")
    # Copies of the templates and of a code file: the test edits files of its own, never the repository's.
    templates, code = tmp_path / "giao-dien", tmp_path / "ma-nguon.py"
    shutil.copytree(REPO / "overrides", templates)
    shutil.copy(REPO / "hooks" / "cchc_hooks.py", code)
    settings = replace(settings_of(project), template_dirs=(templates,), hook_files=(code,))
    base = (inputs.fingerprint(settings), inputs.shared_digest(settings), inputs.rendering_digest(settings))
    for kind in inputs.KINDS:
        file = next(found for found in inputs.files(settings, [kind]) if found.is_relative_to(tmp_path))
        original = file.read_bytes()
        file.write_bytes(original + b"\n")
        try:
            now = (inputs.fingerprint(settings), inputs.shared_digest(settings), inputs.rendering_digest(settings))
        finally:
            file.write_bytes(original)
        assert now[0] != base[0], kind.name
        assert (now[1] != base[1]) == kind.shared, kind.name
        assert (now[2] != base[2]) == (kind.effect in (inputs.CODE, inputs.CONFIG)), kind.name
    monkeypatch.setenv("CCHC_STAGING", "true")  # a variable the configuration reads
    assert inputs.fingerprint(settings) != base[0] and inputs.shared_digest(settings) != base[1]
    monkeypatch.delenv("CCHC_STAGING")
    monkeypatch.setenv("CCHC_NOW", "2030-01-01 00:00")  # the clock: through the site model only
    assert (inputs.fingerprint(settings), inputs.shared_digest(settings)) == base[:2]


def test_the_pre_commit_hook_checks_every_kind_staff_write() -> None:
    settings = load_settings(REPO / "mkdocs.yml")[0]
    hook = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["files"] == inputs.staff_pattern(settings)
    pattern = re.compile(hook["files"])
    for kind in inputs.KINDS:
        for file in inputs.files(settings, [kind])[:1]:
            assert bool(pattern.search(file.relative_to(REPO).as_posix())) == kind.staff, file


def test_the_configuration_environment_is_declared() -> None:
    settings = load_settings(REPO / "mkdocs.yml")[0]
    assert set(inputs.config_environment(settings)) == {"CCHC_SITE_URL", "CCHC_FEEDBACK_DB", "CCHC_STAGING"}
    assert inputs.variables(settings) == ("CCHC_NOW", "SOURCE_DATE_EPOCH", "CCHC_FEEDBACK_DB", "CCHC_SITE_URL", "CCHC_STAGING")


def test_a_change_to_the_code_reaches_a_warm_build(tmp_path: Path) -> None:
    """The reproduction of the trust issue: after a change to the heading-slug function, a build with
    the cache of the previous one wrote the old heading ids. Built here with a copy of the package."""
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "cchc", ignore=shutil.ignore_patterns("__pycache__"))
    project = SiteProject(tmp_path / "du-an")
    project.write_post("2022/03/bai.md", {"title": "Bài có mục", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"},
                       "Đoạn mở đầu.\n\n## Mục một\n\nĐoạn của mục.")
    env = {"PYTHONPATH": str(copy)}
    page = project.root / "site" / "tin-tuc" / "2022" / "03" / "bai-co-muc" / "index.html"
    assert project.build(env=env).returncode == 0
    assert 'id="muc-mot"' in page.read_text(encoding="utf-8")
    text = copy / "cchc" / "text.py"
    text.write_text(text.read_text(encoding="utf-8").replace(
        'return slugify(value).replace("-", separator)', 'return "muc-" + slugify(value).replace("-", separator)'), encoding="utf-8")
    warm = project.build(env=env)
    assert warm.returncode == 0, warm.stderr
    assert 'id="muc-muc-mot"' in page.read_text(encoding="utf-8")
    shutil.rmtree(project.root / ".cache")
    cold = project.build(env=env, out=tmp_path / "lanh")
    assert cold.returncode == 0
    assert page.read_bytes() == (tmp_path / "lanh" / "tin-tuc" / "2022" / "03" / "bai-co-muc" / "index.html").read_bytes()
