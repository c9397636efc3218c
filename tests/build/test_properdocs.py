"""ProperDocs, the tested fallback engine (quyet-dinh/0001-mkdocs-het-vong-doi.md): `properdocs build`
gives the site `python -m mkdocs build` gives, byte for byte but for the `<meta name="generator">` line.

ProperDocs 1.6.7 continues MkDocs 1.x under another module name (`properdocs`; while it runs, every
`import mkdocs…` of the hook and of Material is redirected to it). It is installed from the
hash-locked requirements-properdocs.txt into a venv of its own, .venv-properdocs/, made once and
kept while that file does not change. That venv sees the packages of the venv running the tests (a
.pth line), which requirements.txt installed at the versions requirements-properdocs.txt pins: pip
finds them there and installs ProperDocs alone (2 to 3 seconds, where installing all 38 packages
into a venv of its own took 17 to 68 on a busy 2-core machine), and both engines run the very same
Material, Markdown and Jinja.

Both engines build the repository's mkdocs.yml, content and templates with the same clock
(CCHC_NOW), each in a copy of its own: the build cache (.cache/cchc/) does not tell the engines
apart, and a shared one would hand one engine's pages to the other.

Not covered: `cchc build`'s own path (src/cchc/adapter/build.py, which `make build`, `cchc serve`
and `cchc publish` go through) imports MkDocs itself and stays on MkDocs; nothing here runs it on
ProperDocs."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from importlib.metadata import version
from pathlib import Path

import pytest
from support import FIXED_NOW, REPO

VENV = REPO / ".venv-properdocs"
REQUIREMENTS = REPO / "requirements-properdocs.txt"
STAMP = VENV / ".installed"
# What the build reads: the configuration, its folders (extra.cchc: plan_dir, posts_dir, units_file,
# abbreviations_file), the theme's custom_dir and the hook. The cchc package comes from src/.
SOURCES = ("mkdocs.yml", "docs", "content", "plan", "du-lieu", "overrides", "hooks")
GENERATOR = re.compile(rb'[ \t]*<meta name="generator" content="[^"]*">\r?\n')


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def properdocs_venv() -> Path:
    """The venv with ProperDocs, made again when requirements-properdocs.txt, Python or the test venv changed."""
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes() + f"{sys.version} {sys.prefix}".encode()).hexdigest()
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == wanted and _bin(VENV, "properdocs").is_file():
        return VENV
    shutil.rmtree(VENV, ignore_errors=True)
    # No pip of its own (ensurepip costs seconds): this venv's pip installs into it (--python).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(VENV)], check=True, timeout=120)
    ours = dict.fromkeys(sysconfig.get_path(kind) for kind in ("purelib", "platlib"))
    target = Path(sysconfig.get_path("purelib", vars={"base": str(VENV), "platbase": str(VENV)}))
    (target / "cchc-test-venv.pth").write_text("".join(f"{path}\n" for path in ours), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(_bin(VENV, "python")), "install", "--quiet",
                           "--disable-pip-version-check", "--require-hashes", "-r", str(REQUIREMENTS)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, f"installing {REQUIREMENTS.name} failed:\n{done.stderr[-3000:]}"
    STAMP.write_text(wanted, encoding="utf-8")
    return VENV


def tree(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    venv = properdocs_venv()
    root = tmp_path_factory.mktemp("properdocs")
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    env.update({"CCHC_NOW": FIXED_NOW, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    commands = {
        "mkdocs": ([sys.executable, "-m", "mkdocs"], env),
        # The cchc package (the hook's core, the slugify function named in mkdocs.yml) from this checkout.
        "properdocs": ([str(_bin(venv, "properdocs"))], {**env, "PYTHONPATH": str(REPO / "src")}),
    }
    running = {}
    for name, (command, command_env) in commands.items():
        project = root / name
        project.mkdir()
        for source in SOURCES:
            if (REPO / source).is_dir():
                shutil.copytree(REPO / source, project / source, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(REPO / source, project / source)
        # Both at once (the machine has two cores); each in its copy, with a build cache of its own.
        running[name] = subprocess.Popen([*command, "build", "--strict", "-f", "mkdocs.yml", "-d", "site"], cwd=project,
                                         env=command_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for name, process in running.items():
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, f"{name} build failed:\n{output[-3000:]}"
    return {name: tree(root / name / "site") for name in running}


def test_properdocs_builds_the_site_mkdocs_builds(builds: dict[str, dict[str, bytes]]) -> None:
    mkdocs, properdocs = builds["mkdocs"], builds["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs), f"file lists differ: {sorted(set(mkdocs) ^ set(properdocs))[:20]}"
    differing = [name for name in mkdocs if GENERATOR.sub(b"", mkdocs[name]) != GENERATOR.sub(b"", properdocs[name])]
    assert not differing, f"{len(differing)} files differ beyond the generator line, e.g. {differing[:20]}"


def test_only_the_generator_line_tells_the_engines_apart(builds: dict[str, dict[str, bytes]]) -> None:
    """Every page says which engine rendered it: ProperDocs rendered all of them, hooks included (the
    generated pages exist only through the hook), none came from the other engine's cache."""
    mkdocs, properdocs = builds["mkdocs"], builds["properdocs"]
    pages = [name for name in mkdocs if name.endswith(".html")]
    assert len(pages) > 100 and "tin-tuc/index.html" in pages and "feed.xml" in mkdocs
    material = f"mkdocs-material-{version('mkdocs-material')}"
    pinned = re.search(r"^properdocs==(\S+)", REQUIREMENTS.read_text(encoding="utf-8"), re.MULTILINE)
    assert pinned, REQUIREMENTS.name
    for name in pages:
        assert [line.strip() for line in GENERATOR.findall(mkdocs[name])] == [
            f'<meta name="generator" content="mkdocs-{version("mkdocs")}, {material}">'.encode()], name
        assert [line.strip() for line in GENERATOR.findall(properdocs[name])] == [
            f'<meta name="generator" content="mkdocs-ProperDocs {pinned[1]}, {material}">'.encode()], name
    assert [name for name in mkdocs if mkdocs[name] != properdocs[name]] == pages
