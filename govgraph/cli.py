"""The govgraph command: thin click commands over the Python API.

Each command parses options, makes one library call and prints; library errors become one
clear line (click.ClickException) and a non-zero exit. --debug shows tracebacks, with the
Neo4j password scrubbed like everywhere else.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from graphmodel import default_model
from graphmodel import queries as Q

from . import __version__
from .clihelpers import fmt_option, handle_errors, open_graph
from .output import render


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--uri", envvar="GOVGRAPH_URI", metavar="URI",
              help="bolt://host:7687 or neo4j://... for Neo4j (NEO4J_USER/NEO4J_PASSWORD from the "
                   "environment), `neo4j` to use NEO4J_URI; default: the embedded FalkorDB store")
@click.option("--data-dir", envvar="GOVGRAPH_DATA_DIR", type=click.Path(file_okay=False),
              help="directory of the embedded store (default: your user data directory)")
@click.option("--debug", is_flag=True, help="show tracebacks on errors")
@click.version_option(__version__, prog_name="govgraph")
@click.pass_context
def main(ctx, uri, data_dir, debug):
    """Where decision power and accountability sit in school partnerships in England.

    Start with `govgraph demo`; then `govgraph queries` and `govgraph report --help`.
    """
    ctx.obj = {"uri": uri, "data_dir": data_dir, "debug": debug}


@main.command()
@click.option("--reset", is_flag=True, help="delete everything in the store first")
@click.pass_context
@handle_errors
def init(ctx, reset):
    """Create the store and the schema's constraints and indexes."""
    with open_graph(ctx) as g:
        if reset:
            g.clear()
        created = g.ensure_schema()
        click.echo(f"store ready: {g.kind} at {g.uri} ({len(created)} constraints/indexes created)")


@main.command()
@fmt_option
@click.pass_context
@handle_errors
def status(ctx, fmt):
    """Backend, where the store is, and counts by label and relationship type."""
    with open_graph(ctx) as g:
        counts = g.counts()
        rows = [{"name": k, "kind": "label" if k in g.model.labels else "relationship", "count": v}
                for k, v in counts.items()]
        if fmt == "table":
            click.echo(f"backend: {g.kind}\nstore:   {g.uri}")
            if g.recovered:
                click.echo("note:    the previous embedded server ended abnormally; the store was "
                           "recovered from its append-only log")
            held = [r for r in rows if r["count"]]
            if held:
                click.echo(render(held, fmt))
            else:
                click.echo("empty:   nothing loaded yet (govgraph demo, or govgraph load ...)")
        else:
            click.echo(render(rows, fmt))


@main.command()
@fmt_option
@handle_errors
def queries(fmt):
    """List the named questions, with their parameters."""
    rows = [{"name": q.name, "question": q.question,
             "params": ", ".join(f"{p.name}{'?' if p.optional else ''}" for p in q.params)}
            for q in Q.library().values()]
    click.echo(render(rows, fmt, max_width=100))


def _parse_params(pairs) -> dict:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r}: write name=value", param_hint="--param")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="a declared parameter of the query (repeatable)")
@fmt_option
@click.pass_context
@handle_errors
def query(ctx, name, params, fmt):
    """Run the named question NAME (see `govgraph queries`)."""
    q = Q.get(name)
    bound = q.bind(_parse_params(params))
    with open_graph(ctx) as g:
        rows = g.read(q.text, bound)
    if fmt == "table":
        click.echo(q.question)
    click.echo(render(rows, fmt, columns=q.returns))


@main.group()
def load():
    """Load case studies or register files into the store."""


@load.command("cases")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--check", is_flag=True, help="only validate; write nothing")
@click.pass_context
@handle_errors
def load_cases(ctx, paths, check):
    """Load case-study YAML files (default: the bundled corpus), all-or-nothing per file."""
    from loaders import cases
    from loaders.errors import LoadError

    files = [Path(p) for p in paths] or cases.bundled_files()
    try:
        if check:
            with open_graph(ctx) as g:  # references may point at nodes already in the store
                checked = cases.check_files(files, g.model, g)
            for cf in checked:
                click.echo(f"ok  {Path(cf.path).name}: {cf.node_count} nodes, "
                           f"{cf.rel_count} relationships")
            return
        with open_graph(ctx) as g:
            g.ensure_schema()
            reports = cases.load_files(
                g, files, progress=lambda name, cf: click.echo(
                    f"loaded {name}: {cf.node_count} nodes, {cf.rel_count} relationships",
                    err=True))
        click.echo(f"{len(reports)} file(s) loaded")
    except LoadError as e:
        raise click.ClickException(str(e)) from None


@main.group()
def schema():
    """Show the graph schema or the case-study file format."""


@schema.command("case-format")
@handle_errors
def schema_case_format():
    """Print the JSON Schema of case-study files, derived from the graph schema."""
    import json

    from loaders.cases import case_json_schema

    click.echo(json.dumps(case_json_schema(default_model()), indent=2))


@schema.command("markdown")
@handle_errors
def schema_markdown_cmd():
    """Print the schema reference as Markdown (docs/schema.md is this output)."""
    from graphmodel.docs import schema_markdown

    click.echo(schema_markdown(default_model()), nl=False)


@schema.command("show")
@fmt_option
@handle_errors
def schema_show(fmt):
    """List labels and relationship types with their properties."""
    m = default_model()
    rows = [{"name": l.name, "kind": f"label ({l.family})" if l.family else "label",
             "properties": ", ".join(p for p in l.properties if p not in ("source", "source_ref"))}
            for l in m.labels.values()]
    rows += [{"name": r.name, "kind": f"{'/'.join(r.sources)} -> {'/'.join(r.targets)}",
              "properties": ", ".join(p for p in r.properties if p not in ("source", "source_ref"))}
             for r in m.relationships.values()]
    click.echo(render(rows, fmt, max_width=110))


@main.command()
@click.pass_context
@handle_errors
def demo(ctx):
    """Build the embedded store from the bundled case studies and show what they say."""
    from loaders import cases

    from .demo import run_demo

    run_demo(ctx, open_graph, cases)


def _register_extensions() -> None:
    from . import cli_gias, cli_people, cli_reports, cli_server, cli_viz

    report = cli_reports.register(main, open_graph, fmt_option, handle_errors)
    cli_viz.register(main, load)
    cli_gias.register(load, report)
    cli_people.register(main)
    main.add_command(cli_server.server)


if __name__ == "__main__":  # pragma: no cover - `python -m govgraph.cli`: use the package's copy
    from govgraph.cli import main as _main

    sys.exit(_main())
else:
    _register_extensions()
