"""`invoke new`: both files with every field and a comment each; placeholders fail clearly; filled in, it builds."""

import re

import pytest

from editor_helpers import settings, overrides, SETTINGS, run_in
from ruhr.editor import check, fieldedit, scaffold
from ruhr.editor import cli
from ruhr.core import schema


def test_slugify_transliterates_german():
    assert scaffold.slugify("Gewerbepark Ölbachtal-Süd (Straße 2)") == "gewerbepark-oelbachtal-sued-strasse-2"
    assert scaffold.slugify("Zeche Größe & Äußere Weiße") == "zeche-groesse-aeussere-weisse"
    assert scaffold.slugify("Café Élan") == "cafe-elan"


@pytest.mark.parametrize("kind", ["site", "sector", "story", "programme", "project", "news_item", "event"])
def test_every_field_with_a_comment(project, kind):
    de, en = scaffold.new(kind, "Neues Stück Ruhr", settings(project))
    assert de.endswith("neues-stueck-ruhr.de.md") and en.endswith("neues-stueck-ruhr.en.md")
    german, english = (open(p, encoding="utf-8").read() for p in (de, en))
    for f in schema.TYPES[kind][1]:
        if f.name != scaffold.HASH_FIELD:
            assert re.search(rf"^#.*\n{f.name}:", german, re.M), f"{f.name} without a comment line above"
        if f.translatable or f.name == "id":
            assert re.search(rf"^{f.name}:", english, re.M), f.name
        else:
            assert not re.search(rf"^{f.name}:", english, re.M), f"fact {f.name} in the English file"
    assert "title: Neues Stück Ruhr" in german and re.search(r"^title:$", english, re.M)


def test_refuses_to_overwrite(project):
    de, en = scaffold.new("site", "Hafen Nord", settings(project))
    open(en, "w", encoding="utf-8").write("edited")
    with pytest.raises(cli.Failure, match="already exists"):
        scaffold.new("site", "Hafen Nord", settings(project))
    assert open(en, encoding="utf-8").read() == "edited"
    code, printed = run_in(project, scaffold.main, ["-s", SETTINGS, "site", "Hafen Nord"],
                           overrides=overrides(project))
    assert code == 1 and printed.startswith("Nothing written: content/sites/hafen-nord.de.md already exists")


def test_new_field_in_schema_appears_automatically(project, monkeypatch):
    extra = schema.Field("rail_operator", "text", "Rail operator", required=False, help="Who runs the siding.")
    monkeypatch.setitem(schema.TYPES, "site", ("sites", schema.SITE + (extra,)))
    de, _ = scaffold.new("site", "Mit Extrafeld", settings(project))
    assert "# Who runs the siding. (optional: text)\nrail_operator:\n" in open(de, encoding="utf-8").read()


FILL = {
    "summary": "Neue Fläche am Kanal.", "municipality": "herne", "lat": 51.54, "lon": 7.22, "area": 48000,
    "divisible": True, "zoning": "GE", "planning": "in_force", "price_per_m2": "on request", "owner": "public",
    "brownfield": False, "transport.motorway": "A 42", "transport.motorway_km": 1.5,
    "transport.rail_siding": False, "utilities.fibre": True, "utilities.district_heating": False,
    "utilities.hydrogen": False, "sectors": ["logistik"], "contact": "anna-schmidt",
    "source": "Wirtschaftsförderung Herne",
}


def test_scaffolded_site_fails_clearly_then_builds_when_filled_in(project):
    de, en = scaffold.new("site", "Gewerbepark Schleusenstraße Süd", settings(project))
    # As scaffolded: every empty required field is named with its line and how to fill it in.
    problems, _ = check.find(settings(project))
    mine = [p for p in problems if p.path in (de, en)]
    lines = open(de, encoding="utf-8").read().splitlines()
    for name in ("summary", "municipality", "lat", "area", "zoning", "transport.motorway_km", "sectors"):
        p = next((p for p in mine if p.field == name and p.path == de), None)
        assert p, (name, mine)
        assert lines[p.line - 1].strip().startswith(name.split(".")[-1] + ":"), (p, lines[p.line - 1])
        assert "missing required field" in p.message and re.search(r" — (fill it in|write it after)", p.message)
    assert {p.field for p in mine if p.path == en} == {"title", "summary"}

    fields = schema.SITE
    for path, value in FILL.items():
        text = open(de, encoding="utf-8").read()
        open(de, "w", encoding="utf-8").write(fieldedit.set_value(text, tuple(path.split(".")), value,
                                                                  [f.name for f in fields]))
    text = open(en, encoding="utf-8").read()
    text = fieldedit.set_value(text, ("title",), "Schleusenstrasse South business park")
    open(en, "w", encoding="utf-8").write(fieldedit.set_value(text, ("summary",), "New site on the canal."))
    assert check.find(settings(project))[0] == []
    code, printed = project.build()
    assert code == 0, printed
    page = (project.output / "flaechen" / "gewerbepark-schleusenstrasse-sued" / "index.html").read_text("utf-8")
    assert "Gewerbepark Schleusenstraße Süd" in page and "48.000" in page
    english = (project.output / "en" / "sites" / "gewerbepark-schleusenstrasse-sued" / "index.html")
    assert "Schleusenstrasse South business park" in english.read_text("utf-8")
