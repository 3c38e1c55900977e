"""Every setting the ruhr plugin reads, with its default, in one place.

Override any of them in pelicanconf.py / publishconf.py.
"""

DEFAULTS = {
    # Languages: the first is the source language; content facts live in its files.
    "RUHR_LANGUAGES": ["de", "en"],
    # Where the data files (municipalities.yaml, contacts.yaml) live, relative to the project.
    "RUHR_DATA_PATH": "data",
    # Bounding box of the region: coordinates outside it are a validation error.
    "RUHR_BOUNDS": {"lat": (51.25, 51.90), "lon": (6.40, 8.10)},
    # Maps (plugins/ruhr/maps.py, locator.py). Tiles load only after the visitor's consent; the notice
    # names the tile URL's host. Point these at the agency's own tile server to keep visitors' IPs in house.
    "RUHR_MAP_TILES_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "RUHR_MAP_ATTRIBUTION": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    "RUHR_MAP_MAX_ZOOM": 19,
    # Output folders: map scripts and locator images; Leaflet and MarkerCluster (from their xstatic wheels).
    "RUHR_MAPS_PATH": "maps",
    "RUHR_MAP_VENDOR_PATH": "theme/vendor",
    # Locator image shown before consent: size in pixels; towns at least this populous are labelled
    # (None: no labels).
    "RUHR_LOCATOR_SIZE": (640, 420),
    "RUHR_LOCATOR_LABEL_POPULATION": 150_000,
}


def get(settings, name):
    """The value of setting `name`, or its default."""
    return settings.get(name, DEFAULTS[name])
