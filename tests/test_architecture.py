"""The tree shows the architecture, and the imports keep to it (README.md, "Where things are").

plugins/ruhr/ has one sub-package per job. The build (the plugin Pelican loads: ruhr/__init__.py,
settings.py, signals.py, core/, site/, util/) never imports the editor commands, publishing or the test
gates; the content model (core/) knows nothing of what the build makes from it; the shared helpers
(util/) depend on nothing else of ours; the gates find no tools themselves but are given their paths.
"""

import ast
from pathlib import Path

import ruhr

PACKAGE = Path(ruhr.__file__).resolve().parent
BUILD = ("ruhr", "ruhr.settings", "ruhr.signals", "ruhr.core", "ruhr.site", "ruhr.util")
RULES = [
    # (modules under these names, may not import modules under these names)
    (BUILD, ("ruhr.editor", "ruhr.publish", "ruhr.gates")),
    (("ruhr.core",), ("ruhr.site",)),
    (("ruhr.util",), ("ruhr.core", "ruhr.site", "ruhr.editor", "ruhr.publish", "ruhr.gates", "ruhr.signals")),
]


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    """Every module a file imports, anywhere in it (also inside functions), as absolute names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _under(name, prefixes):
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_package_named_for_its_job():
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__.py", "settings.py", "signals.py"}, \
        f"modules outside the job packages: {sorted(loose - {'__init__.py', 'settings.py', 'signals.py'})}"
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == {"core", "site", "editor", "publish", "gates", "util"}, packages


def test_imports_go_one_way():
    wrong = []
    for path in _modules():
        name = _module_name(path)
        for sources, forbidden in RULES:
            if not _under(name, sources) or (sources == BUILD and name != "ruhr" and not _under(name, BUILD[1:])):
                continue
            wrong += [f"{name} imports {imported}" for imported in _imports(path) if _under(imported, forbidden)]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_rules_see_a_planted_wrong_import(tmp_path, monkeypatch):
    """The check above would catch a build module importing an editor command."""
    planted = PACKAGE / "site" / "generator.py"
    imports = set(_imports(planted))
    assert "ruhr.core.content" in imports  # the parser resolves what the generator really imports
    source = "from ruhr.editor import check\nfrom ..publish import sync\n"
    fake = tmp_path / "ruhr" / "site" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(source)
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "ruhr")
    found = set(_imports(fake))
    assert {"ruhr.editor.check", "ruhr.publish.sync"} <= found


def test_the_gates_are_given_their_tools():
    for path in (PACKAGE / "gates").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "__file__" not in text and "node_modules" not in text, \
            f"{path.name} looks for tools itself; take their paths as arguments (tests/gate_tools.py)"
