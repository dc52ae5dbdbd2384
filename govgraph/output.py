"""Rows out: tables for people (rich, fitted to the terminal), CSV or JSON for programs.

Tables never cut a cell: long text wraps inside its column, a list shows one item a line
(names contain commas, so no separator would be safe), and a table too wide for the terminal
is turned on its side (one column per row, a few rows at a time) rather than wrapped into noise.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import textwrap
from typing import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "csv", "json")
BULLET = "•"
# A table is for reading: past this many rows it shows the first ones and says how many more
# there are (CSV and JSON, for programs, always hold every row).
TABLE_ROWS = 200


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 body', '2 bodies', '20,274 boards': a count with its noun, for messages people read."""
    if n == 1:
        return f"{n} {singular}"
    if plural_form is None:
        if singular.endswith("y") and singular[-2:-1] not in tuple("aeiou"):
            plural_form = singular[:-1] + "ies"
        elif singular.endswith(("s", "x", "ch", "sh")):
            plural_form = singular + "es"
        else:
            plural_form = singular + "s"
    return f"{n:,} {plural_form}"


def wrap(text: str, width: int | None = None, indent: str = "") -> str:
    """A sentence for people, wrapped to the terminal (continuation lines under the first's text)."""
    return textwrap.fill(text, width or terminal_width(), subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def terminal_width() -> int:
    """The width to fit: $COLUMNS, else the terminal's, else 100 when output is not a terminal."""
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        # two decimals, but a small number that is not zero never prints as 0.00
        return f"{v:.2g}" if 0 < abs(v) < 0.005 else f"{v:.2f}"
    if isinstance(v, (list, tuple)):
        return ", ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


class _Items:
    """A list cell: one item a line, each after a bullet, wrapped lines indented under it."""

    def __init__(self, items):
        self.items = [_cell(x) for x in items]

    def __str__(self) -> str:
        return "\n".join(f"{BULLET} {x}" for x in self.items)

    def __rich_console__(self, console, options):
        # Wrapped here as plain text, not as a grid of bullets and items: a table nested in each
        # cell was most of a 300-row table's layout time (rich renders each grid row by row).
        width = max(3, options.max_width)
        lines = []
        for x in self.items:
            lines += textwrap.wrap(x, width, initial_indent=f"{BULLET} ", subsequent_indent="  ",
                                   break_on_hyphens=False, drop_whitespace=True) or [BULLET]
        yield Text("\n".join(lines), no_wrap=True, overflow="fold")

    def __rich_measure__(self, console, options):
        words = [cell_len(w) for x in self.items for w in x.split()] or [0]
        return Measurement(min(max(words) + 2, options.max_width),
                           min(max(cell_len(x) for x in self.items) + 2, options.max_width))


def _table_cell(v):
    if isinstance(v, (list, tuple)):
        return "" if not v else _cell(v[0]) if len(v) == 1 else _Items(v)
    return _cell(v)


def render(rows: Sequence[dict], fmt: str = "table", columns: Sequence[str] | None = None,
           max_width: int | None = None, width: int | None = None,
           max_rows: int | None = TABLE_ROWS) -> str:
    """Rows as a table (fitted to `width`, default the terminal's), CSV or JSON.

    max_width caps how wide one column may grow before its text wraps (nothing is cut). A table
    of more than max_rows rows shows the first max_rows and a line saying how many it leaves out
    (a national answer of 13,000 rows is unreadable as a table, and took a minute to lay out).
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], indent=2,
                          ensure_ascii=False, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_csv_cell(r.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    if max_rows is not None and len(rows) > max_rows:
        return (table(rows[:max_rows], columns, width or terminal_width(), max_width) + "\n"
                + wrap(f"... the first {max_rows:,} of {len(rows):,} rows; --format csv or "
                       "--format json gives every row", width))
    return table(rows, columns, width or terminal_width(), max_width)


def table(rows: Sequence[dict], columns: Sequence[str], width: int,
          max_width: int | None = None) -> str:
    """The widest readable layout that fits: rows across, else rows turned into columns."""
    numeric = [all(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool)
                   for r in rows if r.get(c) is not None) for c in columns]
    cells = [[_table_cell(r.get(c)) for c in columns] for r in rows]
    across = _across(columns, cells, numeric)
    if _fit(across, width, max_width):
        return _print([across], width)
    # Too wide: one column per row, as many rows side by side as fit (at least one).
    key = _key_column(cells)
    # each row needs a column of at least one character and a separator: no more than
    # width // 2 fit. Whether the first `per` rows fit only gets harder as `per` grows (each
    # adds a column), so the most that fit is found by halving (a step down at a time laid out
    # up to 40 tables for an 80-column terminal)
    lo, hi = 1, min(len(rows), max(1, width // 2))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fit(_sideways(columns, cells[:mid], key), width, max_width):
            lo = mid
        else:
            hi = mid - 1
    per = lo
    tables = [_sideways(columns, cells[i:i + per], key) for i in range(0, len(cells), per)]
    for t in tables:
        _fit(t, width, max_width)
    return _print(tables, width)


def _fit(t: Table, width: int, max_width: int | None) -> bool:
    """Set column widths so that no word is split: False when even the longest words do not fit
    side by side. Rows get a line between them once any cell wraps."""
    longest_word = []
    longest_line = []
    for col in t.columns:
        texts = [str(col.header), *(str(c) for c in col.cells)]
        longest_word.append(max([cell_len(w) for x in texts for w in x.split()] + [1]))
        longest_line.append(max([cell_len(line) for x in texts for line in x.splitlines()] + [1]))
        if any(isinstance(c, _Items) for c in col.cells):   # a wrapped item keeps its indent
            longest_word[-1] += 2
    if max_width:
        longest_line = [max(lw, min(ll, max_width)) for lw, ll in zip(longest_word, longest_line)]
    room = width - _frame_width(t)
    if sum(longest_word) > room:
        return False
    widths = list(longest_line)
    if sum(longest_line) > room:
        # every column gets its longest word; the rest is shared so that short columns get
        # all they need and the long ones split what remains evenly (water filling)
        spare = room - sum(longest_word)
        need = {i: ll - lw for i, (lw, ll) in enumerate(zip(longest_word, longest_line))}
        widths = list(longest_word)
        for k, i in enumerate(sorted(need, key=need.get)):
            give = min(need[i], spare // (len(need) - k))
            widths[i] += give
            spare -= give
    for col, w in zip(t.columns, widths):
        col.width = w
    t.show_lines = t.show_lines or any(w < ll for w, ll in zip(widths, longest_line))
    return True


def _frame_width(t: Table) -> int:
    """Characters a table adds around its cells (padding, separators), measured by rich."""
    return _frame(len(t.columns))


@functools.lru_cache(maxsize=None)
def _frame(ncols: int) -> int:
    """The frame of a table of ncols columns: every table here is drawn alike (_new_table), so
    it depends on the count alone, and measuring it once per count keeps the sideways search
    from laying out a probe table at each step (two thirds of an 80-column render)."""
    probe = _new_table(False)
    probe.show_header = False
    for _ in range(ncols):
        probe.add_column(no_wrap=True)
    probe.add_row(*("x" * ncols))
    console = Console(file=io.StringIO(), width=10_000, color_system=None)
    console.print(probe)
    return max(len(line) for line in console.file.getvalue().splitlines()) - ncols


def _header(c: str) -> str:
    return c.replace("_", " ")


def _new_table(multiline: bool) -> Table:
    return Table(box=box.SIMPLE_HEAD, show_lines=multiline, pad_edge=False, expand=False,
                 header_style=None, safe_box=True)


def _across(columns, cells, numeric) -> Table:
    t = _new_table(any("\n" in str(v) for row in cells for v in row))
    for c, num in zip(columns, numeric):
        t.add_column(_header(c), justify="right" if num else "left", overflow="fold")
    for row in cells:
        t.add_row(*row)
    return t


def _key_column(cells) -> int:
    """The first column whose values tell the rows apart (a body, not its repeated authority)."""
    for i in range(len(cells[0])):
        if any(isinstance(row[i], _Items) for row in cells):   # a list makes a poor heading
            continue
        vals = [str(row[i]) for row in cells]
        if all(vals) and len(set(vals)) == len(vals):
            return i
    return 0


def _sideways(columns, cells, key: int) -> Table:
    """Fields down the side, one column per row headed by the field that tells rows apart."""
    t = _new_table(True)
    t.add_column("", overflow="fold")
    for row in cells:
        t.add_column(str(row[key]), overflow="fold")
    for i, c in enumerate(columns):
        if i != key:
            t.add_row(_header(c), *(row[i] for row in cells))
    return t


def _print(tables, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False,
                      emoji=False, markup=False, soft_wrap=False)
    for i, t in enumerate(tables):
        if i:
            console.print()
        console.print(t)
    text = console.file.getvalue()
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())


def _csv_cell(v):
    if isinstance(v, (list, tuple)):
        return ";".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v
