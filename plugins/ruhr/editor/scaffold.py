"""New content items: the German and English files with every field of schema.py, each with a comment.

    python -m ruhr.editor.scaffold site "Gewerbepark Ölbachtal Süd"

Facts nobody can guess (municipality, coordinates, area, …) are left empty: `invoke check` and the build
name each empty required field with its line and an example, so a new item cannot be published half done.
Only `status` (available) and the dates (today) get a value.
"""

import argparse
import datetime
import os
import re
import sys
import unicodedata

from ruhr.editor import cli
from ruhr.core import schema
from ruhr import settings as ruhr_settings
from ruhr.editor.fieldedit import dump
from ruhr.core.validate import describe

KINDS = ("site", "sector", "story", "page", "programme", "project", "news_item", "event")
HASH_FIELD = "source_hash"  # only in translations: see translations.py
DEFAULTS = {"status": "available"}
TODAY_FIELDS = ("last_verified", "date")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "Ss"})


def slugify(title):
    """'Gewerbepark Ölbachtal-Süd (Straße 2)' -> 'gewerbepark-oelbachtal-sued-strasse-2'."""
    text = unicodedata.normalize("NFKD", str(title).translate(_GERMAN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def comment(f):
    """What a field is and expects, as one comment line."""
    need = "required" if f.required else "optional"
    example = "" if f.example is None else f"; e.g. {f.example if isinstance(f.example, str) else dump(f.example)}"
    text = f.help or f.label + "."
    return f"# {text} ({need}: {describe(f)}{example})"


def _keep(f, source, key="id"):
    """Is field `f` written in the source-language file (source=True) or in a translation?"""
    return (f.name != HASH_FIELD) if source else (f.translatable or f.name == key)


def _fields(fields, values, source, indent="", key="id"):
    out = []
    for f in fields:
        if not _keep(f, source, key):
            continue
        value = values.get(f.name)
        out.append(indent + comment(f))
        if f.type == "object":
            out.append(f"{indent}{f.name}:")
            out += _fields(f.fields, value or {}, source, indent + "  ")
        elif f.type == "list" and not value:
            example = {} if f.required else {s.name: s.example for s in f.fields}
            items = _fields(f.fields, example, source, indent + "    ", key=f.key)
            items[1] = indent + "  - " + items[1].lstrip()  # the first sub-field starts the entry
            if not f.required:  # an optional list: an example entry to uncomment (delete the #)
                items = [line if line.lstrip().startswith("#") else indent + "#" + line[len(indent):]
                         for line in items]
            out.append(f"{indent}{f.name}:")
            out += items
        elif f.type == "list":
            out.append(f"{indent}{f.name}:")
            for item in value:
                entry = [f"{indent}    {k}: {dump(v)}".rstrip() for k, v in item.items()]
                out += [indent + "  - " + entry[0].lstrip()] + entry[1:]
        else:
            out.append(f"{indent}{f.name}: {dump(value)}".rstrip())
    return out


def render(kind, source, values):
    """The text of a new file: front matter with every field (filled from `values`), an empty body."""
    return "\n".join(["---"] + _fields(schema.TYPES[kind][1], values, source) + ["---", ""])


def new(kind, title, settings, today=None):
    """Write the files of a new item; returns their paths. Raises cli.Failure if anything is in the way."""
    if kind not in KINDS:
        raise cli.Failure(f"unknown kind '{kind}' — use one of: {', '.join(KINDS)}")
    item_id = slugify(title)
    if not item_id:
        raise cli.Failure(f"'{title}' gives no id — use a title with letters or digits")
    today = today or datetime.date.today()
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    folder = os.path.join(settings["PATH"], schema.TYPES[kind][0])
    paths = [os.path.join(folder, f"{item_id}.{lang}.md") for lang in languages]
    for path in paths:
        if os.path.exists(path):
            raise cli.Failure(f"{cli.show(path)} already exists — edit it, or choose another title "
                              "(the id comes from the title)")
    values = dict(DEFAULTS, id=item_id, title=title, **{name: today for name in TODAY_FIELDS})
    os.makedirs(folder, exist_ok=True)
    for lang, path in zip(languages, paths):
        source = lang == languages[0]
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(render(kind, source, values if source else {"id": item_id}))
    return paths


def run(kind: str, title: str, settings_file: str = "pelicanconf.py", overrides: dict | None = None,
        stream=sys.stderr) -> int:
    """`invoke new`: create the files of a new item and say what to do next; returns the exit code."""
    try:
        paths = new(kind, title, cli.load_settings(settings_file, overrides))
    except cli.Failure as err:
        print(f"Nothing written: {err}", file=stream)
        return 1
    for path in paths:
        print(f"created {cli.show(path)}", file=stream)
    print("Fill in the empty fields (each has a comment saying what it expects), write the text below the "
          "second `---`, then run `invoke check`.", file=stream)
    return 0


def main(argv=None, stream=sys.stderr, overrides=None):
    parser = argparse.ArgumentParser(prog="ruhr.editor.scaffold", description=__doc__.splitlines()[0])
    parser.add_argument("kind", help=" | ".join(KINDS))
    parser.add_argument("title", help="German title; the id is made from it")
    cli.add_settings_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.kind, args.title, args.settings, overrides, stream)


if __name__ == "__main__":
    sys.exit(main())
