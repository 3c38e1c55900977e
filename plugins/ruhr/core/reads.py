"""What a page was made from: the model items and model attributes read while it is rendered.

While `recording()` is active, every attribute read of a model item (ruhr.core.model.Item and its
subclasses) or of the Model notes a key: ("site", id, lang), ("model", "sites", ""), … — from templates and
from Python helpers alike. ruhr.site.incremental stores the keys of each page with a digest of what they
held, and renders the page again only when one of them changed.
"""

import contextlib

current = None  # the set being filled while a page renders, else None


@contextlib.contextmanager
def recording():
    """Collect the keys read inside the block into the yielded set."""
    global current
    outer, current = current, set()
    try:
        yield current
    finally:
        current = outer
