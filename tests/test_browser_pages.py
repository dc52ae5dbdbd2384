"""The pages as a person sees them, in headless Chromium driven by Playwright (tests/browser.py).

Each page must draw what the view holds, run no script that comes from data, load nothing
remote (map tiles excepted), and stay readable: an authority of register size opens on its
groups, a search finds and expands a trust, and no two drawn labels overlap. Waits are on the
page's own ready flags or on conditions, never fixed sleeps.
"""
from __future__ import annotations

import json

import networkx as nx
from PIL import Image

from visualisations import maps, network, style

from test_visualisations import XSS_IMG, colour_pixels, synthetic_authority, testshire  # noqa: F401
import browser as B

READY = "window.govgraph && window.govgraph.stabilised"


def assert_no_script_from_data(page):
    assert page.evaluate("window.__titleSets") == []
    assert page.evaluate("document.title") != "PWNED"
    assert page.evaluate("typeof window.PWNED") == "undefined"
    assert page.evaluate("window.__alerts") == []
    assert page.gg_errors == []


def node_xy(page, key):
    """The node's centre in page coordinates."""
    return page.evaluate("""(id) => { var n = govgraph.network, p = n.canvasToDOM(
        n.getPositions([id])[id]), r = document.getElementById('net').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", key)


def worst_label_overlap(boxes) -> float:
    """The largest share of a label's box covered by another label's box (0 = none touch)."""
    worst = 0.0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if w > 0 and h > 0:
                worst = max(worst, w * h / min(a["w"] * a["h"], b["w"] * b["h"]))
    return worst


# -- a register-size authority ---------------------------------------------------------------
def register_authority(schools: int = 258, trusts: int = 40, seed: int = 7) -> nx.MultiDiGraph:
    """An authority shaped like Hertfordshire after the 2022 register (about 385 nodes, 890
    relationships): schools in multi- and single-academy trusts, federations, localities,
    partnership bodies with members, and the links the register adds."""
    import random

    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    G.add_node("919", node_label="LocalAuthority", name="Registershire", code="919")
    locs = [f"919/locality/{i}" for i in range(6)]
    for i, l in enumerate(locs):
        G.add_node(l, node_label="Locality", name=f"District {i}", tier="locality")
        G.add_edge(l, "919", rel_type="PART_OF")
        body = f"{l}/board"
        G.add_node(body, node_label="Partnership", name=f"District {i} partnership board",
                   tier="locality", decision_rights=("binding", "advisory", None)[i % 3],
                   formality="constituted", status="active", evidence="documented",
                   source="fixture", source_ref=f"board {i}")
        G.add_edge(body, l, rel_type="IN_AREA")
        G.add_edge(body, "919", rel_type="ACCOUNTABLE_TO", basis="resource")
        for j in range(3):
            p = f"{body}/m{j}"
            G.add_node(p, node_label="Person", name=f"Member {i}.{j}", kind="seat")
            G.add_edge(p, body, rel_type="MEMBER_OF", voting=True, attendance="member",
                       constituency=("headteacher", "governor", "officer")[j], role="member")
    groups = []
    for t in range(trusts):
        key = f"group/{1000 + t}"
        label = "FederatedGoverningBody" if t % 9 == 0 else "Trust"
        G.add_node(key, node_label=label, name=f"{'Federation' if label != 'Trust' else 'Trust'} "
                   f"{chr(65 + t % 26)}{t} Learning", decision_rights="binding",
                   formality="company" if label == "Trust" else "statutory", status="active",
                   evidence="documented")
        G.add_edge(key, "919", rel_type="IN_AREA")
        groups.append(key)
    for s in range(schools):
        key = str(110000 + s)
        G.add_node(key, node_label="School", name=f"School {s} Primary", urn=110000 + s,
                   la_code="919", evidence="documented")
        G.add_edge(key, rnd.choice(locs), rel_type="IN_AREA")
        if s < 200:
            g = groups[s % trusts] if s % 5 else groups[rnd.randrange(trusts)]
            G.add_edge(key, g, rel_type="MEMBER_INSTITUTION", participation="required")
            G.add_edge(g, key, rel_type="GOVERNS")
        else:  # a maintained school: its own governing body
            G.add_node(f"{key}/gb", node_label="GoverningBody", name=f"School {s} governing body",
                       decision_rights="binding", formality="statutory", status="active")
            G.add_edge(f"{key}/gb", key, rel_type="GOVERNS")
        if s % 4 == 0 and s:
            G.add_edge(key, str(110000 + s - 1), rel_type="LINKED_TO")
    return G


def test_register_size_page_opens_on_groups_and_finds_a_trust(chromium, tmp_path):
    G = register_authority()
    assert 370 <= G.number_of_nodes() <= 400 and G.number_of_edges() >= 850
    view = network.view_from_graph(G, "Registershire", "register-size fixture")
    assert view.groups and not view.physics
    path = network.render(view, tmp_path / "big.html")
    page = B.open_page(chromium, path, READY)
    shown = page.evaluate("govgraph.network.body.nodeIndices.length")
    assert shown < 90, f"{shown} nodes shown at first: not an overview"
    labels = page.evaluate("govgraph.labels")
    assert len(labels) >= 15 and worst_label_overlap(labels) <= 0.02
    page.screenshot(path=str(tmp_path / "overview.png"))

    # Find a trust by typing its name, as a person would; its group opens around it.
    trust = "group/1003"
    name = G.nodes[trust]["name"]
    page.fill("#search", name)
    page.press("#search", "Enter")
    page.wait_for_function("(id) => govgraph.network.getSelectedNodes()[0] === id", arg=trust)
    members = [s for s, t, d in G.in_edges(trust, data=True) if d["rel_type"] ==
               "MEMBER_INSTITUTION"]
    for m in members:
        assert page.evaluate("(id) => govgraph.network.findNode(id).length", m) == 1, m
    details = page.evaluate("document.getElementById('details').textContent")
    assert name in details and "evidence" in details and "documented" in details
    assert "decision_rights" in details and "binding" in details
    shot = tmp_path / "found.png"
    page.screenshot(path=str(shot))
    labels = page.evaluate("govgraph.labels")
    assert worst_label_overlap(labels) <= 0.02, "labels overlap: a hairball"
    assert any(b["id"] == trust for b in labels), "the found trust is labelled"
    drawn_members = [b for b in labels if b["id"] in members]
    assert drawn_members, "the expanded trust's schools are labelled at this zoom"
    img = Image.open(shot).convert("RGB")
    assert len(img.getcolors(1 << 24)) > 50
    assert colour_pixels(shot, style.NODE_STYLE["School"].colour, 3) > 100

    # Clicking another group expands it; filters hide a body kind.
    other = next(g for g in view.groups if g["hub"] not in (None, trust))
    cid = "group:" + other["id"]
    page.evaluate("govgraph.network.fit({animation:false})")
    x, y = node_xy(page, cid)
    page.mouse.click(x, y)
    page.wait_for_function("(id) => !govgraph.network.isCluster(id)", arg=cid)
    page.evaluate("document.querySelector('details.facet:nth-of-type(3)').open = true")
    page.click("input[data-facet='kind'][data-value='Partnership']")
    assert page.evaluate("govgraph.nodes.get({filter: function(n){return n.kind==='Partnership'"
                         " && !n.hidden}}).length") == 0
    assert page.gg_errors == []


def test_encodings_are_distinguishable_in_a_screenshot(chromium, tmp_path):
    """Binding, advisory and unresolved bodies; documented, inferred and illustrative nodes."""
    G = nx.MultiDiGraph()
    for i, rights in enumerate(("binding", "advisory", None)):
        G.add_node(f"b{i}", node_label="Partnership", name=f"Body {rights}", status="active",
                   decision_rights=rights, formality="constituted")
    for i, grade in enumerate(("documented", "inferred", "illustrative")):
        G.add_node(f"s{i}", node_label="Trust", name=f"Trust {grade}", evidence=grade,
                   decision_rights="binding", formality="company")
    view = network.view_from_graph(G, "Encodings", "", grouped=False)
    for n in view.nodes:  # a fixed row, large, so that each one's pixels can be cut out
        i = int(n["id"][1])
        n.update(x=i * 260.0, y=0.0 if n["id"][0] == "b" else 260.0, size=60)
    view.physics = False
    page = B.open_page(chromium, network.render(view, tmp_path / "enc.html"), READY)
    shot = tmp_path / "enc.png"
    page.screenshot(path=str(shot))
    img = Image.open(shot).convert("RGB")

    def patch(key, r=75):
        x, y = node_xy(page, key)
        return img.crop((int(x - r), int(y - r), int(x + r), int(y + r)))

    def count(im, colour, tol=40):
        t = style.hex_to_rgb(colour)
        return sum(n for n, px in im.getcolors(1 << 20)
                   if all(abs(a - b) <= tol for a, b in zip(px, t)))

    black, grey, orange = (style.DECISION_BORDER[k].colour for k in ("binding", "advisory", None))
    b, a, u = patch("b0"), patch("b1"), patch("b2")
    assert count(b, black) > 2 * max(count(a, black), count(u, black), 50)
    assert count(a, grey, 20) > 2 * max(count(b, grey, 20), count(u, grey, 20), 20)
    assert count(u, orange) > 2 * max(count(b, orange), count(a, orange), 20)

    def mean_fill(key):  # the centre of the node: its fill, through its opacity on white
        x, y = node_xy(page, key)
        px = [img.getpixel((int(x) + dx, int(y) + dy)) for dx in range(-6, 7) for dy in range(-6, 7)]
        return sum(sum(p) for p in px) / (3 * len(px))
    d, i, s = (mean_fill(k) for k in ("s0", "s1", "s2"))
    assert d + 30 < i < s - 30, (d, i, s)  # documented darkest, illustrative faintest

    # The legend draws each kind with the shape its nodes have, from the same table.
    shapes = page.evaluate("""() => Array.from(document.querySelectorAll('#legend svg[data-kind]'))
        .map(s => [s.getAttribute('data-kind'), s.getAttribute('data-shape')])""")
    node_shapes = {n["kind"]: n["shape"] for n in view.nodes}
    assert shapes and all(node_shapes[k] == s for k, s in shapes if k in node_shapes)
    encodes = page.evaluate("""() => Array.from(document.querySelectorAll('#legend [data-encodes]'))
        .map(r => r.getAttribute('data-encodes'))""")
    assert {"decision_rights:binding", "decision_rights:advisory", "decision_rights:null",
            "evidence:documented", "evidence:inferred", "evidence:illustrative"} <= set(encodes)


def test_network_page_in_browser(testshire, chromium, tmp_path, backend):  # noqa: F811
    view = network.authority_view(testshire, "919")
    path = network.render(view, tmp_path / "la.html")
    page = B.open_page(chromium, path, READY)
    status = json.loads(page.evaluate("document.getElementById('govgraph-status').textContent"))
    assert status["count"] == len(view.nodes) and set(status["nodes"]) == {n["id"] for n in view.nodes}
    # Physics is off once settled: two frames later nothing has moved.
    before = page.evaluate("JSON.stringify(govgraph.network.getPositions())")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("govgraph.network.physics.options.enabled") is False
    assert page.evaluate("JSON.stringify(govgraph.network.getPositions())") == before
    # Hover the governor whose name is an <img onerror>: the tooltip shows it as text.
    x, y = node_xy(page, "919/jc/gov")
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    page.wait_for_function("(function(){var t=document.querySelector('.vis-tooltip');"
                           "return t && t.style.visibility!=='hidden' && t.textContent})()")
    tip = page.evaluate("document.querySelector('.vis-tooltip').textContent")
    assert XSS_IMG in tip and "source_ref: para <b>7</b>" in tip
    assert page.evaluate("document.querySelectorAll('#net img, .vis-tooltip *:not(div):not(b)')"
                         ".length") == 0
    shot = tmp_path / "la.png"
    page.screenshot(path=str(shot))
    assert worst_label_overlap(page.evaluate("govgraph.labels")) <= 0.02
    # Filter: hide the voting memberships through the relationship checkbox.
    page.click("input[data-kind=\"MEMBER_OF:voting\"]")
    assert page.evaluate("govgraph.edges.get({filter:function(e){return e.kind==="
                         "'MEMBER_OF:voting' && !e.hidden}}).length") == 0
    assert page.evaluate("govgraph.edges.get({filter:function(e){return e.hidden}}).length") == 5
    assert_no_script_from_data(page)
    assert [u for u in page.gg_requests if not u.startswith(("file:", "data:"))] == []
    img = Image.open(shot).convert("RGB")
    assert len(img.getcolors(1 << 24)) > 50  # not blank
    for c in (style.CONSTITUENCY_COLOUR["governor"], style.CONSTITUENCY_COLOUR["headteacher"],
              style.NODE_STYLE["School"].colour, style.NODE_STYLE["JointCommittee"].colour):
        assert colour_pixels(shot, c, 3) > 30, c


def test_split_page_in_browser(testshire, chromium, tmp_path, backend):  # noqa: F811
    view = network.split_view(testshire, "919/jc")
    page = B.open_page(chromium, network.render(view, tmp_path / "s.html"), READY)
    assert page.evaluate("document.getElementById('verdict').textContent") == \
        "Governors are a minority of the voting members."
    shot = tmp_path / "s.png"
    page.screenshot(path=str(shot))
    heads = colour_pixels(shot, style.CONSTITUENCY_COLOUR["headteacher"], 3)
    govs = colour_pixels(shot, style.CONSTITUENCY_COLOUR["governor"], 3)
    assert heads > govs > 50
    # Members are labelled by name, not by role, and every label fits inside the canvas.
    labels = page.evaluate("govgraph.labels")
    texts = [b["text"] for b in labels]
    assert {"Head 1", "Head 2", "Head 3"} <= set(texts) and "headteacher" not in texts
    w, h = page.evaluate("[document.getElementById('net').clientWidth,"
                         "document.getElementById('net').clientHeight]")
    assert all(b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= w and b["y"] + b["h"] <= h
               for b in labels)
    people = [n["id"] for n in view.nodes if n["kind"] == "Person"]
    assert {b["id"] for b in labels} >= set(people)  # none dropped for lack of room
    assert_no_script_from_data(page)


def test_map_page_in_browser_offline(testshire, chromium, tmp_path, backend):  # noqa: F811
    res = maps.render_map(testshire, "919", tmp_path / "m.html", "cluster")
    page = B.open_page(chromium, res.path, "window.govgraphMap && window.govgraphMap.ready")
    assert page.evaluate("[govgraphMap.points, govgraphMap.hulls]") == [5, 5]
    assert page.evaluate("document.querySelectorAll('path.govgraph-school').length") == 5
    layers = page.evaluate("document.querySelector('.leaflet-control-layers').textContent")
    assert XSS_IMG in layers
    labels = page.evaluate("Array.from(document.querySelectorAll('.govgraph-hull-label'))"
                           ".map(function(e){return e.textContent})")
    assert sorted(labels) == sorted(["East (2)", "North (2)", XSS_IMG + " (1)",
                                     "West (3)", "East side (2)"])
    assert page.evaluate("document.querySelectorAll('.leaflet-container img:not(.leaflet-tile)')"
                         ".length") == 0
    clicked = page.evaluate("""(function(){var hit=null;
        document.querySelectorAll('path.govgraph-school').forEach(function(p){
          p.dispatchEvent(new MouseEvent('click',{bubbles:true}));
          var c=document.querySelector('.leaflet-popup-content');
          if(c && c.textContent.indexOf('onerror')>=0 && !hit) hit=c.textContent;});
        return hit;})()""")
    assert clicked and XSS_IMG in clicked and "cluster: " + XSS_IMG in clicked
    trust_popup = page.evaluate("""(function(){var hit=null;
        document.querySelectorAll('path.govgraph-school').forEach(function(p){
          p.dispatchEvent(new MouseEvent('click',{bubbles:true}));
          var c=document.querySelector('.leaflet-popup-content');
          if(c && c.textContent.indexOf('Echo Academy')>=0) hit=c.textContent;});
        return hit;})()""")
    assert "bodies: <script>window.PWNED=1</script> Trust" in trust_popup
    assert page.evaluate("document.querySelectorAll('.leaflet-popup-content img').length") == 0
    shot = tmp_path / "m.png"
    page.screenshot(path=str(shot))
    colours = style.category_colours(["919/cluster/east", "919/cluster/north",
                                      "919/cluster/img-src-x-onerror-document-title-pwned"])
    for c in colours.values():
        assert colour_pixels(shot, c, 3) > 40, c
    assert_no_script_from_data(page)
    remote = [u for u in page.gg_requests if not u.startswith(("file:", "data:"))]
    assert all("tile.openstreetmap.org" in u for u in remote), remote


def test_large_page_settles_in_browser(chromium, tmp_path):
    view = network.view_from_graph(synthetic_authority(700), "Synthshire", "")
    path = network.render(view, tmp_path / "big.html")
    page = B.open_page(chromium, path, READY)
    status = json.loads(page.evaluate("document.getElementById('govgraph-status').textContent"))
    assert status["count"] == len(view.nodes)
    assert page.evaluate("govgraph.network.physics.options.enabled") is False
    assert worst_label_overlap(page.evaluate("govgraph.labels")) <= 0.02
