"""What the editor commands (check, new, translations, import-sites, serve) share: settings and files.

Problems print with ruhr.core.validate.print_problems, as the build prints them."""

import os

from ruhr.core.validate import ContentError, print_problems, show  # noqa: F401 (the commands print as the build does)

PROBLEMS = ContentError.exit_code  # the input (content, data files, an import file) has problems


class Failure(Exception):
    """A command cannot do what was asked; the message says why and what to do. Nothing was written."""


def add_settings_arguments(parser):
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file")


def load_settings(settings_file="pelicanconf.py", overrides=None):
    """The project's Pelican settings, as the build reads them."""
    from pelican.settings import read_settings
    return read_settings(settings_file, override=overrides or {})


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
