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
image). The same bytes in always give the same bytes out (Pillow's encoders, pinned exactly in
requirements.in, decide them; their version is in the salt). Results are kept in the disk cache by the
digest of the original's bytes, so a warm build re-encodes nothing, nor does a change of the code
elsewhere than this module (cchc.build.inputs.encoding_digest).
"""

from __future__ import annotations

import html
import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from cchc.cache.disk import DiskCache, digest, flush
from cchc.cache.memo import StatKey, stat_key
from cchc.model import PHONE_WIDTH, Picture, Rendition
from cchc.render.html_policy import start_tags
from cchc.render.markdown import local_target

# The published widths: a news list's thumbnail (120 CSS pixels at twice the density), phones, wide
# screens and sharing.
WIDTHS = (240, PHONE_WIDTH, 1600)
SIZES = "(min-width: 50em) 800px, 100vw"  # a post's text column is at most about 800 CSS pixels wide
MAX_PIXELS = 50_000_000  # more is no photo (a decompression bomb): refused before decoding
LARGE_BYTES = 2_000_000  # an original above this, or with a side above LARGE_SIDE, is needlessly large
LARGE_SIDE = 2 * WIDTHS[-1]  # beyond twice the largest published width no pixel of it reaches the site
JPEG_QUALITY = 80
WEBP_QUALITY = 80  # lossy WebP of a photo: at least the JPEG's fidelity at 80 (PSNR), 20–25 % fewer bytes
WEBP_LOSSLESS_EFFORT = 50  # lossless WebP of a drawing: how hard libwebp compresses (0–100); more saved ~1 %
WEBP_METHOD = 2  # libwebp's speed/size trade-off (0 fast – 6 small); 4 doubled the time for 6 % fewer bytes
WEBP = ".webp"  # a WebP copy is named after the file of its width: anh-800w.jpg.webp (no clash between anh.jpg and anh.png)
RASTER = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")  # cchc.content.file_kinds' raster images
_PHOTO_FORMATS = ("JPEG", "MPO", "WEBP", "AVIF")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


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


def encode(data: bytes) -> Encoded:
    """The published widths of an image's bytes (raises ImageProblem). Decoding is bounded: the pixel count
    is checked from the header, and a JPEG is decoded at the smallest scale still wider than needed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image: PILImage.Image = PILImage.open(io.BytesIO(data))
            source_format = image.format or ""
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageProblem(f"ảnh quá lớn ({width}×{height} điểm ảnh, tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh)")
            # An MPO's (a JPEG's) second frame is a depth map or a preview, not an animation.
            animated = source_format in ("GIF", "PNG", "WEBP", "AVIF") and getattr(image, "n_frames", 1) > 1
            turned = _orientation(image) in (5, 6, 7, 8)
            upright = (height, width) if turned else (width, height)
            largest = min(WIDTHS[-1], upright[0])
            scale = largest / upright[0]
            image.draft(None, (max(1, round(width * scale)), max(1, round(height * scale))))  # a JPEG decoded at 1/2, 1/4…
            image.load()
            image = ImageOps.exif_transpose(image)
            image, alpha = _srgb(image)
    except ImageProblem:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:  # Pillow's own bound, from the header
        raise ImageProblem(f"ảnh quá lớn (tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh)") from error
    except UnidentifiedImageError as error:
        raise ImageProblem("không đọc được ảnh (tệp hỏng hoặc không phải ảnh)") from error
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as error:
        raise ImageProblem(f"không đọc được ảnh (tệp hỏng: {type(error).__name__})") from error
    extension = ".jpg" if source_format in _PHOTO_FORMATS and not alpha else ".png"
    files, webp = [], []
    smaller = True  # every WebP copy so far is smaller than its width's file: once one is not, none is published
    for target in sorted({min(wanted, upright[0]) for wanted in WIDTHS}):
        target_height = max(1, round(upright[1] * target / upright[0]))
        sized = image if image.size == (target, target_height) else image.resize((target, target_height), PILImage.Resampling.LANCZOS)
        files.append((target, target_height, _save(sized, extension)))
        if smaller:
            webp.append((target, target_height, _save_webp(sized, lossless=extension == ".png")))
            smaller = len(webp[-1][2]) < len(files[-1][2])
    return Encoded(upright[0], upright[1], extension, tuple(files), animated, tuple(webp) if smaller else ())


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


class Pictures:
    """Every image of a build, encoded once: kept in the disk cache of `cache_root` by the digest of the
    original's bytes, under the salt `inputs` (cchc.build.inputs.encoding_digest: this module and the
    installed distributions, Pillow's version among them); without a cache, in memory until written."""

    def __init__(self, cache_root: Path | None = None, *, inputs: str = "") -> None:
        self._cache = DiskCache(cache_root, "images", digest(inputs)) if cache_root is not None else None
        self._memory: dict[str, bytes] = {}
        self._sources: dict[str, Path] = {}  # key -> the original, to encode again if the cache lost it
        self._seen: dict[Path, StatKey | None] = {}  # each original read, as it was then (the preview's memo)
        self._used: set[str] = set()  # the cache entries of this build's images
        self._flushed = False

    def picture(self, path: Path, target: str) -> tuple[Picture, list[str]]:
        """The published picture of the original `path` (named `target` by its post) and what staff are
        warned of; raises ImageProblem (its message names what is wrong) or OSError."""
        self._seen[path] = stat_key(path)
        data = path.read_bytes()
        key = digest(data)
        meta = self._cache.get(key) if self._cache is not None else None
        if not _is_meta(meta):
            try:
                encoded = encode(data)
            except ImageProblem as problem:
                meta = {"problem": str(problem)}
            else:
                meta = {"size": [encoded.width, encoded.height], "extension": encoded.extension, "animated": encoded.animated,
                        "files": [[width, height, len(content)] for width, height, content in encoded.files],
                        "webp": [[width, height, len(content)] for width, height, content in encoded.webp]}
                for width, _, content in encoded.files:
                    self._keep(f"{key}/{width}", content)
                for width, _, content in encoded.webp:
                    self._keep(f"{key}/{width}{WEBP}", content)
            if self._cache is not None:
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
        return Picture(target, renditions, webp), notes

    def unchanged(self, folder: Path, pictures: tuple[Picture, ...]) -> bool:
        """Whether every original of these pictures (beside a post in `folder`) is as it was when read: a
        post the preview remembers is read again when one of its images was saved, though its text was not."""
        return all(self._seen.get(folder / picture.source, 0) == stat_key(folder / picture.source) for picture in pictures)

    def keep_only_used(self) -> None:
        """Forget the cached images no post of this build showed (a full build's last step): the cache
        does not grow with every photo ever replaced."""
        if self._cache is not None:
            self._cache.keep_only([*self._used, *(f"{key}/{name}" for key in self._used for name in _files_of(self._cache.get(key)))])

    def data(self, rendition: Rendition) -> bytes:
        """The bytes of a rendition: from memory, the cache, or the original encoded again (same bytes)."""
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
        encoded = encode(self._sources[key].read_bytes())
        return next(content for file_width, _, content in (*encoded.files, *((f"{w}{WEBP}", h, c) for w, h, c in encoded.webp))
                    if str(file_width) == name)

    def _keep(self, key: str, content: bytes) -> None:
        if self._cache is not None:
            self._cache.put_bytes(key, content)
        else:
            self._memory[key] = content


def _files_of(meta: Any) -> list[str]:
    """The names of a cached image's files under its key: its widths, then their WebP copies."""
    if not _is_meta(meta) or "files" not in meta:
        return []
    return [str(int(width)) for width, _, _ in meta["files"]] + [f"{int(width)}{WEBP}" for width, _, _ in meta["webp"]]


def _is_meta(value: Any) -> bool:
    return isinstance(value, dict) and ("problem" in value or {"size", "extension", "animated", "files", "webp"} <= value.keys())


def picture_tags(body: str, pictures: Mapping[str, Picture], *, eager_first: bool = True) -> str:
    """A post's HTML with each `<img>` of a published picture naming its widths: `src` the phone's (what a
    browser without `srcset` loads), `srcset` and `sizes`, `width` and `height` of the largest unless the
    writer gave them (the box is reserved before it loads), `loading="lazy"` on all but the first image
    of the body (`eager_first`: it may be above the fold), `decoding="async"`; wrapped in a `<picture>` with
    a `<source type="image/webp">` of the same widths when the picture has WebP copies. Tags are read as a
    browser reads them (cchc.render.html_policy.start_tags): Markdown's images and those of raw HTML alike.
    The HTML policy (cchc.render.html_policy) is about what writers type, and refuses `<picture>` and
    `<source>` there: these are the build's own, added after it."""
    if not pictures or "<img" not in body.lower():  # `<IMG` of raw HTML is an image too
        return body
    parts: list[str] = []
    at = 0
    first = eager_first
    for start, end, values in start_tags(body, "img"):
        picture = pictures.get(local_target(values.get("src", "")) or "")
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
    img = _tag("img", attributes)
    if not picture.webp:
        return img
    return "<picture>" + _tag("source", [("type", "image/webp"), *candidates(picture.webp)]) + img + "</picture>"


def _tag(name: str, attributes: list[tuple[str, str]]) -> str:
    return f"<{name} " + " ".join(f'{key}="{html.escape(value, quote=True)}"' for key, value in attributes) + " />"
