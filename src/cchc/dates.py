"""Dates of the contract: parsing front matter values, Vietnamese display, RFC 822."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import tzdata
from babel import dates as babel


def _zone(key: str) -> ZoneInfo:
    """A time zone from the tzdata package (a pinned dependency), not from the machine's own zoneinfo
    files: the same rules on every machine that builds the site."""
    with resources.files(tzdata).joinpath("zoneinfo", *key.split("/")).open("rb") as data:
        return ZoneInfo.from_file(data, key=key)


LOCAL_TZ = _zone("Asia/Ho_Chi_Minh")

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)
# Every date of the contract lies here: earlier, Asia/Ho_Chi_Minh had a local mean time offset
# (+07:06:40, not RFC 822) and years below 1000 made URLs such as tin-tuc/1/01/; later is a typo.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
_RANGE = f"ngày phải nằm trong khoảng {EARLIEST:%d/%m/%Y} – {LATEST:%d/%m/%Y}"
# The offsets in use on Earth, from -12:00 to +14:00.
_MAX_OFFSET = {"-": timedelta(hours=12), "+": timedelta(hours=14)}


class DateFormatError(ValueError):
    """A value that is not a date of the accepted forms, or an impossible one."""


def parse_datetime(value: str) -> tuple[datetime, bool]:
    """Parse a contract date; return (aware local datetime, whether a time was given).

    Without an offset the value is local time in Hưng Yên.
    """
    match = _DATETIME.fullmatch(value.strip())
    if not match:
        raise DateFormatError("không đúng dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM")
    year, month, day, hour, minute, second, offset = match.groups()
    if not EARLIEST.year <= int(year) <= LATEST.year:  # before any arithmetic: year 9999 would overflow
        raise DateFormatError(_RANGE)
    zone = LOCAL_TZ if offset is None else _parse_offset(offset)
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=zone
        ).astimezone(LOCAL_TZ)
    except ValueError:
        raise DateFormatError("ngày giờ không tồn tại") from None
    if not EARLIEST <= moment.date() <= LATEST:
        raise DateFormatError(_RANGE)
    return moment, offset is not None or hour is not None


def parse_date(value: str) -> date:
    """Parse a plain `YYYY-MM-DD` date."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise DateFormatError("không đúng dạng YYYY-MM-DD")
    moment, _ = parse_datetime(value)
    return moment.date()


def _parse_offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if int(digits[2:]) >= 60 or offset > _MAX_OFFSET[text[0]]:
        raise DateFormatError(f"múi giờ {text} không có (từ -12:00 tới +14:00; giờ Việt Nam là +07:00)")
    return timezone(offset if text[0] == "+" else -offset)


def format_short(moment: date, with_time: bool = False) -> str:
    """`Thứ Ba, 04/01/2022` (and `, 08:30` when the time matters): Babel's Vietnamese day names."""
    # Keyed by the written form too: two equal instants in different time zones show different days.
    return _format_short(moment, moment.isoformat(), with_time)


@lru_cache(maxsize=16384)  # a post's date is shown on its page and in every list that holds it
def _format_short(moment: date, written: str, with_time: bool) -> str:
    if with_time and isinstance(moment, datetime):
        return babel.format_datetime(moment, "EEEE, dd/MM/yyyy, HH:mm", tzinfo=moment.tzinfo, locale="vi")
    return babel.format_date(moment, "EEEE, dd/MM/yyyy", locale="vi")


def format_formal(day: date) -> str:
    """Nghị định 30/2020 style: `ngày 04 tháng 01 năm 2022`, `ngày 15 tháng 8 năm 2022`."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_rfc822(moment: datetime) -> str:
    """`Tue, 04 Jan 2022 08:30:00 +0700`, always in local time."""
    return format_datetime(moment.astimezone(LOCAL_TZ))


def format_iso(moment: datetime) -> str:
    """`2022-01-04T08:30:00+07:00`, for <time datetime> and metadata."""
    return moment.astimezone(LOCAL_TZ).isoformat()
