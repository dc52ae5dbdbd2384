"""Texts several questions share are the same word for word in each (graphmodel/shared_texts.py).

Pure text: the questions' answers are checked on both backends by tests/test_queries.py,
tests/test_differential.py and the report tests; here, that a copy cannot drift from the others.
"""
from __future__ import annotations

import re

import pytest

from graphmodel import queries as Q
from graphmodel import shared_texts as S


def _body(q) -> str:
    """The question's Cypher without its comment lines."""
    return "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("//"))


def copies(text: str, shared: str, start: str) -> tuple[int, int]:
    """How many copies begin in `text`, and how many of them are the shared text in full."""
    return text.count(start), text.count(shared)


@pytest.mark.parametrize("name", sorted(S.SHARED))
def test_every_copy_is_the_shared_text(name):
    shared, start = S.SHARED[name]
    users = []
    for q in Q.questions(include_internal=True):
        begun, whole = copies(_body(q), shared, start)
        assert begun == whole, (f"cypher/{q.name}.cypher: {begun - whole} copy of {name} differs "
                                f"from graphmodel/shared_texts.py (change both, or every copy)")
        users += [q.name] * whole
    assert len(users) >= 2, f"{name} is used by {users}: a text used once need not be shared"


def test_a_changed_copy_is_found():
    shared, start = S.SHARED["people_from_boards"]
    drifted = shared.replace("p.boards > 1\n  RETURN p\n  UNION",
                             "p.boards > 2\n  RETURN p\n  UNION")
    assert copies("MATCH (x) " + drifted, shared, start) == (1, 0)
    assert copies(shared + "\nRETURN p", shared, start) == (1, 1)


def smallest_key_misuses(text: str) -> list[str]:
    """Each `reduce(m = null, ...)` that is not the smallest-key form, as written."""
    out = []
    for m in re.finditer(re.escape(S.SMALLEST_KEY_START), text):
        if not S.SMALLEST_KEY.match(text, m.start()):
            out.append(text[m.start():m.start() + 80])
    return out


@pytest.mark.parametrize("text", [
    "reduce(m = null, x IN xs | CASE WHEN m IS NULL OR x[0] > m[0] THEN x ELSE m END)",
    "reduce(m = null, x IN xs | CASE WHEN m IS NULL OR x.key < m.name THEN x ELSE m END)",
    "reduce(m = null, x IN xs | CASE WHEN x.key < m.key THEN x ELSE m END)",
])
def test_smallest_key_rule_catches(text):
    assert smallest_key_misuses(text)


def test_question_picks_by_the_smallest_key_in_one_form():
    used = 0
    for q in Q.questions(include_internal=True):
        body = _body(q)
        assert not smallest_key_misuses(body), f"cypher/{q.name}.cypher"
        used += body.count(S.SMALLEST_KEY_START)
    assert used >= 2
