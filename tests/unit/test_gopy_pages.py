"""The service's pages for browsers without script in the site's page shell (cchc.gopy.pages): the built
page `bien-nhan/` cut at its markers, the service's title and content put in, escaped; read again when the
file changes; its own plain page when there is no shell. Through the real service and a real build:
tests/system/test_gopy_browser.py."""

from __future__ import annotations

import os
from pathlib import Path

from cchc.gopy.config import ServiceConfig
from cchc.gopy.pages import CLOSE, OPEN, parse_shell, render_page

BUILT = (f'<!doctype html><html lang="vi"><head><title>Biên nhận góp ý - Trang CCHC</title>'
         f'<link rel="stylesheet" href="../assets/stylesheets/cchc.css"></head><body><header class="md-header">'
         f'<img src="../assets/images/logo.svg" alt="Logo"></header><nav><a href="../tin-tuc/">Tin tức</a></nav>'
         f'<article>{OPEN}<h1>Biên nhận góp ý</h1><p>Trang này hiện biên nhận.</p>{CLOSE}</article></body></html>')


def config(shell: Path | None) -> ServiceConfig:
    return ServiceConfig(database=Path("/nonexistent/gop-y.sqlite3"), base_path="/cchc/", site_url="/cchc/",
                         agency_name="Sở GDĐT Hưng Yên", hotline="0221 3000 001", page_shell=shell)


def test_the_shell_keeps_the_site_around_and_takes_the_title_and_content() -> None:
    shell = parse_shell(BUILT, site_name="Sở GDĐT Hưng Yên")
    assert shell is not None
    page = shell.fill("Đã nhận <góp ý>", "<h1>Đã nhận</h1>")
    assert "<title>Đã nhận &lt;góp ý&gt; – Sở GDĐT Hưng Yên</title>" in page
    assert '<header class="md-header"><img src="../assets/images/logo.svg"' in page and '<a href="../tin-tuc/">' in page
    assert f"{OPEN}<h1>Đã nhận</h1>{CLOSE}" in page and "Trang này hiện biên nhận" not in page


def test_a_page_that_is_not_a_shell_is_refused() -> None:
    for text in (BUILT.replace(OPEN, ""), BUILT.replace(CLOSE, ""), BUILT + OPEN, BUILT.replace("<title>", "<title>x</title><title>"),
                 BUILT.replace("<title>Biên nhận góp ý - Trang CCHC</title>", ""),
                 BUILT.replace(f"{OPEN}<h1>", "").replace(CLOSE, f"{CLOSE}{OPEN}")):
        assert parse_shell(text, site_name="Sở") is None


def test_the_service_fills_the_shell_and_reads_it_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "bien-nhan" / "index.html"
    path.parent.mkdir()
    path.write_text(BUILT, encoding="utf-8")
    settings = config(path)
    receipt = render_page(settings, title="Đã nhận góp ý", message="Đã nhận góp ý của bạn.", code="K7M3QX9A",
                          answer_url="/cchc/hoi-dap/k7m3qx9a/")
    assert receipt.startswith("<!doctype html>") and '<header class="md-header">' in receipt
    assert '<p class="cchc-receipt__code"><strong>K7M3QX9A</strong></p>' in receipt and "cchc-service" not in receipt
    typed = render_page(settings, title="Chưa gửi được góp ý", message="Sửa các ô.", form={"tieu_de": "<script>x</script>"},
                        errors={"tieu_de": "Quá ngắn"})
    assert "&lt;script&gt;x&lt;/script&gt;" in typed and "<script>x</script>" not in typed
    # A publish swaps the site: the next page has the new shell's assets.
    path.write_text(BUILT.replace("cchc.css", "cchc.moi.css"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "cchc.moi.css" in render_page(settings, title="Đã nhận góp ý", message="", code="K7M3QX9A", answer_url="/x/")


def test_without_a_shell_the_service_s_own_page(tmp_path: Path) -> None:
    for shell in (None, tmp_path / "khong-co" / "index.html"):
        page = render_page(config(shell), title="Đã nhận góp ý", message="Đã nhận.", code="K7M3QX9A", answer_url="/x/")
        assert '<body class="cchc-service">' in page and "K7M3QX9A" in page and "md-header" not in page
    broken = tmp_path / "hong.html"
    broken.write_text(BUILT.replace(CLOSE, ""), encoding="utf-8")
    assert '<body class="cchc-service">' in render_page(config(broken), title="Đã nhận", code="K7M3QX9A", answer_url="/x/")
