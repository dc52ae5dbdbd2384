"""Benchmark: the full 2022 GIAS national files, batched loader vs parse-only vs naive.

    python benchmarks/bench_gias.py [--data DIR] [--runs N] [--sample 2000] [--allow-clear]

Runs on the embedded FalkorDB (a fresh temp store, always) and on Neo4j when NEO4J_URI and
NEO4J_PASSWORD are set. Neo4j is emptied before each run, so a Neo4j database that holds data
is only used with --allow-clear. Prints one table, a column per backend:

- parse: read + check + map every row, no writes (loaders.gias.parse_gias);
- load: loaders.gias.load_gias on an empty store (parse included), the fastest of --runs runs,
  and source rows per second;
- naive: one statement per node and per relationship, no batching, timed on a sample of source
  rows (the first rows of each file, in proportion to its size), extrapolated to all rows;
- ratios naive/load and load/parse, against the goals (load under 10 s embedded / 20 s Neo4j,
  naive/load >= 20, load/parse <= 2);
- with --before (FalkorDB): the batched load with the fast path off (the client's parameter
  writer, MERGE for every element, GC running), alternating with the fast load in one run.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from graphmodel import Graph, default_model
from graphmodel.backends import FalkorBackend
from graphmodel import gc_pause
from graphmodel.writer import node_statement, rel_statement
from loaders.gias import load_gias, parse_gias
from loaders.gias_map import MAPPERS, Context, Row, RowOps

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gias-2022"
FILES = ("groups.csv", "group_links.csv", "links.csv")
EXTRACT_DATE = "2022-08-31"
GOAL_LOAD = {"falkordb": 10.0, "neo4j": 20.0}


def naive_sample(graph: Graph, parsed, sample: int) -> tuple[float, int, int]:
    """Time a one-statement-per-element load of the first rows of each file.

    Returns (seconds, source rows loaded, statements run).
    """
    total = sum(len(pf.raw.records) for pf in parsed)
    ctx = Context()
    model = graph.model
    seconds, rows, statements = 0.0, 0, 0
    for pf in parsed:
        raw = pf.raw
        index = raw.column_index()
        take = max(1, round(sample * len(raw.records) / total))
        mapper = MAPPERS[raw.kind.name]
        for n, fields in raw.records[:take]:
            ops = RowOps(pf.source, f"row {n}")
            mapper(Row(fields, index), ops, ctx)
            t = time.perf_counter()
            for op in ops.nodes:
                graph.write(node_statement(model, op.label, create=True),
                            {"rows": [{"key": op.key, "props": op.props, "create": op.create}]})
            for op in ops.rels:
                graph.write(rel_statement(model, op.rel, op.source[0], op.target[0]),
                            {"rows": [{"from": op.source[1], "to": op.target[1],
                                       "props": op.props}]})
            seconds += time.perf_counter() - t
            statements += len(ops.nodes) + len(ops.rels)
            rows += 1
    return seconds, rows, statements


def fast_path(on: bool) -> None:
    """The load's fast path (FalkorDB parameter text, CREATE by id, GC paused) on or off."""
    FalkorBackend.creates_by_id = on
    FalkorBackend.fast_params = on
    gc_pause.ENABLED = on


def measure(open_graph, paths, runs: int, sample: int, before: bool = False) -> dict:
    """Raw figures (seconds): parse only, best batched load, naive loader extrapolated; with
    before, also the batched load with the fast path off, alternating with the fast one."""
    model = default_model()
    parse_s, parsed = None, None
    for _ in range(runs):  # parse is timed as often as load, and the fastest kept
        t = time.perf_counter()
        parsed = parse_gias(paths, model, extract_date=EXTRACT_DATE)
        took = time.perf_counter() - t
        parse_s = took if parse_s is None else min(parse_s, took)
    rows = sum(pf.rows for pf in parsed)
    loads, olds = [], []
    with open_graph() as g:
        for _ in range(runs):
            g.clear()
            t = time.perf_counter()
            load_gias(g, paths, extract_date=EXTRACT_DATE)
            loads.append(time.perf_counter() - t)
            if before and g.kind == "falkordb":
                counts = g.counts()
                g.clear()
                fast_path(False)
                try:
                    t = time.perf_counter()
                    load_gias(g, paths, extract_date=EXTRACT_DATE)
                    olds.append(time.perf_counter() - t)
                finally:
                    fast_path(True)
                if g.counts() != counts:
                    raise SystemExit("bench_gias: the fast and the old load differ in counts")
        counts = g.counts()
        g.clear()
        naive_s, naive_rows, statements = naive_sample(g, parsed, sample)
        g.clear()
    return {"rows": rows, "parse": parse_s, "load": min(loads), "loads": loads, "olds": olds,
            "naive": naive_s / naive_rows * rows, "naive_sample": (naive_rows, statements, naive_s),
            "nodes": sum(counts[label] for label in model.labels),
            "relationships": sum(counts[r] for r in model.relationships)}


def bench(name: str, open_graph, paths, runs: int, sample: int, before: bool = False) -> dict:
    m = measure(open_graph, paths, runs, sample, before)
    rows, parse_s, load_s, loads = m["rows"], m["parse"], m["load"], m["loads"]
    naive_rows, statements, naive_s = m["naive_sample"]
    naive_total = m["naive"]
    old = {}
    if m["olds"]:
        o = min(m["olds"])
        runs_ = ", ".join(f"{x:.2f}" for x in m["olds"])
        old = {"batched load, before (s)": f"{o:.2f} (client's parameter text, MERGE only, GC "
                                            f"on; best of {runs_})",
               "before / batched": f"{o / load_s:.2f}x",
               "before / parse": f"{o / parse_s:.1f}x"}
    return {
        "backend": name,
        "source rows": f"{rows:,}",
        "nodes / relationships": f"{m['nodes']:,} / {m['relationships']:,}",
        "parse only (s)": f"{parse_s:.2f}",
        "batched load (s)": f"{load_s:.2f}" + (f" (best of {', '.join(f'{x:.2f}' for x in loads)})"
                                              if runs > 1 else ""),
        "batched rows/s": f"{rows / load_s:,.0f}",
        "naive sample": f"{naive_rows:,} rows, {statements:,} statements, {naive_s:.2f} s",
        "naive, extrapolated (s)": f"{naive_total:.1f}",
        "naive / batched": f"{naive_total / load_s:.1f}x (goal >= 20x)",
        "batched / parse": f"{load_s / parse_s:.1f}x (goal <= 2x)",
        "goal load time": f"{'met' if load_s < GOAL_LOAD[name] else 'MISSED'} "
                          f"(< {GOAL_LOAD[name]:.0f} s)",
        **old,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder of the 2022 GIAS files")
    ap.add_argument("--runs", type=int, default=3,
                    help="batched loads per backend; the fastest is reported and used in ratios")
    ap.add_argument("--sample", type=int, default=2000, help="source rows for the naive loader")
    ap.add_argument("--before", action="store_true",
                    help="also time the load with the fast path off (FalkorDB), alternating")
    ap.add_argument("--allow-clear", action="store_true",
                    help="allow emptying a Neo4j database that holds data")
    args = ap.parse_args(argv)
    paths = [args.data / f for f in FILES]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"bench_gias: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    results, notes = [], []
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-") as tmp:
        results.append(bench("falkordb", lambda: Graph.open(data_dir=tmp), paths, args.runs,
                             args.sample, args.before))
    uri = os.environ.get("NEO4J_URI")
    if uri and os.environ.get("NEO4J_PASSWORD"):
        with Graph.open(uri) as g:
            held = g.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
            where = g.uri
        if held and not args.allow_clear:
            notes.append(f"neo4j: skipped: {where} holds {held} nodes and the benchmark empties "
                         "it (pass --allow-clear)")
        else:
            results.append(bench("neo4j", lambda: Graph.open(uri), paths, args.runs,
                                 args.sample))
    else:
        notes.append("neo4j: skipped (set NEO4J_URI and NEO4J_PASSWORD)")
    keys = list(dict.fromkeys(k for r in results for k in r))
    for r in results:
        for k in keys:
            r.setdefault(k, "-")
    width = max(map(len, keys))
    cols = [max(len(r[k]) for k in keys) for r in results]
    print(f"GIAS 2022 national files ({', '.join(FILES)}); naive loader timed on a sample and "
          "extrapolated")
    for k in keys:
        print(f"{k:<{width}}  " + "  ".join(f"{r[k]:<{c}}" for r, c in zip(results, cols)).rstrip())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load is not None:
        notes.append(f"machine load average {load:.1f} on {os.cpu_count()} CPUs while measuring")
    for n in notes:
        print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
