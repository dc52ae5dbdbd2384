"""A static figure for any report: titled with its question, captioned with sources and evidence.

Why: a paper or slide needs the same answer the table gives, with what it rests on. Any report
(question, columns, rows, and the bodies it used) is drawn as horizontal bars of its first
numeric column, one bar per row labelled by its first text column; a report without numbers
is drawn as a table. The caption lists the source documents of the bodies used (fact_sources)
and how many of those bodies are documented, inferred or illustrative.
"""
from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

from graphmodel import queries
from graphmodel.exc import InvalidInput, NotFound

from . import files
from .style import evidence_grade

FORMATS = (".png", ".svg", ".pdf")
MAX_ROWS = 40


def check_suffix(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise InvalidInput(f"figure file must end in {', '.join(FORMATS)}, got {path.name!r}")


def caption(graph, body_keys, sources=None) -> str:
    """'Sources: ...; evidence: documented n, ...' for the bodies a figure rests on."""
    keys = sorted(set(body_keys or ()))
    if sources is None:
        sources = queries.run(graph, "fact_sources", {"keys": keys}) if keys else []
    by_doc = Counter()
    for s in sources:
        by_doc[s["source"] or "not recorded"] += int(s.get("facts") or 0)
    docs = sorted(by_doc, key=lambda d: (-by_doc[d], d))
    src = "; ".join(f"{d} ({by_doc[d]} facts)" for d in docs[:6]) or "not recorded"
    if len(docs) > 6:
        src += f"; and {len(docs) - 6} more"
    grades = Counter(evidence_grade(r["props"] or {}) or "not graded"
                     for r in (queries.run(graph, "viz_nodes", {"keys": keys}) if keys else []))
    ev = ", ".join(f"{g} {grades[g]}" for g in ("documented", "inferred", "illustrative",
                                                "not graded") if grades[g]) or "no bodies"
    return f"Sources: {src}. Evidence of the {len(keys)} bodies used: {ev}."


def plain(text) -> str:
    """Data text drawn literally: '$' would start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def save_captioned(fig, path: Path, note: str, bottom: float = 0.06) -> None:
    """One caption style at the figure's foot, then the file written whole or not at all;
    bottom is the share of the height the caption needs."""
    import matplotlib.pyplot as plt

    fig.text(0.01, 0.005, note, fontsize=7, color="#555555", va="bottom")
    fig.tight_layout(rect=(0, bottom, 1, 1))
    with files.atomic_path(path) as tmp, plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(tmp, dpi=200 if path.suffix.lower() == ".png" else None,
                    format=path.suffix.lower().lstrip("."))
    plt.close(fig)


def _numeric(rows, col) -> bool:
    vals = [r.get(col) for r in rows if r.get(col) is not None]
    return bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                              for v in vals)


def report_figure(graph, report, path: str | Path, mkdir: bool = False) -> tuple[Path, int]:
    """Draw one report to PNG, SVG or PDF (whole or not at all); returns (path, rows drawn)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    check_suffix(path)
    files.ready_folder(path.parent, mkdir)
    rows = report.rows
    if not rows:
        raise NotFound(f"nothing to draw: no rows answer '{report.question}'")
    shown = rows[:MAX_ROWS]
    numeric = [c for c in report.columns if _numeric(shown, c) and not c.endswith("_key")]
    text_cols = [c for c in report.columns if c not in numeric and not c.endswith("key")]
    name_col = text_cols[0] if text_cols else report.columns[0]
    title = "\n".join(textwrap.wrap(plain(report.question), 95))
    cap = "\n".join(textwrap.wrap(plain(caption(graph, report.body_keys,
                                                 report.sources(graph))), 150))
    if numeric:
        col = numeric[0]
        fig, ax = plt.subplots(figsize=(11, 1.8 + 0.32 * len(shown)))
        ys = list(range(len(shown)))[::-1]
        # a report whose numbers are estimates gives their `margin`: drawn as error bars
        err = [r.get("margin") or 0 for r in shown] if "margin" in report.columns else None
        ax.barh(ys, [r[col] or 0 for r in shown], xerr=err, color="#3b6ea5")
        ax.set_yticks(ys)
        ax.set_yticklabels([plain(textwrap.shorten(str(r.get(name_col)), 60)) for r in shown],
                           fontsize=8)
        ax.set_xlabel(plain(col.replace("_", " ")))
        ax.spines[["top", "right"]].set_visible(False)
    else:
        cols = report.columns[:6]
        fig, ax = plt.subplots(figsize=(12, 1.4 + 0.2 * len(shown)))
        ax.axis("off")

        def cell(v):
            v = ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else "" if v is None else v
            return plain(textwrap.shorten(str(v), 40))
        table = ax.table(cellText=[[cell(r.get(c)) for c in cols]
                                   for r in shown], colLabels=cols, loc="upper left",
                         cellLoc="left")
        table.auto_set_font_size(False)
        table.set_fontsize(7)
    ax.set_title(title, loc="left", fontsize=10)
    more = f" Showing the first {MAX_ROWS} of {len(rows)} rows." if len(rows) > MAX_ROWS else ""
    save_captioned(fig, path, cap + more)
    return path, len(shown)
