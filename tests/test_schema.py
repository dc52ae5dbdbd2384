"""The schema is data: it loads, it is consistent, and bad schemas fail clearly."""
import copy
import re

import pytest
import yaml

from graphmodel import InvalidModel, default_model
from graphmodel.model import build_model
from graphmodel import queries as Q

from conftest import ROOT

SCHEMA = yaml.safe_load((ROOT / "graphmodel" / "schema.yaml").read_text())


def test_bundled_schema_loads_with_required_labels_and_types():
    m = default_model()
    for label in ("LocalAuthority", "Locality", "Cluster", "School", "College", "Agency", "Funder",
                  "GoverningBody", "JointCommittee", "FederatedGoverningBody", "Trust",
                  "Partnership", "AdvisoryBody", "Committee", "Person"):
        assert label in m.labels, label
    for rel in ("MEMBER_OF", "DELEGATES_TO", "ACCOUNTABLE_TO", "FUNDS", "COMMISSIONS",
                "SUPERVISES", "GOVERNS", "PART_OF", "IN_AREA", "MEMBER_INSTITUTION"):
        assert rel in m.relationships, rel
    assert m.labels["Cluster"].properties["tier"].values == ("neighbourhood", "locality", "authority")
    for body in m.members_of("Body"):
        props = m.labels[body].properties
        for p in ("legal_basis", "formality", "decision_rights", "participation", "status", "purpose"):
            assert p in props, (body, p)
    mo = m.relationships["MEMBER_OF"].properties
    assert set(mo["constituency"].values) >= {"headteacher", "governor", "officer", "agency",
                                               "councillor", "community", "staff", "independent"}
    assert m.relationships["ACCOUNTABLE_TO"].properties["basis"].values == (
        "legal", "resource", "reporting", "peer")


def test_every_label_and_relationship_carries_provenance():
    m = default_model()
    for thing in [*m.labels.values(), *m.relationships.values()]:
        assert thing.properties["source"].required and thing.properties["source_ref"].required


def test_every_relationship_end_is_a_declared_label_or_family():
    m = default_model()
    for r in m.relationships.values():
        for end in (*r.sources, *r.targets):
            assert m.is_label_or_family(end), (r.name, end)
            assert m.members_of(end), f"{r.name}: {end} has no concrete label"


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["relationships"]["MEMBER_OF"].update({"to": ["Nowhere"]}), "unknown label 'Nowhere'"),
    (lambda d: d["labels"]["School"].update({"extends": "Thing"}), "extends unknown family"),
    (lambda d: d["labels"]["Cluster"]["properties"]["tier"].update({"values": "nope"}), "unknown enum"),
    (lambda d: d["labels"]["School"]["properties"]["urn"].update({"type": "int64"}), "type 'int64'"),
    (lambda d: d["labels"].update({"bad label": {}}), "CamelCase"),
    (lambda d: d["relationships"]["MEMBER_OF"].update({"merge_on": ["start"]}), "must be a required"),
    (lambda d: d["labels"]["School"]["properties"].update({"key": {"type": "string"}}), "implicit"),
])
def test_bad_schema_raises_invalid_model(mutate, message):
    doc = copy.deepcopy(SCHEMA)
    mutate(doc)
    with pytest.raises(InvalidModel, match=re.escape(message)):
        build_model(doc)


_LABEL = re.compile(r"[(\s,]\w*:([A-Z][A-Za-z]+)")
_WHERE_LABEL = re.compile(r"\b\w+:([A-Z][A-Za-z]+)\b")
_REL = re.compile(r"\[\w*:([A-Z_]+)")
_PROP = re.compile(r"\b([a-z_][A-Za-z0-9_]*)\.([a-z_][a-z0-9_]*)\b")
_MAPKEY = re.compile(r"\{\s*([a-z_][a-z0-9_]*)\s*:")
_STR = re.compile(r"'[^']*'")


@pytest.mark.parametrize("name", sorted(Q.library()))
def test_cypher_uses_only_schema_names(name):
    m = default_model()
    q = Q.get(name)
    body = _STR.sub("''", "\n".join(l for l in q.text.splitlines() if not l.startswith("//")))
    rels = set(_REL.findall(body))
    labels = (set(_LABEL.findall(body)) | set(_WHERE_LABEL.findall(body))) - rels
    for label in labels:
        assert m.is_label_or_family(label), f"{name}: label {label} is not in the schema"
    for rel in _REL.findall(body):
        assert rel in m.relationships, f"{name}: type {rel} is not in the schema"
    props = m.all_property_names()
    for var, prop in _PROP.findall(body):
        if var in ("row",):
            continue
        assert prop in props, f"{name}: property {var}.{prop} is not in the schema"
    for key in _MAPKEY.findall(body):
        assert key in props, f"{name}: property {key} is not in the schema"


def test_schema_names_are_literal_strings_in_queries_for_enums():
    """Enum literals compared in queries must be declared values (catches typos like 'govenor')."""
    m = default_model()
    allowed = {v for vals in m.enums.values() for v in vals}
    lit = re.compile(r"\.(constituency|basis|attendance|tier|status|decision_rights|formality|"
                     r"participation)\s*=\s*'([^']*)'")
    for q in Q.library().values():
        for prop, value in lit.findall(q.text):
            assert value in allowed, f"{q.name}: {prop} = {value!r} is not a declared value"


def test_schema_reference_doc_is_generated_from_the_schema():
    from graphmodel.docs import schema_markdown

    assert (ROOT / "docs" / "schema.md").read_text() == schema_markdown(default_model()), \
        "docs/schema.md is stale: run `govgraph schema markdown > docs/schema.md`"
