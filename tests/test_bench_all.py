"""The one benchmark run times every named question: each gets its required parameters."""
from graphmodel import queries as Q


def test_bench_all_gives_every_question_its_required_parameters():
    from benchmarks import bench_all

    missing = {name: [p.name for p in q.params if not p.optional
                      and bench_all.SAMPLE.get(p.name) is None]
               for name, q in Q.library().items()}
    assert not {n: m for n, m in missing.items() if m}
    # and every value is one the question accepts (types and dates checked as a run checks them)
    for name, q in Q.library().items():
        q.bind({p.name: bench_all.SAMPLE.get(p.name) for p in q.params})


def test_every_case_of_the_reports_section_runs(empty_graph):
    """A case that raises is a blank in the benchmark's table: run each once on a small
    synthetic graph (the section's own data at 1/200 of its size)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import bench_all
    import bench_questions

    nodes, rels, _ = bench_questions.build_rows(0.005)
    bench_questions.load(empty_graph, nodes, rels)
    failed = {}
    for label, fn in bench_all.report_cases():
        try:
            fn(empty_graph)
        except Exception as e:  # noqa: BLE001 - collected, then asserted
            failed[label] = f"{type(e).__name__}: {e}"
    assert not failed


def test_the_governance_and_exports_sections_add_their_rows(tmp_path, backend, empty_graph):
    """The one run measures issue 11's exports and governance load too; each section runs and
    adds a row per figure with a time and a verdict. On FalkorDB: the governance load (a small
    generated extract). On Neo4j: the exports, which measure both backends side by side and
    leave the shared database empty, as empty_graph marks it."""
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import bench_all

    table = bench_all.Table()
    if backend == "falkordb":
        bench_all.governance(table, tmp_path, None, scale=0.01)
        wanted = {"governance extract"}
    else:
        bench_all.exports(table, tmp_path, 1, os.environ["NEO4J_URI"])
        wanted = {"graphml", "gexf", "csv", "command `viz --la 919`"}
        assert empty_graph.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    rows = {r["figure"].split(",")[0].split(" (")[0]: r for r in table.rows}
    assert set(rows) == wanted, sorted(rows)
    for r in table.rows:
        assert r["falkordb"].endswith(" s") and r["met"] in ("yes", "NO"), r
        assert r["section"] != "exports" or r["neo4j"].endswith(" s"), r
    if backend == "falkordb":
        assert "appointments" in rows["governance extract"]["figure"]
