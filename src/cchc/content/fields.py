"""Typed readers for front matter values: each reports one line saying what was
expected and what was found, and returns None when the value is unusable."""

from __future__ import annotations

from datetime import date, datetime

from cchc.content.frontmatter import Field, Reader
from cchc.content.safe_yaml import MAX_INT_DIGITS
from cchc.dates import DateFormatError, parse_date, parse_datetime
from cchc.problems import describe


def _bad(reader: Reader, field: Field, key: str, expected: str) -> None:
    reader.report(field.line, f"`{key}` phải là {expected} (tìm thấy: {describe(field.value)})")


def text(reader: Reader, fields: dict[str, Field], key: str, *, empty_ok: bool = False) -> str | None:
    field = fields.get(key)
    if field is None:
        return None
    if field.value is None and empty_ok:
        return ""
    if not isinstance(field.value, str) or not (empty_ok or field.value.strip()):
        _bad(reader, field, key, "một chuỗi văn bản" + ("" if empty_ok else " không rỗng"))
        return None
    return field.value.strip()


def as_integer(value: object) -> int | None:
    """A whole number, written as one or in quotes ("2" is 2: staff quote numbers too); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii() and len(value.strip()) <= MAX_INT_DIGITS:
        return int(value.strip())  # bounded: int() of 4,300 digits or more raises
    return None


def integer(reader: Reader, fields: dict[str, Field], key: str) -> int | None:
    field = fields.get(key)
    if field is None:
        return None
    number = as_integer(field.value)
    if number is None:
        _bad(reader, field, key, "một số nguyên")
    return number


def boolean(reader: Reader, fields: dict[str, Field], key: str) -> bool:
    field = fields.get(key)
    if field is None:
        return False
    if not isinstance(field.value, bool):
        _bad(reader, field, key, "`true` hoặc `false`")
        return False
    return field.value


def day(reader: Reader, fields: dict[str, Field], key: str) -> date | None:
    field = fields.get(key)
    if field is None:
        return None
    if not isinstance(field.value, str):
        _bad(reader, field, key, "một ngày dạng YYYY-MM-DD")
        return None
    try:
        return parse_date(field.value)
    except DateFormatError as error:
        reader.report(field.line, f"`{key}`: {error} (tìm thấy: {field.value!r})")
        return None


def moment(reader: Reader, fields: dict[str, Field], key: str) -> tuple[datetime, bool] | None:
    field = fields.get(key)
    if field is None:
        return None
    if not isinstance(field.value, str):
        _bad(reader, field, key, "ngày giờ dạng YYYY-MM-DD HH:MM")
        return None
    try:
        return parse_datetime(field.value)
    except DateFormatError as error:
        reader.report(field.line, f"`{key}`: {error} (tìm thấy: {field.value!r})")
        return None


def text_list(reader: Reader, fields: dict[str, Field], key: str) -> tuple[str, ...]:
    """A list of non-empty strings; a single string is taken as a one-item list."""
    field = fields.get(key)
    if field is None or field.value is None:
        return ()
    items = [field.value] if isinstance(field.value, str) else field.value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        _bad(reader, field, key, "một danh sách chuỗi, ví dụ [\"tập huấn\", \"một cửa\"]")
        return ()
    return tuple(dict.fromkeys(item.strip() for item in items))
