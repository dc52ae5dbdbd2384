"""Time every named question on a synthetic national-scale graph, FalkorDB and Neo4j side by side.

    python benchmarks/bench_questions.py [--scale 1.0] [--repeat 3]

Builds (through the project's own writer) 150 authorities, 20,000 schools with their governing
bodies, clusters and localities with partnership bodies, 250,000 people and about 400,000
memberships, then runs each cypher/ file with realistic parameters. Prints, per question, the
median time on each backend and their ratio, measured in the same run (machines are noisy:
compare ratios, not absolute numbers). Neo4j is included when NEO4J_URI/NEO4J_PASSWORD are set.
The goal of issue 4: every report under one second on the embedded default at this scale.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphmodel import Graph, queries as Q  # noqa: E402
from analysis import brokers as B, compare as C, reports as R  # noqa: E402
from graphmodel.writer import group, write_nodes, write_relationships  # noqa: E402

SRC = {"source": "synthetic benchmark", "source_ref": "generated"}
CONSTITUENCIES = ["governor"] * 8 + ["headteacher", "staff", "officer", "community"]


def build_rows(scale: float, seed: int = 7):
    rnd = random.Random(seed)
    n_la, n_schools, n_people = 150, int(20000 * scale), int(250000 * scale)
    nodes: dict[str, list] = {k: [] for k in ("LocalAuthority", "Locality", "Cluster", "School",
                                              "GoverningBody", "Partnership", "JointCommittee", "Person")}
    rels: list = []

    def node(label, key, **props):
        nodes[label].append({"key": key, "props": {**props, **SRC}})

    def rel(t, a, al, b, bl, **props):
        rels.append(((t, al, bl), {"from": a, "to": b, "props": {**props, **SRC}}))

    clusters = []
    for i in range(n_la):
        la = f"{800 + i}"
        node("LocalAuthority", la, name=f"Authority {i}", code=la, scope="register")
        for j in range(3):
            loc = f"{la}/loc{j}"
            node("Locality", loc, name=f"Locality {i}.{j}", tier="locality")
            rel("PART_OF", loc, "Locality", la, "LocalAuthority")
            node("Partnership", f"{loc}/forum", name=f"Forum {i}.{j}", kind="forum", status="active",
                 decision_rights="advisory", tier="locality")
            rel("IN_AREA", f"{loc}/forum", "Partnership", loc, "Locality")
            rel("ACCOUNTABLE_TO", f"{loc}/forum", "Partnership", la, "LocalAuthority",
                basis="resource", perceived=False)
            for k in range(4):
                cl = f"{loc}/c{k}"
                node("Cluster", cl, name=f"Cluster {i}.{j}.{k}", tier="neighbourhood")
                rel("PART_OF", cl, "Cluster", loc, "Locality")
                body_label = "JointCommittee" if k == 0 else "Partnership"
                extra = {} if k == 0 else {"kind": "steering_group"}
                node(body_label, f"{cl}/body", name=f"Cluster body {i}.{j}.{k}", status="active",
                     decision_rights="binding" if k == 0 else "advisory", tier="neighbourhood", **extra)
                rel("IN_AREA", f"{cl}/body", body_label, cl, "Cluster")
                rel("ACCOUNTABLE_TO", f"{cl}/body", body_label, la, "LocalAuthority",
                    basis="resource", perceived=False)
                clusters.append((la, loc, cl, f"{cl}/body", body_label))
    people = [f"p{n}" for n in range(n_people)]
    for p in people:
        node("Person", p, name=f"Person {p}", kind="seat")
    memberships = 0
    pi = 0
    for s in range(n_schools):
        la, loc, cl, body, body_label = clusters[s % len(clusters)]
        key = str(100000 + s)
        node("School", key, name=f"School {s}", urn=100000 + s, la_code=la)
        rel("IN_AREA", key, "School", cl, "Cluster")
        gb = f"{key}/gb"
        node("GoverningBody", gb, name=f"Governing body {s}", status="active", decision_rights="binding")
        rel("GOVERNS", gb, "GoverningBody", key, "School")
        rel("IN_AREA", gb, "GoverningBody", cl, "Cluster")
        rel("MEMBER_INSTITUTION", key, "School", body, body_label, participation="expected")
        rel("ACCOUNTABLE_TO", body, body_label, gb, "GoverningBody", basis="legal", perceived=True)
        if body_label == "JointCommittee":
            rel("DELEGATES_TO", gb, "GoverningBody", body, body_label, powers=["extended services"])
        head = None
        for m in range(12):  # a board of 12
            p = people[pi % n_people]
            pi += 1
            c = CONSTITUENCIES[m]
            head = p if c == "headteacher" else head
            rel("MEMBER_OF", p, "Person", gb, "GoverningBody", role=f"{c} {m}", constituency=c,
                voting=True, attendance="member")
            memberships += 1
        rel("MEMBER_OF", head, "Person", body, body_label, role="head", constituency="headteacher",
            voting=True, attendance="member")
        rel("MEMBER_OF", head, "Person", f"{loc}/forum", "Partnership", role="head",
            constituency="headteacher", voting=True, attendance="member")
        memberships += 2
        if rnd.random() < 0.5:
            gov = people[rnd.randrange(n_people)]
            rel("MEMBER_OF", gov, "Person", body, body_label, role="governor rep",
                constituency="governor", voting=True, attendance="member")
            memberships += 1
    # agencies' officers on the forums, without a vote
    while memberships < int(400000 * scale):
        la, loc, cl, body, body_label = clusters[rnd.randrange(len(clusters))]
        p = people[rnd.randrange(n_people)]
        rel("MEMBER_OF", p, "Person", f"{loc}/forum", "Partnership", role=f"agency {memberships}",
            constituency="agency", voting=False, attendance="attends_without_membership")
        memberships += 1
    return nodes, group(rels), memberships


def load(g: Graph, nodes, rels) -> float:
    t = time.perf_counter()
    g.clear()
    write_nodes(g, nodes, batch_size=10000)
    write_relationships(g, rels, batch_size=10000)
    return time.perf_counter() - t


def params_for(name: str) -> dict:
    sample = {"la": "842", "body": "842/loc1/c0/body", "cluster": "842/loc1/c0",
              "keys": ["842/loc1/c0/body", "842/loc1/forum"], "by": "locality",
              "partnerships_only": False}
    q = Q.get(name)
    return {p.name: sample.get(p.name) for p in q.params}


def timed(fn, repeat: int, warm: bool = False) -> float:
    """Median of `repeat` timed calls; with warm, one untimed call first (caches, plans)."""
    if warm:
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    t = time.perf_counter()
    nodes, rels, memberships = build_rows(a.scale)
    n_nodes = sum(map(len, nodes.values()))
    n_rels = sum(map(len, rels.values()))
    print(f"synthetic graph: {n_nodes:,} nodes, {n_rels:,} relationships, {memberships:,} "
          f"memberships (generated in {time.perf_counter() - t:.1f}s)")
    graphs = {"falkordb": Graph.open(data_dir=tempfile.mkdtemp(prefix="govgraph-bench-"))}
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        graphs["neo4j"] = Graph.open(os.environ["NEO4J_URI"])
    try:
        for name, g in graphs.items():
            g.ensure_schema()
            print(f"load on {name}: {load(g, nodes, rels):.1f}s")
        reports = {
            "report representation --la": lambda g: R.representation(g, "842"),
            "report representation --by la (national)": lambda g: R.representation(g, None, "la", partnerships_only=False),
            "report representation --la --by cluster": lambda g: R.representation(g, "842", "cluster"),
            "report power --la": lambda g: R.power(g, "842"),
            "report accountability --la": lambda g: R.accountability(g, "842"),
            "report gaps --la": lambda g: R.gaps(g, "842"),
            "report brokers --la": lambda g: B.brokers(g, "842"),
            "report compare (3 authorities)": lambda g: C.compare(g, ["842", "843", "844"]),
        }
        cases = [(f"query {n}", (lambda n: lambda g: Q.run(g, n, params_for(n)))(n))
                 for n in sorted(Q.library())] + list(reports.items())
        names = list(graphs)
        print(f"\n{'question':45}" + "".join(f"{n:>12}" for n in names)
              + ("   neo4j/falkordb" if len(names) == 2 else ""))
        slow = []
        for label, fn in cases:
            times = {n: timed(lambda: fn(graphs[n]), a.repeat) for n in names}
            line = f"{label:45}" + "".join(f"{times[n]:>11.3f}s" for n in names)
            if len(names) == 2:
                line += f"   {times['neo4j'] / times['falkordb']:>8.2f}x"
            print(line)
            if label.startswith("report") and times["falkordb"] >= 1.0:
                slow.append(label)
        print(f"\nreports at or over 1 s on the embedded default: {', '.join(slow) or 'none'}")
    finally:
        for g in graphs.values():
            g.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
