"""The research's findings (Finding nodes) with the live query result that supports each one.

A finding is data (loaders/cases/zz_findings.yaml): its paraphrase, source section and grade. A
numeric finding also names a question, parameters, result columns and row filters; the report
re-runs that question now, or as of a date (docs/time.md), so a reader sees whether the store
bears the finding out on that date and how well the facts behind that result are known (the
weakest evidence grade among them). A question that does not answer as of a date (the
self-evaluation framework, which has no dates) is run as the store holds it, and its support
says so.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphmodel import queries as Q

GRADES = ("documented", "inferred", "illustrative")  # strongest first
COLUMNS = ["finding", "kind", "statement", "support", "support_evidence", "evidence", "source",
           "section", "question", "finding_key"]
KEY_COLUMNS = ("body_key", "institution_key", "assessment_key")


@dataclass
class FindingsReport:
    question: str
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    empty: str = ""
    measure_columns: tuple[str, ...] = ("support",)  # the live result, marked with its grade

    def sources(self, graph=None) -> list[dict]:
        """The documents and sections the findings shown come from."""
        counts = Counter((r["source"], r["section"]) for r in self.rows)
        return [{"source": s, "source_ref": ref, "facts": n} for (s, ref), n in sorted(counts.items())]


def weakest(grades) -> str | None:
    present = [g for g in grades if g in GRADES]
    return max(present, key=GRADES.index) if present else None


def _pairs(items) -> dict[str, str]:
    out = {}
    for item in items or []:
        name, _, value = item.partition("=")
        out[name.strip()] = value.strip()
    return out


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "[" + "; ".join(map(str, value)) + "]"
    return "-" if value is None else str(value)


def support(graph, finding: dict, as_of: str | None = None) -> tuple[str, str | None]:
    """The supporting result as text (now, or as of a date), and the weakest grade of the
    facts it rests on."""
    if not finding["question"]:
        return "qualitative: reported by the source, no question computes it", None
    q = Q.get(finding["question"])
    dated = as_of is not None and q.time_aware
    rows = Q.run(graph, q.name, {**_pairs(finding["params"]), **({"as_of": as_of} if dated else {})})
    wanted = _pairs(finding["rows_where"])
    rows = [r for r in rows if all(_text(r.get(k)) == v for k, v in wanted.items())]
    when = f"as of {as_of}" if as_of else "now"
    if not rows:
        return f"no rows from {q.name} {when}: the store does not bear this out", None
    cols = finding["columns"] or [c for c in rows[0] if not c.endswith("_key")]
    text = " | ".join(", ".join(f"{c}={_text(r.get(c))}" for c in cols) for r in rows)
    if as_of is not None and not dated:
        text += f" ({q.name} has no dates: the same on every date)"
    keys = {r[c] for r in rows for c in KEY_COLUMNS if r.get(c)} or set(finding["concerns_keys"])
    graded = Q.run(graph, "finding_support", {"keys": sorted(keys), "as_of": as_of})
    return text, weakest(r["evidence"] for r in graded)


def findings(graph, la: str | None = None, as_of: str | None = None) -> FindingsReport:
    """Every finding (of one authority's bodies with la), with its live support and grades,
    now or as of a date (each supporting question answers as of it; docs/time.md)."""
    as_of = Q.as_of_date(as_of)
    answer = Q.answer(graph, "findings", {"la": la})
    rows = []
    for f in answer.rows:
        text, grade = support(graph, f, as_of)
        rows.append({"finding": f["finding"], "kind": f["kind"], "statement": f["statement"],
                     "support": text, "support_evidence": grade or "-",
                     "evidence": weakest([f["evidence"], grade]) or f["evidence"],
                     "source": f["source"], "section": f["source_ref"],
                     "question": f["question"] or "-", "finding_key": f["finding_key"],
                     "headline": f["headline"], "concerns": f["concerns"]})
    notes = ["evidence: the weaker of the finding's own grade and that of the facts its live "
             "support rests on (support_evidence); illustrative means placeholder seats or bodies "
             "(docs/case-format.md)"] if rows else []
    question = answer.query.question + (f" (support as of {as_of})" if as_of else "")
    return FindingsReport(question, COLUMNS, rows, notes, answer.empty)
