"""The site finder and the compare page (docs/finder.md): what their templates need beyond the model.

- `record(site, sector_index)`: the facts the finder filters and sorts by, the start of a site's record in the
  finder's data (templates/finder.json, read by theme/static/js/finder.js; tests compute the same from content).
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

# The fields of a site's record in the finder's data (templates/finder.json), in order: the facts the finder
# filters and sorts by (`record`), then what its row shows (written by the template with the list's macros).
FIELDS = ["id", "municipality", "area", "zoning", "status", "sectors", "rail", "motorway_km", "price",
          "available", "aid_area", "url", "title", "availability", "facts", "photo"]


def record(site, sector_index):
    """The facts the finder filters and sorts by, as the first fields of the site's record in the finder's
    data (FIELDS; static/js/finder.js reads them; tests compute the same from content). Short where they say
    nothing, so that the data of 5,000 sites stays light (docs/finder.md): `id` "" where the URL's slug is the
    id (the last part of the URL), `status` "" when available, `rail` 1 or 0, `price` None on request,
    `available` the ISO date only for a site available later than the build date; sectors as their positions
    in the form's list (`sector_index`: {sector id: position}); the municipality's regional-aid (GRW)
    category."""
    later = site.availability.state == availability.LATER
    return [
        site.id if site.slug != site.id else "",
        site.municipality.key,
        _number(site.area),
        site.zoning,
        site.status if site.status != "available" else "",
        [sector_index[s.id] for s in site.sectors],
        1 if site.transport.get("rail_siding") else 0,
        _number(site.transport.get("motorway_km")),
        _number(site.price_per_m2),
        # From when it can be had, if later than the build date (ruhr.core.availability).
        site.availability.since.isoformat() if later else "",
        site.municipality.funding["category"],  # regional aid (GRW): C, D or none
    ]


def _number(value):
    """A number for JSON: 2.0 -> 2, 2.5 -> 2.5, None -> None."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


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
    aid = {"key": "aid_area", "label": gettext("Regional aid (GRW)")}
    return {
        "rows": [{"key": row.key, "label": row.label} for row in first] + ([aid] if sites else []),
        "sites": {s.id: {"title": s.title, "url": s.url,
                         "cells": {**{row.key: row.text for row in table[s.id]},
                                   aid["key"]: aid_summary(s.municipality.funding, gettext, presenter.context)},
                         "contact": s.contact.name, "email": s.contact.email, "phone": s.contact.phone,
                         "photo": _thumbnail(s)}
                  for s in sites},
    }


def _small_photo(site):
    """The site's first photo in card size (its thumbnail, else the photo), or None."""
    photo = site.photos[0].get("photo") if site.photos and isinstance(site.photos[0], dict) else None
    return photo and (photo.thumbnail or photo)


def row_photo(site):
    """[src, width, height] of the photo of a site's row on the sites index: the first photo's thumbnail in
    its smallest width and best format (one small image keeps 1,000 rows light), or None."""
    small = _small_photo(site)
    if not small:
        return None
    src = small.sources[0]["srcset"].split(",")[0].split()[0] if small.sources else small.src
    return [src, small.width, small.height]


def _thumbnail(site):
    """{src, srcset, width, height} of the site's first photo in card size, or None."""
    small = _small_photo(site)
    if not small:
        return None
    return {"src": small.src, "srcset": small.srcset, "width": small.width, "height": small.height}


def add_finder(model, generator):
    """Receiver of `model_ready`: the compare page's data (`model.compare[lang]`), the template
    globals `site_record(site)` and `finder_fields` (the finder's data), `row_photo(site)`, `fact_groups(item)`
    (the sections of facts of an item page) and `fact_rows(item, output)` (from ruhr.core.facts),
    `availability(site)` (its status row's text), `site_choices(name)`, `aid_areas` and `figure_labels`."""
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
                                 site_record=lambda site: record(site, sector_index[site.lang]), finder_fields=FIELDS,
                                 row_photo=row_photo, site_choices=choices,
                                 aid_areas=AID_AREAS, figure_labels=FIGURE_LABELS,
                                 fact_groups=lambda item: presenters[item.lang].groups(item),
                                 fact_rows=lambda item, output: presenters[item.lang].rows(item, output),
                                 compare_max=ruhr_settings.get(settings, "RUHR_COMPARE_MAX"))
