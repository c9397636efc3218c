"""Citizens: TTHC explainers, the procedures list, metadata, footer, feedback page, sitemaps (in Chromium,
on a phone and in print: tests/browser/test_explainer_browser.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import lxml.html
from support.project import BuildResult, SiteProject

EXPLAINER = "tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/"
FRONT = {"date": "2022-03-01 08:00", "task": 8, "unit": "Văn phòng"}
AGENCY = {
    "name": "Sở Thử nghiệm & Kiểm tra", "address": "Số 1, đường A, phường B", "phone": "(0221) 386-1234",
    "hotline": "0912 345 678", "email": "hotro@example.gov.vn", "person_in_charge": "Bà Nguyễn Thị C",
}


def doc(result: BuildResult, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(result.page(url))


def json_ld(page: lxml.html.HtmlElement) -> dict[str, dict]:
    items = [json.loads(s.text) for s in page.xpath('//script[@type="application/ld+json"]')]
    return {item["@type"]: item for item in items}


def test_explainer_shows_the_standard_layout(bundled_site: BuildResult) -> None:
    page = doc(bundled_site, EXPLAINER)
    section = page.xpath('//section[@class="cchc-procedure"]')[0]
    headings = [h.text_content() for h in section.xpath(".//h2|.//h3")]
    assert headings == ["Thủ tục: Chỉnh sửa nội dung văn bằng, chứng chỉ", "Các bước thực hiện", "Hồ sơ cần chuẩn bị",
                        "Nộp ở đâu, mất bao lâu, tốn bao nhiêu", "Kết quả", "Căn cứ pháp lý"]
    fields = dict(zip(section.xpath(".//dt/text()"), [" ".join(d.text_content().split()) for d in section.xpath(".//dd")],
                      strict=True))
    assert fields["Mã thủ tục"] == "2.001914" and fields["Thời hạn giải quyết"].startswith("05 ngày làm việc")
    button = section.xpath('.//a[contains(@class, "md-button")]')[0]
    assert (button.text_content(), button.get("href")) == ("Nộp hồ sơ trực tuyến", "http://dichvucong.hungyen.gov.vn")
    assert len(section.xpath(".//ol/li")) == 4
    assert [r.xpath("string(th)") for r in section.xpath('.//table[.//th[.="Cách thức"]]/tbody/tr')] == [
        "Trực tuyến", "Trực tiếp tại bộ phận một cửa", "Dịch vụ bưu chính công ích"]
    assert "https://dichvucong.gov.vn" in section.xpath('string(.//p[@class="cchc-official"])')
    assert "Bài viết mẫu" in page.text_content()


def test_missing_parts_are_absent_and_nothing_says_none(project: SiteProject) -> None:
    project.write_post("2022/03/toi-thieu.md", {"title": "Thủ tục tối thiểu", **FRONT,
                                                 "procedure": {"name": "Thủ tục A", "field": "Lĩnh vực B"}})
    result = project.build()
    assert result.returncode == 0, result.stderr
    section = doc(result, "tin-tuc/2022/03/thu-tuc-toi-thieu/").xpath('//section[@class="cchc-procedure"]')[0]
    assert [h.text_content() for h in section.xpath(".//h2|.//h3")] == ["Thủ tục: Thủ tục A"]
    # The deadline and the fee are always there: missing, they say where to read them (not a bare "—").
    assert section.xpath(".//dt/text()") == ["Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí"]
    for missing in section.xpath(".//dd")[1:]:
        assert " ".join(missing.text_content().split()) == "Chưa cập nhật — xem trên Cổng Dịch vụ công"
        assert missing.xpath(".//a/@href") == ["https://dichvucong.gov.vn/"]
    assert not section.xpath('.//a[contains(@class, "md-button")]') and not section.xpath(".//table")
    for html in result.out.rglob("*.html"):
        text = lxml.html.fromstring(html.read_text(encoding="utf-8")).text_content()
        assert "None" not in text, html


COPY = "tin-tuc/2022/09/huong-dan-cap-ban-sao-van-bang-chung-chi-tu-so-goc/"


def test_a_missing_fact_says_where_to_read_it(bundled_site: BuildResult) -> None:
    """The bundled sample on copies from the register states no deadline, fee, copies for two papers, or form."""
    section = doc(bundled_site, COPY).xpath('//section[@class="cchc-procedure"]')[0]
    missing = section.xpath('.//span[@class="cchc-missing"]')
    texts = {" ".join(span.text_content().split()) for span in missing}
    assert texts == {"Chưa cập nhật — xem trên Cổng Dịch vụ công"}
    # Its published record (record_url) is where to read them; nothing in the block is a bare dash.
    assert {span.xpath("string(a/@href)") for span in missing} == {"https://dichvucong.gov.vn"}
    fields = dict(zip(section.xpath(".//dt/text()"), section.xpath(".//dd"), strict=True))
    assert fields["Thời hạn giải quyết"].xpath('.//span[@class="cchc-missing"]')
    assert fields["Phí, lệ phí"].xpath('.//span[@class="cchc-missing"]')
    cells = [" ".join(td.text_content().split()) for td in section.xpath(".//td")]
    assert cells and "—" not in cells and all(cell for cell in cells)
    # 3 papers x (copies, form) less the one copies given, + 3 channels x (deadline, fee), + the summary's two.
    assert len(missing) == 5 + 6 + 2


def test_a_procedure_code_links_its_page_on_the_national_portal(project: SiteProject) -> None:
    procedure = {"name": "Thủ tục A", "field": "Lĩnh vực B", "code": "2.001914", "portal_id": 140183, "duration": "05 ngày",
                 "fee": "Không"}
    project.write_post("2022/03/co-ma.md", {"title": "Thủ tục có mã", **FRONT, "procedure": procedure})
    result = project.build()
    assert result.returncode == 0, result.stderr
    section = doc(result, "tin-tuc/2022/03/thu-tuc-co-ma/").xpath('//section[@class="cchc-procedure"]')[0]
    code = section.xpath('.//dt[.="Mã thủ tục"]/following-sibling::dd[1]')[0]
    assert code.xpath("a/text()") == ["2.001914"]
    assert code.xpath("a/@href") == ["https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=140183"]
    assert not section.xpath('.//span[@class="cchc-missing"]')


def test_the_procedures_page_links_the_portals(bundled_site: BuildResult) -> None:
    page = doc(bundled_site, "thu-tuc-hanh-chinh/")
    links = [(a.text_content(), a.get("href")) for a in page.xpath('//nav[@class="cchc-portals"]//a')]
    assert links == [("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
                     ("Cổng thông tin điện tử của tỉnh", "https://cong-tinh.example.gov.vn/"),
                     ("Cổng thông tin điện tử của Sở", "https://cong-so.example.gov.vn/")]


def test_procedures_page_groups_by_field_in_vietnamese_order(project: SiteProject) -> None:
    explainers = [("a", "Đào tạo", "Thủ tục đào tạo", "03 ngày làm việc", "toàn trình"),
                  ("b", "Hệ thống văn bằng", "Cấp bản sao", "", "một phần"),
                  ("c", "Giáo dục", "Ăn bán trú", "", ""), ("d", "Giáo dục", "Chuyển trường", "05 ngày", "")]
    for slug, field, name, duration, online in explainers:
        procedure = {"name": name, "field": field, **({"duration": duration} if duration else {}),
                     **({"online": online} if online else {})}
        project.write_post(f"2022/03/{slug}.md", {"title": f"Hướng dẫn {slug}", **FRONT, "procedure": procedure})
    project.write_post("2022/03/thuong.md", {"title": "Tin thường", **FRONT})
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = doc(result, "thu-tuc-hanh-chinh/")
    # The fields, each a section; the portals have their own heading before them (a nav).
    assert [h.text_content() for h in page.xpath("//article//section/h2")] == ["Đào tạo", "Giáo dục", "Hệ thống văn bằng"]
    items = [" ".join(li.text_content().split()) for li in page.xpath('//ul[@class="cchc-procedures"]/li')]
    assert items == ["Thủ tục đào tạo · Thời hạn: 03 ngày làm việc · Trực tuyến toàn trình", "Ăn bán trú",
                     "Chuyển trường · Thời hạn: 05 ngày", "Cấp bản sao · Trực tuyến một phần"]
    assert page.xpath('//ul[@class="cchc-procedures"]/li/a/@href')[0] == "../tin-tuc/2022/03/huong-dan-a/"


def test_post_pages_carry_dublin_core_open_graph_and_json_ld(bundled_site: BuildResult) -> None:
    page = doc(bundled_site, EXPLAINER)
    dc = {m.get("name"): m.get("content") for m in page.xpath('//meta[starts-with(@name, "DC.")]')}
    for name in ("DC.title", "DC.creator", "DC.date", "DC.description", "DC.publisher", "DC.identifier", "DC.language"):
        assert dc.get(name), name
    assert dc["DC.identifier"] == "https://example.gov.vn/cchc/" + EXPLAINER and dc["DC.date"].endswith("+07:00")
    og = {m.get("property"): m.get("content") for m in page.xpath('//meta[starts-with(@property, "og:")]')}
    assert og["og:type"] == "article" and og["og:url"] == dc["DC.identifier"] and og["og:locale"] == "vi_VN"
    data = json_ld(page)
    article, service = data["NewsArticle"], data["GovernmentService"]
    for key in ("headline", "datePublished", "author", "publisher", "inLanguage"):
        assert article[key], key
    assert article["datePublished"] == "2022-08-16T08:00:00+07:00" and article["inLanguage"] == "vi"
    assert article["publisher"]["@type"] == "GovernmentOrganization"
    assert service["identifier"] == "2.001914" and service["provider"]["@type"] == "GovernmentOrganization"
    online = [c for c in service["availableChannel"] if "serviceUrl" in c]
    assert online == [{"@type": "ServiceChannel", "name": "Trực tuyến", "serviceUrl": "http://dichvucong.hungyen.gov.vn",
                       "processingTime": "P5D", "description": "Thời hạn giải quyết: 05 ngày làm việc"}]
    assert service["offers"]["description"] == "Xem quyết định công bố thủ tục của tỉnh"
    ordinary = json_ld(doc(bundled_site, "tin-tuc/2022/03/so-gddt-tap-huan-nghiep-vu-cai-cach-hanh-chinh-nam-2022/"))
    assert set(ordinary) == {"NewsArticle"}


def test_json_ld_cannot_break_out_of_its_script(project: SiteProject) -> None:
    project.write_post("2022/03/x.md", {"title": "Tiêu đề </script><b>x</b> & \"y\"", **FRONT})
    result = project.build()
    page = doc(result, "tin-tuc/2022/03/tieu-de-script-b-x-b-y/")
    assert json_ld(page)["NewsArticle"]["headline"] == "Tiêu đề </script><b>x</b> & \"y\""
    assert not page.xpath("//b")


def test_agency_from_the_config_is_in_every_footer_and_on_the_feedback_page(project: SiteProject) -> None:
    # The repository's config marks its contact details as a sample; a real agency's are not.
    project.set_config(extra={"cchc": {"agency": {**AGENCY, "sample": False}}})
    project.write_post("2022/03/a.md", {"title": "Tin", **FRONT})
    result = project.build()
    assert result.returncode == 0, result.stderr
    pages = sorted(result.out.rglob("*.html"))
    for html in pages:
        footer = lxml.html.fromstring(html.read_text(encoding="utf-8")).xpath('//address[@class="cchc-agency"]')
        assert footer, html
        text = " ".join(footer[0].text_content().split())
        for value in AGENCY.values():
            assert value in text, (html, value)
        assert "mẫu" not in text
    feedback = doc(result, "gop-y/")
    links = feedback.xpath('//a[starts-with(@href, "tel:") or starts-with(@href, "mailto:")]/@href')
    assert "tel:0912345678" in links and "tel:02213861234" in links
    assert any(link.startswith("mailto:hotro@example.gov.vn?subject=") for link in links)
    assert AGENCY["address"] in feedback.text_content()


def test_a_bad_agency_setting_fails_the_build_with_a_clear_message(project: SiteProject) -> None:
    project.set_config(extra={"cchc": {"agency": {**AGENCY, "email": "không-có-a-còng", "phone": ""}}})
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "mkdocs.yml:6: `extra.cchc.agency.email` phải là địa chỉ thư điện tử (tìm thấy: chuỗi 'không-có-a-còng')" in lines
    assert any(line.startswith("mkdocs.yml:") and "`extra.cchc.agency.phone` phải là" in line for line in lines)


def test_sitemap_xml_lists_every_public_page_and_nothing_else(project: SiteProject) -> None:
    project.write_post("2022/03/a.md", {"title": "Tin công khai", **FRONT})
    project.write_post("2022/03/b.md", {"title": "Bản nháp", **FRONT, "draft": True})
    project.write_post("2030/01/c.md", {"title": "Hẹn giờ", **FRONT, "date": "2030-01-01 08:00", "plan": 2022})
    result = project.build()
    assert result.returncode == 0, result.stderr
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in ET.parse(result.out / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)}
    pages = {"https://example.gov.vn/cchc/" + p.relative_to(result.out).as_posix().removesuffix("index.html")
             for p in result.out.rglob("index.html")}
    assert locs == pages
    assert not [loc for loc in locs if loc and ("ban-nhap" in loc or "hen-gio" in loc)]


def test_human_sitemap_is_a_tree_of_the_site(bundled_site: BuildResult) -> None:
    page = doc(bundled_site, "so-do-trang/")
    top = page.xpath('//nav[@class="cchc-sitemap"]/ul/li/a/text()')
    assert top == ["Trang chủ", "Tin tức", "Kế hoạch tuyên truyền", "Hướng dẫn thủ tục hành chính", "Đơn vị", "Chủ đề",
                   "Tìm kiếm", "Góp ý, phản ánh", "Hỏi đáp", "Theo dõi tin mới qua RSS"]
    tasks = page.xpath('//nav[@class="cchc-sitemap"]//a[starts-with(., "Nhiệm vụ")]/@href')
    assert len(tasks) == 14 and tasks[0] == "../ke-hoach/2022/nhiem-vu/1/"
    for href in page.xpath('//nav[@class="cchc-sitemap"]//a/@href'):
        target = (bundled_site.out / "so-do-trang" / href).resolve()
        assert (target / "index.html").is_file(), href


def test_quotes_and_markup_in_an_explainer_stay_text(project: SiteProject) -> None:
    tricky = 'Thi "Cải cách" & <b>đổi mới</b>'
    procedure = {"name": tricky, "field": tricky, "steps": [tricky], "documents": [{"name": tricky}],
                 "channels": [{"channel": tricky, "duration": tricky}], "result": tricky, "legal_basis": [tricky]}
    project.write_post("2022/03/a.md", {"title": tricky, **FRONT, "summary": tricky, "procedure": procedure})
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = doc(result, "tin-tuc/2022/03/thi-cai-cach-b-doi-moi-b/")
    assert not page.xpath("//b")
    metas = {m.get("name") or m.get("property"): m.get("content") for m in page.xpath("//head/meta")}
    assert metas["DC.title"] == metas["og:description"] == tricky
    section = page.xpath('//section[@class="cchc-procedure"]')[0]
    assert section.xpath("string(.//h2)") == f"Thủ tục: {tricky}"
    assert section.xpath("string(.//ol/li)") == tricky
