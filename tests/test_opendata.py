"""Open data and maps in the built site: sites.geojson / sites.csv against the content and the site pages,
and map output that repeats byte for byte."""

import csv
import io
import json
import re
from urllib.parse import urlsplit

import geojson
import yaml
from bs4 import BeautifulSoup

from conftest import BUILD_DATE, ROOT


def _front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def _features(built_site):
    collection = geojson.loads((built_site / "sites.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    return collection["features"]


def test_geojson_has_every_site_and_its_facts_match_the_pages(built_site, read_page):
    features = _features(built_site)
    content = {p.name[:-6]: _front_matter(p) for p in (ROOT / "content" / "sites").glob("*.de.md")}
    assert sorted(f["id"] for f in features) == sorted(content)
    for feature in features:
        facts, source = feature["properties"], content[feature["id"]]
        assert feature["geometry"]["coordinates"] == [source["lon"], source["lat"]]
        assert (facts["area_m2"], facts["zoning"], facts["status"]) == (source["area"], source["zoning"],
                                                                       source["status"])
        assert facts["last_verified"] == source["last_verified"].isoformat()
        for lang in ("de", "en"):
            page = BeautifulSoup(read_page(urlsplit(facts[f"url_{lang}"]).path), "html.parser")
            assert page.h1.get_text(strip=True) == facts[f"name_{lang}"]
            area = f"{facts['area_m2']:,}".replace(",", "." if lang == "de" else ",") + "\u00a0m²"
            assert area in page.select_one("table.facts").get_text()
            assert page.find("html")["lang"] == lang


def test_open_data_has_the_facts_the_pages_show(built_site, read_page):
    """Rail, motorway, power, availability, sectors and contact: as the German page shows them."""
    for feature in _features(built_site):
        facts = feature["properties"]
        page = BeautifulSoup(read_page(urlsplit(facts["url_de"]).path), "html.parser")
        table = {tr.th.get_text(strip=True): tr.td for tr in page.select("table.facts tr")}
        assert table["Gleisanschluss"].get_text() == ("ja" if facts["rail_siding"] else "nein")
        km = f"{facts['motorway_km']:g}".replace(".", ",") + "\u00a0km (Straße)"  # typed: by road
        assert table["Nächste Autobahn"].get_text() == f"{facts['motorway']}, {km}"
        if facts["power_mva"] is None:
            assert "Stromanschlussleistung" not in table
        else:
            assert table["Stromanschlussleistung"].get_text() == f"{facts['power_mva']:g}".replace(".", ",") + "\u00a0MVA"
        # The page's status row says from when a site can be had (ruhr.core.availability): the open data's date
        # for an available site with a later date, nothing of a date for a reserved or sold one.
        status = table["Status"].get_text()
        if facts["status"] == "available" and facts["available_from"] and facts["available_from"] > BUILD_DATE:
            assert status.startswith("verfügbar ab ") and status.endswith(facts["available_from"][:4])
        else:
            assert "ab" not in status.split()
        sectors = [a["href"] for a in page.select("#sectors-title + ul a")]
        assert sectors == [f"/branchen/{sector}/" for sector in facts["sectors"]]
        contact = page.select_one("#contact-title").find_parent("section").get_text()
        assert facts["contact_name"] in contact and facts["contact_email"] in contact
        assert facts["contact_phone"] in contact


def test_csv_has_the_same_facts(built_site):
    features = {f["id"]: f for f in _features(built_site)}
    rows = list(csv.DictReader(io.StringIO((built_site / "sites.csv").read_text(encoding="utf-8"), newline="")))
    assert [r["id"] for r in rows] == sorted(features)
    for row in rows:
        facts = features[row["id"]]["properties"]
        assert row["name_de"] == facts["name_de"] and row["url_en"] == facts["url_en"]
        assert float(row["lat"]) == features[row["id"]]["geometry"]["coordinates"][1]
        assert row["price_per_m2_eur"] == ("" if facts["price_per_m2_eur"] is None
                                           else str(facts["price_per_m2_eur"]))
        assert row["rail_siding"] == str(facts["rail_siding"]).lower()
        assert row["sectors"] == " ".join(facts["sectors"]) and row["contact_email"] == facts["contact_email"]
        assert row["available_from"] == (facts["available_from"] or "")
        assert set(row) == set(facts) | {"lat", "lon"}


def test_sites_index_links_the_open_data_in_both_languages(read_page):
    for url in ("/flaechen/", "/en/sites/"):
        links = {a["href"] for a in BeautifulSoup(read_page(url), "html.parser").find_all("a")}
        assert {"/sites.geojson", "/sites.csv"} <= links


def test_every_site_sector_and_municipality_map_is_written(built_site, read_page):
    pages = [p for p in built_site.rglob("index.html")]
    blocks = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for script, locator in re.findall(r'data-map-script="([^"]+)".*?<img class="map__locator" src="([^"]+)"',
                                          html, re.S):
            blocks += 1
            assert (built_site / script.lstrip("/")).is_file() and (built_site / locator.lstrip("/")).is_file()
    sites = len(list((ROOT / "content" / "sites").glob("*.de.md")))
    assert blocks >= 2 * sites + 4  # a map per site page, the overview on both sites indexes and home pages
    assert json.loads((built_site / "sites.geojson").read_text(encoding="utf-8"))["features"]


def test_two_builds_give_the_same_maps(project, built_site):
    code, printed = project.build()
    assert code == 0, printed
    again = project.output
    for path in sorted((built_site / "maps").iterdir()) + [built_site / "sites.geojson", built_site / "sites.csv",
                                                           built_site / "flaechen" / "index.html"]:
        assert (again / path.relative_to(built_site)).read_bytes() == path.read_bytes(), path.name
