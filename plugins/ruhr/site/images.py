"""Responsive, metadata-free derivatives of the editors' photos.

A photo referenced from a site, sector or story (``photos: [{file, alt}]``) is read from
``content/photos/``, turned upright (EXIF orientation), converted to sRGB, stripped of every bit of
metadata (EXIF with GPS, maker notes, comments, XMP, ICC) and written in several widths and formats
to ``output/photos/<stem>-<width>w.<hash>.<ext>`` (the fingerprint form of ruhr.site.postprocess, which
leaves such names alone; ruhr.publish.sync caches them for a year).

Work is cached by content: the derivatives of a source live in ``<CACHE_PATH>/images/<key>/``, where
the key hashes the source's bytes and the recipe (widths, formats, quality). A rebuild with unchanged
photos only hashes them and links (or copies) files; it decodes no image. Within one build each source is
processed once, whichever languages ask for it, and can be started in background threads early.

Bad input raises :class:`PhotoProblem` (file, message, fix), never a traceback.
"""

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import threading
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ruhr import settings as ruhr_settings
from ruhr.util.files import write_atomic

log = logging.getLogger(__name__)

# Bump when the processing changes in a way that changes the output bytes: invalidates the cache.
RECIPE_VERSION = 2

MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
SAVE_OPTIONS = {
    "avif": lambda q: {"format": "AVIF", "quality": q, "speed": 6},
    # WebP method 2: half the encoding time of the default 4 for files 1-3 % larger.
    "webp": lambda q: {"format": "WEBP", "quality": q, "method": 2},
    "jpeg": lambda q: {"format": "JPEG", "quality": q, "optimize": True, "progressive": True},
}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class PhotoProblem(Exception):
    """A photo the build can't use: which file, what is wrong, how to fix it."""

    def __init__(self, path, message, fix):
        super().__init__(path, message, fix)
        self.path, self.message, self.fix = display_path(path), message, fix

    def __str__(self):
        return f"{self.path}: {self.message}. Fix: {self.fix}"


@dataclass(frozen=True)
class Photo:
    """What the ``picture`` macro needs: ``<source>`` per modern format plus the ``<img>`` fallback."""

    file: str  # source file name, as in the front matter
    src: str  # URL of the fallback image
    srcset: str  # fallback format, all widths
    type: str  # MIME type of the fallback
    width: int  # size of the `src` image: the <img> width/height attributes
    height: int
    sources: tuple = ()  # ({"type": "image/webp", "srcset": "..."}, ...) best first
    intrinsic_width: int = 0  # the upright source photo
    intrinsic_height: int = 0
    files: tuple = ()  # written files, relative to the output folder
    thumbnail: "Photo | None" = None  # the same photo in the small widths only, for cards in lists


@dataclass
class Stats:
    """Figures of the image work since the last reset; the benchmark prints them."""

    requests: int = 0  # photos asked for (every language, every page)
    sources: int = 0  # distinct source photos handled
    decoded: int = 0  # source photos decoded (0 on a rebuild without photo changes)
    cache_hits: int = 0
    files_written: int = 0
    seconds: float = 0.0  # spent on photos and cards, summed over threads (cards: wall time)
    cards_rendered: int = 0  # social cards drawn (ruhr.site.cards)
    cards_cached: int = 0


STATS = Stats()


_LOCK = threading.Lock()


def _count(name, amount=1):
    with _LOCK:
        setattr(STATS, name, getattr(STATS, name) + amount)


def stats():
    """The current figures as a dict (photos and social cards)."""
    return asdict(STATS)


def summary(figures=None):
    """The figures as one line for the build log and the benchmark."""
    f = figures or stats()
    return (f"images: {f['sources']} photos ({f['decoded']} decoded, {f['cache_hits']} from cache), "
            f"{f['files_written']} files; social cards: {f['cards_rendered']} drawn, {f['cards_cached']} "
            f"from cache; {f['seconds']:.2f} s of work")


def reset_stats():
    global STATS
    STATS = Stats()


def publish(source, target):
    """Put the cached file `source` at `target` in the output: a hard link where the file system
    allows it (no bytes copied), else a copy. Cached files are never changed in place. A link already in
    place (the staging folder holds the previous output) is kept; `LINKED` tells ruhr.site.staging that this
    build made it (a hard link's change time is shared with the cache's file and its other links)."""
    LINKED.add(os.path.abspath(target))
    try:
        os.link(source, target)
    except FileExistsError:
        try:
            if os.path.samestat(os.stat(source), os.stat(target)):
                return
        except OSError:
            pass
        os.unlink(target)
        publish(source, target)
    except OSError:
        shutil.copyfile(source, target)


LINKED = set()  # absolute paths of the output files `publish` made this build


def display_path(path):
    """`path` relative to the working directory when it lies below it, for messages."""
    path = os.fspath(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


class PhotoPipeline:
    """Makes the derivatives of source photos for one build.

    `source_dir` holds the editors' photos, `output_dir` is the build's output root, `cache_dir`
    keeps processed photos between builds. `settings` is Pelican's settings dict (RUHR_PHOTO_*).
    """

    def __init__(self, source_dir, output_dir, cache_dir, settings=None):
        settings = settings or {}
        self.source_dir = Path(source_dir)
        self.output_dir = Path(output_dir)
        self.cache_dir = Path(cache_dir)
        get = lambda name: ruhr_settings.get(settings, name)  # noqa: E731
        self.url_dir = get("RUHR_PHOTO_OUTPUT").strip("/")
        self.widths = sorted(set(get("RUHR_PHOTO_WIDTHS")))
        self.formats = list(get("RUHR_PHOTO_FORMATS"))
        self.quality = {fmt: get("RUHR_PHOTO_QUALITY")[fmt] for fmt in self.formats}
        self.fallback_width = get("RUHR_PHOTO_FALLBACK_WIDTH")
        self.input_formats = list(get("RUHR_PHOTO_INPUT_FORMATS"))
        self.max_pixels = get("RUHR_PHOTO_MAX_PIXELS")
        unknown = [fmt for fmt in self.formats if fmt not in MIME_TYPES]
        if unknown or not self.formats:
            raise ValueError(f"RUHR_PHOTO_FORMATS: unknown {unknown}; use some of {list(MIME_TYPES)}")
        self._made = {}  # file name -> (key, cache entry, meta), PhotoProblem, or the Future of either
        self._done = {}  # file name -> published Photo or PhotoProblem, for this build
        self._pool = None
        try:  # file name -> [size, mtime_ns, sha256 hex], from the last build
            self._digests = json.loads((self.cache_dir / "digests.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._digests = {}
        self._digests_read = dict(self._digests)

    @classmethod
    def from_settings(cls, settings, output_dir=None):
        """The pipeline for a Pelican build (paths from PATH, OUTPUT_PATH and CACHE_PATH)."""
        get = lambda name: ruhr_settings.get(settings, name)  # noqa: E731
        return cls(
            Path(settings["PATH"]) / get("RUHR_PHOTO_PATH"),
            output_dir or settings["OUTPUT_PATH"],
            Path(settings.get("CACHE_PATH", "cache")) / get("RUHR_PHOTO_CACHE"),
            settings,
        )

    # -- the public operations ------------------------------------------------------------------
    def photo(self, name):
        """The derivatives of source photo `name` (a file name in the source folder) as a Photo,
        published to the output folder.

        Raises PhotoProblem for a missing, unreadable or oversized photo. Asking again for the same
        name in the same build returns the first answer without any work.
        """
        _count("requests")
        if name not in self._done:
            if name not in self._made:
                self._made[name] = self._make(name)
            made = self._made[name]
            made = made.result() if isinstance(made, Future) else made
            started = time.perf_counter()
            self._done[name] = made if isinstance(made, PhotoProblem) else self._publish(name, *made)
            _count("seconds", time.perf_counter() - started)
        result = self._done[name]
        if isinstance(result, PhotoProblem):
            raise result
        return result

    def start(self, names, workers=None):
        """Start processing the photos `names` into the cache in background threads, and return at
        once; `photo()` waits for the ones it needs. Pillow decodes, resizes and encodes outside the
        GIL, so this runs beside other work (the build reads the content meanwhile). Nothing is
        written to the output folder before `photo()` asks. Problems are kept for `photo()` to raise."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(workers or os.cpu_count() or 1, thread_name_prefix="photos")
        for name in dict.fromkeys(names):
            if name not in self._made:
                self._made[name] = self._pool.submit(self._make, name)

    def prepare(self, names, workers=None):
        """Process the photos `names` in parallel threads and wait for them."""
        names = list(names)
        self.start(names, workers)
        for name in names:
            made = self._made[name]
            if isinstance(made, Future):
                made.result()

    def close(self):
        """Wait for the photos still in work (a build calls it before forking processes) and remember
        the photos' digests for the next build."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._digests != self._digests_read:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(self.cache_dir / "digests.json", json.dumps(self._digests, indent=0, sort_keys=True))
            self._digests_read = dict(self._digests)

    # -- steps ----------------------------------------------------------------------------------
    def _make(self, name):
        """(key, cache entry, meta) of photo `name`, processed into the cache if needed; or the PhotoProblem."""
        started = time.perf_counter()
        _count("sources")
        try:
            path = self.source_dir / name
            if not name or Path(name).name != name or name.startswith("."):
                raise PhotoProblem(path, f"{name!r} is not a plain file name",
                                   f"put the photo in {display_path(self.source_dir)}/ and give its name only")
            if not path.is_file():
                raise PhotoProblem(path, "photo not found",
                                   f"add the file to {display_path(self.source_dir)}/ or correct the `file:` name")
            key = self._key(path)
            entry = self.cache_dir / key
            meta = _read_meta(entry)
            if meta is None:
                meta = self._process(path, entry)
            else:
                _count("cache_hits")
            return key, entry, meta
        except PhotoProblem as problem:
            return problem
        except FileNotFoundError:  # deleted or moved while the build read it
            return PhotoProblem(path, "photo disappeared while the build read it",
                                f"put it back in {display_path(self.source_dir)}/ (or correct the `file:` name) "
                                "and build again")
        finally:
            _count("seconds", time.perf_counter() - started)

    def _key(self, path):
        recipe = json.dumps([RECIPE_VERSION, Image.__version__, self.widths, self.formats,
                             self.quality, self.max_pixels], sort_keys=True)
        digest = hashlib.sha256(recipe.encode())
        digest.update(self._file_digest(path))
        return digest.hexdigest()

    def _file_digest(self, path):
        """SHA-256 of the file, remembered between builds by name, size and modification time: a rebuild
        does not read unchanged camera photos at all."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self._digests.get(path.name)
        if known and known[:2] == stamp:
            return bytes.fromhex(known[2])
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").digest()
        self._digests[path.name] = stamp + [digest.hex()]
        return digest

    def _process(self, path, entry):
        """Decode `path` once and write every derivative into the cache folder `entry`."""
        image, intrinsic = self.decode(path)
        width, height = image.size
        plan = derivative_widths(width, self.widths)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.cache_dir, prefix=".tmp-"))
        try:
            derivatives = []
            for w in plan:
                h = max(1, round(height * w / width))
                scaled = image if w == width else image.resize((w, h), Image.Resampling.LANCZOS,
                                                               reducing_gap=3.0)
                scaled.info = {}
                for fmt in self.formats:
                    name = f"{w}w.{EXTENSIONS[fmt]}"
                    scaled.save(tmp / name, **SAVE_OPTIONS[fmt](self.quality[fmt]))
                    derivatives.append({"format": fmt, "width": w, "height": h, "name": name})
            meta = {"width": intrinsic[0], "height": intrinsic[1], "derivatives": derivatives}
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
            if entry.exists() and _read_meta(entry) is None:  # left by an interrupted build
                shutil.rmtree(entry, ignore_errors=True)
            try:
                tmp.rename(entry)
            except OSError:  # a parallel build finished the same photo first
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return meta

    def _publish(self, name, key, entry, meta):
        """Link or copy the cached derivatives into the output under content-hashed names."""
        stem = Path(name).stem
        target = self.output_dir / self.url_dir
        target.mkdir(parents=True, exist_ok=True)
        files, by_format = [], {}
        for d in meta["derivatives"]:
            out_name = f"{stem}-{d['width']}w.{key[:10]}.{EXTENSIONS[d['format']]}"
            publish(entry / d["name"], target / out_name)
            _count("files_written")
            files.append(f"{self.url_dir}/{out_name}")
            by_format.setdefault(d["format"], []).append({**d, "url": f"/{self.url_dir}/{out_name}"})

        photo = self._describe(name, meta, files, by_format, self.fallback_width)
        small = {fmt: found[:2] for fmt, found in by_format.items()}  # a card 20rem wide, on a 2x screen too
        return replace(photo, thumbnail=self._describe(name, meta, files, small, 0))

    def _describe(self, name, meta, files, by_format, fallback_width):
        def srcset(fmt):
            return ", ".join(f"{d['url']} {d['width']}w" for d in by_format[fmt])

        fallback = self.formats[-1]
        fitting = [d for d in by_format[fallback] if d["width"] <= fallback_width]
        img = fitting[-1] if fitting else by_format[fallback][0]
        return Photo(
            file=name, src=img["url"], srcset=srcset(fallback), type=MIME_TYPES[fallback],
            width=img["width"], height=img["height"],
            sources=tuple({"type": MIME_TYPES[fmt], "srcset": srcset(fmt)} for fmt in self.formats[:-1]),
            intrinsic_width=meta["width"], intrinsic_height=meta["height"], files=tuple(files),
        )

    # -- decoding -------------------------------------------------------------------------------
    def decode(self, path):
        """The photo at `path` as an upright 8-bit sRGB image without metadata (counts a decode),
        and the upright size of the source in pixels. JPEGs may come back already scaled down."""
        image = open_photo(path, self.max_pixels, self.input_formats)
        with image:
            try:
                turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # Orientation: 90° turns
            except Exception:  # damaged EXIF: dealt with below
                turned = False
            intrinsic = image.size[::-1] if turned else image.size
            if image.format in ("JPEG", "MPO"):
                # Let the JPEG decoder scale down by 1/2..1/8 while decoding: far less work for a
                # 40-megapixel camera photo. Both sides stay >= the largest derivative width.
                largest = max(derivative_widths(max(image.size), self.widths))
                image.draft(image.mode, (largest, largest))
            try:
                _count("decoded")
                image.load()
            except (OSError, SyntaxError, ValueError) as error:
                raise PhotoProblem(path, f"the image data is truncated or damaged ({error})",
                                   "export or copy the photo again from the original") from None
            icc = image.info.get("icc_profile")
            try:
                upright = ImageOps.exif_transpose(image)
            except Exception as error:  # a damaged EXIF block must not stop the build
                log.warning("%s: EXIF orientation unreadable (%s); photo used as stored",
                            display_path(path), error)
                upright = image.copy()
        return to_srgb(upright, icc, path), intrinsic


def open_photo(path, max_pixels, formats):
    """Open `path` lazily (header only) and check it is a photo of acceptable size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit below
            image = Image.open(path, formats=formats)
    except FileNotFoundError:
        raise PhotoProblem(path, "photo not found", "add the file or correct the `file:` name") from None
    except Image.DecompressionBombError as error:  # beyond Pillow's own hard limit
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        raise _bomb(path, int(pixels[1]) if pixels else None, limit=max_pixels) from None
    except UnidentifiedImageError:
        raise PhotoProblem(path, "not an image this build can read",
                           f"save it as JPEG, PNG or WebP ({', '.join(formats)} are accepted)") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoProblem(path, f"unreadable image ({error})",
                           "export or copy the photo again from the original") from None
    if image.width * image.height > max_pixels:
        size = image.width * image.height, f" ({image.width} x {image.height} px)"
        image.close()
        raise _bomb(path, *size, limit=max_pixels)
    return image


def _bomb(path, pixels, size="", *, limit):
    found = f"{pixels / 1e6:.0f} megapixels{size}" if pixels else "too many pixels"
    return PhotoProblem(path, f"image too large: {found}, over the limit of {limit / 1e6:.0f} megapixels; "
                        "refused as a possible decompression bomb",
                        "scale the photo down (6000 px wide is plenty) before adding it")


def to_srgb(image, icc, path):
    """8-bit RGB in sRGB, flattened on white, with empty metadata."""
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit greyscale: scale to 8 bits (a plain convert would clip everything above 255).
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        icc = None
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    if image.mode in ("RGBA", "LA", "RGBa", "La", "PA"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image, icc = flat, (icc if image.mode.startswith("RGB") else None)
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(BytesIO(icc))
            image = ImageCms.profileToProfile(image, profile, SRGB, outputMode="RGB",
                                              renderingIntent=ImageCms.Intent.PERCEPTUAL)
        except (ImageCms.PyCMSError, OSError, ValueError) as error:
            log.warning("%s: embedded colour profile unusable (%s); colours taken as sRGB",
                        display_path(path), error)
    image = image.convert("RGB")  # CMYK without profile, L, YCbCr, ...
    image.info = {}
    return image


def derivative_widths(width, widths):
    """Widths to make for a photo `width` px wide: the configured ones it can fill, never upscaled."""
    plan = [w for w in widths if w <= width]
    if not plan or width < max(widths):
        plan.append(width)
    return sorted(set(plan))


def _read_meta(entry):
    try:
        meta = json.loads((entry / "meta.json").read_text())
    except (OSError, ValueError):
        return None
    if all((entry / d["name"]).is_file() for d in meta["derivatives"]):
        return meta
    return None


def check_photo_file(path, settings=None):
    """Cheap check that `path` is a readable photo of acceptable size (reads the header only)."""
    get = lambda name: ruhr_settings.get(settings or {}, name)  # noqa: E731
    open_photo(path, get("RUHR_PHOTO_MAX_PIXELS"), get("RUHR_PHOTO_INPUT_FORMATS")).close()


