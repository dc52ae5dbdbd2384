"""Lint for the FalkorDB parallel-edge trap: no question counts rows of an unchecked edge.

FalkorDB only checks that a relationship exists when its pattern has no variable, or a variable
used nowhere else: with two MEMBER_OF edges between the same two nodes,
`MATCH (p)-[:MEMBER_OF]->(b) RETURN count(b)` gives 1 there and 2 on Neo4j
(../shared/docs/cypher-dialect.md, "Traps"). The rule, per query part (UNION branch):

    a relationship pattern in a MATCH or OPTIONAL MATCH whose type may be parallel (the schema
    gives it `merge_on`, so the writer keeps one edge per distinct value; or it has no type at
    all) and which has no variable, or a variable (or path variable) used nowhere else,
    must have its rows made distinct before anything depends on how many there are: the next
    WITH/RETURN must be DISTINCT, or aggregate only with DISTINCT (or min/max); a final
    RETURN under a plain UNION is distinct too.

Pattern comprehensions and pattern predicates are not MATCH clauses: they count every edge on
both engines (tests/test_differential.py checks all questions on both, with parallel edges).
The rule is wider than the trap's exact edges, which are irregular (falkordblite 0.11.0,
measured here): with `[e:MEMBER_OF]` and e unused, count(b) gives 1 but count(*) 2; a
variable-length `[:ACCOUNTABLE_TO*1..1]` returns one row for two edges; a path variable that
is used (count(p), relationships(p)) sees both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from graphmodel import default_model
from graphmodel import queries as Q

_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_CLAUSE = re.compile(r"\b(OPTIONAL\s+MATCH|MATCH|WITH|RETURN|UNWIND|CALL|UNION(?:\s+ALL)?|"
                     r"ORDER\s+BY|CREATE|MERGE|SET|DELETE|DETACH)\b", re.I)
_REL = re.compile(r"<?-\s*\[([^\]]*)\]\s*->?|(?<=\))\s*<?--+>?\s*(?=\()")
_REL_BODY = re.compile(r"^\s*([A-Za-z_]\w*)?\s*(?::\s*([A-Z_|:\s]+?))?\s*(\*[\d.\s]*)?\s*"
                       r"(\{.*\})?\s*$", re.S)
_WHERE = re.compile(r"\bWHERE\b", re.I)
_PATH_VAR = re.compile(r"\b([A-Za-z_]\w*)\s*=\s*\(")
_AGG = re.compile(r"\b(count|collect|sum|avg|min|max|stDev|stDevP|percentileCont|"
                  r"percentileDisc)\s*\(\s*(DISTINCT\b)?", re.I)


@dataclass(frozen=True)
class Finding:
    line: int
    pattern: str
    why: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.pattern}: {self.why}"


def parallel_types(model=None) -> set[str]:
    """Relationship types of which the writer may keep several edges between two nodes."""
    model = model or default_model()
    return {name for name, r in model.relationships.items() if r.merge_on}


def _blank(text: str) -> str:
    """Comments and string literals blanked out, keeping every offset (for line numbers)."""
    def keep(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))
    return _STRING.sub(keep, _COMMENT.sub(keep, text))


def _clauses(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(keyword, start, end) of each clause in text[start:end]; keyword upper-cased, one space."""
    marks = [(re.sub(r"\s+", " ", m.group(1).upper()), m.start())
             for m in _CLAUSE.finditer(text, start, end)]
    return [(kw, s, marks[i + 1][1] if i + 1 < len(marks) else end)
            for i, (kw, s) in enumerate(marks)]


def _uses(text: str, name: str, start: int, end: int, skip: tuple[int, int]) -> bool:
    """True if `name` occurs as an identifier in text[start:end] outside text[skip]."""
    for m in re.finditer(rf"(?<![\w.$]){re.escape(name)}\b", text[start:end]):
        pos = start + m.start()
        if not skip[0] <= pos < skip[1]:
            return True
    return False


def _projection_safe(body: str) -> bool | None:
    """True: rows made distinct here; False: multiplicity matters here; None: passed on."""
    head = body.split(None, 1)
    keyword, rest = head[0].upper(), (head[1] if len(head) > 1 else "")
    if re.match(r"\s*DISTINCT\b", rest, re.I):
        return True
    aggs = _AGG.findall(rest)
    if aggs:
        return all(distinct or fn.lower() in ("min", "max") for fn, distinct in aggs)
    return None if keyword == "WITH" else False


def _rel_parts(rel: re.Match) -> tuple[str | None, set[str]] | None:
    """(variable or None, types) of a relationship pattern; None if not understood."""
    inner = rel.group(1)
    if inner is None:  # -->, <--, --: no variable, no type
        return None, set()
    m = _REL_BODY.match(inner)
    if not m:
        return None  # not a pattern this lint understands
    return m.group(1), {t.strip(" :") for t in (m.group(2) or "").split("|") if t.strip(" :")}


def _rows_counted(body: str, clauses, i: int, distinct_union: bool) -> bool:
    """Whether anything after clause i depends on how many rows it gave."""
    for kw, start, end in clauses[i + 1:]:
        if kw in ("WITH", "RETURN"):
            verdict = _projection_safe(body[start:end])
            if kw == "RETURN" and verdict is False and distinct_union:
                return False  # UNION (without ALL) removes duplicate rows
            if verdict is not None:
                return not verdict
    return False


def lint(text: str, parallel: set[str] | None = None) -> list[Finding]:
    """Every parallel-edge counting pattern in one Cypher text."""
    parallel = parallel_types() if parallel is None else parallel
    body = _blank(text)
    parts, start = [], 0
    for m in re.finditer(r"\bUNION(\s+ALL)?\b", body, re.I):
        parts.append((start, m.start(), not m.group(1)))
        start = m.end()
    parts.append((start, len(body), bool(parts) and parts[-1][2]))
    findings = []
    for p_start, p_end, distinct_union in parts:
        clauses = _clauses(body, p_start, p_end)
        for i, (kw, c_start, c_end) in enumerate(clauses):
            if kw not in ("MATCH", "OPTIONAL MATCH"):
                continue
            where = _WHERE.search(body, c_start, c_end)  # a WHERE's patterns test existence only
            pattern_end = where.start() if where else c_end
            paths = [(m.group(1), m.start(1))
                     for m in _PATH_VAR.finditer(body, c_start, pattern_end)]
            for rel in _REL.finditer(body, c_start, pattern_end):
                understood = _rel_parts(rel)
                if understood is None:
                    continue
                var, types = understood
                if types and not types & parallel:
                    continue  # one edge at most per pair and type: nothing to miscount
                if var and _uses(body, var, p_start, p_end, (rel.start(), rel.end())):
                    continue
                path = [name for name, pos in paths if pos < rel.start()]
                if path and _uses(body, path[-1], p_start, p_end, (c_start, c_end)):
                    continue  # a path variable used later references its relationships
                if not _rows_counted(body, clauses, i, distinct_union):
                    continue
                what = (f"[{var}:...] with {var} used nowhere else" if var else
                        "a relationship without a variable")
                findings.append(Finding(
                    body.count("\n", 0, rel.start()) + 1, text[rel.start():rel.end()].strip(),
                    f"{what} of a type that may be parallel "
                    f"({', '.join(sorted(types)) or 'any type'}), and its rows are counted "
                    "or returned: FalkorDB sees parallel edges once, Neo4j each. Name it "
                    "and use it (count(m), m.prop), count DISTINCT, or use a pattern "
                    "comprehension"))
    return findings


# --- the rule on examples -------------------------------------------------------------------

BAD = {
    "no variable, count": "MATCH (a:Person)-[:MEMBER_OF]->(b:Body) RETURN count(b) AS n",
    "unused variable": "MATCH (a:Person)-[e:MEMBER_OF]->(b:Body) RETURN b.key, count(*) AS n",
    "counted later": "MATCH (b:Body) OPTIONAL MATCH (b)-[:ACCOUNTABLE_TO]->(h) "
                     "WITH b, h WITH b, collect(h.key) AS hs RETURN b.key, size(hs) AS n",
    "rows returned": "MATCH (a:Person)-[:MEMBER_OF]->(b:Body) RETURN a.key, b.key",
    "untyped": "MATCH (b:Body)-[]->(x) RETURN b.key, count(x) AS n",
    "arrow without brackets": "MATCH (b:Body)-->(x) RETURN count(x) AS n",
    "sum": "MATCH (p:Person)-[:MEMBER_OF]->(b) WITH b, sum(1) AS n RETURN b.key, n",
    "union all": "MATCH (a:Person)-[:MEMBER_OF]->(b) RETURN b.key AS k "
                 "UNION ALL MATCH (b:Body) RETURN b.key AS k",
}
GOOD = {
    "variable counted": "MATCH (a:Person)-[e:MEMBER_OF]->(b:Body) RETURN count(e) AS n",
    "variable used": "MATCH (a:Person)-[e:MEMBER_OF]->(b:Body) WHERE e.voting "
                     "RETURN count(b) AS n",
    "count distinct": "MATCH (a:Person)-[:MEMBER_OF]->(b:Body) RETURN count(DISTINCT a) AS n",
    "return distinct": "MATCH (a:Person)-[:MEMBER_OF]->(b:Body) RETURN DISTINCT a.key",
    "with distinct": "MATCH (a:Person)-[:MEMBER_OF]->(b:Body) WITH DISTINCT a "
                     "RETURN count(a) AS n",
    "comprehension": "MATCH (b:Body) RETURN size([(b)<-[:MEMBER_OF]-(p) | p]) AS n",
    "never parallel": "MATCH (b:Body)-[:IN_AREA]->(a:Area) RETURN count(b) AS n",
    "predicate": "MATCH (h:Body) WHERE NOT (h)-[:ACCOUNTABLE_TO]->() RETURN count(h) AS n",
    "path used": "MATCH p = (b:Body)-[:ACCOUNTABLE_TO*1..2]->(h) "
                 "RETURN count(p) AS n, [r IN relationships(p) | r.basis] AS bases",
    "union": "MATCH (a:Person)-[:MEMBER_OF]->(b) RETURN b.key AS k "
             "UNION MATCH (b:Body) RETURN b.key AS k",
    "min max": "MATCH (a:Person)-[:MEMBER_OF]->(b:Body) RETURN b.key, min(a.key), max(a.key)",
    "in a string": "MATCH (b:Body) WHERE b.note = '(a)-[:MEMBER_OF]->(b)' RETURN count(b)",
}


def test_parallel_types_come_from_the_schema():
    assert {"MEMBER_OF", "ACCOUNTABLE_TO"} <= parallel_types()
    assert "IN_AREA" not in parallel_types()


@pytest.mark.parametrize("name", sorted(BAD))
def test_rule_catches_the_trap(name):
    found = lint(BAD[name])
    assert len(found) == 1, (name, found)
    assert "FalkorDB sees parallel edges once" in found[0].why


@pytest.mark.parametrize("name", sorted(GOOD))
def test_rule_passes_safe_forms(name):
    assert lint(GOOD[name]) == [], name


def test_finding_names_the_line():
    text = "// name: x\nMATCH (b:Body)\nOPTIONAL MATCH (b)<-[:MEMBER_OF]-(p)\nRETURN count(p)"
    found = lint(text)
    assert [f.line for f in found] == [3] and found[0].pattern == "<-[:MEMBER_OF]-"


@pytest.mark.parametrize("name", sorted(Q.library()))
def test_question_has_no_parallel_edge_counting(name):
    q = Q.get(name)
    found = lint(q.text)
    assert not found, f"cypher/{q.filename}:\n" + "\n".join(map(str, found))


# -- the first item of an unordered list ---------------------------------------------------------
# collect() and pattern comprehensions have no defined order, and the two engines give different
# ones: head() of either picks a different row per engine (representation and decision_power
# named different localities for a cluster in two: tests/test_differential.py). Pick by a key
# instead, as viz_map_schools does (the candidate with the smallest key). head() of a path's
# nodes is ordered and stays allowed.
UNORDERED_HEAD = re.compile(r"\bhead\(\s*(?:collect\s*\(|\[\s*\()", re.I)


def unordered_heads(text: str) -> list[int]:
    """Lines that take head() of collect() or of a pattern comprehension."""
    plain = _STRING.sub("''", _COMMENT.sub("", text))
    return [plain.count("\n", 0, m.start()) + 1 for m in UNORDERED_HEAD.finditer(plain)]


@pytest.mark.parametrize("text", [
    "MATCH (a:Area) OPTIONAL MATCH (a)-[:PART_OF]->(l:Locality) RETURN head(collect(l.name))",
    "MATCH (a:Area)\nRETURN head([(a)-[:PART_OF]->(l:Locality) | l.name]) AS locality",
])
def test_unordered_head_rule_catches(text):
    assert len(unordered_heads(text)) == 1


def test_unordered_head_rule_passes_ordered_forms():
    assert unordered_heads("MATCH p = (a:Area)-[:PART_OF*]->(s) "
                           "RETURN head([n IN nodes(p) WHERE n:Locality | n.name])") == []
    assert unordered_heads("// head(collect(x))\nRETURN 'head(collect(x))'") == []


@pytest.mark.parametrize("name", sorted(Q.library()))
def test_question_takes_no_head_of_an_unordered_list(name):
    q = Q.get(name)
    assert not unordered_heads(q.text), f"cypher/{q.filename} lines {unordered_heads(q.text)}"
