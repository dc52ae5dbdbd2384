"""Get Information about Schools (GIAS) register files into the graph.

    from loaders.gias import load_gias
    with Graph.open() as g:
        load_gias(g, ["edubasealldata20240129.csv", "allgroupsdata20240129.csv",
                      "alllinksdata20240129.csv", "links_edubasealldata20240129.csv"])

Each file's kind is read from its header (establishments, groups, group links, establishment
links, governance), in either the raw GIAS format or the re-saved 2022 national files
(gias_read). Files load in dependency order (establishments, groups, group links, links,
governance) whatever order they are given in. The mapping to the schema, and who owns which
node, is documented in gias_map; the governance mapping table in gias_gov.

All or nothing by default: every file is read and checked whole before the first write; a row
that cannot be read (bad URN or date, a missing required value, a wrong number of fields, a
repeated row key) is a Problem naming file, row and column, and any problem rejects the call
with a LoadError listing them, with nothing written. With skip_bad_rows=True the good rows load
and the bad ones go to "<file>.bad.csv" with "<file>.bad-report.txt" (gias_read.write_rejects).

Re-loading is idempotent (MERGE on keys, SET += of the owner's facts). A group links file is
taken as the whole register: memberships loaded from an earlier group links extract and absent
from this one get `end` = this extract's date, as do the GOVERNS of their trust or federation
(close_ended=False turns this off, e.g. for a partial download). Files of one kind load oldest
extract first, and a group links extract older than the store's newest is refused, since it would
re-open memberships that have since ended.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from graphmodel.model import Model
from graphmodel.store import Graph

from .errors import LoadError, Problem
from .gias_batch import BATCH_SIZE, Batch, write_batch
from .gias_map import GROUP_LABELS, MAPPERS, Context, Row, RowOps, group_key
from .gias_read import RawFile, RowError, extract_date_from_name, nul_column, read_file, \
    text, write_rejects

# Memberships (and their GOVERNS) from an earlier group links extract, absent from this one.
# The extract date is the last 10 characters of `source`: "<file> (GIAS extract yyyy-mm-dd)".
_EARLIER = ("{v}.end IS NULL AND {v}.source <> $source AND {v}.source CONTAINS '(GIAS extract ' "
            "AND (CASE WHEN size({v}.source) > 11 THEN substring({v}.source, size({v}.source) - 11,"
            " 10) ELSE '' END) < $date AND NOT (s.key + '|' + b.key) IN $keep")
CLOSE_MEMBERSHIPS = ("MATCH (s:School)-[r:MEMBER_INSTITUTION]->(b:Body) "
                     "WHERE r.group_type IS NOT NULL AND " + _EARLIER.format(v="r") +
                     " SET r.end = $date RETURN count(r) AS closed")
CLOSE_GOVERNS = ("MATCH (b:Body)-[g:GOVERNS]->(s:School) "
                 "WHERE (b:Trust OR b:FederatedGoverningBody) AND " + _EARLIER.format(v="g") +
                 " SET g.end = $date RETURN count(g) AS closed")
NEWEST_LINKS = ("MATCH (:School)-[r:MEMBER_INSTITUTION]->(:Body) WHERE r.group_type IS NOT NULL "
                "AND r.source CONTAINS '(GIAS extract ' AND size(r.source) > 11 "
                "RETURN max(substring(r.source, size(r.source) - 11, 10)) AS newest")
SCHOOL_NAMES = "UNWIND $keys AS k MATCH (s:School {key: k}) RETURN k AS key, s.name AS name"


@dataclass
class ParsedFile:
    raw: RawFile
    extract_date: str
    source: str
    batch: Batch
    rows: int = 0
    bad: dict[int, list[Problem]] = field(default_factory=dict)
    keep_open: list[str] = field(default_factory=list)   # URN|group key of bad link rows
    closing_unsafe: bool = False   # a bad link row whose school or group cannot be told

    @property
    def problems(self) -> list[Problem]:
        return [p for n in sorted(self.bad) for p in self.bad[n]]


@dataclass
class GiasReport:
    file: str
    kind: str
    extract_date: str
    rows: int
    loaded: int
    bad: int
    nodes: int
    relationships: int
    closed: int = 0
    rejects: tuple[Path, Path] | None = None
    note: str | None = None


def _as_date(value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"extract date must be yyyy-mm-dd, got {value!r}") from None


def parse_gias(paths: Iterable[str | Path], model: Model, *, extract_date=None,
               graph: Graph | None = None) -> list[ParsedFile]:
    """Read, check and map every file (no writes), in load order; bad rows are recorded.

    graph (optional) answers what governance rows refer to: groups and school names already
    in the store. Whole-file problems (unreadable, unknown kind, missing column) raise LoadError.
    """
    fallback = _as_date(extract_date) or _dt.date.today()
    raws, whole = [], []
    for p in paths:
        try:
            raws.append(read_file(p))
        except LoadError as e:
            whole.extend(e.problems)
    if whole:
        raise LoadError(whole)
    dated = [((extract_date_from_name(r.name) or fallback).isoformat(), r) for r in raws]
    dated.sort(key=lambda d: (d[1].kind.order, d[0]))  # by kind, then oldest extract first
    ctx = Context()
    written: set[tuple[str, str]] = set()  # nodes the files before this one write
    out = []
    for date, raw in dated:
        pf = ParsedFile(raw, date, f"{raw.name} (GIAS extract {date})", Batch(model, written))
        if raw.kind.name == "governance" and graph is not None:
            _lookup_store(graph, raw, ctx)
        if raw.kind.name == "links":
            ctx.link_names = _link_names(raw, ctx)
        _map_file(pf, ctx)
        written.update((label, key) for label, rows in pf.batch.nodes.items() for key in rows)
        out.append(pf)
    return out


def _map_file(pf: ParsedFile, ctx: Context) -> None:
    raw, kind = pf.raw, pf.raw.kind
    index = raw.column_index()
    width = len(raw.header)
    key_cols = [index[c] for c in kind.row_key]
    mapper = MAPPERS[kind.name]
    seen: dict[tuple, int] = {}
    for n, fields in raw.records:
        pf.rows += 1

        def bad(column, reason, n=n):
            pf.bad.setdefault(n, []).append(Problem(raw.name, n, column, reason, where="row"))

        if len(fields) != width:
            bad(None, f"has {len(fields)} fields; the header has {width}")
            pf.closing_unsafe |= kind.name == "group_links"
            continue
        if raw.nul and (col := nul_column(raw, fields)) is not None:
            bad(col, "contains a NUL byte, which no store can hold")
            pf.closing_unsafe |= kind.name == "group_links"
            continue
        ident = tuple(text(fields[i]) for i in key_cols)
        if ident in seen:
            bad(kind.row_key[0], "duplicate row: " + ", ".join(
                f"{c}={v}" for c, v in zip(kind.row_key, ident)) + f" (first at row {seen[ident]})")
            continue
        seen[ident] = n
        ops = RowOps(pf.source, f"row {n}")
        try:
            mapper(Row(fields, index), ops, ctx)
            pf.batch.add(ops)
            for node in ops.nodes:
                if node.label in GROUP_LABELS and node.key.startswith("group/"):
                    ctx.group_labels[node.key] = node.label
        except RowError as e:
            bad(e.column, e.reason)
            if kind.name == "group_links":
                _keep_open(pf, ident)


def _keep_open(pf: ParsedFile, ident: tuple) -> None:
    """A bad group-links row must not close the membership it would have renewed."""
    urn, uid = ident
    if urn and uid and urn.isdigit() and uid.isdigit():
        pf.keep_open.append(f"{int(urn)}|{group_key(int(uid))}")
    else:
        pf.closing_unsafe = True


def _link_names(raw: RawFile, ctx: Context) -> dict[str, str]:
    """School names an establishment links file gives (as LinkName of the other end)."""
    index = raw.column_index()
    i, j = index["LinkURN"], index["LinkName"]
    names = dict(ctx.school_names)
    for _, fields in raw.records:
        if len(fields) == len(raw.header):
            urn, name = text(fields[i]), text(fields[j])
            if urn and name and urn.isdigit():
                names.setdefault(str(int(urn)), name)
    return names


def _lookup_store(graph: Graph, raw: RawFile, ctx: Context) -> None:
    """Groups (by UID) and school names (by URN) a governance file refers to, from the store."""
    index = raw.column_index()
    uids, urns = set(), set()
    for _, fields in raw.records:
        if len(fields) != len(raw.header):
            continue
        uid, urn = text(fields[index["UID"]]), text(fields[index["URN"]])
        if uid and uid.isdigit() and group_key(int(uid)) not in ctx.group_labels:
            uids.add(group_key(int(uid)))
        if urn and urn.isdigit() and str(int(urn)) not in ctx.school_names:
            urns.add(str(int(urn)))
    for key, labels in graph.existing_keys(uids).items():
        found = [l for l in labels if l in GROUP_LABELS]
        if found:
            ctx.group_labels[key] = found[0]
    if urns:
        for r in graph.read(SCHOOL_NAMES, {"keys": sorted(urns)}):
            ctx.school_names[r["key"]] = r["name"]


def _newest_links_extract(graph: Graph) -> str | None:
    rows = graph.read(NEWEST_LINKS)
    return rows[0]["newest"] if rows else None


def load_gias(graph: Graph, paths: Iterable[str | Path], *, skip_bad_rows: bool = False,
              extract_date=None, progress: Callable[[int, int], None] | None = None,
              reject_dir: str | Path | None = None, close_ended: bool = True,
              batch_size: int = BATCH_SIZE) -> list[GiasReport]:
    """Load GIAS files (any order, kinds detected); return one report per file, in load order.

    extract_date (date or yyyy-mm-dd) is used for files whose names carry no YYYYMMDD date
    (default: today). progress(done, total) is called after each written batch.
    """
    parsed = parse_gias(paths, graph.model, extract_date=extract_date, graph=graph)
    rejected = [p for pf in parsed for p in pf.problems]
    if rejected and not skip_bad_rows:
        raise LoadError(rejected)
    graph.ensure_schema()
    newest = _newest_links_extract(graph) if close_ended and any(
        pf.raw.kind.name == "group_links" for pf in parsed) else None
    newer = [Problem(pf.raw.name, None, None, f"the store holds memberships from a newer group "
                     f"links extract ({newest}) than this one ({pf.extract_date}): load extracts "
                     "in date order (or pass close_ended=False)", where="row")
             for pf in parsed
             if pf.raw.kind.name == "group_links" and newest and newest > pf.extract_date]
    if newer:
        raise LoadError(newer)
    total = sum(pf.batch.node_count + pf.batch.rel_count for pf in parsed)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    reports = []
    for pf in parsed:
        rejects = write_rejects(pf.raw, pf.bad, reject_dir) if pf.bad else None
        nodes, rels = write_batch(graph, pf.batch, batch_size, advance)
        closed, note = 0, None
        if pf.raw.kind.name == "group_links" and close_ended:
            if pf.closing_unsafe:
                note = ("ended memberships not closed: a bad row names no school and group, so "
                        "absence from this file proves nothing")
            else:
                params = {"source": pf.source, "date": pf.extract_date, "keep": pf.keep_open}
                closed = graph.write(CLOSE_MEMBERSHIPS, params)[0]["closed"]
                graph.write(CLOSE_GOVERNS, params)
        reports.append(GiasReport(pf.raw.name, pf.raw.kind.name, pf.extract_date, pf.rows,
                                  pf.rows - len(pf.bad), len(pf.bad), nodes, rels, closed,
                                  rejects, note))
    return reports


__all__ = ["GiasReport", "ParsedFile", "load_gias", "parse_gias"]
