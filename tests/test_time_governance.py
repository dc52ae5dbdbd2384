"""Governance extracts over time (issue 12): seats' ends from several extracts, in any order.

Two whole-country governance extracts (`governancealldata<date>.csv`, the raw layout of
tests/gias_fixtures.py) a year apart, on one trust's board: a staff trustee whose term ended and
who was re-appointed under a new GID, an LA-appointed trustee the later extract no longer lists,
a trustee in both and a parent trustee new in the later one. Loading them in either order gives one store; a partial
download or a renamed file proves nothing by what it leaves out (docs/time.md). Both backends.
"""
from __future__ import annotations

import pytest

import gias_fixtures as F
from graphmodel import queries as Q
from loaders.gias import load_gias

S = F.seat
DANA, TOM, JO, SAM = (("Ms", "Dana", "", "Reyes"), ("Mr", "Tom", "", "Hale"),
                      ("Mrs", "Jo", "", "Park"), ("Mr", "Sam", "", "Okafor"))
STAFF, LA, PARENT = "Elected by school staff", "Appointed by LA", "Elected by parents"
EARLY = [S(2, "Trustee", STAFF, uid=3001, chn="7654321", name=DANA, start="01/09/2020", end="31/08/2024"),
         S(3, "Trustee", LA, uid=3001, chn="7654321", name=TOM, start="01/09/2021", end="31/08/2025"),
         S(4, "Trustee", "Appointed by academy members", uid=3001, chn="7654321", name=JO,
           start="01/01/2020", end="")]
LATE = [S(2, "Trustee", STAFF, uid=3001, chn="7654321", name=DANA, start="01/09/2020", end="31/08/2024"),
        S(20, "Trustee", STAFF, uid=3001, chn="7654321", name=DANA, start="01/09/2024", end="31/08/2028"),
        EARLY[2],
        S(30, "Trustee", PARENT, uid=3001, chn="7654321", name=SAM, start="01/03/2024", end="31/08/2028")]


def snapshot(g):
    rows = g.read("MATCH (p:Person)-[m:MEMBER_OF]->(b:Body) RETURN p.key AS person, "
                  "b.key AS body, properties(m) AS m ORDER BY m.gid")
    return [repr({**r, "m": {k: sorted(v) if isinstance(v, list) else v
                             for k, v in sorted(r["m"].items())}}) for r in rows]


def seats(g):
    return {r["gid"]: r for r in g.read(
        "MATCH (p:Person)-[m:MEMBER_OF]->(:Body) RETURN m.gid AS gid, p.key AS person, "
        "m.start AS start, m.end AS end, m.first_seen AS first_seen, m.last_seen AS last_seen")}


@pytest.fixture
def files(tmp_path):
    register = F.scenario(tmp_path / "reg", kinds=("establishments", "groups", "group_links"))
    early = F.write_raw(tmp_path / "a", "governance", EARLY, name="governancealldata20230901.csv")
    late = F.write_raw(tmp_path / "b", "governance", LATE, name="governancealldata20240901.csv")
    return list(register.values()), early, late


def test_two_governance_extracts_in_either_order_give_one_history(empty_graph, files):
    g = empty_graph
    register, early, late = files
    load_gias(g, register)
    load_gias(g, [early])
    reports = load_gias(g, [late])
    assert reports[0].closed == 1     # Tom's seat: no longer listed
    forward = snapshot(g)
    got = seats(g)
    # the term's end, shown past by the extract dated after it
    assert (got["2"]["end"], got["2"]["last_seen"]) == ("2024-08-31", "2024-09-01")
    # listed in 2023, gone from the complete 2024 extract: ended by then (the later bound)
    assert (got["3"]["end"], got["3"]["last_seen"]) == ("2024-09-01", "2023-09-01")
    assert got["4"]["end"] is None and got["4"]["first_seen"] == "2023-09-01"
    assert (got["20"]["start"], got["20"]["end"]) == ("2024-09-01", None)
    assert (got["30"]["start"], got["30"]["first_seen"]) == ("2024-03-01", "2024-09-01")
    assert got["2"]["person"] == got["20"]["person"]         # re-appointed: one person, two terms
    load_gias(g, [late])                                     # loading one twice changes nothing
    assert snapshot(g) == forward
    g.clear()
    g.ensure_schema()
    load_gias(g, register)
    load_gias(g, [late])
    load_gias(g, [early])                                    # the older extract after the newer
    assert snapshot(g) == forward
    load_gias(g, [early])
    assert snapshot(g) == forward


@pytest.mark.parametrize("as_of, voting", [
    ("2023-01-01", 3),   # Dana, Tom, Jo
    ("2024-06-01", 4),   # Dana's first term, Tom, Sam, Jo
    ("2024-10-01", 3),   # Dana's second term, Sam, Jo: Tom is gone
    (None, 3)])
def test_seats_as_of_a_date(empty_graph, files, as_of, voting):
    g = empty_graph
    register, early, late = files
    load_gias(g, [*register, late, early])
    rows = Q.answer(g, "representation", {"la": None, "as_of": as_of}).rows
    board = [r for r in rows if r["body_key"] == "group/3001"]
    assert len(board) == 1 and board[0]["voting"] == voting


@pytest.mark.parametrize("name", ["governanceacaddata20240901.csv", "governors-2024.csv"])
def test_a_partial_or_renamed_extract_ends_nothing_by_absence(empty_graph, tmp_path, files, name):
    g = empty_graph
    register, early, _ = files
    partial = F.write_raw(tmp_path / "c", "governance", LATE, name=name)
    load_gias(g, [*register, early])
    load_gias(g, [partial], extract_date="2024-09-01")
    got = seats(g)
    assert got["3"]["end"] is None and got["3"]["last_seen"] == "2023-09-01"
    assert got["2"]["end"] == "2024-08-31"      # what the file does list still counts


def test_report_changes_tells_an_end_seen_from_one_shown_by_absence(empty_graph, files):
    from analysis.changes import changes

    g = empty_graph
    register, early, late = files
    load_gias(g, [*register, late, early])
    got = {(r["date"], r["change"], r["subject_key"].rsplit("/", 1)[-1], r["source"].split(" ")[0])
           for r in changes(g, "2024-01-01", "2024-12-31").rows if "seat" in r["change"]}
    dana = {r["gid"]: r["person"] for r in seats(g).values()}["2"].rsplit("/", 1)[-1]
    assert got == {
        ("2024-03-01", "seat started: Trustee", "30", "governancealldata20240901.csv"),
        ("2024-08-31", "seat ended: Trustee", dana, "governancealldata20240901.csv"),
        ("2024-09-01", "seat started: Trustee", dana, "governancealldata20240901.csv"),
        # Tom's seat: the 2023 extract listed it, the 2024 one no longer does
        ("2024-09-01", "seat no longer listed: Trustee", "3", "governancealldata20230901.csv")}


def test_cli_says_how_many_seats_ended(cli_env, files):
    from click.testing import CliRunner

    from govgraph.cli import main

    register, early, late = files
    store = str(cli_env / "store")
    run = lambda *a: CliRunner().invoke(main, ["--data-dir", store, *map(str, a)])
    assert run("load", "gias", *register, early).exit_code == 0
    out = run("load", "gias", late)
    assert out.exit_code == 0, out.output
    assert "1 seat no longer listed given an end" in out.output
