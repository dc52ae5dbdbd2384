"""The history of register group memberships, rebuilt from the extracts the store holds.

Whatever order extracts load in, each group membership keeps `first_seen` / `last_seen` (the
first and last extract that listed it) and `seen` (the complete group links extracts that listed
it). The dates of those complete extracts are the only ones that can show a membership ended:
its `end` is the first of them after its last_seen that does not list it (none: it is open), and
its `start` is its joined date, else its first_seen. The GOVERNS of a trust or federation follow
the membership. docs/time.md says how open ends are read.
"""
from __future__ import annotations

from graphmodel.store import Graph

EXTRACTS = ("MATCH (:School)-[r:MEMBER_INSTITUTION]->(:Body) WHERE r.seen IS NOT NULL "
            "UNWIND r.seen AS d RETURN DISTINCT d AS d")
KEEP_OPEN = ("UNWIND $keep AS k MATCH (s:School {key: k.s})-[r:MEMBER_INSTITUTION]->"
             "(b:Body {key: k.b}) WHERE r.group_type IS NOT NULL "
             "AND NOT $date IN coalesce(r.seen, []) SET r.seen = coalesce(r.seen, []) + [$date]")
HISTORY = ("MATCH (:School)-[r:MEMBER_INSTITUTION]->(:Body) WHERE r.last_seen IS NOT NULL "
           "AND r.group_type IS NOT NULL "
           "WITH r, r.end AS old, head([d IN $dates WHERE d > r.last_seen "
           "AND NOT d IN coalesce(r.seen, [])]) AS ended "
           "SET r.start = coalesce(r.joined_date, r.first_seen), r.end = ended "
           "RETURN toInteger(sum(CASE WHEN ended IS NOT NULL AND coalesce(old, '') <> ended "
           "THEN 1 ELSE 0 END)) AS closed")
HISTORY_GOVERNS = ("MATCH (s:School)-[r:MEMBER_INSTITUTION]->(b:Body)-[g:GOVERNS]->(s) "
                   "WHERE g.seen IS NOT NULL AND r.group_type IS NOT NULL "
                   "SET g.start = r.start, g.end = r.end")

SEAT_EXTRACTS = ("MATCH (:Person)-[r:MEMBER_OF]->(:Body) WHERE r.seen IS NOT NULL "
                 "UNWIND r.seen AS d RETURN DISTINCT d AS d")
# A seat ends at its term's end once an extract dated on or after it shows it (the values of
# the newest extract that listed the seat), else at the first complete extract after its
# last_seen that no longer lists it. Only seats whose end moves are written.
SEAT_HISTORY = ("MATCH (:Person)-[r:MEMBER_OF]->(:Body) WHERE r.gid IS NOT NULL "
                "AND r.last_seen IS NOT NULL "
                "WITH r, CASE WHEN r.term_end IS NOT NULL AND r.term_end <= r.extract_date "
                "THEN r.term_end ELSE head([d IN $dates WHERE d > r.last_seen "
                "AND NOT d IN coalesce(r.seen, [])]) END AS ended "
                "WHERE coalesce(r.end, '') <> coalesce(ended, '') SET r.end = ended "
                "RETURN count(r) AS moved")


def rebuild_seat_history(graph: Graph) -> int:
    """Set the end of every register seat from the complete governance extracts the store
    holds (docs/time.md); return how many seats gained or moved an end."""
    dates = sorted(r["d"] for r in graph.read(SEAT_EXTRACTS))
    if not dates:
        return 0
    rows = graph.write(SEAT_HISTORY, {"dates": dates})
    return rows[0]["moved"] if rows else 0


def rebuild_history(graph: Graph) -> int:
    """Set start and end of every register group membership (and its GOVERNS) from the
    extracts the store holds; return how many memberships gained or moved an end."""
    dates = sorted(r["d"] for r in graph.read(EXTRACTS))
    closed = graph.write(HISTORY, {"dates": dates})[0]["closed"] if dates else 0
    graph.write(HISTORY_GOVERNS)
    return closed or 0


__all__ = ["EXTRACTS", "HISTORY", "HISTORY_GOVERNS", "KEEP_OPEN", "SEAT_EXTRACTS", "SEAT_HISTORY",
           "rebuild_history", "rebuild_seat_history"]
