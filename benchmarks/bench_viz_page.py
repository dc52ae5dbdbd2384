"""Benchmark: an authority's network page (`govgraph viz --la 919`) on a national store, before
and after a change, side by side in one run (issue 11.3: under 1 s command time).

    python benchmarks/bench_viz_page.py --data-dir STORE [--before REV] [--la 919] [--repeat 5]

STORE holds the national register (the 2022 GIAS files and a national governance extract, e.g.
benchmarks/gen_governance.py); it is used read-only, with its server kept warm for the run
(`govgraph server start`), as a researcher's burst of commands has it. --before REV extracts
that revision of this repository (git archive) into a temporary folder and runs it beside the
working tree: the same store, runs interleaved, so load on the machine hits both alike.

Prints, for each version: the command time of `viz --la` (a new process as a user runs it,
.pyc written as on a user's machine: PYTHONDONTWRITEBYTECODE is unset) and its CPU time, the
command time of `govgraph --help` (imports and start-up only), and each question the page asks
(viz_authority, viz_nodes, viz_edges): the server's own execution time and the time the client
waits for and parses the rows. Medians of --repeat runs; the ratio is after/before.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE_QUESTIONS = ("viz_authority", "viz_nodes", "viz_edges")
CLI = "import sys; from govgraph.cli import main; sys.exit(main())"
GOAL = 1.0


def checkout(rev: str, into: Path) -> Path:
    """The tree of `rev` in a folder of its own (nothing in the working tree changes)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def env_for(code: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "GOVGRAPH_URI")}
    env["PYTHONPATH"] = str(code)
    return env


def command(code: Path, args: list[str]) -> tuple[float, float]:
    """(wall, user+sys CPU) of one `govgraph ARGS` run with the code in `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", CLI, *args], env=env_for(code), cwd=code,
                       capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise RuntimeError(f"{code}: govgraph {' '.join(args)}: {p.stderr.strip()[-600:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


QUESTION_TIMES = r"""
import json, statistics, sys, time
from graphmodel import Graph, queries
from graphmodel.falkor_params import params_header
data_dir, la, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = {}
with Graph.open(data_dir=data_dir, keep_running=True) as g:
    keys = sorted({r["key"] for r in queries.run(g, "viz_authority", {"la": la}) if r["key"]})
    for name, params in (("viz_authority", {"la": la}), ("viz_nodes", {"keys": keys}),
                         ("viz_edges", {"keys": keys})):
        q = queries.get(name)
        bound, _ = q.resolve(params, g)
        text = params_header(bound) + q.text
        server, client = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            res = g.backend._graph.ro_query(text)
            client.append(time.perf_counter() - t)
            server.append(res.run_time_ms / 1000)
        out[name] = {"server": statistics.median(server), "client": statistics.median(client),
                     "rows": len(res.result_set)}
print(json.dumps(out))
"""


def question_times(code: Path, data_dir: str, la: str, repeat: int) -> dict:
    import json

    p = subprocess.run([sys.executable, "-c", QUESTION_TIMES, data_dir, la, str(repeat)],
                       env=env_for(code), cwd=code, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{code}: {p.stderr.strip()[-600:]}")
    return json.loads(p.stdout)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, help="a store holding the national register")
    ap.add_argument("--la", default="919", help="the authority (default 919, Hertfordshire)")
    ap.add_argument("--before", metavar="REV", help="a git revision to compare with")
    ap.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="govgraph-viz-bench-") as tmp:
        tmp = Path(tmp)
        versions = {"after": ROOT}
        if a.before:
            (tmp / "before").mkdir()
            versions = {"before": checkout(a.before, tmp / "before"), "after": ROOT}
        html = str(tmp / "page.html")
        viz = ["--data-dir", a.data_dir, "viz", "--la", a.la, "-o", html]
        command(ROOT, ["--data-dir", a.data_dir, "server", "start", "--idle", "900"])
        try:
            for code in versions.values():  # first run: .pyc written, files in the page cache
                command(code, viz)
                command(code, ["--help"])
            runs = {v: {"viz": [], "cpu": [], "help": []} for v in versions}
            for _ in range(a.repeat):  # interleaved: the machine's load hits both alike
                for v, code in versions.items():
                    wall, cpu = command(code, viz)
                    runs[v]["viz"].append(wall)
                    runs[v]["cpu"].append(cpu)
                    runs[v]["help"].append(command(code, ["--help"])[0])
            questions = {v: question_times(code, a.data_dir, a.la, a.repeat)
                         for v, code in versions.items()}
        finally:
            command(ROOT, ["--data-dir", a.data_dir, "server", "stop"])
    med = {v: {k: statistics.median(x) for k, x in r.items()} for v, r in runs.items()}
    rows = [(f"`viz --la {a.la}` command time", "viz", f"< {GOAL:.1f} s"),
            ("  its CPU time (user+sys)", "cpu", ""),
            ("`govgraph --help` command time (start-up)", "help", "")]
    cols = list(versions)
    print(f"| figure | {' | '.join(cols)} |" + (" after/before |" if a.before else "") + " goal |")
    print("|---" * (len(cols) + 2 + bool(a.before)) + "|")

    def line(label, vals, goal=""):
        ratio = f" {vals['after'] / vals['before']:.2f}x |" if a.before and vals["before"] else \
            (" - |" if a.before else "")
        print(f"| {label} | " + " | ".join(f"{vals[v]:.3f} s" for v in cols) + f" |{ratio} {goal} |")

    for label, key, goal in rows:
        line(label, {v: med[v][key] for v in cols}, goal)
    for name in PAGE_QUESTIONS:
        for part in ("server", "client"):
            what = "server execution" if part == "server" else "client wait + parse"
            line(f"{name}: {what} ({questions['after'][name]['rows']} rows)",
                 {v: questions[v][name][part] for v in cols})
    print(f"\nmedian of {a.repeat}; store {a.data_dir}; before = {a.before or '-'}; machine: "
          f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
