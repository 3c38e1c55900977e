"""Settings for the Ruhr location-marketing site (development build).

Everything the `ruhr` plugin reads is documented, with its default, in plugins/ruhr/settings.py.
Keep this file picklable: no lambdas, classes or signals (Pelican stores settings in its cache).
"""

SITENAME = "Metropole Ruhr – Standorte"
SITEURL = "http://localhost:8000"
AUTHOR = "Wirtschaftsförderung metropoleruhr (Demo)"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["ruhr"]

# The ruhr plugin reads content/sites, sectors, stories, pages and data/ itself (see plugins/ruhr/).
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []  # photos are published only as processed derivatives, never as originals
DIRECT_TEMPLATES = []
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

CACHE_PATH = "cache"
# Pelican's own content cache stays off (two builds at once break its pickles, pelican#2905); the ruhr plugin
# caches the parsed content itself, written atomically (RUHR_CONTENT_CACHE, plugins/ruhr/util/files.py).
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False  # the build writes into a fresh staging folder and swaps it in

RUHR_DATA_PATH = "data"
