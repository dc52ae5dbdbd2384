"""A cluster's self-evaluation (002_319f870bdb6f7f36.txt) and the starting point it implies."""
from __future__ import annotations

from graphmodel import queries as Q
from graphmodel.exc import InvalidInput

from .reports import Report

DISCREPANCY_TOTAL = 4  # project choice: the source names no threshold (see assess())


def assess(graph, cluster: str, scores: list[dict] | None = None,
           as_of: str | None = None) -> Report:
    """A cluster's self-evaluation and the starting point that follows from it.

    Scale: 1 = strong ... 4 = non-existent. The grid says to add up each group's scores and
    start from the discrepancy between governors and leaders if there is one, else from a high
    total (weak: build cluster structures) or a low one (strong: implement the SEND toolkit).
    The foci are taken in the grid's order (high, discrepancy, low). The source gives no
    thresholds; we take 'high' as a mean above the scale's midpoint and a discrepancy as group
    means differing by one point or more, or totals by DISCREPANCY_TOTAL or more.

    As of a date (docs/time.md): the self-evaluations made by then (undated ones always) of a
    cluster that existed then; the framework has no dates and is the same on every date.
    """
    as_of = Q.as_of_date(as_of)
    rows = Q.run(graph, "self_evaluation", {"cluster": cluster, "as_of": as_of})
    if scores is not None:
        base = rows or Q.run(graph, "evaluation_framework")
        if not base:
            raise InvalidInput("no self-evaluation framework in the store: load the case corpus")
        by_pos = {r["position"]: dict(r, leaders=None, governors=None) for r in base}
        for s in scores:
            pos = s.get("position")
            if pos not in by_pos:
                raise InvalidInput(f"scores: no dimension {pos!r} in the framework")
            for g in ("leaders", "governors"):
                v = s.get(g)
                if v is not None and (not isinstance(v, int) or not 1 <= v <= 4):
                    raise InvalidInput(f"scores: dimension {pos} {g} must be a whole number 1-4, got {v!r}")
                by_pos[pos][g] = v
        rows = [dict(r, difference=None if r["leaders"] is None or r["governors"] is None
                     else r["governors"] - r["leaders"]) for r in by_pos.values()]
        rows.sort(key=lambda r: r["position"])
    if not rows:
        when = f" made by {as_of}" if as_of else ""
        raise InvalidInput(f"no self-evaluation{when} for {cluster!r}: give --scores FILE")
    lo, hi = rows[0].get("scale_min") or 1, rows[0].get("scale_max") or 4
    lead = [r["leaders"] for r in rows if r["leaders"] is not None]
    gov = [r["governors"] for r in rows if r["governors"] is not None]
    ml = sum(lead) / len(lead) if lead else None
    mg = sum(gov) / len(gov) if gov else None
    mid = (lo + hi) / 2
    notes = [f"leaders total {sum(lead)} over {len(lead)} dimensions (mean {ml:.2f})" if lead else
             "no leaders' scores",
             f"governors total {sum(gov)} over {len(gov)} dimensions (mean {mg:.2f})" if gov else
             "no governors' scores"]
    both = [r for r in rows if r["difference"] is not None]
    d_total = abs(sum(r["governors"] for r in both) - sum(r["leaders"] for r in both))
    discrepant = ml is not None and mg is not None and (
        abs(ml - mg) >= 1 or d_total >= DISCREPANCY_TOTAL)
    if not lead and not gov:
        raise InvalidInput(f"no scores for {cluster!r}: every leaders and governors score is empty")
    mean = sum(lead + gov) / len(lead + gov)
    if mean > mid:
        start = ("High scores (weak collaboration): build and strengthen the cluster's "
                 "structures first, taking a pragmatic approach to SEND meanwhile.")
    elif discrepant:
        start = ("Discrepancy between governors and school leaders: confirm the cluster agreement "
                 "and choose a model of governance that fits the level of collaboration "
                 "(Cluster Governance Agreement or Cluster Steering Group Agreement).")
    else:
        start = ("Low scores (strong collaboration): implement the cluster SEND toolkit, "
                 "adapted to the cluster's own circumstances.")
    if discrepant and mean > mid:
        notes.append("governors and leaders also differ: confirm the cluster agreement next")
    notes.append("always first: check the cluster has a clearly expressed joint vision and purpose")
    notes.append(f"starting point: {start}")
    cols = ["position", "dimension", "leaders", "governors", "difference"]
    question = Q.get("self_evaluation").question + (f" (as of {as_of})" if as_of else "")
    return Report(question, cols, rows, notes=notes)
