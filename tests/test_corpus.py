"""The bundled corpus: it validates, loads idempotently, and says what the research found."""
from analysis import reports as R
from graphmodel import default_model
from graphmodel import queries as Q
from loaders.cases import bundled_files, case_json_schema, check_files, load_files

CASES = ("centro-city", "coast-city", "met-borough")


def test_corpus_validates_and_matches_the_json_schema():
    import jsonschema
    import yaml

    model = default_model()
    checked = check_files(bundled_files(), model)
    assert len(checked) >= 6
    schema = case_json_schema(model)
    for path in bundled_files():
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_every_fact_cites_a_seed_document(corpus_graph):
    seeds = {"000_bc9857864c985559.txt", "001_740ae1707f06380c.txt", "002_319f870bdb6f7f36.txt",
             "003_48dedc47882313a3.txt", "004_ec1d4a3da6e2223d.txt"}
    nodes = corpus_graph.read("MATCH (n) RETURN DISTINCT n.source AS s")
    rels = corpus_graph.read("MATCH ()-[r]->() RETURN DISTINCT r.source AS s")
    assert {r["s"] for r in nodes + rels} <= seeds
    missing = corpus_graph.read("MATCH (n) WHERE n.source_ref IS NULL OR n.source_ref = '' "
                                "RETURN count(n) AS c")[0]["c"]
    assert missing == 0


def test_loading_twice_leaves_identical_counts(corpus_graph):
    before = corpus_graph.counts()
    load_files(corpus_graph, bundled_files())
    assert corpus_graph.counts() == before
    assert before["MEMBER_OF"] > 100 and before["Person"] > 50


def _tiers(g):
    return {(r["authority_key"], r["tier"]): r for r in Q.run(g, "tiers")}


def test_met_borough_alone_layers_clusters_inside_localities(corpus_graph):
    tiers = _tiers(corpus_graph)
    layered = {la for la in CASES
               if (la, "locality") in tiers and tiers.get((la, "neighbourhood"), {}).get("nested_in_locality")}
    assert layered == {"met-borough"}
    # the other two have localities and clusters side by side, not one inside the other
    for la in ("coast-city", "centro-city"):
        assert (la, "locality") in tiers


def test_met_borough_cluster_committees_have_no_governors(corpus_graph):
    rows = [r for r in R.representation(corpus_graph, la="met-borough").rows
            if r["kind"] == "Committee" and r["tier"] == "neighbourhood"]
    assert len(rows) >= 3
    assert all(r["governors_any"] == 0 and r["flag"] == "governors absent" for r in rows)
    assert all(r["heads_voting"] > 0 for r in rows)


def test_coast_city_steering_groups_have_exactly_two_governor_places(corpus_graph):
    rows = [r for r in R.representation(corpus_graph, la="coast-city").rows
            if "steering group" in r["body"].lower() and r["status"] == "active"]
    assert len(rows) >= 2
    for r in rows:
        assert r["governors_any"] == 2, r["body"]
        assert r["heads_voting"] > r["governors_voting"], "heads dominate"
        assert r["flag"] == "governors a minority"


def test_centro_city_heads_attend_the_joint_committee_without_membership(corpus_graph):
    jc = corpus_graph.read("MATCH (b:JointCommittee)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->"
                           "(:LocalAuthority {key: 'centro-city'}) RETURN b.key AS key")
    assert len(jc) == 1
    rows = Q.run(corpus_graph, "members_by_constituency", {"body": jc[0]["key"]})
    heads = [r for r in rows if r["constituency"] == "headteacher"]
    assert heads and all(not r["voting"] for r in heads)
    assert {r["attendance"] for r in heads} >= {"attends_without_membership"}
    governors = [r for r in rows if r["constituency"] == "governor"]
    assert governors and all(r["voting"] for r in governors)
    # one head and one chair do not attend
    absent = {r["constituency"] for r in rows if r["attendance"] == "does_not_attend"}
    assert absent == {"headteacher", "governor"}


def test_formal_accountability_to_schools_practical_to_resource_holders(corpus_graph):
    rows = [r for r in Q.run(corpus_graph, "accountability_split")
            if r["body_key"].split("/")[0] in CASES and r["resource_to"]]
    by_la = {}
    for r in rows:
        by_la.setdefault(r["body_key"].split("/")[0], []).append(r)
    assert set(by_la) == set(CASES)
    names = {"centro-city": {"Centro City", "Learning and Skills Council"},
             "coast-city": {"Coast City"}, "met-borough": {"Met Borough"}}
    for la, rs in by_la.items():
        for r in rs:
            assert "GoverningBody" in r["legal_to"], (la, r["body"])
            assert "legal" in r["perceived_to"] and "resource" not in r["perceived_to"]
        assert set().union(*(set(r["resource_to"]) for r in rs)) == names[la]


def test_met_borough_participation_is_voluntary_and_some_schools_stay_out(corpus_graph):
    rows = Q.run(corpus_graph, "non_participants", {"la": "met-borough"})
    assert rows, "some Met Borough schools did not join"
    out = corpus_graph.read(
        "MATCH (:School)-[m:MEMBER_INSTITUTION]->(b:Partnership)-[:IN_AREA]->(:Locality)-[:PART_OF]->"
        "(:LocalAuthority {key: 'met-borough'}) RETURN DISTINCT m.participation AS p")
    assert out == [{"p": "voluntary"}]


def test_met_borough_proposed_joint_committee_gives_votes_only_to_schools(corpus_graph):
    rows = corpus_graph.read(
        "MATCH (b:JointCommittee {status: 'proposed'})-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->"
        "(:LocalAuthority {key: 'met-borough'}) MATCH (:Person)-[m:MEMBER_OF]->(b) "
        "RETURN m.constituency AS c, m.voting AS v, count(*) AS n")
    voting = {r["c"] for r in rows if r["v"]}
    assert voting and voting <= {"headteacher", "governor"}
    assert any(r["c"] == "agency" and not r["v"] for r in rows)


def test_coast_city_governor_association_never_materialised(corpus_graph):
    rows = corpus_graph.read(
        "MATCH (b:Body {status: 'not_materialised'})-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->"
        "(:LocalAuthority {key: 'coast-city'}) RETURN b.name AS name")
    assert any("association" in r["name"].lower() for r in rows)
