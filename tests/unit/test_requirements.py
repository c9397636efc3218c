"""The Python requirements are hash-locked (quyet-dinh/0001-mkdocs-het-vong-doi.md).

Every requirements*.txt is made by tools/lock-requirements.sh from its .in file: each line pins one
version with `==` and lists the sha256 hashes of that version's files, so pip installs in
require-hashes mode (automatic when a file has hashes) and refuses any other file. MkDocs stays
below 2: 2.0 drops the plugins and hooks the build is made of."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from support import REPO

FILES = sorted(REPO.glob("requirements*.txt"))
_PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!-]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def logical_lines(path: Path) -> list[tuple[int, str]]:
    """(first line number, text) of each requirement, continuation lines joined, comments dropped."""
    found: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not pending:
            start = number
        if text.endswith("\\"):
            pending.append(text[:-1].strip())
            continue
        pending.append(text)
        line = " ".join(part for part in pending if part)
        pending = []
        if line:
            found.append((start, line))
    return found


def pins(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes) of a hash-locked file."""
    result: dict[str, tuple[str, frozenset[str]]] = {}
    for _, line in logical_lines(path):
        match = _PIN.match(line)
        assert match, f"{path.name}: {line[:100]} (not pinned with ==)"
        result[canonicalize_name(match["name"])] = (match["version"], frozenset(_HASH.findall(line)))
    return result


def test_the_requirement_files_are_there() -> None:
    assert [path.name for path in FILES] == ["requirements-properdocs.txt", "requirements-test.txt", "requirements.txt"]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_line_is_pinned_with_hashes(path: Path) -> None:
    unlocked = []
    for number, line in logical_lines(path):
        name, *options = line.split()
        if not _PIN.fullmatch(name) or not options or any(not _HASH.fullmatch(option) for option in options):
            unlocked.append(f"{path.name}:{number}: {line[:100]}")
    assert unlocked == [], "not pinned with == and --hash=sha256:… (run tools/lock-requirements.sh)"


def test_mkdocs_is_pinned_below_2() -> None:
    for path in (REPO / "requirements.txt", REPO / "requirements-properdocs.txt"):
        version, _ = pins(path)["mkdocs"]
        assert Version(version) < Version("2"), f"{path.name}: mkdocs=={version}; MkDocs 2 runs no hooks"
    assert "mkdocs>=1.6.1,<2" in (REPO / "requirements.in").read_text(encoding="utf-8").splitlines()


def test_a_package_pinned_in_two_files_is_the_same_version_with_the_same_hashes() -> None:
    seen: dict[str, tuple[str, tuple[str, frozenset[str]]]] = {}
    differing = []
    for path in FILES:
        for name, pin in pins(path).items():
            if name in seen and seen[name][1] != pin:
                differing.append(f"{name}: {seen[name][0]} {seen[name][1][0]}, {path.name} {pin[0]}")
            seen.setdefault(name, (path.name, pin))
    assert differing == []


@pytest.mark.parametrize("name", ["requirements", "requirements-test", "requirements-properdocs"])
def test_each_txt_pins_what_its_in_file_asks_for(name: str) -> None:
    """An .in file changed without running tools/lock-requirements.sh shows here."""
    locked = pins(REPO / f"{name}.txt")
    wanted = [Requirement(line) for _, line in logical_lines(REPO / f"{name}.in") if not line.startswith("-")]
    unmet = [str(requirement) for requirement in wanted
             if canonicalize_name(requirement.name) not in locked
             or not requirement.specifier.contains(locked[canonicalize_name(requirement.name)][0], prereleases=True)]
    assert unmet == [], f"{name}.txt does not pin these as {name}.in asks (run tools/lock-requirements.sh)"


def test_the_pins_meet_the_package_s_own_dependencies() -> None:
    """pyproject.toml's ranges (what `pip install .` would accept) hold the versions `make build` installs."""
    locked = pins(REPO / "requirements.txt")
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    unmet = [dependency for dependency in map(Requirement, dependencies)
             if canonicalize_name(dependency.name) not in locked
             or not dependency.specifier.contains(locked[canonicalize_name(dependency.name)][0], prereleases=True)]
    assert unmet == []


# The oldest Python 3.11 a newcomer may have: Debian 12's python3 (`make build` uses it).
OLDEST_PYTHON = Version("3.11.2")


def test_every_pinned_distribution_installs_on_debian_12_python() -> None:
    """pymdown-extensions 13 needs Python 3.11.5, so `make build` failed on stock Debian 12 (3.11.2)."""
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    refused = []
    for path in (REPO / "requirements.txt", REPO / "requirements-test.txt"):
        for _, line in logical_lines(path):
            match = _PIN.match(line)
            if match is None:
                continue
            try:
                needed = metadata.metadata(match["name"])["Requires-Python"]
            except metadata.PackageNotFoundError:
                continue  # not installed here (another platform's marker)
            if needed and OLDEST_PYTHON not in SpecifierSet(needed):
                refused.append(f"{path.name}: {match['name']}=={match['version']} needs Python {needed}")
    assert refused == []
    requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert OLDEST_PYTHON in SpecifierSet(requires)
