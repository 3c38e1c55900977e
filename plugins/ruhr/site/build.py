"""Build the site safely: into a fresh staging folder, swapped in only when everything succeeded.

Any content problem (exit 2), any warning from Pelican or a plugin, any exception (exit 1): the build stops,
prints what is wrong (no traceback unless --debug), and the existing output folder stays as it was.

    python -m ruhr.site.build [-s pelicanconf.py] [-o output] [--debug]
"""

import argparse
import glob
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time

from ruhr.core.validate import ContentError
from ruhr.util.cli import PROBLEMS

logger = logging.getLogger(__name__)


class _Recorder(logging.Handler):
    """Remembers every warning and error logged during the build: they are fatal."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(f"{record.levelname.lower()}: {record.name}: {record.getMessage()}")


def _swap_in(staging, target):
    """Replace `target` by `staging` with two renames. The old folder, and any an interrupted build left,
    are removed by a background process: deleting thousands of files takes seconds on some file systems."""
    if os.path.exists(target):
        old = tempfile.mkdtemp(prefix=os.path.basename(target) + ".old-", dir=os.path.dirname(target))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(staging, target)
    leftovers = glob.glob(os.path.join(os.path.dirname(target), glob.escape(os.path.basename(target)) + ".old-*"))
    if leftovers:
        subprocess.Popen(["rm", "-rf", "--", *leftovers], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)


def run(settings_file="pelicanconf.py", output=None, overrides=None, debug=False, stream=sys.stderr):
    """Build; returns the process exit code: 0, 2 for problems in the content, 1 for any other failure."""
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    started = time.perf_counter()
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    staging, swapped = None, False
    try:
        settings = read_settings(settings_file, override=overrides or {})
        target = os.path.abspath(output or settings["OUTPUT_PATH"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        staging = tempfile.mkdtemp(prefix=os.path.basename(target) + ".staging-", dir=os.path.dirname(target))
        settings["OUTPUT_PATH"] = staging
        console.quiet = True
        Pelican(settings).run()
        if settings.get("RUHR_POSTPROCESS") and not recorder.messages:
            from ruhr.site.postprocess import postprocess  # minify and fingerprint, still in the staging folder
            postprocess(staging, settings)
        if recorder.messages:
            for message in recorder.messages:
                print(message, file=stream)
            print(f"Build stopped: {len(recorder.messages)} warning(s) are treated as errors; nothing was "
                  "written to the output folder.", file=stream)
            return 1
        _swap_in(staging, target)
        swapped = True
    except ContentError as err:
        from ruhr.util.cli import print_problems
        print_problems(err.problems, stream)  # as `invoke check` prints them
        print(f"Build stopped: {len(err.problems)} problem(s); nothing was written to the output folder.",
              file=stream)
        return PROBLEMS
    except Exception as err:  # anything unexpected: one clear line, the traceback only with --debug
        if debug:
            raise
        print(f"Build failed: {type(err).__name__}: {err} (run with --debug for details); "
              "nothing was written to the output folder.", file=stream)
        return 1
    finally:
        root.removeHandler(recorder)
        if staging and not swapped:
            shutil.rmtree(staging, ignore_errors=True)
    pages = sum(name.endswith(".html") for _, _, names in os.walk(target) for name in names)
    print(f"Built {pages} pages into {os.path.relpath(target)} in {time.perf_counter() - started:.1f} s.",
          file=stream)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ruhr.site.build", description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default=None)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.debug else logging.WARNING, format="%(message)s")
    return run(args.settings, args.output, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
