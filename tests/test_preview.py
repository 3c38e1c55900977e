"""`invoke serve`: the preview serves the site, rebuilds after an edit, keeps the last good site on errors."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import BUILD_DATE
from editor_helpers import ROOT

SITE = "content/sites/dortmund-kanalbogen.de.md"
URL = "/flaechen/dortmund-kanalbogen/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    """`python -m ruhr.editor.preview` in a subprocess, on a copy of the project; collects what it prints."""

    def __init__(self, project):
        self.project = project
        self.port = free_port()
        conf = project.base / "previewconf.py"
        conf.write_text(f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
                        f"PATH = {str(project.content)!r}\nRUHR_DATA_PATH = {str(project.data)!r}\n"
                        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                        f"RUHR_BUILD_DATE = {BUILD_DATE!r}\n",  # as every test build: pages show dates
                        encoding="utf-8")
        self.lines = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ruhr.editor.preview", "-s", str(conf), "--port", str(self.port)],
            cwd=project.base, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for(lambda: any(line.startswith("Preview on") for line in self.lines), "the first build")

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, condition, what, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert self.process.poll() is None, "preview stopped:\n" + "\n".join(self.lines)
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(self.lines))

    def get(self, url):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{url}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def preview(project):
    p = Preview(project)
    yield p
    p.stop()


def test_serves_rebuilds_after_an_edit_and_keeps_the_last_good_site(preview, project):
    status, page = preview.get(URL)
    assert status == 200 and "Gewerbepark Am Kanalbogen" in page
    assert '<script src="/__preview/reload.js"' in page  # served with the reload script …
    assert "__preview" not in (project.output / "flaechen" / "dortmund-kanalbogen" / "index.html").read_text(
        encoding="utf-8")  # … which is not in the built file
    assert preview.get("/__preview/reload.js")[0] == 200
    assert preview.get("/no/such/page/")[0] == 404

    project.edit(SITE, "title: Gewerbepark Am Kanalbogen", "title: Gewerbepark Kanalbogen Nord")
    preview.wait_for(lambda: "Gewerbepark Kanalbogen Nord" in preview.get(URL)[1], "the rebuilt page")
    # … through the incremental build: the build's own count of the pages it rendered
    def counts():
        return [tuple(map(int, m.groups())) for line in preview.lines
                for m in [re.search(r"rendered (\d+) of (\d+) pages", line.replace(",", ""))] if m]
    preview.wait_for(lambda: len(counts()) >= 2, "the build's count")
    counts = counts()
    assert len(counts) >= 2 and counts[0][0] == counts[0][1], preview.lines  # the first build: every page
    assert 0 < counts[-1][0] < counts[-1][1] / 4, preview.lines  # the edit: the site and what shows it
    preview.wait_for(lambda: any("search index up to date" in line for line in preview.lines[-3:]),
                     "the search index after the edit")

    # A body edit: the warm worker serves the page from the model in memory before the build runs.
    with open(project.base / SITE, "a", encoding="utf-8") as fh:
        fh.write("\n\nNachtrag aus der Vorschau.\n")
    preview.wait_for(lambda: any(line.startswith("served flaechen/dortmund-kanalbogen/index.html from the model in "
                                                 "memory") for line in preview.lines), "the quick page")
    assert "Nachtrag aus der Vorschau." in preview.get(URL)[1]
    preview.wait_for(lambda: any("search index up to date" in line for line in preview.lines[-3:]),
                     "the build and the search index after the body edit")

    # A broken edit: the problem appears in the terminal, the last good page stays.
    project.edit(SITE, "zoning: GI", "zoning: GX")
    preview.wait_for(lambda: any("rebuild failed" in line for line in preview.lines), "the failed rebuild")
    assert any(re.search(r"dortmund-kanalbogen\.de\.md:\d+: zoning: 'GX' is not allowed", line)
               for line in preview.lines), preview.lines
    status, page = preview.get(URL)
    assert status == 200 and "Gewerbepark Kanalbogen Nord" in page

    project.edit(SITE, "zoning: GX", "zoning: GE")
    preview.wait_for(lambda: "Gewerbegebiet (GE)" in preview.get(URL)[1], "the page after the fix")


def test_open_page_reloads_in_the_browser(preview, project):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{preview.port}{URL}")
            assert "Gewerbepark Am Kanalbogen" in page.inner_text("h1")
            project.edit(SITE, "title: Gewerbepark Am Kanalbogen", "title: Kanalbogen frisch gespeichert")
            page.wait_for_function("() => document.querySelector('h1').innerText.includes('frisch gespeichert')",
                                   timeout=60000)
        finally:
            browser.close()


def test_a_body_edit_is_rendered_from_the_model_in_memory_as_the_full_build_renders_it(project):
    """The preview's quick page (RuhrGenerator.render_edited) is byte for byte the page of the full build."""
    from pelican import signals
    from ruhr.site.generator import RuhrGenerator
    kept = []

    def keep(generators):
        kept.extend(g for g in generators if isinstance(g, RuhrGenerator))

    signals.all_generators_finalized.connect(keep)
    try:
        code, printed = project.build()
    finally:
        signals.all_generators_finalized.disconnect(keep)
    assert code == 0, printed
    generator, quick = kept[-1], project.base / "quick"

    def render(*relpaths):
        return generator.render_edited([str(project.base / p) for p in relpaths], str(quick))

    link = "\n\nSiehe [Logistik]({filename}../sectors/logistik.de.md).\n"
    edited = {SITE: "flaechen/dortmund-kanalbogen/index.html",
              "content/municipalities/bochum.en.md": "en/municipalities/bochum/index.html",
              "content/sectors/logistik.en.md": "en/sectors/logistics/index.html"}
    for relpath in edited:
        with open(project.base / relpath, "a", encoding="utf-8") as fh:
            fh.write(link if relpath.endswith(".de.md") else "\n\nA paragraph added in the preview.\n")
    # the page it replaced: none in this folder; an editor's lock file and a probe already gone change nothing
    assert render(SITE, "content/sites/.#dortmund-kanalbogen.de.md", "content/sites/4913") == [(edited[SITE], None)]
    assert sorted(path for path, _ in render(*edited)) == sorted(edited.values())
    assert render(SITE) == [(edited[SITE], (quick / edited[SITE]).read_bytes())]
    assert "/branchen/logistik/" in (quick / edited[SITE]).read_text(encoding="utf-8")  # the link resolved

    # Anything but a body edit needs the full build.
    project.edit(SITE, "title: Gewerbepark Am Kanalbogen", "title: Gewerbepark Kanalbogen Nord")
    assert render(SITE) is None  # front matter
    project.edit(SITE, "title: Gewerbepark Kanalbogen Nord", "title: Gewerbepark Am Kanalbogen")
    new = project.content / "sites" / "neu.de.md"
    new.write_text((project.base / SITE).read_text(encoding="utf-8"), encoding="utf-8")
    assert render("data/municipalities.yaml") is None and render(str(new)) is None  # data, a new file
    new.unlink()
    story = project.content / "stories" / sorted(os.listdir(project.content / "stories"))[0]
    text = story.read_text(encoding="utf-8")
    story.write_text(text + "\n\n[kaputt]({filename}../sites/gibt-es-nicht.de.md)\n", encoding="utf-8")
    assert render(str(story)) is None  # a problem: the full build reports it
    story.write_text(text, encoding="utf-8")

    code, printed = project.build()
    assert code == 0, printed
    for relpath, page in edited.items():
        assert (quick / page).read_bytes() == (project.output / page).read_bytes(), page


def test_a_quick_page_is_put_back_when_the_build_after_it_fails(tmp_path):
    from ruhr.editor.preview import restore
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"quick")
    (tmp_path / "new.html").write_bytes(b"quick")
    restore(str(tmp_path), [("a/index.html", b"last good"), ("new.html", None)], sys.stderr)
    assert (tmp_path / "a" / "index.html").read_bytes() == b"last good" and not (tmp_path / "new.html").exists()
