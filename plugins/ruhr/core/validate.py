"""Check content against the model in schema.py and turn it into typed values.

Every problem is collected (never the first one only) as a `Problem`, printed as
`path:line: field: what is wrong (expected …) — how to fix it`. The build stops if there is any.
"""

import datetime
import os
import sys
import difflib
import math
import re
import zoneinfo
from dataclasses import dataclass

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ON_REQUEST = ("on request", "auf anfrage")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
LARGEST = 10 ** 15  # no fact of a site, sector, story or municipality is larger


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentError(Exception):
    """The content has problems; the build must stop and print all of them."""

    exit_code = 2  # of the build, `invoke check` and the importer when the input has problems; 1: anything else

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = sorted(set(problems))


def did_you_mean(value, candidates):
    """' (did you mean 'x'?)' for the closest candidate, or ''."""
    lower = {str(c).lower(): c for c in candidates}
    match = difflib.get_close_matches(str(value).lower(), list(lower), n=1, cutoff=0.6)
    return f" (did you mean '{lower[match[0]]}'?)" if match else ""


def line_of(lines, path):
    """The line of a key path, or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


def _dotted(path):
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


class FileChecker:
    """Checks the metadata of one file; `problems` collects what is wrong."""

    def __init__(self, path, lines, source_lang_name, is_source):
        self.path = path
        self.lines = lines
        self.source_lang_name = source_lang_name
        self.is_source = is_source
        self.problems = []

    def line(self, path):
        return line_of(self.lines, path)

    def problem(self, path, message):
        self.problems.append(Problem(self.path, self.line(path), _dotted(path), message))

    def allowed(self, field):
        return self.is_source or field.translatable or field.name in ("id",)

    def check(self, meta, fields, path=(), list_key=""):
        """Typed values of `meta` for `fields`; problems for unknown, missing and wrong fields.

        `list_key`: the sub-field that every language repeats in a translated list (e.g. a photo's `file`)."""
        values = {}
        by_name = {f.name: f for f in fields}
        for key in meta:
            f = by_name.get(key)
            if f is None:
                self.problem(path + (key,), "unknown field" + did_you_mean(key, by_name)
                             + f" (expected one of: {', '.join(by_name)}) — correct the name, or delete the line")
            elif not self.allowed(f) and f.name != list_key:
                self.problem(path + (key,), f"facts are kept once, in the {self.source_lang_name} file "
                                            "— delete this line here (change the fact in the "
                                            f"{self.source_lang_name} file)")
        for f in fields:
            if not self.allowed(f) and f.name != list_key:
                continue
            raw = meta.get(f.name)
            if raw is None or raw == [] or (isinstance(raw, str) and not raw.strip()):
                if f.required:
                    self.problem(path + (f.name,), f"missing required field (expected {describe(f)}) — "
                                                   + fill_in(f))
                values[f.name] = [] if f.many or f.type == "list" else None
                continue
            values[f.name] = self.value(f, raw, path + (f.name,))
        return values

    def value(self, f, raw, path):
        if f.many:
            if not isinstance(raw, list):
                raw = [raw]
            return [self.scalar(f, item, path + (i,)) for i, item in enumerate(raw)]
        if f.type == "object":
            if not isinstance(raw, dict):
                self.problem(path, f"expected sub-fields ({', '.join(s.name for s in f.fields)}) — write "
                                   "each on its own line below, indented by two spaces")
                return {}
            return self.check(raw, f.fields, path)
        if f.type == "list":
            if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
                self.problem(path, f"expected a list of entries ({', '.join(s.name for s in f.fields)}) "
                                   "— start each entry on a new line with `- `, indented by two spaces")
                return []
            return [self.check(item, f.fields, path + (i,), list_key=f.key) for i, item in enumerate(raw)]
        return self.scalar(f, raw, path)

    def scalar(self, f, raw, path):
        t = f.type
        if t in ("text", "file", "video", "email", "slug", "ref", "url", "timezone"):
            if isinstance(raw, (dict, list, bool)):
                self.problem(path, f"expected {describe(f)} — write it after the colon on the same line "
                                   "(in quotes if it is true or false)")
                return None
            value = str(raw).strip()
            if CONTROL.search(value):
                self.problem(path, f"a control character (U+{ord(CONTROL.search(value).group()):04X}) in the "
                                   "text — delete it (e.g. a \\x escape in quotes)")
                return None
            if t == "slug" and not SLUG_RE.match(value):
                self.problem(path, f"'{value}' is not a valid id — use lower-case letters, digits and "
                                   "hyphens only, e.g. 'dortmund-westfalenhuette'")
            if t == "email" and "@" not in value:
                self.problem(path, f"'{value}' is not an e-mail address — write it as name@example.org")
            if t == "url" and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
                self.problem(path, f"'{value}' is not a web address — write it in full, e.g. https://www.example.org/")
            if t == "timezone" and value not in zoneinfo.available_timezones():
                self.problem(path, f"unknown time zone '{value}'" + did_you_mean(value, zoneinfo.available_timezones())
                             + " — write an IANA time zone, e.g. Europe/Berlin")
            return value
        if t == "bool":
            if not isinstance(raw, bool):
                self.problem(path, f"'{raw}' is not allowed (expected true or false) — write true for yes, "
                                   "false for no")
                return None
            return raw
        if t == "date":
            if isinstance(raw, datetime.datetime):
                return raw.date()
            if isinstance(raw, datetime.date):
                return raw
            try:
                return datetime.date.fromisoformat(str(raw))
            except ValueError:
                self.problem(path, f"'{raw}' is not a date — write year-month-day, e.g. 2026-03-01")
                return None
        if t == "datetime":
            try:
                value = raw if isinstance(raw, datetime.datetime) else datetime.datetime.fromisoformat(str(raw))
            except ValueError:
                value = None
            if value is None or not isinstance(raw, datetime.datetime) and ":" not in str(raw):
                self.problem(path, f"'{raw}' is not a date and time — write year-month-day hours:minutes, "
                                   "e.g. 2026-03-26 18:00")
                return None
            if value.tzinfo is not None:
                self.problem(path, f"'{raw}' has a UTC offset — write the local time without it, e.g. "
                                   "2026-03-26 18:00; the time zone is the `timezone` field")
                return None
            return value
        if t == "choice":
            if raw in f.choice_values:
                return raw
            self.problem(path, f"'{raw}' is not allowed{did_you_mean(raw, f.choice_values)} "
                               f"(expected one of: {', '.join(map(str, f.choice_values))}) — write one of "
                               "these values exactly")
            return None
        if t == "price" and isinstance(raw, str) and raw.strip().lower() in ON_REQUEST:
            return None
        if t in ("int", "float", "price"):
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                self.problem(path, f"'{raw}' is not a number (expected {describe(f)}) — write digits "
                                   "without thousands separators and with a decimal point, e.g. 12500 or 2.5")
                return None
            if abs(raw) > LARGEST or not math.isfinite(raw):
                self.problem(path, f"{raw!r} is not a usable number (expected {describe(f)}) — write the value "
                                   "in digits, e.g. 12500")
                return None
            if t == "int":
                if isinstance(raw, float):  # also 62.000: YAML reads the German thousands dot as a decimal point
                    self.problem(path, f"{raw!r} is not a whole number (expected {describe(f)}) — write digits "
                                       "only, without a dot: a dot is a decimal point here, not a thousands "
                                       "separator (write 12500, not 12.500)")
                    return None
                raw = int(raw)
            if (f.min is not None and raw < f.min) or (f.max is not None and raw > f.max):
                self.problem(path, f"{raw} is out of range (expected {describe(f)}) — correct the value")
            return raw
        raise ValueError(f"unknown field type {t!r}")


def fill_in(f):
    """How to fill in a missing field: an example line."""
    if f.type == "object":
        return f"add `{f.name}:` with its sub-fields ({', '.join(s.name for s in f.fields if s.required)})"
    if f.type == "list":
        return f"add `{f.name}:` with at least one entry starting with `- `"
    example = {"bool": "true", "date": "2026-03-01"}.get(f.type, f.example)
    if example is None and f.choices:
        example = f.choice_values[0]
    if isinstance(example, list):
        example = "[" + ", ".join(map(str, example)) + "]"
    return f"fill it in, e.g. `{f.name}: {example}`" if example is not None else f"write it after `{f.name}:`"


UNITS = {"m2": "m²", "km": "km", "EUR/m2": "EUR per m²", "EUR": "EUR", "MVA": "MVA", "°": "degrees", "s": "seconds"}


def describe(f):
    """What a field expects, for messages and the editor documentation."""
    unit = f" in {UNITS.get(f.unit, f.unit)}" if f.unit else ""
    bounds = ""
    if f.min is not None and f.max is not None:
        bounds = f" from {f.min:g} to {f.max:g}"
    elif f.min is not None:
        bounds = f" of at least {f.min:g}"
    kind = {
        "text": "text", "slug": "an id (lower-case letters, digits, hyphens)", "bool": "true or false",
        "date": "a date YYYY-MM-DD", "datetime": "a local date and time YYYY-MM-DD HH:MM",
        "url": "a web address (https://…)", "timezone": "an IANA time zone (e.g. Europe/Berlin)",
        "video": "a file name in content/videos/", "int": "a whole number", "float": "a number",
        "price": "a number or 'on request'", "file": "a file name in content/photos/",
        "email": "an e-mail address", "object": "sub-fields", "list": "a list",
        "choice": "one of: " + ", ".join(map(str, f.choice_values)),
        "ref": f"the key of a {f.ref}",
    }[f.type]
    if f.many:
        kind = f"a list of {f.ref} keys" if f.type == "ref" else f"a list of {kind}"
    return f"{kind}{unit}{bounds}"


def show(path):
    """A path as editors see it: relative to the current folder when it is inside it."""
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    return path if rel.startswith("..") else rel


def print_problems(problems, stream=sys.stderr):
    """`path:line: field: what is wrong — how to fix it`, one line each, sorted by file and line."""
    here = os.getcwd() + os.sep
    for p in sorted(set(problems)):
        print(f"{show(p.path)}:{p.line}: {p.field}: {p.message.replace(here, '')}", file=stream)
