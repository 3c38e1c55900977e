"""Translation status (`invoke translations`): what is missing, not translated yet, or older than its source.

    python -m ruhr.editor.translations [--mark ID[,ID…]|all]

How "older than its source" is judged: once a translation matches the German text, `--mark ID` records a
hash of the German file's translatable text (title, summary, text, photo alt texts, key-figure labels, quote)
in the translation's `source_hash` field. When that German text changes, the hash no longer matches and the
translation is reported as stale. Facts (area, price, …) are not in the hash: correcting a fact never asks
for a new translation.

Why a recorded hash and not git history: it gives the same answer in every copy (a fresh or shallow clone in
CI, a download, uncommitted edits), is not fooled by commits that only move or reformat files or by a
translation that was touched for another reason, and the editor decides when a translation is up to date.
"""

import argparse
import hashlib
import json
import os
import sys

from ruhr.editor import cli
from ruhr.util.files import write_atomic
from ruhr.core import i18n, schema
from ruhr import settings as ruhr_settings
from ruhr.core.i18n import language_name
from ruhr.editor.fieldedit import set_value
from ruhr.editor.scaffold import HASH_FIELD
from ruhr.core.validate import Problem

# Report categories; `invoke check` prints STALE and UNCHECKED as warnings (the others are build errors there).
MISSING, ORPHAN, UNTRANSLATED, STALE, UNCHECKED, UI = (
    "missing", "no source", "not translated", "stale", "not checked", "UI string")


def _translatable(value, fields):
    if not isinstance(value, dict):
        return value
    out = {}
    for f in fields:
        v = value.get(f.name)
        if not f.translatable or f.name in ("slug", HASH_FIELD) or v in (None, "", []):
            continue
        if f.fields:
            v = [_translatable(item, f.fields) for item in v] if isinstance(v, list) else _translatable(v, f.fields)
        out[f.name] = v
    return out


def source_hash(kind, meta, body):
    """12 hex digits identifying the translatable text of a source-language file."""
    text = "\n".join(line.rstrip() for line in body.strip().splitlines())
    data = json.dumps([_translatable(meta, schema.TYPES[kind][1]), text], sort_keys=True, ensure_ascii=False,
                      default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def _items(settings, files=None):
    """{(kind, id): {lang: (path, meta, lines, body)}} of every readable content file."""
    items = {}
    for kind, item_id, lang, path, meta, lines, body in files or cli.raw_files(
            settings["PATH"], ruhr_settings.get(settings, "RUHR_LANGUAGES")):
        items.setdefault((kind, item_id), {})[lang] = (path, meta, lines, body)
    return items


def _empty(kind, meta):
    """The required translatable fields a translation leaves empty."""
    return [f.name for f in schema.TYPES[kind][1]
            if f.translatable and f.required and f.type != "list" and meta.get(f.name) in (None, "")]


def report(settings, catalogs=True, files=None):
    """[(category, Problem)]: everything a translator has to do, including untranslated UI strings."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    source_lang, name = languages[0], language_name(languages[0], 'en')
    found = []
    for (kind, item_id), by_lang in sorted(_items(settings, files).items()):
        if kind in schema.SOURCE_ONLY:  # German only by design (Leichte Sprache, DGS)
            continue
        source = by_lang.get(source_lang)
        mark = f"then run `invoke translations --mark {item_id}`"
        for lang in languages[1:]:
            language = language_name(lang, 'en')
            if lang not in by_lang:
                if source:
                    target = os.path.join(os.path.dirname(source[0]), f"{item_id}.{lang}.md")
                    found.append((MISSING, Problem(source[0], 1, "translation", f"no {language} version of {kind} "
                                 f"'{item_id}' — create {target} with id, the translated title, summary and "
                                 f"text, {mark}")))
                continue
            path, meta, lines, _ = by_lang[lang]
            if not source:
                found.append((ORPHAN, Problem(path, 1, "translation", f"no {name} source for this {language} "
                                                                     f"file — create it, or delete this file")))
                continue
            empty = _empty(kind, meta)
            if empty:
                for field in empty:
                    found.append((UNTRANSLATED, Problem(path, lines.get((field,), 1), field, f"not translated yet "
                                 f"— translate it from {source[0]}, {mark}")))
            elif meta.get(HASH_FIELD) in (None, ""):
                found.append((UNCHECKED, Problem(path, 1, HASH_FIELD, f"translation not checked against the "
                                                 f"{name} text yet — compare it with {source[0]}, {mark}")))
            elif str(meta[HASH_FIELD]) != source_hash(kind, source[1], source[3]):
                found.append((STALE, Problem(path, lines.get((HASH_FIELD,), 1), HASH_FIELD, f"older than its "
                             f"source: the {name} text in {source[0]} changed since this translation was "
                             f"checked — update the translation, {mark}")))
    msgid_lang = ruhr_settings.get(settings, "RUHR_MSGID_LANG")
    for lang in languages if catalogs else ():
        found += [(UI, p) for p in i18n.load_translations(settings["THEME"], lang, msgid_lang)[1]]
    return found


def mark(settings, ids):
    """Record the current source hash in the translations of `ids` ('all': every item). Returns the paths.

    Nothing is written unless every translation asked for exists and is translated."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    items = _items(settings)
    wanted = [key for key in sorted(items) if "all" in ids or key[1] in ids]
    unknown = set(ids) - {"all"} - {item_id for _, item_id in wanted}
    if unknown:
        raise cli.Failure(f"no content item with the id {', '.join(sorted(unknown))} — use the id from the "
                          "file name, e.g. dortmund-kanalbogen for content/sites/dortmund-kanalbogen.de.md")
    writes = []
    for kind, item_id in wanted:
        by_lang = items[(kind, item_id)]
        if languages[0] not in by_lang:
            raise cli.Failure(f"{kind} '{item_id}' has no {language_name(languages[0], 'en')} file to compare with")
        _, source_meta, _, source_body = by_lang[languages[0]]
        digest = source_hash(kind, source_meta, source_body)
        for lang in languages[1:]:
            if lang not in by_lang:
                raise cli.Failure(f"{kind} '{item_id}' has no {language_name(lang, 'en')} file yet — "
                                  "translate it first")
            path, meta, _, _ = by_lang[lang]
            if _empty(kind, meta):
                raise cli.Failure(f"{cli.show(path)}: {', '.join(_empty(kind, meta))} not translated yet — "
                                  "translate first, then mark")
            if str(meta.get(HASH_FIELD) or "") != digest:
                writes.append((path, digest, [f.name for f in schema.TYPES[kind][1]]))
    for path, digest, order in writes:
        with open(path, encoding="utf-8", newline="") as fh:
            text = set_value(fh.read(), (HASH_FIELD,), digest, order)
        write_atomic(path, text)
    return [path for path, _, _ in writes]


def run(settings_file="pelicanconf.py", overrides=None, stream=sys.stderr, mark_ids=""):
    settings = cli.load_settings(settings_file, overrides)
    if mark_ids:
        try:
            paths = mark(settings, [i.strip() for i in mark_ids.split(",") if i.strip()])
        except cli.Failure as err:
            print(f"Nothing written: {err}", file=stream)
            return 1
        for path in paths:
            print(f"marked {cli.show(path)} as up to date", file=stream)
        print(f"{len(paths)} translation(s) marked." if paths else "Already marked: nothing to do.", file=stream)
        return 0
    found = report(settings)
    for category in (MISSING, ORPHAN, UNTRANSLATED, STALE, UNCHECKED, UI):
        problems = [p for c, p in found if c == category]
        if problems:
            print(f"{category} ({len(problems)}):", file=stream)
            cli.print_problems(problems, stream)
    print(f"{len(found)} translation task(s)." if found else "All content and UI strings are translated and "
          "up to date.", file=stream)
    return 1 if found else 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ruhr.editor.translations", description=__doc__.splitlines()[0])
    cli.add_settings_arguments(parser)
    parser.add_argument("--mark", default="", metavar="ID[,ID…]|all",
                        help="record that these translations match the current German text")
    args = parser.parse_args(argv)
    return run(args.settings, mark_ids=args.mark)


if __name__ == "__main__":
    sys.exit(main())
