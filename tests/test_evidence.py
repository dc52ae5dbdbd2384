"""Every fact carries an evidence grade; the loader keeps the grades honest."""
import pytest

from graphmodel import default_model
from loaders.cases import load_files, parse_file
from loaders.errors import LoadError

GRADES = {"documented", "inferred", "illustrative"}


def test_schema_gives_every_label_and_type_an_evidence_enum():
    m = default_model()
    for spec in [*m.labels.values(), *m.relationships.values()]:
        p = spec.properties["evidence"]
        assert set(p.values) == GRADES and p.required and p.default == "documented", spec.name
        assert "note" in spec.properties, spec.name
    assert "unresolved" in m.enums["decision_rights"]


def test_every_node_and_relationship_of_the_corpus_has_a_grade(corpus_graph):
    nodes = corpus_graph.read("MATCH (n) RETURN n.evidence AS e, count(*) AS c")
    rels = corpus_graph.read("MATCH ()-[r]->() RETURN r.evidence AS e, count(*) AS c")
    assert {r["e"] for r in nodes} <= GRADES and {r["e"] for r in rels} <= GRADES, (nodes, rels)
    assert sum(r["c"] for r in nodes) > 500 and sum(r["c"] for r in rels) > 1000
    # placeholders exist and are marked, and every placeholder says what is placeholder
    assert {r["e"] for r in nodes} >= {"documented", "illustrative"}
    unexplained = corpus_graph.read(
        "MATCH (n) WHERE n.evidence IN ['illustrative', 'inferred'] AND "
        "(n.note IS NULL OR n.note = '') RETURN n.key AS k")
    assert unexplained == []


def test_no_relationship_is_better_known_than_a_placeholder_it_joins(corpus_graph):
    rows = corpus_graph.read(
        "MATCH (a)-[r]->(b) WHERE (a.evidence = 'illustrative' OR b.evidence = 'illustrative') "
        "AND r.evidence <> 'illustrative' AND a.case_id = b.case_id RETURN a.key AS a, type(r) AS t, "
        "b.key AS b LIMIT 5")
    assert rows == []


CASE = """\
case: ev-test
source: 000_bc9857864c985559.txt
nodes:
  - {key: ev/board, label: Partnership, name: Board, status: active, source_ref: s1}
  - {key: ev/seat, label: Person, kind: seat, name: Seat, source_ref: s2{seat}}
relationships:
  - {type: MEMBER_OF, from: ev/seat, to: ev/board, role: member, constituency: governor,
     voting: true, attendance: member, source_ref: s3{rel}}
"""


def _write(tmp_path, seat="", rel=""):
    p = tmp_path / "ev.yaml"
    p.write_text(CASE.replace("{seat}", seat).replace("{rel}", rel))
    return p


def test_ungraded_facts_are_documented(tmp_path):
    cf = parse_file(_write(tmp_path), default_model())
    assert cf.nodes["Partnership"][0]["props"]["evidence"] == "documented"
    assert cf.rels[("MEMBER_OF", "Person", "Partnership")][0]["props"]["evidence"] == "documented"


def test_an_inferred_fact_needs_its_rule_in_a_note(tmp_path):
    with pytest.raises(LoadError) as e:
        parse_file(_write(tmp_path, seat=", evidence: inferred"), default_model())
    p = e.value.problems[0]
    assert (p.line, p.field) == (5, "evidence") and "rule" in p.reason
    cf = parse_file(_write(tmp_path, seat=", evidence: inferred, note: one seat per school",
                           rel=", evidence: inferred, note: one seat per school"), default_model())
    assert cf.nodes["Person"][0]["props"]["evidence"] == "inferred"


def test_a_relationship_cannot_be_better_known_than_a_node_it_joins(tmp_path):
    with pytest.raises(LoadError) as e:
        parse_file(_write(tmp_path, seat=", evidence: illustrative, note: placeholder seat"),
                   default_model())
    p = e.value.problems[0]
    assert p.line == 7 and p.field == "evidence" and "evidence: illustrative" in p.reason


def test_an_unknown_grade_is_refused(tmp_path):
    with pytest.raises(LoadError, match="must be one of documented, inferred, illustrative"):
        parse_file(_write(tmp_path, seat=", evidence: guessed"), default_model())


def test_ranges_are_stored_as_given_and_checked(tmp_path, empty_graph):
    ok = _write(tmp_path, rel=", places_min: 1, places_max: 2")
    load_files(empty_graph, [ok])
    row = empty_graph.read("MATCH ()-[m:MEMBER_OF]->() RETURN m.places_min AS lo, "
                           "m.places_max AS hi, m.evidence AS e")
    assert row == [{"lo": 1, "hi": 2, "e": "documented"}]
    with pytest.raises(LoadError, match="places_min 3 is more than places_max 2"):
        parse_file(_write(tmp_path, rel=", places_min: 3, places_max: 2"), default_model())


def test_register_rows_are_documented():
    """GIAS rows are written through gias_map.RowOps, which grades every fact documented."""
    from loaders.gias_map import RowOps

    ops = RowOps("edubasealldata20220101.csv", "row 1")
    ops.own("School", "100000", {"name": "A school"})
    ops.rel("IN_AREA", ("School", "100000"), ("LocalAuthority", "201"))
    assert ops.nodes[0].props["evidence"] == "documented"
    assert ops.rels[0].props["evidence"] == "documented"


# --- a named question run on its own carries the weakest grade of the nodes its rows name ----
def test_query_rows_carry_the_grade_of_the_nodes_they_name(corpus_graph):
    from analysis.evidence import grade_rows
    from graphmodel import queries as Q

    rows = grade_rows(corpus_graph, Q.run(corpus_graph, "non_participants", {"la": "met-borough"}))
    assert rows
    for r in rows:
        node = Q.run(corpus_graph, "node_grades", {"keys": [r["institution_key"]]})[0]
        assert r["evidence"] == node["evidence"] and r["evidence"] in (
            "documented", "inferred", "illustrative")
    # the placeholder school is graded as a placeholder, never as documented
    placeholder = [r for r in rows if r["institution_key"].endswith("school-not-joined")]
    assert placeholder and all(r["evidence"] == "illustrative" for r in placeholder)
    # a row that names no node gets no grade rather than a guessed one
    assert grade_rows(corpus_graph, [{"authority": "x", "n": 1}])[0]["evidence"] is None
    # a question that grades its own rows is left as it is
    own = [{"body_key": "coast-city", "evidence": "inferred"}]
    assert grade_rows(corpus_graph, own) == own


def test_query_command_prints_an_evidence_column(corpus_graph, tmp_path):
    import json
    import os

    from click.testing import CliRunner

    from govgraph.cli import main

    where = (["--uri", os.environ["NEO4J_URI"]] if corpus_graph.kind == "neo4j"
             else ["--data-dir", str(corpus_graph.backend.server.dir)])
    r = CliRunner().invoke(main, [*where, "query", "non_participants", "-p", "la=met-borough",
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows and all(row["evidence"] in ("documented", "inferred", "illustrative")
                        for row in rows)
