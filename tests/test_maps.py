"""Maps, locator images and open data, unit level (the browser tests are in test_maps_browser.py)."""

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import geojson
import pytest
from jinja2.utils import htmlsafe_json_dumps
from PIL import Image

from map_fixtures import MUNICIPALITIES, ROOT, make_sites, many_sites, render_block
from ruhr.core import i18n
from ruhr.site import locator, maps, opendata
from ruhr.settings import DEFAULTS

SETTINGS = {"SITEURL": "https://standorte.example"}


@pytest.fixture(scope="module")
def german():
    """gettext of the real German catalog."""
    translations, problems = i18n.load_translations(str(ROOT / "theme"), "de", "en")
    assert not problems
    return translations.gettext


@pytest.fixture
def maker():
    return maps.MapMaker(SETTINGS, MUNICIPALITIES)


def site(lang="de", index=0):
    return make_sites()[lang][index]


def all_views(mm):
    sites = make_sites()
    return [
        mm.site_map(site("de")),
        mm.site_map(site("en", 2)),
        mm.sites_map("overview", sites["en"], "en", cluster=True),
        mm.sites_map("municipality-dortmund", sites["de"][:1], "de", municipality="Dortmund"),
        mm.sites_map("sector-logistik", sites["de"][:2], "de", sector="Logistik"),
    ]


# -- maps ----------------------------------------------------------------------------------------------


def test_map_asks_for_nothing_from_another_host(maker):
    tiles = DEFAULTS["RUHR_MAP_TILES_URL"]
    for view in all_views(maker):
        # Assets are the site's own; the page fragment names no other host at all.
        assert all(url.startswith("/theme/vendor/") for url in view.css + view.js)
        assert view.script_url.startswith("/maps/") and view.locator_url.startswith("/maps/")
        page = render_block(view, view.lang)
        assert not re.search(r"https?://|//[a-z]", page.replace(' href="/', "").replace(' src="/', ""))
        # The script's only URLs: the tile template (used after consent) and the attribution's link.
        urls = set(re.findall(r"https?://[^\"\s\\]+", view.script))
        assert urls == {tiles, "https://www.openstreetmap.org/copyright"}
        assert "$(" not in view.script and "jquery" not in view.script.lower()


def test_map_ids_follow_the_map_id_and_builds_repeat(maker):
    first = all_views(maker)
    second = all_views(maps.MapMaker(SETTINGS, MUNICIPALITIES))
    assert [(v.html, v.script, v.script_path) for v in first] == [(v.html, v.script, v.script_path) for v in second]
    view = first[0]
    assert view.name == "map_site_dortmund_westfalenhuette_de_1"
    assert view.html == f'<div class="folium-map" id="{view.name}" ></div>'
    assert not re.search(r"[0-9a-f]{32}", view.script)  # no random branca id left
    assert f'L.map(\n"{view.name}"' in view.script


def test_detail_maps_are_what_folium_writes(maker):
    """Detail maps are stamped from one folium map per language: the stamp must equal folium's own map."""
    odd = make_sites([("x-y", "essen", 51.123457, 7.123457, 5, "sold", None, "[51.123457, 7.123457] #name#",
                       "zzz_stamp_0 </script>", "a", "b")])
    def mark(msgid):
        return "»" + msgid

    for item in make_sites()["de"] + make_sites()["en"] + odd["de"] + odd["en"]:
        view = maker.site_map(item, gettext=mark)
        marker = maps.site_marker(item, maker.facts(item.lang, mark))
        made = maps._folium_map(view.id, [marker], ["»Area", "»Status"], False,
                                maker.tiles_url, maker.attribution, maker.max_zoom, maker._assets(False))
        assert (view.name, view.html, view.script) == made
        if item in odd["de"] + odd["en"]:
            continue
        # And what the map must say, independently of the project's helper: centred on the site, its row.
        assert view.script.startswith(f'var {view.name} = L.map(\n"{view.name}",\n{{\ncenter: '
                                      f'[{json.dumps(marker.lat)}, {json.dumps(marker.lon)}],\ncrs: L.CRS.EPSG3857,\n')
        assert f'\n"zoom": {maps.SITE_ZOOM},\n' in view.script and "\n\"scrollWheelZoom\": false,\n" in view.script
        assert f'L.tileLayer(\n"{DEFAULTS["RUHR_MAP_TILES_URL"]}",\n' in view.script
        # The status cell says the availability as the page's facts do (ruhr.core.availability), translated.
        assert marker.status.startswith("»"), marker.status
        row = [marker.lat, marker.lon, item.title, item.url, marker.area, marker.status]
        assert f"var data = {htmlsafe_json_dumps([row])};" in view.script


def test_overview_is_one_data_array_and_one_callback(maker):
    sites = many_sites(120)["de"]
    view = maker.sites_map("overview", sites, "de", cluster=True)
    assert view.script.count("var data = ") == 1
    assert view.script.count("L.marker(") == 1 and view.script.count("bindPopup(") == 1
    assert view.script.count("L.markerClusterGroup(") == 1
    data = json.loads(re.search(r"var data = (\[.*\]);", view.script).group(1))
    assert len(data) == 120
    assert data[0][:3] == [sites[0].lat, sites[0].lon, "Fläche 0"]
    assert "maxZoom" in view.script.split("L.tileLayer")[0]  # a map option: clusters need it
    assert view.js[-1].endswith("/leaflet.markercluster.js")


def test_detail_map_marker_and_popup_facts(maker, german):
    view = maker.site_map(site("de"), gettext=german)
    data = json.loads(re.search(r"var data = (\[.*\]);", view.script).group(1))
    assert data == [[51.5301, 7.4924, "Gewerbegebiet Westfalenhütte", "/flaechen/westfalenhuette/",
                     "125.000\u00a0m²", "sofort verfügbar"]]
    assert '})(["Fläche", "Status"]);' in view.script and "L.markerClusterGroup" not in view.script
    assert view.js == ("/theme/vendor/leaflet-1.9.3/leaflet.js",)
    assert '"center": [51.5301, 7.4924]' in view.script or "center: [51.5301, 7.4924]" in view.script
    assert view.locator_alt == "Lage der Fläche Gewerbegebiet Westfalenhütte in Dortmund im Ruhrgebiet"
    english = maker.site_map(site("en"))
    assert english.locator_alt == "Location of the site Westfalenhütte business park in Dortmund, Ruhr area"
    assert english.markers[0].area == "125,000\u00a0m²" and english.markers[0].url == "/en/sites/westfalenhuette/"


def test_tile_settings_reach_the_script():
    settings = {"RUHR_MAP_TILES_URL": "https://tiles.agentur.example/osm/{z}/{x}/{y}.png",
                "RUHR_MAP_ATTRIBUTION": "Karten: Agentur", "RUHR_MAP_MAX_ZOOM": 17}
    view = maps.MapMaker(settings, MUNICIPALITIES).site_map(site())
    assert view.tile_host == "tiles.agentur.example"
    assert '"https://tiles.agentur.example/osm/{z}/{x}/{y}.png"' in view.script
    assert '"Karten: Agentur"' in view.script and '"maxZoom": 17' in view.script
    assert maps.tile_host("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "tile.openstreetmap.org"


def test_cached_map_scripts_are_reused(tmp_path):
    first = maps.MapMaker(SETTINGS, MUNICIPALITIES, cache_path=str(tmp_path)).site_map(site())
    cached = list((tmp_path / "maps").glob("map-*.json"))
    assert len(cached) == 1
    name, html, script = json.loads(cached[0].read_text())
    cached[0].write_text(json.dumps([name, html, script.replace("L.map(", "L.map( ")]))
    second = maps.MapMaker(SETTINGS, MUNICIPALITIES, cache_path=str(tmp_path)).site_map(site())
    assert second.script == first.script.replace("L.map(", "L.map( ")


def test_write_puts_script_locator_and_vendor_files_in_place(maker, tmp_path):
    views = all_views(maker)
    for view in views:
        maker.write(view, str(tmp_path))
        assert (tmp_path / view.script_path).read_text() == view.script
        assert (tmp_path / view.locator_path).read_bytes() == view.locator.png
    maker.write_vendor(str(tmp_path))
    # Every asset a map names is the library's own file (from the xstatic packages), byte for byte.
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as markercluster
    source = {"leaflet-1.9.3": leaflet.BASE_DIR, "leaflet.markercluster-1.4.1": markercluster.BASE_DIR}
    for view in views:
        for url in view.css + view.js + ("/theme/vendor/leaflet-1.9.3/images/marker-icon.png",
                                         "/theme/vendor/leaflet-1.9.3/images/marker-shadow.png"):
            folder, name = re.fullmatch(r"/theme/vendor/([^/]+)/(.+)", url).groups()
            assert (tmp_path / url.lstrip("/")).read_bytes() == (Path(source[folder]) / name).read_bytes(), url


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_map_block_before_consent(maker):
    view = maker.sites_map("sector-logistik", make_sites()["de"], "de", sector="Logistik")
    page = render_block(view, "de")
    parsed = _Page()
    parsed.feed(page)
    tags = parsed.tags
    img = next(attrs for tag, attrs in tags if tag == "img")
    assert img["src"] == view.locator_url and img["alt"] == view.locator_alt
    assert (img["width"], img["height"]) == ("640", "420")
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts == [{"src": "/theme/js/map-consent.js", "defer": None}]  # not the map's, not Leaflet
    assert not [attrs for tag, attrs in tags if tag == "link"]
    block = next(attrs for tag, attrs in tags if "data-map" in attrs)
    assert block["data-map-script"] == view.script_url and block["data-map-name"] == view.name
    button = next(attrs for tag, attrs in tags if tag == "button")
    assert button["type"] == "button" and "data-map-load" in button
    assert "Load map" in page and "tile.openstreetmap.org" in page
    # The same sites as a table, linked, with area and status; names escaped.
    links = [attrs["href"] for tag, attrs in tags if tag == "a"]
    assert links == [m.url for m in view.markers]
    assert "Grüne Mitte &#34;Nord&#34; &amp; &lt;Süd&gt;" in page
    assert page.count("<tr>") == len(view.markers) + 1
    assert "4 sites on the map" in page


# -- locator -------------------------------------------------------------------------------------------


def test_locators_drawn_by_forked_workers_are_the_ones_drawn_in_place(tmp_path):
    """The cold build draws missing locators on both cores (LocatorMaker.prepare): the same bytes."""
    places = [[(51.40 + i * 0.002, 6.80 + i * 0.004)] for i in range(120)]
    prepared = locator.LocatorMaker(MUNICIPALITIES, cache_path=tmp_path)
    prepared.prepare(places, processes=2)
    assert len(list(tmp_path.glob("locator-*.png"))) == 120
    for where in places[::17]:
        assert prepared.locator(where).png == locator.LocatorMaker(MUNICIPALITIES).locator(where).png


def test_locator_is_small_deterministic_and_marks_the_site():
    where = (51.5301, 7.4924)
    first = locator.LocatorMaker(MUNICIPALITIES).locator([where])
    again = locator.LocatorMaker(MUNICIPALITIES).locator([where])
    assert first.png == again.png and first.key == again.key
    assert first.png.startswith(b"\x89PNG") and len(first.png) < 30_000
    image = Image.open(io.BytesIO(first.png)).convert("RGB")
    assert image.size == (640, 420)
    x, y = locator.LocatorMaker(MUNICIPALITIES).frame([where]).project(*where)
    assert _near(image.getpixel((int(x), int(y))), locator.SITE)
    assert _near(image.getpixel((int(x) + 40, int(y) + 40)), locator.BACKGROUND)
    # Every municipality is a dot.
    frame = locator.LocatorMaker(MUNICIPALITIES).frame([where])
    for m in MUNICIPALITIES:
        assert _near(image.getpixel(tuple(int(c) for c in frame.project(m["lat"], m["lon"]))), locator.TOWN)


def test_locator_scale_is_true_at_the_centre_latitude():
    frame = locator.LocatorMaker(MUNICIPALITIES).frame()
    # 10 km east and 10 km north of the centre, in degrees, are 10 km * scale pixels away.
    import math
    km_per_degree = 6371.0088 * math.pi / 180  # mean earth radius (IUGG), independent of the code
    dlon = 10 / (km_per_degree * math.cos(math.radians(frame.lat0)))
    dlat = 10 / km_per_degree
    x0, y0 = frame.project(frame.lat0, frame.lon0)
    x1, _ = frame.project(frame.lat0, frame.lon0 + dlon)
    _, y1 = frame.project(frame.lat0 + dlat, frame.lon0)
    assert x1 - x0 == pytest.approx(10 * frame.scale) and y0 - y1 == pytest.approx(10 * frame.scale)
    assert 3 < frame.scale < 8  # the region (~100 km across) fills the 640 px image


def test_locator_several_sites_and_cache(tmp_path):
    points = [(51.41, 6.73), (51.68, 7.09), (51.53, 7.49)]
    maker = locator.LocatorMaker(MUNICIPALITIES, cache_path=str(tmp_path))
    result = maker.locator(points)
    frame = maker.frame(points)
    image = Image.open(io.BytesIO(result.png)).convert("RGB")
    for point in points:
        assert _near(image.getpixel(tuple(int(c) for c in frame.project(*point))), locator.SITE)
    assert (tmp_path / f"locator-{result.key}.png").read_bytes() == result.png
    assert maker.locator(list(reversed(points))).key == result.key  # order does not matter
    # A second build takes the image from the cache.
    cached = b"\x89PNG\r\n\x1a\n(cached)IEND\xaeB`\x82"
    (tmp_path / f"locator-{result.key}.png").write_bytes(cached)
    assert locator.LocatorMaker(MUNICIPALITIES, cache_path=str(tmp_path)).locator(points).png == cached
    # A damaged entry (cut off by a killed build of old) is drawn anew.
    (tmp_path / f"locator-{result.key}.png").write_bytes(result.png[:100])
    assert locator.LocatorMaker(MUNICIPALITIES, cache_path=str(tmp_path)).locator(points).png == result.png


def test_alt_text_names_the_place(german):
    assert locator.alt_text([("Westfalenhütte", "Dortmund")], gettext=german) == \
        "Lage der Fläche Westfalenhütte in Dortmund im Ruhrgebiet"
    assert locator.alt_text([("Westfalenhütte", "Dortmund")]) == \
        "Location of the site Westfalenhütte in Dortmund, Ruhr area"
    assert locator.alt_text([("A", "Essen"), ("B", "Bochum"), ("C", "Hagen")], sector="Logistik", gettext=german) == \
        "Lage der 3 Flächen für die Branche Logistik in Bochum, Essen und Hagen im Ruhrgebiet"
    assert locator.alt_text([("A", "Essen")], sector="Logistics") == \
        "Location of the site A for the Logistics sector in Essen, Ruhr area"
    assert locator.alt_text([("A", "Essen"), ("B", "Essen")], municipality="Essen") == \
        "Location of the 2 sites in Essen, Ruhr area"
    many = [(f"S{i}", f"Town {i}") for i in range(8)]
    assert locator.alt_text(many, gettext=german) == "Lage der 8 Flächen in 8 Kommunen im Ruhrgebiet"
    assert locator.alt_text(many) == "Location of the 8 sites in 8 municipalities, Ruhr area"


def _near(pixel, colour, tolerance=40):
    return sum(abs(a - b) for a, b in zip(pixel, colour)) <= tolerance


# -- open data -----------------------------------------------------------------------------------------


def test_sites_geojson_and_csv(tmp_path):
    model = type("Model", (), {"sites": make_sites()})
    opendata.write(model, SETTINGS, str(tmp_path))
    text = (tmp_path / "sites.geojson").read_text(encoding="utf-8")
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    features = collection["features"]
    assert [f["id"] for f in features] == sorted(s.id for s in make_sites()["de"])
    essen = next(f for f in features if f["id"] == "essen-gruene-mitte")
    assert essen["geometry"]["coordinates"] == [7.0049, 51.4607]
    expected = {
        "id": "essen-gruene-mitte", "name_de": "Grüne Mitte \"Nord\" & <Süd>",
        "name_en": "Green centre \"North\" & <South>", "municipality": "Essen", "municipality_key": "essen",
        "area_m2": 8500, "zoning": "GI", "status": "sold", "price_per_m2_eur": 240.5,
        "url_de": "https://standorte.example/flaechen/gruene-mitte/",
        "url_en": "https://standorte.example/en/sites/green-centre/", "last_verified": "2026-10-01",
    }
    assert {k: essen["properties"][k] for k in expected} == expected
    # Every other fact the pages show has its column, empty where these sites have no value.
    assert set(essen["properties"]) > set(expected) | {"rail_siding", "motorway_km", "power_mva", "sectors",
                                                       "contact_email", "available_from"}
    logport = next(f for f in features if f["id"] == "duisburg-logport-6")
    assert logport["properties"]["price_per_m2_eur"] is None  # on request

    raw = (tmp_path / "sites.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == len(features)
    row = next(r for r in rows if r["id"] == "essen-gruene-mitte")
    assert row["name_de"] == "Grüne Mitte \"Nord\" & <Süd>" and row["area_m2"] == "8500"
    assert row["lat"] == "51.4607" and row["lon"] == "7.0049"
    assert next(r for r in rows if r["id"] == "duisburg-logport-6")["price_per_m2_eur"] == ""

    # A second build writes the same bytes.
    again = tmp_path / "again"
    opendata.write(model, SETTINGS, str(again))
    assert (again / "sites.geojson").read_text(encoding="utf-8") == text
    assert (again / "sites.csv").read_bytes() == raw


@pytest.mark.parametrize("url,lang", [("/flaechen/", "de"), ("/en/sites/", "en")])
def test_every_map_popup_says_the_area_as_its_site_page_does(built_site, url, lang):
    """The maps format numbers with the pages' formatter (ruhr.core.i18n): each site's area in the overview
    map's data is the text of the Area row on the site's page, in the page's language."""
    listing = (built_site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    script = re.search(r'"(/maps/overview-[^"]+\.js)"', listing).group(1)
    rows = json.loads(re.search(r"var data = (\[.*\]);", (built_site / script.lstrip("/")).read_text()).group(1))
    assert len(rows) == 16
    label = {"de": "Fläche", "en": "Area"}[lang]
    digits = {"de": r"\d{1,3}(\.\d{3})*", "en": r"\d{1,3}(,\d{3})*"}[lang]
    for lat, lon, title, site_url, area, status in rows:
        page = (built_site / site_url.lstrip("/") / "index.html").read_text(encoding="utf-8")
        shown = re.search(rf'<th scope="row">{label}</th><td>([^<]*)</td>', page).group(1)
        assert area == shown and re.fullmatch(digits + "\u00a0m²", area), (site_url, area, shown)
