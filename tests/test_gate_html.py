"""HTML gate on the real build: the W3C Nu HTML checker finds no errors in any page."""

import pytest

from planted import copy_site, plant
from gate_tools import VNU_JAR
from ruhr.gates import htmlcheck
from ruhr.gates.browsercheck import page_types
from ruhr.gates.problems import report


def test_every_page_is_valid_html(built_site):
    problems = htmlcheck.check(built_site, VNU_JAR)
    assert not problems, "invalid HTML:\n" + report(problems)


@pytest.mark.parametrize("markup, error", [
    ("<p><div>Block in a paragraph</p>", "No “p” element in scope but a “p” end tag seen."),
    ('<img src="/theme/x.png">', "An “img” element must have an “alt” attribute"),
])
def test_invalid_html_fails_the_gate_naming_the_page(built_site, tmp_path, markup, error):
    site = copy_site(built_site, tmp_path / "output")
    path = page_types(site)["sector", "en"]
    plant(site, path, markup)
    problems = htmlcheck.check(site, VNU_JAR)
    assert problems and all(p.page == path for p in problems), report(problems)
    assert any(error in p.message for p in problems), report(problems)
