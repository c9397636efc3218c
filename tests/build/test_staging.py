"""A staging copy (`cchc publish --staging`): published with the sample agency and posts, but every page
says it is not the official site and carries noindex, the feeds say so too, and going from staging to
official (or back) republishes even with `--if-changed`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
from support import FIXED_NOW
from support.project import READY_SITE_URL, SiteProject

from cchc.publish import release as core

POST = {"title": "Sở GDĐT tập huấn nghiệp vụ cải cách hành chính", "date": "2022-03-15 08:30", "task": 2,
        "unit": "Văn phòng", "sample": True}
BANNER = "Bản thử, không phải trang chính thức."
XHTML = "http://www.w3.org/1999/xhtml"


def cchc(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8", "CCHC_STAGING": "true"}
    env.pop("SOURCE_DATE_EPOCH", None)  # CCHC_STAGING above: what a shell exports never decides the mode
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "assets" not in path.relative_to(site).parts)


def marked(html: Path) -> tuple[bool, bool]:
    """(the staging banner is shown, the page asks not to be indexed)"""
    tree = lxml.html.fromstring(html.read_bytes())
    banner = any(BANNER in " ".join(node.text_content().split()) for node in tree.xpath("//aside[@class='md-banner']"))
    robots = tree.xpath("//meta[@name='robots']/@content")
    return banner, robots == ["noindex"]


def feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("feed.xml"))


def test_staging_then_official_then_staging(project: SiteProject, tmp_path: Path) -> None:
    # The shipped sample agency, a sample post, a real address: only a staging copy may be published.
    project.set_config(site_url=READY_SITE_URL)
    project.write_post("2022/03/tap-huan.md", POST)
    dest = tmp_path / "thu"
    assert cchc(project.root, "publish", str(dest)).returncode == 1  # not as the official site

    staged = cchc(project.root, "publish", "--staging", str(dest))
    assert staged.returncode == 0, staged.stderr
    assert "Đã xuất bản bản thử" in staged.stdout
    html = pages(dest)
    assert len(html) >= 25 and (dest / "404.html") in html
    assert all(marked(page) == (True, True) for page in html), [page for page in html if marked(page) != (True, True)]
    for path in feeds(dest):
        root = lxml.etree.fromstring(path.read_bytes())
        channel = root.find("channel")
        assert channel is not None
        assert channel.findtext("title", "").startswith("[Bản thử, không phải trang chính thức] "), path
        meta = channel.find(f"{{{XHTML}}}meta")
        assert meta is not None and (meta.get("name"), meta.get("content")) == ("robots", "noindex"), path
        assert not feedparser.parse(path.read_bytes()).bozo, path
    layout = core.Layout.of(dest)
    assert core.list_releases(layout)[-1].info()["ban_thu"] is True
    listing = cchc(project.root, "publish", "--list", str(dest))
    assert listing.stdout.splitlines()[0].endswith("1 tin bài (bản thử)  ← đang phục vụ")

    # The same content made ready for the public: the official publish rebuilds (the mode is part of the
    # fingerprint) and no page is marked any more.
    project.make_ready()
    post = project.root / "content" / "posts" / "2022" / "03" / "tap-huan.md"
    post.write_text(post.read_text(encoding="utf-8").replace("sample: true\n", ""), encoding="utf-8")
    assert cchc(project.root, "publish", "--staging", "--if-changed", str(dest)).returncode == 0
    assert "Không có gì thay đổi" in cchc(project.root, "publish", "--staging", "--if-changed", str(dest)).stdout
    official = cchc(project.root, "publish", "--if-changed", str(dest))
    assert official.returncode == 0 and "Đã xuất bản bản 2" in official.stdout, official.stdout + official.stderr
    # Only the feedback service's pages are never indexed, staging or not: the page nginx shows when it is
    # down, the status page of a receipt code, the shell of its pages without script.
    assert {page.relative_to(dest).as_posix(): marked(page) for page in pages(dest) if marked(page) != (False, False)} == {
        "gop-y/tam-ngung/index.html": (False, True), "hoi-dap/tra-cuu/index.html": (False, True),
        "bien-nhan/index.html": (False, True)}
    assert not any(b"noindex" in path.read_bytes() or "Bản thử".encode() in path.read_bytes() for path in feeds(dest))
    assert "ban_thu" not in core.list_releases(layout)[-1].info()
    assert "Không có gì thay đổi" in cchc(project.root, "publish", "--if-changed", str(dest)).stdout
    back = cchc(project.root, "publish", "--staging", "--if-changed", str(dest))
    assert back.returncode == 0 and "Đã xuất bản bản thử" in back.stdout
    assert marked(dest / "index.html") == (True, True)


def test_the_staging_mark_comes_from_one_setting(project: SiteProject) -> None:
    """`extra.cchc.staging` (mkdocs.yml: `!ENV [CCHC_STAGING, false]`); a plain build with a real address is
    never marked (without one it is: tests/build/test_official_address.py)."""
    project.set_config(site_url=READY_SITE_URL)
    plain = project.build()
    assert plain.returncode == 0, plain.stderr
    assert marked(plain.out / "index.html") == (False, False)
    assert "md-banner" not in (plain.out / "index.html").read_text(encoding="utf-8")  # no empty bar either
    staged = project.build(out=project.root / "thu", env={"CCHC_STAGING": "true"})
    assert staged.returncode == 0, staged.stderr
    assert marked(staged.out / "index.html") == (True, True)
    sitemap = (staged.out / "sitemap.xml").read_bytes()
    assert sitemap == (plain.out / "sitemap.xml").read_bytes()  # the pages say noindex; the sitemap is not needed for that
    assert sorted(path.name for path in staged.out.iterdir()) == sorted(path.name for path in plain.out.iterdir())
