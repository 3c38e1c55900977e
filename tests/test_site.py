"""The built site: every item in both languages, translations linked both ways, cross-references, formats."""

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
URLS = {
    "site": ("/flaechen/{}/", "/en/sites/{}/"),
    "sector": ("/branchen/{}/", "/en/sectors/{}/"),
    "story": ("/erfolgsgeschichten/{}/", "/en/stories/{}/"),
    "page": ("/{}/", "/en/{}/"),
    "programme": ("/foerderprogramme/{}/", "/en/funding/{}/"),
    "project": ("/projekte/{}/", "/en/projects/{}/"),
    "news_item": ("/aktuelles/{}/", "/en/news/{}/"),
    "event": ("/veranstaltungen/{}/", "/en/events/{}/"),
}
FOLDERS = {"site": "sites", "sector": "sectors", "story": "stories", "page": "pages", "programme": "programmes",
           "project": "projects", "news_item": "news", "event": "events"}


def front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def items(kind):
    """(id, German front matter, English front matter) of every item of a kind in the real content."""
    for de in sorted((ROOT / "content" / FOLDERS[kind]).glob("*.de.md")):
        en = de.with_name(de.name.replace(".de.md", ".en.md"))
        yield de.name[:-6], front_matter(de), front_matter(en)


def urls(kind, item_id, en_meta):
    de_url, en_url = URLS[kind]
    return de_url.format(item_id), en_url.format(en_meta.get("slug") or item_id)


def municipalities():
    return yaml.safe_load((ROOT / "data" / "municipalities.yaml").read_text(encoding="utf-8"))["municipalities"]


def soup(read_page, url):
    return BeautifulSoup(read_page(url), "html.parser")


def all_pairs():
    for kind in URLS:
        for item_id, _, en in items(kind):
            yield urls(kind, item_id, en)
    for m in municipalities():
        yield f"/kommunen/{m['key']}/", f"/en/municipalities/{m['key']}/"
    for de, en in (("/", "/en/"), ("/flaechen/", "/en/sites/"), ("/branchen/", "/en/sectors/"),
                   ("/erfolgsgeschichten/", "/en/stories/"), ("/kommunen/", "/en/municipalities/"),
                   ("/kontakt/", "/en/contact/"), ("/foerderprogramme/", "/en/funding/"),
                   ("/foerderprogramme/filter/eu-all-open/", "/en/funding/filter/eu-all-open/"),
                   ("/projekte/", "/en/projects/"), ("/aktuelles/", "/en/news/"), ("/veranstaltungen/", "/en/events/"),
                   ("/veranstaltungsarchiv/", "/en/event-archive/"), ("/barriere-melden/", "/en/report-a-barrier/")):
        yield de, en


def test_demo_content_is_big_enough():
    sites = list(items("site"))
    assert len(sites) >= 16
    assert len({de["municipality"] for _, de, _ in sites}) >= 10
    assert len(list(items("sector"))) >= 6
    assert len(list(items("story"))) >= 8
    assert len(municipalities()) == 53
    assert {"impressum", "datenschutz", "barrierefreiheit"} <= {i for i, _, _ in items("page")}


def test_every_item_has_a_page_in_both_languages_with_reciprocal_hreflang(read_page):
    base = "http://localhost:8000"
    pairs = list(all_pairs())
    assert len(pairs) > 53 + 16 + 6 + 8
    for de_url, en_url in pairs:
        for url, lang, other in ((de_url, "de", en_url), (en_url, "en", de_url)):
            page = soup(read_page, url)
            assert page.html["lang"] == lang, url
            alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
            assert alternates == {"de": base + de_url, "en": base + en_url, "x-default": base + de_url}, url
            assert "/../" not in "".join(alternates.values())
            switch = page.select_one(".lang-switch a")
            assert switch["href"] == other and switch["hreflang"] != lang, url
            assert page.find("link", rel="canonical")["href"] == base + url


def test_cross_references(read_page):
    sites = {i: (de, en) for i, de, en in items("site")}
    stories = list(items("story"))
    for sector_id, _, sector_en in items("sector"):
        de_page = soup(read_page, urls("sector", sector_id, sector_en)[0])
        links = {a["href"] for a in de_page.select("main a")}
        for site_id, (de, en) in sites.items():
            assert (f"/flaechen/{site_id}/" in links) == (sector_id in de["sectors"]), (sector_id, site_id)
        for story_id, de, en in stories:
            assert (urls("story", story_id, en)[0] in links) == (sector_id in de["sectors"]), (sector_id, story_id)
    for story_id, de, en in stories:
        for lang, url in zip(("de", "en"), urls("story", story_id, en)):
            links = {a["href"] for a in soup(read_page, url).select("main a")}
            prefix = "/kommunen/" if lang == "de" else "/en/municipalities/"
            assert f"{prefix}{de['municipality']}/" in links
            if de.get("site"):
                site_url = urls("site", de["site"], sites[de["site"]][1])[lang == "en"]
                assert site_url in links
                site_links = {a["href"] for a in soup(read_page, site_url).select("main a")}
                assert url in site_links, "the site page links back to its story"
    for site_id, (de, en) in sites.items():
        links = {a["href"] for a in soup(read_page, f"/kommunen/{de['municipality']}/").select("main a")}
        assert f"/flaechen/{site_id}/" in links


def test_numbers_dates_and_money_are_formatted_per_locale(read_page):
    site_id, de, en = next((i, d, e) for i, d, e in items("site") if d["area"] >= 1000
                           and isinstance(d["price_per_m2"], (int, float)))
    de_url, en_url = urls("site", site_id, en)
    de_text = soup(read_page, de_url).get_text(" ")
    en_text = soup(read_page, en_url).get_text(" ")
    assert f"{de['area']:,}".replace(",", ".") + "\u00a0m²" in de_text
    assert f"{de['area']:,}" + "\u00a0m²" in en_text
    months_de = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                 "Oktober", "November", "Dezember"]
    d = de["last_verified"]
    assert f"{d.day}. {months_de[d.month - 1]} {d.year}" in de_text
    assert f"{d.day} {d.strftime('%B')} {d.year}" in en_text
    assert re.search(r"\d\u00a0€/m²", de_text) and re.search(r"€\d+(\.\d\d)?/m²", en_text)


def test_lists_are_sorted_the_german_way(read_page):
    unna = [a.get_text() for a in soup(read_page, "/kommunen/").select("main section")[2].select("li a")]
    assert unna[:3] == ["Bergkamen", "Bönen", "Fröndenberg/Ruhr"]
    cities = [a.get_text() for a in soup(read_page, "/kommunen/").select("main section")[0].select("li a")]
    assert cities.index("Mülheim an der Ruhr") < cities.index("Oberhausen")


@pytest.mark.parametrize("url", ["/", "/en/", "/404.html", "/en/404.html", "/kontakt/", "/en/contact/"])
def test_landmarks_and_skip_link(read_page, url):
    page = soup(read_page, url)
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main", id="main") and page.find("header") and page.find("footer")
    assert len(page.find_all("h1")) == 1


def test_no_request_to_another_host(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|source|iframe)\b[^>]*>", html):
            assert not re.search(r"(src|href|srcset)=\"(https?:)?//(?!localhost:8000)", tag) or \
                'rel="alternate"' in tag or 'rel="canonical"' in tag, (path, tag)


def test_filename_links_point_to_the_item_in_the_same_language(read_page):
    de = soup(read_page, "/erfolgsgeschichten/quellbit-software-dortmund/")
    en_url = urls("story", "quellbit-software-dortmund", front_matter(
        ROOT / "content/stories/quellbit-software-dortmund.en.md"))[1]
    en = soup(read_page, en_url)
    assert de.select_one('.prose a[href="/branchen/digitalwirtschaft/"]')
    assert en.select_one('.prose a[href="/en/sectors/digital-economy/"]')
    assert "{filename}" not in str(de) + str(en)
