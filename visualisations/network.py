"""Interactive network pages (vis-network through pyvis): one self-contained HTML file each.

Why this shape: a researcher opens the page offline and must see at once who votes and to whom a
body answers, so the vis-network JS/CSS are inlined (no remote script), styles come from
`style.py` (node_visual/edge_visual draw nodes and legend alike), the physics stops once the
layout settles (or never starts: views over OVERVIEW nodes open on their groups, laid out by
overview.py), labels are drawn by the page's own script so that they never overlap, and every
text that comes from data reaches the page only as JSON and is put into the DOM with
textContent, never as HTML. The page itself is templates/network.html and network.js.
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

from analysis.measures import VERDICT_SENTENCE, governor_verdict
from graphmodel.exc import NotFound
from graphmodel import queries

from . import export, files, overview, timeline
from .style import (BODY_LABELS, CONSTITUENCY_COLOUR, DEFAULT_NODE, GROUP_COLOUR, GROUP_NAMES,
                    NODE_STYLE, PERSON_UNKNOWN, constituency_group, edge_kind, edge_style,
                    edge_visual, evidence_grade, legend_rows, node_visual)

LARGE = 500          # above this many nodes positions are precomputed and physics stays off
LABEL_MAX = 32
_VIS = "vendor/vis-network-9.1.2/"  # vendored with its licence (LICENSE.md beside it)


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
    groups: list[dict] = field(default_factory=list)    # folded groups (large views)
    filters: dict = field(default_factory=dict)         # facet -> values offered
    as_of: str | None = None                            # the date the page opens at


def script_json(value) -> str:
    """JSON that is safe inside <script>: no '<', '>', '&' or line separators can end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _text(v) -> str:
    if type(v) is str:  # most values: no further test (a page has some 40,000)
        return v
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


LABEL_PRIORITY = {"LocalAuthority": 9, "ReferenceModel": 9, "JointCommittee": 8, "Partnership": 8,
                  "Committee": 7, "AdvisoryBody": 7, "Locality": 6, "Cluster": 5, "Trust": 5,
                  "FederatedGoverningBody": 5, "Funder": 5, "Agency": 4, "Person": 3,
                  "College": 2, "School": 2, "GoverningBody": 1}


def vis_nodes(G: nx.MultiDiGraph, member_of: dict[str, str] | None = None) -> list[dict]:
    """vis-network nodes; the page draws their labels itself (`name`), so they never overlap."""
    member_of = member_of or {}
    out = []
    for key, d in G.nodes(data=True):
        label = d.get("node_label", "Node")
        st = NODE_STYLE.get(label, DEFAULT_NODE)
        v = node_visual(label, d)
        colour, constituency = v["colour"], None
        if label == "Person":
            colour, constituency = _person_colour(G, key)
        props = {k: v for k, v in d.items() if k not in ("node_label", "node_labels")}
        grade = evidence_grade(d)
        node = {"id": key, "name": _short(d.get("name") or key), "shape": v["shape"],
                "color": {"background": colour, "border": v["border"],
                          "highlight": {"background": colour, "border": "#000000"},
                          "hover": {"background": colour, "border": "#000000"}},
                "size": v["size"], "borderWidth": v["borderWidth"], "opacity": v["opacity"],
                "shapeProperties": {"borderDashes": v["borderDashes"]},
                "kind": label, "constituency": constituency, "tier": d.get("tier"),
                "body": label in BODY_LABELS, "ggroup": member_of.get(key),
                "prio": LABEL_PRIORITY.get(label, 0), "evidence": grade,
                "span": timeline.span(d),
                "info": _info([("kind", st.legend if label != "Person" else
                                f"{d.get('kind', 'person')} ({constituency or 'no membership here'})"),
                               ("name", d.get("name")), ("key", key),
                               ("evidence", grade or "not graded"),
                               ("decision_rights", d.get("decision_rights") or
                                ("unresolved" if label in BODY_LABELS else None)),
                               ("formality", d.get("formality"))], props, skip=("evidence",))}
        if st.shape == "box":  # label inside the box, drawn by vis-network
            node["label"] = node["name"]
            node["font"] = {"color": "#ffffff", "size": 14}
        if label == "Person" and d.get("kind") == "seat":
            node["shapeProperties"] = {"borderDashes": [3, 2]}
            node["borderWidth"] = 2
            node["color"]["border"] = "#ffffff"
        out.append(node)
    # Bodies and their members last, so they are drawn in front of schools and areas.
    out.sort(key=lambda n: (n["body"] and n["kind"] != "GoverningBody" or n["kind"] == "Person",))
    return out


def vis_edges(G: nx.MultiDiGraph) -> list[dict]:
    out, pairs = [], Counter()
    names = {k: d.get("name") or k for k, d in G.nodes(data=True)}
    for i, (s, t, d) in enumerate(G.edges(data=True)):
        kind = edge_kind(d.get("rel_type", ""), d)
        v = edge_visual(kind, d)
        st = edge_style(kind)
        props = {k: v for k, v in d.items() if k != "rel_type"}
        n = pairs[frozenset((s, t))]
        pairs[frozenset((s, t))] += 1
        head = [("relationship", st.legend), ("from", names[s]), ("to", names[t]),
                ("evidence", evidence_grade(d) or "not graded")]
        if kind == "DELEGATES_TO":
            head.insert(1, ("powers", d.get("powers") or "not recorded"))
        edge = {"id": f"e{i}", "from": s, "to": t, "kind": kind, "width": v["width"],
                "dashes": v["dashes"], "color": {"color": v["colour"], "highlight": "#000000",
                                                 "opacity": v["opacity"]},
                "arrows": {"to": {"enabled": v["arrow"], "scaleFactor": 0.6}},
                "span": timeline.span(d),
                "info": _info(head, props, skip=("evidence",))}
        if n:  # parallel relationships between one pair: bend them apart
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if n % 2 else "curvedCCW",
                              "roundness": 0.15 * ((n + 1) // 2)}
        out.append(edge)
    return out


OVERVIEW = 150   # above this many nodes an authority opens on its groups, schools folded in


def view_from_graph(G: nx.MultiDiGraph, title: str, subtitle: str,
                    grouped: bool | None = None) -> View:
    """A page's data. Large views (or grouped=True) fold schools into their groups."""
    grouped = G.number_of_nodes() > OVERVIEW if grouped is None else grouped
    groups = overview.school_groups(G) if grouped else {}
    if groups:
        pos, group_pos = overview.layout(G, groups)
    else:
        pos, group_pos = export.layout_positions(G), {}
    member_of = {m: g.id for g in groups.values() for m in g.members}
    nodes, edges = vis_nodes(G, member_of), vis_edges(G)
    physics = not groups and len(nodes) <= LARGE
    for n in nodes:
        n["x"], n["y"] = pos[n["id"]]
    grades = {n["evidence"] for n in nodes}
    lg = legend_rows({n["kind"] for n in nodes},
                     {n["constituency"] for n in nodes if n["kind"] == "Person"},
                     Counter(e["kind"] for e in edges), bodies=any(n["body"] for n in nodes),
                     grades=grades)
    view = View(title, subtitle, nodes, edges, lg, physics=physics)
    view.groups = [{"id": g.id, "name": g.name, "kind": g.kind, "hub": g.hub,
                    "count": sum(1 for m in g.members if G.nodes[m].get("node_label")
                                 in overview.SCHOOLISH),
                    "members": g.members, "x": group_pos[g.id][0], "y": group_pos[g.id][1],
                    "colour": NODE_STYLE[G.nodes[g.hub]["node_label"]].colour if g.hub
                    else NODE_STYLE["School"].colour}
                   for g in sorted(groups.values(), key=lambda g: (-g.schools, g.name))]
    view.filters = {"tier": sorted({n["tier"] for n in nodes if n["body"] and n["tier"]}),
                    "kind": sorted({n["kind"] for n in nodes if n["body"]}),
                    "constituency": sorted({n["constituency"] for n in nodes
                                            if n["constituency"]})}
    return view


def authority_view(graph, la: str) -> View:
    G = export.authority_graph(graph, la)
    authority = next((d.get("name") for k, d in G.nodes(data=True)
                      if d.get("node_label") in ("LocalAuthority", "ReferenceModel")
                      and la.lower() in (k.lower(), str(d.get("code")).lower(),
                                         str(d.get("name")).lower())), la)
    view = view_from_graph(G, f"{authority}: bodies, members and accountability",
                           f"{G.number_of_nodes()} nodes, {G.number_of_edges()} relationships")
    if view.groups:
        view.subtitle += (f"; schools folded into {len(view.groups)} groups (click one to "
                          "expand it)")
    return view


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
        raise NotFound(f"no body with key {body!r}")
    b = rows[0]
    voting = [r for r in rows if r["person"] and r["voting"]]
    groups = {"professional": [], "governor": [], "other": []}
    for r in voting:
        groups[constituency_group(r["constituency"])].append(r)
    if not groups["other"]:
        del groups["other"]
    centre = {"professional": -450, "governor": 450, "other": 0}
    bv = node_visual(b["body_kind"], {})
    nodes = [{"id": b["body"], "name": _short(b["body_name"]), "shape": bv["shape"], "size": 30,
              "prio": 9,
              "x": 0, "y": -330, "kind": b["body_kind"], "constituency": None,
              "color": {"background": NODE_STYLE.get(b["body_kind"], DEFAULT_NODE).colour,
                        "border": "#333333"},
              "info": [["kind", b["body_kind"]], ["name", b["body_name"]], ["key", b["body"]]]}]
    edges = []
    for g, members in groups.items():
        top = 300 if g == "other" else -180
        gid = f"group:{g}"
        nodes.append({"id": gid, "label": f"{GROUP_NAMES[g]}: {len(members)} vote(s)",
                      "name": f"{GROUP_NAMES[g]}: {len(members)} vote(s)", "prio": 8,
                      "shape": "box", "x": centre[g], "y": top - 70, "kind": "group",
                      "constituency": None, "font": {"color": "#ffffff", "size": 18},
                      "color": {"background": GROUP_COLOUR[g], "border": GROUP_COLOUR[g]},
                      "info": [["group", GROUP_NAMES[g]], ["voting members", str(len(members))]]})
        cols = max(1, min(5, math.ceil(math.sqrt(len(members) or 1))))
        for i, r in enumerate(members):
            colour = CONSTITUENCY_COLOUR.get(r["constituency"], PERSON_UNKNOWN)
            x = centre[g] + (i % cols - (cols - 1) / 2) * 150
            y = top + (i // cols) * 75
            nodes.append({"id": r["person"], "name": _short(r["name"] or r["person"], 22),
                          "prio": 3, "shape": "dot", "size": 14, "x": x, "y": y, "kind": "Person",
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
    def row(shape, colour, text):
        return {"type": "node", "text": text, "visual": {
            "shape": shape, "colour": colour, "size": 10, "border": colour, "borderWidth": 1.0,
            "borderDashes": False, "opacity": 1.0}}
    lg = [row("box", GROUP_COLOUR[g], f"{GROUP_NAMES[g]} (group)") for g in groups]
    lg += [row("dot", CONSTITUENCY_COLOUR[c], c)
           for c in CONSTITUENCY_COLOUR if any(r["constituency"] == c for r in voting)]
    return View(f"{b['body_name']}: professionals and governors", f"{total} voting members",
                nodes, edges, lg, panel, physics=False)


def vis_options(view: View) -> dict:
    opts = {"interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True,
                            "navigationButtons": False, "keyboard": False},
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


def to_pyvis(view: View):
    """The view as a pyvis Network (for notebooks too); our page template renders it."""
    from pyvis.network import Network  # only for notebooks: pages are written by render()

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for n in view.nodes:
        extra = {k: v for k, v in n.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(n["id"], label=n["label"], shape=n["shape"], color=n["color"], **extra)
    for e in view.edges:
        net.add_edge(e["from"], e["to"], **{k: v for k, v in e.items() if k not in ("from", "to")})
    net.options = vis_options(view)
    return net


def _asset(name: str) -> str:
    return resources.files("visualisations").joinpath(_VIS + name).read_text(encoding="utf-8")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace %%NAME%% markers in one pass, so no inserted text is scanned again."""
    return re.sub(r"%%([A-Z_]+)%%", lambda m: values[m.group(1)], template)


def render(view: View, path: str | Path, mkdir: bool = False) -> Path:
    """Write the view as one HTML file with vis-network inlined (whole or not at all)."""
    data = {"nodes": view.nodes, "edges": view.edges, "options": vis_options(view),
            "legend": view.legend, "panel": view.panel, "physics": view.physics,
            "groups": view.groups, "filters": view.filters,
            "title": view.title, "subtitle": view.subtitle,
            "dates": timeline.dates(view.nodes + view.edges, view.as_of), "as_of": view.as_of}
    tpl = resources.files("visualisations").joinpath("templates")
    page = fill(tpl.joinpath("network.html").read_text(encoding="utf-8"),
                {"TITLE": html.escape(view.title), "VIS_CSS": _asset("vis-network.css"),
                 "VIS_JS": _asset("vis-network.min.js"), "DATA": script_json(data),
                 "PAGE_JS": tpl.joinpath("network.js").read_text(encoding="utf-8")})
    with files.atomic(path, mkdir) as f:
        f.write(page)
    return Path(path)
