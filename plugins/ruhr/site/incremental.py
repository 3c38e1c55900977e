"""Incremental builds: every page knows what it was made from, and only pages whose inputs changed are
rendered again. The result is byte-identical to a cold build (tests/test_incremental.py proves it on random
edit sequences).

What a page is made from (docs/incremental.md):

- **global inputs**, the same for every page: the theme folder (templates, message catalogs, static files),
  the settings (all but the output folder), the plugin's own code and the versions of the libraries that
  render. When any of them changes, every page is rendered again;
- **its job**: template, language, URL, translations and the context the generator hands the template
  (`PageJob.context`; items in it count by name, other values by value);
- **what it read**: every model item and model attribute read while the page rendered, by the template or
  by a Python helper it called (recorded by ruhr.core.reads), each with a digest of what it held. An item's
  digest covers all its attributes, including those added at `model_ready` (photos, cards, maps); a
  reference to another item counts by name, so that item is an input only if the page reads it too.

A page is copied from the page store (in the cache) when all three are as they were; otherwise it is
rendered. What cannot be digested (an object without state to compare) makes the page's inputs unknown:
that page is rendered on every build, never skipped. Pages of removed or renamed items are simply no
longer jobs: the build removes from its staging folder (the previous output) every file it did not make
(ruhr.site.staging), so their files disappear.

The state (`<CACHE_PATH>/incremental/state.json`, pages under `pages/`) is written after a successful
render; a missing, damaged or foreign state means every page is rendered.
"""

import dataclasses
import hashlib
import json
import logging
import os
import pickle
import sys
from importlib import metadata

from ruhr.core.model import Item, Model
from ruhr.util.files import tree_digest, write_atomic

logger = logging.getLogger(__name__)

FORMAT = 2  # bump when the state's format or the digests' meaning changes
LIBRARIES = ("pelican", "jinja2", "markdown", "babel", "folium", "pillow", "minify-html")


class Volatile(Exception):
    """A value without a stable digest (e.g. an object known only by its address)."""


# -- digests --------------------------------------------------------------------------------------


class _Sink:
    """A file for pickle that feeds a hash."""

    def __init__(self, h):
        self.write = h.update


_PLAIN = frozenset((str, int, float, bool, type(None), bytes, list, tuple, dict))


class _Canonical(pickle.Pickler):
    """Pickles a value into a hash: model items count by key, the settings and the model by name (their
    parts are inputs of their own), code by its name (part of the global digest), sets in sorted order.
    No memo (`fast`): equal values give equal bytes, whichever objects they share."""

    def __init__(self, h, settings):
        super().__init__(_Sink(h), protocol=5)
        self.fast = True
        self.settings = settings

    def persistent_id(self, value):
        if value is self.settings and value is not None:
            return "<settings>"
        t = type(value)
        if t in _PLAIN:
            return None
        if isinstance(value, Item):
            return Item.key(value)
        if isinstance(value, Model):
            return "<model>"
        if isinstance(value, (set, frozenset)):
            return ("set",) + tuple(sorted(digest(v, self.settings) for v in value))
        if callable(value) and hasattr(value, "__qualname__"):
            return f"<{getattr(value, '__module__', '')}.{value.__qualname__}>"
        return None


def digest(value, settings=None):
    """Hex digest of a value's canonical form; raises Volatile."""
    h = hashlib.blake2b(digest_size=16)
    try:
        _Canonical(h, settings).dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as err:
        raise Volatile(f"{type(value).__qualname__}: {err}") from None
    return h.hexdigest()


def safe_digest(value, settings=None):
    try:
        return digest(value, settings)
    except Volatile as err:
        logger.info("incremental: no digest for %.80s", err)
        return None


def global_digest(settings, theme, extra=()):
    """Digest of what every page depends on: theme, settings, the plugin's code, library versions, and
    `extra` (the template globals plugins added)."""
    import ruhr
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT} python {sys.version}".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -;".encode())
    tree_digest(h, theme)
    tree_digest(h, os.path.dirname(ruhr.__file__))
    volatile_settings = {"OUTPUT_PATH"}
    try:
        h.update(digest({k: v for k, v in sorted(settings.items()) if k not in volatile_settings}).encode())
        h.update(digest(list(extra), settings).encode())
    except Volatile as err:  # nothing can be trusted: a digest that never matches
        logger.info("incremental: no digest for %.80s; rendering every page", err)
        h.update(os.urandom(16))
    return h.hexdigest()


class Digests:
    """Digests of the model's items and attributes, computed when first asked for (None: volatile)."""

    def __init__(self, model, settings):
        self.model = model
        self.settings = settings
        self.items = {}
        self._memo = {}
        self._collect(model.__dict__, 0)

    def _collect(self, value, depth):
        if isinstance(value, Item):
            self.items.setdefault(Item.key(value), value)
        elif isinstance(value, dict) and depth < 4:
            for v in value.values():
                self._collect(v, depth + 1)
        elif isinstance(value, (list, tuple)) and depth < 4:
            for v in value:
                self._collect(v, depth + 1)

    def __getitem__(self, key):
        if key not in self._memo:
            self._memo[key] = self._compute(key)
        return self._memo[key]

    def _compute(self, key):
        kind, name, _ = key
        if kind == "model":
            try:
                value = object.__getattribute__(self.model, name)
            except AttributeError:
                return "missing"
            if callable(value):
                return "method"  # what it reads is recorded on its own
            return safe_digest(value, self.settings)
        item = self.items.get(key)
        if item is None:
            return None  # an item outside the model's collections: unknown
        return safe_digest({"class": type(item).__qualname__, **object.__getattribute__(item, "__dict__")},
                           self.settings)

    def of(self, keys):
        """Combined digest of a page's inputs, or None when any of them is unknown."""
        h = hashlib.blake2b(digest_size=16)
        for key in sorted(keys, key=repr):
            d = self[key]
            if d is None:
                return None
            h.update(repr(key).encode() + d.encode())
        return h.hexdigest()


# -- state ----------------------------------------------------------------------------------------


@dataclasses.dataclass
class Rendered:
    """One page as rendered: its file (relative to the output), job digest, inputs, content digest and the
    head facts the sitemap needs (canonical URL, hreflang alternates, noindex)."""
    path: str
    job: str
    inputs: list
    content: str
    head: list


class Plan:
    """Which pages of this build can be copied from the page store, and the new state after rendering."""

    def __init__(self, settings, model, theme, extra=()):
        self.folder = os.path.join(settings.get("CACHE_PATH") or "cache", "incremental")
        self.store = os.path.join(self.folder, "pages")
        self.settings = settings
        self.global_digest = global_digest(settings, theme, extra)
        self.digests = Digests(model, settings)
        self.previous = self._load()
        self.pages = {}  # path -> Rendered, of this build
        self.kept = {}  # path -> digest of the inputs, of the pages copied

    def _load(self):
        """({path: Rendered}, {path: inputs digest}) of the last build, or empty when it cannot be used."""
        try:
            with open(os.path.join(self.folder, "state.json"), encoding="utf-8") as fh:
                state = json.load(fh)
            if state.get("format") != FORMAT or state.get("global") != self.global_digest:
                return {}, {}
            keys = [tuple(k) for k in state["keys"]]
            pages, digests = {}, {}
            for path, (job, inputs, inputs_digest, content, head) in state["pages"].items():
                if job and inputs_digest:
                    pages[path] = Rendered(path, job, [keys[i] for i in inputs], content, head)
                    digests[path] = inputs_digest
            return pages, digests
        except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
            if not isinstance(err, FileNotFoundError):
                logger.info("incremental: state unreadable (%s); rendering every page", err)
            return {}, {}

    def job_digest(self, job):
        """Digest of a PageJob's own fields, or None (render it) when it says `always` or has none."""
        if getattr(job, "always", False):
            return None
        try:
            return digest([job.template, job.lang, job.url, job.translations, job.context], self.settings)
        except Volatile:
            return None

    def reuse(self, path, job_digest, output_path):
        """Copy the page at `path` from the store into the output if nothing it was made from changed."""
        pages, input_digests = self.previous
        before = pages.get(path) if job_digest else None
        if before is None or before.job != job_digest or self.digests.of(before.inputs) != input_digests[path]:
            return False
        target = os.path.join(output_path, path)
        try:  # the staging folder holds the previous output (ruhr.site.staging): often the page as it is
            with open(target, "rb") as fh:
                same = hashlib.blake2b(fh.read(), digest_size=16).hexdigest() == before.content
            if same:
                os.utime(target)
        except OSError:
            same = False
        if not same:
            try:
                with open(os.path.join(self.store, before.content), "rb") as fh:
                    data = fh.read()
                if hashlib.blake2b(data, digest_size=16).hexdigest() != before.content:
                    return False  # changed behind the build's back: render it
                write_atomic(target, data)
            except OSError:
                return False
        self.pages[path] = before
        self.kept[path] = input_digests[path]
        return True

    def add(self, rendered):
        self.pages[rendered.path] = rendered

    def save(self):
        """Write the state (atomically) and drop stored pages no longer used."""
        keys, index, pages = [], {}, {}
        for path, r in sorted(self.pages.items()):
            ids = []
            for key in r.inputs:
                key = tuple(key)
                if key not in index:
                    index[key] = len(keys)
                    keys.append(list(key))
                ids.append(index[key])
            inputs_digest = (self.kept.get(path) or self.digests.of([tuple(k) for k in r.inputs])) if r.job else None
            pages[path] = [r.job, ids, inputs_digest, r.content, r.head]
        text = json.dumps({"format": FORMAT, "global": self.global_digest, "keys": keys, "pages": pages},
                          separators=(",", ":"))
        write_atomic(os.path.join(self.folder, "state.json"), text)
        used = {r.content for r in self.pages.values()}
        try:
            for name in os.listdir(self.store):
                if name not in used and not name.startswith(".tmp-"):  # (another build's page being written)
                    os.remove(os.path.join(self.store, name))
        except OSError:
            pass


def store_page(store, html_bytes):
    """Put a rendered page into the store; returns its name (content digest)."""
    name = hashlib.blake2b(html_bytes, digest_size=16).hexdigest()
    path = os.path.join(store, name)
    if not os.path.exists(path):
        write_atomic(path, html_bytes)
    return name


# What this build made, by output folder: read by the sitemap, the search index and build.py's summary.
RESULTS = {}


@dataclasses.dataclass
class Result:
    pages: dict  # path relative to the output -> Rendered
    rendered: int
    total: int
