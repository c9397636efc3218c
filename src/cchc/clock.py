"""The one source of "now": injectable so tests and reproducible builds never read the wall clock."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime

from cchc.dates import LOCAL_TZ, DateFormatError, parse_datetime


class ClockError(ValueError):
    """CCHC_NOW or SOURCE_DATE_EPOCH holds something that is not a time."""


def now(environ: Mapping[str, str] = os.environ) -> datetime:
    """`CCHC_NOW` (a contract date), else `SOURCE_DATE_EPOCH`, else the system clock; local time."""
    if value := environ.get("CCHC_NOW"):
        try:
            return parse_datetime(value)[0]
        except DateFormatError as error:
            raise ClockError(f"CCHC_NOW: {error} (tìm thấy: {value!r})") from None
    if value := environ.get("SOURCE_DATE_EPOCH"):
        if not value.isdigit():
            raise ClockError(f"SOURCE_DATE_EPOCH phải là số giây (tìm thấy: {value!r})")
        return datetime.fromtimestamp(int(value), LOCAL_TZ)
    return datetime.now(LOCAL_TZ)
