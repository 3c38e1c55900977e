"""Links between content files, written the Pelican way: [text]({filename}../sectors/logistik.de.md).

A `{filename}` link becomes the URL of the item in that file; a link to a file that is not content is a
problem that stops the build (Pelican only warns).
"""

import difflib
import os
import re

from ruhr.core.validate import Problem

LINK = re.compile(r"""(?P<attr>href|src)=(?P<quote>["'])\{(?:filename|attach)\}(?P<path>[^"'#?]+)(?P<rest>[^"']*)(?P=quote)""")


def resolve(model, content_path, only=None):
    """Replace {filename} links in every item's HTML (or in the items `only`); returns the problems for links
    that go nowhere."""
    items = {}
    for lang in model.languages:
        for item in model.items(lang):
            if item.source_path:
                items[os.path.normpath(item.source_path)] = item
    problems = []
    for item in items.values() if only is None else only:
        if "{filename}" not in item.content and "{attach}" not in item.content:
            continue

        def replace(match):
            path = match["path"]
            base = content_path if path.startswith("/") else os.path.dirname(item.source_path)
            target = items.get(os.path.normpath(os.path.join(base, path.lstrip("/"))))
            if target is None:
                problems.append(_problem(item, path, items, content_path))
                return match.group(0)
            return f'{match["attr"]}={match["quote"]}{target.url}{match["rest"]}{match["quote"]}'

        item.content = LINK.sub(replace, item.content)
    return problems


def _problem(item, path, items, content_path):
    with open(item.source_path, encoding="utf-8") as fh:
        line = next((n for n, text in enumerate(fh, 1) if path in text), 1)
    known = [os.path.relpath(p, content_path) for p in items]
    close = difflib.get_close_matches(path.lstrip("/").replace("../", ""), known, n=1, cutoff=0.6)
    hint = f" (did you mean '{{filename}}/{close[0]}'?)" if close else ""
    return Problem(item.source_path, line, "link", f"{{filename}}{path} is not a content file{hint} "
                                                   "(expected a path to a .md file, relative to this file "
                                                   "or starting with / for the content folder)")
