"""ruhr.site.postprocess on a small built site: minification and fingerprinting, checked with real tools."""

import functools
import hashlib
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from gate_tools import VNU_JAR
from ruhr.gates import htmlcheck
from ruhr.site import postprocess

ROOT = Path(__file__).resolve().parent.parent

JSON_LD = {"@context": "https://schema.org", "@type": "Organization", "name": "Metropole  Ruhr",
           "logo": "https://example.org/theme/img/hero.png"}

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  <link rel="stylesheet" href="{root}theme/css/app.css{query}">
  <link rel="stylesheet" href="/theme/leaflet/leaflet.css">
  <meta property="og:image" content="https://example.org/photos/westfalenhuette-800w.webp">
  <script src="/theme/js/app.js" defer></script>
  <script src="/theme/vendor/lib.min.js" defer></script>
  <script type="application/ld+json">{json_ld}</script>
  <style>
    .banner {{ background: url('/theme/img/bg.png') ; height: 8px }}
  </style>
</head>
<body>
  <!-- Kopfbereich -->
  <header class="hero" style="background-image: url(&quot;/theme/img/hero.png&quot;)">
    <h1>{title}</h1>
  </header>
  <div class="banner"></div>
  <main>
    <p>Fläche: <strong>125.000 m²</strong> <em>teilbar</em>, ab   sofort.</p>
    <ul>
      <li>Gleisanschluss</li>
      <li>A 2 in <span>2 km</span></li>
    </ul>
    <img src="{root}photos/westfalenhuette-400w.webp#luftbild"
         srcset="{root}photos/westfalenhuette-400w.webp 400w, /photos/westfalenhuette-800w.webp 800w"
         sizes="400px" width="400" height="100" alt="Luftbild der Freifläche">
    <img src="/theme/img/marker.svg" width="20" height="20" alt="">
    <img src="/photos/Hafen%20Duisburg-400w.webp" width="40" height="10" alt="Hafen">
    <img src="/photos/hütte-400w.webp" width="40" height="10" alt="Hütte">
    <pre>  Zeile 1
    Zeile 2</pre>
    <p><a href="/flaechen/">Flächen</a> | <a href="/en/">English</a></p>
    <div class="facts">
      <span>Dortmund</span>
      <span>12 ha</span> <strong>GI</strong>
    </div>
    <nav>
      <a href="/impressum/">Impressum</a>
      <a href="/datenschutz/">Datenschutz</a>
    </nav>
    <ul class="tags">
      <li>Logistik</li>
      <li>Energie</li>
    </ul>
  </main>
</body>
</html>
"""

FILES = {
    "theme/css/app.css": """@import "print.css" print;
@font-face { font-family: Ruhr; src: url(../fonts/ruhr.woff2) format("woff2"); font-display: block; }
body { font-family: sans-serif; margin: 0;   background: #fff url("../img/bg.png") repeat-x 0 200px; }
.hero { background-image: url('/theme/img/hero.png'); min-height: 40px; }
h1    { color:   #123456 ; font-size: 20px }
.tags li { display: inline-block; background: #eee }
""",
    "theme/css/print.css": "@media print { body { color: black } }\n",
    "theme/js/app.js": """// The marker used by the map.
var markerIcon = "/theme/img/marker.svg";
document.documentElement.className += " js";
""",
    "theme/img/marker.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
                            '<circle cx="10" cy="10" r="8" fill="#c00"/></svg>\n',
    "theme/fonts/ruhr.woff2": b"wOF2 not a real font",
    "theme/leaflet/leaflet.css": ".leaflet-control-layers-toggle { background-image: url(images/layers.png) }\n",
    "theme/vendor/lib.min.js": "var lib=1;\n",
    "robots.txt": "User-agent: *\nSitemap: https://example.org/sitemap.xml\n",
    "sitemap.xml": """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://example.org/</loc>
    <image:image><image:loc>https://example.org/photos/westfalenhuette-800w.webp</image:loc></image:image></url>
</urlset>
""",
    "data/sites.geojson": json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [7.4924, 51.5301]},
        "properties": {"title": "Westfalenhütte", "photo": "/photos/westfalenhuette-400w.webp"}}]}),
}
IMAGES = {"theme/img/bg.png": (4, 4, (200, 220, 240)), "theme/img/hero.png": (8, 8, (40, 90, 160)),
          "theme/leaflet/images/layers.png": (2, 2, (0, 0, 0)),
          "theme/leaflet/images/marker-icon.png": (2, 2, (0, 0, 255)),
          "photos/westfalenhuette-400w.webp": (400, 100, (90, 140, 60)),
          "photos/westfalenhuette-800w.webp": (800, 200, (90, 140, 60)),
          "photos/Hafen Duisburg-400w.webp": (40, 10, (20, 60, 120)),
          "photos/hütte-400w.webp": (40, 10, (120, 60, 20))}


def make_built_site(root):
    """A small site as Pelican builds it: theme assets with plain names, pages, sitemap, GeoJSON."""
    json_ld = json.dumps(JSON_LD, ensure_ascii=False, indent=2)
    pages = {
        "index.html": PAGE.format(lang="de", title="Metropole Ruhr", root="/", query="", json_ld=json_ld),
        "en/index.html": PAGE.format(lang="en", title="Ruhr metropolis", root="/", query="", json_ld=json_ld),
        # Relative references, with query and fragment.
        "flaechen/index.html": PAGE.format(lang="de", title="Flächen", root="../", query="?v=2", json_ld=json_ld),
    }
    for name, content in {**FILES, **pages}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    for name, (w, h, color) in IMAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (w, h), color).save(root / name)
    return root


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.json_ld, self._in_json_ld = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for attr in ("href", "src"):
            if attrs.get(attr):
                self.urls.append(attrs[attr])
        if attrs.get("srcset"):
            self.urls += [part.split()[0] for part in attrs["srcset"].split(",")]
        if tag == "meta" and attrs.get("property") == "og:image":
            self.urls.append(attrs["content"])
        self.urls += re.findall(r"url\(['\"]?([^'\")]+)", attrs.get("style") or "")
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))
        self.urls += re.findall(r"url\(['\"]?([^'\")]+)", data)


def local_target(url, base):
    """The output-relative file a local URL points to (None for other sites and plain pages)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "example.org"):
        return None
    path = unquote(parts.path)
    path = path.lstrip("/") if path.startswith("/") else str(Path(base, path))
    path = str(Path(path)).replace("\\", "/")
    resolved = Path("/" + path).resolve().as_posix().lstrip("/")
    return None if resolved == "" or resolved.endswith("/") or "." not in resolved.rsplit("/", 1)[-1] else resolved


def broken_references(root):
    """Every (file, url) in the site whose target file is missing; checked without the module's parser."""
    files = tree(root)
    broken = []
    for name, content in files.items():
        base = str(Path(name).parent)
        if name.endswith(".html"):
            parser = Links()
            parser.feed(content.decode())
            urls = parser.urls
        elif name.endswith(".css"):
            urls = re.findall(r"url\(['\"]?([^'\")]+)", content.decode()) + re.findall(
                r"@import ['\"]([^'\"]+)", content.decode())
        elif name.endswith((".xml", ".geojson", ".js")):
            urls = re.findall(r"(?:https://example\.org)?/(?:theme|photos)/[^\s\"'`<]+", content.decode())
        else:
            continue
        for url in urls:
            target = local_target(url, base)
            if target and not target.endswith(".html") and target not in files:
                broken.append((name, url))
    return broken


@pytest.fixture
def site(tmp_path):
    return make_built_site(tmp_path / "output")


def test_assets_get_content_hashed_names_and_every_reference_follows(site):
    renamed = postprocess.postprocess(site)
    files = tree(site)

    assert sorted(renamed) == [
        "photos/Hafen Duisburg-400w.webp", "photos/hütte-400w.webp", "photos/westfalenhuette-400w.webp", "photos/westfalenhuette-800w.webp",
        "theme/css/app.css", "theme/css/print.css", "theme/fonts/ruhr.woff2",
        "theme/img/bg.png", "theme/img/hero.png", "theme/img/marker.svg",
        "theme/js/app.js", "theme/leaflet/leaflet.css", "theme/vendor/lib.min.js"]
    for old, new in renamed.items():
        assert old not in files
        stem, suffix = old.rsplit(".", 1)
        assert re.fullmatch(re.escape(stem) + r"\.[0-9a-f]{10}\." + suffix, new)
        assert new.split(".")[-2] == hashlib.sha256(files[new]).hexdigest()[:10]
    # Leaflet builds these names in JavaScript: they keep them.
    assert "theme/leaflet/images/layers.png" in files and "theme/leaflet/images/marker-icon.png" in files
    assert files[renamed["theme/vendor/lib.min.js"]] == b"var lib=1;\n"  # already minified: left as it is

    assert broken_references(site) == []
    home = files["index.html"].decode()
    for old in ("theme/css/app.css", "theme/js/app.js", "theme/img/hero.png", "photos/westfalenhuette-800w.webp"):
        assert renamed[old] in home
    assert "/" + renamed["photos/westfalenhuette-400w.webp"] + "#luftbild" in home
    assert "/" + renamed["photos/hütte-400w.webp"] in home
    assert "/photos/Hafen%20Duisburg-400w." in home
    assert "../" + renamed["theme/css/app.css"] + "?v=2" in files["flaechen/index.html"].decode()
    assert renamed["theme/img/marker.svg"] in files[renamed["theme/js/app.js"]].decode()
    assert renamed["photos/westfalenhuette-800w.webp"] in files["sitemap.xml"].decode()
    assert renamed["photos/westfalenhuette-400w.webp"] in files["data/sites.geojson"].decode()
    app_css = files[renamed["theme/css/app.css"]].decode()
    for dep in ("theme/css/print.css", "theme/fonts/ruhr.woff2", "theme/img/bg.png", "theme/img/hero.png"):
        assert renamed[dep].rsplit("/", 1)[-1] in app_css


def test_a_changed_font_renames_the_css_that_uses_it(tmp_path):
    first = make_built_site(tmp_path / "a")
    second = make_built_site(tmp_path / "b")
    (second / "theme/fonts/ruhr.woff2").write_bytes(b"wOF2 another font")
    a, b = postprocess.postprocess(first), postprocess.postprocess(second)
    changed = {old for old in a if a[old] != b[old]}
    assert changed == {"theme/fonts/ruhr.woff2", "theme/css/app.css"}


def test_output_is_byte_reproducible_and_a_second_run_changes_nothing(tmp_path):
    first = make_built_site(tmp_path / "a")
    second = make_built_site(tmp_path / "b")
    postprocess.postprocess(first)
    postprocess.postprocess(second)
    assert tree(first) == tree(second)
    postprocess.postprocess(second)
    assert tree(first) == tree(second)


def test_minified_html_keeps_what_pages_and_validators_need(site):
    before = (site / "index.html").read_text()
    postprocess.postprocess(site)
    html = (site / "index.html").read_text()
    assert len(html) < len(before)
    assert "Kopfbereich" not in html  # comments go
    assert html.startswith("<!doctype html><html lang=de><head>")
    for tag in ("</p>", "</li>", "</ul>", "</head>", "</body></html>"):
        assert tag in html
    assert "<pre>  Zeile 1\n    Zeile 2</pre>" in html
    assert "<strong>125.000 m²</strong> <em>teilbar</em>" in html
    assert "<span>Dortmund</span> <span>12 ha</span> <strong>GI</strong>" in html
    parser = Links()
    parser.feed(html)
    logo = JSON_LD["logo"].replace("hero.png", "hero.57e24972d7.png")
    assert parser.json_ld == [dict(JSON_LD, logo=logo)]


def test_minified_pages_pass_the_html_validator(site):
    postprocess.postprocess(site)
    assert htmlcheck.check(site, VNU_JAR) == []


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def render(browser, root, name):
    """(screenshot, title, problems) of a page of the site in root, served on 127.0.0.1."""
    server = serve(root)
    page = browser.new_page(viewport={"width": 800, "height": 600})
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(request.url))
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{name}", wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        return page.screenshot(full_page=True), page.title(), problems
    finally:
        page.close()
        server.shutdown()


def test_pages_look_the_same_in_chromium_after_postprocessing(tmp_path, browser):
    before = make_built_site(tmp_path / "before")
    after = make_built_site(tmp_path / "after")
    postprocess.postprocess(after)
    for name in ("index.html", "flaechen/index.html"):
        shot, _, problems = render(browser, before, name)
        assert problems == []
        new_shot, _, problems = render(browser, after, name)
        assert problems == []
        assert new_shot == shot, f"{name} looks different after postprocessing"


MAP_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Karte</title>
<link rel="stylesheet" href="/theme/leaflet/leaflet.css">
<link rel="stylesheet" href="/theme/leaflet/MarkerCluster.css">
<link rel="stylesheet" href="/theme/leaflet/MarkerCluster.Default.css">
<script src="/theme/leaflet/leaflet.js"></script>
<script src="/theme/leaflet/leaflet.markercluster.js"></script>
</head><body><div id="map" style="width:400px;height:300px"></div>
<script>
  var map = L.map("map", {maxZoom: 18, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false}).setView([51.5, 7.4], 9);
  var sites = L.markerClusterGroup({animate: false});
  sites.addLayer(L.marker([51.53, 7.49]));
  sites.addLayer(L.marker([51.52, 7.48]));
  sites.addLayer(L.marker([51.43, 6.76]));
  map.addLayer(sites);
  document.title = "markers: " + document.querySelectorAll(".leaflet-marker-icon").length;
</script></body></html>
"""


def test_leaflet_still_works_after_postprocessing(tmp_path, browser):
    from xstatic.pkg import leaflet, leaflet_markercluster

    sites = {}
    for name in ("before", "after"):
        root = tmp_path / name
        shutil.copytree(leaflet.BASE_DIR, root / "theme/leaflet", ignore=shutil.ignore_patterns("*.map", "*-src*"))
        shutil.copytree(leaflet_markercluster.BASE_DIR, root / "theme/leaflet", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.map", "*-src*"))
        (root / "index.html").write_text(MAP_PAGE)
        sites[name] = root
    postprocess.postprocess(sites["after"])
    shot, title, problems = render(browser, sites["before"], "index.html")
    assert (title, problems) == ("markers: 2", [])
    new_shot, title, problems = render(browser, sites["after"], "index.html")
    assert (title, problems) == ("markers: 2", [])
    assert new_shot == shot


def test_cli_reports_a_missing_folder_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ruhr.site.postprocess", str(tmp_path / "nothing")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "build the site first" in result.stderr

