"""Read a file of sites as the editors' tools write it: a spreadsheet's CSV export or GeoJSON points.

CSV: semicolon- (or tab-) separated, UTF-8 or Windows-1252 (detected). Rows are numbered as in the
spreadsheet (the header is row 1); GeoJSON features from 1. Cells stay text: `parse_number` and
`parse_date` read German formats (12.500, 2,5, 31.12.2026) for whoever knows the column's type.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass

from ruhr.editor import cli

THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")


@dataclass
class Table:
    headers: list
    rows: list  # (where, {header: cell}, has more cells than headers)
    where_headers: str  # "sites.csv:1" or "sites.geojson: properties"


def read(path):
    """The Table of a CSV or GeoJSON file; raises cli.Failure if it cannot be read at all."""
    with open(path, "rb") as fh:
        raw = fh.read()
    if path.lower().endswith((".geojson", ".json")):
        return _geojson(path, raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise cli.Failure(f"{cli.show(path)}: neither UTF-8 nor Windows-1252 — save it as "
                              "\"CSV UTF-8 (durch Trennzeichen getrennt)\"") from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header else "\t" if "\t" in header else None
    if delimiter is None:
        raise cli.Failure(f"{cli.show(path)}:1: the header has no semicolons — export the spreadsheet as CSV "
                          "separated by semicolons (Excel: \"CSV (Trennzeichen-getrennt)\")")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [h.strip() for h in next(reader)]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if any(c.strip() for c in cells):
            rows.append((f"{cli.show(path)}:{number}", dict(zip(headers, cells)), len(cells) > len(headers)))
    return Table(headers, rows, f"{cli.show(path)}:1")


def _geojson(path, raw):
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise cli.Failure(f"{cli.show(path)}: not valid GeoJSON ({err}) — export it again as GeoJSON") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise cli.Failure(f"{cli.show(path)}: no \"features\" list — expected a GeoJSON FeatureCollection")
    headers, rows = [], []
    for number, feature in enumerate(features, start=1):
        where = f"{cli.show(path)}: feature {number}"
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = (feature.get("geometry") if isinstance(feature, dict) else None) or {}
        if not isinstance(props, dict) or not isinstance(geometry, dict):
            raise cli.Failure(f"{where}: not a GeoJSON feature with \"properties\" and a Point \"geometry\" "
                              "— export the layer again as GeoJSON")
        props = dict(props)
        coords = geometry.get("coordinates")
        if geometry.get("type") == "Point" and isinstance(coords, list) and len(coords) >= 2:
            props.setdefault("lon", coords[0])
            props.setdefault("lat", coords[1])
        elif geometry:
            props["geometry"] = geometry.get("type")
        for key in props:
            if key not in headers:
                headers.append(key)
        rows.append((where, props, False))
    return Table(headers, rows, f"{cli.show(path)}: properties")


def parse_number(text):
    """German or plain number: '12.500' -> 12500, '2,5' -> 2.5, '1.234,5 m²' -> 1234.5; ValueError if not."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return text
    t = str(text).replace("\u00a0", " ").replace("\u202f", " ").strip()
    t = re.sub(r"\s*(?:m²|m2|qm|€|eur|euro|km|mva|ha)?(?:\s*/\s*(?:m²|m2|qm))?$", "", t, flags=re.I)
    t = t.replace(" ", "")
    if not re.fullmatch(r"[+-]?\d[\d.,]*", t):
        raise ValueError(text)
    if "," in t:  # German: the comma is the decimal separator, dots group thousands
        whole, _, fraction = t.partition(",")
        if "," in fraction or ("." in whole and not THOUSANDS.fullmatch(whole)) or "." in fraction:
            raise ValueError(text)
        return float(whole.replace(".", "") + "." + fraction)
    if THOUSANDS.fullmatch(t):
        return int(t.replace(".", ""))
    return float(t) if "." in t else int(t)


def parse_date(text):
    """'31.12.2026', '2026-12-31' (or a date) -> date; ValueError if not."""
    if isinstance(text, datetime.date):
        return text
    t = str(text).strip().split(" ")[0]
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", t)
    if match:
        day, month, year = map(int, match.groups())
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(t)
