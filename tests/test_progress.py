"""The progress bar: drawn on a terminal for long steps, silent otherwise (CI, logs, pipes)."""

import io

from rich.console import Console

from ruhr.util import progress


def test_drawn_on_a_terminal():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    assert list(progress.track(range(3), "Writing pages", delay=0, console=console)) == [0, 1, 2]
    assert "Writing pages" in out.getvalue()


def test_silent_when_not_a_terminal_or_quick(capsys):
    out = io.StringIO()
    list(progress.track(range(3), "Writing pages", delay=0, console=Console(file=out, force_terminal=False)))
    quick = io.StringIO()
    list(progress.track(range(3), "Writing pages", delay=60, console=Console(file=quick, force_terminal=True)))
    list(progress.track(range(3), "Writing pages", delay=0))  # pytest's stderr is not a terminal
    assert out.getvalue() == quick.getvalue() == "" and capsys.readouterr().err == ""

