"""`invoke screenshots`: a PNG of every page type, at phone and desktop width, in both languages, into
docs/screenshots/, so that a change to the look shows in the diff (docs/design.md).

Debian's Chromium through Playwright (never a browser download), on a build served on 127.0.0.1. Each
shot is the top of the page, at most MAX_HEIGHT CSS pixels, at device scale 1, then quantised to a
palette (Pillow) to keep the repository small.
"""

from pathlib import Path

from PIL import Image

from ruhr.gates import browsercheck

WIDTHS = {"phone": 390, "desktop": 1280}
MAX_HEIGHT = {"phone": 1400, "desktop": 1100}
COLOURS = 64


def shoot(output_dir, folder):
    """Write `<page type>-<lang>-<width>.png` into `folder` for every page type; returns the files."""
    from playwright.sync_api import sync_playwright

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright, browsercheck.serve(output_dir) as base_url:
        browser = browsercheck.launch(playwright)
        try:
            for (kind, lang), path in sorted(browsercheck.page_types(output_dir).items()):
                if path is None:
                    continue
                for width_name, width in WIDTHS.items():
                    page = browser.new_page(viewport={"width": width, "height": 800})
                    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
                               else route.abort("blockedbyclient"))
                    page.goto(base_url + path, wait_until="networkidle")
                    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[width_name])
                    file = folder / f"{kind.replace(' ', '-')}-{lang}-{width_name}.png"
                    page.screenshot(path=str(file), clip={"x": 0, "y": 0, "width": width, "height": height})
                    page.close()
                    _optimise(file)
                    written.append(file)
        finally:
            browser.close()
    return written


def _optimise(file):
    with Image.open(file) as image:
        small = image.convert("RGB").quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(file, optimize=True)
