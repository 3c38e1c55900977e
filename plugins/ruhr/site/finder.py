"""The site finder and the compare page (docs/finder.md): what their templates need beyond the model.

- `facts(site)`: the facts the finder filters and sorts by, as the `data-*` attributes of a site's list
  item on the sites index (theme/static/js/finder.js reads them; tests compute the same from content).
- `compare_data(sites, lang, gettext, settings)`: every site's facts, formatted in the page's language,
  for the JSON block of the compare page (theme/static/js/compare.js builds the table from it).
- `choices(name)`: a site field's (value, label msgid) pairs, for the filter form.
"""

import logging

from ruhr.core import schema
from ruhr.core.facts import Facts
from ruhr import settings as ruhr_settings

logger = logging.getLogger(__name__)

_FIELDS = {f.name: f for f in schema.SITE}


def choices(name):
    """[(value, label msgid)] of a site choice field, e.g. choices('zoning')."""
    return list(_FIELDS[name].choices)


def facts(site):
    """{attribute name: text} for a site's list item: `data-<name>="<text>"` (empty: not given)."""
    return {
        "id": site.id,
        "district": site.municipality.district_key,
        "municipality": site.municipality.key,
        "area": str(site.area),
        "zoning": site.zoning,
        "status": site.status,
        "sectors": " ".join(s.id for s in site.sectors),
        "rail": "true" if site.transport.get("rail_siding") else "false",
        "motorway-km": _plain(site.transport.get("motorway_km")),
        "price": _plain(site.price_per_m2),
        "available-from": site.available_from.isoformat() if site.available_from else "",
    }


def _plain(number):
    """A number as the JavaScript Number() reads it: 2.0 -> '2', 2.5 -> '2.5', None -> ''."""
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def compare_data(sites, lang, gettext, settings):
    """{"rows": [{key, label}], "sites": {id: {title, url, cells: {key: text}}}} of a language: the facts
    whose `show` (schema.py) names the compare output, formatted as the pages format them."""
    presenter = Facts(lang, settings, gettext)
    table = {s.id: presenter.rows(s, "compare") for s in sites}
    first = next(iter(table.values()), [])
    return {
        "rows": [{"key": row.key, "label": row.label} for row in first],
        "sites": {s.id: {"title": s.title, "url": s.url, "cells": {row.key: row.text for row in table[s.id]}}
                  for s in sites},
    }


def add_finder(model, generator):
    """Receiver of `model_ready`: the compare page's data (`model.compare[lang]`) and the template
    globals `site_facts(site)`, `fact_groups(item)` (the sections of facts of an item page, from
    ruhr.core.facts) and `site_choices(name)`."""
    settings = generator.settings
    model.compare = {}
    presenters = {}
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        presenters[lang] = Facts(lang, settings, generator.catalogs[lang].gettext)
        model.compare[lang] = compare_data(model.sites[lang], lang, generator.catalogs[lang].gettext, settings)
    generator.env.globals.update(site_facts=facts, site_choices=choices,
                                 fact_groups=lambda item: presenters[item.lang].groups(item),
                                 compare_max=ruhr_settings.get(settings, "RUHR_COMPARE_MAX"))
