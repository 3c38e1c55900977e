"""Malformed input, generated (hypothesis): every field of every content type and data file, every kind of
wrong value. Each one is a `path:line: field: message` problem (exit 2), never a traceback, and the output
folder stays as it was.

The properties are checked through `content.load`, the function the build and `invoke check` call, on one
copy of the content (fast, bounded examples); a few end-to-end runs show the build and `invoke check` report
them the same way.
"""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import Project
from editor_helpers import SETTINGS, overrides, run_in
from ruhr.core import content, schema
from ruhr.core.frontmatter import compose, parse
from ruhr.core.validate import ContentError
from ruhr.editor import check, importer
from ruhr.editor import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PROBLEM = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<field>[^:]+?): (?P<message>.+)$")

# One file of each content type, German and English (facts are kept in the German file).
FILES = {kind: [f"content/{folder}/{name}" for name in sorted(
    p.name for p in (ROOT / "content" / folder).glob("*.md"))[:2]]
    for kind, (folder, _) in schema.TYPES.items()}


class ParseCache:
    """What the build's FileStampDataCacher does for content.load, keyed by the file's bytes: only the file an
    example changed is read again."""

    def __init__(self, root):
        self.root, self.parsed = root, {}

    def _key(self, rel):
        return rel, (self.root / rel).read_bytes()

    def get_cached_data(self, rel, default=None):
        return self.parsed.get(self._key(rel), default)

    def cache_data(self, rel, parsed):
        self.parsed[self._key(rel)] = parsed


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A copy of the content and data, and its settings; each example edits one file and restores it."""
    project = Project(tmp_path_factory.mktemp("malformed"))
    return project, cli.load_settings(SETTINGS, overrides(project)), ParseCache(project.content)


def problems_after(corpus, relpath, data):
    """The problems content.load reports after writing `data` (bytes) into `relpath`; the file is restored."""
    project, conf, cache = corpus
    path = project.base / relpath
    before = path.read_bytes()
    path.write_bytes(data)
    try:
        content.load(conf["PATH"], conf, cache)
    except ContentError as err:
        return [p for p in err.problems if Path(p.path) == path]
    finally:
        path.write_bytes(before)
    return []


# Where a value can go: (file, key path, Field) for every field a file of each type may hold ----------------

def _leaves(fields, prefix=()):
    for f in fields:
        yield prefix + (f.name,), f
        if f.type == "object":
            yield from _leaves(f.fields, prefix + (f.name,))
        elif f.type == "list":
            yield from _leaves(f.fields, prefix + (f.name, 0))


def targets():
    out = []
    for kind, (_, fields) in schema.TYPES.items():
        for relpath in FILES[kind]:
            meta, lines, _, _ = parse((ROOT / relpath).read_text(encoding="utf-8"))
            source = relpath.endswith(".de.md")
            for path, f in _leaves(fields):
                if path in lines and (source or f.translatable or f.name == "id"):
                    out.append((relpath, path, f))
    return out


TARGETS = targets()


def test_every_required_field_of_every_type_is_a_target():
    covered = {(r.split("/")[1], tuple(p for p in path if isinstance(p, str))) for r, path, _ in TARGETS}
    for kind, (folder, fields) in schema.TYPES.items():
        for path, f in _leaves(fields):
            if f.required and all(g.required for g in fields if g.name == path[0]):
                assert (folder, tuple(p for p in path if isinstance(p, str))) in covered, (folder, path)


# Wrong values, as YAML text --------------------------------------------------------------------------------

impossible_dates = st.one_of(
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(1000, 9999), st.integers(13, 99), st.integers(1, 28)),
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(1000, 9999), st.integers(1, 12), st.integers(32, 99)),
    st.builds("{:04d}-02-{:02d}".format, st.sampled_from([2023, 2025, 2100]), st.integers(29, 31)),
    st.builds("{:04d}-{:02d}-{:02d} 25:{:02d}:00".format, st.integers(2000, 2030), st.integers(1, 12),
              st.integers(1, 28), st.integers(0, 59)))
huge_numbers = st.one_of(
    st.sampled_from([".nan", ".NaN", ".inf", "-.inf", "+.inf", "1e400", "-1e400"]),
    st.integers(16, 400).map(lambda k: str(10 ** k)), st.integers(16, 400).map(lambda k: f"-{10 ** k}"))
control = st.builds(lambda c, s: '"' + s + f"\\x{c:02x}z" + '"', st.sampled_from(
    list(range(0, 9)) + [0x0b, 0x0c] + list(range(0x0e, 0x20)) + [0x7f, 0x85, 0x9b]),
    st.text("abcxyz ", max_size=5))
nested = st.sampled_from(["{a: {b: 1}}", "{de: [1, 2], en: {x: y}}", "[{a: 1}, [2, 3]]", "[[a, b], [c]]"])
a_list = st.sampled_from(["[1, 2]", "[a, b]", "[2024-01-01]", "[]  # empty"])


def wrong_values(f):
    """A strategy of YAML texts that are wrong for field `f`."""
    options = [nested, control]
    if not f.many:
        options.append(a_list.filter(lambda v: not v.startswith("[]")))
    if f.required:
        options.append(st.sampled_from(["~", "null", "", '""']))
    if f.type in ("int", "float", "price"):
        options += [huge_numbers, st.sampled_from(["true", "zwölf", "12.500,5", "2024-01-01"])]
    if f.type == "date":
        options += [impossible_dates, st.sampled_from(["true", "12", "1.4.2027", "2024-13"])]
    if f.type == "bool":
        options += [st.sampled_from(["yes", "ja", "1", "0", "on", "2024-01-01", ".nan"])]
    if f.type == "choice":
        options += [st.sampled_from(["GX", "verfügbar", "true", "1", ".inf", "2024-13-45"])]
    if f.type in ("text", "file", "email", "slug", "ref"):
        options += [st.sampled_from(["true", "false"])]
    if f.type in ("object", "list"):
        options += [st.sampled_from(["5", "text", "2024-13-45", ".nan"])]
    return st.one_of(options)


def replace_value(text, line, new):
    """The text with the value at 1-based `line` replaced by `new` (and the lines nested under it removed)."""
    lines = text.split("\n")
    old = lines[line - 1]
    key = old.partition(":")[0]
    lines[line - 1] = f"{key}: {new}"
    def indent(text):
        return len(re.match(r" *(?:- )?", text).group())
    end = line
    while end < len(lines) and lines[end].strip() and lines[end] != "---" and indent(lines[end]) > indent(old):
        end += 1
    return "\n".join(lines[:line] + lines[end:])


def assert_reported(problems, relpath, line, fields):
    def names(p):  # a field, or one of its sub-fields
        return p.field in ("front matter", "file") or any(
            p.field == f or p.field.startswith((f + ".", f + "[")) for f in fields if f)
    located = [p for p in problems if p.line == line and names(p)]
    assert located, f"no problem at {relpath}:{line} for {fields}: {[str(p) for p in problems]}"
    for p in problems:
        assert PROBLEM.match(str(p).replace(str(ROOT), "")), str(p)


def dotted(path):
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


@EXAMPLES
@given(st.data())
def test_a_wrong_value_in_any_field_of_any_content_file_is_a_located_problem(corpus, data):
    relpath, path, f = data.draw(st.sampled_from(TARGETS), label="field")
    value = data.draw(wrong_values(f), label="value")
    project = corpus[0]
    text = (project.base / relpath).read_text(encoding="utf-8")
    line = parse(text)[1][path]
    problems = problems_after(corpus, relpath, replace_value(text, line, value).encode("utf-8"))
    fields = {dotted(path), path[-1], dotted(path[:-1])}  # a wrong sub-field may be reported with its parent
    assert_reported(problems, relpath, line, fields)


@EXAMPLES
@given(st.data())
def test_unknown_and_repeated_keys_tabs_and_bad_bytes_are_located_problems(corpus, data):
    kind = data.draw(st.sampled_from(sorted(FILES)), label="kind")
    relpath = FILES[kind][0]
    project = corpus[0]
    text = (project.base / relpath).read_text(encoding="utf-8")
    lines = text.split("\n")
    end = lines.index("---", 1)
    tops = [i + 1 for i in range(2, end + 1) if lines[i] == "---" or re.match(r"[a-z]", lines[i])]
    at = data.draw(st.sampled_from(tops), label="line")  # 1-based: insert before this top-level line
    fault = data.draw(st.sampled_from(["unknown", "repeated", "tab", "latin-1", "control", "empty", "no-end"]),
                      label="fault")
    expected = at
    if fault == "unknown":
        name = data.draw(st.from_regex(r"[a-z]{3,8}_x", fullmatch=True), label="name")
        new = lines[:at - 1] + [f"{name}: 1"] + lines[at - 1:]
    elif fault == "repeated":
        new = lines[:at - 1] + [lines[1]] + lines[at - 1:]  # `id: …` again
    elif fault == "tab":
        new = lines[:at - 1] + ["\tfoo: 1"] + lines[at - 1:]
    elif fault == "control":
        new = lines[:at - 1] + ["summary2_x: a\x07b"] + lines[at - 1:]
    if fault == "latin-1":
        raw = b"\n".join([t.encode("utf-8") for t in lines[:at - 1]] + ["title2_x: Größe".encode("latin-1")]
                         + [t.encode("utf-8") for t in lines[at - 1:]])
    elif fault == "empty":
        raw, expected = b"", 1
    elif fault == "no-end":
        raw, expected = "\n".join(lines[:end]).encode("utf-8"), 1
    else:
        raw = "\n".join(new).encode("utf-8")
    problems = problems_after(corpus, relpath, raw)
    assert problems, (fault, relpath)
    if fault == "tab":  # YAML names the line of the tab or the line after it
        assert any(p.line in (at, at + 1) for p in problems), [str(p) for p in problems]
    else:
        assert any(p.line == expected for p in problems), (fault, expected, [str(p) for p in problems])


@pytest.mark.parametrize("transform", [
    lambda t: "\ufeff" + t, lambda t: t.replace("\n", "\r\n"), lambda t: "\ufeff" + t.replace("\n", "\r\n")],
    ids=["bom", "crlf", "bom+crlf"])
def test_a_bom_and_windows_line_ends_are_read_as_editors_mean_them(corpus, transform):
    """What Windows editors write is not wrong: the file reads as without BOM and CRLF."""
    for kind, files in FILES.items():
        text = (ROOT / files[0]).read_text(encoding="utf-8")
        assert problems_after(corpus, files[0], transform(text).encode("utf-8")) == [], files[0]


# Data files ------------------------------------------------------------------------------------------------

def data_targets():
    out = []
    languages = ["de", "en"]
    for name, key, fields in (("municipalities", "municipalities", schema.MUNICIPALITY_RECORD),
                              ("contacts", "contacts", schema.for_languages(schema.CONTACT_RECORD, languages))):
        for path, f in _leaves(fields):
            out.append((f"data/{name}.yaml", (key, 0) + path, f))
    source = schema.for_languages((schema.POPULATION_SOURCE,), languages)[0]
    out.append(("data/municipalities.yaml", ("population_source", "de"), source.fields[0]))
    for path, f in _leaves(schema.for_languages(schema.DISTRICT_RECORD, languages)):
        if f.required and path[0] == "name":
            out.append(("data/municipalities.yaml", ("districts", "kreis-unna") + path, f))
    return out


def block_style(text):
    """data/municipalities.yaml with its records and districts written one field a line (as editors may)."""
    import yaml
    doc = yaml.safe_load(text)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False)


@EXAMPLES
@given(st.data())
def test_a_wrong_value_in_a_data_file_is_a_located_problem(corpus, data):
    relpath, path, f = data.draw(st.sampled_from(data_targets()), label="field")
    value = data.draw(wrong_values(f), label="value")
    text = block_style((ROOT / relpath).read_text(encoding="utf-8"))
    line = compose(text)[1][path]
    problems = problems_after(corpus, relpath, replace_value(text, line, value).encode("utf-8"))
    fields = {dotted(path), dotted(path[:-1])}
    assert_reported(problems, relpath, line, fields | {path[-1]})


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00", "municipalities: [1, 2\n".encode(),
                                 "districts: 5\nmunicipalities: []\n".encode(), b"- 1\n- 2\n",
                                 "x: &a [*a]\n".encode()], ids=["empty", "bytes", "yaml", "shape", "list", "alias"])
def test_a_broken_data_file_is_a_located_problem(corpus, raw):
    for relpath in ("data/municipalities.yaml", "data/contacts.yaml"):
        problems = problems_after(corpus, relpath, raw)
        assert problems and all(PROBLEM.match(str(p)) for p in problems), relpath


# End to end: the build and `invoke check` ------------------------------------------------------------------

SITE = FILES["site"][0]
END_TO_END = [
    (SITE, "last_verified:", "last_verified: 2024-13-45", "last_verified"),
    (SITE, "area:", "area: .nan", "area"),
    (SITE, "zoning:", "zoning: GI\nzoning: GE", "front matter"),
    ("data/contacts.yaml", "    email:", "    email: [a, b]", "contacts[0].email"),
]


@pytest.mark.parametrize("relpath, startswith, new, field", END_TO_END, ids=[e[3] for e in END_TO_END])
def test_the_build_and_check_exit_2_with_the_line_and_keep_the_output(project_with_output, relpath, startswith,
                                                                      new, field):
    project = project_with_output
    before = {p: p.read_bytes() for p in project.output.rglob("*") if p.is_file()}
    line = project.line_of(relpath, startswith) + (1 if new.count("\n") else 0)
    project.edit(relpath, next(t for t in (project.base / relpath).read_text(encoding="utf-8").splitlines()
                               if t.startswith(startswith)), new)
    code, printed = project.build()
    assert code == 2 and "Traceback" not in printed, printed
    assert re.search(rf"^{re.escape(relpath)}:{line}: {re.escape(field)}: ", printed, re.M), printed
    assert {p: p.read_bytes() for p in project.output.rglob("*") if p.is_file()} == before
    code, checked = run_in(project, check.run, SETTINGS, overrides(project))
    assert code == 2 and f"{relpath}:{line}: {field}: " in checked, checked


def test_a_non_utf8_file_stops_the_build_with_its_line(project):
    path = project.base / SITE
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = "title: Gr\xf6\xdfe"
    path.write_bytes("\n".join(lines).encode("latin-1", "replace"))
    code, printed = project.build()
    assert code == 2 and re.search(rf"^{re.escape(SITE)}:3: file: bytes that are not UTF-8", printed, re.M), printed
    assert not project.output.exists()


# The importer: CSV and GeoJSON -----------------------------------------------------------------------------

HEADER = "ID;Titel;Kommune;Breitengrad;Längengrad;Fläche (m²);Status;Verfügbar ab;Teilbar"
GOOD = ["dortmund-kanalbogen", "Gewerbepark Am Kanalbogen", "Dortmund", "51,538", "7,445", "62.000", "verfügbar",
        "01.04.2027", "ja"]  # an existing site: a row updates its facts
cells = st.one_of(st.sampled_from(["2024-13-45", "31.02.2027", "NaN", "inf", "1e400", "[1, 2]", "{a: 1}",
                                   "vielleicht", "-5", "12.50,5", "\x07", "9" * 400]),
                  st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8))


@EXAMPLES
@given(st.data())
def test_the_importer_reports_any_bad_cell_with_its_row(project_factory, data):
    project = project_factory
    column = data.draw(st.integers(2, len(GOOD) - 1), label="column")
    row = list(GOOD)
    row[column] = data.draw(cells, label="cell").replace(";", ",").replace("\n", " ").replace("\r", " ")
    row[column] = row[column].replace('"', "")
    csv = project.base / "import.csv"
    csv.write_text(HEADER + "\n" + ";".join(row) + "\n", encoding="utf-8")
    code, printed = run_in(project, importer.run, str(csv), SETTINGS, overrides(project), dry_run=True)
    assert "Traceback" not in printed
    assert code in (0, 2), printed
    if code == 2:
        assert re.search(r"^import\.csv:2: [\w.\[\]]+ \(column \"[^\"]+\"\): ", printed, re.M), printed


@pytest.fixture(scope="module")
def project_factory(tmp_path_factory):
    return Project(tmp_path_factory.mktemp("importer"))


@pytest.mark.parametrize("raw", [
    b"", b"\xff\xfe\x81\x8d;", "ID;Titel\n".encode(), '{"features": 5}'.encode(), b"[1, 2]",
    '{"features": [5, null, {"properties": [1]}, {"geometry": "x"}]}'.encode(),
    '{"features": [{"geometry": {"type": "Point", "coordinates": [NaN, Infinity]}, "properties": {}}]}'.encode(),
    '{"features": [{"geometry": {"type": "Point", "coordinates": "x"}, "properties": {"Fläche": {"a": 1}}}]}'
    .encode()], ids=["empty", "bytes", "header-only", "features-5", "list", "bad-features", "nan", "nested"])
@pytest.mark.parametrize("suffix", [".csv", ".geojson"])
def test_a_broken_import_file_is_one_clear_problem(project_factory, raw, suffix):
    path = project_factory.base / f"broken{suffix}"
    path.write_bytes(raw)
    code, printed = run_in(project_factory, importer.run, str(path), SETTINGS, overrides(project_factory),
                           dry_run=True)
    assert "Traceback" not in printed and code in (0, 2), printed
    if code == 2:
        assert f"broken{suffix}" in printed, printed


def test_an_unquoted_semicolon_is_reported_with_its_row(project_factory):
    csv = project_factory.base / "semi.csv"
    row = list(GOOD)
    row[1] = "Neue; Fläche"
    csv.write_text(HEADER + "\n" + ";".join(GOOD) + "\n" + ";".join(row) + "\n",
                   encoding="utf-8")
    code, printed = run_in(project_factory, importer.run, str(csv), SETTINGS, overrides(project_factory),
                           dry_run=True)
    assert code == 2 and re.search(r"^semi\.csv:3: row: more cells than the header", printed, re.M), printed
