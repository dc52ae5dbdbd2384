"""The bundled corpus: it validates, loads idempotently, and says what the research found."""
import re
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


# --- the corpus checked against its sources (docs/corpus-changes.md) ---------------------------

def test_met_borough_apg_agencies_are_members_without_a_vote(corpus_graph):
    """000, Case study: Met Borough: votes went only to school representatives."""
    rows = corpus_graph.read(
        "MATCH (:Person)-[m:MEMBER_OF]->(b:Partnership)-[:IN_AREA]->(:Locality)-[:PART_OF]->"
        "(:LocalAuthority {key: 'met-borough'}) WHERE b.kind = 'forum' "
        "RETURN m.constituency AS c, m.voting AS v, count(m) AS n")
    assert {r["c"] for r in rows if r["v"]} == {"headteacher", "governor"}
    assert any(r["c"] == "agency" and not r["v"] and r["n"] >= 30 for r in rows)


def test_coast_city_steering_groups_decision_rights_unresolved(corpus_graph):
    """000, Case study: Coast City: the locus of decision authority was never worked out."""
    rows = corpus_graph.read(
        "MATCH (b:Partnership {kind: 'steering_group'})-[:IN_AREA]->(:Cluster)-[:PART_OF]->"
        "(:LocalAuthority {key: 'coast-city'}) RETURN b.decision_rights AS d, b.size_min AS lo, "
        "b.size_max AS hi")
    assert rows and all(r["d"] == "unresolved" for r in rows)
    assert all((r["lo"], r["hi"]) == (16, 27) for r in rows)  # one or two among 15 to 25


def test_coast_city_seats_are_not_counted_on_two_bodies(corpus_graph):
    rows = corpus_graph.read(
        "MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->"
        "(:LocalAuthority {key: 'coast-city'}) WITH p, count(DISTINCT b) AS bodies "
        "WHERE bodies > 1 RETURN p.key AS k")
    assert rows == []
    assert corpus_graph.read("MATCH (b:Committee {name: 'Cluster Governing Committee'}) "
                             "RETURN count(b) AS c")[0]["c"] == 0


def test_centro_city_cluster_governance_is_only_proposed(corpus_graph):
    """000, Layers of partnership: a cluster governance layer envisaged over three to five years."""
    rows = corpus_graph.read(
        "MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(:LocalAuthority {key: 'centro-city'}) "
        "WHERE b.tier = 'neighbourhood' AND NOT b:GoverningBody "
        "RETURN b.name AS name, b.status AS status, b.evidence AS e")
    layer = [r for r in rows if "governance layer" in r["name"].lower()]
    assert layer and all(r["status"] == "proposed" for r in layer)
    # the primary cluster committees exist (Executive Summary) but only one is documented
    committees = [r for r in rows if "Primary School Cluster Committee" in r["name"]]
    assert sorted(r["e"] for r in committees) == ["documented", "illustrative"]


def test_each_case_authority_has_its_authority_level_body(corpus_graph):
    """000, Tensions of accountability: each authority controls resources, manages and evaluates."""
    rows = corpus_graph.read(
        "MATCH (b:Body {tier: 'authority', status: 'active'})-[:IN_AREA]->(s:LocalAuthority) "
        "WHERE s.key IN ['centro-city', 'coast-city', 'met-borough'] RETURN s.key AS la")
    assert sorted(r["la"] for r in rows) == ["centro-city", "coast-city", "met-borough"]


def test_placeholder_copies_and_seats_are_illustrative(corpus_graph):
    rows = corpus_graph.read(
        "MATCH (g:GoverningBody)-[:GOVERNS]->(s:School {evidence: 'illustrative'}) "
        "RETURN DISTINCT g.evidence AS e")
    assert rows == [{"e": "illustrative"}]
    heads = corpus_graph.read("MATCH (p:Person {key: 'coast-city/cluster-1/school-1/head'}) "
                              "RETURN p.evidence AS e, p.note AS note")
    assert heads[0]["e"] == "illustrative" and re.search("[Ii]llustrative|[Pp]laceholder", heads[0]["note"])
    govs = corpus_graph.read("MATCH (p:Person {key: 'coast-city/cluster-1/csg/governor-1'}) "
                             "RETURN p.evidence AS e")
    assert govs == [{"e": "documented"}]  # the two governor places are in the constitution


def test_inferred_facts_say_their_rule(corpus_graph):
    nodes = corpus_graph.read("MATCH (n {evidence: 'inferred'}) RETURN n.key AS k, n.note AS note")
    assert nodes and all(r["note"] for r in nodes)
    # a relationship's rule may sit on the inferred node it joins
    bare = corpus_graph.read(
        "MATCH (a)-[r]->(b) WHERE r.evidence = 'inferred' AND (r.note IS NULL OR r.note = '') "
        "AND NOT (a.evidence = 'inferred' OR b.evidence = 'inferred') RETURN a.key AS a, b.key AS b")
    assert bare == []
