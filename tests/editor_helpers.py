"""Helpers for the editor-workflow tests: settings for a Project copy, running a command in its folder."""

import io
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = str(ROOT / "pelicanconf.py")


def overrides(project, **more):
    return {"PATH": str(project.content), "RUHR_DATA_PATH": str(project.data),
            "CACHE_PATH": str(project.base / "cache"), **more}


def settings(project, **more):
    from ruhr.editor import cli
    return cli.load_settings(SETTINGS, overrides(project, **more))


def run_in(project, function, *args, **kwargs):
    """(exit code, printed text) of `function(*args, stream=…, **kwargs)`, run in the project's folder."""
    stream = io.StringIO()
    cwd = os.getcwd()
    os.chdir(project.base)
    try:
        code = function(*args, stream=stream, **kwargs)
    finally:
        os.chdir(cwd)
    return code, stream.getvalue()
