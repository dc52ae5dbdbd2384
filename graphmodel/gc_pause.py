"""Cyclic garbage collection paused while millions of small, acyclic objects are made.

Why: a national read, a load or an export builds rows, dicts and strings by the million. Each
700 new objects start a collection, and the older generations, which by then hold most of the
rows already built, are walked again and again: 20-30% of such a command's CPU (measured in
benchmarks/README.md). These objects hold no cycles, so reference counting frees them; the
collector is back on, as it was, when the outermost pause ends.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

ENABLED = True   # False: collections run as usual (benchmarks time the difference)


@contextmanager
def paused_gc():
    """Collections off for the block (or the decorated function); nested pauses are fine."""
    if not ENABLED:
        yield
        return
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


__all__ = ["ENABLED", "paused_gc"]
