"""The Neo4j password never shows: not in output, errors, --debug traces, logs or server logs.

Every run is a real `govgraph` process (a traceback Python prints for an uncaught exception is
only visible there), with distinctive passwords, and all their stdout and stderr, the driver's
debug log and the Neo4j server's log files are searched for them. Neo4j locks a user after 3
failed logins in a row, so this module makes 2 and then logs in successfully.
"""
from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graphmodel import Graph, StoreError
from tally_plugin import add

GOVGRAPH = [sys.executable, "-c", "import sys; from govgraph.cli import main; sys.exit(main())"]
WRONG = f"h5-wrong-{secrets.token_hex(6)}"
URI_SECRET = f"h5-uri-{secrets.token_hex(6)}"
SEEN: list[str] = []  # every output of every run, for the final search


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def neo4j():
    uri, pw = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_PASSWORD")
    if not uri or not pw:
        if in_ci():
            pytest.fail("CI must not skip Neo4j tests: NEO4J_URI / NEO4J_PASSWORD unset")
        pytest.skip("no Neo4j: set NEO4J_URI and NEO4J_PASSWORD")
    return uri, pw


def run(args: list[str], env_pw: str | None, tmp: Path, timeout: float = 60) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GOVGRAPH_URI", "NEO4J_PASSWORD")}
    env["GOVGRAPH_DATA_DIR"] = str(tmp / "store")
    if env_pw is not None:
        env["NEO4J_PASSWORD"] = env_pw
    p = subprocess.run([*GOVGRAPH, *args], capture_output=True, text=True, timeout=timeout,
                       env=env, cwd=tmp)
    out = p.stdout + p.stderr
    SEEN.append(out)
    return p.returncode, out


def assert_clean(out: str, *secrets_: str, debug: bool = False) -> None:
    for s in secrets_:
        assert s not in out, f"a password is in the output:\n{out[-3000:]}"
    if not debug:
        assert "Traceback" not in out, out[-3000:]


def test_wrong_password_is_one_line_without_the_password(neo4j, tmp_path):
    uri, pw = neo4j
    for debug in ([], ["--debug"]):  # 2 failed logins: below Neo4j's lock-out of 3
        add("faults_injected")
        code, out = run([*debug, "--uri", uri, "status"], WRONG, tmp_path)
        assert code == 1, out
        assert "refused the credentials" in out, out
        assert_clean(out, WRONG, pw, debug=bool(debug))
    code, out = run(["--uri", uri, "status"], pw, tmp_path)  # resets the failure count
    assert code == 0, out


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_credentials_in_an_unreachable_uri_never_show(debug, tmp_path):
    add("faults_injected")
    uri = f"bolt://neo4j:{URI_SECRET}@127.0.0.1:1"
    code, out = run([*(["--debug"] if debug else []), "--uri", uri, "status"], "h5-env-pw",
                    tmp_path)
    assert code == 1, out
    assert_clean(out, URI_SECRET, "h5-env-pw", debug=debug)
    assert out.strip().splitlines()[-1].startswith("Error: "), out[-2000:]


def test_status_shows_the_uri_without_credentials(neo4j, tmp_path):
    uri, pw = neo4j
    code, out = run(["--uri", uri, "status"], pw, tmp_path)
    assert code == 0, out
    assert f"store:   {uri}" in out
    assert_clean(out, pw)
    parts = urlsplit(uri)
    with_creds = f"{parts.scheme}://neo4j:{pw}@{parts.netloc}"
    code, out = run(["--uri", with_creds, "status"], pw, tmp_path)
    assert_clean(out, pw)
    if code == 0:  # accepted: then it must show the URI without its credentials
        assert f"store:   {uri}" in out
    else:
        assert out.strip().splitlines()[-1].startswith("Error: "), out[-2000:]


def test_debug_traces_of_failing_commands_hide_the_password(neo4j, tmp_path):
    uri, pw = neo4j
    bad = tmp_path / "bad.yaml"
    bad.write_text("case: x\nnodes: [{key: k, label: Nope}]\n")
    for args in (["query", "members_by_constituency"],
                 ["query", "representation", "-p", f"la={pw}", "-p", "nope=1"],
                 ["load", "cases", str(bad)],
                 ["report", "representation", "--by", "nowhere"]):
        code, out = run(["--debug", "--uri", uri, *args], pw, tmp_path)
        assert code != 0, (args, out)
        assert_clean(out, pw, debug=True)
    code, out = run(["--debug", "--uri", uri, "status"], pw, tmp_path)
    assert code == 0 and pw not in out


def test_library_errors_and_driver_logs_hide_the_password(neo4j, caplog):
    uri, pw = neo4j
    caplog.set_level(logging.DEBUG)
    with Graph.open(uri) as g:
        g.read("RETURN 1 AS one")
        with pytest.raises(StoreError) as e:
            g.read("RETURN nonsense( AS x")
        assert pw not in str(e.value)
        assert pw not in repr(g.backend.__dict__)
    text = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert "HELLO" in text or "LOGON" in text or caplog.records, "no driver log captured"
    assert pw not in text


def test_no_password_in_any_output_or_server_log():
    """Last: every output collected above, and the server's logs, hold none of them."""
    secrets_ = [WRONG, URI_SECRET, os.environ.get("NEO4J_PASSWORD") or WRONG]
    for out in SEEN:
        for s in secrets_:
            assert s not in out
    run_dir = os.environ.get("GOVGRAPH_TEST_NEO4J_DIR")
    if not run_dir or not Path(run_dir).is_dir():
        if in_ci():
            pytest.fail("CI must not skip: GOVGRAPH_TEST_NEO4J_DIR (set by tests/neo4j/server.py "
                        "start) names no directory of server logs to search")
        pytest.skip("GOVGRAPH_TEST_NEO4J_DIR unset: no server logs to search")
    searched = 0
    for f in Path(run_dir).rglob("*"):
        if f.is_file() and f.name != "password" and (f.suffix == ".log" or "logs" in f.parts):
            data = f.read_bytes()
            searched += 1
            for s in secrets_:
                assert s.encode() not in data, f"{s[:3]}... found in {f}"
    assert searched >= 1
