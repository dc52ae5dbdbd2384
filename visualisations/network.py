"""Interactive network pages (vis-network through pyvis): one self-contained HTML file each.

Why this shape: a researcher opens the page offline and must see at once who votes and to whom a
body answers, so the vis-network JS/CSS are inlined (no remote script), styles come from
`style.py`, the physics stops once the layout settles (or is never started: graphs over
LARGE nodes are laid out by networkx first), and every text that comes from data reaches the
page only as JSON and is put into the DOM with textContent, never as HTML.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from analysis.measures import VERDICT_SENTENCE, governor_verdict
from graphmodel import queries

from . import export
from .style import (CONSTITUENCY_COLOUR, DEFAULT_NODE, GROUP_COLOUR, GROUP_NAMES, NODE_STYLE,
                    PERSON_UNKNOWN, constituency_group, edge_kind, edge_style, legend_rows)

LARGE = 500          # above this many nodes positions are precomputed and physics stays off
LABEL_MAX = 32
_VIS = "templates/lib/vis-9.1.2/"


@dataclass
class View:
    """What a page draws: vis nodes and edges (plain dicts) and the words around them."""
    title: str
    subtitle: str
    nodes: list[dict]
    edges: list[dict]
    legend: list[dict] = field(default_factory=list)
    panel: dict | None = None
    physics: bool = True


def script_json(value) -> str:
    """JSON that is safe inside <script>: no '<', '>', '&' or line separators can end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _text(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return str(v)


def _short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _info(head: list[tuple[str, object]], props: dict, skip=()) -> list[list[str]]:
    """Tooltip rows: the heading facts, the other properties, then source and source_ref."""
    rows = [[k, _text(v)] for k, v in head if v not in (None, "")]
    done = {k for k, _ in head} | set(skip) | {"source", "source_ref", "key"}
    rows += [[k, _text(v)] for k, v in sorted(props.items()) if k not in done and v is not None]
    rows.append(["source", _text(props.get("source", "not recorded"))])
    rows.append(["source_ref", _text(props.get("source_ref", "not recorded"))])
    return rows


def _person_colour(G: nx.MultiDiGraph, key: str) -> tuple[str, str | None]:
    """A person's colour: the constituency they most often sit for in this view."""
    seen = Counter(d.get("constituency") for _, _, d in G.out_edges(key, data=True)
                   if d.get("rel_type") == "MEMBER_OF")
    if not seen:
        return PERSON_UNKNOWN, None
    c = max(seen, key=lambda k: (seen[k], str(k)))
    return CONSTITUENCY_COLOUR.get(c, PERSON_UNKNOWN), c


def vis_nodes(G: nx.MultiDiGraph) -> list[dict]:
    out = []
    for key, d in G.nodes(data=True):
        label = d.get("node_label", "Node")
        st = NODE_STYLE.get(label, DEFAULT_NODE)
        colour, constituency = st.colour, None
        if label == "Person":
            colour, constituency = _person_colour(G, key)
        props = {k: v for k, v in d.items() if k not in ("node_label", "node_labels")}
        node = {"id": key, "label": _short(d.get("name") or key), "shape": st.shape,
                "color": {"background": colour, "border": "#333333" if label != "Person"
                          else colour, "highlight": {"background": colour, "border": "#000000"}},
                "size": st.size, "kind": label, "constituency": constituency,
                "info": _info([("kind", st.legend if label != "Person" else
                                f"{d.get('kind', 'person')} ({constituency or 'no membership here'})"),
                               ("name", d.get("name")), ("key", key)], props)}
        if st.shape == "box":
            node["font"] = {"color": "#ffffff"}
        elif label in ("Person", "School", "GoverningBody"):  # many, so quieter labels
            node["font"] = {"size": 10, "color": "#555555"}
        if label == "Person" and d.get("kind") == "seat":
            node["shapeProperties"] = {"borderDashes": [3, 2]}
            node["borderWidth"] = 2
            node["color"]["border"] = "#ffffff"
        out.append(node)
    return out


def vis_edges(G: nx.MultiDiGraph) -> list[dict]:
    out, pairs = [], Counter()
    names = {k: d.get("name") or k for k, d in G.nodes(data=True)}
    for s, t, key, d in G.edges(keys=True, data=True):
        kind = edge_kind(d.get("rel_type", ""), d)
        st = edge_style(kind)
        props = {k: v for k, v in d.items() if k != "rel_type"}
        n = pairs[frozenset((s, t))]
        pairs[frozenset((s, t))] += 1
        head = [("relationship", st.legend), ("from", names[s]), ("to", names[t])]
        if kind == "DELEGATES_TO":
            head.insert(1, ("powers", d.get("powers") or "not recorded"))
        edge = {"id": key, "from": s, "to": t, "kind": kind, "width": st.width,
                "dashes": st.dashes, "color": {"color": st.colour, "highlight": "#000000"},
                "arrows": {"to": {"enabled": st.arrow, "scaleFactor": 0.6}},
                "info": _info(head, props)}
        if n:  # parallel relationships between one pair: bend them apart
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if n % 2 else "curvedCCW",
                              "roundness": 0.15 * ((n + 1) // 2)}
        out.append(edge)
    return out


def view_from_graph(G: nx.MultiDiGraph, title: str, subtitle: str) -> View:
    nodes, edges = vis_nodes(G), vis_edges(G)
    physics = len(nodes) <= LARGE
    # Laid out here: pinned in the page when large, else where the physics starts (it settles
    # sooner, and the same data always settle the same way).
    pos = export.layout_positions(G)
    for n in nodes:
        n["x"], n["y"] = pos[n["id"]]
    lg = legend_rows({n["kind"] for n in nodes},
                     {n["constituency"] for n in nodes if n["kind"] == "Person"},
                     Counter(e["kind"] for e in edges))
    return View(title, subtitle, nodes, edges, lg, physics=physics)


def authority_view(graph, la: str) -> View:
    G = export.authority_graph(graph, la)
    authority = next((d.get("name") for k, d in G.nodes(data=True)
                      if d.get("node_label") in ("LocalAuthority", "ReferenceModel")
                      and la.lower() in (k.lower(), str(d.get("code")).lower(),
                                         str(d.get("name")).lower())), la)
    return view_from_graph(G, f"{authority}: bodies, members and accountability",
                           f"{G.number_of_nodes()} nodes, {G.number_of_edges()} relationships")


def neighbourhood_view(graph, key: str, depth: int, what: str) -> View:
    keys, truncated = export.neighbourhood_keys(graph, key, depth)
    G = export.subgraph(graph, keys)
    name = G.nodes[key].get("name") or key
    note = " (cut at the node limit)" if truncated else ""
    return view_from_graph(G, f"{name}: {what} within {depth} step(s)",
                           f"{G.number_of_nodes()} nodes, {G.number_of_edges()} relationships{note}")


def split_view(graph, body: str) -> View:
    """A body's voting members in two camps, professionals and governors (and other lay)."""
    rows = queries.run(graph, "viz_body_members", {"body": body})
    if not rows:
        raise ValueError(f"no body with key {body!r}")
    b = rows[0]
    voting = [r for r in rows if r["person"] and r["voting"]]
    groups = {"professional": [], "governor": [], "other": []}
    for r in voting:
        groups[constituency_group(r["constituency"])].append(r)
    if not groups["other"]:
        del groups["other"]
    centre = {"professional": -450, "governor": 450, "other": 0}
    nodes = [{"id": b["body"], "label": _short(b["body_name"]), "shape": "diamond", "size": 30,
              "x": 0, "y": -330, "kind": b["body_kind"], "constituency": None,
              "color": {"background": NODE_STYLE.get(b["body_kind"], DEFAULT_NODE).colour,
                        "border": "#333333"},
              "info": [["kind", b["body_kind"]], ["name", b["body_name"]], ["key", b["body"]]]}]
    edges = []
    for g, members in groups.items():
        top = 300 if g == "other" else -180
        gid = f"group:{g}"
        nodes.append({"id": gid, "label": f"{GROUP_NAMES[g]}: {len(members)} vote(s)",
                      "shape": "box", "x": centre[g], "y": top - 70, "kind": "group",
                      "constituency": None, "font": {"color": "#ffffff", "size": 18},
                      "color": {"background": GROUP_COLOUR[g], "border": GROUP_COLOUR[g]},
                      "info": [["group", GROUP_NAMES[g]], ["voting members", str(len(members))]]})
        cols = max(1, min(5, math.ceil(math.sqrt(len(members) or 1))))
        for i, r in enumerate(members):
            colour = CONSTITUENCY_COLOUR.get(r["constituency"], PERSON_UNKNOWN)
            x = centre[g] + (i % cols - (cols - 1) / 2) * 150
            y = top + (i // cols) * 75
            nodes.append({"id": r["person"], "label": _short(r["role"] or r["name"], 22),
                          "shape": "dot", "size": 14, "x": x, "y": y, "kind": "Person",
                          "constituency": r["constituency"],
                          "color": {"background": colour, "border": colour},
                          "info": _info([("name", r["name"]), ("role", r["role"]),
                                         ("constituency", r["constituency"]),
                                         ("voting", r["voting"]), ("attendance", r["attendance"]),
                                         ("key", r["person"])], r, skip=(
                              "body", "body_name", "body_kind", "person", "person_kind"))})
            edges.append({"id": f"m:{r['person']}:{r['role']}", "from": r["person"], "to": gid,
                          "kind": "MEMBER_OF:voting", "width": 1, "dashes": False,
                          "color": {"color": colour}, "arrows": {"to": {"enabled": False}},
                          "info": [["role", _text(r["role"])]]})
        edges.append({"id": f"g:{g}", "from": gid, "to": b["body"], "kind": "group",
                      "width": 2 + 10 * len(members) / max(1, len(voting)), "dashes": False,
                      "color": {"color": GROUP_COLOUR[g]}, "arrows": {"to": {"enabled": True}},
                      "info": [["votes", str(len(members))]]})
    counts = {g: sum(r["places"] or 1 for r in groups.get(g, ())) for g in GROUP_NAMES}
    total = sum(counts.values())  # seats, as analysis.measures counts them (places per row)
    share = f"{round(100 * counts['governor'] / total)}%" if total else "no votes recorded"
    non_voting = sum(1 for r in rows if r["person"] and not r["voting"])
    panel = {"heading": "Who holds the votes",
             "bars": [{"text": f"{GROUP_NAMES[g]}: {counts[g]}", "colour": GROUP_COLOUR[g],
                       "value": counts[g]} for g in GROUP_NAMES],
             "lines": [f"Governors hold {counts['governor']} of {total} votes ({share}).",
                       f"{non_voting} member(s) without a vote are not drawn."],
             "verdict": VERDICT_SENTENCE[governor_verdict(counts["governor"], total)]}
    lg = [{"type": "node", "shape": "box", "colour": GROUP_COLOUR[g], "text": f"{GROUP_NAMES[g]} (group)"}
          for g in groups]
    lg += [{"type": "node", "shape": "dot", "colour": CONSTITUENCY_COLOUR[c], "text": c}
           for c in CONSTITUENCY_COLOUR if any(r["constituency"] == c for r in voting)]
    return View(f"{b['body_name']}: professionals and governors", f"{total} voting members",
                nodes, edges, lg, panel, physics=False)


def vis_options(view: View) -> dict:
    opts = {"interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
            "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
            "edges": {"smooth": False, "selectionWidth": 2},
            "layout": {"improvedLayout": len(view.nodes) <= 150, "randomSeed": 7}}
    if view.physics:
        opts["physics"] = {"enabled": True, "solver": "barnesHut",
                           "barnesHut": {"gravitationalConstant": -12000, "springLength": 140,
                                         "springConstant": 0.03, "centralGravity": 0.25,
                                         "avoidOverlap": 0.3},
                           "stabilization": {"enabled": True, "iterations": 400,
                                             "updateInterval": 50, "fit": True}}
    else:
        opts["physics"] = {"enabled": False}
    return opts


def to_pyvis(view: View) -> Network:
    """The view as a pyvis Network (for notebooks too); our page template renders it."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for n in view.nodes:
        extra = {k: v for k, v in n.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(n["id"], label=n["label"], shape=n["shape"], color=n["color"], **extra)
    for e in view.edges:
        net.add_edge(e["from"], e["to"], **{k: v for k, v in e.items() if k not in ("from", "to")})
    net.options = vis_options(view)
    return net


def _asset(name: str) -> str:
    return resources.files("pyvis").joinpath(_VIS + name).read_text(encoding="utf-8")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace %%NAME%% markers in one pass, so no inserted text is scanned again."""
    return re.sub(r"%%([A-Z_]+)%%", lambda m: values[m.group(1)], template)


def render(view: View, path: str | Path) -> Path:
    """Write the view as one HTML file with vis-network inlined; returns the path."""
    net = to_pyvis(view)
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options,
            "legend": view.legend, "panel": view.panel, "physics": view.physics,
            "title": view.title, "subtitle": view.subtitle}
    page = fill(PAGE, {"TITLE": html.escape(view.title), "VIS_CSS": _asset("vis-network.css"),
                       "VIS_JS": _asset("vis-network.min.js"), "DATA": script_json(data)})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


# The page: data arrives as JSON (DATA); every text from it is set with textContent.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%%TITLE%%</title>
<style>%%VIS_CSS%%</style>
<style>
body{margin:0;font:14px sans-serif;color:#222;display:flex;height:100vh}
#side{width:300px;overflow:auto;padding:10px 12px;border-right:1px solid #ddd;background:#fafafa}
#main{flex:1;display:flex;flex-direction:column;min-width:0}
#head{padding:8px 14px;border-bottom:1px solid #eee}
#head h1{font-size:18px;margin:0}#head p{margin:2px 0 0;color:#666}
#net{flex:1;min-height:300px}
.row{display:flex;align-items:center;gap:6px;margin:3px 0}
.sw{width:14px;height:14px;flex:none;border:1px solid #333}
h2{font-size:13px;margin:12px 0 4px;text-transform:uppercase;color:#555}
.gg-tip div{max-width:420px;white-space:normal}.gg-tip b{color:#333}
.bar{height:16px;margin:1px 0 6px}
#verdict{font-weight:bold;margin-top:6px}
</style>
<script>%%VIS_JS%%</script>
</head><body>
<div id="side"><div id="panel"></div><h2>Legend</h2><div id="legend"></div>
<h2 id="filters-head">Show relationships</h2><div id="filters"></div></div>
<div id="main"><div id="head"><h1 id="title"></h1><p id="subtitle"></p></div>
<div id="net"></div></div>
<pre id="govgraph-status" hidden>{"stabilised":false}</pre>
<script>
var DATA = %%DATA%%;
(function () {
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function tip(rows) {
    var d = el("div", null, "gg-tip");
    (rows || []).forEach(function (r) {
      var line = el("div"); line.appendChild(el("b", r[0] + ": "));
      line.appendChild(document.createTextNode(r[1])); d.appendChild(line);
    });
    return d;
  }
  function swatch(r) {
    if (r.type === "edge") {
      var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
      svg.setAttribute("width", "34"); svg.setAttribute("height", "12");
      var l = document.createElementNS(ns, "line");
      l.setAttribute("x1", "1"); l.setAttribute("y1", "6"); l.setAttribute("x2", "33");
      l.setAttribute("y2", "6"); l.setAttribute("stroke", r.colour);
      l.setAttribute("stroke-width", String(Math.max(1, r.width)));
      if (r.dashes) l.setAttribute("stroke-dasharray", r.dashes.join(" "));
      svg.appendChild(l); return svg;
    }
    var s = el("span", null, "sw"); s.style.background = r.colour;
    if (r.shape === "dot" || r.shape === "ellipse") s.style.borderRadius = "50%";
    if (r.shape === "diamond") s.style.transform = "rotate(45deg) scale(.8)";
    if (r.shape === "hexagon" || r.shape === "star") s.style.borderRadius = "30%";
    return s;
  }
  document.getElementById("title").textContent = DATA.title;
  document.getElementById("subtitle").textContent = DATA.subtitle;
  DATA.nodes.forEach(function (n) { n.title = tip(n.info); });
  DATA.edges.forEach(function (e) { e.title = tip(e.info); });
  var nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges);
  var network = new vis.Network(document.getElementById("net"),
                                {nodes: nodes, edges: edges}, DATA.options);
  window.govgraph = {network: network, nodes: nodes, edges: edges, stabilised: false};
  var legend = document.getElementById("legend"), filters = document.getElementById("filters");
  DATA.legend.forEach(function (r) {
    var row = el("div", null, "row");
    if (r.type === "edge" && r.kind) {
      var label = el("label", null, "row"), cb = el("input");
      cb.type = "checkbox"; cb.checked = true; cb.setAttribute("data-kind", r.kind);
      cb.addEventListener("change", function () {
        edges.update(edges.get({filter: function (e) { return e.kind === r.kind; }})
          .map(function (e) { return {id: e.id, hidden: !cb.checked}; }));
      });
      label.appendChild(cb); label.appendChild(swatch(r)); label.appendChild(el("span", r.text));
      filters.appendChild(label);
      return;
    }
    row.appendChild(swatch(r)); row.appendChild(el("span", r.text)); legend.appendChild(row);
  });
  if (!filters.childNodes.length) document.getElementById("filters-head").hidden = true;
  if (DATA.panel) {
    var p = document.getElementById("panel"), total = 0;
    p.appendChild(el("h2", DATA.panel.heading));
    DATA.panel.bars.forEach(function (b) { total += b.value; });
    DATA.panel.bars.forEach(function (b) {
      var bar = el("div", null, "bar"); bar.style.background = b.colour;
      bar.style.width = (total ? Math.max(1, 100 * b.value / total) : 1) + "%";
      p.appendChild(el("div", b.text)); p.appendChild(bar);
    });
    DATA.panel.lines.forEach(function (t) { p.appendChild(el("p", t)); });
    p.appendChild(el("div", DATA.panel.verdict)).id = "verdict";
  }
  function done() {
    if (window.govgraph.stabilised) return;
    network.setOptions({physics: {enabled: false}});
    network.fit();
    var ids = Object.keys(network.getPositions()).sort();
    window.govgraph.stabilised = true;
    document.body.setAttribute("data-stabilised", "1");
    document.getElementById("govgraph-status").textContent =
      JSON.stringify({stabilised: true, count: ids.length, nodes: ids});
  }
  if (DATA.physics) {
    network.once("stabilizationIterationsDone", done);
    network.once("stabilized", done);
  } else {
    network.once("afterDrawing", done);
  }
})();
</script></body></html>
"""
