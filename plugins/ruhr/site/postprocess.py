"""Post-process a built site: minify HTML, CSS and JS, then give assets content-hashed names.

    python -m ruhr.site.postprocess OUTPUT_DIR

1. Minify every HTML, CSS and JS file with minify-html, keeping what validators need (`<html lang>`,
   `<head>`, closing tags, the doctype) and leaving JSON-LD and already minified files (*.min.css,
   *.min.js) alone.
2. Fingerprint: every CSS, JS, font and image file under RUHR_FINGERPRINT_PATHS (theme assets, image
   derivatives) is renamed to `name.<hash>.ext` in the same folder, the hash being the first ten hex
   digits of the SHA-256 of its final content, and every reference to it is rewritten: in HTML (`href`,
   `src`, `srcset`, inline `url()`, JSON-LD), CSS (`url()`, `@import`), SVG, JS, XML and JSON files.
   A CSS file's hash is taken after its own references were rewritten, so a new font gives the CSS a new
   name too. The original files are removed.

Everything is computed in memory first; files are written only once all of it succeeded. The result
depends on the content alone: the same output folder always gives the same bytes.
"""

import argparse
import fnmatch
import hashlib
import logging
import os
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import minify_html

from ruhr import settings as ruhr_settings
from ruhr.util.files import write_atomic

log = logging.getLogger(__name__)

# Files in which references to assets are rewritten.
TEXT_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".svg", ".xml", ".json", ".geojson",
                 ".webmanifest", ".txt"}
HASH_LENGTH = 10
FINGERPRINTED = re.compile(r"\.[0-9a-f]{%d}\.[A-Za-z0-9]+$" % HASH_LENGTH)
# A run of the characters a URL path can hold: quotes, spaces, parentheses, commas, "=", "?" and "#"
# end it, so it finds references in attributes, srcset, url(), JSON strings and XML text alike.
URL_TOKEN = re.compile(r"[\w\-.~%!$&+:@/]+")

BODY = re.compile(r"<body\b[^>]*>", re.I)
# Whitespace between two tags, and what to leave alone: elements whose text is not markup, and comments.
BETWEEN_TAGS = re.compile(
    r"<(script|style|pre|textarea)\b.*?</\1\s*>|<!--.*?-->|(?<=>)(?P<space>\s+)(?=<)", re.S | re.I)

HTML_OPTIONS = dict(
    minify_css=True,
    minify_js=True,
    keep_closing_tags=True,
    keep_html_and_head_opening_tags=True,
    minify_doctype=False,
    allow_noncompliant_unquoted_attribute_values=False,
    allow_removing_spaces_between_attributes=False,
    allow_optimal_entities=False,
    remove_bangs=False,
    remove_processing_instructions=False,
)


class PostprocessError(Exception):
    """A problem with the built files; the message is one line naming the file."""


def minify(name, text):
    """The minified text of an HTML, CSS or JS file; other files and *.min.* files as they are."""
    suffix = posixpath.splitext(name)[1].lower()
    if ".min." in posixpath.basename(name):
        return text
    if suffix in (".html", ".htm"):
        return minify_page(text)
    # CSS and JS go through minify-html inside the element that holds them in a page.
    element = {".css": "style", ".js": "script", ".mjs": "script"}.get(suffix)
    if element is None:
        return text
    if f"</{element}" in text.lower():
        log.warning("postprocess: %s not minified: it contains '</%s'", name, element)
        return text
    wrapped = minify_html.minify(f"<{element}>{text}</{element}>", **HTML_OPTIONS)
    start, end = f"<{element}>", f"</{element}>"
    if not (wrapped.startswith(start) and wrapped.endswith(end)):
        raise PostprocessError(f"{name}: minify-html gave unexpected output; set RUHR_MINIFY = False to skip")
    return wrapped[len(start):-len(end)]


def minify_page(html):
    """Minified HTML that renders like the original.

    minify-html drops whitespace-only text between tags inside block elements (div, nav, main, ...), which
    glues inline neighbours together ("<span>Dortmund</span> <span>12 ha</span>" shows "Dortmund12 ha").
    So each such run in the body becomes a placeholder character first, and a single space afterwards.
    """
    placeholder = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in html)
    body = BODY.search(html)
    start = body.start() if body else 0
    end = html.lower().rfind("</body") + 1  # up to and with the "<" of "</body>"
    end = end if end > start else len(html)

    def protect(match):
        return placeholder if match.group("space") else match.group()

    html = html[:start] + BETWEEN_TAGS.sub(protect, html[start:end]) + html[end:]
    return re.sub(placeholder + "+", " ", minify_html.minify(html, **HTML_OPTIONS))


def fingerprinted_name(name, content):
    stem, suffix = posixpath.splitext(name)
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:HASH_LENGTH]}{suffix}"


def resolve(token, base):
    """The output-relative path a URL (without query or fragment) points to, seen from folder `base`."""
    if token.startswith("//"):
        path = urlsplit("http:" + token).path
    elif ":" in token.split("/", 1)[0]:
        parts = urlsplit(token)
        if parts.scheme not in ("http", "https"):
            return None
        path = parts.path
    else:
        path = token
    path = unquote(path)
    path = path.lstrip("/") if path.startswith("/") else posixpath.join(base, path)
    path = posixpath.normpath(path)
    return None if path.startswith("..") else path


class References:
    """Finds and rewrites references to a set of asset files in text files."""

    def __init__(self, assets):
        self.assets = set(assets)
        self.basenames = {posixpath.basename(a) for a in assets}

    def find(self, name, text):
        """The assets that the text of file `name` refers to."""
        base = posixpath.dirname(name)
        tokens = (m.group() for m in URL_TOKEN.finditer(text))
        return {resolve(t, base) for t in tokens if unquote(t.rsplit("/", 1)[-1]) in self.basenames} & self.assets

    def rewrite(self, name, text, renamed):
        """The text of file `name` with every reference to a renamed asset pointing to its new name."""
        unresolved = set()
        base = posixpath.dirname(name)

        def replace(match):
            token = match.group()
            old = token.rsplit("/", 1)[-1]
            if unquote(old) not in self.basenames:
                return token
            target = resolve(token, base)
            if target not in renamed:
                unresolved.add(token)
                return token
            new = posixpath.basename(renamed[target])
            return token[: -len(old)] + (new if old == unquote(old) else quote(new))

        text = URL_TOKEN.sub(replace, text)
        for token in sorted(unresolved):
            log.warning("postprocess: %s: '%s' looks like a fingerprinted file but points to none", name, token)
        return text


def select_assets(names, settings):
    """The files that get fingerprinted, from all file names of the output."""
    folders = tuple(p.strip("/") + "/" for p in ruhr_settings.get(settings, "RUHR_FINGERPRINT_PATHS"))
    extensions = {e.lower() for e in ruhr_settings.get(settings, "RUHR_FINGERPRINT_EXTENSIONS")}
    exclude = ruhr_settings.get(settings, "RUHR_FINGERPRINT_EXCLUDE")
    return sorted(
        n for n in names
        if n.startswith(folders) and posixpath.splitext(n)[1].lower() in extensions
        and not FINGERPRINTED.search(n) and not any(fnmatch.fnmatchcase(n, p) for p in exclude))


def fingerprint(assets, texts, read_bytes):
    """New names for the assets, and the rewritten texts of those that are text.

    An asset that refers to others is named after them, so its hash covers the names it uses.
    """
    references = References(assets)
    depends = {a: references.find(a, texts[a]) - {a} if a in texts else set() for a in assets}
    renamed = {}
    pending = list(assets)
    while pending:
        ready = [a for a in pending if depends[a] <= renamed.keys()]
        if not ready:
            raise PostprocessError(f"{pending[0]}: refers in a circle to {', '.join(sorted(depends[pending[0]]))}")
        for a in ready:
            if a in texts:
                texts[a] = references.rewrite(a, texts[a], renamed)
                content = texts[a].encode("utf-8")
            else:
                content = read_bytes(a)
            renamed[a] = fingerprinted_name(a, content)
        pending = [a for a in pending if a not in renamed]
    return renamed, references


def postprocess(output_dir, settings=None):
    """Minify and fingerprint the built site in output_dir (see the module doc). Returns {old: new name}."""
    settings = settings or {}
    output = Path(output_dir)
    if not output.is_dir():
        raise PostprocessError(f"{output_dir} is not a folder: build the site first")
    names = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())

    texts, originals = {}, {}
    for name in names:
        if posixpath.splitext(name)[1].lower() in TEXT_SUFFIXES:
            try:
                originals[name] = texts[name] = (output / name).read_text("utf-8")
            except UnicodeDecodeError:
                log.warning("postprocess: %s is not UTF-8; left as it is", name)

    if ruhr_settings.get(settings, "RUHR_MINIFY"):
        for name in texts:
            try:
                texts[name] = minify(name, texts[name])
            except PostprocessError:
                raise
            except Exception as e:  # minify-html reports bad input as a plain exception
                raise PostprocessError(f"{name}: cannot minify: {e}".replace("\n", " ")) from e

    assets = select_assets(names, settings)
    renamed, references = fingerprint(assets, texts, lambda n: (output / n).read_bytes())
    for name in texts:
        if name not in renamed:
            texts[name] = references.rewrite(name, texts[name], renamed)

    # Everything is known: now write, each file through a temporary name.
    for old, new in renamed.items():
        if old in texts:
            write_atomic(output / new, texts[old].encode("utf-8"))
            os.remove(output / old)
        else:
            os.replace(output / old, output / new)
    for name, text in texts.items():
        if name not in renamed and text != originals[name]:
            write_atomic(output / name, text.encode("utf-8"))
    log.info("postprocess: %d files minified or rewritten, %d assets fingerprinted",
             sum(texts[n] != originals[n] for n in texts), len(renamed))
    return renamed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ruhr.site.postprocess", description=__doc__.split("\n\n")[0])
    parser.add_argument("output_dir", metavar="OUTPUT_DIR", help="the built site, e.g. output")
    args = parser.parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        postprocess(args.output_dir)
    except PostprocessError as e:
        print(f"postprocess: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
