"""Issue 22, item 5: only safe files are published beside a post. A file is published only when it
is of an allowed kind, recognised by its content (raster images, PDF, office documents without macros,
UTF-8 data), and its name agrees: an HTML page, an SVG (with or without script), a script, or anything
dressed as another kind is refused at the line of the post that names it. The same through the real
`cchc check` and build, and docs/ and the theme's folder: tests/build/test_hostile_files.py."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from support.load_problems import BASE, P, load, post, tree
from support.oracle import png_bytes

from cchc.content.file_kinds import kind_problem

# --------------------------------------------------------------------------- files as staff save them


def word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("Kế hoạch cải cách hành chính")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ooxml(main: str, *extra_types: str) -> bytes:
    """A ZIP package whose content types name `main` as its main part (as .xlsx and .pptx files do)."""
    overrides = "".join(f'<Override PartName="/p{i}.xml" ContentType="{kind}"/>' for i, kind in enumerate((main, *extra_types)))
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("p0.xml", "<x/>")
    return out.getvalue()


def opendocument(kind: str, *names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", "<x/>")
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


def compound_file(*streams: str) -> bytes:
    """An OLE2 compound file (MS-CFB, version 3) with these streams under its root: the container of .doc,
    .xls and .ppt files (a Word file has a WordDocument stream, a workbook a Workbook stream)."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    struct.pack_into("<108I", header, 80, *[free] * 108)
    fat = struct.pack("<128I", fat_sector, end, *[free] * 126)
    entries = b""
    for kind, name in [(5, "Root Entry"), *[(2, stream) for stream in streams]][:4]:
        encoded = (name + "\0").encode("utf-16-le")
        entry = bytearray(128)
        entry[:len(encoded)] = encoded
        struct.pack_into("<HB", entry, 64, len(encoded), kind)
        entries += bytes(entry)
    return bytes(header) + fat + entries.ljust(512, b"\0")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
AVIF = struct.pack(">I", 28) + b"ftypavif" + bytes(4) + b"avifmif1miaf" + bytes(32)
ALLOWED = {
    "anh.jpg": JPEG, "ANH.JPG": JPEG, "anh.jpeg": JPEG, "anh.png": png_bytes(), "anh.gif": b"GIF89a" + bytes(20),
    "anh.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(20), "anh.avif": AVIF, "van-ban.pdf": b"%PDF-1.7\n%%EOF\n",
    "ke-hoach.docx": word_document(),
    "so-lieu.xlsx": ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "trinh-chieu.pptx": ooxml("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
    "van-ban.odt": opendocument("text"), "so-lieu.ods": opendocument("spreadsheet"), "trinh-chieu.odp": opendocument("presentation"),
    "van-ban.doc": compound_file("WordDocument", "1Table"), "so-lieu.xls": compound_file("Workbook"),
    "trinh-chieu.ppt": compound_file("PowerPoint Document"),
    "so-lieu.csv": "\ufeffĐơn vị,Số hồ sơ\nVăn phòng,12\n".encode(), "ghi-chu.txt": "Ghi chú\tcủa Sở.\r\n".encode(),
}
REFUSED = {
    # name: (content, words of the message)
    "trang.html": (b"<!doctype html><script>alert(1)</script>", ["trang web", "JavaScript"]),
    "trang.htm": (b"<meta http-equiv=refresh content='0;url=https://evil.example'>", ["trang web"]),
    "ma.js": (b"alert(document.cookie)", ["JavaScript"]),
    "du-lieu.xml": (b"<?xml version='1.0'?><x/>", ["XML"]),
    "hinh.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', ["SVG", "PNG"]),
    "logo.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', ["SVG"]),  # refused, not sanitised
    "nen.zip": (b"PK\x03\x04" + bytes(30), ["đuôi .zip", "không được đăng"]),
    "chay.exe": (b"MZ" + bytes(60), ["đuôi .exe"]),
    "khong-duoi": (b"x", ["không có đuôi"]),
    "gia.png": (b"<html><body><script>alert(1)</script>", ["ảnh PNG", "HTML"]),
    "pdf-gia.png": (b"%PDF-1.4\n", ["ảnh PNG", "tệp PDF"]),
    "rong.png": (b"", ["không phải ảnh PNG"]),
    "word.xlsx": (word_document(), ["Excel", "tài liệu Word"]),
    "macro.docx": (ooxml("application/vnd.ms-word.document.macroEnabled.main+xml"), ["macro"]),
    "vba.docx": (ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                       "application/vnd.ms-office.vbaProject"), ["macro"]),
    "macro.xls": (compound_file("Workbook", "_VBA_PROJECT_CUR"), ["macro"]),
    "word.xls": (compound_file("WordDocument"), ["Excel", "Word"]),
    "hong.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ["tệp hỏng"]),
    "hong.docx": (b"PK\x03\x04" + bytes(100), ["tệp"]),
    "basic.odt": (opendocument("text", "Basic/Standard/Module1.xml"), ["macro"]),
    "bang.ods": (opendocument("text"), ["OpenDocument", "văn bản OpenDocument"]),
    "windows-1258.csv": (b"\xd0\xf5n vi\xf2,S\xf4\xec\n", ["UTF-8"]),  # "Đơn vị,Số" as Excel saves it in Vietnamese Windows
    "trang.txt": (b"  <!DOCTYPE html><title>x</title>", ["HTML"]),
    "nhi-phan.txt": (b"abc\x00def", ["ký tự điều khiển"]),
}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_kinds_are_published(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(ALLOWED[name])
    assert kind_problem(tmp_path / name) is None


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_other_kinds_and_disguised_files_are_refused(tmp_path: Path, name: str) -> None:
    content, words = REFUSED[name]
    (tmp_path / name).write_bytes(content)
    problem = kind_problem(tmp_path / name)
    assert problem is not None and all(word in problem for word in words), problem


def test_a_cover_image_is_a_raster_image(tmp_path: Path) -> None:
    (tmp_path / "bia.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "bia.png").write_bytes(png_bytes())
    assert "ảnh bìa phải là ảnh" in (kind_problem(tmp_path / "bia.pdf", image=True) or "")
    assert kind_problem(tmp_path / "bia.png", image=True) is None


def test_every_kind_and_refusal_at_the_line_that_names_it(tmp_path: Path) -> None:
    links = [f"[tải]({name})" for name in ("anh.jpg", "trang.html", "hinh.svg", "ma.js", "van-ban.pdf", "gia.png")]
    root = tree(tmp_path, {P: post(**BASE, image="bia.png").replace("Nội dung.\n", "\n\n".join(links) + "\n"),
                           "content/posts/2022/03/bia.png": b"<svg onload=alert(1)>",
                           **{f"content/posts/2022/03/{name}": content for name, (content, _) in REFUSED.items()},
                           **{f"content/posts/2022/03/{name}": content for name, content in ALLOWED.items()}})
    problems = load(root)
    assert [(path, line) for path, line, _ in problems] == [(P, 6), (P, 10), (P, 12), (P, 14), (P, 18)]
    assert "tệp ảnh 'bia.png': tên tệp là ảnh PNG nhưng nội dung là trang HTML" in problems[0][2]
    assert "'trang.html'" in problems[1][2] and "'hinh.svg'" in problems[2][2] and "'gia.png'" in problems[4][2]


def test_a_hard_link_out_of_the_content_folder_is_refused(tmp_path: Path) -> None:
    root = tree(tmp_path, {P: post(**BASE).replace("Nội dung.", "[tải](ghi-chu.txt) [hai](hai.txt)"),
                           "var/mat-khau.txt": "MAT_KHAU=1\n", "content/posts/2022/03/mot.txt": "Một.\n"})
    os.link(root / "var" / "mat-khau.txt", root / "content/posts/2022/03/ghi-chu.txt")
    os.link(root / "content/posts/2022/03/mot.txt", root / "content/posts/2022/03/hai.txt")  # both names inside: published
    assert [(line, "liên kết cứng" in message) for _, line, message in load(root)] == [(7, True)]
