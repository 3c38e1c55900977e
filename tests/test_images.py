"""The photo pipeline (ruhr.site.images), the picture macro and the social cards (ruhr.site.cards), for real:
real Pillow decoding and encoding of files made here, no mocks."""

import importlib.util
import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import jinja2
import pytest
from PIL import ExifTags, Image, ImageCms, features

ROOT = Path(__file__).resolve().parent.parent

from ruhr.site import cards, images  # noqa: E402
from ruhr.site.images import PhotoPipeline, PhotoProblem  # noqa: E402

RED, BLUE = (220, 30, 30), (30, 30, 220)


# -- helpers: files as they come from cameras and editors -----------------------------------------
def camera_jpeg(path, size=(2400, 1600)):
    """A JPEG as a phone writes it held upright: pixels stored sideways + orientation 6, GPS position,
    maker note, comment, XMP and an ICC profile. Upright it is red on top, blue below."""
    w, h = size  # stored size; upright it is h x w
    upright = Image.new("RGB", (h, w), RED)
    upright.paste(BLUE, (0, w // 2, h, w))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # viewer turns it back 90° clockwise
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Model] = "Phone 9"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.MakerNote] = b"SECRET-MAKER-NOTE"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 30.0, 12.5), "E", (7.0, 29.0, 3.2)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>SECRET-XMP</x:xmpmeta>'
    stored.save(path, "JPEG", quality=90, exif=exif, comment="SECRET-COMMENT", icc_profile=srgb, xmp=xmp)
    return path


def swapped_primaries_profile():
    """An RGB ICC profile whose red and blue primaries are swapped: pure red in it is sRGB blue."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", data[128:132])[0]
    tags = {}
    for i in range(count):
        sig, offset, size = struct.unpack(">4sII", data[132 + 12 * i: 144 + 12 * i])
        tags[sig] = (i, offset, size)
    (ir, offr, sizer), (ib, offb, sizeb) = tags[b"rXYZ"], tags[b"bXYZ"]
    struct.pack_into(">4sII", data, 132 + 12 * ir, b"rXYZ", offb, sizeb)
    struct.pack_into(">4sII", data, 132 + 12 * ib, b"bXYZ", offr, sizer)
    data[84:100] = bytes(16)  # profile ID no longer matches
    return bytes(data)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_16bit_rgb(path, width=600, height=400):
    """A 16-bit-per-channel RGB PNG (Pillow can't write those): a horizontal grey ramp."""
    rows = []
    for _ in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            v = x * 65535 // (width - 1)
            row += struct.pack(">HHH", v, v, v)
        rows.append(bytes(row))
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
                     + png_chunk(b"IDAT", zlib.compress(b"".join(rows))) + png_chunk(b"IEND", b""))
    return path


def png_bomb(path, side=30_000):
    """A real 30,000 x 30,000 px PNG (1 bit, all black): ~110 KB on disk, 900 megapixels decoded."""
    row = b"\x00" + bytes((side + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
                     + png_chunk(b"IEND", b""))
    return path


@pytest.fixture
def folders(tmp_path):
    src, out, cache = tmp_path / "photos", tmp_path / "output", tmp_path / "cache"
    src.mkdir()
    images.reset_stats()
    return src, out, cache


def pipeline(folders, **settings):
    src, out, cache = folders
    return PhotoPipeline(src, out, cache, settings)


def assert_no_metadata(path):
    data = path.read_bytes()
    for secret in (b"SECRET", b"TestCam", b"Phone 9", b"Exif\x00\x00", b"http://ns.adobe.com/xap",
                   b"ICC_PROFILE", b"EXIF", b"XMP ", b"ICCP"):
        assert secret not in data, f"{path.name} contains {secret!r}"
    with Image.open(path) as image:
        assert not image.getexif(), path.name
        for key in ("exif", "icc_profile", "comment", "xmp", "XML:com.adobe.xmp"):
            assert key not in image.info, (path.name, key)


# -- derivatives -----------------------------------------------------------------------------------
def test_derivatives_are_stripped_upright_srgb_and_sized(folders):
    src, out, _ = folders
    camera_jpeg(src / "site-visit.jpg")
    photo = pipeline(folders).photo("site-visit.jpg")

    assert (photo.intrinsic_width, photo.intrinsic_height) == (1600, 2400)  # upright: portrait
    assert len(photo.files) == 8  # 4 widths x (webp, jpeg)
    for file in photo.files:
        path = out / file
        assert_no_metadata(path)
        with Image.open(path) as image:
            assert image.mode == "RGB"
            width = int(file.rsplit("-", 1)[1].split("w.")[0])
            assert image.size == (width, width * 3 // 2)
            top, bottom = image.getpixel((width // 2, 5)), image.getpixel((width // 2, image.height - 5))
        assert top[0] > 180 and top[2] < 80, f"{file}: top should be red, is {top}"
        assert bottom[2] > 180 and bottom[0] < 80, f"{file}: bottom should be blue, is {bottom}"

    widths = [int(p.split()[1][:-1]) for p in photo.srcset.split(", ")]
    assert widths == [480, 800, 1200, 1600]
    assert photo.sources == ({"type": "image/webp", "srcset": photo.srcset.replace(".jpg", ".webp")},)
    assert (photo.type, photo.width, photo.height) == ("image/jpeg", 1200, 1800)
    assert re.fullmatch(r"/photos/site-visit-1200w\.[0-9a-f]{10}\.jpg", photo.src)
    fingerprint = photo.src.split(".")[-2]
    assert all(f".{fingerprint}." in f for f in photo.files)


def test_small_photo_is_never_upscaled(folders):
    src, out, _ = folders
    Image.new("RGB", (700, 350), "green").save(src / "small.png")
    photo = pipeline(folders).photo("small.png")
    assert [int(p.split()[1][:-1]) for p in photo.srcset.split(", ")] == [480, 700]
    assert (photo.width, photo.height) == (700, 350)
    with Image.open(out / photo.files[-1]) as image:
        assert image.size == (700, 350)


def test_embedded_colour_profile_is_converted_to_srgb(folders):
    src, out, _ = folders
    Image.new("RGB", (600, 400), (255, 0, 0)).save(src / "wide.png", icc_profile=swapped_primaries_profile())
    photo = pipeline(folders).photo("wide.png")
    for file in photo.files:
        assert_no_metadata(out / file)
        with Image.open(out / file) as image:
            r, g, b = image.convert("RGB").getpixel((10, 10))
        assert b > 200 and r < 60, f"{file}: red in the swapped profile is sRGB blue, got {(r, g, b)}"


def test_cmyk_jpeg_is_converted(folders):
    src, out, _ = folders
    Image.new("CMYK", (900, 600), (255, 0, 0, 0)).save(src / "print.jpg", quality=95)  # pure cyan
    photo = pipeline(folders).photo("print.jpg")
    with Image.open(out / photo.src.lstrip("/")) as image:
        assert image.mode == "RGB"
        r, g, b = image.getpixel((450, 300))
    assert r < 40 and g > 215 and b > 215, (r, g, b)


def test_16_bit_pngs_are_scaled_not_clipped(folders):
    src, out, _ = folders
    png_16bit_rgb(src / "ramp-rgb.png")
    ramp = Image.frombytes("I;16", (600, 400), b"".join(
        struct.pack("<H", x * 65535 // 599) for _ in range(400) for x in range(600)))
    ramp.save(src / "ramp-grey.png")
    with Image.open(src / "ramp-grey.png") as check:
        assert check.mode.startswith("I")  # really 16-bit
    pipe = pipeline(folders)
    for name in ("ramp-rgb.png", "ramp-grey.png"):
        photo = pipe.photo(name)
        with Image.open(out / photo.files[-1]) as image:  # 600 px JPEG
            left, middle, right = (image.getpixel((x, 200))[0] for x in (2, 300, 597))
        assert left < 15 and 100 < middle < 155 and right > 240, (name, left, middle, right)


@pytest.mark.skipif(not features.check("avif"), reason="Pillow built without AVIF")
def test_avif_format(folders):
    src, out, _ = folders
    camera_jpeg(src / "site-visit.jpg", size=(1200, 800))
    photo = pipeline(folders, RUHR_PHOTO_FORMATS=["avif", "jpeg"]).photo("site-visit.jpg")
    assert photo.sources[0]["type"] == "image/avif"
    avifs = [f for f in photo.files if f.endswith(".avif")]
    assert len(avifs) == 2  # upright the photo is 800 px wide: 480 and 800
    for file in avifs:
        assert_no_metadata(out / file)


# -- caching ---------------------------------------------------------------------------------------
def test_each_photo_is_processed_once_per_build_and_cached_by_content(folders, tmp_path):
    src, out, cache = folders
    camera_jpeg(src / "a.jpg", size=(1800, 1200))
    Image.new("RGB", (1000, 800), "orange").save(src / "b.png")

    first = pipeline(folders)
    first.prepare(["a.jpg", "b.png", "a.jpg"])
    for lang in ("de", "en"):  # both languages ask: the work is done once
        first.photo("a.jpg")
        first.photo("b.png")
    assert images.stats()["decoded"] == 2 and images.stats()["sources"] == 2
    assert images.stats()["requests"] == 4
    written = {f: (out / f).read_bytes() for f in first.photo("a.jpg").files}

    images.reset_stats()  # the next build, into a fresh output folder
    again = PhotoPipeline(src, tmp_path / "output2", cache)
    photo = again.photo("a.jpg")
    again.photo("b.png")
    figures = images.stats()
    assert figures["decoded"] == 0 and figures["cache_hits"] == 2
    assert {f: (tmp_path / "output2" / f).read_bytes() for f in photo.files} == written

    images.reset_stats()  # an edited photo: new content, new hash in the name, decoded again
    Image.new("RGB", (1000, 800), "purple").save(src / "b.png")
    changed = PhotoPipeline(src, tmp_path / "output3", cache).photo("b.png")
    assert images.stats()["decoded"] == 1
    assert not set(changed.files) & set(first.photo("b.png").files)


def test_photo_digests_are_remembered_by_size_and_time(folders, tmp_path):
    import hashlib
    import json
    import os

    src, out, cache = folders
    camera_jpeg(src / "a.jpg", size=(900, 600))
    first = PhotoPipeline(src, out, cache)
    first.prepare(["a.jpg"])
    first.close()
    digests = json.loads((cache / "digests.json").read_text())
    assert digests["a.jpg"][2] == hashlib.sha256((src / "a.jpg").read_bytes()).hexdigest()

    stat = (src / "a.jpg").stat()  # new bytes under the same size and time: the remembered digest is used
    data = bytearray((src / "a.jpg").read_bytes())
    data[-3] ^= 0xFF
    (src / "a.jpg").write_bytes(bytes(data))
    os.utime(src / "a.jpg", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    images.reset_stats()
    PhotoPipeline(src, tmp_path / "out2", cache).photo("a.jpg")
    assert images.stats()["cache_hits"] == 1

    os.utime(src / "a.jpg")  # touched (as an edit or a checkout does): read and hashed again
    images.reset_stats()
    PhotoPipeline(src, tmp_path / "out3", cache).photo("a.jpg")
    assert images.stats()["decoded"] == 1


# -- bad input -------------------------------------------------------------------------------------
def bad_photo(folders, name):
    with pytest.raises(PhotoProblem) as caught:
        pipeline(folders).photo(name)
    message = str(caught.value)
    assert "\n" not in message and name in message and "Fix: " in message
    return message


def test_missing_photo(folders):
    assert "photo not found" in bad_photo(folders, "nowhere.jpg")


def test_not_a_photo_name(folders):
    assert "not a plain file name" in bad_photo(folders, "../secrets.jpg")


def test_not_an_image(folders):
    src, _, _ = folders
    (src / "notes.jpg").write_text("Dies ist kein Bild.\n")
    assert "not an image" in bad_photo(folders, "notes.jpg")


def test_truncated_image(folders):
    src, out, cache = folders
    camera_jpeg(src / "whole.jpg", size=(1200, 800))
    data = (src / "whole.jpg").read_bytes()
    (src / "cut.jpg").write_bytes(data[: len(data) // 2])
    assert "truncated or damaged" in bad_photo(folders, "cut.jpg")
    assert not list(out.glob("**/cut-*"))  # nothing half-written
    assert not [p for p in cache.glob("*") if p.name.startswith(".tmp")]


def test_decompression_bomb_is_refused_without_decoding(folders):
    src, _, _ = folders
    png_bomb(src / "bomb.png")
    message = bad_photo(folders, "bomb.png")
    assert "image too large: 900 megapixels, over the limit of 100 megapixels" in message
    assert "decompression bomb" in message
    assert images.stats()["decoded"] == 0


def test_decompression_bomb_beyond_pillows_own_limit(folders):
    src, _, _ = folders
    png_bomb(src / "bomb.png", side=14_000)  # 196 MP: Pillow refuses it before our own check
    assert "image too large: 196 megapixels, over the limit" in bad_photo(folders, "bomb.png")


def test_pixel_limit_is_a_setting(folders):
    src, _, _ = folders
    Image.new("RGB", (1000, 1000)).save(src / "square.png")
    with pytest.raises(PhotoProblem, match=r"too large: 1 megapixels \(1000 x 1000 px\)"):
        pipeline(folders, RUHR_PHOTO_MAX_PIXELS=500_000).photo("square.png")


def test_a_problem_is_reported_again_without_new_work(folders):
    src, _, _ = folders
    (src / "notes.jpg").write_text("kein Bild")
    pipe = pipeline(folders)
    for _ in range(2):
        with pytest.raises(PhotoProblem):
            pipe.photo("notes.jpg")
    assert images.stats()["sources"] == 1


def test_check_photo_file_reads_only_the_header(folders):
    src, _, _ = folders
    png_bomb(src / "bomb.png")
    camera_jpeg(src / "fine.jpg", size=(600, 400))
    images.check_photo_file(src / "fine.jpg")
    with pytest.raises(PhotoProblem, match="too large"):
        images.check_photo_file(src / "bomb.png")
    assert images.stats()["decoded"] == 0


# -- the picture macro -----------------------------------------------------------------------------
def render_picture(photo, alt, sizes, hero):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"),
                             trim_blocks=True, lstrip_blocks=True)
    template = env.from_string('{% from "macros/picture.html" import picture %}'
                               "{{ picture(photo, alt, sizes, hero=hero) }}")
    return template.render(photo=photo, alt=alt, sizes=sizes, hero=hero)


def test_picture_macro(folders):
    src, _, _ = folders
    camera_jpeg(src / "site-visit.jpg", size=(1800, 1200))
    photo = pipeline(folders).photo("site-visit.jpg")
    html = render_picture(photo, 'Luftbild "Hafen" & Kai', "(min-width: 60em) 50vw, 100vw", False)
    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert f'<source type="image/webp" srcset="{photo.sources[0]["srcset"]}"' in html
    assert 'sizes="(min-width: 60em) 50vw, 100vw"' in html
    assert f'src="{photo.src}"' in html and f'width="{photo.width}" height="{photo.height}"' in html
    assert 'alt="Luftbild &#34;Hafen&#34; &amp; Kai"' in html
    assert 'loading="lazy"' in html and "fetchpriority" not in html
    hero = render_picture(photo, "Luftbild", "100vw", True)
    assert 'fetchpriority="high"' in hero and "loading=" not in hero


# -- social cards ----------------------------------------------------------------------------------
PLACES = [(51.51, 7.47), (51.43, 6.76), (51.46, 7.01), (51.68, 7.82), (51.48, 7.22)]
CARD = dict(title="Gewerbegebiet Westfalenhütte mit einem sehr langen Namen, der umbrechen muss",
            fact="12,5 ha · GI · A 2 (2 km)", label="Fläche · Dortmund", footer="Metropole Ruhr · Standorte",
            place=(51.53, 7.49))


def test_card_is_1200_by_630_deterministic_and_cached(tmp_path):
    images.reset_stats()
    first = cards.CardMaker(tmp_path / "out1", tmp_path / "cache", places=PLACES).card("site-x-de", **CARD)
    assert (first.width, first.height, first.type) == (1200, 630, "image/png")
    assert first.url == "/" + first.file and first.alt.startswith("Fläche · Dortmund: Gewerbegebiet")
    with Image.open(tmp_path / "out1" / first.file) as image:
        assert image.size == (1200, 630)
        rgb = image.convert("RGB")
        assert rgb.getpixel((5, 5)) == (0, 74, 128)  # brand blue
        assert rgb.getpixel((600, 625)) == (255, 204, 0)  # accent stripe
        assert "exif" not in image.info and not image.getexif()
        assert (255, 255, 255) in {colour for _, colour in rgb.getcolors(256)}  # text drawn
    assert images.stats()["cards_rendered"] == 1

    again = cards.CardMaker(tmp_path / "out2", tmp_path / "cache", places=PLACES).card("site-x-de", **CARD)
    assert images.stats()["cards_cached"] == 1 and images.stats()["cards_rendered"] == 1
    assert again == first
    assert (tmp_path / "out2" / again.file).read_bytes() == (tmp_path / "out1" / first.file).read_bytes()
    # Same input, drawn from scratch in another cache: the same bytes.
    fresh = cards.CardMaker(tmp_path / "out3", tmp_path / "cache3", places=PLACES).card("site-x-de", **CARD)
    assert (tmp_path / "out3" / fresh.file).read_bytes() == (tmp_path / "out1" / first.file).read_bytes()
    assert images.stats()["cards_rendered"] == 2

    other = cards.CardMaker(tmp_path / "out1", tmp_path / "cache", places=PLACES).card(
        "site-x-de", **{**CARD, "fact": "8 ha"})
    assert other.file != first.file


def test_cards_drawn_in_parallel_processes_are_the_same(tmp_path, monkeypatch):
    specs = [cards.CardSpec(f"site-{i}-de", **{**CARD, "title": f"Fläche {i}", "place": (51.4 + i / 100, 7.0)})
             for i in range(6)]
    serial = cards.CardMaker(tmp_path / "a", tmp_path / "cache-a", places=PLACES).cards(specs)
    monkeypatch.setattr(cards, "MIN_CARDS_PER_PROCESS", 1)
    parallel = cards.CardMaker(tmp_path / "b", tmp_path / "cache-b", {"RUHR_WRITE_PROCESSES": 2},
                               places=PLACES).cards(specs)
    assert parallel == serial
    for card in serial:
        assert (tmp_path / "a" / card.file).read_bytes() == (tmp_path / "b" / card.file).read_bytes()


def test_card_without_place_has_no_locator(tmp_path):
    card = cards.render("Logistik", "Beschäftigte: 125.000", label="Branche", places=PLACES).convert("RGB")
    located = cards.render("Logistik", "Beschäftigte: 125.000", label="Branche", places=PLACES,
                           place=(51.5, 7.4)).convert("RGB")
    right = (800, 100, 1130, 520)
    assert card.crop(right).getcolors(1) == [(330 * 420, (0, 74, 128))]  # plain background
    assert located.crop(right).getcolors(1) is None  # the map is there


@pytest.mark.parametrize("deflate", ["default", "zlib"])
def test_card_png_is_valid_and_lossless(monkeypatch, deflate):
    if deflate == "zlib":  # the fallback without the isal package
        monkeypatch.setattr(cards, "DEFLATE", zlib.compress)
    image = cards.render(CARD["title"], CARD["fact"], label=CARD["label"], place=CARD["place"], places=PLACES)
    data = cards.to_png(image)
    with Image.open(BytesIO(data)) as png:
        png.load()  # checks every chunk's CRC
        assert (png.format, png.mode, png.size) == ("PNG", "P", (1200, 630))
        assert png.tobytes() == image.tobytes()
        assert png.convert("RGB").tobytes() == image.convert("RGB").tobytes()
        assert not png.info and not png.getexif()


def test_card_text_contrast_is_aa():
    def luminance(hex_colour):
        channels = [int(hex_colour[i: i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    colours = images.ruhr_settings.DEFAULTS["RUHR_CARD_COLOURS"]
    light, dark = sorted((luminance(colours["text"]), luminance(colours["background"])), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_long_words_wrap_inside_the_card():
    lines = cards.wrap("Grundstücksentwicklungsgesellschaftsvertragsverhandlung " * 3, "bold", 68, 500, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(cards.width_of("bold", 68, line) <= 500 for line in lines)


# -- the demo photos -------------------------------------------------------------------------------
def test_demo_photos_are_usable_and_carry_metadata_to_strip():
    photos = sorted((ROOT / "content" / "photos").glob("*.jpg"))
    assert len(photos) >= 12
    for path in photos:
        images.check_photo_file(path)
        with Image.open(path) as image:
            assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo), f"{path.name}: demo photo should carry GPS"
            assert 100_000 <= path.stat().st_size <= 260_000
    assert "CC0" in (ROOT / "content" / "photos" / "CREDITS.md").read_text()


def test_demo_photos_are_the_scripts_output(tmp_path):
    spec = importlib.util.spec_from_file_location("make_demo_photos", ROOT / "scripts" / "make_demo_photos.py")
    make_demo_photos = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_demo_photos)
    only = {make_demo_photos.SIDEWAYS, make_demo_photos.WITH_ICC}
    make_demo_photos.make(tmp_path, only=only)
    for name in only:
        assert (tmp_path / f"{name}.jpg").read_bytes() == (ROOT / "content" / "photos" / f"{name}.jpg").read_bytes()


def test_stats_hook_reports_the_figures(folders, tmp_path):
    src, out, cache = folders
    Image.new("RGB", (1000, 800), "orange").save(src / "b.png")
    camera_jpeg(src / "a.jpg", size=(1800, 1200))
    first = pipeline(folders)
    made = [first.photo("a.jpg"), first.photo("b.png"), first.photo("a.jpg")]  # a.jpg asked for twice
    cards.CardMaker(out, cache / "cards", places=PLACES).card("site-x-de", **CARD)
    cards.CardMaker(out, cache / "cards", places=PLACES).card("site-x-en", **CARD)  # same picture: cached
    figures = images.stats()
    seconds = figures.pop("seconds")
    files = len(made[0].files) + len(made[1].files)
    assert figures == {"requests": 3, "sources": 2, "decoded": 2, "cache_hits": 0, "files_written": files,
                       "cards_rendered": 1, "cards_cached": 1}
    assert seconds > 0
    assert images.summary() == (f"images: 2 photos (2 decoded, 0 from cache), {files} files; social cards: 1 "
                                f"drawn, 1 from cache; {seconds:.2f} s of work")

    images.reset_stats()  # the next build: everything from the cache
    PhotoPipeline(src, tmp_path / "output2", cache).photo("b.png")
    figures = images.stats()
    figures.pop("seconds")
    assert figures == {"requests": 1, "sources": 1, "decoded": 0, "cache_hits": 1, "files_written": len(made[1].files),
                       "cards_rendered": 0, "cards_cached": 0}
