"""Link gate on the real build: every internal reference resolves, hreflang alternates agree."""

import runpy
from pathlib import Path

from planted import copy_site, plant
from ruhr.gates import linkcheck
from ruhr.gates.browsercheck import page_types
from ruhr.gates.problems import report


def site_url():
    """Absolute links starting with the build's SITEURL are internal."""
    return runpy.run_path(str(Path(__file__).parents[1] / "pelicanconf.py"))["SITEURL"]


def test_every_internal_link_resolves(built_site):
    problems = linkcheck.check(built_site, site_url())
    assert not problems, "broken links:\n" + report(problems)


def test_a_broken_internal_link_fails_the_gate_naming_the_page(built_site, tmp_path):
    site = copy_site(built_site, tmp_path / "output")
    path = page_types(site)["site", "de"]
    plant(site, path, '<a href="/flaechen/gibt-es-nicht/">kaputt</a>')
    problems = linkcheck.check(site, site_url())
    assert [str(p) for p in problems] == [
        f'{path}: <a href="/flaechen/gibt-es-nicht/"> points to a missing file (flaechen/gibt-es-nicht/index.html)']
