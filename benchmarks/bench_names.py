"""Names resolved once in Python versus names matched inside every question, side by side.

    python benchmarks/bench_names.py [--scale 0.2] [--repeat 5]

On the synthetic graph of bench_questions.py (scale 1.0: 150 authorities, 20,000 schools,
250,000 people), runs each question that takes an authority two ways in the same run:
  before: the question's text with the filter it had before names were resolved in Python,
          `(s.key = $la OR s.code = $la OR toLower(s.name) = toLower($la))`, given the name;
  after:  graphmodel.names resolves the name to a key, then the question compares keys.
Also times resolve() alone: by key, by name, and a miss (with its suggestions). Prints medians
and the after/before ratio per backend (machines are noisy: read the ratios).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_questions import build_rows, load, timed  # noqa: E402
from graphmodel import Graph, names as N, queries as Q  # noqa: E402
from graphmodel.exc import NotFound  # noqa: E402

OLD = "(s.key = $la OR s.code = $la OR toLower(s.name) = toLower($la))"
EXTRA = {"by": "locality", "partnerships_only": False, "body": None}


def old_text(q: Q.Query) -> str:
    """The question as it was: the name compared inside the Cypher (s and la variables)."""
    text = q.text.replace("($la IS NULL OR s.key = $la)", f"($la IS NULL OR {OLD})")
    text = text.replace("AND s.key = $la", f"AND {OLD}")
    text = text.replace("AND la.key = $la", "AND " + OLD.replace("s.", "la."))
    return text.replace("WHERE la.key = $la", "WHERE " + OLD.replace("s.", "la."))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.2)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    nodes, rels, memberships = build_rows(a.scale)
    print(f"synthetic graph at scale {a.scale}: {sum(map(len, nodes.values())):,} nodes, "
          f"{memberships:,} memberships")
    graphs = {"falkordb": Graph.open(data_dir=tempfile.mkdtemp(prefix="govgraph-bench-"))}
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        graphs["neo4j"] = Graph.open(os.environ["NEO4J_URI"])
    name = "Authority 42"  # key 842
    try:
        for b, g in graphs.items():
            g.ensure_schema()
            print(f"load on {b}: {load(g, nodes, rels):.1f}s")
        print(f"\n{'':34}" + "".join(f"{b + ' before':>17}{'after':>9}{'ratio':>8}"
                                      for b in graphs))
        for q in Q.questions(include_internal=True):
            kinds = {p.name: p.type for p in q.params}
            if kinds.get("la") != "authority":
                continue
            params = {p.name: EXTRA.get(p.name) for p in q.params if p.name != "la"}
            line = f"{q.name:34}"
            for b, g in graphs.items():
                before = timed(lambda: g.read(old_text(q), {**params, "la": name}), a.repeat)
                after = timed(lambda: Q.run(g, q.name, {**params, "la": name}), a.repeat)
                same = sorted(map(repr, g.read(old_text(q), {**params, "la": name}))) == \
                    sorted(map(repr, Q.run(g, q.name, {**params, "la": name})))
                line += f"{before:>16.3f}s{after:>8.3f}s{after / before:>7.2f}x" + \
                    ("" if same else " ROWS DIFFER")
            print(line)
        print()
        for label, kind, value in (("resolve authority by key", "authority", "842"),
                                   ("resolve authority by name", "authority", name),
                                   ("resolve person by key", "person", "p1234"),
                                   ("resolve person by name", "person", "Person p1234"),
                                   ("resolve person: miss + suggestions", "person", "Persn p12x")):
            line = f"{label:34}"
            for b, g in graphs.items():
                def go():
                    try:
                        N.resolve(g, kind, value)
                    except NotFound:
                        pass
                line += f"{'':>17}{timed(go, a.repeat):>8.3f}s{'':>8}"
            print(line)
    finally:
        for g in graphs.values():
            g.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
