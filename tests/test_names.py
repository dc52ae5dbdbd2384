"""Names work wherever keys do; an unknown or ambiguous name is an error that says what to type;
an empty answer says what was checked. On both backends."""
from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from govgraph.cli import main
from graphmodel import names as N
from graphmodel import queries as Q
from graphmodel.exc import Ambiguous, GovgraphError, NotFound


def cli(graph, *args, input=None):
    """Run `govgraph` against the same store as graph (its data dir, or the Neo4j URI)."""
    where = (["--uri", os.environ["NEO4J_URI"]] if graph.kind == "neo4j"
             else ["--data-dir", str(graph.backend.server.dir)])
    return CliRunner().invoke(main, [*where, *args], input=input)


@pytest.mark.parametrize("kind, given, key", [
    ("authority", "met-borough", "met-borough"),
    ("authority", "MET BOROUGH", "met-borough"),
    ("authority", "  Coast City ", "coast-city"),
    ("authority", "926", "926"),                       # a DfE code
    ("authority", "norfolk", "926"),
    ("body", "Federation Joint Committee", "centro-city/fjc"),
    ("body", "centro-city/FJC", "centro-city/fjc"),    # keys case-insensitively too
    ("cluster", "926/cluster-example", "926/cluster-example"),
    ("school", "example cluster academy 3", "926/cluster-example/academy-3"),
])
def test_key_or_name_resolves_to_one_key(corpus_graph, kind, given, key):
    assert N.resolve(corpus_graph, kind, given).key == key


@pytest.mark.parametrize("given, suggested", [
    ("coast_city", "coast-city"), ("met", "met-borough"), ("Centro", "centro-city")])
def test_unknown_authority_suggests_the_closest(corpus_graph, given, suggested):
    with pytest.raises(NotFound) as e:
        N.resolve(corpus_graph, "authority", given, "la")
    assert e.value.suggestions[0] == suggested
    assert suggested in str(e.value) and repr(given) in str(e.value)


def test_nothing_close_says_where_to_look(corpus_graph):
    with pytest.raises(NotFound, match="nothing close.*govgraph query authorities") as e:
        N.resolve(corpus_graph, "authority", "nowhere")
    assert e.value.suggestions == []


def test_several_matches_list_the_candidates(empty_graph):
    g = empty_graph
    for key in ("x/a", "x/b"):
        g.write("CREATE (:Body:Partnership {key: $k, name: 'Steering Group', status: 'active'})",
                {"k": key})
    with pytest.raises(Ambiguous) as e:
        N.resolve(g, "body", "steering group")
    assert e.value.candidates == ["x/a", "x/b"]
    assert "x/a" in str(e.value) and "x/b" in str(e.value)
    assert N.resolve(g, "body", "X/B").key == "x/b"  # the key still picks one
    g.write("CREATE (:Institution:School {key: 'x/s', name: 'Steering Group', urn: 123456})")
    assert N.resolve(g, "school", "123456").key == "x/s"  # a school by its URN
    assert N.resolve(g, "school", "steering group").key == "x/s"  # only schools are schools


def test_every_question_takes_names_and_keys_alike(corpus_graph):
    """Each question with an authority parameter gives the same rows for the key and the name."""
    asked = 0
    for q in Q.library().values():
        kinds = {p.name: p.type for p in q.params}
        if kinds.get("la") != "authority":
            continue
        extra = {p.name: {"by": "tier", "partnerships_only": "false", "since": "2000-01-01",
                          "until": "2030-12-31"}.get(p.name)
                 for p in q.params if p.name != "la" and not p.optional}
        by_key = Q.run(corpus_graph, q.name, {"la": "met-borough", **extra})
        by_name = Q.run(corpus_graph, q.name, {"la": "met borough", **extra})
        assert by_key == by_name, q.name
        asked += 1
    assert asked >= 14


def test_no_question_compares_names_in_cypher():
    """The authority is resolved in Python: no question matches names or codes itself (a
    register role's case may be folded: it is not a name the user gives)."""
    for q in Q.library().values():
        assert not re.search(r"toLower\([^)]*(\.name|\$)", q.text), q.filename
        assert ".code = $" not in q.text, q.filename
    assert re.search(r"toLower\([^)]*(\.name|\$)", "WHERE toLower(s.name) = toLower($la)")


def test_empty_answer_says_what_was_checked(corpus_graph):
    ans = Q.answer(corpus_graph, "non_participants", {"la": "Centro City"})
    assert ans.rows == []
    assert ans.empty == ("no rows: every school and college in Centro City takes part in at "
                         "least one partnership body active on the date asked (or now)")


def test_cli_unknown_authority_exits_non_zero_and_suggests(corpus_graph):
    for args in (["report", "power", "--la", "coast_city"],
                 ["query", "representation", "-p", "la=coast_city"]):
        r = cli(corpus_graph, *args)
        assert r.exit_code == 1, r.output
        assert "no authority 'coast_city'" in r.output and "coast-city" in r.output
        assert "Traceback" not in r.output
    r = cli(corpus_graph, "report", "power", "--la", "nowhere")
    assert r.exit_code == 1 and "no authority 'nowhere'" in r.output
    r = cli(corpus_graph, "query", "representation", "-p", "la=")
    assert r.exit_code == 1 and "la=''" in r.output
    r = cli(corpus_graph, "viz", "--body", "no such body", "-o", "unused.html")
    assert r.exit_code == 1 and "no body 'no such body'" in r.output


def test_cli_empty_answer_differs_from_unknown_authority(corpus_graph):
    r = cli(corpus_graph, "query", "non_participants", "-p", "la=centro city")
    assert r.exit_code == 0, r.output
    assert "every school and college in Centro City takes part" in r.output
    r = cli(corpus_graph, "query", "non_participants", "-p", "la=centro city", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output) == []


def test_cli_viz_body_by_name(corpus_graph, tmp_path):
    out = tmp_path / "jc.html"
    r = cli(corpus_graph, "viz", "--body", "Federation Joint Committee", "--split", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert out.exists() and "Federation Joint Committee" in out.read_text(encoding="utf-8")


def test_keys_in_json_always_in_tables_on_request(corpus_graph):
    r = cli(corpus_graph, "query", "decision_power", "-p", "la=Centro City", "--format", "json")
    rows = json.loads(r.stdout)
    assert rows and all(row["body_key"] for row in rows)
    plain = cli(corpus_graph, "query", "decision_power", "-p", "la=Centro City")
    keyed = cli(corpus_graph, "query", "decision_power", "-p", "la=Centro City", "--keys")
    # a wide table is turned on its side, where column names read as words ("body key")
    assert "body_key" not in plain.output and "body key" not in plain.output
    assert "centro-city/fjc" not in plain.output
    assert ("body_key" in keyed.output or "body key" in keyed.output)
    assert "centro-city/fjc" in keyed.output
    r = cli(corpus_graph, "report", "power", "--la", "centro city", "--keys")
    assert r.exit_code == 0 and "centro-city/fjc" in r.output
    r = cli(corpus_graph, "report", "power", "--la", "centro city", "--format", "json")
    assert "centro-city/fjc" in {row.get("body_key") for row in json.loads(r.stdout)}


def test_resolution_fails_cleanly_for_every_kind(corpus_graph):
    for kind in N.KIND_NAMES:
        with pytest.raises(GovgraphError):
            N.resolve(corpus_graph, kind, "zzzz-no-such-thing")
        with pytest.raises(GovgraphError):
            N.resolve(corpus_graph, kind, "   ")


def test_cli_export_figure_and_assess_take_names(corpus_graph, tmp_path):
    r = cli(corpus_graph, "export", "--format", "graphml", "--la", "COAST CITY",
            "-o", str(tmp_path / "c.graphml"))
    assert r.exit_code == 0, r.output
    assert "coast-city" in (tmp_path / "c.graphml").read_text(encoding="utf-8")
    r = cli(corpus_graph, "export", "--format", "graphml", "--la", "coast_city",
            "-o", str(tmp_path / "x.graphml"))
    assert r.exit_code == 1 and "coast-city" in r.output
    r = cli(corpus_graph, "assess", "norfolk cluster (illustrative example)")
    assert r.exit_code == 0, r.output
    r = cli(corpus_graph, "assess", "norfolk clustr")
    assert r.exit_code == 1 and "926/cluster-example" in r.output
