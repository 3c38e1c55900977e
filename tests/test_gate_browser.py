"""Browser gate on the real build: every page type in both languages, in headless Chromium.

Per page: no axe-core WCAG 2.1 A/AA violations, no console errors, no requests to another host, a skip
link that moves focus into <main>, a language switch that leads to the translated page, and a layout shift
of at most 0.05 at phone and desktop width during load and the first interaction, no sideways scrolling
at 320 px (WCAG 1.4.10 Reflow).
"""

import pytest

from planted import copy_site, plant
from gate_tools import AXE_SCRIPT, NODE_MODULES
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
    """A copy of the build with an image without alt text on the German site page, a script from another
    host on the English one, an inline script and style and a missing image on the German story, a script that
    inserts a banner above the content on the German contact page and a line that cannot wrap on the English
    one."""
    site = copy_site(built_site, tmp_path_factory.mktemp("planted") / "output")
    pages = browsercheck.page_types(site)
    (site / "theme" / "js" / "planted-banner.js").write_text(
        'var b = document.createElement("p"); b.className = "planted-banner"; b.style.height = "300px";'
        ' b.textContent = "Banner"; document.querySelector("main .wrap").prepend(b);', encoding="utf-8")
    plant(site, pages["contact", "de"], '<script src="/theme/js/planted-banner.js" defer></script>')
    # A style sheet, not a style attribute: the Content-Security-Policy blocks inline styles.
    (site / "theme" / "planted-wide.css").write_text(".planted-wide { white-space: nowrap; }", encoding="utf-8")
    plant(site, pages["contact", "en"], '<link rel="stylesheet" href="/theme/planted-wide.css">'
          '<p class="planted-wide">Grundstücksentwicklungsgesellschaftsvertragsverhandlungsprotokoll</p>')
    plant(site, pages["site", "de"], '<img src="/theme/planted.png" width="10" height="10">')
    plant(site, pages["site", "en"], '<script src="https://cdn.example.com/x.js"></script>', before="</body>")
    plant(site, pages["story", "de"], '<p style="color: red">inline style</p><script>document.title += "!";</script>'
                                      '<img src="/theme/missing.png" alt="missing" width="1" height="1">')
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


def test_inline_script_and_style_are_csp_violations_and_a_missing_file_is_a_404(browser, planted_site):
    base_url, pages = planted_site
    path = pages["story", "de"]
    problems = [p.message for p in browsercheck.audit(browser, base_url, path, AXE_SCRIPT)]
    assert any(m.startswith("CSP violation: script-src") and "blocked inline" in m for m in problems), problems
    assert any(m.startswith("CSP violation: style-src") and "blocked inline" in m for m in problems), problems
    assert "HTTP 404: /theme/missing.png" in problems, problems


def test_every_page_carries_the_content_security_policy(built_site):
    from ruhr.site import security
    from ruhr.editor.cli import load_settings
    settings = load_settings(str(NODE_MODULES.parent / "pelicanconf.py"))
    strict = security.content_security_policy(settings)
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<head>" not in html:
            continue
        policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
        policy = policy.replace("&#39;", "'")
        assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy, page
        tiles = security.tile_origin(settings) in policy
        assert tiles == ("data-map-load" in html), (page, "the tile host only where a map is")
        assert policy.replace(" " + security.tile_origin(settings), "") == strict, page


def test_content_moved_by_a_script_fails_the_layout_shift_gate_naming_page_width_and_element(browser, planted_site):
    base_url, pages = planted_site
    path = pages["contact", "de"]
    problems = [p for p in browsercheck.audit(browser, base_url, path, AXE_SCRIPT) if p.message.startswith("layout shift")]
    assert {p.page for p in problems} == {path}, report(problems)
    assert [p.message.split(" width ")[0].split(" at ")[-1] for p in problems] == ["desktop", "phone"], report(problems)
    assert all("moved: main#main" in p.message for p in problems), report(problems)  # the block that moved


def test_a_line_wider_than_320_px_fails_the_reflow_gate_naming_the_element(browser, planted_site):
    base_url, pages = planted_site
    path = pages["contact", "en"]
    problems = [p for p in browsercheck.audit(browser, base_url, path, AXE_SCRIPT) if p.message.startswith("reflow")]
    assert len(problems) == 1 and "p.planted-wide (Grundstücks" in problems[0].message, report(problems)


@pytest.mark.parametrize("path", ["/erfolgsgeschichten/pulsara-medizintechnik-bochum/",
                                  "/en/stories/pulsara-medical-technology-bochum/"])
def test_the_story_with_the_longest_headline_word_does_not_scroll_sideways_at_320_px(browser, served_site, path):
    page = browser.new_page()
    try:
        page.goto(served_site + path)
        assert browsercheck.reflow(page, path) == []
    finally:
        page.close()
