"""Case-study YAML files (docs/case-format.md) into the graph, all-or-nothing per file.

A file is parsed with line numbers, checked whole against the schema (labels, types, allowed
ends, property types and values, dates, duplicate keys, dangling references), and only then
written with batched UNWIND + MERGE. Re-loading a file changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from graphmodel.model import KEY, PROVENANCE, InvalidValue, Model
from graphmodel.store import Graph
from graphmodel.writer import write_nodes, write_relationships

from .errors import LoadError, Problem

TOP_KEYS = {"case", "title", "source", "note", "nodes", "relationships"}
NODE_META = {"label", KEY}
REL_META = {"type", "from", "to"}


class _Map(dict):
    """A mapping that remembers the line of each of its keys (1-based)."""
    line: int = 0
    lines: dict


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for k, _ in node.value:  # YAML would let the last duplicate win silently
            if isinstance(k, yaml.ScalarNode):
                if k.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {k.value!r} in one mapping", k.start_mark)
                seen.add(k.value)
        m = _Map(super().construct_mapping(node, deep=True))
        m.line = node.start_mark.line + 1
        m.lines = {k.value: k.start_mark.line + 1 for k, _ in node.value
                   if isinstance(k, yaml.ScalarNode)}
        return m


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _LineLoader.construct_mapping)
# Dates stay text until the schema says a field is a date: no silent YAML timestamp coercion.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class CaseFile:
    """A checked file, ready to write."""
    path: str
    case: str
    nodes: dict[str, list[dict]] = field(default_factory=dict)          # label -> rows
    rels: dict[tuple[str, str, str], list[dict]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)                 # key -> label

    @property
    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    @property
    def rel_count(self) -> int:
        return sum(map(len, self.rels.values()))


def bundled_files() -> list[Path]:
    """The corpus shipped with the package, in load order (sorted by file name)."""
    folder = resources.files("loaders").joinpath("cases")
    return sorted((Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml")),
                  key=lambda p: p.name)


def parse_file(path: str | Path, model: Model,
               known: Callable[[Iterable[str]], dict[str, str]] | None = None) -> CaseFile:
    """Check one file whole; raise LoadError listing every problem, or return the rows.

    known(keys) returns {key: label} for keys defined outside this file (the store, or
    files checked before this one).
    """
    path = Path(path)
    name = path.name
    problems: list[Problem] = []

    def bad(line, fld, reason):
        problems.append(Problem(name, line, fld, reason))

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise LoadError([Problem(name, None, None, f"cannot read: {e.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise LoadError([Problem(name, line, None, "not UTF-8 text")]) from None
    if "\x00" in text:
        raise LoadError([Problem(name, text[:text.index("\x00")].count("\n") + 1, None,
                                 "binary data (NUL byte), not YAML")])
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise LoadError([Problem(name, mark.line + 1 if mark else None, None,
                                 f"not valid YAML: {e.problem or e}")]) from None
    except yaml.YAMLError as e:
        raise LoadError([Problem(name, None, None, f"not valid YAML: {e}")]) from None
    except RecursionError:
        raise LoadError([Problem(name, None, None, "not valid YAML: nested too deeply")]) from None
    if not isinstance(doc, _Map):
        raise LoadError([Problem(name, None, None, "empty file or not a YAML mapping")])

    for k in sorted(set(doc) - TOP_KEYS, key=str):
        bad(doc.lines.get(k), str(k), f"unknown top-level field; expected {sorted(TOP_KEYS)}")
    case = doc.get("case")
    if not isinstance(case, str) or not case.strip():
        bad(doc.lines.get("case", doc.line), "case", "required: the file's id")
    default_source = doc.get("source")
    if default_source is not None and not isinstance(default_source, str):
        bad(doc.lines.get("source"), "source", "must be text (a seed file name)")
    out = CaseFile(str(path), str(case))

    nodes = doc.get("nodes") or []
    if not isinstance(nodes, list):
        bad(doc.lines.get("nodes"), "nodes", "must be a list")
        nodes = []
    seen: dict[str, int] = {}
    for item in nodes:
        if not isinstance(item, _Map):
            bad(doc.lines.get("nodes"), "nodes", f"each node must be a mapping, got {item!r:.40}")
            continue
        row = _node(item, model, default_source, bad)
        if row is None:
            continue
        label, key, props = row
        if key in seen:
            bad(item.lines.get(KEY), KEY, f"duplicate key {key!r} (first at line {seen[key]})")
            continue
        seen[key] = item.lines.get(KEY, item.line)
        out.labels[key] = label
        out.nodes.setdefault(label, []).append({"key": key, "props": props})

    rels = doc.get("relationships") or []
    if not isinstance(rels, list):
        bad(doc.lines.get("relationships"), "relationships", "must be a list")
        rels = []
    refs = {_text_key(item.get(end)) for item in rels if isinstance(item, _Map)
            for end in ("from", "to")}
    outside = {k for k in refs if k and k not in out.labels}
    external = known(outside) if (known and outside) else {}
    seen_rel: dict[tuple, int] = {}
    for item in rels:
        if not isinstance(item, _Map):
            bad(doc.lines.get("relationships"), "relationships",
                f"each relationship must be a mapping, got {item!r:.40}")
            continue
        row = _rel(item, model, default_source, out.labels, external, bad)
        if row is None:
            continue
        kind, rec, ident = row
        if ident in seen_rel:
            bad(item.line, "type", f"duplicate relationship {ident[0]} {ident[1]} -> {ident[2]} "
                f"(first at line {seen_rel[ident]})")
            continue
        seen_rel[ident] = item.line
        out.rels.setdefault(kind, []).append(rec)
    if problems:
        raise LoadError(problems)
    return out


def _props(item: _Map, allowed: dict, meta: set, default_source, bad) -> dict | None:
    props: dict[str, Any] = {}
    ok = True
    for k, v in item.items():
        if k in meta:
            continue
        if k not in allowed:
            bad(item.lines.get(k), str(k), "unknown field for this label/type")
            ok = False
            continue
        try:
            props[k] = allowed[k].coerce(v)
        except InvalidValue as e:
            bad(item.lines.get(k), str(k), str(e))
            ok = False
    if "source" not in props and default_source:
        props["source"] = default_source
    for p in allowed.values():
        if p.required and p.name not in meta and props.get(p.name) is None and p.name in item:
            continue  # already reported as a bad value
        if p.required and p.name not in meta and props.get(p.name) is None:
            bad(item.line, p.name, "required field is missing")
            ok = False
    return props if ok else None


def _text_key(value) -> str | None:
    """Keys are text; a bare whole number (a DfE code such as 919) is read as its digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _node(item: _Map, model: Model, default_source, bad):
    label = item.get("label")
    if not isinstance(label, str) or label not in model.labels:
        fam = " (a family: name a concrete label)" if label in model.families else ""
        bad(item.lines.get("label", item.line), "label", f"unknown label {label!r}{fam}")
        return None
    key = _text_key(item.get(KEY))
    if not key:
        bad(item.lines.get(KEY, item.line), KEY, "required: a non-empty text key")
        return None
    allowed = dict(model.labels[label].properties)
    props = _props(item, allowed, NODE_META, default_source, bad)
    return None if props is None else (label, key.strip(), props)


def _rel(item: _Map, model: Model, default_source, local: dict, external: dict, bad):
    rel = item.get("type")
    if not isinstance(rel, str) or rel not in model.relationships:
        bad(item.lines.get("type", item.line), "type", f"unknown relationship type {rel!r}")
        return None
    spec = model.relationships[rel]
    ends = {}
    for end in ("from", "to"):
        key = _text_key(item.get(end))
        if not key:
            bad(item.lines.get(end, item.line), end, "required: the key of a node")
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
    props = _props(item, dict(spec.properties), REL_META, default_source, bad)
    if props is None:
        return None
    ident = (rel, ends["from"][0], ends["to"][0], *(props.get(p) for p in spec.merge_on))
    kind = (rel, ends["from"][1], ends["to"][1])
    return kind, {"from": ends["from"][0], "to": ends["to"][0], "props": props}, ident


def store_lookup(graph: Graph, model: Model) -> Callable[[Iterable[str]], dict[str, str]]:
    """known() for parse_file: keys in the store, with their concrete label."""
    def known(keys):
        out = {}
        for key, labels in graph.existing_keys(keys).items():
            concrete = [l for l in labels if l in model.labels]
            if concrete:
                out[key] = concrete[0]
        return out
    return known


@dataclass
class LoadReport:
    file: str
    nodes: int
    relationships: int


def check_files(paths: Iterable[str | Path], model: Model,
                graph: Graph | None = None) -> list[CaseFile]:
    """Validate files in order without writing; later files may refer to earlier ones."""
    seen: dict[str, str] = {}
    lookup = store_lookup(graph, model) if graph else None

    def known(keys):
        keys = set(keys)
        out = {k: seen[k] for k in keys if k in seen}
        rest = keys - set(out)
        if rest and lookup:
            out.update(lookup(rest))
        return out

    checked = []
    for p in paths:
        cf = parse_file(p, model, known)
        seen.update(cf.labels)
        checked.append(cf)
    return checked


def load_files(graph: Graph, paths: Iterable[str | Path],
               progress: Callable[[str, CaseFile], None] | None = None) -> list[LoadReport]:
    """Check then write each file in turn; a bad file raises LoadError before any write of it."""
    reports = []
    known = store_lookup(graph, graph.model)
    for p in paths:
        cf = parse_file(p, graph.model, known)
        write_nodes(graph, cf.nodes)
        write_relationships(graph, cf.rels)
        reports.append(LoadReport(Path(p).name, cf.node_count, cf.rel_count))
        if progress:
            progress(Path(p).name, cf)
    return reports


def case_json_schema(model: Model) -> dict:
    """The JSON Schema of the case-study format, derived from the graph schema."""
    def prop_schema(p):
        t = {"string": {"type": "string"}, "integer": {"type": "integer"},
             "float": {"type": "number"}, "boolean": {"type": "boolean"},
             "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
             "list": {"type": "array", "items": {"type": "string"}}}[p.type]
        t = dict(t)
        if p.values:
            t["enum"] = list(p.values)
        if p.description:
            t["description"] = p.description
        return t

    def variant(const_field, const, props, meta_required):
        properties = {const_field: {"const": const}}
        properties.update({n: prop_schema(p) for n, p in props.items()})
        required = list(dict.fromkeys([const_field, *meta_required,
                    *(n for n, p in props.items() if p.required and n != "source")]))
        return {"type": "object", "properties": properties, "required": required,
                "additionalProperties": False}

    nodes = [variant("label", name, lab.properties, [KEY]) for name, lab in model.labels.items()]
    rels = []
    for name, r in model.relationships.items():
        v = variant("type", name, r.properties, ["from", "to"])
        v["properties"]["from"] = {"type": "string", "description": "key of a " + "/".join(r.sources)}
        v["properties"]["to"] = {"type": "string", "description": "key of a " + "/".join(r.targets)}
        rels.append(v)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "govgraph case-study file",
        "type": "object",
        "required": ["case", "nodes"],
        "additionalProperties": False,
        "properties": {
            "case": {"type": "string"}, "title": {"type": "string"},
            "source": {"type": "string", "description": "default source of every fact"},
            "note": {"type": "string"},
            "nodes": {"type": "array", "items": {"oneOf": nodes}},
            "relationships": {"type": "array", "items": {"oneOf": rels}},
        },
    }


__all__ = ["CaseFile", "LoadReport", "PROVENANCE", "bundled_files", "case_json_schema",
           "check_files", "load_files", "parse_file"]
