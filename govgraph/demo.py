"""`govgraph demo`: load the bundled corpus and print the headline findings."""
from __future__ import annotations

import time
from collections import defaultdict

import click

from graphmodel import queries as Q
from analysis import reports as R

from .output import render

CASES = ("centro-city", "coast-city", "met-borough")


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
        click.echo("The three case-study authorities (000_bc9857864c985559.txt):")
        click.echo(render(summary, columns=["authority", "bodies", "people", "memberships",
                                             "institutions"]))

        names = {r["authority"] for r in summary}
        rep = R.representation(g, by="tier", partnerships_only=True)
        click.echo("\nFinding 1: governors' share of the votes in partnership bodies, by tier "
                   "(professionals hold most of the rest):")
        click.echo(render([r for r in rep.rows if r["authority"] in names],
                          columns=["authority", "tier", "bodies", "voting", "governors_voting",
                                   "governor_share", "bodies_without_governors"]))

        acc = [r for r in Q.run(g, "accountability_split") if r["status"] == "active"
               and any(r.get("resource_to") or []) and r["legal_holders"]]
        acc = [r for r in acc if any(k in CASES for k in [r["body_key"].split("/")[0]])]
        by_la: dict = defaultdict(lambda: {"bodies": 0, "legal_to_governing_bodies": 0,
                                           "resource_holders": set()})
        for r in acc:
            a = by_la[r["authority"]]
            a["bodies"] += 1
            a["legal_to_governing_bodies"] += "GoverningBody" in (r["legal_to"] or [])
            a["resource_holders"].update(x for x in r["resource_to"] if x)
        rows = [{"authority": la, "partnership_bodies": a["bodies"],
                 "formal_accountability": f"{a['legal_to_governing_bodies']} to school governing bodies",
                 "practical_accountability": ", ".join(sorted(a["resource_holders"]))}
                for la, a in sorted(by_la.items())]
        click.echo("\nFinding 2: formal accountability runs to the schools, practical "
                   "accountability to whoever holds the money:")
        click.echo(render(rows, max_width=70))
        cmp = R.compare(g, list(CASES))
        click.echo("\nFinding 3: who holds binding decision power (heads attend Centro City's "
                   "joint committee without a vote, alongside the chairs who hold the votes):")
        click.echo(render(cmp.rows, columns=["authority", "governor_role", "binding_power",
                                             "governors_at_cluster_level"], max_width=70))
    click.echo(f"\nDone in {time.monotonic() - t0:.1f}s. Next:\n"
               "  govgraph queries                              the questions you can ask\n"
               "  govgraph query representation -p la=met-borough\n"
               "  govgraph report compare                       the authorities side by side\n"
               "  govgraph status                               what the store holds")
