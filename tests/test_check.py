"""`invoke check`: every kind of problem printed as `path:line: field: what is wrong — how to fix it`."""

import datetime
import re
import shutil
import subprocess
import sys

from editor_helpers import ROOT, SETTINGS, overrides, run_in
from ruhr.editor import check

SITE = "content/sites/dortmund-kanalbogen.de.md"
SITE_EN = "content/sites/dortmund-kanalbogen.en.md"
SECTOR_EN = "content/sectors/logistik.en.md"
STORY = "content/stories/corvalis-labordiagnostik-essen.de.md"
LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<field>.+?): (?P<what>.+) — (?P<fix>.+)$")


def replace_line(project, relpath, startswith, new):
    """Replace the line starting with `startswith`; returns its number."""
    number = project.line_of(relpath, startswith)
    path = project.base / relpath
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number


def plant(project):
    """Plant one problem of every kind; returns [(path, line, field, fragment of the message)]."""
    r = lambda *a: replace_line(project, *a)  # noqa: E731
    planted = [
        (SITE, r(SITE, "area:", "area: zwölftausend"), "area", "is not a number"),
        (SITE, r(SITE, "largest_plot:", "largest_plot: 30.000"), "largest_plot", "is not a whole number"),
        (SITE, r(SITE, "price_per_m2:", "price_per_m2: -5"), "price_per_m2", "out of range"),
        (SITE, r(SITE, "zoning:", "zoning: GX"), "zoning", "'GX' is not allowed"),
        (SITE, r(SITE, "divisible:", "divisible: ja"), "divisible", "expected true or false"),
        (SITE, r(SITE, "available_from:", "available_from: 1.4.2027"), "available_from", "is not a date"),
        (SITE, r(SITE, "municipality:", "municipality: dortmnud"), "municipality", "did you mean 'dortmund'?"),
        (SITE, r(SITE, "sectors:", "sectors: [logistick]"), "sectors", "unknown sector 'logistick'"),
        (SITE, r(SITE, "contact:", "contact: nobody"), "contact", "unknown contact 'nobody'"),
        (SITE, r(SITE, "lat:", "lat: 48.137"), "lat", "outside the Ruhr area"),
        (SITE, r(SITE, "owner:", "ownr: public"), "ownr", "unknown field"),
        (SITE, r(SITE, "source:", "source:"), "source", "missing required field"),
        (SITE, r(SITE, "  - file: gleisanschluss.jpg", "  - file: nirgends.jpg"), "photos[0].file", "not found"),
        (SITE_EN, r(SITE_EN, "title:", "title: Canal bend\narea: 5") + 1, "area", "facts are kept once"),
        (SECTOR_EN, r(SECTOR_EN, "  - label: Take-up", "") and project.line_of(SECTOR_EN, "key_figures:"),
         "key_figures", "2 entries, but content/sectors/logistik.de.md has 3"),
        (STORY, r(STORY, "site:", "site: no-such-site"), "site", "unknown site 'no-such-site'"),
        (STORY, r(STORY, "id:", "id: other-id"), "id", "does not match the file name"),
        ("content/stories/kranich-kontraktlogistik-duisburg.de.md",
         r("content/stories/kranich-kontraktlogistik-duisburg.de.md", "summary:", "summary: Ein Satz: kaputt"),
         "front matter", "not valid YAML"),
        ("data/contacts.yaml", r("data/contacts.yaml", "    email: anna.schmidt@", "    email: anna(at)example.org"),
         "contacts[0].email", "is not an e-mail address"),
    ]
    (project.base / "content/sectors/digitalwirtschaft.en.md").unlink()
    planted.append(("content/sectors/digitalwirtschaft.de.md", 1, "translation", "no English version"))
    (project.base / "content/sectors/Notizen.txt").write_text("x", encoding="utf-8")
    planted.append(("content/sectors/Notizen.txt", 1, "file name", "expected <id>.<language>.md"))
    return planted


def test_every_kind_of_problem_with_line_and_fix(project):
    planted = plant(project)
    code, printed = run_in(project, check.run, SETTINGS, overrides(project))
    assert code == 2
    reported = {}
    for line in printed.splitlines():
        if line.startswith(("content/", "data/", "theme/")):
            match = LINE.match(line)
            assert match, f"not `path:line: field: what — fix`: {line}"
            reported[(match["path"], int(match["line"]), match["field"])] = line
    for path, line, field, fragment in planted:
        assert (path, line, field) in reported, f"{path}:{line}: {field} not in:\n{printed}"
        assert fragment in reported[(path, line, field)], (fragment, reported[(path, line, field)])
    errors = printed.split("warning(s) (the build goes on):")[0]
    assert f"{errors.count(chr(10))} problem(s)" in printed
    assert not (project.base / "output").exists() and not project.output.exists()


def test_untranslated_ui_string(project, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block main %}", '{% block main %}<p>{{ _("A brand new string") }}</p>'), encoding="utf-8")
    code, printed = run_in(project, check.run, SETTINGS, overrides(project, THEME=str(theme)))
    assert code == 2
    assert re.search(r'404\.html:\d+: "A brand new string": UI string has no translation .* — translate it',
                     printed), printed


def test_stale_facts_are_warnings_not_errors(project):
    line = replace_line(project, SITE, "last_verified:", "last_verified: 2025-01-31")
    today = datetime.date(2026, 3, 1)  # 394 days later
    code, printed = run_in(project, check.run, SETTINGS, overrides(project), today=today)
    assert code == 0, printed
    assert re.search(rf"^{SITE}:{line}: last_verified: facts last verified on 2025-01-31, 394 days ago "
                     r"\(more than 365\) — check them with Wirtschaftsförderung Dortmund", printed, re.M), printed
    code, printed = run_in(project, check.run, SETTINGS, overrides(project, RUHR_STALE_AFTER_DAYS=400),
                           today=today)
    assert code == 0 and SITE not in printed
    code, printed = project.build()  # the build does not even mention them
    assert code == 0 and "last_verified" not in printed, printed


def test_clean_content_passes(project):
    code, printed = run_in(project, check.run, SETTINGS, overrides(project), today=datetime.date(2026, 1, 1))
    assert code == 0 and "No problems" in printed, printed


def test_invoke_check_exit_code(tmp_path):
    """The command line: `invoke check` in a copy of the project."""
    for name in ("content", "data", "theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("pelicanconf.py", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    invoke = [sys.executable, "-m", "invoke"]
    result = subprocess.run(invoke + ["check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    path = tmp_path / SITE
    path.write_text(path.read_text(encoding="utf-8").replace("zoning: GI", "zoning: GX"), encoding="utf-8")
    result = subprocess.run(invoke + ["check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2
    assert re.search(rf"^{SITE}:\d+: zoning: 'GX' is not allowed .* — ", result.stderr, re.M), result.stderr
    assert not (tmp_path / "output").exists()
