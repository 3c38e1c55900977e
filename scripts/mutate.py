"""`invoke mutate`: mutation testing of the core modules with the fast unit tests (mutmut), as a report.

mutmut changes the code one small step at a time (a `<` for a `<=`, a string for another, a call left out)
and runs the tests against each such mutant: a mutant that no test notices "survives". The score is the
share of mutants killed. It takes minutes, so it is not part of `make test`; docs/quality-gates.md keeps the
last score and the survivors accepted with their reasons.

    python scripts/mutate.py [--show]      (--show prints the diff of each surviving mutant)

mutmut copies the code into a workspace (`.mutate/`, ignored by git): the `ruhr` package as `src/ruhr`, which
mutmut puts first on the import path, and the fast tests.
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE = ROOT / ".mutate"
REQUIREMENTS = ROOT / "requirements-mutate.txt"

# The core: URLs, {filename} links, the validation helpers and publish planning; tested by fast unit tests
# (no site build, no server), so each mutant costs about a second.
MODULES = ["core/urls.py", "core/links.py", "core/validate.py", "publish/sync.py"]
TESTS = ["tests/test_core_units.py"]


def prepare():
    shutil.rmtree(WORKSPACE, ignore_errors=True)
    shutil.copytree(ROOT / "plugins" / "ruhr", WORKSPACE / "src" / "ruhr",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (WORKSPACE / "tests").mkdir()
    for name in ["tests/conftest.py", *TESTS]:
        shutil.copy2(ROOT / name, WORKSPACE / name)
    shutil.copy2(ROOT / "pytest.ini", WORKSPACE / "pytest.ini")
    (WORKSPACE / "setup.cfg").write_text(
        "[mutmut]\nsource_paths = src/ruhr\n"
        + "only_mutate =\n" + "".join(f"    src/ruhr/{m}\n" for m in MODULES)
        + "pytest_add_cli_args_test_selection =\n" + "".join(f"    {t}\n" for t in TESTS)
        + "mutate_only_covered_lines = true\n",  # lines no fast test runs are not the tests' blind spot here
        encoding="utf-8")


def run_mutmut(*args, capture=False):
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=WORKSPACE, check=False, text=True,
                          capture_output=capture, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the diff of each surviving mutant")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("mutmut") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)], check=True)
    prepare()
    run_mutmut("run", "--max-children", str(os.cpu_count() or 1))
    run_mutmut("export-cicd-stats")
    stats = json.loads((WORKSPACE / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    results = run_mutmut("results", capture=True).stdout
    survivors = sorted(re.findall(r"^\s*(\S+): survived$", results, re.M))
    tested = stats["killed"] + stats["survived"]
    print(f"\nmutation score: {stats['killed']} of {tested} mutants killed "
          f"({100 * stats['killed'] / max(tested, 1):.0f} %); modules: {', '.join(MODULES)}")
    print(f"{len(survivors)} surviving mutant(s):")
    for name in survivors:
        print(f"  {name}")
        if args.show:
            print(run_mutmut("show", name, capture=True).stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
