"""Query plans on the embedded default: per-authority questions start from the authority.

FalkorDB plans by rules, not costs. A `WHERE` on the far end of the authority-to-body walk (a
time form, a label test) makes it start from a scan of every Body or School and walk towards
the authority, so asking about one authority costs as much as asking about all of them
(docs/writing-questions.md, "A filter on the far end turns the plan around"). Every question that
begins `MATCH (x:Authority)` must have FalkorDB scan x first, whatever its other filters.
"""
from __future__ import annotations

import re

import pytest

from conftest import load_corpus
from graphmodel import queries as Q

START = re.compile(r"^MATCH \((\w+):Authority[ )\{]", re.M)


def _starting_from_authority() -> list[str]:
    out = []
    for name, q in sorted(Q.library().items()):
        body = "\n".join(l for l in q.text.splitlines() if not l.startswith("//")).lstrip()
        if START.match(body):
            out.append(name)
    return out


FROM_AUTHORITY = _starting_from_authority()


def test_the_check_covers_the_authority_questions():
    assert {"representation", "decision_power", "tiers", "groups_in_authority",
            "non_participants", "accountability_gaps"} <= set(FROM_AUTHORITY)


@pytest.mark.parametrize("name", FROM_AUTHORITY)
def test_plan_scans_the_authority_first(request, name):
    g = load_corpus(request.getfixturevalue("_falkor"))
    q = Q.get(name)
    var = START.match("\n".join(l for l in q.text.splitlines()
                                if not l.startswith("//")).lstrip()).group(1)
    params = {p: None for p in q.body_params()}
    params.update({k: v for k, v in {"la": "800", "by": "tier", "partnerships_only": True,
                                     "as_of": "2020-01-01"}.items() if k in params})
    plan = str(g.backend._graph.explain(q.text, params))
    assert re.search(rf"Scan \| \({var}:Authority\)", plan), \
        f"{name}: FalkorDB does not start from {var}:Authority:\n{plan}"


# -- questions that look nodes up by a list of keys --------------------------------------------
# A node's key is indexed under its concrete label and its family (graphmodel.backends.index_plan),
# never without a label: `MATCH (n) WHERE n.key IN $keys` scans every node and compares it with
# every key (3 s for an authority's 1,100 keys on the national register). These questions look
# each key up under every family and every label outside a family, in a CALL { ... UNION ... }.
BY_KEYS = ("viz_nodes", "viz_edges", "viz_neighbours")
BRANCH = re.compile(r"WITH k MATCH \(\w+:(\w+) \{key: k\}\)")


@pytest.mark.parametrize("name", BY_KEYS)
def test_key_lookups_cover_every_label(name):
    from graphmodel import default_model

    m = default_model()
    looked_up = set(BRANCH.findall(Q.get(name).text))
    assert looked_up, f"{name}: no lookup by label and key"
    missed = [name for name, label in m.labels.items() if not set(label.labels) & looked_up]
    assert not missed, f"{name}: nodes labelled {missed} are never found by key"


@pytest.mark.parametrize("name", BY_KEYS)
def test_key_lookups_use_the_key_index(request, name):
    g = load_corpus(request.getfixturevalue("_falkor"))
    q = Q.get(name)
    params = {p: None for p in q.body_params()}
    params["keys"] = ["coast-city", "coast-city/cluster-1/csg"]
    plan = str(g.backend._graph.explain(q.text, params))
    assert "All Node Scan" not in plan and "Label Scan" not in plan, f"{name}:\n{plan}"
    assert len(re.findall(r"Node By Index Scan", plan)) == len(BRANCH.findall(q.text)), plan
