"""Time (issue 12): facts with their validity, history from extracts in any order, $as_of.

Backend tests take `empty_graph` and so run on FalkorDB and Neo4j. Register files are written
by tests/gias_fixtures.py in the raw GIAS layouts; the dates of the case-study fixture below are
illustrative (docs/time.md).
"""
from __future__ import annotations

import json
import re

import pytest

import gias_fixtures as F
from graphmodel import queries as Q
from graphmodel.exc import QueryError
from loaders.cases import load_files
from loaders.gias import load_gias

LEICS = F.LEICS
# the questions behind report tiers, gaps, accountability, participation, brokers
TIME_AWARE_REPORTS = ("tiers", "accountability_gaps", "accountability_chains", "non_participants",
                      "membership_projection", "non_voting_attendees", "schools_in_several_tiers")
NEW_SCHOOL = "Ashby Castle Academy"


@pytest.fixture
def cli(cli_env):
    from click.testing import CliRunner

    from govgraph.cli import main

    runner = CliRunner()
    store = str(cli_env / "store")
    return lambda *args: runner.invoke(main, ["--data-dir", store, *map(str, args)])


def snapshot(g):
    nodes = g.read("MATCH (n) RETURN n.key AS k, properties(n) AS p ORDER BY k")
    rels = g.read("MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b, "
                  "properties(r) AS p ORDER BY a, t, b")
    norm = lambda p: {k: sorted(p[k]) if isinstance(p[k], list) else p[k] for k in sorted(p)}
    return (sorted(repr({**r, "p": norm(r["p"])}) for r in nodes),
            sorted(repr({**r, "p": norm(r["p"])}) for r in rels))


# --- the one form of the validity predicate ------------------------------------------------------

def _simple(parts: list[str]) -> str:
    """A regex for a form split at its {v}: the same variable in every place."""
    out = parts[0]
    for i, p in enumerate(parts[1:]):
        out += (r"(?P<v>[A-Za-z_]\w*)" if i == 0 else r"(?P=v)") + p
    return out


def test_as_of_is_used_only_through_the_canonical_forms():
    """Every $as_of in cypher/ sits inside one of graphmodel.queries.TIME_FORMS, written
    identically, so the validity rule has one definition (docs/time.md)."""
    patterns = [re.compile(_simple(re.escape(f).split(re.escape("{v}")))) for f in Q.TIME_FORMS]
    aware = []
    for q in Q.library().values():
        text = q.text
        for pat in patterns:
            text = pat.sub("", text)
        assert "$as_of" not in text, f"{q.filename}: $as_of outside the forms of docs/time.md"
        if q.time_aware:
            aware.append(q.name)
    assert {"groups_in_authority", "representation", "decision_power", *TIME_AWARE_REPORTS,
            "authority_summary", "accountability_split", "governance_features"} <= set(aware)


@pytest.mark.parametrize("bad", ["2024-13-01", "31/01/2024", "yesterday", "2024-1-5", ""])
def test_a_bad_as_of_is_a_clear_error_never_guessed(bad):
    with pytest.raises(QueryError, match=r"as_of must be a date written YYYY-MM-DD"):
        Q.get("groups_in_authority").bind({"la": "855", "as_of": bad})


def test_as_of_on_a_question_that_cannot_answer_it_is_refused():
    assert not Q.get("authorities").time_aware
    with pytest.raises(QueryError, match="does not answer as of a date"):
        Q.get("authorities").bind({"as_of": "2024-01-01"})
    assert Q.get("authorities").bind({"as_of": None}) == {"scope": None}


# --- history from extracts in any order ------------------------------------------------------------

LEFT = (100004, 3001)   # in the January extract, gone from the March one
JANUARY = F.GROUP_LINKS
MARCH = [r for r in F.GROUP_LINKS if (r["URN"], r["Group UID"]) != LEFT] + [
    F.group_link(100007, 3001, "15/02/2024", NEW_SCHOOL, LEICS)]


def _extracts(tmp_path):
    return (F.write_raw(tmp_path / "jan", "group_links", JANUARY, date="20240101"),
            F.write_raw(tmp_path / "mar", "group_links", MARCH, date="20240301"))


def _membership(g, urn, uid):
    rows = g.read("MATCH (:School {key: $s})-[m:MEMBER_INSTITUTION]->(:Body {key: $b}) "
                  "RETURN m.start AS start, m.end AS end, m.first_seen AS first_seen, "
                  "m.last_seen AS last_seen, m.joined_date AS joined",
                  {"s": str(urn), "b": f"group/{uid}"})
    assert len(rows) == 1, rows
    return rows[0]


def test_extracts_in_either_order_give_one_history(empty_graph, tmp_path):
    g = empty_graph
    jan, mar = _extracts(tmp_path)
    load_gias(g, [jan])
    load_gias(g, [mar])
    forward = snapshot(g)
    assert _membership(g, *LEFT) == {"start": "2015-04-01", "end": "2024-03-01",
                                     "first_seen": "2024-01-01", "last_seen": "2024-01-01",
                                     "joined": "2015-04-01"}
    assert _membership(g, 100007, 3001) == {"start": "2024-02-15", "end": None,
                                            "first_seen": "2024-03-01",
                                            "last_seen": "2024-03-01", "joined": "2024-02-15"}
    gov = g.read("MATCH (:Trust {key: 'group/3001'})-[r:GOVERNS]->(:School {key: '100004'}) "
                 "RETURN r.start AS start, r.end AS end")
    assert gov == [{"start": "2015-04-01", "end": "2024-03-01"}]
    # a school that stayed: seen by both, open
    assert _membership(g, 100001, 3001)["first_seen"] == "2024-01-01"
    assert _membership(g, 100001, 3001)["last_seen"] == "2024-03-01"
    load_gias(g, [mar])   # loading one twice changes nothing
    assert snapshot(g) == forward
    g.clear()
    g.ensure_schema()
    load_gias(g, [mar])
    load_gias(g, [jan])   # the older extract after the newer one
    assert snapshot(g) == forward
    load_gias(g, [jan])
    assert snapshot(g) == forward


def test_an_older_extract_never_overwrites_newer_values(empty_graph, tmp_path):
    g = empty_graph
    renamed = [dict(r, **{"Group Name": "ASHBY LEARNING TRUST (RENAMED)"})
               if r["Group UID"] == 3001 else r for r in MARCH]
    newer = F.write_raw(tmp_path / "new", "group_links", renamed, date="20240301")
    jan, _ = _extracts(tmp_path)
    load_gias(g, [F.write_raw(tmp_path / "g", "groups", date="20240301")])
    load_gias(g, [newer])
    load_gias(g, [jan])
    row, = g.read("MATCH (t:Trust {key: 'group/3001'}) RETURN t.name AS name, "
                  "t.first_seen AS f, t.last_seen AS l")
    assert row == {"name": "ASHBY LEARNING TRUST", "f": "2024-01-01", "l": "2024-03-01"}


# --- report groups as of a date ----------------------------------------------------------------------

@pytest.mark.parametrize("as_of, schools", [
    ("2012-08-31", []),                                   # before anyone joined
    ("2013-01-01", [F.ACCENTED]),                         # joined 2012-09-01
    ("2016-01-01", [F.ACCENTED, "Ashby Hill Top Primary School"]),  # + joined 2015-04-01
    ("2024-02-20", [F.ACCENTED, NEW_SCHOOL, "Ashby Hill Top Primary School"]),
    ("2024-03-01", [F.ACCENTED, NEW_SCHOOL]),             # left by the March extract
    (None, [F.ACCENTED, NEW_SCHOOL]),                     # now
])
def test_report_groups_counts_schools_joined_and_not_left(empty_graph, tmp_path, as_of, schools):
    g = empty_graph
    load_gias(g, list(_extracts(tmp_path)))
    rows = {r["key"]: r for r in Q.run(g, "groups_in_authority", {"la": "855", "as_of": as_of})}
    mat = rows.get("group/3001")
    assert (mat["schools"] if mat else []) == sorted(schools)
    assert (mat["schools_in_la"] if mat else 0) == len(schools)
    if mat:
        assert mat["governs"] == len(schools)  # GOVERNS follows the membership's dates


def test_cli_report_groups_as_of(cli, tmp_path):
    jan, mar = _extracts(tmp_path)
    assert cli("load", "gias", str(jan), str(mar)).exit_code == 0
    res = cli("report", "groups", "--la", "855", "--as-of", "2016-01-01", "--format", "json")
    assert res.exit_code == 0, res.output
    mat, = [r for r in json.loads(res.output) if r["key"] == "group/3001"]
    assert mat["schools_in_la"] == 2
    bad = cli("report", "groups", "--la", "855", "--as-of", "01/01/2016")
    assert bad.exit_code == 1 and "--as-of must be a date written YYYY-MM-DD" in bad.output
    assert "Traceback" not in bad.output


# --- a re-appointed trustee and a body that never materialised ------------------------------------

FIRST_TERM = ("01/09/2019", "31/03/2023")   # ended before the extract: the extract shows it
SECOND_TERM = ("01/09/2023", "31/08/2027")  # after a gap; its end is a plan, not a fact
TRUSTEE = ("Mrs", "Jo", "", "Reappointed")


def _reappointed(tmp_path):
    rows = [F.seat(901, "Trustee", "Appointed by academy members", uid=3001, chn="7654321",
                   name=TRUSTEE, start=FIRST_TERM[0], end=FIRST_TERM[1]),
            F.seat(902, "Trustee", "Appointed by academy members", uid=3001, chn="7654321",
                   name=TRUSTEE, start=SECOND_TERM[0], end=SECOND_TERM[1])]
    return [F.write_raw(tmp_path, "groups"), F.write_raw(tmp_path, "group_links"),
            F.write_raw(tmp_path, "governance", rows)]


@pytest.mark.parametrize("as_of, members", [
    ("2018-01-01", 0),   # before the first term
    ("2020-01-01", 1),   # first term
    ("2023-06-01", 0),   # between the terms
    ("2023-10-01", 1),   # second term: one seat, not two (two MEMBER_OF, one person)
    (None, 1),           # now: the ended term is not counted
])
def test_reappointed_trustee_counts_once_in_each_term(empty_graph, tmp_path, as_of, members):
    g = empty_graph
    load_gias(g, _reappointed(tmp_path))
    terms = g.read("MATCH (p:Person)-[m:MEMBER_OF]->(:Trust {key: 'group/3001'}) "
                   "RETURN p.key AS p, m.start AS start, m.end AS end ORDER BY start")
    assert len({t["p"] for t in terms}) == 1, "both appointments resolve to one person"
    assert [(t["start"], t["end"]) for t in terms] == [("2019-09-01", "2023-03-31"),
                                                       ("2023-09-01", None)]
    rows = {r["body_key"]: r for r in Q.run(g, "representation", {"la": "855", "as_of": as_of})}
    assert rows["group/3001"]["members"] == members
    assert rows["group/3001"]["governors_voting"] == members


CASE = """\
case: time-city
title: Time City (test fixture; dates illustrative)
source: test fixture
nodes:
  - {key: time-city, label: LocalAuthority, name: Time City, scope: example, source_ref: fixture}
  - {key: time-city/association, label: Partnership, kind: association,
     name: Cluster governor association (proposed), status: not_materialised,
     proposed: "2007-09-01", close_date: "2008-07-31", decision_rights: binding,
     evidence: illustrative, note: "illustrative dates: proposed, never materialised",
     source_ref: fixture}
  - {key: time-city/board, label: Partnership, kind: board, name: Cluster board, status: active,
     established: "2006-01-01", decision_rights: binding, source_ref: fixture}
  - {key: time-city/governor, label: Person, kind: seat, name: Governor seat, source_ref: fixture}
relationships:
  - {type: IN_AREA, from: time-city/association, to: time-city, evidence: illustrative,
     source_ref: fixture}
  - {type: IN_AREA, from: time-city/board, to: time-city, source_ref: fixture}
  - {type: MEMBER_OF, from: time-city/governor, to: time-city/association, role: governor,
     constituency: governor, voting: true, attendance: member, start: "2007-09-01",
     end: "2008-07-31", evidence: illustrative, source_ref: fixture}
"""


@pytest.mark.parametrize("as_of, association", [
    ("2007-01-01", None),          # before it was proposed
    ("2008-01-01", "proposed"),    # while proposed: listed, as proposed, with its seat
    ("2009-01-01", None),          # after it was given up
    (None, None),                  # now
])
def test_a_body_that_never_materialised(empty_graph, tmp_path, as_of, association):
    g = empty_graph
    path = tmp_path / "time_city.yaml"
    path.write_text(CASE, encoding="utf-8")
    load_files(g, [path])
    for question in ("representation", "decision_power"):
        rows = {r["body_key"]: r for r in Q.run(g, question, {"la": "time-city",
                                                              "as_of": as_of})}
        assert rows["time-city/board"]["status"] == "active"
        got = rows.get("time-city/association")
        assert (got["status"] if got else None) == association, question
        if got:
            assert got["governors_voting"] == 1


def test_rollup_counts_the_bodies_active_on_the_date(empty_graph, tmp_path):
    from analysis import reports as R

    g = empty_graph
    path = tmp_path / "time_city.yaml"
    path.write_text(CASE, encoding="utf-8")
    load_files(g, [path])
    units = lambda d: [(r["authority"], r["bodies"]) for r in
                       R.representation(g, "time-city", by="la", as_of=d).rows]
    assert units("2005-06-01") == []                  # the board was established in 2006
    assert units("2008-01-01") == [("Time City", 1)]  # the association was only proposed
    assert units(None) == [("Time City", 1)]


# --- what changed ----------------------------------------------------------------------------------

def test_report_changes_lists_joined_and_left_with_sources(empty_graph, tmp_path):
    from analysis.changes import changes

    g = empty_graph
    load_gias(g, list(_extracts(tmp_path)))
    rep = changes(g, "2024-01-01", "2024-03-01", la="855")
    got = [(r["date"], r["change"], r["subject_key"], r["object_key"], r["source"])
           for r in rep.rows]
    assert got == [
        ("2024-02-15", "joined trust", "100007", "group/3001",
         "alllinksdata20240301.csv (GIAS extract 2024-03-01)"),
        ("2024-03-01", "left trust", "100004", "group/3001",
         "alllinksdata20240101.csv (GIAS extract 2024-01-01)")]
    assert changes(g, "2024-03-01", "2024-12-31", la="855").rows == []
    opened = changes(g, "2012-01-01", "2012-12-31").rows
    assert ("2012-09-01", "opened", "group/3001") in [
        (r["date"], r["change"], r["subject_key"]) for r in opened]
    with pytest.raises(Exception, match="is after --to"):
        changes(g, "2024-03-01", "2024-01-01")


def test_cli_report_changes(cli, tmp_path):
    jan, mar = _extracts(tmp_path)
    assert cli("load", "gias", str(jan), str(mar)).exit_code == 0
    res = cli("report", "changes", "--from", "2024-01-01", "--to", "2024-03-01", "--la",
              "Leicestershire", "--format", "csv")
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("date,change,subject,subject_key,object,object_key,source")
    assert len(lines) == 3 and "joined trust" in lines[1] and "left trust" in lines[2]
    bad = cli("report", "changes", "--from", "2024-1-1", "--to", "2024-03-01")
    assert bad.exit_code == 1 and "--from must be a date written YYYY-MM-DD" in bad.output


def test_report_changes_of_the_case_study_body(empty_graph, tmp_path):
    from analysis.changes import changes

    g = empty_graph
    path = tmp_path / "time_city.yaml"
    path.write_text(CASE, encoding="utf-8")
    load_files(g, [path])
    rows = [(r["date"], r["change"], r["subject_key"]) for r in
            changes(g, "2007-01-01", "2008-12-31", la="time-city").rows]
    assert rows == [("2007-09-01", "proposed", "time-city/association"),
                    ("2007-09-01", "seat started: governor", "time-city/governor"),
                    ("2008-07-31", "not materialised", "time-city/association"),
                    ("2008-07-31", "seat ended: governor", "time-city/governor")]


# --- the 2022 national files and a later raw extract, in both orders --------------------------------

EXTRACT_2022 = "2022-08-31"


@pytest.mark.slow
def test_national_2022_then_later_extract_in_either_order(empty_graph, tmp_path, shared_data):
    from analysis.changes import changes
    from time_fixtures import later_group_links

    national = shared_data("gias-2022")
    shared_data("gias-2022", "group_links.csv"), shared_data("gias-2022", "links.csv")
    later, made = later_group_links(national, tmp_path)
    g = empty_graph
    first = [national / "group_links.csv", national / "links.csv"]
    load_gias(g, first, extract_date=EXTRACT_2022)
    load_gias(g, [later])
    forward = snapshot(g)
    g.clear()
    g.ensure_schema()
    load_gias(g, [later])
    load_gias(g, first, extract_date=EXTRACT_2022)
    assert snapshot(g) == forward
    for school, group in made["left"]:
        m, = g.read("MATCH (:School {key: $s})-[m:MEMBER_INSTITUTION]->(:Body {key: $b}) "
                    "RETURN m.end AS end, m.last_seen AS seen", {"s": school, "b": group})
        assert m == {"end": "2025-04-22", "seen": EXTRACT_2022}
    rows = changes(g, EXTRACT_2022, "2025-04-22", la="919").rows
    got = {(r["subject_key"], r["object_key"], r["change"], r["date"]) for r in rows
           if r["change"] in ("joined trust", "left trust")}
    assert got == {(s, b, "joined trust", d) for s, b, d in made["joined"]} | {
        (s, b, "left trust", "2025-04-22") for s, b in made["left"]}
    joined = [r for r in rows if r["change"] == "joined trust"]
    assert {r["source"] for r in joined} == {f"{later.name} (GIAS extract 2025-04-22)"}
    # nationally, only those four memberships ended: the later file lists every other one
    ended = g.read("MATCH ()-[m:MEMBER_INSTITUTION]->() WHERE m.end IS NOT NULL "
                   "RETURN count(m) AS c")[0]["c"]
    assert ended == len(made["left"])


def test_cli_viz_opens_at_the_as_of_date(cli, tmp_path):
    path = tmp_path / "time_city.yaml"
    path.write_text(CASE, encoding="utf-8")
    assert cli("load", "cases", str(path)).exit_code == 0
    res = cli("viz", "--la", "time-city", "--as-of", "2008-01-01", "-o", tmp_path / "t.html")
    assert res.exit_code == 0, res.output
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert '"as_of":"2008-01-01"' in page and '"span":["2007-09-01","2008-07-31"]' in page
    bad = cli("viz", "--la", "time-city", "--as-of", "2008-02-30", "-o", tmp_path / "u.html")
    assert bad.exit_code == 1 and "--as-of must be a date written YYYY-MM-DD" in bad.output
    assert not (tmp_path / "u.html").exists()


# --- the other case-study reports as of a date (before, during, after) ------------------------------

# Time City with more around the never-materialised association (dates illustrative): an officer
# who attends it without a vote, an accountability line to the authority, a school that joined
# the board in 2010 and a cluster committee in 2012.
CASE_MORE = (CASE + """\
  - {type: MEMBER_OF, from: time-city/officer, to: time-city/association, role: officer,
     constituency: officer, voting: false, attendance: attends_without_membership,
     evidence: illustrative, source_ref: fixture}
  - {type: ACCOUNTABLE_TO, from: time-city/association, to: time-city, basis: resource,
     perceived: false, evidence: illustrative, source_ref: fixture}
  - {type: IN_AREA, from: time-city/school, to: time-city, source_ref: fixture}
  - {type: PART_OF, from: time-city/north, to: time-city, source_ref: fixture}
  - {type: IN_AREA, from: time-city/north-jc, to: time-city/north, source_ref: fixture}
  - {type: MEMBER_INSTITUTION, from: time-city/school, to: time-city/board,
     participation: voluntary, start: "2010-09-01", source_ref: fixture}
  - {type: MEMBER_INSTITUTION, from: time-city/school, to: time-city/north-jc,
     participation: voluntary, start: "2012-01-01", source_ref: fixture}
""").replace("relationships:\n", """\
  - {key: time-city/officer, label: Person, kind: seat, name: Officer seat, source_ref: fixture}
  - {key: time-city/school, label: School, name: Time Primary, source_ref: fixture}
  - {key: time-city/north, label: Cluster, name: North cluster, tier: neighbourhood,
     source_ref: fixture}
  - {key: time-city/north-jc, label: JointCommittee, name: North committee, status: active,
     established: "2012-01-01", decision_rights: advisory, source_ref: fixture}
relationships:
""")
ASSOC, BOARD, JC, SCHOOL = ("time-city/association", "time-city/board", "time-city/north-jc",
                            "time-city/school")


@pytest.fixture
def time_city(empty_graph, tmp_path):
    path = tmp_path / "time_city_more.yaml"
    path.write_text(CASE_MORE, encoding="utf-8")
    load_files(empty_graph, [path])
    return empty_graph


def _ask(g, question, as_of, **params):
    return Q.run(g, question, {"la": "time-city", "as_of": as_of, **params})


@pytest.mark.parametrize("as_of, tiers, gaps, attendees, outside, several", [
    # before the board: nothing active; the school (in no body yet) takes part in nothing
    ("2005-06-01", {}, [], [], [SCHOOL], []),
    # the association is proposed: listed as such where status is shown, counted nowhere as active
    ("2008-01-01", {"authority": [BOARD]}, [(BOARD, "active"), (ASSOC, "proposed")],
     [(ASSOC, "proposed", "officer")], [SCHOOL], []),
    ("2009-01-01", {"authority": [BOARD]}, [(BOARD, "active")], [], [SCHOOL], []),
    ("2011-01-01", {"authority": [BOARD]}, [(BOARD, "active")], [], [], []),   # joined the board
    ("2013-01-01", {"authority": [BOARD], "neighbourhood": [JC]}, [(BOARD, "active")], [], [],
     [SCHOOL]),
    (None, {"authority": [BOARD], "neighbourhood": [JC]}, [(BOARD, "active")], [], [], [SCHOOL]),
])
def test_case_study_reports_as_of(time_city, as_of, tiers, gaps, attendees, outside, several):
    from analysis import reports as R

    g = time_city
    got = {r["tier"]: r["body_keys"] for r in R.tiers(g, "time-city", as_of=as_of).rows}
    assert got == tiers
    assert [(r["body_key"], r["status"]) for r in R.gaps(g, "time-city", as_of=as_of).rows] == gaps
    assert [(r["body_key"], r["status"], r["constituency"])
            for r in _ask(g, "non_voting_attendees", as_of)] == attendees
    assert [r["institution_key"] for r in
            R.participation(g, "time-city", as_of=as_of).rows] == outside
    assert [r["institution_key"] for r in _ask(g, "schools_in_several_tiers", as_of)] == several
    chains = [(r["body_key"], r["holder_key"]) for r in
              R.accountability(g, "time-city", as_of=as_of).rows]
    assert chains == ([(ASSOC, "time-city")] if as_of == "2008-01-01" else [])
    split = [(r["body_key"], r["status"], r["resource_to"])
             for r in _ask(g, "accountability_split", as_of)]
    assert split == ([(ASSOC, "proposed", ["Time City"])] if as_of == "2008-01-01" else [])
    edges = {(r["source_key"], r["target_key"]) for r in _ask(g, "membership_projection", as_of)}
    assert edges == ({("time-city/governor", ASSOC), ("time-city/officer", ASSOC)}
                     if as_of == "2008-01-01" else set())


@pytest.mark.parametrize("as_of, bodies, people, features", [
    ("2005-06-01", 0, 0, None),
    ("2008-01-01", 1, 2, (1, 0)),    # the proposed association's seats count; it is no active body
    ("2009-01-01", 1, 0, (1, 0)),
    ("2013-01-01", 2, 0, (1, 1)),
    (None, 2, 0, (1, 1)),
])
def test_case_study_summary_and_features_as_of(time_city, as_of, bodies, people, features):
    g = time_city
    row, = [r for r in Q.run(g, "authority_summary", {"as_of": as_of}) if r["key"] == "time-city"]
    assert (row["bodies"], row["people"], row["memberships"], row["institutions"]) == (
        bodies, people, people, 1)
    got = [(r["authority_bodies"], r["neighbourhood_bodies"])
           for r in _ask(g, "governance_features", as_of)]
    assert got == ([features] if features else [])


@pytest.mark.parametrize("as_of, terms", [
    ("2018-01-01", 0), ("2020-01-01", 1), ("2023-06-01", 0), ("2023-10-01", 1), (None, 1)])
def test_reappointed_trustee_in_the_other_reports(empty_graph, tmp_path, as_of, terms):
    """The re-appointed trustee (two parallel MEMBER_OF): one edge in the broker network and one
    membership in the summary during either term, none between them."""
    g = empty_graph
    load_gias(g, _reappointed(tmp_path))
    edges = [r for r in Q.run(g, "membership_projection", {"la": "855", "as_of": as_of})
             if r["target_key"] == "group/3001" and r["link"] == "MEMBER_OF"]
    assert len(edges) == terms
    row, = [r for r in Q.run(g, "authority_summary", {"as_of": as_of}) if r["key"] == "855"]
    assert (row["people"], row["memberships"]) == (terms, terms)


def test_cli_reports_take_as_of(cli, tmp_path):
    path = tmp_path / "time_city_more.yaml"
    path.write_text(CASE_MORE, encoding="utf-8")
    assert cli("load", "cases", str(path)).exit_code == 0
    for command, during, now in [("gaps", 2, 1), ("tiers", 1, 2), ("accountability", 1, 0),
                                 ("participation", 1, 0), ("brokers", 1, 0)]:
        res = cli("report", command, "--la", "time-city", "--as-of", "2008-01-01",
                  "--format", "json")
        assert res.exit_code == 0, (command, res.output)
        assert len(json.loads(res.output)) == during, command
        res = cli("report", command, "--la", "time-city", "--format", "json")
        assert res.exit_code == 0 and len(json.loads(res.output)) == now, command
        bad = cli("report", command, "--la", "time-city", "--as-of", "2008-02-30")
        assert bad.exit_code == 1 and "--as-of must be a date written YYYY-MM-DD" in bad.output


def test_cli_figure_as_of(cli, tmp_path):
    path = tmp_path / "time_city_more.yaml"
    path.write_text(CASE_MORE, encoding="utf-8")
    assert cli("load", "cases", str(path)).exit_code == 0
    res = cli("figure", "gaps", "--la", "time-city", "--as-of", "2008-01-01",
              "-o", tmp_path / "gaps.svg")
    assert res.exit_code == 0, res.output
    assert "(2 rows)" in res.output   # the proposed association and the board, on that date
    assert "(1 rows)" in cli("figure", "gaps", "--la", "time-city", "-o",
                             tmp_path / "now.svg").output
    res = cli("figure", "representation", "--la", "time-city", "--as-of", "2008-01-01",
              "-o", tmp_path / "rep.svg")
    assert res.exit_code == 0 and "(1 bodies)" in res.output, res.output  # the governor's vote
    bad = cli("figure", "tiers", "--la", "time-city", "--as-of", "2008-13-01",
              "-o", tmp_path / "bad.svg")
    assert bad.exit_code == 1 and "--as-of must be a date written YYYY-MM-DD" in bad.output
    # map and export as of a date: tests/test_time_views.py
