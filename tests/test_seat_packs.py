"""The boards' packed seats (loaders/seat_packs.py), on both backends: every governance load
packs every board, the board checks give the same report from the packs as from the seats one
by one, a load that fails leaves packs that match the seats it left (or none), and the cache
never reaches an export or the case-study format.

The planted register (tests/test_people.py) has a governor re-appointed to one board: two
MEMBER_OF edges between the same person and body, the parallel edges FalkorDB can count once.
"""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from analysis.register import representation
from analysis.register_checks import board_checks
from govgraph.cli import main
from graphmodel import default_model
from graphmodel import queries as Q
from loaders import gias as G
from loaders import seat_packs
from loaders.case_schema import case_json_schema
from loaders.gias import load_gias
from visualisations import export
from test_people import write_register

UNPACKED = "the seats were read one by one"


@pytest.fixture
def register(empty_graph, tmp_path):
    load_gias(empty_graph, write_register(tmp_path))
    return empty_graph


def packed(graph) -> dict[str, list[list[str]] | None]:
    return {r["board"]: seat_packs.unpack(r["seats"])
            for r in Q.run(graph, "board_checks_packs", {"boards": None})}


def seats_one_by_one(graph) -> int:
    return len(Q.run(graph, "board_checks_rows", {"boards": None}))


def test_a_governance_load_packs_every_board_with_its_parallel_seats(register, tmp_path):
    packs = packed(register)
    assert sum(len(p) for p in packs.values()) == seats_one_by_one(register) > 0
    chloe = [s for s in packs["600005/gb"] if s[1] in ("3001", "3002")]
    assert [s[1] for s in chloe] == ["3001", "3002"] and chloe[0][0] == chloe[1][0]
    assert {s[2] for p in packs.values() for s in p} >= {"chair of trustees", "member"}
    reports = load_gias(register, write_register(tmp_path / "again"))   # the same files again
    assert packed(register) == packs
    assert reports[-1].note.endswith(f"the seats of {len(packs)} boards packed for the board "
                                     "checks")


def test_a_first_load_packs_what_it_wrote_as_the_store_would(empty_graph, tmp_path,
                                                              monkeypatch):
    """A governance load into a store with no register seats packs what it wrote instead of
    reading 300,000 seats back (seat_packs.packs_of), and sets their ends as the history
    would; the packs must be those packs() builds from the store, parallel seats, ended terms
    and a chair's name included."""
    def unread(graph):
        raise AssertionError("a first load read its seats back")

    monkeypatch.setattr(seat_packs, "packs", unread)
    load_gias(empty_graph, write_register(tmp_path))
    monkeypatch.undo()
    stored = {r["board"]: r["seats"] for r in Q.run(empty_graph, "board_checks_packs",
                                                      {"boards": None})}
    assert stored == seat_packs.packs(empty_graph)
    seats = [s for text in stored.values() for s in seat_packs.unpack(text)]
    assert len(seats) == seats_one_by_one(empty_graph)
    assert any(s[5] for s in seats) and any(s[6] for s in seats if s[2] == "chair of trustees")
    assert G.rebuild_seat_history(empty_graph) == 0   # the ends were already the history's


def test_a_second_governance_file_in_one_load_packs_from_the_store(empty_graph, tmp_path,
                                                                    monkeypatch):
    """Two governance files in one load: the first wrote only some of the seats, so the packs
    come from the store."""
    paths = write_register(tmp_path)
    later = tmp_path / "later" / "governancealldata20230831.csv"
    later.parent.mkdir()
    later.write_bytes(paths[-1].read_bytes())

    def from_memory(*args):
        raise AssertionError("packed from one file of two")

    monkeypatch.setattr(seat_packs, "packs_of", from_memory)
    load_gias(empty_graph, [*paths, later])
    monkeypatch.undo()
    stored = {r["board"]: r["seats"] for r in Q.run(empty_graph, "board_checks_packs",
                                                      {"boards": None})}
    assert stored == seat_packs.packs(empty_graph) and stored


@pytest.mark.parametrize("scope", [{}, {"la": "391"}, {"group": "5002"},
                                   {"as_of": "2019-01-01"}, {"as_of": "2022-01-01"}])
def test_packs_and_seats_one_by_one_give_the_same_report(register, scope):
    fast = board_checks(register, **scope)
    assert not any(UNPACKED in n for n in fast.notes)
    seat_packs.drop(register)
    slow = board_checks(register, **scope)
    seat_packs.rebuild(register)
    assert slow.rows == fast.rows and slow.notes[:2] == fast.notes[:2]
    assert UNPACKED in slow.notes[-1]
    assert fast.rows or scope.get("as_of") == "2019-01-01"


@pytest.mark.parametrize("by", ["national", "authority", "trust", "board"])
@pytest.mark.parametrize("scope", [{}, {"la": "391"}, {"as_of": "2019-01-01"}])
def test_representation_reads_the_packs_and_the_seats_one_by_one_alike(register, by, scope):
    """report register counts the same seats from the packs as one by one (the re-appointed
    governor's two parallel seats included), and says when it read them one by one."""
    fast = representation(register, by=by, **scope)
    assert not any(UNPACKED in n for n in fast.notes)
    seat_packs.drop(register)
    slow = representation(register, by=by, **scope)
    seat_packs.rebuild(register)
    assert slow.rows == fast.rows and slow.notes[:-1] == fast.notes
    assert UNPACKED in slow.notes[-1]
    assert fast.rows and sum(r["seats"] for r in fast.rows) > 0


def test_a_failed_load_is_packed_again_and_a_killed_one_leaves_no_packs(register, tmp_path,
                                                                         monkeypatch):
    before = board_checks(register)

    def fail(graph):
        raise RuntimeError("the store went away")

    monkeypatch.setattr(G, "rebuild_seat_history", fail)
    with pytest.raises(RuntimeError, match="went away"):
        load_gias(register, write_register(tmp_path))
    assert sum(len(p) for p in packed(register).values()) == seats_one_by_one(register)
    monkeypatch.undo()
    # killed between the drop and the packing: no packs at all, and the report says so
    monkeypatch.setattr(seat_packs, "rebuild", lambda graph, built=None: 0)
    load_gias(register, write_register(tmp_path / "again"))
    assert packed(register) == {}
    after = board_checks(register)
    assert after.rows == before.rows and UNPACKED in after.notes[-1]


def _cli(graph, *args):
    where = (["--uri", os.environ["NEO4J_URI"]] if graph.kind == "neo4j"
             else ["--data-dir", str(graph.backend.server.dir)])
    return CliRunner().invoke(main, [*where, *args])


def test_load_seat_packs_packs_a_store_left_without_them(register):
    """`govgraph load seat-packs` packs a store whose load was killed (or that an earlier
    govgraph loaded) without loading again, and says how many boards; an unpackable seat is
    an error that says why, and leaves no packs."""
    packs = packed(register)
    seat_packs.drop(register)
    assert UNPACKED in board_checks(register).notes[-1]
    r = _cli(register, "load", "seat-packs")
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"packed the register seats of {len(packs)} boards"
    assert packed(register) == packs
    assert not any(UNPACKED in n for n in board_checks(register).notes)
    register.write("MATCH (p:Person)-[m:MEMBER_OF]->(:Body) WHERE m.gid = '1001' "
                   "SET p.name = $name", {"name": "Alan\nBirch"})
    r = _cli(register, "load", "seat-packs")
    assert r.exit_code == 1 and "a register seat holds a tab or a line break" in r.output
    assert packed(register) == {}


def test_packs_of_another_format_are_not_read(register):
    fast = board_checks(register)
    register.write("MATCH (b:Body) WHERE b.register_seats IS NOT NULL "
                   "SET b.register_seats = replace(b.register_seats, $f, 'govgraph seats 0')",
                   {"f": seat_packs.FORMAT})
    old = board_checks(register)
    assert old.rows == fast.rows and UNPACKED in old.notes[-1]


def test_a_seat_that_cannot_be_packed_leaves_every_board_unpacked(register):
    register.write("MATCH (p:Person)-[m:MEMBER_OF]->(:Body) WHERE m.gid = '1001' "
                   "SET p.name = $name", {"name": "Alan\nBirch"})
    assert packed(register)
    assert seat_packs.rebuild(register) == 0 and packed(register) == {}
    report = board_checks(register)
    assert UNPACKED in report.notes[-1]
    chair = [r for r in report.rows if r["check"] == "chair_is_member"
             and r["board"] == "group/5001"]
    assert chair and "Alan\nBirch" in chair[0]["detail"]


def test_the_cache_is_in_no_export_and_no_case_file(register, tmp_path):
    assert packed(register)
    for fmt in ("graphml", "gexf", "csv"):
        files, _, _ = export.export(register, fmt, tmp_path / f"all.{fmt}")
        for f in files:
            assert "register_seats" not in f.read_text(encoding="utf-8"), f
    page = export.whole_graph(register)   # what the network page and Gephi get
    assert page.number_of_nodes() and not any("register_seats" in d
                                              for _, d in page.nodes(data=True))
    assert "register_seats" in default_model().derived_property_names()
    assert "register_seats" not in str(case_json_schema(default_model()))
