"""The command line's wiring: one registration style, shared options, one question runner,
`queries` for people, `init --reset` that asks first. (Errors: test_errors.py; names:
test_names.py.)"""
from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from govgraph.cli import main
from graphmodel import Graph
from graphmodel import queries as Q


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


def commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


@pytest.mark.parametrize("module", ["cli", "cli_gias", "cli_people", "cli_reports", "cli_viz",
                                    "clihelpers", "demo", "output"])
def test_each_cli_module_imports_first(module):
    """A notebook may import one command module on its own, before cli."""
    p = subprocess.run([sys.executable, "-c", f"import govgraph.{module}; "
                        "from govgraph.cli import main; print(sorted(main.commands))"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-1500:]
    assert "'report'" in p.stdout and "'viz'" in p.stdout, p.stdout


def test_every_extension_registers_the_same_way():
    import inspect

    from govgraph import cli_gias, cli_reports, cli_viz

    for module in (cli_gias, cli_reports, cli_viz):
        assert len(inspect.signature(module.register).parameters) == 1, module.__name__
    names = {" ".join(path) for path, _ in commands(main)}
    assert {"report power", "report groups", "load gias", "load areas", "viz", "map",
            "assess", "query", "init"} <= names


def test_every_la_option_is_the_shared_one():
    """--la reads the same everywhere: NAME, key/code/name help (from clihelpers.la_option)."""
    seen = 0
    for path, cmd in commands(main):
        for p in cmd.params:
            if "--la" in p.opts and path[:2] != ("load", "areas"):  # a DfE code for a new file
                assert p.metavar == "NAME" and "name" in (p.help or ""), (path, p.help)
                seen += 1
    assert seen >= 12


def test_query_and_report_groups_share_the_runner(tmp_path):
    """Both print the question, then the rows or what an empty answer means."""
    store = str(tmp_path / "store")
    keep = Graph.open(data_dir=store)  # keeps the embedded server up between the commands
    assert run("--data-dir", store, "load", "cases").exit_code == 0
    q = Q.get("groups_in_authority")
    a = run("--data-dir", store, "report", "groups", "--la", "hertfordshire")
    b = run("--data-dir", store, "query", "groups_in_authority", "-p", "la=919")
    assert a.exit_code == 0 and a.output == b.output
    assert a.output.startswith(q.question)
    j = run("--data-dir", store, "report", "groups", "--la", "919", "--format", "json")
    keep.close()
    assert isinstance(json.loads(j.stdout), list)


def test_queries_lists_research_questions_only_and_fits_the_terminal():
    r = run("queries", env={"COLUMNS": "100"})
    assert r.exit_code == 0
    assert "viz_authority" not in r.output and "fact_sources" not in r.output
    assert "representation" in r.output
    assert max(len(line) for line in r.output.splitlines()) <= 100
    every = run("queries", "--all", env={"COLUMNS": "100"})
    assert "viz_authority" in every.output and "fact_sources" in every.output


def test_queries_long_shows_every_question_whole():
    r = run("queries", "--long", env={"COLUMNS": "80"})
    assert r.exit_code == 0
    text = " ".join(line.strip() for line in r.output.splitlines())
    for q in Q.questions():
        assert q.question in text, q.name
    assert max(len(line) for line in r.output.splitlines()) <= 80


def test_internal_questions_are_the_helpers():
    internal = {q.name for q in Q.library().values() if q.internal}
    assert internal == {n for n in Q.library() if n.startswith("viz_")} | {
        "fact_sources", "fact_grades", "finding_support", "node_grades",  # report helpers
        "board_checks_employees", "board_checks_boards", "interlocks_seats", "interlocks_all_trusts",
        "board_checks_rows", "board_checks_trust_bodies", "board_checks_packs"}


def test_init_reset_asks_and_says_what_it_deletes(tmp_path):
    store = str(tmp_path / "store")
    with Graph.open(data_dir=store):  # keeps the embedded server up between the commands
        assert run("--data-dir", store, "load", "cases").exit_code == 0
        before = run("--data-dir", store, "status", "--format", "json").stdout

        r = run("--data-dir", store, "init", "--reset", input="n\n")
        assert r.exit_code == 1 and "Aborted" in r.output
        assert "deletes everything" in r.output and "nodes" in r.output
        assert run("--data-dir", store, "status", "--format", "json").stdout == before

        r = run("--data-dir", store, "init", "--reset")  # no answer at all: nothing deleted
        assert r.exit_code == 1
        assert run("--data-dir", store, "status", "--format", "json").stdout == before

        r = run("--data-dir", store, "init", "--reset", "--yes")
        assert r.exit_code == 0 and "?" not in r.output
        counts = json.loads(run("--data-dir", store, "status", "--format", "json").stdout)
        assert counts and all(c["count"] == 0 for c in counts)

        r = run("--data-dir", store, "init", "--reset", input="y\n")
        assert r.exit_code == 0 and "0 nodes" in r.output, r.output
        assert run("--data-dir", store, "init", "--yes").exit_code == 2  # --yes needs --reset
