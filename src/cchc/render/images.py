"""Photos for cheap phones, without their secrets: every raster image a post shows (its cover `image:`,
an image of its body) is published re-encoded, never as uploaded.

A phone photo is 4000×3000 pixels and 3 to 5 MB, with EXIF that names the camera and often the GPS
position where it was taken (a teacher's home, a school). What is published instead:

- the pixels only: EXIF orientation applied first, colours converted to sRGB (an embedded ICC profile
  is read, then dropped), and no metadata block of any kind (EXIF, XMP, IPTC, ICC, comments, PNG text);
- in a few widths (`WIDTHS`, never wider than the original): 240 pixels for the thumbnails of news
  lists, 800 for phones, 1600 for wide screens and sharing (`og:image`); the page's `<img>` names them
  in `srcset` with `sizes`, and has `width` and `height` so nothing moves while they load (`picture_tags`);
- as JPEG (quality 80, progressive) when the original is a photo format (JPEG, WebP, AVIF) without
  transparency, else as PNG (drawings, charts and screenshots keep their sharp edges);
- and each width again as WebP where it is smaller (`_save_webp`): lossy at quality 80 for a photo,
  lossless for a drawing. The WebP copies are published only when every one of them is smaller than the
  JPEG or PNG of its width, and then the `<img>` is wrapped in a `<picture>` whose `<source
  type="image/webp">` names the same widths: a browser that reads WebP takes them, any other the `<img>`.
  All or none, so that the `<source>` never offers fewer widths than the `<img>` (a WebP browser would
  stretch an 800-pixel copy on a wide screen) and never names a JPEG as WebP. Measured on 12-megapixel
  phone-like photos (bench/photos.py, bench/RESULTS.md "WebP copies"): a fifth to a quarter fewer bytes
  than the JPEG at 800 and 1600 pixels (a tenth at 240), with a slightly higher fidelity (PSNR), for
  about 0.09 s more per photo on top of 0.18 s; a drawing's lossless WebP is a third of its PNG.
  libwebp's effort is `WEBP_METHOD` 2: its default, 4, saved 6 % more bytes for twice the time, 0 cost
  6 % more bytes. Feeds and `og:image` keep the JPEG or PNG (cchc.outputs.feeds).

The file as uploaded stays out of the site unless the post links it on purpose (a plain link, not an
image). An image of docs/ (the hand-written pages, a logo) is published under its own name too, since a
setting, a link or a stylesheet may name it, but re-encoded in its own format and size without any
metadata (`clean`), and in the widths above for the pages of docs/ that show it
(cchc.build.pipeline.docs_pictures_of, cchc.adapter.plugin).

Decoding is bounded against hostile files (tests/unit/test_image_fuzz.py): only the decoders of JPEG, PNG,
GIF, WebP and AVIF are reached, whatever the file is named; the pixel count is read from the header and
refused above MAX_PIXELS before a pixel is decoded; a progressive JPEG of more than MAX_JPEG_SCANS scans
and a file of more than MAX_BYTES are refused; a file cut short is refused, never completed; whatever
Pillow raises on damaged bytes becomes an ImageProblem, one Vietnamese line at the line naming it.

The same bytes in always give the same bytes out (Pillow's encoders, pinned exactly in
requirements.in, decide them; their version is in the salt). Results are kept in the disk cache by the
digest of the original's bytes, so a warm build re-encodes nothing, nor does a change of the code
elsewhere than this module (cchc.build.inputs.encoding_digest).
"""

from __future__ import annotations

import io
import os
import struct
import threading
import warnings
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from cchc.cache.disk import DiskCache, digest, flush
from cchc.cache.memo import StatKey, stat_key
from cchc.model import PHONE_WIDTH, Picture, Rendition
from cchc.render.html_policy import start_tag, start_tags
from cchc.render.markdown import local_target

# The published widths: a news list's thumbnail (120 CSS pixels at twice the density), phones, wide
# screens and sharing.
WIDTHS = (240, PHONE_WIDTH, 1600)
SIZES = "(min-width: 50em) 800px, 100vw"  # a post's text column is at most about 800 CSS pixels wide
# The bounds of decoding (tests/unit/test_image_fuzz.py): more pixels than MAX_PIXELS is no photo but a decompression
# bomb, refused from the header before any pixel is decoded (a 200-megapixel phone mode is 12,000 × 16,000 = 192
# million: refused; its 50-megapixel mode passes). Pillow's own check (Image.MAX_IMAGE_PIXELS, about 89 million, an
# error at twice that) is left at its default behind it: changing it would change every use of Pillow in the process.
# A progressive JPEG is read scan by scan over the whole picture: libjpeg-turbo asks applications to bound the scans
# (its libjpeg.txt, "progress monitor"); encoders write about ten, mozjpeg and jpegtran a few dozen at most.
MAX_PIXELS = 50_000_000
MAX_JPEG_SCANS = 100
MAX_BYTES = 100_000_000  # a file larger than this is not read at all (a 50-megapixel phone JPEG is 20–30 MB)
LARGE_BYTES = 2_000_000  # an original above this, or with a side above LARGE_SIDE, is needlessly large
LARGE_SIDE = 2 * WIDTHS[-1]  # beyond twice the largest published width no pixel of it reaches the site
JPEG_QUALITY = 80
WEBP_QUALITY = 80  # lossy WebP of a photo: at least the JPEG's fidelity at 80 (PSNR), 20–25 % fewer bytes
WEBP_LOSSLESS_EFFORT = 50  # lossless WebP of a drawing: how hard libwebp compresses (0–100); more saved ~1 %
WEBP_METHOD = 2  # libwebp's speed/size trade-off (0 fast – 6 small); 4 doubled the time for 6 % fewer bytes
WEBP_MAX_SIDE = 16383  # libwebp's largest side: a taller width cannot be encoded
WEBP = ".webp"  # a WebP copy is named after the file of its width: anh-800w.jpg.webp (no clash between anh.jpg and anh.png)
RASTER = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")  # cchc.content.file_kinds' raster images
_PHOTO_FORMATS = ("JPEG", "MPO", "WEBP", "AVIF")
# What Pillow raises on damaged bytes besides OSError and ValueError (found by tests/unit/test_image_fuzz.py).
_DAMAGED = (OSError, ValueError, SyntaxError, EOFError, MemoryError, struct.error, RuntimeError)  # RuntimeError: libavif
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_WARNINGS = threading.Lock()


class ImageProblem(Exception):
    """An image that cannot be published: the message says why, in Vietnamese."""


def is_raster(target: str) -> bool:
    return PurePosixPath(target).suffix.lower() in RASTER


def rendition_name(target: str, width: int, extension: str) -> str:
    """`anh/hop.jpeg` at 800 pixels as JPEG: `anh/hop-800w.jpg` (beside the original, which is not published)."""
    path = PurePosixPath(target)
    return str(path.with_name(f"{path.stem}-{width}w{extension}"))


def size_warning(target: str, width: int, height: int, size: int) -> str | None:
    """What staff are told when an original is needlessly large (None: it is not)."""
    if size <= LARGE_BYTES and max(width, height) <= LARGE_SIDE:
        return None
    megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")
    return (f"ảnh {target!r} lớn hơn cần thiết ({width}×{height} điểm ảnh, {megabytes} MB): trang chỉ đăng ảnh rộng tối đa "
            f"{WIDTHS[-1]} điểm ảnh; hãy thu nhỏ ảnh trước khi đưa vào kho (cạnh dài tối đa {LARGE_SIDE} điểm ảnh, "
            f"dưới {LARGE_BYTES // 1_000_000} MB) cho kho nhẹ và bài đăng nhanh")


@dataclass(frozen=True)
class Encoded:
    """An original re-encoded: its size once turned upright, and each width's bytes, narrowest first."""

    width: int
    height: int
    extension: str  # ".jpg" or ".png"
    files: tuple[tuple[int, int, bytes], ...]  # (width, height, bytes)
    animated: bool = False
    webp: tuple[tuple[int, int, bytes], ...] = ()  # the same widths as WebP, each smaller than its file; or none


# The decoders an image may reach (a multi-picture JPEG opens as JPEG, then is an MPO): a TIFF, a PSD… named .jpg is refused.
_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF")


@dataclass(frozen=True)
class _Decoded:
    image: PILImage.Image  # upright, sRGB, as L, RGB or RGBA, without metadata
    alpha: bool  # transparency worth keeping
    source_format: str  # Pillow's name of the original's format
    size: tuple[int, int]  # the original's size once upright
    animated: bool


def _decode(data: bytes, *, widest: int | None) -> _Decoded:
    """An image's bytes decoded, at least `widest` pixels wide once upright if it is wider (a JPEG is decoded
    at the smallest of 1/1, 1/2, 1/4, 1/8 of its size that is; None: whole). Bounded: only the decoders of
    `_FORMATS`, the pixel count read from the header and refused above MAX_PIXELS before any pixel is
    decoded, a file cut short refused rather than completed (Pillow's LOAD_TRUNCATED_IMAGES stays off)."""
    try:
        with _WARNINGS, warnings.catch_warnings():  # the filters are the process's: one thread at a time (`Pictures.ahead`)
            warnings.simplefilter("ignore")  # Pillow's remarks on damaged metadata ("Tag data larger than file"): not for staff
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image: PILImage.Image = PILImage.open(io.BytesIO(data), formats=_FORMATS)
            source_format = image.format or ""
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageProblem(f"ảnh quá lớn ({width}×{height} điểm ảnh, tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh)")
            # 0xFF 0xDA is a start of scan: inside a scan's data a 0xFF is followed by 0x00 or a restart marker.
            if source_format in ("JPEG", "MPO") and (scans := data.count(b"\xff\xda")) > MAX_JPEG_SCANS:
                raise ImageProblem(f"ảnh JPEG có quá nhiều lượt quét ({scans}, tối đa {MAX_JPEG_SCANS}): tệp hỏng hoặc cố ý làm "
                                   "chậm máy; hãy lưu lại ảnh bằng một phần mềm chỉnh ảnh")
            # An MPO's (a JPEG's) second frame is a depth map or a preview, not an animation. `is_animated`
            # reads at most the second frame's header (n_frames would read them all: a GIF may declare millions).
            animated = source_format in ("GIF", "PNG", "WEBP", "AVIF") and bool(getattr(image, "is_animated", False))
            turned = _orientation(image) in (5, 6, 7, 8)
            upright = (height, width) if turned else (width, height)
            if widest is not None:
                scale = min(widest, upright[0]) / upright[0]
                image.draft(None, (max(1, round(width * scale)), max(1, round(height * scale))))  # a JPEG decoded at 1/2, 1/4…
            image.load()
            image = ImageOps.exif_transpose(image)
            image, alpha = _srgb(image)
    except ImageProblem:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:  # Pillow's own bound, from the header
        raise ImageProblem(f"ảnh quá lớn (tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh)") from error
    except UnidentifiedImageError as error:
        raise ImageProblem("không đọc được ảnh (tệp hỏng hoặc không phải ảnh JPEG, PNG, GIF, WebP, AVIF)") from error
    except _DAMAGED as error:
        raise ImageProblem(f"không đọc được ảnh (tệp hỏng: {type(error).__name__})") from error
    return _Decoded(image, alpha, source_format, upright, animated)


@dataclass(frozen=True)
class Probed:
    """What decoding an original tells before any width is encoded (`probe`): its size once upright, the
    format and sizes of its published widths, narrowest first, and whether it is animated."""

    width: int
    height: int
    extension: str  # ".jpg" or ".png"
    sizes: tuple[tuple[int, int], ...]  # (width, height) of each published width
    animated: bool


def _probed(decoded: _Decoded) -> Probed:
    """Raises ImageProblem for a picture so tall that a width would be taller than WebP allows: refused
    before encoding, so that the check, which does not encode, refuses it too (found by the fuzzer)."""
    width, height = decoded.size
    extension = ".jpg" if decoded.source_format in _PHOTO_FORMATS and not decoded.alpha else ".png"
    sizes = tuple((target, max(1, round(height * target / width))) for target in sorted({min(wanted, width) for wanted in WIDTHS}))
    if (tallest := sizes[-1])[1] > WEBP_MAX_SIDE:
        raise ImageProblem(f"ảnh quá dài ({width}×{height} điểm ảnh: bản rộng {tallest[0]} điểm ảnh sẽ cao {tallest[1]}, "
                           f"tối đa {WEBP_MAX_SIDE}); hãy cắt thành nhiều ảnh ngắn hơn")
    return Probed(width, height, extension, sizes, decoded.animated)


def probe(data: bytes) -> Probed:
    """An image's bytes decoded exactly as `encode` decodes them, so refused for the same reasons in the
    same words (tests/unit/test_image_fuzz.py compares the two), but nothing encoded: what `cchc check`
    needs (a tenth of the time of `encode` for a photo). Raises ImageProblem."""
    return _probed(_decode(data, widest=WIDTHS[-1]))


def encode(data: bytes) -> Encoded:
    """The published widths of an image's bytes (raises ImageProblem); decoded as `_decode` bounds it."""
    decoded = _decode(data, widest=WIDTHS[-1])
    image, probed = decoded.image, _probed(decoded)
    extension = probed.extension
    files, webp = [], []
    smaller = True  # every WebP copy so far is smaller than its width's file: once one is not, none is published
    try:
        for target, target_height in probed.sizes:
            sized = image if image.size == (target, target_height) else image.resize((target, target_height), PILImage.Resampling.LANCZOS)
            files.append((target, target_height, _save(sized, extension)))
            if smaller:
                webp.append((target, target_height, _save_webp(sized, lossless=extension == ".png")))
                smaller = len(webp[-1][2]) < len(files[-1][2])
    except _DAMAGED as error:
        raise ImageProblem(f"không đọc được ảnh (tệp hỏng: {type(error).__name__})") from error
    return Encoded(probed.width, probed.height, extension, tuple(files), probed.animated, tuple(webp) if smaller else ())


def _orientation(image: PILImage.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (ValueError, TypeError, SyntaxError, OSError):
        return 1


def _srgb(image: PILImage.Image) -> tuple[PILImage.Image, bool]:
    """The image in sRGB, as L, RGB or RGBA (True: it has transparency worth keeping)."""
    profile = image.info.get("icc_profile")
    alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if alpha:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema() == (255, 255):
            image, alpha = image.convert("RGB"), False
    elif image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if image.mode == "CMYK" or "srgb" not in (ImageCms.getProfileDescription(source) or "").lower().replace(" ", ""):
                mode = "RGBA" if image.mode == "RGBA" else ("L" if image.mode == "L" else "RGB")
                if mode != "L":
                    converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
                    if converted is not None:
                        image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a damaged profile: the pixels as they are
    if image.mode == "CMYK":
        image = image.convert("RGB")
    image.info = {}  # nothing of the original's metadata may reach an encoder
    return image, alpha


def _save(image: PILImage.Image, extension: str) -> bytes:
    image.info = {}
    out = io.BytesIO()
    if extension == ".jpg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def _save_webp(image: PILImage.Image, *, lossless: bool) -> bytes:
    """A width as WebP, without any metadata chunk (EXIF, XMP, ICCP are written only when passed: they are
    not). libwebp encodes in one thread by default, so the same pixels give the same bytes."""
    image.info = {}
    out = io.BytesIO()
    if lossless:
        image.save(out, "WEBP", lossless=True, quality=WEBP_LOSSLESS_EFFORT, method=WEBP_METHOD)
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out.getvalue()


Described = tuple[dict[str, Any], list[tuple[str, bytes]]]


def described(data: bytes, *, checking: bool) -> Described:
    """What `Pictures` keeps of an original's bytes: its description (the cache's entry), and the bytes of
    its widths by name (`800`, `800.webp`); `checking`: decoded only, so no bytes and sizes of 0."""
    try:
        if checking:
            probed = probe(data)
            sizes = [[width, height, 0] for width, height in probed.sizes]
            return _description(probed, sizes, sizes), []
        encoded = encode(data)
    except ImageProblem as problem:
        return {"problem": str(problem)}, []
    files, webp = ([[width, height, len(content)] for width, height, content in made] for made in (encoded.files, encoded.webp))
    return _description(encoded, files, webp), \
        [(str(width), content) for width, _, content in encoded.files] + [(f"{width}{WEBP}", content) for width, _, content in encoded.webp]


def _description(image: Probed | Encoded, files: list[list[int]], webp: list[list[int]]) -> dict[str, Any]:
    """The cache's entry of an original: its size upright, format, animation, and [width, height, bytes] of each width."""
    return {"size": [image.width, image.height], "extension": image.extension, "animated": image.animated,
            "files": files, "webp": webp}


_SAVE_AS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP", ".avif": "AVIF"}
_FILE = "file"  # the cache name of an original's bytes as published under its own name (Pictures.original)
AVIF_SPEED = 6  # libavif's speed (0 slow – 10 fast), its default; one thread, so the same pixels give the same bytes


def clean(data: bytes, suffix: str) -> tuple[int, int, bytes]:
    """An original as published under its own name (a file of docs/: a logo, a picture a hand-written page
    shows or links): the same picture turned upright, in sRGB, at its own size, without any metadata, in
    the format its name's `suffix` says (`RASTER`): (width, height, bytes). An animated image keeps its
    first frame. Raises ImageProblem."""
    decoded = _decode(data, widest=None)
    image = decoded.image
    kind = _SAVE_AS[suffix.lower()]
    try:
        if kind == "JPEG":
            if image.mode == "RGBA":  # no transparency in a JPEG: on white, as a page shows it
                image = PILImage.alpha_composite(PILImage.new("RGBA", image.size, (255, 255, 255, 255)), image).convert("RGB")
            content = _save(image, ".jpg")
        elif kind == "PNG":
            content = _save(image, ".png")
        elif kind == "WEBP":
            content = _save_webp(image, lossless=decoded.source_format not in _PHOTO_FORMATS)
        else:
            image.info = {}
            out = io.BytesIO()
            if kind == "GIF":
                image.save(out, "GIF")
            else:
                image.save(out, "AVIF", quality=JPEG_QUALITY, speed=AVIF_SPEED, max_threads=1)
            content = out.getvalue()
    except _DAMAGED as error:
        raise ImageProblem(f"không đọc được ảnh (tệp hỏng: {type(error).__name__})") from error
    return image.width, image.height, content


class Pictures:
    """Every image of a build, encoded once: kept in the disk cache of `cache_root` by the digest of the
    original's bytes, under the salt `inputs` (cchc.build.inputs.encoding_digest: this module and the
    installed distributions, Pillow's version among them); without a cache, in memory until written.

    `checking` (`cchc check`): an original the cache does not have is decoded (`probe`), not encoded, which
    finds every problem and warning a build finds from decoding; its widths are named with their WebP copies
    (a build publishes these only when smaller), and have no bytes (`size` 0, `data` refused). A failure of
    the encoder on pixels that decoded, which no fuzzed image has caused, is found by the build alone."""

    def __init__(self, cache_root: Path | None = None, *, inputs: str = "", checking: bool = False) -> None:
        self._cache = DiskCache(cache_root, "images", digest(inputs)) if cache_root is not None else None
        self._checking = checking
        self._pool: ThreadPoolExecutor | None = None
        self._ahead: dict[str, Future[Described]] = {}  # by the digest of the original's bytes
        self._read: dict[Path, tuple[StatKey | None, bytes, str]] = {}  # originals read ahead: status, bytes, digest
        self._known: dict[str, Any] = {}  # descriptions the cache had when read ahead, by digest
        self._memory: dict[str, bytes] = {}
        self._sources: dict[str, Path] = {}  # key -> the original, to encode again if the cache lost it
        self._seen: dict[Path, StatKey | None] = {}  # each original read, as it was then (the preview's memo)
        self._used: set[str] = set()  # the cache entries of this build's images: their descriptions…
        self._files: set[str] = set()  # …and their files' bytes
        self._flushed = False

    def picture(self, path: Path, target: str) -> tuple[Picture, list[str]]:
        """The published picture of the original `path` (named `target` by its post) and what staff are
        warned of; raises ImageProblem (its message names what is wrong) or OSError."""
        read = self._read.pop(path, None)
        if read is None:
            read = stat_key(path), (data := _read(path)), digest(data)
        self._seen[path], data, key = read
        made = self._ahead.pop(key, None)  # made ahead: the cache did not have it when it was read
        meta = self._known.pop(key, None)
        if meta is None and made is None and self._cache is not None:
            meta = self._cache.get(key)
        if not _is_meta(meta):
            meta, files = made.result() if made is not None else described(data, checking=self._checking)
            for name, content in files:
                self._keep(f"{key}/{name}", content)
            if self._cache is not None and not self._checking:
                self._cache.put(key, meta)
        assert isinstance(meta, dict)
        if "problem" in meta:
            raise ImageProblem(str(meta["problem"]))
        self._sources[key] = path
        self._used.add(key)
        renditions = tuple(Rendition(rendition_name(target, width, meta["extension"]), width, height, size, f"{key}/{width}")
                           for width, height, size in meta["files"])
        webp = tuple(Rendition(rendition_name(target, width, meta["extension"]) + WEBP, width, height, size, f"{key}/{width}{WEBP}")
                     for width, height, size in meta["webp"])
        notes = []
        if meta["animated"]:
            notes.append(f"ảnh {target!r} là ảnh động: chỉ khung hình đầu được đăng (ảnh động nặng với điện thoại); "
                         "hãy dùng ảnh tĩnh hoặc đăng video ở nơi khác rồi liên kết tới")
        width, height = meta["size"]
        if (warning := size_warning(target, int(width), int(height), len(data))) is not None:
            notes.append(warning)
        self._files.update(rendition.key for rendition in (*renditions, *webp))
        return Picture(target, renditions, webp), notes

    def ahead(self, path: Path) -> None:
        """Start making the original `path` ready for `picture`, in a thread (Pillow leaves Python's lock
        while it decodes, resizes and encodes): a full build or a check goes on loading meanwhile, and
        ends with `stop_ahead`. The file is read here, once: `picture` takes these bytes. `path` must have
        passed the checks of a post's files (cchc.content.sources.asset_problem): nothing else is read."""
        try:
            status, data = stat_key(path), _read(path)
        except (ImageProblem, OSError):
            return  # `picture` reads it again, and reports it
        key = digest(data)
        self._read[path] = status, data, key
        if key in self._ahead or key in self._known:
            return
        if self._cache is not None and _is_meta(found := self._cache.get(key)):
            self._known[key] = found  # `picture` takes it from here, not from the cache again
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="cchc-anh")
        self._ahead[key] = self._pool.submit(described, data, checking=self._checking)

    def stop_ahead(self) -> None:
        """No thread left (a process forked later inherits no lock held half-way: cchc.render.markdown)."""
        for made in self._ahead.values():
            made.cancel()
        self._ahead.clear()
        self._read.clear()
        self._known.clear()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def original(self, path: Path, target: str) -> Rendition:
        """The original `path` (a file of docs/, `target` its name there) as published under its own name:
        `clean`, cached like the widths; raises ImageProblem or OSError."""
        self._seen[path] = stat_key(path)
        suffix = PurePosixPath(target).suffix.lower()
        data = _read(path)
        key = digest(data) + suffix
        meta = self._cache.get(key) if self._cache is not None else None
        if not (isinstance(meta, dict) and ("problem" in meta or {"size", "length"} <= meta.keys())):
            try:
                width, height, content = clean(data, suffix)
            except ImageProblem as problem:
                meta = {"problem": str(problem)}
            else:
                meta = {"size": [width, height], "length": len(content)}
                self._keep(f"{key}/{_FILE}", content)
            if self._cache is not None:
                self._cache.put(key, meta)
        if "problem" in meta:
            raise ImageProblem(str(meta["problem"]))
        self._sources[key] = path
        self._used.add(key)
        self._files.add(f"{key}/{_FILE}")
        return Rendition(target, int(meta["size"][0]), int(meta["size"][1]), int(meta["length"]), f"{key}/{_FILE}")

    def published_html(self, body: str, shown: tuple[Picture, ...]) -> str:
        """A post's HTML as its page shows it: Markdown's, its images naming their published widths
        (`picture_tags`). A check's pictures give none: a check writes no page, and keeps each post it
        loads for the next check without it (cchc.content.kept_posts: half of what is kept, and read back)."""
        return "" if self._checking else picture_tags(body, {picture.source: picture for picture in shown})

    def unchanged(self, folder: Path, pictures: tuple[Picture, ...]) -> bool:
        """Whether every original of these pictures (beside a post in `folder`) is as it was when read: a
        post the preview remembers is read again when one of its images was saved, though its text was not."""
        return all(self._seen.get(folder / picture.source, 0) == stat_key(folder / picture.source) for picture in pictures)

    def keep_only_used(self) -> None:
        """Forget the cached images no post of this build showed (a full build's last step): the cache
        does not grow with every photo ever replaced."""
        if self._cache is not None:
            self._cache.keep_only([*self._used, *self._files])

    def data(self, rendition: Rendition) -> bytes:
        """The bytes of a rendition: from memory, the cache, or the original encoded again (same bytes)."""
        if self._checking:
            raise RuntimeError("cchc check decodes images without encoding them: a build publishes them")
        kept = self._memory.pop(rendition.key, None)
        if kept is not None:
            return kept
        if self._cache is not None:
            if not self._flushed:
                flush()  # entries stored during this build are readable once the writer is done
                self._flushed = True
            found = self._cache.get_bytes(rendition.key)
            if found is not None:
                return found
        key, _, name = rendition.key.rpartition("/")
        if name == _FILE:  # an original under its own name: the key is its digest and suffix
            return clean(self._sources[key].read_bytes(), PurePosixPath(key).suffix)[2]
        encoded = encode(self._sources[key].read_bytes())
        return next(content for file_width, _, content in (*encoded.files, *((f"{w}{WEBP}", h, c) for w, h, c in encoded.webp))
                    if str(file_width) == name)

    def _keep(self, key: str, content: bytes) -> None:
        if self._cache is not None:
            self._cache.put_bytes(key, content)
        else:
            self._memory[key] = content


def _read(path: Path) -> bytes:
    """An original's bytes, unless it is larger than MAX_BYTES (raises ImageProblem, or OSError)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImageProblem(f"tệp ảnh quá lớn ({size // 1_000_000} MB, tối đa {MAX_BYTES // 1_000_000} MB)")
    return path.read_bytes()


def _is_meta(value: Any) -> bool:
    return isinstance(value, dict) and ("problem" in value or {"size", "extension", "animated", "files", "webp"} <= value.keys())


def picture_tags(body: str, pictures: Mapping[str, Picture], *, eager_first: bool = True,
                 key: Callable[[str], str | None] = local_target) -> str:
    """A post's HTML with each `<img>` of a published picture naming its widths: `src` the phone's (what a
    browser without `srcset` loads), `srcset` and `sizes`, `width` and `height` of the largest unless the
    writer gave them (the box is reserved before it loads), `loading="lazy"` on all but the first image
    of the body (`eager_first`: it may be above the fold), `decoding="async"`; wrapped in a `<picture>` with
    a `<source type="image/webp">` of the same widths when the picture has WebP copies. Tags are read as a
    browser reads them (cchc.render.html_policy.start_tags): Markdown's images and those of raw HTML alike.
    The HTML policy (cchc.render.html_policy) is about what writers type, and refuses `<picture>` and
    `<source>` there: these are the build's own, added after it. `key`: which picture an `src` names (default:
    a file beside the post, `local_target`; a page of docs/ resolves it against its own address)."""
    if not pictures or "<img" not in body.lower():  # `<IMG` of raw HTML is an image too
        return body
    parts: list[str] = []
    at = 0
    first = eager_first
    for start, end, values in start_tags(body, "img"):
        picture = pictures.get(key(values.get("src", "")) or "")
        if picture is None:
            continue
        parts += [body[at:start], _img(values, picture, lazy=not first)]
        first = False
        at = end
    parts.append(body[at:])
    return "".join(parts)


_SET = ("src", "srcset", "sizes", "width", "height", "loading", "decoding")  # the attributes picture_tags writes


def _img(values: Mapping[str, str], picture: Picture, *, lazy: bool) -> str:
    def address(name: str) -> str:
        return quote(PurePosixPath(name).name)

    given = "width" in values or "height" in values  # the writer's own size (`{ width="300" }`) stands
    kept = [(name, value) for name, value in values.items() if name not in _SET or (given and name in ("width", "height"))]
    prefix = values["src"][:len(values["src"]) - len(values["src"].split("/")[-1])]  # the folder part, as written

    def candidates(renditions: tuple[Rendition, ...]) -> list[tuple[str, str]]:
        if len(renditions) == 1:
            return [("srcset", prefix + address(renditions[0].name))]
        return [("srcset", ", ".join(f"{prefix}{address(r.name)} {r.width}w" for r in renditions)), ("sizes", SIZES)]

    largest = picture.largest
    attributes = [("src", prefix + address(picture.phone.name))]
    if len(picture.renditions) > 1:
        attributes += candidates(picture.renditions)
    attributes += [*kept, *(() if given else (("width", str(largest.width)), ("height", str(largest.height))))]
    attributes += [("loading", "lazy")] if lazy else []
    attributes.append(("decoding", "async"))
    img = start_tag("img", attributes, void=True)
    if not picture.webp:
        return img
    return "<picture>" + start_tag("source", [("type", "image/webp"), *candidates(picture.webp)], void=True) + img + "</picture>"

