"""Case-study YAML files (docs/case-format.md) into the graph, all-or-nothing per file.

A file is parsed with line numbers, checked whole against the schema (labels, types, allowed
ends, property types and values, dates, evidence grades, duplicate keys, dangling references,
nodes another case file defines), and only then written with batched UNWIND + MERGE.
Re-loading a file changes nothing. Problems that only follow from an earlier one (a reference
to a node that failed) are grouped under it, so one slip gives one error.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

from graphmodel.model import KEY, PROVENANCE, Model
from graphmodel.store import Graph
from graphmodel.writer import properties_by_key, write_nodes, write_relationships

from .case_facts import GRADE, INFERRED_NOTE, PLACEHOLDER_NOTE, Problems, check_node, check_rel, \
    text_key
from .case_schema import case_json_schema
from .case_yaml import Map, read_document
from .errors import LoadError

TOP_KEYS = {"case", "title", "source", "note", "nodes", "relationships"}

Known = Callable[[Iterable[str]], dict[str, str]]                    # key -> label
Owners = Callable[[dict[str, str]], dict[str, tuple[str, str]]]      # key -> (case, defined_in)


@dataclass
class CaseFile:
    """A checked file, ready to write."""
    path: str
    case: str
    nodes: dict[str, list[dict]] = field(default_factory=dict)          # label -> rows
    rels: dict[tuple[str, str, str], list[dict]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)                 # key -> label
    evidence: dict[str, str] = field(default_factory=dict)               # key -> grade
    owners: dict[str, tuple[str, str]] = field(default_factory=dict)     # key -> (case, at)

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


def parse_file(path: str | Path, model: Model, known: Known | None = None,
               owners: Owners | None = None) -> CaseFile:
    """Check one file whole; raise LoadError listing every problem, or return the rows.

    known(keys) returns {key: label} for keys defined outside this file (the store, or files
    checked before this one); owners({key: label}) returns {key: (case, "file:line")} for those
    of this file's node keys that another case file already defines.
    """
    path = Path(path)
    name = path.name
    bad = Problems(name)
    doc = read_document(path)

    for k in sorted(set(doc) - TOP_KEYS, key=str):
        bad(doc.lines.get(k), str(k), f"unknown top-level field; expected {sorted(TOP_KEYS)}")
    case = doc.get("case")
    if not isinstance(case, str) or not case.strip():
        bad(doc.lines.get("case", doc.line), "case", "required: the file's id")
    default_source = doc.get("source")
    if default_source is not None and not isinstance(default_source, str):
        bad(doc.lines.get("source"), "source", "must be text (a seed file name)")
        default_source = "(bad)"  # reported once above, not again on every fact
    out = CaseFile(str(path), str(case))

    nodes = doc.get("nodes") or []
    if not isinstance(nodes, list):
        bad(doc.lines.get("nodes"), "nodes", "must be a list")
        nodes = []
    seen: dict[str, int] = {}
    failed: dict[str, tuple[int, int]] = {}   # key of a node that failed -> (problem, line)
    amending: set[str] = set()
    for item in nodes:
        if not isinstance(item, Map):
            bad(doc.lines.get("nodes"), "nodes", f"each node must be a mapping, got {item!r:.40}")
            continue
        start = bad.mark()
        label, key, props = check_node(item, model, default_source, bad)
        line = item.lines.get(KEY, item.line)
        if key and key in seen:
            bad(item.lines.get(KEY), KEY, f"duplicate key {key!r} (first at line {seen[key]})")
            continue
        if props is None:
            if key and bad.mark() > start:
                failed[key] = (start, line)
            continue
        seen[key] = line
        out.labels[key] = label
        out.evidence[key] = props.get("evidence", "documented")
        if item.get("amends") is True:
            amending.add(key)
        else:
            props.update(case_id=out.case, defined_in=f"{name}:{line}")
        out.nodes.setdefault(label, []).append({"key": key, "props": props, "line": line})
    _check_owners(out, owners, amending, seen, bad)

    rels = doc.get("relationships") or []
    if not isinstance(rels, list):
        bad(doc.lines.get("relationships"), "relationships", "must be a list")
        rels = []
    refs = {text_key(item.get(end)) for item in rels if isinstance(item, Map)
            for end in ("from", "to")}
    outside = {k for k in refs if k and k not in out.labels and k not in failed}
    external = known(outside) if (known and outside) else {}
    seen_rel: dict[tuple, int] = {}
    for item in rels:
        if not isinstance(item, Map):
            bad(doc.lines.get("relationships"), "relationships",
                f"each relationship must be a mapping, got {item!r:.40}")
            continue
        row = check_rel(item, model, default_source, out.labels, external, failed, bad)
        if row is None:
            continue
        kind, rec, ident = row
        weak = max((rec[e] for e in ("from", "to") if rec[e] in out.evidence),
                   key=lambda k: GRADE[out.evidence[k]], default=None)
        if weak and GRADE[out.evidence[weak]] > GRADE[rec["props"]["evidence"]]:
            bad(item.lines.get("evidence", item.line), "evidence",
                f"a fact cannot be better known than the nodes it joins: {weak!r} is "
                f"{out.evidence[weak]}, so this {kind[0]} is at most {out.evidence[weak]} "
                f"(write evidence: {out.evidence[weak]})")
            continue
        grade = rec["props"]["evidence"]  # the note may sit on the weaker node it joins
        if grade != "documented" and not rec["props"].get("note") and not (
                weak and out.evidence[weak] == grade):
            bad(item.lines.get("evidence", item.line),
                "note" if grade == "illustrative" else "evidence",
                PLACEHOLDER_NOTE if grade == "illustrative" else INFERRED_NOTE)
            continue
        if ident in seen_rel:
            bad(item.line, "type", f"duplicate relationship {ident[0]} {ident[1]} -> {ident[2]} "
                f"(first at line {seen_rel[ident]})")
            continue
        seen_rel[ident] = item.line
        out.rels.setdefault(kind, []).append(rec)
    problems = bad.result()
    if problems:
        raise LoadError(problems)
    for rows in out.nodes.values():
        for r in rows:
            r.pop("line", None)
    return out


def _check_owners(out: CaseFile, owners: Owners | None, amending: set[str],
                  lines: dict[str, int], bad) -> None:
    """A node another case file defines may only be changed by a node that says `amends: true`."""
    found = owners(dict(out.labels)) if owners and out.labels else {}
    for key in sorted(amending - set(found), key=lambda k: lines[k]):
        bad(lines[key], "amends", f"{key!r} is not defined by another case file, so there is "
            "nothing to amend: check the key, or drop `amends: true` to define a new node")
        _drop(out, key)
    for key, (case, at) in sorted(found.items(), key=lambda kv: lines[kv[0]]):
        if case == out.case or key in amending:
            continue
        bad(lines[key], KEY, f"{key!r} is already defined by {at} (case {case!r}); a file may not "
            "redefine another file's node: use a new key, or write `amends: true` on this node "
            "to change that one on purpose")
        _drop(out, key)


def _drop(out: CaseFile, key: str) -> None:
    label = out.labels.pop(key)
    out.evidence.pop(key, None)
    out.nodes[label] = [r for r in out.nodes[label] if r["key"] != key]


def store_lookup(graph: Graph, model: Model) -> Known:
    """known() for parse_file: keys in the store, with their concrete label."""
    def known(keys):
        out = {}
        for key, labels in graph.existing_keys(keys).items():
            concrete = [l for l in labels if l in model.labels]
            if concrete:
                out[key] = concrete[0]
        return out
    return known


def store_owners(graph: Graph) -> Owners:
    """owners() for parse_file: which case file defined each key, label by label (indexed)."""
    def owners(labels: dict[str, str]) -> dict[str, tuple[str, str]]:
        by_label: dict[str, list[str]] = defaultdict(list)
        for key, label in labels.items():
            by_label[label].append(key)
        out = {}
        for label, keys in by_label.items():
            for r in properties_by_key(graph, label, keys, ("case_id", "defined_in"),
                                       present="case_id"):
                out[r["key"]] = (r["case_id"], r["defined_in"])
        return out
    return owners


@dataclass
class LoadReport:
    file: str
    nodes: int
    relationships: int


def check_files(paths: Iterable[str | Path], model: Model,
                graph: Graph | None = None) -> list[CaseFile]:
    """Validate files in order without writing; later files may refer to earlier ones."""
    seen: dict[str, str] = {}
    owned: dict[str, tuple[str, str]] = {}
    lookup = store_lookup(graph, model) if graph else None
    in_store = store_owners(graph) if graph else None

    def known(keys):
        keys = set(keys)
        out = {k: seen[k] for k in keys if k in seen}
        rest = keys - set(out)
        if rest and lookup:
            out.update(lookup(rest))
        return out

    def owners(labels):
        out = in_store(labels) if in_store else {}
        out.update({k: owned[k] for k in labels if k in owned})
        return out

    checked = []
    for p in paths:
        cf = parse_file(p, model, known, owners)
        seen.update(cf.labels)
        for rows in cf.nodes.values():
            for r in rows:
                if "defined_in" in r["props"]:
                    owned.setdefault(r["key"], (cf.case, r["props"]["defined_in"]))
        checked.append(cf)
    return checked


def load_files(graph: Graph, paths: Iterable[str | Path],
               progress: Callable[[str, CaseFile], None] | None = None) -> list[LoadReport]:
    """Check then write each file in turn; a bad file raises LoadError before any write of it."""
    reports = []
    known = store_lookup(graph, graph.model)
    owners = store_owners(graph)
    for p in paths:
        cf = parse_file(p, graph.model, known, owners)
        write_nodes(graph, cf.nodes)
        write_relationships(graph, cf.rels)
        reports.append(LoadReport(Path(p).name, cf.node_count, cf.rel_count))
        if progress:
            progress(Path(p).name, cf)
    return reports


__all__ = ["CaseFile", "LoadReport", "PROVENANCE", "bundled_files", "case_json_schema",
           "check_files", "load_files", "parse_file"]
