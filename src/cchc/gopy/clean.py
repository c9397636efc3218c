"""What a citizen sends, cleaned and checked field by field: NFC, no control characters, length
limits, a Vietnamese message at each field that is refused. Pure functions; no I/O.

Text is kept as text: SQL, HTML or `<script>` are stored as typed and escaped wherever shown."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from cchc.text import normalize

# Field names are the form's `name`s (Vietnamese, ASCII): the static form, the service and the
# script share them.
NAME, CONTACT, SUBJECT, CONTENT, PAGE, CONSENT, PUBLISH_NAME = "ho_ten", "lien_he", "tieu_de", "noi_dung", "trang", "dong_y", "cong_khai"
USEFUL, COMMENT = "huu_ich", "y_kien"
HONEYPOT, ELAPSED = "website", "thoi_gian"  # a field people never see; milliseconds the form was open (script)

LIMITS = {NAME: 100, CONTACT: 254, SUBJECT: 200, PAGE: 300, COMMENT: 1000}
MIN_CONTENT = 10

# Bidirectional overrides make a stored text display differently from what it is ("Trojan source").
_INVISIBLE = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0xFEFF])
_PHONE = re.compile(r"\+?[\d][\d .\-()]{6,18}\d")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")
_PAGE = re.compile(r"[a-z0-9][a-z0-9/_.\-]*")


class Refused(Exception):
    """The submission cannot be accepted; `errors` maps a field (or "") to its Vietnamese message."""

    def __init__(self, errors: Mapping[str, str], status: int = 400) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)
        self.status = status


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC, control characters removed (a line break stays in multi-line text), trimmed."""
    text = normalize(value.replace("\r\n", "\n").replace("\r", "\n")).translate(_INVISIBLE)
    kept = []
    for char in text:
        if char == "\n" and multiline:
            kept.append(char)
        elif char in "\t\n":
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cs"):
            kept.append(char)
    text = "".join(kept)
    if multiline:
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n")))
    return re.sub(r" {2,}", " ", text).strip() if not multiline else text.strip()


@dataclass(frozen=True)
class Question:
    subject: str
    content: str
    name: str = ""
    contact: str = ""
    page: str = ""
    publish_name: bool = False


@dataclass(frozen=True)
class Rating:
    page: str
    useful: bool
    comment: str = ""


def _checked(form: Mapping[str, str], errors: dict[str, str], field: str, label: str, *,
             limit: int, required: bool = False, multiline: bool = False) -> str:
    text = clean_text(form.get(field, ""), multiline=multiline)
    if required and not text:
        errors[field] = f"Vui lòng nhập {label}."
    elif len(text) > limit:
        errors[field] = f"{label[0].upper()}{label[1:]} dài {len(text):,} ký tự, quá giới hạn {limit:,} ký tự.".replace(",", ".")
    return text


def check_robot(form: Mapping[str, str], *, scripted: bool, min_fill_seconds: float) -> None:
    """The honeypot must stay empty; a scripted form must have been open long enough."""
    if form.get(HONEYPOT, "").strip():
        raise Refused({"": "Không gửi được: biểu mẫu có ô ẩn đã bị điền (dấu hiệu gửi tự động). "
                           "Nếu bạn là người gửi, hãy tải lại trang và gửi lại."})
    if not scripted:
        return
    try:
        elapsed = float(form.get(ELAPSED, "")) / 1000
    except ValueError:
        elapsed = -1.0
    if not elapsed >= min_fill_seconds:  # also refuses NaN
        raise Refused({"": "Biểu mẫu được gửi quá nhanh sau khi mở trang. Vui lòng kiểm tra lại nội dung rồi gửi lại."})


def check_page(text: str) -> str:
    """A site-relative directory URL such as `tin-tuc/2022/03/tin/` (never a scheme or `..`)."""
    page = text.strip()
    if page and (not _PAGE.fullmatch(page) or ".." in page or "//" in page):
        raise ValueError(page)
    return page


def check_question(form: Mapping[str, str], *, max_content: int) -> Question:
    errors: dict[str, str] = {}
    name = _checked(form, errors, NAME, "họ tên", limit=LIMITS[NAME])
    contact = _checked(form, errors, CONTACT, "số điện thoại hoặc thư điện tử", limit=LIMITS[CONTACT])
    if contact and CONTACT not in errors and not (_EMAIL.fullmatch(contact) or _PHONE.fullmatch(contact)):
        errors[CONTACT] = "Số điện thoại hoặc địa chỉ thư điện tử chưa đúng (ví dụ: 0912 345 678 hoặc ten@example.com)."
    subject = _checked(form, errors, SUBJECT, "tiêu đề", limit=LIMITS[SUBJECT], required=True)
    content = _checked(form, errors, CONTENT, "nội dung", limit=max_content, required=True, multiline=True)
    if content and CONTENT not in errors and len(content) < MIN_CONTENT:
        errors[CONTENT] = f"Nội dung quá ngắn; vui lòng viết ít nhất {MIN_CONTENT} ký tự."
    page = _checked(form, errors, PAGE, "trang hoặc thủ tục liên quan", limit=LIMITS[PAGE])
    if not form.get(CONSENT):
        errors[CONSENT] = "Vui lòng đánh dấu đồng ý để Sở được xử lý thông tin bạn gửi (Nghị định 13/2023/NĐ-CP)."
    if errors:
        raise Refused(errors)
    return Question(subject, content, name, contact, page, publish_name=bool(form.get(PUBLISH_NAME)) and bool(name))


def check_rating(form: Mapping[str, str]) -> Rating:
    errors: dict[str, str] = {}
    try:
        page = check_page(clean_text(form.get(PAGE, "")))
    except ValueError:
        page, errors[PAGE] = "", "Địa chỉ trang được đánh giá không hợp lệ."
    if not page and PAGE not in errors:
        errors[PAGE] = "Thiếu địa chỉ trang được đánh giá."
    elif len(page) > LIMITS[PAGE]:
        errors[PAGE] = "Địa chỉ trang được đánh giá quá dài."
    useful = form.get(USEFUL, "")
    if useful not in ("co", "chua"):
        errors[USEFUL] = "Vui lòng chọn Có hoặc Chưa."
    comment = _checked(form, errors, COMMENT, "ý kiến", limit=LIMITS[COMMENT], multiline=True)
    if errors:
        raise Refused(errors)
    return Rating(page, useful == "co", comment)
