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
