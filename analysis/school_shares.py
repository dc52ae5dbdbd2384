"""Each school's governor share, for maps: the pooled share of docs/measures.md over the
partnership bodies the school takes part in (MEMBER_INSTITUTION) or is governed by (GOVERNS).

Why here and this way: the seats come from the `representation` report (seat_measures), and the
pooling is the rollups' (seats summed first, then measures.share_span and verdict_span), so a
school's share is the same measure a rollup prints, over the school's own set of bodies. A
school none of whose counted bodies has a voting seat on record has no share (None, 'unknown'),
never 0: a missing number must not read as "governors hold nothing".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graphmodel import queries as Q

from . import measures as M
from .reports import Report, representation

UNKNOWN = "unknown"
# What the number is, in one line, for legends and captions.
DEFINITION = ("governors' share of the voting seats of the partnership bodies each school takes "
              "part in or is governed by, seats pooled (docs/measures.md)")
NOT_COUNTED = {"board": "a school's own board", "inactive": "not active",
               "elsewhere": "not a body of this authority"}


@dataclass
class SchoolShare:
    key: str
    share: float | str | None          # 0.25, '0.20-0.40' (ranges of seats) or None (unknown)
    verdict: str                       # a verdict of measures.VERDICTS, a span, or UNKNOWN
    evidence: str | None               # weakest grade behind the share; None when unknown
    voting: int | str | None = None    # pooled voting seats (a 'lo-hi' span for ranges)
    governors_voting: int | str | None = None
    counted: list[dict] = field(default_factory=list)      # body, share, voting, evidence
    not_counted: list[dict] = field(default_factory=list)  # body, why


def governor_shares(graph, la: str, school_keys: list[str], as_of: str | None = None
                    ) -> tuple[dict[str, SchoolShare], Report]:
    """{school key: SchoolShare} for the given schools of authority `la`, and the per-body report
    the seats come from (its sources are the map's sources). As of a date (None: now), the
    seats held and the links that hold on it (docs/time.md)."""
    report = representation(graph, la, by="body", as_of=as_of)
    bodies = {r["body_key"]: r for r in report.rows}
    links = {r["key"]: r["links"] for r in Q.run(graph, "viz_map_school_bodies",
                                                  {"keys": list(school_keys), "as_of": as_of})}
    out, names, boards = {}, {}, set()
    for key in school_keys:
        graded_links: dict[str, list[str]] = {}
        for body_key, name, link_grade, labels in links.get(key) or []:  # parallel: one body
            graded_links.setdefault(body_key, []).append(link_grade)
            names.setdefault(body_key, name or body_key)
            if set(labels) & set(M.SCHOOL_BOARDS):
                boards.add(body_key)
        out[key] = pooled(key, graded_links, bodies, names, boards)
    used = sorted({b["key"] for s in out.values() for b in s.counted})
    return out, Report(report.question, report.columns,
                       [bodies[k] for k in used], used, measure_columns=report.measure_columns)


def pooled(key: str, links: dict[str, list[str]], bodies: dict[str, dict],
           names: dict[str, str] | None = None, boards=frozenset()) -> SchoolShare:
    """One school's share over its linked bodies (body key -> grades of its links); `boards`
    are the keys of schools' own boards among them (never counted, wherever they are)."""
    counted, skipped, grades = [], [], []
    low = {g: 0 for g in M.GROUP_NAMES} | {"voting": 0}
    high = dict(low)
    for body_key in sorted(links):
        row = bodies.get(body_key)
        name = (row or {}).get("body") or (names or {}).get(body_key, body_key)
        if body_key in boards or (row and row["kind"] in M.SCHOOL_BOARDS):
            skipped.append({"body": name, "why": NOT_COUNTED["board"]})
            continue
        if row is None:
            skipped.append({"body": name, "why": NOT_COUNTED["elsewhere"]})
            continue
        if not M.is_partnership_body(row["kind"], row["status"]):
            skipped.append({"body": name, "why": NOT_COUNTED["inactive"]})
            continue
        for part, seats in ((low, row["seats_low"]), (high, row["seats_high"])):
            for g in part:
                part[g] += seats[g]
        grades += [row["evidence"], *links[body_key]]
        counted.append({"key": body_key, "body": name, "share": row["governor_share"],
                        "voting": row["voting"], "evidence": row["evidence"]})
    gv, v = (low["governor"], high["governor"]), (low["voting"], high["voting"])
    value = M.share_span(gv[0], gv[1], v[0] - gv[0], v[1] - gv[1])
    if value is None:  # no voting seat on record (or none at one end of a range)
        return SchoolShare(key, None, UNKNOWN, None, M.span(*v) if counted else None, None,
                           counted, skipped)
    return SchoolShare(key, value, M.verdict_span(gv[0], gv[1], v[0] - gv[0], v[1] - gv[1]),
                       M.weakest(grades), M.span(*v), M.span(*gv), counted, skipped)
