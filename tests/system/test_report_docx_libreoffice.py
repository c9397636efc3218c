"""The Word reports opened by LibreOffice: converted to PDF once per session, checked with poppler (fonts,
page count and numbers), page 1 saved as a PNG.

The content is tests/support/report_content.py's, whose counts are written there by hand.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from docx.shared import Mm
from support import REPO
from support.report_content import NOW, write_content
from support.report_docx import SETTINGS, SIGNER, SITE_URL, settings_of

from cchc.build.pipeline import load_content
from cchc.content.settings import ReportSigner
from cchc.reports.counting import Report, UnitRow, build_report
from cchc.reports.docx import render_docx
from cchc.reports.letterhead import letterhead_of_so, letterhead_of_unit
from cchc.site.linking import build_site

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("word"))


def report_of(root: Path) -> Report:
    loaded = load_content(settings_of(root))
    return build_report(build_site(loaded.plans, loaded.posts, now=NOW, preview=False), loaded.plans[2022])


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
    return convert_to_pdf(folder, documents)


def convert_to_pdf(folder: Path, documents: dict[str, bytes]) -> dict[str, Path]:
    """Each document written to `folder` as <name>.docx and converted to <name>.pdf, all in one LibreOffice headless
    run (a start costs seconds, a document well under one) with a private profile in `folder`: parallel runs do not
    collide, and later runs in the same folder skip setting it up."""
    for name, data in documents.items():
        (folder / f"{name}.docx").write_bytes(data)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer-nogui (.ci/run installs it)"
    env = {**os.environ, "HOME": str(folder)}
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in documents)],
        capture_output=True, text=True, timeout=600, check=False, env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pdfs = {name: folder / f"{name}.pdf" for name in documents}
    assert all(pdf.is_file() for pdf in pdfs.values()), done.stdout + done.stderr
    return pdfs


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


# --------------------------------------------------------------------------- the closing block, at every length


@dataclass(frozen=True)
class Line:
    page: int
    bottom: float  # points from the top of the page
    text: str


TEXT_TOP, TEXT_BOTTOM = Mm(20).pt, Mm(297 - 20).pt  # the body's frame: the page number sits above it


def body_lines(pdf: Path) -> list[Line]:
    """The lines of the body in reading order, as poppler lays them out (the page numbers left out)."""
    xhtml = "{http://www.w3.org/1999/xhtml}"
    root = ET.fromstring(poppler("pdftotext", "-bbox-layout", str(pdf), "-"))
    lines = []
    for number, page in enumerate(root.iter(f"{xhtml}page"), 1):
        for line in page.iter(f"{xhtml}line"):
            if float(line.get("yMax", 0)) > TEXT_TOP:
                words = " ".join(word.text or "" for word in line.iter(f"{xhtml}word"))
                lines.append(Line(number, float(line.get("yMax", 0)), words))
    return lines


@dataclass(frozen=True)
class Closing:
    """Where LibreOffice put the closing block (the closing sentence to the end of the document)."""

    lines: list[Line]
    before: Line  # the last line of the content before it

    @property
    def pages(self) -> set[int]:
        return {line.page for line in self.lines}

    @property
    def room(self) -> float:
        """The height left under the content before the block, on that content's page: the block goes there when
        it fits; when it does not, a block that could split would break this far into it."""
        return TEXT_BOTTOM - self.before.bottom

    @property
    def height(self) -> float:
        """From the bottom of the content before it to the bottom of its last line, when both are on one page."""
        return self.lines[-1].bottom - self.before.bottom if self.before.page == self.lines[0].page else 0.0


def closing_of(pdf: Path) -> Closing:
    lines = body_lines(pdf)
    start = next(index for index, line in enumerate(lines) if line.text.startswith("Trên đây là báo cáo"))
    return Closing(lines[start:], lines[start - 1])


ROW = 20  # points: a little more than one row of the units table (12 pt text, 2 pt above and below)
FIRST_PASS = range(0, 49, 12)  # rows added to the units table: 48 rows are more than a page


def test_the_closing_block_is_never_split_nor_left_without_its_sentence_at_any_length(
        content: Path, tmp_path: Path) -> None:
    """Issue 22: the closing block split across pages (the yearly report: Nơi nhận and KT. GIÁM ĐỐC at the foot of
    one page, Lưu on the next; the six-month report: the closing sentence alone, the block on the next page).

    Rows are added to Bảng 2 (units; their numbers do not matter here) one at a time, which moves everything after
    it down by one row, and each size is rendered by LibreOffice: first every 12th size, to find where the content
    crosses a page end, then every size around it, so that the block meets the page end at each of its lines
    (checked: the room left under the content before the block takes every value from a block's height down to
    nothing, one row apart). At every size the block, closing sentence to Lưu and the signer's name, is on one page."""
    base = report_of(content)
    signer = ReportSigner(**SIGNER, name="Nguyễn Văn An")  # the last line of the block
    letterhead = letterhead_of_so(dataclasses.replace(SETTINGS, signer=signer), base.plan)

    def document(half: int | None, rows: int) -> bytes:
        units = tuple(UnitRow(f"Trường Tiểu học số {n}", f"don-vi/truong-{n}/", 1, 0, 1) for n in range(1, rows + 1))
        report = dataclasses.replace(base, units=base.units + units)
        return render_docx(report, half, letterhead=letterhead, site_url=SITE_URL, now=NOW)

    converted, seconds = 0, 0.0

    def lay_out(sizes: dict[int | None, list[int]]) -> dict[tuple[int | None, int], Closing]:
        """Each size rendered to .docx, all converted by one LibreOffice run, the closing block found in each PDF."""
        nonlocal converted, seconds
        documents = {f"{half or 'nam'}-{rows:03d}": document(half, rows) for half, many in sizes.items() for rows in many}
        started = time.monotonic()
        pdfs = convert_to_pdf(tmp_path, documents)
        converted, seconds = converted + len(documents), seconds + time.monotonic() - started
        return {(half, rows): closing_of(pdfs[f"{half or 'nam'}-{rows:03d}"]) for half, many in sizes.items() for rows in many}

    closings = lay_out({half: list(FIRST_PASS) for half in (1, None)})
    need = max(closing.height for closing in closings.values())  # the block and the space above it
    assert 150 < need < 250, need
    around: dict[int | None, list[int]] = {}
    for half in (1, None):
        first = [(rows, closings[half, rows].room) for rows in FIRST_PASS]
        # The first page end the content crosses: the room grows back. Every size from the last one with room
        # for the block and a row more, to the first one after the page end.
        crossing = next(index for index in range(len(first) - 1) if first[index + 1][1] > first[index][1])
        start = max((rows for rows, room in first[: crossing + 1] if room > need + ROW), default=-1)
        around[half] = [rows for rows in range(start + 1, first[crossing + 1][0]) if rows not in FIRST_PASS]
    closings |= lay_out(around)

    for (half, rows), closing in sorted(closings.items(), key=lambda item: (item[0][0] or 0, item[0][1])):
        text = " ".join(line.text for line in closing.lines)
        for part in ("Nơi nhận:", "- Lưu: VT, VP.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"):
            assert part in text, (half, rows, part, text)
        assert len(closing.pages) == 1, (half, rows, [(line.page, line.text) for line in closing.lines])
    # The walk met the page end at every line of the block: from a room just large enough to nothing, a row apart.
    rooms = sorted(closing.room for closing in closings.values() if closing.room <= need + ROW)
    assert rooms and rooms[0] <= ROW and rooms[-1] >= need, rooms
    assert all(later - earlier <= ROW for earlier, later in itertools.pairwise(rooms)), rooms
    moved = [key for key, closing in closings.items() if closing.lines[0].page > closing.before.page]
    assert moved, "no size pushed the block to the next page"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bao-cao-docx-khoi-ket-thuc.txt").write_text(
        f"Khối kết thúc của báo cáo Word: {len(closings)} độ dài (6 tháng và cả năm), {len(moved)} độ dài khối được "
        f"chuyển nguyên sang trang sau; LibreOffice chuyển {converted} tệp sang PDF trong {seconds:.1f} giây "
        "(hai lần chạy).\n", encoding="utf-8")
