"""`cchc samples [--remove]` and `cchc new-plan YEAR`: the webmaster's set-up commands, run as the webmaster
runs them (a subprocess in the project folder)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXED_NOW, REPO
from support.oracle import png_bytes
from support.project import SiteProject

from cchc.content.plans import APPENDIX_KEYS, PLAN_KEYS, SIGNER_KEYS, TASK_KEYS

POST = {"title": "Sở GDĐT tập huấn nghiệp vụ cải cách hành chính", "date": "2022-03-15 08:30", "task": 2,
        "unit": "Văn phòng"}
PNG = png_bytes()  # a real image: a post's images are re-encoded for the web (src/cchc/render/images.py)


def cchc(root: Path, *args: str, now: str = FIXED_NOW) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CCHC_NOW": now, "PYTHONIOENCODING": "utf-8"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def tree(root: Path) -> dict[str, str]:
    """Every file and folder under `root`, with the hash of each file; the rendering cache (.cache/, ignored
    by Git, written by any command that reads posts) is not content."""
    return {path.relative_to(root).as_posix() + ("/" if path.is_dir() else ""):
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            for path in sorted(root.rglob("*")) if path.relative_to(root).parts[0] != ".cache"}


# --------------------------------------------------------------------------- cchc samples


def test_samples_lists_the_shipped_samples_without_touching_them() -> None:
    before = tree(REPO / "content")
    done = cchc(REPO, "samples")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Nội dung mẫu (xóa bằng cchc samples --remove):"
    posts = sorted(str(path.relative_to(REPO)) for path in (REPO / "content" / "posts").rglob("*.md"))
    listed = [line.split()[0] for line in lines[1:-1]]
    assert sorted(entry for entry in listed if entry.endswith(".md")) == posts and len(posts) == 29
    assert any(entry.endswith("-anh-bia.png") for entry in listed)
    assert re.match(r"Thông tin cơ quan mẫu: mkdocs\.yml:\d+ \(extra\.cchc\.agency, sample: true\)", lines[-1])
    assert tree(REPO / "content") == before


def test_samples_remove_deletes_what_it_lists_and_nothing_else(project: SiteProject) -> None:
    project.write_post("2022/03/mau-mot.md", {**POST, "title": "Bài mẫu một", "sample": True, "image": "bia.png"},
                       "Đoạn đầu.\n\n![Ảnh chung](chung.png)\n\n[Tài liệu](tai-lieu.pdf)\n")
    project.write("content/posts/2022/03/bia.png", PNG)
    project.write("content/posts/2022/03/chung.png", PNG)
    project.write("content/posts/2022/03/tai-lieu.pdf", b"%PDF-1.4\n")
    project.write_post("2022/05/mau-hai.md", {**POST, "title": "Bài mẫu hai", "date": "2022-05-02", "sample": True,
                                              "draft": True})
    project.write_post("2022/03/that.md", {**POST, "title": "Bài thật"}, "Đoạn đầu.\n\n![Ảnh chung](chung.png)\n")
    project.write("content/posts/2022/05/ghi-chu.txt", "tệp của người viết, không phải của bài mẫu")
    before = tree(project.root)

    listed = cchc(project.root, "samples")
    assert listed.returncode == 0 and tree(project.root) == before
    assert [line.split()[0] for line in listed.stdout.splitlines()[1:]] == [
        "content/posts/2022/03/mau-mot.md", "content/posts/2022/03/bia.png", "content/posts/2022/03/tai-lieu.pdf",
        "content/posts/2022/05/mau-hai.md", "Thông"]
    assert "(tin bài mẫu, bản nháp: Bài mẫu hai)" in listed.stdout

    removed = cchc(project.root, "samples", "--remove")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.splitlines()[:4] == [
        "Đã xóa content/posts/2022/03/mau-mot.md", "Đã xóa content/posts/2022/03/bia.png",
        "Đã xóa content/posts/2022/03/tai-lieu.pdf", "Đã xóa content/posts/2022/05/mau-hai.md"]
    assert "đã xóa 2 tin bài mẫu và 2 tệp đi kèm; không động tới tệp nào khác" in removed.stderr
    after = tree(project.root)
    gone = {"content/posts/2022/03/mau-mot.md", "content/posts/2022/03/bia.png", "content/posts/2022/03/tai-lieu.pdf",
            "content/posts/2022/05/mau-hai.md"}
    assert after == {key: value for key, value in before.items() if key not in gone}  # the shared image stays
    again = cchc(project.root, "samples")
    assert again.stdout.splitlines()[0] == "Không còn tin bài mẫu." and cchc(project.root, "check").returncode == 0


def test_samples_remove_takes_the_folders_it_empties(project: SiteProject) -> None:
    project.write_post("2023/01/mau.md", {**POST, "title": "Bài mẫu", "date": "2023-01-05", "plan": 2022, "sample": True})
    project.write_post("2022/03/that.md", {**POST, "title": "Bài thật"})
    done = cchc(project.root, "samples", "--remove")
    assert done.stdout.splitlines() == ["Đã xóa content/posts/2023/01/mau.md", "Đã xóa thư mục rỗng content/posts/2023/01/",
                                        "Đã xóa thư mục rỗng content/posts/2023/",
                                        *[line for line in done.stdout.splitlines() if line.startswith("Thông tin")]]
    assert sorted(path.name for path in (project.root / "content" / "posts").iterdir()) == ["2022"]


# --------------------------------------------------------------------------- cchc new-plan


def fill_plan(path: Path) -> None:
    """What the webmaster does with the skeleton: copy the signed plan's values (here, made-up ones)."""
    text = path.read_text(encoding="utf-8")
    for key, value in (("number", '"05/KH-SGDĐT"'), ("title", '"Tuyên truyền cải cách hành chính năm 2026"'),
                       ("issued", "2026-01-05"), ("place", '"Hưng Yên"'), ("authority", '"KT. GIÁM ĐỐC"'),
                       ("position", '"PHÓ GIÁM ĐỐC"'), ("name", '"Nguyễn Văn Thử"'), ("lead", '"Văn phòng"'),
                       ("timeframe", '"Thường xuyên"')):
        text = re.sub(rf"^(\s*){key}: \"\"", rf"\g<1>{key}: {value}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r'^(\s*)name: ""', r'\g<1>name: "Tập huấn nghiệp vụ cải cách hành chính"', text, count=1, flags=re.MULTILINE)
    path.write_text(text + "Toàn văn kế hoạch.\n", encoding="utf-8")


def test_new_plan_writes_a_skeleton_that_explains_every_key(project: SiteProject) -> None:
    done = cchc(project.root, "new-plan", "2026")
    assert done.returncode == 0, done.stderr
    path = project.root / "plan" / "2026.md"
    assert done.stdout.splitlines()[0] == "Đã tạo kế hoạch năm 2026: plan/2026.md"
    text = path.read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    keys = re.findall(r"^\s*(?:- )?(\w+):", front, flags=re.MULTILINE)
    assert set(keys) == set(PLAN_KEYS) | set(TASK_KEYS) | set(SIGNER_KEYS) | set(APPENDIX_KEYS)
    for line in front.splitlines():
        assert line.startswith("#") or " # " in line, line  # every key is explained on its line
    # Until the values of the signed plan are there, the site is not built: each is named at its line.
    lines = [line for line in done.stdout.splitlines() if line.startswith("plan/2026.md:")]
    assert any(":6: `number` phải là một chuỗi văn bản không rỗng" in line for line in lines), lines
    assert any("`issued`" in line for line in lines) and len(lines) == 6  # number, title, issued, place, two names
    checked = cchc(project.root, "check", "plan/2026.md")
    assert checked.returncode == 1 and checked.stdout.splitlines() == lines

    fill_plan(path)
    assert cchc(project.root, "check").returncode == 0
    new = cchc(project.root, "new", "Tin đầu năm", "--task", "1", "--unit", "Văn phòng", now="2026-01-10 08:00")
    assert new.returncode == 0, new.stderr
    built = project.build(now="2026-01-11 08:00")
    assert built.returncode == 0, built.stderr
    assert "Tập huấn nghiệp vụ cải cách hành chính" in built.page("ke-hoach/2026/")


def test_new_plan_never_overwrites(project: SiteProject) -> None:
    before = (project.root / "plan" / "2022.md").read_bytes()
    done = cchc(project.root, "new-plan", "2022")
    assert done.returncode == 1 and "đã có tệp plan/2022.md; cchc new-plan không ghi đè" in done.stderr
    assert (project.root / "plan" / "2022.md").read_bytes() == before


@pytest.mark.parametrize("year, words", [("1999", "năm phải từ 2000 đến 2100"), ("hai", "năm phải là một số")])
def test_new_plan_usage(project: SiteProject, year: str, words: str) -> None:
    done = cchc(project.root, "new-plan", year)
    assert done.returncode == 2 and words in done.stderr
    assert sorted(path.name for path in (project.root / "plan").iterdir()) == ["2022.md"]


@pytest.mark.parametrize("command", ["preflight", "samples", "new-plan"])
def test_help_is_in_vietnamese(project: SiteProject, command: str) -> None:
    done = cchc(project.root, command, "--help")
    assert done.returncode == 0 and done.stdout.startswith(f"Cách dùng: cchc {command}")
    assert "usage:" not in done.stdout and "show this help" not in done.stdout
