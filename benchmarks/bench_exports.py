"""Benchmark: whole-store exports streamed a batch at a time, and an authority's page.

Why: a researcher exports the national register for Gephi or R, and opens their authority's
page, dozens of times a day. Prints, side by side in one run on one store (the 2022 register
loaded, by default from ../shared/data/gias-2022; or --data-dir of a store that has it):
- each format's streamed export (time, peak memory of its own process), against the floor of
  reading every node and relationship in one query each and the old path (the whole store as a
  networkx graph, then networkx's writer), and the peak memory with a batch 5x smaller;
- an authority's page: the library call (query, layout, write) and the command time of
  `govgraph viz --la`, against the command time of `govgraph status` on the same store.
Each measurement runs in its own process, so peak memory is that export's own. With --before
REV, each streamed export also runs on that revision's code (git archive), interleaved with this
tree's runs, and the table gives its median and the ratio after/before.

    python benchmarks/bench_exports.py [--data-dir DIR] [--la 919] [--as-of 2020-01-01]
        [--before REV --repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_viz_page import checkout  # noqa: E402  (this folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
GIAS = ROOT.parent / "shared" / "data" / "gias-2022"
EXTRACT_DATE = "2022-08-31"   # the 2022 files' names carry no date (../shared/data/README.md)
PY = sys.executable

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from graphmodel.store import Graph
from graphmodel import queries
from visualisations import export, network
import networkx as nx
what, uri, data_dir, out, arg = sys.argv[2:7]
def peak_kb():
    # VmHWM: this process's own peak. ru_maxrss keeps the peak of the process it was forked
    # from (Linux carries it over exec), so a child of a large benchmark reported 1.4 GB.
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
base = peak_kb()
with Graph.open(uri or None, data_dir=data_dir or None) as g:
    t = time.perf_counter()
    if what == "floor":
        n = len(queries.run(g, "viz_all_nodes")); e = len(queries.run(g, "viz_all_edges"))
    elif what == "networkx":
        G = export.whole_graph(g)
        H = nx.MultiDiGraph()
        for k, d in G.nodes(data=True):
            H.add_node(k, **{a: (json.dumps(v) if isinstance(v, list) else v) for a, v in d.items()})
        for s, t2, d in G.edges(data=True):
            H.add_edge(s, t2, **{a: (json.dumps(v) if isinstance(v, list) else v) for a, v in d.items()})
        nx.write_graphml(H, out, named_key_ids=True)
        n, e = G.number_of_nodes(), G.number_of_edges()
    elif what == "page":
        view = network.authority_view(g, arg)
        network.render(view, out)
        n, e = len(view.nodes), len(view.edges)
    else:
        fmt, _, as_of = what.partition("@")   # "graphml@2020-01-01": as of that date
        _, n, e = export.export(g, fmt, out, batch=int(arg), as_of=as_of or None)
    dt = time.perf_counter() - t
peak = peak_kb()
print(json.dumps({"s": dt, "n": n, "e": e, "peak_mb": peak / 1e3, "grew_mb": (peak - base) / 1e3}))
"""


def child(what, uri, data_dir, out, arg="", root: Path = ROOT) -> dict:
    """One measurement in its own process, on the code at root (this tree, or --before's)."""
    r = subprocess.run([PY, "-c", CHILD, str(root), what, uri or "", data_dir or "", str(out),
                        str(arg)], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(root)})
    if r.returncode:
        raise SystemExit(f"{what} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def command(args, data_dir) -> float:
    t = time.perf_counter()
    r = subprocess.run([PY, "-m", "govgraph.cli", "--data-dir", data_dir, *args],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if r.returncode:
        raise SystemExit(f"govgraph {' '.join(args)} failed: {r.stderr or r.stdout}")
    return time.perf_counter() - t


def build_store(data_dir: str) -> None:
    files = sorted(str(p) for p in GIAS.glob("*.csv"))
    if not files:
        raise SystemExit(f"no register files in {GIAS}: pass --data-dir of a loaded store")
    print(f"loading the case studies and {len(files)} register files into {data_dir} ...")
    command(["load", "cases"], data_dir)
    command(["load", "gias", "--extract-date", EXTRACT_DATE, *files], data_dir)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", help="an embedded store with the 2022 register loaded")
    ap.add_argument("--la", default="919", help="the authority whose page is timed")
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--export-goal", type=float, default=5.0)
    ap.add_argument("--page-goal", type=float, default=1.0)
    ap.add_argument("--as-of", help="also export as of this date (YYYY-MM-DD), beside the "
                                    "undated export (docs/time.md)")
    ap.add_argument("--before", help="a git revision: its streamed exports too, each run "
                                     "interleaved with this tree's (median of --repeat)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per streamed export (median)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="govgraph-bench-exports-")
    if args.before:
        (Path(tmp) / "before").mkdir()
    before = checkout(args.before, Path(tmp) / "before") if args.before else None
    data_dir = args.data_dir or os.path.join(tmp, "store")
    if not args.data_dir:
        build_store(data_dir)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"store {data_dir}; batch {args.batch}")

    floor = child("floor", None, data_dir, "-")
    nxw = child("networkx", None, data_dir, Path(tmp) / "nx.graphml")
    print(f"\n{'whole store':28} {'nodes':>7} {'rels':>7} {'time s':>7} {'peak MB':>8} "
          f"{'vs floor':>8} {'vs old':>7} {'goal':>6}"
          + (f"  before ({args.before}): time s, after/before" if before else ""))
    print(f"{'floor: read all, 2 queries':28} {floor['n']:7d} {floor['e']:7d} {floor['s']:7.2f} "
          f"{floor['peak_mb']:8.0f}")
    print(f"{'old: networkx graph+writer':28} {nxw['n']:7d} {nxw['e']:7d} {nxw['s']:7.2f} "
          f"{nxw['peak_mb']:8.0f}")
    for fmt in ("graphml", "gexf", "csv"):
        out = Path(tmp) / (f"x.{fmt}" if fmt != "csv" else "csv")
        runs, old = [], []
        for _ in range(args.repeat):   # interleaved, so drifting load weighs on both alike
            if before:
                old.append(child(fmt, None, data_dir, out, args.batch, root=before))
            runs.append(child(fmt, None, data_dir, out, args.batch))
        r = sorted(runs, key=lambda x: x["s"])[len(runs) // 2]
        small = child(fmt, None, data_dir, out, max(1, args.batch // 5))
        met = "met" if r["s"] <= args.export_goal else "MISSED"
        was = (f"  {statistics.median(x['s'] for x in old):7.2f} "
               f"{r['s'] / statistics.median(x['s'] for x in old):5.2f}x" if old else "")
        print(f"{'streamed ' + fmt:28} {r['n']:7d} {r['e']:7d} {r['s']:7.2f} {r['peak_mb']:8.0f} "
              f"{r['s'] / floor['s']:7.2f}x {r['s'] / nxw['s']:6.2f}x {args.export_goal:5.1f}s {met}"
              + was)
        print(f"{'  same, batch ' + str(max(1, args.batch // 5)):28} {small['n']:7d} "
              f"{small['e']:7d} {small['s']:7.2f} {small['peak_mb']:8.0f}")
        if args.as_of:
            d = child(f"{fmt}@{args.as_of}", None, data_dir, out, args.batch)
            print(f"{'  same, as of ' + args.as_of:28} {d['n']:7d} {d['e']:7d} {d['s']:7.2f} "
                  f"{d['peak_mb']:8.0f}   as of / undated {d['s'] / r['s']:.2f}x")

    page = child("page", None, data_dir, Path(tmp) / "la.html", args.la)
    cmd_status = command(["status"], data_dir)
    cmd_page = command(["viz", "--la", args.la, "-o", str(Path(tmp) / "la2.html")], data_dir)
    met = "met" if cmd_page <= args.page_goal else "MISSED"
    print(f"\nauthority {args.la}: {page['n']} nodes, {page['e']} relationships")
    print(f"  library call (query, layout, write page)  {page['s']:6.2f} s")
    print(f"  command `govgraph viz --la {args.la}`         {cmd_page:6.2f} s  "
          f"(goal {args.page_goal:.1f} s: {met})")
    print(f"  command `govgraph status` (baseline)      {cmd_status:6.2f} s  "
          f"ratio viz/status {cmd_page / cmd_status:.2f}x")
    print(f"machine load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
