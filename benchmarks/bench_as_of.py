"""The cost of answering as of a date (issue 12: at most 30% over the same question without it).

    python benchmarks/bench_as_of.py [--scale 0.5] [--repeat 3] [--skip-register]

Two stores, built in this run: the 2022 national GIAS group links and links plus a later
group links extract generated from them (tests/time_fixtures.py: four schools leave a trust and
three join, in Hertfordshire), and the synthetic national graph of bench_questions.py at
--scale, with start dates on every membership (2010-2024), an end on three in ten, and
establishment dates on bodies. For each time-aware question it runs, in the same run and on
the same store:

- baseline: the question's text with the validity forms (graphmodel.queries.TIME_FORMS)
  replaced by `true` (and the status form by the stored status): no time filter at all;
- now: the question as shipped, as_of null;
- as of: the question as shipped, as_of a date inside the data.

It prints medians and the ratios now/baseline and as-of/baseline. FalkorDB always; Neo4j too
when NEO4J_URI and NEO4J_PASSWORD are set (its store is cleared). Read the ratios, not the
seconds: the machine is shared.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # time_fixtures: the generated later extract

from graphmodel import Graph, queries as Q  # noqa: E402
from loaders.gias import load_gias  # noqa: E402

import bench_questions as BQ  # noqa: E402

NATIONAL = ROOT.parent / "shared" / "data" / "gias-2022"
GOAL = 1.30


def baseline_text(q: Q.Query) -> str:
    """The question without its time filter: each validity form becomes `true`."""
    text = q.text
    for form in Q.TIME_FORMS:
        parts = re.escape(form).split(re.escape("{v}"))
        pat = parts[0] + "".join((r"(?P<v>[A-Za-z_]\w*)" if i == 0 else r"(?P=v)") + p
                                 for i, p in enumerate(parts[1:]))
        repl = (lambda m: f"{m.group('v')}.status") if form is Q.STATUS_AS_OF else "true"
        text = re.sub(pat, repl, text)
    assert "$as_of" not in text, q.name
    return text


def dated(nodes, rels, seed: int = 11):
    """bench_questions' rows with dates: memberships start 2010-2024, 3 in 10 end; bodies
    established 2005-2015."""
    rnd = random.Random(seed)
    day = lambda y0, y1: f"{rnd.randint(y0, y1)}-{rnd.randint(1, 12):02d}-01"
    for label in ("Partnership", "JointCommittee", "GoverningBody"):
        for n in nodes.get(label, []):
            n["props"]["established"] = day(2005, 2015)
    for (rel, _, _), rows in rels.items():
        if rel != "MEMBER_OF":
            continue
        for r in rows:
            r["props"]["start"] = day(2010, 2024)
            if rnd.random() < 0.3:
                r["props"]["end"] = day(int(r["props"]["start"][:4]) + 1, 2026)
    return nodes, rels


def register_store(g: Graph, tmp: Path) -> None:
    from time_fixtures import later_group_links

    later, _ = later_group_links(NATIONAL, tmp)
    load_gias(g, [NATIONAL / "group_links.csv", NATIONAL / "links.csv"],
              extract_date="2022-08-31")
    load_gias(g, [later])


def measure(g: Graph, cases, repeat: int) -> list[dict]:
    out = []
    for label, name, params, as_of in cases:
        q = Q.get(name)
        base = baseline_text(q)
        bound = q.bind(params, g)
        plain = {k: v for k, v in bound.items() if k != "as_of"}
        t0 = BQ.timed(lambda: g.read(base, plain), repeat, warm=True)
        t1 = BQ.timed(lambda: g.read(q.text, {**plain, "as_of": None}), repeat, warm=True)
        t2 = BQ.timed(lambda: g.read(q.text, {**plain, "as_of": as_of}), repeat, warm=True)
        out.append({"question": label, "baseline": t0, "now": t1, "as_of": t2})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-register", action="store_true")
    args = ap.parse_args()
    backends = [("falkordb", None)]
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        backends.append(("neo4j", os.environ["NEO4J_URI"]))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend, uri in backends:
            g = Graph.open(uri, data_dir=None if uri else Path(tmp) / "store")
            try:
                g.clear()
                g.ensure_schema()
                if not args.skip_register:
                    t = time.perf_counter()
                    register_store(g, Path(tmp))
                    print(f"[{backend}] register store: {time.perf_counter() - t:.1f} s",
                          file=sys.stderr)
                    cases = [("report groups --la 919 (2022 + 2025 extracts)",
                              "groups_in_authority", {"la": "919"}, "2024-01-01"),
                             ("report groups --la 330", "groups_in_authority", {"la": "330"},
                              "2020-01-01")]
                    rows += [dict(r, backend=backend) for r in measure(g, cases, args.repeat)]
                nodes, rels, _ = BQ.build_rows(args.scale)
                nodes, rels = dated(nodes, rels)
                t = time.perf_counter()
                BQ.load(g, nodes, rels)
                print(f"[{backend}] synthetic store (scale {args.scale}): "
                      f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
                cases = [(f"report representation, national (scale {args.scale})",
                          "representation", {"la": None}, "2018-06-01"),
                         ("report representation --la 800", "representation", {"la": "800"},
                          "2018-06-01"),
                         (f"report power, national (scale {args.scale})", "decision_power",
                          {"la": None}, "2018-06-01"),
                         ("report power --la 800", "decision_power", {"la": "800"},
                          "2018-06-01"),
                         (f"report tiers, national (scale {args.scale})", "tiers", {"la": None},
                          "2018-06-01"),
                         ("report gaps --la 800", "accountability_gaps", {"la": "800"},
                          "2018-06-01"),
                         ("report brokers --la 800 (its projection)", "membership_projection",
                          {"la": "800"}, "2018-06-01")]
                rows += [dict(r, backend=backend) for r in measure(g, cases, args.repeat)]
            finally:
                if uri:
                    g.clear()
                g.close()
    print("| backend | question | baseline (no time filter) | as_of null | as_of date | "
          "null / baseline | date / baseline | goal | met |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        a, b = r["now"] / r["baseline"], r["as_of"] / r["baseline"]
        met = "yes" if max(a, b) <= GOAL else "NO"
        print(f"| {r['backend']} | {r['question']} | {r['baseline']:.3f} s | {r['now']:.3f} s | "
              f"{r['as_of']:.3f} s | {a:.2f}x | {b:.2f}x | <= {GOAL:.2f}x | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
