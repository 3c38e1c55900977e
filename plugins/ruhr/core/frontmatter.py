"""Read a content file: YAML front matter between `---` lines, then a Markdown body.

Keeps the line of every key, so that a problem can be reported as `path:line`.
"""

import logging

import yaml

logger = logging.getLogger(__name__)


class FrontMatterError(Exception):
    """The file cannot be read at all; `line` and `message` say where and why."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader without YAML 1.1's yes/no/on/off booleans: only true/false are booleans.

    Built on libyaml (CSafeLoader, part of PyYAML's wheels) where available: the same nodes, lines and
    values as the pure-Python loader, about eight times faster."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def _lines(node, offset, path=(), out=None):
    """Map each key path, e.g. ('transport', 'motorway_km') or ('photos', 0, 'alt'), to its 1-based line."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = path + (key_node.value,)
            out[sub] = key_node.start_mark.line + offset
            _lines(value_node, offset, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[path + (i,)] = item.start_mark.line + offset
            _lines(item, offset, path + (i,), out)
    return out


def parse(text):
    """Return (metadata dict, {key path: line}, Markdown body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file does not start with a line `---` — put `---`, then the fields, then "
                                  "`---` at the top (YAML front matter)")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError(1, "the front matter is not closed — add a line `---` after the last field")
    source = "".join(lines[1:end])
    try:
        loader = _Loader(source)
        try:  # composed once: the node gives the lines, the same node the values
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(err, "problem", None) or str(err)
        raise FrontMatterError(line, f"this is not valid YAML ({problem}) — check the indentation, and put "
                                     "quotes around values that contain `: ` or start with a special character"
                               ) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "the front matter is not a list of fields — write one `field: value` per line")
    return meta, _lines(node, 2), "".join(lines[end + 1:]), end + 2
