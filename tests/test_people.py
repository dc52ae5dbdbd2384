"""People resolved from GIAS governance rows, on both backends, with planted truth.

The files are written in the published raw layout (Windows-1252, accents, dd/mm/yyyy, CRLF);
the governance file is loaded through `load gias`, which resolves appointments into people.
Precision and recall on a generated national sample (benchmarks/gen_governance.py, planted
truth) are asserted and printed.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import gias_fixtures as F
from loaders.gias import load_gias
from loaders.resolve import Listing, Place, evaluate, fold, resolve

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gias-2022"
CAMBS, NEWCASTLE = ("873", "Cambridgeshire"), ("391", "Newcastle upon Tyne")


def school(urn, name, la, type_="Academy converter"):
    return {"URN": urn, "LA (code)": la[0], "LA (name)": la[1], "EstablishmentName": name,
            "TypeOfEstablishment (name)": type_, "EstablishmentStatus (name)": "Open",
            "PhaseOfEducation (name)": "Primary"}


SCHOOLS = [school(600001, "Fen Edge Academy", CAMBS), school(600002, "March Academy", CAMBS),
           school(600003, "Ouse Academy", CAMBS), school(600004, "Tyne Academy", NEWCASTLE),
           school(600005, "Ely St Mary's Primary", CAMBS, "Community school"),
           school(600006, "Jesmond Primary", NEWCASTLE, "Community school")]
GROUPS = [{"Group UID": uid, "Group Name": name, "Group Type": "Multi-academy trust",
           "Group Status": "Open", "Companies House Number": chn}
          for uid, name, chn in ((5001, "Fenland Learning Trust", "08123456"),
                                 (5002, "Ouse Valley Academies", "8234567"),
                                 (5003, "Tyne Schools Trust", "08345678"))]


def link(urn, uid):
    g = next(g for g in GROUPS if g["Group UID"] == uid)
    s = next(s for s in SCHOOLS if s["URN"] == urn)
    return {"URN": urn, "Group UID": uid, "Group Name": g["Group Name"],
            "Companies House Number": g["Companies House Number"], "Group Type": g["Group Type"],
            "Group Status": "Open", "Joined date": "01/09/2016",
            "EstablishmentName": s["EstablishmentName"],
            "TypeOfEstablishment (name)": s["TypeOfEstablishment (name)"],
            "PhaseOfEducation (name)": "Primary", "LA (code)": s["LA (code)"],
            "LA (name)": s["LA (name)"]}


LINKS = [link(600001, 5001), link(600002, 5001), link(600003, 5002), link(600004, 5003)]
RENEE = ("Mrs", "Ren\u00e9e", "", "Dupr\u00e9-Smith")
RENEE_PLAIN = ("Mrs", "Renee", "", "Dupre Smith")          # accents and hyphen dropped
OLU = ("Mr", "Oluwaseun", "", "Ad\u00e9b\u00e1y\u00f2")
OLU_PLAIN = ("Mr", "Oluwaseun", "", "Adebayo")
CHLOE = ("Mrs", "Chlo\u00eb", "", "Bront\u00eb")
SMITH = ("Mr", "John", "", "Smith")
S = F.seat
GOVERNANCE = [
    # Fenland Learning Trust (5001): the chair is a member; 2 of 3 members are trustees;
    # two employees on the board (the chief executive, and the head of one of its academies)
    S(1001, "Chair of Trustees", "Appointed by academy members", uid=5001, name=RENEE),
    S(1002, "Member", "Original (signatory) members", uid=5001, name=RENEE_PLAIN),
    S(1003, "Trustee", "Appointed by academy members", uid=5001, name=OLU),
    S(1004, "Trustee", "Appointed by academy members", uid=5001,
      name=("Ms", "Joanna", "Maria", "Kowalczyk")),
    S(1005, "Member", "Foundation/sponsor members", uid=5001,
      name=("Ms", "Joanna", "", "Kowalczyk")),
    S(1006, "Member", "Original (signatory) members", uid=5001, name=("Mr", "Peter", "", "Quint")),
    S(1007, "Accounting Officer", "N/A", uid=5001, name=("Dr", "Si\u00e2n", "", "Hughes")),
    S(1008, "Trustee", "Appointed by academy members", uid=5001,
      name=("Dr", "Si\u00e2n", "", "Hughes")),
    S(1009, "Trustee", "Appointed by academy members", uid=5001,
      name=("Mr", "Ifan", "", "Price-Thomas")),
    S(1010, "Local Governor", "Ex-officio by virtue of office as headteacher/principal",
      urn=600001, name=("Mr", "Ifan", "", "Price-Thomas")),
    S(1011, "Local Governor", "Elected by parents", urn=600001, name=("Ms", "Ayo", "", "Bello")),
    # Ouse Valley Academies (5002): only two members; shares a trustee with 5001
    S(2001, "Chair of Trustees", "Appointed by academy members", uid=5002,
      name=("Mr", "Alan", "", "Birch")),
    S(2002, "Member", "Original (signatory) members", uid=5002, name=("Mr", "Alan", "", "Birch")),
    S(2004, "Member", "Original (signatory) members", uid=5002, name=("Ms", "Ruth", "", "Gale")),
    S(2003, "Trustee", "Appointed by academy members", uid=5002, name=OLU_PLAIN),
    # a maintained school: the LA governor re-appointed under a new GID (consecutive terms)
    S(3001, "Governor", "Appointed by LA", urn=600005, name=CHLOE, start="01/09/2017",
      end="31/08/2021"),
    S(3002, "Governor", "Appointed by LA", urn=600005, name=CHLOE, start="01/09/2021",
      end="31/08/2025"),
    S(3003, "Chair of Governors", "Elected by parents", urn=600005,
      name=("Mr", "Tom\u00e1s", "", "Byrne")),
    S(3004, "Governor", "Elected by parents", urn=600005, name=("Ms", "Ina", "", "Lord")),
    S(3005, "Governor", "Elected by school staff", urn=600005, name=("Ms", "Eve", "", "Moss")),
    S(3006, "Governor", "Ex-officio by virtue of office as headteacher/principal", urn=600005,
      name=("Mr", "Sam", "", "Orr")),
    S(3007, "Governor", "Appointed by GB/board", urn=600005, name=SMITH),
    # far away: a namesake, and a governing body missing parent, staff and LA places
    S(4001, "Governor", "Appointed by GB/board", urn=600006, name=SMITH),
    S(4002, "Governor", "Ex-officio by virtue of office as headteacher/principal", urn=600006,
      name=("Ms", "Kay", "", "Dunn")),
    S(4003, "Governor", "Elected by parents", urn=600006, name=("Ms", "Zo\u00eb", "", "Ng"),
      start="01/09/2018", end="31/03/2022"),
]
TRUTH = {"renee": {"1001", "1002"}, "olu": {"1003", "2003"}, "joanna": {"1004", "1005"},
         "sian": {"1007", "1008"}, "ifan": {"1009", "1010"}, "alan": {"2001", "2002"},
         "chloe": {"3001", "3002"}}


def write_register(folder: Path) -> list[Path]:
    return [F.write_raw(folder, "establishments", SCHOOLS, date="20220831"),
            F.write_raw(folder, "groups", GROUPS, date="20220831"),
            F.write_raw(folder, "group_links", LINKS, date="20220831"),
            F.write_raw(folder, "governance", GOVERNANCE, date="20220831",
                        name="governancealldata20220831.csv")]


@pytest.fixture
def register(empty_graph, tmp_path):
    paths = write_register(tmp_path)
    assert paths[-1].read_bytes().count("Ren\u00e9e".encode("cp1252")) == 1  # cp1252 on disk
    load_gias(empty_graph, paths)
    return empty_graph


def persons(g) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in g.read("MATCH (p:Person)-[m:MEMBER_OF]->(b:Body) WHERE m.gid IS NOT NULL "
                    "RETURN p.key AS person, p.name AS name, m.gid AS gid, b.key AS board, "
                    "m.start AS start, m.term_end AS te, m.link_confidence AS c, "
                    "m.link_reasons AS why"):
        out.setdefault(r["person"], []).append(r)
    return out


def gid_groups(g) -> set[frozenset]:
    return {frozenset(r["gid"] for r in rows) for rows in persons(g).values()}


def test_planted_people_are_resolved(register):
    groups = gid_groups(register)
    for name, gids in TRUTH.items():
        assert frozenset(gids) in groups, f"{name}: {sorted(gids)} should be one person"
    # every other GID is a person of its own; one MEMBER_OF per GID
    merged = set().union(*TRUTH.values())
    singles = {frozenset([str(r["GID"])]) for r in GOVERNANCE if str(r["GID"]) not in merged}
    assert groups == {frozenset(v) for v in TRUTH.values()} | singles
    n = register.read("MATCH (:Person)-[m:MEMBER_OF]->(:Body) WHERE m.gid IS NOT NULL "
                      "RETURN count(m) AS n")[0]["n"]
    assert n == len(GOVERNANCE)


def test_trustee_of_two_trusts_is_one_person_linking_them(register):
    olu = next(rows for rows in persons(register).values()
               if {r["gid"] for r in rows} == {"1003", "2003"})
    assert {r["board"] for r in olu} == {"group/5001", "group/5002"}
    link = next(r for r in olu if r["c"] is not None)
    assert link["c"] >= 0.9 and "same name" in link["why"] and "same authority 873" in link["why"]
    assert olu[0]["person"] == "gias/gid/1003"   # keyed by the earliest GID
    boards = register.read("MATCH (p:Person {key: 'gias/gid/1003'}) RETURN p.boards AS n")
    assert boards == [{"n": 2}]   # stored when resolved: interlock questions start from it
    from graphmodel import queries as Q
    links = Q.run(register, "interlocks_links", {"boards": None, "min_confidence": None})
    trusts = [(r["board_a"], r["board_b"], r["shared"]) for r in links]
    assert ("group/5001", "group/5002", 1) in trusts


def test_reappointed_governor_is_one_person_with_two_terms(register):
    chloe = next(rows for rows in persons(register).values()
                 if {r["gid"] for r in rows} == {"3001", "3002"})
    assert {r["board"] for r in chloe} == {"600005/gb"}       # parallel MEMBER_OF edges
    assert sorted((r["start"], r["te"]) for r in chloe) == [
        ("2017-09-01", "2021-08-31"), ("2021-09-01", "2025-08-31")]
    assert chloe[0]["name"] == "Mrs Chlo\u00eb Bront\u00eb"
    why = next(r["why"] for r in chloe if r["why"])
    assert "same board 600005/gb, consecutive terms" in why
    # counted twice on both backends (FalkorDB's parallel-edge trap: the edge is referenced)
    n = register.read("MATCH (p:Person {key: $k})-[m:MEMBER_OF]->(b:Body) RETURN count(m) AS n",
                      {"k": chloe[0]["person"]})[0]["n"]
    assert n == 2


def test_namesakes_in_distant_authorities_are_kept_apart_and_listed(register):
    groups = gid_groups(register)
    assert frozenset({"3007"}) in groups and frozenset({"4001"}) in groups
    rows = register.read("MATCH (a:Person)-[r:POSSIBLE_MATCH]->(b:Person) "
                         "RETURN a.key AS a, b.key AS b, r.confidence AS c, r.reasons AS why")
    pair = [r for r in rows if {r["a"], r["b"]} == {"gias/gid/3007", "gias/gid/4001"}]
    assert len(pair) == 1 and 0.2 <= pair[0]["c"] < 0.9 and "different places" in pair[0]["why"]


def test_reload_and_newer_extract_keep_person_keys(register, tmp_path):
    before = {frozenset(r["gid"] for r in rows): k for k, rows in persons(register).items()}
    newer = [dict(r) for r in GOVERNANCE if r["GID"] not in (1001,)]   # earliest GID gone
    newer.append(S(1012, "Trustee", "Appointed by academy members", uid=5001, name=RENEE))
    path = F.write_raw(tmp_path / "new", "governance", newer,
                       name="governancealldata20230831.csv")
    load_gias(register, [path])
    after = persons(register)
    renee = next(k for k, rows in after.items() if "1002" in {r["gid"] for r in rows})
    assert renee == before[frozenset({"1001", "1002"})]          # same key as before
    assert {r["gid"] for r in after[renee]} == {"1001", "1002", "1012"}
    for gids, key in before.items():
        if "1001" not in gids:
            assert key in after and gids <= {r["gid"] for r in after[key]}


def test_bad_rows_are_not_resolved(empty_graph, tmp_path):
    """A row skipped as bad (skip_bad_rows) names no person and links no one: Renée's namesake
    rows with an impossible date and with a group not loaded are left out."""
    rows = GOVERNANCE + [S(1013, "Trustee", "Appointed by academy members", uid=5001, name=RENEE,
                           start="31/02/2020"),
                         S(1014, "Trustee", "Appointed by academy members", uid=5999,
                           name=RENEE)]
    paths = write_register(tmp_path)
    paths[-1] = F.write_raw(tmp_path, "governance", rows, date="20220831",
                            name="governancealldata20220831.csv")
    reports = load_gias(empty_graph, paths, skip_bad_rows=True)
    assert reports[-1].bad == 2
    groups = gid_groups(empty_graph)
    assert frozenset({"1001", "1002"}) in groups
    assert not {"1013", "1014"} & set().union(*groups)


def test_fold_and_rules_on_names():
    assert fold("Dupr\u00e9-Smith") == fold("DUPRE SMITH") == "dupre smith"
    assert fold("O\u2019Brien") == fold("O'Brien") == "obrien"
    # a common name across places never merges without other evidence
    common = [Listing(str(i), "Mr", "John", None, "Smith", "Governor", f"{i}/gb")
              for i in range(40)]
    places = {f"{i}/gb": Place(frozenset([str(100 + i)])) for i in range(40)}
    res = resolve(common, places)
    assert res.persons == 40 and not res.possible   # too common to list either


def _generated_sample():
    sys.path.insert(0, str(ROOT))
    from benchmarks import bench_people as B, gen_governance as G
    rows = G.generate(seed=7, scale=0.05, data=DATA, unlisted=0)
    return B, rows, {r["GID"]: str(r["person"]) for r in rows}


@pytest.mark.skipif(not (DATA / "groups.csv").exists(), reason="needs ../shared/data/gias-2022")
def test_precision_and_recall_on_generated_truth():
    B, rows, truth = _generated_sample()
    res = resolve(B.listings_of(rows), B.register_places(DATA))
    m = evaluate(res.person_of, truth)
    print(f"\nrules: precision {m['precision']:.4f} recall {m['recall']:.4f} F1 {m['f1']:.4f} "
          f"({m['true_pairs']} true pairs, {len(rows)} appointments)")
    assert m["true_pairs"] > 500
    assert m["precision"] >= 0.97
    assert m["recall"] >= 0.95


@pytest.mark.skipif(not (DATA / "groups.csv").exists(), reason="needs ../shared/data/gias-2022")
def test_rules_beat_splink_on_generated_truth():
    """The evaluation that chose the rules: splink (DuckDB) on the same sample."""
    pytest.importorskip("splink", reason="splink comes with the test extra: pip install "
                                         "-e '.[test]'")
    B, rows, truth = _generated_sample()
    listings, places = B.listings_of(rows), B.register_places(DATA)
    rules = evaluate(resolve(listings, places).person_of, truth)
    splink = evaluate(B.run_splink(listings, places), truth)
    print(f"\nrules:  precision {rules['precision']:.4f} recall {rules['recall']:.4f} "
          f"F1 {rules['f1']:.4f}\nsplink: precision {splink['precision']:.4f} "
          f"recall {splink['recall']:.4f} F1 {splink['f1']:.4f}")
    assert rules["f1"] > splink["f1"]
    assert rules["recall"] > splink["recall"]
