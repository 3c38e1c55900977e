"""Security headers: the Content-Security-Policy of every page, and the headers the CDN sends with it.

Every page carries its policy as `<meta http-equiv="Content-Security-Policy">` (template global
`csp_meta(tiles=False)`): pages with a map (templates that override `{% block csp %}`) allow the tile server's
images, all others don't. The CDN sends `headers(settings)`: the same policy with the tile server (a header
covers every path) plus `frame-ancestors`, which a <meta> policy cannot set, and the other security headers.
Both policies apply where both are present, so each page gets the stricter one. `invoke publish` puts the
headers into a CloudFront response-headers policy (ruhr.publish.cdnheaders); docs/publishing.md shows them
for other CDNs.
"""

from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ruhr import settings as ruhr_settings


def tile_origin(settings):
    """The origin of the map tiles, e.g. https://tile.openstreetmap.org (https://*.x.org for {s}.x.org)."""
    url = urlsplit(ruhr_settings.get(settings, "RUHR_MAP_TILES_URL").replace("{s}", "*"))
    return f"{url.scheme}://{url.netloc}" if url.netloc else ""


def content_security_policy(settings, tiles=False, header=False):
    """The policy as one string; `tiles`: allow the tile server's images; `header`: add frame-ancestors."""
    directives = dict(ruhr_settings.get(settings, "RUHR_CSP"))
    origin = tile_origin(settings)
    if (tiles or header) and origin:
        directives["img-src"] = f"{directives.get('img-src', '')} {origin}".strip()
    if header:
        directives.update(ruhr_settings.get(settings, "RUHR_CSP_HEADER_ONLY"))
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def headers(settings):
    """{header name: value} of every security header the CDN sends with every file."""
    return {"Content-Security-Policy": content_security_policy(settings, header=True),
            **ruhr_settings.get(settings, "RUHR_SECURITY_HEADERS")}


def add_template_global(generator):
    """Receiver of Pelican's `generator_init`: the template global `csp_meta(tiles=False)`."""
    def csp_meta(tiles=False):
        policy = escape(content_security_policy(generator.settings, tiles=bool(tiles))).replace("&#39;", "'")
        return Markup(f'<meta http-equiv="Content-Security-Policy" content="{policy}">')
    generator.env.globals["csp_meta"] = csp_meta
