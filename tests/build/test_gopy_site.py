"""The static side of the feedback channel: Q&A files (content/hoi-dap/) checked like posts and
published as pages, feed, task cross-links and search entries; the report's counts from the committed
counts file; the forms on the pages. Built with the real MkDocs command. Publish's change detection:
tests/unit/test_cli_main.py."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
from support import REPO
from support.answers import HOSTILE, answer_file
from support.project import BuildResult, SiteProject

EXPLAINER = "2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi.md"


COUNTS = """generated: 2022-12-31 17:00
months:
  2022-03: {received: 5, answered: 2, useful: 10, not_useful: 3}
  2022-08: {received: 4, answered: 6, useful: 1, not_useful: 0}
  2023-01: {received: 9, answered: 9, useful: 9, not_useful: 9}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = SiteProject(tmp_path_factory.mktemp("hoi-dap") / "project")
    shutil.copy(REPO / "content" / "posts" / EXPLAINER, project.root / "content" / "posts" / "explainer.md")
    project.write_post("2022/03/tin.md", {"title": "Tin thường", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"})
    project.write("content/hoi-dap/k7m3qx9a.md", answer_file("K7M3QX9A", asker="Ngô Thị E",
                                                            page="tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/"))
    project.write("content/hoi-dap/abcdefgh.md", answer_file("ABCDEFGH", title="Hỏi về chuyển trường", answered="2022-09-01",
                                                            task=2, field=None))
    project.write("content/hoi-dap/zzzz2345.md", answer_file("ZZZZ2345", title="Bản nháp", draft=True))
    project.write("content/hoi-dap/so-lieu.yml", COUNTS)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return result


def html(result: BuildResult, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(result.page(url))


def test_answers_page_lists_published_answers_newest_first(built: BuildResult) -> None:
    page = html(built, "hoi-dap/")
    newest = [a.text_content() for a in page.xpath('//ul[@class="cchc-answer-list"]/li/a')]
    assert newest == ["Hỏi về chuyển trường", f"Hỏi về văn bằng {HOSTILE}"]
    assert "Bản nháp" not in built.page("hoi-dap/") and not (built.out / "hoi-dap" / "zzzz2345").exists()
    headings = [h.text_content() for h in page.xpath("//h3")]
    assert "Hệ thống văn bằng, chứng chỉ" in headings and "Lĩnh vực khác" in headings
    assert any(h.startswith("Nhiệm vụ 8 (2022)") for h in headings)


def test_an_answer_page_escapes_the_question_and_links_its_task(built: BuildResult) -> None:
    text = built.page("hoi-dap/k7m3qx9a/")
    assert "<script>alert" not in text and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    page = html(built, "hoi-dap/k7m3qx9a/")
    assert page.xpath('string(//strong[@class="cchc-answer__code"])') == "K7M3QX9A"
    assert page.xpath('string(//h2[@id="cau-hoi"])') == "Câu hỏi của Ngô Thị E"
    assert page.xpath('//section[@class="cchc-answer__reply"]//strong/text()') == ["nộp trực tuyến"]
    links = page.xpath('//aside//a/@href')
    assert "../../ke-hoach/2022/nhiem-vu/8/" in links
    assert "../../tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/" in links
    task = html(built, "ke-hoach/2022/nhiem-vu/8/")
    assert task.xpath('//ul[@class="cchc-answer-list"]//a/@href') == ["../../../../hoi-dap/k7m3qx9a/"]


def test_every_page_lists_the_newest_answers_in_its_side_column(built: BuildResult) -> None:
    """The desktop's side column (partials/toc.html): the newest published answers, title, link and date,
    escaped; never a draft. On pages that show no answer otherwise: a post, a task without answers, the home."""
    for url in ("tin-tuc/2022/03/tin-thuong/", "ke-hoach/2022/nhiem-vu/5/", "", "gop-y/", "hoi-dap/k7m3qx9a/"):
        page = html(built, url)
        side = page.xpath('//aside[@aria-labelledby="cchc-side-answers"]')
        assert len(side) == 1 and side[0].xpath('string(h2[@id="cchc-side-answers"])') == "Câu trả lời mới", url
        items = [(a.text_content(), urljoin(f"/cchc/{url}", a.get("href"))) for a in side[0].xpath(".//li/a")]
        assert items == [("Hỏi về chuyển trường", "/cchc/hoi-dap/abcdefgh/"), (f"Hỏi về văn bằng {HOSTILE}", "/cchc/hoi-dap/k7m3qx9a/"),
                         ("Xem mọi câu trả lời", "/cchc/hoi-dap/")], url
        assert side[0].xpath(".//time/@datetime") == ["2022-09-01T00:00:00+07:00", "2022-05-10T00:00:00+07:00"]
        assert "Bản nháp" not in side[0].text_content()
    assert "<script>alert" not in built.page("tin-tuc/2022/03/tin-thuong/")


def test_answers_have_their_own_feed_and_stay_out_of_the_site_feed(built: BuildResult) -> None:
    site = (built.out / "feed.xml").read_text(encoding="utf-8")
    assert "hoi-dap" not in site
    feed = feedparser.parse((built.out / "hoi-dap" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "rss20"
    assert [entry.link for entry in feed.entries] == ["https://example.gov.vn/cchc/hoi-dap/abcdefgh/",
                                                      "https://example.gov.vn/cchc/hoi-dap/k7m3qx9a/"]
    assert feed.entries[1].published == "Tue, 10 May 2022 00:00:00 +0700"


def test_answers_are_searchable_by_their_code(built: BuildResult) -> None:
    files = sorted((built.out / "tim-kiem" / "du-lieu" / "d").glob("*.bin"), key=lambda path: int(path.stem))
    documents = [json.loads(gzip.decompress(path.read_bytes())) for path in files]
    [entry] = [document for document in documents if document["url"] == "hoi-dap/k7m3qx9a/"]
    assert "K7M3QX9A" in entry["text"] and "Xin hỏi thủ tục chỉnh sửa văn bằng." in entry["text"]
    meta = json.loads((built.out / "tim-kiem" / "du-lieu" / "meta.json").read_text())
    # Two posts and two answers (the draft answer is not built), the plan with its 14 tasks and its report, and
    # the four undated pages a citizen may look for (the procedures, the form, the feeds, the answers' list).
    assert meta["pages"] == len(documents) == 4 + 16 + 4
    # Page ids run newest first across posts and answers, as the index numbers them; the undated pages last.
    assert [document["url"] for document in documents if not document["url"].startswith("ke-hoach/")] == [
        "hoi-dap/abcdefgh/", "tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/",
        "hoi-dap/k7m3qx9a/", "tin-tuc/2022/03/tin-thuong/", "gop-y/", "hoi-dap/", "theo-doi/", "thu-tuc-hanh-chinh/"]


def test_the_report_counts_online_feedback_from_the_committed_file_not_as_posts(built: BuildResult) -> None:
    page = html(built, "ke-hoach/2022/bao-cao/")
    section = page.xpath('//section[@aria-labelledby="gop-y-truc-tuyen"]')[0]
    rows = [[cell.text_content() for cell in row.xpath("th|td")] for row in section.xpath(".//tbody/tr")]
    assert rows == [["6 tháng đầu năm", "5", "2", "10", "3"], ["6 tháng cuối năm", "4", "6", "1", "0"], ["Cả năm", "9", "8", "11", "3"]]
    assert "cập nhật ngày 2022-12-31 17:00" in page.text_content()
    # Figures for the public: no staff command, no file of the repository.
    assert "cchc " not in page.text_content() and "so-lieu.yml" not in page.text_content() and not page.xpath("//code")
    csv = (built.out / "ke-hoach" / "2022" / "bao-cao.csv").read_text(encoding="utf-8-sig")
    assert "hoi-dap" not in csv and "K7M3QX9A" not in csv


def test_forms_on_the_pages(built: BuildResult) -> None:
    form = html(built, "gop-y/").xpath('//form[@id="gop-y-form"]')[0]
    assert form.get("action") == "/cchc/api/gop-y" and form.get("method") == "post" and form.get("enctype") == "multipart/form-data"
    assert form.xpath('.//textarea[@name="noi_dung"]/@maxlength') == ["5000"]
    assert form.xpath('.//input[@name="dong_y"]/@required') == [""]  # present (a boolean attribute)
    assert "Nghị định 13/2023/NĐ-CP" in form.text_content() and "730 ngày" in form.text_content()
    explainer = html(built, "tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/")
    assert explainer.xpath('//p[@class="cchc-ask"]/a/@href') == [
        "../../../../gop-y/?trang=tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/#gop-y-form"]
    for url in ("tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/", "tin-tuc/2022/03/tin-thuong/"):
        rating = html(built, url).xpath('//section[@id="danh-gia"]')[0]
        assert rating.get("data-page") == url and rating.xpath(".//form/@action") == ["/cchc/api/danh-gia"]
        assert rating.xpath('.//button/@value') == ["co", "chua"]
        assert "Thông tin này có hữu ích không?" in rating.text_content()
    assert not html(built, "hoi-dap/").xpath('//section[@id="danh-gia"]')  # answers are not rated: posts and explainers are


PROBLEMS = [
    ("content/hoi-dap/abc.md", answer_file("ABC"), "content/hoi-dap/abc.md:2: `code` phải là mã tiếp nhận 8 ký tự"),
    ("content/hoi-dap/k7m3qx9a.md", answer_file("ABCDEFGH"), "content/hoi-dap/k7m3qx9a.md:2: tên tệp phải là mã tiếp nhận: abcdefgh.md"),
    ("content/hoi-dap/mmmmmmmm.md", answer_file("MMMMMMMM", task=99),
     "content/hoi-dap/mmmmmmmm.md:7: nhiệm vụ 99 không có trong kế hoạch 2022"),
    ("content/hoi-dap/nnnnnnnn.md", answer_file("NNNNNNNN").replace("Sở trả lời: **nộp trực tuyến** trên Cổng.",
                                                                    "Viết câu trả lời ở đây (thay cả đoạn này)"),
     "content/hoi-dap/nnnnnnnn.md:15: chưa có câu trả lời"),
    ("content/hoi-dap/pppppppp.md", answer_file("PPPPPPPP", tilte="x"),
     "content/hoi-dap/pppppppp.md:14: khóa không hợp lệ trong bài hỏi đáp (tìm thấy: `tilte`); có phải ý bạn là `title`?"),
    ("content/hoi-dap/so-lieu.yml", "months:\n  2022-13: {received: 1, answered: 0, useful: 0, not_useful: 0}\n",
     "content/hoi-dap/so-lieu.yml:2: tháng phải có dạng YYYY-MM (tìm thấy: '2022-13')"),
]


def test_cchc_check_reports_bad_answer_files_at_their_line(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "project")
    for path, text, _ in PROBLEMS:
        project.write(path, text)
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "check"], cwd=project.root, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    for _, _, expected in PROBLEMS:
        assert expected in done.stdout, (expected, done.stdout)
    build = project.build()
    assert build.returncode != 0 and PROBLEMS[2][2] in build.stderr


SAME_BODY = """Mở đầu so sánh.

## Hồ sơ gồm

- Đơn *đề nghị* có `mã` và **chữ đậm**
- Bản sao, <abbr title="Giáo dục">GD</abbr> &amp; đào tạo

| Cách nộp | Thời hạn |
|---|---|
| Trực tuyến | 5 ngày |

!!! note "Lưu ý"
    Mang theo bản gốc.

### Mục ba {#muc-ba}

    khối mã <a>

> Trích dẫn

Kết thúc so sánh."""


def test_an_answer_shows_what_mkdocs_makes_of_its_markdown(tmp_path: Path) -> None:
    """The core renders an answer's Markdown (as a post's, so its links to other files are resolved:
    cchc.site.source_links): the same text on a page of docs/, which MkDocs renders, gives the same HTML."""
    project = SiteProject(tmp_path / "project")
    text = answer_file("K7M3QX9A")
    project.write("content/hoi-dap/k7m3qx9a.md", text[:text.rindex("---\n") + 4] + SAME_BODY + "\n")
    project.write("docs/so-sanh.md", "# So sánh\n\n" + SAME_BODY + "\n")
    result = project.build()
    assert result.returncode == 0, result.stderr

    def body(url: str) -> str:
        page = result.page(url)
        return page[page.index("<p>Mở đầu so sánh.</p>"):page.index("<p>Kết thúc so sánh.</p>")]

    assert body("hoi-dap/k7m3qx9a/") == body("so-sanh/")
    assert '<h3 id="muc-ba">' in body("so-sanh/") and "admonition" in body("so-sanh/")
