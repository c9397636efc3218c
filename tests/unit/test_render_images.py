"""Photos for cheap phones, without their secrets (src/cchc/render/images.py): a phone's 4000×3000 JPEG with
GPS coordinates and orientation 6 is published upright, without any metadata, in widths of at most 1600
and 800 pixels, the same bytes every time; the post's `<img>` names them; the check warns of originals
larger than needed; the cache spares a second encoding."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from PIL import Image
from support.content_tree import by_title, site_of, write_tree
from support.load_problems import BASE, P, load, post, tree
from support.photos import BLUE, RED, noise_photo, phone_photo, png_picture, secrets_in, swapped_profile
from support.project import content_settings

from cchc.build.pipeline import gather_content
from cchc.cache.disk import flush
from cchc.model import Picture, Rendition
from cchc.render import images
from cchc.render.images import ImageProblem, Pictures, encode, picture_tags


@pytest.fixture(scope="module")
def photo() -> bytes:
    return phone_photo(4000, 3000, orientation=6)


@pytest.fixture(scope="module")
def encoded(photo: bytes) -> images.Encoded:
    return encode(photo)


def near(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=False))


def test_the_phone_photo_has_every_secret_before(photo: bytes) -> None:
    """The input of the tests below really carries what must go: EXIF with GPS, XMP, comment, ICC."""
    opened = Image.open(io.BytesIO(photo))
    assert opened.getexif().get_ifd(0x8825) != {} and opened.getexif()[0x0112] == 6
    assert {b"Exif", b"XMP-SECRET", b"COMMENT-SECRET", b"ICC_PROFILE"} <= set(secrets_in(photo))


def test_published_widths_have_no_metadata_at_all(encoded: images.Encoded) -> None:
    for _, _, data in encoded.files:
        opened = Image.open(io.BytesIO(data))
        assert opened.format == "JPEG"
        assert dict(opened.getexif()) == {} and opened.getexif().get_ifd(0x8825) == {}
        assert secrets_in(data) == []  # no "Exif", "GPS", camera name, XMP, comment or ICC profile in the bytes
        assert "icc_profile" not in opened.info and "comment" not in opened.info and "xmp" not in opened.info


def test_the_photo_is_turned_upright_then_resized_never_wider_than_1600(encoded: images.Encoded) -> None:
    assert (encoded.width, encoded.height) == (3000, 4000)  # orientation 6: the stored landscape is a portrait
    sizes = [(width, height) for width, height, _ in encoded.files]
    assert sizes == [(240, 320), (800, 1067), (1600, 2133)]  # thumbnail, phones (≤ 800), the largest ≤ 1600, proportions kept
    for width, height, data in encoded.files:
        opened = Image.open(io.BytesIO(data)).convert("RGB")
        assert opened.size == (width, height)
        # Stored left half red, right half blue; turned 90° clockwise: red on top, blue below.
        assert near(opened.getpixel((width // 2, height // 8)), RED)
        assert near(opened.getpixel((width // 2, height - height // 8)), BLUE)


def test_colours_are_converted_to_srgb_and_the_profile_dropped() -> None:
    """A photo with its own colour profile (here red and green swapped) is published in sRGB, which is what
    a browser assumes of an image without one: stored red shows as the green the profile says it is."""
    stored = io.BytesIO()
    Image.new("RGB", (64, 48), (255, 0, 0)).save(stored, "JPEG", quality=95, icc_profile=swapped_profile())
    [(_, _, data)] = encode(stored.getvalue()).files
    assert near(Image.open(io.BytesIO(data)).getpixel((5, 5)), (0, 255, 0))
    assert secrets_in(data) == [] and "icc_profile" not in Image.open(io.BytesIO(data)).info


def test_same_input_same_bytes(photo: bytes, encoded: images.Encoded) -> None:
    again = encode(photo)
    assert [data for *_, data in again.files] == [data for *_, data in encoded.files]
    assert encoded.webp and [data for *_, data in again.webp] == [data for *_, data in encoded.webp]


def test_each_width_has_a_smaller_webp_copy_upright_and_without_metadata(encoded: images.Encoded) -> None:
    """WebP where it is smaller: the same widths as the JPEGs, each smaller, lossy, turned upright, no
    EXIF, XMP or ICC chunk (nor anything of the original's metadata in its bytes)."""
    assert [(width, height) for width, height, _ in encoded.webp] == [(width, height) for width, height, _ in encoded.files]
    for (width, height, jpeg), (_, _, webp) in zip(encoded.files, encoded.webp, strict=True):
        assert len(webp) < len(jpeg)
        opened = Image.open(io.BytesIO(webp))
        assert opened.format == "WEBP" and opened.size == (width, height) and secrets_in(webp) == []
        assert dict(opened.getexif()) == {} and not {"exif", "xmp", "icc_profile"} & opened.info.keys()
        pixels = opened.convert("RGB")
        assert near(pixels.getpixel((width // 2, height // 8)), RED) and near(pixels.getpixel((width // 2, height - height // 8)), BLUE)


def test_a_drawing_s_webp_is_lossless() -> None:
    """A drawing's WebP copy has exactly the pixels of its PNG (transparency included): sharp edges stay sharp."""
    for drawing in (png_picture(1000, 500), png_picture(300, 200, alpha=True)):
        encoded = encode(drawing)
        assert encoded.webp
        for (_, _, png), (_, _, webp) in zip(encoded.files, encoded.webp, strict=True):
            as_png, as_webp = Image.open(io.BytesIO(png)), Image.open(io.BytesIO(webp))
            assert len(webp) < len(png) and secrets_in(webp) == []
            mode = "RGBA" if as_png.mode == "RGBA" else "RGB"
            assert as_webp.convert(mode).tobytes() == as_png.convert(mode).tobytes()


def test_no_webp_when_one_is_not_smaller(tmp_path: Path) -> None:
    """Random pixels: WebP saves nothing on them, so no WebP copy is published and the `<img>` stays alone."""
    encoded = encode(noise_photo(900, 600))
    assert encoded.webp == () and [width for width, _, _ in encoded.files] == [240, 800, 900]
    original = tmp_path / "nhieu.jpg"
    original.write_bytes(noise_photo(900, 600))
    shown, _ = Pictures().picture(original, "nhieu.jpg")
    assert shown.webp == () and shown.files == shown.renditions
    out = picture_tags('<p><img alt="Nhiễu" src="nhieu.jpg" /></p>', {"nhieu.jpg": shown})
    assert "<picture" not in out and "<source" not in out and 'srcset="nhieu-240w.jpg 240w' in out


def test_no_webp_copy_is_made_past_the_first_that_is_not_smaller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once one width's WebP is not smaller, none is published: the wider ones are not even encoded."""
    calls: list[int] = []
    real = images._save_webp

    def counted(image: Image.Image, *, lossless: bool) -> bytes:
        calls.append(image.width)
        return real(image, lossless=lossless)

    monkeypatch.setattr(images, "_save_webp", counted)
    assert encode(noise_photo(900, 600)).webp == () and calls == [240]


def test_a_small_image_is_never_upscaled() -> None:
    small = encode(phone_photo(640, 480, orientation=1))
    assert [(width, height) for width, height, _ in small.files] == [(240, 180), (640, 480)]
    middle = encode(phone_photo(1200, 900, orientation=1))
    assert [(width, height) for width, height, _ in middle.files] == [(240, 180), (800, 600), (1200, 900)]
    tiny = encode(phone_photo(200, 100, orientation=1))
    assert [(width, height) for width, height, _ in tiny.files] == [(200, 100)]


def test_a_drawing_stays_png_without_its_text_chunks_and_keeps_transparency() -> None:
    plain = encode(png_picture(2000, 1000))
    assert plain.extension == ".png" and [(w, h) for w, h, _ in plain.files] == [(240, 120), (800, 400), (1600, 800)]
    assert all(secrets_in(data) == [] for *_, data in plain.files)
    assert Image.open(io.BytesIO(plain.files[0][2])).mode == "RGB"
    clear = encode(png_picture(300, 200, alpha=True))
    assert clear.extension == ".png" and Image.open(io.BytesIO(clear.files[0][2])).mode == "RGBA"


def test_what_cannot_be_published_is_said_in_vietnamese() -> None:
    with pytest.raises(ImageProblem, match="không đọc được ảnh"):
        encode(b"\xff\xd8\xff\xe0" + bytes(100))  # a JPEG's signature, no picture
    huge = io.BytesIO()
    Image.new("L", (10_000, 6_000)).save(huge, "PNG")  # 60 million pixels: a bomb, refused from its header
    with pytest.raises(ImageProblem, match="ảnh quá lớn"):
        encode(huge.getvalue())


def test_an_animated_image_keeps_its_first_frame_and_staff_are_told(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (300, 200), colour) for colour in (RED, BLUE)]
    original = tmp_path / "dong.gif"
    frames[0].save(original, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    shown, notes = Pictures().picture(original, "dong.gif")
    assert [r.name for r in shown.renditions] == ["dong-240w.png", "dong-300w.png"]
    assert len(notes) == 1 and "ảnh động" in notes[0] and "'dong.gif'" in notes[0]
    assert near(Image.open(io.BytesIO(encode(original.read_bytes()).files[-1][2])).convert("RGB").getpixel((10, 10)), RED)


def test_a_picture_too_tall_for_webp_is_refused_before_encoding_in_plain_words() -> None:
    """libwebp stops at 16,383 pixels a side: the picture is refused from its size, as `cchc check` refuses it."""
    tall = io.BytesIO()
    Image.new("L", (2, 40_000)).save(tall, "PNG")  # 1,600 wide would be 32 million pixels tall
    for attempt in (encode, images.probe):
        with pytest.raises(ImageProblem, match=r"^ảnh quá dài \(2×40000 điểm ảnh: bản rộng 2 điểm ảnh sẽ cao 40000, tối đa 16383\)"):
            attempt(tall.getvalue())


def test_a_check_finds_what_a_build_finds_without_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cchc check` decodes each image as the build does, and encodes none: the same problems and warnings,
    the same widths named (with the WebP copies a build may publish), nothing kept for the build."""
    frames = [Image.new("RGB", (300, 200), colour) for colour in (RED, BLUE)]
    animated = io.BytesIO()
    frames[0].save(animated, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    root = tree(tmp_path, {P: post(**BASE, image="bia.jpg").replace("Nội dung.", "![Sơ đồ](so-do.png) ![Động](dong.gif) ![Hỏng](hong.png)"),
                           "content/posts/2022/03/bia.jpg": phone_photo(3300, 2000, orientation=6),
                           "content/posts/2022/03/so-do.png": png_picture(500, 300, alpha=True),
                           "content/posts/2022/03/dong.gif": animated.getvalue(),
                           "content/posts/2022/03/hong.png": png_picture(50, 40)[:70]})

    def refuse(data: bytes) -> images.Encoded:
        raise AssertionError("the check encoded an image")

    with monkeypatch.context() as patch:
        patch.setattr(images, "encode", refuse)
        checked = gather_content(content_settings(root), checking=True).problems
    flush()
    built = gather_content(content_settings(root)).problems  # the check kept nothing the build could take for encoded
    assert sorted(map(str, checked)) == sorted(map(str, built))
    assert [(problem.line, problem.is_warning, problem.message.split(":")[0]) for problem in sorted(built, key=str)] == [
        (6, True, "ảnh 'bia.jpg' lớn hơn cần thiết (2000×3300 điểm ảnh, 0,1 MB)"), (8, True, "ảnh 'dong.gif' là ảnh động"),
        (8, False, "ảnh 'hong.png'")]
    fixed = tree(tmp_path / "sua", {P: post(**BASE, image="bia.jpg"), "content/posts/2022/03/bia.jpg": phone_photo(900, 600)})
    [as_checked] = gather_content(content_settings(fixed), checking=True).posts
    [as_built] = gather_content(content_settings(fixed)).posts
    assert {r.name for r in as_built.pictures[0].files} <= {r.name for r in as_checked.pictures[0].files}
    assert [(r.name, r.width, r.height) for r in as_checked.pictures[0].renditions] == \
        [(r.name, r.width, r.height) for r in as_built.pictures[0].renditions]
    assert all(r.size > 0 for r in as_built.pictures[0].files)  # built after the check: encoded, not taken from it
    assert [r.size for r in as_checked.pictures[0].files] == [0] * 4 and as_checked.rendered.html == ""


def test_images_made_ahead_in_threads_are_the_same_and_no_thread_outlives_the_load(tmp_path: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A full build starts each post's images in threads while it loads the next posts (Pictures.ahead): the
    same pictures and bytes as made in the build's own thread, and no thread left once loaded, so that a
    process forked afterwards (cchc.render.markdown) inherits no lock held half-way."""
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(phone_photo(900, 600, orientation=1))
    where: list[str] = []
    real = images.encode

    def spied(data: bytes) -> images.Encoded:
        where.append(threading.current_thread().name)
        return real(data)

    monkeypatch.setattr(images, "encode", spied)
    ahead, plain = Pictures(), Pictures()
    ahead.ahead(photo)
    made, _ = ahead.picture(photo, "anh.jpg")
    ahead.stop_ahead()
    assert made == plain.picture(photo, "anh.jpg")[0]
    assert [ahead.data(rendition) for rendition in made.files] == [plain.data(rendition) for rendition in made.files]
    assert where[0].startswith("cchc-anh") and where[1] == threading.main_thread().name
    root = tree(tmp_path / "du-an", {P: post(**BASE, image="anh.jpg"), "content/posts/2022/03/anh.jpg": photo.read_bytes()})
    assert gather_content(content_settings(root)).errors == [] and where[2:] == [where[0]]
    assert [thread.name for thread in threading.enumerate() if thread.name.startswith("cchc-anh")] == []


def test_needlessly_large_originals_are_named(photo: bytes) -> None:
    message = images.size_warning("anh/hop.jpg", 4000, 3000, 4_200_000)
    assert message is not None and "'anh/hop.jpg'" in message and "4000×3000" in message and "4,2 MB" in message
    assert images.size_warning("a.jpg", 3200, 2400, 1_500_000) is None
    assert images.size_warning("a.jpg", 3000, 2000, 2_500_000) is not None  # bytes alone
    assert images.size_warning("a.jpg", 3201, 100, 10_000) is not None  # pixels alone


def test_the_cache_spares_a_second_encoding(tmp_path: Path, photo: bytes, encoded: images.Encoded,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    original = tmp_path / "anh.jpg"
    original.write_bytes(photo)
    first, _ = Pictures(tmp_path, inputs="x").picture(original, "anh.jpg")
    flush()

    def refuse(data: bytes) -> images.Encoded:
        raise AssertionError("encoded again")

    monkeypatch.setattr(images, "encode", refuse)
    warm = Pictures(tmp_path, inputs="x")
    again, notes = warm.picture(original, "anh.jpg")
    assert again == first and [r.name for r in again.renditions] == ["anh-240w.jpg", "anh-800w.jpg", "anh-1600w.jpg"]
    assert warm.data(again.largest) == encoded.files[-1][2]
    assert [r.name for r in again.webp] == ["anh-240w.jpg.webp", "anh-800w.jpg.webp", "anh-1600w.jpg.webp"]
    assert [warm.data(r) for r in again.webp] == [data for *_, data in encoded.webp]
    assert len(notes) == 1 and "lớn hơn cần thiết" in notes[0]


def test_an_image_whose_cached_bytes_are_gone_is_encoded_again_to_the_same_bytes(tmp_path: Path) -> None:
    """Without a disk cache the bytes are held until written; asked again (the preview), they are made again."""
    original = tmp_path / "anh.jpg"
    original.write_bytes(phone_photo(1000, 750, orientation=1))
    pictures = Pictures()
    shown, _ = pictures.picture(original, "anh.jpg")
    first = [pictures.data(r) for r in shown.files]
    assert [pictures.data(r) for r in shown.files] == first
    assert [len(data) for data in first] == [r.size for r in shown.files]


def refuse(data: bytes) -> images.Encoded:
    raise AssertionError("encoded again")


def test_keep_only_used_keeps_the_webp_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full build's last step forgets the images no post showed, and keeps every file of those shown."""
    original = tmp_path / "anh.jpg"
    original.write_bytes(phone_photo(1000, 750, orientation=1))
    Pictures(tmp_path, inputs="x").picture(original, "anh.jpg")
    flush()
    kept = Pictures(tmp_path, inputs="x")
    shown, _ = kept.picture(original, "anh.jpg")
    kept.keep_only_used()
    flush()
    again = Pictures(tmp_path, inputs="x")
    assert again.picture(original, "anh.jpg")[0] == shown
    monkeypatch.setattr(images, "encode", refuse)  # every file of the picture from the cache, WebP copies included
    assert [len(again.data(r)) for r in shown.files] == [r.size for r in shown.files]


PICTURE = Picture("anh gốc.jpg", (Rendition("anh gốc-800w.jpg", 800, 600, 1, "k/800"),
                                  Rendition("anh gốc-1600w.jpg", 1600, 1200, 1, "k/1600")))
WITH_WEBP = Picture(PICTURE.source, PICTURE.renditions, (Rendition("anh gốc-800w.jpg.webp", 800, 600, 1, "k/800.webp"),
                                                         Rendition("anh gốc-1600w.jpg.webp", 1600, 1200, 1, "k/1600.webp")))


def test_img_tags_name_every_width_the_first_eager_the_others_lazy() -> None:
    body = ('<p><img alt="Một" src="anh%20g%E1%BB%91c.jpg" /></p>\n<pre><code>&lt;img src="anh gốc.jpg"&gt;</code></pre>\n'
            '<img src="anh gốc.jpg" alt="a &gt; b" width="300">\n<img src="https://example.org/x.jpg" />')
    out = picture_tags(body, {PICTURE.source: PICTURE})
    first, second = out.split("<img ")[1:3]
    assert first.startswith('src="anh%20g%E1%BB%91c-800w.jpg" srcset="anh%20g%E1%BB%91c-800w.jpg 800w, anh%20g%E1%BB%91c-1600w.jpg 1600w"')
    assert 'alt="Một"' in first and 'width="1600" height="1200"' in first and "loading" not in first
    assert 'loading="lazy"' in second and 'width="300"' in second and "height" not in second  # the writer's size stands
    assert 'alt="a &gt; b"' in second
    assert '&lt;img src="anh gốc.jpg"&gt;' in out  # code is text
    assert '<img src="https://example.org/x.jpg" />' in out  # not a file beside the post
    upper = picture_tags('<p>Ảnh:</p>\n<IMG SRC="anh gốc.jpg" ALT="Hoa">', {PICTURE.source: PICTURE})
    assert upper.startswith('<p>Ảnh:</p>\n<img src="anh%20g%E1%BB%91c-800w.jpg" srcset=') and 'alt="Hoa"' in upper


def test_a_picture_with_webp_copies_is_a_picture_element_with_a_webp_source_first() -> None:
    """`<picture><source type="image/webp" srcset sizes><img …></picture>`: the same widths in both, the `<img>` as
    without WebP (a browser that reads no WebP, or no `<picture>`, shows it)."""
    body = '<p><img alt="Một" src="anh/anh gốc.jpg" /></p>\n<p><img src="anh/anh gốc.jpg" alt="Hai" class="x"></p>'
    out = picture_tags(body, {"anh/anh gốc.jpg": Picture("anh/anh gốc.jpg", WITH_WEBP.renditions, WITH_WEBP.webp)})
    first, second = out.split("<picture>")[1:]
    source = ('<source type="image/webp" srcset="anh/anh%20g%E1%BB%91c-800w.jpg.webp 800w, anh/anh%20g%E1%BB%91c-1600w.jpg.webp 1600w" '
              f'sizes="{images.SIZES}" />')
    assert first.startswith(source + '<img src="anh/anh%20g%E1%BB%91c-800w.jpg" srcset="anh/anh%20g%E1%BB%91c-800w.jpg 800w, ')
    assert first.endswith('decoding="async" /></picture></p>\n<p>') and "loading" not in first
    assert second.startswith(source + "<img ") and 'loading="lazy"' in second and 'class="x"' in second
    assert second.endswith("</picture></p>")
    without = picture_tags(body, {"anh/anh gốc.jpg": PICTURE})
    assert without == out.replace("<picture>" + source, "").replace("</picture>", "")
    one = Picture("a.png", (Rendition("a-200w.png", 200, 100, 1, "k/200"),), (Rendition("a-200w.png.webp", 200, 100, 1, "k/200.webp"),))
    assert picture_tags('<img src="a.png" alt="">', {"a.png": one}) == (
        '<picture><source type="image/webp" srcset="a-200w.png.webp" /><img src="a-200w.png" alt="" width="200" height="100" '
        'decoding="async" /></picture>')


def test_a_post_publishes_widths_not_the_original_unless_it_links_it(tmp_path: Path) -> None:
    body = "Mở đầu.\n\n![Hội nghị](hoi-nghi.jpg)\n\n![Sơ đồ](so-do.png)\n\n[Tải ảnh gốc](so-do.png)"
    front = {"title": "Tin ảnh", "date": "2022-03-10 08:00", "task": 2, "unit": "Văn phòng", "image": "hoi-nghi.jpg"}
    site = site_of(write_tree(tmp_path, {"2022/03/a.md": (front, body)},
                              files={"2022/03/hoi-nghi.jpg": phone_photo(1000, 750, orientation=1),
                                     "2022/03/so-do.png": png_picture(400, 300)}))
    shown = by_title(site)["Tin ảnh"]
    assert shown.originals == ("so-do.png",)  # linked on purpose; the photo only shown
    assert shown.published_files() == ["so-do.png", "hoi-nghi-240w.jpg", "hoi-nghi-800w.jpg", "hoi-nghi-1000w.jpg",
                                       "hoi-nghi-240w.jpg.webp", "hoi-nghi-800w.jpg.webp", "hoi-nghi-1000w.jpg.webp",
                                       "so-do-240w.png", "so-do-400w.png", "so-do-240w.png.webp", "so-do-400w.png.webp"]
    assert shown.cover is not None and shown.cover.largest.name == "hoi-nghi-1000w.jpg"
    html = shown.rendered.html
    assert 'src="hoi-nghi-800w.jpg" srcset="hoi-nghi-240w.jpg 240w, hoi-nghi-800w.jpg 800w, hoi-nghi-1000w.jpg 1000w"' in html
    assert 'src="so-do-400w.png"' in shown.rendered.html and 'loading="lazy"' in shown.rendered.html
    assert ('<source type="image/webp" srcset="hoi-nghi-240w.jpg.webp 240w, hoi-nghi-800w.jpg.webp 800w, '
            'hoi-nghi-1000w.jpg.webp 1000w"') in html


def test_the_check_warns_at_the_line_naming_a_large_original(tmp_path: Path) -> None:
    root = tree(tmp_path, {P: post(**BASE, image="anh.jpg"), "content/posts/2022/03/anh.jpg": phone_photo(3300, 200, orientation=1)})
    problems = gather_content(content_settings(root)).problems
    assert [(problem.path, problem.line, problem.is_warning) for problem in problems] == [(P, 6, True)]  # the `image:` line
    assert "'anh.jpg' lớn hơn cần thiết (3300×200" in problems[0].message


def test_heic_is_refused_in_vietnamese(tmp_path: Path) -> None:
    root = tree(tmp_path, {P: post(**BASE, image="anh.heic"), "content/posts/2022/03/anh.heic": b"\x00\x00\x00\x18ftypheic" + bytes(64)})
    [(path, _, message)] = load(root)
    assert path == P and "HEIC" in message and "JPEG" in message


def test_the_preview_notices_a_saved_original(tmp_path: Path) -> None:
    """A post the preview remembers is read again when an image it shows was saved (cchc.content.posts)."""
    original = tmp_path / "anh.jpg"
    original.write_bytes(phone_photo(900, 600, orientation=1))
    pictures = Pictures()
    shown, _ = pictures.picture(original, "anh.jpg")
    assert pictures.unchanged(tmp_path, (shown,))
    original.write_bytes(phone_photo(600, 900, orientation=1))
    assert not pictures.unchanged(tmp_path, (shown,))
    again, _ = pictures.picture(original, "anh.jpg")
    assert pictures.unchanged(tmp_path, (again,)) and again.largest.height == 900


def test_heic_under_a_jpeg_name_is_named_as_heic(tmp_path: Path) -> None:
    """An iPhone photo renamed .jpg is recognised by its content (cchc.content.file_kinds), and said so."""
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
    root = tree(tmp_path, {P: post(**BASE, image="anh.jpg"), "content/posts/2022/03/anh.jpg": heic})
    [(path, line, message)] = load(root)
    assert (path, line) == (P, 6) and "nội dung là ảnh HEIC/HEIF" in message and "JPEG" in message


def test_the_salt_follows_the_encoding_module_not_the_rest_of_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change of code elsewhere re-encodes no photo; a change of cchc/render/images.py re-encodes them all."""
    import shutil

    from cchc.build import inputs

    copy = tmp_path / "cchc"
    shutil.copytree(inputs.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "PACKAGE", copy)
    before = inputs.encoding_digest()
    (copy / "text.py").write_text((copy / "text.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert inputs.encoding_digest() == before
    (copy / "render" / "images.py").write_text((copy / "render" / "images.py").read_text(encoding="utf-8") + "\n# changed\n",
                                               encoding="utf-8")
    assert inputs.encoding_digest() != before


def test_a_link_from_elsewhere_to_an_original_only_shown_leads_nowhere(tmp_path: Path) -> None:
    """The original is not published: another post's link to it is broken, its published widths are not."""
    front = {"date": "2022-03-10 08:00", "task": 2, "unit": "Văn phòng"}
    posts = {"2022/03/a.md": ({**front, "title": "Tin A", "slug": "tin-a"}, "Mở đầu.\n\n![Hội nghị](hoi-nghi.jpg)"),
             "2022/03/b.md": ({**front, "title": "Tin B", "slug": "tin-b"},
                              "Xem [ảnh gốc](../tin-a/hoi-nghi.jpg) và [ảnh nhỏ](../tin-a/hoi-nghi-800w.jpg).")}
    root = write_tree(tmp_path, posts, files={"2022/03/hoi-nghi.jpg": phone_photo(1000, 750, orientation=1)})
    problems = gather_content(content_settings(root)).problems
    assert [(problem.path, problem.line, problem.message) for problem in problems] == [
        ("content/posts/2022/03/b.md", 4, "liên kết tới tệp không có trên trang web (tìm thấy: '../tin-a/hoi-nghi.jpg')")]


@pytest.mark.parametrize(("suffix", "kind"), [(".jpg", "JPEG"), (".jpeg", "JPEG"), (".png", "PNG"), (".gif", "GIF"), (".webp", "WEBP"),
                                              (".avif", "AVIF")])
def test_a_file_of_docs_keeps_its_name_format_and_size_without_metadata(suffix: str, kind: str) -> None:
    """`clean`: what a file of docs/ is published as under its own name: the format its name says, its own size
    once upright (not capped at 1,600), no metadata, the same bytes every time."""
    photo = phone_photo(2000, 1000, orientation=6)
    width, height, data = images.clean(photo, suffix)
    opened = Image.open(io.BytesIO(data))
    assert opened.format == kind and (width, height) == opened.size == (1000, 2000)
    assert secrets_in(data) == [] and dict(opened.getexif()) == {}
    pixels = opened.convert("RGB")
    assert near(pixels.getpixel((500, 200)), RED) and near(pixels.getpixel((500, 1800)), BLUE)
    assert images.clean(photo, suffix)[2] == data


def test_a_transparent_drawing_named_jpg_in_docs_is_put_on_white() -> None:
    drawing = Image.new("RGBA", (300, 200), (*RED, 255))
    drawing.paste((0, 0, 0, 0), (0, 0, 150, 200))  # the left half transparent (black underneath)
    out = io.BytesIO()
    drawing.save(out, "PNG")
    _, _, data = images.clean(out.getvalue(), ".jpg")
    opened = Image.open(io.BytesIO(data))
    assert opened.format == "JPEG" and opened.mode == "RGB"
    assert near(opened.getpixel((50, 100)), (255, 255, 255)) and near(opened.getpixel((250, 100)), RED)
