"""Maps in real headless Chromium, on the real site: nothing of the map loads before consent, then
Leaflet, the map's script and the tiles.

The site is built from the demo content with the tile URL pointed at a small tile server on 127.0.0.1
(another port, so another origin) that serves one PNG for any /z/x/y.png and records what it was asked.
"""

import io
import json
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import Project, new_context


WAIT_MS = 20_000  # a ceiling for waiting, not a measured time


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Tiles(_Quiet):
    png = b""
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


@pytest.fixture(scope="module")
def site(tiles, tmp_path_factory):
    """The demo site built with the local tile server, served from 127.0.0.1; and its sites' facts."""
    _, tile_origin = tiles
    project = Project(tmp_path_factory.mktemp("maps-site"))
    code, printed = project.build(RUHR_MAP_TILES_URL=tile_origin + "/{z}/{x}/{y}.png")
    assert code == 0, printed
    features = json.loads((project.output / "sites.geojson").read_text(encoding="utf-8"))["features"]
    server = _serve(partial(_Quiet, directory=str(project.output)))
    yield {"origin": f"http://127.0.0.1:{server.server_port}", "features": features}
    server.shutdown()


@pytest.fixture
def page(browser, tiles):
    handler, _ = tiles
    handler.asked.clear()
    context = new_context(browser)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def _path(url):
    return urlsplit(url).path


def _detail(site):
    """The first site: its German page and facts."""
    feature = site["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    return site["origin"] + _path(feature["properties"]["url_de"]), lat, lon, feature["properties"]


def _open(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-map-controls]:not([hidden]), [data-map-withdraw-block]:not([hidden])",
                           timeout=WAIT_MS)


def _origins(urls):
    return {"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in urls if not url.startswith("data:")}


def _map_name(page):
    return page.get_attribute("[data-map]", "data-map-name")


def _wait_for_map(page):
    page.wait_for_selector('[data-map][data-map-state="open"]', timeout=WAIT_MS)
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0", timeout=WAIT_MS)


def _nothing_of_the_map_requested(page, site, tiles):
    handler, _ = tiles
    assert _origins(page.requests) == {site["origin"]}
    assert not [url for url in page.requests if "/theme/vendor/" in url or re.search(r"/maps/.*\.js$", url)]
    assert handler.asked == []
    assert page.locator(".leaflet-container").count() == 0


def test_site_page_requests_nothing_of_the_map_before_the_click(page, site, tiles):
    url, *_ = _detail(site)
    _open(page, url)
    _nothing_of_the_map_requested(page, site, tiles)
    locator = page.locator("img.map__locator")
    locator.scroll_into_view_if_needed()  # (it loads lazily: below the site panel and the photo)
    locator.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done))")
    assert locator.evaluate("img => img.complete && img.naturalWidth") == 640
    assert locator.get_attribute("alt").startswith("Lage der Fläche ")
    assert "Die interaktive Karte lädt Kartenbilder von 127.0.0.1." in page.inner_text(".map__controls")


def test_after_the_click_tiles_load_and_the_marker_is_on_the_site(page, site, tiles):
    handler, tile_origin = tiles
    url, lat, lon, facts = _detail(site)
    _open(page, url)
    page.get_by_role("button", name="Karte laden").click()
    _wait_for_map(page)
    assert handler.asked and all(re.fullmatch(r"/15/\d+/\d+\.png", path) for path in handler.asked)
    assert _origins(page.requests) == {site["origin"], tile_origin}
    name = _map_name(page)
    # The marker icon's anchor (bottom centre of Leaflet's default icon) is at the site's coordinates.
    offset = page.evaluate(
        """([name, lat, lon]) => {
            const map = window[name];
            const point = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            const icon = map.getContainer().querySelector(".leaflet-marker-icon").getBoundingClientRect();
            return [icon.left - box.left + 12 - point.x, icon.top - box.top + 41 - point.y];
        }""",
        [name, lat, lon],
    )
    assert abs(offset[0]) <= 1 and abs(offset[1]) <= 1
    assert page.evaluate("document.activeElement.id") == name  # focus moved to the map
    assert page.locator("img.map__locator").is_hidden()
    assert page.get_attribute(".leaflet-control-zoom-in", "aria-label") == "Vergrößern"
    # The popup names the site, links to its page in the page's language, and gives area and status.
    page.locator(".leaflet-marker-icon").click()
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Schließen"
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("a").get_attribute("href") == _path(facts["url_de"])
    assert popup.locator("a").inner_text() == facts["name_de"]
    text = popup.inner_text()
    assert re.search(r"Fläche: [\d.]+\u00a0m²", text) and "Status: " in text


def test_keyboard_loads_the_map_and_tab_leaves_it(page, site):
    url, *_ = _detail(site)
    _open(page, url)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-map-load')"):
            break
    else:
        pytest.fail("Tab never reached the Load map button")
    page.keyboard.press("Enter")
    _wait_for_map(page)
    name = _map_name(page)
    assert page.evaluate("document.activeElement.id") == name
    for _ in range(20):
        page.keyboard.press("Tab")
        if not page.evaluate(f"document.getElementById('{name}').contains(document.activeElement)"):
            break
    else:
        pytest.fail("Tab did not leave the map")
    # Focus went on to what follows the map on the page.
    assert page.evaluate(
        f"""document.getElementById('{name}').compareDocumentPosition(document.activeElement)
            & Node.DOCUMENT_POSITION_FOLLOWING""")


@pytest.mark.parametrize("path, button", [("/flaechen/", "Karte laden"), ("/en/", "Load map")])
def test_overview_shows_every_site(page, site, path, button):
    _open(page, site["origin"] + path)
    page.get_by_role("button", name=button).click()
    _wait_for_map(page)
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
        _map_name(page),
    )
    expected = sorted((f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]) for f in site["features"])
    assert sorted(map(tuple, positions)) == expected


def test_remembered_consent_opens_the_map_and_can_be_withdrawn(page, site, tiles):
    handler, _ = tiles
    url, *_ = _detail(site)
    _open(page, url)
    page.get_by_label("Entscheidung auf diesem Gerät merken").check()
    page.get_by_role("button", name="Karte laden").click()
    _wait_for_map(page)

    page.reload()
    _wait_for_map(page)  # no click this time
    assert page.evaluate("document.activeElement === document.body")  # and focus was left alone

    _open(page, site["origin"] + "/datenschutz/")
    status = page.locator("#map-consent-status")
    assert "Sie haben eingewilligt" in status.inner_text()
    page.get_by_role("button", name="Einwilligung zum Laden von Karten widerrufen").click()
    assert "keine Entscheidung gespeichert" in status.inner_text()

    page.requests.clear()
    handler.asked.clear()
    _open(page, url)
    _nothing_of_the_map_requested(page, site, tiles)
    assert page.get_attribute("[data-map]", "data-map-state") is None


def _overview_urls(page):
    """The site URLs of the markers in the overview's cluster group, sorted."""
    return page.evaluate(
        """name => {
            const found = [];
            window[name].eachLayer(layer => {
                if (layer instanceof L.MarkerClusterGroup) layer.getLayers().forEach(m => found.push(m.options.url));
            });
            return found.sort();
        }""",
        _map_name(page),
    )


def _finder_urls(page):
    """The page URLs of the sites the finder shows, sorted."""
    return sorted(page.eval_on_selector_all("[data-finder-list] > li:not([hidden])",
                                            "els => els.map(li => li.querySelector('a[href]').getAttribute('href'))"))


@pytest.mark.parametrize("path, button, label", [
    ("/flaechen/?zoning=GI", "Karte laden", "Gewerbegebiet (GE)"),
    ("/en/sites/?status=available", "Load map", "with rail siding"),
])
def test_overview_on_the_sites_index_shows_the_finders_selection(page, site, path, button, label):
    _open(page, site["origin"] + path)
    page.wait_for_selector("[data-finder-form]:not([hidden])", timeout=WAIT_MS)
    shown = _finder_urls(page)
    assert 0 < len(shown) < len(site["features"])
    page.get_by_role("button", name=button).click()
    _wait_for_map(page)
    assert _overview_urls(page) == shown  # the selection when the map started

    page.get_by_label(label).check()  # a filter changed: the map follows
    changed = _finder_urls(page)
    assert changed and len(changed) != len(shown)
    assert _overview_urls(page) == changed

    page.get_by_label(label).uncheck()  # and back
    assert _overview_urls(page) == shown
