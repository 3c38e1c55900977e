"""Fast unit tests of the core modules (URLs, {filename} links, validation helpers, publish planning), with exact
expectations. They build no site and start no server, so `invoke mutate` can run them for every mutant
(docs/quality-gates.md)."""

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from ruhr.core import links, urls
from ruhr.core.validate import ContentError, Problem, did_you_mean, line_of
from ruhr.publish import sync

SETTINGS = {"SITEURL": "https://standorte.example/"}


# -- URLs ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page_type,lang,slug,url", [
    ("home", "de", "", "/"), ("home", "en", "", "/en/"),
    ("site", "de", "westfalenhuette", "/flaechen/westfalenhuette/"),
    ("site", "en", "westfalenhuette", "/en/sites/westfalenhuette/"),
    ("404", "en", "", "/en/404.html"), ("stories_feed", "de", "", "/erfolgsgeschichten/feed.xml"),
])
def test_url_for(page_type, lang, slug, url):
    assert urls.url_for(SETTINGS, page_type, lang, slug) == url


def test_url_for_reads_the_settings():
    settings = {"RUHR_URLS": {"site": {"de": "orte/{slug}.html"}}}
    assert urls.url_for(settings, "site", "de", "a") == "/orte/a.html"


@pytest.mark.parametrize("url,path", [("/", "index.html"), ("/en/", "en/index.html"),
                                      ("/flaechen/x/", "flaechen/x/index.html"), ("/404.html", "404.html"),
                                      ("/feed.xml", "feed.xml")])
def test_save_as(url, path):
    assert urls.save_as(url) == path


def test_absolute():
    assert urls.absolute(SETTINGS, "/en/") == "https://standorte.example/en/"
    assert urls.absolute({"SITEURL": "https://a.example"}, "/") == "https://a.example/"


# -- {filename} links ----------------------------------------------------------------------------------------

def _model(tmp_path, content):
    folder = tmp_path / "content"
    (folder / "sites").mkdir(parents=True)
    (folder / "sectors").mkdir()
    source = folder / "sites" / "a.de.md"
    source.write_text(f"---\nid: a\n---\n{content}\n", encoding="utf-8")  # the link on line 4
    site = SimpleNamespace(source_path=str(source), content=content, url="/flaechen/a/")
    sector = SimpleNamespace(source_path=str(folder / "sectors" / "logistik.de.md"), content="",
                             url="/branchen/logistik/")
    pages = SimpleNamespace(source_path="", content="{filename}x.md", url="/")
    plain = SimpleNamespace(source_path=str(folder / "sites" / "b.de.md"), content="no links", url="/flaechen/b/")
    model = SimpleNamespace(languages=["de"], items=lambda lang: [plain, site, sector, pages] if lang == "de" else [])
    return model, site, str(folder)


def test_links_become_the_urls_of_their_items(tmp_path):
    model, site, folder = _model(tmp_path, '<a href="{filename}../sectors/logistik.de.md#zahlen">L</a> '
                                           "<img src='{attach}/sectors/logistik.de.md?x=1'>")
    assert links.resolve(model, folder) == []
    assert site.content == "<a href=\"/branchen/logistik/#zahlen\">L</a> <img src='/branchen/logistik/?x=1'>"


def test_attach_links_alone_are_resolved_too(tmp_path):
    model, site, folder = _model(tmp_path, "<img src='{attach}/sectors/logistik.de.md'>")
    assert links.resolve(model, folder) == [] and site.content == "<img src='/branchen/logistik/'>"


def test_a_link_far_from_any_file_has_no_suggestion_and_line_1_when_not_found_in_the_text(tmp_path):
    model, site, folder = _model(tmp_path, "nothing here")
    site.content = '<a href="{filename}/zzz/qqq.md">x</a>'  # (not written as such in the file)
    assert links.resolve(model, folder) == [Problem(
        site.source_path, 1, "link", "{filename}/zzz/qqq.md is not a content file (expected a path to a .md file, "
        "relative to this file or starting with / for the content folder)")]


def test_a_link_to_no_content_file_is_a_problem_with_its_line_and_a_suggestion(tmp_path):
    model, site, folder = _model(tmp_path, '<a href="{filename}../sectors/logistk.de.md">L</a>')
    assert links.resolve(model, folder) == [Problem(
        site.source_path, 4, "link", "{filename}../sectors/logistk.de.md is not a content file (did you mean "
        "'{filename}/sectors/logistik.de.md'?) (expected a path to a .md file, relative to this file or starting "
        "with / for the content folder)")]
    assert site.content == '<a href="{filename}../sectors/logistk.de.md">L</a>'  # left as it was


# -- validation helpers --------------------------------------------------------------------------------------

def test_did_you_mean():
    assert did_you_mean("dortmnud", ["bochum", "dortmund", "essen"]) == " (did you mean 'dortmund'?)"
    assert did_you_mean("xyz", ["bochum", "dortmund"]) == ""


def test_line_of_finds_nested_keys():
    lines = {("area",): 5, ("transport", "rail_siding"): 12, ("photos", 0, "alt"): 20}
    assert line_of(lines, ("area",)) == 5
    assert line_of(lines, ("transport", "rail_siding")) == 12
    assert line_of(lines, ("photos", 0, "alt", "x")) == 20  # the nearest key that exists
    assert line_of(lines, ("unknown",)) == 1
    assert line_of({(): 7}, ("unknown",)) == 7  # the file's own line for the whole front matter


def test_problem_and_content_error():
    problem = Problem("content/sites/a.de.md", 3, "area", "must be a number")
    assert str(problem) == "content/sites/a.de.md:3: area: must be a number"
    other = Problem("content/sites/a.de.md", 2, "title", "missing")
    err = ContentError([problem, other, problem])
    assert err.problems == [other, problem] and str(err) == "3 problem(s) in the content"


# -- publish planning ----------------------------------------------------------------------------------------

def local(name, sha="s1", stage=None, cache_control=None):
    ctype = sync.content_type(name)
    if stage is None:
        stage = sync.PAGE if name.endswith(".html") else sync.ASSET
    return sync.LocalFile(name, Path(name), sha, ctype, cache_control or "cc-" + name.rsplit(".", 1)[-1], stage)


def published(f, sha=None):
    return {"sha256": sha or f.sha256, **f.headers()}


def test_content_types():
    assert sync.content_type("a/index.html") == "text/html; charset=utf-8"
    assert sync.content_type("theme/css/app.0123456789.css") == "text/css; charset=utf-8"
    assert sync.content_type("photos/a.jpg") == "image/jpeg"
    assert sync.content_type("data/sites.geojson") == "application/geo+json; charset=utf-8"
    assert sync.content_type("notes.rtf") == "application/rtf"  # known to mimetypes only when not strict
    assert sync.content_type("blob.qqq") == "application/octet-stream"


def test_plan_orders_assets_then_pages_then_entry_points_new_before_changed():
    files = {f.name: f for f in [
        local("index.html", stage=sync.ENTRY), local("sitemap.xml", stage=sync.ENTRY),
        local("en/index.html", stage=sync.ENTRY), local("b/index.html"), local("a/index.html"),
        local("theme/app.css"), local("photos/x.jpg"), local("same/index.html")]}
    remote = {"a/index.html": published(files["a/index.html"], "old"),
              "photos/x.jpg": published(files["photos/x.jpg"], "old"),
              "same/index.html": published(files["same/index.html"])}
    plan = sync.make_plan(files, list(remote), remote, {}, {}, now=1000)
    assert [(f.name, reason) for f, reason in plan.uploads] == [
        ("theme/app.css", "new"), ("photos/x.jpg", "changed"),
        ("b/index.html", "new"), ("a/index.html", "changed"),
        ("index.html", "new"), ("en/index.html", "new"), ("sitemap.xml", "new")]
    assert plan.unchanged == 1 and plan.deletions == [] and plan.kept == []
    assert plan.manifest == {"objects": {"same/index.html": remote["same/index.html"]}, "retired": {}}
    assert plan.manifest_changed
    assert plan.summary() == "7 to upload, 0 to delete, 0 old assets kept, 1 unchanged"
    assert plan.summary(done=True) == "7 uploaded, 0 deleted, 0 old assets kept, 1 unchanged"


def test_plan_counts_unchanged_files_and_deletes_pages_before_assets():
    files = {f.name: f for f in [local("a/index.html"), local("b/index.html")]}
    remote = {name: published(f) for name, f in files.items()}
    listing = [*remote, "a/old.jpg", "z/index.html"]
    manifest = {"objects": dict(remote), "retired": {}}
    plan = sync.make_plan(files, listing, remote, manifest, {}, now=5)
    assert plan.unchanged == 2 and plan.uploads == []
    assert plan.deletions == [("z/index.html", "not in the output"), ("a/old.jpg", "not in the output")]
    assert plan.manifest == manifest and plan.manifest_changed  # the deletions change what the bucket holds


def test_an_empty_plan_changes_no_manifest():
    plan = sync.make_plan({}, [], {}, {}, {}, now=5)
    assert plan.manifest == {"objects": {}, "retired": {}} and not plan.manifest_changed


def test_plan_uploads_changed_headers_and_deletes_pages_before_assets_keeping_fingerprinted_ones():
    page = local("a/index.html")
    remote = {"a/index.html": {**published(page), "cache_control": "other"},
              "old/index.html": {}, "theme/app.0123456789.css": {}, "photos/old.jpg": {}}
    now = 1_000_000
    plan = sync.make_plan({page.name: page}, list(remote), remote, {}, {}, now=now)
    assert [(f.name, reason) for f, reason in plan.uploads] == [("a/index.html", "headers changed")]
    assert plan.deletions == [("old/index.html", "not in the output"), ("photos/old.jpg", "not in the output")]
    keep = sync.ruhr_settings.get({}, "RUHR_PUBLISH_KEEP_OLD_ASSETS")
    until = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(now + keep))
    assert plan.kept == [("theme/app.0123456789.css", f"old asset, kept until {until}")]
    assert plan.manifest == {"objects": {}, "retired": {"theme/app.0123456789.css": now}}

    # Once kept long enough, the old asset goes; nothing else changed, so only the manifest says so.
    later = sync.make_plan({page.name: page}, ["theme/app.0123456789.css"], {page.name: published(page)},
                           {"retired": {"theme/app.0123456789.css": now}}, {}, now=now + keep)
    assert later.uploads == [] and later.kept == []
    assert later.deletions == [("theme/app.0123456789.css", "not in the output")]
    assert later.manifest_changed

    same = sync.make_plan({page.name: page}, [page.name], {page.name: published(page)},
                          {"objects": {page.name: published(page)}, "retired": {}}, {}, now=now)
    assert (same.uploads, same.deletions, same.unchanged, same.manifest_changed) == ([], [], 1, False)


def test_invalidation_paths():
    immutable = sync.ruhr_settings.get({}, "RUHR_PUBLISH_CACHE_CONTROL")["immutable"]
    plan = sync.Plan(uploads=[(local("a/index.html"), "changed"), (local("index.html"), "changed"),
                              (local("theme/app.0123456789.css", cache_control=immutable), "new")],
                     deletions=[("old.html", "not in the output")])
    assert sync.invalidation_paths(plan, {}) == ["/", "/a/", "/a/index.html", "/index.html", "/old.html"]
    assert sync.invalidation_paths(plan, {"RUHR_PUBLISH_INVALIDATION_MAX_PATHS": 4}) == ["/*"]
    assert len(sync.invalidation_paths(plan, {"RUHR_PUBLISH_INVALIDATION_MAX_PATHS": 5})) == 5  # at the limit
    plan = sync.Plan(uploads=[(local("a/index.html"), "changed")], deletions=[("x.html", "not in the output")])
    assert sync.invalidation_paths(plan, {}) == ["/a/", "/a/index.html", "/x.html"]


# -- one file's fields (ruhr.core.validate.FileChecker with the real schema) -------------------------------

def _check(meta, is_source=True):
    from ruhr.core import schema
    from ruhr.core.validate import FileChecker
    lines = {(key,): n for n, key in enumerate(meta, 2)}
    checker = FileChecker("a.de.md", lines, "German", is_source)
    return checker.check(meta, schema.SITE), [(p.line, p.field, p.message) for p in checker.problems]


GOOD = {"id": "a-b", "title": "T", "summary": "S", "municipality": "dortmund", "lat": 51.5, "lon": 7.4,
        "area": 12500, "divisible": False, "zoning": "GI", "planning": "in_force", "status": "available",
        "available_from": "2026-03-01", "price_per_m2": "on request", "owner": "public", "brownfield": True,
        "transport": {"motorway": "A 2", "motorway_km": 1.5, "rail_siding": True},
        "utilities": {"fibre": True, "district_heating": False, "hydrogen": False}, "sectors": ["logistik"],
        "contact": "anna-schmidt", "last_verified": "2026-01-31", "source": "Stadt"}


def test_good_values_are_typed():
    import datetime
    values, problems = _check(GOOD)
    assert problems == []
    assert {k: v for k, v in values.items() if k in GOOD} == {
        **GOOD, "available_from": datetime.date(2026, 3, 1), "price_per_m2": None,
        "last_verified": datetime.date(2026, 1, 31),
        "transport": {**GOOD["transport"], "port_km": None, "airport_km": None},  # optional ones: None
        "utilities": {**GOOD["utilities"], "power_mva": None}}


@pytest.mark.parametrize("field,raw,expected", [
    ("zoning", "gi", "'gi' is not allowed (did you mean 'GI'?) (expected one of: GI, GE, MI, SO) — write one of "
                     "these values exactly"),
    ("divisible", "ja", "'ja' is not allowed (expected true or false) — write true for yes, false for no"),
    ("available_from", "1.3.2026", "'1.3.2026' is not a date — write year-month-day, e.g. 2026-03-01"),
    ("id", "A B", "'A B' is not a valid id — use lower-case letters, digits and hyphens only, e.g. "
                  "'dortmund-westfalenhuette'"),
])
def test_a_wrong_value_names_its_line_and_field(field, raw, expected):
    values, problems = _check({**GOOD, field: raw})
    assert problems == [(list(GOOD).index(field) + 2, field, expected)]


@pytest.mark.parametrize("raw,fragment", [(62.000, "62.0 is not a whole number"), ("12.500", "'12.500' is not a number"),
                                          (True, "'True' is not a number"), (0, "0 is out of range")])
def test_numbers(raw, fragment):
    values, problems = _check({**GOOD, "area": raw})
    assert [(line, field) for line, field, _ in problems] == [(list(GOOD).index("area") + 2, "area")]
    assert problems[0][2].startswith(fragment), problems


def test_unknown_missing_and_facts_in_a_translation():
    _, problems = _check({**GOOD, "aera": 5})
    assert problems == [(len(GOOD) + 2, "aera", "unknown field (did you mean 'area'?) (expected one of: "
                         + ", ".join(f.name for f in __import__("ruhr.core.schema").core.schema.SITE)
                         + ") — correct the name, or delete the line")]
    values, problems = _check({k: v for k, v in GOOD.items() if k != "status"})
    assert [(field, message.split(" (")[0]) for _, field, message in problems] == [("status", "missing required field")]
    assert values["status"] is None
    _, problems = _check({"id": "a-b", "title": "T", "summary": "S", "area": 5}, is_source=False)
    assert problems == [(5, "area", "facts are kept once, in the German file — delete this line here (change the "
                                    "fact in the German file)")]


def test_every_missing_field_says_what_it_expects_and_how_to_fill_it_in():
    """The messages editors read for an empty site file (exact: they are the editors' instructions)."""
    _, problems = _check({"transport": {}, "utilities": {}, "photos": [{}]})
    assert problems == MISSING
    _, problems = _check({**GOOD, "transport": None, "photos": "x.jpg"})
    assert problems == [
        (list(GOOD).index("transport") + 2, "transport", "missing required field (expected sub-fields) — add "
         "`transport:` with its sub-fields (motorway, motorway_km, rail_siding)"),
        (len(GOOD) + 2, "photos", "expected a list of entries (file, alt) — start each entry on a new line with "
         "`- `, indented by two spaces")]


MISSING = [
    (1, 'id', 'missing required field (expected an id (lower-case letters, digits, hyphens)) — fill it in, e.g. `id: dortmund-westfalenhuette`'),
    (1, 'title', 'missing required field (expected text) — write it after `title:`'),
    (1, 'summary', 'missing required field (expected text) — write it after `summary:`'),
    (1, 'municipality', 'missing required field (expected the key of a municipality) — fill it in, e.g. `municipality: dortmund`'),
    (1, 'lat', 'missing required field (expected a number in degrees from -90 to 90) — fill it in, e.g. `lat: 51.5301`'),
    (1, 'lon', 'missing required field (expected a number in degrees from -180 to 180) — fill it in, e.g. `lon: 7.4924`'),
    (1, 'area', 'missing required field (expected a whole number in m² of at least 1) — fill it in, e.g. `area: 125000`'),
    (1, 'divisible', 'missing required field (expected true or false) — fill it in, e.g. `divisible: true`'),
    (1, 'zoning', 'missing required field (expected one of: GI, GE, MI, SO) — fill it in, e.g. `zoning: GI`'),
    (1, 'planning', 'missing required field (expected one of: in_force, in_preparation, section_34) — fill it in, e.g. `planning: in_force`'),
    (1, 'status', 'missing required field (expected one of: available, reserved, sold) — fill it in, e.g. `status: available`'),
    (1, 'price_per_m2', "missing required field (expected a number or 'on request' in EUR per m² of at least 0) — fill it in, e.g. `price_per_m2: 95`"),
    (1, 'owner', 'missing required field (expected one of: public, private) — fill it in, e.g. `owner: private`'),
    (1, 'brownfield', 'missing required field (expected true or false) — fill it in, e.g. `brownfield: true`'),
    (2, 'transport.motorway', 'missing required field (expected text) — fill it in, e.g. `motorway: A 2`'),
    (2, 'transport.motorway_km', 'missing required field (expected a number in km from 0 to 100) — write it after `motorway_km:`'),
    (2, 'transport.rail_siding', 'missing required field (expected true or false) — fill it in, e.g. `rail_siding: true`'),
    (3, 'utilities.fibre', 'missing required field (expected true or false) — fill it in, e.g. `fibre: true`'),
    (3, 'utilities.district_heating', 'missing required field (expected true or false) — fill it in, e.g. `district_heating: true`'),
    (3, 'utilities.hydrogen', 'missing required field (expected true or false) — fill it in, e.g. `hydrogen: true`'),
    (1, 'sectors', 'missing required field (expected a list of sector keys) — fill it in, e.g. `sectors: [logistik]`'),
    (1, 'contact', 'missing required field (expected the key of a contact) — fill it in, e.g. `contact: anna-schmidt`'),
    (4, 'photos[0].file', 'missing required field (expected a file name in content/photos/) — fill it in, e.g. `file: logistikhalle.jpg`'),
    (4, 'photos[0].alt', 'missing required field (expected text) — fill it in, e.g. `alt: Luftbild der Freifläche mit Gleisanlagen`'),
    (1, 'last_verified', 'missing required field (expected a date YYYY-MM-DD) — fill it in, e.g. `last_verified: 2026-03-01`'),
    (1, 'source', 'missing required field (expected text) — fill it in, e.g. `source: Wirtschaftsförderung Dortmund`'),
]


def test_bounds_are_inclusive_and_prices_and_lists_are_typed():
    values, problems = _check({**GOOD, "area": 1, "lat": 90, "lon": -180, "price_per_m2": 0})
    assert problems == [] and (values["area"], values["lat"], values["lon"], values["price_per_m2"]) == (1, 90, -180, 0)
    values, problems = _check({**GOOD, "lat": 90.5, "price_per_m2": "95"})
    assert [(field, message.split(" (")[0]) for _, field, message in problems] == [
        ("lat", "90.5 is out of range"), ("price_per_m2", "'95' is not a number")]
    values, _ = _check({k: v for k, v in GOOD.items() if k not in ("sectors", "photos")})
    assert values["sectors"] == [] and values["photos"] == []  # missing lists are empty lists


def test_a_translation_repeats_each_photo_file_with_its_own_alt_text():
    values, problems = _check({"id": "a-b", "title": "T", "summary": "S",
                               "photos": [{"file": "a.jpg", "alt": "Aerial view"}]}, is_source=False)
    assert problems == [] and values["photos"] == [{"file": "a.jpg", "alt": "Aerial view"}]
    values, problems = _check({"id": "a-b", "title": "T", "summary": "S",
                               "photos": [{"file": "a.jpg", "alt": "Aerial view"}, "b.jpg"]}, is_source=False)
    assert values["photos"] == [] and problems == [(5, "photos", "expected a list of entries (file, alt) — start each entry on a new line with "
                                      "`- `, indented by two spaces")]


def test_search_index_files_count_as_fingerprinted_in_both_layouts(tmp_path):
    """Pagefind's content-named files are immutable (and, once gone, kept in the bucket a while for open search
    pages): in the bundle of each language (pagefind/<lang>/), and in the single bundle that older builds
    published (pagefind/), so a first publish of the new layout does not delete those at once."""
    for name in ("pagefind/de/fragment/de_0a1b2c.pf_fragment", "pagefind/en/index/en_3d4e5f.pf_index",
                 "pagefind/de/filter/de_6a7b.pf_filter", "pagefind/de/pagefind.de_0a1b2c3d.pf_meta",
                 "pagefind/fragment/de_0a1b2c.pf_fragment", "pagefind/index/en_3d4e5f.pf_index"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    (tmp_path / "pagefind" / "de" / "pagefind-entry.json").write_text("{}")
    (tmp_path / "index.html").write_text("<!doctype html>")
    found = sync.scan(tmp_path, {})
    immutable = sync.ruhr_settings.get({}, "RUHR_PUBLISH_CACHE_CONTROL")["immutable"]
    assert {name for name, f in found.items() if f.cache_control == immutable} == set(found) - {
        "pagefind/de/pagefind-entry.json", "index.html"}
