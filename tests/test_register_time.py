"""The register's people as of a date (issue 12): interlocks, board checks and register
representation count the seats that hold on the date (docs/time.md), on both backends.

The planted register is test_people's (published layout, cp1252, dd/mm/yyyy) with dated terms:
- Oluwaseun Adébáyò, trustee of Fenland (5001) from 2018 until 31/12/2021 and of Ouse Valley
  (5002) from 2019: an interlock while both terms held, not after the first ended;
- Ptolemy Featherstonehaugh, co-opted at Jesmond Primary (600006) until 30/11/2021 and
  re-appointed under a new GID from 01/12/2021 (consecutive terms: one person, two parallel
  MEMBER_OF edges to one board; FalkorDB counts an unused parallel relationship once);
- Renée Dupré-Smith, chair of trustees and member of Fenland from 01/09/2021: two parallel
  edges that hold at once;
- Zoë Ng, parent governor at Jesmond until 31/03/2022, not renewed; Chloë Brontë, LA governor
  at Ely St Mary's, re-appointed on 01/09/2021 (consecutive terms).
"""
from __future__ import annotations

import pytest

import gias_fixtures as F
from analysis.register import interlocks, representation
from analysis.register_checks import board_checks
from loaders.gias import load_gias
from test_people import GOVERNANCE, GROUPS, LINKS, OLU, OLU_PLAIN, SCHOOLS

S = F.seat
DATED = {1003: dict(start="01/09/2018", end="31/12/2021"),
         2003: dict(start="01/09/2019", end="31/08/2025"),
         4001: dict(start="01/09/2017", end="30/11/2021")}
RARE = ("Mr", "Ptolemy", "", "Featherstonehaugh")
ROWS = [dict(r, **({"Date of appointment": DATED[r["GID"]]["start"],
                    "Date term of office ends/ended": DATED[r["GID"]]["end"]}
                   if r["GID"] in DATED else {}),
             **({"Forename 1": RARE[1], "Surname": RARE[3]} if r["GID"] == 4001 else {}))
        for r in GOVERNANCE]
ROWS.append(S(4004, "Governor", "Appointed by GB/board", urn=600006, name=RARE,
              start="01/12/2021", end="30/11/2025"))
DATES = [None, "2017-06-01", "2018-10-01", "2021-06-01", "2021-11-15", "2021-12-15",
         "2022-01-15", "2022-06-01"]


@pytest.fixture
def dated(empty_graph, tmp_path):
    load_gias(empty_graph, [
        F.write_raw(tmp_path, "establishments", SCHOOLS, date="20220831"),
        F.write_raw(tmp_path, "groups", GROUPS, date="20220831"),
        F.write_raw(tmp_path, "group_links", LINKS, date="20220831"),
        F.write_raw(tmp_path, "governance", ROWS, date="20220831",
                    name="governancealldata20220831.csv")])
    return empty_graph


def person_of(g, gid: int) -> str:
    return g.read("MATCH (p:Person)-[m:MEMBER_OF]->(:Body) WHERE m.gid = $g RETURN p.key AS k",
                  {"g": str(gid)})[0]["k"]


def test_planted_people(dated):
    """What the other tests stand on: the resolution joined the planted terms."""
    assert OLU != OLU_PLAIN and person_of(dated, 1003) == person_of(dated, 2003)
    assert person_of(dated, 4001) == person_of(dated, 4004) != person_of(dated, 3007)
    assert person_of(dated, 3001) == person_of(dated, 3002)
    ends = {r["gid"]: r["end"] for r in dated.read(
        "MATCH (:Person)-[m:MEMBER_OF]->(:Body) WHERE m.gid IN ['1003', '2003', '4001', '4004'] "
        "RETURN m.gid AS gid, m.end AS end")}
    # an end on or before the extract's date is a fact; a later one is only planned
    assert ends == {"1003": "2021-12-31", "2003": None, "4001": "2021-11-30", "4004": None}


def people(report) -> dict[str, dict]:
    return {r["key"]: r for r in report.rows if r["kind"] == "person"}


@pytest.mark.parametrize("as_of, linked", [("2021-06-01", True), ("2021-12-31", False),
                                           ("2022-06-01", False), (None, False),
                                           ("2018-10-01", False)])
def test_trustee_whose_term_ended_is_an_interlock_only_while_both_held(dated, as_of, linked):
    olu = person_of(dated, 1003)
    rep = interlocks(dated, as_of=as_of)
    got = people(rep)
    assert (olu in got) == linked
    boards = {r["key"]: r for r in rep.rows if r["kind"] == "board"}
    assert ("group/5001" in boards and "group/5002" in boards) == linked
    if linked:
        assert sorted(got[olu]["gids"]) == ["1003", "2003"] and got[olu]["boards"] == 2


def test_parallel_seats_count_each_on_their_dates(dated):
    """Parallel MEMBER_OF edges (one person, one board) count each while it holds."""
    ptolemy, renee = person_of(dated, 4004), person_of(dated, 1001)
    for day in ("2021-11-15", "2021-12-15", None):
        assert ptolemy not in people(interlocks(dated, as_of=day))   # one board, two terms
    # Renée's chair and member seats hold at once: two boards (the board and its members)
    assert people(interlocks(dated, as_of="2021-12-15"))[renee]["gids"] in (["1001", "1002"],
                                                                            ["1002", "1001"])
    assert renee not in people(interlocks(dated, as_of="2021-06-01"))   # not yet appointed

    def seats(day):
        return {r["key"]: r["seats"] for r in representation(dated, by="board",
                                                             as_of=day).rows}
    # Fenland on 15/12/2021: the nine seats from 01/09/2021 (Renée's two among them) and
    # Oluwaseun's (until 31/12/2021); Jesmond: Ptolemy's second term, Kay Dunn, Zoë Ng
    assert seats("2021-12-15")["group/5001"] == 9 and seats("2022-06-01")["group/5001"] == 8
    assert seats("2021-11-15")["600006/gb"] == 3 and seats("2022-06-01")["600006/gb"] == 2
    assert seats("2021-06-01")["600006/gb"] == 2   # Ptolemy's first term and Zoë Ng


def flags(report) -> dict[tuple[str, str], tuple[str, list[str]]]:
    return {(r["board"], r["check"]): (r["detail"], r["gids"]) for r in report.rows}


def test_board_checks_use_the_seats_holding_on_the_date(dated):
    jesmond = "600006/gb"
    nov = flags(board_checks(dated, as_of="2021-11-15"))
    # Zoë Ng is still a parent governor; Ptolemy's first term holds
    assert nov[(jesmond, "constitution_places")] == (
        "missing parent governors (1 of 2), a staff governor (0 of 1), a local authority "
        "governor (0 of 1)", ["4001", "4002", "4003"])
    dec = flags(board_checks(dated, as_of="2021-12-15"))
    # Ptolemy's first term ended, but he was re-appointed: not a term ended without renewal
    assert dec[(jesmond, "constitution_places")][1] == ["4002", "4003", "4004"]
    assert (jesmond, "term_ended") not in dec
    # Renée's two seats (parallel edges) hold at once: both behind the flag
    assert dec[("group/5001", "chair_is_member")] == (
        "the chair of trustees (Mrs Ren\u00e9e Dupr\u00e9-Smith) is also a member",
        ["1001", "1002"])
    june = flags(board_checks(dated, as_of="2022-06-01"))
    assert june[(jesmond, "term_ended")] == ("1 term(s) ended by 2022-06-01 and not renewed",
                                             ["4003"])
    assert june[(jesmond, "constitution_places")][1] == ["4002", "4004"]
    now = flags(board_checks(dated))
    assert now[(jesmond, "term_ended")] == ("1 term(s) ended by now and not renewed", ["4003"])
    # before any planted seat began, no board is checked; in October 2018 three boards had a
    # seat: Chloë's first term at Ely, Oluwaseun on Fenland's board, Ptolemy at Jesmond
    early = board_checks(dated, as_of="2017-06-01")
    assert early.rows == [] and "holding on 2017-06-01" in early.notes[0]
    oct18 = board_checks(dated, as_of="2018-10-01")
    assert oct18.notes[0].startswith("3 boards checked as of 2018-10-01")
    assert flags(oct18)[("group/5001", "fewer_than_three_members")] == ("0 member(s) listed", [])
    ely = flags(board_checks(dated, as_of="2021-06-01"))[("600005/gb", "constitution_places")]
    assert ely == ("missing parent governors (0 of 2), a staff governor (0 of 1), the "
                   "headteacher (0 of 1)", ["3001"])


def test_board_checks_notes_name_the_date(dated):
    rep = board_checks(dated, as_of="2021-06-01")
    assert rep.notes[0].startswith("4 boards checked as of 2021-06-01")
    assert board_checks(dated).notes[0].startswith("5 boards checked as of now")


def test_cli_as_of_on_the_register_reports(tmp_path):
    import json

    from click.testing import CliRunner

    from govgraph.cli import main

    files = tmp_path / "files"
    paths = [F.write_raw(files, "establishments", SCHOOLS, date="20220831"),
             F.write_raw(files, "groups", GROUPS, date="20220831"),
             F.write_raw(files, "group_links", LINKS, date="20220831"),
             F.write_raw(files, "governance", ROWS, date="20220831",
                         name="governancealldata20220831.csv")]
    base = ["--data-dir", str(tmp_path / "store")]
    run = CliRunner().invoke
    assert run(main, base + ["load", "gias", *map(str, paths)]).exit_code == 0

    def report(*args):
        r = run(main, base + ["report", *args, "--format", "json"])
        assert r.exit_code == 0, r.output
        return json.loads(r.output)

    names = {x["name"] for x in report("interlocks", "--as-of", "2021-06-01")
             if x["kind"] == "person"}
    assert "Mr Oluwaseun Ad\u00e9b\u00e1y\u00f2" in names
    assert "Mr Oluwaseun Ad\u00e9b\u00e1y\u00f2" not in {
        x["name"] for x in report("interlocks", "--as-of", "2022-06-01") if x["kind"] == "person"}
    checks = report("board-checks", "--la", "391", "--as-of", "2022-06-01")
    assert {(x["board"], x["check"]) for x in checks} >= {("600006/gb", "term_ended")}
    assert report("register", "--by", "board", "--as-of", "2017-06-01") == []
    oct18 = {x["unit"]: x["seats"] for x in report("register", "--by", "board", "--as-of",
                                                      "2018-10-01")}
    # Jesmond: Ptolemy's first term and Zoë Ng; Ely: Chloë's first term; Fenland: Oluwaseun
    assert oct18 == {"Governing body of Jesmond Primary": 2,
                     "Governing body of Ely St Mary's Primary": 1, "Fenland Learning Trust": 1}
    r = run(main, base + ["report", "board-checks", "--as-of", "31/12/2021"])
    assert r.exit_code != 0 and "--as-of" in r.output and "YYYY-MM-DD" in r.output


@pytest.mark.parametrize("as_of", DATES)
def test_interlock_rows_are_the_questions_own_on_each_date(dated, as_of):
    """people_and_links (one read, people on one board left out on the server) gives the rows
    of the named questions interlocks_register and interlocks_links on every date."""
    from analysis import register as R
    from graphmodel import queries as Q
    from test_board_checks import canon

    params = {"boards": None, "min_confidence": None, "as_of": as_of}
    people, links = R.people_and_links(dated, None, None, as_of)
    assert canon(people) == canon(Q.run(dated, "interlocks_register", params))
    assert canon(links) == canon(Q.run(dated, "interlocks_links", params))
    if as_of == "2021-06-01":   # Oluwaseun alone links the two trusts then
        assert [lk["board_a"] for lk in links] == ["group/5001"] and len(people) == 1
