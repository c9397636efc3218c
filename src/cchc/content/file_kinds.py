"""Which files may be published beside a post: an allow-list of kinds, each recognised by its content,
never by its name alone, and the name must agree with the content.

A file beside a post is served from the Sở's own address. An HTML page there runs script on that
origin, redirects or phishes under the Sở's name; an SVG can carry script too; so can a text file a
browser takes for HTML. What may be published:

- raster images: JPEG, PNG, GIF, WebP, AVIF (their signature bytes);
- PDF (`%PDF-` first);
- office documents: .docx, .xlsx, .pptx (a ZIP whose content types name the main part of that kind),
  .odt, .ods, .odp (a ZIP whose `mimetype` says it), .doc, .xls, .ppt (an OLE2 compound file with
  the stream of that kind); none with macros;
- plain data: .csv, .txt as UTF-8 text without control characters, not beginning as markup.

SVG is refused, not sanitised: a photo or chart is published as PNG or JPEG, and a refusal cannot
miss what a sanitiser would have to know about. Reading is bounded: the first bytes, a ZIP's central
directory and one small part, an OLE2 file's sector tables, a text file in pieces.
"""

from __future__ import annotations

import codecs
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cchc.problems import describe_os_error

_HEAD = 4096  # bytes read to recognise a file
_MAX_ZIP_ENTRIES = 10_000
_MAX_PART = 1024 * 1024  # bytes of [Content_Types].xml or mimetype read from an office document
_TEXT_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str  # how a message names it
    extensions: tuple[str, ...]
    image: bool = False  # a raster image: may be a post's cover (`image:`)


JPEG = Kind("ảnh JPEG", (".jpg", ".jpeg"), image=True)
PNG = Kind("ảnh PNG", (".png",), image=True)
GIF = Kind("ảnh GIF", (".gif",), image=True)
WEBP = Kind("ảnh WebP", (".webp",), image=True)
AVIF = Kind("ảnh AVIF", (".avif",), image=True)
PDF = Kind("tệp PDF", (".pdf",))
DOCX = Kind("tài liệu Word (.docx)", (".docx",))
XLSX = Kind("bảng tính Excel (.xlsx)", (".xlsx",))
PPTX = Kind("trình chiếu PowerPoint (.pptx)", (".pptx",))
ODT = Kind("văn bản OpenDocument (.odt)", (".odt",))
ODS = Kind("bảng tính OpenDocument (.ods)", (".ods",))
ODP = Kind("trình chiếu OpenDocument (.odp)", (".odp",))
DOC = Kind("tài liệu Word cũ (.doc)", (".doc",))
XLS = Kind("bảng tính Excel cũ (.xls)", (".xls",))
PPT = Kind("trình chiếu PowerPoint cũ (.ppt)", (".ppt",))
CSV = Kind("dữ liệu CSV", (".csv",))
TXT = Kind("văn bản (.txt)", (".txt",))
KINDS = (JPEG, PNG, GIF, WEBP, AVIF, PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT, CSV, TXT)
_BY_EXTENSION = {extension: kind for kind in KINDS for extension in kind.extensions}

ALLOWED = ("ảnh (.jpg, .png, .gif, .webp, .avif), PDF, tài liệu văn phòng (.docx, .xlsx, .pptx, .odt, .ods, .odp, "
           ".doc, .xls, .ppt) và dữ liệu (.csv, .txt UTF-8)")
IMAGES = "ảnh JPEG, PNG, GIF, WebP hoặc AVIF"
# HEIC/HEIF, what an iPhone saves by default: few browsers show it (Safari alone, Chrome and Firefox
# not), and its decoder is no part of Pillow's wheels, so it could be neither shown nor cleaned of its GPS.
HEIC = "ảnh HEIC/HEIF (ảnh chụp của iPhone)"
HEIC_REFUSED = ("ảnh HEIC/HEIF (ảnh chụp của iPhone) không được đăng: đa số trình duyệt không hiển thị được; hãy lưu ảnh "
                "thành JPEG (trên iPhone: Cài đặt > Camera > Định dạng > Tương thích nhất, hoặc gửi ảnh qua Zalo, thư điện tử "
                "rồi tải ảnh JPEG về)")
_HEIC_EXTENSIONS = (".heic", ".heif", ".hif")
_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
_PAGES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".js", ".mjs", ".cjs", ".xml", ".xsl",
          ".xslt", ".swf", ".wasm")

_OOXML_MAIN = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
_ODF_TYPE = {
    ODT: b"application/vnd.oasis.opendocument.text",
    ODS: b"application/vnd.oasis.opendocument.spreadsheet",
    ODP: b"application/vnd.oasis.opendocument.presentation",
}
_OLE_STREAM = {DOC: ("WordDocument",), XLS: ("Workbook", "Book"), PPT: ("PowerPoint Document",)}
_OLE_MACROS = frozenset({"Macros", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACROS = "tài liệu có macro (mã VBA): hãy lưu lại thành tệp không có macro (.docx, .xlsx, .pptx)"
# What the MIME Sniffing Standard reads as HTML (its "HTML" patterns) or XML, at the start of a text.
_MARKUP = re.compile(rb"\s*(<\?xml|<svg|<!--|<!doctype\s+html|<(html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)"
                     rb"[\s>])", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def kind_problem(path: Path, *, image: bool = False) -> str | None:
    """What keeps a regular file beside a post from being published (None: an allowed kind whose name and
    content agree). `image`: it must be a raster image (a post's cover)."""
    extension = path.suffix.lower()
    kind = _BY_EXTENSION.get(extension)
    if kind is None:
        if extension in _HEIC_EXTENSIONS:
            return HEIC_REFUSED
        if extension in (".svg", ".svgz"):
            return "ảnh SVG không được đăng cạnh bài viết (SVG có thể chứa mã JavaScript); hãy lưu ảnh thành PNG hoặc JPEG"
        if extension in _PAGES:
            return ("trang web, mã JavaScript và XML không được đăng cạnh bài viết (chúng chạy trên địa chỉ của Sở); "
                    "hãy đưa nội dung vào bài hoặc lưu thành PDF")
        named = f"đuôi {extension}" if extension else "tệp không có đuôi"
        return f"loại tệp này ({named}) không được đăng cạnh bài viết; chỉ đăng được {ALLOWED}"
    if image and not kind.image:
        return f"ảnh bìa phải là {IMAGES} (tệp này là {kind.label})"
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD)
            return _content_problem(kind, head, file)
    except OSError as error:
        return f"không mở được ({describe_os_error(error)})"


def _content_problem(kind: Kind, head: bytes, file: BinaryIO) -> str | None:
    found = _signature(head)
    if kind in (CSV, TXT):
        return _text_problem(head, file) if found is None else _mismatch(kind, found)
    if kind in _OOXML_MAIN or kind in _ODF_TYPE:
        return _zip_problem(kind, file) if found == "zip" else _mismatch(kind, found)
    if kind in _OLE_STREAM:
        return _ole_problem(kind, file) if found == "ole" else _mismatch(kind, found)
    return None if found == kind.label else _mismatch(kind, found)


def _signature(head: bytes) -> str | None:
    """What the first bytes say a file is: a kind's label, "zip", "ole", "markup", or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG.label
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG.label
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF.label
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP.label
    if head[4:8] == b"ftyp" and _avif(head):
        return AVIF.label
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return HEIC
    if head.startswith(b"%PDF-"):
        return PDF.label
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if _MARKUP.match(head.removeprefix(codecs.BOM_UTF8)):
        return "markup"
    return None


def _avif(head: bytes) -> bool:
    """An ISO media file whose brands (major, then compatible) include AVIF's."""
    size = int.from_bytes(head[:4], "big")
    brands = [head[8:12]] + [head[at:at + 4] for at in range(16, min(size, len(head)) - 3, 4)]
    return any(brand in (b"avif", b"avis") for brand in brands)


def _mismatch(kind: Kind, found: str | None) -> str:
    if found == HEIC:
        return f"tên tệp là {kind.label} nhưng nội dung là {HEIC}: {HEIC_REFUSED}"
    if found == "markup":
        what = "là trang HTML hoặc XML"
    elif found in ("zip", "ole"):
        what = "là một tệp nén hoặc tài liệu văn phòng"
    elif found is not None:
        what = f"là {found}"
    else:
        what = f"không phải {kind.label}"
    return f"tên tệp là {kind.label} nhưng nội dung {what}; hãy lưu lại đúng định dạng và đặt tên theo nó"


def _text_problem(head: bytes, file: BinaryIO) -> str | None:
    """UTF-8 text (a BOM allowed) without control characters (markup at its start was refused before)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    try:
        while True:
            text = decoder.decode(chunk, final=not chunk)
            if _CONTROL.search(text):
                return "có ký tự điều khiển, không phải tệp văn bản; hãy kiểm tra lại tệp"
            if not chunk:
                return None
            chunk = file.read(_TEXT_CHUNK)
    except UnicodeDecodeError:
        return "không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8 (Excel: \"CSV UTF-8\")"


def _zip_entries(file: BinaryIO) -> int | None:
    """The number of entries a ZIP's end record declares (None: no end record found)."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    tail_size = min(size, 22 + 65535)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    return int.from_bytes(tail[at + 10:at + 12], "little")


def _zip_problem(kind: Kind, file: BinaryIO) -> str | None:
    entries = _zip_entries(file)
    if entries is None or entries >= 0xFFFF or entries > _MAX_ZIP_ENTRIES:
        return f"không đọc được như {kind.label} (tệp nén hỏng hoặc quá nhiều phần)"
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = {info.filename: info for info in archive.infolist()}
            if kind in _ODF_TYPE:
                return _odf_problem(kind, archive, names)
            part = names.get("[Content_Types].xml")
            if part is None or part.file_size > _MAX_PART:
                return _mismatch(kind, None)
            types = _content_types(archive.read(part))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, ET.ParseError):
        return f"không đọc được như {kind.label} (tệp hỏng)"
    if types is None:
        return _mismatch(kind, None)
    if any("macroEnabled" in value or "vbaProject" in value for value in types):
        return _MACROS
    if _OOXML_MAIN[kind] not in types:
        other = next((label.label for label, main in _OOXML_MAIN.items() if main in types), None)
        return _mismatch(kind, other)
    return None


def _content_types(data: bytes) -> set[str] | None:
    """Every content type [Content_Types].xml declares (None: it declares a DTD, which is never needed)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    return {element.get("ContentType", "") for element in ET.fromstring(data)}


def _odf_problem(kind: Kind, archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> str | None:
    part = names.get("mimetype")
    if part is None or part.file_size > 200:
        return _mismatch(kind, None)
    declared = archive.read(part).strip()
    if declared != _ODF_TYPE[kind]:
        other = next((label.label for label, value in _ODF_TYPE.items() if value == declared), None)
        return _mismatch(kind, other)
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        return "tài liệu có macro hoặc mã chạy được: hãy lưu lại thành tệp không có macro"
    return None


def _ole_problem(kind: Kind, file: BinaryIO) -> str | None:
    names = _ole_names(file)
    if names is None:
        return f"không đọc được như {kind.label} (tệp hỏng)"
    if names & _OLE_MACROS:
        return _MACROS
    if not any(stream in names for stream in _OLE_STREAM[kind]):
        other = next((label.label for label, streams in _OLE_STREAM.items() if any(s in names for s in streams)), None)
        return _mismatch(kind, other)
    return None


def _ole_names(file: BinaryIO) -> set[str] | None:
    """The names of the storages and streams of an OLE2 compound file (MS-CFB), or None when its tables
    do not hold together. Only the header, the sector allocation table and the directory are read."""
    read, seek = file.read, file.seek
    seek(0, os.SEEK_END)
    size = file.tell()
    seek(0)
    header = read(512)
    if len(header) < 512:
        return None

    def number(data: bytes, at: int) -> int:
        return int.from_bytes(data[at:at + 4], "little")

    shift = int.from_bytes(header[30:32], "little")
    if shift not in (9, 12):
        return None
    sector_size = 1 << shift
    sectors = size // sector_size  # the header takes the first sector's place
    last = 0xFFFFFFFA  # numbers from here on mark ends and free sectors

    def sector(index: int) -> bytes:
        if index >= sectors:
            raise ValueError(index)
        seek((index + 1) * sector_size)
        data = read(sector_size)
        if len(data) < sector_size:
            raise ValueError(index)
        return data

    try:
        fat_count = number(header, 44)
        if fat_count > sectors:
            return None
        fat_sectors = [number(header, 76 + 4 * i) for i in range(109)]
        index, hops = number(header, 68), 0
        while index < last and len(fat_sectors) < fat_count + 109 and hops <= sectors:
            data = sector(index)
            fat_sectors += [number(data, at) for at in range(0, sector_size - 4, 4)]
            index, hops = number(data, sector_size - 4), hops + 1
        fat = []
        for index in [index for index in fat_sectors if index < last][:fat_count]:
            data = sector(index)
            fat += [number(data, at) for at in range(0, sector_size, 4)]
        names: set[str] = set()
        index, hops = number(header, 48), 0
        while index < last:
            hops += 1
            if hops > sectors or index >= len(fat):
                return None
            data = sector(index)
            for at in range(0, sector_size, 128):
                entry = data[at:at + 128]
                length = int.from_bytes(entry[64:66], "little")
                if entry[66] in (1, 2) and 2 <= length <= 64:
                    names.add(entry[:length - 2].decode("utf-16-le", errors="replace"))
            index = fat[index]
    except ValueError:
        return None
    return names
