"""The one rule for which characters content may hold, and how a message shows any character.

Refused everywhere (raw in a file, or written as a YAML escape such as "\\x0b"): control characters
other than tab and line feed (C0, DEL, C1), UTF-16 surrogate halves, Unicode noncharacters
(U+FFFE, U+FDD0…) and the line/paragraph separators U+2028/U+2029. XML cannot hold most of them
(the feeds could not be written), browsers show none of them, and YAML reads U+0085, U+2028 and
U+2029 as line breaks, which would shift every line number after them. They are never removed
silently: they usually come from a paste out of Word or a PDF, and the writer is told the line and
the code point ("ký tự điều khiển U+000B") so that the published text is the text they wrote.
Invisible characters that are valid text (zero-width joiner in emoji, soft hyphen, right-to-left
marks) stay as written.
"""

from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_NONCHARACTERS}]")
_BMP_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Shown escaped in messages too (one problem per line; no terminal control, no reordered text).
_HIDDEN_IN_MESSAGES = re.compile(f"[\t\n{REFUSED.pattern[1:-1]}\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def name_character(char: str) -> str:
    """`ký tự điều khiển U+000B`, `nửa cặp thay thế U+D800`, …: what a refused character is."""
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cc":
        return f"ký tự điều khiển {code}"
    if unicodedata.category(char) == "Cs":
        return f"nửa cặp thay thế {code} (không phải ký tự)"
    if char in "\u2028\u2029":
        return f"ký tự ngắt dòng ẩn {code}"
    return f"mã {code} (không phải ký tự Unicode)"


def has_refused(text: str) -> bool:
    """`REFUSED.search(text)`, cheaper on a long text: Python's `re` is slow on a class of many
    characters beyond U+FFFF, and most texts have no such character at all."""
    return _BMP_REFUSED.search(text) is not None or (_ASTRAL.search(text) is not None and REFUSED.search(text) is not None)


def refused_characters(text: str) -> list[str]:
    """The distinct refused characters of `text`, in order of appearance."""
    return list(dict.fromkeys(REFUSED.findall(text)))


def character_message(found: list[str]) -> str:
    names = ", ".join(name_character(char) for char in found[:5]) + (", …" if len(found) > 5 else "")
    return f"có {names}: ký tự không nhìn thấy, thường do dán từ Word hay PDF; hãy xóa nó"


def printable(text: str) -> str:
    """`text` as a message shows it: refused and invisible control characters as escapes (\\x0b, \\n)."""
    return _HIDDEN_IN_MESSAGES.sub(lambda match: match.group(0).encode("unicode_escape", "backslashreplace").decode("ascii"), text)
