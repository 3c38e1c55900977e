"""Build the site safely: into a staging folder, swapped in only when everything succeeded.

The staging folder is the previous output, updated in place (ruhr.site.staging): only files whose bytes
changed are written, files no longer made are removed.

Any content problem (exit 2), any warning from Pelican or a plugin, any exception (exit 1): the build stops,
prints what is wrong (no traceback unless --debug), and the existing output folder stays as it was.

    python -m ruhr.site.build [-s pelicanconf.py] [-o output] [--debug]
"""

import argparse
import logging
import os
import sys
import time

from ruhr import settings as ruhr_settings
from ruhr.core.validate import ContentError
from ruhr.site import staging as staging_folder
from ruhr.site import uptodate
from ruhr.site.lock import Busy, OutputLock
from ruhr.util.files import environment_error

logger = logging.getLogger(__name__)


class _Recorder(logging.Handler):
    """Remembers every warning and error logged during the build: they are fatal."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(f"{record.levelname.lower()}: {record.name}: {record.getMessage()}")


def run(settings_file="pelicanconf.py", output=None, overrides=None, debug=False, stream=sys.stderr, wait=True):
    """Build; returns the process exit code: 0; 2 for problems in the content; 1 for any other failure; 130
    after Ctrl+C. Builds of one output folder take turns
    (ruhr.site.lock): with `wait=False` a second one stops at once."""
    from pelican.settings import read_settings

    started = time.perf_counter()
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    staging, pages = None, 0
    try:
        settings = read_settings(settings_file, override=overrides or {})
        target = os.path.abspath(output or settings["OUTPUT_PATH"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with OutputLock(target, wait=wait, stream=stream):  # also removes the staging folders of killed builds
            from ruhr.site import search
            # Nothing to do when no input changed and the output is as the last build left it (ruhr.site.uptodate).
            # The preview's builds leave the search index to it (search.DEFERRED): they are never recorded.
            check = ruhr_settings.get(settings, "RUHR_UPTODATE_CHECK") and not search.DEFERRED
            inputs = uptodate.inputs_digest(settings, settings_file) if check else None
            last = uptodate.unchanged(settings, target, inputs)
            if last:
                print(f"Built {last['pages']} pages into {os.path.relpath(target)} in "
                      f"{time.perf_counter() - started:.1f} s (nothing changed since the last build: rendered 0 "
                      f"of {last['total']:,} pages).", file=stream)
                return 0
            staging = staging_folder.open_staging(target)
            try:
                pages = _build_into(staging, settings, recorder)
            except ContentError:  # the staging folder stays the next build's starting point
                staging_folder.close_failed(staging, target, keep=True)
                raise
            except BaseException:
                staging_folder.close_failed(staging, target, keep=False)
                raise
            if recorder.messages:
                staging_folder.close_failed(staging, target, keep=True)
                for message in recorder.messages:
                    print(message, file=stream)
                print(f"Build stopped: {len(recorder.messages)} warning(s) are treated as errors; nothing was "
                      "written to the output folder.", file=stream)
                return 1
            staging_folder.swap_in(staging, target)
            from ruhr.site.incremental import RESULTS
            uptodate.record(settings, target, inputs, getattr(RESULTS.get(staging), "total", pages), settings_file)
    except ContentError as err:
        from ruhr.core.validate import print_problems
        print_problems(err.problems, stream)  # as `invoke check` prints them
        print(f"Build stopped: {len(err.problems)} problem(s); nothing was written to the output folder.",
              file=stream)
        return ContentError.exit_code
    except Busy as err:
        print(f"Build not started: {err}.", file=stream)
        return 1
    except KeyboardInterrupt:
        print("Build interrupted (Ctrl+C); nothing was written to the output folder.", file=stream)
        return 130
    except Exception as err:  # anything unexpected: one clear line, the traceback only with --debug
        if debug:
            raise
        what = environment_error(err) or f"{type(err).__name__}: {err} (run with --debug for details)"
        print(f"Build failed: {what}; nothing was written to the output folder.", file=stream)
        return 1
    finally:
        root.removeHandler(recorder)
        from ruhr.site.incremental import RESULTS
        result = RESULTS.pop(staging, None)
    done = f" (rendered {result.rendered:,} of {result.total:,} pages)" if result else ""
    print(f"Built {pages} pages into {os.path.relpath(target)} in {time.perf_counter() - started:.1f} s{done}.",
          file=stream)
    return 0


def _build_into(staging, settings, recorder):
    """Run Pelican into `staging`, remove what it did not make, post-process; returns the number of pages."""
    from pelican import Pelican
    from pelican.log import console
    settings["OUTPUT_PATH"] = staging
    console.quiet = True
    Pelican(settings).run()
    if not recorder.messages:  # the search index, when Pelican and its model are gone (ruhr.site.search)
        from ruhr.site import search
        search.index_site(staging, settings)
    pages = staging_folder.remove_stale(staging)  # what the previous output had and this build did not make
    if settings.get("RUHR_POSTPROCESS") and not recorder.messages:
        from ruhr.site.postprocess import postprocess  # minify and fingerprint, still in the staging folder
        postprocess(staging, settings)
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ruhr.site.build", description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default=None)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--no-wait", action="store_true", help="stop if another build of the folder is running")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.debug else logging.WARNING, format="%(message)s")
    return run(args.settings, args.output, debug=args.debug, wait=not args.no_wait)


if __name__ == "__main__":
    sys.exit(main())
