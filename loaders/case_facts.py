"""One node or relationship of a case file, checked against the schema (for cases.parse_file).

Each check reports through a Problems collector (file, line, field, reason) and returns None for
a fact with a problem, so that a file's every problem is found in one pass.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from graphmodel.model import KEY, InvalidValue, Model

from .case_schema import LOADER_SET
from .case_yaml import Map, unknown_field_hint, value_hint
from .errors import Problem

NODE_META = {"label", KEY, "amends"}
REL_META = {"type", "from", "to"}
RANGES = (("places_min", "places_max"), ("size_min", "size_max"))
PLACEHOLDER_NOTE = "an illustrative fact needs a note saying what is placeholder"
INFERRED_NOTE = "an inferred fact needs a note giving the rule it was inferred by"
GRADE = {"documented": 0, "inferred": 1, "illustrative": 2}


class Problems:
    """Problems of one file, with consequences filed under the problem they follow from."""

    def __init__(self, name: str):
        self.name = name
        self.items: list[Problem] = []
        self.follows: dict[int, list[Problem]] = defaultdict(list)
        self.no_source: list[int] = []

    def __call__(self, line, fld, reason) -> None:
        self.items.append(Problem(self.name, line, fld, reason))

    def mark(self) -> int:
        return len(self.items)

    def follow(self, parent: int, line, fld, reason) -> None:
        self.follows[parent].append(Problem(self.name, line, fld, reason))

    def result(self) -> list[Problem]:
        out = [replace(p, follows=tuple(self.follows.get(i, ()))) for i, p in enumerate(self.items)]
        if self.no_source:  # one error for a missing top-level field, not one per fact
            lines = self.no_source
            out.insert(0, Problem(self.name, 1, "source", (
                f"{len(lines)} fact(s) name no source document (first at line {lines[0]}): "
                "give the file a top-level `source:` (the seed file name, e.g. "
                "000_bc9857864c985559.txt) or give each fact its own `source`")))
        return out



def props_of(item: Map, allowed: dict, meta: set, default_source, bad) -> dict | None:
    """The item's checked properties (meta fields left out), or None once a problem is reported."""
    props: dict[str, Any] = {}
    ok = True
    unknown = [k for k in item if k not in meta and k not in allowed]
    if unknown:  # one error for one slip (an unquoted comma splits a value into several fields)
        hint = next((h for h in (unknown_field_hint(k, item[k]) for k in unknown) if h), "")
        what = "unknown field" if len(unknown) == 1 else f"unknown fields {', '.join(map(repr, unknown))}"
        bad(item.lines.get(unknown[0]), str(unknown[0]), f"{what} for this label/type{hint}")
        ok = False
    for k, v in item.items():
        if k in meta or k in unknown:
            continue
        if k in LOADER_SET:
            bad(item.lines.get(k), str(k), "set by the loader, not by a file")
            ok = False
            continue
        try:
            props[k] = allowed[k].coerce(v)
        except InvalidValue as e:
            bad(item.lines.get(k), str(k), str(e) + value_hint(allowed[k].type, str(k), v))
            ok = False
    if "amends" in item and item["amends"] is not True and "amends" in meta:
        bad(item.lines.get("amends"), "amends", "must be true (or left out)")
        ok = False
    if "source" not in props:
        if default_source:
            props["source"] = default_source
        else:
            bad.no_source.append(item.line)
    for p in allowed.values():  # e.g. evidence: a fact a file does not grade is documented
        if p.default is not None and p.name not in item:
            props[p.name] = p.default
    for p in allowed.values():
        if not p.required or p.name in meta or p.name == "source" or props.get(p.name) is not None:
            continue
        if p.name not in item:  # a present but bad value is already reported
            bad(item.line, p.name, "required field is missing")
        ok = False
    if ok and "label" in meta and props.get("evidence") == "illustrative" and not props.get("note"):
        bad(item.lines.get("evidence"), "note", PLACEHOLDER_NOTE)
        ok = False
    if ok and "label" in meta and props.get("evidence") == "inferred" and not props.get("note"):
        bad(item.lines.get("evidence"), "evidence", INFERRED_NOTE)
        ok = False
    for lo, hi in RANGES:
        if ok and props.get(lo) is not None and props.get(hi) is not None and props[lo] > props[hi]:
            bad(item.lines.get(lo), lo, f"{lo} {props[lo]} is more than {hi} {props[hi]}")
            ok = False
    return props if ok else None


def text_key(value) -> str | None:
    """Keys are text; a bare whole number (a DfE code such as 919) is read as its digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def check_node(item: Map, model: Model, default_source, bad):
    """(label, key, props); props is None when the node has a problem (reported)."""
    key = text_key(item.get(KEY))
    if not key:
        bad(item.lines.get(KEY, item.line), KEY, "required: a non-empty text key")
    label = item.get("label")
    if not isinstance(label, str) or label not in model.labels:
        fam = " (a family: name a concrete label)" if label in model.families else ""
        bad(item.lines.get("label", item.line), "label", f"unknown label {label!r}{fam}")
        return label, key, None
    props = props_of(item, dict(model.labels[label].properties), NODE_META, default_source, bad)
    return label, key, (props if key else None)


def check_rel(item: Map, model: Model, default_source, local: dict, external: dict,
              failed: dict, bad):
    """(kind, row, identity) of a relationship, or None once its problem is reported."""
    rel = item.get("type")
    if not isinstance(rel, str) or rel not in model.relationships:
        bad(item.lines.get("type", item.line), "type", f"unknown relationship type {rel!r}")
        return None
    spec = model.relationships[rel]
    ends = {}
    for end in ("from", "to"):
        key = text_key(item.get(end))
        if not key:
            bad(item.lines.get(end, item.line), end, "required: the key of a node")
            return None
        if key in failed:  # follows from that node's problem: filed under it
            parent, line = failed[key]
            bad.follow(parent, item.lines.get(end, item.line), end,
                       f"refers to {key!r}, the node at line {line} that failed")
            return None
        label = local.get(key) or external.get(key)
        if label is None:
            bad(item.lines.get(end), end, f"dangling reference: no node with key {key!r} in this "
                "file or the store")
            return None
        ends[end] = (key, label)
    if not model.allows(rel, ends["from"][1], ends["to"][1]):
        bad(item.line, "type", f"the schema does not allow {ends['from'][1]} -{rel}-> "
            f"{ends['to'][1]} (allowed: {'/'.join(spec.sources)} -> {'/'.join(spec.targets)})")
        return None
    props = props_of(item, dict(spec.properties), REL_META, default_source, bad)
    if props is None:
        return None
    ident = (rel, ends["from"][0], ends["to"][0], *(props.get(p) for p in spec.merge_on))
    kind = (rel, ends["from"][1], ends["to"][1])
    return kind, {"from": ends["from"][0], "to": ends["to"][0], "props": props}, ident
