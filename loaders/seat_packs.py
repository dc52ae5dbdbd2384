"""Each board's register seats packed in one text (Body.register_seats), so the board checks
read one value per board instead of one row per seat: nationally 20,000 values instead of
300,000 rows (benchmarks/README.md, "Board checks").

A pack is a cache of the board's MEMBER_OF seats that carry a GID, and the governance load is
what keeps it (repacking): load_gias drops every pack (one statement) before it writes a
governance file or re-dates an extract, and packs every board again (one statement) after its
last file, or after it fails: from the store's seats, or, when the load's one governance file
wrote every register seat the store holds (its first), from what it wrote (packs_of). Each
statement is all or nothing, so the store holds the packs of every board or of none: a load
killed between the two leaves none, and the board checks then read the seats one by one (and
say so). Nothing else in govgraph writes register seats.

A pack is a line naming its FORMAT, then one line per seat, ordered by person key, then GID
(shorter first); each line the FIELDS below, tab-separated, as seat_rows reads them. A seat
whose text holds a newline cannot be packed; then no board is.
"""
from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager, suppress

from graphmodel import queries as Q
from graphmodel.exc import GovgraphError
from graphmodel.store import Graph

FIELDS = ("person", "gid", "role", "appointment", "start", "end", "name")
FORMAT = "govgraph seats 1"   # a pack's first line: a pack of another format is not read
DROP = ("MATCH (b:Body) WHERE b.register_seats IS NOT NULL "
        "SET b.register_seats = null RETURN count(b) AS c")
WRITE = ("UNWIND $rows AS row MATCH (b:Body {key: row.board}) "
         "SET b.register_seats = row.seats RETURN count(b) AS c")


def drop(graph: Graph) -> int:
    """Remove every board's pack (before register seats change); return how many."""
    rows = graph.write(DROP)
    return rows[0]["c"] if rows else 0


class UnreadableSeat(ValueError):
    """A register seat with a tab in its texts: its fields cannot be told apart."""


def seat_rows(graph: Graph, boards: list[str] | None = None) -> dict[str, list[list[str]]]:
    """Every register seat of these boards (all when None), whatever its dates, by board: its
    FIELDS as the question board_checks_rows gives them, the role in lower case (Python's: the
    engines lower some letters differently). What the packs hold, and what the board checks
    read in a store without packs."""
    out: dict[str, list[list[str]]] = defaultdict(list)
    for r in Q.run(graph, "board_checks_rows", {"boards": boards}):
        parts = r["seat"].split("\t")
        if len(parts) != len(FIELDS) + 1:
            raise UnreadableSeat(f"register seat {parts[2] if len(parts) > 2 else r['seat']!r}"
                                 ": a tab in its role, appointment or name; cannot read it")
        parts[3] = parts[3].lower()
        out[parts[0]].append(parts[1:])
    return out


def _order(seat: list[str]) -> tuple:
    return seat[0], len(seat[1]), seat[1]   # person, then GID (shorter first)


def packs(graph: Graph) -> dict[str, str] | None:
    """Every board's pack, built from its seats in the store; None if a seat cannot be packed."""
    try:
        rows = seat_rows(graph)
    except UnreadableSeat:
        return None
    return _built(rows)


def packs_of(memberships: dict[str, list[dict]], names: dict[str, str]) -> dict[str, str] | None:
    """The packs of a load that wrote every register seat of the store (gias_people.People:
    MEMBER_OF rows by board label; names: person key -> name), built from what it wrote instead
    of read back: what packs() would build after it (tests/test_seat_packs.py compares them on
    both backends), without reading 300,000 seats. None if a seat cannot be packed."""
    rows: dict[str, list[list[str]]] = defaultdict(list)
    for label_rows in memberships.values():
        for r in label_rows:
            p = r["props"]
            role = (p.get("role") or "").lower()
            seat = [r["from"], r["gid"], role, p.get("appointment") or "other",
                    p.get("start") or "", p.get("end") or "",
                    (names.get(r["from"]) or "") if role == "chair of trustees" else ""]
            if any("\t" in f for f in seat):
                return None
            rows[r["to"]].append(seat)
    return _built(rows)


def _built(rows: dict[str, list[list[str]]]) -> dict[str, str] | None:
    built = {}
    for board, seats in rows.items():
        lines = ["\t".join(seat) for seat in sorted(seats, key=_order)]
        if any("\n" in line for line in lines):
            return None
        built[board] = "\n".join([FORMAT, *lines])
    return built


def rebuild(graph: Graph, built: dict[str, str] | None = None) -> int:
    """Write every board's pack from the seats in the store (or these packs, packs_of's), in
    one statement; return how many boards were packed (0 when there are no register seats, or
    one cannot be packed: then the store keeps no packs)."""
    try:
        return repack(graph, built)
    except UnpackableSeats:
        return 0


class UnpackableSeats(GovgraphError, ValueError):
    """A register seat holds a tab or a line break: no board is packed."""


def repack(graph: Graph, built: dict[str, str] | None = None) -> int:
    """rebuild for `govgraph load seat-packs`: the same, but a seat that cannot be packed is an
    error that says so (the store then keeps no packs)."""
    if built is None:
        built = packs(graph)
    if not built:
        drop(graph)
        if built is None:
            raise UnpackableSeats(
                "no board packed: a register seat holds a tab or a line break in its role, "
                "appointment or name; the board checks and report register read the seats one "
                "by one (slower, the same answers)")
        return 0
    rows = [{"board": b, "seats": s} for b, s in sorted(built.items())]
    return graph.write(WRITE, {"rows": rows})[0]["c"]


class Packing:
    """What repacking did: how many boards it packed (set when the block has run). The block
    may set `built` (packs_of) when what it wrote is every register seat of the store."""
    boards: int = 0
    built: dict[str, str] | None = None


@contextmanager
def repacking(graph: Graph, seats_change: bool = True):
    """Drop every pack, run the block (the writes of register seats), then pack every board
    again (the Packing it yields then says how many). After a block that fails the boards are
    packed too, so the packs describe the seats it left; if that fails as well (the store has
    gone), the store keeps no packs, which is safe. An interrupt (Ctrl-C) is not delayed by
    packing."""
    packing = Packing()
    if not seats_change:
        yield packing
        return
    drop(graph)
    try:
        yield packing
    except Exception:
        with suppress(Exception):   # the block's own error is the one to report
            rebuild(graph)
        raise
    packing.boards = rebuild(graph, packing.built)


def seat_lines(text: str) -> list[str] | None:
    """A pack's seat lines (each FIELDS joined by tabs); None for a pack of another format
    (written by another version of govgraph)."""
    lines = text.split("\n")
    if lines[0] != FORMAT:
        return None
    del lines[0]
    return lines


def unpack(text: str) -> list[list[str]] | None:
    """A pack's seats, each its FIELDS in order ("" for an absent date or name); None for a
    pack of another format."""
    lines = seat_lines(text)
    return None if lines is None else [line.split("\t") for line in lines]


__all__ = ["FIELDS", "FORMAT", "UnpackableSeats", "UnreadableSeat", "drop", "packs", "packs_of",
           "rebuild", "repack", "repacking", "seat_lines", "seat_rows", "unpack"]
