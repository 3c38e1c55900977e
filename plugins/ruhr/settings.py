"""Every setting the ruhr plugin reads, with its default, in one place.

Override any of them in pelicanconf.py / publishconf.py.
"""

DEFAULTS = {
    # Languages: the first is the source language; content facts live in its files.
    "RUHR_LANGUAGES": ["de", "en"],
    # Where the data files (municipalities.yaml, contacts.yaml) live, relative to the project.
    "RUHR_DATA_PATH": "data",
    # Bounding box of the region: coordinates outside it are a validation error.
    "RUHR_BOUNDS": {"lat": (51.25, 51.90), "lon": (6.40, 8.10)},
    # Photos (ruhr.images). Source photos live in PATH/<RUHR_PHOTO_PATH>; derivatives go to
    # OUTPUT_PATH/<RUHR_PHOTO_OUTPUT> with the content hash in their names (cacheable for a year).
    "RUHR_PHOTO_PATH": "photos",
    "RUHR_PHOTO_OUTPUT": "photos",
    # Widths of the responsive derivatives, in px. A photo is never upscaled: widths above its own
    # are left out and its own width is added instead.
    "RUHR_PHOTO_WIDTHS": [480, 800, 1200, 1600],
    # Output formats, best first; the last is the <img> fallback. "avif" works too (slower to encode).
    "RUHR_PHOTO_FORMATS": ["webp", "jpeg"],
    "RUHR_PHOTO_QUALITY": {"avif": 55, "webp": 80, "jpeg": 82},
    # Width of the fallback <img src> (the largest derivative not wider than this).
    "RUHR_PHOTO_FALLBACK_WIDTH": 1200,
    # Formats accepted as source photos (Pillow format names). Anything else is "not a photo".
    "RUHR_PHOTO_INPUT_FORMATS": ["JPEG", "PNG", "WEBP", "TIFF", "AVIF"],  # JPEG includes MPO
    # Larger sources are refused as decompression bombs (at most 2 x PIL.Image.MAX_IMAGE_PIXELS).
    "RUHR_PHOTO_MAX_PIXELS": 100_000_000,
    # Sub-folders of Pelican's CACHE_PATH for processed photos and rendered social cards.
    "RUHR_PHOTO_CACHE": "images",
    "RUHR_CARD_CACHE": "cards",
    # Social cards (ruhr.cards): output folder, size and brand colours (white on blue: 9.2:1).
    "RUHR_CARD_OUTPUT": "cards",
    "RUHR_CARD_SIZE": [1200, 630],
    "RUHR_CARD_COLOURS": {"background": "#004a80", "text": "#ffffff", "accent": "#ffcc00"},
}


def get(settings, name):
    """The value of setting `name`, or its default."""
    return settings.get(name, DEFAULTS[name])
