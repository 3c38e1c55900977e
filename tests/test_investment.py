"""The reasons to invest (issue 14, docs/investment.md), read from the built pages: funding status, workforce
figures and tax rates with source and year, reachability equal to an independent recomputation, charts with
their tables, feeds, the finder's aid-area filter, the enquiry mailto and the vCards.

Expected values come from data/*.yaml and the content's front matter, computed here without the plugin.
"""

import math
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from editor_helpers import SETTINGS, overrides, run_in
from test_site import ROOT, items

ATOM = "{http://www.w3.org/2005/Atom}"
LANGS = {"de": {"site": "/flaechen/{}/", "municipality": "/kommunen/{}/", "sector": "/branchen/{}/"},
         "en": {"site": "/en/sites/{}/", "municipality": "/en/municipalities/{}/", "sector": "/en/sectors/{}/"}}


# The demo data files (`demo: true`) name the statistics their figures imitate; the pages say so.
DEMO_SOURCE = {"de": "Demo-Näherung nach %s", "en": "demo approximation after %s"}


def data(name):
    return yaml.safe_load((ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8"))


def per_municipality(name, key):
    return {e["municipality"]: e for e in data(name)[key]}


def soup(read_page, url):
    return BeautifulSoup(read_page(url), "html.parser")


def text(el):
    return " ".join(el.get_text(" ").split())


def digits(s):
    """The integer in a formatted number ('ca. 1.330.000' / 'approx. 1,330,000' -> 1330000)."""
    return int(re.sub(r"[^\d-]", "", s))


def site_url(lang, site_id, en):
    return LANGS[lang]["site"].format(site_id if lang == "de" else en.get("slug") or site_id)


SIZES = ("small", "medium", "large")
MONTHS = {"de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                 "November", "Dezember"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}


def long_date(lang, d):
    return f"{d.day}. {MONTHS['de'][d.month - 1]} {d.year}" if lang == "de" else \
        f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}"


def percent(lang, rate):
    """As text() reads it (the no-break space before % becomes a space)."""
    return f"{rate} %" if lang == "de" else f"{rate}%"


def funding_rates(lang, f):
    """What the site and municipality pages say for each company size, from data/funding.yaml."""
    if f["category"] == "none":
        return []
    none = {"de": "keine regionale Investitionsförderung", "en": "no regional investment aid"}[lang]
    up_to = {"de": "bis %s", "en": "up to %s"}[lang]
    return [up_to % percent(lang, f[size]) if f[size] else none for size in SIZES]


# -- funding status, workforce, taxes ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_site_pages_show_funding_status_and_workforce_with_source_and_year(read_page, lang):
    funding = per_municipality("funding", "funding")
    workforce = per_municipality("workforce", "workforce")
    label = {"de": {"C": "C-Fördergebiet", "D": "D-Fördergebiet", "none": "kein Fördergebiet"},
             "en": {"C": "C area", "D": "D area", "none": "not a regional aid area"}}[lang]
    for site_id, de, en in items("site"):
        page = soup(read_page, site_url(lang, site_id, en))
        f = funding[de["municipality"]]
        section = page.select_one("section.funding")
        assert section.select_one("[data-aid-area]").get_text() == label[f["category"]]
        assert [text(td) for td in section.select("tr td")][1:] == funding_rates(lang, f), site_id
        assert ("Stand " if lang == "de" else "as of ") + long_date(lang, f["date"]) in text(section)
        assert (f"Quelle: Demo-Zuordnung nach dem Vorbild der {f['source']}, nicht amtlich" if lang == "de" else
                f"Source: demo assignment modelled on {f['source']}, not official") in text(section)
        # Links to the funding advice contact and to the funding information on the site.
        assert section.select_one('a[href="mailto:sabine.krueger@example.org"]')
        assert section.select_one(f'a[href="{"/kommunen/foerdergebiete/" if lang == "de" else "/en/municipalities/aid-areas/"}"]')
        assert section.select_one(f'a[href="{"/foerderprogramme/" if lang == "de" else "/en/funding/"}"]')
        # The workforce summary: each figure with its year and source.
        w = workforce[de["municipality"]]
        for name in ("employees", "unemployment_rate", "commuter_balance"):
            row = page.select_one(f'section.workforce tr[data-figure="{name}"]')
            cells = [text(td) for td in row.select("td")]
            assert cells[1] == str(w[name]["year"]), (site_id, name)
            assert cells[2] == DEMO_SOURCE[lang] % w[name]["source"], (site_id, name)
            assert cells[0].startswith("ca." if lang == "de" else "approx.")
        assert "Demo" in text(page.select_one("section.workforce"))


def test_municipality_pages_show_every_figure_with_source_and_year(read_page):
    workforce = per_municipality("workforce", "workforce")
    taxes = per_municipality("taxes", "taxes")
    contacts = per_municipality("economic-development", "economic_development")
    for m in data("municipalities")["municipalities"]:
        for lang in ("de", "en"):
            page = soup(read_page, LANGS[lang]["municipality"].format(m["key"]))
            for name, figure in [*workforce[m["key"]].items(), *taxes[m["key"]].items()]:
                if name == "municipality":
                    continue
                row = page.select_one(f'tr[data-figure="{name}"]')
                value, year, source = (text(td) for td in row.select("td"))
                assert (year, source) == (str(figure["year"]), DEMO_SOURCE[lang] % figure["source"]), (m["key"], name)
                number = value.split(" ", 1)[1]  # after "ca." / "approx."
                assert float(re.sub(r"[^\d,.-]", "", number).replace(".", "").replace(",", ".")
                             if lang == "de" else re.sub(r"[^\d.-]", "", number)) == figure["value"]
            # Hebesätze: 495 % (German) / 495% (English).
            trade = taxes[m["key"]]["trade_tax"]["value"]
            assert page.select_one('tr[data-figure="trade_tax"] td').get_text().strip() == (
                f"ca. {trade}\u00a0%" if lang == "de" else f"approx. {trade}%")
            local = page.select_one("section.local-contact")
            assert f'mailto:{contacts[m["key"]]["email"]}' in str(local)
            f = per_municipality("funding", "funding")[m["key"]]
            section = page.select_one("section.funding")
            assert section.select_one("[data-aid-area]")["data-aid-area"] == f["category"]
            assert [text(td) for td in section.select("tr td")][1:] == funding_rates(lang, f), m["key"]
            assert long_date(lang, f["date"]) in text(section)


def test_the_tax_charts_compare_with_the_regions_lowest_median_and_highest(read_page):
    taxes = per_municipality("taxes", "taxes")
    for key in ("trade_tax", "property_tax_b"):
        values = sorted(t[key]["value"] for t in taxes.values())
        expected = [taxes["bochum"][key]["value"], values[0], values[len(values) // 2], values[-1]]
        rows = soup(read_page, "/en/municipalities/bochum/").select(f"#chart-{key} table tbody td")
        assert [int(td.get_text().rstrip("%")) for td in rows] == expected


@pytest.mark.parametrize("path, field, message", [
    ("workforce", "source", "missing required field"),
    ("workforce", "year", "missing required field"),
    ("taxes", "source", "missing required field"),
])
def test_a_figure_without_source_or_year_is_rejected(project, path, field, message):
    relpath = f"data/{path}.yaml"
    first = {"workforce": "    employees:", "taxes": "    trade_tax:"}[path]
    number = project.line_of(relpath, first)
    lines = (project.base / relpath).read_text(encoding="utf-8").split("\n")
    lines[number - 1] = re.sub(rf",? {field}: [^,}}]+", "", lines[number - 1]).replace("{, ", "{")
    (project.base / relpath).write_text("\n".join(lines), encoding="utf-8")
    code, printed = project.build()
    assert code == 2  # a content problem (ruhr.site.build)
    record = {"workforce": "workforce[0].employees", "taxes": "taxes[0].trade_tax"}[path]
    assert f"data/{path}.yaml:{number}: {record}.{field}: {message}" in printed, printed
    assert not project.output.exists()


def test_a_municipality_missing_from_a_data_file_is_named(project):
    relpath = "data/funding.yaml"
    number = project.line_of(relpath, "  - {municipality: bochum,")
    lines = (project.base / relpath).read_text(encoding="utf-8").split("\n")
    del lines[number - 1:number + 1]
    (project.base / relpath).write_text("\n".join(lines), encoding="utf-8")
    code, printed = project.build()
    assert code == 2 and ": funding: no entry for bochum — add one entry per municipality" in printed, printed


# -- reachability -----------------------------------------------------------------------------------------


def crow_km(lat1, lon1, lat2, lon2):
    """Great-circle distance by the spherical law of cosines (the plugin uses haversine), R = 6371.0088 km."""
    a, b = math.radians(lat1), math.radians(lat2)
    c = math.sin(a) * math.sin(b) + math.cos(a) * math.cos(b) * math.cos(math.radians(lon2 - lon1))
    return 6371.0088 * math.acos(max(-1.0, min(1.0, c)))


def test_reachability_equals_a_python_recomputation(read_page):
    municipalities = data("municipalities")["municipalities"]
    hubs = data("hubs")["hubs"]
    for site_id, de, en in items("site"):
        for lang in ("de", "en"):
            page = soup(read_page, site_url(lang, site_id, en))
            for radius in (25, 50):
                expected = sum(m["population"] for m in municipalities
                               if crow_km(de["lat"], de["lon"], m["lat"], m["lon"]) <= radius)
                cell = page.select_one(f'tr[data-population-km="{radius}"] td')
                assert digits(text(cell)) == expected, (site_id, radius)
            for kind in ("motorway", "airport", "port"):
                km, name = min(((crow_km(de["lat"], de["lon"], h["lat"], h["lon"]), h["name"][lang])
                                for h in hubs if h["kind"] == kind), key=lambda found: found[0])
                shown = f"{km:.1f}".replace(".", "," if lang == "de" else ".")
                assert text(page.select_one(f'tr[data-hub="{kind}"] td')) == f"{name}: {shown} km", site_id
            assert "Luftlinie" in text(page.select_one("section.reach")) if lang == "de" else \
                "straight-line" in text(page.select_one("section.reach"))


def test_students_nearby_are_computed_from_the_universities(read_page):
    universities = data("universities")["universities"]
    for m in data("municipalities")["municipalities"]:
        expected = sum(u["students"]["value"] for u in universities
                       if crow_km(m["lat"], m["lon"], u["lat"], u["lon"]) <= 25)
        cell = soup(read_page, f"/kommunen/{m['key']}/").select_one('tr[data-figure="students_nearby"] td')
        assert digits(text(cell)) == expected, m["key"]


def test_check_warns_when_a_typed_distance_disagrees_with_the_computed_one(project):
    from ruhr.editor import check
    relpath = "content/sites/bergkamen-kanalhafen.de.md"
    number = project.line_of(relpath, "  motorway_km:")
    project.edit(relpath, "  motorway_km: 3.5", "  motorway_km: 35")
    code, printed = run_in(project, check.run, SETTINGS, overrides(project))
    assert code == 0, printed
    warning = next(line for line in printed.splitlines() if "transport.motorway_km" in line)
    assert warning.startswith(f"content/sites/bergkamen-kanalhafen.de.md:{number}: "
                              "transport.motorway_km: 35 km typed, but the nearest motorway"), warning
    assert sum("transport." in line for line in printed.splitlines()) == 1, printed


# -- charts -----------------------------------------------------------------------------------------------


_SITE = next(items("site"))
CHART_PAGES = ["/kommunen/", "/en/municipalities/", "/kommunen/bochum/", "/en/municipalities/bochum/",
               site_url("de", _SITE[0], _SITE[2]), site_url("en", _SITE[0], _SITE[2]), "/branchen/logistik/",
               "/en/sectors/logistics/"]


@pytest.mark.parametrize("url", CHART_PAGES)
def test_charts_are_accessible_svg_with_the_same_numbers_in_a_table(read_page, url):
    page = soup(read_page, url)
    charts = page.select("figure.chart")
    assert charts, url
    for chart in charts:
        svg = chart.select_one("svg")
        assert svg["role"] == "img" and not chart.select("script")
        title, desc = (svg.select_one(f"#{i}") for i in svg["aria-labelledby"].split())
        assert title.name == "title" and desc.name == "desc"
        rows = [(text(tr.th), text(tr.td)) for tr in chart.select("table tbody tr")]
        assert text(desc) == "; ".join(f"{label}: {value}" for label, value in rows)
        assert [text(t) for t in svg.select("text.chart-value")] == [value for _, value in rows]
        assert len(svg.select("rect.chart-bar")) == len(rows)
        # Each bar is as long as its number: 170 px for the largest, at least 1 px.
        lang = "en" if "/en/" in url else "de"
        numbers = [number_in(lang, value) for _, value in rows]
        widths = [float(bar["width"]) for bar in svg.select("rect.chart-bar")]
        for number, width in zip(numbers, widths):
            assert abs(width - max(number / (max(numbers) or 1) * 170, 1)) <= 1.5, (url, numbers, widths)
    # Formatted in the page's language.
    if "/en/" not in url and "bochum" in url:
        assert "\u00a0%" in charts[0].get_text()


def number_in(lang, formatted):
    """The number in a formatted value ('ca. 1.330.000', '3,4 km', '30 %'; English: '1,330,000', '3.4 km')."""
    found = re.search(r"-?[\d.,]*\d", formatted).group()
    return float(found.replace(".", "").replace(",", ".") if lang == "de" else found.replace(",", ""))


def chart_rows(page, chart_id):
    return [(text(tr.th), text(tr.td)) for tr in page.select(f"#{chart_id} table tbody tr")]


@pytest.mark.parametrize("lang, url", [("de", "/kommunen/"), ("en", "/en/municipalities/")])
def test_the_region_charts_count_from_the_data(read_page, lang, url):
    """Inhabitants per district and municipalities per aid area, summed here from data/*.yaml."""
    page = soup(read_page, url)
    municipalities = data("municipalities")
    people = {}
    for m in municipalities["municipalities"]:
        name = municipalities["districts"][m["district"]]["name"][lang]
        people[name] = people.get(name, 0) + m["population"]
    assert {label: number_in(lang, value) for label, value in chart_rows(page, "chart-population")} == people
    categories = [f["category"] for f in data("funding")["funding"]]
    assert [number_in(lang, value) for _, value in chart_rows(page, "chart-aid-areas")] == \
        [categories.count(c) for c in ("C", "D", "none")]


@pytest.mark.parametrize("lang, url", [("de", "/branchen/logistik/"), ("en", "/en/sectors/logistics/")])
def test_a_sectors_land_chart_sums_its_sites_by_status(read_page, lang, url):
    hectares = [0.0, 0.0, 0.0]  # available, reserved, sold: the order of the status choices
    for _, de, _ in items("site"):
        if "logistik" in (de.get("sectors") or []):
            hectares[("available", "reserved", "sold").index(de["status"])] += de["area"] / 10000
    shown = [number_in(lang, value) for _, value in chart_rows(soup(read_page, url), "sector-land")]
    assert shown == [round(h, 1) for h in hectares]


# -- feeds ------------------------------------------------------------------------------------------------


def test_every_feed_parses_and_lists_the_sites_it_follows(built_site, read_page):
    municipalities = data("municipalities")["municipalities"]
    # {(folder, key): {lang: set of site URLs}}
    by = {}
    for site_id, de, en in items("site"):
        for key in [("m", de["municipality"]), *(("s", sector) for sector in de["sectors"])]:
            for lang in ("de", "en"):
                by.setdefault(key, {"de": set(), "en": set()})[lang].add(site_url(lang, site_id, en))
    none = {"de": set(), "en": set()}
    expected = {}
    for m in municipalities:
        sites = by.get(("m", m["key"]), none)
        expected[f"kommunen/{m['key']}/feed.xml"] = sites["de"]
        expected[f"en/municipalities/{m['key']}/feed.xml"] = sites["en"]
        expected.setdefault(f"kommunen/kreise/{m['district']}.xml", set()).update(sites["de"])
        expected.setdefault(f"en/municipalities/districts/{m['district']}.xml", set()).update(sites["en"])
    for sector_id, _, en in items("sector"):
        sites = by.get(("s", sector_id), none)
        expected[f"branchen/{sector_id}/feed.xml"] = sites["de"]
        expected[f"en/sectors/{en.get('slug') or sector_id}/feed.xml"] = sites["en"]
    assert len(expected) == 2 * (len(municipalities) + 5 + len(list(items("sector"))))
    for path, site_urls in expected.items():
        root = ET.parse(built_site / path).getroot()
        assert root.tag == f"{ATOM}feed", path
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == ("en" if path.startswith("en/") else "de")
        links = {urlsplit(e.find(f"{ATOM}link").get("href")).path for e in root.iter(f"{ATOM}entry")}
        assert links == site_urls, path
        assert root.find(f"{ATOM}updated").text
    # Linked from the pages they follow.
    assert soup(read_page, "/kommunen/bochum/").select_one('a[href="/kommunen/bochum/feed.xml"]')
    assert soup(read_page, "/en/sectors/logistics/").select_one('a[href="/en/sectors/logistics/feed.xml"]')
    assert soup(read_page, "/kommunen/").select_one('a[href="/kommunen/kreise/kreis-unna.xml"]')


# -- enquiry and vCard ------------------------------------------------------------------------------------


def contacts():
    return {c["key"]: c for c in data("contacts")["contacts"]}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_site_page_has_an_enquiry_mailto_in_its_language(read_page, lang):
    for site_id, de, en in items("site"):
        page = soup(read_page, site_url(lang, site_id, en))
        block = page.select_one("#enquiry")
        href = block.select_one("a[data-enquiry]")["href"]
        parts = urlsplit(href)
        contact = contacts()[de["contact"]]
        assert parts.scheme == "mailto" and parts.path == contact["email"]
        query = parse_qs(parts.query)
        title = (de if lang == "de" else en)["title"]
        subject, body = query["subject"][0], query["body"][0]
        assert "+" not in href and " " not in href
        assert subject == (f"Anfrage zur Fläche {title} (ID {site_id})" if lang == "de"
                           else f"Enquiry about the site {title} (ID {site_id})")
        greeting = "Guten Tag" if lang == "de" else "Dear"
        assert body.startswith(f"{greeting} {contact['name']},\r\n\r\n")
        assert site_url(lang, site_id, en) in body and site_id in body
        asks = {"de": ("ob die Fläche noch verfügbar ist", "ähnlichen Flächen"),
                "en": ("whether the site is still available", "similar sites")}[lang]
        assert asks[de.get("status", "available") != "available"] in body, (site_id, body)
        vcard = block.select_one('a[type="text/vcard"]')["href"]
        assert vcard == (f"/kontakt/{contact['key']}.vcf" if lang == "de" else f"/en/contact/{contact['key']}.vcf")


def unfold(text):
    return text.replace("\r\n ", "")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_vcards_hold_the_contacts_details(built_site, lang):
    for key, contact in contacts().items():
        raw = (built_site / ("kontakt" if lang == "de" else "en/contact") / f"{key}.vcf").read_bytes()
        assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))
        lines = unfold(raw.decode("utf-8")).split("\r\n")[:-1]
        assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:3.0" and lines[-1] == "END:VCARD"
        props = dict(line.split(":", 1) for line in lines)
        assert props["FN"] == contact["name"]
        assert props["EMAIL;TYPE=INTERNET,WORK"] == contact["email"]
        assert props["TEL;TYPE=WORK,VOICE"] == contact["phone"].replace(" ", "")
        assert props["TITLE"] == contact["role"][lang].replace(",", "\\,")
        assert props["N"].split(";")[0] == contact["name"].split()[-1]


# -- aid areas page, compare, sitemap ---------------------------------------------------------------------


def test_aid_areas_page_lists_every_municipality_and_is_in_the_sitemap(read_page, built_site):
    funding = per_municipality("funding", "funding")
    for url in ("/kommunen/foerdergebiete/", "/en/municipalities/aid-areas/"):
        rows = soup(read_page, url).select("tr[data-municipality]")
        assert {r["data-municipality"]: r["data-aid-area"] for r in rows} == \
            {k: f["category"] for k, f in funding.items()}
        lang = "de" if url.startswith("/kommunen/") else "en"
        for r in rows:  # each size's maximum rate, "–" where there is none
            f = funding[r["data-municipality"]]
            assert [text(td) for td in r.select("td")][1:] == [percent(lang, f[size]) if f[size] else "–"
                                                                for size in SIZES], r["data-municipality"]
        assert url in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert (built_site / "pagefind").is_dir()


def test_compare_data_and_the_finders_data_carry_the_aid_area(read_page):
    import json
    funding = per_municipality("funding", "funding")
    compare = json.loads(read_page(soup(read_page, "/en/sites/compare/").select_one("[data-compare-data]")
                                   ["data-compare-data"]))  # the data the compare page loads
    assert "aid_area" in [row["key"] for row in compare["rows"]]
    finder = json.loads(read_page("/flaechen/finder.json"))  # the finder's data (docs/finder.md)
    records = [dict(zip(finder["fields"], values)) for values in finder["sites"]]
    rows = {r["id"] or r["url"].strip("/").split("/")[-1]: r for r in records}  # finder.js: id, else the slug
    for site_id, de, _ in items("site"):
        category = funding[de["municipality"]]["category"]
        assert rows[site_id]["aid_area"] == category
        cell = compare["sites"][site_id]["cells"]["aid_area"]
        assert cell.startswith({"C": "C area", "D": "D area", "none": "not a regional aid area"}[category])
    # The aid-area row's source, as on the site pages: the demo note and the official source.
    doc = data("funding")
    for lang, url in (("de", "/flaechen/vergleich/"), ("en", "/en/sites/compare/")):
        sources = text(soup(read_page, url).select_one("[data-compare-sources]"))
        assert doc["note"][lang] in sources and " ".join(doc["official_source"][lang].split()) in sources


# -- finder in the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def origin(built_site):
    from ruhr.gates import browsercheck
    with browsercheck.serve(built_site) as base_url:
        yield base_url.rstrip("/")


@pytest.mark.parametrize("query", ["aid_area=C", "aid_area=D&aid_area=none"])
def test_the_finder_filters_by_aid_area(browser, origin, query):
    funding = per_municipality("funding", "funding")
    wanted = parse_qs(query)["aid_area"]
    expected = {site_id for site_id, de, _ in items("site") if funding[de["municipality"]]["category"] in wanted}
    assert expected and len(expected) < len(list(items("site")))
    page = browser.new_page()
    try:
        page.goto(f"{origin}/flaechen/?{query}")
        page.wait_for_function("n => document.querySelectorAll('[data-finder-list] > li:not([hidden])').length === n",
                               arg=len(expected), timeout=20_000)
        shown = page.eval_on_selector_all("[data-finder-list] > li:not([hidden])", "els => els.map(e => e.dataset.id || e.querySelector('a').getAttribute('href').split('/').filter(Boolean).pop())")
        assert set(shown) == expected
        assert page.is_checked(f'input[name="aid_area"][value="{wanted[0]}"]')
    finally:
        page.close()


def test_the_finder_links_the_one_feed_its_filter_matches(browser, origin):
    page = browser.new_page()
    try:
        page.goto(f"{origin}/flaechen/?municipality=dortmund&sort=area-desc")
        link = page.wait_for_selector("[data-finder-feeds] p:not([hidden]) a", timeout=20_000)
        assert link.get_attribute("href") == "/kommunen/dortmund/feed.xml"
        page.goto(f"{origin}/en/sites/?sector=logistik")
        link = page.wait_for_selector("[data-finder-feeds] p:not([hidden]) a", timeout=20_000)
        assert link.get_attribute("href") == "/en/sectors/logistics/feed.xml"
        page.goto(f"{origin}/flaechen/?municipality=dortmund&rail=yes")
        page.wait_for_selector("[data-finder-form]:not([hidden])", timeout=20_000)
        assert page.is_hidden("[data-finder-feeds]")
    finally:
        page.close()
