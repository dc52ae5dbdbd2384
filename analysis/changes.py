"""What changed between two dates (`govgraph report changes`, docs/time.md).

One row per change: schools joining or leaving a trust or federation, bodies proposed, opened,
closed, dissolved or given up, schools opened or closed, predecessor and successor links, seats
started and ended. Each kind is one named question (cypher/changes_*.cypher); each row keeps
the provenance of the fact that shows the change and the extracts that listed it.
"""
from __future__ import annotations

from graphmodel import queries as Q
from graphmodel.exc import InvalidInput

from .reports import Report

QUESTIONS = ("changes_memberships", "changes_bodies", "changes_schools", "changes_links",
             "changes_seats")
COLUMNS = ["date", "change", "subject", "object", "source", "source_ref", "first_seen",
           "last_seen", "evidence"]


def changes(graph, since, until, la: str | None = None) -> Report:
    """Every change dated after `since` and up to and including `until` (YYYY-MM-DD)."""
    start, end = Q.as_of_date(since, "--from"), Q.as_of_date(until, "--to")
    if start is None or end is None:
        raise InvalidInput("report changes needs both --from and --to (YYYY-MM-DD)")
    if start > end:
        raise InvalidInput(f"--from {start} is after --to {end}")
    rows, empty = [], ""
    for name in QUESTIONS:
        ans = Q.answer(graph, name, {"since": start, "until": end, "la": la})
        rows += ans.rows
        empty = empty or ans.empty
    rows.sort(key=lambda r: (r["date"], r["change"], r["subject_key"] or "",
                             r["object_key"] or ""))
    keys = [k for r in rows for k in (r["subject_key"], r["object_key"]) if k]
    question = f"What changed after {start}, up to and including {end}?"
    return Report(question, COLUMNS, rows, keys, empty=empty)


__all__ = ["COLUMNS", "QUESTIONS", "changes"]
