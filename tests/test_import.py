"""`invoke import-sites`: German spreadsheets and GeoJSON create and update sites; a bad row writes nothing."""

import datetime
import json
import re

import pytest
import yaml

from editor_helpers import ROOT, SETTINGS, overrides, run_in
from ruhr.editor import fieldedit, importer, spreadsheet

SAMPLE = ROOT / "docs" / "examples" / "sites-import.csv"
KANALBOGEN = "content/sites/dortmund-kanalbogen.de.md"


def front(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def snapshot(project):
    return {p: p.read_bytes() for p in sorted(project.content.rglob("*")) if p.is_file()}


def run_import(project, path, **kwargs):
    return run_in(project, importer.run, str(path), SETTINGS, overrides(project), **kwargs)


@pytest.mark.parametrize("number, value", [
    ("12.500", 12500), ("2,5", 2.5), ("1.234,56", 1234.56), ("125000", 125000), ("51,5301", 51.5301),
    ("51.5301", 51.5301), ("84.500 m²", 84500), ("79,50 €", 79.5), ("1.000.000", 1000000), (7.25, 7.25)])
def test_german_numbers(number, value):
    assert spreadsheet.parse_number(number) == value


@pytest.mark.parametrize("number", ["zwölf", "1,2,3", "12.50,5", "1.2345,6", ""])
def test_not_numbers(number):
    with pytest.raises(ValueError):
        spreadsheet.parse_number(number)


def test_sample_csv_in_windows_1252_creates_and_updates_sites(project, tmp_path):
    csv = tmp_path / "export.csv"
    csv.write_bytes(SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp1252"))
    kanalbogen = project.base / KANALBOGEN
    # An editor's comment and text that the import must keep.
    project.edit(KANALBOGEN, "status: available", "status: available   # laut Stadt, Stand Herbst")
    before = kanalbogen.read_text(encoding="utf-8").splitlines()

    code, printed = run_import(project, csv, dry_run=True)
    assert code == 0, printed
    assert "new site bottrop-prosper-ost" in printed and "Dry run: 1 new, 1 changed" in printed
    assert re.search(r"export\.csv:3: dortmund-kanalbogen: status available → reserved; price_per_m2 95 → "
                     r"on request; last_verified 2026-09-14 → 2026-11-20", printed), printed
    assert not (project.content / "sites" / "bottrop-prosper-ost.de.md").exists()
    assert kanalbogen.read_text(encoding="utf-8").splitlines() == before

    code, printed = run_import(project, csv)
    assert code == 0, printed
    new = front(project.content / "sites" / "bottrop-prosper-ost.de.md")
    assert new["area"] == 84500 and new["largest_plot"] == 32000 and new["lat"] == 51.5412
    assert new["lon"] == 6.9655 and new["price_per_m2"] == 79.5 and new["municipality"] == "bottrop"
    assert new["available_from"] == datetime.date(2027, 7, 1) and new["last_verified"] == datetime.date(2026, 10, 15)
    assert new["transport"] == {"motorway": "A 2", "motorway_km": 1.8, "rail_siding": True, "port_km": 7.5,
                                "airport_km": 24}
    assert new["utilities"]["power_mva"] == 12.5 and new["utilities"]["hydrogen"] is False
    assert new["sectors"] == ["logistik", "kreislaufwirtschaft"] and new["zoning"] == "GI"
    assert new["planning"] == "in_force" and new["owner"] == "public" and new["status"] == "available"
    english = front(project.content / "sites" / "bottrop-prosper-ost.en.md")
    assert english["title"] == "Prosper-Ost business park" and english["source_hash"]

    # The existing site: exactly the three changed lines differ; the comment, order and text are kept.
    after = kanalbogen.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and changed == [
        ("status: available   # laut Stadt, Stand Herbst", "status: reserved   # laut Stadt, Stand Herbst"),
        ("price_per_m2: 95", "price_per_m2: on request"),
        ("last_verified: 2026-09-14", "last_verified: 2026-11-20")]

    # A second import of the same file changes nothing.
    code, printed = run_import(project, csv)
    assert "0 new, 0 changed, 2 unchanged" in printed, printed

    code, printed = project.build()
    assert code == 0, printed
    page = (project.output / "flaechen" / "bottrop-prosper-ost" / "index.html").read_text(encoding="utf-8")
    for fact in ("Gewerbegebiet Prosper-Ost", "84.500", "32.000", "79,50", "Bottrop", "1,8", "12,5"):
        assert fact in page, fact
    assert "Prosper-Ost business park" in (project.output / "en" / "sites" / "bottrop-prosper-ost" /
                                           "index.html").read_text(encoding="utf-8")


def test_bad_rows_abort_with_row_and_column(project, tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header, good = lines[0], lines[1]
    rows = [header, good,
            good.replace("bottrop-prosper-ost", "zweite").replace(";84.500;", ";zwölftausend;"),
            good.replace("bottrop-prosper-ost", "dritte").replace(";Bottrop;", ";Bottorp;"),
            lines[2].replace(";62.000;", ";62.500;"),  # a good update: must not be written either
            good.replace("bottrop-prosper-ost", "vierte").replace(";1,8;", ";2.500;")]
    csv = tmp_path / "bad.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = snapshot(project)
    code, printed = run_import(project, csv)
    assert code == 2
    assert re.search(r'bad\.csv:3: area \(column "Fläche \(m²\)"\): \'zwölftausend\' is not a number — ', printed)
    assert re.search(r'bad\.csv:4: municipality \(column "Kommune"\): unknown municipality \'Bottorp\' '
                     r"\(did you mean 'bottrop'\?\) — ", printed), printed
    assert re.search(r'bad\.csv:6: transport\.motorway_km \(column "Entfernung zur Autobahnanschlussstelle '
                     r'\(km\)"\): 2500 is out of range .* \(read as 2500: a dot separates thousands; write 2,500',
                     printed), printed
    assert "Import stopped: 3 bad row(s); nothing was written" in printed
    assert snapshot(project) == before


def test_new_site_without_english_is_reported_not_invented(project, tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    row = lines[1].replace("Prosper-Ost business park;Former colliery site with a direct link to the A 2 motorway.",
                           ";")
    csv = tmp_path / "de-only.csv"
    csv.write_text(lines[0] + "\n" + row + "\n", encoding="utf-8")
    code, printed = run_import(project, csv)
    assert code == 0 and "1 new site(s) need an English title and summary" in printed, printed
    english = front(project.content / "sites" / "bottrop-prosper-ost.en.md")
    assert english["title"] is None and english["summary"] is None
    code, printed = project.build()
    assert code == 2 and re.search(r"bottrop-prosper-ost\.en\.md:\d+: title: missing required field", printed)


def test_unknown_column_and_missing_facts(project, tmp_path):
    csv = tmp_path / "short.csv"
    csv.write_text("Titel;Flaeche;Kommune\nNeue Fläche;1.000;Herne\n", encoding="utf-8")
    before = snapshot(project)
    code, printed = run_import(project, csv)
    assert code == 2 and re.search(r'short\.csv:1: column \(column "Flaeche"\): unknown column '
                                   r"\(did you mean 'Fläche'\?\) — rename it", printed), printed
    csv.write_text("Titel;Fläche;Kommune\nNeue Fläche;1.000;Herne\n", encoding="utf-8")
    code, printed = run_import(project, csv)
    assert code == 2
    assert 'short.csv:2: lat: no value for a new site — fill in the column "Breitengrad"' in printed, printed
    assert snapshot(project) == before


def test_geojson_points(project, tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.2165, 51.5443]},
         "properties": {"id": "herne-kanalufer", "Titel": "Kanalufer Herne", "Kurzbeschreibung": "Am Kanal.",
                        "Titel (englisch)": "Herne canal bank", "Kurzbeschreibung (englisch)": "On the canal.",
                        "municipality": "herne", "area": 15000, "divisible": False, "zoning": "GE",
                        "planning": "section_34", "status": "available", "price_per_m2": 110, "owner": "private",
                        "brownfield": True, "transport.motorway": "A 43", "transport.motorway_km": 2.2,
                        "transport.rail_siding": False, "utilities.fibre": True,
                        "utilities.district_heating": True, "utilities.hydrogen": False,
                        "sectors": "logistik", "contact": "Anna Schmidt", "last_verified": "2026-11-01",
                        "source": "Stadt Herne"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.4450, 51.5380]},
         "properties": {"id": "dortmund-kanalbogen", "area": "63.000"}}]}
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, printed = run_import(project, path)
    assert code == 0, printed
    new = front(project.content / "sites" / "herne-kanalufer.de.md")
    assert (new["lat"], new["lon"], new["contact"], new["sectors"]) == (51.5443, 7.2165, "anna-schmidt", ["logistik"])
    assert "dortmund-kanalbogen: area 62000 → 63000" in printed
    doc["features"][1]["geometry"] = {"type": "Polygon", "coordinates": []}
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, printed = run_import(project, path)
    assert code == 2 and "sites.geojson: feature 2: geometry: a Polygon — only Point features" in printed


ORDER = ["id", "title", "area", "largest_plot", "transport", "sectors", "source"]


def test_fieldedit_keeps_comments_order_and_body():
    text = ("---\nid: x   # the id\ntitle: 'Zeche: Nord'\narea: 5000  # m²\ntransport:\n  motorway: A 2\n"
            "sectors:\n  - a   # first\n  - b\nsource: Stadt\n---\nBody: text\n")
    out = fieldedit.set_value(text, ("area",), 6000, ORDER)
    assert out == text.replace("area: 5000  # m²", "area: 6000  # m²")
    out = fieldedit.set_value(out, ("largest_plot",), 2500, ORDER)
    assert "area: 6000  # m²\nlargest_plot: 2500\ntransport:" in out
    out = fieldedit.set_value(out, ("transport", "motorway_km"), 2.5, ORDER)
    assert "  motorway: A 2\n  motorway_km: 2.5\nsectors:" in out
    out = fieldedit.set_value(out, ("sectors",), ["c", "d"], ORDER)
    assert "sectors: [c, d]\nsource: Stadt\n---\nBody: text\n" in out
    out = fieldedit.set_value(out, ("utilities", "fibre"), True, ORDER)
    assert "source: Stadt\nutilities:\n  fibre: true\n---" in out
    assert out.startswith("---\nid: x   # the id\ntitle: 'Zeche: Nord'\n")
    out = fieldedit.set_value("---\nid: y\nlat:   # fill in\n---\n", ("lat",), 51.5)
    assert out == "---\nid: y\nlat: 51.5   # fill in\n---\n"


def test_editor_guide_lists_every_column():
    from editor_helpers import SETTINGS
    from ruhr.editor import cli
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    for name, path, f, lang in importer.columns(cli.load_settings(SETTINGS)):
        assert f"| {name} | `{'.'.join(path)}`" in guide, name


def test_the_agencys_export_imports_with_a_column_mapping_and_defaults(project):
    """docs/editing.md's worked example: other headers and values, and fields the export lacks."""
    from ruhr.editor import check
    export, mapping = ROOT / "docs/examples/agency-export.csv", ROOT / "docs/examples/agency-columns.yaml"
    sets = ["contact=anna-schmidt", "source=Wirtschaftsförderung Herne", "sectors=logistik",
            "last_verified=2026-11-01"]
    code, printed = run_import(project, export)
    assert code == 2 and "unknown column" in printed, printed  # without the mapping
    code, printed = run_import(project, export, columns=str(mapping), sets=sets)
    assert code == 0, printed
    new = front(project.content / "sites" / "herne-blumenthal-sued.de.md")
    assert (new["zoning"], new["status"], new["owner"], new["planning"]) == ("GI", "available", "public", "in_force")
    assert new["divisible"] is True and new["area"] == 45000 and new["transport"]["motorway_km"] == 2.1
    assert (new["contact"], new["source"], new["sectors"]) == ("anna-schmidt", "Wirtschaftsförderung Herne",
                                                               ["logistik"])
    code, printed = run_in(project, check.run, SETTINGS, overrides(project))
    assert "herne-blumenthal-sued.de.md" not in printed, printed  # only the English title is left to write


def test_a_bad_mapping_or_default_is_one_clear_problem(project, tmp_path):
    export = ROOT / "docs/examples/agency-export.csv"
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns:\n  Stadt: municipality\n  Stadt: area\n", encoding="utf-8")
    code, printed = run_import(project, export, columns=str(bad))
    assert code == 2 and "bad.yaml:3: Stadt: given twice" in printed, printed
    code, printed = run_import(project, export, columns=str(ROOT / "docs/examples/agency-columns.yaml"),
                               sets=["kontakt_x=1"])
    assert code == 2 and "--set: kontakt_x: unknown field" in printed, printed
