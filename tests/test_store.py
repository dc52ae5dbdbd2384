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
            sample = {"string": "919", "integer": 1, "float": 1.0, "boolean": True, "list": [],
                      "date": "2022-08-31"}
            params = {p.name: sample.get(p.type, "919") for p in q.params if not p.optional}
            if any(p.type in N.KIND_NAMES for p in q.params if not p.optional):
                with pytest.raises(NotFound):  # names nothing in an empty store: said so
                    Q.run(g, q.name, params)
            else:
                assert Q.run(g, q.name, params) == [], q.name
    r = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "new2"), "status"])
    assert r.exit_code == 0, r.output
    assert "nothing loaded yet" in r.output and "Error" not in r.output


# --- the warm server: idle shutdown, kills while warm, bursts -------------------------------------

def _wait(cond, timeout: float = 60.0, what: str = "condition") -> None:
    """Poll a health check (never a fixed sleep) until cond() holds."""
    import time

    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _persons(g, n: int, prefix: str = "p") -> None:
    write_nodes(g, {"Person": [{"key": f"{prefix}{i}", "props": {
        "name": f"P{i}", "kind": "seat", "source": "t", "source_ref": str(i)}} for i in range(n)]})


def test_warm_server_stays_up_then_stops_when_idle(tmp_path, monkeypatch):
    from graphmodel.falkor_server import EmbeddedServer

    d = tmp_path / "store"
    monkeypatch.setenv("GOVGRAPH_SERVER_IDLE", "2")
    with Graph.open(data_dir=d) as g:
        g.ensure_schema()
        _persons(g, 10)
        pid = g.backend.server.pid()
    s = EmbeddedServer(d)
    assert s.pid() == pid and s.running(), "closing must leave the server warm"
    watcher = s.watcher_pid()
    assert watcher, "a warm server needs its idle watcher"
    with Graph.open(data_dir=d) as g:  # the next command reuses it: no start, no replay
        assert g.backend.server.pid() == pid and not g.backend.server.started
    _wait(lambda: s.pid() is None, what="the idle shutdown")
    _wait(lambda: s.watcher_pid() is None, what="the watcher to exit")
    assert (d / "falkordb" / "clean-shutdown").exists(), "an idle stop is a clean stop"
    with Graph.open(data_dir=d) as g:
        assert not g.recovered
        assert g.read("MATCH (p:Person) RETURN count(p) AS c") == [{"c": 10}]
    _wait(lambda: s.pid() is None, what="the second idle shutdown")


def test_idle_watcher_waits_for_open_users(tmp_path, monkeypatch):
    """A process holding the store open keeps the server up however long it is idle."""
    import time

    from graphmodel.falkor_server import EmbeddedServer

    d = tmp_path / "store"
    monkeypatch.setenv("GOVGRAPH_SERVER_IDLE", "0.5")
    with Graph.open(data_dir=d) as g:
        s = EmbeddedServer(d)
        pid = s.pid()
        import os
        os.utime(s.used_file, (time.time() - 60, time.time() - 60))  # long unused...
        # ...but open: the watcher (polling every 0.125 s) must leave it running
        _wait(lambda: s.watcher_pid() is not None, what="the watcher")
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            assert s.pid() == pid, "the watcher stopped a server that a process had open"
            time.sleep(0.1)
        assert g.read("RETURN 1 AS one") == [{"one": 1}]
    _wait(lambda: s.pid() is None, what="the idle shutdown once closed")


def test_server_killed_while_warm_loses_no_returned_load(tmp_path, monkeypatch):
    import os
    import signal

    from graphmodel.falkor_server import EmbeddedServer

    d = tmp_path / "store"
    monkeypatch.setenv("GOVGRAPH_SERVER_IDLE", "30")
    with Graph.open(data_dir=d) as g:
        g.ensure_schema()
        _persons(g, 6000)  # large enough to trigger the log rewrite on close
    s = EmbeddedServer(d)
    pid, watcher = s.pid(), s.watcher_pid()
    assert pid and watcher
    os.kill(pid, signal.SIGKILL)
    _wait(lambda: s.pid() is None, what="the killed server to go")
    _wait(lambda: s.watcher_pid() is None, what="the watcher to notice")
    with Graph.open(data_dir=d) as g:
        assert g.recovered, "a restart after a kill says the store was recovered"
        assert g.read("MATCH (p:Person) RETURN count(p) AS c, count(DISTINCT p.key) AS k") == \
            [{"c": 6000, "k": 6000}]
        assert s.watcher_pid() is not None, "the new server has a watcher again"
    # the watcher killed: the next user starts another, so the server still stops in the end
    os.kill(s.watcher_pid(), signal.SIGKILL)
    _wait(lambda: s.watcher_pid() is None, what="the killed watcher to go")
    monkeypatch.setenv("GOVGRAPH_SERVER_IDLE", "1")
    with Graph.open(data_dir=d) as g:
        assert g.read("MATCH (p:Person) RETURN count(p) AS c") == [{"c": 6000}]
    assert EmbeddedServer(d).watcher_pid() is not None
    _wait(lambda: s.pid() is None, what="the idle shutdown by the new watcher")


def test_two_processes_in_a_burst_share_one_warm_server(tmp_path):
    """Two commands at once, then a third: one server, one watcher, every answer right."""
    import os

    from graphmodel.falkor_server import WATCHER_MODULE, EmbeddedServer

    d = tmp_path / "store"
    env = {**os.environ, "GOVGRAPH_SERVER_IDLE": "60", "GOVGRAPH_DATA_DIR": str(d)}
    env.pop("GOVGRAPH_URI", None)
    cmd = [sys.executable, "-c", "import sys; from govgraph.cli import main; sys.exit(main())"]
    procs = [subprocess.Popen([*cmd, "status", "--format", "json"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-800:] for o in outs]
    s = EmbeddedServer(d)
    try:
        pid, watcher = s.pid(), s.watcher_pid()
        assert pid and watcher, "the burst left a warm server with its watcher"
        third = subprocess.run([*cmd, "server", "status"], capture_output=True, text=True,
                               env=env, timeout=120)
        assert third.returncode == 0 and f"pid {pid}" in third.stdout, third.stdout + third.stderr
        load = subprocess.run([*cmd, "load", "cases"], capture_output=True, text=True, env=env,
                              timeout=300)
        assert load.returncode == 0, load.stderr[-800:]
        assert s.pid() == pid and s.watcher_pid() == watcher, "one server, one watcher"
        import psutil
        watchers = [p for p in psutil.process_iter(["cmdline"])
                    if WATCHER_MODULE in " ".join(p.info["cmdline"] or [])
                    and str(s.dir) in (p.info["cmdline"] or [])]
        assert len(watchers) == 1, watchers
    finally:
        stop = subprocess.run([*cmd, "server", "stop"], capture_output=True, text=True, env=env,
                              timeout=120)
    assert stop.stdout.strip() == "stopped", stop.stdout + stop.stderr
    _wait(lambda: s.watcher_pid() is None, what="the watcher to follow its server")


def test_server_start_status_stop_commands(tmp_path):
    from click.testing import CliRunner

    from govgraph.cli import main

    d = str(tmp_path / "store")
    run = CliRunner().invoke
    r = run(main, ["--data-dir", d, "server", "status"])
    assert r.exit_code == 0 and "not running" in r.output, r.output
    r = run(main, ["--data-dir", d, "server", "start", "--idle", "45"])
    assert r.exit_code == 0 and "stops after 45 s unused" in r.output, r.output
    r = run(main, ["--data-dir", d, "server", "status", "--format", "json"])
    import json
    st = json.loads(r.output)[0]
    assert st["running"] and st["idle_timeout_s"] == 45 and st["watcher_pid"], st
    r = run(main, ["--data-dir", d, "server", "stop"])
    assert r.output.strip() == "stopped"
    r = run(main, ["--data-dir", d, "server", "stop"])
    assert r.output.strip() == "not running"
    r = run(main, ["--uri", "bolt://127.0.0.1:1", "server", "status"])
    assert r.exit_code == 1 and "embedded store only" in r.output


def test_a_load_leaves_a_compact_log(tmp_path):
    """After a load the log is a snapshot plus nothing: the next start reads, not replays."""
    d = tmp_path / "store"
    with Graph.open(data_dir=d) as g:  # idle 0 here: the close stops the server
        g.ensure_schema()
        _persons(g, 20000)
    aof = d / "falkordb" / "appendonlydir"
    manifest = (aof / "appendonly.aof.manifest").read_text()
    incr = sum(f.stat().st_size for f in aof.glob("*.incr.aof"))
    assert ".base.rdb" in manifest, manifest
    assert incr < 100_000, f"{incr} bytes of log to replay after a load"
    with Graph.open(data_dir=d) as g:
        assert g.read("MATCH (p:Person) RETURN count(p) AS c") == [{"c": 20000}]


def test_data_dir_with_quotes_spaces_and_backslashes(tmp_path):
    """The data directory's path goes into redis.conf quoted: odd names still work."""
    d = tmp_path / 'my "gov" store\\ one'
    with Graph.open(data_dir=d) as g:
        g.write("CREATE (:Funder {key: 'f', name: 'F', source: 's', source_ref: 'r'})")
        assert g.read("MATCH (f:Funder) RETURN f.key AS k") == [{"k": "f"}]
    assert (d / "falkordb" / "clean-shutdown").exists()


def test_redis_quote_escapes():
    from graphmodel.falkor_server import redis_quote

    assert redis_quote('a b') == '"a b"'
    assert redis_quote('a"b\\c\nd\x01') == '"a\\"b\\\\c\\nd\\x01"'


def test_neo4j_test_server_exports_are_shell_quoted(tmp_path):
    """.ci/run evals these lines: a value with $(...) or ; must arrive as text, not run."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "neo4j_server", Path(__file__).parent / "neo4j" / "server.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    marker = tmp_path / "pwned"
    nasty = f"/tmp/a b;touch {marker} $(touch {marker}) 'q'"
    lines = mod.shell_exports({"GOVGRAPH_TEST_NEO4J_DIR": nasty, "NEO4J_USER": "neo4j"})
    out = subprocess.run(["bash", "-c", lines + '\nprintf %s "$GOVGRAPH_TEST_NEO4J_DIR"'],
                         capture_output=True, text=True, check=True).stdout
    assert out == nasty and not marker.exists()


def test_watcher_stops_a_server_whose_data_dir_was_deleted(tmp_path, monkeypatch):
    """A temporary store removed while its server is warm must not leave the server running."""
    import shutil

    from graphmodel.falkor_server import EmbeddedServer, _pid_alive

    d = tmp_path / "store"
    monkeypatch.setenv("GOVGRAPH_SERVER_IDLE", "600")
    with Graph.open(data_dir=d) as g:
        g.read("RETURN 1 AS one")
    s = EmbeddedServer(d)
    pid, watcher = s.pid(), s.watcher_pid()
    assert pid and watcher
    shutil.rmtree(d)
    _wait(lambda: not _pid_alive(pid), what="the orphaned server to stop")
    _wait(lambda: not _pid_alive(watcher), what="its watcher to exit")


def test_plain_converts_inside_lists_and_maps():
    """The scalar fast path must still convert what sits inside a list or a map."""
    import datetime as dt
    from collections import OrderedDict

    from graphmodel.backends import plain

    class Node:  # what the FalkorDB client returns for a node
        properties = {"key": "k", "d": dt.date(2020, 1, 2)}

    value = {"a": [1, "x", None, True, 2.5, (dt.date(2021, 3, 4), [Node()])],
             "b": OrderedDict(c=dt.datetime(2022, 5, 6, 7, 8), e=("t",))}  # FalkorDB's maps
    assert plain(value) == {"a": [1, "x", None, True, 2.5, ["2021-03-04", [{"key": "k",
                                                                             "d": "2020-01-02"}]]],
                            "b": {"c": "2022-05-06T07:08:00", "e": ["t"]}}
    assert type(plain(value)["b"]) is dict
    assert plain((1, 2)) == [1, 2] and plain("s") == "s" and plain(None) is None


def test_clear_deletes_a_hub_a_batch_of_relationships_at_a_time(empty_graph, backend,
                                                                monkeypatch):
    """On Neo4j each transaction deletes at most drop_batch relationships, so a national
    store's authority (tens of thousands of IN_AREA) is not one transaction's worth."""
    g = empty_graph
    g.write("CREATE (h:LocalAuthority {key: 'hub', name: 'Hub', code: '999'}) "
            "WITH h UNWIND range(1, 7) AS i "
            "CREATE (:School:Institution {key: 's' + toString(i), name: 'S'})-[:IN_AREA]->(h)")
    rels = "MATCH ()-[r]->() RETURN count(r) AS c"
    assert g.read(rels)[0]["c"] == 7
    deleted = []
    if backend == "neo4j":
        monkeypatch.setattr(g.backend, "drop_batch", 3)
        write = g.backend.write

        def counting(q, p=None):
            before = g.backend.read(rels)[0]["c"]
            out = write(q, p)
            deleted.append(before - g.backend.read(rels)[0]["c"])
            return out
        monkeypatch.setattr(g.backend, "write", counting)
    g.clear()
    assert g.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0
    if backend == "neo4j":
        assert max(deleted) <= 3 and sum(deleted) == 7, deleted
