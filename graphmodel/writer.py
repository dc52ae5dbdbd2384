"""Idempotent batched writes of checked rows: the only place loaders' Cypher is built.

Labels, types and property names come from the Model (checked names), never from input;
values travel only as $rows or other $parameters. MERGE on the stable key (nodes) or on the
ends plus the type's `merge_on` properties (relationships), so re-running a load changes
nothing. Besides the MERGEs: closing relationships a newer extract no longer lists, dropping
links a newer file replaces, and the few reads loaders make by key.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

from .model import KEY, Model
from .store import DEFAULT_BATCH, Graph


def node_statement(model: Model, label: str, create: bool = False) -> str:
    """MERGE on the key, then SET row.props; with create, row.create is set only on a new node
    (facts another source owns: never overwritten). Names from the Model only."""
    lab = model.label(label)
    return (f"UNWIND $rows AS row MERGE (n:{':'.join(lab.labels)} {{{KEY}: row.key}}) "
            + ("ON CREATE SET n += row.create " if create else "") + "SET n += row.props")


def rel_statement(model: Model, rel: str, source: str, target: str) -> str:
    r = model.rel(rel)
    model.label(source), model.label(target)  # both must be concrete, declared labels
    on = ", ".join(f"{p}: row.props.{p}" for p in r.merge_on)
    return (f"UNWIND $rows AS row MATCH (a:{source} {{{KEY}: row.from}}) "
            f"MATCH (b:{target} {{{KEY}: row.to}}) "
            f"MERGE (a)-[r:{rel}{' {' + on + '}' if on else ''}]->(b) SET r += row.props")


def write_nodes(graph: Graph, rows_by_label: dict[str, list[dict]],
                batch_size: int = DEFAULT_BATCH,
                progress: Callable[[int], None] | None = None, create: bool = False) -> int:
    """rows: {"key": ..., "props": {...}} per node (and "create": {...} with create=True),
    grouped by concrete label."""
    n = 0
    for label, rows in rows_by_label.items():
        n += graph.write_batches(node_statement(graph.model, label, create), rows, batch_size,
                                 progress)
    return n


def write_relationships(graph: Graph, rows_by_kind: dict[tuple[str, str, str], list[dict]],
                        batch_size: int = DEFAULT_BATCH,
                        progress: Callable[[int], None] | None = None) -> int:
    """rows: {"from": key, "to": key, "props": {...}} grouped by (type, source, target label)."""
    n = 0
    for (rel, source, target), rows in rows_by_kind.items():
        if not graph.model.allows(rel, source, target):
            raise ValueError(f"the schema does not allow {source} -{rel}-> {target}")
        n += graph.write_batches(rel_statement(graph.model, rel, source, target), rows,
                                 batch_size, progress)
    return n


def _label(model: Model, name: str) -> str:
    """A declared label or family name, else InvalidValue: nothing else reaches Cypher."""
    if not model.is_label_or_family(name):
        model.label(name)  # raises: unknown label
    return name


def _prop(model: Model, name: str) -> str:
    if name not in model.all_property_names():
        raise ValueError(f"no property {name!r} in the schema")
    return name


def _pattern(model: Model, rel: str, source: str, target: str, a_key: str = "") -> str:
    """(a:source)-[r:rel]->(b:target), every name checked; a_key: a's key, e.g. `row.from`."""
    model.rel(rel)
    at = f" {{{KEY}: {a_key}}}" if a_key else ""
    return f"(a:{_label(model, source)}{at})-[r:{rel}]->(b:{_label(model, target)})"


def close_unlisted(graph: Graph, rel: str, source: str, target: str, date: str,
                   keep: Iterable[str] = (), present: str | None = None) -> int:
    """Set `end` = date on open rel relationships that an earlier extract listed
    (extract_date < date) and this one does not: their "from key|to key" is not in keep.
    present names a property they must carry (e.g. group_type: group links only)."""
    m = graph.model
    only = f"r.{_prop(m, present)} IS NOT NULL AND " if present else ""
    q = (f"MATCH {_pattern(m, rel, source, target)} WHERE {only}r.end IS NULL "
         "AND r.extract_date < $date AND NOT (a.key + '|' + b.key) IN $keep "
         "SET r.end = $date RETURN count(r) AS closed")
    return graph.write(q, {"date": date, "keep": list(keep)})[0]["closed"]


def newest(graph: Graph, rel: str, source: str, target: str, prop: str,
           present: str | None = None):
    """The largest value of prop over rel relationships (None if there are none)."""
    m = graph.model
    only = f" WHERE r.{_prop(m, present)} IS NOT NULL" if present else ""
    rows = graph.read(f"MATCH {_pattern(m, rel, source, target)}{only} "
                      f"RETURN max(r.{_prop(m, prop)}) AS newest")
    return rows[0]["newest"] if rows else None


def drop_other_links(graph: Graph, rel: str, source: str, target: str, rows: list[dict],
                     batch_size: int = DEFAULT_BATCH) -> int:
    """Delete rel relationships from row["from"] to a target other than row["keep"] whose key
    starts with row["prefix"] ("" for any): a newer file's links replace the old ones."""
    q = (f"UNWIND $rows AS row MATCH {_pattern(graph.model, rel, source, target, 'row.from')} "
         "WHERE b.key <> row.keep AND b.key STARTS WITH row.prefix DELETE r")
    return graph.write_batches(q, rows, batch_size)


def properties_by_key(graph: Graph, label: str, keys: Iterable[str], props: Iterable[str],
                      present: str | None = None) -> list[dict]:
    """{key, prop...} of the label's nodes with these keys (and present set, if given)."""
    m = graph.model
    only = f" WHERE n.{_prop(m, present)} IS NOT NULL" if present else ""
    cols = "".join(f", n.{_prop(m, p)} AS {p}" for p in props)
    return graph.read(f"UNWIND $keys AS k MATCH (n:{_label(m, label)} {{{KEY}: k}}){only} "
                      f"RETURN k AS key{cols}", {"keys": sorted(set(keys))})


def group(items: Iterable[tuple[object, dict]]) -> dict:
    out: dict = defaultdict(list)
    for k, row in items:
        out[k].append(row)
    return dict(out)

