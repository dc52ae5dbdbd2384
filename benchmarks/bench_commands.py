"""Benchmark: per-authority commands on a national store against a store of the case studies,
before and after a change, side by side in one run (issue 11: a per-authority report within
1.5x of the same command on a small store, and no slower than 0.5 s).

    python benchmarks/bench_commands.py --data-dir STORE [--before REV] [--la Hertfordshire]
                                        [--cases DIR] [--repeat 3] [--national]

STORE holds the national register (the 2022 GIAS files and a national governance extract, e.g.
benchmarks/gen_governance.py); DIR holds the case studies only (made in a temporary folder when
not given). Both are used read-only with their servers warm, as a researcher's burst of commands
has them. --before REV runs that revision of this repository (git archive) beside the working
tree, interleaved, so load on the machine hits both alike. Tables are laid out for 100 columns
(COLUMNS=100), as the docs' examples are. Prints medians of --repeat runs per command: before
and after on the national store, their ratio, after on the case-study store, and the ratio the
issue asks about (national / case studies), with whether the goal is met. --national adds the
register reports for all of England as CSV (interlocks, board checks, register representation),
before and after, against issue 13.5's 1 s.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_viz_page import ROOT, checkout, command  # noqa: E402

REPORTS = ("representation", "power", "groups", "tiers", "participation", "interlocks",
           "board-checks", "register")
RATIO_GOAL, TIME_GOAL = 1.5, 0.5
# --national: the register reports for all of England as CSV (issue 13.5: under 1 s)
NATIONAL = (["report", "interlocks", "--format", "csv"],
            ["report", "board-checks", "--format", "csv"],
            ["report", "register", "--by", "national", "--format", "csv"])
NATIONAL_GOAL = 1.0


def case_store(folder: Path) -> Path:
    """A store holding the bundled case studies only."""
    from graphmodel import Graph
    from loaders.cases import bundled_files, load_files

    with Graph.open(data_dir=folder) as g:
        load_files(g, bundled_files())
    return folder


def run(code: Path, store: Path, args: list[str]) -> float:
    return command(code, ["--data-dir", str(store), *args])[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, type=Path, help="the national store")
    ap.add_argument("--cases", type=Path, help="a store of the case studies only")
    ap.add_argument("--before", help="a git revision to compare with the working tree")
    ap.add_argument("--la", default="Hertfordshire")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--national", action="store_true",
                    help="also the national register reports as CSV, before and after")
    a = ap.parse_args(argv)
    os.environ["COLUMNS"] = "100"   # command() passes the environment on to every run
    commands = [["status"]] + [["report", r, "--la", a.la] for r in REPORTS]
    commands += list(NATIONAL) if a.national else []
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-commands-") as tmp:
        tmp = Path(tmp)
        cases = a.cases or case_store(tmp / "cases")
        codes = {"after": ROOT}
        if a.before:
            (tmp / "before").mkdir()
            codes["before"] = checkout(a.before, tmp / "before")
        stores = {"national": a.data_dir.resolve(), "cases": cases.resolve()}
        for code in codes.values():
            for store in stores.values():
                run(code, store, ["status"])   # .pyc written; the server starts and stays warm
        print(f"# {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}; medians of {a.repeat}")
        print(f"{'command':44} {'before':>7} {'after':>7} {'a/b':>5} {'cases':>7} "
              f"{'nat/cases':>9}  goal (<= {RATIO_GOAL}x and <= {TIME_GOAL} s)")
        for args in commands:
            times: dict[tuple[str, str], list[float]] = {}
            national = args in NATIONAL
            for _ in range(a.repeat):
                for c, code in codes.items():
                    for s, store in stores.items():
                        if (c == "before" or national) and s == "cases":
                            continue
                        times.setdefault((c, s), []).append(run(code, store, args))
            med = {k: statistics.median(v) for k, v in times.items()}
            after = med[("after", "national")]
            before = med.get(("before", "national"))
            if national:   # no case-study counterpart: the register is what it reads
                print(f"{' '.join(args):44} {before or float('nan'):6.2f}s {after:6.2f}s "
                      f"{(after / before if before else float('nan')):4.2f}x {'-':>7} {'-':>9}  "
                      f"goal <= {NATIONAL_GOAL} s: {'met' if after <= NATIONAL_GOAL else 'not met'}",
                      flush=True)
                continue
            cases_t = med[("after", "cases")]
            ratio = after / cases_t
            met = ratio <= RATIO_GOAL and after <= TIME_GOAL
            print(f"{' '.join(args):44} {before or float('nan'):6.2f}s {after:6.2f}s "
                  f"{(after / before if before else float('nan')):4.2f}x {cases_t:6.2f}s "
                  f"{ratio:8.2f}x  {'met' if met else 'not met'}", flush=True)
        print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
