"""Sites, municipalities and a template environment for the map tests (objects shaped like the model's)."""

import datetime
from pathlib import Path
from types import SimpleNamespace

from ruhr.core import availability

ROOT = Path(__file__).resolve().parent.parent

import jinja2  # noqa: E402

MUNICIPALITIES = [
    {"key": "bochum", "name": "Bochum", "lat": 51.482, "lon": 7.216, "population": 364500},
    {"key": "dortmund", "name": "Dortmund", "lat": 51.517, "lon": 7.467, "population": 587700},
    {"key": "duisburg", "name": "Duisburg", "lat": 51.435, "lon": 6.763, "population": 495900},
    {"key": "essen", "name": "Essen", "lat": 51.451, "lon": 7.013, "population": 582400},
    {"key": "gelsenkirchen", "name": "Gelsenkirchen", "lat": 51.517, "lon": 7.100, "population": 259100},
    {"key": "hagen", "name": "Hagen", "lat": 51.367, "lon": 7.483, "population": 188700},
    {"key": "hamm", "name": "Hamm", "lat": 51.683, "lon": 7.817, "population": 179000},
    {"key": "muelheim", "name": "Mülheim an der Ruhr", "lat": 51.428, "lon": 6.883, "population": 170900},
    {"key": "marl", "name": "Marl", "lat": 51.667, "lon": 7.117, "population": 84300},
    {"key": "moers", "name": "Moers", "lat": 51.459, "lon": 6.620, "population": 103500},
    {"key": "sonsbeck", "name": "Sonsbeck", "lat": 51.608, "lon": 6.375, "population": 8700},
    {"key": "breckerfeld", "name": "Breckerfeld", "lat": 51.267, "lon": 7.467, "population": 8900},
]

# id, municipality key, lat, lon, area, status, price, title de, title en, slug de, slug en
SITES = [
    ("dortmund-westfalenhuette", "dortmund", 51.5301, 7.4924, 125000, "available", 95,
     "Gewerbegebiet Westfalenhütte", "Westfalenhütte business park", "westfalenhuette", "westfalenhuette"),
    ("duisburg-logport-6", "duisburg", 51.4123, 6.7321, 300000, "reserved", None,
     "logport VI", "logport VI", "logport-6", "logport-6"),
    ("essen-gruene-mitte", "essen", 51.4607, 7.0049, 8500, "sold", 240.5,
     "Grüne Mitte \"Nord\" & <Süd>", "Green centre \"North\" & <South>", "gruene-mitte", "green-centre"),
    ("marl-chemiepark", "marl", 51.6802, 7.0912, 52000, "available", 45,
     "Chemiepark Marl, Erweiterung", "Marl chemical park, extension", "chemiepark-marl", "marl-chemical-park"),
]

SITE_PATHS = {"de": "/flaechen/{}/", "en": "/en/sites/{}/"}


def municipality(key, lang="de"):
    m = next(m for m in MUNICIPALITIES if m["key"] == key)
    return SimpleNamespace(lang=lang, **m)


def make_sites(rows=SITES):
    """{lang: [site]} like model.sites: one object per site and language, linked by .translations."""
    sites = {"de": [], "en": []}
    for (site_id, key, lat, lon, area, status, price, title_de, title_en, slug_de, slug_en) in rows:
        versions = {}
        for lang, title, slug in (("de", title_de, slug_de), ("en", title_en, slug_en)):
            versions[lang] = SimpleNamespace(
                id=site_id, lang=lang, slug=slug, url=SITE_PATHS[lang].format(slug), title=title,
                municipality=municipality(key, lang), lat=lat, lon=lon, area=area, zoning="GI",
                status=status, price_per_m2=price, last_verified=datetime.date(2026, 10, 1),
                available_from=None,
            )
            versions[lang].availability = availability.of(versions[lang], datetime.date(2026, 11, 1), 365)
        for lang, version in versions.items():
            version.translations = versions
            version.label = lambda name, version=version: getattr(version, name)  # msgid = value here
            sites[lang].append(version)
    return sites


def many_sites(n):
    """n sites spread over the region (for the overview)."""
    rows = []
    for i in range(n):
        lat = 51.30 + (i * 37 % 100) / 100 * 0.40
        lon = 6.50 + (i * 61 % 100) / 100 * 1.20
        rows.append((f"site-{i:03d}", MUNICIPALITIES[i % len(MUNICIPALITIES)]["key"], round(lat, 4),
                     round(lon, 4), 10000 + i * 500, ("available", "reserved", "sold")[i % 3], 80,
                     f"Fläche {i}", f"Site {i}", f"flaeche-{i}", f"site-{i}"))
    return make_sites(rows)


def environment():
    """The theme's templates with gettext installed as the generator does (English msgids as they are)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ROOT / "theme" / "templates")),
        extensions=["jinja2.ext.i18n"], autoescape=True, trim_blocks=True, lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_null_translations(newstyle=True)
    return env


def render_block(view, lang):
    template = environment().from_string(
        '{% from "macros/map.html" import map_block %}{{ map_block(map, lang) }}'
    )
    return template.render(map=view, lang=lang)
