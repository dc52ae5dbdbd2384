"""Health checks of the embedded server while a query waits for its reply.

Why: FalkorDB 4.22.1 corrupts its heap on some queries, and its crash handler then deadlocks,
so the server neither answers nor exits (tests/test_hung_server.py). Without a check, the
command waited forever and every later one failed to open the store. A long query is not
mistaken for a hang: the server answers health checks on another connection meanwhile. Not
seen here: a crash that leaves the server answering (only the query's thread is stuck) until
its next snapshot fork deadlocks the rest (`save 300 1`: within 5 minutes of a write).

One watchdog thread per open store, started on the first query: a thread per query cost
0.27 ms a query, more than a small read itself.
"""
from __future__ import annotations

import itertools
import threading
import time
from contextlib import contextmanager

PROBE_EVERY = 5.0    # seconds between health checks while a query runs
SILENT_AFTER = 30.0  # a server that answers none for this long is hung, and is killed


class Watchdog:
    """Health checks for one EmbeddedServer while any query on it waits (several threads may
    wait at once). A server it kills is named by the server's `killed`."""

    def __init__(self, server):
        self.server = server
        self._waiting: dict[int, float] = {}   # token -> when its wait began
        self._tokens = itertools.count()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    @contextmanager
    def answering(self):
        """Around one query: a server silent for SILENT_AFTER seconds meanwhile is killed, so
        its socket closes and this wait ends in a connection error."""
        token = next(self._tokens)
        with self._lock:
            self._waiting[token] = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, daemon=True,
                                                name="govgraph-server-health")
                self._thread.start()
        try:
            yield self
        finally:
            with self._lock:
                del self._waiting[token]

    def _oldest(self) -> float | None:
        with self._lock:
            return min(self._waiting.values(), default=None)

    def _watch(self) -> None:
        silent_since = None
        while not self._closed.wait(PROBE_EVERY):
            began = self._oldest()
            if began is None or time.monotonic() - began < PROBE_EVERY or self.server._ping():
                silent_since = None
                continue
            now = time.monotonic()
            silent_since = silent_since or now
            if now - silent_since >= SILENT_AFTER and self._oldest() is not None:
                pid = self.server.pid()
                if pid is not None:
                    self.server.kill(pid)
                return

    def close(self) -> None:
        self._closed.set()


__all__ = ["PROBE_EVERY", "SILENT_AFTER", "Watchdog"]
