"""Brokers: who sits between the others in the person-body network (betweenness,
analysis.centrality: exact, or estimated with a margin on large networks)."""
from __future__ import annotations

from graphmodel import queries as Q

from .centrality import betweenness
from .reports import Report, grade_rows, graded


def brokers(graph, la: str | None = None, top: int = 10, as_of: str | None = None) -> Report:
    """Betweenness in the person-body network of the rows from the store."""
    edges = Q.run(graph, "membership_projection", {"la": la, "as_of": as_of})
    nodes = {}
    for e in edges:
        nodes[e["source_key"]] = (e["source_name"], e["source_kind"])
        nodes[e["target_key"]] = (e["target_name"], e["target_kind"])
    if not nodes:
        return Report("Which bodies and seats broker between the others?", ["node"], [])
    bc = betweenness((e["source_key"], e["target_key"]) for e in edges)
    ranked = bc.ranked(top)
    neighbours: dict[str, set] = {r["key"]: set() for r in ranked}   # of the rows listed only
    for e in edges:
        a, b = e["source_key"], e["target_key"]
        if a != b:   # a link to itself is no path (as in the network betweenness reads)
            if a in neighbours:
                neighbours[a].add(b)
            if b in neighbours:
                neighbours[b].add(a)
    rows = []
    for r in ranked:
        key = r["key"]
        nbrs = sorted(nodes[n][0] or n for n in neighbours[key])
        rows.append({"node": nodes[key][0], "key": key, "kind": nodes[key][1],
                     "betweenness": r["betweenness"], "margin": r["margin"], "rank": r["rank"],
                     "degree": r["degree"],
                     "connects": nbrs[:8] + ([f"+{len(nbrs) - 8} more"] if len(nbrs) > 8 else [])})
    grade_rows(graph, rows, lambda r: [r["key"]], ("MEMBER_OF",))
    return Report("Which bodies and seats broker between the others (betweenness centrality)?",
                  graded(["node", "kind", "betweenness", "margin", "rank", "degree", "connects"]),
                  rows, [r["key"] for r in rows], bc.notes(rows),
                  measure_columns=("betweenness", "degree"))
