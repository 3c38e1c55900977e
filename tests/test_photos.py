"""Photos and social cards in the real site: what is published, how pages use it, and how a bad photo stops
the build (`path:line: field: message`, output/ untouched). Real builds, real Pillow, no mocks."""

import gzip
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from test_images import png_bomb
from test_validation import expect, stopped  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT / "content" / "photos"
SITEURL = "http://localhost:8000"


def front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def with_photos(folder):
    """(id, German front matter, English front matter) of each item in content/<folder> that has photos."""
    for de in sorted((ROOT / "content" / folder).glob("*.de.md")):
        meta = front_matter(de)
        if meta.get("photos"):
            yield de.name[:-6], meta, front_matter(de.with_name(de.name.replace(".de.md", ".en.md")))


def pages(kind, item_id, en):
    base = {"sites": ("/flaechen/", "/en/sites/"), "sectors": ("/branchen/", "/en/sectors/"),
            "stories": ("/erfolgsgeschichten/", "/en/stories/")}[kind]
    return (("de", f"{base[0]}{item_id}/"), ("en", f"{base[1]}{en.get('slug') or item_id}/"))


def soup(read_page, url):
    return BeautifulSoup(read_page(url), "html.parser")


def local(built_site, url):
    return built_site / url.removeprefix(SITEURL).lstrip("/")


# -- the demo content ----------------------------------------------------------------------------
def test_demo_content_has_photos_on_half_the_sites_and_no_story_repeats_an_unrelated_photo():
    sites = list((ROOT / "content" / "sites").glob("*.de.md"))
    assert len(list(with_photos("sites"))) * 2 >= len(sites)
    # docs/design.md: a photo shows a place; a story shows its own site's photo or none.
    site_photos = {site_id: {p["file"] for p in de["photos"]} for site_id, de, _ in with_photos("sites")}
    stories = list(with_photos("stories"))
    assert len(stories) >= 4
    for story_id, de, _ in stories:
        assert {p["file"] for p in de["photos"]} <= site_photos.get(de.get("site"), set()), story_id
    for folder in ("sites", "sectors", "stories"):
        for _, de, en in with_photos(folder):
            assert [p["file"] for p in de["photos"]] == [p["file"] for p in en["photos"]]
            assert all(p["alt"].strip() and p["alt"] != q["alt"] for p, q in zip(de["photos"], en["photos"]))
    assert "CC0" in (ROOT / "content" / "pages" / "impressum.de.md").read_text(encoding="utf-8")
    assert "CC0" in (ROOT / "content" / "pages" / "impressum.en.md").read_text(encoding="utf-8")


# -- what is published ---------------------------------------------------------------------------
def test_no_published_image_carries_metadata(built_site):
    published = [p for p in built_site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".webp", ".png")]
    assert len(published) > 50
    originals = {p.read_bytes() for p in PHOTOS.glob("*.jpg")}
    for path in published:
        data = path.read_bytes()
        assert data not in originals, f"{path.name}: an original photo was published"
        for secret in (b"Exif\x00\x00", b"Projekt Metropole Ruhr", b"Luftbildkamera", b"make_demo_photos",
                       b"ICC_PROFILE", b"http://ns.adobe.com"):
            assert secret not in data, f"{path.relative_to(built_site)} contains {secret!r}"
        with Image.open(path) as image:
            assert not image.getexif(), path.name
            assert not {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info), \
                (path.name, image.info.keys())


def test_every_img_has_alt_width_and_height(built_site):
    count = 0
    for path in built_site.rglob("*.html"):
        for img in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all("img"):
            count += 1
            where = f"{path.relative_to(built_site)}: {img}"
            assert img.has_attr("alt"), where
            if not img["alt"].strip():  # only the thumbnails in cards are decorative
                assert img.find_parent(class_="card-photo") or "card-photo" in img.get("class", []), where
            assert int(img["width"]) > 0 and int(img["height"]) > 0, where
            src = local(built_site, img["src"])
            with Image.open(src) as image:
                assert image.size == (int(img["width"]), int(img["height"])), where
            picture = img.find_parent("picture")
            srcsets = [img["srcset"]] + [s["srcset"] for s in picture.find_all("source")] if picture else []
            for candidate in ", ".join(srcsets).split(", ") if srcsets else []:
                url, _ = candidate.split()
                assert local(built_site, url).is_file(), (where, url)
    assert count > 40


@pytest.mark.parametrize("folder", ["sites", "sectors", "stories"])
def test_hero_is_eager_and_high_priority_the_rest_lazy_alt_in_the_pages_language(read_page, folder):
    for item_id, de, en in with_photos(folder):
        for lang, url in pages(folder, item_id, en):
            meta = de if lang == "de" else en
            main = soup(read_page, url).find("main")
            hero = main.select_one(".hero-photo img")
            assert hero["alt"] == meta["photos"][0]["alt"], url
            assert hero["fetchpriority"] == "high" and not hero.has_attr("loading"), url
            assert hero.find_parent("picture").find("source", type="image/webp"), url
            assert main.find("img") is hero, f"{url}: the hero must be the first image"
            gallery = [img["alt"] for img in main.select(".gallery img")]
            assert gallery == [p["alt"] for p in meta["photos"][1:]], url
            for img in main.select("picture img"):  # photos (the map's locator image is the maps' own)
                if img is not hero:
                    assert img["loading"] == "lazy" and not img.has_attr("fetchpriority"), (url, img)


def test_a_site_page_is_light(built_site, read_page):
    """HTML + CSS + JS of the heaviest site page, gzipped, before photos: at most 60 KB."""
    heaviest = 0
    for path in (built_site / "flaechen").glob("*/index.html"):
        html = path.read_text(encoding="utf-8")
        assets = re.findall(r'<(?:link rel="stylesheet" href|script[^>]* src)="(/[^"]+)"', html)
        size = len(gzip.compress(html.encode())) + sum(
            len(gzip.compress(local(built_site, a).read_bytes())) for a in assets)
        heaviest = max(heaviest, size)
    assert 0 < heaviest <= 60_000, heaviest


# -- social cards --------------------------------------------------------------------------------
@pytest.mark.parametrize("folder", ["sites", "sectors", "stories"])
def test_every_item_page_has_a_social_card_in_its_language(built_site, read_page, folder):
    ids = [p.name[:-6] for p in sorted((ROOT / "content" / folder).glob("*.de.md"))]
    for item_id in ids:
        en = front_matter(ROOT / "content" / folder / f"{item_id}.en.md")
        cards = {}
        for lang, url in pages(folder, item_id, en):
            head = soup(read_page, url).find("head")
            meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in head.find_all("meta")
                    if tag.get("property", "").startswith("og:image") or tag.get("name", "").startswith("twitter:")}
            assert meta["og:image"].startswith(SITEURL + "/cards/") and meta["og:image"].endswith(".png"), url
            assert meta["twitter:image"] == meta["og:image"] and meta["twitter:card"] == "summary_large_image"
            assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), url
            assert meta["og:image:alt"] == meta["twitter:image:alt"] and len(meta["og:image:alt"]) > 10, url
            title = (front_matter(ROOT / "content" / folder / f"{item_id}.{lang}.md"))["title"]
            assert title in meta["og:image:alt"], url
            with Image.open(local(built_site, meta["og:image"])) as image:
                assert image.size == (1200, 630) and image.format == "PNG", url
            cards[lang] = meta["og:image"]
        assert cards["de"] != cards["en"]


def test_cards_can_be_switched_off(project):
    code, printed = project.build(RUHR_SOCIAL_CARDS=False)
    assert code == 0, printed
    html = (project.output / "flaechen" / "bergkamen-kanalhafen" / "index.html").read_text(encoding="utf-8")
    assert "og:image" not in html and "twitter:image" not in html
    assert not (project.output / "cards").exists()
    assert list((project.output / "photos").glob("*.webp"))


# -- once per build, cached between builds -------------------------------------------------------
def test_each_photo_is_processed_once_and_a_rebuild_decodes_nothing(project):
    stats = project.base / "cache" / "images" / "stats.json"
    code, printed = project.build()
    assert code == 0, printed
    cold = json.loads(stats.read_text())
    used = {p["file"] for folder in ("sites", "sectors", "stories") for _, de, _ in with_photos(folder)
            for p in de["photos"]}
    assert cold["sources"] == cold["decoded"] == len(used)
    assert cold["requests"] > 2 * len(used)  # both languages, shared photos: asked often, made once
    assert cold["cards_rendered"] > 0 and cold["cards_cached"] == 0
    first = {p.name: p.read_bytes() for p in (project.output / "photos").iterdir()}

    code, printed = project.build(RUHR_UPTODATE_CHECK=False)  # with work to do, though nothing changed
    assert code == 0, printed
    warm = json.loads(stats.read_text())
    assert warm["decoded"] == 0 and warm["cache_hits"] == len(used)
    assert warm["cards_rendered"] == 0 and warm["cards_cached"] == cold["cards_rendered"]
    assert {p.name: p.read_bytes() for p in (project.output / "photos").iterdir()} == first


# -- bad photos stop the build -------------------------------------------------------------------
SITE = "content/sites/bergkamen-kanalhafen.de.md"
SITE_EN = SITE.replace(".de.md", ".en.md")


def photo_line(project, relpath, index=0, key="file"):
    lines = (project.base / relpath).read_text(encoding="utf-8").splitlines()
    start = lines.index("photos:")
    found = [n for n, line in enumerate(lines[start:], start + 1) if line.startswith("  - file:")][index]
    return found if key == "file" else found + 1


def test_missing_photo_file(project, stopped):
    for relpath in (SITE, SITE_EN):
        project.edit(relpath, "file: industriegebiet-kanal.jpg", "file: kanal-fehlt.jpg")
    expect(stopped(), SITE, photo_line(project, SITE), "photos[0].file", "'kanal-fehlt.jpg' not found")


def test_missing_alt_text_in_english(project, stopped):
    lines = (project.base / SITE_EN).read_text(encoding="utf-8").split("\n")
    line = photo_line(project, SITE_EN, 1)
    del lines[line]  # the `alt:` under the second photo
    (project.base / SITE_EN).write_text("\n".join(lines), encoding="utf-8")
    expect(stopped(), SITE_EN, line, "photos[1].alt", "missing required field")


def test_blank_alt_text(project, stopped):
    line = photo_line(project, SITE_EN, 0, "alt")
    text = (project.base / SITE_EN).read_text(encoding="utf-8").split("\n")
    text[line - 1] = '    alt: " "'
    (project.base / SITE_EN).write_text("\n".join(text), encoding="utf-8")
    expect(stopped(), SITE_EN, line, "photos[0].alt", "missing required field")  # blank is missing


def test_alt_text_that_is_the_file_name(project, stopped):
    line = photo_line(project, SITE, 1, "alt")
    text = (project.base / SITE).read_text(encoding="utf-8").split("\n")
    text[line - 1] = "    alt: gleisanschluss.jpg"
    (project.base / SITE).write_text("\n".join(text), encoding="utf-8")
    expect(stopped(), SITE, line, "photos[1].alt", "is the file name")


def test_truncated_photo(project, stopped):
    photo = project.content / "photos" / "industriegebiet-kanal.jpg"
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 2])
    printed = stopped()
    expect(printed, SITE, photo_line(project, SITE), "photos[0].file",
           "content/photos/industriegebiet-kanal.jpg: the image data is truncated or damaged",
           "fix: export or copy the photo again")
    # Every item that uses the photo is named, once, in its German file.
    assert printed.count("industriegebiet-kanal.jpg: the image data is truncated") == sum(
        "industriegebiet-kanal.jpg" in p.read_text(encoding="utf-8") for p in project.content.rglob("*.de.md"))


def test_file_that_is_not_an_image(project, stopped):
    (project.content / "photos" / "gleisanschluss.jpg").write_text("Das ist kein Foto.\n", encoding="utf-8")
    expect(stopped(), SITE, photo_line(project, SITE, 1), "photos[1].file",
           "content/photos/gleisanschluss.jpg: not an image this build can read")


def test_decompression_bomb(project, stopped):
    png_bomb(project.content / "photos" / "gleisanschluss.jpg")
    expect(stopped(), SITE, photo_line(project, SITE, 1), "photos[1].file",
           "image too large: 900 megapixels", "decompression bomb")
