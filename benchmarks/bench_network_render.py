"""Benchmark: a synthetic 2,000-node authority network, from graph to a settled page.

Why: an authority view with the register loaded has hundreds of schools, their governing
bodies and the seats on every partnership; the page must stop moving quickly (target under
10 s) on this kind of machine. Prints the time to lay out (networkx), to write the page, and
until the page in headless Chromium reports it is drawn and its positions no longer change.
Not a timed test: run it by hand.

    python benchmarks/bench_network_render.py [--nodes 2000] [--keep out.html]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from visualisations import network  # noqa: E402

import browser  # noqa: E402  (tests/browser.py: headless Chromium through Playwright)

CONSTITUENCIES = ["headteacher"] * 5 + ["governor"] * 2 + ["officer", "agency", "agency",
                                                          "councillor", "community"]


def synthetic_authority(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """Authority -> localities -> clusters; schools with governing bodies; partnerships with
    seats; accountability and delegation as the case studies have them."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    e = 0

    def node(key, label, **props):
        G.add_node(key, node_label=label, name=props.pop("name", key), source="synthetic",
                   source_ref=key, **props)

    def edge(a, b, rel, **props):
        nonlocal e
        e += 1
        G.add_edge(a, b, key=f"{rel}#{e}", rel_type=rel, source="synthetic", source_ref=str(e),
                   **props)

    node("la", "LocalAuthority", name="Synthshire")
    node("funder", "Funder", name="Funder")
    edge("funder", "la", "FUNDS")
    loc = c = 0
    while G.number_of_nodes() < n:
        if c % 6 == 0:
            loc += 1
            node(f"l{loc}", "Locality", name=f"Locality {loc}")
            edge(f"l{loc}", "la", "PART_OF")
            node(f"l{loc}/board", "Partnership", name=f"Locality board {loc}", status="active")
            edge(f"l{loc}/board", f"l{loc}", "IN_AREA")
            edge(f"l{loc}/board", "la", "ACCOUNTABLE_TO", basis="resource", perceived=True)
        c += 1
        cl = f"l{loc}/c{c}"
        node(cl, "Cluster", name=f"Cluster {c}", tier="neighbourhood")
        edge(cl, f"l{loc}", "PART_OF")
        body = f"{cl}/jc"
        node(body, "JointCommittee", name=f"Joint committee {c}", status="active")
        edge(body, cl, "IN_AREA")
        edge(body, "la", "ACCOUNTABLE_TO", basis="resource", perceived=True)
        edge("funder", body, "FUNDS")
        for s in range(rnd.randint(4, 8)):
            school, gb = f"{cl}/s{s}", f"{cl}/s{s}/gb"
            node(school, "School", name=f"School {c}.{s}")
            edge(school, cl, "IN_AREA")
            node(gb, "GoverningBody", name=f"Governing body {c}.{s}", status="active")
            edge(gb, school, "GOVERNS")
            edge(gb, body, "DELEGATES_TO", powers=["extended services", "budget"])
            edge(body, gb, "ACCOUNTABLE_TO", basis="legal", perceived=False)
            edge(school, body, "MEMBER_INSTITUTION", participation="voluntary")
            for role in ("head", "governor"):
                p = f"{school}/{role}"
                node(p, "Person", name=f"{role} {c}.{s}", kind="seat")
                edge(p, body, "MEMBER_OF", role=role, voting=True, attendance="member",
                     constituency="headteacher" if role == "head" else "governor")
        for k in range(rnd.randint(3, 6)):
            p = f"{cl}/rep{k}"
            node(p, "Person", name=f"Representative {c}.{k}", kind="seat")
            edge(p, f"l{loc}/board", "MEMBER_OF", role="representative",
                 constituency=rnd.choice(CONSTITUENCIES), voting=rnd.random() < 0.8,
                 attendance=rnd.choice(["member", "member", "attends_without_membership"]))
    return G


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--keep", help="also save the page here")
    ap.add_argument("--target", type=float, default=10.0, help="seconds")
    args = ap.parse_args()

    G = synthetic_authority(args.nodes)
    t0 = time.perf_counter()
    view = network.view_from_graph(G, "Synthshire (synthetic)", "benchmark")
    t_layout = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bench.html"
        t0 = time.perf_counter()
        network.render(view, path)
        t_write = time.perf_counter() - t0
        with browser.launch() as b:
            t0 = time.perf_counter()
            page = browser.open_page(b, path, "window.govgraph && window.govgraph.stabilised",
                                     timeout_s=120)
            t_drawn = time.perf_counter() - t0
            # Then: has it stopped moving? Compare positions two animation frames apart.
            page.wait_for_function("""() => new Promise(r => {
                var a = JSON.stringify(govgraph.network.getPositions());
                requestAnimationFrame(() => requestAnimationFrame(() =>
                    r(JSON.stringify(govgraph.network.getPositions()) === a)));
            })""", timeout=120000)
            t_still = time.perf_counter() - t0
            inside = page.evaluate("govgraph.timings")
            drawn = page.evaluate("JSON.parse(document.getElementById('govgraph-status')"
                                  ".textContent).shown")
    total = t_layout + t_write + t_still
    print(f"nodes {G.number_of_nodes()}, relationships {G.number_of_edges()}, shown at first "
          f"{drawn} (schools folded into {len(view.groups)} groups), "
          f"physics {'on' if view.physics else 'off (positions precomputed)'}")
    print(f"layout (networkx)    {t_layout:6.2f} s")
    print(f"write page           {t_write:6.2f} s  ({path.stat().st_size / 1e6:.1f} MB)"
          if args.keep else f"write page           {t_write:6.2f} s")
    print(f"open until drawn     {t_drawn:6.2f} s  (in the page, ms since its script began: "
          + ", ".join(f"{k} {v:.0f}" for k, v in inside.items()) + ")")
    print(f"open until still     {t_still:6.2f} s")
    print(f"total                {total:6.2f} s  (target < {args.target:.0f} s: "
          f"{'met' if total < args.target else 'MISSED'})")
    return 0 if total < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
