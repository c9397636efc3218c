"""The Word reports opened by LibreOffice: converted to PDF once per session, checked with poppler (fonts,
page count and numbers), page 1 saved as a PNG.

The content is tests/support/report_content.py's, whose counts are written there by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from support import REPO
from support.report_content import NOW
from support.report_docx import SETTINGS, SITE_URL, settings_of

from cchc.build.pipeline import load_content
from cchc.reports.counting import build_report
from cchc.reports.docx import render_docx
from cchc.reports.letterhead import letterhead_of_so, letterhead_of_unit
from cchc.site.linking import build_site

ARTIFACTS = REPO / "test-artifacts"


# --------------------------------------------------------------------------- opened by LibreOffice


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled content's first-half report of the Sở (as the site offers it) and a unit's yearly report,
    converted by LibreOffice headless in one run with a private profile (parallel runs do not collide)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    content = load_content(settings_of(REPO))
    site = build_site(content.plans, content.posts, now=NOW, preview=False)
    so = build_report(site, content.plans[2022])
    unit = build_report(site, content.plans[2022], unit="Phòng GDĐT huyện Văn Lâm")
    documents = {
        "so": render_docx(so, 1, letterhead=letterhead_of_so(SETTINGS, so.plan), site_url=SITE_URL, now=NOW),
        "don-vi": render_docx(unit, None, letterhead=letterhead_of_unit(unit.unit or "", None, SETTINGS), site_url=SITE_URL,
                              now=NOW, signed=date(2023, 1, 5)),
    }
    for name, data in documents.items():
        (folder / f"{name}.docx").write_bytes(data)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer-nogui (.ci/run installs it)"
    env = {**os.environ, "HOME": str(folder)}
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in documents)],
        capture_output=True, text=True, timeout=240, check=False, env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {name: folder / f"{name}.pdf" for name in documents}


def poppler(*args: str) -> str:
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_libreoffice_opens_it_in_times_new_roman_or_its_metric_twin(pdfs: dict[str, Path]) -> None:
    found: set[str] = set()
    for pdf in pdfs.values():
        lines = poppler("pdffonts", str(pdf)).splitlines()[2:]
        names = {line.split()[0].split("+")[-1] for line in lines}
        assert names and all(name.startswith(("TimesNewRoman", "LiberationSerif")) for name in names), names
        assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in lines)  # embedded, subset, Unicode
        found |= names
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bao-cao-docx-phong-chu.txt").write_text(
        "Phông chữ trong bản PDF LibreOffice tạo từ báo cáo Word: " + ", ".join(sorted(found)) + "\n", encoding="utf-8")


def test_page_count_is_sane_and_page_numbers_start_on_page_two(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        info = dict(line.split(":", 1) for line in poppler("pdfinfo", str(pdf)).splitlines() if ":" in line)
        pages = int(info["Pages"])
        assert 3 <= pages <= 12, (name, pages)
        assert info["Page size"].strip() == "595.304 x 841.89 pts (A4)"
        first = poppler("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-").strip().splitlines()
        second = poppler("pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-").strip().splitlines()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first[0] and "Độc lập - Tự do - Hạnh phúc" in first[1]
        assert any(line.strip() == "BÁO CÁO" for line in first)
        assert second[0].strip() == "2", second[:2]
    so = poppler("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdfs["so"]), "-")
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in so and "Hưng Yên, ngày … tháng … năm …" in so
    unit = poppler("pdftotext", "-layout", str(pdfs["don-vi"]), "-")
    assert "PHÒNG GDĐT HUYỆN VĂN" in unit and "Hưng Yên, ngày 05 tháng 01 năm 2023" in unit
    assert "Kính gửi: Sở Giáo dục và Đào tạo Hưng Yên" in unit


def test_page_one_is_saved_as_an_image(pdfs: dict[str, Path]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "bao-cao-docx-trang-1"
    target.with_suffix(".png").unlink(missing_ok=True)
    poppler("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdfs["so"]), str(target))
    png = target.with_suffix(".png").read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (662, 936)  # A4 at 80 dpi
