"""The agency's other roles (issue 15): funding programmes, projects, news and events, Leichte Sprache and
DGS pages, barrier reports. Read from the real build (tests/conftest.py builds it with BUILD_DATE as today)."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo

import icalendar
import pytest
from bs4 import BeautifulSoup

from conftest import BUILD_DATE
from editor_helpers import SETTINGS, overrides, run_in, settings
from ruhr.core import content, model as ruhr_model
from ruhr.core.validate import ContentError
from ruhr.editor import check
from test_site import items

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ATOM = "{http://www.w3.org/2005/Atom}"
DGS_PAGE = "content/access/gebaerdensprache.de.md"


def soup(built_site, rel):
    path = built_site / rel.lstrip("/")
    return BeautifulSoup((path / "index.html" if rel.endswith("/") else path).read_text(encoding="utf-8"),
                         "html.parser")


def model_on(project, day):
    """The model of the project's content as built on `day`."""
    s = settings(project, RUHR_BUILD_DATE=day)
    records, data = content.load(s["PATH"], s)
    return ruhr_model.build(records, data, s)


def problems(project):
    """Every problem the content of `project` has, one per line."""
    s = settings(project)
    with pytest.raises(ContentError) as err:
        content.load(s["PATH"], s)
    return "\n".join(str(p) for p in err.value.problems)


def html_pages(built_site, english):
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        if rel.startswith(("pagefind/", "maps/")) or rel.startswith("en/") != english:
            continue
        yield rel, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -- Funding programmes --------------------------------------------------------------------------------


def test_programme_status_follows_the_deadlines_and_the_build_date(project):
    # eic-accelerator: applications open 2027-01-15, last deadline 2027-03-03; progres.nrw: deadline 2026-06-30;
    # the KfW loan has no deadline at all.
    expected = {
        "2026-06-30": {"eic-accelerator": "upcoming", "progres-nrw-klimaschutztechnik": "open"},
        "2026-07-01": {"progres-nrw-klimaschutztechnik": "closed", "erp-foerderkredit-kmu": "open"},
        "2027-01-15": {"eic-accelerator": "open"},
        "2027-03-03": {"eic-accelerator": "open"},
        "2027-03-04": {"eic-accelerator": "closed", "erp-foerderkredit-kmu": "open"},
    }
    for day, statuses in expected.items():
        m = model_on(project, day)
        for lang in ("de", "en"):
            got = {p.id: p.status for p in m.programmes[lang]}
            assert {k: got[k] for k in statuses} == statuses, (day, lang)
    eic = next(p for p in model_on(project, "2027-02-01").programmes["de"] if p.id == "eic-accelerator")
    assert eic.next_deadline == datetime.date(2027, 3, 3)


def test_programme_pages_show_the_status_of_the_build_date_with_source_and_contact(built_site):
    page = soup(built_site, "/foerderprogramme/eic-accelerator/")
    assert page.select_one(".status").get_text(strip=True) == "demnächst"  # opens 2027-01-15, built 2026-11-26
    assert "26. November 2026" in page.select_one(".facts").get_text(" ")
    assert page.find("a", href="https://eic.ec.europa.eu/")
    assert page.select_one(".contact-card a[href^='mailto:']")
    en = soup(built_site, "/en/funding/progres-nrw-climate-technology/")
    assert en.select_one(".status").get_text(strip=True) == "closed"


def test_the_programme_index_filters_by_funder_applicant_and_status_without_javascript(built_site):
    index = soup(built_site, "/foerderprogramme/")
    assert not index.find("script", src=lambda s: s and "programme" in s)
    facets = index.select(".programme-filter .facet")
    assert [f.h2.get_text(strip=True) for f in facets] == ["Fördergeber", "Antragsberechtigt", "Status"]
    assert len(index.select(".cards .programme-card")) == len(list(items("programme")))
    # Follow links: EU, then open.
    eu = index.select_one(".programme-filter a[href='/foerderprogramme/filter/eu-all-all/']")
    assert eu.get_text(strip=True) == "Europäische Union"
    page = soup(built_site, eu["href"])
    open_link = page.select_one(".programme-filter a[href='/foerderprogramme/filter/eu-all-open/']")
    page = soup(built_site, open_link["href"])
    titles = [a.get_text(strip=True) for a in page.select(".programme-card h3 a")]
    today = datetime.date.fromisoformat(BUILD_DATE)
    expected = [de["title"] for _, de, _ in items("programme") if de["funder"] == "eu"
                and not de.get("opens", today) > today and not max(de.get("deadlines") or [today]) < today]
    assert sorted(titles) == sorted(expected) and titles
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert page.select_one(".programme-filter a[aria-current='page']")
    # Every facet link leads to a page that exists; a value without programmes is not a link.
    for a in page.select(".programme-filter a"):
        assert (built_site / a["href"].lstrip("/") / "index.html").is_file(), a["href"]
    assert page.select(".programme-filter .facet-empty")
    # Applicants: start-ups.
    startups = soup(built_site, "/en/funding/filter/all-startup-all/")
    ids = {en.get("slug") or i for i, de, en in items("programme") if "startup" in de["applicants"]}
    assert {a["href"].split("/")[-2] for a in startups.select(".programme-card h3 a")} == ids


def test_sectors_link_to_their_programmes_and_projects_both_ways(built_site):
    for _, de, _ in items("programme"):
        for sector in de.get("sectors") or []:
            assert soup(built_site, f"/branchen/{sector}/").find("a", href=f"/foerderprogramme/{de['id']}/"), \
                (sector, de["id"])
    for project_id, de, en in items("project"):
        page = soup(built_site, f"/projekte/{project_id}/")
        for sector in de["sectors"]:
            assert page.find("a", href=f"/branchen/{sector}/")
            assert soup(built_site, f"/branchen/{sector}/").find("a", href=f"/projekte/{project_id}/")
        for key in de["municipalities"]:
            assert page.find("a", href=f"/kommunen/{key}/")
            assert soup(built_site, f"/en/municipalities/{key}/").find(
                "a", href=f"/en/projects/{en.get('slug') or project_id}/")


def test_the_funding_advice_page_has_its_contact_and_is_linked_from_the_programmes(built_site):
    for index, advice in (("/foerderprogramme/", "/foerderberatung/"), ("/en/funding/", "/en/funding-advice/")):
        assert soup(built_site, index).find("a", href=advice)
        page = soup(built_site, advice)
        assert page.select_one(".contact-card a[href^='mailto:']")
        assert not page.select_one(".site-footer").find("a", href=advice), "not a legal page"


# -- Projects ------------------------------------------------------------------------------------------------


def test_project_status_follows_its_period(project):
    statuses = {p.id: p.status for p in model_on(project, "2026-11-26").projects["en"]}
    assert statuses == {"wasserstoff-hub-emscher-lippe": "running", "flaechenpool-brachen": "completed",
                        "gesundheit-digital-ruhr": "planned", "kreislauf-netzwerk-ruhr": "running"}


# -- News and events -------------------------------------------------------------------------------------


def test_news_have_an_atom_feed_per_language_newest_first(built_site):
    for lang, path, index in (("de", "aktuelles/feed.xml", "/aktuelles/"), ("en", "en/news/feed.xml", "/en/news/")):
        root = ET.parse(built_site / path).getroot()
        entries = root.findall(ATOM + "entry")
        assert len(entries) == len(list(items("news_item")))
        links = [e.find(ATOM + "link").get("href") for e in entries]
        assert all(link.startswith("http://localhost:8000" + index) for link in links)
        updated = [e.findtext(ATOM + "updated") for e in entries]
        assert updated == sorted(updated, reverse=True)
        assert soup(built_site, index).find("link", type="application/atom+xml", href="/" + path)


def test_event_ics_keeps_berlin_times_across_the_daylight_saving_change(built_site):
    # Ruhr Hydrogen Days: 27 March 2027 10:00 (CET, +01:00) to 28 March 2027 16:00 (CEST, +02:00).
    for path in ("veranstaltungen/wasserstoff-tage-duisburg.ics", "en/events/ruhr-hydrogen-days.ics"):
        cal = icalendar.Calendar.from_ical((built_site / path).read_bytes())
        (event,) = cal.walk("VEVENT")
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == datetime.datetime(2027, 3, 27, 10, 0, tzinfo=BERLIN)
        assert end == datetime.datetime(2027, 3, 28, 16, 0, tzinfo=BERLIN)
        assert start.utcoffset() == datetime.timedelta(hours=1) and end.utcoffset() == datetime.timedelta(hours=2)
        assert start.astimezone(datetime.timezone.utc).hour == 9 and end.astimezone(datetime.timezone.utc).hour == 14
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
        assert event["UID"] == "wasserstoff-tage-duisburg@localhost"
        assert "Duisburg" in event["LOCATION"]
    assert icalendar.Calendar.from_ical((built_site / "en/events/ruhr-hydrogen-days.ics").read_bytes()).walk(
        "VEVENT")[0]["SUMMARY"] == "Ruhr Hydrogen Days"


def test_the_subscribable_calendar_lists_the_upcoming_events_of_its_language(built_site):
    today = datetime.date.fromisoformat(BUILD_DATE)
    for path, lang in (("veranstaltungen/kalender.ics", "de"), ("en/events/calendar.ics", "en")):
        cal = icalendar.Calendar.from_ical((built_site / path).read_bytes())
        events = cal.walk("VEVENT")
        upcoming = [(i, de, en) for i, de, en in items("event")
                    if datetime.datetime.fromisoformat(de["end"]).date() >= today]
        assert len(upcoming) == 3 and len(list(items("event"))) == 5
        assert sorted(str(e["UID"]).split("@")[0] for e in events) == sorted(i for i, _, _ in upcoming)
        titles = {str(e["SUMMARY"]) for e in events}
        assert titles == {(de if lang == "de" else en)["title"] for _, de, en in upcoming}
        for e in events:
            assert e.decoded("DTSTART").tzinfo is not None
    assert soup(built_site, "/veranstaltungen/").find("a", href="/veranstaltungen/kalender.ics")


def test_past_events_are_archived_not_deleted(built_site, project):
    upcoming = {a["href"] for a in soup(built_site, "/veranstaltungen/").select(".event-card h2 a")}
    archive = {a["href"] for a in soup(built_site, "/veranstaltungsarchiv/").select(".event-card h2 a")}
    assert archive == {"/veranstaltungen/standortforum-essen/", "/veranstaltungen/webinar-foerderung/"}
    assert len(upcoming) == 3 and not upcoming & archive
    past = soup(built_site, "/en/events/ruhr-location-forum-2026/")
    assert past.select_one(".example-note") and not past.find("a", string="Register for this event")
    assert past.select_one(".breadcrumb a[href='/en/event-archive/']")
    # A later build date moves an event into the archive the day after it ends.
    for day, archived in (("2027-03-28", False), ("2027-03-29", True)):
        m = model_on(project, day)
        assert any(e.id == "wasserstoff-tage-duisburg" for e in m.past_events("de")) == archived, day
        assert any(e.id == "wasserstoff-tage-duisburg" for e in m.upcoming_events("en")) != archived, day


def test_events_and_news_have_their_json_ld(built_site):
    import json
    page = soup(built_site, "/veranstaltungen/investors-day-dortmund/")
    blocks = {b["@type"]: b for b in (json.loads(s.string) for s in page.find_all("script", type="application/ld+json"))}
    event = blocks["Event"]
    assert event["startDate"] == "2027-05-06T13:00:00+02:00" and event["endDate"] == "2027-05-06T17:30:00+02:00"
    assert event["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert {loc["@type"] for loc in event["location"]} == {"Place", "VirtualLocation"}
    assert event["inLanguage"] == ["en"]
    news = soup(built_site, "/en/news/hydrogen-core-network/")
    (article,) = [json.loads(s.string) for s in news.find_all("script", type="application/ld+json")
                  if json.loads(s.string)["@type"] == "NewsArticle"]
    assert article["datePublished"] == "2026-09-02" and article["inLanguage"] == "en"


def test_event_mistakes_are_reported_with_path_and_line(project):
    path = "content/events/investors-day-dortmund.de.md"
    project.edit(path, "end: 2027-05-06 17:30", "end: 2027-05-06 12:00")
    project.edit("content/events/kreislauf-netzwerktreffen.de.md",
                 "venue: Chemiepark Marl, Paul-Baumann-Str. 1, 45772 Marl\n", "")
    project.edit(path, "online: https://example.org/stream/investors-day", "online: example.org/stream")
    project.edit("content/events/standortforum-essen.de.md", "start: 2026-09-17 09:30",
                 "start: 2026-09-17T09:30+02:00\ntimezone: Europe/Berlim")
    printed = problems(project)
    event = str(project.content / "events" / "investors-day-dortmund.de.md")
    forum = str(project.content / "events" / "standortforum-essen.de.md")
    assert f"{event}:{project.line_of(path, 'end:')}: end: 2027-05-06 12:00 is not after the start" in printed
    assert f"{event}:{project.line_of(path, 'online:')}: online: 'example.org/stream' is not a web address" in printed
    meeting = str(project.content / "events" / "kreislauf-netzwerktreffen.de.md")
    assert f"{meeting}:3: venue: missing: where the event takes place" in printed
    forum_path = "content/events/standortforum-essen.de.md"
    assert f"{forum}:{project.line_of(forum_path, 'start:')}: start: '2026-09-17T09:30+02:00' has a UTC offset" \
        in printed
    assert f"{forum}:{project.line_of(forum_path, 'timezone:')}: timezone: unknown time zone 'Europe/Berlim' " \
           "(did you mean 'Europe/Berlin'?)" in printed


# -- Leichte Sprache, DGS, barrier reports ---------------------------------------------------------------


def test_every_german_page_links_to_leichte_sprache_and_dgs_in_its_header(built_site):
    german = list(html_pages(built_site, english=False))
    assert len(german) > 150
    for rel, page in german:
        header = page.select_one("header.site-header")
        assert header.find("a", href="/leichte-sprache/") and header.find("a", href="/gebaerdensprache/"), rel
    for rel, page in html_pages(built_site, english=True):
        assert not page.select_one("header.site-header").find("a", href="/leichte-sprache/"), rel


def test_leichte_sprache_and_dgs_are_german_only_and_say_what_bitv_asks(built_site):
    assert not (built_site / "en" / "leichte-sprache").exists() and not (built_site / "en" / "gebaerdensprache").exists()
    for url in ("/leichte-sprache/", "/gebaerdensprache/"):
        page = soup(built_site, url)
        alternates = {l["hreflang"] for l in page.find_all("link", rel="alternate", hreflang=True)}
        assert alternates == {"de", "x-default"}, url
        switch = page.select_one(".lang-switch a")
        assert switch["href"] == "/en/" and "rel" not in switch.attrs
        text = page.main.get_text(" ")
        for words in ("Website", "Menü" if url == "/leichte-sprache/" else "Hauptmenü", "Ombuds"):
            assert words in text, (url, words)
        assert page.find("a", href="/barriere-melden/") and page.find("a", href="/barrierefreiheit/")
    dgs = soup(built_site, "/gebaerdensprache/")
    assert not dgs.find("video"), "the demo ships no video, and nothing fake stands in for one"
    assert "werden produziert" in dgs.select_one(".example-note").get_text()


def test_invoke_check_warns_while_a_dgs_video_is_missing(project):
    code, printed = run_in(project, check.run, SETTINGS, overrides(project))
    assert code == 0, printed
    line = project.line_of(DGS_PAGE, "form:")
    assert f"{DGS_PAGE}:{line}: videos: no DGS video yet — add the video" in printed.replace(
        str(project.content), "content"), printed


def test_a_dgs_video_plays_self_hosted_with_poster_captions_and_download_size(project):
    videos = project.content / "videos"
    videos.mkdir()
    (videos / "dgs-ueberblick.webm").write_bytes(b"\x1a\x45\xdf\xa3" + bytes(2_499_996))  # a test file, 2.5 MB
    (videos / "dgs-ueberblick.jpg").write_bytes((project.content / "photos" / "logistikhalle.jpg").read_bytes())
    (videos / "dgs-ueberblick.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n", encoding="utf-8")
    project.edit(DGS_PAGE, "form: sign_language\n", "form: sign_language\nvideos:\n  - file: dgs-ueberblick.webm\n"
                 "    poster: dgs-ueberblick.jpg\n    captions: dgs-ueberblick.vtt\n    title: Überblick\n"
                 "    duration: 185\n")
    code, printed = run_in(project, check.run, SETTINGS, overrides(project))
    assert code == 0 and "no DGS video yet" not in printed, printed
    code, printed = project.build(RUHR_SEARCH=False, RUHR_SOCIAL_CARDS=False,
                                  RUHR_FEEDBACK_ENDPOINT="https://forms.example.org/barrier")
    assert code == 0, printed
    page = soup(project.output, "/gebaerdensprache/")
    video = page.select_one("figure.dgs-video video")
    assert video["poster"] == "/videos/dgs-ueberblick.jpg" and "controls" in video.attrs
    assert video.source["src"] == "/videos/dgs-ueberblick.webm" and video.source["type"] == "video/webm"
    track = video.find("track")
    assert track["kind"] == "captions" and track["src"] == "/videos/dgs-ueberblick.vtt" and track["srclang"] == "de"
    download = page.select_one("figcaption a[download]")
    assert download["href"] == "/videos/dgs-ueberblick.webm"
    assert download.get_text(" ", strip=True) == "Video herunterladen (WEBM, 2,5\u00a0MB, 3:05\u00a0min)"
    for name in ("dgs-ueberblick.webm", "dgs-ueberblick.jpg", "dgs-ueberblick.vtt"):
        assert (project.output / "videos" / name).read_bytes() == (videos / name).read_bytes()
    form = soup(project.output, "/barriere-melden/").select_one("form.feedback-form")
    assert form["action"] == "https://forms.example.org/barrier" and form["method"] == "post"


def test_a_missing_video_file_stops_the_build_with_path_and_line(project):
    project.edit(DGS_PAGE, "form: sign_language\n", "form: sign_language\nvideos:\n  - file: fehlt.mp4\n"
                 "    poster: fehlt.jpg\n    captions: fehlt.srt\n    title: Überblick\n    duration: 60\n")
    printed = problems(project)
    path = str(project.content / "access" / "gebaerdensprache.de.md")
    assert f"{path}:7: videos[0].file: 'fehlt.mp4' not found" in printed
    assert f"{path}:9: videos[0].captions: 'fehlt.srt' is not a .vtt file" in printed


def test_every_page_links_to_the_barrier_report_form_which_works_without_javascript(built_site):
    for english in (False, True):
        form_url = "/en/report-a-barrier/" if english else "/barriere-melden/"
        for rel, page in html_pages(built_site, english):
            assert page.select_one(".site-footer").find("a", href=form_url), rel
        page = soup(built_site, form_url)
        form = page.select_one("form.feedback-form")
        assert form["action"] == "mailto:barrierefreiheit@example.org" and form["method"] == "get"
        assert {i["name"] for i in form.find_all(["input", "textarea"])} == {"subject", "body"}
        body = form.find("textarea")
        assert page.find("label", attrs={"for": body["id"]}) and "required" in body.attrs
        assert not page.find("script", src=lambda s: s and "feedback" in s)


def test_the_accessibility_statement_names_the_nrw_procedure_and_the_ombudsstelle(built_site):
    de = soup(built_site, "/barrierefreiheit/").main.get_text(" ")
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" in de
    assert "§ 10d des Behindertengleichstellungsgesetzes Nordrhein-Westfalen (BGG NRW)" in de
    assert "BITV NRW" in de
    en = soup(built_site, "/en/accessibility/")
    assert "ombudsman procedure under section 10d" in en.main.get_text(" ")
    for page in (soup(built_site, "/barrierefreiheit/"), en):
        assert page.main.find("a", href="https://www.lbbp.nrw.de/ombudsstelle")
        assert page.main.find("a", href=lambda h: h in ("/barriere-melden/", "/en/report-a-barrier/"))


def test_demo_content_is_big_enough_for_the_roles():
    assert len(list(items("programme"))) >= 6
    assert len(list(items("project"))) >= 4
    assert len(list(items("news_item"))) >= 6
    events = list(items("event"))
    assert len(events) >= 5
    assert sum(datetime.datetime.fromisoformat(de["end"]).date() < datetime.date.fromisoformat(BUILD_DATE)
               for _, de, _ in events) >= 2


def test_an_english_leichte_sprache_file_is_a_problem(project):
    (project.content / "access" / "leichte-sprache.en.md").write_text(
        "---\nid: leichte-sprache\ntitle: Easy read\nsummary: x\n---\n", encoding="utf-8")
    path = project.content / "access" / "leichte-sprache.en.md"
    assert f"{path}:1: translation: access pages exist in German only — delete this file" in problems(project)
