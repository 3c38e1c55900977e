"""Languages are data: a third language is settings, content files and a catalog, nothing else.

The fixture site (tests/fixture_site.py) is built in German, English and Dutch; every page exists in the
three languages, with reciprocal hreflang alternates and a language switch that leads to them."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from fixture_site import LANGUAGES, SITEURL, THIRD, FixtureSite
from ruhr.core.i18n import language_name
from ruhr.gates import linkcheck


@pytest.fixture(scope="module")
def three_languages(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("nl"))
    code, printed = site.build()
    assert code == 0, printed
    return site.output


def pages(output):
    """{URL path: parsed page} of every HTML page."""
    found = {}
    for path in output.rglob("*.html"):
        url = "/" + path.relative_to(output).as_posix().removesuffix("index.html")
        found[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return found


def test_every_page_in_three_languages_with_reciprocal_alternates(three_languages):
    by_url = pages(three_languages)
    by_lang = {}
    for url, page in by_url.items():
        lang = page.html["lang"]
        by_lang.setdefault(lang, set()).add(url)
        alternates = {link["hreflang"]: urlsplit(link["href"]).path
                      for link in page.select("head link[rel=alternate][hreflang]")}
        assert set(alternates) == set(LANGUAGES) | {"x-default"}, url
        assert alternates[lang] == url and alternates["x-default"] == alternates[LANGUAGES[0]]
        for other, target in alternates.items():
            if other == "x-default":
                continue
            assert target in by_url, (url, other, target)
            assert by_url[target].html["lang"] == other
            back = {l["hreflang"]: urlsplit(l["href"]).path for l in by_url[target].select("head link[hreflang]")}
            assert back[lang] == url, (url, target)
        # The language switch offers the other languages, by name, and leads to the same item.
        switch = {a["hreflang"]: (a["href"], a.get_text(strip=True)) for a in page.select(".lang-switch a")}
        assert switch == {l: (alternates[l], language_name(l)) for l in LANGUAGES if l != lang}, url
    assert set(by_lang) == set(LANGUAGES)
    assert len({len(urls) for urls in by_lang.values()}) == 1, {l: len(u) for l, u in by_lang.items()}
    nl = by_url["/nl/sites/dortmund-haven/"]
    assert nl.h1.get_text(strip=True) == "Bedrijventerrein Am Hafen"
    facts = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in nl.select("table.facts tr")}
    assert facts["Oppervlakte"] == "125.000\u00a0m²" and facts["Spooraansluiting"] == "ja"
    assert facts["Prijs"] == "€\u00a095,50/m²"


def test_the_link_gate_passes_in_three_languages(three_languages):
    assert linkcheck.check(three_languages, SITEURL) == []


def test_the_language_switch_in_the_browser(three_languages, browser):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(three_languages)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/flaechen/dortmund-hafen/")
        page.get_by_role("link", name=language_name(THIRD)).click()
        page.wait_for_url("**/nl/sites/dortmund-haven/")
        assert page.locator("html").get_attribute("lang") == THIRD
        page.get_by_role("link", name=language_name("en")).click()
        page.wait_for_url("**/en/sites/dortmund-port/")
        assert page.locator("h1").inner_text() == "Am Hafen business park"
        page.close()
    finally:
        server.shutdown()


def test_the_builds_gettext_writes_what_jinjas_own_writes():
    """ruhr.core.i18n.install (one call per string, translated once per install) against Jinja's newstyle
    gettext: the same text, escaped the same way, with and without autoescape."""
    import gettext as gettext_module
    import jinja2
    from ruhr.core import i18n

    class Catalog(gettext_module.NullTranslations):
        TEXT = {"Fish & chips": "Fisch & Pommes <frisch>", "%(n)s sites": "%(n)s Flächen <b>",
                "100%% sure": "100%% sicher", "Site": "Fläche"}

        def gettext(self, message):
            return self.TEXT.get(message, message)

    source = ('{{ _("Fish & chips") }}|{{ _("Fish & chips") }}|{{ _("%(n)s sites", n="<3>") }}|'
              '{{ gettext("100%% sure") }}|{{ _("Site") ~ "!" }}|{% trans %}Site{% endtrans %}|'
              '{% trans n=2 %}{{ n }} sites{% endtrans %}|{{ ngettext("%(num)s site", "%(num)s sites", 2) }}')
    for autoescape in (True, False):
        ours, jinjas = (jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape) for _ in range(2))
        i18n.install(ours, Catalog())
        jinjas.install_gettext_translations(Catalog(), newstyle=True)
        assert ours.from_string(source).render() == jinjas.from_string(source).render()
