"""One test per validation rule: the build stops with `path:line: field: problem` and output/ is untouched."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import files

ROOT = Path(__file__).resolve().parent.parent


def first(folder, lang="de"):
    return sorted((ROOT / "content" / folder).glob(f"*.{lang}.md"))[0].relative_to(ROOT).as_posix()


SITE = first("sites")
SITE_EN = SITE.replace(".de.md", ".en.md")
STORY = first("stories")


def set_field(project, relpath, field, value):
    """Replace the top-level line `field: …` of a content file; returns its line number."""
    path = project.base / relpath
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(field + ":"):
            lines[i] = f"{field}: {value}" if value is not None else "#"
            path.write_text("\n".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"{field} not in {relpath}")


@pytest.fixture
def stopped(project_with_output):
    """A good output/ from a previous build, and a function that builds again and expects it to stop."""
    project = project_with_output
    (project.output / "marker.txt").write_text("previous build", encoding="utf-8")
    before = files(project.output)

    def build_expecting_failure(expected_code=2, **overrides):
        code, printed = project.build(**overrides)
        assert code == expected_code, printed
        assert "Traceback" not in printed
        assert files(project.output) == before  # every file, by content
        assert not list(project.base.glob("output.staging-*")), "staging folder left behind"
        return printed
    return build_expecting_failure


def expect(printed, relpath, line, field, *fragments):
    pattern = rf"^content/{re.escape(relpath.split('content/', 1)[1])}:{line}: {re.escape(field)}: .*$"
    match = re.search(pattern, printed, re.M)
    assert match, f"expected {relpath}:{line}: {field}: … in:\n{printed}"
    for fragment in fragments:
        assert fragment in match.group(0), (fragment, match.group(0))


def test_misspelt_municipality_names_line_and_suggests(project, stopped):
    line = set_field(project, SITE, "municipality", "dortmnud")
    expect(stopped(), SITE, line, "municipality", "unknown municipality 'dortmnud'", "did you mean 'dortmund'?")


def test_wrong_type(project, stopped):
    line = set_field(project, SITE, "area", "zwölftausend")
    expect(stopped(), SITE, line, "area", "not a number", "expected a whole number in m²")


def test_negative_area_is_out_of_range(project, stopped):
    line = set_field(project, SITE, "area", "-500")
    expect(stopped(), SITE, line, "area", "out of range", "at least 1")


def test_coordinates_outside_the_region(project, stopped):
    line = set_field(project, SITE, "lat", "48.137")
    expect(stopped(), SITE, line, "lat", "outside the Ruhr area")


def test_choice_not_allowed_suggests(project, stopped):
    line = set_field(project, SITE, "zoning", "GX")
    expect(stopped(), SITE, line, "zoning", "'GX' is not allowed", "expected one of: GI, GE, MI, SO")


def test_unknown_sector_and_contact(project, stopped):
    sector_line = set_field(project, SITE, "sectors", "[logistick]")
    contact_line = set_field(project, SITE, "contact", "nobody")
    printed = stopped()
    expect(printed, SITE, sector_line, "sectors", "unknown sector 'logistick'", "did you mean 'logistik'?")
    expect(printed, SITE, contact_line, "contact", "unknown contact 'nobody'")


def test_unknown_site_in_story(project, stopped):
    line = set_field(project, STORY, "site", "no-such-site")
    expect(stopped(), STORY, line, "site", "unknown site 'no-such-site'")


def test_missing_required_field(project, stopped):
    set_field(project, SITE, "status", None)
    expect(stopped(), SITE, r"\d+", "status", "missing required field", "expected one of: available")


def test_unknown_field_suggests(project, stopped):
    line = set_field(project, SITE, "area", "12000\nzonig: GI")
    expect(stopped(), SITE, line + 1, "zonig", "unknown field", "did you mean 'zoning'?")


def test_fact_in_translation_is_rejected(project, stopped):
    line = set_field(project, SITE_EN, "title", "Translated\narea: 5")
    expect(stopped(), SITE_EN, line + 1, "area", "facts are kept once, in the German file")


def test_missing_translation(project, stopped):
    (project.base / SITE_EN).unlink()
    expect(stopped(), SITE, 1, "translation", "no English version", SITE_EN.split("/")[-1])


def test_duplicate_id(project, stopped):
    text = (project.base / SITE).read_text(encoding="utf-8")
    copy = Path(SITE).with_name("zz-copy.de.md").as_posix()
    (project.base / copy).write_text(text, encoding="utf-8")
    printed = stopped()
    assert re.search(r"duplicate id|does not match the file name", printed), printed


def test_invalid_yaml(project, stopped):
    line = set_field(project, SITE, "summary", "Eine Fläche: mit Doppelpunkt: kaputt")
    expect(stopped(), SITE, line, "front matter", "not valid YAML")


def test_every_problem_is_reported_at_once(project, stopped):
    set_field(project, SITE, "zoning", "GX")
    set_field(project, SITE, "municipality", "dortmnud")
    set_field(project, STORY, "jobs", "viele")
    printed = stopped()
    assert printed.count(": zoning:") == 1 and printed.count(": municipality:") == 1
    assert ": jobs:" in printed and "3 problem(s)" in printed


def test_untranslated_theme_string_fails(project, stopped, tmp_path):
    theme = tmp_path / "theme"
    import shutil
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "404.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "{% block main %}", '{% block main %}<p>{{ _("A brand new string") }}</p>'), encoding="utf-8")
    printed = stopped(THEME=str(theme))
    assert re.search(r'404\.html:\d+: "A brand new string": UI string has no translation', printed), printed


def test_pelican_warnings_are_fatal(project, stopped):
    printed = stopped(1, PLUGINS=["ruhr", "no_such_plugin"])
    assert "no_such_plugin" in printed and "treated as errors" in printed


def test_build_command_exits_non_zero_with_path_line_and_suggestion(tmp_path):
    """The command line (what `make build` runs) with a misspelt municipality."""
    for name in ("content", "data", "theme"):
        import shutil
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "pelicanconf.py").write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8")
                                             + f"\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n", encoding="utf-8")
    path = tmp_path / SITE
    path.write_text(re.sub(r"^municipality: .*$", "municipality: bohcum", path.read_text(encoding="utf-8"),
                           flags=re.M), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "ruhr.site.build"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2
    assert re.search(rf"^{re.escape(SITE)}:\d+: municipality: unknown municipality 'bohcum' "
                     r"\(did you mean 'bochum'\?\)", result.stderr, re.M), result.stderr
    assert not (tmp_path / "output").exists()


def test_broken_filename_link(project, stopped):
    story = "content/stories/quellbit-software-dortmund.de.md"
    project.edit(story, "digitalwirtschaft.de.md)", "digitalwirtschft.de.md)")
    line = project.line_of(story, "Das neue Gebäude")
    expect(stopped(), story, line, "link", "is not a content file",
           "did you mean '{filename}/sectors/digitalwirtschaft.de.md'?")
