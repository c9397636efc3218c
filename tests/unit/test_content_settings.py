"""One typed settings reader for the hook and the CLI (`cchc.content.settings`): each bad value is one clear
`mkdocs.yml:LINE:` line; templates are strict for our data. Through the build and the CLI:
tests/build/test_settings.py."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from jinja2 import Environment
from support import REPO
from support.project import SAMPLE_AGENCY, content_settings

from cchc import urls
from cchc.adapter.config import load_settings
from cchc.colors import agency_css, contrast_with_white
from cchc.content.settings import Feedback, Options, SettingsError, read_settings
from cchc.gopy.config import ServiceConfig, service_config
from cchc.problems import ContentError
from cchc.publish.checklist import logo_is_placeholder
from cchc.render.templating import ProjectUndefined

HEAD = f"""INHERIT: {REPO / "mkdocs.yml"}
site_url: https://example.gov.vn/cchc/
theme:
  name: material
  custom_dir: {REPO / "overrides"}
hooks: [{REPO / "hooks" / "cchc_hooks.py"}]
watch: []
extra:
  cchc:
"""
LINE = 10  # the line each case below is written on

# (value written under `extra: cchc:`, the one message expected at LINE)
BAD = [
    ("page_size: 0", "`extra.cchc.page_size` phải là một số nguyên từ 1 đến 500 (tìm thấy: số 0)"),
    ('page_size: "20"', "`extra.cchc.page_size` phải là một số nguyên từ 1 đến 500 (tìm thấy: chuỗi '20')"),
    ("page_size: 20.5", "`extra.cchc.page_size` phải là một số nguyên từ 1 đến 500 (tìm thấy: số 20.5)"),
    ("feed_items: true", "`extra.cchc.feed_items` phải là một số nguyên từ 1 đến 1000 (tìm thấy: giá trị đúng/sai true)"),
    ("home_latest: [1]", "`extra.cchc.home_latest` phải là một số nguyên từ 1 đến 100 (tìm thấy: danh sách [1])"),
    ("pagesize: 20", "khóa không hợp lệ trong `extra.cchc` (tìm thấy: `pagesize`); có phải ý bạn là `page_size`?"),
    ("plan_dir: ../ke-hoach", "`extra.cchc.plan_dir` phải là đường dẫn thư mục tương đối, nằm trong kho (dùng dấu /) "
                              "(tìm thấy: chuỗi '../ke-hoach')"),
    ("posts_dir: 5", "`extra.cchc.posts_dir` phải là một chuỗi văn bản không rỗng (tìm thấy: số 5)"),
    ("agency: Sở GDĐT", "`extra.cchc.agency` phải là các dòng `khóa: giá trị` (tìm thấy: chuỗi 'Sở GDĐT')"),
    ("agency: {email: thu-cchc}", "`extra.cchc.agency.email` phải là địa chỉ thư điện tử (tìm thấy: chuỗi 'thu-cchc')"),
    ("agency: {phone: gọi Sở}", "`extra.cchc.agency.phone` phải là số điện thoại (tìm thấy: chuỗi 'gọi Sở')"),
    ("agency: {phon: 0221 3000 000}", "khóa không hợp lệ trong `extra.cchc.agency` (tìm thấy: `phon`); "
                                      "có phải ý bạn là `phone`?"),
    ("agency: {sample: có}", "`extra.cchc.agency.sample` phải là `true` hoặc `false` (tìm thấy: chuỗi 'có')"),
    ('agency: {color: "#8ab4f8"}', "`extra.cchc.agency.color` quá sáng: chữ trắng trên màu này chỉ đạt độ tương phản 2,1:1, "
                                   "cần ít nhất 4,5:1 (chọn màu đậm hơn) (tìm thấy: chuỗi '#8ab4f8')"),
    ("agency: {color: xanh}", "`extra.cchc.agency.color` phải là mã màu dạng #rrggbb, ví dụ #0b4a8b (tìm thấy: chuỗi 'xanh')"),
    ("agency: {logo: logo.jpg}", "`extra.cchc.agency.logo` phải là đường dẫn tương đối tới một tệp ảnh .svg hoặc .png trong "
                                 "thư mục docs/ (tìm thấy: chuỗi 'logo.jpg')"),
    ("agency: {logo: assets/logo-so.svg}", "`extra.cchc.agency.logo`: không có tệp docs/assets/logo-so.svg (đặt tệp logo của "
                                           "cơ quan vào thư mục docs/)"),
    ("abbreviations_file: ../viet-tat.yml", "`extra.cchc.abbreviations_file` phải là đường dẫn tệp tương đối, nằm trong kho "
                                            "(dùng dấu /) (tìm thấy: chuỗi '../viet-tat.yml')"),
    ("portals: {province: hungyen.gov.vn}", "`extra.cchc.portals.province` phải là địa chỉ đầy đủ bắt đầu bằng https://, ví dụ "
                                            "https://dichvucong.gov.vn/ (tìm thấy: chuỗi 'hungyen.gov.vn')"),
    ("portals: {nationl: https://dichvucong.gov.vn/}", "khóa không hợp lệ trong `extra.cchc.portals` (tìm thấy: `nationl`); "
                                                       "có phải ý bạn là `national`?"),
    ("feedback: {lookup_burst: 0}", "`extra.cchc.feedback.lookup_burst` phải là một số nguyên từ 1 đến 10000 (tìm thấy: số 0)"),
    ('feedback: {lookup_per_minute: "20/phút"}', "`extra.cchc.feedback.lookup_per_minute` phải là một số nguyên từ 1 đến "
                                                 "10000 (tìm thấy: chuỗi '20/phút')"),
    ("feedback: {lookups_burst: 5}", "khóa không hợp lệ trong `extra.cchc.feedback` (tìm thấy: `lookups_burst`); "
                                     "có phải ý bạn là `lookup_burst`?"),
    # Every local program sends from the loopback: nginx on the same machine comes over the unix socket.
    ("feedback: {trusted_proxies: ['::1']}", "`extra.cchc.feedback.trusted_proxies` không được có ::1: mọi chương trình "
                                             "trên máy đều gửi từ địa chỉ đó. nginx cùng máy nối tới dịch vụ qua ổ cắm unix "
                                             "(cchc gop-y chay --socket), không cần khóa này (tìm thấy: danh sách ['::1'])"),
]


def write(root: Path, case: str, head: str = HEAD) -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(head + f"    {case}\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("case, message", BAD, ids=[case for case, _ in BAD])
def test_each_bad_value_is_one_line_at_its_key(tmp_path: Path, case: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(write(tmp_path, case))
    assert [str(problem) for problem in raised.value.problems] == [f"mkdocs.yml:{LINE}: {message}"]


def test_a_bad_site_url_and_a_missing_section(tmp_path: Path) -> None:
    head = HEAD.replace("site_url: https://example.gov.vn/cchc/", "site_url: example.gov.vn/cchc")
    with pytest.raises(SettingsError) as raised:
        load_settings(write(tmp_path, "page_size: 20", head))
    assert [str(p) for p in raised.value.problems] == [
        "mkdocs.yml:2: `site_url` phải là địa chỉ đầy đủ, ví dụ https://sgddt.hungyen.gov.vn/cchc/ "
        "(tìm thấy: chuỗi 'example.gov.vn/cchc')"]
    with pytest.raises(SettingsError) as raised:
        load_settings(write(tmp_path, "", HEAD.replace("  cchc:\n", "  cchc: null\n")))
    assert [str(p) for p in raised.value.problems] == [
        "mkdocs.yml:8: thiếu mục `extra.cchc` (cơ quan chủ quản, thư mục nội dung) trong cấu hình"]


def test_a_yaml_error_and_an_unknown_mkdocs_key(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(write(tmp_path, "page_size: [20"))
    [problem] = raised.value.problems
    assert problem.path == "mkdocs.yml" and problem.line == 11 and problem.message.startswith("lỗi cú pháp YAML")
    settings, warnings = load_settings(write(tmp_path, "page_size: 20", "site_nmae: Thử\n" + HEAD))
    assert settings.options.page_size == 20
    assert [str(w) for w in warnings] == ["mkdocs.yml:1: cảnh báo: khóa cấu hình không có trong MkDocs (tìm thấy: chuỗi 'site_nmae')"]


def test_the_repository_settings_are_typed(tmp_path: Path) -> None:
    settings, warnings = load_settings(REPO / "mkdocs.yml")
    assert warnings == []
    assert isinstance(settings.options, Options) and settings.options.page_size == 20 and settings.agency.sample
    # No address is shipped (CCHC_SITE_URL sets it): pages are marked, official outputs refused, the sub-path nginx's.
    assert settings.site_url == "" and settings.address_problem and settings.staging and settings.base_path == "/cchc/"
    assert settings.plan_dir == REPO / "plan"
    assert "md_in_html" in settings.markdown_extensions and "fenced_code" in settings.markdown_extensions
    assert settings.config_files == (REPO / "mkdocs.yml",) and settings.template_dirs == (REPO / "overrides",)
    # The agency as the header shows it; the logo is still the theme's placeholder.
    agency = settings.agency
    assert (agency.short_name, agency.section, agency.color) == ("Sở GDĐT Hưng Yên", "Chuyên mục Cải cách hành chính", "#0b4a8b")
    assert settings.logo_file is None and agency.logo_url == urls.PLACEHOLDER_LOGO
    assert logo_is_placeholder(REPO / "overrides" / urls.PLACEHOLDER_LOGO)
    assert settings.abbreviations_file == REPO / "du-lieu" / "viet-tat.yml"


def test_only_the_national_portal_has_a_default(tmp_path: Path) -> None:
    """dichvucong.gov.vn is the same for every agency; the province's and the Sở's portals are the webmaster's to write."""
    portals = content_settings(tmp_path).options.portals
    assert (portals.national, portals.province, portals.department) == ("https://dichvucong.gov.vn/", None, None)
    assert portals.named == (("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),)
    shipped = load_settings(REPO / "mkdocs.yml")[0].options.portals
    assert [name for name, _ in shipped.named] == ["Cổng Dịch vụ công quốc gia", "Cổng thông tin điện tử của tỉnh",
                                                   "Cổng thông tin điện tử của Sở"]


def test_the_agency_s_colour_and_logo(tmp_path: Path) -> None:
    (tmp_path / "docs" / "assets").mkdir(parents=True)
    logo = tmp_path / "docs" / "assets" / "logo-so.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', encoding="utf-8")
    settings, _ = load_settings(write(tmp_path, 'agency: {logo: assets/logo-so.svg, color: "#7a1f1f"}'))
    assert settings.logo_file == logo and settings.agency.logo_url == "assets/logo-so.svg"
    assert not logo_is_placeholder(logo) and logo_is_placeholder(None)
    css = agency_css(settings.agency.color).decode()
    assert "--md-primary-fg-color: #7a1f1f;" in css and "--md-typeset-a-color: #7a1f1f;" in css
    assert contrast_with_white("#0b4a8b") >= 4.5 and round(contrast_with_white("#ffffff"), 2) == 1


def test_reading_a_plain_mapping_needs_no_file(tmp_path: Path) -> None:
    settings = content_settings(tmp_path, page_size=3)
    assert settings.options.page_size == 3 and settings.agency.name == SAMPLE_AGENCY["name"]
    with pytest.raises(ContentError):
        read_settings({"site_name": "", "extra": {"cchc": {"agency": SAMPLE_AGENCY}}}, config_file=tmp_path / "mkdocs.yml")


# --------------------------------------------------------------------------- templates: strict for our data


def test_a_misspelt_name_of_our_data_fails_and_theme_data_stays_lenient() -> None:
    env = Environment(undefined=ProjectUndefined)
    assert env.from_string("[{{ page.title }}]").render(page={}) == "[]"
    assert env.from_string("{{ links.news }}").render(links=urls.LINKS) == urls.NEWS
    with pytest.raises(Exception, match="newz"):
        env.from_string("{{ links.newz }}").render(links=urls.LINKS)


def test_the_status_lookup_limits_are_the_service_s_settings(tmp_path: Path) -> None:
    """GET api/tra-cuu/<mã> has a limit of its own per address, set in extra.cchc.feedback (defaults: 20 a
    minute, 10 at once, the values it had when they were written in the code), and the service takes it."""
    shipped = service_config(load_settings(REPO / "mkdocs.yml")[0])
    assert (shipped.lookup_per_minute, shipped.lookup_burst) == (20, 10)
    settings, _ = load_settings(write(tmp_path, "feedback: {lookup_per_minute: 6, lookup_burst: 2}"))
    configured = service_config(settings)
    assert (configured.lookup_per_minute, configured.lookup_burst) == (6, 2)
    assert (configured.rate_per_minute, configured.rate_burst) == (30, 30)  # the submissions' limit is another
    # One schema: the service's own defaults (used when it is made without settings) are the settings' defaults.
    service = {item.name: item.default for item in fields(ServiceConfig)}
    shared = {item.name: item.default for item in fields(Feedback) if item.name in service and item.name != "database"}
    assert {"lookup_per_minute", "lookup_burst", "rate_per_minute"} <= set(shared)
    assert shared == {name: service[name] for name in shared}
    # The shipped nginx configuration limits the same route with the same numbers (deploy/nginx/cchc.conf).
    nginx = (REPO / "deploy" / "nginx" / "cchc.conf").read_text(encoding="utf-8")
    rate = re.search(r"zone=cchc_tra_cuu:\w+ rate=(\d+)r/m;", nginx)
    burst = re.search(r"limit_req zone=cchc_tra_cuu burst=(\d+) nodelay;", nginx)
    assert rate and burst and (int(rate[1]), int(burst[1])) == (shared["lookup_per_minute"], shared["lookup_burst"])
