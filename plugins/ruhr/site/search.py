"""Full-text search: Pagefind indexes the built pages, after the build, into <output>/pagefind/.

Pagefind comes from PyPI with its binary (`pagefind[bin]`, pinned in requirements.txt); nothing is
downloaded at build or run time. It reads the `<html lang>` of each page and writes one index per language;
only pages with `data-pagefind-body` are indexed (item pages: site, sector, story, municipality), and
`data-pagefind-filter="type:…"` gives the type filter in the page's language. The search pages
(templates/search.html) load Pagefind's own UI from /pagefind/, which picks the index of the page's
language. Runs on Pelican's `finalized` signal, so it writes into the build's staging folder.
"""

import hashlib
import logging
import os
import shutil
import subprocess

from ruhr import settings as ruhr_settings
from ruhr.site import reproducible
from ruhr.util.files import sync_tree

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # output subfolder; templates/search.html loads /pagefind/pagefind-ui.js
DEFERRED = False  # set by the preview, which indexes after serving the new pages (not a setting: settings
                  # are inputs of every page, and the preview's pages are those of `invoke build`)


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


def html_digest(output_path, exclude):
    """Digest of every HTML file of the output (what Pagefind reads), with the settings it runs with.
    Pages this build rendered or copied count by their known content digest (ruhr.site.incremental)."""
    from ruhr.site.incremental import RESULTS
    result = RESULTS.get(output_path)
    known = {path: page.content for path, page in result.pages.items()} if result else {}
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((pagefind_executable(), list(exclude))).encode())
    for folder, dirs, names in sorted(os.walk(output_path)):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, output_path)
            if rel not in known:
                with open(path, "rb") as fh:
                    known[rel] = hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
            h.update(f"{rel}\0{known[rel]}\0".encode())
    return h.hexdigest()


def index_site(pelican):
    """Receiver of Pelican's `finalized`: index the output folder (skipped when RUHR_SEARCH is off)."""
    if not ruhr_settings.get(pelican.settings, "RUHR_SEARCH"):
        return
    if DEFERRED:  # keep the previous index (ruhr.site.staging) until the preview updates it
        for folder, _, names in os.walk(os.path.join(pelican.output_path, BUNDLE)):
            for name in names:
                os.utime(os.path.join(folder, name))
        return
    update_index(pelican.output_path, pelican.settings)


def update_index(output, settings):
    """Index `output` with Pagefind; returns False (and logs the error) when Pagefind failed.

    Pagefind runs only when the HTML changed: its bundle is kept in <CACHE_PATH>/incremental/pagefind/
    with the digest of the HTML it was made from, and copied when the HTML is the same. The preview calls
    this after it serves the new pages."""
    exclude = ruhr_settings.get(settings, "RUHR_SEARCH_EXCLUDE")
    kept = os.path.join(settings.get("CACHE_PATH") or "cache", "incremental", "pagefind")
    key = html_digest(output, exclude)
    try:
        with open(os.path.join(kept, "digest"), encoding="utf-8") as fh:
            if fh.read() == key:  # only the files that differ are written (the staging folder has an index)
                sync_tree(os.path.join(kept, BUNDLE), os.path.join(output, BUNDLE))
                logger.info("search: HTML unchanged, Pagefind's index copied")
                return True
    except OSError:
        pass
    shutil.rmtree(os.path.join(output, BUNDLE), ignore_errors=True)
    problem = index(output, exclude)
    if problem:
        logger.error("search: %s", problem)
        return False
    logger.info("search: Pagefind indexed %s", output)
    try:  # keep a copy for the next build; the digest is written last, so a half copy is never used
        os.makedirs(kept, exist_ok=True)
        if os.path.exists(os.path.join(kept, "digest")):
            os.remove(os.path.join(kept, "digest"))
        sync_tree(os.path.join(output, BUNDLE), os.path.join(kept, BUNDLE))
        with open(os.path.join(kept, "digest"), "w", encoding="utf-8") as fh:
            fh.write(key)
    except OSError as err:
        logger.info("search: cannot keep the index in %s: %s", kept, err)
    return True
