"""A file's checked graph rows, and their batched writes (UNWIND + MERGE, values as $rows).

Every value is checked against the schema (graphmodel.Model) when its row joins the batch, so
a row the store would reject is a bad row before anything is written. Nodes are deduplicated by
key and relationships by their ends plus the type's merge_on properties; the first row that
mentions a node or relationship is its provenance.

Labels, types and the Cypher text come only from graphmodel.writer (the one statement builder);
nodes another file kind owns get their facts only when created (writer's `create` rows).
"""
from __future__ import annotations

import re
from typing import Callable

from graphmodel.model import KEY, InvalidValue, Model
from graphmodel.store import DEFAULT_BATCH, Graph
from graphmodel.writer import write_dated, write_nodes, write_relationships
from graphmodel.writer_new import Known

from .gias_map import RowOps
from .gias_read import RowError

_ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_GOOD_DATES: set[str] = set()   # ISO texts that matched _ISO_DATE (a load repeats its dates)


def _iso_date(v: str) -> bool:
    if v in _GOOD_DATES:
        return True
    if _ISO_DATE.match(v):
        if len(_GOOD_DATES) < 100_000:
            _GOOD_DATES.add(v)
        return True
    return False


class _Plan:
    """How to check the properties of one label or relationship type, compiled once."""

    __slots__ = ("name", "props", "fast", "required", "merge_on")

    def __init__(self, name: str, props: dict, merge_on: tuple[str, ...] = ()):
        self.name = name
        self.props = props
        # property -> (type, enum values or None); `key` is never a property to set
        self.fast = {k: (p.type, frozenset(p.values) if p.values else None)
                     for k, p in props.items() if k != KEY}
        self.required = tuple(p.name for p in props.values() if p.required and p.name != KEY)
        self.merge_on = merge_on

    def check(self, values: dict) -> dict:
        """Coerce each value by the schema. Values already in their stored form (what
        gias_read produces) take a fast path with Property.coerce's outcome; others go
        through coerce."""
        out = {}
        fast = self.fast
        for k, v in values.items():
            spec = fast.get(k)
            if spec is None:
                raise RowError(None, f"{self.name} has no property {k!r} in the schema")
            if v is None:
                out[k] = None
                continue
            t, enum = spec
            tv = type(v)
            if enum is None:
                if tv is str and t == "string":
                    out[k] = v.strip()
                    continue
                if (tv is int and t == "integer") or (tv is bool and t == "boolean") or \
                        (tv is str and t == "date" and _iso_date(v)):
                    out[k] = v
                    continue
            elif tv is str and v in enum:
                out[k] = v
                continue
            try:
                out[k] = self.props[k].coerce(v)
            except InvalidValue as e:
                raise RowError(None, f"{self.name}: {e}") from None
        return out

    def missing(self, props: dict, create: dict | None = None) -> None:
        for req in self.required:
            if props.get(req) is None and (create is None or create.get(req) is None):
                raise RowError(None, f"{self.name}: {req} is required")


class Batch:
    def __init__(self, model: Model, written: set[tuple[str, str]] | None = None):
        self.model = model
        self.written = written if written is not None else set()  # (label, key) from earlier
        self.nodes: dict[str, dict[str, dict]] = {}                  # label -> key -> row
        self.rels: dict[tuple[str, str, str], dict[tuple, dict]] = {}  # kind -> ident -> row
        self._plans: dict[str, _Plan] = {}
        self._allowed: dict[tuple[str, str, str], bool] = {}

    @property
    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    @property
    def rel_count(self) -> int:
        return sum(map(len, self.rels.values()))

    def has(self, label: str, key: str) -> bool:
        """Whether a row accepted so far added this node (Batch.add adds a row's facts all
        or none)."""
        return key in self.nodes.get(label, ())

    def add(self, ops: RowOps) -> None:
        """Check every new fact of one row, then add them all; RowError leaves the batch as it
        was. A node or relationship already in the batch keeps its first row's facts, so a
        later mention is not checked again (it would not be written)."""
        nodes = []
        for n in ops.nodes:
            if n.key in self.nodes.get(n.label, ()):
                continue
            if not n.props and (n.label, n.key) in self.written:
                continue  # create-only, and an earlier file of this load writes it
            plan = self._plan(n.label)
            props, create = plan.check(n.props), plan.check(n.create)
            plan.missing(props, create)
            nodes.append((n.label, n.key, props, create))
        rels = []
        for r in ops.rels:
            kind = (r.rel, r.source[0], r.target[0])
            plan = self._plan(r.rel)
            ident = (r.source[1], r.target[1])
            if plan.merge_on:
                ident += tuple([r.props.get(p) for p in plan.merge_on])
            if ident in self.rels.get(kind, ()):
                continue
            if not self._allows(kind):
                raise RowError(None, f"the schema does not allow {kind[1]} -{kind[0]}-> {kind[2]}")
            props = plan.check(r.props)
            plan.missing(props)
            rels.append((kind, ident, {"from": r.source[1], "to": r.target[1], "props": props}))
        for label, key, props, create in nodes:
            self.nodes.setdefault(label, {}).setdefault(
                key, {"key": key, "props": props, "create": create})
        for kind, ident, row in rels:
            self.rels.setdefault(kind, {}).setdefault(ident, row)

    def _plan(self, name: str) -> _Plan:
        plan = self._plans.get(name)
        if plan is None:
            if name in self.model.labels:
                plan = _Plan(name, self.model.label(name).properties)
            else:
                spec = self.model.rel(name)
                plan = _Plan(name, spec.properties, spec.merge_on)
            self._plans[name] = plan
        return plan

    def _allows(self, kind: tuple[str, str, str]) -> bool:
        if kind not in self._allowed:
            self._allowed[kind] = self.model.allows(*kind)
        return self._allowed[kind]


def write_batch(graph: Graph, batch: Batch, batch_size: int = DEFAULT_BATCH,
                progress: Callable[[int], None] | None = None,
                dated: tuple[str, bool] | None = None,
                known: Known | None = None) -> tuple[int, int]:
    """Write nodes (every label) then relationships; return (nodes, relationships) written.
    dated=(extract date, complete): the extract's history writes (graphmodel.writer); known
    collects the ids of the nodes written (graphmodel.writer_new)."""
    if dated is not None:
        return write_dated(graph, {label: list(rows.values()) for label, rows in
                                   batch.nodes.items()},
                           {k: list(v.values()) for k, v in batch.rels.items()}, *dated,
                           batch_size=batch_size, progress=progress, known=known)
    n = write_nodes(graph, {label: list(rows.values()) for label, rows in batch.nodes.items()},
                    batch_size, progress, create=True)
    r = write_relationships(graph, {k: list(v.values()) for k, v in batch.rels.items()},
                            batch_size, progress)
    return n, r
