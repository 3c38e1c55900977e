"""Search engines and sharing: JSON-LD (schema.org), sitemap.xml with hreflang alternates, robots.txt.

- `structured_data(page_template, lang, item)`: the JSON-LD blocks of a page as dicts (templates render
  each with Jinja's `tojson`, in templates/includes/seo.html): Organization on the home page; on item pages
  a BreadcrumbList (the trail the page shows) and Place with GeoCoordinates and the facts the pages show
  (PropertyValues, from ruhr.core.facts) plus an Offer for a site,
  Article for a story.
- `write_sitemap(output_path, settings)`: on Pelican's `finalized`, every HTML page of the output that
  search engines may index (the head facts of the pages this build wrote come from the build, the others'
  heads are read) (no `<meta name="robots" content="noindex">`: not the 404, search and compare
  pages) becomes one `<url>` with the `xhtml:link rel="alternate" hreflang` links of the page's own head
  (de, en, x-default). pelican-sitemap 1.2.2 does not handle multilingual sites; this reads what was written.
- robots.txt allows everything and names the sitemap.
"""

import logging
import os
import re
from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

from ruhr import settings as ruhr_settings
from ruhr.util.files import write_if_changed
from ruhr.core.facts import Facts
from ruhr.core.urls import absolute, url_for

logger = logging.getLogger(__name__)

CONTEXT = "https://schema.org"
AVAILABILITY = {"available": "InStock", "reserved": "Reserved", "sold": "SoldOut"}
REGION = "Nordrhein-Westfalen"
# The breadcrumb of each item page: the index page it belongs to and its label (msgids of templates/*.html).
TRAILS = {"site": ("sites", "Sites"), "sector": ("sectors", "Sectors"), "story": ("stories", "Success stories"),
          "municipality": ("municipalities", "Municipalities"), "programme": ("programmes", "Funding programmes"),
          "project": ("projects", "Projects"), "news_item": ("news", "News"), "event": ("events", "Events")}
EVENT_MODE = {(True, False): "OfflineEventAttendanceMode", (False, True): "OnlineEventAttendanceMode",
              (True, True): "MixedEventAttendanceMode"}
BCP47 = {"dgs": "gsg"}  # German Sign Language


class StructuredData:
    """Builds the JSON-LD dicts of pages; `gettext[lang]` translates the breadcrumb labels."""

    def __init__(self, settings, gettext):
        self.settings = settings
        self.gettext = gettext
        self.facts = {lang: Facts(lang, settings, translate) for lang, translate in gettext.items()}

    def abs(self, url):
        return absolute(self.settings, url)

    def __call__(self, page_template, lang, item=None):
        """[dict] of JSON-LD blocks for a page."""
        if page_template == "home":
            return [self.organization(lang)]
        if item is None or page_template not in TRAILS:
            return []
        blocks = [self.breadcrumbs(page_template, lang, item)]
        if page_template == "site":
            blocks += [self.place(item), self.offer(item)]
        elif page_template == "story":
            blocks.append(self.article(item))
        elif page_template == "news_item":
            blocks.append(self.article(item, "NewsArticle"))
        elif page_template == "event":
            blocks.append(self.event(item))
        return blocks

    def organization(self, lang):
        _ = self.gettext[lang]
        return {
            "@context": CONTEXT, "@type": "Organization",
            "name": self.settings.get("AUTHOR") or _("Ruhr business locations"),
            "url": self.abs(url_for(self.settings, "home", lang)),
            "description": _("Land for industry and business in the 53 municipalities of the Ruhr area."),
            "areaServed": {"@type": "AdministrativeArea", "name": "Metropole Ruhr"},
        }

    def breadcrumbs(self, page_template, lang, item):
        _ = self.gettext[lang]
        index, label = TRAILS[page_template]
        trail = [(_("Home"), url_for(self.settings, "home", lang)), (_(label), url_for(self.settings, index, lang)),
                 (getattr(item, "title", None) or item.name, item.url)]
        return {
            "@context": CONTEXT, "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": i, "name": name, "item": self.abs(url)}
                                for i, (name, url) in enumerate(trail, 1)],
        }

    @staticmethod
    def _geo(place):
        return {"@type": "GeoCoordinates", "latitude": float(place.lat), "longitude": float(place.lon)}

    def _place_id(self, site):
        return self.abs(site.url) + "#place"

    def place(self, site):
        return {
            "@context": CONTEXT, "@type": "Place", "@id": self._place_id(site),
            "name": site.title, "description": site.summary, "url": self.abs(site.url),
            "geo": self._geo(site),
            "address": {"@type": "PostalAddress", "addressLocality": site.municipality.name,
                        "addressRegion": REGION, "addressCountry": "DE"},
            "containedInPlace": {"@type": "AdministrativeArea", "name": site.municipality.name,
                                 "url": self.abs(site.municipality.url)},
            "additionalProperty": self.facts[site.lang].properties(site),
        }

    def offer(self, site):
        offer = {
            "@context": CONTEXT, "@type": "Offer", "url": self.abs(site.url),
            "name": site.title,
            "itemOffered": {"@type": "Place", "@id": self._place_id(site), "name": site.title},
            "availability": f"{CONTEXT}/{AVAILABILITY[site.status]}",
            "areaServed": {"@type": "AdministrativeArea", "name": site.municipality.name},
        }
        if site.availability.state == "later":  # ruhr.core.availability: never for sold or reserved sites
            offer["availabilityStarts"] = site.availability.since.isoformat()
        if not site.price_on_request:
            offer["priceCurrency"] = "EUR"
            offer["priceSpecification"] = {"@type": "UnitPriceSpecification", "price": float(site.price_per_m2),
                                           "priceCurrency": "EUR", "unitCode": "MTK", "unitText": "m²"}
        return offer

    def _publisher(self, lang):
        return {"@type": "Organization", "name": self.settings.get("AUTHOR") or "Metropole Ruhr",
                "url": self.abs(url_for(self.settings, "home", lang))}

    def article(self, item, kind="Article"):
        """Article for a story (with its company and place), NewsArticle for a news item."""
        publisher = self._publisher(item.lang)
        data = {
            "@context": CONTEXT, "@type": kind,
            "headline": item.title[:110], "description": item.summary,
            "datePublished": item.date.isoformat(), "inLanguage": item.lang,
            "url": self.abs(item.url), "mainEntityOfPage": self.abs(item.url),
            "author": publisher, "publisher": publisher,
        }
        if item.kind == "story":
            data["about"] = {"@type": "Organization", "name": item.company}
            data["contentLocation"] = {"@type": "Place", "name": item.municipality.name,
                                       "url": self.abs(item.municipality.url), "geo": self._geo(item.municipality)}
        return data

    def event(self, event):
        """schema.org Event: times with their UTC offset, the venue and/or the online location."""
        locations = []
        if event.venue:
            place = {"@type": "Place", "name": event.venue,
                     "address": {"@type": "PostalAddress", "streetAddress": event.venue, "addressCountry": "DE"}}
            if event.municipality:
                place["address"]["addressLocality"] = event.municipality.name
            locations.append(place)
        if event.online:
            locations.append({"@type": "VirtualLocation", "url": event.online})
        return {
            "@context": CONTEXT, "@type": "Event",
            "name": event.title, "description": event.summary, "url": self.abs(event.url),
            "startDate": event.start.isoformat(), "endDate": event.end.isoformat(),
            "eventStatus": f"{CONTEXT}/EventScheduled",
            "eventAttendanceMode": f"{CONTEXT}/{EVENT_MODE[bool(event.venue), bool(event.online)]}",
            "location": locations[0] if len(locations) == 1 else locations,
            "inLanguage": [BCP47.get(code, code) for code in event.languages],
            "organizer": self._publisher(event.lang),
        }


def add_structured_data(model, generator):
    """Receiver of `model_ready`: the template globals `structured_data(page_template, lang, item)` and
    `locales` ({lang: Babel locale}, for og:locale)."""
    languages = ruhr_settings.get(generator.settings, "RUHR_LANGUAGES")
    gettext = {lang: generator.catalogs[lang].gettext for lang in languages}
    generator.env.globals.update(structured_data=StructuredData(generator.settings, gettext),
                                 locales=ruhr_settings.get(generator.settings, "RUHR_LOCALES"))


# -- sitemap.xml and robots.txt --------------------------------------------------------------------------


HEAD_TAGS = re.compile(r"""<(?:link|meta)\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)  # a quoted ">" stays inside


class _Head(HTMLParser):
    """The canonical URL, hreflang alternates and robots directive of a page's <head>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.canonical, self.alternates, self.noindex = None, {}, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and "canonical" in rel:
            self.canonical = a.get("href")
        elif tag == "link" and "alternate" in rel and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a.get("href")
        elif tag == "meta" and (a.get("name") or "").lower() == "robots" and "noindex" in (a.get("content") or ""):
            self.noindex = True



def read_head(path):
    with open(path, encoding="utf-8") as fh:
        return read_head_text(fh.read())


def read_head_text(html):
    """The _Head facts of a page. The parser reads only the head's <link> and <meta> tags: the rest of the
    head (JSON-LD, the CSP, styles) is most of its text and says nothing the sitemap needs."""
    parser = _Head()
    end = html.find("</head>")
    parser.feed("".join(HEAD_TAGS.findall(html, 0, end if end >= 0 else len(html))))
    parser.close()
    return parser


def sitemap_entries(output_path, known=None):
    """[(url, {hreflang: url})] of every indexable page, sorted by URL; pages without canonical are left out.

    `known`: {path relative to the output: [canonical, alternates, noindex]} of the pages this build
    rendered or copied (ruhr.site.incremental): their heads are not read again."""
    known = known or {}
    entries = []
    for folder, _, names in os.walk(output_path):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            facts = known.get(os.path.relpath(path, output_path))
            if facts is None:
                head = read_head(path)
                facts = [head.canonical, head.alternates, head.noindex]
            canonical, alternates, noindex = facts
            if noindex:
                continue
            if not canonical:
                logger.warning("sitemap: %s has no canonical URL; left out", os.path.relpath(path, output_path))
                continue
            entries.append((canonical, alternates))
    return sorted(entries)


def sitemap_xml(entries):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url, alternates in entries:
        lines.append(f"<url><loc>{escape(url)}</loc>")
        for hreflang, href in sorted(alternates.items(), key=lambda kv: (kv[0] == "x-default", kv[0])):
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(pelican):
    """Receiver of Pelican's `finalized`: sitemap.xml and robots.txt in the output folder."""
    settings = pelican.settings
    if not ruhr_settings.get(settings, "RUHR_SITEMAP"):
        return
    output = pelican.output_path
    from ruhr.site.incremental import RESULTS
    result = RESULTS.get(output)
    known = {path: page.head for path, page in result.pages.items()} if result else None
    write_if_changed(os.path.join(output, "sitemap.xml"), sitemap_xml(sitemap_entries(output, known)).encode())
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {absolute(settings, '/sitemap.xml')}\n"
    write_if_changed(os.path.join(output, "robots.txt"), robots.encode())
