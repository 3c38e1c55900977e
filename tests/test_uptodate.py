"""A build with nothing to do (ruhr.site.uptodate) stops at once, and only then: its output is byte for byte
the output of a cold build, and every kind of change (content, data, theme, settings, build date, the output
touched by hand, a preview build) makes the next build do its work again."""

import shutil

import pytest

from conftest import ROOT, Project, files
from ruhr.site import search

SKIPPED = "nothing changed since the last build"


@pytest.fixture
def site(tmp_path):
    project = Project(tmp_path)
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    project.settings = {"THEME": str(tmp_path / "theme"), "RUHR_SEARCH": False}
    return project


def build(project, **overrides):
    code, printed = project.build(**{**project.settings, **overrides})
    assert code == 0, printed
    return printed


def test_nothing_changed_is_skipped_and_the_output_is_a_cold_builds(site, tmp_path_factory):
    first = build(site)
    assert SKIPPED not in first and "rendered 0 of" not in first
    before = files(site.output)
    again = build(site)
    assert SKIPPED in again and "rendered 0 of" in again, again
    assert files(site.output) == before
    # Saving a file without changing it (an editor's "save all") is no change.
    (site.content / "sites").joinpath(sorted(p.name for p in (site.content / "sites").iterdir())[0]).touch()
    assert SKIPPED in build(site)
    # The skipped build's output is what doing all the work makes: a cold build into an empty folder.
    cold = Project(tmp_path_factory.mktemp("cold"))
    shutil.rmtree(cold.content)
    shutil.rmtree(cold.data)
    cold.content, cold.data = site.content, site.data
    code, printed = cold.build(**site.settings)
    assert code == 0, printed
    assert files(cold.output) == files(site.output)


def _edit_content(site):
    site.edit("content/sites/dortmund-kanalbogen.de.md", "\n\n", "\n\nNeu geprüft.\n\n")


def _edit_data(site):
    path = site.data / "hubs.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def _edit_theme(site):
    path = site.base / "theme" / "static" / "css" / "site.css"
    path.write_text(path.read_text(encoding="utf-8") + "\n/* a comment */\n", encoding="utf-8")


def _editor_lock_file(site):
    """Emacs marks a file being edited with a dangling link `.#name`: no input of the build, but it is there."""
    (site.content / "sites" / ".#dortmund-kanalbogen.de.md").symlink_to("editor@host.4711:1700000000")


def _remove_output_page(site):
    (site.output / "impressum" / "index.html").unlink()


def _change_output_page(site):
    page = site.output / "impressum" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>by hand</p></main>"))


CHANGES = {
    "a content file": (_edit_content, {}),
    "a data file": (_edit_data, {}),
    "a theme file": (_edit_theme, {}),
    "an editor's lock file (a dangling link)": (_editor_lock_file, {}),
    "a setting": (None, {"RUHR_FINDER_PAGE_SIZE": 7}),
    "the build date": (None, {"RUHR_BUILD_DATE": "2027-01-15"}),
    "a page of the output removed": (_remove_output_page, {}),
    "a page of the output changed": (_change_output_page, {}),
}


def test_every_kind_of_change_means_a_real_build(site):
    build(site)
    for change, (edit, overrides) in CHANGES.items():
        if edit:
            edit(site)
        site.settings.update(overrides)
        printed = build(site)
        assert SKIPPED not in printed, f"{change}: {printed}"
        assert b"by hand" not in (site.output / "impressum" / "index.html").read_bytes()
        assert SKIPPED in build(site), f"{change}: the build after it has nothing to do"


def test_a_preview_build_is_never_taken_for_a_complete_one(site, monkeypatch):
    """The preview's builds leave the search index to the preview (search.DEFERRED): the next `invoke build`
    must not take their output as complete."""
    build(site)
    _edit_content(site)
    monkeypatch.setattr(search, "DEFERRED", True)
    build(site)
    monkeypatch.setattr(search, "DEFERRED", False)
    assert SKIPPED not in build(site)
