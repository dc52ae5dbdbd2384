"""Readers during a load: 8 threads, each with its own Graph, answer reports while a register
load writes, on both backends, on loopback (or the embedded unix socket) only.

The readers start at the load's first batch and stop once each has answered OVERLAPS times
while it was in progress (events, not a timer); half way through, the load waits for that, so
the overlap is certain, under a hard deadline. Every call must answer without an error, and the answers are counted. The load
writes into an authority code the corpus does not use, and is removed afterwards, so the shared
corpus store is left exactly as it was.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
from urllib.parse import urlsplit

from bad_inputs import EST_HEAD, diff, dump, to_csv
from graphmodel import Graph
from graphmodel import queries as Q
from analysis import compare as C, reports as R
from tally_plugin import add

READERS = 8
OVERLAPS = 3          # answers each reader must give while the load is in progress
DEADLINE = 60.0       # hard limit for the whole exercise (threads, load, joins)
LA = "990"            # no such DfE code in the corpus
FILE = "edubasealldata20240129-concurrency.csv"
CALLS = [
    ("representation", lambda g: R.representation(g).rows),
    ("representation by la", lambda g: R.representation(g, by="la").rows),
    ("compare", lambda g: C.compare(g).rows),
    ("power", lambda g: R.power(g).rows),
    ("tiers", lambda g: R.tiers(g).rows),
    ("authority_summary", lambda g: Q.run(g, "authority_summary")),
    ("authorities", lambda g: Q.run(g, "authorities", {"scope": None})),
]


def loopback(uri: str) -> bool:
    host = urlsplit(uri).hostname or ""
    try:
        return all(ipaddress.ip_address(a[4][0]).is_loopback
                   for a in socket.getaddrinfo(host, None))
    except (OSError, ValueError):
        return False


def opener(graph: Graph):
    if graph.kind == "neo4j":
        uri = os.environ["NEO4J_URI"]
        assert loopback(uri), f"load tests run on loopback only, not {urlsplit(uri).hostname}"
        return lambda: Graph.open(uri)
    data_dir = graph.backend.server.dir  # the same embedded store, over its unix socket
    return lambda: Graph.open(data_dir=data_dir)


def register(folder, n: int):
    rows = [[str(7_000_000 + i), LA, "Concurrency Test LA", str(i), f"Load school {i}", "1",
             "Community school", "4", "LA maintained", "1", "Open", "2", "Primary",
             "01/09/1990", "", "", "", "", "", "600000", "300000"] for i in range(n)]
    path = folder / FILE
    path.write_text(to_csv(EST_HEAD, rows), encoding="utf-8")
    return path


def test_readers_answer_while_a_load_runs(corpus_graph, request, backend, tmp_path):
    from loaders.gias import load_gias

    holder = request.getfixturevalue("_falkor" if backend == "falkordb" else "_neo4j")
    assert not corpus_graph.read("MATCH (n {key: $k}) RETURN n.key AS k", {"k": LA})
    before = dump(corpus_graph)
    expected = {name: len(call(corpus_graph)) for name, call in CALLS}
    open_graph, n = opener(corpus_graph), 6000
    path = register(tmp_path, n)
    stop = threading.Event()
    loading = threading.Event()
    finished = threading.Event()  # the load ended (well or not): readers stop
    all_overlapped = threading.Event()  # every reader answered OVERLAPS times during the load
    overlap_lock = threading.Lock()
    load_errors: list[str] = []
    answers = [0] * READERS
    during = [0] * READERS
    errors: list[str] = []

    def progress(done: int, total: int) -> None:
        loading.set()
        if 2 * done >= total:  # half way: hold until every reader has overlapped the load
            all_overlapped.wait(max(0.1, started + DEADLINE / 2 - time.monotonic()))

    def load():
        try:
            with open_graph() as g:
                load_gias(g, [path], batch_size=200, progress=progress)
        except Exception as e:  # noqa: BLE001 - reported below
            load_errors.append(f"{type(e).__name__}: {e}")
        finally:
            loading.clear()
            finished.set()
            stop.set() if load_errors else None

    def read(i: int, until: float):
        try:
            with open_graph() as g:
                k = i
                while (time.monotonic() < until and not finished.is_set() and not stop.is_set()
                       and not all_overlapped.is_set()):
                    name, call = CALLS[k % len(CALLS)]
                    was_loading = loading.is_set()
                    rows = call(g)
                    assert isinstance(rows, list), name
                    grow = name in ("authorities", "authority_summary")  # + the load's LA
                    assert expected[name] <= len(rows) <= expected[name] + grow, (
                        name, len(rows), expected[name])
                    answers[i] += 1
                    if was_loading and loading.is_set():
                        during[i] += 1
                        with overlap_lock:
                            if min(during) >= OVERLAPS:
                                all_overlapped.set()
                    k += 1
        except Exception as e:  # noqa: BLE001 - every failure is a finding
            errors.append(f"reader {i}: {type(e).__name__}: {e}")

    started = time.monotonic()
    writer = threading.Thread(target=load, daemon=True)
    writer.start()
    assert loading.wait(DEADLINE / 2) or load_errors, "the load never wrote a batch"
    until = started + DEADLINE
    readers = [threading.Thread(target=read, args=(i, until), daemon=True)
               for i in range(READERS)]
    for t in readers:
        t.start()
    for t in readers:
        t.join(max(0.1, started + DEADLINE - time.monotonic()))
    writer.join(max(0.1, started + DEADLINE - time.monotonic()))
    hung = [t.name for t in readers + [writer] if t.is_alive()]
    add("answers", sum(answers))
    try:
        assert not hung, f"threads still running after the {DEADLINE:.0f}s deadline: {hung}"
        assert not load_errors, load_errors
        assert not errors, "\n".join(errors[:10])
        assert all(a >= 1 for a in answers), answers
        assert all(d >= OVERLAPS for d in during), f"too few answers overlapped the load: {during}"
        c = corpus_graph.read("MATCH (s:School)-[:IN_AREA]->(:LocalAuthority {key: $la}) "
                              "RETURN count(s) AS c, count(DISTINCT s.key) AS k", {"la": LA})[0]
        assert c == {"c": n, "k": n}, c
    finally:
        corpus_graph.write("MATCH (n) WHERE n.source STARTS WITH $f DETACH DELETE n",
                           {"f": FILE})
        left = diff(before, dump(corpus_graph))
        if left:
            holder.state = "unknown"  # the next corpus user reloads
        add("rows_lost", sum(x.startswith("-") for x in left))
    assert not left, left[:10]
