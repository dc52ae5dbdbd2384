"""The register's seats (GIAS governance rows) as the board checks and the register's
representation read them, and what holding a seat on a date means: one reading and one
definition for both reports.

The seats come packed, one text per board, as the governance load keeps them
(loaders/seat_packs.py: nationally 20,000 values instead of 300,000 rows), or, in a store
without packs, one row per seat (board_checks_rows).

Dates as in every question (docs/time.md): a seat holds on a date D when start <= D < end;
no date means now (the seats whose end the extracts do not show).
"""
from __future__ import annotations

from functools import partial
from typing import NamedTuple

from graphmodel import queries as Q
from graphmodel.exc import GovgraphError
from loaders import seat_packs

NOT_PACKED = ("the seats were read one by one: this store has no packed seats (a governance "
              "load that did not finish, or a store loaded by an earlier govgraph); `govgraph "
              "load seat-packs` packs them (seconds), and this report then reads one value per "
              "board")


class Seat(NamedTuple):
    """One register seat (GIAS governance row) of a board, as loaders/seat_packs.FIELDS."""
    person: str
    gid: str
    role: str          # lower case: the rules compare roles, the reports never print them
    appointment: str
    start: str         # "" when the register gives no date
    end: str           # "" while the seat is open
    name: str          # the person's name, given for a chair of trustees only


class RegisterDataError(GovgraphError, ValueError):
    """A register seat the reports cannot read."""


def is_member(role: str | None) -> bool:
    """A seat among a trust's members (GIAS "Member", "Member - individual/organisation"), in
    any case: the one test of the interlocks (a trust's members are a board of their own) and
    the board checks; Cypher's is `toLower(m.role) STARTS WITH 'member'`."""
    return (role or "").lower().startswith("member")


def seat_order(s: Seat) -> tuple:
    """The packs' order: by person key, then GID (shorter first)."""
    return s.person, len(s.gid), s.gid


def holding(seats: list[Seat], day: str) -> list[Seat]:
    """The seats that hold on the day ('now': those whose end the extracts do not show)."""
    if day == "now":   # the same test: every start (a date or "") sorts before "now"
        return [s for s in seats if not s.end]
    return [s for s in seats if s.start <= day < (s.end or "open")]


def packed_rows(graph, keys: list[str] | None) -> list[dict]:
    """board_checks_packs for the boards in scope (all when None): board, board_name, kind
    and the pack."""
    return Q.run(graph, "board_checks_packs", {"boards": keys})


def unpacked(rows: list[dict]) -> dict[str, list[Seat]] | None:
    """The seats of each board_checks_packs row; None if a pack is of another format."""
    out = {}
    seat = partial(tuple.__new__, Seat)   # no Python call per seat: 300,000 nationally
    for r in rows:
        lines = seat_packs.seat_lines(r["seats"])
        if lines is None:
            return None
        out[r["board"]] = [seat(line.split("\t")) for line in lines]
    return out


def read_seats(graph, boards: list[str] | None) -> dict[str, list[Seat]]:
    """Every register seat of the boards in scope, whatever its dates, by board, one row per
    seat (a store without packs)."""
    try:
        rows = seat_packs.seat_rows(graph, boards)
    except seat_packs.UnreadableSeat as e:
        raise RegisterDataError(str(e)) from None
    seat = partial(tuple.__new__, Seat)
    return {board: sorted(map(seat, seats), key=seat_order) for board, seats in rows.items()}


def seats_by_board(graph, keys: list[str] | None) -> tuple[dict[str, str], dict[str, list[Seat]],
                                                           bool]:
    """The boards in scope with register seats: (their names, their seats whatever the dates,
    whether the seats came packed)."""
    rows = packed_rows(graph, keys)
    seats = unpacked(rows) if rows else None
    if seats is not None:
        return {r["board"]: r["board_name"] for r in rows}, seats, True
    seats = read_seats(graph, keys)
    names = {r["board"]: r["board_name"] for r in
             Q.run(graph, "board_checks_boards", {"keys": sorted(seats), "as_of": None})} \
        if seats else {}
    return names, seats, False


__all__ = ["NOT_PACKED", "RegisterDataError", "Seat", "holding", "is_member", "packed_rows",
           "read_seats", "seat_order", "seats_by_board", "unpacked"]
