"""The parallel page writer (ruhr.site.generator, RUHR_WRITE_PROCESSES / RUHR_PAGES_PER_PROCESS) writes exactly
what the serial writer writes: every file, byte for byte.

The demo's pages (about 350) stay below the default 300 pages per process, so a normal build writes serially; here a
low RUHR_PAGES_PER_PROCESS sends them through two worker processes in chunks.
"""

import logging

from conftest import files


def test_pages_written_by_several_processes_equal_the_serial_build(project_with_output, built_project, caplog):
    serial = {name: data for name, data in files(built_project.output).items() if not name.startswith("pagefind/")}
    data = ("/finder.json", "/vergleich/daten.json", "/compare/data.json")  # the finder's and compare page's data
    pages = len([name for name in serial if name.endswith((".html",) + data)])
    assert pages > 150
    with caplog.at_level(logging.INFO, logger="ruhr.site.generator"):
        code, printed = project_with_output.build(RUHR_WRITE_PROCESSES=2, RUHR_PAGES_PER_PROCESS=10,
                                                  RUHR_SEARCH=False)
    assert code == 0, printed
    # Other settings than the first build's: the incremental build renders every page, here in two processes.
    assert f"wrote {pages} pages with 2 process(es)" in caplog.messages
    parallel = files(project_with_output.output)
    assert sorted(parallel) == sorted(serial), (sorted(set(serial) - set(parallel))[:5],
                                                sorted(set(parallel) - set(serial))[:5])
    differing = [name for name in serial if parallel[name] != serial[name]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"


def test_a_macro_imported_into_a_page_speaks_the_pages_language(read_page):
    """Found by the test above: Jinja caches a macro module imported without context, with the gettext of the
    first page that used it, so the serial build gave the English privacy page the German consent block."""
    english, german = read_page("/en/privacy/"), read_page("/datenschutz/")
    assert '<h2 id="map-consent-title">Your consent to maps</h2>' in english
    assert '<h2 id="map-consent-title">Ihre Einwilligung für Karten</h2>' in german
