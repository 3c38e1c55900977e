"""Browser gate: each page type, in each language, in real headless Chromium.

`serve(output_dir)` serves a built site on 127.0.0.1; `launch()` starts Debian's Chromium through
Playwright (never a browser download); `audit(browser, base_url, path)` opens one page and returns a
list of `Problem`s naming the page:

* axe-core violations of WCAG 2.1 A and AA;
* console errors and uncaught exceptions;
* requests to any host but the test server (they are recorded, then aborted: nothing leaves the machine);
* the skip link (the first Tab stop) must move focus into `<main>`;
* the language switch (the link to the page's hreflang alternate) must lead to the translated page;
* every response must succeed (no 404, not even for /favicon.ico);
* the page must carry a Content-Security-Policy `<meta>`, and no `securitypolicyviolation` may occur while
  the page is used: a map is loaded after consent, the finder filters, the search searches, the compare page
  compares two sites, and the page is shown for print (`_use`).
* layout shift: at desktop and phone width, the layout-shift entries (PerformanceObserver, buffered) during
  load and the first interaction (opening the first disclosure in <main>, ticking the first compare box)
  must sum to at most LAYOUT_SHIFT_LIMIT (shifts right after an input do not count, as in Lighthouse's
  CLS); a failure names the width, the sum and the elements that moved. The page's scripts are held back
  until it has first painted, as on a slow phone network, so what they add or move after the HTML and CSS
  have rendered counts (a render-blocking script then never lets the page paint: a timeout names it);
* reflow (WCAG 1.4.10): at REFLOW_WIDTH the page must not scroll sideways; a failure names the elements
  that stick out (a box with `overflow-x: auto`, e.g. a wide table's container, may scroll itself).

`page_types(output_dir)` finds one page of every type in each of its languages.
"""

import contextlib
import functools
import http.server
import json
import logging
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ruhr import settings as ruhr_settings
from ruhr.core.urls import save_as
from ruhr.gates.problems import Problem, page_url  # noqa: F401 (Problem is part of the API)

logger = logging.getLogger(__name__)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 15000
# What a map tile request gets once the visitor consented (a transparent 1×1 PNG): nothing leaves the machine.
TILE = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                     "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")
# Reports every Content-Security-Policy violation of every document to the gate (window.__ruhrCsp).
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', (e) => window.__ruhrCsp(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || document.URL}:${e.lineNumber})`));"""
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LAYOUT_SHIFT_LIMIT = 0.05
REFLOW_WIDTH = 320
# The first interaction: the first visible element of each selector is clicked, in this order.
INTERACTIONS = ["main details > summary", "main [data-compare]"]
LAYOUT_SHIFT_OBSERVER = """(() => {
  const describe = (node) => {
    let el = node && node.nodeType === 1 ? node : node && node.parentElement;
    if (!el) return "(an element since removed)";
    const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + [...e.classList].slice(0, 3).map((c) => "." + c).join("");
    return el.parentElement && !el.id ? name(el.parentElement) + " > " + name(el) : name(el);
  };
  window.__layoutShifts = [];
  const record = (entries) => entries.forEach((e) => e.hadRecentInput || window.__layoutShifts.push(
    {value: e.value, sources: (e.sources || []).map((s) => describe(s.node))}));
  window.__layoutShiftObserver = new PerformanceObserver((list) => record(list.getEntries()));
  window.__layoutShiftObserver.observe({type: "layout-shift", buffered: true});
  window.__layoutShiftsTaken = () => record(window.__layoutShiftObserver.takeRecords());
})();"""

# Every page type the gate opens: the name it reports (the screenshots are named after it too) and the page's
# RUHR_URLS entry, whose {slug} is "*" (the first item, in name order). Pages at a content slug (the legal pages,
# the funding advice; Leichte Sprache and DGS, in German only) name their slug in each of their languages.
PAGES = {
    "home": "home", "sites index": "sites", "site": "site", "sectors index": "sectors", "sector": "sector",
    # The list's second page (RUHR_FINDER_PAGE_SIZE; the demo has it in the tests' builds, conftest.PAGE_SIZE).
    "sites index, page 2": ("sites_page", {"de": "2", "en": "2"}),
    "stories index": "stories", "story": "story", "municipalities index": "municipalities",
    "municipality": "municipality", "contact": "contacts",
    "imprint": ("page", {"de": "impressum", "en": "imprint"}),
    "privacy": ("page", {"de": "datenschutz", "en": "privacy"}),
    "accessibility": ("page", {"de": "barrierefreiheit", "en": "accessibility"}),
    "404": "404", "compare": "compare", "search": "search", "aid areas": "aid_areas",
    # The agency's other roles (docs/roles.md).
    "programmes index": "programmes", "programmes filter": "programmes_filter", "programme": "programme",
    "funding advice": ("page", {"de": "foerderberatung", "en": "funding-advice"}),
    "projects index": "projects", "project": "project", "news index": "news", "news item": "news_item",
    "events index": "events", "event": "event", "events archive": "events_archive", "report a barrier": "feedback",
    "easy read": ("access", {"de": "leichte-sprache"}), "sign language": ("access", {"de": "gebaerdensprache"}),
}


def page_files(settings=None):
    """{page type: {lang: output file pattern}} of PAGES under the URL scheme of `settings` (default: the
    defaults of ruhr.settings)."""
    urls = ruhr_settings.get(settings or {}, "RUHR_URLS")
    files = {}
    for kind, entry in PAGES.items():
        key, slugs = entry if isinstance(entry, tuple) else (entry, None)
        files[kind] = {lang: save_as("/" + pattern.format(slug=slugs[lang] if slugs else "*"))
                       for lang, pattern in urls[key].items() if slugs is None or lang in slugs}
    return files


PAGE_TYPES = page_files()
LANGUAGES = ruhr_settings.get({}, "RUHR_LANGUAGES")


def page_types(output_dir):
    """{(page type, lang): URL path, or None if the build has no such page}."""
    output_dir = Path(output_dir)
    found = {}
    for kind, files in PAGE_TYPES.items():
        for lang, pattern in files.items():
            matches = sorted(output_dir.glob(pattern))
            found[kind, lang] = page_url(matches[0].relative_to(output_dir).as_posix()) if matches else None
    return found


def counterpart(path, lang):
    """The URL path of the same page type in the other language, for pages whose path is fixed; "" for a
    page that exists in one language only."""
    for files in PAGE_TYPES.values():
        if lang in files and "*" not in files[lang] and page_url(files[lang]) == path:
            other = next((code for code in files if code != lang), None)
            return page_url(files[other]) if other else ""
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(output_dir):
    """Serve `output_dir` on 127.0.0.1 (a free port) in a background thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(output_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    """Debian's headless Chromium, driven by Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def audit(browser, base_url, path, axe_script):
    """Every problem the browser finds on the page at `path` (a URL path) of the site at `base_url`."""
    problems = []
    origin = urlsplit(base_url).netloc
    requests, console_errors = [], []
    consented = False

    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core and the layout-shift observer as init scripts: they run in every document, unaffected by
    # the page's Content-Security-Policy.
    context.add_init_script(path=str(axe_script))
    context.add_init_script(LAYOUT_SHIFT_OBSERVER)
    violations, failed = [], []
    context.expose_function("__ruhrCsp", lambda text: violations.append(text))
    context.add_init_script(CSP_LISTENER)
    tiles = []
    scripts = _ScriptHold()

    def route(route):
        if urlsplit(route.request.url).netloc == origin:
            scripts.route(route)
        elif consented and route.request.resource_type == "image":  # a map tile, after consent
            tiles.append(route.request.url)
            route.fulfill(body=TILE, content_type="image/png")
        else:
            route.abort("blockedbyclient")
    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and console_errors.append(
        f"{message.text} ({message.location.get('url', '')}:{message.location.get('lineNumber', '')})"))
    page.on("pageerror", lambda error: console_errors.append(f"uncaught {error}"))
    page.on("response", lambda response: response.status >= 400 and urlsplit(response.url).path != path
            and failed.append(f"HTTP {response.status}: {urlsplit(response.url).path}"))
    try:
        response = scripts.load(page, urljoin(base_url, path))
        if response is None or (response.status >= 400 and not path.endswith("404.html")):
            problems.append(Problem(path, f"HTTP {response.status if response else 'no response'}"))
            return problems
        problems += _axe(page, path)
        if not page.locator('meta[http-equiv="Content-Security-Policy"]').count():
            problems.append(Problem(path, "no Content-Security-Policy <meta> in the page"))
        problems += _skip_link(page, path)
        problems += _layout_shift(page, path, "desktop")
        consented = True  # from here on, the map's tiles may load (served TILE, see route())
        problems += _use(page, path)
        problems += _language_switch(page, base_url, path)
        phone = context.new_page()
        phone.set_viewport_size(VIEWPORTS["phone"])
        scripts.load(phone, urljoin(base_url, path))
        problems += _layout_shift(phone, path, "phone")
        problems += reflow(phone, path)
    except Exception as error:  # a timeout or a crashed page is a failed gate, named by its page
        problems.append(Problem(path, f"browser error: {str(error).splitlines()[0]}"))
    finally:
        context.close()
    problems += [Problem(path, f"console error: {text}") for text in console_errors
                 if "Content Security Policy" not in text]  # reported below, once
    problems += [Problem(path, f"CSP violation: {text}") for text in dict.fromkeys(violations)]
    problems += [Problem(path, text) for text in dict.fromkeys(failed)]
    problems += [Problem(path, f"request to another host: {url}") for url in dict.fromkeys(requests)
                 if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin
                 and url not in tiles]
    return problems


def _use(page, path):
    """Use the page as a visitor would, so that what its scripts do meets the policy too: load each map after
    consent, filter the finder, search, compare two sites, print."""
    problems = []
    for button in page.locator("[data-map-load]").all():
        if button.is_visible():
            button.click()
            page.wait_for_function("() => [...document.querySelectorAll('[data-map]')].every(m => "
                                   "['open', 'failed', undefined].includes(m.dataset.mapState))")
    if page.locator("[data-finder-form]").count():
        # The layout-shift check's first interaction may have folded the filters: unfold them, then filter.
        fields = page.locator("[data-finder-form] details[data-finder-fields]")
        if fields.count() and fields.first.get_attribute("open") is None:
            fields.first.locator("summary").first.click()
        page.locator("[data-finder-form] input[type=checkbox]:visible").first.check()
    if page.locator("[data-compare-data]").count():
        ids = page.evaluate("async () => Object.keys((await (await fetch(document.querySelector("
                            "'[data-compare-data]').dataset.compareData)).json()).sites || {})")
        if len(ids) >= 2:
            page.goto(urljoin(page.url, f"?ids={ids[0]},{ids[1]}"), wait_until="load")
            page.wait_for_selector("[data-compare-table] tbody tr")
    if page.locator("#search").count():
        page.wait_for_selector(".pagefind-ui__search-input")
        page.fill(".pagefind-ui__search-input", "Dortmund")
        try:
            page.wait_for_selector(".pagefind-ui__result")
        except Exception:
            problems.append(Problem(path, "search: no result for 'Dortmund'"))
    page.emulate_media(media="print")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="screen")
    return problems


class _ScriptHold:
    """Holds a page's script requests back until the page has painted, then lets them (and later ones) go."""

    def __init__(self):
        self.held, self.painted = [], True

    def route(self, route):
        if route.request.resource_type == "script" and not self.painted:
            self.held.append(route)
        else:
            route.continue_()

    def load(self, page, url):
        """Open `url` in `page` with its scripts held until the first paint; the response, after network idle."""
        self.painted = False
        response = page.goto(url, wait_until="commit")
        page.wait_for_function("() => performance.getEntriesByType('paint').length > 0", polling="raf")
        self.painted = True
        while self.held:
            self.held.pop(0).continue_()
        page.wait_for_load_state("load")
        page.wait_for_load_state("networkidle")
        return response


def _axe(page, path):
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                targets: v.nodes.map(n => n.target.join(' '))}));
        }""", AXE_TAGS)
    return [Problem(path, f"axe {v['id']} ({v['impact']}): {v['help']} – {', '.join(v['targets'][:5])}"
                          + (f" and {len(v['targets']) - 5} more" if len(v["targets"]) > 5 else ""))
            for v in violations]


def _skip_link(page, path):
    page.keyboard.press("Tab")
    first = page.evaluate("""() => { const a = document.activeElement;
        return a && a !== document.body ? {tag: a.tagName.toLowerCase(), href: a.getAttribute('href') || '',
                                          text: a.textContent.trim()} : null; }""")
    if not first or first["tag"] != "a" or not first["href"].startswith("#"):
        return [Problem(path, f"skip link: the first Tab stop is {json.dumps(first)}, not a link to #main content")]
    page.keyboard.press("Enter")
    focus = page.evaluate("""() => { const a = document.activeElement, main = document.querySelector('main');
        return {inMain: !!main && !!a && (a === main || main.contains(a)),
                focused: a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') : null}; }""")
    if not focus["inMain"]:
        return [Problem(path, f"skip link {first['href']} ({first['text']!r}) leaves focus on {focus['focused']}, "
                              "not in <main> (give its target tabindex=\"-1\")")]
    return []


def _layout_shift(page, path, width):
    """The page's layout shift so far plus that of its first interaction, if above LAYOUT_SHIFT_LIMIT."""
    for selector in INTERACTIONS:
        target = page.locator(selector).locator("visible=true").first
        if target.count():
            target.click()
    # Let the page finish what the clicks started (two frames), then collect what the observer holds.
    shifts = page.evaluate("""() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__layoutShiftsTaken(); done(window.__layoutShifts); })))""")
    total = sum(shift["value"] for shift in shifts)
    if total <= LAYOUT_SHIFT_LIMIT:
        return []
    moved = {}
    for shift in shifts:
        for source in shift["sources"]:
            moved[source] = moved.get(source, 0) + shift["value"]
    worst = sorted(moved, key=moved.get, reverse=True)
    return [Problem(path, f"layout shift {total:.3f} > {LAYOUT_SHIFT_LIMIT} at {width} width "
                          f"({VIEWPORTS[width]['width']} px); moved: {', '.join(worst[:5]) or 'unknown'}"
                          + (f" and {len(worst) - 5} more" if len(worst) > 5 else ""))]


def reflow(page, path, width=REFLOW_WIDTH):
    """A problem if the page, resized to `width` CSS pixels, scrolls sideways, naming what sticks out."""
    page.set_viewport_size({"width": width, "height": 640})
    wide = page.evaluate("""() => new Promise((done) => requestAnimationFrame(() => {
        const root = document.documentElement, limit = root.clientWidth;
        if (root.scrollWidth <= limit) return done(null);
        const scrolls = (el) => {  // inside a box that scrolls (or clips) sideways itself
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
                if (getComputedStyle(a).overflowX !== 'visible') return true;
            return false; };
        const sticks = (el) => {  // the box, or its own text, reaches beyond the viewport
            if (!el.checkVisibility()) return false;
            const box = el.getBoundingClientRect();
            return box.right > limit + 1 || (el.scrollWidth > el.clientWidth + 1 && box.left + el.scrollWidth > limit + 1); };
        const out = [...document.body.querySelectorAll('*')].filter((el) => sticks(el) && !scrolls(el)
            && ![...el.children].some(sticks));
        done({width: root.scrollWidth, elements: out.slice(0, 5).map((el) => el.tagName.toLowerCase()
            + (el.id ? '#' + el.id : '') + [...el.classList].slice(0, 2).map((c) => '.' + c).join('')
            + ' (' + (el.textContent || '').trim().slice(0, 30) + ')')});
    }))""")
    if wide is None:
        return []
    return [Problem(path, f"reflow: at {width} px the page is {wide['width']} px wide and scrolls sideways; "
                          f"sticking out: {', '.join(wide['elements']) or 'unknown'}")]


def _language_switch(page, base_url, path):
    lang = page.evaluate("document.documentElement.lang")
    alternates = page.evaluate("""(lang) => [...document.querySelectorAll('link[rel~=alternate][hreflang]')]
        .filter(l => !['x-default', lang].includes(l.hreflang)).map(l => [l.hreflang, l.href])""", lang)
    if alternates:
        other_lang, expected = alternates[0]
    else:
        other_path = counterpart(path, lang)
        if other_path == "":
            return []
        if other_path is None:
            return [Problem(path, "language switch: the page declares no hreflang alternate")]
        other_lang, expected = next(code for code in LANGUAGES if code != lang), urljoin(base_url, other_path)
    # Alternates may be absolute with the production SITEURL; the switch is matched by path on this server.
    index = page.evaluate("""(path) => [...document.querySelectorAll('a[href]')]
        .findIndex(a => a.origin === location.origin && a.pathname === path && a.getClientRects().length > 0)""",
                          urlsplit(expected).path)
    if index < 0:
        return [Problem(path, f"language switch: no visible link to the {other_lang} page {urlsplit(expected).path}")]
    with page.expect_navigation():
        page.locator("a[href]").nth(index).click()
    problems = []
    if urlsplit(page.url).path != urlsplit(expected).path:
        problems.append(Problem(path, f"language switch leads to {urlsplit(page.url).path}, "
                                      f"not {urlsplit(expected).path}"))
    arrived = page.evaluate("document.documentElement.lang")
    if arrived != other_lang:
        problems.append(Problem(path, f'language switch leads to a page with <html lang="{arrived}">, '
                                      f'not "{other_lang}"'))
    return problems
