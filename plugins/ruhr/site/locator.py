"""Static locator images: the region's municipalities as dots with one or more sites highlighted.

Drawn with Pillow at build time, no tiles: the picture a page shows in a map's place before the visitor
consents to loading the interactive map. Equirectangular projection around the region's centre, with a
scale bar that is true at that latitude and a north arrow. Same input, same bytes (palette PNG, no
metadata); images are cached by input, in memory and optionally in a cache folder.
"""

import hashlib
import json
import logging
import math
import os
from io import BytesIO
from dataclasses import dataclass
from functools import cached_property

import PIL
import font_lato
from PIL import Image, ImageDraw, ImageFont

from ruhr.util import workers
from ruhr.util.files import DiskCache, is_png
from ruhr.util.geo import Frame

logger = logging.getLogger(__name__)

VERSION = 1  # bump when the drawing changes, so cached images are redrawn
SUPERSAMPLE = 2  # town dots are drawn at twice the size, then reduced: smooth dots
COLOURS = 32  # palette size of the PNG

BACKGROUND = (246, 244, 238)
BORDER = (150, 150, 150)
TOWN = (96, 96, 96)
LABEL = (40, 40, 40)
HALO = (255, 255, 255)
SITE = (200, 16, 46)  # 5.3:1 against the background
SITE_RING = (255, 255, 255)
SITE_EDGE = (60, 0, 10)
TOWN_RADIUS = 2.5  # image pixels
HIGHLIGHT_RADIUS = 7


def _get(item, name):
    return item[name] if isinstance(item, dict) else getattr(item, name)


@dataclass(frozen=True)
class Locator:
    """One locator image: its PNG bytes and where it goes in the output."""

    key: str
    png: bytes
    width: int
    height: int

    @property
    def path(self):
        """File name, relative to the maps folder."""
        return f"locator-{self.key}.png"


class LocatorMaker:
    """Draws locator images for one set of municipalities and one size; caches by input.

    `municipalities`: items with `name`, `lat`, `lon`, `population` (dicts or objects).
    `label_population`: label municipalities at least this populous (None: no labels).
    `cache_path`: folder for cached PNGs across builds (None: memory only).
    `font_path`: TrueType font for the labels (default: Lato, from the font-lato package).
    """

    def __init__(self, municipalities, size=(640, 420), label_population=150_000, cache_path=None,
                 font_path=None):
        self.towns = sorted(
            (
                (_get(m, "name"), float(_get(m, "lat")), float(_get(m, "lon")), int(_get(m, "population") or 0))
                for m in municipalities
            ),
        )
        if not self.towns:
            raise ValueError("locator: no municipalities given")
        self.size = tuple(size)
        self.label_population = label_population
        self._key_parts = None  # (head, tail) of the cache key's JSON
        self.cache = DiskCache(cache_path, prefix="locator-", suffix=".png", valid=is_png)
        self.font_path = font_path or font_lato.Lato
        self._memo = {}

    def frame(self, highlights=()):
        """The frame used for an image with these highlighted (lat, lon) points."""
        points = [(t[1], t[2]) for t in self.towns] + [tuple(h) for h in highlights]
        return Frame.around(points, self.size)

    def prepare(self, highlight_sets, processes=1):
        """Draw the locators of `highlight_sets` that the cache folder lacks, in up to `processes` forked
        workers (a cold build draws a thousand); `locator()` then reads them from the cache."""
        if not self.cache.folder:
            return
        todo = {}
        for highlights in map(_normal, highlight_sets):
            key = self._key(highlights)
            if key not in self._memo and key not in todo and not os.path.exists(self.cache.path(key)):
                todo[key] = highlights
        workers.each(lambda item: self.cache.write(item[0], self._draw(item[1])), list(todo.items()), processes,
                     minimum=50)

    def locator(self, highlights):
        """The Locator for these highlighted (lat, lon) points (a site, or several)."""
        highlights = _normal(highlights)
        key = self._key(highlights)
        if key in self._memo:
            return self._memo[key]
        png = self.cache.read(key)
        if png is None:
            png = self._draw(highlights)
            self.cache.write(key, png)
        result = self._memo[key] = Locator(key, png, *self.size)
        return result

    # -- drawing -------------------------------------------------------------------------------------
    # The parts that do not depend on the highlights are drawn once and pasted: the base (town dots,
    # scale bar, north arrow), one sprite per label and per marker size, and one palette per frame.

    @cached_property
    def _fonts(self):
        return ImageFont.truetype(self.font_path, 13), ImageFont.truetype(self.font_path, 12)

    def _base(self, frame):
        """Town dots, scale bar and north arrow (drawn at twice the size, then reduced: smooth dots)."""
        key = ("base", frame)
        if key not in self._memo:
            s = SUPERSAMPLE
            w, h = self.size
            img = Image.new("RGB", (w * s, h * s), BACKGROUND)
            draw = ImageDraw.Draw(img)
            for _, lat, lon, _ in self.towns:
                draw.ellipse(_scaled(_box(frame.project(lat, lon), TOWN_RADIUS), s), fill=TOWN)
            img = img.reduce(s)
            draw = ImageDraw.Draw(img)
            draw.rectangle((0, 0, w - 1, h - 1), outline=BORDER)
            self._scale_bar(draw, frame)
            self._north_arrow(draw)
            self._memo[key] = img
        return self._memo[key]

    def _label(self, name):
        """A town's name as an RGBA sprite: dark text with a white halo."""
        key = ("label", name)
        if key not in self._memo:
            font = self._fonts[0]
            left, top, right, bottom = font.getbbox(name, stroke_width=2)
            img = Image.new("RGBA", (right - left, bottom - top), HALO + (0,))
            ImageDraw.Draw(img).text((-left, -top), name, font=font, fill=LABEL, stroke_width=2,
                                     stroke_fill=HALO)
            self._memo[key] = img
        return self._memo[key]

    def _marker(self, radius):
        """A highlighted site as an RGBA sprite (drawn at 4x, reduced): red dot, white ring, dark edge.
        The dot's centre is the centre of pixel (c, c) with c = sprite width // 2."""
        key = ("marker", radius)
        if key not in self._memo:
            k = 4
            c = radius + 3
            img = Image.new("RGBA", ((2 * c + 1) * k,) * 2, SITE_RING + (0,))
            draw = ImageDraw.Draw(img)
            centre = (c + 0.5, c + 0.5)
            for r, colour in ((radius + 2, SITE_EDGE), (radius + 1, SITE_RING), (radius, SITE)):
                draw.ellipse(_scaled(_box(centre, r), k), fill=colour)
            self._memo[key] = img.reduce(k)
        return self._memo[key]

    def _palette(self, frame):
        """One palette per frame, made from the base with every label and a marker on it, so that
        the colours of an image do not depend on which image was drawn first."""
        key = ("palette", frame)
        if key not in self._memo:
            img = self._base(frame).copy()
            for name, placed in self._placed_labels(frame, ()):
                img.paste(self._label(name), placed, self._label(name))
            marker = self._marker(HIGHLIGHT_RADIUS)
            img.paste(marker, (0, 0), marker)
            self._memo[key] = img.quantize(COLOURS, method=Image.Quantize.MEDIANCUT,
                                           dither=Image.Dither.NONE)
        return self._memo[key]

    def _placed_labels(self, frame, highlights):
        """(name, top-left corner) of the labels to draw: larger towns first, each beside its dot,
        right, left, above or below; a label that would cover another, a dot or a site is left out."""
        if self.label_population is None:
            return []
        w, h = self.size
        taken = [_box(frame.project(lat, lon), HIGHLIGHT_RADIUS + 3) for lat, lon in highlights]
        dots = {name: _box(frame.project(lat, lon), TOWN_RADIUS + 1) for name, lat, lon, _ in self.towns}
        placed = []
        larger = sorted((t for t in self.towns if t[3] >= self.label_population), key=lambda t: (-t[3], t[0]))
        for name, lat, lon, _ in larger:
            x, y = frame.project(lat, lon)
            tw, th = self._label(name).size
            gap = 5
            obstacles = taken + [box for other, box in dots.items() if other != name]
            for ax, ay in ((x + gap, y - th / 2), (x - gap - tw, y - th / 2), (x - tw / 2, y - gap - th),
                           (x - tw / 2, y + gap)):
                ax, ay = round(ax), round(ay)
                box = (ax, ay, ax + tw, ay + th)
                inside = box[0] > 2 and box[1] > 2 and box[2] < w - 2 and box[3] < h - 36
                if inside and not any(_overlap(box, other) for other in obstacles):
                    taken.append(box)
                    placed.append((name, (ax, ay)))
                    break
        return placed

    def _scale_bar(self, draw, frame):
        """A bar of a round number of km, at most a sixth of the width, bottom left."""
        w, h = self.size
        km = max([n for n in (1, 2, 5, 10, 20, 25, 50, 100) if n <= w / 6 / frame.scale] or [1])
        length = round(km * frame.scale)
        x0, y0 = 16, h - 18
        draw.rectangle((x0, y0 - 4, x0 + length, y0), fill=LABEL)
        draw.rectangle((x0 + length // 2, y0 - 3, x0 + length - 1, y0 - 1), fill=HALO)
        draw.text((x0 + length + 6, y0 + 1), f"{km} km", font=self._fonts[1], fill=LABEL, anchor="ls")

    def _north_arrow(self, draw):
        w, h = self.size
        cx, base = w - 24, h - 12
        tip = base - 24
        draw.polygon([(cx, tip), (cx + 7, base), (cx, base - 6)], fill=LABEL)
        draw.polygon([(cx, tip), (cx - 7, base), (cx, base - 6)], fill=HALO, outline=LABEL)
        draw.text((cx, tip - 3), "N", font=self._fonts[1], fill=LABEL, anchor="ms")

    def _draw(self, highlights):
        frame = self.frame(highlights)
        img = self._base(frame).copy()
        for name, corner in self._placed_labels(frame, highlights):
            img.paste(self._label(name), corner, self._label(name))
        marker = self._marker(HIGHLIGHT_RADIUS if len(highlights) == 1 else HIGHLIGHT_RADIUS - 2)
        c = marker.width // 2
        for lat, lon in highlights:
            x, y = frame.project(lat, lon)
            img.paste(marker, (math.floor(x) - c, math.floor(y) - c), marker)
        img = img.quantize(palette=self._palette(frame), dither=Image.Dither.NONE)
        out = BytesIO()
        img.save(out, "PNG")
        return out.getvalue()

    # -- caching -------------------------------------------------------------------------------------

    def _key(self, highlights):
        """The hash of the JSON of [VERSION, Pillow's version, size, label_population, towns, highlights, font]:
        the parts that are the same for every locator are encoded once."""
        if self._key_parts is None:
            dump = lambda value: json.dumps(value, separators=(",", ":"))  # noqa: E731
            self._key_parts = ("[" + ",".join(map(dump, [VERSION, PIL.__version__, self.size, self.label_population,
                                                           self.towns])) + ",",
                               "," + dump(os.path.basename(self.font_path)) + "]")
        head, tail = self._key_parts
        text = head + json.dumps(highlights, separators=(",", ":")) + tail
        return hashlib.sha256(text.encode()).hexdigest()[:16]



def _normal(highlights):
    return tuple(sorted((round(float(lat), 6), round(float(lon), 6)) for lat, lon in highlights))


def _box(centre, radius):
    """Bounding box of a circle."""
    x, y = centre
    return (x - radius, y - radius, x + radius, y + radius)


def _scaled(box, factor):
    return tuple(v * factor for v in box)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# -- alt text ------------------------------------------------------------------------------------------

MAX_PLACES_NAMED = 5  # more municipalities than this are counted, not named


def alt_text(sites, municipality=None, sector=None, gettext=None):
    """Alt text naming the place(s) a locator image shows, through `gettext` (English msgids; the
    catalogs translate them).

    `sites`: (site name, municipality name) pairs. With one site the text names it and its municipality;
    with several it names their municipalities, or counts them if there are many (the sites themselves
    are listed in the table next to the map).
    """
    _ = gettext or (lambda s: s)
    sites = list(sites)
    if len(sites) == 1:
        (name, place), = sites
        if sector:
            return _("Location of the site %(site)s for the %(sector)s sector in %(municipality)s, Ruhr area") % {
                "site": name, "sector": sector, "municipality": place}
        return _("Location of the site %(site)s in %(municipality)s, Ruhr area") % {"site": name, "municipality": place}
    if municipality:
        return _("Location of the %(count)d sites in %(municipality)s, Ruhr area") % {
            "count": len(sites), "municipality": municipality}
    places = sorted({place for _name, place in sites})
    if len(places) > MAX_PLACES_NAMED:
        places = _("%(count)d municipalities") % {"count": len(places)}
    elif len(places) > 1:
        places = _("%(first)s and %(last)s") % {"first": ", ".join(places[:-1]), "last": places[-1]}
    else:
        places = places[0]
    if sector:
        return _("Location of the %(count)d sites for the %(sector)s sector in %(places)s, Ruhr area") % {
            "count": len(sites), "sector": sector, "places": places}
    return _("Location of the %(count)d sites in %(places)s, Ruhr area") % {"count": len(sites), "places": places}
