"""The authority scope is written once: the schema's `Authority` role, not a label disjunction.

A question's --la names a local authority or a reference model. The schema gives both the role
label `Authority`, so a question matches `(s:Authority)`; copying `s:LocalAuthority OR
s:ReferenceModel` into each file is how the two drifted apart before (issue 15).
"""
from __future__ import annotations

import itertools
import re

import pytest

from graphmodel import default_model
from graphmodel import queries as Q


def _disjunctions(text: str, labels: list[str]) -> list[str]:
    """`x:A OR x:B` spelled over two members of one role, in either order."""
    found = []
    for a, b in itertools.permutations(labels, 2):
        found += re.findall(rf"\b(\w+):{a}\s+OR\s+\1:{b}\b", text)
    return found


def test_the_role_names_the_authority_kinds():
    m = default_model()
    assert sorted(m.members_of("Authority")) == ["LocalAuthority", "ReferenceModel"]
    assert "Authority" in m.label("LocalAuthority").labels


def test_disjunction_rule_catches_the_old_form():
    members = default_model().members_of("Authority")
    assert _disjunctions("MATCH (s:Area) WHERE (s:ReferenceModel OR s:LocalAuthority)", members)
    assert not _disjunctions("MATCH (s:Authority) WHERE $la IS NULL OR s.key = $la", members)


@pytest.mark.parametrize("name", sorted(Q.library()))
def test_question_matches_the_role_not_a_disjunction(name):
    members = default_model().members_of("Authority")
    q = Q.get(name)
    assert not _disjunctions(q.text, members), (
        f"cypher/{q.filename}: match (s:Authority) instead of a label disjunction")


def test_store_written_before_the_role_gets_it(empty_graph):
    """An older store (no Authority label on its authorities) is brought up to date by
    ensure_schema, so questions that match (s:Authority) still find it."""
    g = empty_graph
    g.write("CREATE (:LocalAuthority:Area {key: 'x', name: 'X', source: 's', source_ref: 'r', "
            "evidence: 'documented'}), (:ReferenceModel:Area {key: 'm', name: 'M', source: 's', "
            "source_ref: 'r', evidence: 'documented'})")
    assert g.read("MATCH (s:Authority) RETURN count(s) AS c")[0]["c"] == 0
    g.ensure_schema()
    g.ensure_schema()  # idempotent
    rows = g.read("MATCH (s:Authority) RETURN s.key AS k ORDER BY k")
    assert [r["k"] for r in rows] == ["m", "x"]
    assert Q.run(g, "authorities", {})[0]["key"] in ("m", "x")


def test_opening_an_older_store_brings_it_up_to_date(tmp_path):
    """A user's store from before the role: opening it adds the label, so no question
    silently answers nothing for it."""
    from graphmodel import Graph

    with Graph.open(data_dir=tmp_path / "old") as g:
        g.write("CREATE (:LocalAuthority:Area {key: 'x', name: 'X', source: 's', "
                "source_ref: 'r', evidence: 'documented'})")
    with Graph.open(data_dir=tmp_path / "old") as g:
        assert [r["k"] for r in g.read("MATCH (s:Authority) RETURN s.key AS k")] == ["x"]
