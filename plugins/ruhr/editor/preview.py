"""`invoke serve`: build, serve output/ on 127.0.0.1, rebuild on every save and reload the open pages.

    python -m ruhr.editor.preview [-s pelicanconf.py] [--port 8000]

- Every build runs in a fresh process, forked from a single-threaded fork server that has Pelican and the
  plugin imported already (multiprocessing's "forkserver"): quick to start, and nothing of a build stays in
  memory after the next one (in one long-lived process, Pelican's `memoized` caches keep every build's
  content).
- The process of the last good build stays as a warm worker that holds its model. When a save changed only the
  body of items' Markdown files, it renders those items' pages at once, with the new body, and they are served
  before anything else is built (the page a full build makes: RuhrGenerator.render_edited). Then the worker
  goes and the next build starts.
- The build is the incremental, safe build of build.py: it renders only the pages an edit touched (it prints
  `rendered N of M pages`), and Pagefind updates the search index after the new pages are served. A failed
  rebuild prints its problems in the terminal and the last good site stays in output/ and online (a quick
  page served before it is put back).
- The reload script is added to HTML pages while they are served (a long-polling request that returns when
  a newer build is ready); the files in output/ are those of a normal build.
"""

import argparse
import http.server
import logging
import multiprocessing
import os
import re
import sys
import threading
import time
from functools import partial

from ruhr import settings as ruhr_settings
from ruhr.editor import cli

# Imported once by the fork server, so that no build pays for them (missing ones are skipped).
PRELOAD = ["pelican", "pelican.generators", "markdown", "jinja2", "babel.messages.pofile", "font_lato",
           "ruhr.site.build", "ruhr.site.generator", "ruhr.core.content", "ruhr.core.model", "ruhr.core.i18n",
           "ruhr.site.maps", "ruhr.site.locator", "ruhr.site.opendata", "ruhr.site.images", "ruhr.site.cards"]
BODY_END = re.compile(rb"</body\s*>", re.I)
RELOAD_JS = b"""(function () {
  var version = document.currentScript.getAttribute("data-version");
  function wait() {
    fetch("/__preview/wait?v=" + version, {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) { if (v !== version) { location.reload(); } else { wait(); } })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"""


class Versions:
    """The number of the current good build; waiters wake up when it changes."""

    def __init__(self):
        self.version = 0
        self.condition = threading.Condition()

    def bump(self):
        with self.condition:
            self.version += 1
            self.condition.notify_all()

    def wait(self, seen, timeout=25):
        with self.condition:
            self.condition.wait_for(lambda: str(self.version) != seen, timeout)
            return self.version


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from output/, never cached; HTML pages get the reload script; missing pages the 404."""

    versions = None  # set on the subclass made by `server()`

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        for attempt in range(20):  # a rebuild swaps output/ in with two renames: wait for the second
            try:
                return self._get()
            except FileNotFoundError:
                time.sleep(0.05)
        return self._send(503, "text/plain", b"output folder is being replaced; reload")

    def _get(self):
        path = self.path.split("?", 1)[0]
        if path == "/__preview/reload.js":
            return self._send(200, "text/javascript", RELOAD_JS)
        if path == "/__preview/wait":
            seen = self.path.partition("v=")[2]
            return self._send(200, "text/plain", str(self.versions.wait(seen)).encode())
        file = self.translate_path(path)
        if os.path.isdir(file):
            if not path.endswith("/"):
                return super().do_GET()  # the redirect to the folder
            file = os.path.join(file, "index.html")
        if file.endswith(".html") and os.path.isfile(file):
            return self._send(200, "text/html; charset=utf-8", self._inject(file))
        if not os.path.exists(file):
            for page in ("en/404.html", "404.html") if path.startswith("/en/") else ("404.html",):
                page = os.path.join(self.directory, page)
                if os.path.isfile(page):
                    return self._send(404, "text/html; charset=utf-8", self._inject(page))
        return super().do_GET()

    def _inject(self, file):
        with open(file, "rb") as fh:
            html = fh.read()
        tag = f'<script src="/__preview/reload.js" data-version="{self.versions.version}"></script>'.encode()
        match = None
        for match in BODY_END.finditer(html):
            pass
        return html[:match.start()] + tag + html[match.start():] if match else html + tag

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def server(output, host, port, versions):
    handler = type("PreviewHandler", (Handler,), {"versions": versions})
    httpd = http.server.ThreadingHTTPServer((host, port), partial(handler, directory=output))
    httpd.daemon_threads = True
    return httpd


def _build(settings_file, output, overrides, connection):
    """In a forked child: the safe build; it sends its exit code, and after a good build stays as the warm
    worker that holds the model for quick pages (`_quick_pages`) until told to go."""
    from pelican import signals
    from ruhr.site import build, search
    from ruhr.site.generator import RuhrGenerator
    search.DEFERRED = True  # the parent indexes after serving the pages (update_search)
    kept = []
    signals.all_generators_finalized.connect(
        lambda generators: kept.extend(g for g in generators if isinstance(g, RuhrGenerator)), weak=False)
    code = build.run(settings_file, output, overrides=overrides)
    try:
        connection.send(code)
        if code == 0 and kept:
            _quick_pages(kept[0], output, connection)
    except (KeyboardInterrupt, OSError):  # Ctrl+C stops the preview: the worker goes quietly
        pass
    sys.exit(code)


def _quick_pages(generator, output, connection):
    """The warm worker: for each list of changed files the parent sends, the pages the model in memory can
    render at once (RuhrGenerator.render_edited: an item's body edited), or None; stops on None."""
    from ruhr.site.lock import OutputLock
    while True:
        try:
            paths = connection.recv()
        except (EOFError, OSError):
            return
        if paths is None:
            return
        try:
            with OutputLock(output, what="preview page"):
                replaced = generator.render_edited(paths, output)
        except Exception as err:  # the full build that follows reports what is wrong
            logging.getLogger(__name__).info("quick page not rendered: %s", err)
            replaced = None
        connection.send(replaced)


def _inode(path):
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


class Builder:
    """Builds in fresh processes forked from a fork server with everything imported. The process of the last
    good build stays as a warm worker holding its model: after a save it renders the edited item's page at
    once (`quick`); then it goes and a new build runs (memory stays flat: one worker at a time)."""

    def __init__(self, settings_file, output, overrides):
        self.args = (settings_file, output, overrides)
        self.output = output
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self.worker = None  # (process, connection)

    def build(self, ready=lambda: None):
        """True if the build succeeded. `ready()` is called as soon as the new output/ is in place: the
        build swaps it in only when everything succeeded, then still removes the old folder."""
        self.retire()
        before = _inode(self.output)
        connection, theirs = self.context.Pipe()
        process = self.context.Process(target=_build, args=self.args + (theirs,))
        process.start()
        theirs.close()
        code, called = None, False
        while code is None:
            try:
                if connection.poll(0.01):
                    code = connection.recv()
                elif process.exitcode is not None:
                    break
            except (EOFError, OSError):
                break
            if not called and _inode(self.output) not in (None, before):
                ready()
                called = True
        if code == 0:
            if not called:
                ready()
            self.worker = (process, connection)
            return True
        process.join()
        connection.close()
        return False

    def quick(self, paths):
        """[(page path, bytes it replaced)] of the pages the warm worker rendered for the changed `paths`, or
        None when they need the full build."""
        if self.worker is None:
            return None
        try:
            self.worker[1].send(paths)
            return self.worker[1].recv()
        except (EOFError, OSError):
            self.retire()
            return None

    def retire(self):
        """Let the warm worker go."""
        if self.worker is None:
            return
        process, connection = self.worker
        self.worker = None
        try:
            connection.send(None)
        except OSError:
            pass
        process.join(10)
        if process.exitcode is None:
            process.kill()
            process.join()
        connection.close()


def restore(output, replaced, stream):
    """Put back the files a quick page replaced: the build after it failed, so the last good site stays."""
    from ruhr.site.generator import put_back
    from ruhr.site.lock import OutputLock
    with OutputLock(output, stream=stream, what="preview page"):
        put_back(output, replaced)


def update_search(output, settings, stream):
    """Pagefind over the served output (only if its HTML changed), after the new pages are served."""
    from ruhr.site import search
    from ruhr.site.lock import OutputLock
    started = time.perf_counter()
    with OutputLock(output, stream=stream, what="search index"):  # no `invoke build` swaps output/ meanwhile
        updated = search.update_index(output, settings)
    if updated:
        print(f"search index up to date ({time.perf_counter() - started:.2f} s)", file=stream, flush=True)
    else:
        print("search index not updated: see the error above", file=stream, flush=True)


def watched(settings_file, settings):
    paths = [settings["PATH"], ruhr_settings.get(settings, "RUHR_DATA_PATH"), settings["THEME"], settings_file]
    return [os.path.abspath(p) for p in paths if os.path.exists(p)]


def serve(settings_file="pelicanconf.py", port=8000, host="127.0.0.1", output=None, stream=sys.stderr,
          stop=None):
    """Build, serve and rebuild until Ctrl+C (or until the `stop` event is set)."""
    import watchfiles
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # not its "KeyboardInterrupt caught" on Ctrl+C
    settings = cli.load_settings(settings_file)
    output = os.path.abspath(output or settings["OUTPUT_PATH"])
    site_url = f"http://{host}:{port}"
    # The same incremental build as `invoke build` (only the pages an edit touched are rendered); the
    # search index is brought up to date after the new pages are served.
    search_on = ruhr_settings.get(settings, "RUHR_SEARCH")
    builder = Builder(settings_file, output, {})
    versions = Versions()
    try:
        httpd = server(output, host, port, versions)
    except OSError as err:
        print(f"Cannot serve on {site_url}: {err.strerror} — stop the other server or use --port", file=stream)
        return 1
    if not builder.build():
        print("The first build failed: fix the problems above and save; the preview rebuilds then.", file=stream)
    elif search_on:
        update_search(output, settings, stream)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"Preview on {site_url}/ — rebuilds when you save in {', '.join(map(cli.show, watched(settings_file, settings)))}"
          "; Ctrl+C stops it.", file=stream, flush=True)
    try:
        for changes in watchfiles.watch(*watched(settings_file, settings), debounce=50, step=20,
                                        stop_event=stop, raise_interrupt=False):
            started = time.perf_counter()
            names = sorted({cli.show(path) for _, path in changes})
            print(f"changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}", file=stream, flush=True)
            replaced = builder.quick(sorted({path for _, path in changes}))
            if replaced:
                versions.bump()
                print(f"served {', '.join(path for path, _ in replaced)} from the model in memory in "
                      f"{time.perf_counter() - started:.2f} s; rebuilding the rest", file=stream, flush=True)
            if builder.build(ready=versions.bump):
                print(f"rebuilt in {time.perf_counter() - started:.2f} s; open pages reload", file=stream, flush=True)
                if search_on:
                    update_search(output, settings, stream)
            else:
                if replaced:
                    restore(output, replaced, stream)
                    versions.bump()
                print("rebuild failed: still serving the last good site", file=stream, flush=True)
    finally:
        builder.retire()
        httpd.shutdown()
        httpd.server_close()
    print("Preview stopped.", file=stream)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ruhr.editor.preview", description=__doc__.splitlines()[0])
    cli.add_settings_arguments(parser)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("-o", "--output", default=None)
    args = parser.parse_args(argv)
    return serve(args.settings, args.port, args.host, args.output)


if __name__ == "__main__":
    from ruhr.editor.preview import main as _main  # the module itself, not __main__: the fork server finds it by name
    sys.exit(_main())
