"""A site's availability, derived in one place from its status, `available_from` and the build date.

Every page that says whether a site can be had reads `site.availability` (set by model.build): the site
page, the cards, the home page's count, the finder's sort order, the compare table and the map's markers.

- sold / reserved: never "available", whatever `available_from` says;
- available, `available_from` after the build date: "available from <date>";
- available, no date or a date not after the build date: "available now".

The build date is the setting RUHR_BUILD_DATE (settings.build_date; default: today), so tests can fix it. A site whose facts
were last verified more than RUHR_STALE_AFTER_DAYS before the build date is `stale`: its page says so.
"""

import datetime
from dataclasses import dataclass

from ruhr.core.schema import N_

NOW, LATER, RESERVED, SOLD = "now", "later", "reserved", "sold"
LABELS = {NOW: N_("available now"), LATER: N_("available from %(date)s"), RESERVED: N_("reserved"),
          SOLD: N_("sold")}


@dataclass(frozen=True)
class Availability:
    state: str  # NOW, LATER, RESERVED or SOLD
    since: datetime.date | None  # from when it can be had (the build date if now); None: reserved or sold
    stale: bool  # facts last verified longer ago than RUHR_STALE_AFTER_DAYS
    verified_days: int  # days between last_verified and the build date

    def __str__(self):
        """The status it stands for (the badge's class: status-available, -reserved, -sold)."""
        return "available" if self.state in (NOW, LATER) else self.state

    @property
    def now(self):
        return self.state == NOW

    @property
    def sort_key(self):
        """Soonest first; reserved and sold last."""
        return (self.since is None, self.since or datetime.date.min)

    def text(self, gettext, format_date):
        """The label in a language: gettext of that language, format_date(date) -> text."""
        label = gettext(LABELS[self.state])
        return label % {"date": format_date(self.since)} if self.state == LATER else label


def of(site, today, stale_after_days):
    """The Availability of a site (status, available_from, last_verified) on the build date `today`."""
    if site.status in (SOLD, RESERVED):
        state, since = site.status, None
    elif site.available_from and site.available_from > today:
        state, since = LATER, site.available_from
    else:
        state, since = NOW, today
    days = (today - site.last_verified).days
    return Availability(state, since, days > stale_after_days, days)
