"""A phone photo through a real MkDocs build (src/cchc/render/images.py): the published site holds its
widths and their smaller WebP copies without any metadata, the post's `<picture>` and `<img>` name them,
the original is not published unless linked,
`og:image` names the shared width, a second build writes the same bytes from the cache, and `cchc check`
warns at the line of an original larger than needed. An image of docs/ (the hand-written pages) goes the
same way: under its own name without its metadata, and in widths for the pages of docs/ that show it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from PIL import Image
from support.cli import cchc
from support.photos import IPTC_SECRET, phone_photo, png_picture, secrets_in, with_iptc
from support.project import SiteProject

FRONT = {"title": "Hội nghị cải cách hành chính", "date": "2022-03-01 08:00", "task": 1, "unit": "Văn phòng",
         "image": "hoi-nghi.jpg"}
BODY = ("Sáng nay Sở tổ chức hội nghị.\n\n![Quang cảnh hội nghị](hoi-nghi.jpg)\n\n![Sơ đồ quy trình](anh/so-do.png)\n\n"
        "[Tải sơ đồ gốc](anh/so-do.png)\n")
POST_URL = "tin-tuc/2022/03/hoi-nghi-cai-cach-hanh-chinh/"


def write_post(project: SiteProject) -> None:
    project.write("content/posts/2022/03/hoi-nghi.jpg", phone_photo(4000, 3000, orientation=6))
    project.write("content/posts/2022/03/anh/so-do.png", png_picture(1200, 600))
    project.write_post("2022/03/hoi-nghi.md", FRONT, body=BODY)


def test_a_phone_photo_is_published_small_upright_and_without_its_secrets(project: SiteProject) -> None:
    write_post(project)
    result = project.build()
    assert result.returncode == 0, result.stderr
    folder = result.out / POST_URL
    published = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    widths = ["anh/so-do-1200w.png", "anh/so-do-240w.png", "anh/so-do-800w.png", "hoi-nghi-1600w.jpg", "hoi-nghi-240w.jpg",
              "hoi-nghi-800w.jpg"]
    # Not the photo as uploaded; the linked drawing; each width and its WebP copy.
    assert published == sorted([*widths, *(name + ".webp" for name in widths), "anh/so-do.png", "index.html"])
    for name in [*widths, *(name + ".webp" for name in widths)]:
        data = (folder / name).read_bytes()
        opened = Image.open(io.BytesIO(data))
        assert secrets_in(data) == [] and dict(opened.getexif()) == {} and opened.getexif().get_ifd(0x8825) == {}
        assert opened.width <= 1600 and opened.format == ("WEBP" if name.endswith(".webp") else Path(name).suffix[1:].upper()
                                                          .replace("JPG", "JPEG"))
    for name in widths:  # published only because smaller
        assert (folder / (name + ".webp")).stat().st_size < (folder / name).stat().st_size
    assert Image.open(folder / "hoi-nghi-1600w.jpg").size == (1600, 2133)  # upright: a portrait
    page = result.page(POST_URL)
    tags = re.findall(r"<img [^>]*>", page.split('class="cchc-post"', 1)[1])
    photo = next(tag for tag in tags if "hoi-nghi" in tag)
    assert ('<picture><source type="image/webp" srcset="hoi-nghi-240w.jpg.webp 240w, hoi-nghi-800w.jpg.webp 800w, '
            'hoi-nghi-1600w.jpg.webp 1600w" sizes="(min-width: 50em) 800px, 100vw" />' + photo + "</picture>") in page
    assert 'src="hoi-nghi-800w.jpg"' in photo
    assert 'srcset="hoi-nghi-240w.jpg 240w, hoi-nghi-800w.jpg 800w, hoi-nghi-1600w.jpg 1600w"' in photo
    assert 'width="1600" height="2133"' in photo and "sizes=" in photo and "loading" not in photo  # the first: not lazy
    drawing = next(tag for tag in tags if "so-do" in tag)
    assert 'src="anh/so-do-800w.png"' in drawing and 'loading="lazy"' in drawing and 'width="1200" height="600"' in drawing
    assert '<a href="anh/so-do.png">Tải sơ đồ gốc</a>' in page
    assert f'<meta property="og:image" content="https://example.gov.vn/cchc/{POST_URL}hoi-nghi-1600w.jpg">' in page
    assert '<meta property="og:image:width" content="1600">' in page


def test_news_lists_show_the_cover_as_a_lazy_thumbnail(project: SiteProject) -> None:
    write_post(project)
    project.write_post("2022/03/khong-anh.md", {"title": "Tin không ảnh", "date": "2022-03-02 08:00", "task": 1,
                                                "unit": "Văn phòng"})
    result = project.build()
    assert result.returncode == 0, result.stderr
    news = result.page("tin-tuc/")
    thumbs = re.findall(r'<img class="cchc-post-item__thumb"[^>]*>', news)
    assert len(thumbs) == 1  # the post without a cover has none
    assert 'src="2022/03/hoi-nghi-cai-cach-hanh-chinh/hoi-nghi-240w.jpg"' in thumbs[0]  # relative to tin-tuc/
    assert 'alt=""' in thumbs[0] and 'width="240" height="320"' in thumbs[0] and 'loading="lazy"' in thumbs[0]
    # Its WebP copy first, for the browsers that read it.
    assert re.search(r'<picture><source type="image/webp" srcset="2022/03/hoi-nghi-cai-cach-hanh-chinh/hoi-nghi-240w.jpg.webp">\s*'
                     + re.escape(thumbs[0]) + "</picture>", news)
    assert (result.out / POST_URL / "hoi-nghi-240w.jpg.webp").is_file()
    assert (result.out / POST_URL / "hoi-nghi-240w.jpg").is_file()


def test_a_warm_build_writes_the_same_bytes_from_the_cache(project: SiteProject, tmp_path: Path) -> None:
    write_post(project)
    first = project.build(out=tmp_path / "first")
    assert first.returncode == 0, first.stderr
    second = project.build(out=tmp_path / "second")
    assert second.returncode == 0, second.stderr
    shutil.rmtree(project.root / ".cache")
    cold = project.build(out=tmp_path / "cold")
    assert cold.returncode == 0, cold.stderr
    for name in ("hoi-nghi-800w.jpg", "hoi-nghi-1600w.jpg", "anh/so-do-800w.png", "hoi-nghi-1600w.jpg.webp", "anh/so-do-800w.png.webp"):
        data = (first.out / POST_URL / name).read_bytes()
        assert (second.out / POST_URL / name).read_bytes() == data == (cold.out / POST_URL / name).read_bytes()


def test_check_warns_at_the_line_of_a_needlessly_large_original(project: SiteProject) -> None:
    write_post(project)
    done = cchc(project.root, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if "lớn hơn cần thiết" in line]
    # The cover's `image:` line (the body shows the same photo: one warning, at the first place it is named).
    assert len(lines) == 1 and lines[0].startswith("content/posts/2022/03/hoi-nghi.md:6: cảnh báo: ảnh 'hoi-nghi.jpg' lớn hơn cần thiết")
    assert "3000×4000 điểm ảnh" in lines[0]  # its size upright


def test_an_image_of_docs_is_published_without_its_metadata_and_in_widths_for_the_page_showing_it(project: SiteProject) -> None:
    """A phone photo with EXIF, GPS, XMP and IPTC put in docs/ by the webmaster: the file under its own name is
    the same picture upright without any of it (a link, a logo setting or a stylesheet may name it); the page
    of docs/ that shows it names its widths, as a post does."""
    photo = with_iptc(phone_photo(2400, 1800, orientation=6))
    assert {b"Exif", b"XMP-SECRET", b"8BIM", IPTC_SECRET} <= set(secrets_in(photo)) | {IPTC_SECRET}
    project.write("docs/anh/truong.jpg", photo)
    project.write("docs/gioi-thieu.md", "# Giới thiệu\n\n![Cổng trường](anh/truong.jpg)\n\n[Tải ảnh](anh/truong.jpg)\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    published = (result.out / "anh/truong.jpg").read_bytes()
    opened = Image.open(io.BytesIO(published))
    assert secrets_in(published) == [] and IPTC_SECRET not in published
    assert dict(opened.getexif()) == {} and opened.getexif().get_ifd(0x8825) == {} and "photoshop" not in opened.info
    assert opened.format == "JPEG" and opened.size == (1800, 2400)  # upright (orientation 6), its own size
    names = sorted(path.name for path in (result.out / "anh").iterdir())
    assert names == ["truong-1600w.jpg", "truong-1600w.jpg.webp", "truong-240w.jpg", "truong-240w.jpg.webp", "truong-800w.jpg",
                     "truong-800w.jpg.webp", "truong.jpg"]
    for name in names:
        assert secrets_in((result.out / "anh" / name).read_bytes()) == []
    page = result.page("gioi-thieu/")
    assert ('<picture><source type="image/webp" srcset="../anh/truong-240w.jpg.webp 240w, ../anh/truong-800w.jpg.webp 800w, '
            '../anh/truong-1600w.jpg.webp 1600w"') in page
    assert '<img src="../anh/truong-800w.jpg" srcset="../anh/truong-240w.jpg 240w, ../anh/truong-800w.jpg 800w, ' in page
    assert 'width="1600" height="2133"' in page and 'alt="Cổng trường"' in page
    assert '<a href="../anh/truong.jpg">Tải ảnh</a>' in page  # the link still leads to the file, now clean


def test_a_broken_image_of_docs_is_an_error_at_its_path(project: SiteProject) -> None:
    project.write("docs/anh/hong.png", b"\x89PNG\r\n\x1a\n" + bytes(40))
    done = cchc(project.root, "check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "docs/anh/hong.png:1: không đọc được ảnh" in done.stdout + done.stderr
