"""Re-dating a GIAS extract already in the store (`govgraph load gias --replace OLD_DATE`).

Every fact a GIAS file writes says which extract it comes from: its provenance text ends in
" (GIAS extract yyyy-mm-dd)", and it carries `extract_date`, `first_seen` and `last_seen`
(group memberships and register seats also `seen`). An extract loaded under a wrong date (files without a date in
their name) is re-dated by rewriting those, matched by equality on parameters; then the
memberships' ends are rebuilt from the extracts (gias_history). Refused when another
extract lies between the old and the new date, since the order of extracts decides which
memberships are closed.
"""
from __future__ import annotations

import re

from graphmodel.store import Graph

from .errors import LoadError, Problem
from .gias_history import rebuild_history, rebuild_seat_history

_SUFFIX = " (GIAS extract {})"
_DATES = ("extract_date", "first_seen", "last_seen")  # the extract's own dates on every fact
_DATE_IN_SOURCE = re.compile(r" \(GIAS extract (\d{4}-\d{2}-\d{2})\)$")


def extract_dates(graph: Graph) -> list[str]:
    """Dates of the GIAS extracts the store holds facts from, oldest first."""
    sources: set[str] = set()
    for label in graph.model.labels:
        sources.update(r["s"] for r in graph.read(
            f"MATCH (n:{label}) WHERE n.source CONTAINS ' (GIAS extract ' "
            "RETURN DISTINCT n.source AS s"))
    for rel in graph.model.relationships:
        sources.update(r["s"] for r in graph.read(
            f"MATCH ()-[r:{rel}]->() WHERE r.source CONTAINS ' (GIAS extract ' "
            "RETURN DISTINCT r.source AS s"))
    return sorted({m.group(1) for s in sources if (m := _DATE_IN_SOURCE.search(s or ""))})


def redate(graph: Graph, old: str, new: str, file: str = "--replace") -> int:
    """Move every fact of extract `old` to date `new`; return how many facts changed."""
    if old == new:
        return 0
    held = extract_dates(graph)
    if old not in held:
        raise LoadError([Problem(file, None, None, f"--replace {old}: the store holds no GIAS "
                                 f"extract of that date (it holds: {', '.join(held) or 'none'})",
                                 where="row")])
    lo, hi = sorted((old, new))
    between = [d for d in held if lo < d < hi]
    if between:
        raise LoadError([Problem(file, None, None, f"--replace {old}: extracts dated "
                                 f"{', '.join(between)} lie between {old} and {new}; re-dating "
                                 "across them would change which memberships count as ended",
                                 where="row")])
    p = {"old": old, "new": new, "olds": _SUFFIX.format(old), "news": _SUFFIX.format(new)}
    changed = 0
    for label in graph.model.labels:
        changed += graph.write(
            f"MATCH (n:{label}) WHERE n.source ENDS WITH $olds "
            "SET n.source = replace(n.source, $olds, $news) RETURN count(n) AS c", p)[0]["c"]
        for prop in _DATES:
            graph.write(f"MATCH (n:{label}) WHERE n.{prop} = $old SET n.{prop} = $new", p)
    for rel in graph.model.relationships:
        props = graph.model.rel(rel).properties
        changed += graph.write(
            f"MATCH ()-[r:{rel}]->() WHERE r.source ENDS WITH $olds "
            "SET r.source = replace(r.source, $olds, $news) RETURN count(r) AS c", p)[0]["c"]
        for prop in _DATES:
            graph.write(f"MATCH ()-[r:{rel}]->() WHERE r.{prop} = $old SET r.{prop} = $new", p)
        if "seen" in props:
            graph.write(f"MATCH ()-[r:{rel}]->() WHERE $old IN r.seen "
                        "SET r.seen = [d IN r.seen | CASE WHEN d = $old THEN $new ELSE d END]", p)
    rebuild_history(graph)  # ends follow the extracts' new order
    rebuild_seat_history(graph)
    return changed


__all__ = ["extract_dates", "redate"]
