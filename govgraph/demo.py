"""`govgraph demo`: load the bundled corpus and print the headline findings.

Every number comes from the same reports as `govgraph report ...` (analysis.reports and
analysis.compare), so the demo cannot disagree with them; each finding says in words which of
its figures are illustrative.
"""
from __future__ import annotations

import time

import click

from analysis import compare as C
from analysis import measures as M
from analysis import reports as R
from graphmodel import queries as Q

from .cli_reports import marked
from .output import render

CASES = ("centro-city", "coast-city", "met-borough")


def _table(rows: list[dict], columns: list[str], measure_columns, max_width: int = 60) -> None:
    shown, cols, foot = marked(rows, columns + ["evidence"], measure_columns)
    click.echo(render(shown, columns=cols, max_width=max_width))
    for f in foot:
        click.echo(f)


def _in_words(rows: list[dict], what: str) -> None:
    """Say which authorities' figures are illustrative or inferred, in a sentence."""
    for grade, meaning in (("illustrative", "rest on placeholders the sources do not give "
                            "(seats, schools or clusters modelled to show the shape described)"),
                           ("inferred", "rest on a rule applied to documented facts")):
        names = sorted({r["authority"] for r in rows if r.get("evidence") == grade})
        if names:
            click.echo(f"In words: {what} for {', '.join(names)} {meaning}; "
                       f"read them as illustrations, not as measurements.")
    if rows and all(r.get("evidence") == "documented" for r in rows):
        click.echo(f"In words: {what} rest on documented facts only.")


def run_demo(ctx, open_graph, cases) -> None:
    t0 = time.monotonic()
    files = cases.bundled_files()
    with open_graph(ctx) as g:
        g.ensure_schema()
        reports = cases.load_files(g, files)
        nodes = sum(r.nodes for r in reports)
        rels = sum(r.relationships for r in reports)
        click.echo(f"Loaded {len(reports)} case-study files ({nodes} nodes, {rels} relationships) "
                   f"into {g.kind} at {g.uri} in {time.monotonic() - t0:.1f}s.\n")

        summary = [r for r in Q.run(g, "authority_summary") if r["scope"] == "case_study"
                   and r["key"] in CASES]
        click.echo("The three case-study authorities (000_bc9857864c985559.txt); bodies are "
                   "active partnership bodies (docs/measures.md):")
        click.echo(render(summary, columns=["authority", "bodies", "school_boards", "people",
                                             "memberships", "institutions"]))

        names = {r["authority"] for r in summary}
        rep = R.representation(g, by="tier")
        tier_rows = [r for r in rep.rows if r["authority"] in names]
        click.echo("\nFinding 1: governors' share of the votes in partnership bodies, by tier "
                   "(professionals hold most of the rest):")
        _table(tier_rows, ["authority", "tier", "bodies", "voting", "governors_voting",
                           "governor_share", "verdict", "bodies_without_governors"],
                   rep.measure_columns)
        _in_words(tier_rows, "the seat counts and shares")

        cmp = C.compare(g, list(CASES))
        click.echo("\nFinding 2: formal accountability runs to the schools, practical "
                   "accountability to whoever holds the money:")
        _table(cmp.rows, ["authority", "formal_accountability", "practical_accountability"], (),
               max_width=70)
        _in_words(cmp.rows, "the accountability lines")
        click.echo("\nFinding 3: who holds binding decision power (heads attend Centro City's "
                   "joint committee without a vote, alongside the chairs who hold the votes):")
        _table(cmp.rows, ["authority", "governor_role", "binding_power",
                          "governors_at_cluster_level"], cmp.measure_columns, max_width=70)
        _in_words(cmp.rows, "the verdicts and vote counts")
        click.echo(f"Verdicts: {M.ABSENT} (no governor votes), {M.MINORITY} (under half), "
                   f"{M.HALF} (exactly half), {M.MAJORITY} (over half) of the voting seats.")
    click.echo(f"\nDone in {time.monotonic() - t0:.1f}s. Next:\n"
               "  govgraph queries                              the questions you can ask\n"
               "  govgraph query representation -p la=met-borough\n"
               "  govgraph report compare                       the authorities side by side\n"
               "  govgraph report compare --documented-only     from documented facts alone\n"
               "  govgraph status                               what the store holds")
