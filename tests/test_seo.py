"""Search engines and sharing on the built site: sitemap.xml, robots.txt, Open Graph, JSON-LD, Atom feeds."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from jsonld import validate
from test_site import items

BASE = "http://localhost:8000"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
# Pages search engines should not index (they say so with <meta name="robots" content="noindex">).
NOINDEX = {"/404.html", "/en/404.html", "/suche/", "/en/search/", "/flaechen/vergleich/", "/en/sites/compare/"}


@pytest.fixture(scope="module")
def pages(built_site):
    """{url: soup} of every HTML file in the output."""
    found = {}
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        url = "/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
        found[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return found


def test_sitemap_lists_every_page_once_with_its_alternates(built_site, pages):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    assert root.tag == SM + "urlset"
    locs = [u.findtext(SM + "loc") for u in root.findall(SM + "url")]
    assert len(locs) == len(set(locs)), "each page once"
    expected = {BASE + url for url in pages if url not in NOINDEX and "/filter/" not in url}
    assert set(locs) == expected
    assert len(locs) > 150
    for entry in root.findall(SM + "url"):
        loc = entry.findtext(SM + "loc")
        page = pages[loc[len(BASE):]]
        alternates = {l.get("hreflang"): l.get("href") for l in entry.findall(XHTML + "link")
                      if l.get("rel") == "alternate"}
        german_only = loc in {BASE + "/leichte-sprache/", BASE + "/gebaerdensprache/"}
        assert set(alternates) == ({"de", "x-default"} if german_only else {"de", "en", "x-default"}), loc
        assert loc in (alternates["de"], alternates.get("en"))
        assert alternates["x-default"] == alternates["de"]
        in_page = {l["hreflang"]: l["href"] for l in page.find_all("link", rel="alternate", hreflang=True)}
        assert alternates == in_page, loc
        for href in alternates.values():
            assert href in {BASE + u for u in pages}, f"{loc}: alternate {href} is not a page"


def test_pages_left_out_of_the_sitemap_say_noindex(pages):
    filters = {url for url in pages if "/filter/" in url}
    assert len(filters) > 10, "the programme index's filter pages"
    for url in NOINDEX | filters:
        assert pages[url].find("meta", attrs={"name": "robots", "content": "noindex"}), url


def test_robots_txt_points_to_the_sitemap(built_site):
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text and f"Sitemap: {BASE}/sitemap.xml" in text.splitlines()
    assert "Disallow: /\n" not in text


def test_open_graph_and_twitter_meta(pages):
    site_id, de, en = next(items("site"))
    for url, lang, locale, alternate in ((f"/flaechen/{site_id}/", "de", "de_DE", "en_GB"),
                                         (f"/en/sites/{en.get('slug') or site_id}/", "en", "en_GB", "de_DE")):
        page = pages[url]
        og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
        tw = {m["name"]: m["content"] for m in page.find_all("meta", attrs={"name": True})}
        meta = de if lang == "de" else en
        assert og["og:title"] == meta["title"] == tw["twitter:title"]
        assert og["og:description"] == meta["summary"] == tw["twitter:description"]
        assert og["og:description"] == tw["description"], "meta description from the summary"
        assert og["og:url"] == page.find("link", rel="canonical")["href"] == BASE + url
        assert og["og:type"] == "website" and og["og:locale"] == locale and og["og:locale:alternate"] == alternate
        assert og["og:site_name"]
        # Each tag once: the image tags come from the social block (images), never from the seo block too.
        names = [m.get("property") or m.get("name") for m in page.find_all("meta") if m.get("property") or m.get("name")]
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    story_id, _, story_en = next(items("story"))
    story = pages[f"/erfolgsgeschichten/{story_id}/"]
    assert story.find("meta", property="og:type")["content"] == "article"
    for url, page in pages.items():
        assert page.find("meta", property="og:url")["content"] == page.find("link", rel="canonical")["href"], url


def json_ld(page):
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def test_every_json_ld_block_parses_and_validates(pages):
    seen = {}
    for url, page in pages.items():
        for block in json_ld(page):
            assert validate(block) == [], (url, block)
            seen.setdefault(block["@type"], set()).add(url)
    assert seen["Organization"] == {"/", "/en/"}
    site_urls = {u for site_id, _, en in items("site")
                 for u in (f"/flaechen/{site_id}/", f"/en/sites/{en.get('slug') or site_id}/")}
    assert len(site_urls) == 2 * len(list(items("site")))
    assert seen["Place"] == seen["Offer"] == site_urls
    assert len(seen["Article"]) == 2 * len(list(items("story")))
    assert seen["BreadcrumbList"] >= site_urls | seen["Article"]
    assert len(seen["Event"]) == 2 * len(list(items("event")))
    assert len(seen["NewsArticle"]) == 2 * len(list(items("news_item")))


def test_site_json_ld_has_the_sites_facts(pages):
    for site_id, de, _ in items("site"):
        blocks = {b["@type"]: b for b in json_ld(pages[f"/flaechen/{site_id}/"])}
        place, offer, trail = blocks["Place"], blocks["Offer"], blocks["BreadcrumbList"]
        assert place["geo"]["latitude"] == de["lat"] and place["geo"]["longitude"] == de["lon"]
        assert place["name"] == de["title"]
        facts = {p["name"]: p for p in place["additionalProperty"]}  # from schema.py's show, in German
        assert (facts["Fläche"]["value"], facts["Fläche"]["unitText"]) == (de["area"], "m²")
        assert facts["Gleisanschluss"]["value"] is de["transport"]["rail_siding"]
        assert offer["itemOffered"]["@id"] == place["@id"]
        assert offer["availability"].endswith({"available": "InStock", "reserved": "Reserved", "sold": "SoldOut"}[de["status"]])
        if isinstance(de["price_per_m2"], (int, float)):
            assert offer["priceSpecification"]["price"] == de["price_per_m2"]
            assert offer["priceSpecification"]["unitCode"] == "MTK"
        else:
            assert "priceSpecification" not in offer and "price" not in offer
        assert [i["item"] for i in trail["itemListElement"]] == [BASE + "/", BASE + "/flaechen/", BASE + f"/flaechen/{site_id}/"]


def test_the_validator_finds_mistakes():
    good = {"@context": "https://schema.org", "@type": "Place", "name": "X",
            "geo": {"@type": "GeoCoordinates", "latitude": 51.5, "longitude": 7.4}}
    assert validate(good) == []
    assert validate({**good, "geo": {"@type": "GeoCoordinates", "latitude": 151, "longitude": 7}})
    assert validate({**good, "offers": {}}), "Place has no offers"
    assert validate({k: v for k, v in good.items() if k != "name"})
    assert validate({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 2, "name": "a", "item": "https://x.example/"}]})


def test_feeds_parse_as_atom_with_every_story(built_site):
    for lang, path, page_prefix in (("de", "erfolgsgeschichten/feed.xml", "/erfolgsgeschichten/"),
                                    ("en", "en/stories/feed.xml", "/en/stories/")):
        root = ET.parse(built_site / path).getroot()
        assert root.tag == ATOM + "feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        for child in ("id", "title", "updated"):
            assert root.findtext(ATOM + child), child
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{BASE}/{path}"
        entries = root.findall(ATOM + "entry")
        stories = list(items("story"))
        assert len(entries) == len(stories)
        dates = [e.findtext(ATOM + "updated") for e in entries]
        assert dates == sorted(dates, reverse=True), "newest first"
        titles = {(de if lang == "de" else en)["title"] for _, de, en in stories}
        for entry in entries:
            assert entry.findtext(ATOM + "title") in titles
            href = entry.find(ATOM + "link").get("href")
            assert href.startswith(BASE + page_prefix) and entry.findtext(ATOM + "id") == href
            assert (built_site / href[len(BASE) + 1:] / "index.html").exists()
            assert entry.findtext(ATOM + "summary")
            content = entry.findtext(ATOM + "content") or ""
            assert 'href="/' not in content, "links in the content are absolute"


def test_every_page_links_its_languages_feed(pages):
    for url, page in pages.items():
        link = page.find("link", rel="alternate", type="application/atom+xml")
        lang = page.html["lang"]
        assert link and link["href"] == ("/en/stories/feed.xml" if lang == "en" else "/erfolgsgeschichten/feed.xml"), url
