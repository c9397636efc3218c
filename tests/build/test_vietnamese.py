"""Vietnamese first: NFD input behaves like NFC, anchors keep their letters, no English UI text."""

from __future__ import annotations

import unicodedata

import lxml.html
from support.gates import english_strings
from support.project import BuildResult, SiteProject

FRONT = {"date": "2022-03-01 08:00", "task": 1}


def test_no_english_ui_string_on_any_page(bundled_site: BuildResult) -> None:
    assert len(list(bundled_site.out.rglob("*.html"))) > 50
    assert english_strings(bundled_site.out) == set()


def test_nfd_post_renders_links_and_sorts_like_its_nfc_twin(project: SiteProject) -> None:
    title, unit, tag = "Đẩy mạnh cải cách hành chính", "Phòng GDĐT huyện Ân Thi", "hoà nhập"
    body = "## Lợi ích của dịch vụ công\n\nNgười dân được hướng dẫn thủ tục."
    nfd = unicodedata.normalize("NFD", "---\n" f'title: "{title}"\ndate: 2022-03-01 08:00\ntask: 1\n'
                                f'unit: "{unit}"\ntags: ["{tag}"]\n---\n{body}\n')
    assert nfd != unicodedata.normalize("NFC", nfd)
    project.write("content/posts/2022/03/nfd.md", nfd)
    project.write_post("2022/03/nfc.md", {"title": "Tin khác", **FRONT, "unit": unit, "tags": [tag]})
    result = project.build()
    assert result.returncode == 0, result.stderr

    html = result.page("tin-tuc/2022/03/day-manh-cai-cach-hanh-chinh/")
    assert title in html and unicodedata.normalize("NFD", title) not in html
    assert 'id="loi-ich-cua-dich-vu-cong"' in html
    # Both spellings land on one unit page and one tag page.
    unit_page = result.page("don-vi/phong-gddt-huyen-an-thi/")
    assert "Tin khác" in unit_page and title in unit_page
    assert title in result.page("chu-de/hoa-nhap/")
    assert sorted(p.name for p in (result.out / "don-vi").iterdir()) == ["index.html", "phong-gddt-huyen-an-thi"]


def test_units_are_listed_in_vietnamese_order(project: SiteProject) -> None:
    units = ["Văn phòng", "Đoàn trường", "Ân Thi", "Ban Giám đốc", "Dương Quảng Hàm", "ăn ca", "Ông Đình"]
    for i, unit in enumerate(units):
        project.write_post(f"2022/03/t{i}.md", {"title": f"Tin {i}", **FRONT, "unit": unit})
    result = project.build()
    assert result.returncode == 0, result.stderr
    doc = lxml.html.fromstring(result.page("don-vi/"))
    listed = [a.text_content() for a in doc.xpath('//ul[@class="cchc-groups"]/li/a')]
    assert listed == ["ăn ca", "Ân Thi", "Ban Giám đốc", "Dương Quảng Hàm", "Đoàn trường", "Ông Đình", "Văn phòng"]


def test_heading_anchors_keep_every_letter(project: SiteProject) -> None:
    body = "## Đăng ký dự thi\n\n## Thủ tục hành chính\n\n## Đẩy mạnh cải cách"
    project.write_post("2022/03/a.md", {"title": "Tin", **FRONT, "unit": "Văn phòng"}, body=body)
    result = project.build()
    html = result.page("tin-tuc/2022/03/tin/")
    for anchor in ("dang-ky-du-thi", "thu-tuc-hanh-chinh", "day-manh-cai-cach"):
        assert f'id="{anchor}"' in html
