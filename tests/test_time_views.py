"""Time (issue 12) in the views: `map`, `export`, `report findings` and `assess` as of a date,
and schools counted only while open (docs/time.md).

Backend tests take `empty_graph` and run on FalkorDB and Neo4j. The fixture "Viewshire" is
written straight into the store; its dates are illustrative. It plants a trust membership
(2012-09-01 to 2015-09-01), a school open only from 2010-09-01 to 2016-08-31, and one governor
with two terms on one board (two parallel MEMBER_OF, 2008-2012 as governor, 2014 on as chair).
"""
from __future__ import annotations

import csv
import json
import re

import pytest
from lxml import etree

from graphmodel import queries as Q
from graphmodel.writer import write_nodes, write_relationships
from loaders.gias import load_gias
from visualisations import export, maps

import gias_fixtures as F
import xsd_schemas

LA = "919"
SRC = {"source": "tests/test_time_views.py (illustrative)", "source_ref": "fixture",
       "evidence": "illustrative"}
ALDER, BIRCH, CEDAR = "919/alder", "919/birch", "919/cedar"
TRUST, BOARD = "group/1", "919/board"
JOINED, LEFT = "2012-09-01", "2015-09-01"        # Alder in the trust
OPENED, CLOSED = "2010-09-01", "2016-08-31"      # Birch open


def viewshire(g):
    school = lambda key, name, e, n, **kw: {"key": key, "props": {
        "name": name, "la_code": LA, "easting": e, "northing": n, **kw, **SRC}}
    write_nodes(g, {
        "LocalAuthority": [{"key": LA, "props": {"name": "Viewshire", "code": LA, **SRC}}],
        "Cluster": [{"key": "919/north", "props": {"name": "North", "tier": "neighbourhood",
                                                   **SRC}}],
        "School": [school(ALDER, "Alder Primary", 530000, 210000),
                   school(BIRCH, "Birch Primary", 530500, 210500, open_date=OPENED,
                          close_date=CLOSED),
                   school(CEDAR, "Cedar Primary", 531000, 211000)],
        "Trust": [{"key": TRUST, "props": {"name": "Viewshire Trust", "status": "active",
                                           "kind": "mat", "established": "2005-01-01", **SRC}}],
        "Partnership": [{"key": BOARD, "props": {"name": "Cluster board", "status": "active",
                                                 "decision_rights": "binding",
                                                 "established": "2006-01-01", **SRC}}],
        "Person": [{"key": "919/gov", "props": {"name": "Governor seat", "kind": "seat", **SRC}},
                   {"key": "919/head", "props": {"name": "Head seat", "kind": "seat", **SRC}}]})
    seat = lambda role, constituency, **kw: {"role": role, "constituency": constituency,
                                             "voting": True, "attendance": "member", **kw, **SRC}
    dated = {"start": JOINED, "end": LEFT, **SRC}
    write_relationships(g, {
        ("PART_OF", "Cluster", "LocalAuthority"): [{"from": "919/north", "to": LA, "props": SRC}],
        ("IN_AREA", "School", "Cluster"): [{"from": k, "to": "919/north", "props": SRC}
                                           for k in (ALDER, BIRCH, CEDAR)],
        ("IN_AREA", "Partnership", "LocalAuthority"): [{"from": BOARD, "to": LA, "props": SRC}],
        ("MEMBER_INSTITUTION", "School", "Trust"): [{"from": ALDER, "to": TRUST, "props": dated}],
        ("GOVERNS", "Trust", "School"): [{"from": TRUST, "to": ALDER, "props": dated}],
        ("MEMBER_INSTITUTION", "School", "Partnership"): [{"from": CEDAR, "to": BOARD,
                                                          "props": SRC}],
        ("MEMBER_OF", "Person", "Partnership"): [
            {"from": "919/gov", "to": BOARD, "props": seat("governor", "governor",
                                                         start="2008-01-01", end="2012-01-01")},
            {"from": "919/gov", "to": BOARD, "props": seat("chair", "governor",
                                                         start="2014-01-01")},
            {"from": "919/head", "to": BOARD, "props": seat("headteacher", "headteacher")}]})
    return g


@pytest.fixture
def views(empty_graph):
    return viewshire(empty_graph)


@pytest.fixture
def plain_cli(cli_env):
    from click.testing import CliRunner

    from govgraph.cli import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["--data-dir", str(cli_env / "store"),
                                              *map(str, args)])


@pytest.fixture
def cli(plain_cli, cli_env):
    """The command line on a private embedded store holding Viewshire."""
    from graphmodel.store import Graph

    g = Graph.open(None, data_dir=cli_env / "store")
    try:
        g.ensure_schema()
        viewshire(g)
    finally:
        g.close()
    return plain_cli


def points(page: str) -> dict[str, dict]:
    """The schools a map page draws: {key: point}, read from its govgraphPoints calls."""
    out = {}
    for data in re.findall(r"govgraphPoints\([\w.]+, (\[.*?\])\);", page, re.S):
        for p in json.loads(data):
            out[p["key"]] = p
    return out


def row(point: dict, name: str) -> str | None:
    return dict(point["rows"]).get(name)


# --- map -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("as_of, drawn, in_trust", [
    ("2009-01-01", {ALDER, CEDAR}, set()),             # Birch not yet open
    ("2013-01-01", {ALDER, BIRCH, CEDAR}, {ALDER}),     # during the membership
    ("2015-09-01", {ALDER, BIRCH, CEDAR}, set()),       # the day it ended
    ("2017-01-01", {ALDER, CEDAR}, set()),              # Birch closed
    (None, {ALDER, CEDAR}, set()),                      # now
])
def test_map_as_of_draws_the_schools_open_and_the_trusts_then(views, tmp_path, as_of, drawn,
                                                              in_trust):
    res = maps.render_map(views, LA, tmp_path / "m.html", "trust", tiles=None, as_of=as_of)
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    got = points(page)
    assert set(got) == drawn and res.drawn == len(drawn)
    assert {k for k, p in got.items() if row(p, "trust or group") == "Viewshire Trust"} == in_trust
    assert (f"Schools by trust, as of {as_of}" if as_of else "Schools by trust\"") in page


@pytest.mark.parametrize("as_of, share", [
    ("2007-01-01", "0.00 of 1 "),   # before the governor's first term: the head alone
    ("2010-01-01", "0.50 of 2 "),   # first term and the head
    ("2013-01-01", "0.00 of 1 "),   # between the terms
    ("2015-01-01", "0.50 of 2 "),   # second term: the ended parallel term is not counted again
    (None, "0.50 of 2 "),
])
def test_map_governor_share_uses_the_seats_held_on_the_date(views, tmp_path, as_of, share):
    maps.render_map(views, LA, tmp_path / "m.html", "governor-share", tiles=None, as_of=as_of)
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    cedar = points(page)[CEDAR]
    assert row(cedar, "governor share").startswith(share), row(cedar, "governor share")
    if as_of:
        assert f"seats held on {as_of}" in page


def test_cli_map_as_of(cli, tmp_path):
    res = cli("map", "--la", LA, "--colour", "trust", "--no-tiles", "--as-of", "2013-01-01",
              "-o", tmp_path / "m.html")
    assert res.exit_code == 0, res.output
    assert "3 schools" in res.output and "as of 2013-01-01" in res.output
    assert set(points((tmp_path / "m.html").read_text(encoding="utf-8"))) == {ALDER, BIRCH, CEDAR}
    res = cli("map", "--la", LA, "--no-tiles", "--as-of", "1999-01-01", "-o", tmp_path / "x.html")
    assert res.exit_code == 0 and "2 schools" in res.output, res.output
    bad = cli("map", "--la", LA, "--no-tiles", "--as-of", "2013-02-30", "-o", tmp_path / "b.html")
    assert bad.exit_code == 1 and "--as-of must be a date written YYYY-MM-DD" in bad.output
    assert not (tmp_path / "b.html").exists()


def test_map_in_the_browser_as_of_a_date(views, tmp_path, chromium):
    import browser as B

    for as_of, n in (("2013-01-01", 3), ("2017-01-01", 2)):
        path = tmp_path / f"m-{as_of}.html"
        maps.render_map(views, LA, path, "trust", tiles=None, as_of=as_of)
        page = B.open_page(chromium, path, ready="window.govgraphMap && window.govgraphMap.ready")
        try:
            status = json.loads(page.text_content("#govgraph-status"))
            assert status["points"] == n
            assert page.locator(".govgraph-school").count() == n
            legend = page.text_content(".govgraph-legend")
            assert f"Schools by trust, as of {as_of}" in legend
            assert ("Viewshire Trust (1)" in legend) == (as_of == "2013-01-01")
            page.screenshot(path=str(tmp_path / f"m-{as_of}.png"))
        finally:
            page.close()


# --- export ---------------------------------------------------------------------------------------

def exported_csv(folder):
    with open(folder / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = {r["key"] for r in csv.DictReader(f)}
    with open(folder / "edges.csv", encoding="utf-8", newline="") as f:
        edges = [(r["start_key"], r["rel_type"], r["end_key"], r["role"])
                 for r in csv.DictReader(f)]
    return nodes, edges


@pytest.mark.parametrize("as_of, trust_edges, gov_terms, birch", [
    ("2009-01-01", 0, ["governor"], False),
    ("2013-01-01", 2, [], True),            # MEMBER_INSTITUTION and GOVERNS hold
    ("2015-01-01", 2, ["chair"], True),     # one of the two parallel terms
    ("2015-09-01", 0, ["chair"], True),
    ("2017-01-01", 0, ["chair"], False),    # Birch closed: no node, no relationships
])
@pytest.mark.parametrize("la", [None, LA])
def test_export_csv_as_of(views, tmp_path, as_of, trust_edges, gov_terms, birch, la):
    export.export(views, "csv", tmp_path / "out", la, as_of=as_of, batch=2)
    nodes, edges = exported_csv(tmp_path / "out")
    assert (BIRCH in nodes) == birch
    assert not [e for e in edges if BIRCH in (e[0], e[2])] or birch
    assert len([e for e in edges if TRUST in (e[0], e[2])]) == trust_edges
    assert sorted(e[3] for e in edges if e[0] == "919/gov") == gov_terms
    assert all(a in nodes and b in nodes for a, _, b, _ in edges)  # no dangling relationship
    truth = Q.run(views, "viz_all_edges", {"dated": True, "as_of": as_of})
    if la is None:
        assert len(edges) == len(truth) and nodes == {r["key"] for r in Q.run(
            views, "viz_all_nodes", {"dated": True, "as_of": as_of})}


def test_export_without_a_date_keeps_every_fact(views, tmp_path):
    _, n, e = export.export(views, "csv", tmp_path / "all", batch=2)
    nodes, edges = exported_csv(tmp_path / "all")
    assert BIRCH in nodes and n == len(Q.run(views, "viz_all_nodes"))
    assert sorted(x[3] for x in edges if x[0] == "919/gov") == ["chair", "governor"]
    assert e == len(Q.run(views, "viz_all_edges"))
    # now (dated, as_of null) drops the ended term, the ended membership and the closed school
    now = Q.run(views, "viz_all_edges", {"dated": True})
    # now: not the governor's first term, Alder's membership and GOVERNS, nor closed Birch's area
    assert e == 11 and len(now) == e - 4


@pytest.mark.parametrize("fmt, schema", [("graphml", "graphml.xsd"), ("gexf", "gexf.xsd")])
def test_export_as_of_is_valid_to_the_published_xsd(views, tmp_path, xsd, fmt, schema):
    files, n, e = export.export(views, fmt, tmp_path / f"g.{fmt}", batch=2, as_of="2013-01-01")
    v = xsd_schemas.validator(xsd / schema)
    doc = etree.parse(str(files[0]))
    assert v.validate(doc), "\n".join(str(x) for x in list(v.error_log)[:5])
    ns = {"x": doc.getroot().nsmap[None]}
    assert len(doc.findall(".//x:node", ns)) == n and len(doc.findall(".//x:edge", ns)) == e
    text = files[0].read_text(encoding="utf-8")
    assert "Birch Primary" in text   # open in 2013
    # the governor's first term ended in 2012, the second began in 2014: no MEMBER_OF of theirs
    assert e == len(Q.run(views, "viz_all_edges", {"dated": True, "as_of": "2013-01-01"}))


def test_cli_export_as_of(cli, tmp_path):
    res = cli("export", "--format", "graphml", "--as-of", "2017-01-01", "-o", tmp_path / "e.graphml")
    assert res.exit_code == 0, res.output
    assert "as of 2017-01-01" in res.output
    assert "Birch Primary" not in (tmp_path / "e.graphml").read_text(encoding="utf-8")
    res = cli("export", "--format", "csv", "--la", "Viewshire", "--as-of", "2013-01-01",
              "-o", tmp_path / "c")
    assert res.exit_code == 0, res.output
    nodes, edges = exported_csv(tmp_path / "c")
    assert BIRCH in nodes and (ALDER, "MEMBER_INSTITUTION", TRUST, "") in edges
    bad = cli("export", "--format", "gexf", "--as-of", "yesterday", "-o", tmp_path / "b.gexf")
    assert bad.exit_code == 1 and "--as-of must be a date written YYYY-MM-DD" in bad.output
    assert not (tmp_path / "b.gexf").exists()


# --- schools counted only while open (register: GIAS close dates) ------------------------------------

def _register(tmp_path):
    """The GIAS fixture: Ashby Hill Top Primary (100004) closed 31-08-2020, and joined the
    multi-academy trust 3001 on 01/04/2015; Ashby Castle (100001) opened 01/09/2012."""
    return list(F.scenario(tmp_path, kinds=["establishments", "groups", "group_links"]).values())


@pytest.mark.parametrize("as_of, schools", [
    ("2016-01-01", [F.ACCENTED, "Ashby Hill Top Primary School"]),
    ("2020-08-30", [F.ACCENTED, "Ashby Hill Top Primary School"]),
    ("2020-08-31", [F.ACCENTED]),          # closed on that day
    (None, [F.ACCENTED]),                  # now: its close date has passed
])
def test_a_closed_school_is_not_counted_after_its_close(empty_graph, tmp_path, as_of, schools):
    g = empty_graph
    load_gias(g, _register(tmp_path))
    closed, = g.read("MATCH (s:School {key: '100004'}) RETURN s.close_date AS c")
    assert closed == {"c": "2020-08-31"}   # the establishments loader keeps the close date
    rows = {r["key"]: r for r in Q.run(g, "groups_in_authority", {"la": "855", "as_of": as_of})}
    assert rows["group/3001"]["schools"] == sorted(schools)
    assert rows["group/3001"]["governs"] == len(schools)
    summary, = [r for r in Q.run(g, "authority_summary", {"as_of": as_of}) if r["key"] == "855"]
    # and the children's centre (200001), which group links list without dates: open throughout
    assert summary["institutions"] == len(schools) + 1
    # before Ashby Castle opened (01/09/2012): Ashby Hill Top and the children's centre
    early, = [r for r in Q.run(g, "authority_summary", {"as_of": "2012-01-01"})
              if r["key"] == "855"]
    assert early["institutions"] == 2


# --- findings and assess --------------------------------------------------------------------------

def test_findings_as_of_pass_the_date_to_their_questions(corpus_graph):
    from analysis.findings import findings

    now = findings(corpus_graph)
    then = findings(corpus_graph, as_of="1990-01-01")
    assert [r["finding_key"] for r in then.rows] == [r["finding_key"] for r in now.rows]
    assert "(support as of 1990-01-01)" in then.question
    numeric = [r for r in then.rows if r["question"] != "-"]
    undated = [r for r in numeric if not Q.get(r["question"]).time_aware]
    assert {r["question"] for r in undated} == {"evaluation_framework"}
    assert all("has no dates: the same on every date" in r["support"] for r in undated)
    # the case studies date none of these facts, so they hold on every date (open ends)
    same = {r["finding_key"]: r["support"] for r in now.rows}
    assert all(r["support"] == same[r["finding_key"]] for r in numeric if r not in undated)


def test_cli_findings_and_assess_as_of(plain_cli):
    from loaders.cases import bundled_files

    cli = plain_cli
    assert cli("load", "cases", *bundled_files()).exit_code == 0
    res = cli("report", "findings", "--as-of", "2013-01-01", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)
    res = cli("assess", "926/cluster-example", "--as-of", "2013-01-01")
    assert res.exit_code == 0, res.output
    assert "(as of 2013-01-01)" in res.output and "starting point" in res.output
    bad = cli("assess", "926/cluster-example", "--as-of", "13/01/2013")
    assert bad.exit_code == 1 and "--as-of must be a date written YYYY-MM-DD" in bad.output


def test_assess_counts_a_self_evaluation_from_its_date(empty_graph):
    from analysis.assess import assess
    from graphmodel.exc import InvalidInput
    from loaders.cases import bundled_files, load_files

    g = empty_graph
    load_files(g, bundled_files())
    g.write("MATCH (x:Assessment {key: '926/cluster-example/assessment-example'}) "
            "SET x.date = '2015-06-01'")
    assert assess(g, "926/cluster-example", as_of="2015-06-01").rows
    assert assess(g, "926/cluster-example").rows
    with pytest.raises(InvalidInput, match="no self-evaluation made by 2015-05-31"):
        assess(g, "926/cluster-example", as_of="2015-05-31")
