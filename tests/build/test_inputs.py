"""The declaration of a build's inputs (cchc.build.inputs) against real builds: a build reads nothing it does
not cover, and a change to the code reaches a warm build. The declaration itself:
tests/unit/test_build_inputs.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from support import FIXED_NOW
from support.inputs import every_kind, settings_of
from support.project import SiteProject
from support.stages import PACKAGE

from cchc.build import inputs

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
    # tests/build/test_reproducible.py builds under other TZ and LANG values with the same bytes out. xml.sax
    # reads PY_SAX_PARSER when html5lib imports it (its serializer's escaping); no SAX parser is made.
    # Pillow reads PILLOW_ALIGNMENT, PILLOW_BLOCK_SIZE and PILLOW_BLOCKS_MAX when imported: how its
    # memory is allocated, never what pixels or bytes an image has.
    startup = {"HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME",
               "PYTHONTZPATH", "PYTHONUSERBASE", "PY_SAX_PARSER", "TZ", "_PYTHON_PROJECT_BASE", "_PYTHON_SYSCONFIGDATA_NAME",
               "PILLOW_ALIGNMENT", "PILLOW_BLOCK_SIZE", "PILLOW_BLOCKS_MAX"}
    assert sorted(set(variables) - startup - set(inputs.variables(settings))) == []


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
