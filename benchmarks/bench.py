"""Build benchmark: a synthetic corpus of N sites in both languages, built cold, warm and after one edit.

    python benchmarks/bench.py [--sites 1000] [--photos 50] [--repeat 1] [--keep DIR]
    invoke bench --sites 5000

Generates content in the editors' format (content/sites, sectors, stories, municipalities, pages;
photos in content/photos) into a temporary folder: N sites, N/100 sectors (at least 6), N/5 stories,
profiles of the 53 municipalities of data/municipalities.yaml, the legal pages. The sites share a pool
of `--photos` generated JPEG photos (none by default). The build runs as `make build` runs it (`python -m ruhr.site.build`,
in a subprocess, with a settings file that imports pelicanconf.py and points PATH at the corpus), and
the script prints Markdown tables for docs/benchmarks.md:

* cold build (no cache, no output), warm rebuild (caches filled, nothing changed), rebuild after
  editing one site; wall-clock seconds of the whole command, the best and the median of `--repeat` runs;
* pages written per second (HTML pages / seconds);
* peak memory: the largest single process (getrusage of the build process and its workers) and the
  sum over the build's process tree (proportional set size, sampled every 20 ms);
* transferred size (gzip -6) of the HTML + CSS + JS each page type loads, per language (no photos,
  no fonts, no map tiles: what a visitor downloads before the map is opened);
* the finder's weight: the sites index's first page (HTML + CSS + JS, as above), the finder's data that
  finder.js loads after it (every site), and both together;
* the image work of each build (what the build writes to <cache>/images/stats.json): photos decoded or
  taken from the cache, social cards drawn or taken from the cache. A warm rebuild decodes no photo.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

from ruhr.gates.browsercheck import LANGUAGES, PAGE_TYPES, page_types  # noqa: E402

SEED = 20261001

# -- the synthetic corpus ---------------------------------------------------------------------------

SITE_KINDS = [("Gewerbegebiet", "business park"), ("Industriepark", "industrial park"),
              ("Logistikpark", "logistics park"), ("Technologiequartier", "technology quarter"),
              ("Hafenareal", "port area"), ("Gewerbepark", "commercial park")]
PLACE_NAMES = ["Am Kanal", "Zeche Ewald", "Westfalenhütte", "Hafen Nord", "Emscherbruch", "Lippeaue",
               "Am Stadthafen", "Kokerei Hansa", "Schacht 4/5", "Ruhrwiesen", "Bahnhof Ost", "Hüttenwerk",
               "Hohenbudberg", "Am Autobahnkreuz", "Kreuzfeld", "Zollverein Süd", "Erin", "Graf Bismarck",
               "Minister Stein", "Phoenix West", "Ewaldsee", "Lohberg", "Rheinpreußen", "Am Rhein-Herne-Kanal"]
MOTORWAYS = ["A 1", "A 2", "A 3", "A 40", "A 42", "A 43", "A 44", "A 45", "A 52", "A 57", "A 59"]
SECTORS = [("logistik", "Logistik", "Logistics"), ("energie-wasserstoff", "Energie und Wasserstoff", "Energy and hydrogen"),
           ("chemie", "Chemie", "Chemicals"), ("gesundheitswirtschaft", "Gesundheitswirtschaft", "Health economy"),
           ("it-digitalwirtschaft", "IT und Digitalwirtschaft", "IT and digital economy"),
           ("maschinenbau", "Maschinen- und Anlagenbau", "Mechanical and plant engineering"),
           ("kreislaufwirtschaft", "Kreislaufwirtschaft", "Circular economy"),
           ("lebensmittel", "Ernährungswirtschaft", "Food industry"),
           ("metall", "Metallerzeugung", "Metal production"), ("bauwirtschaft", "Bauwirtschaft", "Construction"),
           ("kreativwirtschaft", "Kreativwirtschaft", "Creative industries"),
           ("wissenschaft", "Wissenschaft und Forschung", "Science and research")]
COMPANY_WORDS = ["Rhein", "Ruhr", "Emscher", "Lippe", "Westfalen", "Nord", "Revier", "Kohle", "Stahl", "Hafen"]
COMPANY_KINDS = ["Logistik GmbH", "Energie AG", "Chemie GmbH", "Medizintechnik GmbH", "Software SE",
                 "Anlagenbau GmbH", "Recycling GmbH & Co. KG", "Lebensmittel GmbH"]
FIGURES = [("Beschäftigte", "Employees", "count", 60000), ("Umsatz", "Turnover", "eur_bn", 12.5),
           ("Unternehmen", "Companies", "count", 1800), ("Anteil an der Wertschöpfung", "Share of value added",
                                                           "percent", 7.4),
           ("Freie Flächen", "Available land", "ha", 240), ("Umschlag", "Cargo handled", "t", 130000000)]
DE_SENTENCES = [
    "Die Fläche ist vollständig erschlossen und kurzfristig bebaubar.",
    "Ein Bebauungsplan mit großzügigen Baugrenzen erlaubt Hallen mit bis zu 20 m Traufhöhe.",
    "Der Altstandort wurde saniert; ein Bodengutachten liegt vor und kann eingesehen werden.",
    "Mehrere Buslinien und ein S-Bahn-Halt in 800 m Entfernung binden die Beschäftigten an.",
    "Im Umfeld haben sich Logistik-, Chemie- und Maschinenbauunternehmen angesiedelt.",
    "Die Wirtschaftsförderung begleitet Genehmigungsverfahren von der ersten Anfrage bis zum Spatenstich.",
    "Eine Teilung in Grundstücke ab 5.000 m² ist möglich.",
    "Ein Anschluss an das Fernwärmenetz und eine Glasfaserleitung liegen an der Grundstücksgrenze.",
    "Die Hochschulen der Region bilden jedes Jahr Tausende Fachkräfte aus.",
    "Der Kanalhafen ist in wenigen Minuten erreichbar und bietet trimodalen Umschlag.",
]
EN_SENTENCES = [
    "The site is fully serviced and ready for construction at short notice.",
    "A zoning plan with generous building lines allows halls with eaves up to 20 m high.",
    "The former industrial site has been remediated; a soil survey is available for inspection.",
    "Several bus routes and a suburban rail stop 800 m away connect the workforce.",
    "Logistics, chemical and engineering companies have settled in the surrounding area.",
    "The economic development agency supports permit procedures from the first enquiry to groundbreaking.",
    "The land can be divided into plots from 5,000 m².",
    "District heating and a fibre line reach the plot boundary.",
    "The region's universities train thousands of skilled workers every year.",
    "The canal port is a few minutes away and offers trimodal handling.",
]
PAGES = [("impressum", "Impressum", "imprint", "Imprint"), ("datenschutz", "Datenschutzerklärung", "privacy",
                                                             "Privacy policy"),
         ("barrierefreiheit", "Erklärung zur Barrierefreiheit", "accessibility", "Accessibility statement")]


def slugify(text):
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "/": "-", " ": "-", ".": ""})
    return "-".join(filter(None, text.lower().translate(table).split("-")))


def body(rng, sentences, heading, paragraphs=3):
    parts = []
    for i in range(paragraphs):
        if i == 1:
            parts.append(f"## {heading}")
        parts.append(" ".join(rng.sample(sentences, 4)))
    parts.append("\n".join(f"- {s}" for s in rng.sample(sentences, 3)))
    return "\n\n".join(parts) + "\n"


def write(path, meta, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{front}---\n{text}", encoding="utf-8")


def make_photos(folder, count, rng):
    """`count` JPEG photos (1600 x 1067, a sky-and-ground scene with noise) in `folder`."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(count):
        image = Image.effect_noise((400, 267), 40).convert("RGB").resize((1600, 1067))
        draw = ImageDraw.Draw(image, "RGBA")
        horizon = rng.randint(350, 650)
        draw.rectangle((0, 0, 1600, horizon), fill=(110, 150, 200, 170))
        draw.rectangle((0, horizon, 1600, 1067), fill=(rng.randint(80, 140), rng.randint(90, 130), 70, 170))
        for _ in range(rng.randint(3, 8)):
            x, w, h = rng.randint(0, 1400), rng.randint(100, 400), rng.randint(60, 260)
            draw.rectangle((x, horizon - h, x + w, horizon + 20), fill=(rng.randint(90, 200),) * 3 + (230,))
        name = f"bench-{i:03d}.jpg"
        image.save(folder / name, quality=85)
        names.append(name)
    return names


def generate(content, n_sites, n_photos, data_path, seed=SEED):
    """Write the corpus into `content`; returns the number of items of each kind."""
    rng = random.Random(seed)
    municipalities = yaml.safe_load((data_path / "municipalities.yaml").read_text(encoding="utf-8"))["municipalities"]
    contacts = [c["key"] for c in yaml.safe_load((data_path / "contacts.yaml").read_text(encoding="utf-8"))["contacts"]]
    photos = make_photos(content / "photos", n_photos, rng) if n_photos else []

    n_sectors = max(6, n_sites // 100)
    sectors = [SECTORS[i % len(SECTORS)] if i < len(SECTORS) else
               (f"{SECTORS[i % len(SECTORS)][0]}-{i}", f"{SECTORS[i % len(SECTORS)][1]} {i}",
                f"{SECTORS[i % len(SECTORS)][2]} {i}") for i in range(n_sectors)]
    for key, de_title, en_title in sectors:
        figures = rng.sample(FIGURES, 3)
        write(content / "sectors" / f"{key}.de.md", {
            "id": key, "title": de_title, "summary": f"{de_title} in der Metropole Ruhr: Unternehmen, Flächen, "
                                                     "Fachkräfte und Ansprechpersonen.",
            "key_figures": [{"label": de, "value": value, "unit": unit, "year": 2025, "source": "IT.NRW"}
                            for de, _, unit, value in figures],
            "contact": rng.choice(contacts)}, body(rng, DE_SENTENCES, "Standortvorteile", 4))
        write(content / "sectors" / f"{key}.en.md", {
            "id": key, "title": en_title, "slug": slugify(en_title),
            "summary": f"{en_title} in the Ruhr metropolis: companies, sites, skilled workers and contacts.",
            "key_figures": [{"label": en} for _, en, _, _ in figures]}, body(rng, EN_SENTENCES, "Location advantages", 4))

    site_ids = []
    for i in range(n_sites):
        municipality = municipalities[i % len(municipalities)]
        kind_de, kind_en = rng.choice(SITE_KINDS)
        place = rng.choice(PLACE_NAMES)
        site_id = f"{municipality['key']}-{slugify(place)}-{i}"
        site_ids.append(site_id)
        site_photos = [photos[(i + k) % len(photos)] for k in range(rng.randint(1, 3))] if photos else []
        area = rng.randrange(5000, 400000, 500)
        de = {
            "id": site_id, "title": f"{kind_de} {place}", "municipality": municipality["key"],
            "summary": f"{kind_de} in {municipality['name']}, {area // 10000 or 1} ha, "
                       f"{rng.randint(1, 12)} km bis zur Autobahn.",
            "lat": round(min(max(municipality["lat"] + rng.uniform(-0.02, 0.02), 51.16), 51.89), 4),
            "lon": round(min(max(municipality["lon"] + rng.uniform(-0.03, 0.03), 6.21), 7.99), 4),
            "area": area, "divisible": rng.random() < 0.6,
            "zoning": rng.choice(["GI", "GE", "GE", "MI", "SO"]),
            "planning": rng.choice(["in_force", "in_force", "in_preparation", "section_34"]),
            "status": rng.choice(["available"] * 6 + ["reserved", "sold"]),
            "price_per_m2": rng.choice([rng.randint(35, 190), "on request"]), "owner": rng.choice(["public", "private"]),
            "brownfield": rng.random() < 0.5,
            "transport": {"motorway": rng.choice(MOTORWAYS), "motorway_km": round(rng.uniform(0.3, 12), 1),
                          "rail_siding": rng.random() < 0.3},
            "utilities": {"fibre": rng.random() < 0.8, "district_heating": rng.random() < 0.4,
                          "hydrogen": rng.random() < 0.1},
            "sectors": [s[0] for s in rng.sample(sectors, rng.randint(1, 3))],
            "contact": rng.choice(contacts),
            "last_verified": datetime.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
            "source": f"Wirtschaftsförderung {municipality['name']}",
        }
        if de["divisible"]:
            de["largest_plot"] = area // rng.randint(2, 5)
        if rng.random() < 0.5:
            de["available_from"] = datetime.date(2027, rng.randint(1, 12), 1)
        if rng.random() < 0.5:
            de["transport"]["port_km"] = round(rng.uniform(1, 40), 1)
        if rng.random() < 0.5:
            de["utilities"]["power_mva"] = rng.choice([5, 10, 20, 40])
        if site_photos:
            de["photos"] = [{"file": p, "alt": f"Luftbild der Fläche {place}"} for p in site_photos]
        write(content / "sites" / f"{site_id}.de.md", de, body(rng, DE_SENTENCES, "Lage und Erschließung"))
        en = {"id": site_id, "title": f"{place} {kind_en}",
              "summary": f"{kind_en.capitalize()} in {municipality['name']}, close to the motorway."}
        if site_photos:
            en["photos"] = [{"file": p, "alt": f"Aerial view of the {place} site"} for p in site_photos]
        write(content / "sites" / f"{site_id}.en.md", en, body(rng, EN_SENTENCES, "Location and services"))

    n_stories = n_sites // 5
    for i in range(n_stories):
        company = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)}"
        municipality = rng.choice(municipalities)
        story_id = f"{slugify(company.split()[0])}-{municipality['key']}-{i}"
        de = {"id": story_id, "title": f"{company} investiert in {municipality['name']}",
              "summary": f"Warum sich {company} für die Metropole Ruhr entschieden hat.",
              "date": datetime.date(2020 + i % 6, rng.randint(1, 12), rng.randint(1, 28)), "company": company,
              "sectors": [s[0] for s in rng.sample(sectors, rng.randint(1, 2))], "municipality": municipality["key"],
              "investment_eur": rng.randrange(1_000_000, 250_000_000, 500_000), "jobs": rng.randint(10, 900),
              "quote": {"text": "Die Fläche, die Fachkräfte und die Verkehrsanbindung haben uns überzeugt.",
                        "person": "Maria Beispiel", "role": "Geschäftsführerin"},
              "example": True}
        if rng.random() < 0.5:
            de["site"] = rng.choice(site_ids)
        write(content / "stories" / f"{story_id}.de.md", de, body(rng, DE_SENTENCES, "Die Entscheidung"))
        write(content / "stories" / f"{story_id}.en.md", {
            "id": story_id, "title": f"{company} invests in {municipality['name']}",
            "summary": f"Why {company} chose the Ruhr metropolis.",
            "quote": {"text": "The site, the skilled workers and the transport links convinced us.",
                      "role": "Managing director"}}, body(rng, EN_SENTENCES, "The decision"))

    for municipality in municipalities:
        key = municipality["key"]
        write(content / "municipalities" / f"{key}.de.md",
              {"id": key, "summary": f"{municipality['name']}: Wirtschaftsstandort im Ruhrgebiet."},
              body(rng, DE_SENTENCES, "Wirtschaft", 2))
        write(content / "municipalities" / f"{key}.en.md",
              {"id": key, "summary": f"{municipality['name']}: a business location in the Ruhr area."},
              body(rng, EN_SENTENCES, "Economy", 2))

    for page_id, de_title, en_slug, en_title in PAGES:
        write(content / "pages" / f"{page_id}.de.md", {"id": page_id, "title": de_title},
              body(rng, DE_SENTENCES, "Angaben", 3))
        write(content / "pages" / f"{page_id}.en.md", {"id": page_id, "title": en_title, "slug": en_slug},
              body(rng, EN_SENTENCES, "Details", 3))
    return {"sites": n_sites, "sectors": n_sectors, "stories": n_stories,
            "municipalities": len(municipalities), "photos": len(photos)}


# -- building and measuring ---------------------------------------------------------------------------

SETTINGS = """\
# Benchmark settings: the project's pelicanconf.py, reading the synthetic corpus.
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F401,F403

PATH = {content!r}
CACHE_PATH = {cache!r}
OUTPUT_PATH = {output!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
RUHR_DATA_PATH = {data!r}
"""


def _tree_pss_kb(pid):
    """Proportional set size (KB) of `pid` and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total


def build(workdir):
    """Run one build; returns (seconds, largest process RSS in MB, process tree PSS in MB)."""
    env = dict(os.environ)
    command = [sys.executable, "-m", "ruhr.site.build", "-s", str(workdir / "benchconf.py"), "-o",
               str(workdir / "output")]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak_pss, done = [0], threading.Event()

    def sample():
        while not done.wait(0.02):
            peak_pss[0] = max(peak_pss[0], _tree_pss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    printed = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"benchmark build failed (exit {process.returncode}):\n{printed}")
    # A build with nothing to do (ruhr.site.uptodate) does no image work and leaves the last build's stats.
    IMAGE_WORK.append(None if "nothing changed since the last build" in printed else
                      json.loads((workdir / "cache" / "images" / "stats.json").read_text(encoding="utf-8")))
    found = re.search(r"rendered ([\d,]+) of ([\d,]+) pages", printed)
    RENDERED.append(found.group(0) if found else "")
    return seconds, usage.ru_maxrss / 1024, peak_pss[0] / 1024


RENDERED = []  # what each build says it rendered ("rendered 9 of 2,550 pages"), in order


IMAGE_WORK = []  # ruhr.site.images.stats() of each build, in order


def best_of(repeat, workdir, before=None):
    """(fastest seconds, median seconds, largest RSS, largest tree PSS) of `repeat` builds."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(build(workdir))
    seconds = sorted(run[0] for run in runs)
    return seconds[0], seconds[len(seconds) // 2], max(run[1] for run in runs), max(run[2] for run in runs)


def transfer_sizes(output):
    """{(page type, lang): gzip bytes of the page's HTML + the CSS and JS files it loads}."""
    from selectolax.lexbor import LexborHTMLParser

    sizes = {}
    for (kind, lang), path in page_types(output).items():
        if path is None:
            continue
        file = output / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        html = file.read_bytes()
        total = len(gzip.compress(html, 6))
        tree = LexborHTMLParser(html)
        assets = [n.attributes.get("href") for n in tree.css('link[rel~="stylesheet"][href], '
                                                                'link[rel~="modulepreload"][href]')]
        assets += [n.attributes.get("src") for n in tree.css("script[src]")]
        for asset in dict.fromkeys(a for a in assets if a and not a.startswith(("http:", "https:", "//"))):
            asset_file = (file.parent / asset) if not asset.startswith("/") else output / asset.lstrip("/")
            asset_file = Path(str(asset_file).split("?")[0].split("#")[0])
            if asset_file.is_file():
                total += len(gzip.compress(asset_file.read_bytes(), 6))
        sizes[kind, lang] = total
    return sizes


FINDER_DATA = {"de": "flaechen/finder.json", "en": "en/sites/finder.json"}  # RUHR_URLS["finder_data"]


def finder_data_sizes(output):
    """{lang: gzip bytes of the finder's data}: every site's record, which finder.js loads after the sites
    index's first page (not counted in that page's transfer, which is HTML + CSS + JS)."""
    return {lang: len(gzip.compress((output / path).read_bytes(), 6))
            for lang, path in FINDER_DATA.items() if (output / path).is_file()}


def finder_rows(sizes, data_sizes):
    """The table rows of the finder's weight: the sites index (first page: HTML + CSS + JS), the finder's
    data it loads, and both together; "de / en" in KB."""
    def cells(values):
        return " / ".join(f"{value / 1024:.0f} KB" for value in values)
    page = [sizes[("sites index", lang)] for lang in LANGUAGES if ("sites index", lang) in sizes]
    data = [data_sizes[lang] for lang in LANGUAGES if lang in data_sizes]
    return [f"| sites index (the finder), transferred | {cells(page)} | <= 60 KB (<= 100 KB at 5,000 sites) |",
            f"| finder data (every site; finder.js loads it after the page), transferred | {cells(data)} | |",
            f"| sites index + finder data | {cells(p + d for p, d in zip(page, data))} | |"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_edits(workdir, edited, url, edits=10):
    """`invoke serve` on the corpus: seconds from saving a site file to the page served with the edit, for
    each of `edits` saves; and the preview's process tree PSS (MB) after the first and the last edit (once the
    build and the search index after it are done, the warm worker holding its model)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ruhr.editor.preview", "-s", str(workdir / "benchconf.py"),
                                "--port", str(port), "-o", str(workdir / "output")], cwd=workdir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()

    def served(marker, deadline):
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as response:
                    if marker in response.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.01)
        return False

    times, memory = [], []
    try:
        deadline = time.perf_counter() + 600
        while not any(line.startswith("Preview on") for line in lines):
            if process.poll() is not None or time.perf_counter() > deadline:
                sys.exit("preview did not start:\n" + "".join(lines))
            time.sleep(0.1)
        settled = lambda: sum("search index" in line for line in lines)  # noqa: E731

        def settle(count):
            wait_until = time.perf_counter() + 300
            while settled() < count and time.perf_counter() < wait_until:
                time.sleep(0.05)  # the search index of the last save is updated after its page was served
            time.sleep(0.2)

        for i in range(edits):
            settle(i + 1)
            if i:  # between saves: the preview and its warm worker, which holds the last build's model
                memory.append(_tree_pss_kb(process.pid) / 1024)
            marker = f"Vorschau-Messung {i} {time.time_ns()}"
            started = time.perf_counter()
            with edited.open("a", encoding="utf-8") as fh:
                fh.write(f"\n{marker}\n")
            if not served(marker, started + 300):
                sys.exit("preview did not serve the edit:\n" + "".join(lines))
            times.append(time.perf_counter() - started)
        settle(edits + 1)
        memory.append(_tree_pss_kb(process.pid) / 1024)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return sorted(times)[len(times) // 2], times, memory[0], memory[-1]


def hugo_yardstick(n_pages, workdir):
    """Seconds of Debian's `hugo` for a plain bilingual corpus of `n_pages` pages, or None without hugo."""
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    site = workdir / "hugo"
    rng = random.Random(SEED)
    for lang, sentences in (("de", DE_SENTENCES), ("en", EN_SENTENCES)):
        folder = site / "content" / lang / "sites"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n_pages // 2):
            (folder / f"site-{i}.md").write_text(f"---\ntitle: Site {i}\n---\n{body(rng, sentences, 'Lage')}",
                                                  encoding="utf-8")
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=\"{{ .Lang }}\"><title>{{ .Title }}</title><main>{{ .Content }}</main></html>",
        encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(
        "<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>",
        encoding="utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "http://localhost/"\ndefaultContentLanguage = "de"\n'
        '[languages.de]\ncontentDir = "content/de"\n[languages.en]\ncontentDir = "content/en"\n', encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([hugo, "--quiet", "-s", str(site)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    ram_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    load = Path("/proc/loadavg").read_text().split()[0]
    return (f"{os.cpu_count()} cores, {model}, {ram_kb / 1024 / 1024:.0f} GB RAM, Python {platform.python_version()}, "
            f"load average {load} (other work on the machine slows the builds)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=1000, help="number of synthetic sites (default 1000)")
    parser.add_argument("--photos", type=int, default=0,
                        help="distinct photos the sites share (default 0)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the fastest counts")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)

    machine_at_start = machine()
    workdir = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="ruhr-bench-"))
    if args.keep and workdir.exists():
        shutil.rmtree(workdir)
    try:
        content, cache, output = workdir / "content", workdir / "cache", workdir / "output"
        started = time.perf_counter()
        counts = generate(content, args.sites, args.photos, ROOT / "data")
        print(f"Generated {counts['sites']} sites, {counts['sectors']} sectors, {counts['stories']} stories, "
              f"{counts['municipalities']} municipality profiles, {counts['photos']} photos, both languages, "
              f"in {time.perf_counter() - started:.1f} s ({workdir}).", flush=True)
        (workdir / "benchconf.py").write_text(SETTINGS.format(
            root=str(ROOT), content=str(content), cache=str(cache), output=str(output), theme=str(ROOT / "theme"),
            plugins=str(ROOT / "plugins"), data=str(ROOT / "data")), encoding="utf-8")

        def clean():
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(output, ignore_errors=True)

        edited = sorted((content / "sites").glob("*.de.md"))[args.sites // 2]
        edits = iter(range(10**6))

        def edit_one_site():
            with edited.open("a", encoding="utf-8") as fh:
                fh.write(f"\nNachtrag {next(edits)}: Die Angaben wurden erneut geprüft.\n")

        cold = best_of(args.repeat, workdir, before=clean)
        image_work = {"cold (no cache)": IMAGE_WORK[-1]}
        rendered = {"cold (no cache)": RENDERED[-1]}
        pages = sum(name.endswith(".html") for _, _, names in os.walk(output) for name in names)
        warm = best_of(args.repeat, workdir)
        image_work["warm (caches filled)"] = IMAGE_WORK[-1]
        rendered["warm (caches filled)"] = RENDERED[-1]
        # The first build after a cold one has no previous output to update in place (ruhr.site.staging):
        # one untimed edit first, so that the row shows what every later edit costs.
        edit_one_site()
        build(workdir)
        one_edit = best_of(args.repeat, workdir, before=edit_one_site)
        image_work["after editing one site"] = IMAGE_WORK[-1]
        rendered["after editing one site"] = RENDERED[-1]
        sizes, data_sizes = transfer_sizes(output), finder_data_sizes(output)
        edited_url = "/flaechen/" + edited.name.split(".")[0] + "/"
        serve_median, serve_times, serve_pss_first, serve_pss_last = preview_edits(workdir, edited, edited_url)
        hugo = hugo_yardstick(pages, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nBenchmark, {datetime.date.today()}, {machine_at_start}")
    print(f"Corpus: {args.sites} sites, {counts['sectors']} sectors, {counts['stories']} stories, "
          f"{counts['municipalities']} municipalities, {counts['photos']} photos; {pages} HTML pages written\n")
    print("Issue 12's table (2-core machine; targets at 1,000 sites):\n")
    print("| | measured | target |")
    print("|---|---:|---:|")
    print(f"| `invoke serve`: save a site file -> the page served with the edit (median of {len(serve_times)}) "
          f"| {serve_median:.2f} s | <= 0.5 s |")
    print(f"| `invoke build` after editing one site | {one_edit[0]:.2f} s | <= 2 s |")
    print(f"| `invoke build`, nothing changed | {warm[0]:.2f} s | <= 1.5 s |")
    print(f"| `invoke build`, cold (no cache, no output) | {cold[0]:.2f} s | <= 12 s |")
    print(f"| process tree memory (PSS), largest build | {max(cold[3], warm[3], one_edit[3]):.0f} MB | <= 300 MB |")
    print("\n".join(finder_rows(sizes, data_sizes)))
    print(f"| Hugo, plain bilingual corpus of {pages} pages (yardstick) | "
          + (f"{hugo:.2f} s" if hugo is not None else "hugo not installed") + " | |")
    print(f"\nPreview: save -> served, each edit (s): {', '.join(f'{t:.2f}' for t in serve_times)}; "
          f"preview process tree PSS after the first edit {serve_pss_first:.0f} MB, after the last "
          f"{serve_pss_last:.0f} MB\n")
    print(f"| build | seconds (best of {args.repeat}) | median | pages/s | largest process RSS (MB) "
          "| process tree PSS (MB) | pages rendered |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, (seconds, median, rss, pss) in (("cold (no cache)", cold), ("warm (caches filled)", warm),
                                              ("after editing one site", one_edit)):
        print(f"| {name} | {seconds:.2f} | {median:.2f} | {pages / seconds:.0f} | {rss:.0f} | {pss:.0f} "
              f"| {rendered[name]} |")
    print("\nImage work (last run of each build; from <cache>/images/stats.json):\n")
    print("| build | photos | decoded | from cache | files published | cards drawn | cards from cache "
          "| seconds of image work |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, f in image_work.items():
        if f is None:
            print(f"| {name} | nothing to do: the build stopped at once (nothing changed) |||||||")
            continue
        print(f"| {name} | {f['sources']} | {f['decoded']} | {f['cache_hits']} | {f['files_written']} "
              f"| {f['cards_rendered']} | {f['cards_cached']} | {f['seconds']:.2f} |")
    print("\nTransferred (gzip) HTML + CSS + JS per page type, KB:\n")
    print("| page type | " + " | ".join(LANGUAGES) + " |")
    print("|---|" + "---:|" * len(LANGUAGES))
    for kind in PAGE_TYPES:
        cells = [f"{sizes[kind, lang] / 1024:.1f}" if (kind, lang) in sizes else "–" for lang in LANGUAGES]
        print(f"| {kind} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
