"""Reports over the corpus agree with the research (000), on both backends, and the CLI is honest."""
import csv
import io
import json

import pytest
from click.testing import CliRunner

from graphmodel import queries as Q
from analysis import assess as A, brokers as B, compare as C, measures as M, reports as R
from govgraph.cli import main


def by_name(report):
    return {r["authority"]: r for r in report.rows}


def test_compare_agrees_with_the_findings(corpus_graph):
    rows = by_name(C.compare(corpus_graph))
    assert set(rows) == {"Centro City", "Coast City", "Met Borough"}
    # governors a minority of the partnership votes in every authority (000, "Who decides")
    assert {r["governor_role"] for r in rows.values()} == {M.MINORITY}
    # at cluster level: Coast City's two governor places among professionals; Met Borough has none
    assert rows["Coast City"]["governors_at_cluster_level"] == M.MINORITY
    assert rows["Met Borough"]["governors_at_cluster_level"] == M.ABSENT
    # Centro City's joint committee: power shared between heads (attending) and chairs (voting)
    assert rows["Centro City"]["binding_power"].startswith("shared")
    assert rows["Coast City"]["binding_power"] == "no binding partnership body"
    # practical accountability to whoever holds the resources
    assert rows["Centro City"]["practical_accountability"] == "Centro City, Learning and Skills Council"
    assert rows["Coast City"]["practical_accountability"] == "Coast City"
    assert rows["Met Borough"]["practical_accountability"] == "Met Borough"
    assert rows["Met Borough"]["clusters_nested_in_localities"] > 0
    assert rows["Coast City"]["clusters_nested_in_localities"] == 0
    assert all(r["evidence"] in M.EVIDENCE for r in rows.values())


def test_representation_rollups_are_consistent(corpus_graph):
    body = R.representation(corpus_graph, la="met-borough")
    la = R.representation(corpus_graph, la="met-borough", by="la").rows
    assert len(la) == 1
    active = [r for r in body.rows if M.is_partnership_body(r["kind"], r["status"])]
    assert la[0]["bodies"] == len(active)
    assert la[0]["voting"] == sum(r["voting"] for r in active)
    assert la[0]["governors_voting"] == sum(r["governors_voting"] for r in active)
    clusters = R.representation(corpus_graph, la="met-borough", by="cluster").rows
    assert clusters and all(r["flag"] == "governors absent" for r in clusters)
    with pytest.raises(ValueError):
        R.representation(corpus_graph, by="galaxy")


def test_power_lists_delegated_powers_and_locality_split(corpus_graph):
    rep = R.power(corpus_graph, la="centro-city")
    jc = [r for r in rep.rows if r["status"] == "active"]
    assert len(jc) == 1 and jc[0]["delegated_by"] and jc[0]["powers"]
    assert jc[0]["governors_voting"] > 0 and jc[0]["heads_attending"] > 0
    assert any("governors 1.00" in n and "governors: majority" in n for n in rep.notes)
    # proposed bodies are listed but not pooled into a locality's split
    met = R.power(corpus_graph, la="met-borough")
    assert met.rows and all(r["status"] == "proposed" for r in met.rows) and not met.notes


def test_accountability_chains_end_at_holders(corpus_graph):
    rep = R.accountability(corpus_graph, la="centro-city")
    holders = {r["holder_kind"] for r in rep.rows}
    assert {"GoverningBody", "LocalAuthority", "Funder"} <= holders
    assert all(r["steps"] == len(r["bases"]) for r in rep.rows)


def test_gaps_find_split_accountability(corpus_graph):
    rows = R.gaps(corpus_graph).rows
    split = [r for r in rows if r["gap"].startswith("formal")]
    assert {r["authority"] for r in split} >= {"Centro City", "Coast City", "Met Borough"}


def test_reference_comparison(corpus_graph):
    rows = {r["feature"]: r for r in C.reference(corpus_graph, "met-borough").rows}
    assert rows["a community or advisory council at neighbourhood level"]["verdict"] == "lacks"
    assert rows["governor votes at cluster level"]["verdict"] == "lacks"
    acc = {r["feature"]: r for r in C.reference(corpus_graph, "Centro City",
                                                   "ref/multi-layer-accelerated").rows}
    assert acc["a federation board integrating governing bodies"]["verdict"] == "lacks"


def test_brokers_list_scores_highest_first(corpus_graph):
    rep = B.brokers(corpus_graph, la="met-borough", top=5)
    assert len(rep.rows) == 5
    scores = [r["betweenness"] for r in rep.rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert all(r["connects"] for r in rep.rows)


@pytest.mark.parametrize("scores, expected", [
    ([(p, 1, 1) for p in range(1, 8)], "Low scores"),
    ([(p, 4, 4) for p in range(1, 8)], "High scores"),
    ([(p, 1, 3) for p in range(1, 8)], "Discrepancy"),
])
def test_assess_starting_points(corpus_graph, scores, expected):
    given = [{"position": p, "leaders": l, "governors": g} for p, l, g in scores]
    rep = A.assess(corpus_graph, "926/cluster-example", given)
    assert any(n.startswith("starting point: " + expected) for n in rep.notes)
    assert all(r["difference"] == r["governors"] - r["leaders"] for r in rep.rows)


def test_assess_rejects_out_of_range_scores(corpus_graph):
    with pytest.raises(ValueError, match="1-4"):
        A.assess(corpus_graph, "926/cluster-example", [{"position": 1, "leaders": 5, "governors": 1}])


def test_sources_name_the_seed_documents(corpus_graph):
    rep = C.compare(corpus_graph)
    src = rep.sources(corpus_graph)
    assert {"000_bc9857864c985559.txt"} == {r["source"] for r in src}
    assert all(r["source_ref"] and r["facts"] > 0 for r in src)


# --- the command line (embedded store) -------------------------------------------------
@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    r = CliRunner().invoke(main, ["--data-dir", str(d), "load", "cases"])
    assert r.exit_code == 0, r.output
    return d


def cli(store, *args):
    return CliRunner().invoke(main, ["--data-dir", str(store), *args])


def test_report_states_question_and_formats(cli_store):
    r = cli(cli_store, "report", "compare")
    assert r.exit_code == 0 and r.output.splitlines()[0].endswith("?")
    assert "Met Borough" in r.output
    rows = list(csv.DictReader(io.StringIO(cli(cli_store, "report", "compare", "--format", "csv").output)))
    assert {x["authority"] for x in rows} == {"Centro City", "Coast City", "Met Borough"}
    data = json.loads(cli(cli_store, "report", "representation", "--la", "coast-city", "--by",
                          "cluster", "--format", "json").output)
    assert len(data) == 3 and all(d["governors_voting"] >= 2 for d in data)


def test_report_sources_and_no_rows(cli_store):
    r = cli(cli_store, "report", "power", "--la", "coast-city", "--sources")
    assert r.exit_code == 0
    assert "no rows" in r.output
    r = cli(cli_store, "report", "power", "--la", "centro-city", "--sources")
    assert "Sources of the facts used" in r.output and "000_bc9857864c985559.txt" in r.output


def test_assess_command_reads_a_scores_file(cli_store, tmp_path):
    f = tmp_path / "scores.csv"
    f.write_text("position,leaders,governors\n" + "".join(f"{p},1,3\n" for p in range(1, 8)))
    r = cli(cli_store, "assess", "926/cluster-example", "--scores", str(f))
    assert r.exit_code == 0, r.output
    assert "starting point: Discrepancy" in r.output
    f.write_text("position,leaders,governors\n1,one,2\n")
    r = cli(cli_store, "assess", "926/cluster-example", "--scores", str(f))
    assert r.exit_code == 1 and "row 1" in r.output and "Traceback" not in r.output


def test_errors_are_one_line(cli_store):
    r = cli(cli_store, "query", "no_such_query")
    assert r.exit_code == 1 and r.output.count("\n") == 1 and "no query named" in r.output
    r = cli(cli_store, "query", "representation", "-p", "evil=1")
    assert r.exit_code == 1 and "unknown parameter" in r.output
