"""Betweenness, one definition (analysis.centrality): exact values are networkx's, estimates
carry a margin that holds the exact value, ranks say when they are not known, and the answer
does not depend on the order the backend returned the links in."""
import random

import networkx as nx
import pytest

from analysis import brokers as B
from analysis.centrality import BATCHES, betweenness


def network(n: int, m: int, seed: int) -> list[tuple[str, str]]:
    """Links between string keys, with repeated links (two memberships of one body) and a
    second component, as membership_projection gives them."""
    g = nx.gnm_random_graph(n, m, seed=seed)
    pairs = [(f"n{a}", f"n{b}") for a, b in g.edges()]
    rng = random.Random(seed)
    pairs += rng.sample(pairs, len(pairs) // 5)               # parallel links
    pairs += [(f"x{i}", f"x{i + 1}") for i in range(4)]       # a path apart from the rest
    return pairs


def exact_networkx(pairs):
    g = nx.Graph()
    g.add_edges_from(pairs)
    return nx.betweenness_centrality(g, normalized=True)


@pytest.mark.parametrize("n, m, seed", [(12, 20, 1), (80, 120, 2), (300, 450, 3)])
def test_exact_is_networkx(n, m, seed):
    pairs = network(n, m, seed)
    bc = betweenness(pairs)
    assert bc.exact and set(bc.margins) == {0.0}
    want = exact_networkx(pairs)
    assert set(bc.keys) == set(want)
    for k, s in zip(bc.keys, bc.scores):
        assert s == pytest.approx(want[k], abs=1e-12), k
    assert bc.scores[bc.keys.index("x2")] > 0      # the middle of the separate path
    g = nx.Graph(pairs)                             # degree: distinct neighbours, repeats once
    assert {r["key"]: r["degree"] for r in bc.ranked(None)} == \
        {k: g.degree[k] for k in bc.keys if want[k] > 0}


def test_link_order_does_not_matter():
    pairs = network(300, 450, 4)
    shuffled = random.Random(9).sample(pairs, len(pairs))
    flipped = [(b, a) for a, b in shuffled]
    for kw in ({}, {"exact_work": 0}):            # exact, and estimated from sampled sources
        one, two = betweenness(pairs, **kw), betweenness(flipped, **kw)
        assert (one.keys, one.scores, one.margins) == (two.keys, two.scores, two.margins)


def test_estimate_margin_holds_the_exact_value():
    """Sampled sources on a network forced above the exact limit: the estimate is unbiased in
    scale (all but one source: within 2% at the top) and the margin (about 95%) holds the
    exact value for most of the top nodes."""
    pairs = network(600, 900, 5)
    want = exact_networkx(pairs)
    top = sorted(want, key=lambda k: -want[k])[:20]
    near_all = betweenness(pairs, exact_work=0, sources=len(want) - 1)
    assert not near_all.exact
    got = dict(zip(near_all.keys, near_all.scores))
    for k in top[:5]:
        assert got[k] == pytest.approx(want[k], rel=0.02), k
    est = betweenness(pairs, exact_work=0, sources=10 * BATCHES)
    score, margin = dict(zip(est.keys, est.scores)), dict(zip(est.keys, est.margins))
    held = sum(abs(score[k] - want[k]) <= margin[k] for k in top)
    assert held >= 15, f"the margin held the exact value for {held} of 20"
    assert all(margin[k] > 0 for k in top)


def test_ranks_say_what_is_known():
    # a star's centre is first; two equal bridges share ranks 2 to 3
    pairs = [("c", f"l{i}") for i in range(6)] + [("l0", "b1"), ("b1", "t1"),
                                                   ("l1", "b2"), ("b2", "t2")]
    rows = betweenness(pairs).ranked(None)
    assert rows[0]["key"] == "c" and rows[0]["rank"] == "1"
    ranks = {r["key"]: r["rank"] for r in rows}
    assert ranks["b1"] == ranks["b2"] and " to " in ranks["b1"]
    assert all(r["betweenness"] > 0 for r in rows)                # leaves score 0: not listed
    assert "t1" not in ranks
    assert len(betweenness(pairs).ranked(2)) == 2


def test_small_scores_keep_their_digits():
    """National scores are of the order of 0.00001: rows keep four significant digits, not six
    decimals (which would leave one or two)."""
    pairs = [(f"n{i}", f"n{i + 1}") for i in range(3000)]      # a long path: scores near 0 at its ends
    bc = betweenness(pairs, exact_work=10 ** 12)
    score = dict(zip(bc.keys, bc.scores))
    low = [r for r in bc.ranked(None) if r["betweenness"] < 0.001]
    assert low
    for r in low:
        assert r["betweenness"] == float(f"{score[r['key']]:.4g}") != round(score[r["key"]], 6)


def test_unknown_ranking_is_said():
    """An estimate whose margin reaches zero is not presented as a ranking."""
    pairs = network(600, 900, 6)
    est = betweenness(pairs, exact_work=0, sources=2 * BATCHES)
    rows = est.ranked(50)
    notes = " ".join(est.notes(rows))
    assert "sampled sources" in notes and "margin" in notes
    unsure = [r for r in rows if r["margin"] >= r["betweenness"]]
    assert unsure, "a 32-source sample of 600 nodes should leave some rows unsure"
    assert f"{len(unsure)} of the {len(rows)} rows listed could score 0" in notes
    assert all(r["rank"].endswith(f" to {len(est.keys)}") for r in unsure)


def test_too_few_sources_is_an_error():
    with pytest.raises(ValueError, match="sampled sources"):
        betweenness(network(100, 150, 7), exact_work=0, sources=BATCHES)


def test_brokers_report_is_exact_per_authority_on_both_backends(both_corpus):
    reports = {name: B.brokers(g, la="met-borough", top=5) for name, g in both_corpus.items()}
    rows = [[(r["key"], r["betweenness"], r["margin"], r["rank"]) for r in rep.rows]
            for rep in reports.values()]
    assert rows[0] == rows[-1] and len(rows[0]) == 5
    rep = next(iter(reports.values()))
    assert all(r["margin"] == 0 and (r["rank"].isdigit() or " to " in r["rank"])
               for r in rep.rows)
    assert any("computed exactly" in n for n in rep.notes)
    assert rep.columns[:5] == ["node", "kind", "betweenness", "margin", "rank"]
