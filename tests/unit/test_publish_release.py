"""Publishing on the web server (src/cchc/publish/release.py), the core driven with a stand-in build (a few
files): releases beside DEST, an atomic symlink switch, rollback, pruning, `--if-changed` for the timer
and what it compares, the verification of a build, the timer and the cron line. The real command
building with the real MkDocs: tests/build/test_publish.py."""

from __future__ import annotations

import fcntl
import io
import os
import re
import shlex
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from support import REPO
from support.project import SiteProject
from support.publish import NOW, SCHEDULED, Run, builder, fake_site, home, releases_of, served_release, snapshot

from cchc.build import inputs as inputs_of
from cchc.cli import main as cli
from cchc.dates import LOCAL_TZ
from cchc.publish import csp
from cchc.publish import release as core

# --------------------------------------------------------------------------- what --if-changed compares


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


# --------------------------------------------------------------------------- the core, with a stand-in build


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
    # A Word draft of the Sở's report, which no build writes any more (docs/ could): staff's, never public.
    (lambda site: (site / "ke-hoach" / "2022").mkdir(parents=True) or (site / "ke-hoach" / "2022" / "bao-cao-nam.docx").write_bytes(b"PK"),
     "có báo cáo Word dự thảo trong bản dựng (ke-hoach/2022/bao-cao-nam.docx)"),
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
