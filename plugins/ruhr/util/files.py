"""Writing files safely: atomic writes, and the disk caches several builds may share at once.

- `write_atomic(path, data)`: a temporary file in the same folder, then a rename. A reader (another build,
  the web server) sees the old file or the new one, never half of one; a failed write leaves no trace.
- `write_if_changed(path, data)`: the same, but a file that already holds `data` is only touched (its
  times set to now), not written: a build updates its staging folder in place (ruhr.site.staging).
- `sync_tree(source, target)`: make the folder `target` a copy of `source`, writing only changed files.
- `tree_digest(h, folder)`: the names and contents of a folder's files, for a cache key (the build's
  inputs in ruhr.site.uptodate, the theme and code in the incremental state and the UI-string check).
- `DiskCache(folder)`: one file per entry, named by a hash of its input. Entries are written atomically; a
  missing, unreadable or damaged entry reads as None (the caller makes it anew), and a cache that cannot be
  written only costs time.
- `ContentCache(settings, name)`: the parsed content files between builds (RUHR_CONTENT_CACHE; Pelican's
  GZIP_CACHE and CHECK_MODIFIED_METHOD), read so that a damaged file is an empty cache and written atomically.
  It replaces Pelican's generator-level content cache, which fails with EOFError when two builds meet
  (pelican#2905).
"""

import gzip
import hashlib
import json
import logging
import os
import pickle
import tempfile

logger = logging.getLogger(__name__)


def write_atomic(path, data):
    """Write `data` (bytes, or str as UTF-8) to `path` through a temporary file beside it."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = os.path.dirname(os.fspath(path)) or "."
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # as a plain open() would make it (mkstemp makes 0600)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def write_if_changed(path, data):
    """Write `data` to `path` (atomically) unless the file holds it already; then only touch it (a build's
    staging folder keeps the files that were made again: ruhr.site.staging). Returns True if written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        with open(path, "rb") as fh:
            same = fh.read(len(data) + 1) == data
    except OSError:
        same = False
    if same:
        try:
            os.utime(path)
            return False
        except OSError:
            pass
    write_atomic(path, data)
    return True


def sync_tree(source, target):
    """Make `target` hold exactly the files of `source`, writing only those that differ."""
    wanted = set()
    for folder, _, names in os.walk(source):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), source)
            wanted.add(rel)
            with open(os.path.join(folder, name), "rb") as fh:
                write_if_changed(os.path.join(target, rel), fh.read())
    for folder, _, names in os.walk(target, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.relpath(path, target) not in wanted:
                os.remove(path)
        if not os.listdir(folder):
            os.rmdir(folder)


WHOLE = 1 << 20  # tree_digest: files smaller than this count by their content, larger ones by their metadata


def tree_digest(h, folder, only_py=False, recursive=True):
    """Feed every file below `folder` into the hashlib object `h`, in a fixed order, for a cache key: its
    relative name and its content's digest (files of WHOLE bytes or more, such as photos, by size,
    modification and change time and inode); a dangling symbolic link (an editor's lock file) by its target.
    Links to folders are followed, each folder once; `__pycache__` and `.pyc` files are left out. Raises
    OSError when a file vanishes while it is read."""
    seen = set()

    def walk(base):
        real = os.path.realpath(base)
        if real in seen:
            return
        seen.add(real)
        for entry in sorted(os.scandir(base), key=lambda e: e.name):
            if entry.name == "__pycache__" or entry.name.endswith(".pyc"):
                continue
            if entry.is_dir():
                if recursive:
                    walk(entry.path)
                continue
            if only_py and not entry.name.endswith(".py"):
                continue
            h.update(os.path.relpath(entry.path, folder).encode() + b"\0")
            try:
                st = os.stat(entry.path)
            except FileNotFoundError:
                h.update(b"link to " + os.readlink(entry.path).encode())
                continue
            if st.st_size < WHOLE:
                with open(entry.path, "rb") as fh:
                    h.update(hashlib.blake2b(fh.read(), digest_size=16).digest())
            else:
                h.update(f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}".encode())

    walk(folder)


def hash_key(*parts):
    """A cache key: SHA-256 (hex) of the JSON of `parts`."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def is_png(data):
    """True for a whole PNG file (signature and end chunk): a cut-off one is damaged."""
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


class DiskCache:
    """Files `<folder>/<prefix><key><suffix>`. `valid(data)` tells a whole entry from a damaged one."""

    def __init__(self, folder, prefix="", suffix="", valid=None):
        self.folder = os.fspath(folder) if folder else None
        self.prefix, self.suffix = prefix, suffix
        self.valid = valid or (lambda data: True)

    def path(self, key):
        return os.path.join(self.folder, f"{self.prefix}{key}{self.suffix}")

    def read(self, key):
        """The entry's bytes, or None when it is missing or damaged (the caller makes it anew)."""
        if not self.folder:
            return None
        try:
            with open(self.path(key), "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        if self.valid(data):
            return data
        logger.info("cache: damaged entry %s is made anew", self.path(key))
        return None

    def write(self, key, data):
        """Store an entry; a cache that cannot be written (full, read-only) only costs time."""
        if not self.folder:
            return
        try:
            write_atomic(self.path(key), data)
        except OSError as err:
            logger.info("cache: cannot write %s: %s", self.path(key), err)

    def read_json(self, key):
        data = self.read(key)
        try:
            return None if data is None else json.loads(data)
        except ValueError:
            return None

    def write_json(self, key, value):
        self.write(key, json.dumps(value).encode("utf-8"))


def _file_hash(path, method):
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, method).digest()


class ContentCache:
    """Parsed content files by path, valid while the file's stamp (mtime or hash) is unchanged."""

    def __init__(self, settings, name):
        self.path = os.path.join(settings["CACHE_PATH"], name)
        self.gzip = settings.get("GZIP_CACHE", True)
        from ruhr import settings as ruhr_settings
        self.enabled = ruhr_settings.get(settings, "RUHR_CONTENT_CACHE")
        self.base = settings["PATH"]
        method = settings.get("CHECK_MODIFIED_METHOD", "mtime")
        self.stamp_of = os.path.getmtime if method == "mtime" else (lambda path: _file_hash(path, method))
        self.entries = self._load() if self.enabled else {}
        self.changed = False

    def _load(self):
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
            entries = pickle.loads(gzip.decompress(data) if self.gzip else data)
            if isinstance(entries, dict):
                return entries
        except FileNotFoundError:
            return {}
        except Exception as err:  # damaged or cut off (an old build was killed): read everything afresh
            logger.info("cache: %s is damaged (%s); the content is read afresh", self.path, err)
        return {}

    def _stamp(self, rel):
        try:
            return self.stamp_of(os.path.join(self.base, rel))
        except OSError:
            return None

    def get_cached_data(self, rel, default=None):
        stamp, data = self.entries.get(rel, (None, default))
        return data if stamp is not None and stamp == self._stamp(rel) else default

    def cache_data(self, rel, data):
        if self.enabled:
            self.entries[rel] = (self._stamp(rel), data)
            self.changed = True

    def save_cache(self):
        if not (self.enabled and self.changed):
            return
        try:
            data = pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(self.path, gzip.compress(data, compresslevel=1, mtime=0) if self.gzip else data)
            self.changed = False
        except (OSError, pickle.PicklingError, TypeError) as err:
            logger.info("cache: cannot save %s: %s", self.path, err)


def environment_error(err):
    """One line for a fault of the machine rather than the content (full disk, read-only folder, a file gone
    while read), with what to do; None for other errors. Looks through the causes of `err` too."""
    import errno
    while err is not None:
        if isinstance(err, OSError) and err.errno is not None:
            where = f" ({err.filename})" if err.filename else ""
            if err.errno in (errno.ENOSPC, errno.EDQUOT):
                return f"the disk is full{where} — free some space and build again"
            if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return (f"cannot write{where}: {err.strerror} — make the folder writable (or build into "
                        "another one with -o) and build again")
            if err.errno == errno.ENOENT and err.filename:
                return f"{err.filename} disappeared while the build read it (moved or deleted?) — build again"
        err = err.__cause__ or err.__context__
    return None
