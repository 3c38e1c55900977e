"""Project tasks (invoke). `make build` and `make test` call these after setting up .venv."""

import os
import sys

from invoke import task

ROOT = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable


@task(help={"settings": "settings file", "output": "output folder", "debug": "show tracebacks",
            "no_wait": "stop at once if another build of the output folder is running"})
def build(c, settings="pelicanconf.py", output="", debug=False, no_wait=False):
    """Check the content and build the site into output/ (nothing is written if anything is wrong)."""
    import logging

    from ruhr.site import build as ruhr_build
    logging.basicConfig(level=logging.INFO if debug else logging.WARNING, format="%(message)s")
    _exit(ruhr_build.run(settings, output or None, debug=debug, wait=not no_wait))


@task
def test(c):
    """Lint (ruff, configured in pyproject.toml), then the whole test suite (builds the real site into temporary
    folders)."""
    c.run(f"{PY} -m ruff check .", pty=False)
    c.run(f"{PY} -m pytest -q", pty=False)


@task(help={"settings": "settings file"})
def messages(c, settings="pelicanconf.py"):
    """Extract UI strings into theme/translations/messages.pot and update each language's catalog."""
    from ruhr import settings as ruhr_settings
    from ruhr.editor.catalogs import update_catalogs
    from ruhr.editor.cli import load_settings

    settings = load_settings(settings)
    source = ruhr_settings.get(settings, "RUHR_MSGID_LANG")
    languages = [lang for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES") if lang != source]
    for line in update_catalogs(settings["THEME"], languages):
        print(line)


@task
def fields(c):
    """Write docs/fields.md, the editor reference of every field, from plugins/ruhr/core/schema.py."""
    from ruhr.editor.fieldsdoc import render
    with open(os.path.join(ROOT, "docs", "fields.md"), "w", encoding="utf-8") as fh:
        fh.write(render())
    print("wrote docs/fields.md")


# Publishing (docs/publishing.md) --------------------------------------------------------------------------


@task(help={"dry_run": "build and print what would be uploaded and deleted, without changing the bucket"})
def publish(c, dry_run=False):
    """Build with publishconf.py (checked, minified, fingerprinted), then sync output/ to the S3 bucket."""
    from ruhr.publish import sync as sync
    from ruhr.site.lock import OutputLock

    settings = sync.read_settings(os.path.join(ROOT, "publishconf.py"))
    with OutputLock(settings["OUTPUT_PATH"], what="publish"):  # no other build swaps output/ until uploaded
        _publish(c, settings, dry_run)


def _publish(c, settings, dry_run):
    from invoke.exceptions import Exit
    from ruhr.publish import sync as sync
    from ruhr.gates import linkcheck

    build(c, settings="publishconf.py")
    sync.log_to_console()
    problems = linkcheck.check(settings["OUTPUT_PATH"], settings["SITEURL"])
    if problems:
        for problem in problems:
            print(problem)
        raise Exit(f"publish: {len(problems)} broken link(s) in the publish build; nothing uploaded", code=1)
    try:
        sync.publish_from_environment(settings["OUTPUT_PATH"], settings, dry_run=dry_run)
    except sync.PublishError as e:
        raise Exit(f"publish: error: {e}", code=1)


@task(help={"sites": "synthetic sites (default 1000; also try 100 and 5000)",
            "photos": "distinct photos the sites share (default 0)",
            "repeat": "runs of each build; prints the best and the median (default 1)",
            "keep": "generate into this folder and keep it"})
def bench(c, sites=1000, photos=0, repeat=1, keep=""):
    """Build benchmark on a synthetic corpus: build times, pages/s, memory, page weights (docs/benchmarks.md)."""
    args = f"--sites {sites} --photos {photos} --repeat {repeat}" + (f" --keep {keep}" if keep else "")
    c.run(f"sh {os.path.join(ROOT, 'scripts', 'system-deps.sh')} hugo:hugo", pty=False)  # Hugo's yardstick row
    c.run(f"{PY} {os.path.join(ROOT, 'benchmarks', 'bench.py')} {args}", pty=False)

@task(help={"show": "print the diff of each surviving mutant"})
def mutate(c, show=False):
    """Mutation testing of the core modules with the fast unit tests (mutmut): the score and the surviving
    mutants (docs/quality-gates.md). Takes minutes; not part of `make test`."""
    c.run(f"{PY} {os.path.join(ROOT, 'scripts', 'mutate.py')}" + (" --show" if show else ""), pty=False)

# Editor workflow (issue 8): thin wrappers around plugins/ruhr/{check,scaffold,translations,importer,preview}.py


def _exit(code):
    if code:
        sys.exit(code)


@task(help={"settings": "settings file"})
def check(c, settings="pelicanconf.py"):
    """Check content, data files and translations without building: every problem with its line and fix."""
    from ruhr.editor import check as ruhr_check
    _exit(ruhr_check.run(settings))


@task(help={"kind": "site, sector, story or page", "title": "German title (the id is made from it)"})
def new(c, kind, title, settings="pelicanconf.py"):
    """Create the German and English files of a new item, with every field and what it expects."""
    from ruhr.editor import scaffold
    _exit(scaffold.run(kind, title, settings))


@task(help={"mark": "ids (comma-separated) whose translations now match the German text, or 'all'"})
def translations(c, mark="", settings="pelicanconf.py"):
    """Translation status: missing, not yet translated and stale translations, untranslated UI strings."""
    from ruhr.editor import translations as ruhr_translations
    _exit(ruhr_translations.run(settings, mark_ids=mark))


@task(help={"file": "a .csv (semicolon-separated) or .geojson file", "dry_run": "show what would change",
            "columns": "mapping file: the export's headers and values to our fields and values",
            "set": "field=value for new sites where the export has none (repeatable)"}, iterable=["set"])
def import_sites(c, file, dry_run=False, settings="pelicanconf.py", columns="", set=None):
    """Create and update sites from a spreadsheet (CSV) or GeoJSON; a bad row stops it, nothing written."""
    from ruhr.editor import importer
    _exit(importer.run(file, settings, dry_run=dry_run, columns=columns or None, sets=set or ()))


@task(help={"port": "port on 127.0.0.1", "settings": "settings file"})
def serve(c, port=8000, settings="pelicanconf.py"):
    """Preview: build, serve output/ on 127.0.0.1, rebuild on every save and reload the open pages."""
    from ruhr.editor import preview
    _exit(preview.serve(settings, int(port)))


# Reports on the look and speed (docs/quality-gates.md, docs/design.md) ----------------------------------

LIGHTHOUSE_PAGES = ["home", "sites index", "site", "sector"]


@task(help={"desktop": "Lighthouse's desktop preset instead of a phone", "pages": "page types, comma-separated"})
def lighthouse(c, desktop=False, pages=",".join(LIGHTHOUSE_PAGES)):
    """Lighthouse scores (phone) of a publish build served with compression: a report, not a test."""
    import tempfile

    from ruhr.gates import browsercheck, lighthouse as lh
    from ruhr.publish import sync
    tool = os.path.join(ROOT, "benchmarks", "lighthouse")  # pinned in its package.json and lock file
    cli = os.path.join(tool, "node_modules", "lighthouse", "cli", "index.js")
    if not os.path.exists(cli):
        c.run(f"npm ci --no-audit --no-fund --ignore-scripts --prefix {tool}", pty=False)
    with tempfile.TemporaryDirectory() as tmp:
        build(c, settings="publishconf.py", output=tmp)
        found = browsercheck.page_types(tmp)
        reports = []
        with lh.serve(tmp, sync.read_settings(os.path.join(ROOT, "publishconf.py"))) as base_url:
            for kind in pages.split(","):
                for lang in browsercheck.LANGUAGES:
                    path = found[kind, lang]
                    print(f"lighthouse {'desktop' if desktop else 'phone'}: {path}", flush=True)
                    reports.append((path, lh.audit(cli, base_url + path, desktop=desktop)))
    print(lh.table(reports))


@task(help={"folder": "where the PNGs go (default docs/screenshots)"})
def screenshots(c, folder=os.path.join(ROOT, "docs", "screenshots")):
    """A PNG of every page type at phone and desktop width in both languages (headless Debian Chromium)."""
    import tempfile

    from ruhr.gates import screenshots as shots
    with tempfile.TemporaryDirectory() as tmp:
        build(c, output=tmp)
        files = shots.shoot(tmp, folder)
    print(f"wrote {len(files)} screenshots into {folder}")
