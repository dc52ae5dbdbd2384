"""Names to keys: what a user types for an authority, body, person, school or cluster, resolved
once, in Python, before a question runs.

A question declares the kind of a parameter (`// params: la (authority, optional): ...`) and
then compares keys only (`$la IS NULL OR s.key = $la`); the runner calls resolve() first. A user
may give the key, a name (case-insensitive), a DfE code (authorities) or a URN (schools):

- one node matches: its key;
- several match: Ambiguous, listing each candidate's key and name so the user can choose;
- none matches: NotFound, suggesting the closest existing keys and names (rapidfuzz).

Exact keys, DfE codes and URNs are looked up through the indexes; only a miss scans the names.
Labels come from the schema; the user's text goes into Cypher only as a $parameter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .exc import Ambiguous, NotFound
from .model import Model

SUGGEST = 5  # closest keys and names shown when nothing matches
SHOW_CANDIDATES = 12  # candidates listed when a name is ambiguous
FETCH_ALL = 5000  # up to this many nodes of a kind, every key and name is compared
SIMILAR = 70  # rapidfuzz WRatio (0-100) from which a key or name is suggested


@dataclass(frozen=True)
class Kind:
    """What a parameter kind matches: which labels, and which extra indexed properties."""

    name: str
    noun: str  # for messages: "authority", "body", ...
    plural: str
    labels: tuple[str, ...]  # concrete labels (each has its own key index)
    by: str  # what the user may give, for messages
    code: bool = False  # LocalAuthority.code (DfE 3-digit code) also matches
    urn: bool = False  # School.urn also matches
    everything: str = "every authority"  # how an omitted optional parameter reads in a sentence


@dataclass(frozen=True)
class Match:
    key: str
    name: str | None
    label: str

    def __str__(self) -> str:
        return f'{self.key} "{self.name}" ({self.label})' if self.name else f"{self.key} ({self.label})"


def kinds(model: Model) -> dict[str, Kind]:
    """The parameter kinds, derived from the schema's labels and families."""
    def family(name: str) -> tuple[str, ...]:
        return tuple(sorted(l.name for l in model.labels.values() if l.family == name))

    assessed = tuple(sorted(set(family("Area")) | set(family("Body"))))
    return {
        "authority": Kind("authority", "authority", "authorities", tuple(model.members_of("Authority")),
                          "key, DfE code or name", code=True, everything="any authority"),
        "body": Kind("body", "body", "bodies", family("Body"), "key or name", everything="any body"),
        "person": Kind("person", "person or seat", "people or seats", ("Person",), "key or name",
                       everything="anyone"),
        "school": Kind("school", "school", "schools", ("School",), "key, URN or name", urn=True,
                       everything="any school"),
        "cluster": Kind("cluster", "cluster or body", "clusters or bodies", assessed, "key or name",
                        everything="any cluster"),
    }


KIND_NAMES = ("authority", "body", "person", "school", "cluster")


def _union(model: Model, parts: list[tuple[str, str, str]], limit: int | None = None) -> str:
    """One query over several (label, property map, WHERE) parts: labels only from the schema,
    values only as $parameters."""
    for label, _, _ in parts:
        model.label(label)  # raises InvalidValue for a name the schema does not know
    return "\nUNION ALL\n".join(
        f"MATCH (n:{label}{props}){' WHERE ' + where if where else ''} "
        f"RETURN n.key AS key, n.name AS name, '{label}' AS label"
        + (f" LIMIT {int(limit)}" if limit else "") for label, props, where in parts)


def _rows(graph, query: str, params: dict) -> list[Match]:
    seen: dict[str, Match] = {}
    for r in graph.read(query, params):
        seen.setdefault(r["key"], Match(r["key"], r["name"], r["label"]))
    return sorted(seen.values(), key=lambda m: m.key)


def lookup(graph, kind: Kind, value: str) -> list[Match]:
    """Every node of the kind that the text names: exact key, code or URN first, then names."""
    text = value.strip()
    exact = [(label, " {key: $v}", "") for label in kind.labels]  # through the key indexes
    params: dict = {"v": text}
    if kind.code:
        exact.append(("LocalAuthority", " {code: $v}", ""))
    if kind.urn and text.isdigit() and len(text) < 10:
        exact.append(("School", " {urn: $urn}", ""))
        params["urn"] = int(text)
    found = _rows(graph, _union(graph.model, exact), params)
    if found:
        return found
    # both sides through the engine's toLower: Python's lower() maps İ and a final Σ otherwise
    by_name = [(label, "", "toLower(n.key) = toLower($v) OR toLower(n.name) = toLower($v)")
               for label in kind.labels]
    return _rows(graph, _union(graph.model, by_name), {"v": text})


def suggestions(graph, kind: Kind, value: str, limit: int = SUGGEST) -> list[Match]:
    """The existing keys and names closest to what was typed (keys and names both compared)."""
    from rapidfuzz import fuzz, process, utils

    counts = graph.read(" UNION ALL ".join(f"MATCH (n:{label}) RETURN count(n) AS c"
                                           for label in kind.labels))
    if sum(r["c"] for r in counts) <= FETCH_ALL:
        every = _rows(graph, _union(graph.model, [(label, "", "") for label in kind.labels]), {})
    else:  # a national register: only nodes sharing the start of a word with the text
        stems = sorted({w[:3] for w in re.findall(r"\w+", value.lower()) if len(w) >= 3}) \
            or [value.strip().lower()]
        where = "any(t IN $stems WHERE toLower(n.name) CONTAINS t OR toLower(n.key) CONTAINS t)"
        every = _rows(graph, _union(graph.model, [(label, "", where) for label in kind.labels],
                                    limit=FETCH_ALL), {"stems": stems})
    choices: dict[int, str] = {}
    for i, m in enumerate(every):
        choices[2 * i] = m.key
        if m.name:
            choices[2 * i + 1] = m.name
    best: list[Match] = []
    for _, score, idx in process.extract(value, choices, scorer=fuzz.WRatio,
                                         processor=utils.default_process, limit=limit * 3,
                                         score_cutoff=SIMILAR):
        m = every[idx // 2]
        if m not in best:
            best.append(m)
    return best[:limit]


def resolve(graph, kind_name: str, value: str, param: str | None = None) -> Match:
    """The one node of this kind that value names, or Ambiguous / NotFound saying what to type."""
    kind = kinds(graph.model)[kind_name]
    what = f"{param}=" if param else ""
    if not value or not value.strip():
        raise NotFound(f"{what}{value!r}: give the {kind.noun}'s {kind.by}")
    found = lookup(graph, kind, value)
    if len(found) == 1:
        return found[0]
    if found:
        shown = [str(m) for m in found[:SHOW_CANDIDATES]]
        if len(found) > len(shown):
            shown.append(f"... and {len(found) - len(shown)} more")
        raise Ambiguous(f"{what}{value!r} names {len(found)} {kind.plural}; give one of their "
                        "keys:\n  " + "\n  ".join(shown), [m.key for m in found])
    close = suggestions(graph, kind, value)
    if close:
        hint = "; did you mean:\n  " + "\n  ".join(str(m) for m in close)
    elif kind_name == "authority":
        hint = "; nothing close (`govgraph query authorities` lists them)"
    else:
        hint = "; nothing close"
    raise NotFound(f"no {kind.noun} {value!r} in the store ({kind.by}){hint}",
                   [m.key for m in close])
