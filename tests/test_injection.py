"""User text is inert data: it never becomes a label, a type or a piece of a query.

Payloads with Cypher syntax, quotes, backslashes, braces, comments, backticks, `$x` and
label-like text travel through case YAML, register CSVs and `govgraph query --param`, on both
backends, and read back byte-identical while a sentinel part of the store stays intact. Labels
and types that are not in the schema are rejected before anything is written, and the command
line runs only named queries with their declared parameters.
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from bad_inputs import base_case, diff, dump
from graphmodel import Graph, StoreError, default_model
from graphmodel import queries as Q
from graphmodel.model import InvalidValue
from graphmodel.writer import node_statement, rel_statement, write_nodes, write_relationships
from govgraph.cli import main
from loaders.cases import load_files
from loaders.errors import LoadError
from tally_plugin import add

PAYLOADS = [
    "x'}) MATCH (n) DETACH DELETE n //",
    'x"}) MATCH (n) DETACH DELETE n //',
    "School) DETACH DELETE (n",
    "MEMBER_OF]->() DELETE r //",
    ":Admin",
    "n:Admin {admin: true}",
    "`School`",
    "`) DETACH DELETE n //",
    "$x",
    "$rows",
    "{key: 'x'}",
    "}{",
    "// comment",
    "/* block */ RETURN 1",
    "a\\b\\\\c\\'d\\\"e",
    "\\u0027; MATCH (n) DELETE n",
    "line1\nline2\r\nline3",
    "tab\there",
    "CALL dbms.shutdown()",
    "'; CALL db.clearQueryCaches(); //",
    "\u00e9 \u00fc \u6f22\u5b57 \U0001f642 \u202eRTL \u200bzero-width",
    "null",
    "true",
    "123",
    "~",
    "- item",
    "&anchor *alias",
    "!!python/object/apply:os.system ['id']",
    "%00 \x07 bell",
    "GRAPH.DELETE govgraph",
]
SCHEMA_LABELS = set(default_model().labels) | set(default_model().families) | set(default_model().roles)
SCHEMA_TYPES = set(default_model().relationships)


def _key(i: int, p: str) -> str:
    return f"inj/{i}/{p}"


def payload_case(folder: Path) -> Path:
    nodes = [{"key": "inj/la", "label": "LocalAuthority", "name": "Injection borough",
              "source_ref": "i0"}]
    rels = []
    for i, p in enumerate(PAYLOADS):
        nodes.append({"key": _key(i, p), "label": "Partnership", "name": p, "purpose": p,
                      "note": p, "status": "active", "source": p, "source_ref": p})
        nodes.append({"key": f"inj/person/{i}", "label": "Person", "name": p, "kind": "seat",
                      "source_ref": p})
        rels.append({"type": "MEMBER_OF", "from": f"inj/person/{i}", "to": _key(i, p),
                     "role": p, "constituency": "governor", "voting": True,
                     "attendance": "member", "note": p, "source_ref": p})
        rels.append({"type": "IN_AREA", "from": _key(i, p), "to": "inj/la", "source_ref": p})
    doc = {"case": "inj", "source": "injection.txt", "nodes": nodes, "relationships": rels}
    path = folder / "injection.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _guard(graph, sentinel: list[str]) -> None:
    """The sentinel is intact and no label or type outside the schema exists."""
    now = set(dump(graph))
    lost = [s for s in sentinel if s not in now]
    labels = {r["l"] for r in graph.read("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l")}
    types = {r["t"] for r in graph.read("MATCH ()-[r]->() RETURN DISTINCT type(r) AS t")}
    foreign = (labels - SCHEMA_LABELS) | (types - SCHEMA_TYPES)
    add("rows_lost", len(lost))
    add("scripts_executed", len(foreign) + (1 if lost else 0))
    assert not lost, lost[:5]
    assert not foreign, f"user text became a label or type: {foreign}"


@pytest.fixture
def sentinel(empty_graph, tmp_path) -> list[str]:
    load_files(empty_graph, [base_case(tmp_path)])
    return dump(empty_graph)


def test_case_yaml_payloads_read_back_identical(empty_graph, sentinel, tmp_path):
    load_files(empty_graph, [payload_case(tmp_path)])
    rows = empty_graph.read(
        "MATCH (p:Person)-[m:MEMBER_OF]->(b:Partnership) WHERE b.key STARTS WITH 'inj/' "
        "RETURN p.key AS person, p.name AS pname, b.key AS key, b.name AS name, "
        "b.purpose AS purpose, b.note AS note, b.source AS source, b.source_ref AS ref, "
        "m.role AS role, m.note AS mnote, m.source_ref AS mref")
    got = {r["person"]: r for r in rows}
    assert len(got) == len(PAYLOADS)
    for i, p in enumerate(PAYLOADS):
        add("inputs_tried")
        r = got[f"inj/person/{i}"]
        assert r["key"] == _key(i, p)
        assert [r[c] for c in ("pname", "name", "purpose", "note", "source", "ref", "role",
                               "mnote", "mref")] == [p] * 9, (i, p, r)
    _guard(empty_graph, sentinel)


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def payload_register(folder: Path) -> list[Path]:
    from bad_inputs import EST_HEAD, GOV_HEAD, GRP_HEAD, LNK_HEAD

    est, grp, lnk, gov = [], [], [], []
    for i, p in enumerate(PAYLOADS):
        urn = str(910000 + i)
        row = dict.fromkeys(EST_HEAD, "")
        row.update({"URN": urn, "LA (code)": "926", "LA (name)": "Norfolk",
                    "EstablishmentName": p, "TypeOfEstablishment (name)": p,
                    "EstablishmentStatus (name)": "Open"})
        est.append([row[h] for h in EST_HEAD])
        grp.append([str(8000 + i), "", p, "", "06", "Multi-academy trust", "", "", "",
                    "OPEN", "Open"])
        lnk.append([urn, str(910000 + (i + 1) % len(PAYLOADS)), p, p, ""])
        gov.append([str(6000000 + i), urn, "", "", p, "", "", "", p, "", "", p])
    return [_csv(folder / "edubasealldata20240129.csv", EST_HEAD, est),
            _csv(folder / "allgroupsdata20240129.csv", GRP_HEAD, grp),
            _csv(folder / "links_edubasealldata20240129.csv", LNK_HEAD, lnk),
            _csv(folder / "governance20240129.csv", GOV_HEAD, gov)]


def test_register_csv_payloads_read_back_identical(empty_graph, sentinel, tmp_path):
    from loaders.gias import load_gias

    load_gias(empty_graph, payload_register(tmp_path))
    schools = {r["urn"]: r for r in empty_graph.read(
        "MATCH (s:School) WHERE s.urn >= 910000 RETURN s.urn AS urn, s.name AS name, "
        "s.type AS type")}
    groups = {r["uid"]: r["name"] for r in empty_graph.read(
        "MATCH (t:Trust) WHERE t.group_uid >= 8000 RETURN t.group_uid AS uid, t.name AS name")}
    links = {r["urn"]: r["t"] for r in empty_graph.read(
        "MATCH (a:School)-[l:LINKED_TO]->(:School) WHERE a.urn >= 910000 "
        "RETURN a.urn AS urn, l.link_type AS t")}
    seats = {r["urn"]: r for r in empty_graph.read(
        "MATCH (p:Person)-[m:MEMBER_OF]->(:GoverningBody)-[:GOVERNS]->(s:School) "
        "WHERE s.urn >= 910000 RETURN s.urn AS urn, p.name AS name, m.role AS role, "
        "m.appointing_body AS body")}
    for i, p in enumerate(PAYLOADS):
        add("inputs_tried")
        urn = 910000 + i
        assert schools[urn] == {"urn": urn, "name": p, "type": p}, (i, p)
        assert groups[8000 + i] == p
        assert links[urn] == p
        assert (seats[urn]["name"], seats[urn]["role"], seats[urn]["body"]) == (p, p, p)
    _guard(empty_graph, sentinel)


def _target(graph: Graph) -> list[str]:
    if graph.kind == "neo4j":
        return ["--uri", os.environ["NEO4J_URI"]]
    return ["--data-dir", str(graph.backend.server.dir)]


def test_cli_param_payloads_are_inert(empty_graph, sentinel, tmp_path):
    """`govgraph query NAME -p k=v`: values reach the query as parameters, never as text."""
    load_files(empty_graph, [payload_case(tmp_path)])
    before = dump(empty_graph)
    runner, target = CliRunner(), _target(empty_graph)
    for i, p in enumerate(PAYLOADS):
        add("inputs_tried")
        res = runner.invoke(main, [*target, "query", "members_by_constituency", "-p",
                                   f"body={_key(i, p)}", "--format", "json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.output)[0]["roles"] == [p], (i, p, res.output)
        res = runner.invoke(main, [*target, "query", "authorities", "-p", f"scope={p}",
                                   "--format", "json"])
        assert res.exit_code == 0 and json.loads(res.output) == [], (p, res.output)
        res = runner.invoke(main, [*target, "query", "representation", "-p", f"la={p}"])
        assert res.exit_code == 1 and "no authority" in res.output, (p, res.output)  # a name
    assert diff(before, dump(empty_graph)) == []
    _guard(empty_graph, sentinel)


BAD_LABELS = ["School) DETACH DELETE (n", ":Admin", "School:Admin", "`School`", "School`",
              "School {admin: true}", "Body", "school"]
BAD_TYPES = ["MEMBER_OF]->() DELETE", "MEMBER_OF|FUNDS", "MEMBER_OF*1..5", "member_of",
             "`MEMBER_OF`", "MEMBER_OF {role: 'x'}"]


def test_schema_check_rejects_labels_and_types_from_text(empty_graph, sentinel, tmp_path):
    cases = [({"key": "inj/x", "label": lab, "name": "x", "source_ref": "r"}, None, "label")
             for lab in BAD_LABELS]
    cases += [({"key": "inj/x", "label": "Person", "name": "x", "kind": "seat", "source_ref": "r"},
               {"type": t, "from": "inj/x", "to": "h5/gb", "role": "r", "constituency": "governor",
                "voting": True, "attendance": "member", "source_ref": "r"}, "type")
              for t in BAD_TYPES]
    cases.append(({"key": "inj/x", "label": "Person", "name": "x", "kind": "seat",
                   "source_ref": "r", "name}) DETACH DELETE n //": "x"}, None,
                  "name}) DETACH DELETE n //"))
    for n, (node, rel, fld) in enumerate(cases):
        add("inputs_tried")
        doc = {"case": "inj", "source": "s", "nodes": [node], "relationships": [rel] if rel else []}
        path = tmp_path / f"bad-name-{n}.yaml"
        path.write_text(yaml.safe_dump(doc), encoding="utf-8")
        with pytest.raises(LoadError) as e:
            load_files(empty_graph, [path])
        assert any(p.field == fld for p in e.value.problems), (fld, str(e.value))
    assert dump(empty_graph) == sentinel
    _guard(empty_graph, sentinel)


def test_writer_builds_cypher_only_from_schema_names(empty_graph, sentinel):
    m = empty_graph.model
    row = [{"key": "w", "props": {"name": "w", "source": "s", "source_ref": "r"}}]
    for lab in BAD_LABELS[:-2]:
        with pytest.raises(InvalidValue):
            node_statement(m, lab)
        with pytest.raises(InvalidValue):
            write_nodes(empty_graph, {lab: row})
    for t in BAD_TYPES:
        with pytest.raises(InvalidValue):
            rel_statement(m, t, "Person", "Partnership")
        with pytest.raises((InvalidValue, ValueError)):
            write_relationships(empty_graph, {(t, "Person", "Partnership"):
                                              [{"from": "a", "to": "b", "props": {}}]})
    with pytest.raises(InvalidValue):
        rel_statement(m, "MEMBER_OF", "Person", "Partnership) DETACH DELETE (n")
    assert dump(empty_graph) == sentinel


def test_named_queries_are_read_only(empty_graph, sentinel):
    """Reads run in read-only transactions: a write slipped into a question cannot run."""
    for q in ("CREATE (:Funder {key: 'ro', name: 'x', source: 's', source_ref: 'r'})",
              "MATCH (n) DETACH DELETE n", "MATCH (n:School) SET n.name = 'x'"):
        add("inputs_tried")
        with pytest.raises(StoreError):
            empty_graph.read(q)
    assert dump(empty_graph) == sentinel


def _one_line_error(res) -> str:
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit), res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.output
    assert "Traceback" not in res.output
    return lines[0]


@pytest.mark.parametrize("args, says", [
    (["query", "MATCH (n) DETACH DELETE n"], "no query named"),
    (["query", "MATCH (n) DETACH DELETE n //", "-p", "la=x"], "no query named"),
    (["query", "representation.cypher"], "no query named"),
    (["query", "../cypher/representation"], "no query named"),
    (["query", "/etc/passwd"], "no query named"),
    (["query", "representation", "-p", "cypher=MATCH (n) DETACH DELETE n"], "unknown parameter"),
    (["query", "representation", "-p", "la=x", "-p", "extra=1"], "unknown parameter"),
    (["query", "members_by_constituency"], "missing parameter"),
])
def test_query_runs_only_named_queries_with_declared_params(cli_env, args, says):
    runner = CliRunner()
    assert runner.invoke(main, ["load", "cases", str(base_case(cli_env))]).exit_code == 0
    with Graph.open(data_dir=cli_env / "store") as g:
        before = dump(g)
        add("inputs_tried")
        line = _one_line_error(runner.invoke(main, args))
        assert says in line
        assert dump(g) == before


def test_no_command_takes_cypher_text():
    """No option or argument anywhere in the CLI accepts query text."""
    def walk(cmd, path):
        yield path, cmd
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, f"{path} {name}")

    for path, cmd in walk(main, "govgraph"):
        for p in cmd.params:
            names = " ".join([p.name or "", *getattr(p, "opts", [])]).lower()
            bad = ("cypher", "statement", "raw", "--text")
            assert not any(w in names for w in bad), (path, names)
    assert [p.name for p in main.commands["query"].params] == ["name", "params", "as_of", "fmt",
                                                              "keys"]
    with pytest.raises(Q.QueryError):
        Q.get("MATCH (n) RETURN n")
