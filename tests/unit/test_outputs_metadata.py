"""`cchc.outputs.metadata`: Dublin Core, Open Graph and schema.org JSON-LD of a post page, tested directly.

Posts and procedures are built here as model objects; the agency comes through the real settings reader.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from support.content_tree import NOW, load, make_post, write_tree
from support.project import SAMPLE_AGENCY, content_settings

from cchc.dates import LOCAL_TZ
from cchc.model import Channel, Plan, Post, Procedure, Task
from cchc.outputs.metadata import PostMetadata, describer, post_metadata
from cchc.site.linking import build_site

AGENCY = content_settings(Path("/nonexistent")).agency
URL = "https://example.gov.vn/cchc/tin-tuc/2022/03/tap-huan/"
SITE_NAME = "Trang tin CCHC"
PUBLISHER = {
    "@type": "GovernmentOrganization", "name": SAMPLE_AGENCY["name"], "address": SAMPLE_AGENCY["address"],
    "telephone": SAMPLE_AGENCY["phone"], "email": SAMPLE_AGENCY["email"],
}
ONLINE = "https://dichvucong.hungyen.gov.vn/thu-tuc/2.001914"


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Plan]:
    return load(write_tree(tmp_path_factory.mktemp("metadata"))).plans


@pytest.fixture(scope="module")
def tasks(plans: dict[int, Plan]) -> tuple[Task, ...]:
    return (plans[2022].tasks[1], plans[2022].tasks[4])  # tasks 2 and 5


def news(**changes: Any) -> Post:
    return make_post(**{"title": "Sở GDĐT tập huấn nghiệp vụ", "slug": "tap-huan", "summary": "Tóm tắt & <b>kết quả</b>.",
                        "tags": ("tập huấn", "một cửa"), "task_ids": (2, 5), **changes})


def describe(post: Post, tasks: tuple[Task, ...], image_url: str | None = None) -> PostMetadata:
    return post_metadata(post, tasks, url=URL, site_name=SITE_NAME, agency=AGENCY, image_url=image_url)


def service_of(meta: PostMetadata) -> dict[str, Any]:
    [service] = [item for item in meta.json_ld if item["@type"] == "GovernmentService"]
    return service


# --------------------------------------------------------------------------- Dublin Core and Open Graph


def test_dublin_core(tasks: tuple[Task, ...]) -> None:
    assert describe(news(), tasks).dublin_core == (
        ("DC.title", "Sở GDĐT tập huấn nghiệp vụ"), ("DC.creator", "Văn phòng"), ("DC.date", "2022-03-15T08:30:00+07:00"),
        ("DC.description", "Tóm tắt & <b>kết quả</b>."), ("DC.publisher", "Sở Giáo dục và Đào tạo Hưng Yên"),
        ("DC.identifier", URL), ("DC.language", "vi"),
        ("DC.subject", "Nhiệm vụ 2 (Kế hoạch 2022)"), ("DC.subject", "Nhiệm vụ 5 (Kế hoạch 2022)"),
        ("DC.subject", "tập huấn"), ("DC.subject", "một cửa"),
    )


def test_dates_are_iso_in_hung_yen_time(tasks: tuple[Task, ...]) -> None:
    # 23:30 UTC on 30 June is 06:30 on 1 July in Hưng Yên.
    meta = describe(news(date=datetime(2022, 6, 30, 23, 30, tzinfo=UTC), updated=datetime(2022, 7, 2, 1, 0, tzinfo=UTC)), tasks)
    assert dict(meta.dublin_core)["DC.date"] == "2022-07-01T06:30:00+07:00"
    og = dict(meta.open_graph)
    assert (og["article:published_time"], og["article:modified_time"]) == ("2022-07-01T06:30:00+07:00", "2022-07-02T08:00:00+07:00")
    article = meta.json_ld[0]
    assert (article["datePublished"], article["dateModified"]) == ("2022-07-01T06:30:00+07:00", "2022-07-02T08:00:00+07:00")


def test_open_graph_without_and_with_an_image(tasks: tuple[Task, ...]) -> None:
    expected = (
        ("og:type", "article"), ("og:title", "Sở GDĐT tập huấn nghiệp vụ"), ("og:description", "Tóm tắt & <b>kết quả</b>."),
        ("og:url", URL), ("og:site_name", SITE_NAME), ("og:locale", "vi_VN"),
        ("article:published_time", "2022-03-15T08:30:00+07:00"), ("article:modified_time", "2022-03-15T08:30:00+07:00"),
    )
    assert describe(news(), tasks).open_graph == expected
    image = URL + "anh-bia.png"
    assert describe(news(image="anh-bia.png"), tasks, image_url=image).open_graph == (*expected, ("og:image", image))


# --------------------------------------------------------------------------- JSON-LD NewsArticle


def test_news_article(tasks: tuple[Task, ...]) -> None:
    meta = describe(news(updated=datetime(2022, 3, 20, 9, 0, tzinfo=LOCAL_TZ)), tasks)
    assert meta.json_ld == ({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Sở GDĐT tập huấn nghiệp vụ",
        "description": "Tóm tắt & <b>kết quả</b>.", "datePublished": "2022-03-15T08:30:00+07:00",
        "dateModified": "2022-03-20T09:00:00+07:00", "author": {"@type": "Organization", "name": "Văn phòng"},
        "publisher": PUBLISHER, "inLanguage": "vi", "mainEntityOfPage": URL, "url": URL,
        "keywords": ["Nhiệm vụ 2 (Kế hoạch 2022)", "Nhiệm vụ 5 (Kế hoạch 2022)", "tập huấn", "một cửa"],
    },)
    json.dumps(meta.json_ld, ensure_ascii=False)  # written with `tojson`: plain JSON values only
    with_image = describe(news(image="anh.png"), tasks, image_url=URL + "anh.png").json_ld[0]
    assert with_image["image"] == URL + "anh.png"


def test_headline_is_cut_to_110_characters(tasks: tuple[Task, ...]) -> None:
    title = "Tuyên truyền cải cách hành chính " * 4  # 132 characters
    meta = describe(news(title=title), tasks)
    assert len(title) > 110
    assert meta.json_ld[0]["headline"] == title[:110] and len(meta.json_ld[0]["headline"]) == 110
    assert dict(meta.dublin_core)["DC.title"] == title == dict(meta.open_graph)["og:title"]  # elsewhere in full
    short = "Tin ngắn"
    assert describe(news(title=short), tasks).json_ld[0]["headline"] == short


# --------------------------------------------------------------------------- describer: absolute URLs under site_url


@pytest.mark.parametrize("site_url", ["https://example.gov.vn/cchc/", "https://example.gov.vn/cchc"])
def test_describer_gives_absolute_urls_under_site_url(plans: dict[int, Plan], site_url: str) -> None:
    plain, pictured = news(), news(slug="co-anh", title="Tin có ảnh", image="anh-bia.png", task_ids=(1,), tags=())
    site = build_site(plans, [plain, pictured], now=NOW, preview=False)
    describe_post = describer(site_url=site_url, site_name=SITE_NAME, agency=AGENCY)
    meta = describe_post(plain, site.tasks_of(plain))
    assert dict(meta.dublin_core)["DC.identifier"] == "https://example.gov.vn/cchc/tin-tuc/2022/03/tap-huan/"
    assert [v for k, v in meta.dublin_core if k == "DC.subject"][:2] == ["Nhiệm vụ 2 (Kế hoạch 2022)", "Nhiệm vụ 5 (Kế hoạch 2022)"]
    assert "og:image" not in dict(meta.open_graph) and "image" not in meta.json_ld[0]
    pictured_meta = describe_post(pictured, site.tasks_of(pictured))
    page = "https://example.gov.vn/cchc/tin-tuc/2022/03/co-anh/"
    assert dict(pictured_meta.open_graph)["og:url"] == page == pictured_meta.json_ld[0]["url"]
    assert dict(pictured_meta.open_graph)["og:image"] == page + "anh-bia.png" == pictured_meta.json_ld[0]["image"]
    assert [v for k, v in pictured_meta.dublin_core if k == "DC.subject"] == ["Nhiệm vụ 1 (Kế hoạch 2022)"]


def test_describer_image_url_is_percent_encoded(plans: dict[int, Plan]) -> None:
    post = news(image="ảnh bìa.png")
    site = build_site(plans, [post], now=NOW, preview=False)
    meta = describer(site_url="https://example.gov.vn/cchc/", site_name=SITE_NAME, agency=AGENCY)(post, site.tasks_of(post))
    assert dict(meta.open_graph)["og:image"] == URL + quote("ảnh bìa.png")


# --------------------------------------------------------------------------- JSON-LD GovernmentService


def explainer(**changes: Any) -> Post:
    procedure = Procedure(**{
        "name": "Chỉnh sửa nội dung văn bằng, chứng chỉ", "field": "Hệ thống văn bằng, chứng chỉ", "code": "2.001914",
        "agency": "Sở Giáo dục và Đào tạo", "applicants": "Cá nhân", "duration": "05 ngày làm việc", "fee": "Không",
        "url": ONLINE, "channels": (
            Channel("Trực tuyến", "05 ngày làm việc", "Không"),
            Channel("Trực tiếp tại bộ phận một cửa", "05 ngày làm việc", ""),
            Channel("Dịch vụ bưu chính công ích", "Theo thời gian chuyển phát", ""),
        ), **changes})
    return news(procedure=procedure)


def test_government_service(tasks: tuple[Task, ...]) -> None:
    meta = describe(explainer(), tasks)
    assert [item["@type"] for item in meta.json_ld] == ["NewsArticle", "GovernmentService"]
    assert service_of(meta) == {
        "@context": "https://schema.org", "@type": "GovernmentService", "name": "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        "serviceType": "Hệ thống văn bằng, chứng chỉ", "identifier": "2.001914",
        "provider": {**PUBLISHER, "name": "Sở Giáo dục và Đào tạo"}, "url": URL,
        "availableChannel": [
            {"@type": "ServiceChannel", "name": "Trực tuyến", "serviceUrl": ONLINE, "processingTime": "P5D",
             "description": "Thời hạn giải quyết: 05 ngày làm việc"},
            {"@type": "ServiceChannel", "name": "Trực tiếp tại bộ phận một cửa", "processingTime": "P5D",
             "description": "Thời hạn giải quyết: 05 ngày làm việc"},
            {"@type": "ServiceChannel", "name": "Dịch vụ bưu chính công ích", "description": "Theo thời gian chuyển phát"},
        ],
        "processingTime": "P5D", "description": "Thời hạn giải quyết: 05 ngày làm việc",
        "audience": {"@type": "Audience", "audienceType": "Cá nhân"},
        "offers": {"@type": "Offer", "description": "Không", "priceCurrency": "VND", "price": 0},
    }
    json.dumps(meta.json_ld, ensure_ascii=False)


def test_a_post_without_procedure_has_no_service(tasks: tuple[Task, ...]) -> None:
    assert [item["@type"] for item in describe(news(), tasks).json_ld] == ["NewsArticle"]


def test_online_channel_is_added_when_no_channel_is_online(tasks: tuple[Task, ...]) -> None:
    offline = (Channel("Trực tiếp tại bộ phận một cửa", "05 ngày làm việc", ""),)
    channels = service_of(describe(explainer(channels=offline), tasks))["availableChannel"]
    assert [(c["name"], c.get("serviceUrl")) for c in channels] == [("Trực tiếp tại bộ phận một cửa", None), ("Trực tuyến", ONLINE)]
    assert service_of(describe(explainer(channels=()), tasks))["availableChannel"] == [
        {"@type": "ServiceChannel", "name": "Trực tuyến", "serviceUrl": ONLINE}]


def test_without_url_no_channel_has_a_service_url(tasks: tuple[Task, ...]) -> None:
    channels = service_of(describe(explainer(url=""), tasks))["availableChannel"]
    assert [c["name"] for c in channels] == ["Trực tuyến", "Trực tiếp tại bộ phận một cửa", "Dịch vụ bưu chính công ích"]
    assert not any("serviceUrl" in c for c in channels)
    assert service_of(describe(explainer(url="", channels=()), tasks))["availableChannel"] == []


@pytest.mark.parametrize("duration, expected", [
    ("05 ngày làm việc", {"processingTime": "P5D", "description": "Thời hạn giải quyết: 05 ngày làm việc"}),
    ("15 ngày kể từ khi nhận hồ sơ", {"processingTime": "P15D", "description": "Thời hạn giải quyết: 15 ngày kể từ khi nhận hồ sơ"}),
    ("Trong ngày", {"description": "Trong ngày"}),
    ("", {}),
])
def test_processing_time(tasks: tuple[Task, ...], duration: str, expected: dict[str, str]) -> None:
    service = service_of(describe(explainer(duration=duration, channels=(Channel("Trực tiếp", duration, ""),)), tasks))
    assert {k: v for k, v in service.items() if k in ("processingTime", "description")} == expected
    assert {k: v for k, v in service["availableChannel"][0].items() if k in ("processingTime", "description")} == expected


@pytest.mark.parametrize("fee", ["Không", "không", " KHÔNG ", "Miễn phí", "miễn phí", "0", "0 đồng"])
def test_a_free_procedure_has_price_zero(tasks: tuple[Task, ...], fee: str) -> None:
    assert service_of(describe(explainer(fee=fee), tasks))["offers"] == {
        "@type": "Offer", "description": fee, "priceCurrency": "VND", "price": 0}


@pytest.mark.parametrize("fee", ["50.000 đồng/bản", "Xem quyết định công bố thủ tục của tỉnh", "Không quá 100.000 đồng"])
def test_any_other_fee_has_no_price(tasks: tuple[Task, ...], fee: str) -> None:
    # Never an invented amount: the text is kept, no price is stated.
    assert service_of(describe(explainer(fee=fee), tasks))["offers"] == {"@type": "Offer", "description": fee, "priceCurrency": "VND"}


def test_missing_parts_are_left_out(tasks: tuple[Task, ...]) -> None:
    service = service_of(describe(explainer(code="", agency="", applicants="", fee="", duration="", url="", channels=()), tasks))
    assert service == {
        "@context": "https://schema.org", "@type": "GovernmentService", "name": "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        "serviceType": "Hệ thống văn bằng, chứng chỉ", "provider": PUBLISHER, "url": URL, "availableChannel": [],
    }
