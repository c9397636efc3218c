"""Fuzzing the image decoder (src/cchc/render/images.py, issue 23): hostile bytes under an image's name, as a
phone, an editor or an attacker may leave them beside a post or in docs/, never give a traceback and never
hold the build for long.

Input classes: valid small JPEG (baseline, progressive, with EXIF and orientation), PNG (RGB, RGBA, palette,
16-bit grey, interlaced), GIF (animated), WebP (lossy with alpha, lossless, animated) and AVIF, then cut short,
with bytes flipped, runs of bytes inserted, deleted or repeated, and with the width and height of their
headers rewritten (PNG's IHDR with its CRC made right again, JPEG's SOF, GIF's screen and frame, WebP's
VP8X canvas): decompression bombs that declare up to 65,535 × 65,535 pixels in a few hundred bytes; a real
PNG bomb (a 7,000 × 7,000 picture of one colour, 49 million pixels in about 50 KB, under the limit) and one
over it; a JPEG of more scans than MAX_JPEG_SCANS.

For every example: `encode` (a post's widths) and `clean` (a file of docs/ under its own name) give either
images that decode, at most 1,600 pixels wide for the widths, without any metadata, or an ImageProblem whose
message is one Vietnamese line; within TIME_LIMIT seconds each. `probe` (what `cchc check` does instead of
encoding) refuses the same examples in the same words and names the same widths. Through the real loader (a post whose cover
is the bytes, a file of docs/) every problem is a `path:line: message` line.

Bounds (images.py): the decoders of JPEG, PNG, GIF, WebP and AVIF only; MAX_PIXELS (50 million) read from the
header before any pixel is decoded; Pillow's own bomb check (MAX_IMAGE_PIXELS, about 89 million, an error
at twice that) a second line behind it; MAX_JPEG_SCANS; files cut short refused (LOAD_TRUNCATED_IMAGES off).

`make test` runs EXAMPLES in-process examples with a fixed seed; CCHC_FUZZ=long (`make fuzz`) 20 times as
many with a random seed.
"""

from __future__ import annotations

import io
import os
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from support.load_problems import BASE, P, post, tree
from support.photos import phone_photo, secrets_in
from support.project import content_settings

from cchc.build.pipeline import gather_content
from cchc.render import images
from cchc.render.images import ImageProblem, clean, encode

LONG = os.environ.get("CCHC_FUZZ") == "long"
EXAMPLES = int(os.environ.get("CCHC_FUZZ_IMAGES") or (4000 if LONG else 200))
LOADER_EXAMPLES = max(10, EXAMPLES // 10)
TIME_LIMIT = 5.0  # seconds per example on this shared 2-core machine; most take a few milliseconds
PROBLEM = re.compile(r"^[^\s].*:\d+: \S[^\n]*$")
def fuzz(examples: int) -> settings:
    """Fixed seed in `make test`, random with CCHC_FUZZ=long; time is asserted in the test, not by Hypothesis."""
    return settings(max_examples=examples, deadline=None, database=None, derandomize=not LONG, print_blob=True,
                    suppress_health_check=list(HealthCheck))


def _saved(image: Image.Image, kind: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def _seeds() -> dict[str, bytes]:
    """Small valid images of every kind the pipeline reads."""
    gradient = Image.linear_gradient("L").resize((64, 48)).convert("RGB")
    rgba = gradient.convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((64, 48)))
    frames = [gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    exif = Image.Exif()
    exif[0x0112] = 6
    return {
        "jpeg": _saved(gradient, "JPEG", quality=85),
        "jpeg-progressive-exif": _saved(gradient, "JPEG", quality=85, progressive=True, exif=exif),
        "jpeg-phone": phone_photo(96, 64, orientation=6),
        "png-rgb": _saved(gradient, "PNG"),
        "png-rgba-interlaced": _saved(rgba, "PNG", interlace=True),
        "png-palette": _saved(gradient.quantize(16), "PNG", transparency=0),
        "png-16bit": _saved(Image.new("I;16", (40, 30), 40000), "PNG"),
        "gif-animated": _saved(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0),
        "webp-lossy-alpha": _saved(rgba, "WEBP", quality=70),
        "webp-lossless": _saved(gradient, "WEBP", lossless=True),
        "webp-animated": _saved(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100),
        "avif": _saved(gradient, "AVIF", quality=60, max_threads=1),
    }


SEEDS = _seeds()
SUFFIX = {"jpeg": ".jpg", "png": ".png", "gif": ".gif", "webp": ".webp", "avif": ".avif"}


def suffix_of(name: str) -> str:
    return SUFFIX[name.split("-")[0]]


# --------------------------------------------------------------------------- headers rewritten


def png_size(data: bytes, width: int, height: int) -> bytes:
    """A PNG declaring another size, its IHDR's CRC made right (so the decoder reads on)."""
    ihdr = data[12:29]
    body = ihdr[:4] + struct.pack(">II", width, height) + ihdr[12:]
    return data[:12] + body + struct.pack(">I", zlib.crc32(body)) + data[33:]


def jpeg_size(data: bytes, width: int, height: int) -> bytes:
    for marker in (b"\xff\xc0", b"\xff\xc2", b"\xff\xc1"):
        at = data.find(marker)
        if at > 0:
            return data[:at + 5] + struct.pack(">HH", height, width) + data[at + 9:]
    return data


def gif_size(data: bytes, width: int, height: int) -> bytes:
    out = bytearray(data)
    out[6:10] = struct.pack("<HH", width, height)
    at = data.find(b"\x2c", 13)  # the first image descriptor (a byte of the palette may match first: fine, still hostile)
    if at > 0:
        out[at + 5:at + 9] = struct.pack("<HH", width, height)
    return bytes(out)


def webp_size(data: bytes, width: int, height: int) -> bytes:
    """VP8X's canvas, when the file has one (24 bits each, minus one)."""
    if data[12:16] != b"VP8X":
        return data
    out = bytearray(data)
    out[24:27] = (min(width, 1 << 24) - 1).to_bytes(3, "little")
    out[27:30] = (min(height, 1 << 24) - 1).to_bytes(3, "little")
    return bytes(out)


RESIZE = {"png": png_size, "jpeg": jpeg_size, "gif": gif_size, "webp": webp_size}


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, bytes]:
    """(seed name, bytes): a seed damaged one to three times."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = SEEDS[name]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "flip", "flip", "insert", "delete", "repeat", "size", "size"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)):]
        elif kind == "repeat":
            data = data[:at] + data[at:at + draw(st.integers(1, 64))] * draw(st.integers(2, 50)) + data[at:]
        elif (resize := RESIZE.get(name.split("-")[0])) is not None and len(data) > 40:
            width = draw(st.one_of(st.integers(1, 64), st.integers(7000, 65535)))
            data = resize(data, width, draw(st.one_of(st.integers(1, 64), st.integers(7000, 65535))))
    return name, data


# --------------------------------------------------------------------------- what every outcome must be


def _one_line_vietnamese(problem: ImageProblem) -> None:
    message = str(problem)
    assert message and "\n" not in message and "ảnh" in message, message
    assert "Traceback" not in message


def _probed(data: bytes) -> images.Probed | str:
    try:
        return images.probe(data)
    except ImageProblem as problem:
        return str(problem)


def judged(name: str, data: bytes) -> None:
    """`encode` and `clean` of the bytes: good images or one Vietnamese line each, within TIME_LIMIT; and
    `probe` (`cchc check`) refuses the bytes in the same words, or names the same widths as `encode`."""
    started = time.monotonic()
    probed = _probed(data)
    try:
        encoded = encode(data)
    except ImageProblem as problem:
        _one_line_vietnamese(problem)
        assert probed == str(problem), name
    else:
        assert probed == images.Probed(encoded.width, encoded.height, encoded.extension,
                                       tuple((width, height) for width, height, _ in encoded.files), encoded.animated), name
        for width, height, content in (*encoded.files, *encoded.webp):
            with Image.open(io.BytesIO(content)) as opened:
                opened.load()
                assert opened.size == (width, height) and width <= images.WIDTHS[-1]
            assert secrets_in(content) == []
    try:
        width, height, content = clean(data, suffix_of(name))
    except ImageProblem as problem:
        _one_line_vietnamese(problem)
    else:
        with Image.open(io.BytesIO(content)) as opened:
            opened.load()
            assert opened.size == (width, height)
        assert secrets_in(content) == []
    assert time.monotonic() - started < TIME_LIMIT, f"{name}: {time.monotonic() - started:.1f} s"


def test_every_seed_is_a_good_image() -> None:
    """The fuzzer starts from images the pipeline publishes (so a damaged one tests damage, not the seed)."""
    for name, data in SEEDS.items():
        encoded = encode(data)
        assert encoded.files and all(secrets_in(content) == [] for _, _, content in encoded.files), name
        clean(data, suffix_of(name))


@fuzz(EXAMPLES)
@given(hostile())
def test_damaged_images_are_published_or_refused_in_one_line(case: tuple[str, bytes]) -> None:
    judged(*case)


@fuzz(EXAMPLES // 4)
@given(st.binary(max_size=2048), st.sampled_from(sorted(SUFFIX.values())))
def test_any_bytes_are_refused_in_one_line(data: bytes, suffix: str) -> None:
    judged("jpeg" if suffix == ".jpg" else suffix[1:], data)


@pytest.mark.parametrize("kind", sorted(RESIZE))
@pytest.mark.parametrize("size", [(65535, 65535), (8000, 8000), (1, 65535)])
def test_headers_declaring_huge_pictures_are_refused_before_decoding(kind: str, size: tuple[int, int]) -> None:
    """A few hundred bytes that declare billions of pixels: refused from the header, at once."""
    name = next(name for name in SEEDS if name.startswith(kind))
    data = RESIZE[kind](SEEDS[name], *size)
    started = time.monotonic()
    for attempt in (lambda: encode(data), lambda: clean(data, suffix_of(name))):
        try:
            attempt()
        except ImageProblem as problem:
            _one_line_vietnamese(problem)
    assert time.monotonic() - started < 1.0


def test_a_png_bomb_under_the_limit_is_bounded_and_one_over_it_refused_from_its_header() -> None:
    """49 million pixels of one colour compress to about 50 KB; decoded once, within the time bound. 64 million:
    refused before a pixel is decoded."""
    under = _saved(Image.new("L", (7000, 7000), 200), "PNG", optimize=True)
    assert len(under) < 100_000
    started = time.monotonic()
    encoded = encode(under)
    assert [width for width, _, _ in encoded.files] == [240, 800, 1600] and time.monotonic() - started < 3 * TIME_LIMIT
    over = png_size(under, 8000, 8000)  # the same IDAT: the header alone is what is read
    started = time.monotonic()
    with pytest.raises(ImageProblem, match="ảnh quá lớn .8000×8000"):
        encode(over)
    assert time.monotonic() - started < 0.5


def test_a_jpeg_of_too_many_scans_is_refused() -> None:
    """libjpeg-turbo reads every scan of a progressive JPEG over the whole picture: a file of thousands of tiny
    scans keeps a decoder busy for minutes (its documentation asks applications to limit them)."""
    data = _saved(Image.linear_gradient("L").resize((64, 48)).convert("RGB"), "JPEG", progressive=True)
    last = data.rfind(b"\xff\xda")
    many = data[:-2] + data[last:-2] * images.MAX_JPEG_SCANS + b"\xff\xd9"
    with pytest.raises(ImageProblem, match="lượt quét"):
        encode(many)
    encode(data)  # about ten scans: a progressive JPEG as encoders make them


@fuzz(LOADER_EXAMPLES)
@given(hostile())
def test_through_the_loader_every_problem_is_a_path_line_message(tmp_path_factory: pytest.TempPathFactory,
                                                                 case: tuple[str, bytes]) -> None:
    """The same bytes as a post's cover and as a file of docs/: `cchc check`'s lines, never an exception."""
    name, data = case
    suffix = suffix_of(name)
    root = tree(tmp_path_factory.mktemp("fuzz"), {P: post(**BASE, image=f"anh{suffix}"), f"content/posts/2022/03/anh{suffix}": data,
                                                  f"docs/anh{suffix}": data})
    content = gather_content(content_settings(root))
    for problem in content.problems:
        assert PROBLEM.match(str(problem)), str(problem)
    paths = {problem.path for problem in content.errors}
    assert paths <= {P, f"docs/anh{suffix}"}, paths


def test_the_loader_reports_a_damaged_image_at_its_line(tmp_path: Path) -> None:
    damaged = SEEDS["png-rgb"][:60]
    root = tree(tmp_path, {P: post(**BASE, image="anh.png"), "content/posts/2022/03/anh.png": damaged, "docs/anh.png": damaged})
    lines = sorted(str(problem) for problem in gather_content(content_settings(root)).errors)
    assert lines == ["content/posts/2022/03/tin.md:6: ảnh 'anh.png': không đọc được ảnh (tệp hỏng: OSError)",
                     "docs/anh.png:1: không đọc được ảnh (tệp hỏng: OSError)"]


def test_an_image_file_too_large_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = tmp_path / "anh.jpg"
    original.write_bytes(SEEDS["jpeg"])
    monkeypatch.setattr(images, "MAX_BYTES", len(SEEDS["jpeg"]) - 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read"))
    for attempt in (lambda: images.Pictures().picture(original, "anh.jpg"), lambda: images.Pictures().original(original, "anh.jpg")):
        with pytest.raises(ImageProblem, match="tệp ảnh quá lớn"):
            attempt()


def test_links_and_special_files_named_as_images_in_docs_are_never_read(tmp_path: Path) -> None:
    """A FIFO would block a read for ever, a link would read a file of the machine: both are reported as what they
    are (cchc.content.sources.published_folder_problems) and the image pipeline leaves them alone."""
    outside = tmp_path / "ngoai.jpg"
    outside.write_bytes(phone_photo(64, 48))
    root = tree(tmp_path / "du-an", {P: post(**BASE)})
    (root / "docs" / "anh").mkdir(parents=True)
    os.mkfifo(root / "docs" / "ong.jpg")
    (root / "docs" / "lien-ket.jpg").symlink_to(outside)
    (root / "docs" / "thu-muc").symlink_to(tmp_path, target_is_directory=True)
    content = gather_content(content_settings(root))
    assert sorted((problem.path, problem.line) for problem in content.errors) == [
        ("docs/lien-ket.jpg", 1), ("docs/ong.jpg", 1), ("docs/thu-muc", 1)]
    assert content.docs_pictures == {}
