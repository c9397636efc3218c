"""The one personal-data detector (src/cchc/content/personal_data.py): what it finds and what it leaves
alone, as `cchc gop-y tra-loi` hides it in the Q&A skeleton and `cchc check` warns about it at its line
in content/hoi-dap/; fuzzed for no crash and for time linear in the text."""

from __future__ import annotations

import gc
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.project import SiteProject, content_settings

from cchc.build.pipeline import gather_content
from cchc.content import personal_data as pd
from cchc.gopy.export import answer_skeleton
from cchc.gopy.store import NEW, StoredQuestion

AGENCY = pd.Public.of(["0221 3000 000", "0221 3000 001", "cchc@example.gov.vn"])  # SAMPLE_AGENCY's contacts
NAME = "Trần Thị Bích"

# (text, what must be hidden, kind): the reproductions of issue 22 first.
POSITIVES = [
    ("Gọi (091) 234 5678 giúp tôi", "(091) 234 5678", pd.PHONE),
    ("số +84 (0) 912 345 678 nhé", "+84 (0) 912 345 678", pd.PHONE),
    ("thư bich.tran＠gmail.com", "bich.tran＠gmail.com", pd.EMAIL),
    ("CCCD 0331 9500 1234 cấp năm 2021", "0331 9500 1234", pd.ID_NUMBER),
    ("chuyển khoản 1903-5555-1234-567 Techcombank", "1903-5555-1234-567", pd.ACCOUNT),
    ("Tôi là Trần  Thị   Bích, phụ huynh", "Trần  Thị   Bích", pd.NAME),
    ("Tran Thi Bich xin hỏi", "Tran Thi Bich", pd.NAME),
    ("TRẦN THỊ BÍCH", "TRẦN THỊ BÍCH", pd.NAME),
    ("tran-thi-bich viết", "tran-thi-bich", pd.NAME),
    ("0912345678", "0912345678", pd.PHONE),
    ("0912.345.678", "0912.345.678", pd.PHONE),
    ("0912-345-678", "0912-345-678", pd.PHONE),
    ("091 234 56 78", "091 234 56 78", pd.PHONE),
    ("sđt0912345678", "0912345678", pd.PHONE),
    ("０９１２３４５６７８", "０９１２３４５６７８", pd.PHONE),
    ("0912\u200b345\u200b678", "0912\u200b345\u200b678", pd.PHONE),
    ("(+84) 912345678", "(+84) 912345678", pd.PHONE),
    ("+84912345678", "+84912345678", pd.PHONE),
    ("0084 912 345 678", "0084 912 345 678", pd.PHONE),
    ("84 912 345 678", "84 912 345 678", pd.PHONE),
    ("máy bàn 0221.3863.245", "0221.3863.245", pd.PHONE),
    ("máy bàn 024 3869 4567", "024 3869 4567", pd.PHONE),
    ("số cũ 0168 123 4567", "0168 123 4567", pd.PHONE),
    ("số 033195001234", "033195001234", pd.ID_NUMBER),
    ("CMND 123456789", "123456789", pd.ID_NUMBER),
    ("CMND 123 456 789", "123 456 789", pd.ID_NUMBER),
    ("STK 0071000123456 Vietcombank", "0071000123456", pd.ACCOUNT),
    ("STK 1903 5555 1234 567", "1903 5555 1234 567", pd.ACCOUNT),
    ("bichtran at gmail dot com", "bichtran at gmail dot com", pd.EMAIL),
    ("bich (at) gmail (dot) com", "bich (at) gmail (dot) com", pd.EMAIL),
    ("bich [at] gmail.com", "bich [at] gmail.com", pd.EMAIL),
    ("bich a còng gmail chấm com", "bich a còng gmail chấm com", pd.EMAIL),
    ("Bich.Tran@Gmail.COM", "Bich.Tran@Gmail.COM", pd.EMAIL),
    ("bich @ yahoo.com.vn", "bich @ yahoo.com.vn", pd.EMAIL),
    ("mailto:bich@gmail.com", "bich@gmail.com", pd.EMAIL),
    ("Họ tên: Nguyễn Văn An", "Nguyễn Văn An", pd.NAME),
    ("họ và tên: Lê Hoa", "Lê Hoa", pd.NAME),
    ("tên tôi là Hùng, ở", "Hùng", pd.NAME),
    ("Chào chị Bích, Sở trả lời", "Bích", pd.NAME),
    ("Kính gửi ông Chu Văn An,", "Chu Văn An", pd.NAME),
]

# What staff legitimately write, and must not be warned about (nor hidden in a question).
NEGATIVES = [
    "Kế hoạch số 07/KH-SGDĐT ngày 12/3/2024 của Sở Giáo dục và Đào tạo",
    "Nghị định 30/2020/NĐ-CP, Thông tư 24/2011/TT-BTTTT, Quyết định số 1234/QĐ-UBND",
    "Thủ tục 2.001914, mã 1.001639 và 2.002478.000.00.00.H31 trên Cổng Dịch vụ công",
    "ngày 05.01.2026, ngày 2026-01-05 08:00, ngày 12-03-2026, ngày 5-1-26",
    "năm 2025, năm học 2025 - 2026, giai đoạn 2021-2025, giai đoạn 2021 – 2025",
    "lệ phí 150.000.000 đồng, 1.500.000 đ, 1500000 đồng, 2 500 000 đ, 150000000 VNĐ, 20.000",
    "gọi đường dây nóng 0221 3000 001, điện thoại 0221.3000.000, thư cchc@example.gov.vn",
    "tổng đài 1900 1234, 1800 1091, 1900 54 55 68, số khẩn 113, 114, 115",
    "https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma_thu_tuc=1.001639&id=123456789012",
    "xem www.baochinhphu.vn/tin-102240315123456789.htm",
    "Tôi là Giáo viên, tôi là phụ huynh học sinh lớp 5",
    "Kính gửi ông Giám đốc Sở, chào bạn, chào anh,",
    "văn hóa, hóa đơn, Hóa học",
    "Điều 5 khoản 2, mục 3.2.1, 12,5%, 08:30, 1/2, 000.00.37",
    "Phòng 201, tầng 3, số 15 đường Nguyễn Văn Linh, mã bưu chính 160000",
    "Mã tiếp nhận K7M3QX9A, [đã ẩn], a@b",
]


@pytest.mark.parametrize("text, hidden, kind", POSITIVES, ids=[case[1] for case in POSITIVES])
def test_what_is_personal_is_found_and_hidden_whole(text: str, hidden: str, kind: str) -> None:
    findings = pd.find(text, known=(NAME, "0987654321"), public=AGENCY)
    start = text.index(hidden)
    assert [(finding.start, finding.end, finding.kind) for finding in findings] == [(start, start + len(hidden), kind)]
    redacted, _ = pd.redact(text, known=(NAME,), public=AGENCY)
    assert redacted == text[:start] + pd.HIDDEN + text[start + len(hidden):]


@pytest.mark.parametrize("text", NEGATIVES)
def test_what_staff_write_is_not_personal(text: str) -> None:
    assert pd.find(text, known=(NAME, "0987654321", "Hoa"), public=AGENCY) == []


def test_the_agency_numbers_are_allowed_only_when_they_are_the_agency_s() -> None:
    text = "đường dây nóng 0221 3000 001"
    assert pd.find(text, public=AGENCY) == []
    assert [finding.kind for finding in pd.find(text)] == [pd.PHONE]


def test_institutions_are_allowed_in_what_staff_write_only() -> None:
    text = "liên hệ Phòng GDĐT 0221 3985 123, vanphong@hungyen.edu.vn; chị Bích 0912 345 678, bich@gmail.com"
    written = pd.Public.of([], institutions=True)
    assert [text[f.start:f.end] for f in pd.find(text, public=written)] == ["0912 345 678", "bich@gmail.com"]
    assert len(pd.find(text)) == 4  # a citizen's question: every number and address is hidden


def test_the_asker_s_contact_in_any_spacing() -> None:
    text = "số của tôi: 09 87 65 43 21 hoặc zalo 0987-654-321"
    assert [finding.kind for finding in pd.find(text, known=("0987654321",))] == [pd.PHONE, pd.PHONE]


def test_a_one_word_name_is_matched_as_written() -> None:
    """Folded, "Hoa" would hide "hóa" everywhere."""
    assert [f.kind for f in pd.find("Hoa hỏi về hóa đơn, văn hóa", known=("Hoa",))] == [pd.NAME]
    assert pd.find("hóa đơn", known=("Hoa",)) == []


def test_offsets_are_the_original_text_s_with_dropped_characters() -> None:
    """Decomposed letters and zero-width characters are dropped by the folding, not by the spans."""
    decomposed = "Xin hỏi, tôi là Tra\u0302\u0300n Thi\u0323 Bi\u0301ch, so\u0302\u0301 0912\u200b345678."
    redacted, findings = pd.redact(decomposed, known=(NAME,))
    assert [finding.kind for finding in findings] == [pd.NAME, pd.PHONE]
    assert redacted == "Xin hỏi, tôi là [đã ẩn], so\u0302\u0301 [đã ẩn]."


# --------------------------------------------------------------------------- tra-loi's skeleton


def stored(**values: object) -> StoredQuestion:
    base: dict[str, object] = {
        "id": 1, "code": "K7M3QX9A", "received_at": datetime(2026, 3, 2, 2, 15, tzinfo=UTC), "subject": "Hỏi về văn bằng",
        "content": "", "page": "", "name": NAME, "contact": "bich.tran@gmail.com", "publish_name": False,
        "status": NEW, "answer_url": "", "answered_at": None, "purged": False,
    }
    return StoredQuestion(**{**base, **values})  # type: ignore[arg-type]


def test_the_skeleton_hides_every_reproduction_and_says_what_was_not_checked() -> None:
    question = ("Tôi là Tran Thi  Bich, gọi (091) 234 5678 hoặc +84 (0) 912 345 678, thư bich.tran＠gmail.com, "
                "CCCD 0331 9500 1234, tài khoản 1903-5555-1234-567. Theo Kế hoạch 07/KH-SGDĐT, thủ tục 2.001914, "
                "đường dây nóng 0221 3000 001.")
    text = answer_skeleton(stored(content=question, subject="Hỏi của TRẦN THỊ BÍCH"), task=8, plan=2026, field="",
                           page="", unit="Văn phòng", today=datetime(2026, 3, 5, 3, 0, tzinfo=UTC), public=AGENCY)
    for personal in ("Tran Thi  Bich", "TRẦN THỊ BÍCH", "234 5678", "912 345 678", "bich.tran", "0331 9500 1234",
                     "1903-5555-1234-567"):
        assert personal not in text, personal
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Hỏi của [đã ẩn]" and "asker" not in front
    for kept in ("07/KH-SGDĐT", "2.001914", "0221 3000 001"):
        assert kept in front["question"], kept
    header = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    assert ("đã tự ẩn 2 họ tên người hỏi, 1 số CCCD/CMND, 1 số tài khoản, 2 số điện thoại, 1 thư điện tử (thay bằng [đã ẩn])"
            in header)
    assert "KHÔNG dò được: tên người khác, địa chỉ nhà, biển số xe" in header


def test_what_tra_loi_writes_cchc_check_does_not_warn_about(tmp_path: Path) -> None:
    """One detector: the skeleton, answered, has nothing left for the check to point at."""
    question = "Tôi là Trần Thị Bích, gọi (091) 234 5678, thư bich.tran＠gmail.com; gọi 0221 3000 001 không được."
    text = answer_skeleton(stored(content=question), task=8, plan=2022, field="", page="", unit="Văn phòng",
                           today=datetime(2026, 3, 5, 3, 0, tzinfo=UTC), public=AGENCY)
    text = text.replace("draft: true\n", "").replace(text.rsplit("---\n", 1)[1], "Sở trả lời: nộp hồ sơ trực tuyến.\n")
    project = SiteProject(tmp_path / "project")
    project.write("content/hoi-dap/k7m3qx9a.md", text)
    content = gather_content(content_settings(project.root))
    assert [str(problem) for problem in content.problems] == [] and len(content.answers) == 1


# --------------------------------------------------------------------------- cchc check on content/hoi-dap/


# --------------------------------------------------------------------------- fuzzing

# As tests/system/test_fuzz.py: a fixed seed in `make test`, random and 20 times longer with CCHC_FUZZ=long.
LONG = os.environ.get("CCHC_FUZZ") == "long"


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples * (20 if LONG else 1), deadline=None, database=None, derandomize=not LONG,
                    print_blob=True, suppress_health_check=list(HealthCheck))


ALPHABET = st.sampled_from([*"0123456789", " ", ".", "-", "(", ")", "+", "@", "＠", "．", "０", "\u200b", "\u0301",
                            "a", "A", "đ", "Ư", "x", "\n", "/", ":", ",", " at ", " dot ", " chấm ", "tôi là ", "Chào chị ",
                            "Bích ", "Trần ", "https://", "www.", "đồng", "84", "0912", "2021"])


@fuzz(300)
@given(st.lists(ALPHABET, max_size=80).map("".join), st.lists(st.text(max_size=12), max_size=3))
def test_any_text_gives_ordered_spans_inside_it(text: str, known: list[str]) -> None:
    findings = pd.find(text, known=known, public=AGENCY)
    last = 0
    for finding in findings:
        assert last <= finding.start < finding.end <= len(text)
        assert finding.kind in pd.LABELS
        last = finding.end
    redacted, again = pd.redact(text, known=known, public=AGENCY)
    assert again == findings and redacted.count(pd.HIDDEN) >= len(findings)


@fuzz(100)
@given(st.lists(st.sampled_from(["Xin hỏi", "thủ tục", "năm", "văn bằng", ",", ".", "về", "Sở", "lớp"]), max_size=12).map(" ".join),
       st.sampled_from(["0912 345 678", "(091) 234 5678", "+84 (0) 912 345 678", "bich.tran＠gmail.com", "0331 9500 1234"]),
       st.lists(st.sampled_from(["Xin hỏi", "thủ tục", "năm", ",", ".", "cảm ơn"]), max_size=12).map(" ".join))
def test_a_personal_datum_is_found_whatever_words_surround_it(before: str, datum: str, after: str) -> None:
    text = f"{before} {datum} {after}"
    start = len(before) + 1
    assert any(f.start <= start and start + len(datum) <= f.end for f in pd.find(text)), text


def _seconds(text: str) -> float:
    """CPU seconds (other processes may share the cores), the best of two runs, without the garbage collector's pauses."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(2):
            pd._find.cache_clear()  # time the detector, not its cache
            started = time.process_time()
            pd.find(text, known=(NAME, "0987654321", "Bích"), public=AGENCY)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


@fuzz(20)
@given(st.lists(ALPHABET, min_size=1, max_size=6).map("".join))
def test_time_is_linear_in_the_text(unit: str) -> None:
    """A repeated snippet, 4 times longer, takes about 4 times as long (16 if it were quadratic); the
    constant absorbs the noise of short runs."""
    small, large = unit * (20_000 // len(unit) + 1), unit * (80_000 // len(unit) + 1)
    assert _seconds(large) <= 10 * _seconds(small) + 0.05, repr(unit)
