"""The URL scheme: German at the root, English under /en/ (see RUHR_URLS in settings.py)."""

from ruhr import settings as ruhr_settings


def url_for(settings, page_type, lang, slug=""):
    """Root-relative URL, e.g. '/flaechen/westfalenhuette/'."""
    return "/" + ruhr_settings.get(settings, "RUHR_URLS")[page_type][lang].format(slug=slug)


def save_as(url):
    """The file a URL is written to, relative to the output folder."""
    path = url.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def absolute(settings, url):
    """Absolute, normalised URL for hreflang, canonical and sitemaps."""
    return settings["SITEURL"].rstrip("/") + url
