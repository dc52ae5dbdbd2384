"""The weakest evidence grade behind each row of a named question's answer.

Reports grade their rows from the facts they count (analysis.reports). A question run on its own
(`govgraph query NAME`) that returns no grade of its own gets one here, from the nodes its rows
name by key: a row is no better known than the least known body, area, institution or person it
names. Rows that name no node get no grade (None), never a guessed one.
"""
from __future__ import annotations

from graphmodel import queries as Q

from . import measures as M


def _keys_in(row: dict) -> list[str]:
    out = []
    for col, v in row.items():
        if col == "key" or col.endswith("_key"):
            if isinstance(v, str) and v:
                out.append(v)
        elif col.endswith("_keys") and isinstance(v, list):
            out += [x for x in v if isinstance(x, str) and x]
    return out


def grade_rows(graph, rows: list[dict]) -> list[dict]:
    """Rows with an `evidence` column added (unchanged when the question grades its own rows)."""
    if not rows or "evidence" in rows[0]:
        return rows
    wanted = sorted({k for r in rows for k in _keys_in(r)})
    grades = {r["key"]: r["evidence"] for r in Q.run(graph, "node_grades", {"keys": wanted})} \
        if wanted else {}
    out = []
    for r in rows:
        named = [grades[k] for k in _keys_in(r) if k in grades]
        out.append({**r, "evidence": M.weakest(named) if named else None})
    return out
