/* The network page. Data arrive as JSON (DATA); every text from it is set with textContent.
   Large views open on groups (schools folded into their trust, federation, cluster or
   locality; click to expand). Labels are drawn here, not by vis-network: most important
   first, and a label that would overlap one already drawn, or leave the canvas, is skipped,
   so the picture never turns into overlapping text. window.govgraph.labels lists the label
   boxes drawn last (for tests). */
(function () {
  "use strict";
  var T0 = performance.now(), timings = {};
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
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function star(cx, cy, ro, ri) {
    var p = [];
    for (var i = 0; i < 10; i++) {
      var r = i % 2 ? ri : ro, a = -Math.PI / 2 + i * Math.PI / 5;
      p.push((cx + r * Math.cos(a)).toFixed(1) + "," + (cy + r * Math.sin(a)).toFixed(1));
    }
    return p.join(" ");
  }
  function hexagon(cx, cy, r) {
    var p = [];
    for (var i = 0; i < 6; i++) {
      var a = i * Math.PI / 3;
      p.push((cx + r * Math.cos(a)).toFixed(1) + "," + (cy + r * Math.sin(a)).toFixed(1));
    }
    return p.join(" ");
  }
  // A legend swatch drawn from the same visual table as the nodes (style.node_visual).
  function swatch(r) {
    var box = svg("svg", {width: 34, height: 24}), v = r.visual, shape;
    if (r.type === "edge") {
      shape = svg("line", {x1: 1, y1: 12, x2: 33, y2: 12, stroke: v.colour,
                           "stroke-width": Math.max(1, v.width), opacity: v.opacity});
      if (v.dashes) shape.setAttribute("stroke-dasharray", v.dashes.join(" "));
      box.appendChild(shape); box.setAttribute("data-kind", r.kind); return box;
    }
    var s = v.shape, c = 17, k = 9;
    if (s === "dot" || s === "circle" || s === "ellipse") shape = svg("circle", {cx: c, cy: 12, r: k});
    else if (s === "square" || s === "box") shape = svg("rect", {x: c - k, y: 12 - k, width: 2 * k, height: 2 * k});
    else if (s === "diamond") shape = svg("polygon", {points: [c, 1, c + 11, 12, c, 23, c - 11, 12].join(" ")});
    else if (s === "triangle") shape = svg("polygon", {points: [c, 1, c + 11, 21, c - 11, 21].join(" ")});
    else if (s === "triangleDown") shape = svg("polygon", {points: [c - 11, 3, c + 11, 3, c, 23].join(" ")});
    else if (s === "star") shape = svg("polygon", {points: star(c, 12, 11, 5)});
    else if (s === "hexagon") shape = svg("polygon", {points: hexagon(c, 12, 10)});
    else shape = svg("circle", {cx: c, cy: 12, r: k});
    shape.setAttribute("fill", v.colour);
    shape.setAttribute("stroke", v.border);
    shape.setAttribute("stroke-width", Math.min(5, v.borderWidth));
    shape.setAttribute("opacity", v.opacity);
    if (v.borderDashes) shape.setAttribute("stroke-dasharray", v.borderDashes.join(" "));
    box.appendChild(shape); box.setAttribute("data-shape", s);
    if (r.kind) box.setAttribute("data-kind", r.kind);
    return box;
  }

  document.getElementById("title").textContent = DATA.title;
  document.getElementById("subtitle").textContent = DATA.subtitle;
  var BYID = {}, ORIG = {}, GROUPS = {}, CLUSTER = {};
  DATA.nodes.forEach(function (n) {
    n.title = tip(n.info); BYID[n.id] = n; ORIG[n.id] = {x: n.x, y: n.y};
  });
  DATA.edges.forEach(function (e) { e.title = tip(e.info); });
  var nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges);
  var container = document.getElementById("net");
  timings.data = performance.now() - T0;
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.options);
  timings.network = performance.now() - T0;
  var state = {hover: null, selected: null, labels: [], expanded: []};
  window.govgraph = {network: network, nodes: nodes, edges: edges, stabilised: false,
                     labels: [], groups: GROUPS};

  // -- groups ----------------------------------------------------------------------------
  (DATA.groups || []).forEach(function (g) {
    var cid = "group:" + g.id, inside = {};
    g.members.forEach(function (m) { inside[m] = true; });
    if (g.hub) inside[g.hub] = true;
    g.cid = cid; g.inside = inside; GROUPS[cid] = g;
    CLUSTER[cid] = {id: cid, name: g.name + " (" + g.count + " school" + (g.count === 1 ? "" : "s") + ")",
                    prio: 6, size: 14 + 5 * Math.sqrt(g.count), group: g};
  });
  function collapse(g, refresh) {
    network.cluster({
      joinCondition: function (o) { return g.inside[o.id] === true; },
      clusterNodeProperties: {id: g.cid, label: "", shape: "dot", size: CLUSTER[g.cid].size, x: g.x, y: g.y,
                              borderWidth: 2, color: {background: g.colour, border: "#222222"},
                              title: tip([["group", g.name], ["kind", g.kind],
                                          ["schools", String(g.count)], ["click", "to expand"]])}
    }, refresh !== false);
  }
  function expand(cid) {
    if (!network.isCluster(cid)) return;
    network.openCluster(cid, {releaseFunction: function (c, inside) {
      var out = {};
      Object.keys(inside).forEach(function (id) { out[id] = ORIG[id] || inside[id]; });
      return out;
    }});
    state.expanded.push(cid);
    applyFilters();
  }
  function collapseAll() {  // one refresh at the end, not one per group
    (DATA.groups || []).forEach(function (g) { if (!network.isCluster(g.cid)) collapse(g, false); });
    network.body.emitter.emit("_dataChanged");
    state.expanded = [];
  }
  window.govgraph.expand = expand;
  window.govgraph.collapseAll = collapseAll;

  // -- labels ------------------------------------------------------------------------------
  function describe(id) {
    return CLUSTER[id] || BYID[id];
  }
  function short(t) { t = String(t); return t.length > 30 ? t.slice(0, 29) + "\u2026" : t; }
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }
  function drawLabels(ctx) {
    var scale = network.getScale(), dpr = window.devicePixelRatio || 1;
    var W = container.clientWidth, H = container.clientHeight, placed = [], cands = [];
    network.body.nodeIndices.forEach(function (id) {
      var n = network.body.nodes[id], d = describe(id);
      if (!n || !d || n.options.hidden) return;
      var p = network.canvasToDOM({x: n.x, y: n.y}), r = (d.size || 10) * scale;
      if (d.label) {  // drawn inside its box by vis-network: keep its place free
        var bb = network.getBoundingBox(id), a = network.canvasToDOM({x: bb.left, y: bb.top}),
            b = network.canvasToDOM({x: bb.right, y: bb.bottom});
        placed.push({id: id, x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y, text: d.label, own: true});
        return;
      }
      var rank = id === state.hover ? 100 : id === state.selected ? 90 : d.prio || 0;
      if (rank < 5 && r < 3.5) return;  // too small at this zoom: its label would be noise
      cands.push({id: id, p: p, r: r, rank: rank, text: short(d.name || id)});
    });
    cands.sort(function (a, b) { return b.rank - a.rank || b.r - a.r || (a.id < b.id ? -1 : 1); });
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.textBaseline = "top";
    var drawn = [];
    cands.forEach(function (c) {
      var size = c.rank >= 5 ? 13 : 11;
      ctx.font = (c.rank >= 6 ? "bold " : "") + size + "px sans-serif";
      var w = ctx.measureText(c.text).width + 4, h = size + 3;
      var box = {id: c.id, x: c.p.x - w / 2, y: c.p.y + c.r + 2, w: w, h: h, text: c.text};
      if (box.x < 0 || box.y < 0 || box.x + w > W || box.y + h > H) return;
      for (var i = 0; i < placed.length; i++) if (overlaps(box, placed[i])) return;
      placed.push(box); drawn.push(box);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.fillStyle = "#1a1a1a";
      ctx.strokeText(c.text, box.x + 2, box.y + 1);
      ctx.fillText(c.text, box.x + 2, box.y + 1);
    });
    ctx.restore();
    state.labels = placed;
    window.govgraph.labels = placed.map(function (b) {
      return {id: b.id, text: b.text, x: b.x, y: b.y, w: b.w, h: b.h};
    });
  }
  network.on("afterDrawing", drawLabels);
  network.on("hoverNode", function (p) { state.hover = p.node; network.redraw(); });
  network.on("blurNode", function () { state.hover = null; network.redraw(); });

  // -- details panel -----------------------------------------------------------------------
  function showDetails(id) {
    var box = document.getElementById("details"), d = describe(id);
    document.getElementById("details-head").hidden = !d;
    box.textContent = "";
    if (!d) return;
    if (d.group) {
      var g = d.group;
      box.appendChild(el("b", g.name));
      box.appendChild(el("div", g.kind + ": " + g.count + " school(s); click it to expand"));
      var ul = el("ul");
      g.members.forEach(function (m) { if (BYID[m]) ul.appendChild(el("li", BYID[m].name)); });
      box.appendChild(ul);
      return;
    }
    var t = el("table");
    (d.info || []).forEach(function (r) {
      var tr = el("tr"); tr.appendChild(el("td", r[0])); tr.appendChild(el("td", r[1]));
      t.appendChild(tr);
    });
    box.appendChild(t);
  }
  network.on("click", function (p) {
    if (!p.nodes.length) return;
    var id = p.nodes[0];
    if (network.isCluster(id)) { showDetails(id); expand(id); }
    else { state.selected = id; showDetails(id); }
    network.redraw();
  });
  network.on("doubleClick", function (p) {
    var n = p.nodes.length && BYID[p.nodes[0]];
    if (n && n.ggroup && GROUPS["group:" + n.ggroup]) collapse(GROUPS["group:" + n.ggroup]);
  });

  // -- search ------------------------------------------------------------------------------
  var names = document.getElementById("names"), seen = {};
  DATA.nodes.forEach(function (n) {
    if (seen[n.name] || DATA.nodes.length > 5000) return;
    seen[n.name] = true; var o = el("option"); o.value = n.name; names.appendChild(o);
  });
  function find(text) {
    var q = String(text || "").trim().toLowerCase(), msg = document.getElementById("find-msg");
    msg.textContent = "";
    if (!q) return null;
    var tests = [function (n) { return n.id.toLowerCase() === q || n.name.toLowerCase() === q; },
                 function (n) { return n.name.toLowerCase().indexOf(q) === 0; },
                 function (n) { return n.name.toLowerCase().indexOf(q) >= 0; }];
    for (var i = 0; i < tests.length; i++) {
      var hit = DATA.nodes.filter(tests[i]).sort(function (a, b) { return b.prio - a.prio; })[0];
      if (hit) { reveal(hit.id); return hit.id; }
    }
    msg.textContent = "nothing named " + text;
    return null;
  }
  function reveal(id) {
    var chain = network.findNode(id);
    for (var i = 0; i < chain.length - 1; i++) expand(chain[i]);
    if (BYID[id] && BYID[id].hidden) { nodes.update({id: id, hidden: false}); }
    state.selected = id;
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(1.0, network.getScale()), animation: false});
    showDetails(id);
    network.redraw();
  }
  document.getElementById("find").addEventListener("submit", function (e) {
    e.preventDefault(); find(document.getElementById("search").value);
  });
  window.govgraph.find = find;

  // -- legend and filters --------------------------------------------------------------------
  var legend = document.getElementById("legend"), filters = document.getElementById("filters");
  var off = {edge: {}, tier: {}, kind: {}, constituency: {}};
  function applyFilters() {
    var nu = [];
    DATA.nodes.forEach(function (n) {
      var hide = !!((n.body && n.tier && off.tier[n.tier]) || (n.body && off.kind[n.kind]) ||
                    (n.constituency && off.constituency[n.constituency]));
      if (!!n.hidden !== hide && network.findNode(n.id).length === 1) {
        n.hidden = hide; nu.push({id: n.id, hidden: hide});
      }
    });
    if (nu.length) nodes.update(nu);
    var eu = [];
    DATA.edges.forEach(function (e) {
      var hide = !!off.edge[e.kind];
      if (!!e.hidden !== hide) { e.hidden = hide; eu.push({id: e.id, hidden: hide}); }
    });
    if (eu.length) edges.update(eu);
  }
  window.govgraph.applyFilters = applyFilters;
  function facet(title, facetName, values, rows) {
    if (!values.length) return;
    var box = el("details", null, "facet"); box.open = facetName === "edge";
    box.appendChild(el("summary", title));
    values.forEach(function (v, i) {
      var label = el("label"), cb = el("input");
      cb.type = "checkbox"; cb.checked = true;
      cb.setAttribute("data-facet", facetName); cb.setAttribute("data-value", v);
      if (facetName === "edge") cb.setAttribute("data-kind", v);
      cb.addEventListener("change", function () { off[facetName][v] = !cb.checked; applyFilters(); });
      label.appendChild(cb);
      if (rows) label.appendChild(swatch(rows[i]));
      label.appendChild(el("span", rows ? rows[i].text : v));
      box.appendChild(label);
    });
    filters.appendChild(box);
  }
  var edgeRows = DATA.legend.filter(function (r) { return r.type === "edge"; });
  DATA.legend.forEach(function (r) {
    if (r.type === "edge") return;
    var row = el("div", null, "row");
    if (r.encodes) row.setAttribute("data-encodes", r.encodes + ":" + r.value);
    row.appendChild(swatch(r)); row.appendChild(el("span", r.text)); legend.appendChild(row);
  });
  if ((DATA.groups || []).length) {
    var gr = el("div", null, "row"), s = swatch({visual: {shape: "dot", colour: "#00838f",
      border: "#222222", borderWidth: 2, borderDashes: false, opacity: 1}});
    gr.appendChild(s); gr.appendChild(el("span", "Group of schools, sized by count (click to expand; double-click a member to fold)"));
    legend.appendChild(gr);
    var fold = el("button", "Fold all groups"); fold.addEventListener("click", collapseAll);
    legend.appendChild(fold);
  }
  facet("Relationships", "edge", edgeRows.map(function (r) { return r.kind; }), edgeRows);
  var F = DATA.filters || {};
  facet("Body tier", "tier", F.tier || []);
  facet("Body kind", "kind", F.kind || []);
  facet("Member constituency", "constituency", F.constituency || []);
  if (!filters.childNodes.length) document.getElementById("filters-head").hidden = true;

  // -- date slider: what did not hold on the chosen date fades, with the relationships of a
  // faded node (docs/time.md) ------------------------------------------------------------------
  var FADED = 0.12, DATES = DATA.dates || [];
  function holds(span, d) {   // the rule of VALID_FACT: from <= d < until; open ends hold
    return !d || !span || ((!span[0] || span[0] <= d) && (!span[1] || d < span[1]));
  }
  function setDate(d) {
    var nu = [], eu = [], faded = [], gone = {};
    DATA.nodes.forEach(function (n) {
      var on = holds(n.span, d), op = on ? n.opacity : FADED;
      if (!on) { faded.push(n.id); gone[n.id] = true; }
      if (n.shown !== op) { n.shown = op; nu.push({id: n.id, opacity: op}); }
    });
    DATA.edges.forEach(function (e) {
      var on = holds(e.span, d) && !gone[e.from] && !gone[e.to], op = on ? e.color.opacity : FADED;
      if (!on) faded.push(e.id);
      if (e.shown !== op) {
        e.shown = op;
        eu.push({id: e.id, color: {color: e.color.color, highlight: e.color.highlight, opacity: op}});
      }
    });
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
    window.govgraph.date = d || null;
    window.govgraph.faded = faded.sort();
    var shown = document.getElementById("date-value");
    if (shown) shown.textContent = d ? "as of " + d : "all dates";
  }
  window.govgraph.setDate = setDate;
  window.govgraph.faded = [];
  if (DATES.length) {
    var box = document.getElementById("date-box"), range = el("input");
    document.getElementById("date-head").hidden = false;
    range.type = "range"; range.min = "0"; range.max = String(DATES.length);
    range.value = String(DATES.length); range.id = "date"; range.setAttribute("aria-label", "Date");
    range.addEventListener("input", function () {
      var i = parseInt(range.value, 10);
      setDate(i < DATES.length ? DATES[i] : null);
    });
    box.appendChild(range); box.appendChild(el("div", "all dates")).id = "date-value";
    box.appendChild(el("div", DATES[0] + " to " + DATES[DATES.length - 1] + "; right end: all"));
    if (DATA.as_of) {  // --as-of: the page opens at that date
      range.value = String(DATES.indexOf(DATA.as_of));
      setDate(DATA.as_of);
    }
  }

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

  // -- start ---------------------------------------------------------------------------------
  collapseAll();
  timings.grouped = performance.now() - T0;
  function done() {
    if (window.govgraph.stabilised) return;
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    network.moveTo({scale: network.getScale() * 0.92, animation: false});  // room for labels
    var ids = Object.keys(network.getPositions()).sort();
    timings.ready = performance.now() - T0;
    window.govgraph.timings = timings;
    window.govgraph.stabilised = true;
    document.body.setAttribute("data-stabilised", "1");
    document.getElementById("govgraph-status").textContent =
      JSON.stringify({stabilised: true, count: DATA.nodes.length, shown: ids.length,
                      groups: (DATA.groups || []).length,
                      nodes: DATA.nodes.map(function (n) { return n.id; }).sort()});
  }
  if (DATA.physics) {
    network.once("stabilizationIterationsDone", done);
    network.once("stabilized", done);
  } else {
    done();
    network.redraw();
  }
})();
