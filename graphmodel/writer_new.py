"""CREATE what a load knows is new: the embedded store's fast path for dated writes.

On FalkorDB a MERGE costs an index lookup per node and two per relationship (their ends),
then a SET per clause of the dated statements; most of a first national load is new elements.
So, before a label's rows are written, the loader reads which of their keys exist (one indexed
lookup per key, returning the internal id). Rows of new keys are CREATEd with exactly the
values the dated MERGE statement gives a new node (writer.dated_node_statement); relationships
with a new end are CREATEd between ends found by internal id, each end checked against its
key and the count checked, so nothing is written to a node that changed meanwhile. Rows of
existing keys go through the dated MERGE statements unchanged: a reload takes the same path
as before and changes nothing. Values set on every row alike travel once, as $c.

Names (labels, types, properties) come from the Model only; values only as $parameters.
Only where the backend says it pays (`creates_by_id`: FalkorDB); Neo4j keeps MERGE.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import Callable

from .exc import StoreError
from .model import KEY

LOOKUP_BATCH = 20000
_SCALAR = (str, int, float, bool)


class Known:
    """Internal ids of the nodes one load wrote or looked up, and which of them it created."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.new: set[tuple[str, str]] = set()


def enabled(graph) -> bool:
    return bool(getattr(graph.backend, "creates_by_id", False))


@contextmanager
def exclusive(graph):
    """Loads on the fast path one at a time per store (a file lock beside the store): between
    reading that a key is absent and CREATEing it, or a relationship to a node it created,
    another loader must not write the same elements. Readers are not held up."""
    server = getattr(graph.backend, "server", None)
    if not enabled(graph) or server is None:
        yield
        return
    import fcntl

    with open(server.dir / "load.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def exclusive_load(load):
    """A load function (graph first) run under exclusive(graph)."""
    @functools.wraps(load)
    def run(graph, *args, **kwargs):
        with exclusive(graph):
            return load(graph, *args, **kwargs)
    return run


def lookup(graph, known: Known, label: str, keys) -> None:
    """Record the ids of the label's nodes with these keys (those not known yet)."""
    graph.model.label(label)
    want = sorted({k for k in keys if (label, k) not in known.ids})
    q = f"UNWIND $keys AS k MATCH (n:{label} {{{KEY}: k}}) RETURN k AS key, id(n) AS id"
    for i in range(0, len(want), LOOKUP_BATCH):
        for r in graph.read(q, {"keys": want[i:i + LOOKUP_BATCH]}):
            known.ids[(label, r["key"])] = r["id"]


def _prop(model, name: str) -> str:
    if name not in model.all_property_names():
        raise ValueError(f"no property {name!r} in the schema")
    return name


def split_common(maps: list[dict], first: tuple = ()) -> tuple[dict, list[str]]:
    """(values every map has alike, sent once as $c; every property name, in the order the
    MERGE statements would set them: `first` (merge_on), then as the maps list them)."""
    names: dict[str, None] = dict.fromkeys(k for k in first if any(k in m for m in maps))
    for shape in dict.fromkeys(tuple(m) for m in maps):
        names.update(dict.fromkeys(shape))
    common = {}
    n = len(maps)
    for k in names:
        col = [m.get(k) for m in maps]
        v = col[0]
        if n > 1 and type(v) in _SCALAR and col.count(v) == n and len(set(map(type, col))) == 1:
            common[k] = v
    return common, list(names)


def _inline(model, common: dict, order: list[str], first: int) -> tuple[str, list[str]]:
    """(the property map of a CREATE, the properties each row list carries from index `first`
    on): common values from $c, the rest by position. Rows travel as lists, not maps: on
    FalkorDB, 60,000 relationships of 17 properties took 6.5 s read from a map per row,
    1.7-2.1 s from a list."""
    rest = [k for k in order if k not in common]
    at = {k: first + i for i, k in enumerate(rest)}
    return ", ".join(f"{_prop(model, k)}: $c.{k}" if k in common else
                     f"{_prop(model, k)}: row[{at[k]}]" for k in order), rest


def create_nodes(graph, known: Known, label: str, rows: list[dict], batch_size: int,
                 progress: Callable[[int], None] | None = None) -> int:
    """CREATE label nodes from rows {"key", "values"} (every property, as the dated MERGE
    would set them on a new node); record their ids as known and new."""
    model = graph.model
    labels = ":".join(model.label(label).labels)
    for start in range(0, len(rows), batch_size):
        part = rows[start:start + batch_size]
        common, order = split_common([r["values"] for r in part])
        props, rest = _inline(model, common, order, 1)
        inline = f"{KEY}: row[0]" + (", " + props if props else "")
        q = (f"UNWIND $rows AS row CREATE (n:{labels} {{{inline}}}) "
             "RETURN row[0] AS key, id(n) AS id")
        params = {"rows": [[r["key"], *map(r["values"].get, rest)] for r in part],
                  "c": common}
        for r in graph.write(q, params):
            known.ids[(label, r["key"])] = r["id"]
            known.new.add((label, r["key"]))
        if progress:
            progress(len(part))
    return len(rows)


def create_relationships(graph, known: Known, rel: str, source: str, target: str,
                         rows: list[dict], batch_size: int,
                         progress: Callable[[int], None] | None = None,
                         merge_on: tuple | None = None) -> int:
    """CREATE rel from rows {"from", "to", "values"} whose ends are known (ids); merge_on:
    the properties the MERGE statement matches on (default: the schema's), set first."""
    model = graph.model
    model.rel(rel), model.label(source), model.label(target)
    if not model.allows(rel, source, target):
        raise ValueError(f"the schema does not allow {source} -{rel}-> {target}")
    ids = known.ids
    for start in range(0, len(rows), batch_size):
        part = rows[start:start + batch_size]
        common, order = split_common([r["values"] for r in part],
                                     model.rel(rel).merge_on if merge_on is None else merge_on)
        props, rest = _inline(model, common, order, 4)
        q = (f"UNWIND $rows AS row MATCH (a:{source}) WHERE id(a) = row[0] AND a.{KEY} = row[1] "
             f"MATCH (b:{target}) WHERE id(b) = row[2] AND b.{KEY} = row[3] "
             f"CREATE (a)-[r:{rel}{' {' + props + '}' if props else ''}]->(b) "
             "RETURN count(r) AS c")
        params = {"rows": [[ids[(source, r["from"])], r["from"], ids[(target, r["to"])], r["to"],
                            *map(r["values"].get, rest)] for r in part],
                  "c": common}
        made = graph.write(q, params)[0]["c"]
        if made != len(part):
            raise StoreError(f"{rel}: {len(part) - made} of {len(part)} relationships could "
                             "not be created: their nodes changed during the load; load again")
        if progress:
            progress(len(part))
    return len(rows)


def dated_values(row: dict, date: str) -> dict:
    """What dated_node_statement sets on a NEW node: create, then props and extract_date if
    the file owns the node, then first_seen and last_seen (None: not set)."""
    own = bool(row.get("props"))
    values = dict(row.get("create") or {})
    if own:
        values.update(row["props"])
        values["extract_date"] = date
    values["first_seen"] = values["last_seen"] = date
    return {k: v for k, v in values.items() if v is not None}


def dated_rel_values(props: dict, date: str, seen: bool) -> dict:
    """What dated_rel_statement (and gias_people's MEMBER_OF statement) set on a
    NEW relationship."""
    values = dict(props, extract_date=date, first_seen=date, last_seen=date)
    if seen:
        values["seen"] = [date]
    return {k: v for k, v in values.items() if v is not None}


__all__ = ["Known", "create_nodes", "create_relationships", "dated_rel_values",
           "dated_values", "enabled", "exclusive", "exclusive_load", "lookup", "split_common"]
