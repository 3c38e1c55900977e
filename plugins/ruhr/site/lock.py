"""One build at a time per output folder, and the leftovers of killed builds removed.

A build (the CLI's, the preview's rebuild, the publish's build and upload) holds `<output>.lock`, a file beside
the output folder, while it works. A second build of the same folder waits and says for whom
(`waiting for the build started at 14:02 (pid 4711)`), or stops at once when started with --no-wait.

The lock is a POSIX record lock (fcntl.lockf), not flock: it belongs to the process alone, so the worker
processes a build forks do not inherit it, and the kernel releases it when the build ends in any way,
`kill -9` included. Whoever holds the lock knows that no other build of this folder is running, so every
`<output>.staging-*` folder is a leftover of a killed build: it becomes the next build's starting point
(`.<output>.previous`) when there is none, else it is removed.
"""

import datetime
import fcntl
import glob
import os
import shutil
import sys
import time

_held = {}  # lock file -> [open file, depth]: a publish holds the lock and runs a build inside it


class Busy(Exception):
    """Another build works on the output folder and we were asked not to wait."""


def lock_path(target):
    target = os.path.realpath(target)
    return os.path.join(os.path.dirname(target), "." + os.path.basename(target) + ".lock")


def _holder(fh, patience=5.0):
    """Who holds the lock, as the holder wrote it. A build writes its line just after it takes the lock, so a
    build that finds the lock taken but the file empty (or half-written) reads again for a moment."""
    deadline = time.monotonic() + patience
    while True:
        fh.seek(0)
        line = fh.read()
        words = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if line.endswith("\n") and "pid" in words or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    if "pid" not in words:
        return "another build"
    started = datetime.datetime.fromtimestamp(float(words.get("started", 0))).strftime("%H:%M")
    return f"the {words.get('what', 'build')} started at {started} (pid {words['pid']})"


class OutputLock:
    """`with OutputLock(target, wait=True, stream=sys.stderr, what="build"):` — held while the block runs."""

    def __init__(self, target, wait=True, stream=sys.stderr, what="build"):
        self.path, self.target = lock_path(target), os.path.realpath(target)
        self.wait, self.stream, self.what = wait, stream, what

    def __enter__(self):
        if self.path in _held:
            _held[self.path][1] += 1
            return self
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            try:
                fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _holder(fh)
                if not self.wait:
                    raise Busy(f"{holder} is writing {os.path.relpath(self.target)}; "
                               "wait for it, or start again without --no-wait") from None
                print(f"waiting for {holder} …", file=self.stream, flush=True)
                fcntl.lockf(fh, fcntl.LOCK_EX)
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid={os.getpid()} started={time.time():.0f} what={self.what}\n")
            fh.flush()
        except BaseException:
            fh.close()
            raise
        _held[self.path] = [fh, 1]
        remove_leftovers(self.target)
        return self

    def __exit__(self, *exc):
        entry = _held[self.path]
        entry[1] -= 1
        if entry[1] == 0:
            del _held[self.path]
            entry[0].close()  # releases the lock


def remove_leftovers(target):
    """Clear away what killed builds left (call it holding the lock): a staging folder becomes the next build's
    starting point when there is none (`.<output>.previous`; ruhr.site.staging keeps only the files a build
    makes, so a half-updated folder is as good a start as any), others are removed."""
    from ruhr.site.staging import previous_path
    previous = previous_path(target)
    for folder in sorted(glob.glob(glob.escape(target) + ".staging-*")):
        if not os.path.exists(previous):
            try:  # (deleting a whole output copy takes seconds)
                os.rename(folder, previous)
                continue
            except OSError:
                pass
        shutil.rmtree(folder, ignore_errors=True)
