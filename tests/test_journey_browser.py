"""The investor's journey in real headless Chromium (issue 16): the language switch keeps the query, search
finds facts a site has and not those it lacks, the site page's panel and its way back to the results, the
compare page in print and on a phone. Expected values come from the content's front matter."""

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import new_context
from test_investor_browser import (WAIT_MS, count_text, open_finder, origin, search_results, select,  # noqa: F401
                                   shown_ids, sites, wait_for_count)

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(WIDTHS))
def page(request, browser, origin):  # noqa: F811
    context = new_context(browser, **WIDTHS[request.param])
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


def switch_language(page):
    """Follow the language switch (on a phone it may sit in a menu: reach it by keyboard focus)."""
    link = page.locator(".lang-switch a").first
    link.focus()
    href = link.get_attribute("href")
    page.goto(urlsplit(page.url)._replace(path="", query="", fragment="").geturl() + href)
    return href


# -- language switch --------------------------------------------------------------------------------


@pytest.mark.parametrize("start, other", [("/flaechen/", "/en/sites/"), ("/en/sites/", "/flaechen/")])
def test_the_language_switch_keeps_filters_and_compare_picks(page, origin, start, other):  # noqa: F811
    query = "municipality=dortmund&district=kreis-unna&area_min=50000&zoning=GI&sort=area-desc"
    picks = [s["id"] for s in sites()][:2]
    open_finder(page, origin, query + "&compare=" + ",".join(picks), path=start)
    expected = select(query)
    lang = "de" if start == "/flaechen/" else "en"
    wait_for_count(page, count_text(len(expected), len(sites()), lang))
    href = switch_language(page)
    assert urlsplit(href).path == other
    page.wait_for_selector("[data-finder-form]:not([hidden])", timeout=WAIT_MS)
    other_lang = "en" if lang == "de" else "de"
    wait_for_count(page, count_text(len(expected), len(sites()), other_lang))
    assert shown_ids(page) == expected  # sorted by area: the same order in both languages
    assert parse_qs(urlsplit(page.url).query)["compare"] == [",".join(picks)]
    assert [page.locator(f"input[data-compare][value='{i}']").is_checked() for i in picks] == [True, True]
    # The number is written the way the other page writes numbers.
    assert page.locator("#finder-area-min").input_value() == ("50,000" if other_lang == "en" else "50.000")


def test_the_language_switch_keeps_the_compare_selection_and_the_search_term(page, origin):  # noqa: F811
    picks = [s["id"] for s in sites()][:3]
    page.goto(origin + "/flaechen/vergleich/?ids=" + ",".join(picks))
    page.wait_for_selector("[data-compare-table] tbody tr", timeout=WAIT_MS)
    switch_language(page)
    assert urlsplit(page.url).path == "/en/sites/compare/"
    page.wait_for_selector("[data-compare-table] tbody tr", timeout=WAIT_MS)
    assert page.locator("[data-compare-table] thead th a").count() == 3

    search_results(page, origin, "/suche/", "Logistik")
    switch_language(page)
    assert urlsplit(page.url).path == "/en/search/"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["Logistik"]
    # A term typed on the page (not from the header's form) is kept as well.
    page.wait_for_selector(".pagefind-ui__search-input", timeout=WAIT_MS)
    page.fill(".pagefind-ui__search-input", "port")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'port'", timeout=WAIT_MS)
    switch_language(page)
    assert urlsplit(page.url).path == "/suche/" and parse_qs(urlsplit(page.url).query)["q"] == ["port"]


# -- search -----------------------------------------------------------------------------------------


def with_fact(section, name):
    return sorted(s["id"] for s in sites() if s["de"][section][name])


@pytest.mark.parametrize("path, term, section, name", [
    ("/en/search/", "hydrogen", "utilities", "hydrogen"),
    ("/en/search/", "rail siding", "transport", "rail_siding"),
    ("/suche/", "Wasserstoffleitung", "utilities", "hydrogen"),
    ("/suche/", "Gleisanschluss", "transport", "rail_siding"),
])
def test_search_finds_sites_with_a_fact_and_not_those_marked_no(page, origin, path, term, section, name):  # noqa: F811
    if page.width == "phone":
        pytest.skip("the index is the same at every width")
    found = search_results(page, origin, path, term)
    found_sites = {u.rstrip("/").rsplit("/", 1)[-1] for u in found if u.startswith(("/flaechen/", "/en/sites/"))}
    yes = set(with_fact(section, name))
    no = {s["id"] for s in sites()} - yes
    english = {s["en_slug"]: s["id"] for s in sites()}
    found_ids = {english.get(x, x) for x in found_sites}
    assert yes and no
    assert not found_ids & no, f"{term!r} finds sites marked 'no': {sorted(found_ids & no)}"
    assert found_ids & yes


def test_facts_are_search_filters_and_the_german_search_page_speaks_german(page, origin):  # noqa: F811
    if page.width == "phone":
        pytest.skip("the index and the filter names are the same at every width")
    page.goto(origin + "/suche/")
    filters = page.evaluate("""async () => {
        const pagefind = await import(document.querySelector("[data-search]").dataset.search + "pagefind.js");
        await pagefind.init();
        return await pagefind.filters();
    }""")
    assert filters["Vorhanden"]["Wasserstoffleitung"] == len(with_fact("utilities", "hydrogen"))
    assert filters["Vorhanden"]["Gleisanschluss"] == len(with_fact("transport", "rail_siding"))
    assert sum(filters["Status"].values()) == len(sites())
    search_results(page, origin, "/suche/", "Logistik")
    page.wait_for_selector(".pagefind-ui__filter-name", timeout=WAIT_MS)
    names = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert "Art" in [n.strip() for n in names] and not {"Type", "type"} & {n.strip() for n in names}
    text = page.inner_text("main")
    for english in ("Type", "Filters", "Search this site", "Load more", "results for"):
        assert english not in text, english


def test_an_english_word_on_the_german_site_points_to_the_english_search(page, origin):  # noqa: F811
    found = search_results(page, origin, "/suche/", "brownfield")
    assert found == []
    hint = page.locator("[data-other-search] a")
    hint.wait_for(timeout=WAIT_MS)
    assert hint.get_attribute("href") == "/en/search/?q=brownfield"
    assert "English" in hint.inner_text() and "brownfield" in hint.inner_text()
    hint.click()
    page.wait_for_selector(".pagefind-ui__result-link", timeout=WAIT_MS)
    assert page.locator(".pagefind-ui__result-link").count() > 0


# -- compare ----------------------------------------------------------------------------------------


def three_sites():
    """Three sites with photos whose facts partly differ (the largest three)."""
    chosen = select("sort=area-desc")[:3]
    return [s for s in sites() if s["id"] in chosen]


@pytest.mark.parametrize("path", ["/flaechen/vergleich/", "/en/sites/compare/"])
def test_compare_prints_three_columns_on_a4_landscape(page, origin, path):  # noqa: F811
    import io
    import re
    from pypdf import PdfReader
    if page.width == "phone":
        pytest.skip("printing does not depend on the window")
    chosen = three_sites()
    page.goto(origin + path + "?ids=" + ",".join(s["id"] for s in chosen))
    page.wait_for_selector("[data-compare-table] tbody tr", timeout=WAIT_MS)
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - 841.9) < 1.5 and abs(float(box.height) - 595.3) < 1.5, "A4 landscape"
    text = re.sub(r"\s+", "", " ".join(p.extract_text() for p in pdf.pages))
    for site in chosen:  # every column is on paper, down to its last row (the contact's e-mail)
        title = site["de"]["title"] if path.startswith("/flaechen/") else None
        if title:
            assert re.sub(r"\s+", "", title) in text
    emails = page.eval_on_selector_all("[data-compare-table] a[href^='mailto:']", "els => els.map(e => e.textContent)")
    assert len(emails) == 3
    for email in emails:
        assert email in text
    # Each column is inside the printed width: no cell wider than the table.
    page.emulate_media(media="print")
    right = page.evaluate("""() => Math.max(...[...document.querySelectorAll('[data-compare-table] tr > *')]
        .map(c => c.getBoundingClientRect().right))""")
    table = page.locator("[data-compare-table]").bounding_box()
    assert right <= table["x"] + table["width"] + 1


def test_compare_shows_photos_mail_links_and_marks_differences(page, origin):  # noqa: F811
    chosen = three_sites()
    page.goto(origin + "/flaechen/vergleich/?ids=" + ",".join(s["id"] for s in chosen))
    page.wait_for_selector("[data-compare-table] tbody tr", timeout=WAIT_MS)
    table = page.locator("[data-compare-table]")
    with_photos = [s for s in chosen if s["de"].get("photos")]
    assert table.locator("thead img.compare-photo").count() == len(with_photos) > 0
    mails = table.locator("a[href^='mailto:']")
    assert mails.count() == 3 and all("@" in h for h in mails.evaluate_all("els => els.map(e => e.href)"))
    rows = {r.locator("th").inner_text().replace("(unterschiedlich)", "").strip(): r for r in table.locator("tbody tr").all()}
    areas = {s["area"] for s in chosen}
    assert ("is-different" in (rows["Fläche"].get_attribute("class") or "")) == (len(areas) > 1)
    same = [label for label, r in rows.items() if len(set(r.locator("td").all_inner_texts())) == 1]
    assert all("is-different" not in (rows[label].get_attribute("class") or "") for label in same)
    page.get_by_label("Nur die Angaben zeigen, die sich unterscheiden").check()
    if same:
        assert rows[same[0]].is_hidden()
    if page.width == "phone":  # the row labels stay in view when the table scrolls sideways
        page.locator(".table-scroll").evaluate("e => e.scrollLeft = 400")
        label = rows["Fläche"].locator("th").bounding_box()
        assert 0 <= label["x"] < 40
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page itself does not scroll sideways"


def test_the_compare_bar_stays_in_view_near_the_ticked_boxes(page, origin):  # noqa: F811
    open_finder(page, origin)
    if page.width == "phone":  # the filters are unfolded as the page loads: fold them, as a visitor would
        page.locator("[data-finder-fields] > summary").click()
    bar = page.locator("[data-compare-bar]")
    page.locator("input[data-compare]").first.check()
    page.evaluate("window.scrollTo(0, 0)")
    height = WIDTHS[page.width]["height"]
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= height + 1 and box["y"] > height / 2, box  # sticks to the bottom
    assert "(1 von 3)" in bar.inner_text()


# -- site page --------------------------------------------------------------------------------------


def test_site_page_key_facts_and_calls_to_action_at_the_top_keep_the_results(page, origin):  # noqa: F811
    query = "municipality=dortmund&zoning=GI&sort=area-desc"
    picks = select("sort=area-desc")[:1]
    open_finder(page, origin, query + "&compare=" + picks[0])
    expected = select(query)
    wait_for_count(page, count_text(len(expected), len(sites())))
    page.locator(f"[data-finder-list] h2 a[href='/flaechen/{expected[0]}/']").click()
    page.wait_for_selector("[data-site-panel]")
    height = WIDTHS[page.width]["height"]
    panel = page.locator("[data-site-panel]")
    # Above the fold: on a desktop both actions, on a phone the enquiry (the others follow it).
    for name in ("Anfrage zu dieser Fläche", "Zum Vergleich hinzufügen")[:2 if page.width == "desktop" else 1]:
        box = panel.get_by_role("link", name=name).bounding_box()
        assert box["y"] + box["height"] <= height, (name, box)  # above the fold
    assert panel.get_by_role("button", name="Exposé drucken").is_visible()
    assert page.locator("#enquiry").count() == 1
    assert page.locator("#enquiry a[href^='mailto:']").count() >= 1
    # Back to the results and the breadcrumb keep the filters.
    for link in (panel.get_by_role("link", name="Zurück zu den Ergebnissen"),
                 page.locator(".breadcrumb a[href^='/flaechen/']")):
        assert parse_qs(urlsplit(link.get_attribute("href")).query) == parse_qs(query + "&compare=" + picks[0])
    # Add to compare: this site joins the picks.
    panel.get_by_role("link", name="Zum Vergleich hinzufügen").click()
    page.wait_for_selector("[data-finder-form]:not([hidden])", timeout=WAIT_MS)
    assert parse_qs(urlsplit(page.url).query)["compare"] == [f"{picks[0]},{expected[0]}"]
    wait_for_count(page, count_text(len(expected), len(sites())))
    assert page.locator(f"input[data-compare][value='{expected[0]}']").is_checked()
