"""The README's two commands on a fresh machine, and the staff path without make.

- `make build` installs the runtime requirements only; `make test` adds the test tools.
- tools/install-system-deps.sh (run by `make test`, hence by .ci/run) installs the missing Debian
  packages as root or through password-less sudo (here with a stand-in apt-get that records what it
  is asked); without either it stops within seconds with one message naming the exact command.
- `cchc new/check/report` run with nothing but the `cchc` command (no make on PATH), print UTF-8 even
  where Windows would use a legacy code page (no code path goes through a shell: tests/unit/test_no_shell.py)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import FIXED_NOW, REPO
from support.project import SiteProject

SCRIPT = REPO / "tools" / "install-system-deps.sh"
ROOT = os.geteuid() == 0
NOBODY = 65534
# Debian package → the command that shows it is installed (as the script looks for them).
PACKAGES = {"chromium": "chromium", "chromium-driver": "chromedriver", "default-jre-headless": "java", "npm": "npm",
            "nginx": "nginx", "poppler-utils": "pdftotext", "libreoffice-writer-nogui": "soffice"}
FAKE_APT = """#!/bin/bash
echo "$*" >> "{log}"
for package in "$@"; do
  case $package in {cases}
  esac
done
"""


def expected_packages() -> list[str]:
    """What the script should find missing on a PATH without the tools, on this machine."""
    found = [package for package in PACKAGES if not (package == "nginx" and os.access("/usr/sbin/nginx", os.X_OK))]
    fonts = list(Path("/usr/share/fonts/truetype").glob("liberation*/LiberationSerif-Regular.ttf"))
    return found + ([] if fonts else ["fonts-liberation"])


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder every user can read and write (pytest's own are private to root when tests run as root)."""
    folder = Path(tempfile.mkdtemp(prefix="cchc-may-moi-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bare_path(folder: Path, *tools: str) -> Path:
    """A PATH folder with only the given tools (and whatever the test writes into it)."""
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    for tool in tools:
        found = shutil.which(tool)
        assert found, tool
        (folder / tool).symlink_to(found)
    return folder


def executable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


def as_plain_user() -> Callable[[], None] | None:
    """Run a child as `nobody` when the tests run as root, so neither root nor sudo is available."""
    if not ROOT:
        return None

    def drop() -> None:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)

    return drop


def run_script(path: Path, *, user: Callable[[], None] | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash
    # A copy in the shared folder: a checkout in a private folder (mktemp -d is 0700) is not readable by `nobody`.
    script = Path(shutil.copy(SCRIPT, cwd / SCRIPT.name))
    script.chmod(0o755)
    return subprocess.run([bash, str(script), "test"], cwd=cwd, env={"PATH": str(path), "HOME": str(cwd)},
                          preexec_fn=user, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


def fake_apt(bin_dir: Path, log: Path) -> None:
    """apt-get that records its arguments and "installs" by putting each package's command on PATH."""
    cases = "".join(f'\n    {package}) printf \'#!/bin/sh\\n\' > "{bin_dir}/{command}"; /bin/chmod 755 "{bin_dir}/{command}" ;;'
                    for package, command in PACKAGES.items())
    executable(bin_dir / "apt-get", FAKE_APT.format(log=log, cases=cases))


# --------------------------------------------------------------------------- the system packages


def test_without_root_or_sudo_it_stops_at_once_naming_the_command(shared: Path) -> None:
    path = bare_path(shared / "bin")
    started = time.monotonic()
    done = run_script(path, user=as_plain_user(), cwd=shared)
    assert time.monotonic() - started < 5
    assert done.returncode == 1 and done.stdout == ""
    packages = " ".join(expected_packages())
    assert done.stderr == (f"make test: máy còn thiếu các gói Debian {packages}; chạy lệnh sau (cần quyền quản trị) "
                           f"rồi chạy lại make test: sudo apt-get install -y {packages}\n")


@pytest.mark.skipif(not ROOT, reason="installing as root needs the tests to run as root (CI does)")
def test_as_root_it_installs_what_is_missing(shared: Path) -> None:
    path = bare_path(shared / "bin", "env")
    log = shared / "apt.log"
    fake_apt(path, log)
    done = run_script(path, user=None, cwd=shared)
    assert done.returncode == 0, done.stderr
    packages = " ".join(expected_packages())
    assert log.read_text(encoding="utf-8").splitlines() == ["-o DPkg::Lock::Timeout=600 update -qq",
                                                            f"-o DPkg::Lock::Timeout=600 install -y {packages}"]
    assert f"cài các gói Debian còn thiếu: {packages}" in done.stderr
    # Everything there now: nothing to do, nothing asked of apt-get.
    again = run_script(path, user=None, cwd=shared)
    assert again.returncode == 0 and again.stderr == "" and len(log.read_text(encoding="utf-8").splitlines()) == 2


def test_with_password_less_sudo_it_installs_through_sudo(shared: Path) -> None:
    path = bare_path(shared / "bin", "env")
    log = shared / "apt.log"
    fake_apt(path, log)
    calls = shared / "sudo.log"
    executable(path / "sudo", f'#!/bin/bash\necho "$*" >> "{calls}"\n[[ $1 == -n ]] && shift\n"$@"\n')
    done = run_script(path, user=as_plain_user(), cwd=shared)
    assert done.returncode == 0, done.stderr
    packages = " ".join(expected_packages())
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "-n true", "-n env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq",
        f"-n env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y {packages}"]


def copy_of_the_build_files(target: Path) -> Path:
    for name in ("Makefile", "requirements.txt", "requirements-test.txt", "pyproject.toml", "package.json",
                 "package-lock.json", "tools/install-system-deps.sh"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IROTH | stat.S_IWOTH | (stat.S_IXOTH if path.is_dir() else 0))
    return target


@pytest.mark.skipif(shutil.which("make") is None, reason="make is what this test runs")
def test_make_test_stops_within_seconds_instead_of_dozens_of_errors(shared: Path) -> None:
    project = copy_of_the_build_files(shared / "kho")
    path = bare_path(shared / "bin", "make", "bash")  # no python, no Chromium, no sudo
    started = time.monotonic()
    done = subprocess.run(["make", "test"], cwd=project, env={"PATH": str(path), "HOME": str(shared)},
                          preexec_fn=as_plain_user(), capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)
    assert time.monotonic() - started < 10
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if not line.startswith("make: ***")]  # make's own last word
    packages = " ".join(expected_packages())
    assert lines == [f"make test: máy còn thiếu các gói Debian {packages}; chạy lệnh sau (cần quyền quản trị) "
                     f"rồi chạy lại make test: sudo apt-get install -y {packages}"]
    assert not (project / ".venv").exists() and not (project / "node_modules").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is what this test reads")
def test_make_build_installs_the_runtime_only_and_make_test_adds_the_tools(tmp_path: Path) -> None:
    project = copy_of_the_build_files(tmp_path / "kho")

    def planned(target: str) -> str:
        return subprocess.run(["make", "-n", target], cwd=project, capture_output=True, text=True, check=True).stdout

    build, test = planned("build"), planned("test")
    assert "-r requirements.txt" in build and "requirements-test.txt" not in build and "npm" not in build
    assert "-r requirements-test.txt" in test and "npm ci" in test
    assert test.index("install-system-deps.sh test") < test.index("-m venv")  # the quick check comes first
    runtime = (REPO / "requirements.txt").read_text(encoding="utf-8").lower()
    for tool in ("pytest", "playwright", "mypy", "ruff", "feedparser"):
        assert f"\n{tool}" not in runtime, tool


# --------------------------------------------------------------------------- the staff path


def test_staff_commands_need_nothing_but_cchc(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    empty = tmp_path / "bin"
    empty.mkdir()
    assert shutil.which("make", path=str(empty)) is None
    entry = Path(sys.executable).parent / "cchc"
    command = [str(entry)] if entry.is_file() else [sys.executable, "-m", "cchc.cli"]
    env = {"PATH": str(empty), "CCHC_NOW": FIXED_NOW, "HOME": str(tmp_path), "SYSTEMROOT": os.environ.get("SYSTEMROOT", "")}
    for args in (["new", "Tin viết không cần make", "--task", "2", "--unit", "Văn phòng", "--date", "2022-03-15 08:30"],
                 ["check"], ["check", "content/posts/2022/03/"], ["report", "2022"], ["report", "2022", "--format", "csv"]):
        done = subprocess.run([*command, *args], cwd=project.root, env=env, capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, (args, done.stderr.decode("utf-8"))
        assert b"Traceback" not in done.stderr
    assert (project.root / "content/posts/2022/03/tin-viet-khong-can-make.md").is_file()


def test_output_is_utf8_even_where_windows_would_use_a_code_page(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "cp1252"}  # Windows, output redirected to a file
    env.pop("CCHC_SITE_URL", None)
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "preflight"], cwd=project.root, env=env, capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert "✗ Địa chỉ trang https://example.gov.vn/cchc/ còn là địa chỉ mẫu" in done.stdout.decode("utf-8")
    assert "mục chưa đạt" in done.stderr.decode("utf-8")
