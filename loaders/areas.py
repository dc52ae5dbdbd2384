"""An authority's own assignment of schools to clusters and localities (CSV), into the graph.

Authorities publish which schools make up each cluster and locality; the register does not.
This loader reads such a file, checks it whole (every URN must be a School already in the
store, each cluster must sit in one locality), and only then writes, through
graphmodel.writer (MERGE on keys), so a file is loaded all-or-nothing and re-loading changes
nothing. Keys: the authority is its DfE code ("919"), schools their URN ("100006"), areas
"<code>/cluster/<slug>" and "<code>/locality/<slug>".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from graphmodel.store import Graph
from graphmodel.writer import drop_other_links, write_nodes, write_relationships

from .errors import LoadError, Problem
from .gias_read import read_table

_SLUG = re.compile(r"[^a-z0-9]+")

def slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-")


@dataclass
class AreasReport:
    file: str
    la: str
    schools: int
    clusters: int
    localities: int
    unassigned: int
    rows: dict = field(default_factory=dict, repr=False)


def parse_areas(path: str | Path, la: str, urn_column: str = "URN",
                cluster_column: str | None = "Cluster",
                locality_column: str | None = "Locality") -> dict:
    """Check the file without the store; return the rows to write, or raise LoadError."""
    path = Path(path)
    name = path.name
    problems: list[Problem] = []

    def bad(row, fld, reason):
        problems.append(Problem(name, row, fld, reason, where="row"))

    la = (la or "").strip()
    if not re.fullmatch(r"\d{3}", la):
        raise LoadError([Problem(name, None, "la", f"--la must be a DfE 3-digit code, got {la!r}")])
    try:
        table = read_table(path)
    except LoadError as e:
        if "empty file" not in str(e):
            raise
        table = None
    header = table.header if table else []
    wanted = [c for c in (urn_column, cluster_column, locality_column) if c]
    missing = [c for c in wanted if c not in header]
    if not header or missing:
        raise LoadError([Problem(name, None, c, f"no column {c!r}; the file has: "
                                 f"{', '.join(header) or 'no header'}") for c in missing or wanted])
    if not (cluster_column or locality_column):
        raise LoadError([Problem(name, None, None, "give a cluster or a locality column")])

    clusters: dict[str, dict] = {}       # key -> {name, locality, row}
    localities: dict[str, dict] = {}     # key -> {name, row}
    assigned: dict[str, dict] = {}       # school key -> {area, row}
    unassigned = 0
    for i, fields in table.records:
        row = dict(zip(header, fields))
        raw_urn = (row.get(urn_column) or "").strip()
        if raw_urn.endswith(".0"):
            raw_urn = raw_urn[:-2]
        if not raw_urn.isdigit():
            bad(i, urn_column, f"URN must be a whole number, got {raw_urn!r}")
            continue
        school = str(int(raw_urn))
        cname = (row.get(cluster_column) or "").strip() if cluster_column else ""
        lname = (row.get(locality_column) or "").strip() if locality_column else ""
        if "\x00" in cname + lname:
            bad(i, cluster_column if "\x00" in cname else locality_column,
                "holds a NUL byte, which no store accepts")
            continue
        lkey = f"{la}/locality/{slug(lname)}" if lname else None
        ckey = f"{la}/cluster/{slug(cname)}" if cname else None
        if (cname and not slug(cname)) or (lname and not slug(lname)):
            bad(i, cluster_column if cname and not slug(cname) else locality_column,
                "a name needs at least one letter or digit")
            continue
        if lkey:
            seen = localities.setdefault(lkey, {"name": lname, "row": i})
            if seen["name"] != lname:
                bad(i, locality_column, f"{lname!r} and {seen['name']!r} (row {seen['row']}) "
                    "give the same key; spell them alike")
        if ckey:
            seen = clusters.setdefault(ckey, {"name": cname, "locality": lkey, "row": i})
            if seen["name"] != cname:
                bad(i, cluster_column, f"{cname!r} and {seen['name']!r} (row {seen['row']}) "
                    "give the same key; spell them alike")
            elif seen["locality"] != lkey:
                bad(i, locality_column, f"cluster {cname!r} is in locality "
                    f"{localities.get(seen['locality'], {}).get('name')!r} at row {seen['row']} "
                    f"but {lname or 'none'!r} here")
        area = ckey or lkey
        if area is None:
            unassigned += 1
            continue
        if school in assigned and assigned[school]["area"] != area:
            bad(i, urn_column, f"URN {school} is also assigned at row {assigned[school]['row']} "
                "to another area")
            continue
        assigned.setdefault(school, {"area": area, "row": i})
    if problems:
        raise LoadError(problems)
    return {"la": la, "file": name, "clusters": clusters, "localities": localities,
            "assigned": assigned, "unassigned": unassigned}


def load_areas(graph: Graph, path: str | Path, la: str, urn_column: str = "URN",
               cluster_column: str | None = "Cluster",
               locality_column: str | None = "Locality") -> AreasReport:
    """Check the file against the store, then write areas, PART_OF and IN_AREA."""
    plan = parse_areas(path, la, urn_column, cluster_column, locality_column)
    name, la = plan["file"], plan["la"]
    found = graph.existing_keys([la, *plan["assigned"]])
    problems = []
    if "LocalAuthority" not in found.get(la, []):
        problems.append(Problem(name, None, "la", f"no LocalAuthority with key {la!r} in the "
                                "store: load the register or a case file that defines it first"))
    for school, a in sorted(plan["assigned"].items(), key=lambda x: x[1]["row"]):
        if "School" not in found.get(school, []):
            problems.append(Problem(name, a["row"], urn_column,
                                    f"unknown URN {school}: no such School in the store",
                                    where="row"))
    if problems:
        raise LoadError(problems)

    src = {"source": name, "evidence": "documented"}  # the user's own table, taken as given
    nodes = {
        "Locality": [{"key": k, "props": {"name": v["name"], "tier": "locality", **src,
                                          "source_ref": f"row {v['row']}"}}
                     for k, v in plan["localities"].items()],
        "Cluster": [{"key": k, "props": {"name": v["name"], "tier": "neighbourhood", **src,
                                         "source_ref": f"row {v['row']}"}}
                    for k, v in plan["clusters"].items()],
    }
    rels: dict[tuple[str, str, str], list[dict]] = {}

    def rel(kind, a, b, row):
        rels.setdefault(kind, []).append({"from": a, "to": b,
                                          "props": {**src, "source_ref": f"row {row}"}})

    for k, v in plan["localities"].items():
        rel(("PART_OF", "Locality", "LocalAuthority"), k, la, v["row"])
    for k, v in plan["clusters"].items():
        if v["locality"]:
            rel(("PART_OF", "Cluster", "Locality"), k, v["locality"], v["row"])
        else:
            rel(("PART_OF", "Cluster", "LocalAuthority"), k, la, v["row"])
    for school, a in plan["assigned"].items():
        target = "Cluster" if a["area"] in plan["clusters"] else "Locality"
        rel(("IN_AREA", "School", target), school, a["area"], a["row"])

    # write first, then drop links the new file no longer has: a failed write loses nothing
    write_nodes(graph, {k: v for k, v in nodes.items() if v})
    write_relationships(graph, rels)
    # A school moved to another cluster must not keep its old one: drop this authority's
    # loader-made IN_AREA links (and a cluster's PART_OF) that the file no longer gives.
    for target, tier in (("Cluster", "cluster"), ("Locality", "locality")):
        drop_other_links(graph, "IN_AREA", "School", target,
                         [{"from": s, "keep": a["area"], "prefix": f"{la}/{tier}/"}
                          for s, a in plan["assigned"].items()])
    drop_other_links(graph, "PART_OF", "Cluster", "Area",
                     [{"from": k, "keep": v["locality"] or la, "prefix": ""}
                      for k, v in plan["clusters"].items()])
    return AreasReport(name, la, len(plan["assigned"]), len(plan["clusters"]),
                       len(plan["localities"]), plan["unassigned"])
