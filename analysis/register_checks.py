"""Board checks on the register: each rule from a published handbook or regulation, each flag
naming the GIAS rows (GIDs) behind it. Sources, dates and wording: docs/board-checks.md.

The seats come as analysis/register_seats.py reads them (packed per board, or one row per
seat); the trust employees among them come from board_checks_employees and each trust's local
governing bodies from board_checks_trust_bodies (their parent seats are counted here, from their
seats); the rules are applied here, next to their citations, and only here (a second copy
written in Cypher was slower on FalkorDB and was removed: docs/board-checks.md).

Dates as in every question (docs/time.md): a seat is current when it holds on the date
(start <= D < end), over when its end is on or before D; no date means now. A board is
checked when one of its seats had begun by the date.
"""
from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from graphmodel import queries as Q
from graphmodel.gc_pause import paused_gc

from .register_seats import NOT_PACKED, RegisterDataError, Seat, holding, is_member, \
    packed_rows, read_seats, unpacked
from .reports import Report

TRUSTEE_ROLES = ("trustee", "chair of trustees")
EMPLOYEE_ROLES = ("accounting officer", "chief financial officer", "chief executive")
LOCAL_ROLES = ("local governor", "chair of local governing body", "shared local governor",
               "shared chair of local governing body")
LOCAL_ROLE_SET = frozenset(LOCAL_ROLES)
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


def board_type(kind: str, seats: list[Seat]) -> str:
    if kind == "trust":
        return "trust board"
    if kind == "federation":
        return "federation governing body"
    roles = {s.role for s in seats}
    if any(r in TRUSTEE_ROLES or is_member(r) for r in roles):
        return "single-academy trust board"
    if roles & LOCAL_ROLE_SET:
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
    gids = sorted(set(gids))
    gids.sort(key=len)   # stable: by length, then as text (GIDs are numbers)
    out.append({"board": board, "board_name": name, "board_type": btype, "check": rule,
                "detail": detail, "gids": gids, "source": RULES[rule]})


def _trust_board(out, board, name, btype, current, employee_gids, parents_elsewhere):
    """The rules of a trust's (or a single-academy trust's) board, on its current seats."""
    by_person: dict[str, list[Seat]] = {}
    members: dict[str, list[Seat]] = {}
    trustees: dict[str, list[Seat]] = {}
    chairs: dict[str, list[Seat]] = {}
    for s in current:   # in person order: the dicts list people as the seats do
        by_person.setdefault(s.person, []).append(s)
        if is_member(s.role):
            members.setdefault(s.person, []).append(s)
        if s.role in TRUSTEE_ROLES:
            trustees.setdefault(s.person, []).append(s)
            if s.role == "chair of trustees":
                chairs.setdefault(s.person, []).append(s)
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
              f"{len(members)} member(s) listed", [s.gid for ss in members.values() for s in ss])
    employees = []
    for p, ss in trustees.items():
        emp = [s.gid for s in by_person[p] if s.role in EMPLOYEE_ROLES]
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


def check_board(board: str, name: str, btype: str, seats: list[Seat], as_of: str | None,
                employee_gids: dict[str, list[str]], parents_elsewhere: bool | None,
                schools: int = 1, current: list[Seat] | None = None) -> list[dict]:
    """The flags of one board. parents_elsewhere: the other half of the parent rule (two parent
    trustees, or two parents on each local governing body): for a trust board, whether every
    local governing body has two; for a local governing body, whether its trust's board has two.
    schools: how many schools a federation governs (one parent governor for each). current:
    the seats holding on the date, when already found."""
    out: list[dict] = []
    day = as_of or "now"
    if current is None:
        current = holding(seats, day)
    if btype in ("trust board", "single-academy trust board"):
        _trust_board(out, board, name, btype, current, employee_gids, parents_elsewhere)
    elif btype == "local governing body":
        parents = [s for s in current if s.appointment == "elected_parent"]
        if len(parents) < 2 and not parents_elsewhere:
            _flag(out, board, name, btype, "parent_seats",
                  f"{len(parents)} parent seat(s) on the local governing body, and fewer than "
                  "two parent trustees on its trust's board",
                  [s.gid for s in parents] or [s.gid for s in current])
    else:  # maintained (or federated) governing body
        voting = [s for s in current if s.appointment != "other" or "governor" in s.role]
        places = [s.appointment for s in voting]
        missing = [f"{PLACE_NAMES[place]} ({have} of {need})"
                   for place, need in required_places(btype, schools).items()
                   if (have := places.count(place)) < need]
        if missing:
            _flag(out, board, name, btype, "constitution_places",
                  "missing " + ", ".join(missing), [s.gid for s in voting])
    if len(current) == len(seats):   # every seat holds: none has ended
        return out
    holders = {s.person for s in current}
    ended = [s for s in seats if s.end and s.end <= day and s.person not in holders]
    if ended:
        _flag(out, board, name, btype, "term_ended",
              f"{len(ended)} term(s) ended by {day} and not renewed", [s.gid for s in ended])
    return out


@paused_gc()  # national: seats by the hundred thousand (graphmodel.gc_pause)
def board_checks(graph, la: str | None = None, group: str | None = None,
                 as_of: str | None = None) -> Report:
    """Flags per board against the published rules (docs/board-checks.md)."""
    from .register import scope

    keys = scope(graph, la, group)
    day = as_of or "now"
    with ThreadPoolExecutor(2) as pool:   # the server answers these while the seats parse
        employees_read = pool.submit(_employees, graph, keys, as_of)
        boards, packed = read_boards(graph, keys, as_of, pool), True
        if not boards:   # no packs (seat_packs): the seats one by one
            boards, packed = read_boards_by_seat(graph, keys, as_of), False
        if as_of:   # (every seat has begun by now)
            boards = {k: b for k, b in boards.items() if any(s.start <= day for s in b["seats"])}
        if not boards:
            return flags_report([], 0, as_of)
        types = {k: board_type(b["kind"], b["seats"]) for k, b in boards.items()}
        current = {k: holding(b["seats"], day) for k, b in boards.items()}
        elsewhere = _parents_elsewhere(graph, boards, types, current, as_of, packed)
        employees = employees_read.result()
    flags: list[dict] = []
    for key in sorted(boards):
        b = boards[key]
        flags.extend(check_board(key, b["name"], types[key], b["seats"], as_of,
                                 employees[key], elsewhere.get(key), b["schools"],
                                 current[key]))
    report = flags_report(flags, len(boards), as_of)
    if not packed:
        report.notes.append(NOT_PACKED)
    return report


def _employees(graph, keys: list[str] | None,
               as_of: str | None) -> dict[str, dict[str, list[str]]]:
    """Per trust or federation board: its trustees who are employees, with their GIDs."""
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for r in Q.run(graph, "board_checks_employees", {"boards": keys, "as_of": as_of}):
        out[r["board"]][r["person_key"]] = list(r["gids"])
    return out


def read_boards(graph, keys: list[str] | None, as_of: str | None,
                pool: ThreadPoolExecutor) -> dict[str, dict]:
    """The boards in scope with their seats, from the packs the governance load keeps
    (loaders/seat_packs.py); {} when the store has none, or packs of another format. The
    federations' schools and the trusts' local governing bodies are read (in the pool) while
    the packs are parsed."""
    rows = packed_rows(graph, keys)
    schools = pool.submit(_schools, graph, [r["board"] for r in rows if r["kind"] == "federation"],
                          as_of)
    bodies = pool.submit(trust_bodies, graph, [r["board"] for r in rows if r["kind"] == "trust"])
    seats = unpacked(rows)
    if seats is None:   # packed by another version of govgraph: read seat by seat
        return {}
    boards = {r["board"]: {"name": r["board_name"], "kind": r["kind"], "schools": 1,
                           "seats": seats[r["board"]]} for r in rows}
    for k, n in schools.result().items():
        boards[k]["schools"] = n
    for k, lgbs in bodies.result().items():
        boards[k]["bodies"] = lgbs
    return boards


def read_boards_by_seat(graph, keys: list[str] | None, as_of: str | None) -> dict[str, dict]:
    """The boards in scope with their seats, read one row per seat (board_checks_rows)."""
    seats = read_seats(graph, keys)
    boards = {}
    for r in (Q.run(graph, "board_checks_boards", {"keys": sorted(seats), "as_of": as_of})
              if seats else []):
        boards[r["board"]] = {"name": r["board_name"], "kind": r["kind"], "schools": r["schools"],
                              "seats": seats[r["board"]]}
    trusts = [k for k, b in boards.items() if b["kind"] == "trust"]
    for k, lgbs in trust_bodies(graph, trusts).items():
        boards[k]["bodies"] = lgbs
    return boards


def _schools(graph, federations: list[str], as_of: str | None) -> dict[str, int]:
    """How many schools each federation governs on the date."""
    if not federations:
        return {}
    return {r["board"]: r["schools"] for r in
            Q.run(graph, "board_checks_boards", {"keys": sorted(federations), "as_of": as_of})}


def trust_bodies(graph, trusts: list[str]) -> dict[str, list[str]]:
    """Each trust's local governing bodies (the governing bodies of its academies)."""
    if not trusts:
        return {}
    return {r["trust"]: r["body_keys"]
            for r in Q.run(graph, "board_checks_trust_bodies", {"keys": sorted(trusts)})}


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


def parent_trustees(current: list[Seat]) -> list[Seat]:
    """A trust board's current parent trustees (seats), as the parent rule counts them."""
    return [s for s in current if s.role in TRUSTEE_ROLES and s.appointment == "elected_parent"]


def _parents_elsewhere(graph, boards: dict, types: dict[str, str],
                       current: dict[str, list[Seat]], as_of: str | None,
                       packed: bool) -> dict[str, bool]:
    """The other half of the parent rule, per board: for a trust board, whether every local
    governing body of its academies has two current parent seats; for a local governing body,
    whether its trust's board has two parent trustees (a trust is in scope whenever one of its
    local governing bodies is: interlocks_scope). Bodies out of scope are read for it."""
    trusts = sorted(k for k, t in types.items() if t == "trust board")
    if not trusts:
        return {}
    day = as_of or "now"
    bodies = {t: boards[t].get("bodies", []) for t in trusts}
    seats = {k: b["seats"] for k, b in boards.items()}
    missing = sorted({g for gs in bodies.values() for g in gs} - seats.keys())
    if missing:
        more = unpacked(packed_rows(graph, missing)) if packed else None
        seats.update(more if more is not None else read_seats(graph, missing))
    out: dict[str, bool] = {}
    for trust in trusts:
        lgbs = bodies.get(trust, [])
        fewest = min((sum(1 for s in (current[g] if g in current else
                                      holding(seats.get(g, []), day))
                          if s.appointment == "elected_parent") for g in lgbs), default=0)
        out[trust] = bool(lgbs) and fewest >= 2
        if len(parent_trustees(current[trust])) >= 2:
            for lgb in lgbs:
                out[lgb] = True
    return out


__all__ = ["RULES", "RegisterDataError", "board_checks", "check_board"]
