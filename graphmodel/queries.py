"""Named questions: the .cypher files of the `cypher` package, with their headers.

Each file starts with `//` header lines:

    // name: members_by_constituency
    // question: Who sits on a body, by constituency, and who votes?
    // params: body (string): key of the body
    // returns: constituency, voting, members, people

The runner checks that the declared parameters are exactly the `$params` of the body, that a
caller passes every declared parameter and no other, and converts `k=v` text to the declared
type. Only named queries run: the command line never executes Cypher text from a user.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .exc import QueryError  # re-exported: defined in exc

PARAM_TYPES = ("string", "integer", "float", "boolean", "list")
_HEADER = re.compile(r"^//\s*(name|question|params|returns|sources)\s*:\s*(.*)$")
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


@dataclass(frozen=True)
class Query:
    name: str
    question: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    text: str
    filename: str

    def body_params(self) -> set[str]:
        """The $parameters the Cypher body uses (outside comments and string literals)."""
        body = _STRING.sub("''", _COMMENT.sub("", self.text))
        return set(_PARAM_USE.findall(body))

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Check and convert caller parameters; text values are parsed to the declared type."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"declared: {', '.join(declared) or 'none'}")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name not in given or given[p.name] is None:
                if not p.optional:
                    raise QueryError(f"{self.name}: missing parameter {p.name} ({p.type})")
                out[p.name] = None
                continue
            out[p.name] = convert(self.name, p, given[p.name])
        return out


def convert(query: str, p: Param, value: Any) -> Any:
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
    q = Query(fields["name"], fields["question"], tuple(params),
              tuple(c.strip() for c in fields["returns"].split(",") if c.strip()), text, filename)
    declared = {p.name for p in q.params}
    used = q.body_params()
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
    out: dict[str, Query] = {}
    for entry in sorted(resources.files("cypher").iterdir(), key=lambda e: e.name):
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


def run(graph, name: str, params: dict[str, Any] | None = None) -> list[dict]:
    """Run a named query on a Graph, read-only, with checked parameters."""
    q = get(name)
    return graph.read(q.text, q.bind(params or {}))
