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
}


def get(settings, name):
    """The value of setting `name`, or its default."""
    return settings.get(name, DEFAULTS[name])
