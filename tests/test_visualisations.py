"""The visual layer: networks, split view, maps, figures, exports, the areas loader, the CLI.

Store-backed tests run on both backends (fixtures from conftest). The pages themselves are
opened in headless Chromium by test_browser_pages.py; exports are checked by test_exports.py.
"""
from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from PIL import Image

from analysis.measures import group_votes
from graphmodel import default_model
from graphmodel import queries as Q
from loaders.areas import load_areas, parse_areas
from loaders.cases import load_files
from loaders.errors import LoadError
from visualisations import export, figures, maps, network, style

from conftest import BACKENDS

XSS_IMG = "<img src=x onerror=\"document.title='PWNED'\">"
XSS_SCRIPT = "<script>window.PWNED=1</script>"
VIZ_QUERIES = sorted(n for n in Q.library() if n.startswith("viz_"))

# A small authority written by the tests: LA 919 with schools keyed by URN, on the grid.
TESTSHIRE = f"""
case: testshire
title: Testshire (synthetic, for tests)
source: tests
nodes:
  - {{key: "919", label: LocalAuthority, name: Testshire, code: "919", source_ref: la}}
  - {{key: "100001", label: School, name: Alpha Primary, urn: 100001, la_code: "919", phase: Primary, easting: 510000, northing: 210000, source_ref: s1}}
  - {{key: "100002", label: School, name: Beta Primary, urn: 100002, la_code: "919", phase: Primary, easting: 512000, northing: 211000, source_ref: s2}}
  - {{key: "100003", label: School, name: {json.dumps(XSS_IMG)}, urn: 100003, la_code: "919", phase: Secondary, easting: 511000, northing: 213000, source_ref: s3}}
  - {{key: "100004", label: School, name: "Delta ${{alert(1)}} `x`", urn: 100004, la_code: "919", phase: Secondary, easting: 520000, northing: 220000, source_ref: s4}}
  - {{key: "100005", label: School, name: Echo Academy, urn: 100005, la_code: "919", phase: Primary, easting: 522000, northing: 221500, source_ref: s5}}
  - {{key: "100006", label: School, name: Foxtrot Infants, urn: 100006, la_code: "919", phase: Primary, source_ref: s6}}
  - {{key: "919/trust/a", label: Trust, name: {json.dumps(XSS_SCRIPT + " Trust")}, status: active, source_ref: t}}
  - {{key: "919/jc", label: JointCommittee, name: Testshire joint committee, status: active, source_ref: jc}}
  - {{key: "919/jc/head-1", label: Person, kind: seat, name: Head 1, source_ref: p}}
  - {{key: "919/jc/head-2", label: Person, kind: seat, name: Head 2, source_ref: p}}
  - {{key: "919/jc/head-3", label: Person, kind: seat, name: Head 3, source_ref: p}}
  - {{key: "919/jc/officer", label: Person, kind: seat, name: Officer, source_ref: p}}
  - {{key: "919/jc/gov", label: Person, kind: person, name: {json.dumps(XSS_IMG)}, source_ref: "para <b>7</b>"}}
  - {{key: "919/jc/observer", label: Person, kind: seat, name: Observer, source_ref: p}}
relationships:
  - {{type: IN_AREA, from: "919/jc", to: "919", source_ref: r}}
  - {{type: MEMBER_INSTITUTION, from: "100004", to: "919/trust/a", participation: required, source_ref: r}}
  - {{type: MEMBER_INSTITUTION, from: "100005", to: "919/trust/a", participation: required, source_ref: r}}
  - {{type: MEMBER_OF, from: "919/jc/head-1", to: "919/jc", role: headteacher, constituency: headteacher, voting: true, attendance: member, source_ref: r}}
  - {{type: MEMBER_OF, from: "919/jc/head-2", to: "919/jc", role: headteacher, constituency: headteacher, voting: true, attendance: member, source_ref: r}}
  - {{type: MEMBER_OF, from: "919/jc/head-3", to: "919/jc", role: headteacher, constituency: headteacher, voting: true, attendance: member, source_ref: r}}
  - {{type: MEMBER_OF, from: "919/jc/officer", to: "919/jc", role: officer, constituency: officer, voting: true, attendance: member, source_ref: r}}
  - {{type: MEMBER_OF, from: "919/jc/gov", to: "919/jc", role: {json.dumps("governor " + XSS_SCRIPT)}, constituency: governor, voting: true, attendance: member, source_ref: r}}
  - {{type: MEMBER_OF, from: "919/jc/observer", to: "919/jc", role: observer, constituency: agency, voting: false, attendance: attends_without_membership, source_ref: r}}
  - {{type: ACCOUNTABLE_TO, from: "919/jc", to: "919", basis: resource, perceived: true, source_ref: r}}
  - {{type: ACCOUNTABLE_TO, from: "919/jc", to: "919", basis: legal, perceived: false, source_ref: r}}
  - {{type: DELEGATES_TO, from: "919", to: "919/jc", powers: [admissions, "<i>budget</i>"], source_ref: r}}
"""
AREAS = [("URN", "Cluster", "Locality"), ("100001", "North", "West"), ("100002", "North", "West"),
         ("100003", XSS_IMG, "West"), ("100004", "East", "East side"),
         ("100005", "East", "East side"), ("100006", "East", "East side")]


def write_csv(path: Path, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.fixture
def testshire(empty_graph, tmp_path):
    """Testshire on each backend: the case file, then its clusters and localities."""
    (tmp_path / "testshire.yaml").write_text(TESTSHIRE, encoding="utf-8")
    load_files(empty_graph, [tmp_path / "testshire.yaml"])
    load_areas(empty_graph, write_csv(tmp_path / "areas.csv", AREAS), "919")
    return empty_graph


def edges_of(g, rel, a_label, b_label):
    return sorted((r["a"], r["b"]) for r in g.read(
        f"MATCH (a:{a_label})-[:{rel}]->(b:{b_label}) RETURN a.key AS a, b.key AS b"))


# -- style and the named queries ------------------------------------------------------------
def test_every_schema_label_relationship_and_constituency_has_a_style():
    m = default_model()
    assert set(m.labels) <= set(style.NODE_STYLE)
    kinds = {k.split(":")[0] for k in style.EDGE_STYLE}
    assert set(m.relationships) <= kinds
    assert set(m.enums["constituency"]) == set(style.CONSTITUENCY_COLOUR)
    for basis in m.enums["accountability_basis"]:
        assert f"ACCOUNTABLE_TO:{basis}" in style.EDGE_STYLE
    legal, resource = style.EDGE_STYLE["ACCOUNTABLE_TO:legal"], style.EDGE_STYLE["ACCOUNTABLE_TO:resource"]
    assert legal.colour != resource.colour and legal.dashes != resource.dashes
    gov = style.hex_to_rgb(style.CONSTITUENCY_COLOUR["governor"])
    for c in style.PROFESSIONAL:  # professionals warm (red > blue), governors clearly blue
        r, _, b = style.hex_to_rgb(style.CONSTITUENCY_COLOUR[c])
        assert r > b
    assert gov[2] > gov[0] + 100


@pytest.mark.parametrize("name", VIZ_QUERIES)
def test_viz_query_headers_and_schema_names(name):
    q = Q.get(name)
    assert q.filename == f"{name}.cypher" and q.question.endswith("?")
    assert {p.name for p in q.params} == q.body_params() - {p.name for p in Q.STANDARD}
    m = default_model()
    body = re.sub(r"'[^']*'", "''", re.sub(r"//[^\n]*", "", q.text))
    for label in re.findall(r"[(\s]\w*:([A-Z][A-Za-z]+)", body):
        assert m.is_label_or_family(label), f"{name}: unknown label {label}"
    for rel in re.findall(r"\[\w*:([A-Z_]+)", body):
        assert rel in m.relationships, f"{name}: unknown relationship {rel}"
    for prop in re.findall(r"\b[a-z]\w*\.([a-z_]+)\b", body):
        known = {p for l in m.labels.values() for p in l.properties} | \
                {p for r in m.relationships.values() for p in r.properties} | {"key"}
        assert prop in known, f"{name}: unknown property {prop}"


def viz_params(name):
    return {"viz_authority": {"la": "919"}, "viz_nodes": {"keys": ["919", "100001", "919/jc"]},
            "viz_edges": {"keys": ["919", "919/jc", "919/jc/gov", "100001", "919/cluster/north"]},
            "viz_neighbours": {"keys": ["919/jc"]}, "viz_body_members": {"body": "919/jc"},
            "viz_map_schools": {"la": "919"}, "viz_map_coverage": {"la": "919"},
            "viz_map_school_bodies": {"keys": ["100001", "100004", "100005", "nowhere"]},
            "viz_node_page": {"after": "100002", "limit": 3},
            "viz_edge_page": {"after": "", "last": "919/jc/gov"},
            "viz_edges_from": {"keys": ["919/jc", "919/jc/gov"], "within": None}}.get(name, {})


@pytest.mark.parametrize("name", VIZ_QUERIES)
def test_viz_queries_return_their_columns(testshire, name):
    rows = Q.run(testshire, name, viz_params(name))
    assert rows and set(rows[0]) == set(Q.get(name).returns)


def test_viz_queries_same_rows_on_both_backends(request, tmp_path):
    from conftest import holder

    out = {}
    for b in BACKENDS:
        g = holder(request, b).graph
        g.clear()
        holder(request, b).state = "testshire"
        (tmp_path / "t.yaml").write_text(TESTSHIRE, encoding="utf-8")
        load_files(g, [tmp_path / "t.yaml"])
        load_areas(g, write_csv(tmp_path / "a.csv", AREAS), "919")
        out[b] = {n: sorted(json.dumps(r, sort_keys=True, default=str)
                            for r in Q.run(g, n, viz_params(n))) for n in VIZ_QUERIES}
    for n in VIZ_QUERIES:
        assert out["falkordb"][n] == out["neo4j"][n], n


# -- the areas loader -----------------------------------------------------------------------
def test_areas_build_clusters_localities_and_links(testshire):
    g = testshire
    assert edges_of(g, "PART_OF", "Cluster", "Locality") == [
        ("919/cluster/east", "919/locality/east-side"), ("919/cluster/img-src-x-onerror-document-title-pwned", "919/locality/west"),
        ("919/cluster/north", "919/locality/west")]
    assert edges_of(g, "PART_OF", "Locality", "LocalAuthority") == [
        ("919/locality/east-side", "919"), ("919/locality/west", "919")]
    assert ("100001", "919/cluster/north") in edges_of(g, "IN_AREA", "School", "Cluster")
    assert len(edges_of(g, "IN_AREA", "School", "Cluster")) == 6
    tier = g.read("MATCH (c:Cluster {key: '919/cluster/north'}) RETURN c.tier AS t, c.name AS n, "
                  "c.source AS s")
    assert tier == [{"t": "neighbourhood", "n": "North", "s": "areas.csv"}]


def test_areas_reload_is_idempotent_and_moves_schools(testshire, tmp_path):
    g = testshire
    before = g.counts()
    load_areas(g, tmp_path / "areas.csv", "919")
    assert g.counts() == before
    moved = [AREAS[0], ("100001", "East", "East side"), *AREAS[2:]]
    load_areas(g, write_csv(tmp_path / "moved.csv", moved), "919")
    assert [b for a, b in edges_of(g, "IN_AREA", "School", "Cluster") if a == "100001"] == \
        ["919/cluster/east"]
    no_locality = [("URN", "Cluster", "Locality"), ("100002", "North", "")]
    load_areas(g, write_csv(tmp_path / "nl.csv", no_locality), "919")
    assert edges_of(g, "PART_OF", "Cluster", "LocalAuthority") == [("919/cluster/north", "919")]
    assert ("919/cluster/north", "919/locality/west") not in edges_of(g, "PART_OF", "Cluster",
                                                                      "Locality")


def test_areas_unknown_urns_reported_by_row_and_nothing_written(testshire, tmp_path):
    g = testshire
    before = g.counts()
    rows = [("URN", "Cluster", "Locality"), ("100001", "Brand new", "Elsewhere"),
            ("999998", "North", "West"), ("999999.0", "North", "West")]
    with pytest.raises(LoadError) as e:
        load_areas(g, write_csv(tmp_path / "bad.csv", rows), "919")
    text = str(e.value)
    assert "bad.csv:row 2: URN: unknown URN 999998" in text
    assert "bad.csv:row 3: URN: unknown URN 999999" in text
    assert g.counts() == before  # the valid first row was not written either


def test_areas_file_problems(tmp_path):
    with pytest.raises(LoadError, match="no column 'Cluster'"):
        parse_areas(write_csv(tmp_path / "a.csv", [("URN", "Locality"), ("1", "x")]), "919")
    with pytest.raises(LoadError, match="DfE 3-digit code"):
        parse_areas(write_csv(tmp_path / "b.csv", AREAS), "Testshire")
    rows = [("URN", "Cluster", "Locality"), ("1", "North", "West"), ("2", "North", "East"),
            ("x3", "North", "West"), ("1", "South", "West")]
    with pytest.raises(LoadError) as e:
        parse_areas(write_csv(tmp_path / "c.csv", rows), "919")
    text = str(e.value)
    assert "row 2: Locality: cluster 'North' is in locality 'West' at row 1" in text
    assert "row 3: URN: URN must be a whole number" in text
    assert "row 4: URN: URN 1 is also assigned at row 1" in text
    cp = tmp_path / "d.csv"
    cp.write_bytes("URN,Cluster,Locality\n5,Caf\xe9 cluster,\n".encode("cp1252"))
    plan = parse_areas(cp, "919")
    assert plan["clusters"]["919/cluster/caf-cluster"]["name"] == "Caf\xe9 cluster"


def test_areas_need_the_authority(empty_graph, tmp_path):
    with pytest.raises(LoadError, match="no LocalAuthority with key '919'"):
        load_areas(empty_graph, write_csv(tmp_path / "a.csv", AREAS), "919")


# -- network views --------------------------------------------------------------------------
def test_authority_view_draws_the_authority_with_styles(testshire, tmp_path):
    v = network.authority_view(testshire, "Testshire")
    ids = {n["id"] for n in v.nodes}
    assert {"919", "919/jc", "919/jc/gov", "100001", "100006", "919/trust/a",
            "919/cluster/north", "919/locality/west"} <= ids
    by_id = {n["id"]: n for n in v.nodes}
    assert by_id["919/jc/gov"]["color"]["background"] == style.CONSTITUENCY_COLOUR["governor"]
    assert by_id["919/jc/head-1"]["color"]["background"] == style.CONSTITUENCY_COLOUR["headteacher"]
    assert by_id["919"]["shape"] == style.NODE_STYLE["LocalAuthority"].shape
    kinds = {e["kind"]: e for e in v.edges}
    assert {"MEMBER_OF:voting", "MEMBER_OF:attends", "ACCOUNTABLE_TO:legal",
            "ACCOUNTABLE_TO:resource", "DELEGATES_TO", "PART_OF", "IN_AREA"} <= set(kinds)
    assert kinds["MEMBER_OF:voting"]["width"] > style.EDGE_STYLE["MEMBER_OF:non_voting"].width
    assert kinds["MEMBER_OF:attends"]["dashes"]
    assert kinds["DELEGATES_TO"]["arrows"]["to"]["enabled"]
    assert ["powers", "admissions, <i>budget</i>"] in kinds["DELEGATES_TO"]["info"]
    gov_tip = dict(map(tuple, by_id["919/jc/gov"]["info"]))
    assert gov_tip["source"] == "tests" and gov_tip["source_ref"] == "para <b>7</b>"
    pair = [e for e in v.edges if {e["from"], e["to"]} == {"919/jc", "919"}]
    bends = sorted((e["smooth"]["type"], e["smooth"]["roundness"]) for e in pair if "smooth" in e)
    assert len(pair) == 4 and len(bends) == 3 and len(set(bends)) == 3  # bent apart
    assert v.physics is True
    with pytest.raises(ValueError, match="no authority 'Nowhere'"):
        network.authority_view(testshire, "Nowhere")


def test_page_is_self_contained_and_data_is_inert(testshire, tmp_path):
    page = network.render(network.authority_view(testshire, "919"), tmp_path / "la.html")
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text, re.I)
    assert not re.search(r"<link[^>]+href=", text, re.I)
    assert not re.search(r"https?://[^\s\"')]*\.(js|css)\b", text)
    assert "vis.Network" in text and len(text) > 400_000  # vis-network itself is inline
    assert "<img src=x" not in text and "<script>window.PWNED" not in text
    assert "\\u003cimg src=x onerror" in text


def test_neighbourhood_depth_and_hubs(testshire):
    keys0, _ = export.neighbourhood_keys(testshire, "919/jc", 0)
    assert keys0 == ["919/jc"]
    keys1, cut = export.neighbourhood_keys(testshire, "919/jc", 1)
    assert {"919", "919/jc/gov", "919/jc/observer"} <= set(keys1) and not cut
    keys3, _ = export.neighbourhood_keys(testshire, "919/jc", 3)
    assert "100001" not in keys3  # reached only through the authority, a hub: not walked
    keys, cut = export.neighbourhood_keys(testshire, "919/jc", 2, max_nodes=3)
    assert cut and len(keys) == 3
    v = network.neighbourhood_view(testshire, "919/jc/gov", 2, "memberships")
    assert {"919/jc", "919/jc/head-1"} <= {n["id"] for n in v.nodes}
    with pytest.raises(ValueError, match="no node with key"):
        export.neighbourhood_keys(testshire, "nope", 1)


def test_split_view_counts_agree_with_representation(corpus_graph):
    rows = [r for r in Q.run(corpus_graph, "representation", {"la": None})
            if r["voting"] and r["governors_voting"] and 2 * r["governors_voting"] < r["voting"]]
    assert rows, "the corpus should hold a body where governors are a voting minority"
    r = rows[0]
    v = network.split_view(corpus_graph, r["body_key"])
    bars = {b["text"].split(":")[0]: b["value"] for b in v.panel["bars"]}
    assert bars["Governors"] == r["governors_voting"]
    assert bars["Professionals"] == group_votes(r)["professional"]
    assert v.panel["verdict"] == "Governors are a minority of the voting members."
    people = [n for n in v.nodes if n["kind"] == "Person"]
    assert len(people) == r["voting"]
    gx = [n["x"] for n in people if n["constituency"] == "governor"]
    px = [n["x"] for n in people if style.constituency_group(n["constituency"]) == "professional"]
    assert max(px) < min(gx)  # two camps, drawn apart


def test_large_views_are_laid_out_by_networkx():
    G = synthetic_authority(620)
    for i in range(40):  # register schools in no cluster: unconnected
        G.add_node(f"lone{i}", node_label="School", name=f"Lone {i}")
    v = network.view_from_graph(G, "big", "")
    assert v.physics is False and len(v.nodes) == G.number_of_nodes() >= 660
    assert all(isinstance(n["x"], float) and math.isfinite(n["y"]) for n in v.nodes)
    xy = [(n["x"], n["y"]) for n in v.nodes]
    closest = min(math.dist(a, b) for i, a in enumerate(xy) for b in xy[i + 1:])
    assert closest > 5  # no two nodes on top of each other
    groups = {g["id"]: g for g in v.groups}  # schools folded into their clusters, or ungrouped
    assert sorted(groups["ungrouped"]["members"]) == sorted(f"lone{i}" for i in range(40))
    assert groups["c3"]["count"] == 4 and set(groups["c3"]["members"]) == {
        f"c3/s{j}" for j in range(4)}
    pos = {n["id"]: (n["x"], n["y"]) for n in v.nodes}
    lone = [pos[f"lone{i}"] for i in range(40)]  # the ungrouped sit together, round one place
    gx, gy = groups["ungrouped"]["x"], groups["ungrouped"]["y"]
    assert max(math.dist(p, (gx, gy)) for p in lone) < min(
        math.dist(pos[f"c{i}/s0"], (gx, gy)) for i in range(5))
    members = [k for k in G if k.startswith("c3/p")]  # a body's seats sit round their body
    assert max(math.dist(pos[m], pos["c3/body"]) for m in members) < \
        min(math.dist(pos[m], pos["c9/body"]) for m in members)
    assert network.vis_options(v)["physics"] == {"enabled": False}
    small = network.view_from_graph(synthetic_authority(40), "small", "")
    assert small.physics and network.vis_options(small)["physics"]["enabled"]


def synthetic_authority(n: int) -> nx.MultiDiGraph:
    """An authority-shaped graph of about n nodes (also used by the benchmark)."""
    G = nx.MultiDiGraph()
    G.add_node("la", node_label="LocalAuthority", name="Synthshire")
    i = 0
    while G.number_of_nodes() < n:
        c = f"c{i}"
        G.add_node(c, node_label="Cluster", name=f"Cluster {i}", tier="neighbourhood")
        G.add_edge(c, "la", key=f"p{i}", rel_type="PART_OF")
        body = f"{c}/body"
        G.add_node(body, node_label="Partnership", name=f"Partnership {i}", status="active")
        G.add_edge(body, c, key=f"a{i}", rel_type="IN_AREA")
        G.add_edge(body, "la", key=f"r{i}", rel_type="ACCOUNTABLE_TO", basis="resource")
        for j in range(4):
            s, p = f"{c}/s{j}", f"{c}/p{j}"
            G.add_node(s, node_label="School", name=f"School {i}.{j}")
            G.add_edge(s, c, key=f"i{i}.{j}", rel_type="IN_AREA")
            G.add_node(p, node_label="Person", name=f"Member {i}.{j}", kind="seat")
            G.add_edge(p, body, key=f"m{i}.{j}", rel_type="MEMBER_OF", voting=True,
                       attendance="member", constituency="governor" if j == 0 else "headteacher")
        i += 1
    return G


# -- maps -----------------------------------------------------------------------------------
def test_grid_to_wgs84_and_hulls():
    lon, lat = maps._BNG_TO_WGS84.transform(530000, 180000)  # central London
    assert abs(lat - 51.50) < 0.02 and abs(lon + 0.13) < 0.02
    assert maps.convex_hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2), (1, 0.5)]) == \
        [(0, 0), (2, 0), (2, 2), (0, 2)]
    ring = maps.buffered_hull([(510000, 210000)])
    assert len(ring) == 8  # one school still gets an area


def test_map_page_has_no_remote_script_and_escapes(testshire, tmp_path):
    res = maps.render_map(testshire, "919", tmp_path / "m.html", "cluster")
    assert (res.drawn, res.missing, res.categories) == (5, 1, 3)
    text = res.path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text, re.I)
    assert not re.search(r"<link[^>]+href=", text, re.I)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", text, re.I)
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in text  # tiles: the one remote
    assert "<img src=x" not in text
    assert '"Delta ${alert(1)} `x`"' in text  # inside a JSON string, never a `template`
    assert "$(`" not in text  # none of folium's popups that paste HTML into JS templates
    assert "L.map" in text and "govgraphPoints" in text
    trust = maps.render_map(testshire, "919", tmp_path / "t.html", "trust")
    assert trust.categories == 1
    with pytest.raises(ValueError, match="--colour"):
        maps.build_map(testshire, "919", "phase")
    with pytest.raises(ValueError, match="no authority 'nowhere'"):
        maps.build_map(testshire, "nowhere")
    from graphmodel.writer import write_nodes

    write_nodes(testshire, {"LocalAuthority": [{"key": "921", "props": {
        "name": "Unplaced", "code": "921", "source": "t", "source_ref": "x"}}],
        "School": [{"key": "200001", "props": {"name": "No grid", "urn": 200001,
                                               "la_code": "921", "source": "t"}}]})
    with pytest.raises(ValueError) as e:  # at once, before any map is built
        maps.render_map(testshire, "921", tmp_path / "u.html")
    assert "no school of Unplaced (921) has grid coordinates (1 school(s) without)" in str(e.value)
    assert "Easting and Northing" in str(e.value) and "edubasealldata" in str(e.value)
    assert not (tmp_path / "u.html").exists()


# -- figures and exports --------------------------------------------------------------------
def colour_pixels(png: Path, colour: str, tol: int = 10) -> int:
    target = style.hex_to_rgb(colour)
    img = Image.open(png).convert("RGB")
    return sum(n for n, px in img.getcolors(img.width * img.height)
               if all(abs(a - b) <= tol for a, b in zip(px, target)))


def test_representation_figure(testshire, tmp_path):
    path, bodies = figures.representation_figure(testshire, "919", tmp_path / "r.png")
    assert bodies == 1
    heads = colour_pixels(path, style.CONSTITUENCY_COLOUR["headteacher"], 2)
    govs = colour_pixels(path, style.CONSTITUENCY_COLOUR["governor"], 2)
    assert heads > 1000 and govs > 300 and 2.2 < heads / govs < 4.0  # 3 heads to 1 governor
    svg, _ = figures.representation_figure(testshire, "Testshire", tmp_path / "r.svg")
    assert "<svg" in svg.read_text()[:500]
    with pytest.raises(ValueError, match="must end in .png, .svg, .pdf"):
        figures.representation_figure(testshire, "919", tmp_path / "r.gif")


# -- command line ---------------------------------------------------------------------------
@pytest.fixture
def cli(cli_env):
    from govgraph import cli as C

    runner = CliRunner()

    def run(*args):
        return runner.invoke(C.main, list(args), catch_exceptions=False)
    return run


def test_cli_end_to_end(cli, cli_env):
    d = cli_env
    (d / "t.yaml").write_text(TESTSHIRE, encoding="utf-8")
    write_csv(d / "areas.csv", AREAS)
    assert cli("load", "cases", str(d / "t.yaml")).exit_code == 0
    r = cli("load", "areas", str(d / "areas.csv"), "--la", "919")
    assert r.exit_code == 0 and "6 schools in 3 clusters and 2 localities of 919" in r.output
    r = cli("viz", "--la", "919", "-o", str(d / "la.html"))
    assert r.exit_code == 0 and (d / "la.html").stat().st_size > 400_000
    r = cli("viz", "--body", "919/jc", "--split", "-o", str(d / "split.html"))
    assert "Governors hold 1 of 5 votes (20%)" in r.output and "minority" in r.output
    assert cli("viz", "--person", "919/jc/gov", "-o", str(d / "p.html")).exit_code == 0
    assert cli("viz", "--body", "919/jc", "--depth", "2", "-o", str(d / "b.html")).exit_code == 0
    r = cli("map", "--la", "919", "--colour", "locality", "-o", str(d / "m.html"))
    assert r.exit_code == 0 and "5 schools in 2 locality groups" in r.output
    assert cli("figure", "representation", "--la", "919", "-o", str(d / "f.png")).exit_code == 0
    r = cli("export", "--format", "csv", "-o", str(d / "out"))
    assert r.exit_code == 0 and (d / "out" / "edges.csv").exists()
    bad = [("URN", "Cluster", "Locality"), ("424242", "North", "West")]
    r = cli("load", "areas", str(write_csv(d / "bad.csv", bad)), "--la", "919")
    assert r.exit_code == 1 and "row 1: URN: unknown URN 424242" in r.output
    r = cli("viz", "--la", "919", "--body", "919/jc", "-o", str(d / "x.html"))
    assert r.exit_code == 2 and "exactly one of" in r.output
    r = cli("viz", "--la", "919", "--depth", "2", "-o", str(d / "x.html"))
    assert r.exit_code == 2 and "--depth goes with" in r.output
    r = cli("viz", "--la", "Atlantis", "-o", str(d / "x.html"))
    assert r.exit_code == 1 and "Traceback" not in r.output and "Atlantis" in r.output
    assert not (d / "x.html").exists()


def test_report_figure_draws_margins_as_error_bars(corpus_graph, tmp_path):
    """An estimated score (brokers on a large network) is drawn with its margin, not as a bare
    bar; a report without margins draws none."""
    from analysis.reports import Report
    from visualisations import report_figures

    rows = [{"node": "a", "betweenness": 0.5, "margin": 0.1},
            {"node": "b", "betweenness": 0.3, "margin": 0.2}]
    drawn = {}
    for cols in (["node", "betweenness", "margin"], ["node", "betweenness"]):
        path, _ = report_figures.report_figure(corpus_graph, Report("Q?", cols, rows),
                                               tmp_path / f"{len(cols)}.svg")
        drawn[len(cols)] = path.read_text(encoding="utf-8").count('id="LineCollection_')
    assert drawn == {3: 1, 2: 0}


def test_report_figures_titled_and_captioned(corpus_graph, tmp_path):
    from visualisations import report_figures
    from analysis import compare, reports

    for name, fmt in (("gaps", ".svg"), ("tiers", ".pdf"), ("compare", ".png")):
        rep = (compare.compare if name == "compare" else getattr(reports, name))(corpus_graph)
        path, n = report_figures.report_figure(corpus_graph, rep, tmp_path / f"{name}{fmt}")
        assert n == min(len(rep.rows), report_figures.MAX_ROWS) > 0
        data = path.read_bytes()
        assert data[:4] in (b"%PDF", b"\x89PNG", b"<?xm")
        if fmt == ".svg":  # the question and the caption are in the figure, as text
            text = data.decode()
            assert "Sources:" in text and "Evidence of the" in text
    with pytest.raises(ValueError, match="must end in"):
        report_figures.report_figure(corpus_graph, rep, tmp_path / "x.gif")
    with pytest.raises(ValueError, match="does not exist"):
        report_figures.report_figure(corpus_graph, rep, tmp_path / "nope" / "x.png")
    assert list(tmp_path.glob(".*part*")) == []
