"""`invoke translations`: missing, untranslated and stale translations, UI strings; `--mark` records the source."""

import re
import shutil

from editor_helpers import ROOT, SETTINGS, overrides, run_in, settings
from ruhr.editor import check, translations

SITE = "content/sites/dortmund-kanalbogen"
SECTOR = "content/sectors/logistik"


UP_TO_DATE = (0, "All content and UI strings are translated and up to date.\n")


def status(project, **more):
    return run_in(project, translations.run, SETTINGS, overrides(project, **more))


def test_demo_content_is_up_to_date(project):
    assert status(project) == UP_TO_DATE


def test_planted_missing_and_stale_translations(project, tmp_path):
    (project.base / "content/sectors/digitalwirtschaft.en.md").unlink()
    project.edit(f"{SITE}.de.md", "title: Gewerbepark Am Kanalbogen", "title: Gewerbepark Kanalbogen")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block main %}", '{% block main %}<p>{{ _("A brand new string") }}</p>'), encoding="utf-8")
    code, printed = status(project, THEME=str(theme))
    assert code == 1
    assert re.search(r"^content/sectors/digitalwirtschaft\.de\.md:1: translation: no English version of sector "
                     r"'digitalwirtschaft' — create content/sectors/digitalwirtschaft\.en\.md", printed, re.M)
    line = project.line_of(f"{SITE}.en.md", "source_hash:")
    assert re.search(rf"^{SITE}\.en\.md:{line}: source_hash: older than its source: the German text in "
                     rf"{SITE}\.de\.md changed .* — update the translation, then run "
                     r"`invoke translations --mark dortmund-kanalbogen`", printed, re.M), printed
    assert re.search(r'404\.html:\d+: "A brand new string": UI string has no translation', printed), printed
    assert printed.count("\n") == 3 + 3 + 1, printed  # three headings, three tasks, the summary

    # The stale translation is also a warning of `invoke check` (which does not fail on it).
    problems, warnings = check.find(settings(project))
    assert any(w.path.endswith("dortmund-kanalbogen.en.md") and "older than its source" in w.message
               for w in warnings)

    # Updated and marked: no longer reported; the file keeps everything else.
    before = (project.base / f"{SITE}.en.md").read_text(encoding="utf-8")
    code, printed = run_in(project, translations.run, SETTINGS, overrides(project), mark_ids="dortmund-kanalbogen")
    assert code == 0 and "marked content/sites/dortmund-kanalbogen.en.md" in printed, printed
    after = (project.base / f"{SITE}.en.md").read_text(encoding="utf-8")
    assert [l for l in before.splitlines() if not l.startswith("source_hash:")] == \
        [l for l in after.splitlines() if not l.startswith("source_hash:")]
    assert status(project) == (1, (  # only the sector without an English file is left
        "missing (1):\ncontent/sectors/digitalwirtschaft.de.md:1: translation: no English version of sector "
        "'digitalwirtschaft' — create content/sectors/digitalwirtschaft.en.md with id, the translated title, "
        "summary and text, then run `invoke translations --mark digitalwirtschaft`\n1 translation task(s).\n"))


def test_facts_do_not_make_a_translation_stale(project):
    project.edit(f"{SITE}.de.md", "area: 62000", "area: 61000")
    project.edit(f"{SECTOR}.de.md", "value:", "value: 1 +")  # a key figure's value, not its label
    assert status(project) == UP_TO_DATE


def test_changed_label_and_body_are_stale(project):
    text = (project.base / f"{SECTOR}.de.md").read_text(encoding="utf-8")
    label = re.search(r"^  - label: (.+)$", text, re.M).group(1)
    project.edit(f"{SECTOR}.de.md", label, label + " (neu)")
    with open(project.base / f"{SITE}.de.md", "a", encoding="utf-8") as fh:
        fh.write("\nEin neuer Absatz.\n")
    printed = status(project)[1]
    assert f"{SECTOR}.en.md" in printed and f"{SITE}.en.md" in printed


def test_unchecked_and_untranslated(project):
    path = project.base / f"{SITE}.en.md"
    path.write_text(re.sub(r"^source_hash: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), "utf-8")
    project.edit(f"{SECTOR}.en.md", "title: Logistics", "title:")
    printed = status(project)[1]
    assert re.search(rf"^{SITE}\.en\.md:1: source_hash: translation not checked against the German text yet",
                     printed, re.M), printed
    assert re.search(rf"^{SECTOR}\.en\.md:\d+: title: not translated yet", printed, re.M), printed
    code, printed = run_in(project, translations.run, SETTINGS, overrides(project), mark_ids="logistik,nonsense")
    assert code == 1 and "Nothing written: no content item with the id nonsense" in printed
    code, printed = run_in(project, translations.run, SETTINGS, overrides(project), mark_ids="logistik")
    assert code == 1 and "title not translated yet" in printed
    assert not re.search(r"^source_hash:", path.read_text(encoding="utf-8"), re.M)
