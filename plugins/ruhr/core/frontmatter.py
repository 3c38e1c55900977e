"""Read a content file: YAML front matter between `---` lines, then a Markdown body.

Keeps the line of every key, so that a problem can be reported as `path:line`.
"""

import logging
import re

import yaml

logger = logging.getLogger(__name__)


class FrontMatterError(Exception):
    """The file cannot be read at all; `line` and `message` say where and why."""

    def __init__(self, line, message, field="front matter"):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader without YAML 1.1's yes/no/on/off booleans: only true/false are booleans.

    Built on libyaml (CSafeLoader, part of PyYAML's wheels) where available: the same nodes, lines and
    values as the pure-Python loader, about eight times faster."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def _timestamp(loader, node):
    """A date YAML cannot construct (2024-13-45) stays text: validation then names the field."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _lines(node, offset, path=(), out=None, seen=None):
    """Map each key path, e.g. ('transport', 'motorway_km') or ('photos', 0, 'alt'), to its 1-based line.

    Raises FrontMatterError for a key given twice in one mapping and for aliases (`*name`)."""
    out = {} if out is None else out
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise FrontMatterError(node.start_mark.line + offset, "YAML anchors and aliases (&name, *name) are not "
                                                              "supported — write the value out")
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
            line = key_node.start_mark.line + offset
            if key in keys:
                raise FrontMatterError(line, f"{key}: given twice (also on line {keys[key]}) — keep one of the "
                                             "two lines")
            keys[key] = line
            sub = path + (key,)
            out[sub] = line
            _lines(value_node, offset, sub, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[path + (i,)] = item.start_mark.line + offset
            _lines(item, offset, path + (i,), out, seen)
    return out


def compose(source, offset=1):
    """(document, {key path: line}) of YAML text whose first line is line `offset` of its file.

    Raises FrontMatterError (with the line) for invalid YAML, keys given twice, aliases, control characters."""
    bad = CONTROL.search(source)
    if bad:
        raise FrontMatterError(source.count("\n", 0, bad.start()) + offset,
                               f"a control character (U+{ord(bad.group()):04X}) — delete it (it is invisible "
                               "in most editors: retype the line)")
    try:
        loader = _Loader(source)
        try:  # composed once: the node gives the lines, the same node the values
            node = loader.get_single_node()
            doc = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
        return doc, (_lines(node, offset) if node is not None else {})
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + offset if mark else offset
        problem = getattr(err, "problem", None) or str(err)
        raise FrontMatterError(line, f"this is not valid YAML ({problem}) — check the indentation (spaces, not "
                                     "tabs), and put quotes around values that contain `: ` or start with a "
                                     "special character") from None
    except RecursionError:
        raise FrontMatterError(offset, "nested too deeply — write one `field: value` per line") from None


def read_text(path):
    """The text of a UTF-8 file (a BOM is dropped); FrontMatterError with the line of bytes that are not UTF-8."""
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise FrontMatterError(raw.count(b"\n", 0, err.start) + 1,
                               f"bytes that are not UTF-8 ({raw[err.start:err.end]!r}) — save the file as UTF-8 "
                               "(in most editors: Save as… › Encoding › UTF-8)", field="file") from None


def parse(text):
    """Return (metadata dict, {key path: line}, Markdown body, body's first line)."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file does not start with a line `---` — put `---`, then the fields, then "
                                  "`---` at the top (YAML front matter)")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError(1, "the front matter is not closed — add a line `---` after the last field")
    meta, keys = compose("".join(lines[1:end]), 2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "the front matter is not a list of fields — write one `field: value` per line")
    body = "".join(lines[end + 1:])
    bad = CONTROL.search(body)
    if bad:
        raise FrontMatterError(body.count("\n", 0, bad.start()) + end + 2, f"a control character "
                               f"(U+{ord(bad.group()):04X}) — delete it (it is invisible in most editors: retype "
                               "the line)", field="text")
    return meta, keys, body, end + 2
