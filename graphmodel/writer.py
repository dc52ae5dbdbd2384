"""Idempotent batched writes of checked rows: the only place loaders' Cypher is built.

Labels, types and property names come from the Model (checked names), never from input;
values travel only as $rows or other $parameters. MERGE on the stable key (nodes) or on the
ends plus the type's `merge_on` properties (relationships), so re-running a load changes
nothing. Besides the MERGEs: the dated writes of register extracts, dropping links a newer
file replaces, and the few reads loaders make by key.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

from . import writer_new
from .model import KEY, Model
from .store import DEFAULT_BATCH, Graph
from .writer_new import Known


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


# -- dated writes (register extracts loaded in any order: docs/time.md) ---------------------------
# Each row carries `date`, its extract's date. A fact's values are set only by an extract at
# least as new as the one that set them (`extract_date`), so an older extract loaded later
# never overwrites them; first_seen/last_seen widen to take in the date; a type with a `seen`
# list records the complete extracts that listed the fact (row.full).

def seen_clause(var: str) -> str:
    """SET first_seen/last_seen of var to take in row.date (min and max: any order)."""
    return (f"SET {var}.first_seen = CASE WHEN {var}.first_seen IS NULL OR row.date < "
            f"{var}.first_seen THEN row.date ELSE {var}.first_seen END, "
            f"{var}.last_seen = CASE WHEN {var}.last_seen IS NULL OR row.date > "
            f"{var}.last_seen THEN row.date ELSE {var}.last_seen END")


def seen_list_clause(var: str) -> str:
    """`, SET`-continuation adding row.date to var.seen when row.full (a complete extract)."""
    return (f", {var}.seen = CASE WHEN row.full AND NOT row.date IN coalesce({var}.seen, []) "
            f"THEN coalesce({var}.seen, []) + [row.date] ELSE {var}.seen END")


def dated_node_statement(model: Model, label: str) -> str:
    """As node_statement(create=True), for rows of one extract (row.date; row.own: the file
    owns the node's facts)."""
    lab = model.label(label)
    return (f"UNWIND $rows AS row MERGE (n:{':'.join(lab.labels)} {{{KEY}: row.key}}) "
            "ON CREATE SET n += row.create "
            "FOREACH (_ IN CASE WHEN row.own AND coalesce(n.extract_date, '') <= row.date "
            "THEN [1] ELSE [] END | SET n += row.props, n.extract_date = row.date) "
            # a register node no owner has written: a newer mention's values
            "FOREACH (_ IN CASE WHEN NOT row.own AND n.extract_date IS NULL AND "
            "n.last_seen < row.date THEN [1] ELSE [] END | SET n += row.create) "
            + seen_clause("n"))


def dated_rel_statement(model: Model, rel: str, source: str, target: str) -> str:
    """As rel_statement, for rows of one extract (row.date, row.full)."""
    r = model.rel(rel)
    model.label(source), model.label(target)
    on = ", ".join(f"{p}: row.props.{p}" for p in r.merge_on)
    seen = seen_list_clause("r") if "seen" in r.properties else ""
    return (f"UNWIND $rows AS row MATCH (a:{source} {{{KEY}: row.from}}) "
            f"MATCH (b:{target} {{{KEY}: row.to}}) "
            f"MERGE (a)-[r:{rel}{' {' + on + '}' if on else ''}]->(b) "
            "FOREACH (_ IN CASE WHEN coalesce(r.extract_date, '') <= row.date THEN [1] "
            "ELSE [] END | SET r += row.props, r.extract_date = row.date) "
            + seen_clause("r") + seen)


def write_dated(graph: Graph, nodes: dict[str, list[dict]],
                rels: dict[tuple[str, str, str], list[dict]], date: str, full: bool,
                batch_size: int = DEFAULT_BATCH,
                progress: Callable[[int], None] | None = None,
                known: Known | None = None) -> tuple[int, int]:
    """Write one extract's nodes then relationships (rows as write_nodes/write_relationships
    take them); date is the extract's ISO date, full whether it lists the whole register.
    Where the backend creates by id (writer_new), new nodes and relationships with a new end
    are CREATEd with the values these statements would give them; known collects the ids."""
    fast = writer_new.enabled(graph)
    known = known if known is not None else writer_new.Known()
    n = 0
    for label, rows in nodes.items():
        if fast:
            writer_new.lookup(graph, known, label, (r["key"] for r in rows))
            fresh = [{"key": r["key"], "values": writer_new.dated_values(r, date)}
                     for r in rows if (label, r["key"]) not in known.ids]
            rows = [r for r in rows if (label, r["key"]) in known.ids]
            n += writer_new.create_nodes(graph, known, label, fresh, batch_size, progress)
        rows = [dict(r, date=date, own=bool(r.get("props"))) for r in rows]
        n += graph.write_batches(dated_node_statement(graph.model, label), rows, batch_size,
                                 progress)
    m = 0
    for (rel, source, target), rows in rels.items():
        if not graph.model.allows(rel, source, target):
            raise ValueError(f"the schema does not allow {source} -{rel}-> {target}")
        if fast:
            new = known.new
            fresh = [r for r in rows if (source, r["from"]) in new or (target, r["to"]) in new]
            if fresh:
                writer_new.lookup(graph, known, source, (r["from"] for r in fresh))
                writer_new.lookup(graph, known, target, (r["to"] for r in fresh))
                seen = full and "seen" in graph.model.rel(rel).properties
                m += writer_new.create_relationships(
                    graph, known, rel, source, target,
                    [{"from": r["from"], "to": r["to"],
                      "values": writer_new.dated_rel_values(r["props"], date, seen)}
                     for r in fresh], batch_size, progress)
                rows = [r for r in rows if (source, r["from"]) not in new
                        and (target, r["to"]) not in new]
        rows = [dict(r, date=date, full=full) for r in rows]
        m += graph.write_batches(dated_rel_statement(graph.model, rel, source, target), rows,
                                 batch_size, progress)
    return n, m
