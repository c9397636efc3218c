"""Publishing on the web server (`cchc publish`, src/cchc/publish/release.py): releases beside DEST, an atomic
symlink switch, rollback, pruning, `--if-changed` for the timer, and the refusal cases.

The real command (a subprocess building with the real MkDocs) is used where the build matters: a
first and a second publish, a post that fails validation, a publish killed in the middle of its
build, a scheduled post falling due. The rest drives the core with a stand-in build (a few files)."""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

import pytest
from conftest import FIXED_NOW, REPO, SiteProject

from cchc.build import inputs as inputs_of
from cchc.cli import main as cli
from cchc.dates import LOCAL_TZ
from cchc.publish import csp
from cchc.publish import release as core

NOW = datetime(2026, 1, 1, 8, 0, tzinfo=LOCAL_TZ)

POST = {"title": "Sở GDĐT tập huấn nghiệp vụ cải cách hành chính", "date": "2022-03-15 08:30", "task": 2,
        "unit": "Văn phòng"}
SCHEDULED = {"title": "Tổng kết tuyên truyền cải cách hành chính", "date": "2026-06-01 08:00", "task": 1, "plan": 2022,
             "unit": "Văn phòng"}


# --------------------------------------------------------------------------- helpers


def cchc(root: Path, *args: str, now: str = FIXED_NOW, prefix: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CCHC_NOW": now, "PYTHONIOENCODING": "utf-8"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([*prefix, sys.executable, "-m", "cchc.cli", *args], cwd=root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def snapshot(dest: Path) -> tuple[str, dict[str, str]]:
    """What a citizen gets from DEST: where the link points and the hash of every file under it."""
    files = {path.relative_to(dest).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
             for path in sorted(dest.rglob("*")) if path.is_file()}
    return os.readlink(dest), files


def served_release(dest: Path) -> str:
    return Path(os.readlink(dest)).parent.name


def releases_of(dest: Path) -> list[str]:
    return [release.name for release in core.list_releases(core.Layout.of(dest))]


@pytest.fixture
def site_project(project: SiteProject) -> SiteProject:
    """A project ready to go live (its own address and contact details), with one post."""
    project.make_ready()
    project.write_post("2022/03/tap-huan.md", POST)
    return project


def fake_site(out: Path, marker: str, *, items: int = 1) -> None:
    """A stand-in build: the files the verification looks at, `marker` in the home page."""
    out.mkdir(parents=True)
    (out / "index.html").write_text(f"<!doctype html><html><body>{marker}</body></html>\n", encoding="utf-8")
    (out / "404.html").write_text("<!doctype html><html><body>Không tìm thấy trang</body></html>\n", encoding="utf-8")
    entries = "".join(f"<item><title>Tin {n}</title><link>https://example.gov.vn/cchc/{n}/</link></item>"
                      for n in range(items))
    (out / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Trang</title>'
        f"<link>https://example.gov.vn/cchc/</link><description>Mô tả</description>{entries}</channel></rss>\n",
        encoding="utf-8")


def builder(marker: str, *, items: int = 1, returncode: int = 0, calls: list[str] | None = None) -> core.Builder:
    def build(out: Path) -> core.BuildOutcome:
        if calls is not None:
            calls.append(marker)
        fake_site(out, marker, items=items)
        return core.BuildOutcome(returncode, "" if returncode == 0 else "ERROR - hỏng\nbai.md:3: lỗi thử")
    return build


class Run:
    """The core's publish with a stand-in build, its log kept."""

    def __init__(self, dest: Path) -> None:
        self.layout = core.Layout.of(dest)
        self.out, self.err = io.StringIO(), io.StringIO()
        self.journal = core.Journal(clock=lambda: NOW, stdout=self.out, stderr=self.err)

    def __call__(self, marker: str, *, fingerprint: str | None = None, **options: object) -> str:
        inputs = core.Inputs(fingerprint or marker, {f"tin-tuc/{marker}/": f"Tin {marker}"})
        build = options.pop("build", None) or builder(marker)
        return core.publish(self.layout, inputs=inputs, build=build, now=NOW, journal=self.journal,  # type: ignore[arg-type]
                            **options)  # type: ignore[arg-type]


def home(dest: Path) -> str:
    return (dest / "index.html").read_text(encoding="utf-8")


@contextmanager
def read_only(folder: Path, *, writable: Path | None = None) -> Iterator[tuple[str, ...]]:
    """A command prefix under which `folder` cannot be written (`writable`, a folder inside it, still can).

    Root ignores file modes, and tests here run as root: the command then runs in a mount namespace of its own
    where the folder is bound read-only (as tests/test_gopy_durability.py does). Unlike `chattr +i` (which needs
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


def test_fingerprint_follows_content_code_settings_and_time(site_project: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    site_project.write_post("2026/06/tong-ket.md", SCHEDULED)
    monkeypatch.chdir(site_project.root)

    def fingerprint(when: str = "2026-05-01 00:00") -> str:
        return cli.publish_inputs(cli.find_project(Path.cwd()), datetime.fromisoformat(when).replace(tzinfo=LOCAL_TZ)).fingerprint

    base = fingerprint()
    assert fingerprint("2026-05-31 23:59") == base  # time passes, nothing falls due
    assert fingerprint("2026-06-01 08:00") != base  # the scheduled post is due
    post = site_project.root / "content" / "posts" / "2022" / "03" / "tap-huan.md"
    os.utime(post, (1, 1))
    assert fingerprint() == base  # a touched file with the same bytes
    abbreviations = site_project.write("du-lieu/viet-tat.yml", 'TTHC: "thủ tục hành chính"\n')
    assert fingerprint() != base  # the search page carries the abbreviations
    base = fingerprint()
    for changed in (post, site_project.root / "docs" / "index.md", site_project.root / "plan" / "2022.md", abbreviations):
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n")
        assert fingerprint() != base, changed
        changed.write_bytes(original)
    assert fingerprint() == base
    units = site_project.root / "du-lieu" / "don-vi.yml"  # the optional units file of the Word reports
    units.parent.mkdir(exist_ok=True)  # the abbreviations file above is there too
    units.write_text('"Văn phòng": {abbreviation: "VP"}\n', encoding="utf-8")
    assert fingerprint() != base
    units.unlink()
    assert fingerprint() == base
    (site_project.root / "docs" / "moi.md").write_text("# Trang mới\n", encoding="utf-8")
    assert fingerprint() != base
    monkeypatch.setenv("CCHC_SITE_URL", "https://khac.gov.vn/cchc/")
    site_project.set_config(site_url="https://khac.gov.vn/cchc/")
    assert fingerprint() != base
    # Code and templates are inputs too: the project's config points at the repository's.
    inputs = cli.find_project(Path.cwd())
    assert inputs.config_files[-1] == REPO / "mkdocs.yml"
    paths = inputs_of.files(inputs)
    assert REPO / "overrides" / "post.html" in paths and REPO / "src" / "cchc" / "publish" / "release.py" in paths
    assert not any("__pycache__" in path.parts for path in paths)


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


# --------------------------------------------------------------------------- the core, with a stand-in build


def test_a_switch_that_fails_after_the_build_removes_what_the_run_made(tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    run = Run(dest)
    run("một")
    before, live = snapshot(dest), served_release(dest)

    def build(out: Path) -> core.BuildOutcome:
        fake_site(out, "hai")
        (tmp_path / f".cchc.lien-ket-moi-{os.getpid()}").mkdir()  # while it builds, the new link's place is taken
        return core.BuildOutcome(0, "")

    assert run("hai", build=build) == core.FAILED
    assert snapshot(dest) == before and releases_of(dest) == [live]
    error = run.err.getvalue()
    assert f"không tạo được liên kết mới trong thư mục {tmp_path} " in error and "Trang đang phục vụ không đổi" in error
    left = sorted(entry.name for entry in run.layout.releases.iterdir())
    assert left == sorted([core.LOCK, core.LAST_SEQ, live])  # nothing of the failed run: no build, no release, no note


KILLED_AT_THE_SWITCH = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import test_publish as t
from cchc.publish import release as core
switch = core.switch_to
def killed(layout, release):
    if sys.argv[2] == "after":
        switch(layout, release)
    os.kill(os.getpid(), signal.SIGKILL)
core.switch_to = killed
t.Run(Path(sys.argv[1]))("ba")
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
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_THE_SWITCH, str(dest), moment, str(Path(__file__).parent)],
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


def test_rollback_restores_the_previous_release_and_holds_the_timer(tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    run = Run(dest)
    for marker in ("một", "hai", "ba"):
        assert run(marker) == core.PUBLISHED
    assert "ba" in home(dest)

    core.rollback(run.layout, journal=run.journal, now=NOW)
    assert "hai" in home(dest) and run.layout.hold.exists()
    assert "Đã quay lại bản" in run.out.getvalue()
    # The timer publishes nothing while held, even when the content changed.
    calls: list[str] = []
    assert run("bốn", if_changed=True, build=builder("bốn", calls=calls)) == core.HELD and calls == []
    assert "hai" in home(dest)

    core.rollback(run.layout, journal=run.journal, now=NOW)
    assert "một" in home(dest)
    with pytest.raises(core.PublishError, match="không có bản nào cũ hơn"):
        core.rollback(run.layout, journal=run.journal, now=NOW)
    assert "một" in home(dest)

    # A manual publish goes on and lifts the hold.
    assert run("năm") == core.PUBLISHED
    assert "năm" in home(dest) and not run.layout.hold.exists()


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


def test_keeps_n_releases_and_never_removes_the_live_one(tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    run = Run(dest)
    for n in range(5):
        run(f"bản {n}", keep=3)
    names = releases_of(dest)
    assert len(names) == 3 and served_release(dest) == names[-1] and "bản 4" in home(dest)
    assert [int(name.rsplit("-", 1)[1]) for name in names] == [3, 4, 5]
    assert "Đã xóa bản cũ" in run.out.getvalue()
    core.rollback(run.layout, journal=run.journal, now=NOW)
    live = core.inspect_dest(run.layout).live
    assert live is not None and live.name == names[1]
    removed = core.prune(run.layout, 1, live=live)
    assert {release.name for release in removed} == {names[0]}
    assert releases_of(dest) == names[1:] and "bản 3" in home(dest)


def test_release_names_sort_by_sequence_even_when_the_clock_goes_back(tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    layout = core.Layout.of(dest)
    journal = core.Journal(clock=lambda: NOW, stdout=io.StringIO(), stderr=io.StringIO())
    for when, marker in ((NOW, "đầu"), (NOW.replace(year=2025), "sau")):
        core.publish(layout, inputs=core.Inputs(marker, {}), build=builder(marker), now=when, journal=journal)
    names = releases_of(dest)
    assert names == ["20260101-080000-0001", "20250101-080000-0002"] and served_release(dest) == names[1]
    core.rollback(layout, journal=journal, now=NOW)
    assert "đầu" in home(dest)


@pytest.mark.parametrize("build, problem", [
    (builder("x", returncode=1), "xây dựng thất bại (mã thoát 1)"),
    (builder("x", items=0), "feed.xml không có tin nào"),
])
def test_a_build_that_fails_or_does_not_verify_is_never_served(tmp_path: Path, build: core.Builder, problem: str) -> None:
    dest = tmp_path / "cchc"
    run = Run(dest)
    run("tốt")
    before = snapshot(dest)
    assert run("hỏng", build=build) == core.FAILED
    assert snapshot(dest) == before and len(releases_of(dest)) == 1
    assert problem in run.err.getvalue()


@pytest.mark.parametrize("damage, problem", [
    (lambda site: (site / "index.html").unlink(), "thiếu tệp index.html"),
    (lambda site: (site / "404.html").unlink(), "thiếu tệp 404.html"),
    (lambda site: (site / "feed.xml").unlink(), "thiếu tệp feed.xml"),
    (lambda site: (site / "index.html").write_text("<html><body>", encoding="utf-8"), "index.html không trọn vẹn"),
    (lambda site: (site / "feed.xml").write_text("<rss version='2.0'><channel>", encoding="utf-8"), "không phải XML hợp lệ"),
    (lambda site: (site / "feed.xml").write_text("<feed xmlns='http://www.w3.org/2005/Atom'/>", encoding="utf-8"),
     "không phải RSS 2.0"),
])
def test_verification(tmp_path: Path, damage: Callable[[Path], object], problem: str) -> None:
    site = tmp_path / "site"
    fake_site(site, "x")
    assert core.verify_site(site) == []
    damage(site)
    assert any(problem in found for found in core.verify_site(site)), core.verify_site(site)


def test_a_site_without_posts_verifies_but_a_feed_missing_its_posts_does_not(tmp_path: Path) -> None:
    site = tmp_path / "site"
    fake_site(site, "x", items=0)
    assert core.verify_site(site, posts=0) == []
    assert core.verify_site(site, posts=3) == ["feed.xml không có tin nào (có 3 tin bài đã đăng)"]
    run = Run(tmp_path / "cchc")
    layout, journal = run.layout, run.journal
    assert core.publish(layout, inputs=core.Inputs("trống", {}), build=builder("trống", items=0), now=NOW,
                        journal=journal) == core.PUBLISHED


def test_the_staging_mark_is_verified_both_ways(tmp_path: Path) -> None:
    site = tmp_path / "site"
    fake_site(site, "x")
    assert core.verify_site(site, staging=True) == ["bản thử mà trang chủ không có dấu bản thử (noindex)"]
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("<html>", '<html><head><meta name="robots" content="noindex"></head>'),
                    encoding="utf-8")
    assert core.verify_site(site, staging=True) == []
    assert core.verify_site(site) == ["bản chính thức mà trang chủ mang dấu bản thử (noindex); kiểm tra extra.cchc.staging"]


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


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_first_publish_takes_over_a_plain_folder_only_with_migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    exchange: bool) -> None:
    if not exchange:  # a file system without RENAME_EXCHANGE
        monkeypatch.setattr(core, "_exchange", lambda first, second: False)
    dest = tmp_path / "cchc"
    dest.mkdir()
    (dest / "index.html").write_text("<html>trang chép tay</html>", encoding="utf-8")
    run = Run(dest)
    with pytest.raises(core.PublishError, match="--migrate") as refused:
        run("mới")
    assert refused.value.usage and dest.is_dir() and not dest.is_symlink()

    calls: list[str] = []
    assert run("mới", migrate=True, build=builder("mới", calls=calls)) == core.PUBLISHED
    assert dest.is_symlink() and "mới" in home(dest) and calls == ["mới"]
    old, new = core.list_releases(run.layout)
    assert served_release(dest) == new.name and "thư mục" in old.info()["ghi_chu"]
    core.rollback(run.layout, journal=run.journal, now=NOW)
    assert home(dest) == "<html>trang chép tay</html>"


def test_a_foreign_symlink_is_refused_and_a_file_is_never_replaced(tmp_path: Path) -> None:
    elsewhere = tmp_path / "noi-khac"
    fake_site(elsewhere, "nơi khác")
    dest = tmp_path / "cchc"
    dest.symlink_to(elsewhere)
    run = Run(dest)
    with pytest.raises(core.PublishError, match="--migrate"):
        run("mới")
    assert run("mới", migrate=True) == core.PUBLISHED
    assert "mới" in home(dest) and "nơi khác" in (elsewhere / "index.html").read_text(encoding="utf-8")

    file_dest = tmp_path / "tep"
    file_dest.write_text("không phải thư mục", encoding="utf-8")
    with pytest.raises(core.PublishError, match="là một tệp"):
        Run(file_dest)("mới", migrate=True)
    assert file_dest.read_text(encoding="utf-8") == "không phải thư mục"


def test_publish_warns_when_the_nginx_csp_would_block_an_inline_script(tmp_path: Path) -> None:
    script = "__md_scope=new URL('.',location)"
    site = tmp_path / "site"
    fake_site(site, "x")
    (site / "index.html").write_text(f"<html><script>{script}</script><script type='application/json'>{{}}</script>"
                                     "<script src='a.js'></script></html>", encoding="utf-8")
    config = tmp_path / "cchc.conf"
    config.write_text(f"""add_header Content-Security-Policy "default-src 'self'; script-src 'self' {csp.csp_hash(script)}" always;""",
                      encoding="utf-8")
    assert csp.release_csp_warnings(config)(site) == []
    config.write_text("# add_header Content-Security-Policy \"script-src *\";\n"
                      "add_header Content-Security-Policy \"default-src 'self'\" always;\n", encoding="utf-8")
    warnings = csp.release_csp_warnings(config)(site)
    assert len(warnings) == 1 and csp.csp_hash(script) in warnings[0] and warnings[0].startswith("index.html: script")

    run = Run(tmp_path / "cchc")
    assert run("x", check_release=lambda site: ["thử cảnh báo"]) == core.PUBLISHED
    assert "cảnh báo: thử cảnh báo" in run.err.getvalue()


def test_one_publish_at_a_time(tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    run = Run(dest)
    run("một")
    with open(run.layout.lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(core.PublishError, match="đang có một lần xuất bản khác"):
            run("hai")
        with pytest.raises(core.PublishError, match="đang có một lần xuất bản khác"):
            core.rollback(run.layout, journal=run.journal, now=NOW)
    assert "một" in home(dest)


def test_content_is_read_under_the_lock_and_within_the_time_limit(tmp_path: Path) -> None:
    """Issue 12: the fingerprint (which reads every post) was computed before the lock and outside any
    time limit, so a post that hangs the reader hung the timer's publish for ever."""
    dest = tmp_path / "cchc"
    run = Run(dest)
    locked: list[bool] = []

    def inputs() -> core.Inputs:
        with open(run.layout.lock, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked.append(False)
            except BlockingIOError:
                locked.append(True)
        return core.Inputs("một", {})

    assert core.publish(run.layout, inputs=inputs, build=builder("một"), now=NOW, journal=run.journal) == core.PUBLISHED
    assert locked == [True]

    def hanging() -> core.Inputs:
        time.sleep(30)
        raise AssertionError("not stopped")

    started = time.monotonic()
    outcome = core.publish(run.layout, inputs=hanging, build=builder("hai"), now=NOW, journal=run.journal, timeout=0.5)
    assert outcome == core.FAILED and time.monotonic() - started < 10
    assert "đọc nội dung quá 0.5 giây" in run.err.getvalue()
    assert "một" in home(dest)


def test_a_release_number_is_never_given_twice(tmp_path: Path) -> None:
    """A failed build's folder is removed with its number; the next release still gets a new one."""
    dest = tmp_path / "cchc"
    run = Run(dest)
    run("một")
    assert run("hỏng", build=builder("hỏng", returncode=1)) == core.FAILED
    run("hai")
    assert [name.rsplit("-", 1)[1] for name in releases_of(dest)] == ["0001", "0003"]


def test_if_changed_compares_with_the_served_release(tmp_path: Path) -> None:
    dest = tmp_path / "cchc"
    run = Run(dest)
    calls: list[str] = []
    assert run("một", fingerprint="A", if_changed=True, build=builder("một", calls=calls)) == core.PUBLISHED
    assert run("một", fingerprint="A", if_changed=True, build=builder("một", calls=calls)) == core.UNCHANGED
    assert run("hai", fingerprint="B", if_changed=True, build=builder("hai", calls=calls)) == core.PUBLISHED
    assert calls == ["một", "hai"]


# --------------------------------------------------------------------------- the timer and the cron line


def unit(name: str) -> dict[str, str]:
    values = {}
    for line in (REPO / "deploy" / "systemd" / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def parse_publish_command(command: str) -> list[str]:
    """The arguments of a `…/cchc publish …` command line, checked by the real parser."""
    words = shlex.split(command)
    words = words[next(i for i, word in enumerate(words) if word.endswith("/cchc")) + 1:]
    args = cli._parser().parse_args(words)
    assert args.command == "publish"
    return words


def test_the_timer_runs_the_publish_every_15_minutes_as_a_plain_user() -> None:
    timer, service = unit("cchc-publish.timer"), unit("cchc-publish.service")
    assert timer["OnCalendar"] == "*:0/15" and timer["Persistent"] == "true"
    assert timer["Unit"] == "cchc-publish.service" and timer["WantedBy"] == "timers.target"
    assert service["Type"] == "oneshot" and service["User"] not in ("", "root")
    words = parse_publish_command(service["ExecStart"])
    assert "--if-changed" in words and "--log" in words
    assert service["ExecStart"].startswith(service["WorkingDirectory"] + "/.venv/bin/cchc ")
    assert words[-1].startswith(service["ReadWritePaths"])  # DEST is writable under the sandbox


def test_the_webmaster_guide_documents_the_cron_line_and_the_commands() -> None:
    guide = (REPO / "huong-dan" / "quan-tri-web.md").read_text(encoding="utf-8")
    section = guide.split("\n## Xuất bản\n", 1)[1].split("\n## ", 1)[0]
    cron = next(line for line in section.splitlines() if re.match(r"^\*/15 \* \* \* \* ", line))
    parse_publish_command(cron.split(" ", 5)[5].split("&&", 1)[1].split(">", 1)[0])
    for text in ("cchc publish --rollback", "cchc publish --list", "cchc-publish.timer", "deploy/nginx/cchc.conf",
                 "cchc csp-hashes", "--migrate"):
        assert text in section, text
