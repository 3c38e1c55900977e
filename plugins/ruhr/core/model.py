"""The model: one object per item and language, with every cross-reference computed once, here.

Templates read these objects; they never search for related items themselves.
"""

import logging
import zoneinfo

from ruhr.core import availability, investment, reads, schema
from ruhr import settings as ruhr_settings
from ruhr.core.i18n import sort_key
from ruhr.core.urls import url_for

logger = logging.getLogger(__name__)


class Item:
    """An item in one language. Attributes are the schema's fields, typed by validate.py."""

    kind = ""
    fields = ()

    def __init__(self, lang, values, content="", source_path=""):
        self.lang = lang
        self.content = content
        self.source_path = source_path
        self.translations = {lang: self}
        self.__dict__.update(values)

    def __getattribute__(self, name):
        if reads.current is not None:  # a page is rendering: note that it read this item (reads.py)
            reads.current.add(Item.key(self))
        return object.__getattribute__(self, name)

    def key(self):
        """("site", id, lang): how incremental builds name this item."""
        values = object.__getattribute__(self, "__dict__")
        return object.__getattribute__(self, "kind"), values.get("id"), values.get("lang")

    def label(self, name):
        """The msgid of a choice field's value, e.g. site.label('status') -> 'available'."""
        return schema.choice_label(self.fields, name, getattr(self, name))

    def labels(self, name):
        """The msgids of a many-valued choice field's values, e.g. programme.labels('applicants')."""
        return [schema.choice_label(self.fields, name, value) for value in getattr(self, name)]

    def __repr__(self):
        return f"<{type(self).__name__} {self.id} [{self.lang}]>"


class Site(Item):
    kind, fields = "site", schema.SITE

    @property
    def price_on_request(self):
        return self.price_per_m2 is None


class Sector(Item):
    kind, fields = "sector", schema.SECTOR


class Story(Item):
    kind, fields = "story", schema.STORY


class Page(Item):
    kind, fields = "page", schema.PAGE


class Programme(Item):
    """A funding programme; `status` (open, upcoming, closed) and `next_deadline` follow from the build date."""
    kind, fields = "programme", schema.PROGRAMME

    def derive(self, today):
        self.next_deadline = min((d for d in self.deadlines if d >= today), default=None)
        if self.opens and today < self.opens:
            self.status = "upcoming"
        elif self.deadlines and self.next_deadline is None:
            self.status = "closed"
        else:
            self.status = "open"

    def label(self, name):
        return dict(schema.PROGRAMME_STATUS)[self.status] if name == "status" else super().label(name)


class Project(Item):
    """A regional project; `status` (planned, running, completed) follows from its period and the build date."""
    kind, fields = "project", schema.PROJECT

    def derive(self, today):
        self.status = ("planned" if today < self.start else
                       "completed" if self.end and today > self.end else "running")

    def label(self, name):
        return dict(schema.PROJECT_STATUS)[self.status] if name == "status" else super().label(name)


class NewsItem(Item):
    kind, fields = "news_item", schema.NEWS


class Event(Item):
    """An event: `start` and `end` become aware datetimes in its time zone; `past` once its last day is over."""
    kind, fields = "event", schema.EVENT

    def derive(self, today, default_timezone):
        self.timezone = self.timezone or default_timezone
        zone = zoneinfo.ZoneInfo(self.timezone)
        self.start, self.end = self.start.replace(tzinfo=zone), self.end.replace(tzinfo=zone)
        self.past = self.end.date() < today


class AccessPage(Item):
    """A page in Leichte Sprache or DGS: German only (schema.SOURCE_ONLY)."""
    kind, fields = "access", schema.ACCESS


class Municipality(Item):
    kind, fields = "municipality", schema.MUNICIPALITY_RECORD


class Contact(Item):
    kind, fields = "contact", schema.CONTACT_RECORD


CLASSES = {"site": Site, "sector": Sector, "story": Story, "page": Page, "programme": Programme,
           "project": Project, "news_item": NewsItem, "event": Event, "access": AccessPage}
COLLECTIONS = {"site": "sites", "sector": "sectors", "story": "stories", "page": "pages",
               "municipality": "municipalities", "programme": "programmes", "project": "projects",
               "news_item": "news", "event": "events", "access": "access"}


def merge(fields, source, local):
    """Facts from the source-language values, translatable fields from this language's values."""
    out = {}
    for f in fields:
        if not f.translatable:
            out[f.name] = source.get(f.name)
        elif f.type == "object":
            out[f.name] = merge(f.fields, source.get(f.name) or {}, local.get(f.name) or {})
        elif f.type == "list":
            out[f.name] = [merge(f.fields, s, t) for s, t in zip(source.get(f.name) or [],
                                                                  local.get(f.name) or [])]
        else:
            out[f.name] = local.get(f.name)
    return out


class Model:
    """Everything the site shows, per language: model.sites['de'], model.municipalities['en'], …"""

    def __init__(self, languages):
        self.languages = languages
        self.sites, self.sectors, self.stories, self.pages = ({l: [] for l in languages} for _ in range(4))
        self.programmes, self.projects, self.news, self.events, self.access = (
            {l: [] for l in languages} for _ in range(5))
        self.municipalities = {l: [] for l in languages}
        self.contacts = {l: {} for l in languages}
        self.districts = {l: [] for l in languages}  # [(district name, [Municipality])]
        self.population_source = {}
        self.today = None  # the build date (RUHR_BUILD_DATE): programme, project and event status follow from it

    def __getattribute__(self, name):
        if reads.current is not None and not name.startswith("__"):  # see Item.__getattribute__
            reads.current.add(("model", name, ""))
        return object.__getattribute__(self, name)

    def items(self, lang):
        """Every item page of a language."""
        for name in ("sites", "sectors", "stories", "municipalities", "pages", "programmes", "projects", "news",
                     "events", "access"):
            yield from getattr(self, name)[lang]

    def upcoming_events(self, lang):
        return [e for e in self.events[lang] if not e.past]

    def past_events(self, lang):
        """Past events, the latest first: the archive."""
        return sorted((e for e in self.events[lang] if e.past), key=lambda e: e.start, reverse=True)

    def region(self, lang):
        """Key figures of the region, computed from the data (one source for each fact)."""
        available = [s for s in self.sites[lang] if s.availability.now]
        return {
            "population": sum(m.population for m in self.municipalities[lang]),
            "municipalities": len(self.municipalities[lang]),
            "sites_available": len(available),
            "area_available": sum(s.area for s in available),
        }


def _district(doc, key, form, lang):
    """A district's group heading ('name') or what its members say of it ('member', default the name)."""
    entry = doc["districts"][key]
    return (entry.get(form) or entry["name"])[lang]


def build(records, data, settings):
    """The Model from checked records and data files."""
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    source_lang = languages[0]
    model = Model(languages)
    today = model.today = ruhr_settings.build_date(settings)
    doc = data["municipalities_doc"]
    model.population_source = doc.get("population_source", {})
    profiles = {(r.id, r.lang): r for r in records if r.kind == "municipality"}

    for lang in languages:
        for values in data["contacts"]:
            model.contacts[lang][values["key"]] = Contact(lang, dict(values, id=values["key"],
                                                                     role=values["role"].get(lang, "")))
        for values in data["municipalities"]:
            profile = profiles.get((values["key"], lang))
            m = Municipality(lang, dict(values, id=values["key"], slug=values["key"],
                                        summary=profile.values.get("summary") if profile else None,
                                        district_key=values["district"],
                                        district=_district(doc, values["district"], "member", lang),
                                        sites=[], stories=[], projects=[]),
                             content=profile.html if profile else "", source_path=profile.path if profile else "")
            m.url = url_for(settings, "municipality", lang, m.slug)
            model.municipalities[lang].append(m)

    by_id = {}
    sources = {(r.kind, r.id): r for r in records if r.lang == source_lang}
    for r in records:
        if r.kind == "municipality":
            continue
        cls = CLASSES[r.kind]
        values = merge(cls.fields, sources[(r.kind, r.id)].values, r.values)
        values["slug"] = values.get("slug") or r.id
        item = cls(r.lang, values, r.html, r.path)
        item.url = url_for(settings, r.kind, r.lang, item.slug)
        if r.kind == "event":
            item.derive(today, settings.get("TIMEZONE") or "Europe/Berlin")
        elif hasattr(item, "derive"):
            item.derive(today)
        by_id[(r.kind, r.id, r.lang)] = item
        getattr(model, COLLECTIONS[r.kind])[r.lang].append(item)

    stale_after = ruhr_settings.get(settings, "RUHR_STALE_AFTER_DAYS")
    for lang in languages:
        for site in model.sites[lang]:
            site.availability = availability.of(site, today, stale_after)
        # Sorted first, so that every list derived below is in the same order.
        model.sites[lang].sort(key=lambda s: sort_key(s.title))
        model.sectors[lang].sort(key=lambda s: sort_key(s.title))
        model.stories[lang].sort(key=lambda s: (s.date, s.id), reverse=True)
        model.pages[lang].sort(key=lambda p: p.id)
        model.programmes[lang].sort(key=lambda p: sort_key(p.title))
        model.projects[lang].sort(key=lambda p: (p.start, p.id), reverse=True)
        model.news[lang].sort(key=lambda n: (n.date, n.id), reverse=True)
        model.events[lang].sort(key=lambda e: (e.start, e.id))
        model.access[lang].sort(key=lambda p: p.form)
        model.municipalities[lang].sort(key=lambda m: sort_key(m.name))
        municipalities = {m.key: m for m in model.municipalities[lang]}
        for m in model.municipalities[lang]:
            m.translations = {l: next(x for x in model.municipalities[l] if x.key == m.key) for l in languages}
        for (kind, item_id, item_lang), item in by_id.items():
            if item_lang != lang:
                continue
            item.translations = {l: by_id[(kind, item_id, l)] for l in languages if (kind, item_id, l) in by_id}
            if getattr(item, "contact", None):
                item.contact = model.contacts[lang][item.contact]
            if "sectors" in item.__dict__:
                item.sectors = [by_id[("sector", s, lang)] for s in item.sectors]
            if item.__dict__.get("municipality"):
                item.municipality = municipalities[item.municipality]
            if "municipalities" in item.__dict__:
                item.municipalities = [municipalities[k] for k in item.municipalities]
            if kind == "sector":
                item.sites, item.stories, item.programmes, item.projects = [], [], [], []
            if kind == "site":
                item.stories = []
            if kind == "programme":
                item.projects = []
            if kind == "project" and item.programme:
                item.programme = by_id[("programme", item.programme, lang)]
        for site in model.sites[lang]:
            site.municipality.sites.append(site)
            for sector in site.sectors:
                sector.sites.append(site)
        for story in model.stories[lang]:
            story.site = by_id[("site", story.site, lang)] if story.site else None
            story.municipality.stories.append(story)
            for sector in story.sectors:
                sector.stories.append(story)
            if story.site:
                story.site.stories.append(story)
        for programme in model.programmes[lang]:
            for sector in programme.sectors:
                sector.programmes.append(programme)
        for project in model.projects[lang]:
            for sector in project.sectors:
                sector.projects.append(project)
            for m in project.municipalities:
                m.projects.append(project)
            if project.programme:
                project.programme.projects.append(project)

        districts = {}
        for m in model.municipalities[lang]:
            districts.setdefault(m.district_key, []).append(m)
        order = list(doc["districts"])
        model.districts[lang] = [(_district(doc, k, "name", lang), districts[k]) for k in order if k in districts]
    investment.attach(model, data, settings)
    return model
