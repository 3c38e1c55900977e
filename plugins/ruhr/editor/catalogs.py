"""`invoke messages`: extract the UI strings into messages.pot and merge them into each language's catalog.

The build only reads the catalogs (ruhr.core.i18n.load_translations); editors and developers update them here.
"""

import os

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ruhr.core.i18n import catalog_path, extract_messages


def update_catalogs(theme, languages):
    """Write messages.pot from the sources and merge it into the messages.po of each of `languages`
    (every language but the one the msgids are written in); yields one line per catalog."""
    template = Catalog(project="ruhr-site", charset="utf-8")
    for msgid, where in sorted(extract_messages(theme).items(), key=lambda kv: kv[1]):
        file, line = where.rsplit(":", 1)
        template.add(msgid, locations=[(file, int(line))])
    os.makedirs(os.path.join(theme, "translations"), exist_ok=True)
    with open(os.path.join(theme, "translations", "messages.pot"), "wb") as fh:
        write_po(fh, template, omit_header=True, sort_output=True, include_lineno=False)
    for lang in languages:
        path = catalog_path(theme, lang)
        if os.path.exists(path):
            with open(path, "rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            catalog = Catalog(locale=lang, project="ruhr-site", charset="utf-8")
        catalog.update(template, update_header_comment=False)
        with open(path, "wb") as fh:
            write_po(fh, catalog, omit_header=True, sort_output=True, ignore_obsolete=True, width=0,
                     include_lineno=False)  # file names only: fewer merge conflicts
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        yield f"{path}: {len(catalog)} strings, {len(missing)} to translate"
