"""What a phone photo costs to publish (src/cchc/render/images.py) and what its WebP copies save, in process.

    .venv/bin/python bench/photos.py                          # 6 photos of 4000×3000, table on screen
    .venv/bin/python bench/photos.py --count 6 --write bench/RESULTS.md

Photos: `phone_photo` below, generated from a seed (no photo is stored in the repository): colour noise at
five scales (a rough 1/f spectrum, as natural images have), flat shapes with hard edges, sensor grain,
saved as a phone saves them (JPEG quality 90, EXIF with a camera and GPS position): 3.7–3.8 MB each, as a
12-megapixel phone photo is. Noise costs an encoder more than most real photos do: the times are on the
high side and the savings on the low side.

For each photo, processor time (time.process_time, one thread) of `images.encode` as the build calls it,
and of its WebP encoding alone (`_save_webp`); without WebP, `encode` is the rest (the code is otherwise
the same). Bytes of each width as JPEG and as WebP, and for libwebp's methods (effort, 0–6) the time, bytes
and fidelity (PSNR against the resized picture both are encoded from) of the 800 and 1600 px widths, beside
the JPEG's, to show why WEBP_METHOD is what it is. `use_phone_photos` gives bench/against.py --photos its covers.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # bench/run.py: the machine line, write_results

BEGIN, END = "<!-- photos:begin -->", "<!-- photos:end -->"


def _noise(rng: random.Random, size: tuple[int, int], cells: tuple[int, int]) -> Image.Image:
    """Grey value noise: `cells` random values stretched smoothly over `size`."""
    return Image.frombytes("L", cells, rng.randbytes(cells[0] * cells[1])).resize(size, Image.Resampling.BICUBIC)


def phone_photo(seed: int, width: int = 4000, height: int = 3000) -> bytes:
    """A JPEG as a phone saves it, `width`×`height`, from `seed` (same seed, same bytes)."""
    rng = random.Random(seed)
    channels = []
    for _ in range(3):
        layer = Image.new("L", (width, height), 128)
        for scale, weight in ((8, 0.62), (32, 0.45), (128, 0.32), (512, 0.19), (2048, 0.09)):
            cells = (max(2, width * scale // 4000), max(2, height * scale // 4000))
            layer = Image.blend(layer, _noise(rng, (width, height), cells), weight)
        channels.append(layer)
    image = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.rectangle((x, y, x + rng.randrange(50, 800), y + rng.randrange(50, 600)), fill=(rng.randrange(256), rng.randrange(256),
                                                                                            rng.randrange(256)))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    grain = _grain(rng, width, height)
    image = ImageChops.add(image, Image.merge("RGB", (grain, grain, grain)), scale=1.0, offset=-128)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "CameraMaker", "Model X"
    exif[0x8825] = {1: "N", 2: (20.0, 39.0, 45.12), 3: "E", 4: (106.0, 3.0, 1.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def _grain(rng: random.Random, width: int, height: int) -> Image.Image:
    """Sensor grain: small noise around 128, from a tile of random values repeated (fast, still irregular enough)."""
    tile = 509 * 499  # two primes: the tile does not line up with the rows
    values = bytes(max(0, min(255, round(rng.gauss(128, 6)))) for _ in range(tile))
    return Image.frombytes("L", (width, height), (values * (width * height // tile + 1))[:width * height])


def phone_photos(count: int, *, base: int = 4) -> Iterator[bytes]:
    """`count` different photos (different bytes, so each is encoded: the cache is keyed by the bytes), made
    from `base` generated ones, each copy with its own JPEG comment segment (same pixels, same work)."""
    made = [phone_photo(seed) for seed in range(min(base, count))]
    for n in range(count):
        data = made[n % len(made)]
        comment = f"photo {n}".encode()
        yield data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]


def use_phone_photos(project: Path) -> int:
    """Every generated post's cover (a small PNG beside it, bench/generate_posts.py) becomes a phone photo
    `<stem>.jpg`, named so in the post; returns how many."""
    covers = [post for post in sorted((project / "content" / "posts").rglob("*.md")) if post.with_suffix(".png").is_file()]
    for post, photo in zip(covers, phone_photos(len(covers)), strict=True):
        post.with_suffix(".png").unlink()
        post.with_suffix(".jpg").write_bytes(photo)
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace(f"{post.stem}.png", f"{post.stem}.jpg"), encoding="utf-8")
    return len(covers)


def _psnr(a: Image.Image, b: Image.Image) -> float:
    squares = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).sum2
    mse = sum(squares) / (3 * a.width * a.height)
    return 10 * math.log10(255**2 / mse) if mse else 99.0


COMPARED = 2  # photos whose widths are also encoded with every method compared (not timed: their pictures are copied)


def measure(count: int, methods: list[int]) -> str:
    from cchc.render import images

    webp_seconds = 0.0
    real = images._save_webp
    captured: list[Image.Image] | None = None  # the resized pictures WebP is made from, when kept

    def timed(image: Image.Image, *, lossless: bool) -> bytes:
        nonlocal webp_seconds
        if captured is not None:
            captured.append(image.copy())
        started = time.process_time()
        try:
            return real(image, lossless=lossless)
        finally:
            webp_seconds += time.process_time() - started

    images._save_webp = timed
    without, webps = [], []  # seconds per timed photo: encode without its WebP copies, and those
    sizes: dict[int, list[tuple[int, int]]] = {}  # width → (JPEG bytes, WebP bytes) of each photo
    by_method: dict[str, list[tuple[int, float, int, float]]] = {}  # (width, seconds, bytes, PSNR) of each compared width
    try:
        for n, data in enumerate(phone_photos(count)):
            webp_seconds = 0.0
            captured = [] if n < COMPARED else None
            started = time.process_time()
            encoded = images.encode(data)
            spent = time.process_time() - started
            pairs = list(zip(encoded.files, encoded.webp, strict=True))
            for (width, _, jpeg), (_, _, webp) in pairs:
                sizes.setdefault(width, []).append((len(jpeg), len(webp)))
            shown = ", ".join(f"{w} px {len(j) // 1024}/{len(x) // 1024} KiB" for (w, _, j), (_, _, x) in pairs)
            if captured is None:
                without.append(spent - webp_seconds)
                webps.append(webp_seconds)
                print(f"photo {n + 1}: {len(data) / 1e6:.1f} MB, encode {spent:.3f} s, WebP {webp_seconds:.3f} s; {shown}", flush=True)
                continue
            print(f"photo {n + 1}: {len(data) / 1e6:.1f} MB (methods compared, not timed); {shown}", flush=True)
            for picture, (width, _, jpeg) in list(zip(captured, encoded.files, strict=True))[1:]:  # 800 and 1600 px
                for method in methods:
                    out = io.BytesIO()
                    started = time.process_time()
                    picture.save(out, "WEBP", quality=images.WEBP_QUALITY, method=method)
                    seconds = time.process_time() - started
                    by_method.setdefault(str(method), []).append((width, seconds, len(out.getvalue()), _psnr(picture, Image.open(out))))
                by_method.setdefault("jpeg", []).append((width, 0.0, len(jpeg), _psnr(picture, Image.open(io.BytesIO(jpeg)))))
    finally:
        images._save_webp = real
    mean = statistics.mean
    base, extra = mean(without), mean(webps)
    rows = [f"{count} photos of 4000×3000 (`bench/photos.py --count {count}`, about 3.8 MB each); processor time of "
            f"`images.encode`, one thread, over the {len(without)} photos not used to compare methods.", "",
            "| | per photo |", "|---|---:|",
            f"| `encode` without WebP (the JPEG widths: main's work) | {base:.3f} s |",
            f"| WebP copies of the three widths (`_save_webp`, method {images.WEBP_METHOD}) | +{extra:.3f} s "
            f"(+{100 * extra / base:.0f} %) |",
            f"| `encode` with WebP | {base + extra:.3f} s |", "",
            f"| width | JPEG q{images.JPEG_QUALITY} | WebP q{images.WEBP_QUALITY} | WebP / JPEG |", "|---:|---:|---:|---:|"]
    for width, pairs_of in sorted(sizes.items()):
        jpeg_bytes, webp_bytes = mean(f[0] for f in pairs_of), mean(f[1] for f in pairs_of)
        rows.append(f"| {width} px | {jpeg_bytes / 1024:.1f} KiB | {webp_bytes / 1024:.1f} KiB | {webp_bytes / jpeg_bytes:.2f} |")
    rows += ["", f"libwebp's method at quality {images.WEBP_QUALITY} on the 800 and 1600 px widths of {COMPARED} photos (time and "
             "bytes per photo; PSNR against the resized picture the JPEG and the WebP are both encoded from):", "",
             "| method | time, 800 + 1600 px | bytes, 800 + 1600 px | PSNR 800 / 1600 px |", "|---:|---:|---:|---:|"]
    for name, found in by_method.items():
        label = f"JPEG q{images.JPEG_QUALITY}, for comparison" if name == "jpeg" else \
            name + (" (used)" if name == str(images.WEBP_METHOD) else "")
        time_cell = "—" if name == "jpeg" else f"{sum(f[1] for f in found) / COMPARED:.3f} s"
        narrow, wide = mean(f[3] for f in found if f[0] <= 800), mean(f[3] for f in found if f[0] > 800)
        rows.append(f"| {label} | {time_cell} | {sum(f[2] for f in found) / COMPARED / 1024:.0f} KiB | {narrow:.1f} / {wide:.1f} dB |")
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=6, help=f"photos to encode, at least {COMPARED + 1} (default 6)")
    parser.add_argument("--methods", type=int, nargs="*", default=[0, 2, 4, 6], help="libwebp methods to compare (default 0 2 4 6)")
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="also write the table between its photos markers")
    args = parser.parse_args()
    started = run.machine()
    print(started, flush=True)
    text = f"Measured {started}.\n\n" + measure(max(COMPARED + 1, args.count), args.methods)
    run.report(text, args.write, begin=BEGIN, end=END)


if __name__ == "__main__":
    main()
