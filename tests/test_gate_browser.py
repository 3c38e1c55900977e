"""Browser gate on the real build: every page type in both languages, in headless Chromium.

Per page: no axe-core WCAG 2.1 A/AA violations, no console errors, no requests to another host, a skip
link that moves focus into <main>, a language switch that leads to the translated page.
"""

import pytest

from planted import copy_site, plant
from gate_tools import AXE_SCRIPT
from ruhr.gates import browsercheck
from ruhr.gates.problems import report

PAGES = [(kind, lang) for kind, files in browsercheck.PAGE_TYPES.items() for lang in files]


@pytest.fixture(scope="session")
def served_site(built_site):
    with browsercheck.serve(built_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def pages(built_site):
    return browsercheck.page_types(built_site)


@pytest.mark.parametrize("kind, lang", PAGES, ids=[f"{lang}-{kind.replace(' ', '-')}" for kind, lang in PAGES])
def test_page_passes_the_browser_gate(browser, served_site, pages, kind, lang):
    path = pages[kind, lang]
    assert path, f"the build has no {kind} page in {lang} ({browsercheck.PAGE_TYPES[kind][lang]})"
    problems = browsercheck.audit(browser, served_site, path, AXE_SCRIPT)
    assert not problems, f"{kind} ({lang}):\n" + report(problems)


@pytest.fixture(scope="module")
def planted_site(built_site, tmp_path_factory):
    """A copy of the build with an image without alt text on the German site page and a script from
    another host on the English one."""
    site = copy_site(built_site, tmp_path_factory.mktemp("planted") / "output")
    pages = browsercheck.page_types(site)
    plant(site, pages["site", "de"], '<img src="/theme/planted.png" width="10" height="10">')
    plant(site, pages["site", "en"], '<script src="https://cdn.example.com/x.js"></script>', before="</body>")
    with browsercheck.serve(site) as base_url:
        yield base_url, pages


def test_an_image_without_alt_fails_the_gate_naming_the_page(browser, planted_site):
    base_url, pages = planted_site
    path = pages["site", "de"]
    problems = browsercheck.audit(browser, base_url, path, AXE_SCRIPT)
    assert any(p.page == path and p.message.startswith("axe image-alt") for p in problems), report(problems)


def test_a_script_from_another_host_fails_the_gate_naming_the_page(browser, planted_site):
    base_url, pages = planted_site
    path = pages["site", "en"]
    problems = browsercheck.audit(browser, base_url, path, AXE_SCRIPT)
    assert browsercheck.Problem(path, "request to another host: https://cdn.example.com/x.js") in problems, \
        report(problems)
