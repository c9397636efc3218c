"""The webmaster guide's "Đưa trang vào hoạt động" (huong-dan/quan-tri-web.md), step by step, on a clean
copy of the repository: the commands are read from the guide and run as written; the steps that are edits
(the agency block, the plan's values) are done the way the guide says. Afterwards the go-live check passes
and the published site holds no sample, placeholder or `example.` string in its pages, feeds, sitemaps,
CSV or search data.

The staff guide's examples of "Viết bài mới" (huong-dan/viet-bai.md, `cchc new … --task 2`) are run as
written too: the first, dated in 2022 (the plan the repository ships), works on a fresh copy at once; the
second, for today, needs the plan of the year, which go-live adds (the guide says so)."""

from __future__ import annotations

import gzip
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from support import REPO
from support.guides import shell_lines

NOW = "2026-03-01 08:00"  # the guides' year: `cchc new-plan 2026`
WEBMASTER_GUIDE = (REPO / "huong-dan" / "quan-tri-web.md").read_text(encoding="utf-8")
STAFF_GUIDE = (REPO / "huong-dan" / "viet-bai.md").read_text(encoding="utf-8")

# What must not reach the public once the site is live (theme assets excluded: Material's own code
# mentions example.com).
FORBIDDEN = ("example.", "Bài viết mẫu", "thông tin liên hệ mẫu", "thông tin mẫu", "(cập nhật", "0221 3000 00",
             "Bản thử", "sample")
# The feedback service's pages: the page nginx shows when it is down, the shell of its pages without script,
# the status page of a receipt code.
NEVER_INDEXED = ["bien-nhan/index.html", "gop-y/tam-ngung/index.html", "hoi-dap/tra-cuu/index.html"]
TEXT_SUFFIXES = {".html", ".xml", ".csv", ".json", ".txt", ".js", ".gz"}


def section(guide: str, title: str) -> str:
    return guide.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def clean_copy(target: Path) -> Path:
    """The repository's files as a clone has them (tracked and new, not ignored), committed in a new repository."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "bản sao")
    return target


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("CCHC_SITE_URL", "CCHC_STAGING", "SOURCE_DATE_EPOCH")}
    return {**env, "CCHC_NOW": NOW, "PYTHONIOENCODING": "utf-8", "GIT_AUTHOR_NAME": "Quản trị web",
            "GIT_AUTHOR_EMAIL": "qtw@localhost", "GIT_COMMITTER_NAME": "Quản trị web", "GIT_COMMITTER_EMAIL": "qtw@localhost",
            **extra}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env=environment(), capture_output=True, text=True, check=True).stdout


def run(line: str, root: Path, env: dict[str, str], srv: Path) -> subprocess.CompletedProcess[str]:
    """A guide's command line: `.venv/bin/cchc …` is this test's cchc; /srv/cchc/ is a temporary folder."""
    words = [word.replace("/srv/cchc/", f"{srv}/") for word in shlex.split(line)]
    if words[0] == ".venv/bin/cchc":
        words = [sys.executable, "-m", "cchc.cli", *words[1:]]
    done = subprocess.run(words, cwd=root, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def fill_agency(root: Path) -> None:
    """Steps 2 and 2b, as the webmaster does them in an editor: the Sở's published details and logo, `sample: true`
    removed, the real addresses of the province's and the Sở's portals."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for key, value in (("address", "Số 1, phố Thử, tỉnh Hưng Yên"), ("phone", "0221 3555 555"),
                       ("hotline", "0221 3555 556"), ("email", "vanphong@sgddt.hungyen.gov.vn"),
                       ("person_in_charge", "Nguyễn Văn Thử")):
        text, count = re.subn(rf'^(      {key}: )".*"$', rf'\g<1>"{value}"', text, count=1, flags=re.MULTILINE)
        assert count == 1, key
    text, count = re.subn(r"^      sample: true\n", "", text, count=1, flags=re.MULTILINE)
    assert count == 1
    # Step 2b: the province's and the Sở's portals (extra.cchc.portals), shipped as sample addresses.
    for key, value in (("province", "https://hungyen.gov.vn/"), ("department", "https://sgddt.hungyen.gov.vn/")):
        text, count = re.subn(rf'^(      {key}: )".*"$', rf'\g<1>"{value}"', text, count=1, flags=re.MULTILINE)
        assert count == 1, key
    # The Sở's logo copied into docs/ and named, as the step says.
    text, count = re.subn(r"^      # (logo: assets/logo-so\.svg)$", r"      \1", text, count=1, flags=re.MULTILINE)
    assert count == 1
    (root / "docs" / "assets").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "assets" / "logo-so.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><circle cx="24" cy="24" r="20" fill="#b71c1c"/></svg>\n',
        encoding="utf-8")
    config.write_text(text, encoding="utf-8")


def fill_plan(path: Path) -> None:
    """Step 4: the signed plan's values copied into the skeleton (here the 2022 plan's appendix, as an example)."""
    text = path.read_text(encoding="utf-8")
    for key, value in (("number", '"05/KH-SGDĐT"'), ("title", '"Tuyên truyền cải cách hành chính năm 2026"'),
                       ("issued", "2026-01-05"), ("place", '"Hưng Yên"'), ("authority", '"KT. GIÁM ĐỐC"'),
                       ("position", '"PHÓ GIÁM ĐỐC"'), ("name", '"Nguyễn Văn Thử"')):
        text = re.sub(rf'^(\s*){key}: ""', rf"\g<1>{key}: {value}", text, count=1, flags=re.MULTILINE)
    appendix = (REPO / "plan" / "2022.md").read_text(encoding="utf-8").split("\ntasks:\n", 1)[1].split("\n---\n", 1)[0]
    head, rest = text.split("\ntasks:", 1)
    text = head + "\ntasks:\n" + appendix + "\n" + rest[rest.index("# Nhiệm vụ tiếp theo"):]
    path.write_text(text + "Toàn văn Kế hoạch tuyên truyền cải cách hành chính năm 2026.\n", encoding="utf-8")


def leftovers(site: Path) -> list[str]:
    """Every forbidden string in the site's own files, as `path: string`."""
    found = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site)
        if not path.is_file() or relative.parts[0] == "assets" or path.suffix not in TEXT_SUFFIXES:
            continue
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        text = data.decode("utf-8")
        found += [f"{relative}: {word}" for word in FORBIDDEN if word in text]
    return found


def test_the_go_live_steps_from_a_clean_clone(tmp_path: Path) -> None:
    root = clean_copy(tmp_path / "kho")
    srv = tmp_path / "srv"
    srv.mkdir()
    steps = section(WEBMASTER_GUIDE, "Đưa trang vào hoạt động")
    lines = shell_lines(steps)
    assert [line.split()[0] for line in lines] == ["export", *[".venv/bin/cchc"] * 5, "git", "git",
                                                   ".venv/bin/cchc", ".venv/bin/cchc"]
    env = environment()
    for line in lines:
        if line.startswith("export "):  # step 1
            name, value = line.removeprefix("export ").split("=", 1)
            env[name] = value
            fill_agency(root)  # steps 2 and 2b (edits, no command)
            continue
        done = run(line, root, env, srv)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        if line.endswith("cchc samples --remove"):
            # Exactly what it listed, and nothing else, is gone.
            said = done.stdout.splitlines()
            removed = sorted(out.removeprefix("Đã xóa ") for out in said
                             if out.startswith("Đã xóa ") and not out.startswith("Đã xóa thư mục"))
            status = git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
            edited = ("mkdocs.yml", "docs/assets/logo-so.svg")  # step 2's edits
            assert sorted(entry[3:] for entry in status if entry[3:] not in edited) == removed and len(removed) == 30
            assert all(entry.startswith(" D ") for entry in status if entry[3:] not in edited)
        if "new-plan" in line:
            fill_plan(root / "plan" / "2026.md")
        if line.endswith("cchc preflight"):
            assert all(item.startswith("✓ ") for item in done.stdout.splitlines()[1:]), done.stdout
    assert git(root, "status", "--porcelain") == ""  # step 6 committed everything

    site = srv / "site"
    assert site.is_symlink() and (site / "index.html").is_file()
    assert "Chưa có bài viết nào." in (site / "tin-tuc" / "index.html").read_text(encoding="utf-8")
    assert "Số 1, phố Thử" in (site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/logo-so.svg"' in (site / "index.html").read_text(encoding="utf-8")  # the Sở's logo, not the placeholder
    assert (site / "ke-hoach" / "2026" / "index.html").is_file() and (site / "ke-hoach" / "2026" / "bao-cao.csv").is_file()
    assert leftovers(site) == []
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html") if b"noindex" in path.read_bytes()) == NEVER_INDEXED
    assert "Bản thử" in (srv / "thu" / "index.html").read_text(encoding="utf-8")

    # The staff guide's two examples, as written, now both work and go live: the first one dated in 2022,
    # the second one today, in the plan of the year that step 4 added.
    staff = [line for line in shell_lines(section(STAFF_GUIDE, "Viết bài mới")) if line.startswith(".venv/bin/cchc new")]
    assert len(staff) == 2 and staff[0].endswith('--date "2022-03-15 08:30"') and "--date" not in staff[1]
    for line in staff:
        done = run(line, root, env, srv)
        assert done.returncode == 0, done.stderr
        path = root / done.stdout.splitlines()[0].removeprefix("Đã tạo bài viết: ")
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    published = run(".venv/bin/cchc publish /srv/cchc/site", root, env, srv)
    assert published.returncode == 0, published.stderr
    assert "2 tin bài" in published.stdout and leftovers(site) == []


def test_the_staff_example_on_a_fresh_clone(tmp_path: Path) -> None:
    """Before the plan of the year exists, the staff guide's first example (dated in 2022) works; the second
    one (today) says what to do."""
    root = clean_copy(tmp_path / "kho")
    env = environment()
    dated, plain = [line for line in shell_lines(section(STAFF_GUIDE, "Viết bài mới")) if line.startswith(".venv/bin/cchc new")]
    refused = run(plain, root, env, tmp_path)
    assert refused.returncode == 2
    assert "không có kế hoạch năm 2026" in refused.stderr and "cchc new-plan 2026" in refused.stderr
    done = run(dated, root, env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Đã tạo bài viết: content/posts/2022/03/so-gddt-tap-huan-nghiep-vu-cai-cach-hanh-chinh.md"
    checked = run(".venv/bin/cchc check", root, env, tmp_path)
    assert checked.returncode == 0, checked.stdout
