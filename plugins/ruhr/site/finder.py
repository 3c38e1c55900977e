"""The site finder and the compare page (docs/finder.md): what their templates need beyond the model.

- `facts(site, sector_index)`: the facts the finder filters and sorts by, as the `data-*` attributes of a site's list
  item on the sites index (theme/static/js/finder.js reads them; tests compute the same from content).
- `compare_data(sites, lang, gettext, settings)`: every site's facts, formatted in the page's language,
  for the JSON block of the compare page (theme/static/js/compare.js builds the table from it).
- `choices(name)`: a site field's (value, label msgid) pairs, for the filter form.
"""

import logging

from ruhr.core import availability, i18n, schema
from ruhr.core.facts import Facts
from ruhr import settings as ruhr_settings

logger = logging.getLogger(__name__)

_FIELDS = {f.name: f for f in schema.SITE}


def choices(name):
    """[(value, label msgid)] of a site choice field, e.g. choices('zoning')."""
    return list(_FIELDS[name].choices)


AID_AREAS = dict(next(f for f in schema.FUNDING_RECORD if f.name == "category").choices)  # {"C": msgid, …}
# The label msgids of the data files' figures, e.g. FIGURE_LABELS["taxes"]["trade_tax"], for the templates.
FIGURE_LABELS = {name: {f.name: f.label for f in record} for name, record in (
    ("funding", schema.FUNDING_RECORD), ("workforce", schema.WORKFORCE_RECORD), ("taxes", schema.TAXES_RECORD))}


def facts(site, sector_index):
    """{attribute name: text} for a site's list item, `data-<name>="<text>"`; left out where it says nothing,
    so that a list of 1,000 sites stays light (docs/finder.md): `id` only where the URL's slug is not the id,
    `status` only when not "available", `rail` only with a siding (as a boolean
    attribute, text ""), `price` only with a price, `available` only for a site available later; sectors
    as their positions in the form's list (`sector_index`: {sector id: position})."""
    later = site.availability.state == availability.LATER
    out = {
        "id": site.id if site.slug != site.id else None,  # else the last part of the row's link
        "municipality": site.municipality.key,
        "area": str(site.area),
        "zoning": site.zoning,
        "status": site.status if site.status != "available" else None,
        "sectors": " ".join(str(sector_index[s.id]) for s in site.sectors),
        "rail": "" if site.transport.get("rail_siding") else None,
        "motorway-km": _plain(site.transport.get("motorway_km")),
        "price": _plain(site.price_per_m2) if site.price_per_m2 is not None else None,
        # From when it can be had, if later than the build date (ruhr.core.availability).
        "available": site.availability.since.isoformat() if later else None,
        "aid-area": site.municipality.funding["category"],  # regional aid (GRW): C, D or none
    }
    return {name: value for name, value in out.items() if value is not None}


def _plain(number):
    """A number as the JavaScript Number() reads it: 2.0 -> '2', 2.5 -> '2.5', None -> ''."""
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def aid_summary(funding, gettext, context):
    """'C area (up to 30 % / 20 % / 10 % for small / medium-sized / large companies)', or 'not a … area'."""
    label = {category: gettext(msgid) for category, msgid in AID_AREAS.items()}
    if funding["category"] == "none":
        return label["none"]
    rates = " / ".join(i18n.percent(context, funding[size]) for size in ("small", "medium", "large"))
    return gettext("%(area)s (up to %(rates)s for small / medium-sized / large companies)") % {
        "area": label[funding["category"]], "rates": rates}


def compare_data(sites, lang, gettext, settings):
    """{"rows": [{key, label}], "sites": {id: {title, url, cells: {key: text}, contact, email, phone, photo}}}
    of a language: the facts whose `show` (schema.py) names the compare output, formatted as the pages
    format them, and the municipality's regional-aid status (docs/investment.md); the contact's name, e-mail
    and phone apart (compare.js links them), the first photo."""
    presenter = Facts(lang, settings, gettext)
    table = {s.id: presenter.rows(s, "compare") for s in sites}
    first = next(iter(table.values()), [])
    context = {"lang": lang, "RUHR_LOCALES": ruhr_settings.get(settings, "RUHR_LOCALES")}
    aid = {"key": "aid_area", "label": gettext("Regional aid (GRW)")}
    return {
        "rows": [{"key": row.key, "label": row.label} for row in first] + ([aid] if sites else []),
        "sites": {s.id: {"title": s.title, "url": s.url,
                         "cells": {**{row.key: row.text for row in table[s.id]},
                                   aid["key"]: aid_summary(s.municipality.funding, gettext, context)},
                         "contact": s.contact.name, "email": s.contact.email, "phone": s.contact.phone,
                         "photo": _thumbnail(s)}
                  for s in sites},
    }


def _thumbnail(site):
    """{src, srcset, width, height} of the site's first photo in card size, or None."""
    photo = site.photos[0].get("photo") if site.photos and isinstance(site.photos[0], dict) else None
    small = photo and (photo.thumbnail or photo)
    if not small:
        return None
    return {"src": small.src, "srcset": small.srcset, "width": small.width, "height": small.height}


def add_finder(model, generator):
    """Receiver of `model_ready`: the compare page's data (`model.compare[lang]`), the template
    globals `site_facts(site)`, `fact_groups(item)` (the sections of facts of an item page) and
    `fact_rows(item, output)` (from ruhr.core.facts), `availability(site)` (its status row's text) and
    `site_choices(name)`."""
    settings = generator.settings
    model.compare = {}
    presenters = {}
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        presenters[lang] = Facts(lang, settings, generator.catalogs[lang].gettext)
        model.compare[lang] = compare_data(model.sites[lang], lang, generator.catalogs[lang].gettext, settings)
    sector_index = {lang: {sector.id: i for i, sector in enumerate(model.sectors[lang])}
                    for lang in model.sectors}
    generator.env.globals.update(availability=lambda site: presenters[site.lang].format(_FIELDS["status"],
                                                                                        site.availability),
                                 site_facts=lambda site: facts(site, sector_index[site.lang]), site_choices=choices,
                                 aid_areas=AID_AREAS, figure_labels=FIGURE_LABELS,
                                 fact_groups=lambda item: presenters[item.lang].groups(item),
                                 fact_rows=lambda item, output: presenters[item.lang].rows(item, output),
                                 compare_max=ruhr_settings.get(settings, "RUHR_COMPARE_MAX"))
