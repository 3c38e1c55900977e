"""`invoke check`: every problem in the content, the data files and the message catalogs, without building.

    python -m ruhr.editor.check [-s pelicanconf.py]

Prints `path:line: field: what is wrong — how to fix it` for each problem and exits 2 if there is any: the
build would stop on the same problems. Warnings (stale facts, typed distances far from the computed ones,
translations to update) follow; they don't change the exit code.
"""

import argparse
import os
import sys
import time

from ruhr.editor import cli
from ruhr.core import content, i18n
from ruhr.editor import distances, freshness, translations
from ruhr import settings as ruhr_settings
from ruhr.core.validate import ContentError


def find(settings, today=None):
    """(problems, warnings) for the project described by `settings`."""
    problems = []
    try:
        content.load(settings["PATH"], settings)
    except ContentError as err:
        problems += err.problems
    msgid_lang = ruhr_settings.get(settings, "RUHR_MSGID_LANG")
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        problems += i18n.load_translations(settings["THEME"], lang, msgid_lang)[1]
    files = list(cli.raw_files(settings["PATH"], ruhr_settings.get(settings, "RUHR_LANGUAGES")))
    warnings = freshness.stale_sites(settings, today, files)
    if not problems:  # the data files are readable: compare typed distances with computed ones
        warnings += distances.distance_warnings(settings, files)
    warnings += freshness.missing_videos(files)
    warnings += [p for category, p in translations.report(settings, catalogs=False, files=files)
                 if category in (translations.STALE, translations.UNCHECKED)]
    return sorted(set(problems)), warnings


def run(settings_file="pelicanconf.py", overrides=None, stream=sys.stderr, today=None):
    """Check; returns the exit code (2 if the build would stop on problems in the content)."""
    started = time.perf_counter()
    settings = cli.load_settings(settings_file, overrides)
    problems, warnings = find(settings, today)
    cli.print_problems(problems, stream)
    if warnings:
        print(f"{len(warnings)} warning(s) (the build goes on):", file=stream)
        cli.print_problems(warnings, stream)
    seconds = time.perf_counter() - started
    if problems:
        print(f"{len(problems)} problem(s): the build stops until they are fixed ({seconds:.1f} s).", file=stream)
        return cli.PROBLEMS
    print(f"No problems in {cli.show(settings['PATH'])}{os.sep}, {cli.show(settings['THEME'])}{os.sep} and "
          f"{cli.show(ruhr_settings.get(settings, 'RUHR_DATA_PATH'))}{os.sep} ({seconds:.1f} s).", file=stream)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ruhr.editor.check", description=__doc__.splitlines()[0])
    cli.add_settings_arguments(parser)
    return run(parser.parse_args(argv).settings)


if __name__ == "__main__":
    sys.exit(main())
