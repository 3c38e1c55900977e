"""The search index step (ruhr.site.search) with the real Pagefind binary: its output, and its failures as one
clear line that stop the build without touching the existing output."""

from ruhr.site import search


def test_pagefind_writes_one_index_per_language(built_site):
    entry = (built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"de"' in entry and '"en"' in entry
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert (built_site / "pagefind" / name).is_file(), name


def test_an_empty_folder_is_a_one_line_error(tmp_path):
    message = search.index(str(tmp_path))
    assert message.startswith("Pagefind failed") and "\n" not in message


def test_a_failing_index_stops_the_build_and_keeps_the_output(project):
    assert project.build()[0] == 0
    before = (project.output / "index.html").read_text(encoding="utf-8")
    code, printed = project.build(RUHR_SEARCH_EXCLUDE=["[[["])
    assert code == 1
    assert "search: Pagefind failed" in printed and "Traceback" not in printed
    assert (project.output / "index.html").read_text(encoding="utf-8") == before
