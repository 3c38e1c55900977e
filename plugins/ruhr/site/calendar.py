"""iCalendar files of the events (RFC 5545, written with the `icalendar` library): one .ics per event and
language (RUHR_URLS["event_ics"]) and one subscribable calendar of every upcoming event per language
(RUHR_URLS["events_calendar"]).

Times keep the event's own time zone (DTSTART;TZID=Europe/Berlin:…) with a VTIMEZONE made from the tz
database, so calendars convert them correctly across daylight-saving changes. The same event has the same
UID in both languages. DTSTAMP is the build date, so the same content built on the same day gives the same bytes.
"""

import datetime
import logging
import os
from urllib.parse import urlsplit

import icalendar

from ruhr import settings as ruhr_settings
from ruhr.util.files import write_if_changed
from ruhr.core.urls import absolute, save_as, url_for

logger = logging.getLogger(__name__)

PRODID = "-//Metropole Ruhr//Business locations//DE"


def _event(event, settings, stamp):
    host = urlsplit(settings["SITEURL"]).hostname or "localhost"
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.id}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end)
    vevent.add("summary", event.title)
    vevent.add("description", event.summary + "\n\n" + absolute(settings, event.url))
    vevent.add("url", absolute(settings, event.url))
    where = [part for part in (event.venue, event.online) if part]
    vevent.add("location", " / ".join(where))
    vevent.add("status", "CONFIRMED")
    return vevent


def calendar(events, lang, name, settings):
    """The iCalendar text (bytes) of `events` in one language."""
    stamp = datetime.datetime.combine(ruhr_settings.build_date(settings), datetime.time(0, 0),
                                      tzinfo=datetime.timezone.utc)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.get("TIMEZONE") or "Europe/Berlin")
    for event in events:
        cal.add_component(_event(event, settings, stamp))
    if events:  # VTIMEZONE rules for the years the events span, not the library's default 1970-2038
        cal.add_missing_timezones(first_date=datetime.date(min(e.start.year for e in events), 1, 1),
                                  last_date=datetime.date(max(e.end.year for e in events) + 1, 1, 1))
    return cal.to_ical()


def add_calendars(model, generator):
    """Receiver of `model_ready`: write every event's .ics and each language's calendar of upcoming events."""
    settings = generator.settings
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        _ = generator.catalogs[lang].gettext
        for event in model.events[lang]:
            path = save_as(url_for(settings, "event_ics", lang, event.slug))
            write_if_changed(os.path.join(generator.output_path, path), calendar([event], lang, event.title, settings))
        name = f"{_('Events')} – {_('Ruhr business locations')}"
        path = save_as(url_for(settings, "events_calendar", lang))
        write_if_changed(os.path.join(generator.output_path, path),
                     calendar(model.upcoming_events(lang), lang, name, settings))
