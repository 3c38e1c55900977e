"""Every setting the ruhr plugin reads, with its default, in one place.

Override any of them in pelicanconf.py / publishconf.py.
"""

DEFAULTS = {
    # Languages: the first is the source language; content facts live in its files.
    "RUHR_LANGUAGES": ["de", "en"],
    # Babel locale of each language: number, money and date formats.
    "RUHR_LOCALES": {"de": "de_DE", "en": "en_GB"},
    # The language the UI strings (msgids) in templates and schema.py are written in.
    "RUHR_MSGID_LANG": "en",
    # Where the data files (municipalities.yaml, contacts.yaml) live, relative to the project.
    "RUHR_DATA_PATH": "data",
    # Bounding box of the region: coordinates outside it are a validation error.
    "RUHR_BOUNDS": {"lat": (51.15, 51.90), "lon": (6.20, 8.00)},
    # URL of every page type per language, relative to SITEURL; `{slug}` is the item's slug.
    # A URL ending in / is written as <url>index.html.
    "RUHR_URLS": {
        "home": {"de": "", "en": "en/"},
        "sites": {"de": "flaechen/", "en": "en/sites/"},
        "site": {"de": "flaechen/{slug}/", "en": "en/sites/{slug}/"},
        "sectors": {"de": "branchen/", "en": "en/sectors/"},
        "sector": {"de": "branchen/{slug}/", "en": "en/sectors/{slug}/"},
        "stories": {"de": "erfolgsgeschichten/", "en": "en/stories/"},
        "story": {"de": "erfolgsgeschichten/{slug}/", "en": "en/stories/{slug}/"},
        "municipalities": {"de": "kommunen/", "en": "en/municipalities/"},
        "municipality": {"de": "kommunen/{slug}/", "en": "en/municipalities/{slug}/"},
        "contacts": {"de": "kontakt/", "en": "en/contact/"},
        "page": {"de": "{slug}/", "en": "en/{slug}/"},
        "404": {"de": "404.html", "en": "en/404.html"},
    },
    # Processes that render and write pages (default: one per core), and the fewest pages worth a process.
    "RUHR_WRITE_PROCESSES": 0,
    "RUHR_PAGES_PER_PROCESS": 300,
    # How many featured sites and latest stories the home page shows.
    "RUHR_HOME_SITES": 6,
    "RUHR_HOME_STORIES": 3,
    # Editor workflow (`invoke check`): a site's facts count as stale this many days after `last_verified`.
    "RUHR_STALE_AFTER_DAYS": 365,
}


def get(settings, name):
    """The value of setting `name`, or its default."""
    return settings.get(name, DEFAULTS[name])
