"""Betweenness: one definition for `report brokers` and `report register-brokers`.

Exact (igraph's Brandes, in C) when the network is small enough to take about a second. Above
that, estimated from sampled sources drawn in independent batches: each estimate then carries a
margin (twice its standard error across the batches), and each row says which ranks it could
hold, so a list of near-equal scores is not read as a ranking (docs/measures.md, "Brokers").
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# nodes x (nodes + edges) that igraph covers in about a second on a 2-core machine
# (an authority of the synthetic national graph, 2,468 nodes and 2,629 edges: 0.22 s)
EXACT_WORK = 60_000_000
SOURCES = 160   # sampled sources when the network is larger, at least (as many as fit in
                # EXACT_WORK when more do) ...
BATCHES = 16    # ... drawn as 16 equal batches, whose spread gives the margin
SEED = 0        # the same network gives the same estimate, on either backend


@dataclass
class Betweenness:
    """Normalised betweenness of every node (as networkx: the share of the shortest paths
    between pairs of other nodes that pass through it), with how it is known."""
    keys: list[str]
    scores: list[float]
    margins: list[float]       # 0.0 when exact
    sources: int | None        # None when exact; else how many sampled sources (BATCHES batches)
    edges: int
    degrees: list[int]         # distinct neighbours of each node

    @property
    def exact(self) -> bool:
        return self.sources is None

    def ranked(self, top: int | None) -> list[dict]:
        """The highest scores first (ties by key), each with the ranks it could hold given the
        margins: "3" when it is known, "2 to 9" when seven others are within reach of it; and
        each node's degree."""
        import numpy as np

        s = np.asarray(self.scores)
        m = np.asarray(self.margins) + 1e-12   # exact ties differ only by rounding
        order = np.argsort(-s, kind="stable")   # keys are sorted: ties come by key
        out = []
        for i in (order[:top] if top else order).tolist():
            if self.scores[i] <= 0:
                break
            lo, hi = s[i] - m[i], s[i] + m[i]
            best = 1 + int(np.count_nonzero(s - m > hi))
            worst = int(np.count_nonzero(s + m >= lo))
            out.append({"key": self.keys[i], "betweenness": _sig(self.scores[i]),
                        "margin": _sig(self.margins[i]),
                        "rank": str(best) if best == worst else f"{best} to {worst}",
                        "degree": self.degrees[i]})
        return out

    def notes(self, rows: list[dict] = ()) -> list[str]:
        """What the reader must know to weigh the scores of `rows` (as `ranked` gives them)."""
        n = len(self.keys)
        if self.exact:
            return [f"betweenness computed exactly over the whole network ({n} nodes, "
                    f"{self.edges} links)"]
        return [f"betweenness estimated from {self.sources} sampled sources of the network's "
                f"{n} nodes ({self.edges} links; too many to compute exactly in seconds): "
                f"margin is twice the standard error across {BATCHES} independent batches "
                "(about 95%); rank gives the ranks a row could hold within the margins; fixed "
                "seed, so repeatable",
                *([f"{unsure} of the {len(rows)} rows listed could score 0 within their margin: "
                   "their ranking is not known from this sample (per authority, --la, the "
                   "network is usually small enough to be exact)"]
                  if (unsure := sum(r["margin"] >= r["betweenness"] for r in rows)) else [])]


def _sig(x: float) -> float:
    """Four significant digits: national scores are of the order of 0.00001."""
    return float(f"{x:.4g}")


def betweenness(pairs, exact_work: int = EXACT_WORK, sources: int | None = None) -> Betweenness:
    """Betweenness of an undirected network given as (key, key) pairs; repeated pairs are one
    link (two memberships of one body are one path). `sources`: how many to sample when the
    network is too large to be exact (default: what exact_work allows, at least SOURCES)."""
    import igraph as ig
    import numpy as np

    links = {(a, b) if a <= b else (b, a) for a, b in pairs if a != b}
    keys = sorted({k for ab in links for k in ab})   # order fixed by key, not by the backend
    index = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    g = ig.Graph(n=n, edges=[(index[a], index[b]) for a, b in sorted(links)])
    pairs_of_others = (n - 1) * (n - 2) / 2 if n > 2 else 1.0
    if sources is None:
        sources = max(SOURCES, exact_work // (n + len(links) or 1) // BATCHES * BATCHES)
    if n * (n + len(links)) <= exact_work or sources >= n:
        raw = np.asarray(g.betweenness(directed=False)) / pairs_of_others
        return Betweenness(keys, raw.tolist(), [0.0] * n, None, len(links), g.degree())
    if sources < 2 * BATCHES:
        raise ValueError(f"betweenness: at least {2 * BATCHES} sampled sources, not {sources}")
    drawn = random.Random(SEED).sample(range(n), sources)
    batches = [drawn[j::BATCHES] for j in range(BATCHES)]
    # each batch's estimate: its sources' share, scaled up to all n sources
    est = np.array([np.asarray(g.betweenness(directed=False, sources=b)) * (n / len(b))
                    for b in batches]) / pairs_of_others
    mean = est.mean(axis=0)
    margin = 2 * est.std(axis=0, ddof=1) / np.sqrt(BATCHES)
    return Betweenness(keys, mean.tolist(), margin.tolist(), sources, len(links), g.degree())
