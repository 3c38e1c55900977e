"""Work split over forked processes, for what a cold build makes by the thousand: social cards and locator
images. The workers inherit the parent's objects (fork) and write files; nothing is sent back."""

import multiprocessing

from ruhr.util import memory

_WORK = None


def each(function, items, processes, minimum=100):
    """Call `function(item)` for every item of the list `items`: in up to `processes` forked workers when each
    gets at least `minimum` items (fewer are not worth starting a process), else here."""
    processes = min(processes, len(items) // minimum or 1)
    if processes <= 1:
        for item in items:
            function(item)
        return
    global _WORK
    _WORK = (function, items, processes)
    try:
        with memory.frozen(), multiprocessing.get_context("fork").Pool(processes) as pool:
            pool.map(_slice, range(processes))
    finally:
        _WORK = None


def _slice(index):
    function, items, processes = _WORK
    for item in items[index::processes]:
        function(item)
