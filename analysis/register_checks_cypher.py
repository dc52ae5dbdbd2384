"""The board checks with the rules evaluated per board on the server (cypher/board_checks.cypher):
only flagged boards and their GIDs come back, and each flag is worded here. A second,
independent writing of analysis/register_checks.py's rules, kept as its cross-check: the tests
(tests/test_register_time.py, both backends) and benchmarks/bench_register.py (national) require
the same flags, word for word. It is not the report's path: on FalkorDB, aggregating 300,000
seats per board and walking lists on the server took longer than streaming them to Python
(docs/board-checks.md, "Speed").
"""
from __future__ import annotations


from graphmodel import queries as Q

from .register_checks import PLACE_NAMES, RULES, flags_report
from .reports import Report

ORDER = list(RULES)


def _when(as_of: str | None) -> str:
    return as_of or "now"


def detail(flag: dict, board_type: str, as_of: str | None) -> str:
    """The sentence of a flag, from what the server counted."""
    check, n = flag["check"], flag.get("n")
    if check == "chair_is_member":
        return f"the chair of trustees ({flag['name']}) is also a member"
    if check == "members_not_independent":
        return f"{n} of {flag['of']} members are also trustees"
    if check == "fewer_than_three_members":
        return f"{n} member(s) listed"
    if check == "employees_on_board":
        return (f"{n} trustees are employees of the trust (chief executive, finance officer, "
                "a head or staff governor of its academies)")
    if check == "parent_seats":
        if board_type == "local governing body":
            return f"{n} parent seat(s) on the local governing body"
        return (f"{n} parent trustee(s), and not every local governing body has two parent "
                "members")
    if check == "constitution_places":
        return "missing " + ", ".join(f"{PLACE_NAMES[p]} ({have} of {need})"
                                      for p, have, need in flag["places"])
    return f"{n} term(s) ended by {_when(as_of)} and not renewed"


def gid_order(gids) -> list[str]:
    return sorted(set(gids), key=lambda g: (len(g), g))


def board_checks(graph, la: str | None = None, group: str | None = None,
                 as_of: str | None = None) -> Report:
    """Flags per board against the published rules (docs/board-checks.md), as of a date."""
    from .register import scope

    rows = Q.run(graph, "board_checks", {"boards": scope(graph, la, group), "as_of": as_of})
    checked = rows[0]["checked"] if rows else 0
    flags: list[dict] = []
    for r in sorted((r for r in rows if r["board"] is not None), key=lambda r: r["board"]):
        for f in sorted(r["flags"], key=lambda f: (ORDER.index(f["check"]), f.get("key") or "")):
            flags.append({"board": r["board"], "board_name": r["board_name"],
                          "board_type": r["board_type"], "check": f["check"],
                          "detail": detail(f, r["board_type"], as_of),
                          "gids": gid_order(f["gids"]), "source": RULES[f["check"]]})
    return flags_report(flags, checked, as_of)


__all__ = ["board_checks", "detail"]
