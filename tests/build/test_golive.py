"""The go-live checklist (src/cchc/publish/checklist.py): `cchc preflight` prints it, `cchc publish` refuses on any ✗.

One test per placeholder case, through the real command, each asserting its message; the shipped
mkdocs.yml is refused (`make publish` with it: tests/system/test_golive_make.py); a project with its own
address and contact details passes. The checklist's rules themselves: tests/unit/test_publish_checklist.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import FIXED_NOW, REPO
from support.project import READY_AGENCY, READY_PORTALS, READY_SITE_URL, SiteProject
from support.publish import POST

from cchc import urls
from cchc.publish import checklist as golive


def cchc(root: Path, *args: str, now: str = FIXED_NOW, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "CCHC_NOW": now, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full.pop("SOURCE_DATE_EPOCH", None)
    if env is None or "CCHC_SITE_URL" not in env:
        full.pop("CCHC_SITE_URL", None)
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=root, env=full, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


# --------------------------------------------------------------------------- each case refused by `cchc publish`


def _sample_post(project: SiteProject) -> None:
    project.write_post("2022/04/mau.md", {**POST, "title": "Bài mẫu", "date": "2022-04-01", "sample": True})


def _agency(**changed: object) -> Callable[[SiteProject], None]:
    def apply(project: SiteProject) -> None:
        project.set_config(site_url=READY_SITE_URL, extra={"cchc": {"agency": {**READY_AGENCY, **changed},
                                                                          "portals": READY_PORTALS}})
    return apply


def _site_url(url: str | None) -> Callable[[SiteProject], None]:
    def apply(project: SiteProject) -> None:
        project.set_config(site_url=url, extra={"cchc": {"agency": READY_AGENCY, "portals": READY_PORTALS}})  # type: ignore[arg-type]
    return apply


def _portals(**changed: object) -> Callable[[SiteProject], None]:
    def apply(project: SiteProject) -> None:
        project.set_config(site_url=READY_SITE_URL, extra={"cchc": {"agency": READY_AGENCY,
                                                                    "portals": {**READY_PORTALS, **changed}}})
    return apply


def _post_of_this_year(project: SiteProject) -> None:
    project.write_post("2026/01/dau-nam.md", {**POST, "title": "Tin đầu năm", "date": "2025-12-31 08:00", "plan": 2022})
    project.write_post("2026/01/tin-nam-nay.md", {**POST, "title": "Tin năm nay", "date": "2026-01-01 00:00",
                                                   "plan": 2022})


def _placeholder_logo(project: SiteProject) -> None:
    """The shipped placeholder copied in as the agency's logo: it still says what it is."""
    project.write(f"docs/{READY_AGENCY['logo']}", (REPO / "overrides" / urls.PLACEHOLDER_LOGO).read_bytes())


def _staging_by_hand(project: SiteProject) -> None:
    project.set_config(site_url=READY_SITE_URL, extra={"cchc": {"agency": READY_AGENCY, "portals": READY_PORTALS,
                                                                 "staging": True}})


CASES: dict[str, tuple[Callable[[SiteProject], None], str]] = {
    "site_url missing": (_site_url(None), "Chưa đặt địa chỉ trang (site_url): đặt địa chỉ công khai"),
    "example host": (_site_url("https://example.gov.vn/cchc/"), "Địa chỉ trang https://example.gov.vn/cchc/ còn là địa chỉ mẫu"),
    "localhost": (_site_url("http://localhost:8000/cchc/"), "là địa chỉ của chính máy đang chạy lệnh"),
    "127.0.0.1": (_site_url("http://127.0.0.1/cchc/"), "http://127.0.0.1/cchc/ là địa chỉ của chính máy"),
    "http": (_site_url("http://sgddt.hungyen.gov.vn/cchc/"), "dùng http, trang công khai phải dùng https"),
    "agency sample": (_agency(sample=True), "Thông tin cơ quan còn đánh dấu là mẫu (sample: true, mkdocs.yml:"),
    "agency values": (_agency(phone="0221 3000 000", email="cchc@example.gov.vn"),
                      "Thông tin cơ quan còn giá trị mẫu (điện thoại '0221 3000 000'; thư điện tử 'cchc@example.gov.vn'"),
    "agency unfilled": (_agency(person_in_charge="Chánh Văn phòng Sở (cập nhật họ tên)"),
                        "người chịu trách nhiệm nội dung 'Chánh Văn phòng Sở (cập nhật họ tên)'"),
    "logo not set": (_agency(logo=None), "Logo của cơ quan còn là logo tạm (chưa đặt extra.cchc.agency.logo; mkdocs.yml:"),
    "logo still the placeholder": (_placeholder_logo, "Logo của cơ quan còn là logo tạm (tệp assets/logo-so.svg vẫn là logo tạm"),
    "portal sample": (_portals(department="https://cong-so.example.gov.vn/"),
                      "Địa chỉ cổng liên kết chưa dùng được (Cổng thông tin điện tử của Sở: "
                      "https://cong-so.example.gov.vn/ còn là địa chỉ mẫu; mkdocs.yml:"),
    "portal intranet": (_portals(province="https://10.0.0.7/"),
                        "Cổng thông tin điện tử của tỉnh: https://10.0.0.7/ là địa chỉ mạng nội bộ"),
    "sample posts": (_sample_post, "Còn 1 tin bài mẫu (sample: true; 1 đã đăng, 0 hẹn giờ) sẽ lên trang: xem bằng cchc samples"),
    "no plan this year": (_post_of_this_year, "Có 1 tin bài năm 2026 nhưng chưa có kế hoạch năm 2026 (plan/2026.md): "
                                              "tạo bằng cchc new-plan 2026"),
    "staging by hand": (_staging_by_hand, "extra.cchc.staging được đặt là true (mkdocs.yml:"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_publish_refuses_each_placeholder_with_what_to_do(ready: SiteProject, tmp_path: Path, case: str) -> None:
    change, message = CASES[case]
    change(ready)
    dest = tmp_path / "www" / "cchc"
    dest.parent.mkdir()
    refused = cchc(ready.root, "publish", str(dest))
    assert refused.returncode == 1, refused.stderr
    lines = [line for line in refused.stderr.splitlines() if "✗" in line]
    assert len(lines) == 1 and message in lines[0], refused.stderr  # one line for the one item
    assert "KHÔNG xuất bản: 1 mục" in refused.stderr and "Đang xây dựng" not in refused.stdout
    assert not dest.exists() and not dest.with_name("cchc.releases").exists()
    # preflight shows the same item among all the others, without building.
    shown = cchc(ready.root, "preflight")
    assert shown.returncode == 1 and lines[0].split("] ", 1)[1] in shown.stdout.splitlines()
    assert len(shown.stdout.splitlines()) == 1 + len(golive.ITEMS)


def test_a_project_ready_to_go_live_passes(ready: SiteProject) -> None:
    done = cchc(ready.root, "preflight")
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0] == "Danh sách kiểm tra trước khi đưa trang vào hoạt động (bản chính thức):"
    assert all(line.startswith("✓ ") for line in lines[1:]) and len(lines) == 1 + len(golive.ITEMS)
    assert f"✓ Địa chỉ trang: {READY_SITE_URL}" in lines
    assert "mọi mục đều đạt" in done.stderr


def test_preflight_names_content_errors_that_publish_leaves_to_the_build(ready: SiteProject) -> None:
    ready.write_post("2022/05/sai.md", {**POST, "title": "Bài sai", "task": 99})
    done = cchc(ready.root, "preflight")
    assert done.returncode == 1
    assert "✗ Nội dung có 1 lỗi (1 kế hoạch, 1 tin bài hợp lệ): chạy cchc check" in done.stdout


def test_the_shipped_configuration_is_refused_and_staging_waives_only_agency_and_samples() -> None:
    done = cchc(REPO, "preflight")
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("✗")]
    starts = ["✗ Chưa đặt địa chỉ trang (site_url)", "✗ Thông tin cơ quan còn đánh dấu là mẫu",
              "✗ Thông tin cơ quan còn giá trị mẫu", "✗ Logo của cơ quan còn là logo tạm",
              "✗ Địa chỉ cổng liên kết chưa dùng được (Cổng thông tin điện tử của tỉnh: https://cong-tinh.example.gov.vn/ còn là "
              "địa chỉ mẫu; Cổng thông tin điện tử của Sở: https://cong-so.example.gov.vn/ còn là địa chỉ mẫu; mkdocs.yml:",
              "✗ Còn 28 tin bài mẫu"]
    assert len(failed) == len(starts) and all(line.startswith(start) for line, start in zip(failed, starts, strict=True))
    staging = cchc(REPO, "preflight", "--staging")
    assert staging.returncode == 1  # the address must still be real
    assert [line for line in staging.stdout.splitlines() if line.startswith("✗")] == [failed[0]]
    assert sum(line.startswith("– ") and line.endswith("(bản thử: không bắt buộc)") for line in staging.stdout.splitlines()) == 5
    real = cchc(REPO, "preflight", "--staging", env={"CCHC_SITE_URL": "https://thu.sgddt.hungyen.gov.vn/cchc/"})
    assert real.returncode == 0, real.stdout


def test_refusals_go_to_the_log_of_the_timer(ready: SiteProject, tmp_path: Path) -> None:
    _sample_post(ready)
    log = tmp_path / "xuat-ban.log"
    done = cchc(ready.root, "publish", "--if-changed", "--log", str(log), str(tmp_path / "cchc"))
    assert done.returncode == 1
    text = log.read_text(encoding="utf-8")
    assert re.search(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] ✗ Còn 1 tin bài mẫu", text, flags=re.MULTILINE)
    assert "KHÔNG xuất bản" in text
