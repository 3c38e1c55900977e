"""The investor tools in real headless Chromium, on the real site: site finder, compare page, exposé
(print to PDF), full-text search with the real Pagefind index.

Expected selections are computed here from the content's front matter (the German files hold the facts)
and data/municipalities.yaml, independently of plugins/ruhr/site/finder.py and static/js/finder.js.
"""

import datetime
import io
import re
import threading
import unicodedata
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml

from conftest import BUILD_DATE, new_context
from test_site import ROOT, items

TODAY = datetime.date.fromisoformat(BUILD_DATE)


WAIT_MS = 20_000  # a ceiling for waiting, not a measured time


# -- the expected selection, from the content -------------------------------------------------------


def sites():
    """[facts] of every site, in the list's order (German titles, sorted the German way)."""
    from ruhr.core.i18n import sort_key
    doc = yaml.safe_load((ROOT / "data" / "municipalities.yaml").read_text(encoding="utf-8"))
    district = {m["key"]: m["district"] for m in doc["municipalities"]}
    out = []
    for site_id, de, en in items("site"):
        out.append({
            "id": site_id, "title": de["title"], "en_slug": en.get("slug") or site_id,
            "district": district[de["municipality"]], "municipality": de["municipality"], "area": de["area"],
            "zoning": de["zoning"], "status": de["status"], "sectors": de["sectors"],
            "rail": de["transport"]["rail_siding"], "motorway_km": de["transport"]["motorway_km"],
            "price": de["price_per_m2"] if isinstance(de["price_per_m2"], (int, float)) else None,
            "available_from": de.get("available_from"), "de": de,
        })
    return sorted(out, key=lambda s: sort_key(s["title"]))


def select(query):
    """Ids of the sites a query string selects, in the order the finder shows them."""
    q = parse_qs(query)
    one = lambda name: q[name][0] if name in q else None  # noqa: E731
    chosen = []
    for s in sites():
        if ("district" in q or "municipality" in q) and not (s["district"] in q.get("district", [])
                                                             or s["municipality"] in q.get("municipality", [])):
            continue  # several places: a site in any of them
        if one("area_min") and s["area"] < float(one("area_min")):
            continue
        if one("area_max") and s["area"] > float(one("area_max")):
            continue
        if "zoning" in q and s["zoning"] not in q["zoning"]:
            continue
        if "status" in q and s["status"] not in q["status"]:
            continue
        if "sector" in q and not set(q["sector"]) & set(s["sectors"]):
            continue
        if one("rail") and not s["rail"]:
            continue
        if one("motorway_km") and s["motorway_km"] > float(one("motorway_km")):
            continue
        chosen.append(s)
    sort = one("sort")
    if sort in ("area-desc", "area-asc"):
        chosen.sort(key=lambda s: -s["area"] if sort == "area-desc" else s["area"])
    elif sort in ("price-asc", "price-desc"):
        chosen.sort(key=lambda s: (s["price"] is None, 0 if s["price"] is None
                                   else (s["price"] if sort == "price-asc" else -s["price"])))
    elif sort == "available-asc":  # available now first, then by date; reserved and sold last
        chosen.sort(key=lambda s: (s["status"] != "available",
                                   max(s["available_from"] or TODAY, TODAY) if s["status"] == "available" else 0))
    return [s["id"] for s in chosen]


# -- fixtures ---------------------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def origin(built_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(browser, origin):
    context = new_context(browser)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    # Record the finder's hook for the map.
    page.add_init_script("""window.finderEvents = [];
        document.addEventListener("finder:change", e => window.finderEvents.push(e.detail));""")
    yield page
    assert {u for u in page.requests if not u.startswith((origin, "data:", "blob:"))} == set(), \
        "no request to another host"
    context.close()


def shown_ids(page):
    return page.eval_on_selector_all("[data-finder-list] > li:not([hidden])", ROW_IDS)


# A row's site id: data-id, or where the slug is the id, the last part of its link (docs/finder.md).
ROW_IDS = "els => els.map(e => e.dataset.id || e.querySelector('a').getAttribute('href').split('/').filter(Boolean).pop())"


def open_finder(page, origin, query="", path="/flaechen/"):
    page.goto(origin + path + (f"?{query}" if query else ""))
    page.wait_for_selector("[data-finder-form]:not([hidden])", timeout=WAIT_MS)


def wait_for_count(page, expected):
    page.wait_for_function("([sel, text]) => document.querySelector(sel).textContent.trim() === text",
                           arg=["[data-finder-count]", expected], timeout=WAIT_MS)


def count_text(n, total, lang="de"):
    if lang == "de":
        return f"{total} Flächen" if n == total else "Keine Fläche passt zu diesen Filtern." if n == 0 \
            else f"Angezeigt: {n} von {total} Flächen"
    return f"{total} sites" if n == total else "No site matches these filters." if n == 0 \
        else f"Showing {n} of {total} sites"


# -- site finder ------------------------------------------------------------------------------------


SHARED_QUERIES = [
    "",
    "district=kreis-unna",
    "municipality=dortmund",
    "area_min=50000&area_max=150000",
    "zoning=GI&zoning=GE",
    "status=available",
    "sector=logistik",
    "rail=yes",
    "motorway_km=2",
    "zoning=GI&rail=yes&status=available&motorway_km=3.5&sort=area-desc",
    "district=kreisfrei&sector=digitalwirtschaft&sector=gesundheitswirtschaft&sort=price-asc",
    "status=available&status=reserved&sort=price-desc",
    "area_max=100000&sort=available-asc",
    "sort=available-asc",  # available now, then by date, then reserved and sold (ruhr.core.availability)
    "sort=area-asc",
    "zoning=SO&zoning=MI&status=sold",
]


@pytest.mark.parametrize("query", SHARED_QUERIES)
def test_a_shared_url_loaded_fresh_shows_exactly_the_selected_sites(page, origin, query):
    expected = select(query)
    total = len(sites())
    open_finder(page, origin, query)
    wait_for_count(page, count_text(len(expected), total))
    assert shown_ids(page) == expected
    # The map hook got the same selection, in the same order.
    assert page.evaluate("window.finderEvents.at(-1).ids") == expected
    assert page.evaluate("window.ruhrFinder.selection().ids") == expected
    urls = page.evaluate("window.ruhrFinder.selection().urls")
    assert urls == [f"/flaechen/{i}/" for i in expected]
    # The form shows the state of the URL, and the URL keeps it.
    assert same_query(page.url, query)


def same_query(url, query):
    """The URL holds the same filter state as the query (the order of ticked values aside)."""
    return ({k: sorted(v) for k, v in parse_qs(urlsplit(url).query).items()}
            == {k: sorted(v) for k, v in parse_qs(query).items()})


def test_filtering_with_the_form_updates_list_count_url_and_hook(page, origin):
    total = len(sites())
    open_finder(page, origin)
    wait_for_count(page, count_text(total, total))
    page.get_by_label("Kreisfreie Städte").check()
    page.get_by_role("group", name="Gebietsart").get_by_label("Industriegebiet (GI)").check()
    page.get_by_label("mit Gleisanschluss").check()
    page.get_by_label("mindestens").fill("60.000")
    page.get_by_label("Sortieren nach").select_option("area-desc")
    query = "district=kreisfrei&area_min=60000&zoning=GI&rail=yes&sort=area-desc"
    expected = select(query)
    assert 0 < len(expected) < total
    wait_for_count(page, count_text(len(expected), total))
    assert shown_ids(page) == expected
    assert same_query(page.url, query)
    assert page.evaluate("window.finderEvents.at(-1).ids") == expected
    # The count region is polite, so screen readers announce it.
    assert page.get_attribute("[data-finder-count]", "aria-live") == "polite"

    # The URL, loaded fresh in another tab, shows the same, numbers written the page's way.
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector("[data-finder-form]:not([hidden])")
    wait_for_count(other, count_text(len(expected), total))
    assert shown_ids(other) == expected
    assert other.get_by_label("mindestens").input_value() == "60.000"
    assert other.get_by_label("mit Gleisanschluss").is_checked()

    # Reset brings everything back.
    page.get_by_role("button", name="Filter zurücksetzen").click()
    wait_for_count(page, count_text(total, total))
    assert shown_ids(page) == [s["id"] for s in sites()]
    assert urlsplit(page.url).query == ""


def option_count(page, name, value):
    text = page.eval_on_selector(f"input[name={name}][value='{value}'] ~ [data-n]", "e => e.textContent")
    return int(text.strip("()"))


@pytest.mark.parametrize("width", [1280, 390])
def test_several_municipalities_and_districts_with_a_count_per_option(browser, origin, width):
    context = new_context(browser, width)
    page = context.new_page()
    try:
        open_finder(page, origin)
        fields = page.locator("[data-finder-fields]")
        # The filters start unfolded, as the HTML has them (folding them on a phone after load moved the
        # results: the layout-shift gate); a visitor folds them with their heading.
        assert fields.evaluate("d => d.open")
        # "Kreis Unna or Dortmund" in one search: a district and a municipality of another district.
        page.get_by_label("Kreis Unna").check()
        page.locator(".finder-district", has_text="Kreisfreie Städte").locator("summary").click()
        page.get_by_label("Dortmund").check()
        page.get_by_label("Bochum").check()
        query = "district=kreis-unna&municipality=dortmund&municipality=bochum"
        expected = select(query)
        by_municipality = {m for s in sites() if s["id"] in expected for m in [s["municipality"]]}
        assert {"dortmund", "bochum"} <= by_municipality and len(by_municipality) >= 3
        wait_for_count(page, count_text(len(expected), len(sites())))
        assert shown_ids(page) == expected
        assert same_query(page.url, query)
        # Each option's count: its sites that pass the other groups' filters (as faceted search counts).
        page.get_by_role("group", name="Gebietsart").get_by_label("Industriegebiet (GI)").check()
        with_gi = select(query + "&zoning=GI")
        wait_for_count(page, count_text(len(with_gi), len(sites())))
        assert option_count(page, "zoning", "GE") == len(select(query + "&zoning=GE"))
        assert option_count(page, "municipality", "essen") == len(select("municipality=essen&zoning=GI"))
        for status in ("available", "reserved", "sold"):
            assert option_count(page, "status", status) == len(select(query + f"&zoning=GI&status={status}"))
    finally:
        context.close()


@pytest.mark.parametrize("path, typed, lang", [("/flaechen/", "50.000", "de"), ("/en/sites/", "50,000", "en")])
def test_numbers_typed_the_way_the_page_writes_them(page, origin, path, typed, lang):
    open_finder(page, origin, path=path)
    page.locator("#finder-area-min").fill(typed)
    expected = select("area_min=50000")
    assert 0 < len(expected) < len(sites())
    wait_for_count(page, count_text(len(expected), len(sites()), lang))
    assert sorted(shown_ids(page)) == sorted(expected)  # (the English list is in English order)
    assert parse_qs(urlsplit(page.url).query)["area_min"] == ["50000"]
    page.locator("#finder-motorway").fill("2,5" if lang == "de" else "2.5")
    wait_for_count(page, count_text(len(select("area_min=50000&motorway_km=2.5")), len(sites()), lang))
    # Text that is no number is named, and ignored.
    page.locator("#finder-motorway").fill("zwei")
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=WAIT_MS)
    assert "zwei" in alert.inner_text()
    wait_for_count(page, count_text(len(expected), len(sites()), lang))


def test_no_match_names_the_filter_that_excludes_most_and_the_nearest_matches(page, origin):
    query = "municipality=dortmund&zoning=GI&area_min=1000000"
    assert select(query) == []
    open_finder(page, origin, query)
    wait_for_count(page, count_text(0, len(sites())))
    help_ = page.locator("[data-finder-empty]")
    assert help_.is_visible()
    # Without the area the Dortmund GI sites match; without the place or the zoning, none (no site is that big).
    assert "„Fläche“" in help_.inner_text()
    assert f"passen {len(select('municipality=dortmund&zoning=GI'))}" in help_.inner_text()
    near = help_.locator("[data-finder-near] a")
    assert near.count() == 3
    assert all(h.startswith("/flaechen/") for h in near.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert "Fläche" in help_.locator("[data-finder-near] li").first.inner_text()
    assert page.locator("[data-finder-map]").is_hidden(), "no overview image of all sites above an empty list"
    page.get_by_role("button", name="Diesen Filter entfernen").click()
    expected = select("municipality=dortmund&zoning=GI")
    wait_for_count(page, count_text(len(expected), len(sites())))
    assert shown_ids(page) == expected and help_.is_hidden()
    assert page.locator("[data-finder-map-note]").is_visible(), "the image of all sites is labelled as such"


def test_the_first_result_is_above_the_fold_on_a_desktop(page, origin):
    open_finder(page, origin)
    box = page.locator("[data-finder-list] > li").first.bounding_box()
    assert box["y"] < 900


def test_english_finder(page, origin):
    query = "sector=logistik&sort=area-desc"
    expected = select(query)
    open_finder(page, origin, query, path="/en/sites/")
    wait_for_count(page, count_text(len(expected), len(sites()), "en"))
    assert shown_ids(page) == expected
    assert page.get_by_role("group", name="Sector").get_by_label("Logistics").is_checked()


def test_keyboard_only(page, origin):
    open_finder(page, origin)
    page.focus("#finder-area-min")
    page.keyboard.type("100.000")
    expected = select("area_min=100000")
    wait_for_count(page, count_text(len(expected), len(sites())))
    assert shown_ids(page) == expected
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "zoning":
            break
    page.keyboard.press("Space")
    expected = select("area_min=100000&zoning=GI")
    wait_for_count(page, count_text(len(expected), len(sites())))
    assert shown_ids(page) == expected


def follow_the_pages(page, origin, start):
    """Without JavaScript: the site links of every page of the sites index from `start` on, following its
    rel=next links (head and pager agree); [(page path, [site link])]."""
    pages = []
    url = origin + start
    while url:
        page.goto(url)
        links = page.eval_on_selector_all("[data-finder-list] > li h2 a", "els => els.map(e => e.getAttribute('href'))")
        assert all(page.locator(f"[data-finder-list] a[href='{href}']").is_visible() for href in links)
        pages.append((urlsplit(page.url).path, links))
        head_next = page.eval_on_selector_all("head link[rel=next]", "els => els.map(e => e.getAttribute('href'))")
        pager_next = page.eval_on_selector_all("nav.pager a[rel=next]", "els => els.map(e => e.getAttribute('href'))")
        assert head_next == pager_next and len(head_next) <= 1
        if len(pages) > 1:
            previous = page.eval_on_selector_all("head link[rel=prev]", "els => els.map(e => e.getAttribute('href'))")
            assert previous == [pages[-2][0]], "rel=prev leads back"
        url = origin + head_next[0] if head_next else None
        assert len(pages) <= len(sites()), "the pages end"
    return pages


@pytest.mark.parametrize("start, lang", [("/flaechen/?zoning=SO&status=sold", "de"), ("/en/sites/?zoning=SO", "en")])
def test_without_javascript_following_the_pages_reaches_every_site_once(browser, origin, start, lang):
    from conftest import PAGE_SIZE
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        pages = follow_the_pages(page, origin, start)
        assert len(pages) == -(-len(sites()) // PAGE_SIZE) > 1, "the demo's list has several pages in the tests"
        reached = [href for _, links in pages for href in links]
        expected = [f"/flaechen/{s['id']}/" if lang == "de" else f"/en/sites/{s['en_slug']}/" for s in sites()]
        assert sorted(reached) == sorted(expected) and len(set(reached)) == len(reached), "every site exactly once"
        if lang == "de":
            assert reached == expected, "by name"
        page.goto(origin + start)
        assert page.locator("[data-finder-form]").is_hidden()
        assert page.locator(".compare-pick").count() == 0
        total = page.inner_text("[data-finder-count]").strip()
        assert total == (f"{len(sites())} Flächen" if lang == "de" else f"{len(sites())} sites")
        # It says that filters in the address are ignored, and where lists by place and sector work.
        notice = page.locator(".finder-nojs")
        assert ("übergeht Filter in der Adresse" if lang == "de" else "ignores filters in the address") \
            in notice.inner_text()
        assert notice.locator("a[href='/kommunen/']" if lang == "de" else "a[href='/en/municipalities/']").is_visible()
        assert page.locator("nav.pager a[aria-current=page]").inner_text() == "1"
    finally:
        context.close()


# A row as its parts: each element's tag, attributes and own text (the compare checkbox is the script's).
ROW_PARTS = """els => els.map(li => {
    const row = li.cloneNode(true);
    row.querySelectorAll(".compare-pick").forEach(p => p.remove());
    return [row.querySelector("h2 a").getAttribute("href"), row.textContent,
            Array.from(row.querySelectorAll("*")).map(e => [e.tagName, Array.from(e.attributes)
              .map(a => a.name + "=" + a.value).sort().join(" ")])];
})"""


@pytest.mark.parametrize("start", ["/flaechen/", "/en/sites/"])
def test_the_rows_the_finder_adds_are_those_of_the_lists_pages(browser, page, origin, start):
    """finder.js makes a row for every site not on the first page from the finder's data: the same row as
    the list's other pages have (macros/finder.html)."""
    open_finder(page, origin, path=start)
    made = {row[0]: row for row in page.eval_on_selector_all("[data-finder-list] > li", ROW_PARTS)}
    context = browser.new_context(java_script_enabled=False)
    try:
        static = context.new_page()
        for path, links in follow_the_pages(static, origin, start):
            static.goto(origin + path)
            for row in static.eval_on_selector_all("[data-finder-list] > li", ROW_PARTS):
                assert made.pop(row[0]) == row, path
        assert not made, "no row that the list's pages do not have"
    finally:
        context.close()


def test_without_the_finders_data_the_page_stays_as_without_javascript(page, origin):
    page.route("**/finder.json", lambda route: route.fulfill(status=404))
    page.goto(origin + "/flaechen/")
    page.wait_for_selector(".finder.is-failed", timeout=WAIT_MS)
    assert page.locator("nav.pager a[rel=next]").is_visible(), "the list's pages are linked"
    assert page.locator("[data-finder-form]").is_hidden() and page.locator("[data-compare-bar]").is_hidden()


def test_without_javascript_the_compare_page_says_so(browser, origin):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(origin + "/flaechen/vergleich/?ids=" + ",".join(s["id"] for s in sites()[:3]))
        assert "braucht JavaScript" in page.inner_text("main")
        assert page.locator("main a[href='/flaechen/']").first.is_visible()
    finally:
        context.close()


# -- compare ----------------------------------------------------------------------------------------


def test_compare_three_sites_side_by_side(page, origin):
    open_finder(page, origin)
    chosen = [s for s in sites() if s["id"] in select("sort=area-desc")[:3]]
    for site in chosen:
        page.get_by_label(f"Vergleichen: {site['title']}").check()
    fourth = next(s for s in sites() if s not in chosen)
    assert page.get_by_label(f"Vergleichen: {fourth['title']}").is_disabled(), "three at most"
    link = page.locator("[data-compare-link]")
    assert "(3 von 3)" in link.inner_text()
    link.click()
    page.wait_for_selector("[data-compare-table] tbody tr", timeout=WAIT_MS)
    assert urlsplit(page.url).path == "/flaechen/vergleich/"
    assert parse_qs(urlsplit(page.url).query)["ids"] == [",".join(s["id"] for s in chosen)]
    table = page.locator("[data-compare-table]")
    assert table.count() == 1
    heads = table.locator("thead th").all_inner_texts()
    assert heads == [s["title"] for s in chosen]
    rows = {re.sub(r"\s*\(unterschiedlich\)", "", row.locator("th").inner_text()).strip(): row.locator("td").all_inner_texts()
            for row in table.locator("tbody tr").all()}  # (a row whose values differ says so to screen readers)
    assert rows["Fläche"] == [f"{s['area']:,}".replace(",", ".") + "\u00a0m²" for s in chosen]
    assert rows["Gleisanschluss"] == ["ja" if s["rail"] else "nein" for s in chosen]
    assert rows["Preis"] == [f"{s['price']:g}\u00a0€/m²" if s["price"] is not None else "auf Anfrage"
                             for s in chosen]
    assert rows["Nächste Autobahn"] == [f"{s['de']['transport']['motorway']}, "
                                        f"{s['motorway_km']:g}".replace(".", ",") + "\u00a0km (Straße)" for s in chosen]
    assert [a.get_attribute("href") for a in table.locator("thead a").all()] == [f"/flaechen/{s['id']}/" for s in chosen]
    # Back to the list keeps the choice.
    page.get_by_role("link", name="Zurück zur Liste der Flächen").click()
    page.wait_for_selector("[data-finder-form]:not([hidden])")
    assert [page.get_by_label(f"Vergleichen: {s['title']}").is_checked() for s in chosen] == [True] * 3


def test_compare_in_english_and_empty(page, origin):
    chosen = [s for s in sites()][:2]
    page.goto(origin + "/en/sites/compare/?ids=" + ",".join([chosen[0]["id"], "no-such-site", chosen[1]["id"]]))
    page.wait_for_selector("[data-compare-table] tbody tr", timeout=WAIT_MS)
    assert page.locator("[data-compare-table] thead th").count() == 2
    assert page.locator("[data-compare-table] thead a").first.get_attribute("href") == f"/en/sites/{chosen[0]['en_slug']}/"
    page.goto(origin + "/en/sites/compare/")
    page.wait_for_selector("[data-compare-empty]:not([hidden])", timeout=WAIT_MS)
    assert page.locator("[data-compare-table]").is_hidden()


def test_compare_page_without_its_data_says_so(page, origin):
    """The compare page loads every site's facts (templates/compare.json); when they cannot be loaded it says
    so and links to the list, instead of an empty table."""
    page.route("**/vergleich/daten.json", lambda route: route.fulfill(status=404))
    page.goto(origin + "/flaechen/vergleich/?ids=" + ",".join(s["id"] for s in sites()[:2]))
    page.wait_for_selector("[data-compare-failed]:not([hidden])", timeout=WAIT_MS)
    assert "konnten nicht geladen werden" in page.inner_text("main")
    assert page.locator("[data-compare-table]").is_hidden() and page.locator("[data-compare-empty]").is_hidden()
    assert page.locator("[data-compare-page]").get_attribute("aria-busy") is None


# -- exposé -----------------------------------------------------------------------------------------


def test_every_site_page_prints_as_an_expose_of_at_most_two_a4_pages(page, origin):
    from pypdf import PdfReader
    for site in sites():
        for url in (f"/flaechen/{site['id']}/", f"/en/sites/{site['en_slug']}/"):
            page.goto(origin + url)
            page.wait_for_load_state("load")
            pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
            assert 1 <= len(pdf.pages) <= 2, (url, len(pdf.pages))
            box = pdf.pages[0].mediabox
            assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5, "A4"
            text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))  # ﬂ -> fl
            squeezed = re.sub(r"\s+", "", text)
            assert re.sub(r"\s+", "", site["de"]["title"] if url.startswith("/flaechen/") else "") in squeezed
            assert re.sub(r"\s+", "", f"http://localhost:8000{url}") in squeezed, "the page's URL"
            assert "@" in text, "the contact"
            for hidden in ("Zum Inhalt springen", "Karte laden", "Skip to main content", "Load map"):
                assert hidden not in text, (url, hidden)


def test_expose_prints_the_locator_image(page, origin):
    site = sites()[0]
    page.goto(origin + f"/flaechen/{site['id']}/")
    page.emulate_media(media="print")
    assert page.locator("img.map__locator").is_visible()
    assert page.locator(".map__controls").is_hidden()
    assert page.locator(".site-header nav, .site-footer, .site-search").first.is_hidden()


# -- full-text search -------------------------------------------------------------------------------


def german_only_word():
    """(word, site id): a long word of a site's German summary that no other German content file and not its
    English file contains (so the search's first page of results is short and must hold that site)."""
    german = {path: path.read_text(encoding="utf-8").lower() for path in (ROOT / "content").rglob("*.de.md")}
    for site_id, de, en in items("site"):
        own = ROOT / f"content/sites/{site_id}.de.md"
        en_text = (ROOT / f"content/sites/{site_id}.en.md").read_text(encoding="utf-8").lower()
        for word in re.findall(r"\b[A-ZÄÖÜ][a-zäöüß]{7,}\b", de["summary"]):
            if word.lower() not in en_text and not any(word.lower() in text for path, text in german.items()
                                                       if path != own):
                return word, site_id
    raise AssertionError("no German-only word in the sites' summaries")


def search_results(page, origin, path, query):
    page.goto(origin + path + "?" + urlencode({"q": query}))
    page.wait_for_selector(".pagefind-ui__message", timeout=WAIT_MS)
    page.wait_for_function("!document.querySelector('.pagefind-ui__message').textContent.match(/\\.\\.\\.|…/)",
                           timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")
    return page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")


def test_a_german_word_finds_its_german_page_and_no_english_page(page, origin):
    word, site_id = german_only_word()
    found = search_results(page, origin, "/suche/", word)
    assert f"/flaechen/{site_id}/" in found, (word, found)
    assert found and not [u for u in found if u.startswith("/en/")], found
    assert page.locator(".pagefind-ui__search-input").get_attribute("placeholder") != "Search", \
        "the search UI speaks the page's language"
    # The English search page searches the English index: the German page is not there.
    found_en = search_results(page, origin, "/en/search/", word)
    assert not [u for u in found_en if not u.startswith("/en/")], found_en


def test_search_has_a_type_filter_in_each_language_and_indexes_only_content_pages(page, origin):
    counts = {kind: len(list(items(kind))) for kind in ("site", "sector", "story", "programme", "project",
                                                           "news_item", "event")}
    counts["municipality"] = 53
    counts["aid areas"] = 1  # the regional aid areas page (docs/investment.md)
    german_only = {"Leichte Sprache": 1, "Deutsche Gebärdensprache (DGS)": 1}  # their titles are their type
    for path, key, names, extra in (  # the filter's name in the page's language (Pagefind shows it)
            ("/suche/", "Art", {"site": "Fläche", "sector": "Branche", "story": "Erfolgsgeschichte", "municipality": "Kommune",
                         "programme": "Förderprogramm", "project": "Projekt", "news_item": "Aktuelles",
                         "event": "Veranstaltung", "aid areas": "Förderung"}, german_only),
            ("/en/search/", "Type", {"site": "Site", "sector": "Sector", "story": "Success story", "municipality": "Municipality",
                             "programme": "Funding programme", "project": "Project", "news_item": "News",
                             "event": "Event", "aid areas": "Funding"}, {})):
        expected = {names[k]: n for k, n in counts.items()} | extra
        page.goto(origin + path)
        filters = page.evaluate("""async () => {
            const pagefind = await import(document.querySelector("[data-search]").dataset.search + "pagefind.js");
            await pagefind.init();
            return await pagefind.filters();
        }""")
        assert filters[key] == expected, path
        total = page.evaluate("""async () => {
            const pagefind = await import(document.querySelector("[data-search]").dataset.search + "pagefind.js");
            const all = await pagefind.search(null, {filters: {}});
            return all.results.length;
        }""")
        assert total == sum(expected.values()), "only item pages are indexed, not listings"


def test_the_header_search_form_is_on_every_page_and_leads_to_the_search(page, origin):
    page.goto(origin + "/kontakt/")
    page.get_by_role("search").get_by_label("Diese Website durchsuchen").fill("Kanalbogen")
    page.get_by_role("search").get_by_role("button", name="Suche").click()
    page.wait_for_selector(".pagefind-ui__result-link", timeout=WAIT_MS)
    assert urlsplit(page.url).path == "/suche/" and parse_qs(urlsplit(page.url).query) == {"q": ["Kanalbogen"]}
    page.wait_for_load_state("networkidle")
    # The word is in one content file only (the site's); listings and cards are not indexed. One result: the
    # page, with links to its sections where the word occurs.
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
    assert links[0] == "/flaechen/dortmund-kanalbogen/" and {link.split("#")[0] for link in links} == {links[0]}
    assert page.locator(".pagefind-ui__result").count() == 1
