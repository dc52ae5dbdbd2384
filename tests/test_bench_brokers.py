"""bench_brokers: the earlier networkx estimate and analysis.centrality on the same network, in
one run, with both compared to the exact values."""
import re


def test_side_by_side_with_the_exact_values(capsys):
    from benchmarks import bench_brokers as B

    B.main(["--scale", "0.02", "--repeat", "1"])
    out = capsys.readouterr().out
    assert re.search(r"authority 842: [\d,]+ nodes", out), out
    assert re.search(r"networkx, 150 sources +[\d.]+ s", out), out
    assert re.search(r"centrality \((exact|\d+ sources)\) +[\d.]+ s +[\d.]+x faster", out), out
    found = re.findall(r"(networkx|centrality) +largest error .*: ([\d.]+); top 10 found: (\d+)",
                       out)
    assert [f[0] for f in found] == ["networkx", "centrality"], out
    if "centrality (exact)" in out:   # exact: no error, every one of the top 10 found
        assert found[1][1:] == ("0.0000", "10"), out
    assert re.search(r"margin holds the exact value for (\d+) of the top 10", out), out
