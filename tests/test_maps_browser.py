"""Maps in real headless Chromium: nothing loads before consent, then Leaflet, the map and the tiles.

The pages are made from the real map macro, map-consent.js, map.css and the maps module's output, served
from 127.0.0.1; the tile URL points at a small tile server on another port that serves one PNG for any
/z/x/y.png and records what it was asked for.
"""

import io
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from PIL import Image

from map_fixtures import MUNICIPALITIES, ROOT, environment, make_sites, many_sites
from ruhr.maps import MapMaker

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OVERVIEW_SITES = 60
WAIT_MS = 20_000  # a ceiling for waiting, not a measured time


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Tiles(_Quiet):
    png = None
    asked = []

    def do_GET(self):
        if not re.fullmatch(r"/\d+/\d+/\d+\.png", self.path):
            self.send_error(404)
            return
        type(self).asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.png)))
        self.end_headers()
        self.wfile.write(self.png)


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def tiles():
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(buffer, "PNG")
    handler = type("Tiles", (_Tiles,), {"png": buffer.getvalue(), "asked": []})
    server = _serve(handler)
    yield handler, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/theme/css/map.css"></head>
<body><main><h1>{title}</h1>
{body}
<p><a href="/" id="after">Next link after the map</a></p>
</main></body></html>
"""


@pytest.fixture(scope="module")
def site(tiles, tmp_path_factory):
    """A small built site: a site page, the overview, the privacy page; returns its origin and facts."""
    out = tmp_path_factory.mktemp("output")
    _, tile_origin = tiles
    maker = MapMaker({"RUHR_MAP_TILES_URL": tile_origin + "/{z}/{x}/{y}.png"}, MUNICIPALITIES)
    env = environment()
    macros = env.get_template("macros/map.html").module
    detail_site = make_sites()["de"][0]
    detail = maker.site_map(detail_site)
    overview_sites = many_sites(OVERVIEW_SITES)["de"]
    overview = maker.sites_map("overview", overview_sites, "de", cluster=True)
    pages = {
        "flaechen/westfalenhuette/index.html": ("Westfalenhütte", macros.map_block(detail, "de")),
        "flaechen/index.html": ("Flächen", macros.map_block(overview, "de")),
        "datenschutz/index.html": ("Datenschutz", macros.map_consent_withdraw()),
    }
    for path, (title, body) in pages.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(PAGE.format(lang="de", title=title, body=body), encoding="utf-8")
    for view in (detail, overview):
        maker.write(view, str(out))
    maker.write_vendor(str(out))
    for name in ("js/map-consent.js", "css/map.css"):
        (out / "theme" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "theme" / "static" / name, out / "theme" / name)
    server = _serve(partial(_Quiet, directory=str(out)))
    yield {"origin": f"http://127.0.0.1:{server.server_port}", "detail": detail, "detail_site": detail_site,
           "overview": overview, "overview_sites": overview_sites}
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tiles):
    handler, _ = tiles
    handler.asked.clear()
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def _open_page(page, url):
    page.goto(url)
    page.wait_for_selector("[data-map-controls]:not([hidden]), [data-map-withdraw-block]:not([hidden])",
                           timeout=WAIT_MS)


def _origins(urls):
    return {"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in urls if not url.startswith("data:")}


def _wait_for_map(page, view):
    page.wait_for_selector(f'[data-map-name="{view.name}"][data-map-state="open"]', timeout=WAIT_MS)
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0", timeout=WAIT_MS)


def _nothing_of_the_map_requested(page, site, tiles):
    handler, _ = tiles
    assert _origins(page.requests) == {site["origin"]}
    assert not [url for url in page.requests if "/theme/vendor/" in url or re.search(r"/maps/.*\.js$", url)]
    assert handler.asked == []


def test_site_page_loads_nothing_of_the_map_before_the_click(page, site, tiles):
    _open_page(page, site["origin"] + "/flaechen/westfalenhuette/")
    page.wait_for_load_state("networkidle")
    _nothing_of_the_map_requested(page, site, tiles)
    assert page.locator("img.map__locator").evaluate("img => img.complete && img.naturalWidth") == 640
    assert page.locator(".leaflet-container").count() == 0


def test_after_the_click_tiles_load_and_the_marker_is_on_the_site(page, site, tiles):
    handler, tile_origin = tiles
    view, facts = site["detail"], site["detail_site"]
    _open_page(page, site["origin"] + "/flaechen/westfalenhuette/")
    page.get_by_role("button", name="Load map").click()
    _wait_for_map(page, view)
    assert handler.asked and all(re.fullmatch(r"/15/\d+/\d+\.png", path) for path in handler.asked)
    assert _origins(page.requests) == {site["origin"], tile_origin}
    # The marker icon's anchor (bottom centre, Leaflet's default icon) is at the site's coordinates.
    offset = page.evaluate(
        """([name, lat, lon]) => {
            const map = window[name];
            const point = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            const icon = map.getContainer().querySelector(".leaflet-marker-icon").getBoundingClientRect();
            return [icon.left - box.left + 12 - point.x, icon.top - box.top + 41 - point.y];
        }""",
        [view.name, facts.lat, facts.lon],
    )
    assert abs(offset[0]) <= 1 and abs(offset[1]) <= 1
    assert page.evaluate("document.activeElement.id") == view.name  # focus moved to the map
    assert page.locator("img.map__locator").is_hidden()
    assert page.get_attribute(".leaflet-control-zoom-in", "aria-label") == "Zoom in"  # the page's words
    # The popup names the site and links to its page.
    page.locator(".leaflet-marker-icon").click()
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Close"
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("a").get_attribute("href") == "/flaechen/westfalenhuette/"
    assert "Area: 125.000\u00a0m²" in popup.inner_text()


def test_keyboard_loads_the_map_and_tab_leaves_it(page, site):
    view = site["detail"]
    _open_page(page, site["origin"] + "/flaechen/westfalenhuette/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-map-load')"):
            break
    else:
        pytest.fail("Tab never reached the Load map button")
    page.keyboard.press("Enter")
    _wait_for_map(page, view)
    assert page.evaluate("document.activeElement.id") == view.name
    inside = f"document.getElementById('{view.name}').contains(document.activeElement)"
    for _ in range(20):
        page.keyboard.press("Tab")
        if not page.evaluate(inside):
            break
    else:
        pytest.fail("Tab did not leave the map")
    assert page.evaluate("document.activeElement.tagName") == "A"  # the table's link, after the map


def test_overview_shows_every_site(page, site):
    view = site["overview"]
    _open_page(page, site["origin"] + "/flaechen/")
    page.get_by_role("button", name="Load map").click()
    _wait_for_map(page, view)
    positions = page.evaluate(
        """name => {
            const found = [];
            window[name].eachLayer(layer => {
                if (layer instanceof L.MarkerClusterGroup) {
                    layer.getLayers().forEach(m => found.push([m.getLatLng().lat, m.getLatLng().lng]));
                }
            });
            return found;
        }""",
        view.name,
    )
    assert sorted(map(tuple, positions)) == sorted((s.lat, s.lon) for s in site["overview_sites"])
    assert page.locator("table.map__sites tbody tr").count() == OVERVIEW_SITES


def test_remembered_consent_opens_the_map_and_can_be_withdrawn(page, site, tiles):
    handler, _ = tiles
    view = site["detail"]
    url = site["origin"] + "/flaechen/westfalenhuette/"
    _open_page(page, url)
    page.get_by_label("Remember my choice on this device").check()
    page.get_by_role("button", name="Load map").click()
    _wait_for_map(page, view)

    page.reload()
    _wait_for_map(page, view)  # no click this time

    _open_page(page, site["origin"] + "/datenschutz/")
    status = page.locator("#map-consent-status")
    assert "You have agreed" in status.inner_text()
    page.get_by_role("button", name="Withdraw consent to loading maps").click()
    assert "No choice is stored" in status.inner_text()

    page.requests.clear()
    handler.asked.clear()
    _open_page(page, url)
    page.wait_for_load_state("networkidle")
    _nothing_of_the_map_requested(page, site, tiles)
    assert page.get_attribute("[data-map]", "data-map-state") is None
