"""The register's people: interlocks, brokers and representation of GIAS governance rows.

People are resolved from appointments when a governance extract loads (loaders/resolve.py,
docs/people.md); these reports read the resolved register: who sits on several boards, which
boards and trusts are linked through them (with the weakest resolution link behind each), who
brokers between boards, and how seats divide between professionals and governors and between
parent, staff, LA, foundation and co-opted places.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from operator import itemgetter

from graphmodel import queries as Q
from graphmodel.exc import GovgraphError
from graphmodel.gc_pause import paused_gc
from loaders.gias_gov import constituency_of

from . import measures as M
from .centrality import betweenness
from .register_seats import NOT_PACKED, holding, is_member, seats_by_board
from .reports import Report

# The register's appointment (grouped "Appointing body", loaders/gias_gov.py) -> the place a
# seat fills, as the case studies name governors' constituencies. One mapping, reused by
# every register report.
PLACE_OF_APPOINTMENT = {
    "elected_parent": "parent",
    "elected_staff": "staff",
    "la_appointed": "local_authority",
    "foundation_or_trust_appointed": "foundation",
    "ex_officio_foundation": "foundation",
    "co_opted": "co_opted",
    "members_appointed": "members_appointed",
    "ex_officio_head": "headteacher",
    "interim_executive_board": "interim_executive_board",
    "other": "other",
}
PLACES = ("parent", "staff", "local_authority", "foundation", "co_opted", "members_appointed",
          "headteacher", "interim_executive_board", "other")


def place_of(appointment: str | None) -> str:
    return PLACE_OF_APPOINTMENT.get(appointment or "other", "other")


def _trim(xs, n=6):
    xs = list(xs)
    return xs[:n] + ([f"+{len(xs) - n} more"] if len(xs) > n else [])


class NotInStore(GovgraphError, ValueError):
    """An authority or trust the user named is not in the store (or the name is ambiguous)."""


FIND_LA = ("MATCH (s:LocalAuthority) WHERE s.key = $v OR s.code = $v OR toLower(s.name) = "
           "toLower($v) RETURN s.key AS key, s.name AS name")
FIND_GROUP = ("MATCH (b:Body) WHERE (b:Trust OR b:FederatedGoverningBody) AND (b.key = $v OR "
              "toLower(b.name) = toLower($v)) RETURN b.key AS key, b.name AS name")


def filters(graph, la: str | None, group: str | None) -> tuple[str | None, str | None]:
    """An authority (key, DfE code or name) and a trust or federation (UID, key or name) as
    keys, resolved once before the questions run; unknown or ambiguous names are errors."""
    out = []
    for value, query, noun in ((la, FIND_LA, "local authority"),
                               (group, FIND_GROUP, "trust or federation")):
        if value is None:
            out.append(None)
            continue
        v = value.strip()
        if noun != "local authority" and v.isdigit():
            v = f"group/{int(v)}"
        found = graph.read(query, {"v": v})
        if len(found) != 1:
            what = "no" if not found else f"{len(found)} (" + ", ".join(
                f"{r['key']} {r['name']}" for r in found[:5]) + ")"
            raise NotInStore(f"{what} {noun} matching {value!r} in the store; give its key, "
                             + ("DfE code or name" if noun == "local authority" else
                                "GIAS group UID or exact name"))
        out.append(found[0]["key"])
    return out[0], out[1]


def scope(graph, la: str | None, group: str | None) -> list[str] | None:
    """The keys of the boards an authority or trust filter leaves (None: no filter)."""
    la, group = filters(graph, la, group)
    if la is None and group is None:
        return None
    return [r["board"] for r in Q.run(graph, "interlocks_scope", {"la": la, "group": group})]


MEMBERS = "#members"   # a trust's members: a board of their own (as interlocks_register counts)


def _distinct(xs: list) -> list:
    out = dict.fromkeys(xs)
    out.pop(None, None)
    return list(out)


def _seats_by_person(graph, boards, min_confidence, as_of) -> dict[str, tuple[str, list]]:
    """interlocks_seats' rows (one per seat) grouped by person: key -> (name, seats)."""
    out: dict[str, tuple[str, list]] = {}
    for r in Q.run(graph, "interlocks_seats", {"boards": boards, "min_confidence": min_confidence,
                                               "as_of": as_of}):
        held = out.get(r["person_key"])
        if held is None:
            held = out[r["person_key"]] = (r["person"], [])
        held[1].append([r["board"], r["board_name"], r["role"], r["gid"], r["confidence"]])
    return out


def people_and_links(graph, boards: list[str] | None = None,
                     min_confidence: float | None = None,
                     as_of: str | None = None) -> tuple[list[dict], list[dict]]:
    """The rows of the questions interlocks_register and interlocks_links, from one read of
    the seats on the date of the people listed on more than one board (interlocks_seats);
    those on one board on the date are left out here: both questions walk the same
    memberships, and at national scale reading them once is most of the saving. Seats are
    lists ([board, board_name, role, gid, confidence]): no dict per seat.
    tests/test_board_checks.py checks that the rows are the questions' own, on both backends."""
    in_scope = set(boards) if boards is not None else None
    people, pairs = [], defaultdict(dict)
    for key, (name, ss) in _seats_by_person(graph, boards, min_confidence, as_of).items():
        if len(ss) < 2:
            continue
        seen = in_scope is None or any(s[0] in in_scope for s in ss)
        board_keys = _distinct([s[0] + MEMBERS if is_member(s[2]) else s[0] for s in ss])
        if len(board_keys) > 1 and seen:
            people.append({"person": name, "person_key": key,
                           "boards": len(board_keys), "board_keys": board_keys,
                           "board_names": _distinct([s[1] for s in ss]),
                           "roles": _distinct([s[2] for s in ss]),
                           "gids": [s[3] for s in ss],
                           "confidence": min(s[4] for s in ss)})
        for a in ss:
            ka = a[0]
            for b in ss:
                kb = b[0]
                if ka < kb and (in_scope is None or ka in in_scope or kb in in_scope):
                    conf = a[4] if a[4] < b[4] else b[4]
                    link = pairs[(ka, a[1], kb, b[1])]
                    held = link.get(key)
                    link[key] = (conf if held is None or conf < held[0] else held[0], name)
    people.sort(key=lambda p: (-p["boards"], p["person_key"]))
    links = [{"board_a": a, "board_a_name": an, "board_b": b, "board_b_name": bn,
              "shared": len(ps), "people": [n for _, n in ps.values() if n is not None],
              "person_keys": list(ps), "confidence": min(c for c, _ in ps.values())}
             for (a, an, b, bn), ps in pairs.items()]
    links.sort(key=lambda lk: (-lk["shared"], lk["board_a"], lk["board_b"]))
    return people, links


def trusts_of(graph, keys: list[str], all_trusts: Future | None = None) -> list[dict]:
    """interlocks_trusts for these boards; for many boards, one walk over every trust's
    schools (interlocks_all_trusts) instead of one from each board (4x faster nationally).
    all_trusts: that walk's rows, already asked for (interlocks)."""
    if len(keys) <= ALL_TRUSTS_ABOVE:
        return Q.run(graph, "interlocks_trusts", {"keys": keys}) if keys else []
    rows = all_trusts.result() if all_trusts else Q.run(graph, "interlocks_all_trusts", {})
    governing = {r["board"]: r for r in rows}
    out = []
    for k in keys:
        g = governing.get(k)
        out.append({"board": k, "trust": g["trust"] if g else None,
                    "trust_name": g["trust_name"] if g else None})
    return out


ALL_TRUSTS_ABOVE = 500   # boards: above this, one national walk beats one walk per board


@paused_gc()  # national: seats by the hundred thousand (graphmodel.gc_pause)
def interlocks(graph, la: str | None = None, group: str | None = None,
               min_confidence: float | None = None, top: int | None = None,
               as_of: str | None = None) -> Report:
    """People on more than one board (seats holding on the date), and the boards and trusts
    they link."""
    boards = scope(graph, la, group)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="govgraph-trusts") as pool:
        # Nationally, the server walks every trust's boards while the seats are read and
        # counted here (0.09 s of about 1 s on the national register: benchmarks/README.md).
        all_trusts = pool.submit(Q.run, graph, "interlocks_all_trusts", {}) \
            if boards is None else None
        people, links = people_and_links(graph, boards, min_confidence, as_of)
        board_keys = sorted({k for lk in links for k in (lk["board_a"], lk["board_b"])})
        trusts = trusts_of(graph, board_keys, all_trusts)
    rows = []
    for p in people[:top] if top else people:
        rows.append({"kind": "person", "name": p["person"], "key": p["person_key"],
                     "boards": p["boards"], "links": _trim(p["board_names"]),
                     "roles": p["roles"], "gids": p["gids"],
                     "confidence": round(p["confidence"], 4)})
    trust_of, names = {}, {}
    for r in trusts:
        trust_of[r["board"]] = r["trust"] or r["board"]
        if r["trust"]:
            names[r["trust"]] = r["trust_name"]
    trust_links: dict[tuple, dict] = {}
    for lk in links:
        a = trust_of.get(lk["board_a"], lk["board_a"])
        b = trust_of.get(lk["board_b"], lk["board_b"])
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        t = trust_links.setdefault(key, {"people": set(), "confidence": 1.0})
        t["people"].update(lk["person_keys"])
        t["confidence"] = min(t["confidence"], lk["confidence"])
    degree: Counter = Counter()
    for (a, b), t in trust_links.items():
        degree[a] += 1
        degree[b] += 1
    for lk in links:
        names.setdefault(lk["board_a"], lk["board_a_name"])
        names.setdefault(lk["board_b"], lk["board_b_name"])
    linked: dict[str, list] = defaultdict(list)
    for (a, b), t in trust_links.items():
        linked[a].append((b, len(t["people"]), t["confidence"]))
        linked[b].append((a, len(t["people"]), t["confidence"]))
    ranked = sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))
    for key, d in ranked[:top] if top else ranked:
        others = sorted(linked[key], key=lambda x: (-x[1], x[0]))
        rows.append({"kind": "board", "name": names.get(key, key), "key": key, "boards": d,
                     "links": _trim(f"{names.get(o, o)} ({n})" for o, n, _ in others),
                     "roles": [], "gids": [],
                     "confidence": round(min(c for _, _, c in others), 4)})
    notes = [f"{len(people)} people on more than one board; {len(trust_links)} links between "
             "trusts or boards of different trusts through shared people",
             *([f"listed: the {min(top, len(people))} most connected of {len(people)} people "
                f"and the {min(top, len(ranked))} most connected of {len(ranked)} boards or "
                "trusts (top)"] if top and (len(people) > top or len(ranked) > top) else []),
             "boards: a trust's board and its members count apart; a board's academies' local "
             "governing bodies belong to its trust; only voting seats count",
             "confidence: the weakest resolution link behind the row (docs/people.md)"]
    return Report("Who sits on more than one board, and which boards and trusts do they link?",
                  ["kind", "name", "boards", "links", "roles", "gids", "confidence"], rows,
                  [r["key"] for r in rows], notes)


def brokers(graph, la: str | None = None, group: str | None = None,
            min_confidence: float | None = None, top: int = 10,
            as_of: str | None = None) -> Report:
    """Betweenness on the resolved register network: people linking boards
    (analysis.centrality, the definition report brokers uses)."""
    people = people_and_links(graph, scope(graph, la, group), min_confidence, as_of)[0]
    if not people:
        return Report("Which register people and boards broker between the others?",
                      ["node"], [])
    bc = betweenness((p["person_key"], b) for p in people for b in p["board_keys"])
    ranked = bc.ranked(top)
    label = _labels(graph, {p["person_key"]: p["person"] for p in people},
                    [r["key"] for r in ranked], as_of)
    rows = [{"node": label[r["key"]][0], "kind": label[r["key"]][1], **r} for r in ranked]
    notes = ["network: people on more than one board and those boards (the register, resolved); "
             "a trust's members count as a board of their own, '(members)'",
             *bc.notes(rows)]
    return Report("Which register people and boards broker between the others (betweenness)?",
                  ["node", "kind", "betweenness", "margin", "rank", "degree"], rows,
                  [r["key"] for r in rows], notes)


def _labels(graph, people: dict[str, str], keys: list[str], as_of) -> dict[str, tuple]:
    """(name, kind) of each node of the register network: a person, a board (named by the
    store, not by the order of a person's seats), or a trust's members ('#members')."""
    bases = sorted({k.removesuffix(MEMBERS) for k in keys if k not in people})
    names = {r["board"]: r["board_name"] for r in Q.run(
        graph, "board_checks_boards", {"keys": bases, "as_of": as_of})} if bases else {}
    out = {}
    for k in keys:
        if k in people:
            out[k] = (people[k], "Person")
        else:
            base = k.removesuffix(MEMBERS)
            name = names.get(base) or base
            out[k] = (f"{name} (members)" if k != base else name, "Body")
    return out


@paused_gc()  # national: seats by the hundred thousand (graphmodel.gc_pause)
def representation(graph, la: str | None = None, group: str | None = None,
                   by: str = "authority", as_of: str | None = None) -> Report:
    """Seats holding on the date by constituency group (as the case studies) and by place,
    per unit. Each seat's constituency and vote are the governance load's own
    (loaders/gias_gov.constituency_of, from its role and appointment)."""
    names, seats, packed = seats_by_board(graph, scope(graph, la, group))
    day = as_of or "now"
    current = {b: held for b, ss in seats.items() if (held := holding(ss, day))}
    unit_of = _units(graph, by, set(current))
    # (role, appointment) -> (votes, constituency group, place): a few hundred pairs
    kinds: dict[tuple[str, str], tuple[bool, str, str]] = {}
    units: dict[str, Counter] = defaultdict(Counter)
    unit_names: dict[str, str] = {}
    role_and_appointment = itemgetter(2, 3)
    for board in sorted(current):
        seated = Counter(map(role_and_appointment, current[board]))
        for unit, uname in unit_of.get(board) or [(board, names.get(board, board))]:
            unit_names[unit] = uname
            c = units[unit]
            for (role, app), n in seated.items():
                kind = kinds.get((role, app))
                if kind is None:
                    constituency, voting = constituency_of(role, app)
                    kind = kinds[(role, app)] = (voting, M.constituency_group(constituency),
                                                 place_of(app))
                c["seats"] += n
                if kind[0]:   # officers attend without a vote (loaders/gias_gov.py)
                    c["vote:" + kind[1]] += n
                    c["place:" + kind[2]] += n
    out = []
    for unit in sorted(units, key=lambda u: (-units[u]["seats"], u)):
        c = units[unit]
        voting = c["vote:professional"] + c["vote:governor"] + c["vote:other"]
        row = {"unit": unit_names.get(unit, unit), "key": unit, "seats": c["seats"],
               "voting": voting, "professionals_voting": c["vote:professional"],
               "governors_voting": c["vote:governor"], "non_voting": c["seats"] - voting,
               "governor_share": M.share(c["vote:governor"], voting),
               "verdict": M.governor_verdict(c["vote:governor"], voting)}
        for p in ("parent", "staff", "local_authority", "foundation", "co_opted"):
            row[f"{p}_share"] = M.share(c["place:" + p], voting)
        out.append(row)
    cols = ["unit", "seats", "voting", "professionals_voting", "governors_voting", "non_voting",
            "governor_share", "verdict", "parent_share", "staff_share", "local_authority_share",
            "foundation_share", "co_opted_share"]
    return Report(f"How do register seats divide between professionals and governors, and between "
                  f"parent, staff, LA, foundation and co-opted places (by {by})?", cols, out,
                  sorted(current),   # the boards whose seats are counted: --sources cites them
                  ["groups and verdicts as analysis.measures defines them for the case studies: "
                   "professionals are headteachers (ex officio) and staff governors; officers "
                   "(accounting officer, finance officer, governance professional) do not vote; "
                   "shares are of voting seats holding " + (f"on {as_of}" if as_of else
                   "now (terms the extract shows ended are left out)"),
                   *([] if packed or not seats else [NOT_PACKED])])


UNITS = {
    "authority": ("UNWIND $rows AS k MATCH (b:Body {key: k})-[:GOVERNS*0..1]->()-[:IN_AREA]->"
                  "(a:LocalAuthority) RETURN DISTINCT k AS board, a.key AS unit, a.name AS name"),
    "trust": ("UNWIND $rows AS k MATCH (b:Body {key: k}) "
              "OPTIONAL MATCH (b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(t:Trust) "
              "RETURN DISTINCT k AS board, coalesce(t.key, k) AS unit, "
              "coalesce(t.name, b.name) AS name"),
}


def _units(graph, by: str, boards: set[str]) -> dict[str, list[tuple[str, str]]]:
    if by == "national":
        return {b: [("england", "England (all loaded register boards)")] for b in boards}
    if by == "board":
        return {}
    if by not in UNITS:
        raise NotInStore(f"--by must be one of board, trust, authority, national; got {by!r}")
    out: dict[str, list] = defaultdict(list)
    rows = sorted(boards)
    for i in range(0, len(rows), 20000):
        for r in graph.read(UNITS[by], {"rows": rows[i:i + 20000]}):
            out[r["board"]].append((r["unit"], r["name"]))
    return out


__all__ = ["NotInStore", "PLACE_OF_APPOINTMENT", "brokers", "filters", "interlocks",
           "people_and_links", "place_of", "representation", "scope", "trusts_of"]
