"""The search index step (ruhr.site.search) with the real Pagefind binary: its output, and its failures as one
clear line that stop the build without touching the existing output."""

import json

from conftest import files
from ruhr.site import search
from test_site import items


def test_pagefind_writes_one_bundle_per_language(built_site):
    """Each language's pages in their own bundle, /pagefind/<lang>/, which the search page of that language
    loads (an edit re-indexes only the languages whose pages changed)."""
    # Every site, sector, story and municipality page of each language, and nothing else (listings, legal
    # pages and the search page itself are not indexed).
    # Also programmes, projects, news and events; Leichte Sprache and DGS in German only; the regional aid
    # areas page (docs/investment.md).
    indexed = sum(len(list(items(kind))) for kind in ("site", "sector", "story", "programme", "project",
                                                       "news_item", "event")) + 53 + 1
    assert sorted(p.name for p in (built_site / "pagefind").iterdir()) == ["de", "en"]
    for lang, count in (("de", indexed + 2), ("en", indexed)):
        bundle = built_site / "pagefind" / lang
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {lang: count}
        info = entry["languages"][lang]
        assert info["wasm"] == lang and info["hash"].startswith(f"{lang}_")
        assert (bundle / f"pagefind.{info['hash']}.pf_meta").is_file()
        assert (bundle / f"wasm.{lang}.pagefind").is_file()
        for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
            assert (bundle / name).is_file(), name
        search_page = (built_site / ("suche" if lang == "de" else "en/search") / "index.html").read_text("utf-8")
        assert f'src="/pagefind/{lang}/pagefind-ui.js"' in search_page
        assert f'data-search="/pagefind/{lang}/"' in search_page


def test_a_site_is_found_by_its_own_text_not_by_what_every_site_has(built_site):
    """What Pagefind keeps of a site page (its fragment, which also gives the result's excerpt): title, summary,
    location, description, sectors; not the buttons, computed distances, the municipality's aid and labour
    market, the contact or the fact tables (RUHR_SEARCH_EXCLUDE)."""
    import gzip
    from ruhr.site.reproducible import SIGNATURE
    fragments = (json.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE):])
                 for path in (built_site / "pagefind" / "de" / "fragment").iterdir())
    text = next(f["content"] for f in fragments if f["url"] == "/flaechen/dortmund-kanalbogen/")
    for kept in ("Gewerbepark Am Kanalbogen", "Dortmund", "Beschreibung", "Geeignet für"):
        assert kept in text, kept
    for left_out in ("Zum Vergleich hinzufügen", "Flughafen", "Fördergebiet", "Arbeitsmarkt", "Ihre Ansprechperson",
                     "zuletzt geprüft am", "Gleisanschluss nein"):
        assert left_out not in text, left_out


def test_an_empty_folder_is_a_one_line_error(tmp_path):
    message = search.index(str(tmp_path))
    assert message.startswith("Pagefind failed") and "\n" not in message


def test_a_failing_index_stops_the_build_and_keeps_the_output(project_with_output):
    """Pagefind runs after every page is written: a build that wrote into output/ directly would leave the
    changed pages there, so the content is changed first and output/ compared file by file."""
    project = project_with_output
    before = files(project.output)
    project.edit("content/sites/dortmund-kanalbogen.de.md", "title: Gewerbepark Am Kanalbogen",
                 "title: Gewerbepark Kanalbogen Nord")
    code, printed = project.build(RUHR_SEARCH_EXCLUDE=["[[["])
    assert code == 1
    assert "search: Pagefind failed" in printed and "Traceback" not in printed
    assert files(project.output) == before


def test_pagefind_reads_one_languages_pages_through_a_glob():
    """A top-level folder as a whole when no other language's page is in it, else its pages one by one."""
    assert search.language_glob(["index.html", "flaechen/a/index.html", "flaechen/b/index.html", "a,b/x.html"],
                                ["en/index.html"]) == "{a\\,b/**/*.html,flaechen/**/*.html,index.html}"
    assert search.language_glob(["site/de/x.html", "kontakt/index.html"], ["site/en/x.html"]) == \
        "{kontakt/**/*.html,site/de/x.html}"


def test_a_killed_runs_scratch_folder_is_removed_by_the_next(tmp_path):
    """Pagefind writes a bundle into a scratch folder named with the process id (in memory, /dev/shm): the
    next run removes those of processes that are gone, and leaves those of live ones."""
    import os
    import subprocess
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead, alive = tmp_path / f"{search.SCRATCH}{gone.pid}-x", tmp_path / f"{search.SCRATCH}{os.getpid()}-y"
    for folder in (dead, alive):
        (folder / "bundle").mkdir(parents=True)
    search._remove_leftovers(str(tmp_path))
    assert not dead.exists() and alive.exists()
