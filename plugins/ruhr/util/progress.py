"""A progress bar for long steps (writing thousands of pages, importing a spreadsheet), drawn with rich.

Silent when stderr is not a terminal (CI, logs, tests) and for steps that finish within `delay` seconds;
the bar disappears when the step is done, so the build's own summary stays the last line.

    with progress.Bar("Writing pages", total=len(jobs)) as bar:
        for job in jobs:
            write(job)
            bar.advance()
"""

import os
import sys
import time


class Bar:
    def __init__(self, description, total, delay=1.0, console=None):
        self.description, self.total, self.delay = description, total, delay
        self.console = console
        self.done = 0
        self.started = time.monotonic()
        self._progress = None
        self._task = None

    def _enabled(self):
        if self.console is not None:
            return self.console.is_terminal
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")

    def advance(self, steps=1):
        self.done += steps
        if self._progress is None and time.monotonic() - self.started >= self.delay and self._enabled():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeRemainingColumn(), console=self.console or Console(stderr=True),
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=self.total)
        if self._progress is not None:
            self._progress.update(self._task, completed=self.done)

    def close(self):
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def track(iterable, description, total=None, **kwargs):
    """Each item of `iterable`, advancing a Bar."""
    with Bar(description, len(iterable) if total is None else total, **kwargs) as bar:
        for item in iterable:
            yield item
            bar.advance()
