"""Availability is derived in one place (ruhr.core.availability) and every page says the same.

Expected values come from the content's front matter and the tests' build date (conftest.BUILD_DATE).
"""

import datetime
import json
import re
from types import SimpleNamespace

import pytest

from conftest import BUILD_DATE
from ruhr.core import availability
from test_site import items

TODAY = datetime.date.fromisoformat(BUILD_DATE)
GERMAN = {"now": "sofort verfügbar", "reserved": "reserviert", "sold": "verkauft"}


def site(status, available_from=None, last_verified=TODAY):
    return SimpleNamespace(status=status, available_from=available_from, last_verified=last_verified)


@pytest.mark.parametrize("status, available_from, state", [
    ("available", None, "now"),
    ("available", TODAY, "now"),
    ("available", TODAY - datetime.timedelta(days=30), "now"),
    ("available", TODAY + datetime.timedelta(days=1), "later"),
    ("reserved", None, "reserved"),
    ("reserved", TODAY + datetime.timedelta(days=90), "reserved"),
    ("sold", TODAY - datetime.timedelta(days=90), "sold"),
])
def test_state_from_status_date_and_build_date(status, available_from, state):
    a = availability.of(site(status, available_from), TODAY, 365)
    assert a.state == state
    assert (a.since is None) == (state in ("reserved", "sold")), "sold and reserved are never 'available from'"


def test_stale_after_the_setting():
    assert not availability.of(site("available", last_verified=TODAY - datetime.timedelta(days=365)), TODAY, 365).stale
    assert availability.of(site("available", last_verified=TODAY - datetime.timedelta(days=366)), TODAY, 365).stale


def test_build_date_setting():
    from ruhr import settings as ruhr_settings
    assert ruhr_settings.build_date({"RUHR_BUILD_DATE": "2026-01-02"}) == datetime.date(2026, 1, 2)
    assert ruhr_settings.build_date({}) == datetime.date.today()


def expected():
    """{site id: (German availability text or 'later', stale)} from the content and the build date."""
    out = {}
    for site_id, de, _ in items("site"):
        later = de["status"] == "available" and de.get("available_from") and de["available_from"] > TODAY
        state = "later" if later else "now" if de["status"] == "available" else de["status"]
        out[site_id] = (state, de.get("available_from"), (TODAY - de["last_verified"]).days > 365)
    return out


def german_text(state, date):
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]
    return f"verfügbar ab {date.day}. {months[date.month - 1]} {date.year}" if state == "later" else GERMAN[state]


def sites_index(read_page, url="/flaechen/"):
    """The HTML of every page of the sites index, following its rel=next links."""
    pages = []
    while url:
        pages.append(read_page(url))
        found = re.search(r'<link rel="next" href="([^"]+)">', pages[-1])
        url = found and found.group(1)
    return "".join(pages)


def test_every_page_says_the_same(read_page):
    facts = expected()
    assert {s for s, _, _ in facts.values()} >= {"now", "later", "reserved", "sold"}, "the demo shows every state"
    listing = sites_index(read_page)
    home = read_page("/")
    for site_id, (state, date, stale) in facts.items():
        text = german_text(state, date)
        page = read_page(f"/flaechen/{site_id}/")
        badges = set(re.findall(r'class="status status-[a-z]+">([^<]*)<', page))
        assert badges == {text}, (site_id, badges)
        assert "sofort" not in page.replace("sofort verfügbar", "") or state == "now"
        item = next(row for row in listing.split("<li")[1:] if f'href="/flaechen/{site_id}/"' in row)
        assert re.findall(r'class="status status-[a-z]+">([^<]*)<', item) == [text]
        assert ('data-stale' in page) == stale, site_id
    now = sum(1 for s, _, _ in facts.values() if s == "now")
    assert re.search(rf"<dt>Sofort verfügbare Flächen</dt><dd>{now}</dd>", home)
    compare = json.loads(read_page("/flaechen/vergleich/daten.json"))  # the compare page's data
    for site_id, (state, date, _) in facts.items():
        assert compare["sites"][site_id]["cells"]["status"] == german_text(state, date)
