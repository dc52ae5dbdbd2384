"""The error contract: every expected failure is a GovgraphError and reaches the user as one line
(exit 1); anything else is reported as a bug (exit 70) with a hint to rerun with --debug."""
from __future__ import annotations

import os
import signal

import pytest
from click.testing import CliRunner

import graphmodel.falkor_server as fs
from govgraph.cli import main
from graphmodel import Graph, exc
from graphmodel import queries as Q
from graphmodel.falkor_server import EmbeddedServer
from loaders.errors import LoadError


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def one_error_line(r) -> str:
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    assert "Traceback" not in r.output
    return lines[0]


@pytest.mark.parametrize("cls", [exc.StoreError, exc.ServerError, exc.QueryError,
                                 exc.InvalidModel, exc.InvalidValue, exc.InvalidInput,
                                 exc.NotFound, exc.Ambiguous, LoadError])
def test_every_expected_failure_is_a_govgraph_error(cls):
    assert issubclass(cls, exc.GovgraphError)


def test_the_classes_raised_are_the_ones_in_exc():
    """One definition each: the modules that raise them re-export exc's classes."""
    import graphmodel.model
    import graphmodel.store

    assert graphmodel.store.StoreError is exc.StoreError
    assert fs.ServerError is exc.ServerError and issubclass(fs.ServerError, exc.StoreError)
    assert Q.QueryError is exc.QueryError
    assert graphmodel.model.InvalidValue is exc.InvalidValue


def test_expected_failure_is_one_line_exit_1(cli_env):
    r = run("query", "no_such_question")
    assert r.exit_code == 1
    assert "no query named 'no_such_question'" in one_error_line(r)


@pytest.mark.parametrize("boom", [ZeroDivisionError("division by zero"), ValueError("bad"),
                                  KeyError("k"), OSError("disk on fire")])
def test_anything_else_is_reported_as_a_bug(cli_env, monkeypatch, boom):
    """A ValueError or OSError from inside govgraph is a bug, not a user error."""
    def explode(*a, **kw):
        raise boom
    monkeypatch.setattr(Q, "answer", explode)
    r = run("query", "tiers")
    assert r.exit_code == 70, r.output
    assert "internal error" in r.output and type(boom).__name__ in r.output
    assert "--debug" in r.output and "Traceback" not in r.output
    r = run("--debug", "query", "tiers")
    assert r.exit_code == 70 and "Traceback" in r.output


def test_password_is_scrubbed_from_errors_and_tracebacks(cli_env, monkeypatch):
    secret = "pw-not-to-be-shown-42"
    monkeypatch.setenv("NEO4J_PASSWORD", secret)

    def leak(*a, **kw):
        raise exc.StoreError(f"cannot connect with {secret}")
    monkeypatch.setattr(Q, "answer", leak)
    for args in (["query", "tiers"], ["--debug", "query", "tiers"]):
        r = run(*args)
        assert r.exit_code == 1 and secret not in r.output and "***" in r.output


def test_silent_embedded_server_is_one_line(tmp_path, monkeypatch):
    """A recorded server that is alive but answers nothing: one line naming it, exit 1."""
    store = tmp_path / "store"
    with Graph.open(data_dir=store, keep_running=True) as g:
        g.read("RETURN 1 AS one")
    server = EmbeddedServer(store)
    pid = server.pid()
    os.kill(pid, signal.SIGSTOP)
    monkeypatch.setattr(fs, "SETTLE_TIMEOUT", 1.0)
    try:
        r = run("--data-dir", str(store), "status")
    finally:
        os.kill(pid, signal.SIGCONT)
        server.stop()
    assert r.exit_code == 1
    assert f"pid {pid}" in one_error_line(r) and "does not answer" in r.output


def test_stuck_embedded_server_is_one_line(tmp_path, monkeypatch):
    """A server binary that starts but never answers: one line after the health check gives up."""
    fake = tmp_path / "redis-server"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setattr(fs, "binaries", lambda: (str(fake), os.devnull))
    monkeypatch.setattr(fs, "START_TIMEOUT", 1.0)
    r = run("--data-dir", str(tmp_path / "store"), "status")
    assert r.exit_code == 1
    assert "did not answer within 1s" in one_error_line(r)


def test_assess_with_all_empty_scores_is_one_line(cli_env, tmp_path):
    scores = tmp_path / "scores.csv"
    scores.write_text("position,leaders,governors\n1,,\n2,,\n3,,\n", encoding="utf-8")
    r = run("assess", "926/cluster-example", "--scores", str(scores))
    assert r.exit_code == 1
    assert "scores.csv: no scores" in one_error_line(r)


def test_unreadable_scores_file_is_one_line(cli_env, tmp_path):
    scores = tmp_path / "scores.csv"
    scores.write_bytes(b"position,leaders,governors\n1,\xff\xfe,2\n")
    r = run("assess", "926/cluster-example", "--scores", str(scores))
    assert r.exit_code == 1 and "scores.csv: not UTF-8" in one_error_line(r)


def test_output_file_under_a_file_is_one_line(corpus_graph, tmp_path):
    where = (["--uri", os.environ["NEO4J_URI"]] if corpus_graph.kind == "neo4j"
             else ["--data-dir", str(corpus_graph.backend.server.dir)])
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "coast.html"
    r = run(*where, "viz", "--la", "coast city", "-o", str(out))
    assert r.exit_code == 1
    line = one_error_line(r)
    assert str(out.parent) in line and "not a folder" in line


def test_neo4j_problems_are_one_message_covering_server_and_credentials(monkeypatch):
    """No password and no server: one line says both, so one round trip fixes both."""
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    r = run("--uri", "bolt://127.0.0.1:1", "status")
    line = one_error_line(r)
    assert "NEO4J_PASSWORD (not set)" in line and "nothing listens at 127.0.0.1:1" in line
    monkeypatch.setenv("NEO4J_PASSWORD", "some-password")
    r = run("--uri", "bolt://127.0.0.1:1", "status")
    line = one_error_line(r)
    assert "NEO4J_PASSWORD (set)" in line and "nothing listens at 127.0.0.1:1" in line


def test_neo4j_routing_uri_prints_no_driver_log_line(tmp_path):
    """neo4j:// used to print the driver's 'Unable to retrieve routing information' first."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("GOVGRAPH_URI",)}
    env["NEO4J_PASSWORD"] = "some-password"
    p = subprocess.run([sys.executable, "-c", "import sys; from govgraph.cli import main; "
                        "sys.exit(main())", "--uri", "neo4j://127.0.0.1:1", "status"],
                       capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert p.returncode == 1
    lines = [line for line in (p.stdout + p.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: cannot connect to Neo4j"), lines
