"""Board checks and register interlocks on planted GIAS rows, the same on both backends.

The register and governance file of test_people (published layout, cp1252, dd/mm/yyyy) plant:
a chair of trustees who is also a member, a trust whose members are mostly trustees, a trust
with two members, two employees on one trust board, a maintained governing body missing its
parent, staff and LA places, and a term that ended without renewal. Each expected flag is
asserted exactly (check, board and GIDs), so both backends must give the same answer.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import register as R
from analysis.register import interlocks, representation
from graphmodel import queries as Q
from analysis.register_checks import RULES, board_checks
from loaders import seat_packs
from loaders.gias import load_gias
from test_people import GOVERNANCE, write_register


@pytest.fixture
def register(empty_graph, tmp_path):
    load_gias(empty_graph, write_register(tmp_path))
    return empty_graph


def flags(report) -> dict[tuple[str, str], list[str]]:
    return {(r["board"], r["check"]): r["gids"] for r in report.rows}


def test_planted_flags(register):
    got = flags(board_checks(register))
    assert got[("group/5001", "chair_is_member")] == ["1001", "1002"]
    assert got[("group/5001", "members_not_independent")] == ["1001", "1002", "1004", "1005"]
    assert got[("group/5002", "fewer_than_three_members")] == ["2002", "2004"]
    assert got[("group/5001", "employees_on_board")] == ["1007", "1008", "1009", "1010"]
    assert got[("600006/gb", "constitution_places")] == ["4001", "4002"]
    assert got[("600006/gb", "term_ended")] == ["4003"]
    # what must not be flagged: the trust with 3 independent-enough members, the complete
    # maintained board whose LA governor was re-appointed (old term ended, renewed)
    assert ("group/5001", "fewer_than_three_members") not in got
    # 5002: Alan Birch, chair of trustees, is one of its two members: half is not most
    assert got[("group/5002", "members_not_independent")] == ["2001", "2002"]
    assert ("group/5002", "chair_is_member") in got           # Alan Birch: chair and member
    assert ("600005/gb", "constitution_places") not in got
    assert ("600005/gb", "term_ended") not in got
    detail = {(r["board"], r["check"]): r for r in board_checks(register).rows}
    assert "missing parent governors (0 of 2), a staff governor (0 of 1), a local authority " \
           "governor (0 of 1)" == detail[("600006/gb", "constitution_places")]["detail"]
    assert "Academy Trust Handbook" in detail[("group/5001", "chair_is_member")]["source"]


def test_filters_by_group_and_authority(register):
    by_group = flags(board_checks(register, group="5002"))
    assert flags(board_checks(register, group="ouse valley academies")) == by_group
    assert {b for b, _ in by_group} == {"group/5002"}
    newcastle = flags(board_checks(register, la="391"))
    assert {b for b, _ in newcastle} == {"600006/gb"}
    assert flags(board_checks(register, la="Newcastle upon Tyne")) == newcastle
    with pytest.raises(ValueError, match="no local authority matching 'Atlantis'"):
        board_checks(register, la="Atlantis")


def test_interlocks_people_and_trust_links(register):
    rep = interlocks(register)
    people = {r["key"]: r for r in rep.rows if r["kind"] == "person"}
    olu = people["gias/gid/1003"]
    assert olu["boards"] == 2 and sorted(olu["gids"]) == ["1003", "2003"]
    assert olu["confidence"] >= 0.9
    # trustee + member of one trust count as two boards (the board and its members)
    assert people["gias/gid/1001"]["boards"] == 2
    boards = {r["key"]: r for r in rep.rows if r["kind"] == "board"}
    assert boards["group/5001"]["boards"] == 1 and boards["group/5002"]["boards"] == 1
    # the re-appointed governor holds one board twice: not an interlock
    assert "gias/gid/3001" not in people
    # a confidence above every link leaves the linked people out
    strict = interlocks(register, min_confidence=0.99999)
    assert "gias/gid/1003" not in {r["key"] for r in strict.rows if r["kind"] == "person"}
    only = interlocks(register, la="391")
    assert not [r for r in only.rows if r["kind"] == "person"]


def test_register_representation(register):
    # 600006: co-opted John Smith, head Kay Dunn, parent Zoe Ng (term ended 31/03/2022):
    # seats count when they hold on the date (docs/time.md), now by default
    rep = representation(register, by="authority", as_of="2022-01-01")
    newcastle = {r["key"]: r for r in rep.rows}["391"]
    assert (newcastle["professionals_voting"], newcastle["governors_voting"]) == (1, 2)
    assert newcastle["governor_share"] == 0.67 and newcastle["verdict"] == "majority"
    assert newcastle["parent_share"] == 0.33 and newcastle["co_opted_share"] == 0.33
    now = {r["key"]: r for r in representation(register, by="authority").rows}["391"]
    assert (now["professionals_voting"], now["governors_voting"], now["parent_share"]) == \
        (1, 1, 0.0)
    national = representation(register, by="national").rows
    # every row but the two ended terms (3001 re-appointed as 3002, and Zoe Ng's 4003)
    assert len(GOVERNANCE) == 25 and len(national) == 1 and national[0]["seats"] == 23
    assert national[0]["voting"] == 22   # the accounting officer does not vote


def test_cli_reports_end_to_end(tmp_path):
    """load gias (people resolved), then the three register reports, as a user runs them."""
    import json

    from click.testing import CliRunner

    from govgraph.cli import main

    paths = [str(p) for p in write_register(tmp_path / "files")]
    run = CliRunner().invoke
    base = ["--data-dir", str(tmp_path / "store")]
    r = run(main, base + ["load", "gias", *paths])
    assert r.exit_code == 0, r.output
    assert "people: 25 appointments are 18 people" in r.output
    r = run(main, base + ["report", "interlocks", "--format", "json"])
    assert r.exit_code == 0, r.output
    people = {x["name"]: x for x in json.loads(r.output) if x["kind"] == "person"}
    assert people["Mr Oluwaseun Ad\u00e9b\u00e1y\u00f2"]["boards"] == 2
    r = run(main, base + ["report", "board-checks", "--group", "5001"])
    assert r.exit_code == 0, r.output
    assert "chair_is_member" in r.output and "employees_on_board" in r.output
    r = run(main, base + ["report", "register", "--by", "national", "--format", "csv"])
    assert r.exit_code == 0 and r.output.splitlines()[1].startswith("England"), r.output
    r = run(main, base + ["report", "register-brokers", "--format", "json"])
    assert r.exit_code == 0, r.output
    brokers = json.loads(r.output)
    # the trustee of both trusts is the only path between them: a broker (betweenness > 0)
    assert "Mr Oluwaseun Ad\u00e9b\u00e1y\u00f2" in [b["node"] for b in brokers]
    r = run(main, base + ["report", "interlocks", "--la", "Atlantis"])
    assert r.exit_code == 1 and "no local authority matching 'Atlantis'" in r.output


def test_interlocks_table_lists_the_most_connected_and_says_so(tmp_path, monkeypatch):
    """A table lists the TABLE_TOP most connected people and boards (nationally there are
    thousands, and the boards came after every person); CSV and JSON list all."""
    import json

    from click.testing import CliRunner

    from govgraph import cli_people
    from govgraph.cli import main

    monkeypatch.setattr(cli_people, "TABLE_TOP", 1)
    paths = [str(p) for p in write_register(tmp_path / "files")]
    run = CliRunner().invoke
    base = ["--data-dir", str(tmp_path / "store")]
    assert run(main, base + ["load", "gias", *paths]).exit_code == 0
    every = json.loads(run(main, base + ["report", "interlocks", "--format", "json"]).output)
    people = [x for x in every if x["kind"] == "person"]
    boards = [x for x in every if x["kind"] == "board"]
    assert len(people) > 1 and len(boards) > 1
    r = run(main, base + ["report", "interlocks"])
    assert r.exit_code == 0, r.output
    assert people[0]["name"].split()[-1] in r.output and boards[0]["name"].split()[0] in r.output
    assert f"listed: the 1 most connected of {len(people)} people and the 1 most connected of " \
           f"{len(boards)} boards" in " ".join(r.output.split())
    r = run(main, base + ["report", "interlocks", "--top", "5", "--format", "json"])
    assert len(json.loads(r.output)) == min(5, len(people)) + min(5, len(boards))


def canon(rows):
    """Rows with their lists sorted (collect() order is not defined), in a fixed order."""
    def cell(v):
        if isinstance(v, list):
            return sorted(v, key=repr)
        return round(v, 6) if isinstance(v, float) else v
    return sorted(([(k, cell(v)) for k, v in sorted(r.items())] for r in rows), key=repr)


@pytest.mark.parametrize("la, min_confidence", [(None, None), ("391", None), (None, 0.99999),
                                                ("873", 0.5)])
def test_interlock_rows_are_the_questions_own(register, monkeypatch, la, min_confidence):
    """The reports compute interlocks_register and interlocks_links from one read of the seats
    (analysis.register.people_and_links), and the boards' trusts from one national walk when
    there are many boards (trusts_of): the rows must be the named questions' own."""
    boards = R.scope(register, la, None)
    params = {"boards": boards, "min_confidence": min_confidence}
    people, links = R.people_and_links(register, boards, min_confidence)
    assert canon(people) == canon(Q.run(register, "interlocks_register", params))
    assert canon(links) == canon(Q.run(register, "interlocks_links", params))
    if la is None and min_confidence is None:
        assert people and links   # the planted register has both
    keys = sorted({k for lk in links for k in (lk["board_a"], lk["board_b"])} | {"600005/gb"})
    monkeypatch.setattr(R, "ALL_TRUSTS_ABOVE", 0)
    assert canon(R.trusts_of(register, keys)) == canon(Q.run(register, "interlocks_trusts",
                                                             {"keys": keys}))


def test_two_seats_on_one_board_are_not_an_interlock(register):
    """interlocks_seats returns the seats of everyone listed on two boards; the report keeps
    those on two boards on the date (a trust's board and its members count as two), as
    interlocks_register does:
    two current seats on one board (two parallel MEMBER_OF edges) are not an interlock."""
    register.write(
        "MATCH (b:Body {key: '600006/gb'}) "
        "CREATE (p:Person {key: 'gias/test/twice', name: 'Ms Twice', boards: 2}) "
        "CREATE (p)-[:MEMBER_OF {gid: '9901', voting: true, role: 'Governor', "
        "appointment: 'co_opted', start: '2020-01-01'}]->(b) "
        "CREATE (p)-[:MEMBER_OF {gid: '9902', voting: true, role: 'Chair of Governors', "
        "appointment: 'co_opted', start: '2021-01-01'}]->(b)")
    seats = Q.run(register, "interlocks_seats", {"boards": None, "min_confidence": None})
    assert sorted(r["gid"] for r in seats if r["person_key"] == "gias/test/twice") == \
        ["9901", "9902"]
    people, links = R.people_and_links(register)
    params = {"boards": None, "min_confidence": None}
    assert "gias/test/twice" not in {p["person_key"] for p in people}
    assert canon(people) == canon(Q.run(register, "interlocks_register", params))
    assert canon(links) == canon(Q.run(register, "interlocks_links", params))


def test_a_member_seat_is_one_in_any_case_for_interlocks_and_board_checks(register):
    """A seat whose role reads "MEMBER" is among the trust's members for the interlocks (a
    board of its own: a trustee who is also a member sits on two boards) and for the board
    checks alike, on both backends (analysis.register_seats.is_member and its Cypher twin)."""
    register.write(
        "MATCH (b:Body {key: 'group/5003'}) "
        "CREATE (p:Person {key: 'gias/test/upper', name: 'Mx Upper', boards: 2}) "
        "CREATE (p)-[:MEMBER_OF {gid: '9911', voting: true, role: 'Trustee', "
        "appointment: 'members_appointed', start: '2020-01-01'}]->(b) "
        "CREATE (p)-[:MEMBER_OF {gid: '9912', voting: true, role: 'MEMBER', "
        "appointment: 'other', start: '2020-01-01'}]->(b)")
    seat_packs.rebuild(register)   # seats written here, not by a load: pack them as it does
    params = {"boards": None, "min_confidence": None}
    listed = {r["person_key"]: r for r in Q.run(register, "interlocks_register", params)}
    assert sorted(listed["gias/test/upper"]["board_keys"]) == ["group/5003", "group/5003#members"]
    people, _ = R.people_and_links(register)
    assert {p["person_key"] for p in people} == set(listed)
    flags = {(f["board"], f["check"]): f["gids"] for f in board_checks(register).rows}
    assert flags[("group/5003", "members_not_independent")] == ["9911", "9912"]
    assert flags[("group/5003", "fewer_than_three_members")] == ["9912"]


def test_sources_count_each_fact_once_and_name_the_seats_a_register_report_counts(register):
    """fact_sources counts a relationship between two of the nodes asked about once: Chloe's two
    seats on 600005/gb (parallel MEMBER_OF edges, GIDs 3001 and 3002) are in the answer for
    the board and in the answer for her, and once in the answer for both. `report register
    --sources` names the governance rows of the seats it counts, not only its units'."""
    chloe = register.read("MATCH (p:Person)-[m:MEMBER_OF]->() WHERE m.gid = '3001' "
                          "RETURN p.key AS k")[0]["k"]

    def facts(keys):
        return sum(r["facts"] for r in Q.run(register, "fact_sources", {"keys": keys}))
    assert facts(["600005/gb"]) + facts([chloe]) - 2 == facts(["600005/gb", chloe])
    rep = representation(register, by="national")
    seats = Q.run(register, "board_checks_rows", {"boards": None})
    assert sorted(rep.body_keys) == sorted({s["seat"].split("\t")[0] for s in seats})
    cited = {(r["source"], r["source_ref"]) for r in rep.sources(register)}
    governance = {src for src, _ in cited if src.startswith("governance")}
    assert len(governance) == 1
    rows = {ref for src, ref in cited if src in governance}
    assert len(rows) >= len(seats)
    numbers = [int(r["source_ref"].removeprefix("row ")) for r in rep.sources(register)
               if r["source"] in governance]
    assert numbers == sorted(numbers) and max(numbers) >= 10   # row 2 before row 10


def test_register_brokers_name_each_board_by_its_own_name(register):
    """Each board of the register network is named by the store, and a trust's members as
    '<trust> (members)': naming boards by the order of a person's seats put one board's name on
    another (1,689 of 12,016 boards nationally) when a trustee was also a member."""
    rep = R.brokers(register, top=0)
    bodies = [r for r in rep.rows if r["kind"] == "Body"]
    assert bodies and any(r["kind"] == "Person" for r in rep.rows)
    bases = sorted({r["key"].removesuffix(R.MEMBERS) for r in bodies})
    name = {b["board"]: b["board_name"]
            for b in Q.run(register, "board_checks_boards", {"keys": bases})}
    for r in bodies:
        base = r["key"].removesuffix(R.MEMBERS)
        assert r["node"] == (f"{name[base]} (members)" if r["key"] != base else name[base]), r
    people = {p["person_key"]: p["person"] for p in R.people_and_links(register)[0]}
    assert all(r["node"] == people[r["key"]] for r in rep.rows if r["kind"] == "Person")


DOC = Path(__file__).resolve().parents[1] / "docs" / "board-checks.md"
REF = re.compile(r"(?:paras?|reg\.)\s*\d[\d.()\-]*")   # paragraph and regulation numbers


def doc_table(text: str, header: str) -> dict[str, list[str]]:
    """The rows of the doc's markdown table whose header starts with `header`, by check."""
    blocks, block = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            block.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif block:
            blocks.append(block)
            block = []
    found = [b for b in blocks if " | ".join(b[0]).startswith(header)]
    assert len(found) == 1, f"docs/board-checks.md: {len(found)} tables headed {header!r}"
    rows: dict[str, list[str]] = {}
    for cells in found[0][2:]:
        m = re.fullmatch(r"`(\w+)`", cells[0])
        assert m and m.group(1) not in rows, f"docs/board-checks.md: row {cells[0]!r}"
        assert len(cells) == len(found[0][0]), f"docs/board-checks.md: row {cells[0]!r} cells"
        rows[m.group(1)] = cells
    return rows


def test_docs_cite_exactly_what_the_rules_print():
    """docs/board-checks.md quotes each RULES citation word for word in its rules table, and
    its table of where each source was checked names the same paragraphs and says as much as
    the citation: a citation without a paragraph must say it was not retrieved or verified, an
    inferred rule is marked inferred in both, and 'confirmed' only where nothing is missing."""
    text = DOC.read_text(encoding="utf-8")
    rules = doc_table(text, "check | rule (paraphrased) | source, date")
    checked = doc_table(text, "check | what was read | where in it | address read (")
    assert re.search(r"address read \(\d{4}-\d{2}-\d{2}\)", text), "no date of checking"
    assert set(rules) == set(RULES) == set(checked)
    for check, source in RULES.items():
        where, address, found = checked[check][2], checked[check][3], checked[check][4]
        assert source in rules[check][2], f"{check}: the docs do not cite {source!r}"
        refs = REF.findall(source)
        missing = [r for r in refs if r not in where]
        assert not missing, f"{check}: {missing} cited but not in where it was checked: {where!r}"
        unread = "not retrieved" in source or "not verified" in source
        assert refs or unread, f"{check}: a citation with no paragraph must say why: {source!r}"
        assert source.startswith("inferred") == found.startswith("inferred"), check
        assert not (unread and found.startswith("confirmed")), check
        assert found.startswith(("confirmed", "inferred", "not retrieved", "secondary")), check
        assert "http" in address, f"{check}: no address where the source was read"


def test_parent_rule_either_half_and_half_the_members_is_not_most(empty_graph, tmp_path):
    """The model articles: two parent trustees, or two parents on each local governing body; a
    local governing body short of two is flagged only while its trust has fewer than two parent
    trustees. The handbook: most members independent, so half of them trustees is flagged."""
    import gias_fixtures as F
    from test_people import GOVERNANCE, GROUPS, LINKS, SCHOOLS, S

    load_gias(empty_graph, write_register(tmp_path))
    before = flags(board_checks(empty_graph))
    assert ("600001/gb", "parent_seats") in before     # 1 parent; trust 5001 has none
    assert ("group/5001", "parent_seats") in before
    assert ("group/5002", "members_not_independent") in before   # 1 of its 2 members
    extra = [S(9001, "Trustee", "Elected by parents", uid=5001, name=("Mrs", "Pia", "", "Quinn")),
             S(9002, "Trustee", "Elected by parents", uid=5001, name=("Mr", "Rob", "", "Stone")),
             S(9003, "Member", "Original (signatory) members", uid=5002,
               name=("Ms", "Uma", "", "Vance")),
             S(9004, "Member", "Original (signatory) members", uid=5002,
               name=("Mr", "Wil", "", "Xu"))]
    folder = tmp_path / "more"
    folder.mkdir()
    paths = [F.write_raw(folder, "establishments", SCHOOLS, date="20220831"),
             F.write_raw(folder, "groups", GROUPS, date="20220831"),
             F.write_raw(folder, "group_links", LINKS, date="20220831"),
             F.write_raw(folder, "governance", GOVERNANCE + extra, date="20220831",
                         name="governancealldata20220831.csv")]
    empty_graph.clear()
    load_gias(empty_graph, paths)
    after = flags(board_checks(empty_graph))
    assert ("group/5001", "parent_seats") not in after
    assert ("600001/gb", "parent_seats") not in after   # the trust has two parent trustees
    assert ("group/5002", "members_not_independent") not in after   # 1 of 4 members
    assert ("group/5002", "parent_seats") in after       # no parent trustees, no local bodies
    gone = {("group/5001", "parent_seats"), ("600001/gb", "parent_seats"),
            ("group/5002", "members_not_independent"), ("group/5002", "fewer_than_three_members")}
    assert set(after) == set(before) - gone


@pytest.mark.parametrize("parents, flagged", [(2, True), (3, False)])
def test_a_federation_needs_a_parent_governor_for_each_school(empty_graph, tmp_path, parents,
                                                              flagged):
    """Federations Regulations 2012, reg. 21(3): one parent governor for each federated school
    (the single-school rule's two would pass a federation of three with two)."""
    import gias_fixtures as F

    third = {**F.ESTABLISHMENTS[-1], "URN": 100007,
             "EstablishmentName": "Hertford Federation Nursery School"}
    links = F.GROUP_LINKS + [F.group_link(100007, 3003, "01/09/2015", third["EstablishmentName"],
                                          F.HERTS, "Community school")]
    seats = [F.seat(7000 + i, "Governor", "Elected by parents", uid=3003,
                    name=("Ms", f"Parent{i}", "", "Fed")) for i in range(parents)]
    seats += [F.seat(7101, "Governor", "Ex-officio by virtue of office as headteacher/principal",
                     uid=3003, name=("Mr", "Head", "", "Fed")),
              F.seat(7102, "Governor", "Elected by school staff", uid=3003,
                     name=("Ms", "Staff", "", "Fed")),
              F.seat(7103, "Governor", "Appointed by LA", uid=3003, name=("Mr", "La", "", "Fed"))]
    paths = [F.write_raw(tmp_path, "establishments", F.ESTABLISHMENTS + [third], date="20240129"),
             F.write_raw(tmp_path, "groups", F.GROUPS, date="20240129"),
             F.write_raw(tmp_path, "group_links", links, date="20240129"),
             F.write_raw(tmp_path, "governance", seats, date="20240129",
                         name="governancealldata20240129.csv")]
    load_gias(empty_graph, paths)
    detail = {(r["board"], r["check"]): r for r in board_checks(empty_graph).rows}
    got = detail.get(("group/3003", "constitution_places"))
    if flagged:
        assert got["detail"] == "missing parent governors (2 of 3)", got
        assert "reg. 21(3)" in got["source"] and got["board_type"] == "federation governing body"
    else:
        assert got is None, got
