"""Differential test of the two engines: every question, on random small graphs, same rows.

Hypothesis builds graphs within graphmodel/schema.yaml (labels, relationship types, property
types and enums, required properties always present, optional ones often absent): unicode
text, dates, empty lists, cycles, and parallel relationships wherever the writer keeps them
(types with `merge_on`: two MEMBER_OF edges with different roles, two ACCOUNTABLE_TO edges with
different bases). The same graph is written to FalkorDB and Neo4j, and every question in
cypher/ (internal helpers too) runs on both with its declared parameters: for a kind of node,
the key of one in the graph or its name (in another case at times), code or URN, resolved by
each engine. The rows must be the same multiset (lists inside cells compared as multisets,
floats to 9 digits, and an integer is not a float); a name that resolves to nothing or to
several nodes must do so on both.

Names are given in another case only when they are ASCII: toLower differs by engine beyond it
(FalkorDB maps İ to i and Σ to σ everywhere; Neo4j, like Python, İ to i + U+0307 and a final Σ
to ς), so "ABΣ" typed for the name "abς" resolves on Neo4j only. Exact names resolve on both.

Fixed seed (derandomize) and a bounded example count: GOVGRAPH_DIFF_EXAMPLES (default 60).
"""
from __future__ import annotations

import os
import string
from collections import Counter
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel import default_model
from graphmodel import queries as Q
from graphmodel.exc import Ambiguous, NotFound
from graphmodel.names import kinds

from conftest import BACKENDS, holder

MODEL = default_model()
KINDS = kinds(MODEL)
EXAMPLES = int(os.environ.get("GOVGRAPH_DIFF_EXAMPLES", "60"))
TEXT = st.text(alphabet=string.ascii_letters[:6] + "09 -'\"\\/éßİıΣςﬀ中😀\u0301\u00a0",
               max_size=6)
BOOL = st.booleans()
FAVOURED = {"status": "active", "decision_rights": "binding", "basis": "legal"}
# ends of facts and bodies: questions that need several facts to hold on one date (docs/time.md)
# answer rows only when most are open
ENDS = ("end", "close_date")
# Dates are drawn from a few days half of the time, and $as_of from the same days: facts then
# start, end and are asked about on the same dates, so dated questions that need several facts
# to hold at once answer rows, and the bounds (a fact ending on the day asked about) are
# compared too. Any other date (year 1 to 9999) the other half.
DAYS = ("2010-01-01", "2012-09-01", "2015-06-30", "2020-01-01")
# every area in a wider one, every body and institution in an area, every person on a body
SKELETON = [("PART_OF", ("Locality", "Cluster"), ("LocalAuthority", "ReferenceModel", "Locality")),
            ("IN_AREA", ("Body", "Institution"), ("Area",)),
            ("MEMBER_OF", ("Person",), ("Body",))]
# how many nodes of each label (others: 1), and edges of each type (others: 0..2)
NODES = {"LocalAuthority": (1, 2), "Locality": (1, 2), "Cluster": (1, 3), "School": (1, 3),
         "Person": (2, 5), "EvaluationDimension": (1, 3), "Partnership": (1, 2),
         "JointCommittee": (1, 2), "GoverningBody": (1, 2)}
EDGES = {"MEMBER_OF": (1, 6), "ACCOUNTABLE_TO": (2, 8), "IN_AREA": (0, 4), "PART_OF": (0, 3),
         "MEMBER_INSTITUTION": (3, 8), "DELEGATES_TO": (1, 3), "GOVERNS": (1, 3),
         "SCORED": (1, 3), "ASSESSES": (1, 2), "USES_FRAMEWORK": (1, 2), "HAS_DIMENSION": (1, 3)}


@lru_cache(maxsize=None)
def value(prop):
    """A strategy for one property value of the schema's type (already in stored form)."""
    if prop.values is not None:
        s = st.sampled_from(prop.values)
        if prop.name in FAVOURED:  # what most questions select on, half of the time
            s = st.one_of(st.just(FAVOURED[prop.name]), s)
    elif prop.type == "string":
        s = TEXT
    elif prop.type == "integer":
        s = st.one_of(st.integers(-3, 12), st.integers(-2**40, 2**40))
    elif prop.type == "float":
        s = st.one_of(st.integers(-1000, 1000).map(lambda i: i / 8), st.floats(0, 1))
    elif prop.type == "boolean":
        s = st.booleans()
    elif prop.type == "date":
        s = st.one_of(st.sampled_from(DAYS), st.dates().map(lambda d: d.isoformat()))
    elif prop.type == "list":
        s = st.lists(TEXT, max_size=3)
    else:  # a new property type needs a strategy here
        raise AssertionError(f"no strategy for property type {prop.type}")
    return s.map(prop.coerce)


def props(draw, properties, skip=()):
    out = {}
    for p in properties.values():
        if p.name in ("key", *skip):
            continue
        if p.name in ENDS and draw(BOOL):  # most facts are open: an end a quarter of the time
            continue
        if p.required or draw(BOOL):
            out[p.name] = draw(value(p))
    return out


@st.composite
def graphs(draw):
    """{"nodes": [(label, key, props)], "edges": [(type, from, to, props)]}."""
    nodes = []
    for label in MODEL.labels:
        for _ in range(draw(st.integers(*NODES.get(label, (1, 1))))):
            key = f"k{len(nodes)}" + draw(st.sampled_from(["", "/é", "/中 x"]))
            nodes.append((label, key, props(draw, MODEL.labels[label].properties)))
    edges, seen = [], set()

    def add(rel, a_key, b_key, p):
        ident = (rel.name, a_key, b_key, tuple(p[m] for m in rel.merge_on))
        if ident not in seen:  # the writer MERGEs on the ends and merge_on
            seen.add(ident)
            edges.append((rel.name, a_key, b_key, p))

    def having(names):
        return [n for n in nodes if set(MODEL.label(n[0]).labels) & set(names)]

    for rel_name, froms, tos in SKELETON:
        rel = MODEL.rel(rel_name)
        for a in having(froms):
            ends = [b for b in having(tos) if b is not a and MODEL.allows(rel.name, a[0], b[0])]
            if ends:
                add(rel, a[1], draw(st.sampled_from(ends))[1], props(draw, rel.properties))
    for rel in MODEL.relationships.values():
        sources, targets = having(rel.sources), having(rel.targets)
        if not (sources and targets):
            continue
        for _ in range(draw(st.integers(*EDGES.get(rel.name, (0, 2))))):
            same = [e for e in edges if e[0] == rel.name]
            if rel.merge_on and same and draw(BOOL):  # a parallel edge
                _, a_key, b_key, _ = draw(st.sampled_from(same))
            else:  # any ends the schema allows, a loop included
                a_key = draw(st.sampled_from(sources))[1]
                b_key = draw(st.sampled_from(targets))[1]
            add(rel, a_key, b_key, props(draw, rel.properties))
    return {"nodes": nodes, "edges": edges}


def write(graph, g) -> None:
    graph.write("MATCH (n) DETACH DELETE n")
    by_label: dict[str, list] = {}
    for label, key, p in g["nodes"]:
        by_label.setdefault(label, []).append({"key": key, "props": {**p, "key": key}})
    for label, rows in by_label.items():
        graph.write(f"UNWIND $rows AS row CREATE (n:{':'.join(MODEL.label(label).labels)}) "
                    "SET n = row.props", {"rows": rows})
    by_type: dict[str, list] = {}
    for rel, a, b, p in g["edges"]:
        by_type.setdefault(rel, []).append({"from": a, "to": b, "props": p})
    for rel, rows in by_type.items():
        graph.write(f"UNWIND $rows AS row MATCH (a {{key: row.from}}) MATCH (b {{key: row.to}}) "
                    f"CREATE (a)-[r:{MODEL.rel(rel).name}]->(b) SET r = row.props",
                    {"rows": rows})


REGISTER_SHAPED = {"interlocks_register", "interlocks_links", "interlocks_scope",
                   "interlocks_trusts", "board_checks_seats", "board_checks_employees",
                   "interlocks_seats", "board_checks_rows",
                   "board_checks_trust_bodies", "board_checks_packs",
                   # needs a school in two bodies of different tiers of one authority, with the
                   # bodies, both memberships and the school holding on one date: rare in random
                   # graphs even with dates drawn from DAYS. The Time City fixture in
                   # tests/test_time.py checks it on both engines before, during and after, and
                   # tests/test_queries.py on the corpus
                   "schools_in_several_tiers",
                   # needs a school in an area of the authority asked about and a member of a
                   # trust or federation, both holding on the date: rare, and which of the 60
                   # graphs are drawn changes with code outside this test (the same code draws
                   # the same graphs; replacing graphmodel/backends.py alone, same answers,
                   # changed them from the 7th on; cause inside Hypothesis not found).
                   # tests/test_time.py checks its exact rows at six dates on both engines
                   # (test_report_groups_counts_schools_joined_and_not_left)
                   "groups_in_authority"}


def param(draw, q, p, g):
    """A value for parameter p of question q. A kind of node (authority, body, ...): the key of
    such a node in graph g, or what else the kind accepts (a name, in another case at times;
    a DfE code; a URN), resolved by each engine. Other parameters by name."""
    kind = KINDS.get(p.type)
    if kind is not None:
        candidates = [n for n in g["nodes"] if n[0] in kind.labels]
        if not candidates:
            v = "no-such-key"
        else:
            _, key, props = draw(st.sampled_from(candidates))
            ways = [key] + [str(props[f]) for f in ("name", "code" if kind.code else "",
                                                    "urn" if kind.urn else "")
                            if props.get(f) is not None]
            v = draw(st.sampled_from(ways))
            if v != key and v.isascii():  # other case mappings differ by engine: see below
                v = draw(st.sampled_from([str, str.upper, str.lower]))(v)
    elif p.name == "keys":  # a few keys of any kind, or every key (so that each kind is in)
        every = [n[1] for n in g["nodes"]]
        v = draw(st.one_of(st.lists(st.sampled_from(every), max_size=6, unique=True),
                           st.just(every)))
    elif p.name == "scope":
        v = draw(st.sampled_from(MODEL.enums["scope_kind"]))
    elif p.name == "by":
        v = draw(st.sampled_from(["la", "cluster", "locality", "tier"]))
    elif p.name in ("partnerships_only", "dated"):  # dated: exports as of as_of, or all
        v = draw(BOOL)
    elif p.name == "la":  # a register question's authority: a DfE code as stored, or none
        v = draw(st.sampled_from(["no-such-la"] + [n[1] for n in g["nodes"]
                                                   if n[0] == "LocalAuthority"]))
    elif p.name in ("after", "last"):  # key pages of the streamed exports
        v = draw(st.sampled_from(["", "~"] + [n[1] for n in g["nodes"]]))
    elif p.name == "limit":
        v = draw(st.integers(min_value=0, max_value=8))
    elif p.name in ("within", "types", "boards"):
        pool = ([n[1] for n in g["nodes"]] if p.name == "within" else
                [r.name for r in MODEL.relationships.values()] if p.name == "types" else
                ["trust", "local", "maintained", "members"] + [n[1] for n in g["nodes"]])
        v = draw(st.lists(st.sampled_from(pool), max_size=4, unique=True))
    elif p.name == "group":
        v = draw(st.sampled_from(["no-such-group"] + [n[1] for n in g["nodes"]]))
    elif p.name in ("since", "until"):  # report changes: windows over the generated dates
        v = draw(st.sampled_from(["0001-01-01", "2012-09-01"] if p.name == "since" else
                                 ["5000-01-01", "9999-12-31"]))
    elif p.name == "min_confidence":
        v = draw(st.sampled_from([0.0, 0.5, 0.9]))
    else:
        raise AssertionError(f"{q.name}: no generator for parameter {p.name!r}: add one here")
    return None if p.optional and draw(BOOL) else v


def canon(v):
    """A hashable form in which row order, list order and key order do not count."""
    if isinstance(v, float):
        return ("float", format(v, ".9g"))
    if isinstance(v, list):
        return ("list", tuple(sorted((canon(x) for x in v), key=repr)))
    if isinstance(v, dict):
        return ("map", tuple(sorted((k, canon(x)) for k, x in v.items())))
    return (type(v).__name__, v)


def run(graph, name, params):
    """(rows as a multiset, None), or (None, the error) when a name resolves to no node or to
    several: an outcome to compare. Any other error fails the test, even on both engines."""
    try:
        return Counter(canon(r) for r in Q.run(graph, name, params)), None
    except (NotFound, Ambiguous) as e:
        return None, f"{type(e).__name__}: {e}"


def test_every_question_gives_the_same_rows_on_both_engines(request):
    stores = {b: holder(request, b) for b in BACKENDS}
    for h in stores.values():
        h.state = "unknown"  # the corpus fixtures reload after this test
    names = sorted(Q.library())
    answered: Counter = Counter()

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(g=graphs(), data=st.data())
    def check(g, data):
        for h in stores.values():
            write(h.graph, g)
        differ = []
        for name in names:
            q = Q.get(name)
            params = {p.name: param(data.draw, q, p, g) for p in q.params}
            if q.time_aware:  # the standard $as_of (docs/time.md): now or a date
                params["as_of"] = data.draw(st.sampled_from([None, None, *DAYS, "5000-01-01"]))
            (fr, fe), (nr, ne) = (run(stores[b].graph, name, params) for b in BACKENDS)
            if (fr, fe) != (nr, ne):
                only_f = fe or sorted((fr - (nr or Counter())).elements(), key=repr)
                only_n = ne or sorted((nr - (fr or Counter())).elements(), key=repr)
                differ.append(f"{name} {params}:\n  falkordb only: {only_f}\n"
                              f"  neo4j only:    {only_n}")
            elif fr and sum(fr.values()):
                answered[name] += 1
        assert not differ, "the engines differ:\n" + "\n".join(differ)

    check()
    # Register questions need appointments resolved into people (MEMBER_OF gid, Person.boards),
    # which random schema graphs do not build: tests/test_people.py and test_board_checks.py
    # compare them on both engines with planted register data instead.
    silent = [n for n in names if not answered[n] and n not in REGISTER_SHAPED]
    assert not silent, f"questions that never answered a row in {EXAMPLES} graphs: {silent}"


def test_the_comparison_sees_the_parallel_edge_trap(request):
    """The check above can fail: two MEMBER_OF edges counted by an unchecked pattern differ."""
    stores = {b: holder(request, b) for b in BACKENDS}
    g = {"nodes": [("Person", "p", {"name": "P", "kind": "person"}),
                   ("Committee", "b", {"name": "B", "status": "active"})],
         "edges": [("MEMBER_OF", "p", "b", {"role": r, "constituency": "governor",
                                            "voting": True, "attendance": "member"})
                   for r in ("chair", "member")]}
    counts = {}
    for b, h in stores.items():
        h.state = "unknown"
        write(h.graph, g)
        counts[b] = [canon(r) for r in h.graph.read(
            "MATCH (:Person)-[:MEMBER_OF]->(b:Body) RETURN b.key AS body, count(*) AS n")]
    assert counts["neo4j"] == [canon({"body": "b", "n": 2})]
    assert counts["falkordb"] != counts["neo4j"], "FalkorDB now counts parallel edges: update " \
        "../shared/docs/cypher-dialect.md and the lint in tests/test_cypher_lint.py"


def test_findings_stay_fixed(request):
    """What the random graphs found, as fixed cases: an authority whose DfE code is empty (an
    indexed lookup of '' finds nothing on FalkorDB, every empty la_code on Neo4j), and names
    with İ and a final Σ given exactly (Python's lower() against FalkorDB's toLower)."""
    stores = {b: holder(request, b) for b in BACKENDS}
    src = {"source": "t", "source_ref": "t"}
    g = {"nodes": [("LocalAuthority", "la", {"name": "İlçe Σ", "code": "", **src}),
                   ("School", "s", {"name": "S", "la_code": "", **src}),
                   ("Committee", "c", {"name": "İΣ", "status": "active", **src})],
         "edges": [("IN_AREA", "c", "la", src)]}
    asked = [("viz_authority", {"la": "la"}), ("viz_map_schools", {"la": "la"}),
             ("viz_authority", {"la": "İlçe Σ"}), ("members_by_constituency", {"body": "İΣ"})]
    got = {}
    for b, h in stores.items():
        h.state = "unknown"
        write(h.graph, g)
        got[b] = [run(h.graph, name, params) for name, params in asked]
    assert got["falkordb"] == got["neo4j"]
    assert all(err is None for _, err in got["neo4j"]), got["neo4j"]
    assert got["neo4j"][0][0] == Counter([canon({"key": "la", "part": "area"}),
                                          canon({"key": "c", "part": "in_area"})])


def test_a_cluster_in_two_localities_takes_the_smaller_key_on_both_engines(request):
    """representation and decision_power name one locality for a body whose cluster is in
    several: the one with the smallest key (head() of an unordered list differed by engine)."""
    stores = {b: holder(request, b) for b in BACKENDS}
    g = {"nodes": [("LocalAuthority", "la", {"name": "LA", "code": "999"}),
                   ("Locality", "loc-b", {"name": "Bravo"}), ("Locality", "loc-a", {"name": "Alpha"}),
                   ("Cluster", "c", {"name": "C"}),
                   ("Partnership", "p", {"name": "P", "status": "active",
                                         "decision_rights": "binding"}),
                   ("Person", "x", {"name": "X"})],
         "edges": [("PART_OF", "loc-b", "la", {}), ("PART_OF", "loc-a", "la", {}),
                   ("PART_OF", "c", "loc-b", {}), ("PART_OF", "c", "loc-a", {}),
                   ("IN_AREA", "p", "c", {}),
                   ("MEMBER_OF", "x", "p", {"role": "chair", "constituency": "headteacher",
                                            "voting": True, "attendance": "member"})]}
    for b, h in stores.items():
        h.state = "unknown"
        write(h.graph, g)
        for name in ("representation", "decision_power"):
            rows = Q.run(h.graph, name, {"la": "la", "as_of": None})
            assert [r["locality"] for r in rows] == ["Alpha"], (b, name, rows)
