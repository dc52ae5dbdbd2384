"""Static figures for papers and slides (matplotlib): who holds the votes on each body.

Why: the finding that governors are a minority on partnership bodies is easiest to read as
stacked bars of voting seats, professionals (warm colours) against governors (blue) and other
lay members, one bar per body. The numbers come from the `representation` named query, so the
figure and `govgraph query representation` always agree.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402

from analysis.measures import (MINORITY, PROFESSIONAL, governor_verdict, share,  # noqa: E402
                               weakest)
from graphmodel import queries  # noqa: E402
from graphmodel.exc import InvalidInput, NotFound  # noqa: E402

from . import files  # noqa: E402
from .report_figures import caption, plain, save_captioned  # noqa: E402
from .style import CONSTITUENCY_COLOUR  # noqa: E402

# (column of the representation query, constituency) in drawing order: professionals first.
SEGMENTS = [("heads_voting", "headteacher"), ("officers_voting", "officer"),
            ("agencies_voting", "agency"), ("staff_voting", "staff"),
            ("governors_voting", "governor"), ("councillors_voting", "councillor"),
            ("community_voting", "community"), ("independent_voting", "independent")]
TIER_ORDER = {"authority": 0, "locality": 1, "neighbourhood": 2}
FORMATS = (".png", ".svg", ".pdf")


def representation_rows(graph, la: str, as_of: str | None = None) -> list[dict]:
    rows = queries.run(graph, "representation", {"la": la, "as_of": as_of})
    if not rows:
        raise NotFound(f"no bodies found for authority {la!r} (key, DfE code or name)")
    return rows


def representation_figure(graph, la: str, path: str | Path,
                          mkdir: bool = False, as_of: str | None = None) -> tuple[Path, int]:
    """Stacked horizontal bars of voting seats by constituency; returns (path, bodies drawn).

    Titled with the question, captioned with the sources and evidence grades of the bodies."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise InvalidInput(f"figure file must end in {', '.join(FORMATS)}, got {path.name!r}")
    files.ready_folder(path.parent, mkdir)
    rows = representation_rows(graph, la, as_of)
    drawn = [r for r in rows if r["voting"]]
    silent = len(rows) - len(drawn)
    if not drawn:
        raise NotFound(f"no body of {la!r} has voting members recorded ({len(rows)} bodies)")
    drawn.sort(key=lambda r: (TIER_ORDER.get(r["tier"], 9), str(r["body"])), reverse=True)
    fig, ax = plt.subplots(figsize=(12, 2.0 + 0.38 * len(drawn)))
    y = range(len(drawn))
    left = [0] * len(drawn)
    for col, constituency in SEGMENTS:
        values = [int(r[col] or 0) for r in drawn]
        if not any(values):
            continue
        ax.barh(list(y), values, left=left, color=CONSTITUENCY_COLOUR[constituency],
                edgecolor="white", linewidth=0.5, label=constituency)
        left = [a + b for a, b in zip(left, values)]
    for i, r in enumerate(drawn):
        verdict = governor_verdict(r["governors_voting"], r["voting"])
        minority = verdict == MINORITY
        ax.text(left[i] + 0.3, i, f"governors {share(r['governors_voting'], r['voting']):.2f} "
                f"({verdict})",
                va="center", fontsize=8, color="#1f3f7f" if minority else "#000000")
    ax.set_yticks(list(y))
    ax.set_yticklabels([plain(f"{r['body']} ({r['tier']})") for r in drawn], fontsize=8)
    ax.set_xlabel(f"voting seats (professionals: {', '.join(PROFESSIONAL)})")
    authority = drawn[0]["authority"]
    question = queries.get("representation").question
    ax.set_title(plain(f"Who holds the votes: {authority}\n")
                 + "\n".join(textwrap.wrap(plain(question), 100)), loc="left", fontsize=10)
    ax.set_xlim(0, max(left) * 1.22 + 1)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              title="constituency", title_fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    note = caption(graph, [r["body_key"] for r in drawn])
    grade = weakest(g for r in drawn for g in r["body_evidence"] + r["seat_evidence"])
    if grade != "documented":
        note = (f"Evidence: some seats or bodies drawn are {grade}, not documented "
                "(govgraph report representation --sources). " + note)
    if silent:
        note += f" {silent} body(ies) with no voting members recorded are not shown."
    save_captioned(fig, path, "\n".join(textwrap.wrap(plain(note), 160)), bottom=0.05)
    return path, len(drawn)
