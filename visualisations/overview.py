"""Groups and positions for large views: schools folded into their trust, federation, cluster
or locality, so that an authority of hundreds of schools opens on a few dozen readable groups.

Why here, not in the page: the grouping is a research choice (a school's strongest tie wins:
the trust or federation that governs it, else the cluster it works in, else its locality), and
the positions are computed once so that the page needs no physics and opens at once. Each
group's members sit round their group's hub, so expanding a group in the page shows them
where the overview left room for them.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

SCHOOLISH = frozenset({"School", "College"})
# A school's group, strongest tie first: (relationship, direction, hub labels).
TIES = (("GOVERNS", "in", ("Trust", "FederatedGoverningBody")),
        ("MEMBER_INSTITUTION", "out", ("Trust", "FederatedGoverningBody")),
        ("IN_AREA", "out", ("Cluster",)),
        ("IN_AREA", "out", ("Locality",)))
HUB_KIND = {"Trust": "trust", "FederatedGoverningBody": "federation", "Cluster": "cluster",
            "Locality": "locality"}
UNGROUPED = "ungrouped"
SINGLES = "single-school"   # trusts and federations of one school here, folded together


@dataclass
class Group:
    id: str
    name: str
    kind: str                   # trust, federation, cluster, locality, ungrouped
    hub: str | None             # the node the group is named after (None when ungrouped)
    members: list[str] = field(default_factory=list)

    @property
    def schools(self) -> int:
        return len(self.members)


def school_groups(G: nx.MultiDiGraph) -> dict[str, Group]:
    """Each school's group, and the governing bodies that govern only schools of that group."""
    groups: dict[str, Group] = {}
    label = {n: d.get("node_label") for n, d in G.nodes(data=True)}
    for n in sorted(G):
        if label[n] not in SCHOOLISH:
            continue
        hub = None
        for rel, way, hubs in TIES:
            edges = G.in_edges(n, data=True) if way == "in" else G.out_edges(n, data=True)
            found = sorted((s if way == "in" else t) for s, t, d in edges
                           if d.get("rel_type") == rel and label[s if way == "in" else t] in hubs
                           and not d.get("end"))
            if found:
                hub = found[0]
                break
        gid = hub or UNGROUPED
        if gid not in groups:
            groups[gid] = Group(gid, str(G.nodes[hub].get("name") or hub) if hub
                                else "Schools in no trust, federation or area",
                                HUB_KIND.get(label[hub], "group") if hub else UNGROUPED, hub)
        groups[gid].members.append(n)
    singles = [g for g in groups.values() if g.kind in ("trust", "federation")
               and len(g.members) < 2]
    if len(singles) > 1:
        folded = Group(SINGLES, "Single-school trusts and federations", SINGLES, None)
        for g in singles:
            del groups[g.id]
            folded.members += [*g.members, g.hub]
        groups[SINGLES] = folded
    member_of = {m: g.id for g in groups.values() for m in g.members}
    for n in sorted(G):  # a school's own governing body folds in with the school
        if label[n] == "GoverningBody":
            governed = {member_of.get(t) for _, t, d in G.out_edges(n, data=True)
                        if d.get("rel_type") == "GOVERNS"}
            if len(governed) == 1 and None not in governed:
                groups[governed.pop()].members.append(n)
    return groups


def layout(G: nx.MultiDiGraph, groups: dict[str, Group], node_r: float = 22.0):
    """Balloon-tree positions from the authority, with every group's members round its hub.

    Returns ({node: (x, y)}, {group id: (x, y)}): a group's position is its hub's (or, for
    the ungrouped schools, a place of their own). O(n log n); no physics needed in the page.
    """
    label = {n: d.get("node_label") for n, d in G.nodes(data=True)}
    member_of = {m: g.id for g in groups.values() for m in g.members}
    U = nx.Graph()
    U.add_nodes_from(n for n in G if n not in member_of)
    for s, t, d in G.edges(data=True):
        if s in member_of or t in member_of or s == t:
            continue
        w = 1 if d.get("rel_type") in ("PART_OF", "IN_AREA", "GOVERNS", "MEMBER_OF") else 4
        if not U.has_edge(s, t) or U[s][t]["w"] > w:
            U.add_edge(s, t, w=w)
    roots = sorted((n for n in U if label.get(n) in ("LocalAuthority", "ReferenceModel")),
                   key=lambda n: (-U.degree(n), n))
    root = roots[0] if roots else "__root__"
    U.add_node(root)
    children: dict[str, list[str]] = defaultdict(list)
    pred, dist = nx.dijkstra_predecessor_and_distance(U, root, weight="w")
    for n in sorted(U, key=lambda n: (dist.get(n, math.inf), n)):
        if n != root:
            children[min(pred[n]) if n in pred and pred[n] else root].append(n)
    for g in sorted(groups.values(), key=lambda g: g.id):
        hub = g.hub if g.hub in U else f"__group__{g.id}"
        if hub not in U:
            U.add_node(hub)
            children[root].append(hub)
        children[hub].extend(m for m in g.members if m != g.hub)
    ring, disk = {}, {}

    def size(n):  # post-order without recursion
        stack, order = [n], []
        while stack:
            x = stack.pop()
            order.append(x)
            stack.extend(children.get(x, ()))
        for x in reversed(order):
            kids = children.get(x, ())
            if not kids:
                ring[x], disk[x] = 0.0, node_r
                continue
            ring[x] = max(3 * node_r, sum(2 * disk[c] for c in kids) / (2 * math.pi))
            disk[x] = ring[x] + max(disk[c] for c in kids)
    size(root)
    pos = {root: (0.0, 0.0)}
    stack = [root]
    while stack:
        n = stack.pop()
        x, y = pos[n]
        kids = children.get(n, ())
        total = sum(disk[c] for c in kids)
        a = 0.0
        for c in kids:
            mid = a + math.pi * disk[c] / total
            pos[c] = (x + ring[n] * math.cos(mid), y + ring[n] * math.sin(mid))
            a += 2 * math.pi * disk[c] / total
            stack.append(c)
    group_pos = {g.id: pos[g.hub if g.hub in pos and g.hub in U else f"__group__{g.id}"]
                 for g in groups.values()}
    return {n: p for n, p in pos.items() if n in G}, group_pos
