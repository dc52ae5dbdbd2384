"""The JSON Schema of the case-study format, derived from the graph schema."""
from __future__ import annotations

from graphmodel.model import KEY, Model

LOADER_SET = {"case_id", "defined_in"}  # node properties the loader writes, never a file


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
        properties.update({n: prop_schema(p) for n, p in props.items()
                           if n not in LOADER_SET and not p.derived})
        if const_field == "label":
            properties["amends"] = {"type": "boolean", "description":
                                    "true: change a node another case file defines"}
        required = list(dict.fromkeys([const_field, *meta_required, *(
            n for n, p in props.items() if p.required and n != "source" and p.default is None)]))
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
