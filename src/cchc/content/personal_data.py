"""Personal data a citizen may type into a question: phone numbers, ID card numbers, bank accounts,
e-mail addresses and names. One detector, no I/O: `cchc gop-y tra-loi` hides what it finds in the Q&A
skeleton (`redact`), and `cchc check` warns about what it finds in content/hoi-dap/ (`find`), because a
published answer is on its page, in its feed and in the search index, and a committed file is out of
reach of the feedback database's purge.

The text is folded first, one character for one: compatibility forms (fullwidth ０９１, ＠, ．) to
ASCII, letters to lower case without diacritics (đ to d), every space to " ", every dash to "-";
zero-width characters and lone combining marks are dropped. Spans found in the folded text are
mapped back to the original, so what is hidden is exactly what was written.

What is found:
- numbers written with spaces, dots, dashes or parentheses between their digits, read as a phone
  number (mobile 03/05/07/08/09 and 10 digits, landline 02 and 11 digits, the old 01 mobiles; with
  +84, 0084, (+84) or "+84 (0)" in front), else a CCCD/CMND (12 or 9 digits), else an account
  (8 to 19 digits); never a date, a year range, an amount of money, a procedure code (2.001914), a
  service number (1800/1900), a number inside a web address, nor a number `Public` allows;
- e-mail addresses, also with the @ written as ＠, " at ", "(at)", "[at]" or "a còng", and the dot
  as "(dot)" or " chấm ";
- the asker's name and contact as typed in the form, in any case, spacing and diacritics (a name of
  one word only as written, diacritics and all: "Hoa" must not hide "văn hóa");
- a name after a self-introduction, a "họ tên:" label or a greeting ("tôi là Trần Thị Bích",
  "chào chị Bích").

Not found, and said so to the person who reads the text (NOT_CHECKED): names of other people, home
addresses, number plates, dates of birth, workplaces and schools, links to social network profiles.

Every pattern runs in time linear in the text (tests/unit/test_content_personal_data.py measures it).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

PHONE, ID_NUMBER, ACCOUNT, EMAIL, NAME = "phone", "id", "account", "email", "name"
LABELS = {
    PHONE: "số điện thoại", ID_NUMBER: "số CCCD/CMND", ACCOUNT: "số tài khoản", EMAIL: "thư điện tử",
    NAME: "họ tên người hỏi",
}
HIDDEN = "[đã ẩn]"  # what `redact` puts in place of each finding

# What the skeleton's header says was looked for, and what a person must still look for.
CHECKED = ("số điện thoại, số CCCD/CMND, số tài khoản, thư điện tử (cả dạng viết ＠, at, a còng), họ tên và liên hệ "
           "người hỏi như đã nhập (cả viết không dấu, khác khoảng trắng), tên sau lời tự giới thiệu hay lời chào")
NOT_CHECKED = "tên người khác, địa chỉ nhà, biển số xe, ngày sinh, nơi làm việc, tên trường, đường dẫn trang mạng xã hội"


@dataclass(frozen=True, order=True)
class Finding:
    start: int  # offsets in the original text
    end: int
    kind: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


# --- folding ----------------------------------------------------------------------------------------


def _fold_char(char: str) -> str | None:
    """One character for one, or None (dropped)."""
    if char in "đĐ":
        return "d"
    category = unicodedata.category(char)
    if category in ("Mn", "Cf"):  # a lone combining mark; a zero-width or direction character
        return None
    if char.isspace():
        return " "
    if category == "Pd":
        return "-"
    compatible = unicodedata.normalize("NFKC", char)
    if len(compatible) == 1:
        char = compatible
    base = "".join(part for part in unicodedata.normalize("NFD", char) if unicodedata.category(part) != "Mn")
    lower = (base if len(base) == 1 else char).lower()
    return lower if len(lower) == 1 else char


class _FoldTable(dict[int, str | None]):
    """str.translate's table, filled on the first use of each character (and so a cache of _fold_char)."""

    def __missing__(self, code: int) -> str | None:
        self[code] = folded = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case, no diacritics, compatibility forms as ASCII, one space character; dropped characters removed."""
    return text.translate(_TABLE)


class _Folded:
    """The folded text and the way back to the original's offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self._origins: list[int] | None = None
        if len(self.folded) != len(text):  # something was dropped: keep where each folded character came from
            self._origins = [index for index, char in enumerate(text) if _TABLE[ord(char)] is not None]

    def original(self, offset: int) -> int:
        if self._origins is None:
            return offset
        return self._origins[offset] if offset < len(self._origins) else len(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        # The end takes the dropped characters after the last one (combining marks belong to it).
        return self.original(start), self.original(end)


# --- what may be published ----------------------------------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", fold(text))


def _national(digits: str, international: bool) -> str:
    """A phone number as dialled inside Việt Nam: +84 (0) 912 …, 0084 912 … and 84 912 … are 0912 …"""
    if digits.startswith("0084"):
        digits, international = digits[4:], True
    elif digits.startswith("84") and (international or len(digits) in (11, 12)):
        digits, international = digits[2:], True
    if international and not digits.startswith("0"):
        return "0" + digits
    return digits


def _email_key(text: str) -> str:
    return re.sub(r"\s", "", fold(text))


@dataclass(frozen=True)
class Public:
    """What may be published although it looks personal: the agency's own numbers and address (the
    settings), and in what staff write, institutions' landlines and addresses (`institutions`)."""

    numbers: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    institutions: bool = False  # landlines (02…) and e-mail under .gov.vn, .edu.vn

    @classmethod
    def of(cls, values: Iterable[str], *, institutions: bool = False) -> Public:
        numbers, emails = set(), set()
        for value in values:
            if "@" in value:
                emails.add(_email_key(value))
            elif digits := _digits(value):
                numbers.add(_national(digits, value.lstrip().startswith("+")))
        return cls(frozenset(numbers), frozenset(emails), institutions)

    def allows_number(self, kind: str, national: str) -> bool:
        return national in self.numbers or (self.institutions and kind == PHONE and national.startswith("02"))

    def allows_email(self, address: str) -> bool:
        key = _email_key(address)
        return key in self.emails or (self.institutions and key.endswith((".gov.vn", ".edu.vn")))


NOTHING = Public()  # nothing that looks personal is allowed


# --- numbers ----------------------------------------------------------------------------------------

# Digit groups joined by what people put between them: spaces, a dot or a dash (spaces around it),
# parentheses ("(091) 234 5678", "+84 (0) 912 345 678"). Every repetition takes digits: linear.
_SEPARATOR = r"(?:[ ]{0,2}[.\-][ ]{0,2}|[ ]{1,3}|\)[ ]{0,2}\(?|[ ]{0,2}\()"
_NUMBER = re.compile(rf"(?<![0-9])(?P<prefix>\+|\(\+?)?[0-9]+(?:{_SEPARATOR}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_CURRENCY = re.compile(r"[ ]?(?:dong|d|vnd|trieu|ty|nghin|ngan|usd|\$)(?![a-z0-9])")
_URL = re.compile(r"(?:https?://|www\.)[^ <>\"'()\[\]]+")
_PHONE = re.compile(r"0[35789][0-9]{8}|01[2689][0-9]{8}|02[0-9]{9}")
_SERVICE = re.compile(r"1[89]00[0-9]{4}(?:[0-9]{2})?")  # 1800 xxxx, 1900 xxxx(xx): numbers of organisations
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
MAX_ACCOUNT = 19  # digits of the longest bank account number


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str
    before: str  # the separator before it ("" for the first group)


def _groups(number: re.Match[str]) -> list[_Group]:
    groups: list[_Group] = []
    last = number.start()
    for match in _GROUP.finditer(number.string, number.start(), number.end()):
        groups.append(_Group(match.start(), match.end(), match.group(), number.string[last:match.start()]))
        last = match.end()
    return groups


def _not_personal(groups: list[_Group], at: int) -> int:
    """How many groups from `at` are a date, a year range, an amount or a procedure code (0: none)."""
    first, rest = groups[at], groups[at + 1:at + 3]
    seps = [group.before.strip() for group in rest]
    if len(rest) == 2 and seps[0] == seps[1] and seps[0] in (".", "-"):
        day, month, year = first.digits, rest[0].digits, rest[1].digits
        if len(day) <= 2 and len(month) <= 2 and len(year) in (2, 4) and 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
            return 3  # 05.01.2026, 5-1-26
        if len(day) == 4 and len(month) <= 2 and len(year) <= 2 and 1 <= int(month) <= 12:
            return 3  # 2026-01-05
    if rest and seps[0] == "-" and _YEAR.fullmatch(first.digits) and _YEAR.fullmatch(rest[0].digits):
        return 2  # 2021 - 2025
    if len(first.digits) == 1 and rest and rest[0].before == "." and len(rest[0].digits) == 6:
        return 2  # a procedure code, 2.001914 (the rest of a long code, .000.00.00.H31, is short groups)
    if 1 <= len(first.digits) <= 3 and first.digits[0] != "0" and rest and rest[0].before == "." and len(rest[0].digits) == 3:
        count = 1
        while at + count < len(groups) and groups[at + count].before == "." and len(groups[at + count].digits) == 3:
            count += 1
        return count  # 150.000.000: an amount
    return 0


def _classify(groups: list[_Group], at: int, international: bool) -> tuple[int, str, str] | None:
    """The groups from `at` that make one number: (index of its last group, kind or "" for a service
    number, its digits as dialled inside Việt Nam)."""
    digits = ""
    longest: tuple[int, str] | None = None
    for end in range(at, len(groups)):
        digits += groups[end].digits
        if len(digits) > MAX_ACCOUNT + 4:  # 0084 and a long account
            break
        national = _national(digits, international)
        if _PHONE.fullmatch(national):
            return end, PHONE, national
        if _SERVICE.fullmatch(digits):
            return end, "", digits
        if 8 <= len(digits) <= MAX_ACCOUNT:
            longest = (end, digits)
    if longest is None:
        return None
    end, digits = longest
    return end, ID_NUMBER if len(digits) in (9, 12) else ACCOUNT, digits


def _numbers(folded: str, public: Public, skipped: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    for number in _NUMBER.finditer(folded):
        if _inside(number.start(), skipped) or _CURRENCY.match(folded, number.end()):
            continue
        prefix = number.group("prefix") or ""
        groups = _groups(number)
        at = 0
        while at < len(groups):
            if skip := _not_personal(groups, at):
                at += skip
                continue
            found = _classify(groups, at, "+" in prefix and at == 0)
            if found is None:
                at += 1
                continue
            end, kind, national = found
            if kind and not public.allows_number(kind, national):
                # "+84" and "(091)" belong to the number; a lone "(" before it does not.
                whole = at == 0 and ("+" in prefix or ")" in number.group())
                yield number.start() if whole else groups[at].start, groups[end].end, kind
            at = end + 1


# --- e-mail -----------------------------------------------------------------------------------------

_AT = r"(?:[ ]{0,2}@[ ]{0,2}|[ ]{0,2}[(\[{][ ]?(?:at|a cong)[ ]?[)\]}][ ]{0,2}|[ ]{1,2}(?:at|a cong)[ ]{1,2})"
_DOT = r"(?:\.|[ ]{0,2}[(\[{][ ]?(?:dot|cham)[ ]?[)\]}][ ]{0,2}|[ ]{1,2}(?:dot|cham)[ ]{1,2})"
# The local part starts where a run of its characters starts (the look-behind), so each run is read once.
_EMAIL = re.compile(rf"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*{_AT}[a-z0-9][a-z0-9\-]*(?:{_DOT}[a-z0-9\-]+)*"
                    rf"{_DOT}[a-z]{{2,}}(?![a-z0-9])")


# --- names ------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
# Where a name follows (folded text): a self-introduction, a "họ tên:" label, a greeting of the asker.
_INTRODUCTION = re.compile(
    r"(?<![a-z0-9])(?:"
    r"(?P<named>ten[ ]+(?:toi|em|minh|chau)[ ]+la|(?:toi|em|minh|chau)[ ]+ten[ ]+la|ho[ ]+(?:va[ ]+)?ten[ ]*:)"
    r"|(?P<intro>(?:toi|em|minh|chau)[ ]+la)"
    r"|(?P<greeting>(?:chao|kinh[ ]+gui|than[ ]+gui|gui)[ ]+(?:anh|chi|ong|ba|ban|em|co|chu|bac))"
    r")[ ]+"
)
# Words that start a title, not a name ("Kính gửi ông Giám đốc Sở"), with their diacritics: "Chu" is a name.
_TITLES = frozenset({"giám", "phó", "hiệu", "trưởng", "chủ", "chánh", "sở", "phòng", "ban", "bộ", "ủy", "ubnd", "hội",
                     "cán", "lãnh", "tổ", "nhà", "học", "giáo", "thầy", "cô", "trường"})


def _known_pattern(value: str) -> re.Pattern[str] | None:
    """The asker's name or contact in the folded text, whatever the spacing: words joined by up to 3
    spaces, dots or dashes (or none); a number's digits with anything but digits between them."""
    folded = fold(value)
    if "@" in folded:
        return re.compile(re.escape(_email_key(value)))
    digits = _digits(value)
    if len(digits) >= 6 and len(digits) * 2 >= len(folded.replace(" ", "")):
        return re.compile(r"(?<![0-9])" + r"[^0-9a-z]{0,3}".join(digits) + r"(?![0-9])")
    words = folded.split()
    if len(words) < 2 or sum(len(word) for word in words) < 3:
        return None
    return re.compile(r"(?<![a-z0-9])" + r"[ ._\-]{0,3}".join(re.escape(word) for word in words) + r"(?![a-z0-9])")


def _one_word(value: str) -> re.Pattern[str] | None:
    """A name of one word, as written: folded, "Hoa" would also be "hóa"."""
    words = unicodedata.normalize("NFC", value).split()
    if len(words) != 1 or len(words[0]) < 3 or "@" in value or _digits(value):
        return None
    return re.compile(r"(?<!\w)" + re.escape(words[0]) + r"(?!\w)", re.IGNORECASE)


def _capitalised_words(text: str, position: int, limit: int = 5) -> int:
    """The end of the capitalised words at `position` of the original text (`position`: none)."""
    end = position
    for count in range(limit):
        match = _WORD.match(text, position)
        if match is None or not match.group()[0].isupper():
            break
        if count == 0 and unicodedata.normalize("NFC", match.group()).lower() in _TITLES:
            break
        end = match.end()
        if text[end:end + 1] != " ":
            break
        position = end + 1
    return end


def _introduced(view: _Folded) -> Iterator[tuple[int, int]]:
    for match in _INTRODUCTION.finditer(view.folded):
        start = view.original(match.end())
        end = _capitalised_words(view.text, start)
        if len(view.text[start:end].split()) >= (2 if match.group("intro") else 1):
            yield start, end


# --- the detector -----------------------------------------------------------------------------------


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` is in one of `spans` (sorted, not overlapping: _merged)."""
    index = bisect.bisect_right(spans, (position, math.inf)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans, overlapping ones joined (an e-mail address may contain a web address)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def find(text: str, *, known: Iterable[str] = (), public: Public = NOTHING) -> list[Finding]:
    """Where `text` may hold personal data, in order; overlapping findings are merged (the first kind
    kept). `known`: the asker's name and contact as typed in the form."""
    return list(_find(text, tuple(known), public))


@lru_cache(maxsize=1024)  # the preview reads every answer again on each save
def _find(text: str, known: tuple[str, ...], public: Public) -> tuple[Finding, ...]:
    view = _Folded(text)
    folded = view.folded
    urls = [(match.start(), match.end()) for match in _URL.finditer(folded)]
    emails = [match for match in _EMAIL.finditer(folded) if not _inside(match.start(), urls)]
    spans = [(match.start(), match.end(), EMAIL) for match in emails if not public.allows_email(match.group())]
    spans += _numbers(folded, public, _merged(urls + [(match.start(), match.end()) for match in emails]))
    for value in known:
        if pattern := _known_pattern(value):
            kind = EMAIL if "@" in value else PHONE if _digits(value) else NAME
            spans += [(match.start(), match.end(), kind) for match in pattern.finditer(folded)]
    found = [(*view.span(start, end), kind) for start, end, kind in spans]
    for value in known:
        if single := _one_word(value):
            found += [(match.start(), match.end(), NAME) for match in single.finditer(text)]
    found += [(start, end, NAME) for start, end in _introduced(view)]
    merged: list[Finding] = []
    for start, end, kind in sorted(found):
        if merged and start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(last.start, max(last.end, end), last.kind)
        elif end > start:
            merged.append(Finding(start, end, kind))
    return tuple(merged)


def redact(text: str, *, known: Iterable[str] = (), public: Public = NOTHING) -> tuple[str, list[Finding]]:
    """`text` with every finding replaced by HIDDEN, and the findings."""
    findings = find(text, known=known, public=public)
    parts, last = [], 0
    for finding in findings:
        parts += [text[last:finding.start], HIDDEN]
        last = finding.end
    return "".join([*parts, text[last:]]), findings


def same_name(found: str, name: str) -> bool:
    """Whether a name found in a text is `name` (case, spacing and diacritics aside)."""
    return fold(found).split() == fold(name).split()
