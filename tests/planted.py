"""Planting faults in a copy of the built site, for the tests that show a gate catches them."""

import shutil


def copy_site(built_site, destination):
    """A copy of the built output at `destination` (a folder that must not exist yet)."""
    shutil.copytree(built_site, destination)
    return destination


def plant(site, path, markup, before="</main>"):
    """Insert `markup` before the first `before` in the page at URL path `path`; returns the file."""
    rel = path.lstrip("/")
    file = site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
    html = file.read_text(encoding="utf-8")
    assert before in html, f"{file} has no {before} to plant before"
    file.write_text(html.replace(before, markup + before, 1), encoding="utf-8")
    return file
