"""Read every content and data file, check it against schema.py, and check the files against each other.

Returns records with typed values, or raises ContentError with every problem found.
"""

import logging
import os
from dataclasses import dataclass, field

import markdown

from ruhr.util import progress
from ruhr.core import schema
from ruhr import settings as ruhr_settings
from ruhr.core.i18n import language_name
from ruhr.core.frontmatter import FrontMatterError, compose, parse, read_text
from ruhr.core.validate import SLUG_RE, ContentError, FileChecker, Problem, did_you_mean, line_of

logger = logging.getLogger(__name__)

REF_FIX = {"municipality": "use a key from data/municipalities.yaml",
           "contact": "use a key from data/contacts.yaml, or add the person there",
           "sector": "use the id of a sector in content/sectors/", "site": "use the id of a site in content/sites/",
           "programme": "use the id of a programme in content/programmes/"}


@dataclass
class Record:
    """One content file, checked: `values` are typed; `lines` map key paths to lines."""
    kind: str
    id: str
    lang: str
    path: str
    values: dict
    html: str
    lines: dict = field(default_factory=dict)


class Markdown:
    """One Markdown converter for all files (Pelican makes one per file: measurably slower)."""

    def __init__(self):
        self._md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")

    def convert(self, text):
        return self._md.reset().convert(text)


def read_file(root, relpath, converter):
    """(meta, lines, html) of one file; raises FrontMatterError."""
    meta, lines, body, _ = parse(read_text(os.path.join(root, relpath)))
    return meta, lines, converter.convert(body) if body.strip() else ""


def split_name(filename, languages):
    """'westfalenhuette.de.md' -> ('westfalenhuette', 'de'), or None."""
    stem, ext = os.path.splitext(filename)
    base, _, lang = stem.rpartition(".")
    return (base, lang) if ext == ".md" and base and lang in languages else None


def list_files(content_path, languages):
    """(kind, relative path, lang) of every content file, and problems for files named wrongly."""
    found, problems = [], []
    for kind, (folder, _) in schema.TYPES.items():
        directory = os.path.join(content_path, folder)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            rel = os.path.join(folder, name)
            if name.startswith(".") or name.endswith("~"):
                continue
            if split_name(name, languages) is None:
                problems.append(Problem(os.path.join(content_path, rel), 1, "file name",
                                        f"expected <id>.<language>.md with a language of "
                                        f"{', '.join(languages)} (e.g. {folder}/my-id.de.md) — rename the file"))
                continue
            found.append((kind, rel, split_name(name, languages)[1]))
    return found, problems


def check_records(raw, settings, content_path):
    """Check each file against its type's fields; returns records and problems."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    source = languages[0]
    records, problems = [], []
    for kind, rel, lang, meta, lines, html in raw:
        path = os.path.join(content_path, rel)
        checker = FileChecker(path, lines, language_name(source, 'en'), is_source=lang == source)
        values = checker.check(meta, schema.TYPES[kind][1])
        problems += checker.problems
        stem = split_name(os.path.basename(rel), languages)[0]
        if values.get("id") and values["id"] != stem:
            problems.append(Problem(path, lines.get(("id",), 1), "id",
                                    f"'{values['id']}' does not match the file name — change it to '{stem}', "
                                    f"or rename the file to {values['id']}.{lang}.md"))
        records.append(Record(kind, values.get("id") or stem, lang, path, values, html, lines))
    return records, problems


def load_data(settings):
    """The data files (schema.DATA_FILES): municipalities and districts, contacts, the investment facts per
    municipality, hubs and universities. Returns (data, problems); data[key] is the checked list,
    data[key + "_doc"] the whole document."""
    data_path = ruhr_settings.get(settings, "RUHR_DATA_PATH")
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    data, problems, all_lines = {}, [], {}
    for name, (key, fields, _) in schema.DATA_FILES.items():
        fields = schema.for_languages(fields, languages)  # contacts' roles, hubs' names: in every language
        path = os.path.join(data_path, name + ".yaml")
        try:
            doc, lines = compose(read_text(path))
        except FrontMatterError as err:
            problems.append(Problem(path, err.line, "file", err.message))
            continue
        except OSError as err:
            problems.append(Problem(path, 1, "file", f"cannot be read ({err}) — save it as UTF-8"))
            continue
        items = doc.get(key) if isinstance(doc, dict) else None
        if not isinstance(items, list):
            problems.append(Problem(path, 1, key, f"expected a list under `{key}:` — start each entry with `- `"))
            continue
        checked = []
        for i, item in enumerate(items):
            checker = FileChecker(path, {p[2:]: n for p, n in lines.items() if p[:2] == (key, i)}, "", True)
            values = checker.check(item if isinstance(item, dict) else {}, fields)
            problems += [Problem(p.path, p.line, f"{key}[{i}].{p.field}", p.message) for p in checker.problems]
            checked.append(values)
        if key == "municipalities":
            districts, more = _check_districts(doc, lines, path, ruhr_settings.get(settings, "RUHR_LANGUAGES"))
            problems += more
            for i, values in enumerate(checked):
                if values.get("district") not in districts:
                    problems.append(Problem(path, line_of(lines, (key, i, "district")), f"municipalities[{i}].district",
                                            f"unknown district '{values.get('district')}'"
                                            + did_you_mean(values.get("district"), districts)
                                            + f" (expected one of: {', '.join(districts)}) — use one of these "
                                            "keys, or add the district under `districts:`"))
        data[key] = checked
        data[key + "_doc"] = doc
        all_lines[key] = (path, lines)
    problems += _check_per_municipality(data, all_lines)
    return data, problems


def _check_per_municipality(data, all_lines):
    """Each per-municipality file has exactly one entry for every municipality; funding advice is a contact."""
    problems = []
    if "municipalities" not in data:
        return problems
    # Only the keys that are valid (a wrong key was reported where it is written).
    known = [m["key"] for m in data["municipalities"] if isinstance(m.get("key"), str)]
    for name, (key, _, per_municipality) in schema.DATA_FILES.items():
        if not per_municipality or key not in data:
            continue
        path, lines = all_lines[key]
        seen = {}
        for i, values in enumerate(data[key]):
            ref = values.get("municipality")
            if not isinstance(ref, str):  # a wrong value was reported where it is written
                continue
            where = line_of(lines, (key, i, "municipality"))
            if ref and ref not in known:
                problems.append(Problem(path, where, f"{key}[{i}].municipality", f"unknown municipality '{ref}'"
                                        + did_you_mean(ref, known) + " — " + REF_FIX["municipality"]))
            elif ref in seen:
                problems.append(Problem(path, where, f"{key}[{i}].municipality", f"'{ref}' is listed twice (also "
                                        f"at line {seen[ref]}) — keep one entry per municipality"))
            seen.setdefault(ref, where)
        missing = [m for m in known if m not in seen]
        if missing:
            problems.append(Problem(path, line_of(lines, (key,)), key, f"no entry for {', '.join(missing)} — add "
                                    "one entry per municipality, each figure with value, year and source"))
    advice = (data.get("funding_doc") or {}).get("advice_contact")
    contacts = [c["key"] for c in data.get("contacts", []) if isinstance(c.get("key"), str)]
    if "funding_doc" in data and "contacts" in data and advice not in contacts:
        path, lines = all_lines["funding"]
        problems.append(Problem(path, line_of(lines, ("advice_contact",)), "advice_contact",
                                f"unknown contact '{advice}'" + did_you_mean(advice, contacts) + " — "
                                + REF_FIX["contact"]))
    return problems


def _check_districts(doc, lines, path, languages):
    """({district key: entry}, problems) of data/municipalities.yaml's `districts` and `population_source`."""
    checker = FileChecker(path, lines, "", True)
    checker.check({"population_source": doc.get("population_source")},
                  schema.for_languages((schema.POPULATION_SOURCE,), languages))
    district_fields = schema.for_languages(schema.DISTRICT_RECORD, languages)
    districts = doc.get("districts")
    if not isinstance(districts, dict) or not districts:
        checker.problem(("districts",), "expected the districts, each as `key: {name: {de: …, en: …}}`")
        return {}, checker.problems
    for key, entry in districts.items():
        checker.check(entry if isinstance(entry, dict) else {}, district_fields, ("districts", key))
        if not isinstance(key, str) or not SLUG_RE.match(key):
            checker.problem(("districts", key), f"'{key}' is not a valid key — use lower-case letters, digits and "
                                                "hyphens only")
    return {k: v for k, v in districts.items() if isinstance(k, str)}, checker.problems


def check_links(records, data, settings, content_path):
    """Problems between files: translations, duplicates, references, region, photo files."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    bounds = ruhr_settings.get(settings, "RUHR_BOUNDS")
    problems = []
    groups = {}
    for r in records:
        by_lang = groups.setdefault((r.kind, r.id), {})
        if r.lang in by_lang:
            problems.append(Problem(r.path, r.lines.get(("id",), 1), "id",
                                    f"duplicate id '{r.id}': {by_lang[r.lang].path} has it too "
                                    "— give one of the two files another id and file name"))
        else:
            by_lang[r.lang] = r
    for (kind, item_id), by_lang in groups.items():
        present = next(iter(by_lang.values()))
        folder = schema.TYPES[kind][0]
        if kind in schema.SOURCE_ONLY:
            for lang, r in by_lang.items():
                if lang != languages[0]:
                    problems.append(Problem(r.path, 1, "translation", f"{kind} pages exist in "
                                            f"{language_name(languages[0], 'en')} only — delete this "
                                            "file"))
            continue
        for lang in languages:
            if lang not in by_lang:
                problems.append(Problem(present.path, 1, "translation",
                                        f"no {language_name(lang, 'en')} version of {kind} '{item_id}' "
                                        f"— create {os.path.join(content_path, folder, item_id)}.{lang}.md "
                                        "with the translated text (`invoke translations` lists what is missing)"))
        source = by_lang.get(languages[0])
        if source:
            for other in by_lang.values():
                if other is not source:
                    problems += _check_translated_lists(source, other, schema.TYPES[kind][1])

    keys = {
        "municipality": {m["key"] for m in data.get("municipalities", [])},
        "contact": {c["key"] for c in data.get("contacts", [])},
        "sector": {r.id for r in records if r.kind == "sector"},
        "site": {r.id for r in records if r.kind == "site"},
        "programme": {r.id for r in records if r.kind == "programme"},
    }
    photos = os.path.join(content_path, "photos")
    videos = os.path.join(content_path, ruhr_settings.get(settings, "RUHR_VIDEO_PATH"))
    for r in records:
        if r.kind == "municipality" and r.id not in keys["municipality"]:
            problems.append(Problem(r.path, r.lines.get(("id",), 1), "id", f"unknown municipality '{r.id}'"
                                    + did_you_mean(r.id, keys["municipality"])
                                    + " — rename the file to a key from data/municipalities.yaml"))
        for f in schema.TYPES[r.kind][1]:
            value = r.values.get(f.name)
            if f.type == "ref" and value:
                for i, ref in enumerate(value if f.many else [value]):
                    if ref not in keys[f.ref]:
                        where = (f.name, i) if f.many else (f.name,)
                        problems.append(Problem(r.path, line_of(r.lines, where), f.name,
                                                f"unknown {f.ref} '{ref}'" + did_you_mean(ref, keys[f.ref])
                                                + f" (expected one of the {len(keys[f.ref])} {f.ref} keys) — "
                                                + REF_FIX[f.ref]))
            if f.name == "photos":
                for i, photo in enumerate(value or []):
                    if photo.get("file") and not os.path.isfile(os.path.join(photos, photo["file"])):
                        problems.append(Problem(r.path, line_of(r.lines, ("photos", i, "file")),
                                                f"photos[{i}].file", f"'{photo['file']}' not found "
                                                f"— copy the photo into {photos}/ or correct the file name"))
        for i, video in enumerate(r.values.get("videos") or [] if r.kind == "access" else []):
            for name, extensions in schema.VIDEO_EXTENSIONS.items():
                where = ("videos", i, name)
                if not video.get(name):
                    continue
                if not video[name].lower().endswith(extensions):
                    problems.append(Problem(r.path, line_of(r.lines, where), f"videos[{i}].{name}",
                                            f"'{video[name]}' is not a {'/'.join(extensions)} file — convert it"))
                elif not os.path.isfile(os.path.join(videos, video[name])):
                    problems.append(Problem(r.path, line_of(r.lines, where), f"videos[{i}].{name}",
                                            f"'{video[name]}' not found — copy the file into {videos}/ or "
                                            "correct the file name"))
        if r.kind == "event" and r.lang == languages[0]:
            problems += _check_event(r)
        for axis in ("lat", "lon"):
            value = r.values.get(axis)
            low, high = bounds[axis]
            if r.kind == "site" and value is not None and not low <= value <= high:
                problems.append(Problem(r.path, line_of(r.lines, (axis,)), axis,
                                        f"{value} is outside the Ruhr area (expected {low} to {high}) — "
                                        "correct the coordinates; are latitude and longitude swapped?"))
    return problems


def _check_event(r):
    """An event ends after it starts and takes place somewhere: at a venue, online or both."""
    problems = []
    start, end = r.values.get("start"), r.values.get("end")
    if start and end and end <= start:
        problems.append(Problem(r.path, line_of(r.lines, ("end",)), "end", f"{end:%Y-%m-%d %H:%M} is not after the "
                                f"start {start:%Y-%m-%d %H:%M} — correct the date or the time"))
    if not r.values.get("venue") and not r.values.get("online"):
        problems.append(Problem(r.path, line_of(r.lines, ("title",)), "venue",
                                "missing: where the event takes place — add `venue:` (address), `online:` "
                                "(https://…) or both"))
    return problems


def _check_translated_lists(source, other, fields):
    """A translated list (photos, key figures) has the source's entries, in the same order."""
    problems = []
    for f in fields:
        if f.type != "list" or not f.translatable:
            continue
        mine, theirs = source.values.get(f.name) or [], other.values.get(f.name) or []
        if len(mine) != len(theirs):
            problems.append(Problem(other.path, line_of(other.lines, (f.name,)), f.name,
                                    f"{len(theirs)} entries, but {source.path} has {len(mine)} "
                                    "— give both files the same entries in the same order"))
            continue
        if f.key:
            for i, (a, b) in enumerate(zip(mine, theirs)):
                if a.get(f.key) != b.get(f.key):
                    problems.append(Problem(other.path, line_of(other.lines, (f.name, i, f.key)),
                                            f"{f.name}[{i}].{f.key}",
                                            f"'{b.get(f.key)}' differs from '{a.get(f.key)}' in {source.path} "
                                            "— give both files the same entries in the same order"))
    return problems


def load(content_path, settings, cache=None):
    """All records and data, checked. `cache` is a ruhr.util.files.ContentCache (parsing is cached)."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    files, problems = list_files(content_path, languages)
    converter = Markdown()
    raw = []
    for kind, rel, lang in progress.track(files, "Reading content"):
        parsed = cache.get_cached_data(rel, None) if cache else None
        if parsed is None:
            try:
                parsed = read_file(content_path, rel, converter)
            except FrontMatterError as err:
                problems.append(Problem(os.path.join(content_path, rel), err.line, err.field, err.message))
                continue
            except (OSError, UnicodeDecodeError) as err:
                problems.append(Problem(os.path.join(content_path, rel), 1, "file",
                                        f"cannot be read ({err}) — save it as UTF-8"))
                continue
            if cache:
                cache.cache_data(rel, parsed)
        raw.append((kind, rel, lang, *parsed))
    records, more = check_records(raw, settings, content_path)
    data, data_problems = load_data(settings)
    problems += more + data_problems
    problems += check_links(records, data, settings, content_path)
    if problems:
        raise ContentError(problems)
    return records, data
