"""`invoke import-sites FILE`: create and update sites from a spreadsheet (CSV) or a GeoJSON file.

    python -m ruhr.importer sites.csv [--dry-run]

CSV as spreadsheets export it: semicolon-separated, UTF-8 or Windows-1252 (detected), German numbers
(12.500 and 2,5), dates as 31.12.2026 or 2026-12-31, yes/no as ja/nein. GeoJSON: Point features whose
properties use the same names. The column names are the German field labels (see `columns()`, listed in
docs/editing.md), the English labels or the field names of docs/fields.md.

A row whose id (or, without an id column, whose German title made into an id) matches an existing site
updates that site's facts: only the front-matter lines of the facts that change are rewritten; titles,
texts, comments and the order of the fields stay as the editors wrote them; empty cells change nothing.
Other rows create a new site: both files, with every field. Its English title and summary come from the
columns "Titel (englisch)" and "Kurzbeschreibung (englisch)"; without them the English file is created
with these fields empty, and `invoke check` / `invoke translations` report them: a translation is never
invented.

Every row is checked before anything is written: one bad row (reported with its row number as in the
spreadsheet, where the header is row 1, and its column) and nothing is written.
"""

import argparse
import copy
import csv
import datetime
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field

from babel.messages.pofile import read_po

from . import cli, content, i18n, progress, schema, scaffold, translations
from . import settings as ruhr_settings
from .fieldedit import set_value
from .frontmatter import parse
from .validate import ON_REQUEST, FileChecker, did_you_mean

ENGLISH = re.compile(r"\s*(?:[(\[]\s*(?:en|engl\.?|englisch|english)\s*[)\]]|[_.]en)$", re.I)
UNIT = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
TRUE, FALSE = {"ja", "j", "x", "wahr", "true", "yes", "y", "1"}, {"nein", "n", "falsch", "false", "no", "0", "-"}
TEXT_TYPES = ("text", "slug", "ref", "file", "email")


@dataclass
class RowProblem:
    where: str  # "sites.csv:5" or "sites.geojson: feature 3"
    field: str
    column: str
    message: str

    def __str__(self):
        column = f" (column \"{self.column}\")" if self.column else ""
        return f"{self.where}: {self.field}{column}: {self.message}"


@dataclass
class Plan:
    """What one row does: create a site, or change some facts of an existing one."""
    where: str
    id: str
    new: bool
    writes: dict = field(default_factory=dict)  # path -> new text
    changes: list = field(default_factory=list)  # (field, old, new)
    untranslated: bool = False  # a new site without English title or summary


def _norm(name):
    return re.sub(r"[\s_\-.]+", " ", str(name)).strip().casefold()


def _flat(fields, prefix=()):
    """(key path, Field) of every leaf of `fields` (objects are flattened: transport.motorway_km)."""
    for f in fields:
        if f.type == "object":
            yield from _flat(f.fields, prefix + (f.name,))
        else:
            yield prefix + (f.name,), f


def importable():
    """(key path, Field, lang) of every column the import understands, in schema order."""
    source, other = "de", "en"
    out = []
    for path, f in _flat(schema.SITE):
        if f.name in ("slug", scaffold.HASH_FIELD) or f.type == "list":
            continue
        out.append((path, f, source))
        if f.translatable:
            out.append((path, f, other))
    return out


def _german(settings):
    path = i18n.catalog_path(settings["THEME"], "de")
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale="de")
    return lambda msgid: (catalog.get(msgid).string if catalog.get(msgid) and catalog.get(msgid).string
                          else msgid)


def columns(settings):
    """[(documented column name, key path, Field, lang)]: the German label, its unit, "(englisch)"."""
    german = _german(settings)
    units = {"m2": "m²", "EUR/m2": "EUR/m²", "°": ""}
    out = []
    for path, f, lang in importable():
        unit = units.get(f.unit, f.unit)
        name = german(f.label) + (f" ({unit})" if unit else "") + (" (englisch)" if lang == "en" else "")
        out.append((name, path, f, lang))
    return out


def _aliases(settings):
    """{(normalised column name, lang): (key path, Field, lang)}."""
    german = _german(settings)
    aliases = {}
    for name, path, f, lang in columns(settings):
        for alias in (ENGLISH.sub("", name), german(f.label), f.label, ".".join(path), path[-1]):
            aliases.setdefault((_norm(alias), lang), (path, f, lang))
    aliases.setdefault((_norm("Kennung"), "de"), (("id",), schema.SITE[0], "de"))
    return aliases


def match_column(header, aliases):
    """(key path, Field, lang) of a column header, or None."""
    lang = "en" if ENGLISH.search(header) else "de"
    base = ENGLISH.sub("", header.strip())
    return aliases.get((_norm(base), lang)) or aliases.get((_norm(UNIT.sub("", base)), lang))


# Reading --------------------------------------------------------------------------------------------------

def read_rows(path):
    """[(where, {header: cell})] of a CSV or GeoJSON file; raises cli.Failure if it cannot be read."""
    with open(path, "rb") as fh:
        raw = fh.read()
    if path.lower().endswith((".geojson", ".json")):  # also in plan()
        return _geojson_rows(path, raw)
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
    return headers, rows


def _geojson_rows(path, raw):
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
        props = dict((feature or {}).get("properties") or {})
        geometry = (feature or {}).get("geometry") or {}
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
    return headers, rows


# Values ---------------------------------------------------------------------------------------------------

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
    if isinstance(text, datetime.date):
        return text
    t = str(text).strip().split(" ")[0]
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", t)
    if match:
        day, month, year = map(int, match.groups())
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(t)


class Converter:
    """Turns cells into front-matter values, with messages that speak of the spreadsheet."""

    def __init__(self, settings, data, sector_titles):
        german = _german(settings)
        self.keys = {
            "municipality": {_norm(m["key"]): m["key"] for m in data.get("municipalities", [])},
            "contact": {_norm(c["key"]): c["key"] for c in data.get("contacts", [])},
            "sector": {_norm(k): k for k in sector_titles},
        }
        for m in data.get("municipalities", []):
            self.keys["municipality"].setdefault(_norm(m["name"]), m["key"])
        for c in data.get("contacts", []):
            self.keys["contact"].setdefault(_norm(c["name"]), c["key"])
        for key, title in sector_titles.items():
            self.keys["sector"].setdefault(_norm(title), key)
        self.choices = {}
        for _, f in _flat(schema.SITE):
            for value, label in f.choices:
                for alias in (value, label, german(label)):
                    self.choices.setdefault((f.name, _norm(alias)), value)

    def __call__(self, f, cell):
        """The value for the front matter; raises ValueError(message) if the cell cannot be one."""
        if f.type in ("int", "float", "price"):
            if f.type == "price" and str(cell).strip().casefold() in ON_REQUEST:
                return "on request"
            try:
                number = parse_number(cell)
            except ValueError:
                raise ValueError(f"'{cell}' is not a number — write digits, with a comma for decimals "
                                 "(12.500 or 2,5)" + (" or 'auf Anfrage'" if f.type == "price" else "")) from None
            if isinstance(number, float) and number.is_integer() and f.type == "int":
                number = int(number)
            return number
        if f.type == "bool":
            if isinstance(cell, bool):
                return cell
            word = str(cell).strip().casefold()
            if word in TRUE or word in FALSE:
                return word in TRUE
            raise ValueError(f"'{cell}' is not yes or no — write ja or nein")
        if f.type == "date":
            try:
                return parse_date(cell)
            except ValueError:
                raise ValueError(f"'{cell}' is not a date — write it as 31.12.2026 or 2026-12-31") from None
        if f.type == "choice":
            value = self.choices.get((f.name, _norm(cell)))
            if value is None:
                raise ValueError(f"'{cell}' is not allowed{did_you_mean(cell, f.choice_values)} — write one of: "
                                 + ", ".join(map(str, f.choice_values)))
            return value
        if f.type == "ref":
            known = self.keys.get(f.ref, {})
            cells = [c for c in re.split(r"[,;|]", str(cell)) if c.strip()] if f.many else [cell]
            values = []
            for c in cells:
                key = known.get(_norm(c))
                if key is None:
                    raise ValueError(f"unknown {f.ref} '{c.strip()}'" + did_you_mean(c.strip(), known.values())
                                     + " — " + content.REF_FIX[f.ref] + " (key or name)")
                values.append(key)
            return values if f.many else values[0]
        return str(cell).strip()


# Planning -------------------------------------------------------------------------------------------------

def _typed(meta, lines=None):
    """Typed values of a site's German front matter, and the checker's problems."""
    checker = FileChecker("", lines or {}, "German", is_source=True)
    return checker.check(meta, schema.SITE), checker.problems


def _get(values, path):
    for key in path:
        values = (values or {}).get(key)
    return values


def _put(values, path, value):
    for key in path[:-1]:
        values = values.setdefault(key, {})
    values[path[-1]] = value


def plan(path, settings):
    """([Plan], [RowProblem]) for an import file; reads, never writes."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    source, other = languages[0], languages[1]
    data, _ = content.load_data(settings)
    existing, sector_titles = {}, {}
    for kind, item_id, lang, file, meta, _, _ in cli.raw_files(settings["PATH"], languages):
        if kind == "sector" and lang == source:
            sector_titles[item_id] = meta.get("title") or item_id
        if kind == "site":
            existing.setdefault(item_id, {})[lang] = file
    convert = Converter(settings, data, sector_titles)
    aliases = _aliases(settings)
    bounds = ruhr_settings.get(settings, "RUHR_BOUNDS")
    folder = os.path.join(settings["PATH"], schema.TYPES["site"][0])

    documented = columns(settings)
    headers, rows = read_rows(path)
    geojson = path.lower().endswith((".geojson", ".json"))
    header_where = f"{cli.show(path)}: properties" if geojson else f"{cli.show(path)}:1"
    problems, plans, mapping = [], [], {}
    for header in headers:
        if not header or header == "geometry":
            continue
        found = match_column(header, aliases)
        if found is None:
            names = [UNIT.sub("", ENGLISH.sub("", name)) for name, *_ in documented]
            problems.append(RowProblem(header_where, "column", header, "unknown column"
                                       + did_you_mean(header, names) + " — rename it (docs/editing.md lists the "
                                       "columns) or delete the column"))
        elif found in mapping.values():
            problems.append(RowProblem(header_where, ".".join(found[0]), header, "a second column for "
                                       "this field — delete one of them"))
        else:
            mapping[header] = found
    if problems:
        return [], problems

    seen = {}
    for where, cells, extra in progress.track(rows, "Checking rows"):
        row_problems = []

        def bad(field_path, header, message):
            row_problems.append(RowProblem(where, ".".join(field_path), header, message))

        if extra:
            bad(("row",), "", "more cells than the header has columns — check for a stray semicolon")
        if cells.get("geometry"):
            bad(("geometry",), "", f"a {cells['geometry']} — only Point features can be imported")
        values = {source: {}, other: {}}
        column_of = {}
        for header, (fpath, f, lang) in mapping.items():
            cell = cells.get(header)
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            try:
                _put(values[lang], fpath, convert(f, cell))
            except ValueError as err:
                bad(fpath, header, str(err))
            column_of[(fpath, lang)] = header
        de, en = values[source], values[other]
        item_id = de.get("id") or scaffold.slugify(de.get("title", ""))
        if not item_id:
            bad(("id",), "", "no id and no title — fill in the column \"ID\" or \"Titel\"")
            problems += row_problems
            continue
        de["id"] = item_id
        if item_id in seen:
            bad(("id",), column_of.get((("id",), source), ""), f"'{item_id}' is also in {seen[item_id]} — "
                "import each site once")
        seen[item_id] = where
        new = item_id not in existing
        files = existing.get(item_id, {})
        de_path = files.get(source, os.path.join(folder, f"{item_id}.{source}.md"))
        en_path = files.get(other, os.path.join(folder, f"{item_id}.{other}.md"))

        # Check the site as it will be: the existing facts with this row's values on top.
        if new:
            meta = dict(scaffold.DEFAULTS, **de)
            old_typed = {}
        else:
            if source not in files:
                bad(("id",), "", f"{cli.show(en_path)} exists without a German file — add it first")
                problems += row_problems
                continue
            with open(de_path, encoding="utf-8", newline="") as fh:
                text = fh.read()
            old_meta = parse(text)[0]
            old_typed, _ = _typed(old_meta)
            meta = copy.deepcopy(old_meta)
            for fpath, f, lang in importable():
                value = _get(de, fpath)
                if lang == source and value is not None and f.name not in ("title", "summary"):
                    _put(meta, fpath, value)
        typed, checked = _typed(meta)
        for p in checked:
            fpath = tuple(re.sub(r"\[\d+\]", "", p.field).split("."))
            header = column_of.get((fpath, source)) or column_of.get((fpath[:1], source), "")
            if new or header:
                hint = ""
                cell = str(cells.get(header, "")).strip()
                if THOUSANDS.fullmatch(cell):
                    hint = f" (read as {parse_number(cell)}: a dot separates thousands; write {cell.replace('.', ',')} "\
                           "for a decimal number)"
                message = p.message
                if "missing required field" in message:
                    column = next((n for n, cp, _, cl in documented if cp == fpath and cl == source),
                                  ".".join(fpath))
                    message = f"no value for a new site — fill in the column \"{column}\""
                bad(fpath, header, message + hint)
        for axis in ("lat", "lon"):
            value, (low, high) = typed.get(axis), bounds[axis]
            if isinstance(value, (int, float)) and not low <= value <= high:
                bad((axis,), column_of.get(((axis,), source), ""), f"{value} is outside the Ruhr area (expected "
                    f"{low} to {high}) — correct the coordinates; are latitude and longitude swapped?")
        if new and os.path.exists(en_path):
            bad(("id",), "", f"{cli.show(en_path)} exists without a German file — add it first, or choose another id")
        if row_problems:
            problems += row_problems
            continue

        p = Plan(where, item_id, new, untranslated=new and not (en.get("title") and en.get("summary")))
        if new:
            p.writes[de_path] = scaffold.render("site", True, meta)
            if not p.untranslated:  # translated in the same row: the translation matches its source
                source_meta, _, body, _ = parse(p.writes[de_path])
                en[scaffold.HASH_FIELD] = translations.source_hash("site", source_meta, body)
            p.writes[en_path] = scaffold.render("site", False, dict(en, id=item_id))
            p.changes = [(".".join(fpath), None, _get(typed, fpath), f) for fpath, f, lang in importable()
                         if lang == source and _get(typed, fpath) is not None]
        else:
            order = {(): [f.name for f in schema.SITE]}
            for f in schema.SITE:
                if f.type == "object":
                    order[(f.name,)] = [s.name for s in f.fields]
            for fpath, f, lang in importable():
                value = _get(de, fpath)
                if lang != source or value is None or f.name in ("id", "title", "summary"):
                    continue
                if _get(typed, fpath) != _get(old_typed, fpath):
                    text = set_value(text, fpath, value, order[fpath[:-1]])
                    p.changes.append((".".join(fpath), _get(old_typed, fpath), _get(typed, fpath), f))
            if p.changes:
                if _typed(parse(text)[0])[0] != typed:  # never write what does not read back as intended
                    raise cli.Failure(f"{cli.show(de_path)}: its front matter could not be edited safely — "
                                      f"change row {where} by hand")
                p.writes[de_path] = text
        plans.append(p)
    return plans, problems


def _show(value, f):
    if value is None:
        return "on request" if f.type == "price" else "–"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def run(path, settings_file="pelicanconf.py", overrides=None, dry_run=False, stream=sys.stderr):
    settings = cli.load_settings(settings_file, overrides)
    try:
        plans, problems = plan(path, settings)
    except (OSError, cli.Failure) as err:
        print(f"Import stopped: {err}; nothing was written.", file=stream)
        return 1
    if problems:
        for p in problems:
            print(p, file=stream)
        rows = len({p.where for p in problems})
        print(f"Import stopped: {rows} bad row(s); nothing was written. Rows are numbered as in the spreadsheet "
              "(the header is row 1).", file=stream)
        return 1
    for p in plans:
        if p.new:
            names = " and ".join(cli.show(f) for f in p.writes)
            print(f"{p.where}: new site {p.id}: {names}", file=stream)
        elif p.changes:
            changes = "; ".join(f"{name} {_show(old, f)} → {_show(new, f)}" for name, old, new, f in p.changes)
            print(f"{p.where}: {p.id}: {changes}", file=stream)
    new = [p for p in plans if p.new]
    changed = [p for p in plans if not p.new and p.changes]
    summary = f"{len(new)} new, {len(changed)} changed, {len(plans) - len(new) - len(changed)} unchanged site(s)"
    if dry_run:
        print(f"Dry run: {summary}; nothing was written.", file=stream)
        return 0
    writes = [(file, text) for p in plans for file, text in p.writes.items()]
    for file, text in progress.track(writes, "Writing sites"):
        cli.write_atomically(file, text)
    print(f"Imported: {summary}.", file=stream)
    untranslated = [p.id for p in new if p.untranslated]
    if untranslated:
        print(f"{len(untranslated)} new site(s) need an English title and summary before the site builds "
              f"({', '.join(untranslated)}): see `invoke translations`.", file=stream)
    print("Run `invoke check`, then look at the result with `invoke serve`.", file=stream)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ruhr.importer", description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a .csv (semicolon-separated) or .geojson file")
    parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    cli.add_settings_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.file, args.settings, dry_run=args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
