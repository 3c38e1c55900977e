"""Interactive site maps made with folium, as page fragments that load nothing before consent.

Each map becomes a `MapView`: the map's `<div>` (goes into the page), the map's script (written to its
own file under the maps folder, loaded by theme/static/js/map-consent.js only after the visitor's click),
the self-hosted Leaflet files it needs, the locator image shown before consent, and the markers (the same
facts as the map, for the table next to it). The markers are one data array turned into Leaflet markers
by one small callback that also binds the popups (folium's `Popup` needs jQuery; this does not).
Element ids are derived from the map id, so two builds give the same bytes.
"""

import functools
import hashlib
import importlib
import json
import logging
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2.utils import htmlsafe_json_dumps

from ruhr import settings as ruhr_settings
from ruhr.core import schema
from ruhr.core.facts import Facts
from ruhr.site.locator import LocatorMaker, alt_text
from ruhr.util import workers
from ruhr.util.files import DiskCache, write_if_changed

logger = logging.getLogger(__name__)

VERSION = 2  # bump when the generated script changes, so cached scripts are made anew
SITE_ZOOM = 15  # zoom of a site's detail map
GROUP_MAX_ZOOM = 14  # a map of a few sites zooms no closer than this when fitting them in

# The self-hosted libraries: xstatic package module, folder under RUHR_MAP_VENDOR_PATH, files.
VENDOR = {
    "leaflet": ("xstatic.pkg.leaflet", [
        "leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png", "images/marker-icon.png",
        "images/marker-icon-2x.png", "images/marker-shadow.png",
    ]),
    "leaflet.markercluster": ("xstatic.pkg.leaflet_markercluster", [
        "leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css",
    ]),
}

# One marker per data row [lat, lon, name, url, area, status]; the popup is made of text nodes and a link.
# LABELS becomes the translated labels of area and status. The marker keeps its site's URL (`options.url`):
# on the sites index, map-consent.js shows only the markers of the sites the finder shows.
CALLBACK = """(function (labels) {
    return function (row) {
        var marker = L.marker([row[0], row[1]], {title: row[2], alt: row[2], url: row[3]});
        marker.bindPopup(function () {
            var box = document.createElement("div");
            var link = box.appendChild(document.createElement("a"));
            link.href = row[3];
            link.textContent = row[2];
            [4, 5].forEach(function (i) {
                box.appendChild(document.createElement("br"));
                box.appendChild(document.createTextNode(labels[i - 4] + ": " + row[i]));
            });
            return box;
        });
        return marker;
    };
})(LABELS)"""


@dataclass(frozen=True)
class Marker:
    """One site on a map, with its facts formatted in the map's language."""

    id: str
    lat: float
    lon: float
    name: str
    url: str
    municipality: str
    area: str
    status: str

    def row(self):
        return [self.lat, self.lon, self.name, self.url, self.area, self.status]


# The one-marker map that is rendered with folium once per language and stamped for every site.
STAMP_ID = "stamp-0"
STAMP_MARKER = Marker("stamp", 51.123457, 7.123457, "#name#", "#url#", "#municipality#", "#area#", "#status#")


@dataclass(frozen=True)
class MapView:
    """Everything a template needs to show one map (see theme/templates/macros/map.html)."""

    id: str  # e.g. "site-dortmund-westfalenhuette-de"
    lang: str
    name: str  # the map's element id and JavaScript variable
    html: str  # the map's <div>, empty until the script runs
    script: str  # the map's JavaScript
    script_path: str  # where the script goes, relative to the output folder
    css: tuple  # stylesheet URLs to load before the script
    js: tuple  # library script URLs to load, in order, before the script
    markers: tuple  # Marker objects, also listed next to the map
    locator: object  # locator.Locator
    locator_path: str  # where the locator image goes, relative to the output folder
    locator_alt: str
    tile_host: str  # host the tiles come from, named in the consent notice

    @property
    def script_url(self):
        return "/" + self.script_path

    @property
    def locator_url(self):
        return "/" + self.locator_path


_AREA, _STATUS = (next(f for f in schema.SITE if f.name == name) for name in ("area", "status"))


def site_marker(site, facts):
    """The Marker for a site object of the model, its facts formatted as the pages format them (`facts`:
    a ruhr.core.facts.Facts of the map's language)."""
    return Marker(
        id=site.id,
        lat=round(float(site.lat), 6),
        lon=round(float(site.lon), 6),
        name=site.title,
        url=_root_relative(site.url),
        municipality=site.municipality.name,
        area=facts.format(_AREA, site.area),
        status=facts.format(_STATUS, site.availability),  # ruhr.core.availability
    )


def tile_host(url):
    """The host named in the consent notice: tile.openstreetmap.org for https://{s}.tile.openstreetmap.org/..."""
    host = urlsplit(url.replace("{s}.", "")).hostname or url
    return host


class MapMaker:
    """Makes MapViews for one build. `municipalities`: items with name, lat, lon, population."""

    def __init__(self, settings, municipalities, cache_path=None):
        get = ruhr_settings.get
        self.tiles_url = get(settings, "RUHR_MAP_TILES_URL")
        self.attribution = get(settings, "RUHR_MAP_ATTRIBUTION")
        self.max_zoom = get(settings, "RUHR_MAP_MAX_ZOOM")
        self.maps_path = get(settings, "RUHR_MAPS_PATH").strip("/")
        self.vendor_path = get(settings, "RUHR_MAP_VENDOR_PATH").strip("/")
        self.settings = settings
        self.cache_path = os.path.join(cache_path, "maps") if cache_path else None
        self.cache = DiskCache(self.cache_path, prefix="map-", suffix=".json")
        self.locators = LocatorMaker(
            municipalities,
            size=get(settings, "RUHR_LOCATOR_SIZE"),
            label_population=get(settings, "RUHR_LOCATOR_LABEL_POPULATION"),
            cache_path=self.cache_path,
        )
        self._memo = {}
        self._written = set()

    def facts(self, lang, gettext=None):
        """The formatter of the pages' facts in `lang` (ruhr.core.facts)."""
        return Facts(lang, self.settings, gettext or (lambda s: s))

    # -- maps ----------------------------------------------------------------------------------------

    def site_map(self, site, gettext=None):
        """The detail map of one site, in the site's language."""
        marker = site_marker(site, self.facts(site.lang, gettext))
        alt = alt_text([(marker.name, marker.municipality)], gettext=gettext)
        return self._view(f"site-{site.id}-{site.lang}", site.lang, [marker], gettext, alt)

    def sites_map(self, map_id, sites, lang, gettext=None, cluster=False, municipality=None, sector=None):
        """A map of several sites (overview: `cluster=True`; a sector's or a municipality's sites:
        name the sector or municipality for the alt text). None if there are no sites."""
        facts = self.facts(lang, gettext)
        markers = sorted((site_marker(site, facts) for site in sites),
                         key=lambda m: (m.name.casefold(), m.id))
        if not markers:
            return None
        alt = alt_text([(m.name, m.municipality) for m in markers], municipality=municipality, sector=sector,
                       gettext=gettext)
        return self._view(f"{map_id}-{lang}", lang, markers, gettext, alt, cluster=cluster)

    def _view(self, map_id, lang, markers, gettext, alt, cluster=False):
        gettext = gettext or (lambda s: s)
        labels = [gettext("Area"), gettext("Status")]
        name, html, script = self._render(map_id, markers, labels, cluster)
        digest = hashlib.sha256(script.encode()).hexdigest()[:12]
        locator = self.locators.locator([(m.lat, m.lon) for m in markers])
        css, js = self._assets(cluster)
        return MapView(
            id=map_id, lang=lang, name=name, html=html, script=script,
            script_path=f"{self.maps_path}/{map_id}.{digest}.js",
            css=css, js=js, markers=tuple(markers), locator=locator,
            locator_path=f"{self.maps_path}/{locator.path}", locator_alt=alt, tile_host=tile_host(self.tiles_url),
        )

    def _assets(self, cluster):
        """(stylesheet URLs, script URLs) a map needs, in load order."""
        leaflet, cluster_dir = (f"/{self.vendor_path}/{folder}" for folder in _vendor_folders())
        css = [f"{leaflet}/leaflet.css"]
        js = [f"{leaflet}/leaflet.js"]
        if cluster:
            css += [f"{cluster_dir}/MarkerCluster.css", f"{cluster_dir}/MarkerCluster.Default.css"]
            js += [f"{cluster_dir}/leaflet.markercluster.js"]
        return tuple(css), tuple(js)

    # -- rendering with folium ----------------------------------------------------------------------

    def _render(self, map_id, markers, labels, cluster):
        """(name, html, script) of a map, from the cache when its input was rendered before."""
        if len(markers) == 1 and not cluster and map_id != STAMP_ID:
            return self._stamp(map_id, markers[0], labels)
        data = [VERSION, map_id, [m.row() for m in markers], labels, cluster, self.tiles_url, self.attribution,
                self.max_zoom, self.vendor_path]
        key = hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:20]
        if key in self._memo:
            return self._memo[key]
        cached = self.cache.read_json(key)
        if cached is None:
            cached = _folium_map(map_id, markers, labels, cluster, self.tiles_url, self.attribution,
                                 self.max_zoom, self._assets(cluster))
            self.cache.write_json(key, cached)
        self._memo[key] = cached = tuple(cached)
        return cached

    def _stamp(self, map_id, marker, labels):
        """A one-marker map without asking folium: such maps differ only in ids, centre and data row,
        so one rendered per language is a stamp for all the others (as folium would write them: the
        tests compare). Keeps the detail map of each site page cheap."""
        key = ("stamp", tuple(labels))
        if key not in self._memo:
            self._memo[key] = self._render(STAMP_ID, [STAMP_MARKER], labels, cluster=False)
        name, html, script = (part.replace(_slug(STAMP_ID), _slug(map_id)) for part in self._memo[key])
        # The centre first: it comes before the data row, which holds text from the content.
        script = script.replace(_tojson([STAMP_MARKER.lat, STAMP_MARKER.lon]), _tojson([marker.lat, marker.lon]), 1)
        script = script.replace(_tojson([STAMP_MARKER.row()]), _tojson([marker.row()]), 1)
        return name, html, script

    # -- output --------------------------------------------------------------------------------------

    def write(self, view, output_path):
        """Write a map's script and locator image into the output folder."""
        write_if_changed(os.path.join(output_path, view.script_path), view.script)
        locator = os.path.join(output_path, view.locator_path)
        if locator not in self._written:  # the languages' pages share it
            write_if_changed(locator, view.locator.png)
            self._written.add(locator)

    def write_vendor(self, output_path):
        """Copy Leaflet and MarkerCluster from their xstatic packages to <output>/<vendor path>/."""
        for (module, files), folder in zip(VENDOR.values(), _vendor_folders()):
            base_dir = importlib.import_module(module).BASE_DIR
            for name in files:
                with open(os.path.join(base_dir, name), "rb") as fh:
                    write_if_changed(os.path.join(output_path, self.vendor_path, folder, name), fh.read())


@functools.cache
def _vendor_folders():
    """Folder of each library under the vendor path, with its version (a new version, a new URL: no
    stale copy from a browser's or the CDN's cache): leaflet-1.9.3, leaflet.markercluster-1.4.1."""
    return tuple(f"{name}-{importlib.import_module(module).VERSION}" for name, (module, _) in VENDOR.items())


def add_maps(model, generator):
    """Receiver of `model_ready`: a map for every site, for each sector and municipality with sites
    (`item.map`, None without sites) and the overview of all sites (`model.overview_maps[lang]`); their
    scripts, locator images and the Leaflet files are written into the output folder."""
    settings = generator.settings
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    maker = MapMaker(settings, model.municipalities[languages[0]], cache_path=settings.get("CACHE_PATH"))
    # Every locator image these maps show (the same in every language), drawn on both cores when not cached.
    sites = model.sites[languages[0]]
    maker.locators.prepare([[(s.lat, s.lon)] for s in sites] +
                           [[(s.lat, s.lon) for s in group.sites] for group in
                            model.sectors[languages[0]] + model.municipalities[languages[0]] if group.sites] +
                           [[(s.lat, s.lon) for s in sites]],
                           workers.allowed(settings))
    views = []
    model.overview_maps = {}
    for lang in languages:
        gettext = generator.catalogs[lang].gettext
        for site in model.sites[lang]:
            site.map = maker.site_map(site, gettext)
            views.append(site.map)
        for sector in model.sectors[lang]:
            sector.map = maker.sites_map(f"sector-{sector.id}", sector.sites, lang, gettext, sector=sector.title)
            views.append(sector.map)
        for municipality in model.municipalities[lang]:
            municipality.map = maker.sites_map(f"municipality-{municipality.key}", municipality.sites, lang,
                                               gettext, municipality=municipality.name)
            views.append(municipality.map)
        model.overview_maps[lang] = maker.sites_map("overview", model.sites[lang], lang, gettext, cluster=True)
        views.append(model.overview_maps[lang])
    for view in views:
        if view is not None:
            maker.write(view, generator.output_path)
    maker.write_vendor(generator.output_path)


def _folium_map(map_id, markers, labels, cluster, tiles_url, attribution, max_zoom, assets):
    """Build the map with folium; return (name, html, script) with ids derived from `map_id`."""
    import folium
    import xyzservices

    rows = [m.row() for m in markers]
    lats = [m.lat for m in markers]
    lons = [m.lon for m in markers]
    centre = [round((min(lats) + max(lats)) / 2, 6), round((min(lons) + max(lons)) / 2, 6)]
    single = len(markers) == 1
    fmap = folium.Map(location=centre, zoom_start=SITE_ZOOM if single else 10, tiles=None,
                      scroll_wheel_zoom=False)
    fmap.options["max_zoom"] = max_zoom  # clusters need it; with tiles=None folium does not set it
    css, js = assets
    fmap.default_css = [("leaflet_css", css[0])]
    fmap.default_js = [("leaflet", js[0])]
    # A TileProvider, not the URL: given a string, folium first searches xyzservices' whole catalogue.
    provider = xyzservices.TileProvider(name="tiles", url=tiles_url, attribution=attribution,
                                        html_attribution=attribution)
    folium.TileLayer(tiles=provider, max_zoom=max_zoom, max_native_zoom=max_zoom).add_to(fmap)

    callback = CALLBACK.replace("LABELS", json.dumps(labels, ensure_ascii=False))
    cluster_layer, plain_layer = _layer_classes()
    if cluster:
        layer = cluster_layer(rows, callback=callback, control=False)
        layer.default_css = [(f"cluster_css_{i}", url) for i, url in enumerate(css[1:])]
        layer.default_js = [("cluster_js", js[1])]
    else:
        layer = plain_layer(rows, callback=callback, control=False)
    layer.add_to(fmap)
    if not single:
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], max_zoom=GROUP_MAX_ZOOM,
                        padding=(24, 24))

    slug = _slug(map_id)
    figure = fmap.get_root()
    for i, element in enumerate(_walk(figure)):
        element._id = f"{slug}_{i}"
    figure.render()
    html = figure.html.render().strip()
    script = "\n".join(line.strip() for line in figure.script.render().splitlines() if line.strip())
    return fmap.get_name(), html, script + "\n"


@functools.cache
def _layer_classes():
    """folium's FastMarkerCluster, and the same without clustering (imported late: folium is slow to
    import, and a build whose maps are all cached does not need it)."""
    from folium.plugins import FastMarkerCluster
    from folium.template import Template

    class SiteLayer(FastMarkerCluster):
        """One data array and a callback, into a plain feature group."""

        default_js = []
        default_css = []

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._name = "SiteLayer"

        _template = Template(
            """
            {% macro script(this, kwargs) %}
                var {{ this.get_name() }} = (function(){
                    {{ this.callback }}
                    var data = {{ this.data|tojson }};
                    var group = L.featureGroup();
                    for (var i = 0; i < data.length; i++) {
                        callback(data[i]).addTo(group);
                    }
                    return group;
                })();
            {% endmacro %}"""
        )

    return FastMarkerCluster, SiteLayer


def _slug(map_id):
    """The part of element ids that comes from the map id: a JavaScript identifier's characters."""
    return re.sub(r"[^A-Za-z0-9]+", "_", map_id)


def _tojson(value):
    """JSON as folium's templates write it (Jinja's `tojson`)."""
    return htmlsafe_json_dumps(value)


def _walk(element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def _root_relative(url):
    return url if url.startswith(("/", "http://", "https://")) else "/" + url
