"""Reports: named questions plus the little arithmetic that turns rows into findings.

Every report is a Report (its question in one line, columns, rows, the keys of the facts it used,
and each row's weakest evidence grade), so a notebook gets the same thing the command line prints.
The arithmetic itself (groups, shares, verdicts, grades) lives in analysis.measures.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphmodel import queries as Q

from . import measures as M

BY_LEVELS = ("body", "cluster", "locality", "tier", "la")
# Columns a seat count fills, in the order reports print them.
SEAT_COLUMNS = ("members", "voting", "professionals_voting", "governors_voting", "other_lay_voting",
                "non_voting", "governor_share", "verdict")


@dataclass
class Report:
    question: str
    columns: list[str]
    rows: list[dict[str, Any]]
    body_keys: list[str] = field(default_factory=list)  # every node key behind the rows
    notes: list[str] = field(default_factory=list)
    measure_columns: tuple[str, ...] = ()  # numbers a table marks with the row's evidence grade

    def sources(self, graph) -> list[dict]:
        """The documents (sections) and register extracts (rows) behind the rows shown."""
        keys = sorted({k for k in self.body_keys if k})
        if not keys:
            return []
        return Q.run(graph, "fact_sources", {"keys": keys})


def graded(columns: list[str]) -> list[str]:
    return [c for c in columns if c != "evidence"] + ["evidence"]


def grade_rows(graph, rows: list[dict], keys_of) -> None:
    """Set each row's `evidence` to the weakest grade of the nodes (and their facts) it rests on."""
    wanted = sorted({k for r in rows for k in keys_of(r) if k})
    if not wanted:
        for r in rows:
            r.setdefault("evidence", M.UNGRADED)
        return
    grades = {g["key"]: g["evidence"] for g in Q.run(graph, "fact_grades", {"keys": wanted})}
    for r in rows:
        own = [r["evidence"]] if r.get("evidence") else []
        r["evidence"] = M.weakest(own + [g for k in keys_of(r) if k for g in grades.get(k, [None])])


def seat_measures(row: dict, documented_only: bool = False) -> dict:
    """Seats by group, governor share and verdict of one body or unit, with its evidence grade.

    With documented_only, numbers that rest on any seat (or body) not documented are replaced by
    measures.NOT_DOCUMENTED: a partial count would read as a total.
    """
    votes = M.group_votes(row)
    voting, gv = int(row.get("voting") or 0), votes["governor"]
    body_ok = M.documented(row.get("body_evidence") or [])
    seats_ok = M.documented(row.get("seat_evidence") or [])
    out = {"members": row.get("members"), "voting": voting,
           "professionals_voting": votes["professional"], "governors_voting": gv,
           "other_lay_voting": votes["other"], "non_voting": row.get("non_voting"),
           "governor_share": M.share(gv, voting), "verdict": M.governor_verdict(gv, voting),
           "evidence": M.weakest(list(row.get("body_evidence") or [])
                                 + list(row.get("seat_evidence") or []))}
    if documented_only and not (body_ok and seats_ok):
        out.update({c: M.NOT_DOCUMENTED for c in SEAT_COLUMNS})
        out["evidence"] = "documented"
    return out


def representation(graph, la: str | None = None, by: str = "body",
                   partnerships_only: bool = True, documented_only: bool = False) -> Report:
    """Professional versus governor votes per body, or rolled up per cluster, locality, tier or LA.

    Per body, schools' own boards with recorded members are listed too; rollups count partnership
    bodies only (measures.is_partnership_body) unless partnerships_only is False, which the
    register-scale benchmark uses. Rollups are summed in Cypher (one row per unit nationally).
    """
    if by not in BY_LEVELS:
        raise ValueError(f"--by must be one of {', '.join(BY_LEVELS)}")
    if by == "body":
        out = []
        for r in Q.run(graph, "representation", {"la": la}):
            if documented_only and not M.documented(r["body_evidence"]):
                continue
            row = {k: r[k] for k in ("authority", "tier", "body", "body_key", "kind", "status")}
            row.update(seat_measures(r, documented_only))
            row["flag"] = (M.NOT_DOCUMENTED if row["voting"] == M.NOT_DOCUMENTED else
                           M.body_flag(r["members"], r["governors_any"], r["governors_voting"],
                                       r["voting"]))
            out.append(row)
        cols = graded(["authority", "tier", "body", "status", *SEAT_COLUMNS, "flag"])
        return Report(Q.get("representation").question, cols, out, [r["body_key"] for r in out],
                      measure_columns=SEAT_COLUMNS)
    rows = Q.run(graph, "representation_rollup",
                 {"la": la, "by": by, "partnerships_only": partnerships_only})
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
                                                       "bodies_without_governors"))


def power(graph, la: str | None = None, documented_only: bool = False) -> Report:
    """Binding bodies, their delegated powers and votes, and each locality's pooled power split."""
    rows = Q.run(graph, "decision_power", {"la": la})
    out, pooled = [], {}
    for r in rows:
        if documented_only and not M.documented(r["body_evidence"]):
            continue
        row = {k: r[k] for k in ("authority", "locality", "tier", "body", "body_key", "status",
                                 "delegated_by", "powers")}
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
                   "governor_share", "verdict", "heads_attending"])
    return Report(Q.get("decision_power").question, cols, out, [r["body_key"] for r in out], notes,
                  measure_columns=(*SEAT_COLUMNS, "heads_attending"))


def binding_split(authority: str, locality: str, bodies: list[dict]) -> str:
    """One line: a locality's active binding bodies and their pooled share of the binding votes."""
    n = len(bodies)
    head = f"{authority} / {locality}: {n} active binding bod{'y' if n == 1 else 'ies'}"
    if any(b["voting"] == M.NOT_DOCUMENTED for b in bodies):
        return f"{head}; share of binding votes {M.NOT_DOCUMENTED}"
    v = sum(b["voting"] for b in bodies)
    if not v:
        return f"{head}; {M.NO_VOTES}"
    parts = {g: sum(b[c] for b in bodies) for g, c in (("professionals", "professionals_voting"),
                                                        ("governors", "governors_voting"),
                                                        ("other lay", "other_lay_voting"))}
    shares = ", ".join(f"{g} {M.share(x, v):.2f}" for g, x in parts.items())
    grade = M.weakest(b["evidence"] for b in bodies)
    mark = f" ({grade})" if grade != "documented" else ""
    return f"{head}; share of {v} binding votes{mark}: {shares}; governors: " \
           f"{M.governor_verdict(parts['governors'], v)}"


def accountability(graph, la: str | None = None, body: str | None = None) -> Report:
    rows = Q.run(graph, "accountability_chains", {"la": la, "body": body})
    grade_rows(graph, rows, lambda r: [r["body_key"], r.get("holder_key")])
    cols = graded(["authority", "body", "bases", "holder", "holder_kind", "steps"])
    return Report(Q.get("accountability_chains").question, cols, rows,
                  [k for r in rows for k in (r["body_key"], r.get("holder_key"))],
                  measure_columns=("steps",))


def gaps(graph, la: str | None = None) -> Report:
    rows = Q.run(graph, "accountability_gaps", {"la": la})
    rows.sort(key=lambda r: (r["authority"] or "", r["body"] or "", r["gap"]))
    grade_rows(graph, rows, lambda r: [r["body_key"]])
    cols = graded(["authority", "body", "status", "gap", "legal_holders", "resource_holders"])
    return Report(Q.get("accountability_gaps").question, cols, rows, [r["body_key"] for r in rows],
                  measure_columns=("legal_holders",))


def tiers(graph, la: str | None = None, documented_only: bool = False) -> Report:
    """Tiers with active partnership bodies; the tier of a body as measures.TIER_CYPHER says."""
    rows = Q.run(graph, "tiers", {"la": la})
    keys = []
    for r in rows:
        r["evidence"] = M.weakest(r["evidence"])
        keys += r["body_keys"]
        if documented_only and r["evidence"] != "documented":
            for c in ("areas", "bodies", "binding_bodies", "advisory_bodies", "nested_in_locality"):
                r[c] = M.NOT_DOCUMENTED
            r["evidence"] = "documented"
    cols = graded(["authority", "tier", "areas", "bodies", "binding_bodies", "advisory_bodies",
                   "nested_in_locality", "body_names"])
    return Report(Q.get("tiers").question, cols, rows, keys,
                  measure_columns=("areas", "bodies", "binding_bodies", "advisory_bodies",
                                   "nested_in_locality"))


def participation(graph, la: str | None = None) -> Report:
    """Schools and colleges in no active partnership body. The sources of an empty answer are
    the authority's area and what attaches to it (the schools that were checked)."""
    rows = Q.run(graph, "non_participants", {"la": la})
    grade_rows(graph, rows, lambda r: [r["institution_key"]])
    keys = [r["institution_key"] for r in rows] + ([la] if la else [])
    return Report(Q.get("non_participants").question,
                  graded(["authority", "area", "institution", "kind"]), rows, keys,
                  measure_columns=("institution",))
