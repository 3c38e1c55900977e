"""Photos and social cards of sites, sectors and stories, made once per build when the model is ready.

Connected to Pelican's generator_init (starts processing the photo folder in background threads while the
content is read), to ruhr.signals.content_read (waits for them) and to ruhr.signals.model_ready:

- every photo the content references is processed once, whichever languages ask for it, and cached
  by content between builds (ruhr.site.images); its Photo is attached to the entry: `item.photos[i]["photo"]`;
- every photo problem (an unreadable, truncated or oversized image, an empty alt text) becomes a content
  problem, `path:line: photos[i].file: …`, and stops the build like any other;
- each site, sector and story gets a social card per language (ruhr.site.cards): `item.card`, a Card, or
  None when RUHR_SOCIAL_CARDS is off.

The figures of the image work (ruhr.site.images.stats()) are logged and written to
<CACHE_PATH>/<RUHR_PHOTO_CACHE>/stats.json for the benchmark.
"""

import json
import logging
import weakref
from pathlib import Path

from ruhr.core import i18n
from ruhr.core.facts import Facts
from ruhr.site import images
from ruhr import settings as ruhr_settings
from ruhr.site.cards import CardMaker, CardSpec
from ruhr.core.frontmatter import FrontMatterError, parse
from ruhr.site.images import PhotoPipeline, PhotoProblem
from ruhr.core.validate import ContentError, Problem, line_of

log = logging.getLogger(__name__)

KINDS = ("sites", "sectors", "stories")
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".avif"}
_PIPELINES = weakref.WeakKeyDictionary()  # generator -> its PhotoPipeline, from generator_init to model_ready


def on_generator_init(generator):
    """Start processing the photo folder in background threads while the content is read: that is
    single-threaded, so a core is free. Only the cache is written; the output waits for model_ready."""
    from ruhr.site.generator import RuhrGenerator

    if not isinstance(generator, RuhrGenerator):
        return
    images.reset_stats()
    pipeline = PhotoPipeline.from_settings(generator.settings, generator.output_path)
    if pipeline.source_dir.is_dir():
        pipeline.start(sorted(p.name for p in pipeline.source_dir.iterdir()
                              if p.suffix.lower() in PHOTO_SUFFIXES and not p.name.startswith(".")))
    _PIPELINES[generator] = pipeline


def on_content_read(generator):
    """The photos started at generator_init are done before the model_ready receivers run: some of them fork
    worker processes (cards, locator images), which must not happen while threads work."""
    pipeline = _PIPELINES.get(generator)
    if pipeline is not None:
        pipeline.close()


def on_model_ready(model, generator):
    items = [item for kind in KINDS for lang in model.languages for item in getattr(model, kind)[lang]]
    pipeline = _PIPELINES.pop(generator, None) or PhotoPipeline.from_settings(generator.settings,
                                                                              generator.output_path)
    try:
        attach_photos(items, model.languages[0], pipeline)
    finally:
        pipeline.close()
    attach_cards(items, model, generator)
    figures = images.stats()
    log.info("%s", images.summary(figures))
    stats_file = Path(generator.settings.get("CACHE_PATH", "cache")) / ruhr_settings.get(
        generator.settings, "RUHR_PHOTO_CACHE") / "stats.json"
    stats_file.parent.mkdir(parents=True, exist_ok=True)
    stats_file.write_text(json.dumps(figures, indent=1), encoding="utf-8")


# -- photos --------------------------------------------------------------------------------------
def attach_photos(items, source_lang, pipeline):
    """Process every referenced photo once; attach it, or raise ContentError with every problem."""
    entries = [(item, i, entry) for item in items for i, entry in enumerate(item.photos or [])]
    pipeline.start(entry["file"] for _, _, entry in entries)
    problems = []
    for item, i, entry in entries:
        alt = (entry.get("alt") or "").strip()
        if not alt:
            problems.append(_problem(item, ("photos", i, "alt"), "the photo has no alt text in this language "
                                     "(expected a short description of what it shows)"))
        elif alt.lower() in (entry["file"].lower(), Path(entry["file"]).stem.lower()):
            problems.append(_problem(item, ("photos", i, "alt"), f"'{alt}' is the file name (expected a short "
                                     "description of what the photo shows)"))
        try:
            entry["photo"] = pipeline.photo(entry["file"])
        except PhotoProblem as problem:
            if item.lang == source_lang:  # the file is named in the source-language file: report it there
                problems.append(_problem(item, ("photos", i, "file"),
                                         f"{problem.path}: {problem.message} (fix: {problem.fix})"))
    if problems:
        raise ContentError(problems)


def _problem(item, path, message):
    return Problem(item.source_path, line_of(_lines(item.source_path), path), ".".join(
        f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "["), message)


def _lines(path):
    """{key path: line} of a content file's front matter (read again: only when there is a problem)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return parse(fh.read())[1]
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return {}


# -- social cards --------------------------------------------------------------------------------
def attach_cards(items, model, generator):
    """`item.card` for every item: drawn or taken from the cache, or None when cards are off."""
    settings = generator.settings
    if not ruhr_settings.get(settings, "RUHR_SOCIAL_CARDS"):
        for item in items:
            item.card = None
        return
    places = [(m.lat, m.lon) for m in model.municipalities[model.languages[0]]]
    maker = CardMaker.from_settings(settings, generator.output_path, places)
    texts = {lang: CardText(lang, settings, generator.catalogs[lang]) for lang in model.languages}
    specs = [texts[item.lang].spec(item) for item in items]
    for item, card in zip(items, maker.cards(specs)):
        item.card = card


class CardText:
    """The words on the cards of one language: UI strings from the message catalog, numbers by Babel."""

    def __init__(self, lang, settings, catalog):
        self.lang = lang
        self.context = {"lang": lang, "RUHR_LOCALES": ruhr_settings.get(settings, "RUHR_LOCALES")}
        self.gettext = catalog.gettext
        self.facts = Facts(lang, settings, catalog.gettext)  # the facts a site's card shows: schema.py's show
        self.footer = "Metropole Ruhr · " + self.gettext("Business locations")

    def spec(self, item):
        _ = self.gettext
        c = self.context
        place = None
        if item.kind == "site":
            label = _("Site") + " · " + item.municipality.name
            fact = " · ".join(row.text for row in self.facts.rows(item, "card"))
            place = (item.lat, item.lon)
        elif item.kind == "sector":
            label = _("Sector")
            figure = (item.key_figures or [None])[0]
            fact = f"{figure['label']}: {self.figure(figure)}" if figure else item.summary
        else:
            label = _("Success story") + " · " + item.municipality.name
            fact = " · ".join([_("Investment") + ": " + i18n.money_compact(c, item.investment_eur),
                               _("Jobs") + ": " + i18n.number(c, item.jobs)])
            where = item.site or item.municipality
            place = (where.lat, where.lon)
        return CardSpec(f"{item.kind}-{item.id}-{item.lang}", item.title, fact, label, self.footer, place)

    def figure(self, figure):
        """A key figure's value, as the sector page shows it (macros/items.html: key_figure)."""
        c, value, unit = self.context, figure["value"], figure["unit"]
        if unit == "eur":
            return i18n.money_compact(c, value)
        if unit == "eur_bn":
            return i18n.money_compact(c, value * 1_000_000_000)
        units = {"percent": "%", "m2": "m²", "ha": "ha", "t": self.gettext("t"), "mw": "MW"}
        return i18n.with_unit(c, value, units[unit]) if unit in units else i18n.number(c, value)
