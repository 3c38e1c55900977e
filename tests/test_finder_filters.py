"""Every filter of the site finder, alone, through the form and through a shared URL (real headless Chromium).

Each filter's value is chosen so that it narrows the list: a finder that ignored the filter would show more
sites and fail here (combined queries in test_investor_browser.py can hide a dropped filter when the others
already select the same sites). The expected selection comes from the content (test_investor_browser.select).
"""

import pytest

from test_investor_browser import (count_text, open_finder, origin, page, same_query, select, shown_ids,  # noqa: F401
                                   sites, wait_for_count)


def check(label, district=None):
    """Tick a place; a municipality sits in its district's folded list (each label ends with its count)."""
    def do(page):
        if district:
            page.locator(".finder-district", has_text=district).locator("summary").click()
        page.get_by_role("group", name="Kreis und Kommune").get_by_label(label).check()
    return do


def fill(label, value):
    return lambda page: page.get_by_label(label, exact=True).fill(value)


def tick(group, *labels):
    def do(page):
        for label in labels:
            page.get_by_role("group", name=group).get_by_label(label).check()  # (the label ends with a count)
    return do


# (query, how an investor sets it in the German form, how the form shows it after loading the URL)
FILTERS = [
    ("district=kreis-unna", check("Kreis Unna"), ("[name=district][value=kreis-unna]", True)),
    ("municipality=dortmund", check("Dortmund", district="Kreisfreie Städte"),
     ("[name=municipality][value=dortmund]", True)),
    ("area_min=60000", fill("mindestens", "60.000"), ("#finder-area-min", "60.000")),
    ("area_max=50000", fill("höchstens", "50000"), ("#finder-area-max", "50.000")),
    ("zoning=GI", tick("Gebietsart", "Industriegebiet (GI)"), ("[name=zoning][value=GI]", True)),
    ("zoning=GE&zoning=MI", tick("Gebietsart", "Gewerbegebiet (GE)", "Mischgebiet (MI)"),
     ("[name=zoning][value=MI]", True)),
    ("status=reserved", tick("Status", "reserviert"), ("[name=status][value=reserved]", True)),
    ("sector=logistik", tick("Branche", "Logistik"), ("[name=sector][value=logistik]", True)),
    ("rail=yes", lambda page: page.get_by_label("mit Gleisanschluss").check(), ("[name=rail]", True)),
    ("motorway_km=2", fill("Autobahn höchstens … km entfernt", "2"), ("#finder-motorway", "2")),
]


@pytest.mark.parametrize("query,set_in_form,shown_in_form", FILTERS, ids=[q for q, _, _ in FILTERS])
def test_each_filter_through_the_form_and_the_url(page, origin, query, set_in_form, shown_in_form):
    everything = [s["id"] for s in sites()]
    expected = select(query)
    assert expected and set(expected) < set(everything), "the filter must narrow the list to mean anything"
    total = len(everything)

    # Through the form: the list, the count and the URL follow.
    open_finder(page, origin)
    wait_for_count(page, count_text(total, total))
    set_in_form(page)
    wait_for_count(page, count_text(len(expected), total))
    assert shown_ids(page) == expected
    assert same_query(page.url, query)

    # Through the URL, loaded fresh: the same sites, and the form shows the filter.
    fresh = page.context.new_page()
    open_finder(fresh, origin, query)
    wait_for_count(fresh, count_text(len(expected), total))
    assert shown_ids(fresh) == expected
    selector, value = shown_in_form
    control = fresh.locator(selector)
    assert (control.is_checked() if value is True else control.input_value()) == value
