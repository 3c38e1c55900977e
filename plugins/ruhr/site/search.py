"""Full-text search: Pagefind indexes the built pages, after the build, into one bundle per language,
<output>/pagefind/<lang>/.

Pagefind comes from PyPI with its binary (`pagefind[bin]`, pinned in requirements.txt); nothing is
downloaded at build or run time. Only pages with `data-pagefind-body` are indexed (item pages: site, sector,
story, municipality), and `data-pagefind-filter="type:…"` gives the type filter in the page's language. The
search pages (templates/search.html) load Pagefind's own UI from their language's bundle.

One bundle per language (a page's language is the one whose home URL its path begins with; RUHR_URLS): a
search page loads only its language's index, and an edit re-indexes only the languages whose HTML changed
(Pagefind has no incremental mode; its maintainers suggest indexing a site in parts). Pagefind reads one
language's pages through a glob of their top-level folders (language_glob). Each bundle is kept in
the cache with the digest of the HTML it was made from, and copied while that HTML is unchanged. Runs after
Pelican (ruhr.site.build), so it writes into the build's staging folder.
"""

import glob
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile

from ruhr import settings as ruhr_settings
from ruhr.site import reproducible
from ruhr.util import memory
from ruhr.util.files import sync_tree

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # output subfolder; templates/search.html loads /pagefind/<lang>/pagefind-ui.js
SCRATCH = "ruhr-pagefind-"  # + pid: where Pagefind writes a bundle before it is synced (update_index)
DEFERRED = False  # set by the preview, which indexes after serving the new pages (not a setting: settings
                  # are inputs of every page, and the preview's pages are those of `invoke build`)


def pagefind_executable():
    """Path of the Pagefind binary shipped in the pagefind_bin wheel, or None."""
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        return None


def index(output_path, exclude=(), pages=None, bundle=BUNDLE, others=()):
    """Run Pagefind over the HTML `pages` (paths relative to `output_path`; default: all of them; `others`: the
    HTML pages it must not read) into `<output_path>/<bundle>` (or the absolute folder `bundle`), leaving out
    elements matching the `exclude` selectors; returns an error message, or None on success."""
    executable = pagefind_executable()
    if executable is None:
        return "Pagefind is not installed (pip install -r requirements.txt installs pagefind[bin])"
    memory.release()  # Pagefind runs beside this process: together they are the build's peak
    try:
        done = subprocess.run([executable, "--site", output_path, "--output-path", os.path.join(output_path, bundle),
                               "--quiet"] + (["--glob", language_glob(pages, others)] if pages is not None else []) +
                              (["--exclude-selectors", ", ".join(exclude)] if exclude else []),
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"Pagefind could not run: {err}"
    if done.returncode != 0:
        lines = (line.strip() for line in (done.stderr or done.stdout).splitlines())
        detail = " ".join(dict.fromkeys(line for line in lines if line))[:500]
        return f"Pagefind failed (exit {done.returncode}): {detail}"
    try:
        reproducible.normalise(os.path.join(output_path, bundle))
    except (OSError, ValueError, KeyError, IndexError, TypeError) as err:
        return f"Pagefind's index could not be put in a fixed order ({err})"
    return None


def language_glob(pages, others=()):
    """Pagefind's --glob for exactly `pages` (paths relative to the output): `{index.html,flaechen/**/*.html,…}`,
    a top-level folder as a whole where it holds none of the `others` (another language's pages), else its
    pages one by one."""
    def escaped(name):  # the characters Pagefind's glob syntax (the wax crate) takes as escaped literals
        return "".join("\\" + ch if ch in "?*$:<>()[]{}," else ch for ch in name)
    shared = {rel.split("/", 1)[0] for rel in others if "/" in rel}
    parts = sorted({escaped(rel) if "/" not in rel or rel.split("/", 1)[0] in shared
                    else escaped(rel.split("/", 1)[0]) + "/**/*.html" for rel in pages})
    return "{" + ",".join(parts) + "}"


def pages_by_language(output_path, settings):
    """{language: {path relative to the output: content digest}} of every HTML page of the output (what
    Pagefind reads). Pages this build rendered or copied count by their known content digest
    (ruhr.site.incremental)."""
    from ruhr.site.incremental import RESULTS
    result = RESULTS.get(output_path)
    known = {path: page.content for path, page in result.pages.items()} if result else {}
    homes = ruhr_settings.get(settings, "RUHR_URLS")["home"]
    prefixes = sorted(((homes[lang], lang) for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES")),
                      key=lambda pair: -len(pair[0]))
    found = {lang: {} for _, lang in prefixes}
    for folder, dirs, names in os.walk(output_path):
        if folder == output_path:
            dirs[:] = [d for d in dirs if d != BUNDLE]
        for name in names:
            if not name.endswith(".html"):
                continue
            rel = os.path.relpath(os.path.join(folder, name), output_path).replace(os.sep, "/")
            if rel not in known:
                with open(os.path.join(folder, name), "rb") as fh:
                    known[rel] = hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
            lang = next((lang for prefix, lang in prefixes if rel.startswith(prefix)), prefixes[-1][1])
            found[lang][rel] = known[rel]
    return found


def html_digest(pages, exclude):
    """Digest of the pages Pagefind reads ({path: content digest}), with the settings it runs with."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((pagefind_executable(), list(exclude))).encode())
    for rel in sorted(pages):
        h.update(f"{rel}\0{pages[rel]}\0".encode())
    return h.hexdigest()


def index_site(output_path, settings):
    """Index the build's output folder (skipped when RUHR_SEARCH is off). ruhr.site.build calls it when Pelican
    is done, so that the model is freed before Pagefind runs beside the build."""
    if not ruhr_settings.get(settings, "RUHR_SEARCH"):
        return
    if DEFERRED:  # keep the previous index (ruhr.site.staging) until the preview updates it
        for folder, _, names in os.walk(os.path.join(output_path, BUNDLE)):
            for name in names:
                os.utime(os.path.join(folder, name))
        return
    update_index(output_path, settings)


def update_index(output, settings):
    """Bring every language's bundle in `output` up to date; returns False (and logs the error) when
    Pagefind failed.

    Pagefind runs only for the languages whose HTML changed: each bundle is kept in
    <CACHE_PATH>/incremental/pagefind/<lang>/ with the digest of the HTML it was made from, and copied
    while that HTML is the same. The preview calls this after it serves the new pages."""
    exclude = ruhr_settings.get(settings, "RUHR_SEARCH_EXCLUDE")
    cache = os.path.join(settings.get("CACHE_PATH") or "cache", "incremental", "pagefind")
    languages = {lang: pages for lang, pages in pages_by_language(output, settings).items() if pages}
    for name in os.listdir(os.path.join(output, BUNDLE)) if os.path.isdir(os.path.join(output, BUNDLE)) else ():
        if name not in languages:  # a language without pages, or the single bundle of an older build
            path = os.path.join(output, BUNDLE, name)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    scratch_folder = _memory_folder()
    _remove_leftovers(scratch_folder)
    for lang, pages in sorted(languages.items()):
        bundle, kept = os.path.join(output, BUNDLE, lang), os.path.join(cache, lang)
        key = html_digest(pages, exclude)
        try:
            with open(os.path.join(kept, "digest"), encoding="utf-8") as fh:
                if fh.read() == key:  # only the files that differ are written (the staging folder has an index)
                    sync_tree(os.path.join(kept, "bundle"), bundle)
                    logger.info("search: %s HTML unchanged, Pagefind's index copied", lang)
                    continue
        except OSError:
            pass
        # Pagefind writes a whole bundle (a file per page) into a folder in memory; of it, only the files that
        # differ are written into the output and the cache: an edit changes a few dozen of a thousand.
        with tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-", dir=scratch_folder) as scratch:
            others = [rel for other, more in languages.items() if other != lang for rel in more]
            problem = index(output, exclude, pages, os.path.join(scratch, "bundle"), others)
            if problem:
                logger.error("search: %s", problem)
                return False
            logger.info("search: Pagefind indexed %d %s pages", len(pages), lang)
            sync_tree(os.path.join(scratch, "bundle"), bundle)
            try:  # keep a copy for the next build; the digest is written last, so a half copy is never used
                os.makedirs(kept, exist_ok=True)
                if os.path.exists(os.path.join(kept, "digest")):
                    os.remove(os.path.join(kept, "digest"))
                sync_tree(os.path.join(scratch, "bundle"), os.path.join(kept, "bundle"))
                with open(os.path.join(kept, "digest"), "w", encoding="utf-8") as fh:
                    fh.write(key)
            except OSError as err:
                logger.info("search: cannot keep the index in %s: %s", kept, err)
    return True


def _remove_leftovers(folder):
    """Remove the scratch folders of search runs whose process is gone (killed: a bundle of a few MB in RAM)."""
    for path in glob.glob(os.path.join(folder or tempfile.gettempdir(), SCRATCH + "*")):
        try:
            os.kill(int(os.path.basename(path)[len(SCRATCH):].split("-")[0]), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (ValueError, OSError):  # not ours, or another user's process that is alive
            pass


def _memory_folder(needed=512 << 20):
    """/dev/shm where there is one to write to with room to spare (Linux; a container's may be 64 MB), else
    the system's temporary folder."""
    try:
        if os.access("/dev/shm", os.W_OK) and shutil.disk_usage("/dev/shm").free >= needed:
            return "/dev/shm"
    except OSError:
        pass
    return None
