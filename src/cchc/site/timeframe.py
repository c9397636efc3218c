"""The months a task's "Thời gian thực hiện" names, when it names any.

The appendix writes timeframes as free text: "Thường xuyên", "Theo kế hoạch của UBND
tỉnh, Sở Nội vụ", "Quý III, Quý IV/2022". Only quarters, months and half years are
read; any other text names no months (the task may run at any time of the year).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cchc.text import normalize

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# One period: a quarter, a month range or list, or a half year.
_PERIOD = re.compile(
    r"quý\s+(?P<quarter>iv|iii|ii|i|[1-4])(?![a-z0-9])"
    r"|tháng\s+(?P<months>\d{1,2}(?:\s*(?:,|;|và|-|–|đến)\s*(?:tháng\s+)?\d{1,2})*)"
    r"|6\s+tháng\s+(?P<half>đầu|cuối)\s+năm"
)
# Its year, when written right after it: "/2022", " năm 2022", " 2022".
_YEAR_AFTER = re.compile(r"\s*(?:/\s*|năm\s+)?(\d{4})(?!\d)")
_MONTH_RANGE = re.compile(r"(\d{1,2})\s*(?:-|–|đến)\s*(?:tháng\s+)?(\d{1,2})")


def _months_of(match: re.Match[str]) -> list[int]:
    if quarter := match.group("quarter"):
        number = _ROMAN.get(quarter) or int(quarter)
        return list(range(3 * number - 2, 3 * number + 1))
    if half := match.group("half"):
        return list(range(1, 7)) if half == "đầu" else list(range(7, 13))
    text = match.group("months")
    months: list[int] = []
    for start, end in _MONTH_RANGE.findall(text):
        months += range(int(start), int(end) + 1)
    months += [int(number) for number in re.findall(r"\d{1,2}", _MONTH_RANGE.sub("", text))]
    return [month for month in months if 1 <= month <= 12]


@lru_cache(maxsize=1024)
def task_months(timeframe: str, year: int) -> frozenset[tuple[int, int]] | None:
    """The (year, month) pairs of the timeframe; None when it names no period.

    A period without a year takes the year written after a later period
    ("Quý III, Quý IV/2022"), else the year of an earlier one, else the plan's year.
    """
    text = normalize(timeframe).lower()
    found: list[tuple[list[int], int | None]] = []
    for match in _PERIOD.finditer(text):
        after = _YEAR_AFTER.match(text, match.end())
        found.append((_months_of(match), int(after.group(1)) if after else None))
    if not found:
        return None
    result: set[tuple[int, int]] = set()
    for index, (months, explicit) in enumerate(found):
        later = next((y for _, y in found[index:] if y is not None), None)
        earlier = next((y for _, y in reversed(found[:index]) if y is not None), None)
        period_year = explicit or later or earlier or year
        result |= {(period_year, month) for month in months}
    return frozenset(result) or None


def describe_months(months: frozenset[tuple[int, int]]) -> str:
    """`tháng 7–12/2022`, for messages."""
    by_year: dict[int, list[int]] = {}
    for year, month in sorted(months):
        by_year.setdefault(year, []).append(month)
    parts = []
    for year, numbers in by_year.items():
        runs: list[list[int]] = []
        for number in numbers:
            if runs and number == runs[-1][-1] + 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        shown = ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
        parts.append(f"tháng {shown}/{year}")
    return "; ".join(parts)
