"""Named questions: the .cypher files of the `cypher` package, with their headers.

Each file starts with `//` header lines:

    // name: members_by_constituency
    // question: Who sits on a body, by constituency, and who votes?
    // params: body (body): the body
    // returns: constituency, voting, members, people
    // empty: nobody is recorded as sitting on {body}      (optional: what an empty answer means)
    // internal: true                                     (optional: a helper, not a research question)

The runner checks that the declared parameters are exactly the `$params` of the body, that a
caller passes every declared parameter and no other, and converts `k=v` text to the declared
type. A parameter whose type is a kind of node (authority, body, person, school, cluster) takes a
key or a name and is resolved to the one matching key before the question runs (graphmodel.names),
so questions compare keys only. Only named queries run: the command line never executes Cypher
text from a user.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import names as N
from .exc import QueryError  # re-exported: defined in exc

VALUE_TYPES = ("string", "integer", "float", "boolean", "list", "date")
PARAM_TYPES = VALUE_TYPES + N.KIND_NAMES
_HEADER = re.compile(r"^//\s*(name|question|params|returns|sources|empty|internal)\s*:\s*(.*)$")
_PARAM_DECL = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*\((\w+)(?:\s*,\s*optional)?\)\s*:?\s*(.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    optional: bool = False


# Standard parameters: every question takes them without declaring them (docs/time.md).
AS_OF = Param("as_of", "date", "answer as of this date (YYYY-MM-DD); null: now, the facts that "
              "have not ended (docs/time.md)", optional=True)
STANDARD = (AS_OF,)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The only ways a question may use $as_of (tests/test_time.py lints cypher/ for them), with {v}
# the variable. ISO dates compare as strings; a null $as_of reads as 'now', which sorts after
# every date and before 'open', the missing end: so null keeps the facts that have not ended.
# A fact (a relationship with start and end) holds on a date when it had begun and not ended:
VALID_FACT = ("coalesce({v}.start, '') <= coalesce($as_of, 'now') "
              "AND coalesce($as_of, 'now') < coalesce({v}.end, 'open')")
# A body exists from its proposal (or establishment) until it closed or was dissolved:
VALID_BODY = ("coalesce({v}.proposed, {v}.established, '') <= coalesce($as_of, 'now') "
              "AND coalesce($as_of, 'now') < coalesce({v}.close_date, 'open')")
# ...and its status on the date: proposed until established, then active:
STATUS_AS_OF = ("CASE WHEN $as_of IS NULL OR coalesce({v}.proposed, {v}.established) IS NULL "
                "THEN {v}.status WHEN {v}.established <= $as_of THEN 'active' "
                "ELSE 'proposed' END")
# Any node (a body, a school, an assessment) exists from its proposal, establishment, opening or
# date until its close date; a node with none of them (a person, a place) on every date:
VALID_NODE = ("coalesce({v}.proposed, {v}.established, {v}.open_date, {v}.date, '') <= "
              "coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce({v}.close_date, 'open')")
TIME_FORMS = (VALID_FACT, VALID_BODY, STATUS_AS_OF, VALID_NODE)


def as_of_date(value: Any, where: str = "as_of") -> str | None:
    """A date given as YYYY-MM-DD (or a date), checked; None stays None (now). Never guessed:
    anything else is a QueryError naming where it came from."""
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise QueryError(f"{where} must be a date written YYYY-MM-DD, got {value!r}") from None


@dataclass(frozen=True)
class Query:
    name: str
    question: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    text: str
    filename: str
    empty: str | None = None  # what an empty answer means, with {param} placeholders
    internal: bool = False  # a helper of reports or pages, not listed as a research question

    @property
    def time_aware(self) -> bool:
        """Whether the question answers as of a date (its body uses $as_of)."""
        return AS_OF.name in self.body_params()

    @property
    def all_params(self) -> tuple[Param, ...]:
        """The declared parameters and the standard ones."""
        return self.params + STANDARD

    def body_params(self) -> set[str]:
        """The $parameters the Cypher body uses (outside comments and string literals)."""
        body = _STRING.sub("''", _COMMENT.sub("", self.text))
        return set(_PARAM_USE.findall(body))

    def bind(self, given: dict[str, Any], graph=None) -> dict[str, Any]:
        """Check and convert caller parameters; text values are parsed to the declared type.

        With a graph, names of authorities, bodies, people, schools and clusters are resolved
        to their keys (NotFound or Ambiguous when they name none or several)."""
        return self.resolve(given, graph)[0]

    def resolve(self, given: dict[str, Any], graph=None) -> tuple[dict[str, Any], dict]:
        """bind(), plus the node each kind-typed parameter resolved to (for messages)."""
        declared = {p.name: p for p in self.all_params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"declared: {', '.join(declared) or 'none'}")
        out: dict[str, Any] = {}
        as_of = as_of_date(given.get(AS_OF.name), f"{self.name}: parameter as_of")
        if as_of is not None and not self.time_aware:
            raise QueryError(f"{self.name} does not answer as of a date yet: it counts every "
                             "fact the store holds; leave out as_of (docs/time.md lists the "
                             "questions that take it)")
        if self.time_aware:
            out[AS_OF.name] = as_of
        for p in self.params:
            if p.name not in given or given[p.name] is None:
                if not p.optional:
                    raise QueryError(f"{self.name}: missing parameter {p.name} ({p.type})")
                out[p.name] = None
                continue
            out[p.name] = convert(self.name, p, given[p.name])
        found: dict[str, N.Match] = {}
        for p in self.params:
            if p.type in N.KIND_NAMES and out[p.name] is not None:
                if not isinstance(out[p.name], str):
                    raise QueryError(f"{self.name}: parameter {p.name} must be a key or name, "
                                     f"got {type(out[p.name]).__name__}")
                if graph is not None:
                    found[p.name] = N.resolve(graph, p.type, out[p.name], p.name)
                    out[p.name] = found[p.name].key
                elif not out[p.name].strip():
                    raise QueryError(f"{self.name}: {p.name} is empty; give a key or name, or "
                                     "leave it out" + (" for all" if p.optional else ""))
        return out, found

    def empty_text(self, graph, bound: dict[str, Any], found: dict) -> str:
        """One line saying what an empty answer means: the header's `empty:` with the names of
        what was asked about, else a generic line naming them."""
        shown = {}
        model_kinds = N.kinds(graph.model) if graph is not None else {}
        for p in self.params:
            if p.name in found:
                shown[p.name] = found[p.name].name or found[p.name].key
            elif bound.get(p.name) is None and p.type in model_kinds:
                shown[p.name] = model_kinds[p.type].everything
            else:
                shown[p.name] = "" if bound.get(p.name) is None else str(bound[p.name])
        if self.empty:
            return "no rows: " + self.empty.format_map(_Missing(shown))
        asked = [f"{p.name}={shown[p.name]}" for p in self.params if bound.get(p.name) is not None]
        return ("no rows: nothing in the store answers this question"
                + (f" for {', '.join(asked)}" if asked else ""))


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class Answer:
    """A question's rows, with what its parameters resolved to and what an empty answer means."""

    query: Query
    params: dict[str, Any]
    rows: list[dict]
    empty: str


def convert(query: str, p: Param, value: Any) -> Any:
    if p.type == "date":
        return as_of_date(value, f"{query}: parameter {p.name}")
    if not isinstance(value, str):
        return value
    try:
        if p.type == "integer":
            return int(value)
        if p.type == "float":
            return float(value)
        if p.type == "boolean":
            if value.lower() in ("true", "yes", "1"):
                return True
            if value.lower() in ("false", "no", "0"):
                return False
            raise ValueError(value)
        if p.type == "list":
            return [v.strip() for v in value.split(",") if v.strip()]
        if p.type == "date":
            return as_of_date(value, f"{query}: parameter {p.name}")
    except ValueError:
        raise QueryError(f"{query}: parameter {p.name} must be {p.type}, got {value!r}") from None
    return value


def parse(text: str, filename: str) -> Query:
    fields: dict[str, str] = {}
    params: list[Param] = []
    in_params = False
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        m = _HEADER.match(line)
        if m:
            key, val = m.group(1), m.group(2).strip()
            in_params = key == "params"
            if key == "params":
                if val and val.lower() != "none":
                    params.append(_param(filename, val))
            else:
                fields[key] = val
        elif in_params and line[2:].strip():
            params.append(_param(filename, line[2:].strip()))
    for required in ("name", "question", "returns"):
        if not fields.get(required):
            raise QueryError(f"{filename}: header lacks '// {required}:'")
    internal = fields.get("internal", "false").lower()
    if internal not in ("true", "false"):
        raise QueryError(f"{filename}: '// internal:' must be true or false, got {internal!r}")
    q = Query(fields["name"], fields["question"], tuple(params),
              tuple(c.strip() for c in fields["returns"].split(",") if c.strip()), text, filename,
              fields.get("empty") or None, internal == "true")
    if q.empty:
        unknown = set(re.findall(r"\{(\w+)\}", q.empty)) - {p.name for p in q.params}
        if unknown:
            raise QueryError(f"{filename}: '// empty:' names {sorted(unknown)}, which are not "
                             "parameters")
    declared = {p.name for p in q.params}
    standard = {p.name for p in STANDARD}
    if declared & standard:
        raise QueryError(f"{filename}: {sorted(declared & standard)} are standard parameters "
                         "of every question: use them without declaring them")
    used = q.body_params() - standard
    if declared != used:
        raise QueryError(f"{filename}: declared params {sorted(declared)} but the body uses "
                         f"{sorted(used)}")
    return q


def _param(filename: str, text: str) -> Param:
    m = _PARAM_DECL.match(text)
    if not m or m.group(2) not in PARAM_TYPES:
        raise QueryError(f"{filename}: bad parameter declaration {text!r}; "
                         f"write 'name (type): description' with type one of {PARAM_TYPES}")
    return Param(m.group(1), m.group(2), m.group(3).strip(), ", optional" in text.split(")")[0])


@lru_cache(maxsize=1)
def library() -> dict[str, Query]:
    """Every named query shipped in the `cypher` package, by name."""
    import cypher   # the package's folder (importlib.resources cost 10 ms of every command)

    out: dict[str, Query] = {}
    for entry in sorted(Path(cypher.__file__).parent.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            q = parse(entry.read_text(encoding="utf-8"), entry.name)
            if q.name in out:
                raise QueryError(f"{entry.name}: query name {q.name} already used by "
                                 f"{out[q.name].filename}")
            if q.name != entry.name[:-len(".cypher")]:
                raise QueryError(f"{entry.name}: name {q.name!r} must match the file name")
            out[q.name] = q
    return out


def get(name: str) -> Query:
    lib = library()
    if name not in lib:
        raise QueryError(f"no query named {name!r}; `govgraph queries` lists them")
    return lib[name]


def answer(graph, name: str, params: dict[str, Any] | None = None) -> Answer:
    """Run a named question read-only: check parameters, resolve names to keys, run it once."""
    q = get(name)
    bound, found = q.resolve(params or {}, graph)
    rows = graph.read(q.text, bound)
    return Answer(q, bound, rows, "" if rows else q.empty_text(graph, bound, found))


def run(graph, name: str, params: dict[str, Any] | None = None) -> list[dict]:
    """Run a named question on a Graph, read-only, with checked parameters; the rows."""
    return answer(graph, name, params).rows


def questions(include_internal: bool = False) -> list[Query]:
    """The research questions (and, when asked, the internal helpers), by name."""
    return [q for q in library().values() if include_internal or not q.internal]
