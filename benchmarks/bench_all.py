"""One run, one table: every speed figure of issue 11 on FalkorDB and (when reachable) Neo4j.

    python benchmarks/bench_all.py [--repeat 5] [--scale 1.0] [--skip loads,reports,startup]

For each figure: the time on the embedded FalkorDB, on Neo4j (NEO4J_URI and NEO4J_PASSWORD set,
and the database empty or --allow-clear), the goal, the baseline it is compared with and the
ratio, all measured side by side in this run (machines are noisy: read the ratios).

- start-up: command time (a new `govgraph` process, as a user runs it) of `status` and of
  per-authority reports on a store holding the 2022 national GIAS files (and the case studies),
  against the same command on a store holding only the case studies ("empty"); cold (no server running: each command starts one) and warm
  (`govgraph server start` first). Goal: warm within 1.5x of empty and <= 0.5 s.
- reports: every named question and report, per authority and national, on the synthetic
  national graph of bench_questions (20,000 schools, 250,000 people, 400,000 memberships) plus
  the 2022 register, median of --repeat runs in one open store. Goal: <= 300 ms.
- loads: the 2022 files: parse only, batched load, naive loader (sample, extrapolated), as in
  bench_gias. Goals: load/parse <= 2x, naive/load >= 20x.
Prints the machine (CPUs, load average) with the table; benchmarks/README.md keeps the latest.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import bench_gias  # noqa: E402
import bench_questions  # noqa: E402
from graphmodel import Graph  # noqa: E402
from graphmodel import queries as Q  # noqa: E402

from analysis import reports as R  # noqa: E402
from analysis.brokers import brokers  # noqa: E402
from analysis.compare import compare  # noqa: E402

from loaders.gias import load_gias  # noqa: E402

GIAS = bench_gias.DATA
FILES = [GIAS / f for f in bench_gias.FILES]
DATE = bench_gias.EXTRACT_DATE
CLI = [sys.executable, "-c", "import sys; from govgraph.cli import main; sys.exit(main())"]
STARTUP_COMMANDS = {
    "status": ["status"],
    "report representation --la coast-city": ["report", "representation", "--la", "coast-city"],
    "report power --la met-borough": ["report", "power", "--la", "met-borough"],
    # an authority the register fills (the case-study store knows it, with no register rows)
    "report groups --la 919": ["report", "groups", "--la", "919"],
}
REPORT_GOAL = 0.300


class Table:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, section, figure, falkor, neo4j=None, goal="", baseline="", ratio="", met=None):
        self.rows.append({"section": section, "figure": figure, "falkordb": falkor,
                          "neo4j": neo4j if neo4j is not None else "-", "goal": goal,
                          "baseline": baseline, "ratio": ratio,
                          "met": "" if met is None else ("yes" if met else "NO")})

    def print(self, out=sys.stdout):
        cols = ["section", "figure", "falkordb", "neo4j", "goal", "baseline", "ratio", "met"]
        print("| " + " | ".join(cols) + " |", file=out)
        print("|" + "|".join(" --- " for _ in cols) + "|", file=out)
        for r in self.rows:
            print("| " + " | ".join(str(r[c]) for c in cols) + " |", file=out)


def s(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f} s"


def neo4j_uri(allow_clear: bool) -> tuple[str | None, str]:
    uri = os.environ.get("NEO4J_URI")
    if not (uri and os.environ.get("NEO4J_PASSWORD")):
        return None, "neo4j: not measured (set NEO4J_URI and NEO4J_PASSWORD)"
    with Graph.open(uri) as g:
        held = g.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    if held and not allow_clear:
        return None, f"neo4j: not measured: it holds {held} nodes (pass --allow-clear)"
    return uri, ""


# --- start-up ------------------------------------------------------------------------------------

def command_time(args: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        p = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {p.stderr.strip()[-400:]}")
    return statistics.median(times)


def startup(table: Table, tmp: Path, repeat: int, uri: str | None) -> None:
    from loaders.cases import bundled_files, load_files

    stores = {"empty": tmp / "empty", "national": tmp / "national"}
    with Graph.open(data_dir=stores["national"]) as g:
        load_files(g, bundled_files())
        load_gias(g, FILES, extract_date=DATE)
    with Graph.open(data_dir=stores["empty"]) as g:
        load_files(g, bundled_files())
    # as a user's commands run: Python keeps the bytecode its first run compiles (a
    # PYTHONDONTWRITEBYTECODE here would recompile govgraph's modules each time: ~0.1 s)
    base = {k: v for k, v in os.environ.items()
            if k not in ("GOVGRAPH_URI", "PYTHONDONTWRITEBYTECODE")}
    neo = {}
    if uri:
        with Graph.open(uri) as g:
            g.clear()
            load_files(g, bundled_files())
            load_gias(g, FILES, extract_date=DATE)
        env = {**base, "GOVGRAPH_URI": uri}
        neo = {name: command_time(args, env, repeat) for name, args in STARTUP_COMMANDS.items()}
    times: dict[tuple, float] = {}
    for mode in ("cold", "warm"):
        for which, d in stores.items():
            env = {**base, "GOVGRAPH_DATA_DIR": str(d),
                   "GOVGRAPH_SERVER_IDLE": "0" if mode == "cold" else "600"}
            if mode == "warm":
                subprocess.run([*CLI, "server", "start"], env=env, check=True,
                               capture_output=True)
            try:
                for name, args in STARTUP_COMMANDS.items():
                    command_time(args, env, 1)  # first run: imports into the page cache
                    times[(mode, which, name)] = command_time(args, env, repeat)
            finally:
                subprocess.run([*CLI, "server", "stop"], env=env, capture_output=True)
    for name in STARTUP_COMMANDS:
        for mode in ("warm", "cold"):
            nat, emp = times[(mode, "national", name)], times[(mode, "empty", name)]
            warm = mode == "warm"
            table.add("start-up", f"`{name}`, 2022 store, {mode} server", s(nat),
                      s(neo.get(name)) if warm else None,
                      "<= 1.5x empty, <= 0.5 s" if warm else "(for comparison)",
                      f"case studies only {s(emp)}", f"{nat / emp:.2f}x",
                      (nat <= 1.5 * emp and nat <= 0.5) if warm else None)


# --- reports --------------------------------------------------------------------------------------

SAMPLE = {"la": "842", "body": "842/loc1/c0/body", "cluster": "842/loc1/c0",
          "keys": ["842/loc1/c0/body", "842/loc1/forum"], "by": "locality",
          "partnerships_only": False, "scope": None,
          # the changes between two extracts, the grades behind a report's rows, and
          # the export's first page (each question's required parameters: a test holds
          # this list complete)
          "since": "2021-09-01", "until": DATE, "types": ["MEMBER_OF", "IN_AREA"],
          "after": "", "last": "\uffff", "limit": 5000}


def report_cases():
    cases = []
    for name, q in sorted(Q.library().items()):
        params = {p.name: SAMPLE.get(p.name) for p in q.params}
        cases.append((f"query {name}" + (" --la" if "la" in params else ""),
                      (lambda n, p: lambda g: Q.run(g, n, p))(name, params)))
        if "la" in params and any(p.name == "la" and p.optional for p in q.params):
            national = {**params, "la": None}
            cases.append((f"query {name} (national)",
                          (lambda n, p: lambda g: Q.run(g, n, p))(name, national)))
    for name, fn in (("representation", R.representation), ("power", R.power),
                     ("accountability", R.accountability), ("gaps", R.gaps), ("tiers", R.tiers),
                     ("participation", R.participation), ("brokers", brokers)):
        cases.append((f"report {name} --la", (lambda f: lambda g: f(g, "842"))(fn)))
        cases.append((f"report {name} (national)",
                      (lambda f: lambda g: f(g, None))(fn)))
    for by in ("cluster", "locality", "la"):
        cases.append((f"report representation --by {by} (national)",
                      (lambda b: lambda g: R.representation(g, None, b))(by)))
    cases.append(("report compare (3 authorities)",
                  lambda g: compare(g, ["842", "843", "844"])))
    cases.append(("report groups --la 919 (2022 register)",
                  lambda g: Q.run(g, "groups_in_authority", {"la": "919"})))
    return cases


def reports(table: Table, tmp: Path, repeat: int, scale: float, uri: str | None) -> None:
    nodes, rels, _ = bench_questions.build_rows(scale)
    graphs = {"falkordb": Graph.open(data_dir=tmp / "reports")}
    if uri:
        graphs["neo4j"] = Graph.open(uri)
    try:
        for g in graphs.values():
            g.ensure_schema()
            bench_questions.load(g, nodes, rels)
            load_gias(g, FILES, extract_date=DATE)
        slow = 0
        for label, fn in report_cases():
            t, cell = {}, {}
            for name, g in graphs.items():
                try:
                    t[name] = bench_questions.timed(lambda: fn(g), repeat)
                    cell[name] = s(t[name])
                except Exception as e:  # noqa: BLE001 - a failing question is a finding
                    t[name] = None
                    cell[name] = f"error: {type(e).__name__}"  # in the table, not only stderr
                    print(f"{label} on {name}: {type(e).__name__}: {e}", file=sys.stderr)
            f = t.get("falkordb")
            ok = f is not None and f <= REPORT_GOAL
            slow += not ok
            table.add("reports", label, cell["falkordb"], cell.get("neo4j"),
                      "<= 0.300 s", "", f"{f / REPORT_GOAL:.2f}x goal" if f else "", ok)
        print(f"reports over the goal on FalkorDB: {slow}", file=sys.stderr)
    finally:
        for name, g in graphs.items():
            if name == "neo4j":
                g.clear()  # the national graph this run wrote is not left in the database
            g.close()


# --- loads -----------------------------------------------------------------------------------------

def loads(table: Table, tmp: Path, runs: int, sample: int, uri: str | None) -> None:
    res = {"falkordb": bench_gias.measure(lambda: Graph.open(data_dir=tmp / "loads"), FILES,
                                          runs, sample)}
    if uri:
        res["neo4j"] = bench_gias.measure(lambda: Graph.open(uri), FILES, runs, sample)
    f, n = res["falkordb"], res.get("neo4j")
    table.add("loads", f"parse only, 2022 files ({f['rows']:,} source rows)", s(f["parse"]),
              s(n["parse"]) if n else None, "", "", "")
    table.add("loads", "batched load (best of runs)", s(f["load"]), s(n["load"]) if n else None,
              "load/parse <= 2x", f"parse {s(f['parse'])}", f"{f['load'] / f['parse']:.2f}x",
              f["load"] / f["parse"] <= 2)
    table.add("loads", "naive loader (sample, extrapolated)", s(f["naive"]),
              s(n["naive"]) if n else None, "naive/load >= 20x", f"load {s(f['load'])}",
              f"{f['naive'] / f['load']:.1f}x", f["naive"] / f["load"] >= 20)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    ap.add_argument("--runs", type=int, default=3, help="batched loads (the best is kept)")
    ap.add_argument("--sample", type=int, default=2000, help="source rows for the naive loader")
    ap.add_argument("--scale", type=float, default=1.0, help="of the synthetic national graph")
    ap.add_argument("--skip", default="", help="comma-separated: startup,reports,loads")
    ap.add_argument("--allow-clear", action="store_true",
                    help="allow emptying a Neo4j database that holds data")
    a = ap.parse_args(argv)
    missing = [str(p) for p in FILES if not p.exists()]
    if missing:
        print(f"bench_all: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    skip = set(filter(None, a.skip.split(",")))
    uri, note = neo4j_uri(a.allow_clear)
    table = Table()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-") as tmp:
        tmp = Path(tmp)
        for name, run in (("startup", lambda: startup(table, tmp, a.repeat, uri)),
                          ("loads", lambda: loads(table, tmp, a.runs, a.sample, uri)),
                          ("reports", lambda: reports(table, tmp, a.repeat, a.scale, uri))):
            if name not in skip:
                run()
                print(f"({name} done after {time.perf_counter() - started:.0f} s)",
                      file=sys.stderr, flush=True)
                for r in table.rows:  # as it goes: a long run still leaves its figures
                    if r["section"] == ("start-up" if name == "startup" else name):
                        print(" | ".join(map(str, r.values())), file=sys.stderr, flush=True)
    table.print()
    load = os.getloadavg()[0]
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}; load average "
          f"{load:.1f} at the end; run took {time.perf_counter() - started:.0f} s")
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
