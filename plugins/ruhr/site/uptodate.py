"""A build with nothing to do: when no input changed since the last successful build of an output folder, and
that folder is still exactly as the build left it, the build stops at once (`make`'s rule, as Pelican's
own content cache and Hugo's do not have it).

After a successful build, `record()` writes `<CACHE_PATH>/incremental/uptodate-<output>.json`: a digest of
everything the build read, taken *before* it read it (an edit made during the build makes it differ), and
a signature of the output folder as swapped in. The next build compares both (`unchanged()`):

- the inputs: every file below the content folder (PATH), the data folder, the theme and the plugin's code,
  and the `.py` files beside the settings file, by name and content (files of 1 MB or more, such as photos,
  by size, change time and inode); the settings' values (all but the output folder); the build date
  (RUHR_BUILD_DATE, today by default: pages that show dates depend on it); the Python version and every
  installed distribution with its version (the libraries that render, Leaflet, the fonts, Pagefind);
- the output: every file's name, size and modification time (and inode and change time, but for the
  photos and cards linked from their caches). A file changed, added or removed by hand means a full
  (incremental) build.

Anything that cannot be digested (a setting without a stable value) means no record, so the next build
does all its work. tests/test_uptodate.py shows the skipped build's output is byte for byte a cold build's.
"""

import hashlib
import json
import logging
import os
import sys
from importlib import metadata

from ruhr import settings as ruhr_settings
from ruhr.util.files import tree_digest, write_atomic

logger = logging.getLogger(__name__)

FORMAT = 1


def _record_path(settings, target):
    name = hashlib.blake2b(os.path.realpath(target).encode(), digest_size=8).hexdigest()
    return os.path.join(settings.get("CACHE_PATH") or "cache", "incremental", f"uptodate-{name}.json")


def inputs_digest(settings, settings_file):
    """Digest of everything a build reads, or None when a setting has no stable digest: "<settings and
    libraries>-<files>" (the files are digested again after the build: `record`)."""
    from ruhr.site.incremental import Volatile, digest
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT} python {sys.version} date {ruhr_settings.build_date(settings)}\0".encode())
    for name, version in sorted((d.metadata["Name"] or "", d.version) for d in metadata.distributions()):
        h.update(f"{name} {version};".encode())
    try:
        h.update(digest({k: v for k, v in sorted(settings.items()) if k != "OUTPUT_PATH"}).encode())
    except Volatile as err:
        logger.info("uptodate: no digest of the settings (%.80s)", err)
        return None
    files = files_digest(settings, settings_file)
    return files and f"{h.hexdigest()}-{files}"


def files_digest(settings, settings_file):
    """Digest of the files a build reads (content, data, theme, the plugin's code, the .py files beside the
    settings file), or None when one vanished while it was read."""
    import ruhr
    h = hashlib.blake2b(digest_size=16)
    folders = [settings["PATH"], ruhr_settings.get(settings, "RUHR_DATA_PATH"), settings["THEME"],
               os.path.dirname(ruhr.__file__)]
    try:
        for folder in folders:
            h.update(f"\0folder {os.path.abspath(folder)}\0".encode())
            tree_digest(h, folder)
        if settings_file:
            h.update(b"\0settings\0")
            tree_digest(h, os.path.dirname(os.path.abspath(settings_file)), only_py=True, recursive=False)
    except OSError as err:  # a file removed while it was read: no digest, so no record and no skip
        logger.info("uptodate: inputs changed while read (%s)", err)
        return None
    return h.hexdigest()


def output_signature(target):
    """(number of HTML pages, digest of every file's name, size and modification time) of the output."""
    h, pages = hashlib.blake2b(digest_size=16), 0
    for base, _, names in sorted(os.walk(target)):
        for name in sorted(names):
            path = os.path.join(base, name)
            st = os.lstat(path)
            # A file with one link also by inode and change time (a copy that keeps the time, `cp -p`); photos
            # and cards are links into their caches, whose change time other builds' links renew.
            extra = f" {st.st_ino} {st.st_ctime_ns}" if st.st_nlink == 1 else ""
            h.update(f"{os.path.relpath(path, target)}\0{st.st_size} {st.st_mtime_ns}{extra}\0".encode())
            pages += name.endswith(".html")
    return pages, h.hexdigest()


def unchanged(settings, target, inputs):
    """The last build's summary ({"pages", "rendered", "total"}) when `inputs` (inputs_digest) and the
    output folder are as that build left them; else None."""
    if inputs is None or not os.path.isdir(target):
        return None
    try:
        with open(_record_path(settings, target), encoding="utf-8") as fh:
            record = json.load(fh)
        if record.get("format") != FORMAT or record.get("inputs") != inputs:
            return None
    except (OSError, ValueError, AttributeError):
        return None
    try:
        pages, signature = output_signature(target)
    except OSError:  # a file removed meanwhile
        return None
    if record.get("output") != signature:
        logger.info("uptodate: the output folder was changed since the last build")
        return None
    return {"pages": pages, "total": record.get("total", pages)}


def record(settings, target, inputs, total, settings_file=None):
    """After a successful build swapped `target` in: remember `inputs` and the output as it now is. The inputs
    are digested again first: a file changed while the build read it (and perhaps changed back later) must
    not let a build from mixed inputs count as the result of either."""
    path = _record_path(settings, target)
    if inputs is not None and files_digest(settings, settings_file) != inputs.rpartition("-")[2]:
        inputs = None  # (the settings as Pelican left them are not those it read: only the files again)
    if inputs is None:
        forget(settings, target)
        return
    try:
        _, signature = output_signature(target)
        write_atomic(path, json.dumps({"format": FORMAT, "inputs": inputs, "output": signature, "total": total}))
    except OSError as err:
        logger.info("uptodate: cannot record the build in %s: %s", path, err)
        forget(settings, target)


def forget(settings, target):
    try:
        os.remove(_record_path(settings, target))
    except OSError:
        pass
