"""Open Graph social cards: a 1200 x 630 PNG per site, sector and story and language.

A card shows a label (what and where), the title, one key fact, the brand line and, for an item with a
place, a locator: the region's municipalities as dots and the item as a yellow marker. White text on
the brand blue (contrast 9.2:1, AA); Lato (OFL, from the `font-lato` package) is the typeface.

Cards are cheap to draw (about 1 ms) because they are flat: the image is a palette image whose first 224
colours run from the background to the text colour, so pasting a word's anti-aliased mask in the text
colour blends correctly; word masks, the background and the locator map are drawn once per process; the
8-bit PNG is deflated at level 1 by ISA-L when installed (`isal`, five times faster than zlib). The same
input gives the same bytes, and cards are cached by a hash of their input: an unchanged card is linked or
copied, never drawn again. Many missing cards are drawn in parallel processes.

    maker = CardMaker.from_settings(settings, output_dir, places=[(lat, lon), ...])
    cards = maker.cards([CardSpec("site-x-de", title=..., fact=..., label=..., footer=..., place=(lat, lon))])
    cards[0].url, .width, .height, .alt   # -> og:image (absolute), og:image:width, ...
"""

import hashlib
import json
import logging
import struct
import time
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ruhr.site import images
from ruhr.util import workers
from ruhr.util.files import DiskCache, is_png, write_atomic
from ruhr.util.geo import Frame
from ruhr import settings as ruhr_settings

log = logging.getLogger(__name__)

CARD_VERSION = 3  # bump when the layout changes: invalidates cached cards
RAMP = 224  # palette entries 0..RAMP-1: background -> text colour; the rest: accent and locator colours

try:
    from isal import isal_zlib

    DEFLATE, DEFLATE_VERSION = isal_zlib.compress, "isal-" + metadata.version("isal")
except ImportError:
    DEFLATE, DEFLATE_VERSION = zlib.compress, "zlib-" + zlib.ZLIB_RUNTIME_VERSION

try:
    import font_lato

    FONTS = {"regular": font_lato.font_files["Lato"], "bold": font_lato.font_files["LatoBold"]}
    FONT_VERSION = metadata.version("font-lato")
except ImportError:  # Pillow's built-in scalable font: plainer, but the card still works
    FONTS, FONT_VERSION = {}, "pillow-default"


@dataclass(frozen=True)
class CardSpec:
    """What one card shows. `name` becomes the file name (e.g. "site-<id>-<lang>"); `place` is
    (lat, lon) of the marker on the locator, or None for no locator."""

    name: str
    title: str
    fact: str = ""
    label: str = ""
    footer: str = ""
    place: tuple | None = None
    alt: str = ""


@dataclass(frozen=True)
class Card:
    """A written social card: the URL (root-relative), its size, MIME type and alt text."""

    url: str
    width: int
    height: int
    alt: str
    type: str = "image/png"
    file: str = ""  # relative to the output folder


class CardMaker:
    """Draws and publishes the cards of one build. `places`: (lat, lon) of every dot on the locator."""

    def __init__(self, output_dir, cache_dir, settings=None, places=()):
        settings = settings or {}
        get = lambda name: ruhr_settings.get(settings, name)  # noqa: E731
        self.output_dir = Path(output_dir)
        self.cache_dir = Path(cache_dir)
        self.cache = DiskCache(self.cache_dir, suffix=".png", valid=is_png)  # a damaged card is drawn anew
        self.url_dir = get("RUHR_CARD_OUTPUT").strip("/")
        self.size = tuple(get("RUHR_CARD_SIZE"))
        self.colours = dict(get("RUHR_CARD_COLOURS"))
        self.processes = workers.allowed(settings)
        self.places = tuple((round(lat, 5), round(lon, 5)) for lat, lon in places)
        self._design = None
        self._key_head = None

    @classmethod
    def from_settings(cls, settings, output_dir=None, places=()):
        get = lambda name: ruhr_settings.get(settings, name)  # noqa: E731
        return cls(output_dir or settings["OUTPUT_PATH"],
                   Path(settings.get("CACHE_PATH", "cache")) / get("RUHR_CARD_CACHE"), settings, places)

    @property
    def design(self):
        if self._design is None:
            self._design = Design(self.size, self.colours, self.places)
        return self._design

    def key(self, spec):
        """The hash of the JSON of the design (versions, size, colours, places) and the card's words and place;
        the design's part, the same for every card, is encoded once."""
        dump = lambda value: json.dumps(value, sort_keys=True)  # noqa: E731
        if self._key_head is None:
            self._key_head = "[" + ", ".join(map(dump, [CARD_VERSION, Image.__version__, FONT_VERSION,
                                                        DEFLATE_VERSION, self.size, self.colours, self.places]))
        text = ", ".join([self._key_head, *map(dump, [spec.title, spec.fact, spec.label, spec.footer, spec.place])])
        return hashlib.sha256((text + "]").encode()).hexdigest()

    def cards(self, specs):
        """Write the cards of `specs` to the output folder (drawing those not cached) and describe them."""
        started = time.perf_counter()
        keys = [self.key(spec) for spec in specs]
        todo = {key: spec for key, spec in zip(keys, specs) if self.cache.read(key) is None}
        if todo:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            self._draw_all(list(todo.items()))
        images._count("cards_rendered", len(todo))
        images._count("cards_cached", len(specs) - len(todo))
        target = self.output_dir / self.url_dir
        target.mkdir(parents=True, exist_ok=True)
        result = []
        for key, spec in zip(keys, specs):
            out_name = f"{spec.name}.{key[:HASH_LENGTH]}.png"  # fingerprinted as ruhr.site.postprocess names
            images.publish(self.cache_dir / f"{key}.png", target / out_name)
            alt = spec.alt or (f"{spec.label}: " if spec.label else "") + " – ".join(p for p in (spec.title, spec.fact) if p)
            result.append(Card(url=f"/{self.url_dir}/{out_name}", width=self.size[0], height=self.size[1],
                               alt=alt, file=f"{self.url_dir}/{out_name}"))
        images._count("seconds", time.perf_counter() - started)
        return result

    def card(self, name, **fields):
        """One card: `card("site-x-de", title=..., fact=..., label=..., footer=..., place=(lat, lon))`."""
        return self.cards([CardSpec(name, **fields)])[0]

    def _draw_all(self, todo):
        self.design  # drawn once here, inherited by forked workers
        workers.each(self._draw, todo, self.processes, MIN_CARDS_PER_PROCESS)

    def _draw(self, item):
        key, spec = item
        write_atomic(self.cache.path(key), to_png(self.design.render(spec)))


HASH_LENGTH = 10  # `name.<10 hex digits>.ext`: ruhr.site.postprocess leaves it, ruhr.publish.sync caches it a year
MIN_CARDS_PER_PROCESS = 100  # fewer: not worth starting a process


# -- drawing -------------------------------------------------------------------------------------
def _rgb(colour):
    return Image.new("RGB", (1, 1), colour).getpixel((0, 0))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


@lru_cache(maxsize=None)
def font(weight, size):
    if weight in FONTS:
        return ImageFont.truetype(FONTS[weight], size, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(size)


@lru_cache(maxsize=20_000)
def word(weight, size, text):
    """The anti-aliased mask of one word, its offset from the pen position and its advance width."""
    face = font(weight, size)
    left, top, right, bottom = face.getbbox(text)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(mask).text((-left, -top), text, font=face, fill=255)
    return mask, left, top, face.getlength(text)


def width_of(weight, size, text):
    space = word(weight, size, " ")[3]
    words = text.split()
    return sum(word(weight, size, w)[3] for w in words) + space * (len(words) - 1)


def wrap(text, weight, size, width, max_lines):
    """`text` in lines no wider than `width` px; the last line ends in "…" if it doesn't all fit."""
    space = word(weight, size, " ")[3]
    lines, line, used = [], [], 0.0
    for w in text.split():
        while word(weight, size, w)[3] > width:  # a compound longer than the line: break it
            cut = next(i for i in range(len(w) - 1, 0, -1)
                       if word(weight, size, w[:i] + "-")[3] <= width or i == 1)
            if line:
                lines.append(" ".join(line))
                line, used = [], 0.0
            lines.append(w[:cut] + "-")
            w = w[cut:]
        advance = word(weight, size, w)[3]
        if line and used + space + advance > width:
            lines.append(" ".join(line))
            line, used = [], 0.0
        used += (space if line else 0) + advance
        line.append(w)
    if line:
        lines.append(" ".join(line))
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and width_of(weight, size, last + " …") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + " …"]
    return lines


class Design:
    """The palette, the empty card and the locator map: drawn once, then copied for each card."""

    def __init__(self, size, colours, places):
        self.size = size
        width, height = size
        self.margin = round(height * 0.1)  # 63 px at 630
        bg, fg, accent = (_rgb(colours[k]) for k in ("background", "text", "accent"))
        panel = _mix(bg, fg, 0.12)
        dot = _mix(bg, fg, 0.55)
        extra = [accent, panel, dot, (255, 255, 255)]
        extra += [_mix(panel, dot, t / 6) for t in range(1, 6)]
        extra += [_mix(panel, accent, t / 8) for t in range(1, 8)]
        extra += [_mix(panel, (255, 255, 255), t / 8) for t in range(1, 8)]
        extra += [_mix(accent, (255, 255, 255), t / 8) for t in range(1, 8)]
        colours_ = [_mix(bg, fg, i / (RAMP - 1)) for i in range(RAMP)] + extra[: 256 - RAMP]
        colours_ += [bg] * (256 - len(colours_))
        self.palette = [c for rgb in colours_ for c in rgb]
        self.text, self.accent = RAMP - 1, RAMP
        self.blank = Image.new("P", size, 0)
        self.blank.putpalette(self.palette)
        draw = ImageDraw.Draw(self.blank)
        draw.rectangle((0, height - 12, width, height), fill=self.accent)  # brand stripe
        self.map = None
        if places:
            self.map = LocatorMap(places, (round(width * 0.36), height - 2 * self.margin - 40),
                                  panel, dot, accent, self._quantize)

    def _quantize(self, rgb_image):
        palette_image = Image.new("P", (1, 1))
        palette_image.putpalette(self.palette)
        return rgb_image.quantize(palette=palette_image, dither=Image.Dither.NONE)

    def paste_text(self, image, xy, text, weight, size):
        x, y = xy
        space = word(weight, size, " ")[3]
        for w in text.split():
            mask, left, top, advance = word(weight, size, w)
            image.paste(self.text, (round(x + left), round(y + top)), mask)  # blends along the ramp
            x += advance + space

    def render(self, spec):
        """The card of `spec` as a palette image."""
        width, height = self.size
        margin = self.margin
        image = self.blank.copy()
        text_right = width - margin
        if spec.place is not None and self.map is not None:
            box = (width - margin - self.map.size[0], (height - self.map.size[1]) // 2 - 6)
            self.map.paste(image, box, spec.place)
            text_right = box[0] - margin * 2 // 3
        text_width = text_right - margin
        y = margin
        if spec.label:
            ImageDraw.Draw(image).rectangle((margin, y, margin + 72, y + 7), fill=self.accent)
            y += 24
            for line in wrap(spec.label.upper(), "bold", 26, text_width, 1):
                self.paste_text(image, (margin, y), line, "bold", 26)
            y += 56
        for size in (68, 60, 54, 48, 42):
            lines = wrap(spec.title, "bold", size, text_width, 3 if size > 54 else 4)
            if not lines[-1].endswith("…"):
                break
        for line in lines:
            self.paste_text(image, (margin, y), line, "bold", size)
            y += round(size * 1.18)
        if spec.fact:
            y += 20
            for line in wrap(spec.fact, "regular", 34, text_width, 2):
                self.paste_text(image, (margin, y), line, "regular", 34)
                y += 46
        if spec.footer:
            self.paste_text(image, (margin, height - margin - 30), spec.footer, "regular", 26)
        return image


class LocatorMap:
    """The region's places as dots on a panel; a card adds its item's marker."""

    SCALE = 4  # drawn at 4x and scaled down: smooth dots

    def __init__(self, places, box_size, panel, dot, accent, quantize):
        # The projection of the locator images (ruhr.util.geo.Frame), 16 px of panel around the places.
        self.frame = Frame.fitted(places, box_size, margin=(16, 16, 16, 16))
        self.size = (self.frame.width, self.frame.height)
        s = self.SCALE
        big = Image.new("RGB", (self.size[0] * s, self.size[1] * s), panel)
        draw = ImageDraw.Draw(big)
        for place in places:
            x, y = self.xy(place)
            draw.ellipse(((x - 4) * s, (y - 4) * s, (x + 4) * s, (y + 4) * s), fill=dot)
        self.panel = quantize(big.resize(self.size, Image.Resampling.BOX))
        r = 15  # the marker: a yellow dot with a white ring, anti-aliased against the panel
        m = Image.new("RGB", ((2 * r + 2) * s, (2 * r + 2) * s), panel)
        ring = ImageDraw.Draw(m)
        ring.ellipse((s, s, (2 * r + 1) * s, (2 * r + 1) * s), fill=(255, 255, 255))
        ring.ellipse((5 * s, 5 * s, (2 * r - 3) * s, (2 * r - 3) * s), fill=accent)
        mask = Image.new("L", m.size, 0)
        ImageDraw.Draw(mask).ellipse((s // 2, s // 2, (2 * r + 1) * s + s // 2, (2 * r + 1) * s + s // 2), fill=255)
        self.marker = quantize(m.resize((2 * r + 2, 2 * r + 2), Image.Resampling.BOX))
        self.marker_mask = mask.resize(self.marker.size, Image.Resampling.BOX).point(lambda v: 255 if v > 96 else 0, "1")
        self.radius = r + 1

    def xy(self, place):
        x, y = self.frame.project(*place)
        return round(min(max(x, 0), self.size[0] - 1)), round(min(max(y, 0), self.size[1] - 1))

    def paste(self, image, box, place):
        image.paste(self.panel, box)
        x, y = self.xy(place)
        image.paste(self.marker, (box[0] + x - self.radius, box[1] + y - self.radius), self.marker_mask)


def to_png(image):
    """A palette image as PNG bytes (8-bit, no filter: a flat card needs none), without metadata.

    Written here rather than by Pillow to use ISA-L's deflate (the `isal` package) when installed: at level
    1 it is about five times faster than zlib's, and deflating is most of a card's cost."""
    width, height = image.size
    rows = Image.new("P", (width + 1, height), 0)  # column 0 is each row's filter byte: 0, none
    rows.paste(image, (1, 0))
    palette = bytes(image.getpalette()[:768])

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return b"".join((b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
                     chunk(b"PLTE", palette), chunk(b"IDAT", DEFLATE(rows.tobytes(), 1)), chunk(b"IEND", b"")))


def render(title, fact="", *, label="", footer="", place=None, places=(), size=(1200, 630), colours=None):
    """One card as a palette image (for tests and previews)."""
    colours = colours or ruhr_settings.DEFAULTS["RUHR_CARD_COLOURS"]
    return Design(tuple(size), colours, places).render(CardSpec("", title, fact, label, footer, place))


__all__ = ["Card", "CardMaker", "CardSpec", "render"]
