"""Benchmark and evaluation: people resolution on the generated governance extract.

    python benchmarks/bench_people.py [--scale 0.2] [--unlisted 0] [--seed 13] [--splink]

Generates an extract with planted truth (benchmarks/gen_governance.py, GENERATED data keyed to
the real 2022 register), resolves it with the rule set (loaders/resolve.py) and, with
--splink, with splink (DuckDB backend), and prints side by side in one run: pairwise
precision, recall and F1 against the truth, and the time each took. The places (authority and
trust of each board) come from the 2022 register files, as the loader takes them from the store.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import gen_governance as G  # noqa: E402
from loaders.resolve import Listing, Place, evaluate, resolve  # noqa: E402


def register_places(data: Path = G.DATA) -> dict[str, Place]:
    """Board key -> Place from the 2022 register files (schools' trusts and authorities)."""
    groups, schools = G.read_register(data)
    places: dict[str, Place] = {}
    governing = {"Multi-academy trust", "Single-academy trust", "Federation"}
    for urn, s in schools.items():
        trust = next((f"group/{uid}" for uid, t in s["groups"] if t in governing), None)
        places[f"{urn}/gb"] = Place(frozenset([s["la"]]), trust)
    for uid, g in groups.items():
        las = frozenset(schools[u]["la"] for u in g["schools"])
        places[f"group/{uid}"] = Place(las, f"group/{uid}")
    return places


def listings_of(rows: list[dict]) -> list[Listing]:
    out = []
    for r in rows:
        body = f"{r['URN']}/gb" if r["URN"] else f"group/{r['UID']}"
        out.append(Listing(r["GID"], r["Title"] or None, r["Forename 1"] or None,
                           r["Forename 2"] or None, r["Surname"], r["Role"], body,
                           r["start"].isoformat() if r["start"] else None,
                           r["end"].isoformat() if r["end"] else None))
    return out


def run_splink(listings: list[Listing], places: dict[str, Place], threshold: float = 0.9):
    """splink 4+/5 with DuckDB: names compared by Jaro-Winkler, places and title exactly."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from loaders.resolve import fold

    recs = []
    for x in listings:
        p = places.get(x.body, Place())
        recs.append({"unique_id": x.gid, "first": fold(x.forename), "middle": fold(x.middle) or None,
                     "surname": fold(x.surname), "title": fold(x.title) or None,
                     "la": min(p.las) if p.las else None, "trust": p.trust, "body": x.body})
    df = pd.DataFrame(recs)
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[block_on("first", "surname")],
        comparisons=[
            cl.JaroWinklerAtThresholds("first", [0.92]),
            cl.ExactMatch("middle"),
            cl.JaroWinklerAtThresholds("surname", [0.92]),
            cl.ExactMatch("title"),
            cl.ExactMatch("body"),
            cl.ExactMatch("trust"),
            cl.ExactMatch("la"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db = DuckDBAPI()
    linker = Linker(db.register(df), settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first", "surname", "body"), block_on("first", "surname", "trust")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first", "surname"))
    preds = linker.inference.predict(threshold_match_probability=0.05)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(preds, threshold)
    cdf = clusters.as_pandas_dataframe()
    return dict(zip(cdf["unique_id"].astype(str), cdf["cluster_id"].astype(str)))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=0.2)
    ap.add_argument("--unlisted", type=int, default=0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--splink", action="store_true", help="also evaluate splink (DuckDB)")
    a = ap.parse_args(argv)
    t = time.perf_counter()
    rows = G.generate(a.seed, a.scale, unlisted=a.unlisted)
    truth = {r["GID"]: str(r["person"]) for r in rows}
    listings, places = listings_of(rows), register_places()
    print(f"generated {len(rows):,} appointments of {len(set(truth.values())):,} people "
          f"(seed {a.seed}, scale {a.scale}) in {time.perf_counter() - t:.1f} s")
    results = []
    t = time.perf_counter()
    res = resolve(listings, places)
    results.append(("rules (loaders/resolve.py)", time.perf_counter() - t,
                    evaluate(res.person_of, truth), len(res.possible)))
    if a.splink:
        t = time.perf_counter()
        assign = run_splink(listings, places)
        results.append(("splink 5 (DuckDB)", time.perf_counter() - t, evaluate(assign, truth),
                        None))
    print(f"{'method':28} {'seconds':>8} {'precision':>10} {'recall':>8} {'F1':>7} "
          f"{'pairs':>8} {'possible':>9}")
    for name, secs, m, possible in results:
        print(f"{name:28} {secs:8.2f} {m['precision']:10.4f} {m['recall']:8.4f} {m['f1']:7.4f} "
              f"{m['found_pairs']:8,} {possible if possible is not None else '-':>9}")
    print(f"true pairs: {results[0][2]['true_pairs']:,}")


if __name__ == "__main__":
    main()
