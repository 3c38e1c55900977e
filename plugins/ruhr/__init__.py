"""The Ruhr location-marketing site: content model, validation, bilingual pages.

Pelican loads this package as the plugin `ruhr` (PLUGIN_PATHS = ["plugins"], PLUGINS = ["ruhr"]).
"""

from pelican import signals as pelican_signals


def _generator(pelican):
    from ruhr.site.generator import RuhrGenerator
    return RuhrGenerator


def register():
    from ruhr.site import photos
    from ruhr.site.maps import add_maps
    from ruhr.site.opendata import add_open_data
    from ruhr.signals import content_read, model_ready

    pelican_signals.get_generators.connect(_generator)
    # Photos (docs/photos.md): the photo folder is processed in the background while the content is read.
    pelican_signals.generator_init.connect(photos.on_generator_init)
    content_read.connect(photos.on_content_read)
    # Made when the model is ready, before any page is written: photos and social cards (docs/photos.md),
    # maps and open data (docs/maps.md).
    model_ready.connect(photos.on_model_ready)
    model_ready.connect(add_maps)
    model_ready.connect(add_open_data)
    # Self-hosted fonts (docs/design.md).
    from ruhr.site.fonts import add_fonts
    model_ready.connect(add_fonts)
    # Investor tools (docs/finder.md): compare data, structured data, feeds; after the build (_finalized) the
    # sitemap.xml / robots.txt, written into the staging output.
    from ruhr.site import calendar, feeds, finder, seo, videos
    model_ready.connect(finder.add_finder)
    model_ready.connect(seo.add_structured_data)
    model_ready.connect(feeds.add_feeds)
    # Reasons to invest (docs/investment.md): each contact's vCard (the sites feeds are in feeds.py).
    from ruhr.site import vcards
    model_ready.connect(vcards.add_vcards)
    # The agency's other roles (docs/roles.md): event calendars (.ics) and the DGS videos.
    model_ready.connect(calendar.add_calendars)
    model_ready.connect(videos.add_videos)
    # Security headers (docs/publishing.md): every page's Content-Security-Policy as <meta>; the icons.
    from ruhr.site import security
    pelican_signals.generator_init.connect(security.add_template_global)
    pelican_signals.finalized.connect(_finalized)


def _finalized(pelican):
    """After every page is written, in this order (blinker calls receivers in no fixed order): pages the
    previous output had and this build did not make leave the staging folder (ruhr.site.staging), so the
    sitemap sees this build's pages only; then the icons and the sitemap. The search index follows when
    Pelican is done and its model freed (ruhr.site.build)."""
    from ruhr.site import icons, seo, staging
    staging.remove_stale(pelican.output_path, suffix=".html")
    icons.add_icons(pelican)
    seo.write_sitemap(pelican)
