"""Reports: named questions plus the little arithmetic that turns rows into findings.

Every report is a Report (its question in one line, columns, rows, and the sources of the
facts it used), so a notebook gets the same thing the command line prints.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphmodel import queries as Q

PROFESSIONAL = ("headteacher", "officer", "agency", "staff")
BY_LEVELS = ("body", "cluster", "locality", "tier", "la")


@dataclass
class Report:
    question: str
    columns: list[str]
    rows: list[dict[str, Any]]
    body_keys: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def sources(self, graph) -> list[dict]:
        """The documents and extracts behind the bodies this report used."""
        if not self.body_keys:
            return []
        return Q.run(graph, "fact_sources", {"keys": sorted(set(self.body_keys))})


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def _flag(members: int, governors_any: int, gv: int, voting: int) -> str:
    if members == 0:
        return "no members recorded"
    if governors_any == 0:
        return "governors absent"
    if gv == 0:
        return "governors without a vote"
    if 2 * gv < voting:
        return "governors a minority"
    return ""


def representation(graph, la: str | None = None, by: str = "body",
                   partnerships_only: bool = False) -> Report:
    """Professional versus governor votes per body, or rolled up per cluster, locality, tier or LA.

    Rollups count active bodies with recorded members and are computed in Cypher, so a national
    rollup returns one row per unit, not one per body. partnerships_only leaves out schools' own
    governing bodies (which matter on register data, not when comparing partnerships).
    """
    if by not in BY_LEVELS:
        raise ValueError(f"--by must be one of {', '.join(BY_LEVELS)}")
    if by == "body":
        rows = Q.run(graph, "representation", {"la": la})
        if partnerships_only:
            rows = [r for r in rows if r["kind"] not in ("GoverningBody", "FederatedGoverningBody")]
        cols = ["authority", "tier", "body", "status", "members", "voting", "professionals_voting",
                "governors_voting", "non_voting", "governor_share", "flag"]
        return Report(Q.get("representation").question, cols, rows, [r["body_key"] for r in rows])
    rows = Q.run(graph, "representation_rollup",
                 {"la": la, "by": by, "partnerships_only": partnerships_only})
    out = []
    for r in rows:
        row = {"authority": r["authority"]}
        if by != "la":
            row[by] = r["unit"]
        row.update({k: r[k] for k in ("bodies", "members", "voting", "professionals_voting",
                                      "governors_voting", "non_voting", "bodies_without_governors")})
        row["governor_share"] = _share(r["governors_voting"], r["voting"])
        row["flag"] = _flag(r["members"], r["governors_any"], r["governors_voting"], r["voting"])
        out.append(row)
    q = f"Per {'authority' if by == 'la' else by}: how many votes do professionals and governors hold?"
    return Report(q, list(out[0]) if out else ["authority"], out)


def power(graph, la: str | None = None) -> Report:
    """Binding bodies, their delegated powers and votes, and each locality's power split."""
    rows = Q.run(graph, "decision_power", {"la": la})
    notes = []
    split: dict = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for r in rows:
        v = r["voting"]
        s = split[(r["authority"], r["locality"] or "(authority level)")]
        s[3] += 1
        if v:
            s[0] += r["professionals_voting"] / v
            s[1] += r["governors_voting"] / v
            s[2] += r["lay_voting"] / v
    for (auth, loc), (p, g, lay, n) in sorted(split.items()):
        notes.append(f"{auth} / {loc}: {n} binding bod{'y' if n == 1 else 'ies'}; share of binding "
                     f"votes: professionals {p / n:.0%}, governors {g / n:.0%}, other lay {lay / n:.0%}")
    cols = ["authority", "locality", "body", "status", "delegated_by", "powers", "voting",
            "professionals_voting", "governors_voting", "heads_attending"]
    return Report(Q.get("decision_power").question, cols, rows, [r["body_key"] for r in rows], notes)


def accountability(graph, la: str | None = None, body: str | None = None) -> Report:
    rows = Q.run(graph, "accountability_chains", {"la": la, "body": body})
    cols = ["authority", "body", "bases", "holder", "holder_kind", "steps"]
    return Report(Q.get("accountability_chains").question, cols, rows,
                  [r["body_key"] for r in rows])


def gaps(graph, la: str | None = None) -> Report:
    rows = Q.run(graph, "accountability_gaps", {"la": la})
    rows.sort(key=lambda r: (r["authority"] or "", r["body"] or "", r["gap"]))
    cols = ["authority", "body", "status", "gap", "legal_holders", "resource_holders"]
    return Report(Q.get("accountability_gaps").question, cols, rows, [r["body_key"] for r in rows])


def tiers(graph, la: str | None = None) -> Report:
    rows = Q.run(graph, "tiers", {"la": la})
    cols = ["authority", "tier", "areas", "bodies", "binding_bodies", "advisory_bodies",
            "nested_in_locality", "body_names"]
    return Report(Q.get("tiers").question, cols, rows)


def compare(graph, authorities: list[str] | None = None) -> Report:
    """The case-study authorities (or the given ones) side by side, one row each.

    Each authority's questions run with its own `la` parameter, so the cost grows with the
    authorities compared, not with the size of the store.
    """
    known = Q.run(graph, "authorities", {"scope": None})
    if authorities:
        chosen = []
        for a in authorities:
            match = [r for r in known if a in (r["key"], r["code"])
                     or a.lower() == (r["authority"] or "").lower()]
            if not match:
                raise ValueError(f"no authority {a!r} in the store")
            chosen += match
    else:
        chosen = [r for r in known if r["scope"] == "case_study"]
    rows, used = [], []
    for auth in chosen:
        k, name = auth["key"], auth["authority"]
        r_rows = [r for r in Q.run(graph, "representation", {"la": k})
                  if r["authority_key"] == k and r["status"] == "active" and r["kind"] != "GoverningBody"]
        used += [r["body_key"] for r in r_rows]
        cl = [r for r in r_rows if r["tier"] == "neighbourhood"]
        cv, cg = sum(r["voting"] for r in cl), sum(r["governors_voting"] for r in cl)
        av, ag = sum(r["voting"] for r in r_rows), sum(r["governors_voting"] for r in r_rows)
        binding = [r for r in Q.run(graph, "decision_power", {"la": k}) if r["status"] == "active"]
        bg = sum(r["governors_voting"] for r in binding)
        bp = sum(r["professionals_voting"] + r["heads_attending"] for r in binding)
        if not binding:
            power_holders = "no binding partnership body"
        elif bg and bp:
            power_holders = f"shared: governors {bg} votes, heads/professionals {bp} seats"
        elif bg:
            power_holders = "governors"
        else:
            power_holders = "professionals"
        a_rows = [r for r in Q.run(graph, "accountability_split", {"la": k}) if r["status"] == "active"]
        resource = sorted({h for r in a_rows for h in (r["resource_to"] or []) if h})
        formal = sum(1 for r in a_rows if "GoverningBody" in (r["legal_to"] or []))
        perceived_legal = sum(1 for r in a_rows if "legal" in (r["perceived_to"] or []))
        tier_rows = Q.run(graph, "tiers", {"la": k})
        rows.append({
            "authority": name, "bodies": len(r_rows), "voting_seats": av,
            "governor_share": _share(ag, av),
            "governor_role": ("no voting seats" if not av else
                              "marginal" if ag / av < 1 / 3 else "substantial"),
            "cluster_bodies": len(cl), "cluster_governor_share": _share(cg, cv),
            "cluster_bodies_without_governors": sum(1 for r in cl if r["governors_any"] == 0),
            "governors_at_cluster_level": _voice(cg, cv, len(cl)),
            "binding_power": power_holders,
            "formal_accountability": f"{formal} bodies to school governing bodies"
                                     f" ({perceived_legal} see themselves so)",
            "practical_accountability": ", ".join(resource) or "none recorded",
            "tiers": ", ".join(sorted({r["tier"] for r in tier_rows})),
            "clusters_nested_in_localities": sum(r["nested_in_locality"] for r in tier_rows),
        })
    cols = list(rows[0]) if rows else ["authority"]
    return Report("How do the authorities compare on governor voice, binding power, accountability "
                  "and tiers?", cols, rows, used)


def _voice(gv: int, voting: int, bodies: int) -> str:
    if not bodies:
        return "no cluster bodies"
    if gv == 0:
        return "absent"
    share = gv / voting if voting else 0
    return "marginal" if share < 0.25 else ("minority" if share < 0.5 else "majority")


def participation(graph, la: str | None = None) -> Report:
    rows = Q.run(graph, "non_participants", {"la": la})
    return Report(Q.get("non_participants").question,
                  ["authority", "area", "institution", "kind"], rows)


FEATURES = {
    "advisory_councils": "a community or advisory council at neighbourhood level",
    "cluster_joint_committees": "a cluster joint committee",
    "cluster_governor_votes": "governor votes at cluster level",
    "locality_boards": "a locality partnership board",
    "locality_steering_committees": "a locality steering committee",
    "authority_bodies": "an authority-level strategic body",
    "delegations_to_partnerships": "powers delegated to partnership bodies",
    "federation_boards": "a federation board integrating governing bodies",
}


def reference(graph, la: str, model: str = "ref/multi-layer-standard") -> Report:
    """What the recommended model has that the authority lacks, and the reverse."""
    feats = {r["authority_key"]: r for r in Q.run(graph, "governance_features", {"la": None})}
    la_row = next((r for r in feats.values() if la in (r["authority_key"], r["authority"])
                   or la.lower() == (r["authority"] or "").lower()), None)
    ref_row = next((r for r in feats.values() if model in (r["authority_key"], r["authority"])), None)
    if la_row is None:
        raise ValueError(f"no authority {la!r} with active bodies in the store")
    if ref_row is None:
        raise ValueError(f"no reference model {model!r} in the store")
    rows = []
    for f, label in FEATURES.items():
        have, ref = la_row[f] or 0, ref_row[f] or 0
        verdict = ("lacks" if ref and not have else "has, model does not" if have and not ref
                   else "both" if have else "neither")
        rows.append({"feature": label, "authority": have, "reference_model": ref,
                     "verdict": verdict})
    return Report(f"What does {ref_row['authority']} have that {la_row['authority']} lacks, "
                  "and the reverse?", ["feature", "authority", "reference_model", "verdict"], rows)
