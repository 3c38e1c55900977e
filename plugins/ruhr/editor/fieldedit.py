"""Change single fields of a content file in place: only the lines of the changed fields are rewritten.

Comments, the order of the fields, the quoting of other values and the Markdown body stay exactly as the
editor wrote them (the front matter is never re-dumped).

    text = set_value(text, ("transport", "motorway_km"), 2.5, siblings=[...field names in schema order...])
"""

import yaml

from ruhr.core.frontmatter import FrontMatterError, _Loader


def dump(value):
    """One value as YAML on one line: 95, 2.5, true, 2026-03-01, A 2, 'Zeche: Nord', [logistik, energie]."""
    if value is None:
        return ""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 20, sort_keys=False)
    return text.removesuffix("\n...\n").rstrip("\n")


def _split(text):
    """(lines, index of the closing `---`): the front matter is lines[1:end]."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file must start with a line `---`")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError(1, "the front matter is not closed: add a line `---` after the last field")
    return lines, end


def _last_line(node):
    """The last line (0-based, within the front matter) holding a part of `node`."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style:
        end = node.end_mark
        # Plain and flow values end right after their last character; block scalars at the next line.
        return end.line if end.column > 0 or end.line == node.start_mark.line else end.line - 1
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    return max([_last_line(child) for child in children] + [node.start_mark.line])


def _find(mapping, key):
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value_node in mapping.value:
            if key_node.value == key:
                return key_node, value_node
    return None


def set_value(text, path, value, siblings=()):
    """`text` with the field at key path `path` set to `value`.

    A missing field is inserted after the nearest field that comes before it in `siblings` (the field names
    in schema order), with its parents if they are missing too."""
    lines, end = _split(text)
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    fm = lines[1:end]
    root = yaml.compose("".join(fm), Loader=_Loader)
    parent_key, parent = None, root
    for depth, key in enumerate(path[:-1]):
        found = _find(parent, key)
        if found is None:
            text = set_value(text, path[:depth + 1], None, siblings if depth == 0 else ())
            return set_value(text, path, value, siblings)
        parent_key, parent = found
    name, new = path[-1], dump(value)
    found = _find(parent, name)
    if found:
        key_node, node = found
        line = key_node.start_mark.line
        if isinstance(node, yaml.ScalarNode) and node.value == "" and node.tag.endswith(":null"):
            at = fm[line].index(":", key_node.end_mark.column)  # `key:` with nothing after it
            fm[line] = fm[line][:at + 1] + (" " + new if new else "") + fm[line][at + 1:]
        elif node.start_mark.line == _last_line(node):  # a value on one line: replace just the value
            row = fm[node.start_mark.line]
            fm[node.start_mark.line] = row[:node.start_mark.column] + new + row[node.end_mark.column:] \
                if node.end_mark.line == node.start_mark.line else row[:node.start_mark.column] + new + newline
        else:  # a block list or a multi-line text: becomes one line
            indent = " " * key_node.start_mark.column
            fm[line:_last_line(node) + 1] = [f"{indent}{name}: {new}".rstrip() + newline]
    else:
        keys = [k.value for k, _ in parent.value] if isinstance(parent, yaml.MappingNode) else []
        siblings = list(siblings)  # without a known place: after the last field
        previous = [k for k in keys if k in siblings[:siblings.index(name)]] if name in siblings else keys
        if previous:
            key_node, node = _find(parent, previous[-1])
            at, indent = max(_last_line(node), key_node.start_mark.line) + 1, key_node.start_mark.column
        elif keys:
            key_node, _ = _find(parent, keys[0])
            at, indent = key_node.start_mark.line, key_node.start_mark.column
        elif parent_key is not None:
            at, indent = parent_key.start_mark.line + 1, parent_key.start_mark.column + 2
        else:
            at, indent = len(fm), 0
        fm.insert(at, f"{' ' * indent}{name}: {new}".rstrip() + newline)
    return "".join(lines[:1] + fm + lines[end:])
