"""Authorities side by side, and an authority against the recommended model.

compare() does no counting of its own: every number comes from the representation, power, tiers
and accountability reports, so it cannot disagree with them (tests/test_measures.py checks).
"""
from __future__ import annotations

from graphmodel import names as N
from graphmodel import queries as Q
from graphmodel.exc import NotFound

from . import measures as M
from .reports import ACCOUNTABILITY, Report, grade_rows, graded, power, representation, tiers


def choose(graph, authorities: list[str] | None) -> list[dict]:
    """The authorities named (key, DfE code or name), or the case-study ones."""
    known = Q.run(graph, "authorities", {"scope": None})
    if not authorities:
        return [r for r in known if r["scope"] == "case_study"]
    by_key = {r["key"]: r for r in known}
    return [by_key[N.resolve(graph, "authority", a, "--la").key] for a in authorities]


def _binding_power(rows: list[dict]) -> str:
    if not rows:
        return "no binding partnership body"
    if any(r["voting"] == M.NOT_DOCUMENTED for r in rows):
        return M.NOT_DOCUMENTED
    bg = M.span(sum(r["seats_low"]["governor"] for r in rows),
                sum(r["seats_high"]["governor"] for r in rows))
    heads = sum(r["heads_attending"] for r in rows)
    bp = M.span(sum(r["seats_low"]["professional"] for r in rows) + heads,
                sum(r["seats_high"]["professional"] for r in rows) + heads)
    if bg and bp:
        return f"shared: governors {bg} votes, heads/professionals {bp} seats"
    return "governors" if bg else "professionals" if bp else M.NO_VOTES


def compare(graph, authorities: list[str] | None = None, documented_only: bool = False,
            as_of: str | None = None) -> Report:
    """The case-study authorities (or the given ones) side by side, one row each.

    Each authority's questions run with its own `la` parameter, so the cost grows with the
    authorities compared, not with the size of the store.
    """
    rows, used = [], []
    for auth in choose(graph, authorities):
        k, name = auth["key"], auth["authority"]
        la = representation(graph, k, by="la", documented_only=documented_only, as_of=as_of)
        by_tier = representation(graph, k, by="tier", documented_only=documented_only,
                                 as_of=as_of)
        whole = la.rows[0] if la.rows else {"bodies": 0, "voting": 0, "governor_share": None,
                                            "professional_share": None, "verdict": M.NO_VOTES,
                                            "evidence": "documented"}
        cl = next((r for r in by_tier.rows if r["tier"] == "neighbourhood"), None)
        pw = power(graph, k, documented_only=documented_only, as_of=as_of)
        binding = [r for r in pw.rows if M.is_partnership_body(r.get("kind", "Body"), r["status"])]
        split = [r for r in Q.run(graph, "accountability_split", {"la": k, "as_of": as_of})
                 if r["status"] == "active"]
        grade_rows(graph, split, lambda r: [r["body_key"]], ACCOUNTABILITY)
        if documented_only:  # accountability counted from documented bodies and lines alone
            split = [r for r in split if r["evidence"] == "documented"]
        tr = tiers(graph, k, documented_only=documented_only, as_of=as_of)
        resource = sorted({h for r in split for h in (r["resource_to"] or []) if h})
        formal = sum(1 for r in split if "GoverningBody" in (r["legal_to"] or []))
        perceived_legal = sum(1 for r in split if "legal" in (r["perceived_to"] or []))
        used += la.body_keys + pw.body_keys + tr.body_keys + [r["body_key"] for r in split]
        grades = [whole["evidence"], cl["evidence"] if cl else "documented"]
        grades += [r["evidence"] for r in binding + split + tr.rows]
        nested = [r["nested_in_locality"] for r in tr.rows]
        rows.append({
            "authority": name, "bodies": whole["bodies"], "voting_seats": whole["voting"],
            "professional_share": whole["professional_share"],
            "governor_share": whole["governor_share"], "governor_role": whole["verdict"],
            "cluster_bodies": cl["bodies"] if cl else 0,
            "cluster_governor_share": cl["governor_share"] if cl else None,
            "cluster_bodies_without_governors": cl["bodies_without_governors"] if cl else 0,
            "governors_at_cluster_level": cl["verdict"] if cl else "no cluster bodies",
            "binding_power": _binding_power(binding),
            "formal_accountability": f"{formal} bod{'y' if formal == 1 else 'ies'} to school "
                                     "governing bodies"
                                     f" ({perceived_legal} see themselves so)",
            "practical_accountability": ", ".join(resource) or "none recorded",
            "tiers": ", ".join(sorted({r["tier"] for r in tr.rows})),
            "clusters_nested_in_localities": (M.NOT_DOCUMENTED if M.NOT_DOCUMENTED in nested
                                              else sum(nested)),
            "evidence": M.weakest(grades),
        })
    cols = graded(list(rows[0]) if rows else ["authority"])
    return Report("How do the authorities compare on governor voice, binding power, accountability "
                  "and tiers?", cols, rows, used,
                  measure_columns=("bodies", "voting_seats", "professional_share", "governor_share",
                                   "governor_role",
                                   "cluster_bodies", "cluster_governor_share",
                                   "cluster_bodies_without_governors", "governors_at_cluster_level",
                                   "binding_power", "clusters_nested_in_localities"))


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


def reference(graph, la: str, model: str = "ref/multi-layer-standard",
              as_of: str | None = None) -> Report:
    """What the recommended model has that the authority lacks, and the reverse."""
    feats = {r["authority_key"]: r for r in Q.run(graph, "governance_features", {"la": None, "as_of": as_of})}
    la_key = N.resolve(graph, "authority", la, "--la").key
    model_key = N.resolve(graph, "authority", model, "--model").key
    la_row, ref_row = feats.get(la_key), feats.get(model_key)
    if la_row is None:
        raise NotFound(f"{la!r} has no active partnership bodies in the store to compare")
    if ref_row is None:
        raise NotFound(f"reference model {model!r} has no active bodies in the store")
    t_la = tiers(graph, la_row["authority_key"], as_of=as_of)
    t_ref = tiers(graph, ref_row["authority_key"], as_of=as_of)
    grade = M.weakest(r["evidence"] for r in t_la.rows + t_ref.rows)
    rows = []
    for f, label in FEATURES.items():
        have, ref = la_row[f] or 0, ref_row[f] or 0
        verdict = ("lacks" if ref and not have else "has, model does not" if have and not ref
                   else "both" if have else "neither")
        rows.append({"feature": label, "authority": have, "reference_model": ref,
                     "verdict": verdict, "evidence": grade})
    report = Report(f"What does {ref_row['authority']} have that {la_row['authority']} lacks, "
                    "and the reverse?", ["feature", "authority", "reference_model", "verdict",
                                         "evidence"], rows, t_la.body_keys + t_ref.body_keys,
                    measure_columns=("authority", "reference_model"))
    return report
