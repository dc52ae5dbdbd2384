"""Markdown reference of the schema, generated from it (docs/schema.md is this output)."""
from __future__ import annotations

from .model import PROVENANCE, Model


def _prop_line(p) -> str:
    kind = p.type + (f" ({' / '.join(p.values)})" if p.values else "")
    flags = ", ".join(x for x in ("required" if p.required else "", "indexed" if p.indexed else "",
                                  f"default {p.default}" if p.default is not None else "",
                                  "derived (a cache: not exported)" if p.derived else "") if x)
    return f"| `{p.name}` | {kind} | {flags} | {p.description} |"


def schema_markdown(model: Model) -> str:
    out = ["# The govgraph schema", "",
           "Generated from `graphmodel/schema.yaml` by `govgraph schema markdown`; do not edit.",
           f"Every node and relationship also carries provenance: {', '.join(f'`{p}`' for p in PROVENANCE)}"
           " (required). Every node has the text key `key`, unique per label.", ""]
    for fam, desc in model.family_descriptions.items():
        members = ", ".join(model.members_of(fam))
        out += [f"- **{fam}** (family): {desc} Labels: {members}."]
    for role, desc in model.roles.items():
        out += [f"- **{role}** (role, an extra label): {desc} Labels: {', '.join(model.members_of(role))}."]
    out += ["", "## Node labels", ""]
    for lab in model.labels.values():
        out += [f"### {lab.name}" + (f" ({lab.family})" if lab.family else ""), ""]
        if lab.description:
            out += [lab.description, ""]
        out += ["| property | type | | description |", "| --- | --- | --- | --- |"]
        out += [_prop_line(p) for p in lab.properties.values() if p.name not in PROVENANCE]
        out += [""]
    out += ["## Relationship types", ""]
    for r in model.relationships.values():
        out += [f"### {r.name}: {' / '.join(r.sources)} -> {' / '.join(r.targets)}", ""]
        if r.description:
            out += [r.description, ""]
        if r.merge_on:
            out += [f"One relationship per pair of nodes and {', '.join(r.merge_on)}.", ""]
        props = [p for p in r.properties.values() if p.name not in PROVENANCE]
        if props:
            out += ["| property | type | | description |", "| --- | --- | --- | --- |"]
            out += [_prop_line(p) for p in props]
        out += [""]
    return "\n".join(out).rstrip() + "\n"
