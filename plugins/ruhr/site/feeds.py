"""Atom feeds, made with feedgenerator, at most RUHR_FEED_ITEMS entries each, newest first:

- the success stories and the news, one per language (RUHR_URLS["stories_feed"], ["news_feed"]); every page
  links to its language's stories feed
  from its head (templates/includes/seo.html);
- alerts without an account (docs/investment.md): new and changed sites per municipality, per district and
  per sector, in every language ("municipality_feed", "district_feed", "sector_feed"), linked from those pages
  (templates/includes/feed-link.html) and from the finder when its filter matches one feed. A site counts as
  changed on its `last_verified` date.

The feeds' dates come from the content, so the same content gives the same bytes.
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


def stories_feed(stories, lang, settings, gettext, feed_type="stories_feed", empty_date=datetime.date(2000, 1, 1)):
    """The Atom feed (text) of a language's stories or news items (newest first, as in the model); without
    any, its date is `empty_date`."""
    index, title, description, _ = FEEDS[feed_type]
    timezone = zoneinfo.ZoneInfo(settings.get("TIMEZONE") or "UTC")
    entries = stories[:ruhr_settings.get(settings, "RUHR_FEED_ITEMS")]
    feed_url = absolute(settings, url_for(settings, feed_type, lang))
    feed = _Feed(
        title=f"{gettext(title)} – {gettext('Ruhr business locations')}",
        link=absolute(settings, url_for(settings, index, lang)),
        description=gettext(description),
        language=lang, feed_url=feed_url, feed_guid=feed_url,
        author_name=settings.get("AUTHOR") or None, empty_date=_datetime(empty_date, timezone),
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


class _Feed(feedgenerator.Atom1Feed):
    """An Atom feed whose date, when it has no entries, is `empty_date` (not the time of the build)."""

    def __init__(self, *args, empty_date, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_date = empty_date

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.empty_date


def sites_feed(sites, name, page_url, feed_url, lang, settings, gettext, empty_date):
    """The Atom feed (text) of new and changed sites in `name` (a municipality, district or sector)."""
    timezone = zoneinfo.ZoneInfo(settings.get("TIMEZONE") or "UTC")
    feed_url = absolute(settings, feed_url)
    feed = _Feed(
        title=f"{gettext('New and changed sites in %(name)s') % {'name': name}} – {gettext('Ruhr business locations')}",
        link=absolute(settings, page_url), description=gettext("Industrial and commercial sites in %(name)s, "
                                                               "newest first.") % {"name": name},
        language=lang, feed_url=feed_url, feed_guid=feed_url, author_name=settings.get("AUTHOR") or None,
        empty_date=_datetime(empty_date, timezone))
    newest = sorted(sites, key=lambda s: (s.last_verified, s.id), reverse=True)
    for site in newest[:ruhr_settings.get(settings, "RUHR_FEED_ITEMS")]:
        url = absolute(settings, site.url)
        feed.add_item(
            title=site.title, link=url, unique_id=url, description=site.summary,
            pubdate=_datetime(site.last_verified, timezone), updateddate=_datetime(site.last_verified, timezone),
            categories=[site.municipality.name, site.municipality.district] + [s.title for s in site.sectors],
            author_name=settings.get("AUTHOR") or None)
    buffer = io.StringIO()
    feed.write(buffer, "utf-8")
    return buffer.getvalue()


def site_feeds(model, lang):
    """(page type of the feed, slug, name, page URL, sites) of every sites feed of a language."""
    for m in model.municipalities[lang]:
        yield "municipality_feed", m.slug, m.name, m.url, m.sites
    for district, municipalities in model.districts[lang]:
        yield ("district_feed", municipalities[0].district_key, district, None,
               [s for m in municipalities for s in m.sites])
    for sector in model.sectors[lang]:
        yield "sector_feed", sector.slug, sector.title, sector.url, sector.sites


def add_feeds(model, generator):
    """Receiver of `model_ready`: write each language's feeds (stories, news, sites) into the output folder."""
    settings = generator.settings
    dates = [s.last_verified for sites in model.sites.values() for s in sites]
    empty_date = max(dates) if dates else datetime.date(2000, 1, 1)
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        for feed_type, (_, _, _, collection) in FEEDS.items():
            text = stories_feed(getattr(model, collection)[lang], lang, settings, generator.catalogs[lang].gettext,
                                feed_type, empty_date)
            path = os.path.join(generator.output_path, save_as(url_for(settings, feed_type, lang)))
            write_if_changed(path, text.encode("utf-8"))
        gettext = generator.catalogs[lang].gettext
        for page_type, slug, name, page_url, sites in site_feeds(model, lang):
            feed_url = url_for(settings, page_type, lang, slug)
            text = sites_feed(sites, name, page_url or url_for(settings, "municipalities", lang), feed_url,
                              lang, settings, gettext, empty_date)
            write_if_changed(os.path.join(generator.output_path, save_as(feed_url)), text.encode("utf-8"))
