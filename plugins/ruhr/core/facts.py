"""The facts an item presents, formatted: one formatter per kind, for every output.

Which fields are shown, where and how is the `show` of each field in schema.py (schema.Show). This module
turns an item's values into rows:

- `Facts(lang, settings, gettext).rows(item, output)`: [Row] in the language, for the page (`groups()`), the
  compare table and the social card; `properties(item)` for the JSON-LD; one formatter per kind (the methods
  named after the kinds: quantity, number, money, date, yes_no, choice, text, ref), so a value reads the same
  everywhere, maps included;
- `record(item)`: the open-data columns of an item ({column: value}, language-neutral: numbers, ISO dates,
  choice values, booleans, ids).
"""

import datetime
from dataclasses import dataclass, replace

from ruhr import settings as ruhr_settings
from ruhr.core import i18n, schema

DASH = "–"
# How a schema unit is written after a number.
UNIT_SYMBOLS = {"m2": "m²", "EUR/m2": "m²"}


@dataclass(frozen=True)
class Row:
    """One fact of an item in one language."""

    key: str  # the field's name
    group: str  # schema.GROUPS key
    label: str  # translated label
    text: str  # the value formatted in the language
    value: object  # the typed value (None: not given)
    field: schema.Field
    href: str = ""  # where the value links to (a referenced item's page)

    @property
    def badge(self):
        return self.field.show.badge

    @property
    def datetime(self):
        """The ISO date of a date value (for <time datetime>), else ''."""
        return self.value.isoformat() if isinstance(self.value, datetime.date) else ""


def shown(fields, output=None):
    """[(path, field)] of the fields with a `show` (in schema order, sub-fields of objects included), or only
    of those that appear in `output`."""
    found = []
    for f in fields:
        if f.show and (output is None or output in f.show.outputs):
            found.append(((f.name,), f))
        if f.type == "object":
            found += [((f.name,) + path, sub) for path, sub in shown(f.fields, output)]
    return found


def value_of(item, path):
    value = getattr(item, path[0], None)
    for name in path[1:]:
        value = (value or {}).get(name)
    return value


def shown_value(item, path, f):
    """What a field shows: its value, or for the "availability" format the item's derived availability."""
    return getattr(item, "availability", None) if kind_of(f) == "availability" else value_of(item, path)


def kind_of(f):
    """The formatter of a field: its Show's `format`, else one that follows from its type and unit."""
    if f.show and f.show.format:
        return f.show.format
    if f.type in ("int", "float"):
        return "quantity" if f.unit else "number"
    return {"price": "money", "bool": "yes_no", "choice": "choice", "date": "date", "ref": "ref"}.get(f.type, "text")


def unit_symbol(f):
    return UNIT_SYMBOLS.get(f.unit, f.unit)


# What a reference shows: the referenced item as text, and the page it links to (if any).
REFERENCES = {
    "municipality": lambda m: (f"{m.name} ({m.district})", m.url),
    "sector": lambda s: (s.title, s.url),
    "site": lambda s: (s.title, s.url),
    "contact": lambda c: (f"{c.name}, {c.email}, {c.phone}", ""),
}


class Facts:
    """The rows of an item's facts in one language."""

    def __init__(self, lang, settings, gettext):
        self.lang = lang
        self.context = {"lang": lang, "RUHR_LOCALES": ruhr_settings.get(settings, "RUHR_LOCALES")}
        self.gettext = gettext

    # -- one formatter per kind -------------------------------------------------------------------
    def quantity(self, f, value):
        return i18n.with_unit(self.context, value, unit_symbol(f))

    def number(self, f, value):
        return i18n.number(self.context, value)

    def money(self, f, value):
        per = unit_symbol(f) if "/" in f.unit else None
        return i18n.money(self.context, value, per)

    def date(self, f, value):
        return i18n.date(self.context, value)

    def yes_no(self, f, value):
        return self.gettext("yes") if value else self.gettext("no")

    def choice(self, f, value):
        return self.gettext(dict(f.choices).get(value, value))

    def text(self, f, value):
        return str(value)

    def availability(self, f, value):
        """A site's Availability (ruhr.core.availability): "available now", "available from 1 March 2027"."""
        return value.text(self.gettext, lambda d: self.date(f, d))

    def ref(self, f, value):
        return ", ".join(REFERENCES[f.ref](v)[0] for v in (value if f.many else [value]))

    def format(self, f, value):
        """A value as text in this language ('' for none)."""
        if value is None or value == []:
            return ""
        text = getattr(self, kind_of(f))(f, value)
        return f"{text} {self.gettext(f.show.qualifier)}" if f.show and f.show.qualifier and text else text

    # -- rows -------------------------------------------------------------------------------------
    def rows(self, item, output):
        """[Row] of the item's facts shown in `output`. A field that `joins` another completes that row.
        Without a value: the Show's `empty` text; else the page leaves the row out and other outputs show –."""
        rows, by_key = [], {}
        for path, f in shown(item.fields, output):
            value = shown_value(item, path, f)
            text = self.format(f, value) or (self.gettext(f.show.empty) if f.show.empty else "")
            if f.show.joins in by_key:
                joined = by_key[f.show.joins]
                if text:
                    rows[rows.index(joined)] = by_key[joined.key] = replace(joined, text=f"{joined.text}, {text}")
                continue
            if not text and output == "page":
                continue
            href = REFERENCES[f.ref](value)[1] if f.type == "ref" and not f.many and value is not None else ""
            row = Row(f.name, f.show.group, self.gettext(f.label), text or DASH, value, f, href)
            rows.append(row)
            by_key[f.name] = row
        return rows

    def properties(self, item):
        """schema.org PropertyValues of the item's facts shown in the JSON-LD: label in this language,
        numbers, booleans and dates (ISO) as in the open data, other values as the page writes them."""
        found = []
        for path, f in shown(item.fields, "jsonld"):
            value = shown_value(item, path, f)
            if value is None:
                continue
            raw = kind_of(f) in ("quantity", "number", "money", "yes_no", "date")
            found.append({"@type": "PropertyValue", "name": self.gettext(f.label),
                          "value": data_value(f, value) if raw else self.format(f, value)})
            if f.unit:
                found[-1]["unitText"] = f"EUR/{unit_symbol(f)}" if kind_of(f) == "money" else unit_symbol(f)
        return found

    def groups(self, item, output="page"):
        """[(group key, heading, [Row])] in the order of schema.GROUPS, for the site page's sections."""
        rows = self.rows(item, output)
        return [(group, self.gettext(heading), [r for r in rows if r.group == group])
                for group, heading in schema.GROUPS.items() if any(r.group == group for r in rows)]


# -- open data ------------------------------------------------------------------------------------
def column(f):
    """The open-data column of a field: `column`, else its name with its unit (area_m2, motorway_km)."""
    if f.show.column:
        return f.show.column
    unit = f.unit.lower().replace("/", "_")
    return f.name if not unit or f.name.endswith(unit) else f"{f.name}_{unit}"


def data_value(f, value):
    """A value as open data: numbers as numbers, dates in ISO form, choices as their values, booleans."""
    if value is None:
        return None
    kind = kind_of(f)
    if kind in ("quantity", "number", "money"):
        value = float(value)
        return int(value) if value.is_integer() else value
    if kind == "date":
        return value.isoformat()
    if kind == "yes_no":
        return bool(value)
    return value


# A reference in the open data: its columns.
DATA_REFERENCES = {
    "municipality": lambda name, m: {name: getattr(m, "name", None), f"{name}_key": getattr(m, "key", None)},
    "contact": lambda name, c: {f"{name}_{part}": getattr(c, part, None) for part in ("name", "email", "phone")},
}


def record(item, fields):
    """{column: value} of the item's facts shown in the open data, in the order of `fields` (the schema of
    its kind, e.g. schema.SITE)."""
    out = {}
    for path, f in shown(fields, "data"):
        value = value_of(item, path)
        if f.type != "ref":
            out[column(f)] = data_value(f, value)
        elif f.many:
            out[column(f)] = [v.id for v in value or []]
        elif f.ref in DATA_REFERENCES:
            out.update(DATA_REFERENCES[f.ref](column(f), value))
        else:
            out[column(f)] = value.id if value is not None else None
    return out
