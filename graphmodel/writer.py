"""Idempotent batched writes of checked rows: the only place loaders' Cypher is built.

Labels, types and property names come from the Model (checked names), never from input;
values travel only as $rows. MERGE on the stable key (nodes) or on the ends plus the type's
`merge_on` properties (relationships), so re-running a load changes nothing.
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


def group(items: Iterable[tuple[object, dict]]) -> dict:
    out: dict = defaultdict(list)
    for k, row in items:
        out[k].append(row)
    return dict(out)
