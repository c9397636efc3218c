"""The declaration of a build's inputs (cchc.build.inputs): nothing else in the package lists inputs, what
derives from it (watcher, caches, fingerprint, pre-commit) follows every kind, the environment and the
local zone are declared. A real build reads nothing it does not cover, and a code change reaches a warm
build: tests/build/test_inputs.py."""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from support import REPO
from support.inputs import every_kind, settings_of
from support.stages import PACKAGE

from cchc import dates
from cchc.adapter.config import load_settings
from cchc.build import inputs


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


def test_the_installed_distributions_are_read_as_importlib_metadata_reads_them() -> None:
    """The salt's list reads only the header fields of each distribution's metadata: the same names and versions."""
    found = {(dist.metadata["Name"] or "").lower(): dist.version for dist in metadata.distributions()}
    assert inputs.distributions()[1:] == tuple(f"{name}=={version}" for name, version in sorted(found.items()))


def test_a_declared_folder_has_the_files_rglob_finds_but_the_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "khai-bao"
    for name in ("a.py", ".an.txt", "con/b.py", "con/__pycache__/b.cpython-311.pyc", "__pycache__/a.pyc", "ngoai/c.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name, encoding="utf-8")
    (folder / "con" / "toi-tep").symlink_to(folder / "a.py")
    (folder / "toi-thu-muc").symlink_to(folder / "ngoai", target_is_directory=True)
    (folder / "hong").symlink_to(tmp_path / "khong-co")
    expected = sorted(item for item in folder.rglob("*")
                      if (item.is_symlink() or item.is_file()) and "__pycache__" not in item.parts)
    assert list(inputs._walk(folder)) == expected
    assert {item.name for item in expected} == {"a.py", ".an.txt", "b.py", "c.txt", "toi-tep", "toi-thu-muc", "hong"}


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
