"""`invoke lighthouse`: Lighthouse scores of a publish build, a report, not a test (docs/quality-gates.md).

Lighthouse comes from npm, pinned in `benchmarks/lighthouse/package.json` and its lock file; `invoke
lighthouse` installs it there (not `make test`) and passes its command-line script to `audit`. It drives
Debian's Chromium (CHROME_PATH). `serve(output_dir)` serves a built folder on 127.0.0.1 the way the CDN does: gzip for text,
the Content-Type and Cache-Control headers `invoke publish` uploads with (ruhr.publish.sync.scan).
`audit(url)` runs Lighthouse once and returns a `Report`: the four category scores, the key metrics and the
audits that did not pass.
"""

import contextlib
import gzip
import http.server
import json
import logging
import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ruhr.gates.browsercheck import CHROMIUM

logger = logging.getLogger(__name__)

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index"]
COMPRESSED = ("text/", "application/javascript", "application/json", "application/geo+json", "image/svg+xml",
              "application/xml", "application/manifest+json")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"


@contextlib.contextmanager
def serve(output_dir, settings=None):
    """Serve `output_dir` on 127.0.0.1 (a free port) with the CDN's headers and gzip; yields the base URL."""
    from ruhr.publish import sync
    files = sync.scan(output_dir, settings or {})

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            name = self.path.split("?")[0].split("#")[0].lstrip("/")
            name = name + "index.html" if name == "" or name.endswith("/") else name
            status = 200 if name in files else 404
            f = files[name] if status == 200 else files["404.html"]
            body = f.path.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", f.content_type)
            self.send_header("Cache-Control", f.cache_control)
            if f.content_type.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, 6)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # Lighthouse closes tabs early
                self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Report:
    url: str
    scores: dict  # category -> 0..100
    metrics: dict = field(default_factory=dict)  # metric id -> display value
    failing: list = field(default_factory=list)  # "id: title (display value)"


def audit(cli, url, desktop=False):
    """Run Lighthouse (`cli`, its command-line script) on `url`: mobile with simulated throttling, or the desktop preset."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
                   f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
        if desktop:
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, cwd=tmp)
        result = json.loads(out.read_text(encoding="utf-8"))
    return Report(
        url=url,
        scores={c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES},
        metrics={m: result["audits"][m].get("displayValue", "") for m in METRICS},
        failing=[f"{a['id']}: {a['title']}" + (f" ({a['displayValue']})" if a.get("displayValue") else "")
                 for a in result["audits"].values()
                 if a.get("score") is not None and a["score"] < 1
                 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")])


def table(reports):
    """The reports as a Markdown table, then each page's failing audits."""
    lines = ["| page | " + " | ".join(CATEGORIES) + " | LCP | TBT | CLS |",
             "|---|" + "---:|" * (len(CATEGORIES) + 3)]
    for path, report in reports:
        m = report.metrics
        lines.append(f"| `{path}` | " + " | ".join(str(report.scores[c]) for c in CATEGORIES)
                     + f" | {m['largest-contentful-paint']} | {m['total-blocking-time']}"
                     f" | {m['cumulative-layout-shift']} |")
    lines.append("")
    for path, report in reports:
        for failing in report.failing:
            lines.append(f"- `{path}`: {failing}")
    return "\n".join(lines)
