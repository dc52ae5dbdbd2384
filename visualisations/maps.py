"""Maps of an authority's schools (folium/Leaflet): clusters as hulls, colour by cluster or trust.

Why this shape: the register places schools on the British National Grid (EPSG:27700), which
pyproj turns into WGS84. The page must show its points offline, so Leaflet's JS and CSS are
inlined from the `django-js-lib-leaflet` package (folium's CDN links are dropped) and the tile
layer is the only remote resource. Data reach the page only as JSON and become text with
textContent: folium's own popups and tooltips paste HTML into JS template literals, so they
are not used for anything that comes from data.
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template
from pyproj import Transformer

from graphmodel.exc import InvalidInput, NotFound
from graphmodel import queries

from . import files, map_shares
from .network import script_json
from .style import NO_CATEGORY, SHARE_CLASSES, category_colours

COLOUR_BY = {"cluster": ("cluster_key", "cluster", "no cluster"),
             "locality": ("locality_key", "locality", "no locality"),
             "trust": ("group_key", "group_name", "no trust or group"),
             # classes of style.SHARE_CLASSES, set per school by map_shares.shading
             "governor-share": ("share_class", "share_class", "unknown")}
HULL_NEUTRAL = "#6b6b6b"
HULL_BUFFER_M = 250.0  # hulls are drawn round the schools, so one or two schools still show
_BNG_TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


@dataclass
class MapResult:
    path: Path
    drawn: int
    missing: int           # schools of the authority without easting/northing
    categories: int
    notes: list[str] = field(default_factory=list)  # what a share is, its evidence, its sources


class OfflineMap(folium.Map):
    """A folium Map that links nothing: no CDN script or stylesheet (see inline_leaflet)."""
    default_js: list = []
    default_css: list = []


def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS, and its CSS with the control images inlined as data URIs."""
    try:
        base = resources.files("js_lib_leaflet").joinpath("static", "js_lib_leaflet")
    except ModuleNotFoundError:
        raise OSError("Leaflet is missing: pip install django-js-lib-leaflet (a govgraph "
                      "dependency that ships leaflet.js)") from None
    js = base.joinpath("leaflet.js").read_text(encoding="utf-8")
    css = base.joinpath("leaflet.css").read_text(encoding="utf-8")
    for name in ("layers.png", "layers-2x.png", "marker-icon.png"):
        data = base64.b64encode(base.joinpath("images", name).read_bytes()).decode()
        css = css.replace(f"url(images/{name})", f"url(data:image/png;base64,{data})")
    return js, css


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain; counter-clockwise, no repeated last point."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def buffered_hull(points_en: list[tuple[float, float]], r: float = HULL_BUFFER_M):
    """The hull of each point's octagon of radius r (metres, on the grid), as (lat, lon)."""
    ring = [(r, 0), (0.7071 * r, 0.7071 * r), (0, r), (-0.7071 * r, 0.7071 * r), (-r, 0),
            (-0.7071 * r, -0.7071 * r), (0, -r), (0.7071 * r, -0.7071 * r)]
    hull = convex_hull([(e + dx, n + dy) for e, n in points_en for dx, dy in ring])
    lons, lats = _BNG_TO_WGS84.transform([p[0] for p in hull], [p[1] for p in hull])
    return [[round(la, 6), round(lo, 6)] for la, lo in zip(lats, lons)]


class _Js(MacroElement):
    """One call of a page function with a JSON argument, on the parent layer or map."""
    _template = Template("""{% macro script(this, kwargs) %}
        {{ this.function }}({{ this._parent.get_name() }}, {{ this.data }});
    {% endmacro %}""")

    def __init__(self, function: str, data):
        super().__init__()
        self._name = "GovgraphJs"
        self.function = function
        self.data = script_json(data)


def _popup_rows(s: dict) -> list[list[str]]:
    rows = [["school", s["name"] or s["key"]], ["URN", s["urn"]], ["phase", s["phase"]],
            ["type", s["type_group"]], ["trust or group", s["group_name"]],
            ["cluster", s["cluster"]], ["locality", s["locality"]],
            ["bodies", "; ".join(sorted({b for b in s.get("bodies") or [] if b}))],
            ["source", s["source"]], ["source_ref", s["source_ref"]]]
    return [[k, str(v)] for k, v in rows if v not in (None, "")]


LOAD_HINT = ("load the GIAS establishments file, which has Easting and Northing: "
             "`govgraph load gias edubasealldataYYYYMMDD.csv`")


def check_coordinates(graph, la: str, as_of: str | None = None) -> int:
    """Fail at once (one cheap count) when the authority is unknown or no school open on the
    date (as_of; None: now) is placed."""
    rows = queries.run(graph, "viz_map_coverage", {"la": la, "as_of": as_of})
    if not rows:
        raise NotFound(f"no local authority with key, DfE code or name {la!r}")
    r = rows[0]
    if not r["placed"]:
        when = f" open on {as_of}" if as_of else ""
        raise NotFound(f"no school{when} of {r['authority']} ({la}) has grid coordinates "
                       f"({r['schools']} school(s) without): {LOAD_HINT}")
    return r["placed"]


def build_map(graph, la: str, colour: str = "cluster", tiles: str | None = "OpenStreetMap",
              as_of: str | None = None):
    """The folium map of one authority's schools; returns (map, drawn, missing, categories,
    notes), notes saying what a share is, how well it is known and where from.

    As of a date (docs/time.md; None: now): the schools open then, their clusters, trusts and
    bodies as they were, and governor shares from the seats held then; the legend names the date."""
    if colour not in COLOUR_BY:
        raise InvalidInput(f"--colour must be one of {', '.join(COLOUR_BY)}")
    as_of = queries.as_of_date(as_of)
    check_coordinates(graph, la, as_of)
    rows = queries.run(graph, "viz_map_schools", {"la": la, "as_of": as_of})
    placed = [r for r in rows if r["easting"] is not None and r["northing"] is not None]
    if not placed:
        raise NotFound(f"no schools with easting/northing for authority {la!r} "
                       f"({len(rows)} school(s) without coordinates); {LOAD_HINT}")
    lons, lats = _BNG_TO_WGS84.transform([r["easting"] for r in placed],
                                         [r["northing"] for r in placed])
    key_col, name_col, none_text = COLOUR_BY[colour]
    shade = None
    if colour == "governor-share":
        shade = map_shares.shading(graph, la, placed, as_of)
        placed = [dict(r, share_class=shade.classes[r["key"]]) for r in placed]
        names = {k: text for k, (_, text) in SHARE_CLASSES.items()}
        colours = {k: c for k, (c, _) in SHARE_CLASSES.items()}
    else:
        names = {r[key_col]: r[name_col] or r[key_col] for r in placed if r[key_col]}
        colours = category_colours(names)
    m = OfflineMap(location=[sum(lats) / len(lats), sum(lons) / len(lons)], zoom_start=11,
                   tiles=None, control_scale=True)
    js, css = leaflet_assets()
    blank = "" if tiles else "<style>.leaflet-container{background:#ffffff}</style>"
    m.get_root().header.add_child(Element(f"<style>{css}</style>{blank}<script>{js}</script>"
                                          f"<script>{PAGE_JS}</script>"), name="govgraph_leaflet",
                                  index=0)
    if tiles:
        folium.TileLayer(tiles, name="Map tiles (online only)").add_to(m)
    hulls = folium.FeatureGroup(name="Cluster areas", show=True).add_to(m)
    by_cluster: dict[str, list] = {}
    for r in placed:
        if r["cluster_key"]:
            by_cluster.setdefault(r["cluster_key"], []).append(r)
    # Hulls share the points' colours only when points are coloured by cluster.
    cluster_colours = colours if colour == "cluster" else {k: HULL_NEUTRAL for k in by_cluster}
    _Js("govgraphHulls", [{"name": rs[0]["cluster"] or k, "colour": cluster_colours[k],
                           "schools": len(rs),
                           "ring": buffered_hull([(r["easting"], r["northing"]) for r in rs])}
                          for k, rs in sorted(by_cluster.items())]).add_to(hulls)
    by_locality: dict[str, list] = {}
    for r in placed:
        if r["locality_key"]:
            by_locality.setdefault(r["locality_key"], []).append(r)
    if by_locality:  # localities: wider, dashed, unfilled outlines round their schools
        loc_colours = colours if colour == "locality" else \
            {k: HULL_NEUTRAL for k in by_locality}
        areas = folium.FeatureGroup(name="Locality areas", show=True).add_to(m)
        _Js("govgraphHulls", [{"name": rs[0]["locality"] or k, "colour": loc_colours[k],
                               "schools": len(rs), "dashed": True,
                               "ring": buffered_hull([(r["easting"], r["northing"]) for r in rs],
                                                     2 * HULL_BUFFER_M)}
                              for k, rs in sorted(by_locality.items())]).add_to(areas)
    groups: dict[str | None, list] = {}
    for r, lat, lon in zip(placed, lats, lons):
        extra = shade.popup[r["key"]] if shade else []
        groups.setdefault(r[key_col], []).append(
            {"lat": round(lat, 6), "lon": round(lon, 6), "key": r["key"],
             "colour": colours.get(r[key_col], NO_CATEGORY), "rows": _popup_rows(r) + extra,
             **(shade.points[r["key"]] if shade else {})})
    if shade:  # the classes in the order of the style table
        order = [k for k in shade.order if k in groups]
    else:
        order = sorted(groups, key=lambda k: (k is None, str(names.get(k, ""))))
    for k in order:
        label = names.get(k, none_text) if k else none_text
        # Leaflet's layer control sets names with innerHTML: escape them.
        fg = folium.FeatureGroup(name=html.escape(f"{label} ({len(groups[k])})")).add_to(m)
        _Js("govgraphPoints", groups[k]).add_to(fg)
    folium.LayerControl(collapsed=False).add_to(m)
    legend = [{"colour": colours.get(k, NO_CATEGORY), "text": names.get(k, none_text) if k
               else none_text, "count": len(groups[k]), "class": k,
               **({k2: v for k2, v in groups[k][0].items() if k2 in ("dashArray",)}
                  if shade and k == "unknown" else {})} for k in order]
    missing = len(rows) - len(placed)
    heading = ("Schools by governor share" if shade else f"Schools by {colour}") + \
        (f", as of {as_of}" if as_of else "")
    _Js("govgraphFinish", {"legend": legend, "heading": heading, "notes": shade.notes if shade
                           else [], "grades": shade.grades if shade else [],
                           "missing": missing, "drawn": len(placed)}).add_to(m)
    m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(40, 40))
    return m, len(placed), missing, len(order) if shade else len(names), \
        shade.notes if shade else []


def render_map(graph, la: str, path: str | Path, colour: str = "cluster",
               tiles: str | None = "OpenStreetMap", mkdir: bool = False,
               as_of: str | None = None) -> MapResult:
    files.ready_folder(Path(path).parent, mkdir)
    m, drawn, missing, categories, notes = build_map(graph, la, colour, tiles, as_of)
    path = Path(path)
    with files.atomic_path(path) as tmp:
        m.save(str(tmp))
    return MapResult(path, drawn, missing, categories, notes)


# Page functions called by the map's script; all data text goes in with textContent.
PAGE_JS = """
window.govgraphMap = {ready: false, points: 0, hulls: 0, markers: new Map()};
function govgraphEl(tag, text) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function govgraphRows(rows) {
  var d = govgraphEl("div");
  rows.forEach(function (r) {
    var line = govgraphEl("div"); line.appendChild(govgraphEl("b", r[0] + ": "));
    line.appendChild(document.createTextNode(r[1])); d.appendChild(line);
  });
  return d;
}
function govgraphPoints(layer, pts) {
  pts.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {radius: 7, color: p.colour_border || "#222222",
                                    weight: p.dashArray ? 2 : 1, dashArray: p.dashArray || null,
                                    fillColor: p.colour, fillOpacity: p.fillOpacity === undefined ?
                                    1 : p.fillOpacity, className: "govgraph-school"})
      .bindPopup(govgraphRows(p.rows)).addTo(layer);
    window.govgraphMap.markers.set(p.key, marker);
    window.govgraphMap.points += 1;
  });
}
function govgraphHulls(layer, hulls) {
  hulls.forEach(function (h) {
    L.polygon(h.ring, h.dashed ? {color: h.colour, weight: 2, dashArray: "8 6", fill: false}
                               : {color: h.colour, weight: 2, fillColor: h.colour, fillOpacity: 0.12})
      .addTo(layer);
    // Clusters are named above their hull, localities (dashed, round them) below theirs, so a
    // cluster and the locality around it never put their names in one place.
    var low = !!h.dashed, at = h.ring.reduce(function (a, b) {
      return (low ? b[0] < a[0] : b[0] > a[0]) ? b : a; });
    L.tooltip({permanent: true, direction: low ? "bottom" : "top", opacity: 0.85,
               offset: [0, low ? 4 : -4], className: "govgraph-hull-label"})
      .setLatLng(at).setContent(govgraphEl("span", h.name + " (" + h.schools + ")"))
      .addTo(layer);
    window.govgraphMap.hulls += 1;
  });
}
function govgraphFinish(map, info) {
  var legend = L.control({position: "bottomleft"});
  legend.onAdd = function () {
    var d = govgraphEl("div"); d.className = "govgraph-legend";
    d.style.cssText = "background:#fff;padding:6px 8px;font:12px sans-serif;max-height:300px;" +
                      "overflow:auto;border:1px solid #999";
    d.appendChild(govgraphEl("b", info.heading));
    info.legend.forEach(function (r) {
      var row = govgraphEl("div"), sw = govgraphEl("span");
      sw.style.cssText = "display:inline-block;width:11px;height:11px;border-radius:50%;" +
                         "margin-right:5px;border:1px " + (r.dashArray ? "dashed #555" : "solid #222") +
                         ";background:" + r.colour;
      row.appendChild(sw); row.appendChild(document.createTextNode(r.text + " (" + r.count + ")"));
      if (r["class"]) row.setAttribute("data-class", r["class"]);
      d.appendChild(row);
    });
    (info.grades || []).forEach(function (r) {
      var row = govgraphEl("div"), sw = govgraphEl("span");
      sw.style.cssText = "display:inline-block;width:11px;height:11px;border-radius:50%;" +
                         "margin-right:5px;border:1px solid #222;background:#555555;opacity:" +
                         r.opacity;
      row.appendChild(sw); row.appendChild(document.createTextNode(r.text));
      row.setAttribute("data-grade", r.grade); d.appendChild(row);
    });
    (info.notes || []).forEach(function (t) {
      var n = govgraphEl("div", t); n.className = "govgraph-legend-note";
      n.style.cssText = "max-width:360px;margin-top:4px;color:#333"; d.appendChild(n);
    });
    if (info.missing) d.appendChild(govgraphEl("div", info.missing +
                                    " school(s) without coordinates are not drawn"));
    return d;
  };
  legend.addTo(map);
  var status = govgraphEl("pre"); status.id = "govgraph-status"; status.hidden = true;
  status.textContent = JSON.stringify({ready: true, points: window.govgraphMap.points,
                                       hulls: window.govgraphMap.hulls, missing: info.missing});
  document.body.appendChild(status);
  window.govgraphMap.ready = true;
}
"""
