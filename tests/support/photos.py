"""Photos as phones make them, for the image pipeline's tests (src/cchc/render/images.py): a JPEG with
the camera's EXIF, GPS coordinates, an orientation tag, an XMP packet, a comment and an ICC profile; and
what is left of such secrets in published bytes.

The pixels say which way is up: as stored (landscape), the left half is red and the right half blue.
With orientation 6 ("turn 90° clockwise to view") the upright picture is a portrait whose top half is
red and bottom half blue."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageCms

RED, BLUE = (220, 30, 30), (30, 30, 220)
CAMERA = "CameraMaker"
GPS_LATITUDE = (20.0, 39.0, 45.12)  # 20°39'45.12" N: a school in Hưng Yên
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b"<rdf:Description CameraSerial='XMP-SECRET-42'/></x:xmpmeta><?xpacket end='w'?>")
COMMENT = b"COMMENT-SECRET home of a teacher"
# Whatever of the original's metadata would show in the bytes of a published file.
IPTC_SECRET = b"IPTC-SECRET Nguyen Van A, 12 pho Thu"  # a caption naming a person and a home address
SECRETS = (b"Exif", b"GPS", CAMERA.encode(), b"XMP-SECRET", b"xpacket", b"COMMENT-SECRET", b"ICC_PROFILE", b"acsp",
           b"EXIF", b"XMP ", b"ICCP",  # a WebP file's metadata chunks
           b"Photoshop 3.0", b"8BIM", b"IPTC-SECRET")  # IPTC, in a JPEG's APP13 segment


def two_halves(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    return image


def phone_photo(width: int = 4000, height: int = 3000, *, orientation: int = 6, quality: int = 90) -> bytes:
    """A JPEG as a phone saves it, `width`×`height` pixels as stored, every kind of metadata in it."""
    image = two_halves(width, height)
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (106.0, 3.0, 1.0)}  # GPSInfo
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif, xmp=XMP, comment=COMMENT, icc_profile=icc)
    return out.getvalue()


def with_iptc(jpeg: bytes) -> bytes:
    """A JPEG with an IPTC caption, as photo agencies and some editors write it: an APP13 "Photoshop 3.0"
    segment holding an 8BIM resource 0x0404 (IPTC-NAA) with record 2:120 (caption)."""
    dataset = b"\x1c\x02\x78" + len(IPTC_SECRET).to_bytes(2, "big") + IPTC_SECRET
    resource = b"8BIM\x04\x04\x00\x00" + len(dataset).to_bytes(4, "big") + dataset + b"\x00" * (len(dataset) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


def noise_photo(width: int, height: int, *, seed: int = 1) -> bytes:
    """A JPEG of random pixels: nothing a WebP encoder can save on, so its WebP copies are larger than the JPEG's."""
    import random

    image = Image.frombytes("RGB", (width, height), random.Random(seed).randbytes(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def png_picture(width: int, height: int, *, alpha: bool = False) -> bytes:
    """A PNG drawing (halves as above), with a text chunk that must not be published."""
    from PIL import PngImagePlugin

    image = two_halves(width, height).convert("RGBA" if alpha else "RGB")
    if alpha:
        image.putpixel((0, 0), (0, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", COMMENT.decode())
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def secrets_in(data: bytes) -> list[bytes]:
    """The markers of metadata found in a file's bytes (none in a published image)."""
    return [secret for secret in SECRETS if secret in data]


def largest(original: Path) -> str:
    """The name of an image's largest published width (the rule written again: 1600 pixels, or the
    original's width when narrower), what a feed's enclosure names."""
    return for_phones(original).replace(f"-{min(800, _width(original))}w", f"-{min(1600, _width(original))}w")


def _width(original: Path) -> int:
    with Image.open(original) as opened:
        return opened.size[1] if opened.getexif().get(0x0112, 1) in (5, 6, 7, 8) else opened.size[0]


def for_phones(original: Path) -> str:
    """The name of an image's width published for phones (the rule written again: 800 pixels, or the
    original's width when narrower; a photo format becomes .jpg, a drawing .png)."""
    with Image.open(original) as opened:
        width = opened.size[1] if opened.getexif().get(0x0112, 1) in (5, 6, 7, 8) else opened.size[0]
        extension = ".jpg" if opened.format in ("JPEG", "MPO", "WEBP", "AVIF") else ".png"
    return f"{original.stem}-{min(800, width)}w{extension}"


def swapped_profile() -> bytes:
    """A minimal ICC v2 RGB profile whose red and green primaries are sRGB's green and red (linear curves):
    a pixel stored as pure red is pure green once converted to sRGB, so a conversion shows plainly."""
    import struct

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    text = b"Swapped primaries\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv\0\0\0\0" + struct.pack(">I", 0)  # identity
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),
            (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)), (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    size = offset + len(data)
    header = (struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + bytes(12) + b"acsp"
              + bytes(4 + 4 + 4 + 4 + 8 + 4) + s15(0.9642) + s15(1.0) + s15(0.8249) + bytes(4 + 16 + 28))
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
