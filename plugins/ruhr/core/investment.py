"""The reasons to invest, attached to the model (docs/investment.md): each municipality's regional-aid (GRW)
status, workforce figures, tax rates and local economic development contact, the students within reach, and
each site's computed reachability. Read from the data files checked by content.load_data."""

from ruhr import settings as ruhr_settings
from ruhr.core import reach, schema

HUB_KINDS = [kind for kind, _ in schema.HUB_KINDS]


def site_reach(lat, lon, municipalities, hubs, radii):
    """{"population": [(radius km, people)], "hubs": [(kind, hub, km)]} of a point."""
    nearest = [(kind, *reach.nearest(lat, lon, hubs, kind)) for kind in HUB_KINDS]
    return {
        "population": reach.population_within_radii(lat, lon, municipalities, radii),
        "hubs": [found for found in nearest if found[1] is not None],
    }


def _range(values):
    values = sorted(values)
    return {"lowest": values[0], "median": values[len(values) // 2], "highest": values[-1], "count": len(values)}


def attach(model, data, settings):
    """Set m.funding, m.workforce, m.taxes, m.economic_development, m.students_nearby on every municipality,
    site.reach on every site, and model.investment (notes, sources, the funding advice contact)."""
    radii = ruhr_settings.get(settings, "RUHR_REACH_RADII_KM")
    students_radius = ruhr_settings.get(settings, "RUHR_STUDENTS_RADIUS_KM")
    per_municipality = {key: {e["municipality"]: e for e in data[key]}
                        for _, (key, _, one_each) in schema.DATA_FILES.items() if one_each}
    docs = {key: data.get(key + "_doc") or {} for key in per_municipality}
    model.investment = {
        "notes": {key: doc.get("note") or {} for key, doc in docs.items()},
        "demo": {key: bool(doc.get("demo")) for key, doc in docs.items()},
        "official_source": docs["funding"].get("official_source") or {},
        "advice_contact": {lang: model.contacts[lang][docs["funding"]["advice_contact"]]
                           for lang in model.languages},
        "students_radius": students_radius,
        # Per tax: the region's lowest, median and highest multiplier and how many there are. Computed once
        # here, so a municipality page reads these numbers, not every other municipality (incremental builds).
        "tax_range": {tax: _range([t[tax]["value"] for t in per_municipality["taxes"].values()])
                      for tax in ("trade_tax", "property_tax_b")},
        "radii": radii,
    }
    reaches = {}
    for lang in model.languages:
        for m in model.municipalities[lang]:
            m.funding = per_municipality["funding"][m.key]
            m.workforce = per_municipality["workforce"][m.key]
            m.taxes = per_municipality["taxes"][m.key]
            m.economic_development = per_municipality["economic_development"][m.key]
            m.students_nearby = reach.students_within(m.lat, m.lon, data["universities"], students_radius)
        for site in model.sites[lang]:  # the same point in every language: computed once
            if (site.lat, site.lon) not in reaches:
                reaches[site.lat, site.lon] = site_reach(site.lat, site.lon, data["municipalities"], data["hubs"],
                                                         radii)
            site.reach = {name: list(rows) for name, rows in reaches[site.lat, site.lon].items()}
