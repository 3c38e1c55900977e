"""Fast tests of the parts on the fixture site (tests/fixtures/site/, three languages), without a build:
the model and its cross-references, links, URLs, the facts, JSON-LD, the feed, finder and open data.

The full-build tests of the demo site stay in the other test files."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from fixture_site import LANGUAGES, SETTINGS, SITEURL, THIRD, FixtureSite
from jsonld import validate
from ruhr.core import content, i18n, links, model as ruhr_model
from ruhr.core.facts import Facts
from ruhr.core.urls import save_as, url_for
from ruhr.site import feeds, finder, opendata, seo
from ruhr import settings as ruhr_settings

SOURCE = LANGUAGES[0]


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    """(model, settings, {lang: gettext}) of the fixture site, read and linked as the build does."""
    site = FixtureSite(tmp_path_factory.mktemp("parts"))
    settings = dict(SETTINGS, PATH=str(site.content), RUHR_DATA_PATH=str(site.data), THEME=str(site.theme),
                    TIMEZONE="Europe/Berlin", AUTHOR="Fixture")
    records, data = content.load(str(site.content), settings)
    model = ruhr_model.build(records, data, settings)
    assert links.resolve(model, str(site.content)) == []
    gettext = {}
    for lang in LANGUAGES:
        catalog, missing = i18n.load_translations(str(site.theme), lang, ruhr_settings.DEFAULTS["RUHR_MSGID_LANG"])
        assert missing == []
        gettext[lang] = catalog.gettext
    return model, settings, gettext


def one(items, item_id):
    return next(i for i in items if i.id == item_id)


def test_every_item_in_every_language_with_its_cross_references(parts):
    model, _, _ = parts
    for lang in LANGUAGES:
        assert sorted(s.id for s in model.sites[lang]) == ["dortmund-hafen", "unna-ost"]
        site = one(model.sites[lang], "dortmund-hafen")
        assert set(site.translations) == set(LANGUAGES)
        assert all(t.lang == l and t.id == site.id for l, t in site.translations.items())
        assert site.area == 125000  # facts from the source-language file
        sector = one(model.sectors[lang], "logistik")
        assert sector.sites and all(s.lang == lang for s in sector.sites)
        story = one(model.stories[lang], "hafen-logistik")
        assert story.site is site and story in site.stories and story in sector.stories
        assert site.municipality.key == "dortmund" and site in site.municipality.sites
        assert site.contact.role  # the role in this language, from data/contacts.yaml
    assert one(model.sites[THIRD], "dortmund-hafen").contact.role == "Hoofd vestigingsmanagement"
    assert [m.district for m in model.municipalities[THIRD] if m.key == "unna"] == ["Kreis Unna"]
    assert model.region(SOURCE)["sites_available"] == 1  # unna-ost: available only from 2027


def test_urls_per_language(parts):
    model, settings, _ = parts
    urls = {lang: one(model.sites[lang], "dortmund-hafen").url for lang in LANGUAGES}
    assert urls == {"de": "/flaechen/dortmund-hafen/", "en": "/en/sites/dortmund-port/",
                    THIRD: f"/{THIRD}/sites/dortmund-haven/"}
    assert save_as(urls[THIRD]) == f"{THIRD}/sites/dortmund-haven/index.html"
    assert url_for(settings, "home", THIRD) == f"/{THIRD}/"


def test_filename_links_point_to_the_item_in_the_same_language(parts):
    model, _, _ = parts
    for lang in LANGUAGES:
        sector = one(model.sectors[lang], "logistik")
        assert f'href="{one(model.sites[lang], "dortmund-hafen").url}"' in sector.content


def test_facts_formatted_in_each_language(parts):
    model, settings, gettext = parts
    texts = {}
    for lang in LANGUAGES:
        facts = Facts(lang, settings, gettext[lang])
        rows = {r.key: r for _, _, group in facts.groups(one(model.sites[lang], "dortmund-hafen")) for r in group}
        texts[lang] = (rows["area"].text, rows["price_per_m2"].text, rows["motorway"].text)
        unna = {r.key: r for _, _, group in facts.groups(one(model.sites[lang], "unna-ost")) for r in group}
        assert "largest_plot" not in unna and "power_mva" not in unna  # no value: no row on the page
        assert unna["price_per_m2"].text == gettext[lang]("on request")
        # The status row says when it can be had (ruhr.core.availability), "available from" has no row of its own.
        assert unna["status"].text == gettext[lang]("available from %(date)s") % {
            "date": facts.date(None, datetime.date(2027, 1, 1))} and "available_from" not in unna
    by_road = {lang: " " + gettext[lang]("(by road)") for lang in LANGUAGES}  # a typed distance says so
    assert texts == {"de": ("125.000\u00a0m²", "95,50\u00a0€/m²", "A 2, 3,5\u00a0km" + by_road["de"]),
                     "en": ("125,000\u00a0m²", "€95.50/m²", "A 2, 3.5\u00a0km" + by_road["en"]),
                     THIRD: ("125.000\u00a0m²", "€\u00a095,50/m²", "A 2, 3,5\u00a0km" + by_road[THIRD])}
    assert by_road["de"] == " (Straße)"


def test_json_ld_of_a_site_is_valid_in_each_language(parts):
    model, settings, gettext = parts
    data = seo.StructuredData(settings, gettext)
    for lang in LANGUAGES:
        site = one(model.sites[lang], "dortmund-hafen")
        blocks = {b["@type"]: b for b in data("site", lang, site)}
        assert all(validate(b) == [] for b in blocks.values()), blocks
        area = next(p for p in blocks["Place"]["additionalProperty"] if p["value"] == 125000)
        assert area["name"] == gettext[lang]("Area") and area["unitText"] == "m²"
        assert blocks["Offer"]["priceSpecification"]["price"] == 95.5


def test_stories_feed_per_language(parts):
    model, settings, gettext = parts
    atom = "{http://www.w3.org/2005/Atom}"
    for lang in LANGUAGES:
        feed = ET.fromstring(feeds.stories_feed(model.stories[lang], lang, settings, gettext[lang]))
        entries = feed.findall(f"{atom}entry")
        assert [e.find(f"{atom}link").get("href") for e in entries] == \
            [SITEURL + one(model.stories[lang], "hafen-logistik").url]


def test_a_feed_without_entries_has_a_date_from_the_content_not_the_build_time(parts):
    import datetime
    import time
    model, settings, gettext = parts
    first = feeds.stories_feed([], SOURCE, settings, gettext[SOURCE], "news_feed", datetime.date(2026, 3, 1))
    time.sleep(0.01)
    assert feeds.stories_feed([], SOURCE, settings, gettext[SOURCE], "news_feed", datetime.date(2026, 3, 1)) == first
    assert "<updated>2026-03-01T09:00:00" in first


def test_finder_and_compare_data(parts):
    model, settings, gettext = parts
    hafen = one(model.sites[SOURCE], "dortmund-hafen")
    index = {s.id: i for i, s in enumerate(model.sectors[SOURCE])}
    row = dict(zip(finder.FIELDS, finder.record(hafen, index)))  # short where they say nothing (light data)
    assert row["rail"] == 1 and row["price"] == 95.5 and row["status"] == "" and row["available"] == ""
    assert row["sectors"] == [index["logistik"]] and row["id"] == "" and row["area"] == hafen.area
    unna = dict(zip(finder.FIELDS, finder.record(one(model.sites[SOURCE], "unna-ost"), index)))
    assert unna["rail"] == 0 and unna["price"] is None and unna["available"] == "2027-01-01"
    dutch = one(model.sites[THIRD], "dortmund-hafen")  # its slug is not its id: the record names it
    assert dutch.slug != dutch.id and finder.record(dutch, index)[0] == "dortmund-hafen"
    for lang in LANGUAGES:
        data = finder.compare_data(model.sites[lang], lang, gettext[lang], settings)
        keys = [row["key"] for row in data["rows"]]
        assert {"area", "rail_siding", "power_mva", "sectors", "contact"} <= set(keys)
        assert data["sites"]["unna-ost"]["cells"]["power_mva"] == "–"
        assert data["sites"]["unna-ost"]["cells"]["rail_siding"] == gettext[lang]("no")


def test_open_data_records(parts):
    model, _, _ = parts
    records = {r["id"]: r for r in opendata.site_records(model.sites, LANGUAGES, SITEURL)}
    hafen = records["dortmund-hafen"]
    assert hafen[f"name_{THIRD}"] == "Bedrijventerrein Am Hafen"
    assert hafen[f"url_{THIRD}"] == f"{SITEURL}/{THIRD}/sites/dortmund-haven/"
    assert (hafen["rail_siding"], hafen["motorway_km"], hafen["power_mva"]) == (True, 3.5, 20)
    assert (hafen["sectors"], hafen["contact_email"]) == (["logistik"], "anna.schmidt@example.org")
    assert (records["unna-ost"]["available_from"], records["unna-ost"]["price_per_m2_eur"]) == ("2027-01-01", None)
