"""Real pages in headless Chromium: own fonts cover every Vietnamese letter, nothing extra is fetched."""

from __future__ import annotations

from support import REPO
from support.browser import browsing, chromium, serve
from support.project import BuildResult, SiteProject

ARTIFACTS = REPO / "test-artifacts"
LETTERS = (
    "aàảãáạ ăằẳẵắặ âầẩẫấậ eèẻẽéẹ êềểễếệ iìỉĩíị oòỏõóọ ôồổỗốộ ơờởỡớợ uùủũúụ ưừửữứự yỳỷỹýỵ đ"
)
PANGRAM = LETTERS + " " + LETTERS.upper() + " Đ"


def test_every_vietnamese_letter_renders_in_the_self_hosted_font(project: SiteProject) -> None:
    front = {"title": "Bảng chữ cái tiếng Việt", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng"}
    project.write_post("2022/03/chu-cai.md", front, body=f"{PANGRAM}\n\n**{PANGRAM}**\n\n*{PANGRAM}*")
    result = project.build()
    assert result.returncode == 0, result.stderr
    with serve(result.out) as base, chromium() as browser, browsing(browser, base) as (context, traffic):
        page = context.new_page()
        page.goto(base + "tin-tuc/2022/03/bang-chu-cai-tieng-viet/")
        page.evaluate("document.fonts.ready")
        faces = page.evaluate(
            """() => [...document.fonts].filter(f => f.status === 'loaded').map(f =>
                 `${f.family.replaceAll('"', '')} ${f.weight} ${f.style} ${f.unicodeRange.includes('U+1EA0') ? 'vi' : 'latin'}`)"""
        )
        family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chu-cai-tieng-viet.png"), full_page=True)
    assert family.startswith(('Roboto', '"Roboto"'))
    for weight_style in ("400 normal", "700 normal", "400 italic"):
        assert f"Roboto {weight_style} vi" in faces, faces
    fonts = [url for url in traffic.bodies if url.endswith(".woff2")]
    assert fonts and all(url.startswith(base + "assets/fonts/") for url in fonts)
    assert traffic.foreign == []


def test_a_page_fetches_only_what_it_shows(bundled_site: BuildResult) -> None:
    """No sitemap.xml behind the RSS links (Material reads any rel=alternate as a language), no 404."""
    with serve(bundled_site.out) as base, chromium() as browser, browsing(browser, base) as (context, traffic):
        page = context.new_page()
        statuses: dict[str, int] = {}
        page.on("response", lambda response: statuses.__setitem__(response.url, response.status))
        for url in ("", "tin-tuc/", "ke-hoach/2022/nhiem-vu/8/", "ke-hoach/2022/"):
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
        autodiscovery = page.eval_on_selector_all(
            'link[type="application/rss+xml"]', "links => links.map(l => l.getAttribute('href'))")
    assert not [url for url in statuses if url.endswith("sitemap.xml")]
    assert [url for url, status in statuses.items() if status >= 400] == []
    assert traffic.foreign == []
    assert autodiscovery == ["../../feed.xml"]
