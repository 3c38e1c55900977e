"""Benchmark of the editor workflow on the demo content; prints figures, asserts nothing.

    .venv/bin/python scripts/bench_editor.py [--edits 10] [--rebuilds 30]

- `invoke check`: the whole command in a fresh process (target: under 2 s), and the checking alone.
- `invoke serve`: from saving a file to (a) the server serving the rebuilt page and (b) the open page in
  Chromium showing the edit after its automatic reload (target: under 1 s).
- Memory of the preview's long-lived processes (server, fork server) after many rebuilds: stays flat.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = "content/sites/dortmund-kanalbogen.de.md"
URL = "/flaechen/dortmund-kanalbogen/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def seconds(values):
    return f"median {statistics.median(values):.3f} s, min {min(values):.3f} s, max {max(values):.3f} s"


def copy_project(base):
    for name in ("content", "data"):
        shutil.copytree(ROOT / name, base / name)
    conf = base / "benchconf.py"
    conf.write_text(f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
                    f"PATH = {str(base / 'content')!r}\nRUHR_DATA_PATH = {str(base / 'data')!r}\n"
                    f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n", encoding="utf-8")
    return conf


def bench_check(runs):
    env = dict(os.environ)
    whole = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ruhr.editor.check"], cwd=ROOT, env=env, capture_output=True, check=False)
        whole.append(time.perf_counter() - started)
    from ruhr.editor import check
    from ruhr.editor import cli
    settings = cli.load_settings(str(ROOT / "pelicanconf.py"))
    alone = []
    for _ in range(runs):
        started = time.perf_counter()
        check.find(settings)
        alone.append(time.perf_counter() - started)
    print(f"invoke check, whole command in a new process: {seconds(whole)}  (target < 2 s)")
    print(f"invoke check, checking only (warm process):  {seconds(alone)}")


def bench_rebuild_cpu(runs):
    """CPU time of a warm preview rebuild (as the preview runs it): what the wait would be on an idle machine."""
    import io
    import jinja2
    from ruhr.site import build
    from ruhr.editor import cli
    cache = tempfile.mkdtemp(prefix="bench-jinja-")
    output = tempfile.mkdtemp(prefix="bench-output-")
    try:
        settings = cli.load_settings(str(ROOT / "pelicanconf.py"))
        jinja = dict(settings["JINJA_ENVIRONMENT"], bytecode_cache=jinja2.FileSystemBytecodeCache(cache))
        cpu = []
        for n in range(runs + 1):
            started = time.process_time()
            build.run(str(ROOT / "pelicanconf.py"), output, overrides={"JINJA_ENVIRONMENT": jinja},
                      stream=io.StringIO())
            cpu.append(time.process_time() - started)
        print(f"preview rebuild, CPU time (warm):               {seconds(cpu[1:])}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)


def rss_kib(pid):
    """Resident memory of a process and all its descendants, in KiB."""
    total = 0
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        total += rss_kib(int(child))
    return total


def bench_preview(edits, rebuilds):
    from playwright.sync_api import sync_playwright
    base = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    try:
        conf = copy_project(base)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        lines = []
        process = subprocess.Popen([sys.executable, "-m", "ruhr.editor.preview", "-s", str(conf), "--port", str(port)],
                                   cwd=base, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=lambda: [lines.append(line) for line in process.stderr], daemon=True).start()
        while not any(line.startswith("Preview on") for line in lines):
            time.sleep(0.05)
        site = base / SITE
        original = site.read_text(encoding="utf-8")

        def fetch():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{URL}") as response:
                return response.read().decode("utf-8")

        def edit(n):
            site.write_text(original.replace("title: Gewerbepark Am Kanalbogen", f"title: Kanalbogen Fassung {n}"),
                            encoding="utf-8")
            return time.perf_counter()

        served, shown = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}{URL}")
            for n in range(edits):
                time.sleep(0.3)
                started = edit(n)
                while f"Fassung {n}<" not in fetch():
                    time.sleep(0.005)
                served.append(time.perf_counter() - started)
                page.wait_for_function(f"document.querySelector('h1').innerText.includes('Fassung {n}')",
                                       polling=5, timeout=30000)
                shown.append(time.perf_counter() - started)
            browser.close()
        print(f"invoke serve, save → rebuilt page served:        {seconds(served)}")
        print(f"invoke serve, save → open page shows the edit:   {seconds(shown)}  (target < 1 s)")

        memory = [rss_kib(process.pid)]
        for n in range(rebuilds):
            count = sum("rebuilt in" in line for line in lines)
            edit(1000 + n)
            while sum("rebuilt in" in line for line in lines) == count:
                time.sleep(0.01)
            memory.append(rss_kib(process.pid))
        print(f"invoke serve, memory of server + fork server: {memory[0] / 1024:.1f} MiB at the start, "
              f"{memory[1] / 1024:.1f} MiB after 1 rebuild, {memory[-1] / 1024:.1f} MiB after {rebuilds} more")
        process.terminate()
        process.wait(timeout=10)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of invoke check")
    parser.add_argument("--edits", type=int, default=10, help="edits timed in the preview")
    parser.add_argument("--rebuilds", type=int, default=30, help="rebuilds for the memory figure")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (figures grow with the load)")
    bench_check(args.runs)
    bench_rebuild_cpu(args.runs)
    bench_preview(args.edits, args.rebuilds)


if __name__ == "__main__":
    main()
