"""Open Graph social cards: a 1200 x 630 PNG per site, sector and story.

A card shows a small label (what it is), the title, one key fact, the brand line and, when given,
a locator image (the item's place on a map). White text on the brand blue (contrast 9.2:1, AA);
Lato (OFL, from the `font-lato` package) is the typeface. The same input gives the same bytes, and
cards are cached by a hash of their input: an unchanged card is copied, not drawn again.

    cards = CardMaker.from_settings(settings, output_dir)
    card = cards.card("site-dortmund-westfalenhuette-de", title=..., fact="12,5 ha · GI · A 2: 2 km",
                      label="Gewerbefläche", footer="Metropole Ruhr – Standorte", locator=locator_png)
    card.url, card.width, card.height, card.alt  # -> og:image (absolute with SITEURL), og:image:width ...
"""

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from ruhr import images
from ruhr import settings as ruhr_settings
from ruhr.images import PhotoProblem

log = logging.getLogger(__name__)

CARD_VERSION = 1  # bump when the layout changes: invalidates cached cards

try:
    import font_lato

    FONTS = {"regular": font_lato.font_files["Lato"], "bold": font_lato.font_files["LatoBold"]}
    FONT_VERSION = metadata.version("font-lato")
except ImportError:  # Pillow's built-in scalable font: plainer, but the card still works
    FONTS, FONT_VERSION = {}, "pillow-default"


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
    def __init__(self, output_dir, cache_dir, settings=None):
        settings = settings or {}
        get = lambda name: ruhr_settings.get(settings, name)  # noqa: E731
        self.output_dir = Path(output_dir)
        self.cache_dir = Path(cache_dir)
        self.url_dir = get("RUHR_CARD_OUTPUT").strip("/")
        self.size = tuple(get("RUHR_CARD_SIZE"))
        self.colours = dict(get("RUHR_CARD_COLOURS"))

    @classmethod
    def from_settings(cls, settings, output_dir=None):
        get = lambda name: ruhr_settings.get(settings, name)  # noqa: E731
        return cls(output_dir or settings["OUTPUT_PATH"],
                   Path(settings.get("CACHE_PATH", "cache")) / get("RUHR_CARD_CACHE"), settings)

    def card(self, name, *, title, fact="", label="", footer="", locator=None, alt=None):
        """Write the card `name` (e.g. "site-<id>-<lang>") to the output folder and describe it.

        `locator`: a PIL image or the path of a raster image (PNG, JPEG, WebP), or None.
        """
        started = time.perf_counter()
        locator_image = _load_locator(locator)
        key = self._key(title, fact, label, footer, locator_image)
        cached = self.cache_dir / f"{key}.png"
        if cached.is_file():
            images._count("cards_cached")
        else:
            image = render(title, fact, label=label, footer=footer, locator=locator_image,
                           size=self.size, colours=self.colours)
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-", suffix=".png")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(to_png(image))
                os.replace(tmp, cached)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            images._count("cards_rendered")
        target = self.output_dir / self.url_dir
        target.mkdir(parents=True, exist_ok=True)
        out_name = f"{name}-{key[:8]}.png"
        shutil.copyfile(cached, target / out_name)
        images._count("seconds", time.perf_counter() - started)
        parts = [p for p in (title, fact) if p]
        return Card(url=f"/{self.url_dir}/{out_name}", width=self.size[0], height=self.size[1],
                    alt=alt or (f"{label}: " if label else "") + " – ".join(parts),
                    file=f"{self.url_dir}/{out_name}")

    def _key(self, title, fact, label, footer, locator):
        digest = hashlib.sha256(json.dumps(
            [CARD_VERSION, Image.__version__, FONT_VERSION, self.size, self.colours, title, fact, label, footer],
            sort_keys=True).encode())
        if locator is not None:
            digest.update(f"{locator.mode}{locator.size}".encode())
            digest.update(locator.tobytes())
        return digest.hexdigest()


def _load_locator(locator):
    if locator is None or isinstance(locator, Image.Image):
        return locator
    try:
        with Image.open(locator, formats=["PNG", "JPEG", "WEBP"]) as image:
            image.load()
            return image.copy()
    except FileNotFoundError:
        raise PhotoProblem(locator, "locator image not found", "make the locator before the card") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PhotoProblem(locator, f"locator image unreadable ({error})",
                           "give a PNG, JPEG or WebP image") from None


def font(weight, size):
    if weight in FONTS:
        return ImageFont.truetype(FONTS[weight], size, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(size)


def wrap(text, face, width, max_lines):
    """`text` in lines no wider than `width` px; the last line ends in "…" if it doesn't all fit."""
    lines, line = [], ""
    for word in text.split():
        while face.getlength(word) > width:  # a compound longer than the line: break it
            cut = next(i for i in range(len(word), 0, -1) if face.getlength(word[:i] + "-") <= width or i == 1)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{line} {word}".strip()
        if face.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and face.getlength(last + " …") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + " …"]
    return lines


def render(title, fact="", *, label="", footer="", locator=None, size=(1200, 630), colours=None):
    """The card as a PIL image (RGB)."""
    colours = colours or ruhr_settings.DEFAULTS["RUHR_CARD_COLOURS"]
    width, height = size
    margin = round(height * 0.1)  # 63 px at 630
    image = Image.new("RGB", size, colours["background"])
    draw = ImageDraw.Draw(image)
    text_right = width - margin
    if locator is not None:
        side = height - 2 * margin
        box = (width - margin - side, margin)
        locator = locator.convert("RGB")
        framed = ImageOps.pad(locator, (side - 12, side - 12), color=locator.getpixel((0, 0)))
        draw.rectangle((box[0], box[1], box[0] + side - 1, box[1] + side - 1), fill="white")
        image.paste(framed, (box[0] + 6, box[1] + 6))
        text_right = box[0] - margin // 1.5
    text_width = text_right - margin
    draw.rectangle((0, height - 12, width, height), fill=colours["accent"])  # brand stripe
    y = margin
    if label:
        draw.rectangle((margin, y, margin + 72, y + 8), fill=colours["accent"])
        y += 24
        draw.text((margin, y), label.upper(), font=font("bold", 26), fill=colours["text"])
        y += 56
    for title_size in (68, 60, 54, 48, 42):
        title_face = font("bold", title_size)
        lines = wrap(title, title_face, text_width, 3 if title_size > 54 else 4)
        if not lines[-1].endswith("…"):
            break
    for line in lines:
        draw.text((margin, y), line, font=title_face, fill=colours["text"])
        y += round(title_size * 1.18)
    if fact:
        y += 20
        fact_face = font("regular", 34)
        for line in wrap(fact, fact_face, text_width, 2):
            draw.text((margin, y), line, font=fact_face, fill=colours["text"])
            y += 44
    if footer:
        footer_face = font("regular", 26)
        draw.text((margin, height - margin - 26), footer, font=footer_face, fill=colours["text"])
    return image


def to_png(image):
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


__all__ = ["Card", "CardMaker", "render"]
