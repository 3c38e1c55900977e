"""Icons made at build time from one source image (RUHR_ICON, a square PNG in the theme): /favicon.ico (16, 32 and 48
pixels) and /apple-touch-icon.png (180 pixels, opaque). templates/base.html links them; browsers that ask
for /favicon.ico without reading the page find it too.
"""

import logging
import os

from PIL import Image

from ruhr import settings as ruhr_settings

logger = logging.getLogger(__name__)

FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]
TOUCH_SIZE = 180


def write_icons(source, output_path, background="#ffffff"):
    """Write favicon.ico and apple-touch-icon.png into `output_path`."""
    with Image.open(source) as img:
        img = img.convert("RGBA")
        img.save(os.path.join(output_path, "favicon.ico"), sizes=FAVICON_SIZES)
        touch = Image.new("RGBA", img.size, background)  # iOS shows transparency as black
        touch.alpha_composite(img)
        touch.convert("RGB").resize((TOUCH_SIZE, TOUCH_SIZE), Image.LANCZOS).save(
            os.path.join(output_path, "apple-touch-icon.png"), optimize=True)


def add_icons(pelican):
    """Receiver of Pelican's `finalized`: the icons, in the build's (staging) output folder."""
    source = os.path.join(pelican.settings["THEME"], ruhr_settings.get(pelican.settings, "RUHR_ICON"))
    try:
        write_icons(source, pelican.output_path)
    except OSError as err:
        logger.error("icons: cannot make the icons from %s (%s) — RUHR_ICON must name a square PNG", source, err)
