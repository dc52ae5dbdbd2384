"""Map colours by governor share: each school's class, colour, evidence and popup lines, and the
legend's notes (what the number is, how well it is known, where it comes from).

Why a module of its own: the share is analysis.school_shares' (the pooled measure of
docs/measures.md over a school's bodies); this module only decides how it looks, from
style.SHARE_CLASSES and style.EVIDENCE_OPACITY, so map and legend cannot disagree.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from analysis import school_shares
from analysis.measures import EVIDENCE

from . import style

MAX_SOURCES = 4  # sources named in the legend; the rest are counted (each popup names its bodies)


@dataclass
class Shading:
    classes: dict[str, str]                      # school key -> SHARE_CLASSES key
    points: dict[str, dict]                      # school key -> extra point options
    popup: dict[str, list[list[str]]]            # school key -> extra popup rows
    notes: list[str] = field(default_factory=list)  # legend lines under the classes
    order: tuple[str, ...] = tuple(style.SHARE_CLASSES)
    grades: list[dict] = field(default_factory=list)  # legend rows: grade, text, fill opacity


def _value(share) -> str:
    """0.20 (two places, as reports print shares), a 'lo-hi' range, or 'no votes'."""
    if share is None:
        return "no votes"
    return f"{share:.2f}" if isinstance(share, (int, float)) else str(share)


def _share_text(s: school_shares.SchoolShare) -> str:
    if s.share is None:
        return "unknown (no voting seats on record)"
    return f"{_value(s.share)} of {s.voting} voting seats ({s.verdict})"


def shading(graph, la: str, rows: list[dict], as_of: str | None = None) -> Shading:
    shares, report = school_shares.governor_shares(graph, la, [r["key"] for r in rows], as_of)
    classes, points, popup = {}, {}, {}
    for key, s in shares.items():
        cls = style.share_class(s.verdict)
        classes[key] = cls
        opacity = style.EVIDENCE_OPACITY[s.evidence] if s.evidence in EVIDENCE else 1.0
        points[key] = ({"fillOpacity": 1.0, "colour_border": style.UNKNOWN_BORDER["colour"],
                        "dashArray": style.UNKNOWN_BORDER["dashes"]} if cls == "unknown"
                       else {"fillOpacity": opacity})
        lines = [["governor share", _share_text(s)]]
        if s.evidence:
            lines.append(["evidence", s.evidence])
        lines += [["counted", f"{b['body']}: {_value(b['share'])} of {b['voting']} voting seats"
                              f" ({b['evidence']})"] for b in s.counted]
        lines += [["not counted", f"{b['body']} ({b['why']})"] for b in s.not_counted]
        popup[key] = lines
    grades = Counter(s.evidence for s in shares.values() if s.evidence)
    known = sum(grades.values())
    notes = ["Share: " + school_shares.DEFINITION + "."]
    if known:
        notes.append("Evidence (weakest fact behind each share): " + ", ".join(
            f"{grades[g]} {g}" for g in EVIDENCE if grades[g]) +
            "; faded = " + ", ".join(f"{style.EVIDENCE_LEGEND[g].split(' (')[0].lower()} "
                                     f"({style.EVIDENCE_OPACITY[g]:.0%} fill)"
                                     for g in EVIDENCE if g != "documented") + ".")
    notes.append(f"{len(shares) - known} of {len(shares)} school(s) unknown.")
    sources = report.sources(graph) if known else []
    if sources:
        docs: dict[str, set] = {}
        for r in sources:
            docs.setdefault(r["source"] or "source not recorded", set()).add(r.get("source_ref"))
        named = [f"{d} ({len(refs)} section(s) or row(s), {', '.join(sorted(str(x) for x in refs if x)[:3])})"
                 if any(refs) else d for d, refs in sorted(docs.items())[:MAX_SOURCES]]
        more = len(docs) - len(named)
        notes.append("Seats from (question `representation`" +
                     (f", seats held on {as_of}" if as_of else "") + "): " + "; ".join(named) +
                     (f"; and {more} more" if more else "") + ".")
    # One legend row per grade drawn, from the style table that fades the points.
    rows = [{"grade": g, "opacity": style.EVIDENCE_OPACITY[g],
             "text": f"{style.EVIDENCE_LEGEND[g]}: {grades[g]} school(s)"}
            for g in EVIDENCE if grades[g]]
    return Shading(classes, points, popup, notes, grades=rows)
