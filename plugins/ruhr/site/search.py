"""Full-text search: Pagefind indexes the built pages, after the build, into <output>/pagefind/.

Pagefind comes from PyPI with its binary (`pagefind[bin]`, pinned in requirements.txt); nothing is
downloaded at build or run time. It reads the `<html lang>` of each page and writes one index per language;
only pages with `data-pagefind-body` are indexed (item pages: site, sector, story, municipality), and
`data-pagefind-filter="type:…"` gives the type filter in the page's language. The search pages
(templates/search.html) load Pagefind's own UI from /pagefind/, which picks the index of the page's
language. Runs on Pelican's `finalized` signal, so it writes into the build's staging folder.
"""

import logging
import os
import subprocess

from ruhr import settings as ruhr_settings
from ruhr.site import reproducible

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # output subfolder; templates/search.html loads /pagefind/pagefind-ui.js


def pagefind_executable():
    """Path of the Pagefind binary shipped in the pagefind_bin wheel, or None."""
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        return None


def index(output_path, exclude=()):
    """Run Pagefind over `output_path` (leaving out elements matching the `exclude` selectors); returns an
    error message, or None on success."""
    executable = pagefind_executable()
    if executable is None:
        return "Pagefind is not installed (pip install -r requirements.txt installs pagefind[bin])"
    try:
        done = subprocess.run([executable, "--site", output_path, "--output-subdir", BUNDLE, "--quiet"]
                              + (["--exclude-selectors", ", ".join(exclude)] if exclude else []),
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"Pagefind could not run: {err}"
    if done.returncode != 0:
        lines = (line.strip() for line in (done.stderr or done.stdout).splitlines())
        detail = " ".join(dict.fromkeys(line for line in lines if line))[:500]
        return f"Pagefind failed (exit {done.returncode}): {detail}"
    try:
        reproducible.normalise(os.path.join(output_path, BUNDLE))
    except (OSError, ValueError, KeyError, IndexError, TypeError) as err:
        return f"Pagefind's index could not be put in a fixed order ({err})"
    return None


def index_site(pelican):
    """Receiver of Pelican's `finalized`: index the output folder (skipped when RUHR_SEARCH is off)."""
    if not ruhr_settings.get(pelican.settings, "RUHR_SEARCH"):
        return
    problem = index(pelican.output_path, ruhr_settings.get(pelican.settings, "RUHR_SEARCH_EXCLUDE"))
    if problem:
        logger.error("search: %s", problem)
    else:
        logger.info("search: Pagefind indexed %s", pelican.output_path)
