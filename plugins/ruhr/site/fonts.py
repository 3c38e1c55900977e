"""Self-hosted fonts (docs/design.md): Lato, from the `font-lato` package (OFL), copied into the output.

No font is requested from another host. The stylesheet (theme/static/css/site.css, "Typography") names
the files written here; `FONTS` maps each output name to the package's file.
"""

import logging
import shutil
from pathlib import Path

import font_lato

logger = logging.getLogger(__name__)

FOLDER = "theme/fonts"
FONTS = {"lato-regular.ttf": "Lato", "lato-bold.ttf": "LatoBold"}


def add_fonts(model, generator):
    """Receiver of `model_ready`: copy the fonts and their licence into the output's theme/fonts/."""
    folder = Path(generator.output_path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, key in FONTS.items():
        shutil.copyfile(font_lato.font_files[key], folder / name)
    shutil.copyfile(Path(font_lato.font_directory) / "OFL.txt", folder / "OFL.txt")
