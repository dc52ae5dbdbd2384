"""How fast this machine runs Python today, so figures from different days can be compared.

The machines these benchmarks run on differ by 2x from one day to the next (benchmarks/README.md,
2026-12-02): a run's ratios hold, its seconds do not. `yardstick()` times a fixed pure-Python
loop (the kind of work parsing and resolution do); a figure divided by it is comparable across
machines, roughly.
"""
from __future__ import annotations

import time

LOOP = 20_000_000


def yardstick(runs: int = 3) -> float:
    """Seconds for LOOP additions in a Python loop, best of runs (1.43 s on 2026-12-02)."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        s = 0
        for i in range(LOOP):
            s += i
        best = min(best, time.perf_counter() - t0)
    return best


__all__ = ["LOOP", "yardstick"]
