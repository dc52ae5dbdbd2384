"""Exports written one batch at a time: GraphML, GEXF and CSV for Gephi, yEd, R or a spreadsheet.

Why: a whole national store must export in seconds with memory bounded by a batch, so nodes
are read in key order a page at a time (`viz_node_page`), each page's outgoing relationships
are read by their start keys (`viz_edges_from`), and each batch is written out before the next
is read. Attribute declarations come from the schema (every property the store may hold, with
its type), so they can be written before the first node. Every value keeps its type: lists
(of strings) are written as JSON arrays, so they read back exactly; each relationship's own
`source` and `source_ref` stay properties, while its ends have their own columns.
"""
from __future__ import annotations

import csv
import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Callable, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from graphmodel import default_model, queries
from graphmodel.exc import GovgraphError
from graphmodel.gc_pause import paused_gc
from graphmodel.model import without_derived

from .style import node_label

BATCH = 5000
# XML 1.0 forbids these characters even escaped; they are dropped from exports.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Schema property type -> (GraphML attr.type, GEXF type)
_TYPES = {"string": ("string", "string"), "date": ("string", "string"),
          "list": ("string", "string"), "integer": ("long", "long"),
          "float": ("double", "double"), "boolean": ("boolean", "boolean")}
NODE_EXTRA = {"node_label": "string", "node_labels": "list"}  # written for every node
EDGE_EXTRA = {"rel_type": "string"}


def declared_properties() -> tuple[dict[str, str], dict[str, str]]:
    """(node properties, relationship properties) -> schema type, from the schema.

    A name with different types on different labels is declared as a string.
    """
    m = default_model()

    def merge(groups: Iterable[dict]) -> dict[str, str]:
        out: dict[str, str] = {"source": "string", "source_ref": "string",
                               "evidence": "string"}
        for props in groups:
            for name, p in props.items():
                out[name] = p.type if out.get(name, p.type) == p.type else "string"
        return out
    nodes = merge(l.properties for l in m.labels.values())
    for name in ("key", *m.derived_property_names()):   # caches are not exported
        nodes.pop(name, None)
    return {**NODE_EXTRA, **nodes}, {**EDGE_EXTRA, **merge(r.properties
                                                             for r in m.relationships.values())}


def text(v) -> str:
    """A property value as text: lists as JSON arrays, booleans true/false, dates ISO."""
    if type(v) is str:
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return json.dumps(list(v), ensure_ascii=False)
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


# Anything that needs escaping or dropping in XML text or attributes (most values need none).
_XML_SPECIAL = re.compile('[&<>"\x00-\x1f\ufffe\uffff]')


def _xml(v) -> str:
    """Element text."""
    t = v if type(v) is str else text(v)
    return escape(_XML_ILLEGAL.sub("", t)) if _XML_SPECIAL.search(t) else t


def _attr(v) -> str:
    """A quoted attribute value."""
    t = v if type(v) is str else text(v)
    return quoteattr(_XML_ILLEGAL.sub("", t)) if _XML_SPECIAL.search(t) else f'"{t}"'


# -- reading in batches -----------------------------------------------------------------------
class Pages:
    """Node rows a batch at a time, remembering each batch's key range for its relationships.

    The whole store is paged by key (`viz_node_page`: each page sorts node references only and
    reads the properties of its own nodes); an authority's view by its list of keys. With a
    date (`as_of`), only the nodes that exist on it and the relationships that hold on it
    between them (docs/time.md); without one, everything the store holds.
    """

    def __init__(self, graph, keys: list[str] | None = None, batch: int = BATCH,
                 as_of: str | None = None):
        self.graph, self.keys, self.batch = graph, keys, batch
        self.ranges: list[tuple[str, str]] = []   # (after, last) of each page read
        self.when = {"dated": True, "as_of": as_of} if as_of else {}

    def nodes(self) -> Iterator[list[dict]]:
        if self.keys is not None:
            for i in range(0, len(self.keys), self.batch):
                rows = queries.run(self.graph, "viz_nodes", {"keys": self.keys[i:i + self.batch],
                                                             **self.when})
                if rows:
                    self.ranges.append((self.keys[i:i + self.batch], None))
                    yield rows
            return
        after = ""
        while True:
            rows = queries.run(self.graph, "viz_node_page", {"after": after, "limit": self.batch,
                                                          **self.when})
            if not rows:
                return
            self.ranges.append((after, rows[-1]["key"]))
            yield rows
            if len(rows) < self.batch:
                return
            after = rows[-1]["key"]

    def edges_of(self, rng) -> list[dict]:
        """The relationships starting at one page's nodes (within the view, for --la)."""
        if self.keys is not None:
            return queries.run(self.graph, "viz_edges_from", {"keys": rng[0], "within": self.keys,
                                                              **self.when})
        return queries.run(self.graph, "viz_edge_page", {"after": rng[0], "last": rng[1],
                                                         **self.when})

    def edges(self) -> Iterator[list[dict]]:
        """Relationships page by page, after nodes() has run (a second pass)."""
        for rng in list(self.ranges):
            rows = self.edges_of(rng)
            if rows:
                yield rows

    def both(self) -> Iterator[tuple[list[dict], list[dict]]]:
        """(nodes, their outgoing relationships) page by page, in one pass, read ahead."""
        def pages():
            for rows in self.nodes():
                yield rows, self.edges_of(self.ranges[-1])
        return read_ahead(pages())


_END = object()


def read_ahead(items: Iterator) -> Iterator:
    """The items of `items`, each next one read in a worker thread while the caller writes
    this one: the server answers the next page meanwhile (two pages in memory at most). Only
    the worker reads; an error there is raised here."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="govgraph-read-ahead") as pool:
        ahead = pool.submit(next, items, _END)
        while (item := ahead.result()) is not _END:
            ahead = pool.submit(next, items, _END)
            yield item


def _node_data(r: dict, declared: dict) -> dict:
    props = {k: v for k, v in without_derived(r["props"]).items() if k != "key"}
    if props.keys() - declared.keys():
        _undeclared(props, declared, f"node {r['key']!r}")
    return {"node_label": node_label(r["labels"]), "node_labels": list(r["labels"]), **props}


def _edge_data(r: dict, declared: dict) -> dict:
    props = {k: v for k, v in (r["props"] or {}).items() if v is not None}
    if props.keys() - declared.keys():
        _undeclared(props, declared, f"{r['type']} {r['source']!r}->{r['target']!r}")
    return {"rel_type": r["type"], **props}


def _undeclared(props: dict, declared: dict, where: str) -> None:
    extra = sorted(props.keys() - declared.keys())
    raise GovgraphError(f"{where}: property {', '.join(extra)} is not in the schema, so "
                        "an export would lose it (add it to graphmodel/schema.yaml)")


class Counts:
    def __init__(self):
        self.nodes = self.edges = 0


# -- GraphML ------------------------------------------------------------------------------------
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def graphml_id(key: str) -> str:
    """A node key as a GraphML node id. The published schema types ids as xs:NMTOKEN (no '/',
    no space), so ASCII letters, digits, '.', '-' and '_' pass and any other character c
    becomes ':<hex of c>:'. Stateless, so a streamed edge names its ends without a lookup
    table; reversible (graphml_key); the key itself is also the node's `key` data."""
    return _ID_UNSAFE.sub(_hex_escape, key)


def _hex_escape(m: re.Match) -> str:
    return f":{ord(m.group()):x}:"


def graphml_key(node_id: str) -> str:
    return re.sub(r":([0-9a-f]+):", lambda m: chr(int(m.group(1), 16)), node_id)


@paused_gc()
def write_graphml(f, graph, keys=None, batch: int = BATCH, progress: Callable | None = None,
                  as_of: str | None = None) -> Counts:
    """GraphML with one <key> per (domain, name): ids n_<name> for nodes, e_<name> for edges;
    node ids from graphml_id, the store key in the node's `key` data (valid to graphml.xsd)."""
    nprops, eprops = declared_properties()
    nprops = {"key": "string", **nprops}
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<graphml xmlns="{GRAPHML_NS}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n')
    for domain, props, prefix in (("node", nprops, "n"), ("edge", eprops, "e")):
        for name, typ in props.items():
            f.write(f'  <key id={quoteattr(f"{prefix}_{name}")} for="{domain}" '
                    f'attr.name={quoteattr(name)} attr.type="{_TYPES[typ][0]}"/>\n')
    f.write('  <graph id="govgraph" edgedefault="directed">\n')
    c = Counts()
    # Each page's nodes, then their relationships: GraphML allows any order (an edge may name
    # a node written later), so one pass over the store is enough.
    for rows, rels in Pages(graph, keys, batch, as_of).both():
        out = []
        for r in rows:
            out.append(f'    <node id={_attr(graphml_id(r["key"]))}>')
            out += [f'<data key="n_{k}">{_xml(v)}</data>'
                    for k, v in {"key": r["key"], **_node_data(r, nprops)}.items() if k in nprops]
            out.append("</node>\n")
        c.nodes += len(rows)
        for r in rels:
            out.append(f'    <edge id="e{c.edges}" source={_attr(graphml_id(r["source"]))} '
                       f'target={_attr(graphml_id(r["target"]))}>')
            out += [f'<data key="e_{k}">{_xml(v)}</data>' for k, v in _edge_data(r, eprops).items()
                    if k in eprops]
            out.append("</edge>\n")
            c.edges += 1
        f.write("".join(out))
        if progress:
            progress(len(rows))
    f.write("  </graph>\n</graphml>\n")
    return c


# -- GEXF ---------------------------------------------------------------------------------------
GEXF_NS = "http://www.gexf.net/1.2draft"


@paused_gc()
def write_gexf(f, graph, keys=None, batch: int = BATCH, progress: Callable | None = None,
               as_of: str | None = None) -> Counts:
    """GEXF 1.2: declared attributes by number, node label = name, edge label = type."""
    nprops, eprops = declared_properties()
    nid = {name: str(i) for i, name in enumerate(nprops)}
    eid = {name: str(i) for i, name in enumerate(eprops)}
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.2">\n'
            '  <meta><creator>govgraph</creator></meta>\n'
            '  <graph defaultedgetype="directed" mode="static">\n')
    for cls, props, ids in (("node", nprops, nid), ("edge", eprops, eid)):
        f.write(f'    <attributes class="{cls}" mode="static">\n')
        for name, typ in props.items():
            f.write(f'      <attribute id="{ids[name]}" title={quoteattr(name)} '
                    f'type="{_TYPES[typ][1]}"/>\n')
        f.write("    </attributes>\n")
    c = Counts()
    f.write("    <nodes>\n")
    pages = Pages(graph, keys, batch, as_of)
    for rows in read_ahead(pages.nodes()):
        out = []
        for r in rows:
            d = _node_data(r, nprops)
            label = _XML_ILLEGAL.sub("", str(d.get("name") or r["key"]))
            out.append(f'      <node id={_attr(r["key"])} '
                       f'label={_attr(label)}><attvalues>')
            out += [f'<attvalue for="{nid[k]}" value={_attr(v)}/>'
                    for k, v in d.items() if k in nid]
            out.append("</attvalues></node>\n")
        f.write("".join(out))
        c.nodes += len(rows)
        if progress:
            progress(len(rows))
    f.write("    </nodes>\n    <edges>\n")
    for rows in read_ahead(pages.edges()):
        out = []
        for r in rows:
            d = _edge_data(r, eprops)
            out.append(f'      <edge id="{c.edges}" source={_attr(r["source"])} '
                       f'target={_attr(r["target"])} label={quoteattr(r["type"])}><attvalues>')
            out += [f'<attvalue for="{eid[k]}" value={_attr(v)}/>'
                    for k, v in d.items() if k in eid]
            out.append("</attvalues></edge>\n")
            c.edges += 1
        f.write("".join(out))
    f.write("    </edges>\n  </graph>\n</gexf>\n")
    return c


# -- CSV ----------------------------------------------------------------------------------------
NODE_COLUMNS_FIRST = ["key", "node_label", "node_labels", "name"]
EDGE_COLUMNS_FIRST = ["start_key", "end_key", "rel_type"]


def csv_columns() -> tuple[list[str], list[str]]:
    nprops, eprops = declared_properties()
    ncols = NODE_COLUMNS_FIRST + sorted(set(nprops) - set(NODE_COLUMNS_FIRST))
    ecols = EDGE_COLUMNS_FIRST + sorted(set(eprops) - set(EDGE_COLUMNS_FIRST))
    return ncols, ecols


@paused_gc()
def write_csv(nodes_f, edges_f, graph, keys=None, batch: int = BATCH,
              progress: Callable | None = None, as_of: str | None = None) -> Counts:
    """nodes.csv (key, labels, every property) and edges.csv (start_key, end_key, rel_type,
    every property of the relationship itself, `source` and `source_ref` included)."""
    nprops, eprops = declared_properties()
    ncols, ecols = csv_columns()
    nw, ew = csv.writer(nodes_f), csv.writer(edges_f)
    nw.writerow(ncols)
    ew.writerow(ecols)
    c = Counts()
    for rows, rels in Pages(graph, keys, batch, as_of).both():
        for r in rows:
            d = {**_node_data(r, nprops), "key": r["key"]}
            nw.writerow(["" if d.get(k) is None else text(d[k]) for k in ncols])
        for r in rels:
            d = {**_edge_data(r, eprops), "start_key": r["source"], "end_key": r["target"]}
            ew.writerow(["" if d.get(k) is None else text(d[k]) for k in ecols])
        c.nodes += len(rows)
        c.edges += len(rels)
        if progress:
            progress(len(rows))
    return c
