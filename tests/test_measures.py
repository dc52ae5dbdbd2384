"""One value per measure: for every authority of the corpus, each measure printed by `demo`,
`report compare`, `report representation`, `report power`, `report tiers`, `figure` and the
network page's verdict panel is the same number (both backends). Plus the definitions themselves,
evidence in every output, --documented-only and --sources for every report.
"""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from analysis import compare as C
from analysis import measures as M
from analysis import reports as R
from graphmodel import default_model
from graphmodel import queries as Q
from govgraph.cli import main
from visualisations import figures, network


# --- the definitions ----------------------------------------------------------------------------
def test_constituency_groups_cover_the_schema_exactly():
    schema = set(default_model().enums["constituency"])
    assert set(M.CONSTITUENCY_GROUP) == schema
    assert set(M.VOTE_COLUMN) == schema
    assert M.PROFESSIONAL == ("headteacher", "officer", "agency", "staff")


@pytest.mark.parametrize("gv, voting, verdict", [
    (0, 0, M.NO_VOTES), (0, 5, M.ABSENT), (1, 5, M.MINORITY), (2, 5, M.MINORITY),
    (3, 6, M.HALF), (4, 6, M.MAJORITY), (7, 7, M.MAJORITY)])
def test_verdict_thresholds(gv, voting, verdict):
    assert M.governor_verdict(gv, voting) == verdict


def test_exactly_half_is_not_a_majority():
    assert M.governor_verdict(1, 2) == M.HALF != M.MAJORITY
    assert M.body_flag(2, 1, 1, 2) == ""  # not 'a minority' either


def test_weakest_grade():
    assert M.weakest([]) == "documented"
    assert M.weakest(["documented", "inferred"]) == "inferred"
    assert M.weakest(["documented", "illustrative", "inferred"]) == "illustrative"
    assert M.weakest(["documented", None]) == M.UNGRADED  # ungraded is never read as documented


def test_every_question_that_tiers_bodies_uses_the_one_tier_expression():
    """The tier of a body is written once (measures.TIER_CYPHER) and copied nowhere else."""
    tier_like = re.compile(r"CASE WHEN a:Cluster THEN 'neighbourhood'")
    for name in ("representation", "representation_rollup", "decision_power", "tiers"):
        text = Q.get(name).text
        assert M.TIER_CYPHER in text, name
        assert len(tier_like.findall(text)) == text.count(M.TIER_CYPHER), name


def test_questions_do_not_define_professionals():
    """Who counts as a professional lives in analysis.measures, not in Cypher."""
    for q in Q.library().values():
        assert "['headteacher', 'officer', 'agency', 'staff']" not in q.text, q.filename


# --- one value per measure across every output ------------------------------------------------
def _authorities(g):
    return [r for r in Q.run(g, "authorities", {"scope": None})]


def _partnership_rows(g, key):
    return [r for r in R.representation(g, key).rows
            if r["authority_key"] == key and M.is_partnership_body(r["kind"], r["status"])]


def test_each_measure_has_one_value_per_authority(corpus_graph):
    auths = _authorities(corpus_graph)
    assert len(auths) >= 5
    summary = {r["key"]: r for r in Q.run(corpus_graph, "authority_summary")}
    compared = {r["authority"]: r for r in C.compare(corpus_graph, [a["key"] for a in auths]).rows}
    for a in auths:
        k, name = a["key"], a["authority"]
        body = _partnership_rows(corpus_graph, k)
        la = R.representation(corpus_graph, k, by="la").rows
        tier = R.representation(corpus_graph, k, by="tier").rows
        tiers = R.tiers(corpus_graph, k).rows
        cmp = compared[name]
        lo = {g: sum(r["seats_low"][g] for r in body) for g in ("voting", *M.GROUP_NAMES)}
        hi = {g: sum(r["seats_high"][g] for r in body) for g in ("voting", *M.GROUP_NAMES)}
        voting = M.span(lo["voting"], hi["voting"])
        g_share = M.share_span(lo["governor"], hi["governor"], lo["voting"] - lo["governor"],
                               hi["voting"] - hi["governor"])
        p_share = M.share_span(lo["professional"], hi["professional"],
                               lo["voting"] - lo["professional"], hi["voting"] - hi["professional"])
        verdict = M.verdict_span(lo["governor"], hi["governor"], lo["voting"] - lo["governor"],
                                 hi["voting"] - hi["governor"])
        # bodies counted
        n = len(body)
        assert summary[k]["bodies"] == n, name
        assert cmp["bodies"] == n, name
        assert (la[0]["bodies"] if la else 0) == n, name
        assert sum(r["bodies"] for r in tier) == n, name
        assert sum(r["bodies"] for r in tiers) == n, name
        # voting seats, governor share, professional share, verdict
        assert cmp["voting_seats"] == voting == (la[0]["voting"] if la else 0), name
        assert cmp["governor_share"] == g_share, name
        assert cmp["professional_share"] == p_share, name
        assert cmp["governor_role"] == verdict, name
        if la:
            assert (la[0]["governor_share"], la[0]["professional_share"], la[0]["verdict"]) == \
                (cmp["governor_share"], cmp["professional_share"], cmp["governor_role"]), name
        # tiers: the same tiers, and the same bodies, seats and share per tier
        assert {r["tier"] for r in tier} == {r["tier"] for r in tiers}, name
        assert cmp["tiers"] == ", ".join(sorted(r["tier"] for r in tiers)), name
        t_bodies = {r["tier"]: r["bodies"] for r in tiers}
        for t in tier:
            mine = [r for r in body if r["tier"] == t["tier"]]
            assert t["bodies"] == len(mine) == t_bodies[t["tier"]], (name, t["tier"])
            tlo = {g: sum(r["seats_low"][g] for r in mine) for g in ("voting", "governor")}
            thi = {g: sum(r["seats_high"][g] for r in mine) for g in ("voting", "governor")}
            rest = (tlo["voting"] - tlo["governor"], thi["voting"] - thi["governor"])
            assert (t["voting"], t["governor_share"], t["verdict"]) == (
                M.span(tlo["voting"], thi["voting"]),
                M.share_span(tlo["governor"], thi["governor"], *rest),
                M.verdict_span(tlo["governor"], thi["governor"], *rest)), (name, t["tier"])
        cl = next((t for t in tier if t["tier"] == "neighbourhood"), None)
        assert cmp["cluster_governor_share"] == (cl["governor_share"] if cl else None), name
        assert cmp["governors_at_cluster_level"] == (cl["verdict"] if cl else "no cluster bodies")
        # power: each binding body has the votes, share and verdict representation gives it
        by_key = {r["body_key"]: r for r in R.representation(corpus_graph, k).rows}
        for p in R.power(corpus_graph, k).rows:
            r = by_key[p["body_key"]]
            for c in ("voting", "governors_voting", "professionals_voting", "governor_share",
                      "professional_share", "verdict"):
                assert p[c] == r[c], (name, p["body"], c)


def test_network_verdict_panel_and_figure_agree_with_representation(corpus_graph, monkeypatch,
                                                                      tmp_path):
    rows = [r for r in R.representation(corpus_graph).rows if r["voting"]]
    assert {r["verdict"] for r in rows} >= {M.ABSENT, M.MINORITY, M.MAJORITY}
    for r in rows:
        v = network.split_view(corpus_graph, r["body_key"])
        assert v.panel["verdict"] == M.VERDICT_SENTENCE[r["verdict"]], r["body"]
        bars = {b["text"].split(":")[0]: b["value"] for b in v.panel["bars"]}
        assert (bars["Governors"], bars["Professionals"]) == \
            (r["governors_voting"], r["professionals_voting"]), r["body"]
    captured = []
    monkeypatch.setattr(figures.plt, "close", lambda fig: captured.append(fig))
    la = "coast-city"
    figures.representation_figure(corpus_graph, la, tmp_path / "f.png")
    texts = {t.get_text() for t in captured[0].axes[0].texts}
    for r in R.representation(corpus_graph, la).rows:
        if r["voting"]:
            assert f"governors {r['governor_share']:.2f} ({r['verdict']})" in texts, r["body"]


def _capture_tables(monkeypatch) -> list[list[dict]]:
    """Record the rows of every table the demo prints, as printed (marks stripped)."""
    import govgraph.demo as demo

    tables, real = [], demo.render

    def recording(rows, *args, **kwargs):
        cols = kwargs.get("columns") or (list(rows[0]) if rows else [])
        tables.append([{c: ("" if r.get(c) is None else str(r.get(c)).rstrip("*~")) for c in cols}
                       for r in rows])
        return real(rows, *args, **kwargs)

    monkeypatch.setattr(demo, "render", recording)
    return tables


def test_demo_prints_the_same_measures(corpus_graph, backend, tmp_path, monkeypatch):
    args = ["--data-dir", str(tmp_path / "store")] if backend == "falkordb" else \
        ["--uri", corpus_graph.uri]
    tables = _capture_tables(monkeypatch)
    r = CliRunner().invoke(main, [*args, "demo"])
    assert r.exit_code == 0, r.output
    summary_t, tiers_t, _accountability_t, verdicts_t = tables
    summary = {x["authority"]: x for x in summary_t}
    tiers = {(x["authority"], x["tier"]): x for x in tiers_t}
    verdicts = {x["authority"]: x for x in verdicts_t}
    cmp = {x["authority"]: x for x in C.compare(corpus_graph).rows}
    assert set(summary) == set(cmp) == set(verdicts)
    for name, c in cmp.items():
        assert int(summary[name]["bodies"]) == c["bodies"], name
        assert verdicts[name]["governor_role"] == c["governor_role"], name
        assert verdicts[name]["governors_at_cluster_level"] == c["governors_at_cluster_level"]
    for t in R.representation(corpus_graph, by="tier").rows:
        if t["authority"] in cmp:
            shown = tiers[(t["authority"], t["tier"])]
            assert (int(shown["bodies"]), int(shown["voting"]), shown["verdict"]) == \
                (t["bodies"], t["voting"], t["verdict"])
            assert shown["governor_share"] == ("" if t["governor_share"] is None
                                               else f"{t['governor_share']:.2f}")
    assert "In words:" in r.output


# --- evidence in every output -------------------------------------------------------------------
REPORTS = {
    "representation": lambda g: R.representation(g, "coast-city"),
    "representation --by cluster": lambda g: R.representation(g, "coast-city", by="cluster"),
    "representation --by tier": lambda g: R.representation(g, "met-borough", by="tier"),
    "representation --by locality": lambda g: R.representation(g, "met-borough", by="locality"),
    "representation --by la": lambda g: R.representation(g, by="la"),
    "power": lambda g: R.power(g, "centro-city"),
    "accountability": lambda g: R.accountability(g, "centro-city"),
    "gaps": lambda g: R.gaps(g),
    "tiers": lambda g: R.tiers(g),
    "participation": lambda g: R.participation(g, "met-borough"),
    "brokers": lambda g: __import__("analysis.brokers").brokers.brokers(g, "met-borough"),
    "reference": lambda g: C.reference(g, "met-borough"),
    "compare": lambda g: C.compare(g),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_row_has_evidence_and_sources(corpus_graph, name):
    rep = REPORTS[name](corpus_graph)
    assert rep.columns[-1] == "evidence"
    assert all(r["evidence"] in M.EVIDENCE for r in rep.rows), name
    src = rep.sources(corpus_graph)
    assert src, f"{name}: --sources has no rows"
    assert all(s["source"] and s["source_ref"] and s["facts"] > 0 for s in src)


def test_documented_only_prints_not_documented(corpus_graph):
    """Placeholder seats are not documented: their counts are withheld, never summed partially."""
    full = R.representation(corpus_graph, "coast-city", by="tier").rows
    doc = R.representation(corpus_graph, "coast-city", by="tier", documented_only=True).rows
    weak = [r for r in full if r["evidence"] != "documented"]
    for r in doc:
        assert r["evidence"] == "documented"
        twin = next((f for f in full if f["tier"] == r["tier"]), None)
        if twin in weak:
            assert r["voting"] == r["governor_share"] == M.NOT_DOCUMENTED
        else:
            assert r["voting"] == twin["voting"]
    cmp = C.compare(corpus_graph, documented_only=True).rows
    assert all(r["evidence"] == "documented" for r in cmp)


def test_cli_marks_numbers_and_carries_evidence(tmp_path):
    d = ["--data-dir", str(tmp_path / "store")]
    run = CliRunner()
    assert run.invoke(main, [*d, "load", "cases"]).exit_code == 0
    data = json.loads(run.invoke(main, [*d, "report", "compare", "--format", "json"]).output)
    assert data and all(r["evidence"] in M.EVIDENCE for r in data)
    table = run.invoke(main, [*d, "report", "representation", "--by", "tier", "--la",
                              "coast-city"]).output
    weakest = M.weakest(r["evidence"] for r in data if r["authority"] == "Coast City")
    if weakest != "documented":
        assert M.FOOTNOTE[weakest] in table and M.MARK[weakest] in table
    r = run.invoke(main, [*d, "report", "compare", "--documented-only"])
    assert r.exit_code == 0, r.output
    for cmd in (["representation", "--by", "cluster"], ["representation", "--by", "tier"],
                ["tiers"], ["participation", "--la", "met-borough"],
                ["reference", "--la", "met-borough"]):
        out = run.invoke(main, [*d, "report", *cmd, "--sources"]).output
        tail = out.split("Sources of the facts used:")[1]
        assert "(no rows)" not in tail and "000_bc9857864c985559.txt" in tail, cmd


# --- ranges and parallel memberships --------------------------------------------------------------
def test_range_helpers():
    assert M.span(3, 3) == 3 and M.span(17, 27) == "17-27"
    assert M.share_span(2, 2, 15, 25) == "0.07-0.12"
    assert M.share_span(1, 1, 1, 1) == 0.5
    assert M.verdict_span(2, 2, 15, 25) == M.MINORITY
    assert M.verdict_span(1, 2, 2, 2) == f"{M.MINORITY} to {M.HALF}"


def test_ranges_and_parallel_memberships_count_the_same_on_both_backends(empty_graph):
    """Two parallel MEMBER_OF edges are two seats (FalkorDB's trap); a range stays a range."""
    g = empty_graph
    g.write("CREATE (s:Area:LocalAuthority:Authority {key: 'x', name: 'X', evidence: 'documented'}) "
            "CREATE (b:Body:JointCommittee {key: 'x/jc', name: 'JC', status: 'active', "
            "  decision_rights: 'binding', evidence: 'documented'})-[:IN_AREA]->(s) "
            "CREATE (p:Person {key: 'x/gov', name: 'G', evidence: 'documented'}) "
            "CREATE (q:Person {key: 'x/pros', name: 'P', evidence: 'illustrative'}) "
            "CREATE (p)-[:MEMBER_OF {constituency: 'governor', voting: true, role: 'chair', "
            "  attendance: 'member', evidence: 'documented'}]->(b) "
            "CREATE (p)-[:MEMBER_OF {constituency: 'governor', voting: true, role: 'vice', "
            "  attendance: 'member', evidence: 'documented'}]->(b) "
            "CREATE (q)-[:MEMBER_OF {constituency: 'officer', voting: true, places_min: 15, "
            "  places_max: 25, attendance: 'member', evidence: 'illustrative'}]->(b)")
    body, = R.representation(g, "x").rows
    la, = R.representation(g, "x", by="la").rows
    pw, = R.power(g, "x").rows
    for r in (body, la, pw):
        assert r["governors_voting"] == 2
        assert r["voting"] == "17-27" and r["professionals_voting"] == "15-25"
        assert r["governor_share"] == "0.07-0.12" and r["verdict"] == M.MINORITY
        assert r["evidence"] == "illustrative"
    cmp, = C.compare(g, ["x"]).rows
    assert cmp["voting_seats"] == "17-27" and cmp["governor_role"] == M.MINORITY
    doc, = R.representation(g, "x", by="la", documented_only=True).rows
    assert doc["voting"] == M.NOT_DOCUMENTED and doc["bodies"] == 1
