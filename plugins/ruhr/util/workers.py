"""Work split over forked processes, for what a build makes by the thousand: pages, social cards and locator
images. The workers inherit the parent's objects (fork); what a function returns comes back pickled."""

import multiprocessing
import os

from ruhr import settings as ruhr_settings
from ruhr.util import memory

CHUNK = 50  # items a worker takes at a time
_WORK = None


def allowed(settings):
    """The worker processes a build may use: RUHR_WRITE_PROCESSES, by default one per core."""
    return ruhr_settings.get(settings, "RUHR_WRITE_PROCESSES") or os.cpu_count() or 1


def count(processes, items, minimum):
    """How many workers `run` starts for `items`: up to `processes`, each with at least `minimum` items (fewer
    are not worth starting a process); 1: the work is done here."""
    return min(processes, len(items) // minimum or 1)


def run(function, items, processes, minimum=100, done=None):
    """Yield `function(item)` for every item of the list `items`, in no fixed order: in forked workers (`count`)
    or here. `done(n)` after every n items."""
    if count(processes, items, minimum) <= 1:
        for item in items:
            yield function(item)
            if done:
                done(1)
        return
    global _WORK
    _WORK = (function, items)
    try:
        with memory.frozen(), multiprocessing.get_context("fork").Pool(count(processes, items, minimum)) as pool:
            for results in pool.imap_unordered(_chunk, range(0, len(items), CHUNK)):
                yield from results
                if done:
                    done(len(results))
    finally:
        _WORK = None


def each(function, items, processes, minimum=100):
    """`run` for work that writes files and returns nothing."""
    for _ in run(function, items, processes, minimum):
        pass


def _chunk(start):
    function, items = _WORK
    return [function(item) for item in items[start:start + CHUNK]]
