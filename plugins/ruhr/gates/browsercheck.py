"""Browser gate: each page type, in each language, in real headless Chromium.

`serve(output_dir)` serves a built site on 127.0.0.1; `launch()` starts Debian's Chromium through
Playwright (never a browser download); `audit(browser, base_url, path)` opens one page and returns a
list of `Problem`s naming the page:

* axe-core violations of WCAG 2.1 A and AA;
* console errors and uncaught exceptions;
* requests to any host but the test server (they are recorded, then aborted: nothing leaves the machine);
* the skip link (the first Tab stop) must move focus into `<main>`;
* the language switch (the link to the page's hreflang alternate) must lead to the translated page.

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

from ruhr.gates.problems import Problem, page_url  # noqa: F401 (Problem is part of the API)

logger = logging.getLogger(__name__)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 15000

# Page type -> output file in each language; "*" is the first item, in name order.
PAGE_TYPES = {
    "home": {"de": "index.html", "en": "en/index.html"},
    "sites index": {"de": "flaechen/index.html", "en": "en/sites/index.html"},
    "site": {"de": "flaechen/*/index.html", "en": "en/sites/*/index.html"},
    "sectors index": {"de": "branchen/index.html", "en": "en/sectors/index.html"},
    "sector": {"de": "branchen/*/index.html", "en": "en/sectors/*/index.html"},
    "stories index": {"de": "erfolgsgeschichten/index.html", "en": "en/stories/index.html"},
    "story": {"de": "erfolgsgeschichten/*/index.html", "en": "en/stories/*/index.html"},
    "municipalities index": {"de": "kommunen/index.html", "en": "en/municipalities/index.html"},
    "municipality": {"de": "kommunen/*/index.html", "en": "en/municipalities/*/index.html"},
    "contact": {"de": "kontakt/index.html", "en": "en/contact/index.html"},
    "imprint": {"de": "impressum/index.html", "en": "en/imprint/index.html"},
    "privacy": {"de": "datenschutz/index.html", "en": "en/privacy/index.html"},
    "accessibility": {"de": "barrierefreiheit/index.html", "en": "en/accessibility/index.html"},
    "404": {"de": "404.html", "en": "en/404.html"},
    "compare": {"de": "flaechen/vergleich/index.html", "en": "en/sites/compare/index.html"},
    "search": {"de": "suche/index.html", "en": "en/search/index.html"},
    # The agency's other roles (docs/roles.md); Leichte Sprache and DGS exist in German only.
    "programmes index": {"de": "foerderprogramme/index.html", "en": "en/funding/index.html"},
    "programmes filter": {"de": "foerderprogramme/filter/*/index.html", "en": "en/funding/filter/*/index.html"},
    "programme": {"de": "foerderprogramme/*/index.html", "en": "en/funding/*/index.html"},
    "funding advice": {"de": "foerderberatung/index.html", "en": "en/funding-advice/index.html"},
    "projects index": {"de": "projekte/index.html", "en": "en/projects/index.html"},
    "project": {"de": "projekte/*/index.html", "en": "en/projects/*/index.html"},
    "news index": {"de": "aktuelles/index.html", "en": "en/news/index.html"},
    "news item": {"de": "aktuelles/*/index.html", "en": "en/news/*/index.html"},
    "events index": {"de": "veranstaltungen/index.html", "en": "en/events/index.html"},
    "event": {"de": "veranstaltungen/*/index.html", "en": "en/events/*/index.html"},
    "events archive": {"de": "veranstaltungsarchiv/index.html", "en": "en/event-archive/index.html"},
    "report a barrier": {"de": "barriere-melden/index.html", "en": "en/report-a-barrier/index.html"},
    "easy read": {"de": "leichte-sprache/index.html"},
    "sign language": {"de": "gebaerdensprache/index.html"},
}
LANGUAGES = ["de", "en"]


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

    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core as an init script: runs in every document, unaffected by the page's Content-Security-Policy.
    context.add_init_script(path=str(axe_script))
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == origin
                  else route.abort("blockedbyclient"))
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and console_errors.append(
        f"{message.text} ({message.location.get('url', '')}:{message.location.get('lineNumber', '')})"))
    page.on("pageerror", lambda error: console_errors.append(f"uncaught {error}"))
    try:
        response = page.goto(urljoin(base_url, path), wait_until="load")
        if response is None or (response.status >= 400 and not path.endswith("404.html")):
            problems.append(Problem(path, f"HTTP {response.status if response else 'no response'}"))
            return problems
        page.wait_for_load_state("networkidle")
        problems += _axe(page, path)
        problems += _skip_link(page, path)
        problems += _language_switch(page, base_url, path)
    except Exception as error:  # a timeout or a crashed page is a failed gate, named by its page
        problems.append(Problem(path, f"browser error: {str(error).splitlines()[0]}"))
    finally:
        context.close()
    problems += [Problem(path, f"console error: {text}") for text in console_errors]
    problems += [Problem(path, f"request to another host: {url}") for url in dict.fromkeys(requests)
                 if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin]
    return problems


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
