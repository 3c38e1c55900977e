"""The site finder and the compare page (docs/finder.md): what their templates need beyond the model.

- `facts(site, sector_index)`: the facts the finder filters and sorts by, as the `data-*` attributes of a site's list
  item on the sites index (theme/static/js/finder.js reads them; tests compute the same from content).
- `compare_data(sites, lang, gettext, settings)`: every site's facts, formatted in the page's language,
  for the JSON block of the compare page (theme/static/js/compare.js builds the table from it).
- `choices(name)`: a site field's (value, label msgid) pairs, for the filter form.
"""

import logging

from jinja2 import pass_context

from ruhr.core import availability, i18n, schema
from ruhr import settings as ruhr_settings

logger = logging.getLogger(__name__)

_FIELDS = {f.name: f for f in schema.SITE}
_TRANSPORT = _FIELDS["transport"]
_UTILITIES = _FIELDS["utilities"]
DASH = "–"


def choices(name):
    """[(value, label msgid)] of a site choice field, e.g. choices('zoning')."""
    return list(_FIELDS[name].choices)


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
    }
    return {name: value for name, value in out.items() if value is not None}


def _plain(number):
    """A number as the JavaScript Number() reads it: 2.0 -> '2', 2.5 -> '2.5', None -> ''."""
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def compare_data(sites, lang, gettext, settings):
    """{"rows": [{key, label}], "sites": {id: {title, url, municipality, cells: {key: text}}}} of a language."""
    context = {"lang": lang, "RUHR_LOCALES": ruhr_settings.get(settings, "RUHR_LOCALES")}

    def yes_no(value):
        return gettext("yes") if value else gettext("no")

    def km(value):
        return i18n.with_unit(context, value, "km") if value is not None else DASH

    rows = [
        ("municipality", gettext("Municipality"), lambda s: f"{s.municipality.name} ({s.municipality.district})"),
        ("area", gettext("Area"), lambda s: i18n.with_unit(context, s.area, "m²")),
        ("largest_plot", gettext("Largest plot"),
         lambda s: i18n.with_unit(context, s.largest_plot, "m²") if s.largest_plot else DASH),
        ("divisible", gettext("Divisible"), lambda s: yes_no(s.divisible)),
        ("zoning", gettext("Zoning"), lambda s: gettext(s.label("zoning"))),
        ("planning", gettext("Planning status"), lambda s: gettext(s.label("planning"))),
        ("availability", gettext("Availability"),
         lambda s: s.availability.text(gettext, lambda d: i18n.date(context, d))),
        ("price", gettext("Price"), lambda s: gettext("on request") if s.price_on_request
         else i18n.money(context, s.price_per_m2) + "/m²"),
        ("owner", gettext("Owner"), lambda s: gettext(s.label("owner"))),
        ("brownfield", gettext("Brownfield"), lambda s: yes_no(s.brownfield)),
        ("motorway", gettext("Nearest motorway"),
         lambda s: f"{s.transport['motorway']}, {km(s.transport['motorway_km'])}"),
        ("rail_siding", gettext("Rail siding"), lambda s: yes_no(s.transport.get("rail_siding"))),
        ("port_km", gettext("Distance to port"), lambda s: km(s.transport.get("port_km"))),
        ("airport_km", gettext("Distance to airport"), lambda s: km(s.transport.get("airport_km"))),
        ("fibre", gettext("Fibre broadband"), lambda s: yes_no(s.utilities.get("fibre"))),
        ("power_mva", gettext("Power capacity"), lambda s: DASH if s.utilities.get("power_mva") is None
         else i18n.with_unit(context, s.utilities["power_mva"], "MVA")),
        ("district_heating", gettext("District heating"), lambda s: yes_no(s.utilities.get("district_heating"))),
        ("hydrogen", gettext("Hydrogen pipeline"), lambda s: yes_no(s.utilities.get("hydrogen"))),
        ("sectors", gettext("Suited to"), lambda s: ", ".join(x.title for x in s.sectors) or DASH),
        ("contact", gettext("Your contact"), lambda s: s.contact.name),
        ("last_verified", gettext("Last verified"), lambda s: i18n.date(context, s.last_verified)),
    ]
    return {
        "rows": [{"key": key, "label": label} for key, label, _ in rows],
        "sites": {s.id: {"title": s.title, "url": s.url, "cells": {key: str(value(s)) for key, _, value in rows},
                         "email": s.contact.email, "phone": s.contact.phone, "photo": _thumbnail(s)}
                  for s in sites},
    }


def _thumbnail(site):
    """{src, srcset, width, height} of the site's first photo in card size, or None."""
    photo = site.photos[0].get("photo") if site.photos and isinstance(site.photos[0], dict) else None
    small = photo and (photo.thumbnail or photo)
    if not small:
        return None
    return {"src": small.src, "srcset": small.srcset, "width": small.width, "height": small.height}


def availability_filter(catalogs):
    """The template filter `site | availability`: the site's availability in the page's language."""
    @pass_context
    def availability(context, site):
        return site.availability.text(catalogs[context["lang"]].gettext, lambda d: i18n.date(context, d))
    return availability


def add_finder(model, generator):
    """Receiver of `model_ready`: the compare page's data (`model.compare[lang]`), the template
    globals `site_facts(site)` and `site_choices(name)` and the filter `availability`."""
    settings = generator.settings
    generator.env.filters["availability"] = availability_filter(generator.catalogs)
    model.compare = {}
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        model.compare[lang] = compare_data(model.sites[lang], lang, generator.catalogs[lang].gettext, settings)
    sector_index = {lang: {sector.id: i for i, sector in enumerate(model.sectors[lang])}
                    for lang in model.sectors}
    generator.env.globals.update(site_facts=lambda site: facts(site, sector_index[site.lang]), site_choices=choices,
                                 compare_max=ruhr_settings.get(settings, "RUHR_COMPARE_MAX"))
