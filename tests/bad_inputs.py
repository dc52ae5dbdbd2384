"""The broken-input corpus: valid base files, and broken variants of every input format.

    from bad_inputs import corpus, base_case, base_register, dump
    for inp in corpus(): path = inp.write(folder)

Formats: case-study YAML (docs/case-format.md), the five GIAS register kinds (establishments,
groups, group links, establishment links, governance; /work/shared/data/README.md), the
`govgraph load areas` CSV and the LA code lists (`govgraph load la-codes`), plus cut-down
copies of the real 2022 national files when ../shared/data holds them. Each BadInput says
whether it must be rejected (and which line or row and which field the error must name) or is
accepted by design (and what it must load).
`dump(graph)` is the whole store as sorted text: every node and relationship with its
properties, for before/after comparisons.

Also a command, to look at the corpus: `python tests/bad_inputs.py DIR` writes every file.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field as _field
from pathlib import Path

DATE = "20240129"
MB = 1_000_000

# --- the store, as text -----------------------------------------------------------------------

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELS = ("MATCH (a)-[r]->(b) RETURN a.key AS a, labels(a) AS al, type(r) AS type, "
        "properties(r) AS props, b.key AS b, labels(b) AS bl")


def dump(graph) -> list[str]:
    """Every node and relationship with all its properties, one sorted JSON text each."""
    out = []
    for r in graph.read(NODES):
        out.append(json.dumps({"n": sorted(r["labels"]), "p": r["props"]}, sort_keys=True))
    for r in graph.read(RELS):
        out.append(json.dumps({"r": r["type"], "a": [r["a"], sorted(r["al"])],
                               "b": [r["b"], sorted(r["bl"])], "p": r["props"]},
                              sort_keys=True))
    return sorted(out)


def diff(before: list[str], after: list[str]) -> list[str]:
    """What changed between two dumps, lost rows marked '-', new or changed rows '+'."""
    b, a = set(before), set(after)
    return [f"- {x[:200]}" for x in sorted(b - a)] + [f"+ {x[:200]}" for x in sorted(a - b)]


# --- base files ----------------------------------------------------------------------------------

BASE_CASE = """\
case: h5-base
title: Base of the broken-input tests
source: h5-base.txt
nodes:
  - {key: h5/la, label: LocalAuthority, name: H5 Borough, scope: case_study, source_ref: b1}
  - {key: h5/school, label: School, name: H5 School, source_ref: b2}
  - {key: h5/gb, label: GoverningBody, name: H5 School governing body, status: active,
     source_ref: b3}
relationships:
  - {type: GOVERNS, from: h5/gb, to: h5/school, source_ref: b4}
  - {type: IN_AREA, from: h5/school, to: h5/la, source_ref: b5}
"""

# Block style, so that every field has its own line; h5/la and h5/gb come from the store.
CASE = """\
case: h5-variant
title: A valid case file
source: h5-variant.txt
nodes:
  - key: h5v/cluster
    label: Cluster
    name: Variant cluster
    tier: neighbourhood
    source_ref: v1
  - key: h5v/board
    label: Partnership
    name: Variant board
    status: active
    kind: board
    la_board_share: 0.5
    established: 2009-04-01
    source_ref: v2
  - key: h5v/seat
    label: Person
    kind: seat
    name: Variant seat
    source_ref: v3
relationships:
  - {type: IN_AREA, from: h5v/board, to: h5v/cluster, source_ref: v4}
  - {type: PART_OF, from: h5v/cluster, to: h5/la, source_ref: v5}
  - {type: MEMBER_OF, from: h5v/seat, to: h5v/board, role: chair, constituency: governor,
     voting: true, attendance: member, source_ref: v6}
  - {type: DELEGATES_TO, from: h5/gb, to: h5v/board, powers: [budget, staffing], source_ref: v7}
"""

def _rows(*lines: str) -> list[list[str]]:
    return [line.split(",") for line in lines]


# The raw GIAS layouts (a subset of the establishments columns), three schools in LA 926.
EST_HEAD = ("URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment "
            "(code),TypeOfEstablishment (name),EstablishmentTypeGroup (code),EstablishmentType"
            "Group (name),EstablishmentStatus (code),EstablishmentStatus (name),PhaseOfEducation "
            "(code),PhaseOfEducation (name),OpenDate,CloseDate,HeadTitle (name),HeadFirstName,"
            "HeadLastName,HeadPreferredJobTitle,Easting,Northing").split(",")
EST = _rows("900001,926,Norfolk,2001,Alpha Primary School,1,Community school,4,LA maintained,1,"
            "Open,2,Primary,01/09/1990,,Mrs,Ann,Head,Headteacher,623000,308000",
            "900002,926,Norfolk,2002,Beta Infant School,1,Community school,4,LA maintained,1,"
            "Open,2,Primary,01-09-1991,,Mr,Bob,Lead,Head of School,624000,309000",
            "900003,926,Norfolk,2003,Gamma Academy,28,Academy sponsor led,10,Academies,1,Open,"
            "4,Secondary,2012-09-01,,Ms,Cy,Boss,Principal,625000,310000")
GRP_HEAD = ("Group UID,Group ID,Group Name,Companies House Number,Group Type (code),Group Type,"
            "Closed Date,Open date,Incorporated on (open date),Group Status (code),Group Status"
            ).split(",")
GRP = _rows("7001,TR07001,Alpha Academy Trust,6543442,06,Multi-academy trust,,01/09/2012,"
            "01/08/2012,OPEN,Open", "7002,,Beta Federation,,01,Federation,,01/09/2010,,OPEN,Open")
GL_HEAD = GRP_HEAD[:]
GL_HEAD[0:0] = ["URN"]
GL_HEAD += ("Joined date,EstablishmentName,TypeOfEstablishment (code),TypeOfEstablishment (name),"
            "PhaseOfEducation (code),PhaseOfEducation (name),LA (code),LA (name)").split(",")
GL = _rows("900003," + ",".join(GRP[0]) + ",01/09/2013,Gamma Academy,28,Academy sponsor led,4,"
           "Secondary,926,Norfolk", "900002," + ",".join(GRP[1]) + ",01/09/2010,Beta Infant "
           "School,1,Community school,2,Primary,926,Norfolk")
LNK_HEAD = "URN,LinkURN,LinkName,LinkType,LinkEstablishedDate".split(",")
LNK = _rows("900001,900002,Beta Infant School,Successor - merged,01/09/2015")
GOV_HEAD = ("GID,URN,UID,Companies House Number,Role,Title,Forename 1,Forename 2,Surname,Date of "
            "appointment,Date term of office ends/ended,Appointing body").split(",")
GOV = _rows("5000001,900001,,,Chair of Governors,Mrs,Dee,,Chair,01/09/2020,31/08/2024,Elected "
            "by parents", "5000002,,7001,06543442,Trustee,Mr,Eve,,Trustee,01/09/2019,,Appointed "
            "by academy members")
AREA_HEAD = ["URN", "Cluster", "Locality"]
AREA = [["900001", "North cluster", "North"], ["900002", "North cluster", "North"]]

REGISTER = {  # kind: (file name, header, rows)
    "establishments": (f"edubasealldata{DATE}.csv", EST_HEAD, EST),
    "groups": (f"allgroupsdata{DATE}.csv", GRP_HEAD, GRP),
    "group_links": (f"alllinksdata{DATE}.csv", GL_HEAD, GL),
    "links": (f"links_edubasealldata{DATE}.csv", LNK_HEAD, LNK),
    "governance": (f"governance{DATE}.csv", GOV_HEAD, GOV),
}


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def base_case(folder: Path) -> Path:
    p = Path(folder) / "h5-base.yaml"
    p.write_text(BASE_CASE, encoding="utf-8")
    return p


def base_areas(folder: Path) -> Path:
    """A valid `govgraph load areas` file for authority 926 (the base register's schools)."""
    p = Path(folder) / "areas.csv"
    p.write_text(to_csv(AREA_HEAD, AREA), encoding="utf-8", newline="")
    return p


def base_register(folder: Path) -> list[Path]:
    """The valid register the register variants break (raw GIAS format, UTF-8)."""
    out = []
    for name, head, rows in REGISTER.values():
        p = Path(folder) / name
        p.write_text(to_csv(head, rows), encoding="utf-8", newline="")
        out.append(p)
    return out


# --- the broken inputs -------------------------------------------------------------------------

@dataclass(frozen=True)
class BadInput:
    id: str
    fmt: str                   # cases, areas, or a register kind
    filename: str
    data: bytes
    line: int | None = None    # the line (YAML) or data row (CSV) the error must name
    field: str | None = None   # the field or column the error must name
    accept: bool = False       # accepted by design: then `expect` must hold after loading
    expect: dict = _field(default_factory=dict)   # node key -> properties it must have
    why: str = ""

    def write(self, folder: Path) -> Path:
        p = Path(folder) / self.filename
        p.write_bytes(self.data)
        return p


def _line_of(text: str, needle: str) -> int:
    i = text.index(needle)
    return text[:i].count("\n") + 1


def _raw(fmt, id_, data, line=None, field_=None, why="", **kw) -> BadInput:
    ext = "yaml" if fmt == "cases" else "csv"
    return BadInput(f"{fmt}-{id_}", fmt, f"{fmt}-{id_}.{ext}", data, line, field_, why=why, **kw)


# (id, text replaced in CASE, replacement, field the error names, text on the line it names)
CASE_EDITS = [
    ("missing-case", "case: h5-variant\n", "", "case", None, "required id missing"),
    ("renamed-field", "    name: Variant board", "    nmae: Variant board", "nmae", "    nmae:",
     "renamed property"),
    ("missing-source-ref", "    source_ref: v3\n", "", "source_ref", None, "provenance"),
    ("extra-top-level", "title:", "colour: red\ntitle:", "colour", "colour:", "unknown field"),
    ("wrong-type-bool", "voting: true", "voting: maybe", "voting", "voting: maybe", ""),
    ("wrong-type-float", "share: 0.5", "share: half", "la_board_share", "    la_board", ""),
    ("wrong-type-list", "powers: [budget, staffing]", "powers: budget", "powers", "DELEG", ""),
    ("nan-float", "share: 0.5", "share: .nan", "la_board_share", "    la_board",
     "NaN is no share; FalkorDB cannot take it, Neo4j stores it"),
    ("inf-float", "share: 0.5", "share: .inf", "la_board_share", "    la_board", "infinity"),
    ("bigint", "  - key: h5v/seat\n", "  - key: h5v/big\n    label: School\n    name: Big\n"
     "    urn: 99999999999999999999999\n    source_ref: v9\n  - key: h5v/seat\n",
     "urn", "    urn:", "beyond 64 bits: FalkorDB clamps it, Neo4j raises OverflowError"),
    ("impossible-date", "2009-04-01", "2021-02-30", "established", "    established", ""),
    ("date-format", "2009-04-01", "01/04/2009", "established", "    established", ""),
    ("unknown-enum", "    status: active", "    status: thriving", "status", "    status", ""),
    ("unknown-label", "label: Cluster", "label: Clustre", "label", "    label: Clustre", ""),
    ("family-label", "label: Cluster", "label: Area", "label", "    label: Area", ""),
    ("unknown-type", "type: IN_AREA", "type: LOCATED_IN", "type", "LOCATED_IN", ""),
    ("disallowed-ends", "to: h5v/cluster,", "to: h5v/seat,", "type", "IN_AREA", "to a Person"),
    ("dangling-ref", "to: h5/la,", "to: h5/nowhere,", "to", "h5/nowhere", ""),
    ("duplicate-node-key", "  - key: h5v/seat", "  - key: h5v/board", "key",
     "  - key: h5v/board\n    label: Person", ""),
    ("duplicate-relationship", "  - {type: PART_OF", "  - {type: IN_AREA, from: h5v/board, "
     "to: h5v/cluster, source_ref: v8}\n  - {type: PART_OF", "type", "v8}", ""),
    ("duplicate-yaml-key", "    name: Variant board", "    name: Variant board\n    name: Other",
     "name", "    name: Other", "the same key twice in a mapping: YAML keeps the last"),
    ("duplicate-top-key", "title: A valid", "case: h5-other\ntitle: A valid", "case",
     "case: h5-other", "the same key twice at the top"),
    ("python-tag", "    name: Variant seat", "    name: !!python/object/apply:os.system [id]",
     None, "    name: !!python", "no code runs from YAML tags"),
    ("nodes-not-list", "nodes:\n", "nodes: 7\nx_nodes:\n", "nodes", None, ""),
]


def case_inputs() -> list[BadInput]:
    c = CASE.encode("utf-8")
    cut = CASE.index("    la_board_share")
    out = [_raw("cases", "truncated", (CASE[:cut] + "    la_board_share: [0.5,\n").encode(),
                _line_of(CASE, "    la_board_share") + 1, why="cut inside a flow list"),
           _raw("cases", "truncated-mid-node", CASE[:CASE.index("    name: Variant board")]
                .encode(), None, "name", "cut after a node's label: required fields missing"),
           _raw("cases", "latin1", CASE.replace("Variant board", "Variant b\u00f6ard")
                .encode("latin-1"), _line_of(CASE, "    name: Variant board"), why="Latin-1"),
           _raw("cases", "utf16", CASE.encode("utf-16"), 1, why="UTF-16"),
           _raw("cases", "empty", b"", why="empty file"),
           _raw("cases", "comment-only", b"# nothing\n\n", why="no document"),
           _raw("cases", "binary", bytes(range(256)) * 40, why="binary junk"),
           _raw("cases", "nul", c[:40] + b"\x00\x01\x02" + c[40:], why="NUL bytes"),
           _raw("cases", "top-list", b"- a\n- b\n", why="a list, not a mapping"),
           _raw("cases", "deep", ("case: deep\nnote: " + "[" * 5000 + "]" * 5000).encode(),
                why="5000 nested lists: the parser's recursion"),
           _raw("cases", "bom", b"\xef\xbb\xbf" + c, accept=True,
                expect={"h5v/board": {"name": "Variant board"}},
                why="accepted by design: a UTF-8 byte order mark is read as UTF-8"),
           _raw("cases", "megabyte-value", CASE.replace("    name: Variant board", "    name: "
                "Variant board\n    purpose: " + "p" * MB).encode(), accept=True,
                expect={"h5v/board": {"purpose": "p" * MB}},
                why="accepted by design: the schema sets no length limit; stored intact"),
           _raw("cases", "valid-extra-property", CASE.replace("    kind: seat\n", "    kind: "
                "seat\n    title: chair\n").encode(), accept=True,
                expect={"h5v/seat": {"title": "chair", "evidence": "documented"}},
                why="control: a valid file loads (ungraded facts are documented)")]
    for id_, old, new, fld, needle, why in CASE_EDITS:
        assert old in CASE, old
        text = CASE.replace(old, new, 1)
        out.append(_raw("cases", id_, text.encode(), _line_of(text, needle) if needle else None,
                        fld, why))
    return out


TABLES = {**{k: v for k, v in REGISTER.items()}, "areas": ("areas.csv", AREA_HEAD, AREA)}


def _reg(kind, id_, rows=None, header=None, *, data=None, line=None, field_=None,
         accept=False, expect=None, why="", encoding="utf-8"):
    name, head, base = TABLES[kind]
    if data is None:
        text = to_csv(header if header is not None else head, rows if rows is not None else base)
        data = text.encode(encoding)
    stem, ext = name.rsplit(".", 1)
    return BadInput(f"{kind}-{id_}", kind, f"{stem}-{id_}.{ext}", data, line, field_, accept,
                    expect or {}, why)


def _set(rows, i, col, value, head):
    out = [list(r) for r in rows]
    out[i][head.index(col)] = value
    return out


def _cell(kind, id_, row, col, value, why="", *, named=True, **kw):
    """One value changed: the error must name that data row (1-based) and column."""
    _, head, rows = TABLES[kind]
    return _reg(kind, id_, _set(rows, row, col, value, head), line=row + 1,
                field_=col if named else None, why=why, **kw)


def _drop(kind, col, rename=None):
    """A required column missing (or renamed): the error must name it."""
    _, head, rows = TABLES[kind]
    i = head.index(col)
    if rename:
        return _reg(kind, "renamed-column", rows, [rename if h == col else h for h in head],
                    field_=col)
    return _reg(kind, "missing-column", [r[:i] + r[i + 1:] for r in rows],
                head[:i] + head[i + 1:], field_=col)


def register_inputs() -> list[BadInput]:
    est, ok = to_csv(EST_HEAD, EST), "accepted by design: "
    e, g, gl, ln, gv, ar = ("establishments", "groups", "group_links", "links", "governance",
                            "areas")
    return [
        _reg(e, "truncated", data=est[:-30].encode(), line=3, why="last row cut short"),
        _reg(e, "utf16", data=est.encode("utf-16"), why="UTF-16 (NUL bytes)"),
        _cell(e, "cp1252", 0, "EstablishmentName", "Caf\u00e9 School", encoding="cp1252",
              accept=True, expect={"900001": {"name": "Caf\u00e9 School"}},
              why=ok + "raw GIAS downloads are Windows-1252"),
        _reg(e, "bom", data=b"\xef\xbb\xbf" + est.encode(), accept=True,
             expect={"900001": {"name": "Alpha Primary School"}}, why=ok + "UTF-8 with a BOM"),
        _drop(e, "LA (name)"),
        _drop(e, "EstablishmentStatus (name)", rename="Status"),
        _reg(e, "extra-column", [r + ["x"] for r in EST], EST_HEAD + ["Colour"], accept=True,
             expect={"900003": {"name": "Gamma Academy"}},
             why=ok + "GIAS adds columns; unknown ones are ignored"),
        _cell(e, "urn-text", 1, "URN", "9OOOO2"),
        _cell(e, "urn-overflow", 1, "URN", "99999999999999999999", "beyond 64 bits"),
        _cell(e, "impossible-date", 2, "OpenDate", "30/02/2021"),
        _cell(e, "bad-la-code", 0, "LA (code)", "92"),
        _cell(e, "easting-float", 0, "Easting", "623000.5"),
        _reg(e, "duplicate-urn", EST + [EST[0]], line=4, field_="URN"),
        _cell(e, "empty-name", 2, "EstablishmentName", " "),
        _cell(e, "megabyte-field", 1, "EstablishmentName", "n" * MB, named=False,
              why="a 1 MB field (beyond the CSV reader's field limit)"),
        _reg(e, "empty", data=b"", why="empty file"),
        _reg(e, "binary", data=bytes(range(256)) * 40, why="binary junk"),
        _reg(e, "unknown-header", data=b"foo,bar\n1,2\n", why="not a register file"),
        _drop(g, "Group Status"),
        _cell(g, "uid-text", 0, "Group UID", "seven"),
        _cell(g, "unknown-type", 1, "Group Type", "Mega trust", "unknown enum value"),
        _cell(g, "unknown-status", 1, "Group Status", "Zombie", "unknown enum value"),
        _cell(g, "company-number", 0, "Companies House Number", "ABC"),
        _cell(g, "impossible-date", 0, "Closed Date", "2021-02-30"),
        _reg(g, "duplicate-uid", GRP + [GRP[1]], line=3, field_="Group UID"),
        _reg(g, "extra-fields", [GRP[0], GRP[1] + ["surplus"]], line=2, why="a field too many"),
        _cell(gl, "impossible-date", 0, "Joined date", "31/02/2020"),
        _cell(gl, "unknown-type", 1, "Group Type", "Club"),
        _cell(gl, "empty-urn", 1, "URN", ""),
        _drop(gl, "Joined date"),
        _reg(gl, "dangling-group", _set(_set(GL, 0, "Group UID", "7999", GL_HEAD), 0,
                                        "Group Name", "Omega Trust", GL_HEAD), accept=True,
             expect={"group/7999": {"name": "Omega Trust"}},
             why=ok + "a group named only in group links is created from it"),
        _cell(ln, "negative-urn", 0, "LinkURN", "-5"),
        _cell(ln, "impossible-date", 0, "LinkEstablishedDate", "2021-13-01"),
        _cell(ln, "empty-type", 0, "LinkType", ""),
        _reg(ln, "unclosed-quote", data=(to_csv(LNK_HEAD, LNK) + '900002,"900003,x\r\n')
             .encode(), line=2, why="an unclosed quote swallows the rest of the file"),
        _cell(ln, "dangling-urn", 0, "LinkURN", "900777", accept=True,
              expect={"900777": {"name": "Beta Infant School"}},
              why=ok + "a school named only by a link gets a placeholder node"),
        _cell(gv, "dangling-uid", 1, "UID", "7404", "no such group in the store or the load"),
        _reg(gv, "no-name", _set(_set(GOV, 0, "Forename 1", "", GOV_HEAD), 0, "Surname", "",
                                 GOV_HEAD), line=1, field_="Surname"),
        _cell(gv, "empty-role", 1, "Role", ""),
        _cell(gv, "impossible-date", 0, "Date of appointment", "29/02/2023"),
        _cell(gv, "no-board", 0, "URN", "", "neither URN nor UID"),
        _reg(gv, "duplicate-gid", GOV + [GOV[0]], line=3, field_="GID"),
        _cell(gv, "unknown-appointing-body", 0, "Appointing body", "Chosen by lot",
              accept=True, expect={"gias/gid/5000001": {"name": "Mrs Dee Chair"}},
              why=ok + "unknown texts map to appointment 'other', the text is kept"),
        _cell(ar, "urn-text", 1, "URN", "x1"),
        _drop(ar, "Cluster"),
        _cell(ar, "unknown-school", 1, "URN", "911111", "dangling: no such School"),
        _cell(ar, "two-localities", 1, "Locality", "South", "one cluster in two localities"),
        _reg(ar, "empty", data=b"", why="empty file"),
        _cell(ar, "nul-in-name", 0, "Cluster", "South\x00cluster", named=False, why=
              "a NUL byte (FalkorDB cannot take it); stale links are deleted before writing"),
        _reg(ar, "bom", data=b"\xef\xbb\xbf" + to_csv(AREA_HEAD, AREA).encode(), accept=True,
             expect={"926/cluster/north-cluster": {"name": "North cluster"}},
             why=ok + "UTF-8 with a BOM"),
    ]


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def other_inputs() -> list[BadInput]:
    """Cut-down copies of the real 2022 national files, and the LA code lists."""
    out = []
    g22 = SHARED / "gias-2022"
    if (g22 / "links.csv").exists() and (g22 / "groups.csv").exists():
        links = "".join((g22 / "links.csv").open(encoding="utf-8").readlines()[:41])
        groups = "".join((g22 / "groups.csv").open(encoding="utf-8").readlines()[:30])
        out += [BadInput("links-real-2022-truncated", "links", "links-2022-cut.csv",
                         links[:links.rstrip().rindex(",")].encode(), 40,
                         why="the real 2022 file (index column, ISO dates) cut mid-row"),
                BadInput("groups-real-2022-bad-uid", "groups", "groups-2022-bad-uid.csv",
                         groups.replace("\n1001,", "\n10O1,", 1).encode(), 2, "Group UID",
                         why="the real 2022 file with one UID mistyped")]
    dfe = "code\tname\n201\tCity of London\n202\tCamden\n"
    la = lambda id_, text, line=None, fld=None, why="": BadInput(  # noqa: E731
        f"la_codes-{id_}", "la_codes", f"dfe_la_codes-{id_}.tsv", text.encode(), line, fld,
        why=why)
    out += [la("bad-code", dfe.replace("202", "2O2"), 2, "code"),
            la("duplicate-code", dfe + "201\tAgain\n", 3, "code"),
            la("empty-name", dfe.replace("Camden", ""), 2, "name"),
            la("empty", "", why="empty file"),
            la("megabyte-field", dfe.replace("Camden", "n" * MB), 2,
               why="a 1 MB field: beyond the CSV reader's limit"),
            la("nul-in-name", dfe.replace("Camden", "Cam\x00den"), 2, "name",
               why="a NUL byte: FalkorDB cannot take it as a parameter")]
    return out


def corpus() -> list[BadInput]:
    return case_inputs() + register_inputs() + other_inputs()


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-inputs")
    folder.mkdir(parents=True, exist_ok=True)
    for inp in corpus():
        inp.write(folder)
        print(("accept " if inp.accept else "reject ") + inp.filename)
