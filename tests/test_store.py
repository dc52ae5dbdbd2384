"""The store on both backends: plain rows, schema DDL, persistence and the embedded server."""
import subprocess
import sys

import pytest

from graphmodel import Graph, StoreError
from graphmodel.writer import write_nodes


def test_plain_rows_and_iso_dates(empty_graph):
    write_nodes(empty_graph, {"School": [{"key": "s1", "props": {
        "name": "Ab", "urn": 100001, "open_date": "2008-09-01", "source": "t", "source_ref": "r"}}]})
    rows = empty_graph.read(
        "MATCH (s:School {key: $k}) RETURN s.name AS name, s.urn AS urn, date(s.open_date) AS d, "
        "s.open_date < '2010-01-01' AS before, [s.key] AS keys, s AS node", {"k": "s1"})
    assert rows == [{"name": "Ab", "urn": 100001, "d": "2008-09-01", "before": True,
                     "keys": ["s1"], "node": {"key": "s1", "name": "Ab", "urn": 100001,
                                               "open_date": "2008-09-01", "source": "t",
                                               "source_ref": "r"}}]
    # both labels: its own and its family
    assert empty_graph.read("MATCH (n:Institution) RETURN count(n) AS c")[0]["c"] == 1


def test_unique_key_constraint_is_enforced(empty_graph):
    empty_graph.write("CREATE (:Person {key: 'p', name: 'A', kind: 'seat'})")
    with pytest.raises(StoreError):
        empty_graph.write("CREATE (:Person {key: 'p', name: 'B', kind: 'seat'})")
    assert empty_graph.read("MATCH (p:Person) RETURN count(p) AS c")[0]["c"] == 1


def test_merge_is_idempotent(empty_graph):
    rows = {"Person": [{"key": f"p{i}", "props": {"name": f"P{i}", "kind": "seat",
                                                 "source": "t", "source_ref": str(i)}}
                       for i in range(25)]}
    write_nodes(empty_graph, rows, batch_size=7)
    write_nodes(empty_graph, rows, batch_size=7)
    assert empty_graph.counts()["Person"] == 25


def test_ensure_schema_is_idempotent(empty_graph):
    assert empty_graph.ensure_schema() == []


def test_parameters_are_inert_data(empty_graph):
    nasty = "x'}) MATCH (n) DETACH DELETE n //\"\\ {`Label`} $p"
    empty_graph.write("CREATE (:Person {key: $k, name: $n, kind: 'seat'})", {"k": nasty, "n": nasty})
    rows = empty_graph.read("MATCH (p:Person {key: $k}) RETURN p.name AS name", {"k": nasty})
    assert rows == [{"name": nasty}]


def test_embedded_store_persists_and_second_process_reuses_server(tmp_path):
    d = tmp_path / "store"
    with Graph.open(data_dir=d) as g:
        g.ensure_schema()
        g.write("CREATE (:Funder {key: 'lsc', name: 'LSC', source: 's', source_ref: 'r'})")
        pid = g.backend.server.pid()
        # another process opens the same store while we hold it: it must reuse our server
        code = ("from graphmodel import Graph\n"
                f"g = Graph.open(data_dir={str(d)!r})\n"
                "print(g.backend.server.pid(), g.read('MATCH (f:Funder) RETURN count(f) AS c')[0]['c'])\n"
                "g.close()\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
        assert out == [str(pid), "1"]
        assert g.backend.server.pid() == pid, "the other process must not stop a shared server"
    assert not (d / "falkordb" / "redis.pid").exists(), "last user stops the server"
    assert (d / "falkordb" / "clean-shutdown").exists()
    with Graph.open(data_dir=d) as g:
        assert not g.recovered
        assert g.read("MATCH (f:Funder) RETURN f.name AS n") == [{"n": "LSC"}]


def test_bad_uri_and_missing_password(monkeypatch):
    with pytest.raises(StoreError, match="unsupported URI scheme"):
        Graph.open("http://localhost:7474")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(StoreError, match="NEO4J_PASSWORD is not set"):
        Graph.open("bolt://127.0.0.1:1")


def test_a_new_embedded_store_reads_as_empty(tmp_path):
    """Before anything is loaded (no init either), reads see an empty graph, not a server error."""
    from click.testing import CliRunner

    from govgraph.cli import main
    from graphmodel import names as N
    from graphmodel import queries as Q
    from graphmodel.exc import NotFound

    with Graph.open(data_dir=tmp_path / "new") as g:
        assert g.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
        for q in Q.library().values():
            sample = {"string": "919", "integer": 1, "float": 1.0, "boolean": True, "list": []}
            params = {p.name: sample.get(p.type, "919") for p in q.params if not p.optional}
            if any(p.type in N.KIND_NAMES for p in q.params if not p.optional):
                with pytest.raises(NotFound):  # names nothing in an empty store: said so
                    Q.run(g, q.name, params)
            else:
                assert Q.run(g, q.name, params) == [], q.name
    r = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "new2"), "status"])
    assert r.exit_code == 0, r.output
    assert "nothing loaded yet" in r.output and "Error" not in r.output
