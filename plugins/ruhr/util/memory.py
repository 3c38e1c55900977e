"""Keeping the build's process tree small while other processes run beside it (docs/benchmarks.md).

- `release()`: collect garbage and give the memory glibc keeps of freed blocks back to the system. After the
  model is built and after the pages are rendered, ~100 MB of freed blocks stay in the process otherwise.
- `frozen()`: a block in which forked workers share the parent's objects: `gc.freeze()` keeps the
  collector from writing to them, so the workers' pages stay shared (copy-on-write).
"""

import contextlib
import ctypes
import gc


def release():
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


@contextlib.contextmanager
def frozen():
    release()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
