"""`govgraph viz | map | figure | export` and `govgraph load areas`: thin commands over
visualisations/ and loaders/areas.py. Each parses options, makes one library call, prints
what it wrote; errors are handled once by the top-level group (clihelpers.GovgraphGroup).
Authorities, bodies and people are given by key or name (graphmodel.names).
"""
from __future__ import annotations

from pathlib import Path

import click

from graphmodel.names import resolve
from visualisations import files

from .clihelpers import as_of_option, la_option, mkdir_option, open_graph, output_option, \
    user_file
from .output import plural

FIGURE_FILE = "FILE.png, FILE.svg or FILE.pdf"


def register(main_group: click.Group) -> None:
    """Add viz, map, figure and export to `govgraph`, and areas to `govgraph load`."""
    load_group = main_group.commands["load"]

    @main_group.command("viz")
    @la_option()
    @click.option("--body", metavar="NAME", help="a body (key or name): its neighbourhood")
    @click.option("--person", metavar="NAME", help="a person or seat (key or name): where they sit")
    @click.option("--depth", type=click.IntRange(0, 6), default=None,
                  help="steps out from --body (default 1) or --person (default 2)")
    @click.option("--split", is_flag=True,
                  help="with --body: its voting members as professionals versus governors")
    @as_of_option
    @output_option()
    @mkdir_option
    @click.pass_context
    def viz(ctx, la, body, person, depth, split, as_of, output, mkdir):
        """Interactive network page (one self-contained HTML file, works offline)."""
        from visualisations import network

        chosen = [n for n, v in (("--la", la), ("--body", body), ("--person", person)) if v]
        if len(chosen) != 1:
            raise click.UsageError("give exactly one of --la, --body or --person")
        if split and not body:
            raise click.UsageError("--split goes with --body")
        if depth is not None and (la or split):
            raise click.UsageError("--depth goes with --body or --person (not --la or --split)")
        files.ready_folder(Path(output).parent, mkdir)  # before any work: fail at once
        with open_graph(ctx) as g:
            body = body and resolve(g, "body", body, "--body").key
            person = person and resolve(g, "person", person, "--person").key
            if la:
                view = network.authority_view(g, la)
            elif split:
                view = network.split_view(g, body)
            elif body:
                view = network.neighbourhood_view(g, body, 1 if depth is None else depth,
                                                  "network")
            else:
                view = network.neighbourhood_view(g, person, 2 if depth is None else depth,
                                                  "memberships")
        view.as_of = as_of  # the page opens faded to that date (docs/time.md)
        with user_file(output):
            path = network.render(view, output, mkdir)
        click.echo(f"wrote {path} ({len(view.nodes)} nodes, {len(view.edges)} relationships)")
        if view.panel:
            click.echo(" ".join(view.panel["lines"][:1] + [view.panel["verdict"]]))

    @main_group.command("map")
    @la_option(required=True)
    @click.option("--colour", "colour", type=click.Choice(["cluster", "locality", "trust", "governor-share"]),
                  default="cluster", show_default=True,
                  help="what colours the schools (governor-share: docs/measures.md, pooled over "
                       "each school's bodies; unknown shown as unknown)")
    @click.option("--no-tiles", is_flag=True, help="no background map tiles (no remote resource)")
    @as_of_option
    @output_option()
    @mkdir_option
    @click.pass_context
    def map_(ctx, la, colour, no_tiles, as_of, output, mkdir):
        """Map of an authority's schools, clusters as hulls (tiles load only when online);
        with --as-of, the schools open and the links held on that date."""
        from visualisations import maps

        files.ready_folder(Path(output).parent, mkdir)
        with open_graph(ctx) as g, user_file(output):
            res = maps.render_map(g, la, output, colour,
                                  tiles=None if no_tiles else "OpenStreetMap", mkdir=mkdir,
                                  as_of=as_of)
        click.echo(f"wrote {res.path} ({plural(res.drawn, 'school')} in "
                   f"{plural(res.categories, colour + ' group')}"
                   + (f", as of {as_of})" if as_of else ")"))
        for note in res.notes:
            click.echo(note)
        if res.missing:
            click.echo(f"note: {plural(res.missing, 'school')} without easting/northing, not drawn",
                       err=True)

    @main_group.group("figure")
    def figure():
        """Static figures (PNG, SVG or PDF) for papers and slides, one per report."""

    @figure.command("representation")
    @la_option(required=True)
    @output_option(FIGURE_FILE)
    @as_of_option
    @mkdir_option
    @click.pass_context
    def figure_representation(ctx, la, output, as_of, mkdir):
        """Voting seats per body: professionals versus governors and other lay members."""
        from visualisations import figures

        files.ready_folder(Path(output).parent, mkdir)
        with open_graph(ctx) as g, user_file(output):
            path, bodies = figures.representation_figure(g, la, output, mkdir=mkdir, as_of=as_of)
        click.echo(f"wrote {path} ({bodies} bodies)")

    def report_figure_command(name: str, takes_la: str):
        """`figure NAME`: the report NAME drawn, titled and captioned (see report_figures)."""
        @figure.command(name)
        @la_option(required=takes_la == "required")
        @output_option(FIGURE_FILE)
        @as_of_option
        @mkdir_option
        @click.pass_context
        def cmd(ctx, la, output, as_of, mkdir):
            from visualisations import report_figures
            from analysis import brokers, compare, reports

            report_fn = {"brokers": brokers.brokers, "compare": compare.compare,
                         "reference": compare.reference}.get(name) or getattr(reports, name)
            report_figures.check_suffix(Path(output))
            files.ready_folder(Path(output).parent, mkdir)
            with open_graph(ctx) as g, user_file(output):
                rep = report_fn(g, *([la] if takes_la != "never" else []), as_of=as_of)
                if as_of:
                    rep.question = f"{rep.question} (as of {as_of})"
                path, n = report_figures.report_figure(g, rep, output, mkdir)
            click.echo(f"wrote {path} ({n} rows)")
        cmd.__doc__ = f"The `report {name}` answer as a figure, titled and captioned."

    for name, takes_la in (("power", "optional"), ("accountability", "optional"),
                           ("gaps", "optional"), ("tiers", "optional"),
                           ("participation", "optional"), ("brokers", "optional"),
                           ("reference", "required"), ("compare", "never")):
        report_figure_command(name, takes_la)

    @main_group.command("export")
    @click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "csv"]),
                  required=True, help="graphml or gexf (one file), csv (nodes.csv + edges.csv)")
    @click.option("-o", "--output", type=click.Path(), default=None,
                  help="file (graphml, gexf) or folder (csv); default govgraph.<format>")
    @la_option(help="only one authority's view (key, DfE code or name)")
    @as_of_option
    @mkdir_option
    @click.pass_context
    def export_(ctx, fmt, output, la, as_of, mkdir):
        """The whole graph, or one authority's subgraph, for Gephi, yEd or a spreadsheet
        (with --as-of, only what exists and holds on that date)."""
        from visualisations import export

        path = Path(output or ("govgraph-csv" if fmt == "csv" else f"govgraph.{fmt}"))
        files.ready_folder(path.parent, mkdir)
        with open_graph(ctx) as g, user_file(path):
            written, n, e = export.export(g, fmt, path, la, mkdir, as_of=as_of)
        click.echo(f"wrote {', '.join(str(f) for f in written)} ({n} nodes, {e} relationships"
                   + (f" as of {as_of})" if as_of else ")"))

    @load_group.command("areas")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--la", required=True, metavar="CODE", help="the authority's DfE 3-digit code")
    @click.option("--urn-column", default="URN", show_default=True)
    @click.option("--cluster-column", default="Cluster", show_default=True,
                  help="column naming each school's cluster ('' for none)")
    @click.option("--locality-column", default="Locality", show_default=True,
                  help="column naming each school's locality ('' for none)")
    @click.pass_context
    def load_areas(ctx, path, la, urn_column, cluster_column, locality_column):
        """An authority's schools-to-clusters/localities CSV, all-or-nothing."""
        from loaders.areas import load_areas as load

        with open_graph(ctx) as g:
            g.ensure_schema()
            rep = load(g, path, la, urn_column, cluster_column or None, locality_column or None)
        click.echo(f"loaded {rep.file}: {plural(rep.schools, 'school')} in "
                   f"{plural(rep.clusters, 'cluster')} and {plural(rep.localities, 'locality')} "
                   f"of {rep.la}"
                   + (f"; {plural(rep.unassigned, 'row')} without an area" if rep.unassigned else ""))
