"""Atom feeds of the success stories and of the news, one per language (RUHR_URLS["stories_feed"],
RUHR_URLS["news_feed"]), made with feedgenerator.

Newest first, at most RUHR_FEED_ITEMS entries; every page links to its language's feed from its head
(templates/includes/seo.html). The feed's dates come from the stories, so the same content gives the same bytes.
"""

import datetime
import io
import logging
import os
import re
import zoneinfo

import feedgenerator

from ruhr import settings as ruhr_settings
from ruhr.core.schema import N_
from ruhr.util.files import write_if_changed
from ruhr.core.urls import absolute, save_as, url_for

logger = logging.getLogger(__name__)

ROOT_RELATIVE = re.compile(r"""(\s(?:href|src))=(["'])/(?!/)""")


def _datetime(day, timezone):
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=timezone)


def absolute_links(html, settings):
    """Root-relative links in a story's HTML made absolute: feed readers show it away from the site."""
    base = settings["SITEURL"].rstrip("/")
    return ROOT_RELATIVE.sub(lambda m: f"{m[1]}={m[2]}{base}/", html)


# feed -> (index page type, title msgid, description msgid, model collection)
FEEDS = {
    "stories_feed": ("stories", N_("Success stories"), N_("Companies that invested in the Ruhr area."), "stories"),
    "news_feed": ("news", N_("News"), N_("News from the Ruhr area's business development agency."), "news"),
}


def stories_feed(stories, lang, settings, gettext, feed_type="stories_feed"):
    """The Atom feed (text) of a language's stories or news items (newest first, as in the model)."""
    index, title, description, _ = FEEDS[feed_type]
    timezone = zoneinfo.ZoneInfo(settings.get("TIMEZONE") or "UTC")
    entries = stories[:ruhr_settings.get(settings, "RUHR_FEED_ITEMS")]
    feed_url = absolute(settings, url_for(settings, feed_type, lang))
    feed = feedgenerator.Atom1Feed(
        title=f"{gettext(title)} – {gettext('Ruhr business locations')}",
        link=absolute(settings, url_for(settings, index, lang)),
        description=gettext(description),
        language=lang, feed_url=feed_url, feed_guid=feed_url,
        author_name=settings.get("AUTHOR") or None,
    )
    for story in entries:
        url = absolute(settings, story.url)
        feed.add_item(
            title=story.title, link=url, unique_id=url, description=story.summary,
            content=absolute_links(story.content, settings) if story.content else None,
            pubdate=_datetime(story.date, timezone), updateddate=_datetime(story.date, timezone),
            categories=[sector.title for sector in story.sectors],
            author_name=settings.get("AUTHOR") or None,
        )
    buffer = io.StringIO()
    feed.write(buffer, "utf-8")
    return buffer.getvalue()


def add_feeds(model, generator):
    """Receiver of `model_ready`: write each language's feeds into the output folder."""
    settings = generator.settings
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        for feed_type, (_, _, _, collection) in FEEDS.items():
            text = stories_feed(getattr(model, collection)[lang], lang, settings, generator.catalogs[lang].gettext,
                                feed_type)
            path = os.path.join(generator.output_path, save_as(url_for(settings, feed_type, lang)))
            write_if_changed(path, text.encode("utf-8"))
