"""Cypher that several questions share word for word, and the one form a repeated idiom takes.

A question file must run as it stands on both engines (there is no include), so each copy is
written out in full; tests/test_shared_texts.py finds every copy by its first lines and holds it
equal to the text here, so a fix made in one file and not the others fails the tests.
"""
from __future__ import annotations

import re

# The people on more than one register board: every one of them nationally, or, with $boards,
# those with a seat on one of the boards, found from the boards' key index (reading every
# person on several boards in the country to keep an authority's took 0.5 s a question).
# An empty list unwound runs nothing, so only one branch reads the store.
PEOPLE_FROM_BOARDS = """CALL {
  UNWIND CASE WHEN $boards IS NULL THEN [1] ELSE [] END AS everyone
  MATCH (p:Person)
  WHERE p.boards > 1
  RETURN p
  UNION
  UNWIND coalesce($boards, []) AS k
  MATCH (s:Body {key: k})
  WITH s
  MATCH (s)<-[:MEMBER_OF]-(p:Person)
  WHERE p.boards > 1
  RETURN p
}
WITH DISTINCT p"""

# A node of any label by its key $k, through each family's or label's key index (a bare
# `MATCH (n) WHERE n.key IN $keys` has no index and compared every node with every key).
# tests/test_plans.py checks that the branches cover every label of the schema.
LOOKUP_LABELS = ("Area", "Institution", "Body", "Person", "GovernanceForm", "EvaluationFramework",
                 "EvaluationDimension", "Assessment", "Finding")
KEY_LOOKUP = ("CALL {\n"
              + "\n  UNION\n".join(f"  WITH k MATCH (n:{label} {{key: k}}) RETURN n"
                                   for label in LOOKUP_LABELS)
              + "\n}\nWITH DISTINCT n")

# name -> (the text, the first lines by which a copy is found)
SHARED = {
    "people_from_boards": (PEOPLE_FROM_BOARDS, "UNWIND coalesce($boards, []) AS k\n"
                                               "  MATCH (s:Body {key: k})"),
    "key_lookup": (KEY_LOOKUP, "CALL {\n  WITH k MATCH (n:"),
}

# One of several candidates picked the same way on both engines: the one with the smallest key
# (head() of a collect() is unordered, and each engine picked another: docs/writing-questions.md).
# x is a candidate, either [key, name] or a node; every `reduce(m = null, ...)` takes this form.
SMALLEST_KEY = re.compile(r"reduce\(m = null, x IN (?:.+?) \| CASE WHEN m IS NULL OR "
                          r"x(\[0\]|\.key) < m\1 THEN x ELSE m END\)")
SMALLEST_KEY_START = "reduce(m = null,"

__all__ = ["KEY_LOOKUP", "LOOKUP_LABELS", "PEOPLE_FROM_BOARDS", "SHARED", "SMALLEST_KEY", "SMALLEST_KEY_START"]
