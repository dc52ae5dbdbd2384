"""Broken inputs (tests/bad_inputs.py) give one clear error and leave the store as it was.

On both backends: a seeded store (a small case file plus a valid register) is dumped whole
(every node and relationship with its properties); each broken file must raise one LoadError
whose lines each name the file, and which names the line or row and the field; the dump
afterwards must be identical. Inputs accepted by design (BOM, cp1252 register files, extra
columns, ...) must load what they say. The command line gives the same errors as one line per
problem with exit code 1 and no traceback.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bad_inputs import base_areas, base_case, base_register, corpus, diff, dump
from graphmodel import Graph
from loaders.cases import load_files
from loaders.errors import LoadError
from tally_plugin import add

STATE = "h5-bad-inputs-base"
AREA_LA = "926"
INPUTS = corpus()


def _loader(fmt: str):
    if fmt == "cases":
        return lambda g, p: load_files(g, [p])
    if fmt == "areas":
        from loaders.areas import load_areas
        return lambda g, p: load_areas(g, p, AREA_LA)
    if fmt == "la_codes":
        from loaders.la_codes import load_la_codes
        return lambda g, p: load_la_codes(g, [p])
    from loaders.gias import load_gias
    return lambda g, p: load_gias(g, [p])


def _seed(graph, folder: Path) -> None:
    """The base: a small case file, a valid register and an areas file."""
    from loaders.areas import load_areas
    from loaders.gias import load_gias

    load_files(graph, [base_case(folder)])
    load_gias(graph, base_register(folder))
    load_areas(graph, base_areas(folder), AREA_LA)  # links a bad areas file could wrongly drop


@pytest.fixture
def seeded(request, backend, tmp_path_factory):
    """The session store of `backend`, holding the base (see _seed)."""
    h = request.getfixturevalue("_falkor" if backend == "falkordb" else "_neo4j")
    if h.state != STATE:
        h.state = "unknown"
        h.graph.clear()
        _seed(h.graph, tmp_path_factory.mktemp("h5-base"))
        h.baseline = dump(h.graph)
        h.state = STATE
    return h


def _attempt(h, inp, folder: Path):
    """Load inp; return (the exception raised or None, the changes to the store)."""
    path = inp.write(folder)
    add("inputs_tried")
    try:
        _loader(inp.fmt)(h.graph, path)
        err = None
    except Exception as e:  # noqa: BLE001 - anything but a LoadError is a finding
        err = e
    changes = diff(h.baseline, dump(h.graph))
    if changes:
        h.state = "changed"  # the next test reseeds
    return err, changes


def check_message(err: LoadError, inp) -> None:
    text = str(err)
    lines = text.splitlines()
    assert "Traceback" not in text
    assert len(text) < 5000, f"message of {len(text)} characters: {text[:300]}"
    assert lines[0].startswith(f"rejected {inp.filename} "), lines[0]
    assert err.problems and all(p.file == inp.filename for p in err.problems)
    for p in err.problems:  # one line per problem, each naming the file
        assert "\n" not in str(p) and str(p).startswith(inp.filename)
    if inp.line is not None:
        lines_named = {p.line for p in err.problems}
        assert inp.line in lines_named or f"row {inp.line}" in text, (
            f"expected line/row {inp.line}; got {text}")
    if inp.field is not None:
        assert any(p.field == inp.field for p in err.problems) or f"{inp.field}" in text, (
            f"expected field {inp.field!r}; got {text}")


REJECT = [i for i in INPUTS if not i.accept]
ACCEPT = [i for i in INPUTS if i.accept]


def test_corpus_size():
    assert len(INPUTS) >= 40 and len(REJECT) >= 40
    assert {i.fmt for i in INPUTS} >= {"cases", "establishments", "groups", "group_links",
                                       "links", "governance", "areas"}


def test_corpus_holds_the_real_2022_files(shared_data):
    """bad_inputs.py cuts two inputs from the real 2022 files when ../shared/data has them."""
    shared_data("gias-2022", "links.csv"), shared_data("gias-2022", "groups.csv")
    assert {"links-real-2022-truncated", "groups-real-2022-bad-uid"} <= {i.id for i in INPUTS}


@pytest.mark.parametrize("inp", REJECT, ids=[i.id for i in REJECT])
def test_broken_input_is_rejected_whole(inp, seeded, tmp_path):
    err, changes = _attempt(seeded, inp, tmp_path)
    add("rows_lost", sum(c.startswith("-") for c in changes))
    assert not changes, f"{inp.id} ({inp.why}) changed the store:\n" + "\n".join(changes[:10])
    assert err is not None, f"{inp.id} ({inp.why}) was accepted; it must be rejected"
    assert isinstance(err, LoadError), (
        f"{inp.id} ({inp.why}) raised {type(err).__name__}, not LoadError: {str(err)[:300]}")
    check_message(err, inp)


@pytest.mark.parametrize("inp", ACCEPT, ids=[i.id for i in ACCEPT])
def test_accepted_by_design_loads_exactly(inp, seeded, tmp_path):
    """BOM, cp1252 register files, extra columns, placeholders: they load what they say."""
    err, _ = _attempt(seeded, inp, tmp_path)
    assert err is None, f"{inp.id} is accepted by design ({inp.why}) but: {err}"
    for key, props in inp.expect.items():
        rows = seeded.graph.read("MATCH (n {key: $k}) RETURN properties(n) AS p", {"k": key})
        assert len(rows) == 1, f"{inp.id}: node {key!r} missing or duplicated: {len(rows)}"
        for k, v in props.items():
            assert rows[0]["p"].get(k) == v, f"{inp.id}: {key}.{k} is not what the file says"
    # nothing lost: every node and relationship of the base is still there (an owner's
    # properties may be updated by a newer file, so compare identities, not properties)
    lost = _identities(seeded.baseline) - _identities(dump(seeded.graph))
    add("rows_lost", len(lost))
    assert not lost, sorted(lost)[:10]


def _identities(rows: list[str]) -> set[str]:
    out = set()
    for text in rows:
        r = json.loads(text)
        p = r["p"]
        on = p.get("role") or p.get("basis") or p.get("link_type") or ""  # the merge_on keys
        out.add(f"node {p['key']}" if "n" in r else f"rel {r['a'][0]} {r['r']} {r['b'][0]} {on}")
    return out


def test_accepted_file_reloaded_changes_nothing(seeded, tmp_path):
    """Re-loading an accepted file is idempotent: a second load leaves the dump identical."""
    inp = next(i for i in ACCEPT if i.id == "cases-bom")
    _attempt(seeded, inp, tmp_path)
    once = dump(seeded.graph)
    _loader(inp.fmt)(seeded.graph, inp.write(tmp_path))
    assert dump(seeded.graph) == once


# --- the command line ------------------------------------------------------------------------

def _cli_args(inp, path: Path) -> list[str] | None:
    from govgraph.cli import main

    load = main.commands["load"].commands
    if inp.fmt == "cases":
        return ["load", "cases", str(path)]
    if inp.fmt == "areas":
        return ["load", "areas", str(path), "--la", AREA_LA] if "areas" in load else None
    if inp.fmt == "la_codes":
        return ["load", "la-codes", str(path)] if "la-codes" in load else None
    return ["load", "gias", str(path)] if "gias" in load else None


def test_cli_gives_one_line_per_problem_and_exit_1(cli_env, tmp_path):
    """Every rejected input through `govgraph load ...`: exit 1, no traceback, file named."""
    from govgraph.cli import main

    runner, seed = CliRunner(), tmp_path / "seed"
    seed.mkdir()
    tried, failures = 0, []
    with Graph.open(data_dir=cli_env / "store") as g:  # keeps the server up between commands
        g.ensure_schema()
        _seed(g, seed)
        before = dump(g)
        for inp in REJECT:
            args = _cli_args(inp, inp.write(tmp_path))
            if args is None:
                continue
            res = runner.invoke(main, args)
            tried += 1
            add("inputs_tried")
            problem = _cli_problem(inp, res)
            if problem:
                failures.append(f"{inp.id}: {problem}")
        after = dump(g)
    assert tried >= 30
    assert not failures, "\n".join(failures)
    assert diff(before, after) == []


def _cli_problem(inp, res) -> str | None:
    out = res.output
    if res.exit_code == 0:
        return "accepted (exit 0); it must be rejected"
    if res.exit_code != 1 or not isinstance(res.exception, SystemExit):
        return f"exit {res.exit_code}, {res.exception!r} (an uncaught exception is a traceback)"
    if "Traceback" in out:
        return "traceback in the output"
    lines = out.strip().splitlines()
    if not lines[0].startswith(f"Error: rejected {inp.filename} "):
        return f"first line {lines[0][:200]!r}"
    if not all(l.strip().startswith((inp.filename, "...")) or  # consequences: "and so FILE:..."
               (l.strip().startswith("and so") and inp.filename in l) for l in lines[1:]):
        return f"a line that does not name the file: {lines[1:4]}"
    return None
