"""Publishing on the web server with the real command (`cchc publish`, a subprocess building with the real
MkDocs), where the build matters: a first and a second publish, a post that fails validation, a publish
killed in the middle of its build, a scheduled post falling due, the refusal cases, rollback from the
command line. The core with a stand-in build (releases, the switch, pruning, the timer):
tests/unit/test_publish_release.py."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from support import FIXED_NOW, REPO
from support.project import SiteProject
from support.publish import NOW, POST, SCHEDULED, Run, home, releases_of, served_release, snapshot

from cchc.publish import release as core

# --------------------------------------------------------------------------- helpers


def cchc(root: Path, *args: str, now: str = FIXED_NOW, prefix: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CCHC_NOW": now, "PYTHONIOENCODING": "utf-8"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([*prefix, sys.executable, "-m", "cchc.cli", *args], cwd=root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@contextmanager
def read_only(folder: Path, *, writable: Path | None = None) -> Iterator[tuple[str, ...]]:
    """A command prefix under which `folder` cannot be written (`writable`, a folder inside it, still can).

    Root ignores file modes, and tests here run as root: the command then runs in a mount namespace of its own
    where the folder is bound read-only (as tests/system/test_gopy_durability.py does). Unlike `chattr +i` (which needs
    a file system that has the attribute and CAP_LINUX_IMMUTABLE), it depends on no file system, and nothing
    outlives the command: a test killed half-way leaves no folder that cannot be deleted. Others: the mode."""
    if os.geteuid() == 0:
        script = ('mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && '
                  '{ [ -z "$1" ] || { mount --bind "$1" "$1" && mount -o remount,rw,bind "$1" "$1"; }; } && '
                  'shift && exec "$@"')
        yield ("unshare", "--mount", "sh", "-c", script, str(folder), str(writable or ""))
        return
    mode = folder.stat().st_mode
    folder.chmod(0o555)
    try:
        yield ()
    finally:
        folder.chmod(mode)


# --------------------------------------------------------------------------- the real command


def test_first_publish_then_a_second_one_switches_the_link(site_project: SiteProject, tmp_path: Path) -> None:
    dest = tmp_path / "www" / "cchc"
    dest.parent.mkdir()
    first = cchc(site_project.root, "publish", str(dest))
    assert first.returncode == 0, first.stderr
    assert dest.is_symlink() and not Path(os.readlink(dest)).is_absolute()
    assert re.fullmatch(r"cchc\.releases/\d{8}-\d{6}-0001/site", os.readlink(dest))
    assert (dest / "index.html").is_file() and (dest / "feed.xml").is_file() and (dest / "404.html").is_file()
    assert "Đã xuất bản bản" in first.stdout and "1 tin bài" in first.stdout
    name = served_release(dest)
    assert name.startswith("20260101-000000-")  # local time of CCHC_NOW

    site_project.write_post("2022/04/tin-moi.md", {**POST, "title": "Tin mới về một cửa", "date": "2022-04-02"})
    second = cchc(site_project.root, "publish", str(dest))
    assert second.returncode == 0, second.stderr
    assert served_release(dest) != name and releases_of(dest) == [name, served_release(dest)]
    assert "+ Tin mới về một cửa (tin-tuc/2022/04/tin-moi-ve-mot-cua/)" in second.stdout
    assert (dest / "tin-tuc" / "2022" / "04" / "tin-moi-ve-mot-cua" / "index.html").is_file()
    # Nothing of a build is left beside the releases, and the release records what it published.
    layout = core.Layout.of(dest)
    assert sorted(entry.name for entry in layout.releases.iterdir()) == sorted([core.LOCK, core.LAST_SEQ, *releases_of(dest)])
    info = core.list_releases(layout)[-1].info()
    assert len(info["bai_da_dang"]) == 2 and len(info["dau_van_tay"]) == 64

    listing = cchc(site_project.root, "publish", "--list", str(dest))
    assert listing.returncode == 0
    assert listing.stdout.splitlines()[0].endswith("2 tin bài  ← đang phục vụ")


def test_a_post_that_fails_validation_leaves_the_live_site_byte_for_byte(site_project: SiteProject, tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    assert cchc(site_project.root, "publish", str(dest)).returncode == 0
    before = snapshot(dest)
    site_project.write_post("2022/05/sai.md", {**POST, "title": "Bài sai nhiệm vụ", "task": 99})

    failed = cchc(site_project.root, "publish", str(dest))
    assert failed.returncode == 1
    assert "content/posts/2022/05/sai.md:" in failed.stderr and "nhiệm vụ 99" in failed.stderr
    assert "KHÔNG xuất bản" in failed.stderr and "Trang đang phục vụ không đổi" in failed.stderr
    # No English line of MkDocs reaches the webmaster (the lines are the journal's: "[time] …").
    english = [line for line in (failed.stdout + failed.stderr).splitlines()
               if line.split("] ", 1)[-1].strip() and line.split("] ", 1)[-1].isascii()]
    assert english == [], failed.stdout + failed.stderr
    assert snapshot(dest) == before
    layout = core.Layout.of(dest)
    assert len(releases_of(dest)) == 1 and not any(p.name.startswith(core.PARTIAL_PREFIX) for p in layout.releases.iterdir())

    # The timer does not rebuild the same broken content every 15 minutes, but keeps failing.
    again = cchc(site_project.root, "publish", "--if-changed", str(dest))
    assert again.returncode == 1 and "không xây dựng lại" in again.stderr and "Đang xây dựng" not in again.stdout
    # Once fixed, it publishes.
    site_project.write_post("2022/05/sai.md", {**POST, "title": "Bài sai nhiệm vụ", "task": 9})
    fixed = cchc(site_project.root, "publish", "--if-changed", str(dest))
    assert fixed.returncode == 0, fixed.stderr
    assert "+ Bài sai nhiệm vụ" in fixed.stdout and not layout.last_failure.exists()
    assert snapshot(dest) != before


def test_killing_the_publish_in_the_middle_of_its_build_changes_nothing(site_project: SiteProject, tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    assert cchc(site_project.root, "publish", str(dest)).returncode == 0
    before = snapshot(dest)
    live = served_release(dest)
    # Enough posts that the build takes a few seconds (about 300 posts of 10 KB).
    subprocess.run([sys.executable, str(REPO / "bench" / "generate_posts.py"), str(site_project.root), "-n", "300"],
                   check=True, capture_output=True, timeout=120)
    layout = core.Layout.of(dest)
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen([sys.executable, "-m", "cchc.cli", "publish", str(dest)], cwd=site_project.root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               start_new_session=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "Đang xây dựng bản" in line, line
        # Wait until MkDocs has started writing the new release, then kill the publish command.
        deadline = time.monotonic() + 60
        partial: list[Path] = []
        while time.monotonic() < deadline and process.poll() is None:
            partial = [path for path in layout.releases.glob(f"{core.PARTIAL_PREFIX}*/site/**/*") if path.is_file()]
            if partial:
                break
            time.sleep(0.02)
        assert partial and process.poll() is None, "the build ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
        assert "Đã xuất bản" not in process.stdout.read()

        assert snapshot(dest) == before
        assert served_release(dest) == live and releases_of(dest) == [live]
        # The build dies with its publish (PR_SET_PDEATHSIG), the search process with it: no orphan writes on.
        partial_dir = next(layout.releases.glob(f"{core.PARTIAL_PREFIX}*"))
        killed_seq = int(partial_dir.name.rsplit("-", 1)[1])
        deadline = time.monotonic() + 10
        while core._processes_building_into(partial_dir) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert core._processes_building_into(partial_dir) == []
        assert snapshot(dest) == before
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the build's MkDocs process, if still running
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()

    # The next publish removes what the killed one left and publishes normally.
    for generated in (site_project.root / "content" / "posts" / "2022").rglob("*"):
        if generated.is_file() and generated.name != "tap-huan.md":
            generated.unlink()
    site_project.write_post("2022/06/sau.md", {**POST, "title": "Tin sau khi dừng", "date": "2022-06-01"})
    after = cchc(site_project.root, "publish", str(dest))
    assert after.returncode == 0, after.stderr
    assert "Đã xóa bản xây dựng dở dang còn sót" in after.stdout
    assert not any(path.name.startswith(core.PARTIAL_PREFIX) for path in layout.releases.iterdir())
    assert served_release(dest) != live and len(releases_of(dest)) == 2
    # The killed build's number is never given again (it was removed with its folder).
    assert int(served_release(dest).rsplit("-", 1)[1]) == killed_seq + 1


def test_if_changed_waits_for_a_change_or_a_scheduled_post_falling_due(site_project: SiteProject, tmp_path: Path) -> None:
    site_project.write_post("2026/06/tong-ket.md", SCHEDULED)
    site_project.add_plan(2026)  # a post of 2026 goes live: the go-live checklist wants the plan of the year
    dest, log = tmp_path / "cchc", tmp_path / "xuat-ban.log"
    first = cchc(site_project.root, "publish", "--if-changed", "--log", str(log), str(dest), now="2026-05-31 08:00")
    assert first.returncode == 0 and "Đã xuất bản" in first.stdout, first.stderr
    live = served_release(dest)

    # Later, nothing changed and the scheduled post is not due yet: nothing is built.
    quiet = cchc(site_project.root, "publish", "--if-changed", "--log", str(log), str(dest), now="2026-06-01 07:59")
    assert quiet.returncode == 0 and "Không có gì thay đổi" in quiet.stdout and "Đang xây dựng" not in quiet.stdout
    assert served_release(dest) == live

    # The post falls due: the next run publishes it and logs it.
    due = cchc(site_project.root, "publish", "--if-changed", "--log", str(log), str(dest), now="2026-06-01 08:00")
    assert due.returncode == 0, due.stderr
    assert served_release(dest) != live
    assert "+ Tổng kết tuyên truyền cải cách hành chính (tin-tuc/2026/06/" in due.stdout
    assert (dest / "tin-tuc" / "2026" / "06").is_dir()
    text = log.read_text(encoding="utf-8")
    assert text.count("Đã xuất bản bản") == 2 and "+ Tổng kết tuyên truyền" in text
    assert "Không có gì thay đổi" not in text  # the quiet runs go to the journal only


def test_refusals_and_usage(site_project: SiteProject, tmp_path: Path) -> None:
    plain = tmp_path / "thu-cong"
    plain.mkdir()
    (plain / "index.html").write_text("trang chép tay", encoding="utf-8")
    refused = cchc(site_project.root, "publish", str(plain))
    assert refused.returncode == 2
    assert "thư mục thường" in refused.stderr and "--migrate" in refused.stderr
    assert plain.is_dir() and not plain.is_symlink() and not (tmp_path / "thu-cong.releases").exists()

    missing_parent = cchc(site_project.root, "publish", str(tmp_path / "khong-co" / "cchc"))
    assert missing_parent.returncode == 2 and "không có thư mục" in missing_parent.stderr
    nothing = cchc(site_project.root, "publish", "--rollback", str(tmp_path / "chua-co"))
    assert nothing.returncode == 1 and "không có gì để quay lại" in nothing.stderr
    both = cchc(site_project.root, "publish", "--rollback", "--if-changed", str(tmp_path / "chua-co"))
    assert both.returncode == 2 and "không dùng được cùng" in both.stderr
    zero = cchc(site_project.root, "publish", "--keep", "0", str(tmp_path / "chua-co"))
    assert zero.returncode == 2 and "--keep" in zero.stderr
    no_nginx = cchc(site_project.root, "publish", "--nginx", str(tmp_path / "khong-co.conf"), str(tmp_path / "chua-co"))
    assert no_nginx.returncode == 2 and "--nginx" in no_nginx.stderr
    no_log = cchc(site_project.root, "publish", "--log", str(tmp_path / "khong-co" / "x.log"), str(tmp_path / "chua-co"))
    assert no_log.returncode == 2 and "--log" in no_log.stderr
    assert not (tmp_path / "chua-co").exists() and not (tmp_path / "chua-co.releases").exists()
    for command in (["publish"], ["csp-hashes"]):
        shown = cchc(site_project.root, *command, "--help")
        assert shown.returncode == 0 and shown.stdout.startswith("Cách dùng: cchc") and "usage:" not in shown.stdout


# --------------------------------------------------------------------------- the command on releases made with a stand-in build


def test_rollback_from_the_command_line(tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    run = Run(dest)
    run("một")
    run("hai")
    done = cchc(tmp_path, "publish", "--rollback", str(dest))
    assert done.returncode == 0, done.stderr
    assert "một" in home(dest) and "Đã quay lại bản" in done.stdout
    listing = cchc(tmp_path, "publish", "--list", str(dest))
    assert "tạm dừng" in listing.stdout


def test_the_staff_commands_import_without_fcntl(site_project: SiteProject, tmp_path: Path) -> None:
    """Windows has no fcntl: `cchc check` works there; publishing says it runs on the Linux server."""
    script = ("import sys; sys.modules['fcntl'] = None\n"
              "from cchc.cli import main as cli\n"
              "sys.exit(cli.main(sys.argv[1:]))")
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8"}
    checked = subprocess.run([sys.executable, "-c", script, "check"], cwd=site_project.root, env=env, capture_output=True,
                             text=True, encoding="utf-8", timeout=120, check=False)
    assert checked.returncode == 0 and "không có lỗi" in checked.stderr, checked.stderr
    published = subprocess.run([sys.executable, "-c", script, "publish", str(tmp_path / "cchc")], cwd=site_project.root,
                               env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert published.returncode == 2 and "chạy trên máy chủ Linux" in published.stderr
    assert "Traceback" not in published.stderr


def test_a_folder_that_cannot_take_the_release_is_named_in_the_log_and_nothing_is_left(
        site_project: SiteProject, tmp_path: Path) -> None:
    """Issue 22: publishing into a folder whose parent was not writable named the wrong path (the new link's
    target), wrote nothing to --log, and every run of the timer left another release nobody served."""
    www = tmp_path / "www"
    www.mkdir()
    dest, log = www / "cchc", tmp_path / "nhat-ky" / "xuat-ban.log"
    log.parent.mkdir()
    layout = core.Layout.of(dest)
    timer = ("publish", "--if-changed", "--log", str(log), str(dest))
    # No folder for the releases yet, and none can be made beside DEST.
    with read_only(www) as prefix:
        refused = cchc(site_project.root, *timer, prefix=prefix)
    assert refused.returncode == 1, refused.stderr
    assert f"không tạo được thư mục {layout.releases} " in refused.stderr and f"thư mục {www} " in refused.stderr
    # The webmaster made that folder, but DEST's own is still read-only: two runs of the timer.
    layout.releases.mkdir()
    for _ in range(2):
        with read_only(www, writable=layout.releases) as prefix:
            failed = cchc(site_project.root, *timer, prefix=prefix)
        assert failed.returncode == 1, failed.stderr
        assert f"không tạo được liên kết mới trong thư mục {www} " in failed.stderr, failed.stderr
        assert "Trang đang phục vụ không đổi (chưa có)" in failed.stderr
        assert f"{layout.releases.name}/" not in failed.stderr  # the link's target is not what failed
        assert "Đang xây dựng" not in failed.stdout  # it failed before building anything
        assert [entry.name for entry in layout.releases.iterdir()] == [core.LOCK]  # no release, no build, no number
        assert [entry.name for entry in www.iterdir()] == [layout.releases.name]
    # Each failure is in the log, in its format ([time] line), naming the folder.
    lines = log.read_text(encoding="utf-8").splitlines()
    assert all(re.fullmatch(r"\[2026-01-01 00:00:00\] \S.*", line) for line in lines), lines
    assert sum(f"không tạo được thư mục {layout.releases} " in line for line in lines) == 1
    assert sum(f"không tạo được liên kết mới trong thư mục {www} " in line for line in lines) == 2
    # Once the folder can be written, the next run publishes the first release.
    done = cchc(site_project.root, *timer)
    assert done.returncode == 0, done.stderr
    assert releases_of(dest) == [served_release(dest)] and served_release(dest).endswith("-0001")


KILLED_AT_THE_SWITCH = """
import os, signal, sys
from pathlib import Path

import pytest
sys.path.insert(0, sys.argv[3])
from support.publish import Run
from cchc.publish import release as core
switch = core.switch_to
def killed(layout, release):
    if sys.argv[2] == "after":
        switch(layout, release)
    os.kill(os.getpid(), signal.SIGKILL)
core.switch_to = killed
Run(Path(sys.argv[1]))("ba")
"""


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_publish_killed_at_its_switch_is_settled_by_the_next_run(tmp_path: Path, moment: str) -> None:
    """Killed (kill -9, power cut) once the release has its final name: before DEST points to it, the release was
    never served and the next run (a rollback or a publish) removes it; after, it is kept like any release. DEST's
    release and the kept ones are never touched."""
    dest = tmp_path / "cchc"
    run = Run(dest)
    run("một")
    run("hai")
    kept, live = releases_of(dest)
    before = snapshot(dest)
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_THE_SWITCH, str(dest), moment, str(Path(__file__).parents[1])],
                            capture_output=True, text=True, timeout=60, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (new,) = set(releases_of(dest)) - {kept, live}
    assert (snapshot(dest) == before) == (moment == "before") and (served_release(dest) == new) == (moment == "after")

    core.rollback(run.layout, journal=run.journal, now=NOW)
    assert run("bốn") == core.PUBLISHED
    names = releases_of(dest)
    assert {kept, live} <= set(names) and (new in names) == (moment == "after")
    assert sorted(entry.name for entry in run.layout.releases.iterdir()) == sorted([core.LOCK, core.LAST_SEQ, *names])
    assert (f"Đã xóa bản {new} còn sót" in run.out.getvalue()) == (moment == "before")
