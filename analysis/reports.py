"""Reports: named questions plus the little arithmetic that turns rows into findings.

Every report is a Report (its question in one line, columns, rows, the keys of the facts it used,
and each row's weakest evidence grade), so a notebook gets the same thing the command line prints.
The arithmetic itself (groups, shares, verdicts, grades) lives in analysis.measures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graphmodel import queries as Q
from graphmodel.exc import InvalidInput

from . import measures as M

BY_LEVELS = ("body", "cluster", "locality", "tier", "la")
# The relationships an accountability row reports (its grade is theirs and the body's).
ACCOUNTABILITY = ("ACCOUNTABLE_TO", "DELEGATES_TO", "FUNDS")
# Columns a seat count fills, in the order reports print them.
SEAT_COLUMNS = ("members", "voting", "professionals_voting", "governors_voting", "other_lay_voting",
                "non_voting", "professional_share", "governor_share", "verdict")


@dataclass
class Report:
    question: str
    columns: list[str]
    rows: list[dict[str, Any]]
    body_keys: list[str] = field(default_factory=list)  # every node key behind the rows
    notes: list[str] = field(default_factory=list)
    measure_columns: tuple[str, ...] = ()  # numbers a table marks with the row's evidence grade
    empty: str = ""  # what an empty answer means (the question's `empty:` header)

    def sources(self, graph) -> list[dict]:
        """The documents (sections) and register extracts (rows) behind the rows shown."""
        keys = sorted({k for k in self.body_keys if k})
        if not keys:
            return []
        return sorted(Q.run(graph, "fact_sources", {"keys": keys}), key=_source_order)


def _source_order(r: dict) -> tuple:
    """By source, then by place in it with numbers as numbers: row 2 before row 10 (the
    question sorts references as text)."""
    ref = [(0, int(p), "") if p.isdigit() else (1, 0, p)
           for p in re.split(r"(\d+)", r["source_ref"] or "") if p]
    return r["source"] or "", ref, r["evidence"] or ""


def graded(columns: list[str]) -> list[str]:
    return [c for c in columns if c != "evidence"] + ["evidence"]


def grade_rows(graph, rows: list[dict], keys_of, types: tuple[str, ...]) -> None:
    """Set each row's `evidence` to the weakest grade of the nodes it rests on and of their
    relationships of the given types (the facts the row reports)."""
    wanted = sorted({k for r in rows for k in keys_of(r) if k})
    if not wanted:
        for r in rows:
            r.setdefault("evidence", M.UNGRADED)
        return
    grades = {g["key"]: g["evidence"]
              for g in Q.run(graph, "fact_grades", {"keys": wanted, "types": list(types)})}
    for r in rows:
        own = [r["evidence"]] if r.get("evidence") else []
        r["evidence"] = M.weakest(own + [g for k in keys_of(r) if k for g in grades.get(k, [None])])


def seat_measures(row: dict, documented_only: bool = False) -> dict:
    """Seats by group, shares and verdict of one body or unit, with its evidence grade.

    Counts are exact numbers, or 'lo-hi' where a source gives a range of seats (the row's
    `ranges`); `seats_low` / `seats_high` keep the numbers for programs. With documented_only,
    numbers that rest on any seat (or body) not documented are replaced by
    measures.NOT_DOCUMENTED: a partial count would read as a total.
    """
    low = M.group_votes(row)
    extra = {g: 0 for g in low}
    extra_members = 0
    for constituency, voting, more in row.get("ranges") or []:
        extra_members += more
        if voting:
            extra[M.constituency_group(constituency)] += more
    high = {g: low[g] + extra[g] for g in low}
    v_lo, v_hi = sum(low.values()), sum(high.values())
    gv, pv = (low["governor"], high["governor"]), (low["professional"], high["professional"])
    members = int(row.get("members") or 0)
    body_ok = M.documented(row.get("body_evidence") or [])
    seats_ok = M.documented(row.get("seat_evidence") or [])
    out = {"members": M.span(members, members + extra_members), "voting": M.span(v_lo, v_hi),
           "professionals_voting": M.span(*pv), "governors_voting": M.span(*gv),
           "other_lay_voting": M.span(low["other"], high["other"]),
           "non_voting": M.span(members - v_lo, members - v_lo + extra_members - (v_hi - v_lo)),
           "professional_share": M.share_span(pv[0], pv[1], v_lo - pv[0], v_hi - pv[1]),
           "governor_share": M.share_span(gv[0], gv[1], v_lo - gv[0], v_hi - gv[1]),
           "verdict": M.verdict_span(gv[0], gv[1], v_lo - gv[0], v_hi - gv[1]),
           "evidence": M.weakest(list(row.get("body_evidence") or [])
                                 + list(row.get("seat_evidence") or [])),
           "seats_low": dict(low, voting=v_lo), "seats_high": dict(high, voting=v_hi)}
    if documented_only and not (body_ok and seats_ok):
        out.update({c: M.NOT_DOCUMENTED for c in SEAT_COLUMNS})
        out.update(evidence="documented", seats_low=None, seats_high=None)
    return out


def representation(graph, la: str | None = None, by: str = "body",
                   partnerships_only: bool = True, documented_only: bool = False,
                   as_of: str | None = None) -> Report:
    """Professional versus governor votes per body, or rolled up per cluster, locality, tier or LA.

    Per body, schools' own boards with recorded members are listed too; rollups count partnership
    bodies only (measures.is_partnership_body) unless partnerships_only is False, which the
    register-scale benchmark uses. Rollups are summed in Cypher (one row per unit nationally).
    """
    if by not in BY_LEVELS:
        raise InvalidInput(f"--by must be one of {', '.join(BY_LEVELS)}")
    if by == "body":
        out, ans = [], Q.answer(graph, "representation", {"la": la, "as_of": as_of})
        for r in ans.rows:
            if documented_only and not M.documented(r["body_evidence"]):
                continue
            row = {k: v for k, v in r.items() if k not in ("body_evidence", "seat_evidence")}
            row.update(seat_measures(r, documented_only))
            row["flag"] = (M.NOT_DOCUMENTED if row["voting"] == M.NOT_DOCUMENTED else
                           M.body_flag(r["members"], r["governors_any"], r["governors_voting"],
                                       r["voting"]))
            out.append(row)
        cols = graded(["authority", "tier", "body", "status", *SEAT_COLUMNS, "flag"])
        return Report(Q.get("representation").question, cols, out, [r["body_key"] for r in out],
                      measure_columns=SEAT_COLUMNS, empty=ans.empty)
    ans = Q.answer(graph, "representation_rollup",
                   {"la": la, "by": by, "partnerships_only": partnerships_only,
                    "as_of": as_of})
    rows = ans.rows
    out, keys = [], []
    for r in rows:
        row = {"authority": r["authority"]}
        if by != "la":
            row[by] = r["unit"]
        row["bodies"] = len(r["documented_body_keys"]) if documented_only else r["bodies"]
        row.update(seat_measures(r, documented_only))
        row["bodies_without_governors"] = (M.NOT_DOCUMENTED if row["voting"] == M.NOT_DOCUMENTED
                                           else r["bodies_without_governors"])
        row["flag"] = (M.NOT_DOCUMENTED if row["voting"] == M.NOT_DOCUMENTED else
                       M.body_flag(r["members"], r["governors_any"], r["governors_voting"],
                                   r["voting"]))
        keys += r["documented_body_keys"] if documented_only else r["body_keys"]
        out.append(row)
    q = f"Per {'authority' if by == 'la' else by}: how many votes do professionals and governors hold?"
    unit = [] if by == "la" else [by]
    cols = graded(["authority", *unit, "bodies", *SEAT_COLUMNS, "bodies_without_governors", "flag"])
    return Report(q, cols, out, keys, measure_columns=("bodies", *SEAT_COLUMNS,
                                                       "bodies_without_governors"),
                  empty=ans.empty)


def power(graph, la: str | None = None, documented_only: bool = False,
          as_of: str | None = None) -> Report:
    """Binding bodies, their delegated powers and votes, and each locality's pooled power split."""
    ans = Q.answer(graph, "decision_power", {"la": la, "as_of": as_of})
    rows, out, pooled = ans.rows, [], {}
    for r in rows:
        if documented_only and not M.documented(r["body_evidence"]):
            continue
        row = {k: r[k] for k in ("authority", "locality", "tier", "body", "body_key", "status",
                                 "delegated_by", "powers")}
        row["powers"] = list(dict.fromkeys(row["powers"] or []))  # one per delegating body
        row.update(seat_measures(r, documented_only))
        row["heads_attending"] = (M.NOT_DOCUMENTED if row["voting"] == M.NOT_DOCUMENTED
                                  else r["heads_attending"])
        out.append(row)
        if M.is_partnership_body(r["kind"], r["status"]):
            p = pooled.setdefault((r["authority"], r["locality"] or "(authority level)"), [])
            p.append(row)
    notes = [binding_split(auth, loc, bodies) for (auth, loc), bodies in sorted(pooled.items())]
    cols = graded(["authority", "locality", "body", "status", "delegated_by", "powers", "voting",
                   "professionals_voting", "governors_voting", "other_lay_voting",
                   "professional_share", "governor_share", "verdict", "heads_attending"])
    return Report(Q.get("decision_power").question, cols, out, [r["body_key"] for r in out], notes,
                  measure_columns=(*SEAT_COLUMNS, "heads_attending"), empty=ans.empty)


def binding_split(authority: str, locality: str, bodies: list[dict]) -> str:
    """One line: a locality's active binding bodies and their pooled share of the binding votes."""
    n = len(bodies)
    head = f"{authority} / {locality}: {n} active binding bod{'y' if n == 1 else 'ies'}"
    if any(b["voting"] == M.NOT_DOCUMENTED for b in bodies):
        return f"{head}; share of binding votes {M.NOT_DOCUMENTED}"
    lo = {g: sum(b["seats_low"][g] for b in bodies) for g in ("voting", *M.GROUP_NAMES)}
    hi = {g: sum(b["seats_high"][g] for b in bodies) for g in ("voting", *M.GROUP_NAMES)}
    if not hi["voting"]:
        return f"{head}; {M.NO_VOTES}"
    shares = ", ".join(
        f"{name} {_fmt(M.share_span(lo[g], hi[g], lo['voting'] - lo[g], hi['voting'] - hi[g]))}"
        for name, g in (("professionals", "professional"), ("governors", "governor"),
                        ("other lay", "other")))
    grade = M.weakest(b["evidence"] for b in bodies)
    mark = f" ({grade})" if grade != "documented" else ""
    verdict = M.verdict_span(lo["governor"], hi["governor"], lo["voting"] - lo["governor"],
                             hi["voting"] - hi["governor"])
    votes = M.span(lo["voting"], hi["voting"])
    return (f"{head}; share of {votes} binding vote{'' if votes == 1 else 's'}{mark}: "
            f"{shares}; governors: {verdict}")


def _fmt(v) -> str:
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def accountability(graph, la: str | None = None, body: str | None = None,
                   as_of: str | None = None) -> Report:
    rows = Q.run(graph, "accountability_chains", {"la": la, "body": body, "as_of": as_of})
    grade_rows(graph, rows, lambda r: [r["body_key"], r.get("holder_key")], ACCOUNTABILITY)
    cols = graded(["authority", "body", "bases", "holder", "holder_kind", "steps"])
    return Report(Q.get("accountability_chains").question, cols, rows,
                  [k for r in rows for k in (r["body_key"], r.get("holder_key"))],
                  measure_columns=("steps",))


def gaps(graph, la: str | None = None, as_of: str | None = None) -> Report:
    rows = Q.run(graph, "accountability_gaps", {"la": la, "as_of": as_of})
    rows.sort(key=lambda r: (r["authority"] or "", r["body"] or "", r["gap"]))
    grade_rows(graph, rows, lambda r: [r["body_key"]], ACCOUNTABILITY)
    cols = graded(["authority", "body", "status", "gap", "legal_holders", "resource_holders"])
    return Report(Q.get("accountability_gaps").question, cols, rows, [r["body_key"] for r in rows],
                  measure_columns=("legal_holders",))


TIER_COUNTS = ("areas", "bodies", "binding_bodies", "advisory_bodies", "unresolved_bodies",
               "nested_in_locality")


def tiers(graph, la: str | None = None, documented_only: bool = False,
          as_of: str | None = None) -> Report:
    """Tiers with active partnership bodies; the tier of a body as measures.TIER_CYPHER says."""
    ans = Q.answer(graph, "tiers", {"la": la, "as_of": as_of})
    rows, keys = ans.rows, []
    for r in rows:
        r["evidence"] = M.weakest(r["evidence"])
        keys += r["body_keys"]
        if documented_only and r["evidence"] != "documented":
            for c in TIER_COUNTS:
                r[c] = M.NOT_DOCUMENTED
            r["evidence"] = "documented"
    cols = graded(["authority", "tier", *TIER_COUNTS, "body_names"])
    return Report(Q.get("tiers").question, cols, rows, keys, measure_columns=TIER_COUNTS,
                  empty=ans.empty)


def participation(graph, la: str | None = None, as_of: str | None = None) -> Report:
    """Schools and colleges in no active partnership body. The sources of an empty answer are
    the authority's area and what attaches to it (the schools that were checked)."""
    ans = Q.answer(graph, "non_participants", {"la": la, "as_of": as_of})
    rows = ans.rows
    grade_rows(graph, rows, lambda r: [r["institution_key"]], ("IN_AREA", "MEMBER_INSTITUTION"))
    keys = [r["institution_key"] for r in rows] + ([ans.params["la"]] if ans.params["la"] else [])
    return Report(Q.get("non_participants").question,
                  graded(["authority", "area", "institution", "kind"]), rows, keys,
                  measure_columns=("institution",), empty=ans.empty)
