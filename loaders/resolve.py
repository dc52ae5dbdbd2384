"""People from appointments: which governance rows (GIDs) are one person (docs/people.md).

GIAS lists appointments, not people: a GID is one seat held by someone, and the same person
has several GIDs when they sit on several boards or were re-appointed. This module groups GIDs
into persons with a transparent rule set (a Fellegi-Sunter score whose weights are written
below and in docs/people.md), keeps the evidence of every link, and lists pairs it would not
merge but cannot rule out (possible matches).

Why rules and not splink: both were evaluated on the generator's planted truth
(tests/test_people.py, benchmarks/bench_people.py); the rules were more precise at the same
recall, because the decisive evidence here is structural (same board with consecutive terms,
same trust, overlapping seats that must be two people) rather than string similarity.

Pure functions: no store access here (loaders/gias_people.py reads and writes the store).
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

MERGE_AT = 0.9          # a link this probable merges two appointments into one person
POSSIBLE_AT = 0.2       # below MERGE_AT and at least this: listed as a possible match
CONFLICT_BELOW = 0.01   # a pair this improbable may never end up in one person
ALL_PAIRS_UP_TO = 8     # a name listed at most this often: every pair is scored
APPOINTMENTS_PER_PERSON = 1.25   # illustrative: turns name counts into expected namesakes

# Likelihood ratios (how much more often the evidence is seen for one person than for two).
# Place: only the most specific one counts; for authority and trust the ratio is derived from
# the share of appointments there (u), with m = 0.8 for an authority and 0.9 for a trust.
# Same board: about 1 in 20,000 boards, so two different people with one name on one board are
# rare (u about 1/20,000; m about 0.3 for a re-appointment listed in the same file).
SAME_BODY_CONSECUTIVE = 5000.0  # a re-appointment: same board, one term after the other
SAME_BODY_OTHER_ROLE = 2000.0   # e.g. trustee and member of one trust at the same time
SAME_BODY_SAME_SEAT_OVERLAP = 0.001   # two seats of one kind on one board at once: two people
TRUST_MAX, LA_MAX = 2000.0, 150.0
# Largest national shares of appointments (illustrative: the biggest authority, Kent or
# Lancashire, holds about 3-4% of England's schools; the biggest trust under 0.5%). A file
# covering part of England overstates shares; capping keeps the ratios national.
LA_SHARE_MAX, TRUST_SHARE_MAX = 0.04, 0.005
OTHER_PLACE = 0.5               # different authority: people do govern next door
MIDDLE_SAME, MIDDLE_DIFFERENT = 8.0, 0.005
TITLE_SAME, TITLE_FEMALE_VARIANT, TITLE_OTHER, TITLE_GENDER_CLASH = 1.5, 0.8, 0.7, 0.02
EXACT_SPELLING = 2.0            # both listings keep the same accents or hyphens
FEMALE_TITLES, MALE_TITLES = {"mrs", "ms", "miss"}, {"mr"}


@dataclass(frozen=True)
class Listing:
    """One appointment row as the register names its holder."""
    gid: str
    title: str | None
    forename: str | None
    middle: str | None
    surname: str
    role: str
    body: str                    # the board's key (<URN>/gb or group/<UID>)
    start: str | None = None     # ISO dates
    end: str | None = None


@dataclass(frozen=True)
class Place:
    """Where a board is: its authorities and its trust or federation (if any)."""
    las: frozenset = frozenset()
    trust: str | None = None


@dataclass
class Link:
    a: str
    b: str
    probability: float
    evidence: list[str]


@dataclass
class Resolution:
    person_of: dict[str, str] = field(default_factory=dict)       # gid -> person key
    confidence: dict[str, float] = field(default_factory=dict)    # gid -> best link in person
    evidence: dict[str, str] = field(default_factory=dict)        # gid -> why it is linked
    possible: list[Link] = field(default_factory=list)            # kept apart, listed

    @property
    def persons(self) -> int:
        return len(set(self.person_of.values()))


# --- names ------------------------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Lower case, accents removed, hyphens and apostrophes as the register varies them."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.replace("\u2019", "").replace("'", "").replace("-", " ").replace(".", " ")
    return " ".join(t.split())


def name_key(x: Listing) -> tuple[str, str]:
    return fold(x.forename), fold(x.surname)


@lru_cache(maxsize=None)
def _title_ratio(a: str | None, b: str | None) -> tuple[float, str | None]:
    ta, tb = fold(a), fold(b)
    if not ta or not tb:
        return 1.0, None
    if ta == tb:
        return TITLE_SAME, "same title"
    if (ta in FEMALE_TITLES and tb in MALE_TITLES) or (tb in FEMALE_TITLES and ta in MALE_TITLES):
        return TITLE_GENDER_CLASH, f"titles {a}/{b} differ in gender"
    if ta in FEMALE_TITLES and tb in FEMALE_TITLES:
        return TITLE_FEMALE_VARIANT, f"titles {a}/{b}"
    return TITLE_OTHER, f"titles {a}/{b}"


@lru_cache(maxsize=None)
def _days(iso: str | None) -> int | None:
    if not iso:
        return None
    y, m, d = iso.split("-")
    return (int(y) * 372 + int(m) * 31 + int(d))  # ordering and rough gaps only


def _overlap(a: Listing, b: Listing) -> bool:
    sa, sb = _days(a.start), _days(b.start)
    ea, eb = _days(a.end), _days(b.end)
    if sa is None or sb is None:
        return False
    return sa <= (eb if eb is not None else 10 ** 9) and sb <= (ea if ea is not None else 10 ** 9)


def _consecutive(a: Listing, b: Listing) -> bool:
    first, second = (a, b) if (_days(a.start) or 0) <= (_days(b.start) or 0) else (b, a)
    e, s = _days(first.end), _days(second.start)
    return e is not None and s is not None and 0 <= s - e <= 62


@lru_cache(maxsize=None)
def _seat_kind(role: str) -> str:
    r = role.lower()
    return "member" if r.startswith("member") else "officer" if any(
        o in r for o in ("officer", "governance professional", "clerk")) else "board"


class Scorer:
    """Scores one pair of listings; built once per national file (name counts, place shares)."""

    def __init__(self, listings: list[Listing], places: dict[str, Place]):
        self.places = places
        self.name_count = Counter(name_key(x) for x in listings)
        n = len(listings) or 1
        la_count, trust_count = Counter(), Counter()
        for x in listings:
            p = places.get(x.body, Place())
            for la in p.las:
                la_count[la] += 1
            if p.trust:
                trust_count[p.trust] += 1
        self.la_share = {k: min(v / n, LA_SHARE_MAX) for k, v in la_count.items()}
        self.trust_share = {k: min(v / n, TRUST_SHARE_MAX) for k, v in trust_count.items()}

    def prior_odds(self, key: tuple[str, str]) -> float:
        namesakes = self.name_count[key] / APPOINTMENTS_PER_PERSON
        return 1.0 / max(namesakes, 0.8)

    def score(self, a: Listing, b: Listing, explain: bool = True) -> Link:
        """The link between two listings of one name; explain=False skips the words."""
        key = name_key(a)
        odds = self.prior_odds(key)
        n = self.name_count[key]
        ev = [f"same name {a.forename} {a.surname} ({n} listing{'s' if n != 1 else ''} "
              "nationally)"] if explain else []
        pa, pb = self.places.get(a.body, Place()), self.places.get(b.body, Place())
        if a.body == b.body:
            same_kind = _seat_kind(a.role) == _seat_kind(b.role)
            if same_kind and _overlap(a, b):
                odds *= SAME_BODY_SAME_SEAT_OVERLAP
                explain and ev.append(f"two {_seat_kind(a.role)} seats on {a.body} at once")
            elif same_kind:
                odds *= SAME_BODY_CONSECUTIVE
                explain and ev.append(f"same board {a.body}, " + (
                    "consecutive terms" if _consecutive(a, b) else "terms one after the other"))
            else:
                odds *= SAME_BODY_OTHER_ROLE
                explain and ev.append(f"same board {a.body} as {a.role} and {b.role}")
        elif pa.trust and pa.trust == pb.trust:
            odds *= min(TRUST_MAX, 0.9 / max(self.trust_share.get(pa.trust, 1.0), 1e-9))
            explain and ev.append(f"same trust {pa.trust}")
        elif pa.las & pb.las:
            la = min(pa.las & pb.las)
            odds *= min(LA_MAX, 0.8 / max(self.la_share.get(la, 1.0), 1e-9))
            explain and ev.append(f"same authority {la}")
        else:
            odds *= OTHER_PLACE
            explain and ev.append("different places")
        ma, mb = fold(a.middle), fold(b.middle)
        if ma and mb:
            if ma == mb:
                odds *= MIDDLE_SAME
                explain and ev.append(f"same middle name {a.middle}")
            else:
                odds *= MIDDLE_DIFFERENT
                explain and ev.append(f"middle names {a.middle}/{b.middle} differ")
        ratio, why = _title_ratio(a.title, b.title)
        odds *= ratio
        if why:
            explain and ev.append(why)
        raw_a, raw_b = f"{a.forename} {a.surname}", f"{b.forename} {b.surname}"
        if raw_a == raw_b and (not raw_a.isascii() or "-" in raw_a):
            odds *= EXACT_SPELLING
            explain and ev.append("same spelling incl. accents/hyphens")
        if explain and a.start and b.start and a.body != b.body and (
                _overlap(a, b) or _consecutive(a, b)):
            explain and ev.append("overlapping terms" if _overlap(a, b) else "consecutive terms")
        p = odds / (1.0 + odds)
        return Link(a.gid, b.gid, p, ev)


def candidate_pairs(listings: list[Listing], places: dict[str, Place]) -> Iterable[tuple[int, int]]:
    """Pairs worth scoring: every pair of a rare name; for common names only pairs sharing a
    board, trust or authority (a common name across places can never reach MERGE_AT)."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, x in enumerate(listings):
        blocks[name_key(x)].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= ALL_PAIRS_UP_TO:
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    yield members[i], members[j]
            continue
        seen: set[tuple[int, int]] = set()
        sub: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            p = places.get(listings[i].body, Place())
            sub[("b", listings[i].body)].append(i)
            if p.trust:
                sub[("t", p.trust)].append(i)
            for la in p.las:
                sub[("l", la)].append(i)
        for group in sub.values():
            for x in range(len(group)):
                for y in range(x + 1, len(group)):
                    pair = (group[x], group[y]) if group[x] < group[y] else (group[y], group[x])
                    if pair not in seen:
                        seen.add(pair)
                        yield pair


def _gid_order(gid: str) -> tuple:
    return (0, int(gid), "") if gid.isdigit() else (1, 0, gid)


def resolve(listings: list[Listing], places: dict[str, Place],
            previous: dict[str, str] | None = None, *, merge_at: float = MERGE_AT,
            possible_at: float = POSSIBLE_AT, key_prefix: str = "gias/gid/") -> Resolution:
    """Group listings into persons.

    Links at or above merge_at join clusters, most probable first, unless a pair across the
    two clusters is a conflict (below CONFLICT_BELOW: two seats at once, different middle names
    or genders). previous (gid -> person key, from the store) keeps keys stable: a person takes
    the key most of its GIDs had; a new person is keyed by its earliest (smallest) GID.
    """
    scorer = Scorer(listings, places)
    links: list[Link] = []
    conflicts: set[tuple[str, str]] = set()
    for i, j in candidate_pairs(listings, places):
        link = scorer.score(listings[i], listings[j], explain=False)
        if link.probability >= possible_at:
            links.append(scorer.score(listings[i], listings[j]))
        elif link.probability < CONFLICT_BELOW:
            conflicts.add((link.a, link.b))
            conflicts.add((link.b, link.a))
    parent = {x.gid: x.gid for x in listings}
    members = {x.gid: [x.gid] for x in listings}

    def find(g: str) -> str:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    out = Resolution()
    links.sort(key=lambda lk: (-lk.probability, _gid_order(lk.a), _gid_order(lk.b)))
    best: dict[str, Link] = {}
    for lk in links:
        ra, rb = find(lk.a), find(lk.b)
        if ra == rb:
            continue
        if lk.probability < merge_at:
            out.possible.append(lk)
            continue
        small, large = sorted((members[ra], members[rb]), key=len)
        if any((x, y) in conflicts for x in small for y in large):
            out.possible.append(lk)
            continue
        parent[ra if members[ra] is small else rb] = rb if members[ra] is small else ra
        root = find(lk.a)
        members[root] = large + small
        for g in (lk.a, lk.b):
            if g not in best:
                best[g] = lk
    clusters: dict[str, list[str]] = defaultdict(list)
    for x in listings:
        clusters[find(x.gid)].append(x.gid)
    _assign_keys(out, list(clusters.values()), previous or {}, key_prefix)
    for gid in parent:
        lk = best.get(gid)
        if lk is not None:
            other = lk.b if lk.a == gid else lk.a
            out.confidence[gid] = round(lk.probability, 4)
            out.evidence[gid] = f"linked to GID {other}: " + "; ".join(lk.evidence)
    out.possible = [lk for lk in out.possible if out.person_of[lk.a] != out.person_of[lk.b]]
    return out


def _assign_keys(out: Resolution, clusters: list[list[str]], previous: dict[str, str],
                 prefix: str) -> None:
    taken: set[str] = set()
    order = sorted(clusters, key=lambda c: (-len(c), min(_gid_order(g) for g in c)))
    pending = []
    for c in order:
        votes = Counter(previous[g] for g in c if g in previous) if previous else {}
        key = None
        for k, _ in sorted(votes.items(), key=lambda kv: (-kv[1], _gid_order(
                kv[0].rsplit("/", 1)[-1]), kv[0])):
            if k not in taken:
                key = k
                break
        if key is None:
            pending.append(c)
            continue
        taken.add(key)
        for g in c:
            out.person_of[g] = key
    reserved = taken | set(previous.values())
    for c in pending:
        for g in sorted(c, key=_gid_order):
            key = prefix + g
            if key not in reserved:
                break
        else:
            key = prefix + min(c, key=_gid_order) + "/" + str(len(reserved))
        reserved.add(key)
        for g in c:
            out.person_of[g] = key


def evaluate(person_of: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise precision and recall of a resolution against planted truth (gid -> person)."""
    def pairs(assign: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for g, p in assign.items():
            if g in truth:
                groups[p].append(g)
        out = set()
        for gs in groups.values():
            gs.sort()
            out.update((gs[i], gs[j]) for i in range(len(gs)) for j in range(i + 1, len(gs)))
        return out

    found, true = pairs(person_of), pairs(truth)
    tp = len(found & true)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(true),
            "found_pairs": len(found)}


__all__ = ["Link", "Listing", "Place", "Resolution", "Scorer", "evaluate", "fold", "name_key",
           "resolve"]
