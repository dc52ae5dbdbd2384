"""Local authority code lists onto the LocalAuthority nodes GIAS keys by DfE 3-digit code.

Two public lists, recognised by their header:
- the DfE/EduBase list (tab-separated `code`, `name`): every 3-digit LA code, including Welsh
  and pre-reorganisation ones, so that any code in a GIAS file has a named authority;
- mySociety's current UK councils (CSV): `old-ons-la-code` holds the DfE 3-digit code for
  upper-tier and unitary English councils; we take `gss-code` and `region` from it. Rows whose
  `old-ons-la-code` is not 3 digits (districts, other nations) are not DfE authorities and are
  left out.

Names: a list creates an authority it does not find (with its name and provenance) but never
renames one, since the GIAS register's own `LA (name)` is the current name; gss_code and region
are set on every load. The DfE list loads before mySociety's whatever the order given. A bad row
(code not 3 digits, empty name, repeated code) rejects the call: nothing is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from graphmodel.store import Graph

from .errors import LoadError, Problem
from .gias_batch import Batch, write_batch
from .gias_map import RowOps
from .gias_read import RowError, read_table, text
from .progress import running_total

_CODE = re.compile(r"^\d{3}$")


@dataclass
class LaCodesReport:
    file: str
    kind: str          # dfe or mysociety
    rows: int
    authorities: int   # rows naming a DfE authority (written)


def _kind(header: list[str]) -> str | None:
    cols = set(header)
    if {"code", "name"} <= cols:
        return "dfe"
    if {"old-ons-la-code", "gss-code", "nice-name"} <= cols:
        return "mysociety"
    return None


def _check_header(name: str, header: list[str]) -> None:
    if _kind(header) is None:
        raise LoadError([Problem(name, None, None, "not an LA code list: expected columns "
                                 "code, name (DfE) or old-ons-la-code, gss-code (mySociety)",
                                 "row")])


def _read(path: Path) -> tuple[str, list[str], list[tuple[int, dict]]]:
    t = read_table(path, what="a code list", tabs=True, check_header=_check_header)
    rows = []
    for n, fields in t.records:
        if len(fields) != len(t.header):
            raise LoadError([Problem(t.name, n, None, f"has {len(fields)} fields; the header "
                                     f"has {len(t.header)}", "row")])
        for col, v in zip(t.header, fields):
            if "\x00" in v:
                raise LoadError([Problem(t.name, n, col, "contains a NUL byte, which no "
                                         "store can hold", "row")])
        rows.append((n, dict(zip(t.header, fields))))
    return _kind(t.header), t.header, rows


def _map(kind: str, rec: dict, ops: RowOps) -> bool:
    """Add one row's authority to ops; False when the row names no DfE authority."""
    if kind == "dfe":
        code = text(rec["code"])
        if not code or not _CODE.match(code):
            raise RowError("code", f"not a 3-digit DfE LA code: {rec['code']!r}")
        name = text(rec["name"])
        if not name:
            raise RowError("name", "required value is empty")
        ops.ensure("LocalAuthority", code, {"code": code, "name": name, "scope": "register"})
        return True
    code = text(rec["old-ons-la-code"])
    if not code or not _CODE.match(code):
        return False
    name = text(rec.get("nice-name")) or text(rec.get("official-name"))
    if not name:
        raise RowError("nice-name", "required value is empty")
    ops.ensure("LocalAuthority", code, {"code": code, "name": name, "scope": "register"})
    ops.nodes[-1].props.update(gss_code=text(rec["gss-code"]), region=text(rec.get("region")))
    return True


def load_la_codes(graph: Graph, paths: Iterable[str | Path],
                  progress: Callable[[int, int], None] | None = None) -> list[LaCodesReport]:
    """Check every file, then write (DfE list first); LoadError names file, row and column."""
    files, problems = [], []
    for p in paths:
        path = Path(p)
        try:
            kind, _, rows = _read(path)
        except LoadError as e:
            problems.extend(e.problems)
            continue
        batch, seen, count = Batch(graph.model), {}, 0
        for n, rec in rows:
            ops = RowOps(path.name, f"row {n}")
            try:
                if not _map(kind, rec, ops):
                    continue
                code = ops.nodes[-1].key
                if code in seen:
                    raise RowError("code", f"duplicate code {code} (first at row {seen[code]})")
                seen[code] = n
                batch.add(ops)
                count += 1
            except RowError as e:
                problems.append(Problem(path.name, n, e.column, e.reason, "row"))
        files.append((kind, path, rows, batch, count))
    if problems:
        raise LoadError(problems)
    files.sort(key=lambda f: f[0] != "dfe")
    total = sum(b.node_count for *_, b, _ in files)
    advance = running_total(progress, total)
    graph.ensure_schema()
    reports = []
    for kind, path, rows, batch, count in files:
        write_batch(graph, batch, progress=advance)
        reports.append(LaCodesReport(path.name, kind, len(rows), count))
    return reports


__all__ = ["LaCodesReport", "load_la_codes"]
