"""bench_people_load --against REV: the code of a git revision and the current code load the
same extract, each in a process of its own, and the table compares them."""
import re


def test_against_a_revision_loads_with_both_codes(shared_data, tmp_path, monkeypatch, capsys):
    from benchmarks import bench_people_load as B
    from benchmarks import gen_governance as G

    data = shared_data("gias-2022")
    monkeypatch.setattr(B, "DATA", data)
    monkeypatch.setenv("GOVGRAPH_SERVER_IDLE", "0")
    gov = tmp_path / "governancealldata20220831.csv"
    rows = G.generate(13, 0.01, data)
    G.write(rows, gov)
    B.main(["--governance", str(gov), "--no-before", "--against", "HEAD"])
    out = capsys.readouterr().out
    at_head = re.search(r"load \+ resolve \+ write, at HEAD +([\d.]+)", out)
    now = re.search(r"load \+ resolve \+ write, after +([\d.]+)", out)
    assert at_head and now, out
    assert float(at_head.group(1)) > 0 and float(now.group(1)) > 0
    assert f"{len(rows):,} rows (given)" in out
    assert "same people and memberships: True" in out, out
