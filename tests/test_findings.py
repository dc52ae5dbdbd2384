"""Findings of the research as data: listed with source section, grade and live support."""
import json

from click.testing import CliRunner

from analysis.findings import findings
from govgraph.cli import main

SEED = "000_bc9857864c985559.txt"


def test_findings_of_000_with_section_grade_and_live_support(corpus_graph):
    rep = findings(corpus_graph)
    of_000 = [r for r in rep.rows if r["source"] == SEED]
    assert len([r for r in of_000 if r["headline"]]) >= 11
    assert {"qualitative", "numeric"} <= {r["kind"] for r in of_000}
    for r in rep.rows:
        assert r["section"] and r["evidence"] in ("documented", "inferred", "illustrative"), r
    for r in (r for r in rep.rows if r["kind"] == "numeric"):
        assert r["question"] != "-" and "no rows" not in r["support"], r
    # 001-004 have their main findings too
    assert {r["source"][:3] for r in rep.rows} >= {"000", "001", "002", "003", "004"}


def test_support_is_computed_live_and_graded(corpus_graph):
    rows = {r["finding_key"]: r for r in findings(corpus_graph).rows}
    two = rows["finding/000/coast-two-governors"]
    assert "governors_any=2" in two["support"]
    # the professionals around those two governors are placeholder seats: graded so
    assert two["support_evidence"] == "illustrative" and two["evidence"] == "illustrative"
    votes = rows["finding/000/met-votes-schools-only"]["support"]
    assert "constituency=agency, voting=False" in votes and "constituency=agency, voting=True" not in votes
    officer = rows["finding/000/city-officer"]
    assert officer["kind"] == "qualitative" and officer["evidence"] == "documented"


def test_qualitative_findings_of_000_are_present(corpus_graph):
    keys = {r["finding_key"] for r in findings(corpus_graph).rows}
    assert {"finding/000/unbriefed-governor", "finding/000/coast-reluctant-governors",
            "finding/000/specialist-discourse", "finding/000/former-councillor",
            "finding/000/city-officer", "finding/000/coast-unresolved-authority",
            "finding/000/shift-to-professionals"} <= keys


def test_findings_filter_by_authority(corpus_graph):
    coast = {r["finding_key"] for r in findings(corpus_graph, la="coast-city").rows}
    assert "finding/000/coast-unresolved-authority" in coast
    assert "finding/000/city-officer" not in coast and "finding/004/forms-defined" not in coast


def test_no_finding_pastes_the_source(corpus_graph):
    """Paraphrase, never paste: no run of 12 words of a statement occurs in its source."""
    import re
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    words = lambda t: re.findall(r"[a-z0-9]+", t.lower())
    for r in findings(corpus_graph).rows:
        src = " ".join(words((seeds / r["source"]).read_text()))
        w = words(r["statement"])
        for i in range(len(w) - 11):
            assert " ".join(w[i:i + 12]) not in src, (r["finding_key"], w[i:i + 12])


def test_report_findings_json_from_the_cli(cli_env):
    runner = CliRunner()
    assert runner.invoke(main, ["load", "cases"]).exit_code == 0
    res = runner.invoke(main, ["report", "findings", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    of_000 = [r for r in rows if r["source"] == SEED]
    assert len(of_000) >= 11
    assert all(r["section"] and r["evidence"] and r["support"] for r in of_000)
    res = runner.invoke(main, ["report", "findings", "--la", "coast_city"])
    assert res.exit_code != 0 and "coast-city" in res.output
