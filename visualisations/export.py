"""The graph (whole, one authority, or a neighbourhood) as networkx, and files for other tools.

This is the one read path the views share: the networks, the benchmark and the exports all
take a networkx MultiDiGraph built from the `viz_*` named queries, so what a page draws and
what Gephi opens are the same nodes and relationships. Nodes are keyed by the schema's `key`;
node attributes are the stored properties plus `node_label` (concrete label) and
`node_labels`; edge attributes are the properties plus `rel_type`.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Iterable

import networkx as nx

from graphmodel import queries

from graphmodel.exc import InvalidInput, NotFound
from graphmodel.model import without_derived

from . import files, stream
from .style import node_label

FORMATS = ("graphml", "gexf", "csv")
# Nodes we draw but do not walk through when growing a neighbourhood: they join everything.
HUB_LABELS = frozenset({"LocalAuthority", "ReferenceModel", "Funder", "GovernanceForm",
                        "EvaluationFramework"})


def authority_keys(graph, la: str) -> list[str]:
    """Keys of one authority's view (viz_authority); ValueError when no such authority."""
    rows = queries.run(graph, "viz_authority", {"la": la})
    if not rows:
        raise NotFound(f"no local authority or reference model with key, code or name {la!r}")
    return sorted({r["key"] for r in rows if r["key"] is not None})


def neighbourhood_keys(graph, start: str, depth: int, max_nodes: int = 1500) -> tuple[list[str], bool]:
    """Keys within `depth` relationships of `start`, not walking through hub nodes.

    Returns (keys, truncated). Hubs (an authority, a funder, a governance form) are included
    when reached but not expanded, or depth 2 around any body would reach the whole country.
    """
    if depth < 0:
        raise InvalidInput("depth must be 0 or more")
    first = queries.run(graph, "viz_nodes", {"keys": [start]})
    if not first:
        raise NotFound(f"no node with key {start!r}")
    seen = {start}
    frontier = [start]
    truncated = False
    for _ in range(depth):
        if not frontier:
            break
        found = [r["key"] for r in queries.run(graph, "viz_neighbours", {"keys": frontier})]
        new = [k for k in found if k not in seen]
        if len(seen) + len(new) > max_nodes:
            new = new[:max_nodes - len(seen)]
            truncated = True
        seen.update(new)
        if truncated or not new:
            break
        rows = queries.run(graph, "viz_nodes", {"keys": new})
        frontier = [r["key"] for r in rows if node_label(r["labels"]) not in HUB_LABELS]
    return sorted(seen), truncated


def subgraph(graph, keys: Iterable[str]) -> nx.MultiDiGraph:
    """The nodes with these keys and every relationship among them."""
    keys = sorted(set(keys))
    return _build(queries.run(graph, "viz_nodes", {"keys": keys}),
                  queries.run(graph, "viz_edges", {"keys": keys}))


def whole_graph(graph, as_of: str | None = None) -> nx.MultiDiGraph:
    """Every node and relationship; with a date, those that exist and hold on it."""
    when = {"dated": True, "as_of": as_of} if as_of else {}
    return _build(queries.run(graph, "viz_all_nodes", when),
                  queries.run(graph, "viz_all_edges", when))


def authority_graph(graph, la: str) -> nx.MultiDiGraph:
    return subgraph(graph, authority_keys(graph, la))


def _build(node_rows: list[dict], edge_rows: list[dict]) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for r in node_rows:
        props = {k: v for k, v in without_derived(r["props"]).items() if k != "key"}
        G.add_node(r["key"], node_label=node_label(r["labels"]), node_labels=list(r["labels"]),
                   **props)
    for i, r in enumerate(edge_rows):
        props = {k: v for k, v in (r["props"] or {}).items() if v is not None}
        G.add_edge(r["source"], r["target"], key=f"{r['type']}#{i}", rel_type=r["type"], **props)
    return G


# -- layout of large views ------------------------------------------------------------------
TREE_TYPES = frozenset({"PART_OF", "IN_AREA", "GOVERNS", "MEMBER_OF"})


def layout_positions(G: nx.MultiDiGraph, node_r: float = 16.0) -> dict[str, tuple[float, float]]:
    """Balloon-tree positions for a large view, in O(n log n): no physics needed in the page.

    Each connected part becomes a tree grown from its authority (else its busiest node) along
    shortest paths that prefer containment and membership (PART_OF, IN_AREA, GOVERNS,
    MEMBER_OF) to other links; every node's children sit on a circle round it wide enough for
    their own subtrees, so a cluster's schools and a body's members stay together. Parts are
    placed side by side.
    """
    U = nx.Graph()
    U.add_nodes_from(G)
    for s, t, d in G.edges(data=True):
        w = 1 if d.get("rel_type") in TREE_TYPES else 4
        if s != t and (not U.has_edge(s, t) or U[s][t]["w"] > w):
            U.add_edge(s, t, w=w)
    pos: dict[str, tuple[float, float]] = {}
    x_offset = 0.0
    parts = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(c)))
    alone = sorted(n for c in parts if len(c) == 1 for n in c)
    if alone:  # unconnected nodes (e.g. register schools in no cluster): a grid below the rest
        cols = math.ceil(math.sqrt(len(alone)))
        for i, n in enumerate(alone):
            pos[n] = ((i % cols) * 4 * node_r, (i // cols) * 4 * node_r)
    for comp in (c for c in parts if len(c) > 1):
        root = max(comp, key=lambda n: (G.nodes[n].get("node_label") in
                                        ("LocalAuthority", "ReferenceModel"), U.degree(n), n))
        pred, dist = nx.dijkstra_predecessor_and_distance(U.subgraph(comp), root, weight="w")
        order = sorted(comp, key=lambda n: (dist[n], n))
        children: dict[str, list[str]] = {n: [] for n in comp}
        for n in order[1:]:
            children[min(pred[n])].append(n)
        ring, disk = {}, {}
        for n in reversed(order):  # bottom-up: how much room each subtree needs
            kids = children[n]
            if not kids:
                ring[n], disk[n] = 0.0, node_r
                continue
            ring[n] = max(3 * node_r, sum(2 * disk[c] for c in kids) / (2 * math.pi))
            disk[n] = ring[n] + max(disk[c] for c in kids)
        local = {root: (0.0, 0.0)}
        for n in order:  # top-down: children round their parent, each in its own arc
            x, y = local[n]
            total = sum(disk[c] for c in children[n])
            a = 0.0
            for c in children[n]:
                mid = a + math.pi * disk[c] / total
                local[c] = (x + ring[n] * math.cos(mid), y + ring[n] * math.sin(mid))
                a += 2 * math.pi * disk[c] / total
        x_offset += disk[root]
        for n, (x, y) in local.items():
            pos[n] = (x + x_offset, y - disk[root] - 4 * node_r)
        x_offset += disk[root] + 4 * node_r
    return pos


# -- files ---------------------------------------------------------------------------------
def export(graph, fmt: str, path: str | Path, la: str | None = None, mkdir: bool = False,
           batch: int = stream.BATCH, as_of: str | None = None) -> tuple[list[Path], int, int]:
    """The whole store, or one authority's view, to files; returns (files, nodes, edges).

    Streamed a batch at a time (visualisations.stream); each file is written to a temporary
    file beside it and renamed when complete, so a failed export leaves nothing half-written.
    With as_of (YYYY-MM-DD), only the nodes that exist on that date and the relationships that
    hold on it between them (docs/time.md); without, everything the store holds, history
    included.
    """
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    as_of = queries.as_of_date(as_of, "as_of")
    keys = authority_keys(graph, la) if la else None
    path = Path(path)
    if fmt in ("graphml", "gexf"):
        writer = stream.write_graphml if fmt == "graphml" else stream.write_gexf
        with files.atomic(path, mkdir) as f:
            c = writer(f, graph, keys, batch, as_of=as_of)
        return [path], c.nodes, c.edges
    files.ready_folder(path.parent, mkdir)
    if path.exists() and not path.is_dir():
        raise InvalidInput(f"{path} is a file: csv exports write a folder (nodes.csv, edges.csv)")
    path.mkdir(exist_ok=True)
    nodes_csv, edges_csv = path / "nodes.csv", path / "edges.csv"
    with files.atomic(nodes_csv) as nf, files.atomic(edges_csv) as ef:
        c = stream.write_csv(nf, ef, graph, keys, batch, as_of=as_of)
    return [nodes_csv, edges_csv], c.nodes, c.edges
