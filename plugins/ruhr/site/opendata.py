"""Open data: every site as `sites.geojson` (RFC 7946) and `sites.csv` (UTF-8, comma separated).

One feature / row per site, sorted by id, with its names and page URLs in every language and the facts
the pages show (every field whose `show` in schema.py names "data"), from the source-language file:
numbers without units (the column names say the unit), ISO dates, choice values, true/false, sector ids.
Same content, same bytes.
"""

import csv
import io
import json
import logging
import os

from ruhr import settings as ruhr_settings
from ruhr.core import facts, schema
from ruhr.util.files import write_if_changed

logger = logging.getLogger(__name__)

GEOJSON = "sites.geojson"
CSV = "sites.csv"


def site_records(sites_by_lang, languages, siteurl=""):
    """One dict of facts per site (flat: the CSV's columns, in order), sorted by id.

    `sites_by_lang`: {lang: [site]} (the model's `model.sites`); the facts are those whose `show` in
    schema.py names the open data (ruhr.core.facts.record), from the first language's objects; names and
    URLs come from each language's. URLs are absolute when `siteurl` is given.
    """
    source, *others = languages
    by_id = {lang: {site.id: site for site in sites_by_lang.get(lang, [])} for lang in languages}
    records = []
    for site_id in sorted(by_id[source]):
        site = by_id[source][site_id]
        record = {"id": site.id}
        for lang in languages:
            record[f"name_{lang}"] = _in(by_id, lang, site, "title")
        record.update({"lat": round(float(site.lat), 6), "lon": round(float(site.lon), 6)})
        record.update(facts.record(site, schema.SITE))
        for lang in languages:
            url = _in(by_id, lang, site, "url")
            record[f"url_{lang}"] = _absolute(url, siteurl) if url else None
        records.append(record)
    return records


def geojson(records):
    """The records as a GeoJSON FeatureCollection (text): a Point [lon, lat] per site."""
    features = []
    for record in records:
        properties = {k: v for k, v in record.items() if k not in ("lat", "lon")}
        features.append({
            "type": "Feature",
            "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
            "properties": properties,
        })
    # One feature per line: small, and a diff between two builds shows which site changed.
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n"


def csv_text(records):
    """The records as CSV (header row, comma separated, empty cell for none, true/false, lists separated
    by spaces)."""
    out = io.StringIO()
    if records:
        writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _cell(v) for k, v in record.items()})
    return out.getvalue()


def write(model, settings, output_path):
    """Write sites.geojson and sites.csv to the output root."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    records = site_records(model.sites, languages, settings.get("SITEURL", ""))
    write_if_changed(os.path.join(output_path, GEOJSON), geojson(records).encode("utf-8"))
    write_if_changed(os.path.join(output_path, CSV), csv_text(records).encode("utf-8"))
    logger.info("open data: %d sites in %s and %s", len(records), GEOJSON, CSV)


def add_open_data(model, generator):
    """Receiver of `model_ready`: write the open data files."""
    write(model, generator.settings, generator.output_path)


def _in(by_id, lang, site, attribute):
    """An attribute of the site's version in `lang` (None if it has none)."""
    version = by_id[lang].get(site.id) or (getattr(site, "translations", {}) or {}).get(lang)
    return getattr(version, attribute) if version is not None else None


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return value


def _absolute(url, siteurl):
    if url.startswith(("http://", "https://")):
        return url
    return siteurl.rstrip("/") + "/" + url.lstrip("/")
