"""Vietnamese text and dates: slugs, dictionary order, display formats, the injected clock."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest

from cchc import clock
from cchc.dates import LOCAL_TZ, DateFormatError, format_formal, format_iso, format_rfc822, format_short, parse_datetime
from cchc.text import heading_slug, normalize, slugify, sort_key


@pytest.mark.parametrize("title, slug", [
    ("Đẩy mạnh cải cách hành chính", "day-manh-cai-cach-hanh-chinh"),
    ("Đăng ký dự thi", "dang-ky-du-thi"),
    ("Ðoàn kiểm tra (gõ bằng chữ eth)", "doan-kiem-tra-go-bang-chu-eth"),
    ("Thi \"Cải cách\" & <đổi mới>", "thi-cai-cach-doi-moi"),
    ("Tuyên truyền Ngày Pháp luật 9/11", "tuyen-truyen-ngay-phap-luat-9-11"),
    ("ISO 9001:2015 – quản lý chất lượng", "iso-9001-2015-quan-ly-chat-luong"),
    ("Hoà nhập, hòa nhập, khoẻ, khỏe", "hoa-nhap-hoa-nhap-khoe-khoe"),
])
def test_slugs_are_ascii_and_keep_every_letter(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert slugify(unicodedata.normalize("NFD", title)) == slug
    assert heading_slug(title, "-") == slug


def test_normalize_gives_nfc_and_folds_eth() -> None:
    nfd = unicodedata.normalize("NFD", "Phòng Giáo dục Ðông")
    assert normalize(nfd) == "Phòng Giáo dục Đông"


def test_vietnamese_dictionary_order() -> None:
    words = ["Văn phòng", "ư", "đào", "an", "ơ", "dao", "ô", "ăn", "o", "Ân Thi", "hạ", "há", "hà", "ha", "Văn", "ba"]
    assert sorted(words, key=sort_key) == [
        "an", "ăn", "Ân Thi", "ba", "dao", "đào", "ha", "hà", "há", "hạ", "o", "ô", "ơ", "ư", "Văn", "Văn phòng",
    ]


def test_dates_without_offset_are_local_and_with_offset_are_converted() -> None:
    assert parse_datetime("2022-03-15 08:30") == (datetime(2022, 3, 15, 8, 30, tzinfo=LOCAL_TZ), True)
    assert parse_datetime("2022-03-15") == (datetime(2022, 3, 15, tzinfo=LOCAL_TZ), False)
    moment, _ = parse_datetime("2022-06-30T23:30:00+00:00")
    offset = moment.utcoffset()
    assert offset is not None and (moment.date().isoformat(), moment.hour, offset.total_seconds()) == ("2022-07-01", 6, 7 * 3600)


@pytest.mark.parametrize("bad", ["2022-02-30", "2022-13-01", "15/03/2022", "2022-03-15 24:00", "hôm nay"])
def test_impossible_or_malformed_dates_are_refused(bad: str) -> None:
    with pytest.raises(DateFormatError):
        parse_datetime(bad)


def test_display_formats() -> None:
    moment = datetime(2022, 1, 4, 8, 30, tzinfo=LOCAL_TZ)
    assert format_short(moment) == "Thứ Ba, 04/01/2022"
    assert format_short(moment, True) == "Thứ Ba, 04/01/2022, 08:30"
    assert format_short(datetime(2022, 1, 9, tzinfo=LOCAL_TZ)) == "Chủ Nhật, 09/01/2022"
    assert format_formal(moment.date()) == "ngày 04 tháng 01 năm 2022"
    # Formats are remembered; the same instant written in another zone is another day on the page.
    assert format_short(datetime(2022, 1, 4, 6, 0, tzinfo=LOCAL_TZ)) == "Thứ Ba, 04/01/2022"
    assert format_short(datetime(2022, 1, 3, 23, 0, tzinfo=UTC)) == "Thứ Hai, 03/01/2022"
    assert format_formal(datetime(2023, 2, 5).date()) == "ngày 05 tháng 02 năm 2023"
    assert format_formal(datetime(2023, 8, 15).date()) == "ngày 15 tháng 8 năm 2023"
    assert format_rfc822(moment) == "Tue, 04 Jan 2022 08:30:00 +0700"
    assert format_iso(moment) == "2022-01-04T08:30:00+07:00"


def test_clock_is_injectable() -> None:
    assert clock.now({"CCHC_NOW": "2022-07-01 00:30"}) == datetime(2022, 7, 1, 0, 30, tzinfo=LOCAL_TZ)
    assert clock.now({"SOURCE_DATE_EPOCH": "1640995200"}) == datetime(2022, 1, 1, 7, 0, tzinfo=LOCAL_TZ)
    assert clock.now({}).tzinfo is LOCAL_TZ
    with pytest.raises(clock.ClockError):
        clock.now({"CCHC_NOW": "mai"})
