"""`invoke import-sites FILE`: create and update sites from a spreadsheet (CSV) or a GeoJSON file.

    python -m ruhr.editor.importer sites.csv [--dry-run]

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

An export with other column names or values: `--columns mapping.yaml` maps its headers to fields
(`columns: {"Größe in qm": area}`) and its values to ours (`values: {zoning: {"GI-Gebiet": GI}}`);
`--set field=value` gives new sites a value for a field the export lacks (docs/editing.md has an example).
"""

import argparse
import copy
import datetime
import os
import re
import sys
from dataclasses import dataclass, field

from babel.messages.pofile import read_po

from ruhr.editor import cli
from ruhr.util import progress
from ruhr.util.files import write_atomic
from ruhr.core import content, i18n, schema
from ruhr.editor import scaffold, spreadsheet, translations
from ruhr import settings as ruhr_settings
from ruhr.editor.fieldedit import set_value
from ruhr.core.frontmatter import FrontMatterError, compose, parse, read_text
from ruhr.core.validate import ON_REQUEST, FileChecker, did_you_mean

ENGLISH = re.compile(r"\s*(?:[(\[]\s*(?:en|engl\.?|englisch|english)\s*[)\]]|[_.]en)$", re.I)
UNIT = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
TRUE, FALSE = {"ja", "j", "x", "wahr", "true", "yes", "y", "1"}, {"nein", "n", "falsch", "false", "no", "0", "-"}


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


@dataclass
class Mapping:
    """How an export's columns and values map to ours (`--columns`), and defaults for new sites (`--set`)."""
    columns: dict = field(default_factory=dict)  # export header -> our column or field name
    values: dict = field(default_factory=dict)  # field name -> {normalised export value: our value}
    defaults: dict = field(default_factory=dict)  # column or field name -> cell text


def read_mapping(path=None, sets=()):
    """The Mapping of a mapping file and `field=value` texts; raises cli.Failure naming the line."""
    mapping = Mapping()
    if path:
        try:
            doc, lines = compose(read_text(path))
        except FrontMatterError as err:
            raise cli.Failure(f"{cli.show(path)}:{err.line}: {err.message}") from None
        except OSError as err:
            raise cli.Failure(f"{cli.show(path)}: cannot be read ({err.strerror})") from None
        doc = doc or {}
        columns, values = (doc.get("columns") or {}, doc.get("values") or {}) if isinstance(doc, dict) else (0, 0)
        if not isinstance(columns, dict) or not isinstance(values, dict) or set(doc) - {"columns", "values"} \
                or not all(isinstance(v, dict) for v in values.values()):
            raise cli.Failure(f"{cli.show(path)}:1: expected `columns:` (export header: field) and `values:` "
                              "(field: {export value: our value}) — see docs/editing.md")
        mapping.columns = {str(k).strip(): str(v) for k, v in columns.items()}
        mapping.values = {str(name): {_norm(k): v for k, v in aliases.items()} for name, aliases in values.items()}
    for text in sets:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise cli.Failure(f"--set {text}: write --set field=value, e.g. --set contact=anna-schmidt")
        mapping.defaults[name.strip()] = value.strip()
    return mapping


class Converter:
    """Turns cells into front-matter values, with messages that speak of the spreadsheet."""

    def __init__(self, settings, data, sector_titles, values=None):
        self.values = values or {}
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
        cell = self.values.get(f.name, {}).get(_norm(cell), cell)
        if f.type in ("int", "float", "price"):
            if f.type == "price" and str(cell).strip().casefold() in ON_REQUEST:
                return "on request"
            try:
                number = spreadsheet.parse_number(cell)
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
                return spreadsheet.parse_date(cell)
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


class Importer:
    """Plans an import: every row checked against schema.py and the existing sites; writes nothing."""

    def __init__(self, settings, mapping=None):
        self.settings = settings
        self.mapping = mapping or Mapping()
        languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
        self.source, self.other = languages[0], languages[1]
        self.existing, sector_titles = {}, {}
        for kind, item_id, lang, file, meta, _, _ in cli.raw_files(settings["PATH"], languages):
            if kind == "sector" and lang == self.source:
                sector_titles[item_id] = meta.get("title") or item_id
            if kind == "site":
                self.existing.setdefault(item_id, {})[lang] = file
        self.convert = Converter(settings, content.load_data(settings)[0], sector_titles, self.mapping.values)
        self.columns = columns(settings)
        self.bounds = ruhr_settings.get(settings, "RUHR_BOUNDS")
        self.folder = os.path.join(settings["PATH"], schema.TYPES["site"][0])
        self.order = {(): [f.name for f in schema.SITE]}
        self.order.update({(f.name,): [s.name for s in f.fields] for f in schema.SITE if f.type == "object"})

    def plan(self, path):
        """([Plan], [RowProblem]) for an import file."""
        table = spreadsheet.read(path)
        mapping, problems = self.map_headers(table)
        self.defaults = {}
        for name, cell in self.mapping.defaults.items():
            found = match_column(name, _aliases(self.settings))
            if found is None:
                problems.append(RowProblem("--set", name, "", "unknown field — use a field name of "
                                           "docs/fields.md or a column name of docs/editing.md"))
            else:
                self.defaults[name] = (found, cell)
        if problems:
            return [], problems
        plans, seen = [], {}
        for where, cells, extra in progress.track(table.rows, "Checking rows"):
            plan, row_problems = self.row(where, cells, extra, mapping, seen)
            problems += row_problems
            if plan:
                plans.append(plan)
        return plans, problems

    def map_headers(self, table):
        """{header: (key path, Field, lang)} and the problems of unknown or repeated columns."""
        aliases = _aliases(self.settings)
        names = [UNIT.sub("", ENGLISH.sub("", name)) for name, *_ in self.columns]
        mapping, problems = {}, []
        for header in table.headers:
            if not header or header == "geometry":
                continue
            found = match_column(self.mapping.columns.get(header, header), aliases)
            if found is None:
                problems.append(RowProblem(table.where_headers, "column", header, "unknown column"
                                           + did_you_mean(header, names) + " — rename it (docs/editing.md lists "
                                           "the columns) or delete the column"))
            elif found in mapping.values():
                problems.append(RowProblem(table.where_headers, ".".join(found[0]), header,
                                           "a second column for this field — delete one of them"))
            else:
                mapping[header] = found
        return mapping, problems

    def row(self, where, cells, extra, mapping, seen):
        """(Plan or None, [RowProblem]) of one row."""
        problems = []

        def bad(fpath, header, message):
            problems.append(RowProblem(where, ".".join(fpath), header, message))

        if extra:
            bad(("row",), "", "more cells than the header has columns — check for a stray semicolon")
        if cells.get("geometry"):
            bad(("geometry",), "", f"a {cells['geometry']} — only Point features can be imported")
        values, column_of = {self.source: {}, self.other: {}}, {}
        for header, (fpath, f, lang) in mapping.items():
            cell = cells.get(header)
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            column_of[fpath, lang] = header
            try:
                _put(values[lang], fpath, self.convert(f, cell))
            except ValueError as err:
                bad(fpath, header, str(err))
        de, en = values[self.source], values[self.other]
        item_id = de.get("id") or scaffold.slugify(de.get("title", ""))
        if not item_id:
            bad(("id",), "", "no id and no title — fill in the column \"ID\" or \"Titel\"")
            return None, problems
        de["id"] = item_id
        if item_id in seen:
            bad(("id",), column_of.get((("id",), self.source), ""), f"'{item_id}' is also in {seen[item_id]} — "
                "import each site once")
        seen[item_id] = where
        files = self.existing.get(item_id, {})
        de_path = files.get(self.source, os.path.join(self.folder, f"{item_id}.{self.source}.md"))
        en_path = files.get(self.other, os.path.join(self.folder, f"{item_id}.{self.other}.md"))
        new = not files
        if new:  # --set: for the fields the row leaves empty
            for name, ((fpath, f, lang), cell) in self.defaults.items():
                if _get(values[lang], fpath) is None:
                    column_of.setdefault((fpath, lang), f"--set {name}")
                    try:
                        _put(values[lang], fpath, self.convert(f, cell))
                    except ValueError as err:
                        bad(fpath, f"--set {name}", str(err))
        if not new and self.source not in files or new and os.path.exists(en_path):
            bad(("id",), "", f"{cli.show(en_path)} exists without a German file — add it first, or choose "
                "another id")
            return None, problems

        # The site as it will be: the existing facts (titles and texts stay) with this row's values on top.
        if new:
            meta, old_typed, text = dict(scaffold.DEFAULTS, **de), {}, None
        else:
            with open(de_path, encoding="utf-8", newline="") as fh:
                text = fh.read()
            old_meta = parse(text)[0]
            old_typed, meta = _typed(old_meta)[0], copy.deepcopy(old_meta)
            for fpath, value in self.facts(de):
                _put(meta, fpath, value)
        typed, checked = _typed(meta)
        for p in checked:
            fpath = tuple(re.sub(r"\[\d+\]", "", p.field).split("."))
            header = column_of.get((fpath, self.source)) or column_of.get((fpath[:1], self.source), "")
            if new or header:
                bad(fpath, header, self.explain(p.message, fpath, str(cells.get(header, "")).strip()))
        for axis in ("lat", "lon"):
            value, (low, high) = typed.get(axis), self.bounds[axis]
            if isinstance(value, (int, float)) and not low <= value <= high:
                bad((axis,), column_of.get(((axis,), self.source), ""), f"{value} is outside the Ruhr area "
                    f"(expected {low} to {high}) — correct the coordinates; are latitude and longitude swapped?")
        if problems:
            return None, problems
        if new:
            return self.create(where, item_id, meta, en, typed, de_path, en_path), []
        return self.update(where, item_id, de, text, old_typed, typed, de_path), []

    def facts(self, de):
        """(key path, value) of the facts a row sets (not id, titles or summaries: those are the editors')."""
        for fpath, f, lang in importable():
            value = _get(de, fpath)
            if lang == self.source and value is not None and f.name not in ("id", "title", "summary"):
                yield fpath, value

    def explain(self, message, fpath, cell):
        """The checker's message, told in the spreadsheet's terms."""
        if "missing required field" in message:
            column = next((n for n, cp, _, cl in self.columns if cp == fpath and cl == self.source),
                          ".".join(fpath))
            return f"no value for a new site — fill in the column \"{column}\""
        if spreadsheet.THOUSANDS.fullmatch(cell):
            message += (f" (read as {spreadsheet.parse_number(cell)}: a dot separates thousands; write "
                        f"{cell.replace('.', ',')} for a decimal number)")
        return message

    def create(self, where, item_id, meta, en, typed, de_path, en_path):
        p = Plan(where, item_id, True, untranslated=not (en.get("title") and en.get("summary")))
        p.writes[de_path] = scaffold.render("site", True, meta)
        if not p.untranslated:  # translated in the same row: the translation matches its source
            source_meta, _, body, _ = parse(p.writes[de_path])
            en[scaffold.HASH_FIELD] = translations.source_hash("site", source_meta, body)
        p.writes[en_path] = scaffold.render("site", False, dict(en, id=item_id))
        p.changes = [(".".join(fpath), None, _get(typed, fpath), f) for fpath, f, lang in importable()
                     if lang == self.source and _get(typed, fpath) is not None]
        return p

    def update(self, where, item_id, de, text, old_typed, typed, de_path):
        """Only the lines of the facts whose value changes are rewritten."""
        p = Plan(where, item_id, False)
        for fpath, value in self.facts(de):
            if _get(typed, fpath) != _get(old_typed, fpath):
                text = set_value(text, fpath, value, self.order[fpath[:-1]])
                p.changes.append((".".join(fpath), _get(old_typed, fpath), _get(typed, fpath),
                                  dict(_flat(schema.SITE))[fpath]))
        if p.changes:
            if _typed(parse(text)[0])[0] != typed:  # never write what does not read back as intended
                raise cli.Failure(f"{cli.show(de_path)}: its front matter could not be edited safely — "
                                  f"change it by hand ({where})")
            p.writes[de_path] = text
        return p


def _show(value, f):
    if value is None:
        return "on request" if f.type == "price" else "–"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def run(path, settings_file="pelicanconf.py", overrides=None, dry_run=False, stream=sys.stderr, columns=None,
        sets=()):
    settings = cli.load_settings(settings_file, overrides)
    try:
        plans, problems = Importer(settings, read_mapping(columns, sets)).plan(path)
    except OSError as err:
        print(f"Import stopped: {err}; nothing was written.", file=stream)
        return 1
    except cli.Failure as err:
        print(f"Import stopped: {err}; nothing was written.", file=stream)
        return cli.PROBLEMS
    if problems:
        for p in problems:
            print(p, file=stream)
        rows = len({p.where for p in problems})
        print(f"Import stopped: {rows} bad row(s); nothing was written. Rows are numbered as in the spreadsheet "
              "(the header is row 1).", file=stream)
        return cli.PROBLEMS
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
        write_atomic(file, text)
    print(f"Imported: {summary}.", file=stream)
    untranslated = [p.id for p in new if p.untranslated]
    if untranslated:
        print(f"{len(untranslated)} new site(s) need an English title and summary before the site builds "
              f"({', '.join(untranslated)}): see `invoke translations`.", file=stream)
    print("Run `invoke check`, then look at the result with `invoke serve`.", file=stream)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ruhr.editor.importer", description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a .csv (semicolon-separated) or .geojson file")
    parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    parser.add_argument("--columns", help="mapping file: the export's headers and values to fields and values")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="a value for new sites where the export has none (repeatable)")
    cli.add_settings_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.file, args.settings, dry_run=args.dry_run, columns=args.columns, sets=args.set)


if __name__ == "__main__":
    sys.exit(main())
