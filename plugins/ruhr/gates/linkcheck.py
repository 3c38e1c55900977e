"""Link gate: every internal reference in a built site resolves, and the language alternates agree.

`check(output_dir, site_url)` reads every HTML and CSS file under `output_dir` and returns a list of
`Problem`s, each naming the page (its URL path):

* every internal `href`, `src`, `srcset` candidate, `poster` (and `<meta content>` starting with the
  site URL) resolves to a file: `/x/` means `/x/index.html`; a folder without its trailing slash is
  reported, since static hosting does not redirect it. URLs starting with `site_url` are internal;
  other hosts and `mailto:`, `tel:`, `data:`, `javascript:` are not checked;
* `#id` targets exist on the page they point to;
* `url(...)` and `@import` in stylesheets resolve;
* every `<link rel="alternate" hreflang>` target exists, declares the same language in `<html lang>`
  and links back; each page's `<html lang>` is the hreflang it declares for itself.
"""

import logging
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from ruhr.gates.problems import Problem, page_url

logger = logging.getLogger(__name__)

URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "data")
NOT_CHECKED_SCHEMES = {"mailto", "tel", "sms", "data", "javascript", "blob", "about"}
# Fragments that need no element: the top of the page, and text fragments.
FREE_FRAGMENTS = {"", "top"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
PARALLEL_FROM = 200  # pages; below this, starting worker processes costs more than it saves


def check(output_dir, site_url=""):
    """All link problems in the built site at `output_dir`, sorted by page."""
    output_dir = Path(output_dir)
    files = set()
    html_files, css_files = [], []
    for root, _dirs, names in os.walk(output_dir):
        for name in names:
            rel = Path(root, name).relative_to(output_dir).as_posix()
            files.add(rel)
            if name.endswith(".html"):
                html_files.append(rel)
            elif name.endswith(".css"):
                css_files.append(rel)

    pages = dict(zip(html_files, _scan_all(output_dir, html_files)))
    checker = _Checker(files, pages, site_url)
    for rel, page in pages.items():
        checker.check_page(rel, page)
    for rel in css_files:
        checker.check_stylesheet(rel, (output_dir / rel).read_text(encoding="utf-8", errors="replace"))
    logger.info("linkcheck: %d pages, %d stylesheets, %d problems",
                len(pages), len(css_files), len(checker.problems))
    return sorted(checker.problems)


def _scan_all(output_dir, html_files):
    paths = [str(output_dir / rel) for rel in html_files]
    if len(paths) < PARALLEL_FROM:
        return [scan(p) for p in paths]
    with ProcessPoolExecutor() as pool:
        return list(pool.map(scan, paths, chunksize=64))


def scan(path):
    """What the gate needs from one HTML file: lang, ids, references [(tag, attr, value)], alternates."""
    with open(path, "rb") as f:
        tree = LexborHTMLParser(f.read())
    html = tree.css_first("html")
    lang = (html.attributes.get("lang") or "").strip() if html else ""
    ids, refs, alternates = set(), [], []
    for node in tree.root.traverse() if tree.root else ():
        attrs = node.attributes
        if not attrs:
            continue
        if "id" in attrs and attrs["id"]:
            ids.add(attrs["id"])
        for attr in URL_ATTRIBUTES:
            value = attrs.get(attr)
            if value is None or (attr == "data" and node.tag != "object"):
                continue
            if attr == "srcset":
                refs.extend((node.tag, attr, c.split()[0]) for c in value.split(",") if c.strip())
            else:
                refs.append((node.tag, attr, value.strip()))
        if node.tag == "meta" and attrs.get("content"):
            refs.append(("meta", "content", attrs["content"].strip()))
        if node.tag == "link" and "alternate" in (attrs.get("rel") or "").split() and attrs.get("hreflang"):
            alternates.append((attrs["hreflang"].strip(), (attrs.get("href") or "").strip()))
    return {"lang": lang, "ids": ids, "refs": list(dict.fromkeys(refs)), "alternates": alternates}


class _Checker:
    def __init__(self, files, pages, site_url):
        self.files = files
        self.pages = pages
        self.site_url = (site_url or "").rstrip("/")
        self.problems = []
        self.cache = {}

    def report(self, rel, message):
        self.problems.append(Problem(page_url(rel), message))

    def resolve(self, base_url, value):
        """(file, fragment) an internal reference points to, or None if it is not checked here."""
        if self.site_url and (value == self.site_url or value.startswith(self.site_url + "/")):
            value = value[len(self.site_url):] or "/"
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return None  # another host, or mailto:, tel:, data:, ...
        url = urlsplit(urljoin(base_url, value))
        path = unquote(url.path)
        if path.endswith("/"):
            path += "index.html"
        return path.lstrip("/"), unquote(url.fragment)

    def target_problem(self, base_url, value, what):
        """Why `value` (on a page or stylesheet at `base_url`) does not resolve, or None."""
        # Most references are root-relative and repeat on every page (navigation, theme files).
        key = ("/", value, what) if value.startswith("/") and not value.startswith("//") else (base_url, value, what)
        if key not in self.cache:
            self.cache[key] = self._target_problem(base_url, value, what)
        return self.cache[key]

    def _target_problem(self, base_url, value, what):
        if not value or value.startswith("#") and value[1:] in FREE_FRAGMENTS or value.startswith("#:~:"):
            return None
        if urlsplit(value).scheme in NOT_CHECKED_SCHEMES:
            return None
        target = self.resolve(base_url, value)
        if target is None:
            return None
        path, fragment = target
        if path not in self.files:
            if f"{path}/index.html" in self.files:
                return f"{what} points to a folder without its trailing slash (use {value}/)"
            return f"{what} points to a missing file ({path})"
        if fragment and fragment not in FREE_FRAGMENTS and not fragment.startswith(":~:") and path in self.pages:
            if fragment not in self.pages[path]["ids"]:
                return f"{what} points to #{fragment}, but {page_url(path)} has no element with that id"
        return None

    def check_page(self, rel, page):
        base_url = page_url(rel)
        for tag, attr, value in page["refs"]:
            if tag == "meta" and not (self.site_url and value.startswith(self.site_url + "/")):
                continue  # <meta content> is a URL only when it starts with the site URL
            problem = self.target_problem(base_url, value, f'<{tag} {attr}="{value}">')
            if problem:
                self.report(rel, problem)
        self.check_alternates(rel, page)

    def check_alternates(self, rel, page):
        lang = page["lang"]
        if not lang:
            self.report(rel, "<html> has no lang attribute")
        declared_self = False
        for hreflang, href in page["alternates"]:
            target = self.resolve(page_url(rel), href)
            if target is None or target[0] not in self.pages:
                if target is not None and target[0] in self.files:
                    self.report(rel, f'hreflang="{hreflang}" points to {href}, which is not an HTML page')
                continue  # a missing target is already reported as a broken <link href>
            other_rel = target[0]
            other = self.pages[other_rel]
            if other_rel == rel:
                declared_self = True
                if hreflang.lower() != "x-default" and hreflang.lower() != lang.lower():
                    self.report(rel, f'<html lang="{lang}"> but the page declares hreflang="{hreflang}" for itself')
                continue
            if hreflang.lower() != "x-default" and hreflang.lower() != other["lang"].lower():
                self.report(rel, f'hreflang="{hreflang}" points to {page_url(other_rel)}, '
                                 f'whose <html lang="{other["lang"]}">')
            backlinks = {self.resolve(page_url(other_rel), h) for _, h in other["alternates"]}
            if not any(b and b[0] == rel for b in backlinks):
                self.report(rel, f'hreflang="{hreflang}" points to {page_url(other_rel)}, which does not link back')
        if page["alternates"] and not declared_self:
            self.report(rel, f'declares hreflang alternates but none for itself (<html lang="{lang}">)')

    def check_stylesheet(self, rel, text):
        base_url = page_url(rel)
        for match in CSS_URL.finditer(text):
            value = (match.group(2) or match.group(4) or "").strip()
            if value.startswith("#"):
                continue  # SVG reference inside the same document
            problem = self.target_problem(base_url, value, f"url({value})")
            if problem:
                self.report(rel, problem)
