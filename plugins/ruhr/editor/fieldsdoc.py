"""The editor reference of every field, written from schema.py (`invoke fields` -> docs/fields.md)."""

from ruhr.core import schema
from ruhr.core.validate import describe

TITLES = {"site": "Sites (`content/sites/`)", "sector": "Sectors (`content/sectors/`)",
          "story": "Success stories (`content/stories/`)", "page": "Legal pages (`content/pages/`)",
          "municipality": "Municipality profiles (`content/municipalities/`, optional)",
          "programme": "Funding programmes (`content/programmes/`)", "project": "Regional projects (`content/projects/`)",
          "news_item": "News (`content/news/`)", "event": "Events (`content/events/`)",
          "access": "Leichte Sprache and DGS pages (`content/access/`, German only)"}


def _rows(fields, prefix="", key=""):
    for f in fields:
        where = ("both files" if f.translatable or f.name == "id" else
                 "both files, the same" if f.name == key else "German file only")
        need = "required" if f.required else "optional"
        example = "" if f.example is None else f"`{f.example}`"
        shown = f"{f.show.group}: {', '.join(f.show.outputs)}" if f.show else ""
        yield f"| `{prefix}{f.name}` | {describe(f)} | {need} | {where} | {shown} | {f.help} {example} |"
        if f.fields:
            yield from _rows(f.fields, prefix + f.name + (".[]." if f.type == "list" else "."), f.key)


def render():
    out = ["# Content fields", "",
           "Generated from `plugins/ruhr/core/schema.py` by `invoke fields`; do not edit by hand.", "",
           "Each item is one Markdown file per language: `<id>.de.md` and `<id>.en.md`, with YAML front "
           "matter between `---` lines. Facts are written once, in the German file; the English file holds "
           "the fields marked *both files*.", "",
           "*shown*: the group of facts the field appears in on the site page and the outputs that show it "
           "(page, compare table, social card, open data, JSON-LD); formatted by `plugins/ruhr/core/facts.py`.",
           ""]
    for kind, (_, fields) in schema.TYPES.items():
        out += [f"## {TITLES[kind]}", "", "| field | expects | | where | shown | notes |",
                "|---|---|---|---|---|---|"]
        out += list(_rows(fields)) + [""]
    return "\n".join(out)
