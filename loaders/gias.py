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

Extract dates: a file's date is the YYYYMMDD in its name, else extract_date (--extract-date);
a file with neither is refused, never dated today. Memberships and GOVERNS carry `extract_date`,
the last extract that listed them. A wrongly dated extract is re-dated with replace=OLD_DATE
(gias_dates).

Re-loading is idempotent (MERGE on keys) and extracts load in any order (docs/time.md): a fact's
values come from the newest extract that wrote them (`extract_date`; an older extract loaded
later never overwrites them), and every fact carries `first_seen` / `last_seen`, the dates of
the first and last extract that listed it. A group links file is taken as the whole register:
a membership's `end` is the date of the first complete group links extract after its last_seen
that does not list it, and its `start` its joined date (else its first_seen); the GOVERNS of
its trust or federation follow it (rebuild_history). close_ended=False marks a partial download,
whose absences prove nothing.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from graphmodel.gc_pause import paused_gc
from graphmodel.model import Model
from graphmodel.store import DEFAULT_BATCH, Graph
from graphmodel.writer import properties_by_key
from graphmodel.writer_new import Known, exclusive_load

from .errors import LoadError, Problem
from .gias_batch import Batch, write_batch
from .gias_dates import redate
from .gias_history import KEEP_OPEN, rebuild_history, rebuild_seat_history
from .gias_people import resolve_file
from .gias_map import GROUP_LABELS, MAPPERS, Context, Row, RowOps, group_key
from .gias_read import RawFile, RowError, extract_date_from_name, nul_column, read_file, \
    text, write_rejects
from . import seat_packs
from .progress import running_total


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
    listings: list = field(default_factory=list)  # a governance file's good rows (resolve.Listing)

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


def source_of(name: str, date: str) -> str:
    """The provenance text of every fact from one extract file."""
    return f"{name} (GIAS extract {date})"


@paused_gc()
def parse_gias(paths: Iterable[str | Path], model: Model, *, extract_date=None,
               graph: Graph | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[ParsedFile]:
    """Read, check and map every file (no writes), in load order; bad rows are recorded.

    Each file's extract date is the YYYYMMDD date in its name, else extract_date; a file with
    neither is refused (a wrong date would close memberships wrongly), never given today's.
    graph (optional) answers what governance rows refer to: groups and school names already
    in the store. Whole-file problems (unreadable, unknown kind, missing column) raise LoadError.
    progress(rows checked, source rows) is called as rows are checked.
    """
    given = _as_date(extract_date)
    raws, whole = [], []
    for p in paths:
        try:
            raws.append(read_file(p))
        except LoadError as e:
            whole.extend(e.problems)
    if whole:
        raise LoadError(whole)
    dated, undated = [], []
    for r in raws:
        named = extract_date_from_name(r.name)  # a dated name wins: it is the file's own
        if named or given:
            dated.append(((named or given).isoformat(), r))
        else:  # refused below, after its rows are checked too (all problems in one answer)
            undated.append(r.name)
            dated.append(("", r))
    if undated:
        whole.append(Problem(", ".join(undated), None, None, "no extract date: the file name "
                             "carries no YYYYMMDD date; give it with --extract-date YYYY-MM-DD "
                             "(the day the extract was downloaded from GIAS)", where="row"))
    dated.sort(key=lambda d: (d[1].kind.order, d[0]))  # by kind, then oldest extract first
    total = sum(len(raw.records) for _, raw in dated)
    tick = running_total(progress, total)
    ctx = Context()
    written: set[tuple[str, str]] = set()  # nodes the files before this one write
    out = []
    for date, raw in dated:
        pf = ParsedFile(raw, date, source_of(raw.name, date), Batch(model, written))
        ctx.accepted = pf.batch.has
        if raw.kind.name == "governance" and graph is not None:
            _lookup_store(graph, raw, ctx)
        if raw.kind.name == "links":
            ctx.link_names = _link_names(raw, ctx)
        _map_file(pf, ctx, tick)
        written.update((label, key) for label, rows in pf.batch.nodes.items() for key in rows)
        out.append(pf)
    if whole:
        raise LoadError(whole + [p for pf in out for p in pf.problems])
    return out


def _map_file(pf: ParsedFile, ctx: Context, tick: Callable[[int], None]) -> None:
    raw, kind = pf.raw, pf.raw.kind
    index = raw.column_index()
    width = len(raw.header)
    key_cols = [index[c] for c in kind.row_key]
    mapper = MAPPERS[kind.name]
    seen: dict[tuple, int] = {}
    for n, fields in raw.records:
        pf.rows += 1
        if not pf.rows % 2000:
            tick(2000)

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
        ops = RowOps(pf.source, f"row {n}", pf.extract_date or None)
        try:
            mapper(Row(fields, index), ops, ctx)
            pf.batch.add(ops)
            if ops.listing is not None:
                pf.listings.append(ops.listing)
            for node in ops.nodes:
                if node.label in GROUP_LABELS and node.key.startswith("group/"):
                    ctx.group_labels[node.key] = node.label
        except RowError as e:
            bad(e.column, e.reason)
            if kind.name == "group_links":
                _keep_open(pf, ident)
    tick(pf.rows % 2000)


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
        for r in properties_by_key(graph, "School", urns, ["name"]):
            ctx.school_names[r["key"]] = r["name"]


@exclusive_load
@paused_gc()
def load_gias(graph: Graph, paths: Iterable[str | Path], *, skip_bad_rows: bool = False,
              extract_date=None, progress: Callable[[int, int], None] | None = None,
              checking: Callable[[int, int], None] | None = None,
              reject_dir: str | Path | None = None, close_ended: bool = True,
              batch_size: int = DEFAULT_BATCH, replace=None) -> list[GiasReport]:
    """Load GIAS files (any order, kinds detected); return one report per file, in load order.

    extract_date (date or yyyy-mm-dd) dates files whose names carry no YYYYMMDD date; a file
    with neither is refused. checking(rows, total) follows the check of source rows, then
    progress(rows, total) their writing: both count source rows, total known from the start.
    replace (a date) re-dates the facts of the extract loaded under that date to these files'
    date first (gias_dates.redate): the way out of a load given the wrong date.
    """
    parsed = parse_gias(paths, graph.model, extract_date=extract_date, graph=graph,
                        progress=checking)
    rejected = [p for pf in parsed for p in pf.problems]
    if rejected and not skip_bad_rows:
        raise LoadError(rejected)
    graph.ensure_schema()
    dates = sorted({pf.extract_date for pf in parsed})
    if replace is not None and len(dates) != 1:
        raise LoadError([Problem(", ".join(pf.raw.name for pf in parsed), None, None,
                                 f"--replace needs files of one extract date, not "
                                 f"{', '.join(dates)}", where="row")])
    seats = replace is not None or any(pf.raw.kind.name == "governance" for pf in parsed)
    with seat_packs.repacking(graph, seats) as packing:   # seats change: packed again after
        if replace is not None:
            redate(graph, _as_date(replace).isoformat(), dates[0])
        reports = _write_files(graph, parsed, progress, reject_dir, close_ended, batch_size,
                               packing if replace is None else None)
    last = [r for r in reports if r.kind == "governance"][-1:]
    for r in last:   # the pause after the progress bar ends, said
        r.note = f"{r.note}; " if r.note else ""
        r.note += (f"the seats of {packing.boards:,} boards packed for the board checks"
                   if packing.boards else "no seats packed: the board checks read them one "
                   "by one (docs/board-checks.md)")
    return reports


def _write_files(graph: Graph, parsed: list[ParsedFile], progress, reject_dir, close_ended: bool,
                 batch_size: int, packing=None) -> list[GiasReport]:
    """Write the checked files in load order; one report per file. packing (seat_packs) takes
    the packs of a governance file that wrote every register seat of the store."""
    governance_files = sum(pf.raw.kind.name == "governance" for pf in parsed)
    total = sum(pf.rows for pf in parsed)
    base = 0
    reports = []
    for pf in parsed:
        people = resolve_file(graph, pf) if pf.raw.kind.name == "governance" else None
        elements = max(1, pf.batch.node_count + pf.batch.rel_count)
        written = 0

        def advance(n: int, pf=pf, elements=elements) -> None:
            # source rows done: this file's share of its graph elements written so far
            nonlocal written
            written += n
            if progress:
                progress(base + pf.rows * min(written, elements) // elements, total)

        rejects = write_rejects(pf.raw, pf.bad, reject_dir) if pf.bad else None
        links = pf.raw.kind.name == "group_links"
        full = links and close_ended and not pf.closing_unsafe
        known = Known()  # ids of the nodes written: the people's memberships attach by id
        nodes, rels = write_batch(graph, pf.batch, batch_size, advance,
                                  dated=(pf.extract_date, full), known=known)
        closed, note = 0, None
        if links:
            if full and pf.keep_open:
                keep = [dict(zip(("s", "b"), k.split("|", 1))) for k in pf.keep_open]
                graph.write(KEEP_OPEN, {"keep": keep, "date": pf.extract_date})
            if close_ended and pf.closing_unsafe:
                note = ("ended memberships not closed: a bad row names no school and group, so "
                        "absence from this file proves nothing")
            closed = rebuild_history(graph)
        if people is not None:  # appointments resolved into people (gias_people)
            rels += people.write(graph, batch_size, known)
            note = people.summary
            # a store with no register seats before this file holds only its seats, whose ends
            # map_governance set as the history would (one extract): nothing to move
            closed = rebuild_seat_history(graph) if people.reloaded else 0
            if packing is not None and not people.reloaded and governance_files == 1:
                packing.built = seat_packs.packs_of(people.memberships, people.names)
        base += pf.rows
        if progress:
            progress(base, total)
        reports.append(GiasReport(pf.raw.name, pf.raw.kind.name, pf.extract_date, pf.rows,
                                  pf.rows - len(pf.bad), len(pf.bad), nodes, rels, closed,
                                  rejects, note))
    return reports


__all__ = ["GiasReport", "ParsedFile", "load_gias", "parse_gias", "rebuild_history",
           "source_of"]
