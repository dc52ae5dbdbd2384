"""Progress with a true total, for loaders whose work arrives in increments."""
from __future__ import annotations

from typing import Callable

Progress = Callable[[int, int], None]  # (done so far, total)


def running_total(progress: Progress | None, total: int) -> Callable[[int], None]:
    """A callback taking increments (rows checked, nodes written) that reports the running
    count and the total, known from the start, to progress (if any)."""
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)
    return advance
