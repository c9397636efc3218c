"""No placeholder in an official output (issue 22, item 10). The shipped mkdocs.yml has no address; while
the address is unset, a sample (example.*, .test…), local (localhost, 127.0.0.1) or on an intranet, the
Word reports (`cchc report --format docx`; no build writes them), the feedback
service's receipts (`cchc gop-y chay`) and the answer addresses `cchc gop-y da-tra-loi` stores are
refused with one line naming the setting, and the pages and feeds that are still built carry the staging
mark. The rule is one function: cchc.content.settings.official_url_problem."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from support import FIXED_NOW, REPO
from support.gopy import free_port
from support.project import READY_SITE_URL, SAMPLE_SITE_URL, SiteProject, content_settings, write_config
from support.report_content import NOW, write_content

from cchc.build.pipeline import plan_build
from cchc.content.settings import official_url_problem, site_url_problem
from cchc.gopy.clean import Question
from cchc.gopy.config import service_config
from cchc.gopy.store import Store
from cchc.outputs.feeds import STAGING_TITLE

NOT_REAL = {
    "unset": "",
    "sample": SAMPLE_SITE_URL,
    "reserved": "https://cchc.test/",
    "localhost": "http://localhost:8000/cchc/",
    "loopback": "http://127.0.0.1:8000/cchc/",
    "private IP": "https://10.0.0.5/cchc/",
    "intranet name": "http://may-chu-thu/cchc/",
}
SETTING = ("site_url", "CCHC_SITE_URL")


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    for name in ("SOURCE_DATE_EPOCH", "CCHC_SITE_URL", "CCHC_STAGING", "CCHC_FEEDBACK_DB"):
        if name not in (env or {}):
            full.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=root, env=full, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def refused_in_one_line(done: subprocess.CompletedProcess[str], what: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and f"lỗi: không {what}" in done.stderr, done.stderr
    assert all(name in done.stderr for name in SETTING), done.stderr


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("url", list(NOT_REAL.values()), ids=list(NOT_REAL))
def test_what_no_official_output_may_carry(url: str) -> None:
    assert official_url_problem(url)
    assert content_settings(REPO, site_url=url).staging  # built anyway, marked


@pytest.mark.parametrize("url", [READY_SITE_URL, "https://hungyen.edu.vn/", "https://203.162.10.5/cchc/"])
def test_real_addresses_are_official(url: str) -> None:
    assert official_url_problem(url) is None
    assert not content_settings(REPO, site_url=url).staging


def test_an_intranet_copy_may_be_published_as_staging_only(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    project.make_ready(site_url="http://10.0.0.5/cchc/")
    assert site_url_problem("http://10.0.0.5/cchc/") is None  # a staging copy on the Sở's network
    official = run(project.root, "preflight")
    assert official.returncode == 1 and "✗ Địa chỉ trang http://10.0.0.5/cchc/ là địa chỉ mạng nội bộ" in official.stdout
    assert run(project.root, "preflight", "--staging").returncode == 0


def test_the_shipped_configuration_has_no_sample_address() -> None:
    line = next(line for line in (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if line.startswith("site_url:"))
    assert line == "site_url: !ENV CCHC_SITE_URL"


# --------------------------------------------------------------------------- Word reports


@pytest.mark.parametrize("url", list(NOT_REAL.values()), ids=list(NOT_REAL))
def test_cchc_report_docx_refuses_without_a_real_address(tmp_path: Path, url: str) -> None:
    root = write_content(tmp_path / "du-an")
    write_config(root, url)
    done = run(root, "report", "2022", "--format", "docx", "--output", "bao-cao.docx")
    refused_in_one_line(done, "tạo báo cáo Word")
    assert not (root / "bao-cao.docx").exists()
    assert run(root, "report", "2022", "--format", "csv").returncode == 0  # the numbers are not an address's


def test_cchc_report_docx_with_the_address_set_by_the_environment(tmp_path: Path) -> None:
    root = write_content(tmp_path / "du-an")
    (root / "mkdocs.yml").write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\ntheme: {{name: material, custom_dir: {REPO / 'overrides'}}}\n"
                                     f"hooks: [{REPO / 'hooks' / 'cchc_hooks.py'}]\n", encoding="utf-8")
    (root / "docs").mkdir()
    refused_in_one_line(run(root, "report", "2022", "--format", "docx", "--output", "x.docx"), "tạo báo cáo Word")
    done = run(root, "report", "2022", "--format", "docx", "--output", "x.docx", env={"CCHC_SITE_URL": READY_SITE_URL})
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(root / "x.docx") as document:
        links = document.read("word/_rels/document.xml.rels").decode("utf-8")
    assert f'Target="{READY_SITE_URL}ke-hoach/2022/"' in links and "example" not in links


def test_a_build_makes_no_word_report_with_or_without_a_real_address_and_marks_its_feeds_without(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    sample = plan_build(content_settings(root, site_url=SAMPLE_SITE_URL), now=NOW, preview=False)
    real = plan_build(content_settings(root, site_url=READY_SITE_URL), now=NOW, preview=False)
    assert not [path for build in (sample, real) for path in build.files if path.endswith(".docx")]  # staff's drafts
    for build, marked in ((sample, True), (real, False)):
        for path, feed in {**build.feed_files, "hoi-dap/feed.xml": build.files["hoi-dap/feed.xml"]}.items():
            title = lxml.etree.fromstring(feed).findtext("channel/title") or ""
            assert title.startswith(STAGING_TITLE) == marked, path


def test_a_fresh_clone_builds_marked_without_word_reports(tmp_path: Path) -> None:
    """The shipped mkdocs.yml, CCHC_SITE_URL unset: every page and feed says it is not the official site."""
    out = tmp_path / "site"
    env = {key: value for key, value in os.environ.items() if key not in ("CCHC_SITE_URL", "CCHC_STAGING", "SOURCE_DATE_EPOCH")}
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "build", "-d", str(out)], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=600, check=False,
                          env={**env, "CCHC_NOW": FIXED_NOW, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    home = lxml.html.fromstring((out / "index.html").read_bytes())
    assert home.xpath("//meta[@name='robots']/@content") == ["noindex"] and home.xpath("//p[@class='cchc-staging']")
    assert (lxml.etree.fromstring((out / "feed.xml").read_bytes()).findtext("channel/title") or "").startswith(STAGING_TITLE)
    assert not list(out.rglob("*.docx"))
    report = " ".join(lxml.html.fromstring((out / "ke-hoach" / "2022" / "bao-cao" / "index.html").read_bytes()).text_content().split())
    assert "tệp Word" not in report and ".docx" not in report  # staff's drafts: never on the public page
    assert b"example.gov.vn/cchc" not in b"".join(path.read_bytes() for path in out.rglob("*") if path.suffix in (".html", ".xml"))


# --------------------------------------------------------------------------- the feedback service


def service_project(tmp_path: Path, url: str) -> Path:
    root = tmp_path / "may-chu"
    root.mkdir()
    database = root / "gop-y.sqlite3"
    write_config(root, url, extra={"cchc": {"feedback": {"database": str(database)}}})
    store = Store(database)
    store.initialise()
    store.add_question(Question(subject="Hỏi về văn bằng", content="Xin hỏi thủ tục cấp bản sao văn bằng."))
    store.close()
    return root


def stored_code(root: Path) -> tuple[str, str]:
    store = Store(root / "gop-y.sqlite3")
    try:
        [item] = store.questions()
        return item.code, item.answer_url
    finally:
        store.close()


@pytest.mark.parametrize("url", [NOT_REAL["unset"], NOT_REAL["sample"], NOT_REAL["loopback"]], ids=["unset", "sample", "loopback"])
def test_a_hand_started_service_refuses_to_give_receipts(tmp_path: Path, url: str) -> None:
    root = service_project(tmp_path, url)
    refused_in_one_line(run(root, "gop-y", "chay", "--port", str(free_port())),
                        "chạy dịch vụ góp ý (biên nhận gửi người dân ghi địa chỉ câu trả lời)")


@pytest.mark.parametrize("url", [NOT_REAL["unset"], NOT_REAL["sample"], NOT_REAL["private IP"]], ids=["unset", "sample", "intranet"])
def test_the_stored_answer_address_is_never_a_placeholder(tmp_path: Path, url: str) -> None:
    root = service_project(tmp_path, url)
    code, _ = stored_code(root)
    refused_in_one_line(run(root, "gop-y", "da-tra-loi", code), "ghi địa chỉ câu trả lời")
    given = run(root, "gop-y", "da-tra-loi", code, "--url", "https://example.gov.vn/cchc/hoi-dap/x/")
    assert given.returncode == 2 and "--url: địa chỉ trang https://example.gov.vn/cchc/hoi-dap/x/ còn là địa chỉ mẫu" in given.stderr
    assert stored_code(root)[1] == ""
    done = run(root, "gop-y", "da-tra-loi", code, "--url", f"{READY_SITE_URL}hoi-dap/{code.lower()}/")
    assert done.returncode == 0, done.stderr
    assert stored_code(root)[1] == f"{READY_SITE_URL}hoi-dap/{code.lower()}/"


def test_the_preview_s_service_links_receipts_on_the_origin_that_served_the_form() -> None:
    """`cchc serve` mounts the service with the project's settings: without a real address its receipts
    link `/cchc/hoi-dap/<mã>/`, which opens on the preview itself; never a sample address."""
    for url in NOT_REAL.values():
        config = service_config(content_settings(REPO, site_url=url))
        assert config.site_url == config.base_path and config.base_path in ("/cchc/", "/"), url
    assert service_config(content_settings(REPO, site_url="")).question_endpoint == "/cchc/api/gop-y"
    assert service_config(content_settings(REPO, site_url=READY_SITE_URL)).site_url == READY_SITE_URL


# --------------------------------------------------------------------------- what staff are told


def test_cchc_new_names_the_address_only_when_it_is_real(tmp_path: Path) -> None:
    root = write_content(tmp_path / "du-an")
    write_config(root, READY_SITE_URL)
    done = run(root, "new", "Tin mới", "--task", "2", "--unit", "Văn phòng", "--date", "2022-03-10 09:15")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith(f"Địa chỉ khi đăng: {READY_SITE_URL}tin-tuc/")
