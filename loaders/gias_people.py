"""Resolve a governance file's appointments into people as it loads (docs/people.md).

`load gias` calls resolve_file() on each governance file after the files before it (register,
groups, links) are written, so the store can say where each board is (its authorities, its
trust or federation), and before the file itself is written. The file's Person nodes, one per
GID as mapped, are re-keyed to the resolved persons; every MEMBER_OF stays one per GID (written
here keyed by `gid`, so a re-appointment on the same board keeps both terms), with the link's
`link_confidence` and `link_reasons`. Pairs kept apart but not ruled out are written as
POSSIBLE_MATCH relationships.

Stable keys: a person takes the key most of its GIDs had in the store (so loading a newer
extract keeps keys), else `gias/gid/<earliest GID>`. A GID that now resolves to another
person loses its old MEMBER_OF, and people left with no appointment are removed. Appointments
of earlier extracts absent from this file keep their person (they are not re-resolved).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graphmodel.store import DEFAULT_BATCH, Graph
from graphmodel import writer_new
from graphmodel.writer import seen_clause, seen_list_clause
from graphmodel.writer_new import Known

from .resolve import Place, Resolution, resolve

SCHOOL_PLACES = (
    "UNWIND $keys AS k MATCH (s:School {key: k}) "
    "OPTIONAL MATCH (s)-[:IN_AREA]->(a:LocalAuthority) "
    "OPTIONAL MATCH (t:Body)-[g:GOVERNS]->(s) "
    "WHERE (t:Trust OR t:FederatedGoverningBody) AND g.end IS NULL "
    "RETURN k AS key, collect(DISTINCT a.key) AS las, collect(DISTINCT t.key) AS trusts")
GROUP_PLACES = (
    "UNWIND $keys AS k MATCH (b:Body {key: k}) OPTIONAL MATCH (b)-[:IN_AREA]->(a:LocalAuthority) "
    "RETURN k AS key, collect(DISTINCT a.key) AS las")
PREVIOUS = ("MATCH (p:Person)-[m:MEMBER_OF]->(:Body) WHERE m.gid IS NOT NULL "
            "RETURN m.gid AS gid, p.key AS person")
DROP_MOVED = ("UNWIND $rows AS row MATCH (p:Person)-[m:MEMBER_OF]->(:Body) "
              "WHERE m.gid = row.gid AND p.key <> row.person DELETE m RETURN count(*) AS c")
DROP_ORPHANS = ("MATCH (p:Person) WHERE p.key STARTS WITH 'gias/' AND NOT (p)-[:MEMBER_OF]->() "
                "DETACH DELETE p RETURN count(*) AS c")
DROP_POSSIBLE = ("UNWIND $rows AS k MATCH (p:Person {key: k})-[r:POSSIBLE_MATCH]->(:Person) "
                 "DELETE r RETURN count(*) AS c")
WRITE_POSSIBLE = ("UNWIND $rows AS row MATCH (a:Person {key: row.from}) "
                  "MATCH (b:Person {key: row.to}) MERGE (a)-[r:POSSIBLE_MATCH]->(b) "
                  "SET r += row.props")


def member_of_statement(graph: Graph, target: str) -> str:
    """MERGE one MEMBER_OF per GID (labels from the Model only; values as $rows); the values
    of the newest extract win, first_seen/last_seen take in row.date (docs/time.md)."""
    graph.model.label(target)
    return ("UNWIND $rows AS row MATCH (a:Person {key: row.from}) "
            f"MATCH (b:{target} {{key: row.to}}) MERGE (a)-[r:MEMBER_OF {{gid: row.gid}}]->(b) "
            "FOREACH (_ IN CASE WHEN coalesce(r.extract_date, '') <= row.date THEN [1] "
            "ELSE [] END | SET r += row.props, r.extract_date = row.date) "
            + seen_clause("r") + seen_list_clause("r"))


@dataclass
class People:
    """A governance file's resolution, ready to write after the file's nodes."""
    resolution: Resolution
    memberships: dict = field(default_factory=dict)   # target label -> rows
    moved: list = field(default_factory=list)         # {gid, person} whose person changed
    persons: list = field(default_factory=list)       # person keys of this file
    reloaded: bool = False                            # the store held resolved GIDs before
    names: dict = field(default_factory=dict)         # person key -> name, as written

    @property
    def summary(self) -> str:
        r = self.resolution
        linked = sum(1 for g in r.person_of if g in r.confidence)
        return (f"people: {len(r.person_of)} appointments are {r.persons} people "
                f"({linked} appointments linked to another; {len(r.possible)} possible matches "
                "kept apart)")

    def write(self, graph: Graph, batch_size: int = DEFAULT_BATCH,
              known: Known | None = None) -> int:
        """Memberships and possible matches; known (the ids of the nodes the file's batch
        wrote, graphmodel.writer_new): those of new people are CREATEd by id."""
        n = 0
        fast = known is not None and writer_new.enabled(graph)
        if self.moved:
            graph.write_batches(DROP_MOVED, self.moved, batch_size)
        for label, rows in self.memberships.items():
            if fast:
                fresh = [r for r in rows if ("Person", r["from"]) in known.new]
                if fresh:
                    writer_new.lookup(graph, known, label, (r["to"] for r in fresh))
                    values = [{"from": r["from"], "to": r["to"],
                               "values": writer_new.dated_rel_values(
                                   r["props"], r["date"], bool(r.get("full")))} for r in fresh]
                    n += writer_new.create_relationships(graph, known, "MEMBER_OF", "Person",
                                                         label, values, batch_size,
                                                         merge_on=("gid",))
                    rows = [r for r in rows if ("Person", r["from"]) not in known.new]
            n += graph.write_batches(member_of_statement(graph, label), rows, batch_size)
        if self.moved:
            graph.write(DROP_ORPHANS)
        if self.reloaded:   # possible matches of an earlier resolution of these people
            graph.write_batches(DROP_POSSIBLE, self.persons, batch_size)
        pairs = {}
        for lk in self.resolution.possible:   # one per pair of people: the last link's values
            a, b = sorted((self.resolution.person_of[lk.a], self.resolution.person_of[lk.b]))
            pairs[(a, b)] = {"from": a, "to": b, "props": {
                "confidence": round(lk.probability, 4), "reasons": "; ".join(lk.evidence),
                "gids": [lk.a, lk.b]}}
        rows = list(pairs.values())
        if fast:
            new = known.new
            fresh = [r for r in rows
                     if ("Person", r["from"]) in new or ("Person", r["to"]) in new]
            if fresh:
                writer_new.lookup(graph, known, "Person",
                                  (r[e] for r in fresh for e in ("from", "to")))
                n += writer_new.create_relationships(
                    graph, known, "POSSIBLE_MATCH", "Person", "Person",
                    [{"from": r["from"], "to": r["to"], "values": {
                        k: v for k, v in r["props"].items() if v is not None}} for r in fresh],
                    batch_size, merge_on=())
                rows = [r for r in rows if ("Person", r["from"]) not in new
                        and ("Person", r["to"]) not in new]
        n += graph.write_batches(WRITE_POSSIBLE, rows, batch_size)
        return n


def places(graph: Graph, boards: set[str]) -> dict[str, Place]:
    """Each board's authorities and governing trust or federation, from the store."""
    out: dict[str, Place] = {}
    schools = sorted(b[:-3] for b in boards if b.endswith("/gb"))
    groups = sorted(b for b in boards if b.startswith("group/"))
    for i in range(0, len(schools), 20000):
        for r in graph.read(SCHOOL_PLACES, {"keys": schools[i:i + 20000]}):
            trusts = sorted(r["trusts"])
            out[f"{r['key']}/gb"] = Place(frozenset(r["las"]), trusts[0] if trusts else None)
    for i in range(0, len(groups), 20000):
        for r in graph.read(GROUP_PLACES, {"keys": groups[i:i + 20000]}):
            out[r["key"]] = Place(frozenset(r["las"]), r["key"])
    return out


def is_complete(pf) -> bool:
    """A file whose absences prove an appointment ended: a whole-country governance extract
    (GIAS's `governancealldata<date>.csv`) of a known date with no bad row. The partial
    downloads (academies, trusts, maintained schools) and renamed files prove nothing."""
    return (pf.raw.name.lower().startswith("governancealldata") and pf.extract_date is not None
            and not pf.bad)


def resolve_file(graph: Graph, pf) -> People:
    """Resolve pf's appointments and re-key its batch; MEMBER_OF rows move out of the batch
    (People.write writes them, keyed by GID, after the batch's nodes)."""
    found = pf.listings   # the file's good rows, read once as they were mapped (gias._map_file)
    previous = {r["gid"]: r["person"] for r in graph.read(PREVIOUS)}
    res = resolve(found, places(graph, {x.body for x in found}), previous)
    batch = pf.batch
    old_people = batch.nodes.get("Person", {})
    new_people: dict[str, dict] = {}
    for gid in sorted(res.person_of, key=lambda g: (len(g), g)):
        row = old_people.get(f"gias/gid/{gid}")
        key = res.person_of[gid]
        if row is not None and key not in new_people:
            new_people[key] = dict(row, key=key)
    if old_people:
        batch.nodes["Person"] = new_people
    people = People(res, persons=sorted(new_people), reloaded=bool(previous),
                    names={k: row["props"].get("name") for k, row in new_people.items()})
    complete = is_complete(pf)
    for kind in [k for k in batch.rels if k[0] == "MEMBER_OF" and k[1] == "Person"]:
        rows = []
        for row in batch.rels.pop(kind).values():
            gid = row["props"].get("gid")
            key = res.person_of.get(gid, row["from"])
            props = row["props"]   # the batch's own dict: the batch is discarded after
            props["link_confidence"] = res.confidence.get(gid)
            props["link_reasons"] = res.evidence.get(gid)
            rows.append({"from": key, "to": row["to"], "gid": gid, "props": props,
                         "date": pf.extract_date, "full": complete})
        people.memberships[kind[2]] = rows
    boards: dict[str, set] = {}
    for rows in people.memberships.values():
        for r in rows:
            if r["props"].get("voting"):
                member = (r["props"].get("role") or "").lower().startswith("member")
                boards.setdefault(r["from"], set()).add(r["to"] + ("#members" if member else ""))
    for key, row in new_people.items():
        row["props"]["boards"] = len(boards.get(key, ()))
    people.moved = [{"gid": g, "person": k} for g, k in res.person_of.items()
                    if g in previous and previous[g] != k]
    return people


__all__ = ["People", "is_complete", "places", "resolve_file"]
