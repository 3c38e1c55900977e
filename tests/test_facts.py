"""Presentation from the schema (ruhr.core.facts): a fact added in schema.py appears, formatted in each
language, on the site page, in the compare data and in the open data, with no other file touched."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

from bs4 import BeautifulSoup

from conftest import ROOT

SITE = "bochum-oelbachtal"
FIELD = ('        Field("substation_km", "float", N_("Distance to substation"), required=False, unit="km", min=0,\n'
         '              max=50, show=Show("utilities")),\n')


def copy_of_the_project(base):
    """content, data, theme, the ruhr plugin and pelicanconf.py in `base`."""
    for folder in ("content", "data", "theme"):
        shutil.copytree(ROOT / folder, base / folder)
    shutil.copytree(ROOT / "plugins" / "ruhr", base / "plugins" / "ruhr",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", base / "pelicanconf.py")


def insert_after(path, anchor, text):
    source = path.read_text(encoding="utf-8")
    assert source.count(anchor) == 1, f"{anchor!r} in {path}"
    path.write_text(source.replace(anchor, anchor + text), encoding="utf-8")


def build_copy(base):
    """Build the copy with its own plugin code (ahead of the installed one on the path)."""
    env = dict(os.environ, PYTHONPATH=str(base / "plugins"))
    script = ("import sys, ruhr; assert ruhr.__file__.startswith(sys.argv[1]), ruhr.__file__\n"
              "from ruhr.site import build\n"
              "sys.exit(build.run('pelicanconf.py', 'output', overrides={'CACHE_PATH': 'cache'}))")
    return subprocess.run([sys.executable, "-c", script, str(base)], cwd=base, env=env, capture_output=True,
                          text=True)


def facts_table(html):
    page = BeautifulSoup(html, "html.parser")
    return {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in page.select("table.facts tr")}


def compare_data(out, compare_page):
    """The data the compare page loads (its data-compare-data)."""
    html = (out / compare_page / "index.html").read_text(encoding="utf-8")
    url = BeautifulSoup(html, "html.parser").select_one("[data-compare-data]")["data-compare-data"]
    return json.loads((out / url.lstrip("/")).read_text(encoding="utf-8"))


def test_an_optional_field_added_to_the_schema_shows_everywhere(tmp_path, built_project):
    copy_of_the_project(tmp_path)
    shutil.copytree(built_project.base / "cache", tmp_path / "cache")  # processed photos: same as the real site
    # One schema entry ...
    insert_after(tmp_path / "plugins/ruhr/core/schema.py",
                 'Field("power_mva", "float", N_("Power capacity"), required=False, unit="MVA", min=0, max=1000,\n'
                 '              show=Show("utilities")),\n', FIELD)
    # ... plus its label's translation ...
    with open(tmp_path / "theme/translations/de/LC_MESSAGES/messages.po", "a", encoding="utf-8") as po:
        po.write('\nmsgid "Distance to substation"\nmsgstr "Entfernung zum Umspannwerk"\n')
    # ... and one site with a value.
    insert_after(tmp_path / f"content/sites/{SITE}.de.md", "utilities:\n", "  substation_km: 2.5\n")

    done = build_copy(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "output"

    de_page = (out / "flaechen" / SITE / "index.html").read_text(encoding="utf-8")
    en_url = next(a["href"] for a in BeautifulSoup(de_page, "html.parser").select("link[hreflang=en]"))
    en_page = (out / en_url.split("://", 1)[1].split("/", 1)[1] / "index.html").read_text(encoding="utf-8")
    assert facts_table(de_page)["Entfernung zum Umspannwerk"] == "2,5\u00a0km"
    assert facts_table(en_page)["Distance to substation"] == "2.5\u00a0km"
    other = (out / "flaechen" / "bergkamen-kanalhafen" / "index.html").read_text(encoding="utf-8")
    assert "Entfernung zum Umspannwerk" not in facts_table(other)  # no value: no row on the page

    for compare, label, text in (("flaechen/vergleich", "Entfernung zum Umspannwerk", "2,5\u00a0km"),
                                 ("en/sites/compare", "Distance to substation", "2.5\u00a0km")):
        data = compare_data(out, compare)
        assert {"key": "substation_km", "label": label} in data["rows"]
        assert data["sites"][SITE]["cells"]["substation_km"] == text
        assert data["sites"]["bergkamen-kanalhafen"]["cells"]["substation_km"] == "–"

    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((out / "sites.csv").read_text(encoding="utf-8"),
                                                           newline=""))}
    assert rows[SITE]["substation_km"] == "2.5" and rows["bergkamen-kanalhafen"]["substation_km"] == ""
    features = {f["id"]: f["properties"] for f in json.loads((out / "sites.geojson").read_text())["features"]}
    assert features[SITE]["substation_km"] == 2.5 and features["bergkamen-kanalhafen"]["substation_km"] is None
