"""Betweenness for the brokers reports: the earlier networkx estimate against analysis.centrality,
side by side in one run, on the same networks, with how close each came to the exact values.

    python benchmarks/bench_brokers.py [--scale 1.0] [--repeat 3] [--store DIR] [--national]

Networks: an authority of the synthetic national graph of bench_questions (`--la`, default 842,
built into a temporary store at --scale), the register's resolved people and boards of an
existing store (`--store`, e.g. after `govgraph load gias` of the 2022 files and a generated
governance extract), and with --national the whole synthetic graph (networkx took 16 minutes
there: it is timed once, and only when asked). The earlier definition was networkx's
betweenness_centrality sampled from 150 sources (report brokers) or 400 (register-brokers)
above 150 or 400 nodes. For each network: seconds for each, the ratio, and against the exact
values (igraph, where they take under a minute): the largest error among the exact top 10, how
many of the top 10 each found, and how often the new margin holds the exact value.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import bench_questions  # noqa: E402
from bench_register import timed  # noqa: E402 - median, and the last answer
from graphmodel import Graph  # noqa: E402
from graphmodel import queries as Q  # noqa: E402

from analysis.centrality import betweenness  # noqa: E402


def networkx_estimate(links, k: int) -> dict:
    """The definition the reports used before analysis.centrality."""
    import networkx as nx

    g = nx.Graph()
    g.add_edges_from(links)
    return nx.betweenness_centrality(g, normalized=True,
                                     k=None if g.number_of_nodes() <= k else k, seed=0)


def compare(label: str, links: list, k: int, repeat: int, exact_too: bool) -> None:
    import igraph  # noqa: F401 - imported before the clock starts, as a report's second call

    old_t, old = timed(lambda: networkx_estimate(links, k), repeat)
    new_t, new = timed(lambda: betweenness(links), repeat)
    how = "exact" if new.exact else f"{new.sources} sources"
    print(f"{label}: {len(new.keys):,} nodes, {new.edges:,} links")
    print(f"  networkx, {k} sources   {old_t:8.3f} s")
    print(f"  centrality ({how})  {new_t:8.3f} s   {old_t / new_t:.1f}x faster")
    if not exact_too:
        return
    exact = new if new.exact else betweenness(links, exact_work=10 ** 15)
    truth = dict(zip(exact.keys, exact.scores))
    top = sorted(truth, key=lambda x: (-truth[x], x))[:10]
    got = dict(zip(new.keys, new.scores))
    margin = dict(zip(new.keys, new.margins))
    for name, est in (("networkx", old), ("centrality", got)):
        found = sorted(est, key=lambda x: (-est[x], x))[:10]
        err = max(abs(est[x] - truth[x]) for x in top)
        print(f"  {name:<11} largest error in the exact top 10: {err:.4f}; "
              f"top 10 found: {len(set(found) & set(top))} of 10")
    held = sum(abs(got[x] - truth[x]) <= margin[x] + 1e-12 for x in top)
    print(f"  centrality's margin holds the exact value for {held} of the top 10")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--la", default="842")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--store", type=Path, help="a store holding the register's governance")
    ap.add_argument("--national", action="store_true",
                    help="also the whole synthetic graph (networkx: minutes, timed once)")
    args = ap.parse_args(argv)
    from analysis.register import people_and_links

    with tempfile.TemporaryDirectory() as tmp:
        g = Graph.open(data_dir=Path(tmp) / "store")
        try:
            g.ensure_schema()
            nodes, rels, _ = bench_questions.build_rows(args.scale)
            bench_questions.load(g, nodes, rels)
            for la in [args.la] + ([None] if args.national else []):
                rows = Q.run(g, "membership_projection", {"la": la, "as_of": None})
                links = [(r["source_key"], r["target_key"]) for r in rows]
                compare(f"report brokers, synthetic graph, {'authority ' + la if la else 'national'}",
                        links, 150, args.repeat if la else 1, exact_too=la is not None)
        finally:
            g.close()
    if args.store:
        g = Graph.open(data_dir=args.store)
        try:
            people = people_and_links(g, None)[0]
        finally:
            g.close()
        links = [(p["person_key"], b) for p in people for b in p["board_keys"]]
        compare("report register-brokers, national", links, 400, args.repeat, exact_too=True)


if __name__ == "__main__":
    main()
