"""What the investor tools cost: Pagefind indexing, sitemap, feeds at build time; filtering in the browser.

    .venv/bin/python scripts/bench_finder.py [--sites 2000]

Builds the demo site into a temporary folder, then prints the time of each post-build step on it and the
time finder.js takes per filter change in headless Chromium, on the real list and on a list of --sites
items (the real items cloned with new ids). Figures only; nothing is asserted.
"""

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def timed(label, fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    print(f"{label:<44} {1000 * (time.perf_counter() - started):8.1f} ms")
    return result


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser_figures(output, sites):
    from playwright.sync_api import sync_playwright
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    measure = """(n) => {
        const t0 = performance.now();
        const form = document.querySelector("[data-finder-form]");
        for (let i = 0; i < n; i++) {
            form.elements.zoning[i % 2].checked = !form.elements.zoning[i % 2].checked;
            window.ruhrFinder.apply();
        }
        return (performance.now() - t0) / n;
    }"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(origin + "/flaechen/")
        page.wait_for_selector("[data-finder-form]:not([hidden])")
        count = page.eval_on_selector_all("[data-finder-list] > li", "els => els.length")
        print(f"{'finder.js: one filter change, ' + str(count) + ' sites':<44} {page.evaluate(measure, 50):8.2f} ms")
        # The same list, grown: the finder's data with copies of its records under new URLs.
        def grown(route):
            data = json.loads(route.fetch().text())
            url = data["fields"].index("url")
            real = data["sites"]
            data["sites"] = real + [real[i % len(real)][:url] + [f"/flaechen/x{i}/"] + real[i % len(real)][url + 1:]
                                    for i in range(len(real), sites)]
            route.fulfill(json=data)
        page.route("**/finder.json", grown)
        page.goto(origin + "/flaechen/")
        page.wait_for_selector("[data-finder-form]:not([hidden])")
        page.wait_for_function("n => document.querySelectorAll('[data-finder-list] > li').length === n", arg=sites)
        print(f"{'finder.js: one filter change, ' + str(sites) + ' sites':<44} {page.evaluate(measure, 20):8.2f} ms")
        browser.close()
    server.shutdown()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=2000, help="list size for the browser figure")
    args = parser.parse_args(argv)
    from ruhr.site import build, feeds, search, seo  # noqa: F401

    base = tempfile.mkdtemp(prefix="bench-finder-")
    try:
        output = os.path.join(base, "output")
        stream = io.StringIO()
        code = timed("build (everything, incl. the steps below)", build.run, os.path.join(ROOT, "pelicanconf.py"),
                     output, {"PATH": os.path.join(ROOT, "content"), "RUHR_DATA_PATH": os.path.join(ROOT, "data"),
                              "CACHE_PATH": os.path.join(base, "cache")}, False, stream)
        if code:
            sys.exit(stream.getvalue())
        pages = sum(name.endswith(".html") for _, _, names in os.walk(output) for name in names)
        print(f"{'pages':<44} {pages:8d}")
        timed("Pagefind index (all pages in one run; a build indexes each language apart)", search.index, output,
              ["[data-map]"])
        entries = timed("sitemap: read the heads of all pages", seo.sitemap_entries, output)
        timed("sitemap: write XML", seo.sitemap_xml, entries)
        browser_figures(output, args.sites)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
