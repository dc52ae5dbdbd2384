"""Board checks on the register: each rule from a published handbook or regulation, each flag
naming the GIAS rows (GIDs) behind it. Sources, dates and wording: docs/board-checks.md.

The seats come from the question board_checks_rows (one packed string per appointment: the
client parses one value per row instead of eight), the trust employees among them from
board_checks_employees and the local governing bodies' parent seats from
board_checks_lgb_parents; the rules are applied here, next to their citations, and only here
(a second copy written in Cypher was slower on FalkorDB and was removed: docs/board-checks.md).

Dates as in every question (docs/time.md): a seat is current when it holds on the date
(start <= D < end), over when its end is on or before D; no date means now. A board is
checked when one of its seats had begun by the date.
"""
from __future__ import annotations

from collections import defaultdict

from graphmodel import queries as Q
from graphmodel.exc import GovgraphError
from graphmodel.gc_pause import paused_gc

from .reports import Report

TRUSTEE_ROLES = ("trustee", "chair of trustees")
EMPLOYEE_ROLES = ("accounting officer", "chief financial officer", "chief executive")
LOCAL_ROLES = ("local governor", "chair of local governing body", "shared local governor",
               "shared chair of local governing body")
REQUIRED_PLACES = {"elected_parent": 2, "elected_staff": 1, "ex_officio_head": 1,
                   "la_appointed": 1}
PLACE_NAMES = {"elected_parent": "parent governors", "elected_staff": "a staff governor",
               "ex_officio_head": "the headteacher", "la_appointed": "a local authority governor"}
# The citation each flag prints. docs/board-checks.md quotes each value word for word, says
# where and when (2026-11-30) it was checked, and tests/test_board_checks.py holds the two equal.
RULES = {
    "chair_is_member": "inferred from Academy Trust Handbook, part 1, paras 1.6-1.7 (no "
                       "paragraph names the chair)",
    "members_not_independent": "Academy Trust Handbook, part 1, para 1.6 (most members should "
                               "not be trustees)",
    "fewer_than_three_members": "Academy Trust Handbook, part 1, para 1.3 (at least three "
                                "members)",
    "employees_on_board": "Academy Trust Handbook, part 1, paras 1.8-1.26 (trustees; paragraph "
                          "not retrieved)",
    "parent_seats": "DfE model articles of association, parent trustees (article not verified)",
    "constitution_places": "School Governance (Constitution) (England) Regulations 2012, "
                           "reg. 13(3); federations: School Governance (Federations) (England) "
                           "Regulations 2012, reg. 21(3)",
    "term_ended": "Constitution Regulations 2012, part 4 (tenure; regulation not retrieved); "
                  "academy articles",
}


class _Seat:
    __slots__ = ("person", "name", "role", "appointment", "gid", "start", "end")

    def __init__(self, person, name, role, appointment, gid, start, end):
        self.person, self.name, self.role = person, name, role
        self.appointment, self.gid, self.start, self.end = appointment, gid, start, end


def _seat_order(s: _Seat) -> tuple:
    return s.person, len(s.gid or ""), s.gid or ""


def board_type(kind: str, seats: list[_Seat]) -> str:
    roles = {s.role.lower() for s in seats}
    if kind == "trust":
        return "trust board"
    if kind == "federation":
        return "federation governing body"
    if roles & {"trustee", "chair of trustees", "member"}:
        return "single-academy trust board"
    if roles & set(LOCAL_ROLES):
        return "local governing body"
    return "maintained governing body"


def required_places(btype: str, schools: int) -> dict[str, int]:
    """The places a maintained board's constitution requires: a school's (Constitution
    Regulations 2012, reg. 13(3)), or a federation's: one parent governor for each of its
    schools (Federations Regulations 2012, reg. 21(3)(a)), the head teacher of each school
    (21(3)(b); one person may head several, so at least one is asked), one staff and one LA
    governor."""
    if btype != "federation governing body":
        return REQUIRED_PLACES
    return {**REQUIRED_PLACES, "elected_parent": max(1, schools)}


def _flag(out, board, name, btype, rule, detail, gids):
    out.append({"board": board, "board_name": name, "board_type": btype, "check": rule,
                "detail": detail, "gids": sorted(set(gids), key=lambda g: (len(g), g)),
                "source": RULES[rule]})


def check_board(board: str, name: str, btype: str, seats: list[_Seat], as_of: str,
                employee_gids: dict[str, list[str]], parents_elsewhere: bool | None,
                schools: int = 1) -> list[dict]:
    """The flags of one board. parents_elsewhere: the other half of the parent rule (two parent
    trustees, or two parents on each local governing body): for a trust board, whether every
    local governing body has two; for a local governing body, whether its trust's board has two.
    schools: how many schools a federation governs (one parent governor for each)."""
    out: list[dict] = []
    day = as_of or "now"
    current = holding(seats, day)
    by_person: dict[str, list[_Seat]] = defaultdict(list)
    for s in current:
        by_person[s.person].append(s)

    def holders(pred) -> dict[str, list[_Seat]]:
        return {p: [s for s in ss if pred(s)] for p, ss in by_person.items()
                if any(pred(s) for s in ss)}

    if btype in ("trust board", "single-academy trust board"):
        members = holders(lambda s: s.role.lower().startswith("member"))
        trustees = holders(lambda s: s.role.lower() in TRUSTEE_ROLES)
        chairs = holders(lambda s: s.role.lower() == "chair of trustees")
        for p in chairs:
            if p in members:
                _flag(out, board, name, btype, "chair_is_member",
                      f"the chair of trustees ({chairs[p][0].name}) is also a member",
                      [s.gid for s in chairs[p] + members[p]])
        both = [p for p in members if p in trustees]
        if members and len(both) * 2 >= len(members):   # most must be independent: half is not
            _flag(out, board, name, btype, "members_not_independent",
                  f"{len(both)} of {len(members)} members are also trustees",
                  [s.gid for p in both for s in members[p] + trustees[p]])
        if len(members) < 3:
            _flag(out, board, name, btype, "fewer_than_three_members",
                  f"{len(members)} member(s) listed", [s.gid for ss in members.values()
                                                       for s in ss])
        employees = []
        for p, ss in trustees.items():
            emp = [s.gid for s in by_person[p] if s.role.lower() in EMPLOYEE_ROLES]
            emp += employee_gids.get(p, [])
            if emp:
                employees.append((p, [s.gid for s in ss] + emp))
        if len(employees) > 1:
            _flag(out, board, name, btype, "employees_on_board",
                  f"{len(employees)} trustees are employees of the trust (chief executive, "
                  "finance officer, a head or staff governor of its academies)",
                  [g for _, gs in employees for g in gs])
        parents = parent_trustees(current)
        if len(parents) < 2 and not parents_elsewhere:
            _flag(out, board, name, btype, "parent_seats",
                  f"{len(parents)} parent trustee(s), and not every local governing body has "
                  "two parent members", [s.gid for s in parents] or
                  [s.gid for ss in trustees.values() for s in ss])
    elif btype == "local governing body":
        parents = [s for s in current if s.appointment == "elected_parent"]
        if len(parents) < 2 and not parents_elsewhere:
            _flag(out, board, name, btype, "parent_seats",
                  f"{len(parents)} parent seat(s) on the local governing body, and fewer than "
                  "two parent trustees on its trust's board",
                  [s.gid for s in parents] or [s.gid for s in current])
    else:  # maintained (or federated) governing body
        voting = [s for s in current if s.appointment != "other" or "governor" in s.role.lower()]
        missing = []
        for place, need in required_places(btype, schools).items():
            have = sum(1 for s in voting if s.appointment == place)
            if have < need:
                missing.append(f"{PLACE_NAMES[place]} ({have} of {need})")
        if missing:
            _flag(out, board, name, btype, "constitution_places",
                  "missing " + ", ".join(missing), [s.gid for s in voting])
    ended = [s for s in seats if s.end and s.end <= day
             and not any(c.person == s.person for c in current)]
    if ended:
        _flag(out, board, name, btype, "term_ended",
              f"{len(ended)} term(s) ended by {day} and not renewed", [s.gid for s in ended])
    return out


@paused_gc()  # national: seats by the hundred thousand (graphmodel.gc_pause)
def board_checks(graph, la: str | None = None, group: str | None = None,
                 as_of: str | None = None) -> Report:
    """Flags per board against the published rules (docs/board-checks.md)."""
    from .register import scope

    boards = scope(graph, la, group)
    employees: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for r in Q.run(graph, "board_checks_employees", {"boards": boards, "as_of": as_of}):
        employees[r["board"]][r["person_key"]] = list(r["gids"])
    seats = read_seats(graph, boards)
    day = as_of or "now"
    seats = {k: ss for k, ss in seats.items() if any((s.start or "") <= day for s in ss)}
    boards = {}
    for r in (Q.run(graph, "board_checks_boards", {"keys": sorted(seats), "as_of": as_of})
              if seats else []):
        boards[r["board"]] = {"name": r["board_name"], "kind": r["kind"], "schools": r["schools"],
                              "seats": sorted(seats[r["board"]], key=_seat_order),
                              "employees": employees[r["board"]]}
    if not boards:
        return flags_report([], 0, as_of)
    types = {k: board_type(b["kind"], b["seats"]) for k, b in boards.items()}
    flags: list[dict] = []
    elsewhere = _parents_elsewhere(graph, boards, types, as_of)
    for key in sorted(boards):
        b = boards[key]
        flags.extend(check_board(key, b["name"], types[key], b["seats"], as_of, b["employees"],
                                 elsewhere.get(key), b["schools"]))
    return flags_report(flags, len(boards), as_of)


def flags_report(flags: list[dict], checked: int, as_of: str | None) -> Report:
    """The board-checks report: the flags, how many boards were checked, and the notes."""
    if not checked:
        return Report("Which boards fail a published governance rule?", ["board"], [],
                      notes=["no register appointments (GIAS governance) in the store"
                             + (f" holding on {as_of}" if as_of else "")])
    counts = defaultdict(int)
    for f in flags:
        counts[f["check"]] += 1
    notes = [f"{checked} boards checked as of {as_of or 'now'}; flags: " +
             (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"),
             "seats count when they hold on the date (docs/time.md); rules and sources: "
             "docs/board-checks.md (the register says nothing of employment beyond roles; "
             "see the caveats there)"]
    return Report("Which boards fail a published governance rule, and which GIAS rows show it?",
                  ["board", "board_name", "board_type", "check", "detail", "gids", "source"],
                  flags, sorted({f["board"] for f in flags}), notes)


def read_seats(graph, boards: list[str] | None) -> dict[str, list[_Seat]]:
    """Every register seat of the boards in scope, whatever its dates, by board."""
    seats: dict[str, list[_Seat]] = defaultdict(list)
    for r in Q.run(graph, "board_checks_rows", {"boards": boards}):
        parts = r["seat"].split("\t")
        if len(parts) != 8:
            raise RegisterDataError(f"register seat {parts[2] if len(parts) > 2 else r['seat']!r}"
                                    ": a tab in its role, appointment or name; cannot read it")
        board, person, gid, role, appointment, start, end, name = parts
        seats[board].append(_Seat(person, name, role, appointment, gid, start or None,
                                  end or None))
    return seats


class RegisterDataError(GovgraphError, ValueError):
    """A register seat the board checks cannot read."""


def holding(seats: list[_Seat], day: str) -> list[_Seat]:
    """The seats that hold on the day ('now': those whose end the extracts do not show)."""
    return [s for s in seats if (s.start or "") <= day < (s.end or "open")]


def parent_trustees(current: list[_Seat]) -> list[_Seat]:
    """A trust board's current parent trustees (seats), as the parent rule counts them."""
    return [s for s in current
            if s.role.lower() in TRUSTEE_ROLES and s.appointment == "elected_parent"]


def _parents_elsewhere(graph, boards: dict, types: dict[str, str],
                       as_of: str | None) -> dict[str, bool]:
    """The other half of the parent rule, per board: for a trust board, whether every local
    governing body of its academies has two current parent seats; for a local governing body,
    whether its trust's board has two parent trustees (a trust is in scope whenever one of its
    local governing bodies is: interlocks_scope)."""
    trusts = [k for k, t in types.items() if t == "trust board"]
    if not trusts:
        return {}
    day = as_of or "now"
    out: dict[str, bool] = {}
    for r in Q.run(graph, "board_checks_lgb_parents", {"keys": trusts, "as_of": as_of}):
        out[r["trust"]] = bool(r["bodies"]) and r["fewest"] >= 2
        if len(parent_trustees(holding(boards[r["trust"]]["seats"], day))) >= 2:
            for lgb in r["body_keys"]:
                out[lgb] = True
    return out


__all__ = ["RULES", "RegisterDataError", "board_checks", "check_board", "read_seats"]
