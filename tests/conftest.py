"""Shared fixtures: build the real site into temporary folders and read what came out."""

import io
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The day every test build counts as "today" (programme status, past events), so that pages don't change
# with the calendar.
BUILD_DATE = "2026-11-26"

from ruhr.site import build as ruhr_build  # noqa: E402


def files(folder):
    """{relative path: bytes} of every file below `folder`: outputs are compared by content, not by name."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Project:
    """A copy of the project's content and data in a temporary folder, built with the real theme and code."""

    def __init__(self, base):
        self.base = Path(base)
        self.content = self.base / "content"
        self.data = self.base / "data"
        self.output = self.base / "output"
        shutil.copytree(ROOT / "content", self.content)
        shutil.copytree(ROOT / "data", self.data)

    def build(self, settings_file="pelicanconf.py", **overrides):
        """(exit code, what the build printed), built with the repository's `settings_file`."""
        stream = io.StringIO()
        settings = {"PATH": str(self.content), "RUHR_DATA_PATH": str(self.data),
                    "CACHE_PATH": str(self.base / "cache"), "RUHR_BUILD_DATE": BUILD_DATE, **overrides}
        cwd = os.getcwd()
        os.chdir(self.base)
        try:
            code = ruhr_build.run(str(ROOT / settings_file), str(self.output), overrides=settings,
                                  stream=stream)
        finally:
            os.chdir(cwd)
        return code, stream.getvalue()

    def edit(self, relpath, old, new):
        path = self.base / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relpath}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, relpath, startswith):
        for number, line in enumerate((self.base / relpath).read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(startswith):
                return number
        raise AssertionError(f"no line starting with {startswith!r} in {relpath}")


@pytest.fixture
def project(tmp_path):
    return Project(tmp_path)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """The real site, built once per test session."""
    project = Project(tmp_path_factory.mktemp("site"))
    code, printed = project.build()
    assert code == 0, printed
    return project


@pytest.fixture(scope="session")
def built_site(built_project):
    """The output folder of the real site, built once per test session."""
    return built_project.output


@pytest.fixture
def project_with_output(project, built_project):
    """A fresh copy of the content with a previous good build in its output/ (and its image cache)."""
    shutil.copytree(built_project.output, project.output)
    shutil.copytree(built_project.base / "cache", project.base / "cache", dirs_exist_ok=True)
    return project


@pytest.fixture(scope="session")
def read_page(built_site):
    def read(url):
        path = built_site / url.lstrip("/")
        if url.endswith("/"):
            path = path / "index.html"
        return path.read_text(encoding="utf-8")
    return read


def new_context(browser, width=1200, height=900):
    """A browser context for tests that evaluate their own expressions in the page, which the pages'
    Content-Security-Policy forbids; the browser gate (test_gate_browser.py) uses the pages under the policy."""
    return browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright (one per test module: Playwright's sync API allows
    one instance at a time)."""
    from playwright.sync_api import sync_playwright

    from ruhr.gates import browsercheck
    with sync_playwright() as playwright:
        chromium = browsercheck.launch(playwright)
        yield chromium
        chromium.close()
