"""What the editor commands (check, new, translations, import-sites, serve) share: settings and printing."""

import os
import sys


PROBLEMS = 2  # exit code: the input (content, data files, an import file) has problems; 1: anything else


class Failure(Exception):
    """A command cannot do what was asked; the message says why and what to do. Nothing was written."""


def add_settings_arguments(parser):
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file")


def load_settings(settings_file="pelicanconf.py", overrides=None):
    """The project's Pelican settings, as the build reads them."""
    from pelican.settings import read_settings
    return read_settings(settings_file, override=overrides or {})


def show(path):
    """A path as editors see it: relative to the current folder when it is inside it."""
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    return path if rel.startswith("..") else rel


def print_problems(problems, stream=sys.stderr):
    """`path:line: field: what is wrong — how to fix it`, one line each, sorted by file and line."""
    here = os.getcwd() + os.sep
    for p in sorted(set(problems)):
        print(f"{show(p.path)}:{p.line}: {p.field}: {p.message.replace(here, '')}", file=stream)


def raw_files(content_path, languages):
    """(kind, id, lang, path, meta, lines, body) of every readable content file, unchecked.

    For reports that must work while the content has problems (those are `invoke check`'s business)."""
    from ruhr.core.content import list_files, split_name
    from ruhr.core.frontmatter import FrontMatterError, parse
    for kind, rel, lang in list_files(content_path, languages)[0]:
        path = os.path.join(content_path, rel)
        try:
            with open(path, encoding="utf-8") as fh:
                meta, lines, body, _ = parse(fh.read())
        except (OSError, UnicodeDecodeError, FrontMatterError):
            continue
        yield kind, split_name(os.path.basename(rel), languages)[0], lang, path, meta, lines, body


def write_atomically(path, text):
    """Write `text` to `path` through a temporary file: a failure never leaves half a file behind."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
