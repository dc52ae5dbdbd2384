"""The question library: headers are honest, and every file gives the same rows on both backends."""
import pytest

from graphmodel import queries as Q

from conftest import BACKENDS

# Parameters for running each query over the bundled corpus.
SAMPLE_PARAMS = {
    "members_by_constituency": {"body": "centro-city/fjc"},
    "fact_sources": {"keys": ["centro-city/fjc", "coast-city/cluster-1/csg"]},
    "fact_grades": {"keys": ["centro-city/fjc", "coast-city/cluster-1/csg", "coast-city"],
                    "types": ["MEMBER_OF", "ACCOUNTABLE_TO"]},
    "node_grades": {"keys": ["coast-city", "met-borough/area-1/school-not-joined", "no-such-key"]},
    "finding_support": {"keys": ["coast-city/cluster-1/csg", "met-borough/area-1/apg"]},
    "self_evaluation": {"cluster": "926/cluster-example"},
    "representation_rollup": {"by": "cluster", "partnerships_only": True},
    "viz_authority": {"la": "coast-city"},
    "viz_map_schools": {"la": "coast-city"},
    "viz_nodes": {"keys": ["coast-city", "lsc"]},
    "viz_edges": {"keys": ["coast-city", "coast-city/cluster-1", "coast-city/cluster-1/csg"]},
    "viz_neighbours": {"keys": ["coast-city/cluster-1/csg"]},
    "viz_body_members": {"body": "coast-city/cluster-1/csg"},
    "viz_node_page": {"after": "", "limit": 50},
    "viz_edge_page": {"after": "", "last": "coast-city/~"},
    "viz_edges_from": {"keys": ["coast-city/cluster-1/csg", "coast-city"]},
    "viz_map_coverage": {"la": "coast-city"},
    "viz_map_school_bodies": {"keys": ["coast-city/cluster-1/school-1", "no-such-key"]},
    "groups_in_authority": {"la": "919"},
    "interlocks_trusts": {"keys": ["centro-city/fjc"]},
    "board_checks_boards": {"keys": ["centro-city/fjc"]},
    "board_checks_trust_bodies": {"keys": ["centro-city/fjc"]},
    **{f"changes_{k}": {"since": "2000-01-01", "until": "2030-12-31"}
       for k in ("memberships", "bodies", "schools", "links", "seats")},
}


# Questions about register data: the corpus has no trusts from GIAS, so they answer no rows
# here; tests/test_gias.py runs them on the 2022 national files on both backends.
REGISTER_QUESTIONS = {"groups_in_authority", "interlocks_register", "interlocks_links",
                      "board_checks_seats", "board_checks_employees", "interlocks_seats",
                      "board_checks_rows", "board_checks_trust_bodies",
                      "board_checks_packs",
                      # the last eight above: tests/test_board_checks.py and
                      # tests/test_register_time.py; what changed between
                      # dates: the corpus dates no fact (tests/test_time.py)
                      "changes_memberships", "changes_bodies", "changes_schools",
                      "changes_links", "changes_seats"}


def params_for(q):
    given = dict(SAMPLE_PARAMS.get(q.name, {}))
    return {p.name: given.get(p.name) for p in q.params}


def normalise(rows):
    """Sort lists inside cells (collect() order is not defined) and round floats."""
    def cell(v):
        if isinstance(v, list):
            return sorted((cell(x) for x in v), key=repr)
        if isinstance(v, float):
            return round(v, 6)
        if isinstance(v, dict):  # key order differs between engines: sort it
            return {k: cell(v[k]) for k in sorted(v)}
        return v
    return sorted(([(k, cell(v)) for k, v in sorted(r.items())] for r in rows), key=repr)


def test_library_is_not_empty_and_asks_questions():
    # names matching files and declared params matching the body: Q.library() enforces both
    lib = Q.library()
    assert len(lib) >= 4
    for name, q in lib.items():
        assert q.question.endswith("?"), name


def _schema_names_used(text):
    """Labels and relationship types a Cypher text names: every `x:Name`, `(:Name`, and each
    type in `[:A|B]`; comments and string literals left out."""
    import re

    body = "\n".join(line.split("//")[0] for line in text.splitlines())
    body = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", body)
    names = set(re.findall(r"(?:\w|\()\s*:\s*([A-Z]\w*)", body))
    for alts in re.findall(r"\[\s*\w*\s*:\s*([A-Z]\w*(?:\s*\|\s*:?\s*[A-Z]\w*)*)", body):
        names |= {t.strip(" :") for t in alts.split("|")}
    return names


def test_schema_name_scanner_sees_labels_types_and_alternatives():
    text = ("MATCH (s:Area)<-[:IN_AREA]-(b:Body)<-[m:MEMBER_OF|Bogus_Rel]-(:Persn) "
            "WHERE b:GoverningBody AND s.name = 'X:Fake' // (:Comment)\n"
            "RETURN {k: 1}, [x IN [1] | CASE WHEN x = 1 THEN 1 END]")
    assert _schema_names_used(text) == {"Area", "IN_AREA", "Body", "MEMBER_OF", "Bogus_Rel",
                                        "Persn", "GoverningBody"}


@pytest.mark.parametrize("name", sorted(Q.library()))
def test_labels_and_types_come_from_the_schema(name):
    from graphmodel import default_model

    m = default_model()
    known = set(m.labels) | set(m.family_descriptions) | set(m.roles) | set(m.relationships)
    used = _schema_names_used(Q.get(name).text)
    assert used <= known, f"{name}: not in graphmodel/schema.yaml: {sorted(used - known)}"


def test_header_mismatch_is_rejected():
    text = "// name: x\n// question: q?\n// params: a (string): thing\n// returns: y\nRETURN $b AS y"
    with pytest.raises(Q.QueryError, match="declared params"):
        Q.parse(text, "x.cypher")


def test_bind_checks_and_converts():
    q = Q.get("members_by_constituency")
    with pytest.raises(Q.QueryError, match="missing parameter body"):
        q.bind({})
    with pytest.raises(Q.QueryError, match="unknown parameter"):
        q.bind({"body": "x", "evil": "1"})
    assert q.bind({"body": "x"}) == {"body": "x", "as_of": None}  # as_of: standard, now


@pytest.mark.parametrize("name", sorted(Q.library()))
def test_query_runs(corpus_graph, backend, name):
    q = Q.get(name)
    rows = Q.run(corpus_graph, name, params_for(q))
    if name in REGISTER_QUESTIONS:
        assert rows == []
        return
    assert rows, f"{name} returned no rows on {backend}"
    assert set(rows[0]) == set(q.returns), f"{name}: columns differ from its header"


@pytest.mark.parametrize("name", sorted(Q.library()))
def test_same_rows_on_both_backends(both_corpus, name):
    q = Q.get(name)
    results = {b: Q.run(both_corpus[b], name, params_for(q)) for b in BACKENDS}
    assert normalise(results["falkordb"]) == normalise(results["neo4j"])


def test_bodies_that_share_a_name_come_in_key_order(empty_graph):
    """The 2022 register has 144 bodies whose names repeat in their authority (71 names): rows
    ordered by name alone came in whatever order the engine found them. Created here in the
    reverse of their key order, they must come in key order on both backends."""
    g = empty_graph
    g.write("CREATE (s:Area:LocalAuthority:Authority {key: 'x', name: 'X', evidence: 'documented'})")
    for key in ("x/jc2", "x/jc1"):
        g.write("MATCH (s:LocalAuthority {key: 'x'}) "
                "CREATE (b:Body:JointCommittee {key: $k, name: 'Same Name', status: 'active', "
                "  decision_rights: 'binding', evidence: 'documented'})-[:IN_AREA]->(s) "
                "CREATE (p:Person {key: $k + '/p', name: 'P', evidence: 'documented'}) "
                "CREATE (p)-[:MEMBER_OF {constituency: 'officer', voting: false, role: 'clerk', "
                "  attendance: 'attendee', evidence: 'documented'}]->(b)", {"k": key})
    for name in ("representation", "decision_power", "non_voting_attendees"):
        keys = [r["body_key"] for r in Q.run(g, name, {"la": "x", "as_of": None})]
        assert keys == ["x/jc1", "x/jc2"], (name, keys)
