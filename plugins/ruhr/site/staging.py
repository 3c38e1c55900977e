"""The build's staging folder: the previous output, updated in place, swapped in only when the build succeeded.

A build never writes into the output folder. It writes into `<output>.staging-*`, and when everything
succeeded it swaps that folder in with two renames (a reader sees the old site or the new one). The folder it
replaces is not deleted: it is kept beside it as `.<output>.previous` and becomes the next build's staging
folder. So a build does not create every file again: writers that find a file holding the bytes they would
write only touch it (`ruhr.util.files.write_if_changed`; pages copied from the page store too), and
before the swap every file this build did not make (its change time is older than the build; for photos
and cards, hard links into their caches, not among the links this build made) is removed.
The result is the same folder a build into an empty one makes (tests/test_incremental.py compares them).

Whatever is in the previous folder (a killed or failed build's half, files changed by hand) cannot leak
into the output: a file is kept only when this build wrote or touched it. A build that fails on the
content keeps the folder for the next one; any other failure removes it.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import time

STARTED = {}  # staging folder -> change time (ns) from which its files count as made by this build


def previous_path(target):
    return os.path.join(os.path.dirname(target), "." + os.path.basename(target) + ".previous")


def open_staging(target):
    """A new staging folder for `target` (call it holding the output lock): the previous output when there
    is one, else empty."""
    staging = tempfile.mkdtemp(prefix=os.path.basename(target) + ".staging-", dir=os.path.dirname(target))
    try:
        previous = previous_path(target)
        if os.path.isdir(previous):
            os.rmdir(staging)
            os.rename(previous, staging)
            time.sleep(0.01)  # the previous build's last change times lie before the marker's (coarse clocks)
        from ruhr.site.images import LINKED
        LINKED.difference_update([path for path in LINKED if path.startswith(staging + os.sep)])
        marker = os.path.join(staging, ".build-started")
        with open(marker, "w", encoding="utf-8"):
            pass
        STARTED[staging] = os.stat(marker).st_ctime_ns
        os.remove(marker)
    except BaseException:  # Ctrl+C, a full disk: no staging folder stays behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def remove_stale(staging, suffix=""):
    """Remove the files (ending in `suffix`) this build did not write or touch, and emptied folders.
    Returns the number of HTML pages left. Does nothing for a folder that is not a staging folder."""
    started = STARTED.get(staging)
    if started is None:
        return None
    from ruhr.site.images import LINKED
    pages, removed = 0, set()
    for folder, dirs, names in os.walk(staging, topdown=False):
        left = sum(os.path.join(folder, d) not in removed for d in dirs)
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(suffix) and _stale(path, started, LINKED):
                os.remove(path)
            else:
                left += 1
                pages += name.endswith(".html")
        if not left and folder != staging:
            os.rmdir(folder)
            removed.add(folder)
    return pages


def _stale(path, started, linked):
    """True for a file this build did not make: older than the build, or a hard link (a photo or card from
    its cache, whose change time any link renews) that ruhr.site.images.publish did not make this build."""
    st = os.lstat(path)
    if st.st_nlink > 1 and not path.endswith(".html"):  # (a page is never such a link: one in a backup made
                                                        # with `cp -al` counts by its time)
        return path not in linked
    return st.st_ctime_ns < started


def swap_in(staging, target):
    """Replace `target` by `staging` with two renames; the old output becomes the next staging folder."""
    STARTED.pop(staging, None)
    old = None
    if os.path.exists(target):
        old = tempfile.mkdtemp(prefix=os.path.basename(target) + ".old-", dir=os.path.dirname(target))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(staging, target)
    previous = previous_path(target)
    if old and not os.path.exists(previous):
        os.rename(old, previous)
    leftovers = glob.glob(os.path.join(os.path.dirname(target), glob.escape(os.path.basename(target)) + ".old-*"))
    if leftovers:  # an interrupted build's: deleting thousands of files takes seconds on some file systems
        subprocess.Popen(["rm", "-rf", "--", *leftovers], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)


def close_failed(staging, target, keep):
    """After a failed build: keep the staging folder for the next build (`keep`), or remove it."""
    STARTED.pop(staging, None)
    previous = previous_path(target)
    if keep and not os.path.exists(previous):
        try:
            os.rename(staging, previous)
            return
        except OSError:
            pass
    shutil.rmtree(staging, ignore_errors=True)
