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
        # The sites index's further pages (`{slug}`: the page number, from 2) and the finder's data
        # (every site, for static/js/finder.js): docs/finder.md.
        "sites_page": {"de": "flaechen/seite-{slug}/", "en": "en/sites/page-{slug}/"},
        "finder_data": {"de": "flaechen/finder.json", "en": "en/sites/finder.json"},
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
        # Investor tools (docs/finder.md): site comparison, full-text search, the stories' Atom feed.
        "compare": {"de": "flaechen/vergleich/", "en": "en/sites/compare/"},
        # The compare page's data (every site's facts, for static/js/compare.js): docs/finder.md.
        "compare_data": {"de": "flaechen/vergleich/daten.json", "en": "en/sites/compare/data.json"},
        "search": {"de": "suche/", "en": "en/search/"},
        "stories_feed": {"de": "erfolgsgeschichten/feed.xml", "en": "en/stories/feed.xml"},
        # Reasons to invest (docs/investment.md): the regional-aid areas page; Atom feeds of new and changed
        # sites per municipality, district and sector; each contact's vCard.
        "aid_areas": {"de": "kommunen/foerdergebiete/", "en": "en/municipalities/aid-areas/"},
        "municipality_feed": {"de": "kommunen/{slug}/feed.xml", "en": "en/municipalities/{slug}/feed.xml"},
        "district_feed": {"de": "kommunen/kreise/{slug}.xml", "en": "en/municipalities/districts/{slug}.xml"},
        "sector_feed": {"de": "branchen/{slug}/feed.xml", "en": "en/sectors/{slug}/feed.xml"},
        "vcard": {"de": "kontakt/{slug}.vcf", "en": "en/contact/{slug}.vcf"},
        # The agency's other roles (docs/roles.md). Leichte Sprache and DGS pages ("access") are German only.
        "programmes": {"de": "foerderprogramme/", "en": "en/funding/"},
        "programme": {"de": "foerderprogramme/{slug}/", "en": "en/funding/{slug}/"},
        "programmes_filter": {"de": "foerderprogramme/filter/{slug}/", "en": "en/funding/filter/{slug}/"},
        "projects": {"de": "projekte/", "en": "en/projects/"},
        "project": {"de": "projekte/{slug}/", "en": "en/projects/{slug}/"},
        "news": {"de": "aktuelles/", "en": "en/news/"},
        "news_item": {"de": "aktuelles/{slug}/", "en": "en/news/{slug}/"},
        "news_feed": {"de": "aktuelles/feed.xml", "en": "en/news/feed.xml"},
        "events": {"de": "veranstaltungen/", "en": "en/events/"},
        "event": {"de": "veranstaltungen/{slug}/", "en": "en/events/{slug}/"},
        "event_ics": {"de": "veranstaltungen/{slug}.ics", "en": "en/events/{slug}.ics"},
        "events_calendar": {"de": "veranstaltungen/kalender.ics", "en": "en/events/calendar.ics"},
        "events_archive": {"de": "veranstaltungsarchiv/", "en": "en/event-archive/"},
        "access": {"de": "{slug}/"},
        "feedback": {"de": "barriere-melden/", "en": "en/report-a-barrier/"},
    },
    # Processes that render and write pages (default: one per core), and the fewest pages worth a process.
    "RUHR_WRITE_PROCESSES": 0,
    "RUHR_PAGES_PER_PROCESS": 300,
    # Keep the parsed content files in <CACHE_PATH>/RuhrGenerator between builds (ruhr.util.files.ContentCache;
    # Pelican's own CACHE_CONTENT stays off: its cache breaks when two builds meet, pelican#2905).
    "RUHR_CONTENT_CACHE": True,
    # How many featured sites and latest stories the home page shows.
    "RUHR_HOME_SITES": 6,
    "RUHR_HOME_STORIES": 3,
    # Maps (plugins/ruhr/site/maps.py, locator.py). Tiles load only after the visitor's consent; the notice
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
    # Post-processing of the built output (ruhr.site.postprocess): folders, relative to the output, whose files
    # get content-hashed names (theme assets and image derivatives), and which of their files do.
    "RUHR_FINGERPRINT_PATHS": ["theme", "photos"],
    "RUHR_FINGERPRINT_EXTENSIONS": [
        ".css", ".js", ".woff", ".woff2", ".ttf", ".otf",
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico",
    ],
    # Files (glob patterns, relative to the output) that keep their name: Leaflet builds the URLs of its
    # default marker images in JavaScript, so no reference to them can be rewritten.
    "RUHR_FINGERPRINT_EXCLUDE": ["*/images/marker-icon*.png", "*/images/marker-shadow.png", "*/images/layers*.png"],
    # Minify HTML, CSS and JS with minify-html (files named *.min.css / *.min.js are left as they are).
    "RUHR_MINIFY": True,
    # Publishing (ruhr.publish.sync): Cache-Control per kind of file. "immutable": fingerprinted files
    # (name contains a content hash); "document": HTML, feeds, sitemap, JSON/GeoJSON/CSV, JS, CSS, text;
    # "other": images, fonts, PDFs that keep their name.
    "RUHR_PUBLISH_CACHE_CONTROL": {
        "immutable": "public, max-age=31536000, immutable",
        "document": "public, max-age=300, must-revalidate",
        "other": "public, max-age=3600, must-revalidate",
    },
    # What makes a file "fingerprinted": a regular expression searched in its path relative to the output.
    # Names made by ruhr.site.postprocess (app.3f2a9c1b0d.css) and Pagefind's content-hashed index files.
    "RUHR_PUBLISH_FINGERPRINT_PATTERN": r"\.[0-9a-f]{10}\.[A-Za-z0-9]+$|^pagefind/(?:[^/]+/)?(fragment|index|filter)/|\.pf_meta$",
    # Fingerprinted files no longer in the output stay in the bucket this long (seconds) after they left
    # it, so pages still cached by browsers or the CDN keep their CSS, JS and images. 0: delete at once.
    "RUHR_PUBLISH_KEEP_OLD_ASSETS": 7 * 24 * 3600,
    # Uploaded last, in this order, after all other files: the entry points of the site.
    "RUHR_PUBLISH_LAST": ["index.html", "en/index.html", "sitemap.xml"],
    # Attempts per request (first try included) with exponential backoff, in botocore's "standard" mode.
    "RUHR_PUBLISH_MAX_ATTEMPTS": 6,
    "RUHR_PUBLISH_WORKERS": 8,
    # Object (under S3_PREFIX) recording what was published, so unchanged files need no request.
    "RUHR_PUBLISH_MANIFEST": ".publish-manifest.json",
    # With CLOUDFRONT_DISTRIBUTION_ID set: beyond this many changed paths, invalidate "/*" instead.
    "RUHR_PUBLISH_INVALIDATION_MAX_PATHS": 100,
    # With CLOUDFRONT_DISTRIBUTION_ID set: create or update the response-headers policy of RUHR_CSP and
    # RUHR_SECURITY_HEADERS and attach it to the distribution (ruhr.publish.cdnheaders).
    "RUHR_PUBLISH_CDN_HEADERS": True,
    # Editor workflow (`invoke check`): a site's facts count as stale this many days after `last_verified`.
    "RUHR_STALE_AFTER_DAYS": 365,
    # Photos (ruhr.site.images). Source photos live in PATH/<RUHR_PHOTO_PATH>; derivatives go to
    # OUTPUT_PATH/<RUHR_PHOTO_OUTPUT> with the content hash in their names (cacheable for a year).
    "RUHR_PHOTO_PATH": "photos",
    "RUHR_PHOTO_OUTPUT": "photos",
    # Widths of the responsive derivatives, in px. A photo is never upscaled: widths above its own
    # are left out and its own width is added instead.
    "RUHR_PHOTO_WIDTHS": [480, 800, 1200, 1600],
    # Output formats, best first; the last is the <img> fallback. "avif" works too (slower to encode).
    "RUHR_PHOTO_FORMATS": ["webp", "jpeg"],
    "RUHR_PHOTO_QUALITY": {"avif": 55, "webp": 80, "jpeg": 82},
    # Width of the fallback <img src> (the largest derivative not wider than this).
    "RUHR_PHOTO_FALLBACK_WIDTH": 1200,
    # Formats accepted as source photos (Pillow format names). Anything else is "not a photo".
    "RUHR_PHOTO_INPUT_FORMATS": ["JPEG", "PNG", "WEBP", "TIFF", "AVIF"],  # JPEG includes MPO
    # Larger sources are refused as decompression bombs (at most 2 x PIL.Image.MAX_IMAGE_PIXELS).
    "RUHR_PHOTO_MAX_PIXELS": 100_000_000,
    # Sub-folders of Pelican's CACHE_PATH for processed photos and rendered social cards.
    "RUHR_PHOTO_CACHE": "images",
    "RUHR_CARD_CACHE": "cards",
    # Social cards (ruhr.site.cards): one Open Graph image per site, sector and story and language. Off: no
    # og:image (a cold build of 1,000 sites x 2 languages draws ~2,000 cards, ~2.5 ms CPU each).
    "RUHR_SOCIAL_CARDS": True,
    # Output folder, size and brand colours (white on blue: 9.2:1).
    "RUHR_CARD_OUTPUT": "cards",
    "RUHR_CARD_SIZE": [1200, 630],
    "RUHR_CARD_COLOURS": {"background": "#004a80", "text": "#ffffff", "accent": "#ffcc00"},
    # Investor tools (docs/finder.md). How many sites the compare page shows side by side.
    "RUHR_COMPARE_MAX": 3,
    # Sites per page of the sites index as HTML (the list without JavaScript: every site is on one of its
    # pages, linked by rel=prev/next). With JavaScript the finder loads every site from the finder data.
    "RUHR_FINDER_PAGE_SIZE": 50,
    # The one source image of the favicon and the apple-touch-icon (ruhr.site.icons): a square PNG, in THEME.
    "RUHR_ICON": "icon.png",
    # Security headers (ruhr.site.security, docs/publishing.md). The Content-Security-Policy of every page (as
    # <meta>); pages with a map add the origin of RUHR_MAP_TILES_URL to img-src. 'wasm-unsafe-eval' lets
    # Pagefind run its WebAssembly search (it is not 'unsafe-eval': JavaScript eval stays forbidden).
    "RUHR_CSP": {
        "default-src": "'self'", "script-src": "'self' 'wasm-unsafe-eval'", "style-src": "'self'",
        "img-src": "'self' data:", "font-src": "'self'", "connect-src": "'self'", "worker-src": "'self'",
        "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'",
    },
    # Directives only a header can carry (a <meta> policy ignores them).
    "RUHR_CSP_HEADER_ONLY": {"frame-ancestors": "'none'"},
    # The other headers the CDN sends with every file (`invoke publish`: a CloudFront response-headers policy).
    "RUHR_SECURITY_HEADERS": {
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        "X-Frame-Options": "DENY",
    },
    # A build whose inputs and output are as the last successful build left them stops at once
    # (ruhr.site.uptodate). False: every build does its (incremental) work; tests of that work use it.
    "RUHR_UPTODATE_CHECK": True,
    # Full-text search: run Pagefind (the pagefind[bin] wheel) over the output after the build.
    "RUHR_SEARCH": True,
    # What Pagefind leaves out of an indexed page (CSS selectors): maps and the cards of other items, so a
    # page is found by its own text, not by the summaries of the sites and stories it lists.
    # The fact tables too: their labels ("Hydrogen pipeline: no") would find sites that lack the fact; the
    # site panel (includes/site-panel.html) gives the facts as Pagefind filters and lists what a site has.
    # On a site page also what every site has: its buttons, the distances computed from its coordinates, its
    # municipality's aid and labour market (each on their own pages), the contact and the enquiry form, the
    # "last verified" line; "airport" or a contact's name would otherwise find every site. (It also halves
    # Pagefind's time: docs/benchmarks.md.)
    "RUHR_SEARCH_EXCLUDE": ["[data-map]", ".breadcrumb", ".site-card", ".story-card", ".sector-card",
                            ".programme-card", ".project-card", ".news-card", ".event-card",
                            "table.facts", ".site-panel__facts", ".site-panel__actions", "article.site .reach",
                            "article.site .funding", "article.site .workforce", "article.site #enquiry",
                            "article.site .verified"],
    # Search engines: write sitemap.xml (every HTML page without <meta name="robots" content="noindex">,
    # with its hreflang alternates) and robots.txt pointing to it.
    "RUHR_SITEMAP": True,
    # Entries in each language's Atom feed of success stories (newest first).
    "RUHR_FEED_ITEMS": 20,
    # Reasons to invest (docs/investment.md). Radii (km) of the population within reach of a site, and of
    # the students within reach of a municipality.
    "RUHR_REACH_RADII_KM": [25, 50],
    "RUHR_STUDENTS_RADIUS_KM": 25,
    # `invoke check` warns when a typed distance (road, km) is shorter than factor x the computed straight-line
    # distance minus km, or longer than factor x it plus km.
    "RUHR_DISTANCE_WARNING": {"shorter": (0.8, 0.5), "longer": (2.0, 3.0)},
    # The agency's other roles (docs/roles.md). The day the build counts as "today" (YYYY-MM-DD or a date;
    # None: the day it runs): programme status, project status and which events are past follow from it.
    "RUHR_BUILD_DATE": None,
    # DGS videos, posters and captions: this folder of content/ is copied to the same folder of the output.
    "RUHR_VIDEO_PATH": "videos",
    # Barrier reports (templates/feedback.html): the form posts to this URL if set (it receives `subject`
    # and `body`), otherwise it opens the visitor's mail program addressed to RUHR_FEEDBACK_EMAIL.
    "RUHR_FEEDBACK_ENDPOINT": None,
    "RUHR_FEEDBACK_EMAIL": "barrierefreiheit@example.org",
}


def get(settings, name):
    """The value of setting `name`, or its default."""
    return settings.get(name, DEFAULTS[name])


def build_date(settings):
    """RUHR_BUILD_DATE as a date (default: today)."""
    import datetime
    value = get(settings, "RUHR_BUILD_DATE")
    if value is None:
        return datetime.date.today()
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
