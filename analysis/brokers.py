"""Brokers: who sits between the others in the person-body network (betweenness, networkx)."""
from __future__ import annotations

from graphmodel import queries as Q

from .reports import Report, grade_rows, graded

BROKER_EXACT_LIMIT = 150  # above this many nodes, betweenness is estimated from sampled sources


def brokers(graph, la: str | None = None, top: int = 10, as_of: str | None = None) -> Report:
    """Betweenness in the person-body network, computed with networkx on rows from the store."""
    import networkx as nx

    edges = Q.run(graph, "membership_projection", {"la": la, "as_of": as_of})
    g = nx.Graph()
    for e in edges:
        g.add_node(e["source_key"], name=e["source_name"], kind=e["source_kind"])
        g.add_node(e["target_key"], name=e["target_name"], kind=e["target_kind"])
        g.add_edge(e["source_key"], e["target_key"])
    if g.number_of_nodes() == 0:
        return Report("Which bodies and seats broker between the others?", ["node"], [])
    n = g.number_of_nodes()
    exact = n <= BROKER_EXACT_LIMIT
    bc = nx.betweenness_centrality(g, normalized=True,
                                   k=None if exact else BROKER_EXACT_LIMIT, seed=0)
    ranked = sorted(bc.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    rows = []
    for key, score in ranked:
        if score <= 0:
            break
        nbrs = sorted(g.nodes[n]["name"] or n for n in g.neighbors(key))
        rows.append({"node": g.nodes[key]["name"], "key": key, "kind": g.nodes[key]["kind"],
                     "betweenness": round(score, 4), "degree": len(nbrs),
                     "connects": nbrs[:8] + ([f"+{len(nbrs) - 8} more"] if len(nbrs) > 8 else [])})
    grade_rows(graph, rows, lambda r: [r["key"]], ("MEMBER_OF",))
    notes = [] if exact else [f"betweenness estimated from {BROKER_EXACT_LIMIT} sampled sources "
                              f"(the network has {n} nodes); fixed seed, so repeatable"]
    return Report("Which bodies and seats broker between the others (betweenness centrality)?",
                  graded(["node", "kind", "betweenness", "degree", "connects"]), rows,
                  [r["key"] for r in rows], notes, measure_columns=("betweenness", "degree"))
