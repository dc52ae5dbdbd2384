"""The govgraph command: thin click commands over the Python API.

Each command parses options, makes one library call and prints. Errors are handled once, by
GovgraphGroup (clihelpers): a GovgraphError becomes one clear line and exit 1, anything else is
reported as a bug (exit 70) with a hint to rerun with --debug, which shows tracebacks (the Neo4j
password scrubbed like everywhere else). Extension modules attach their commands with
`register(main)`.
"""
from __future__ import annotations

import logging
import sys
import textwrap
from pathlib import Path

import click

from graphmodel import default_model
from graphmodel import queries as Q

from . import __version__
from .clihelpers import (GovgraphGroup, as_of_option, fmt_option, keys_option, open_graph, parse_params,
                         run_question, terminal_width)
from .output import plural, render


@click.group(cls=GovgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    # the Neo4j driver logs what our one error line already says ("Unable to retrieve routing
    # information" with neo4j://); keep its log for --debug
    logging.getLogger("neo4j").addHandler(
        logging.StreamHandler() if debug else logging.NullHandler())


@main.command()
@click.option("--reset", is_flag=True, help="delete everything in the store first (asks first)")
@click.option("--yes", "-y", is_flag=True, help="with --reset: do not ask")
@click.pass_context
def init(ctx, reset, yes):
    """Create the store and the schema's constraints and indexes."""
    if yes and not reset:
        raise click.UsageError("--yes goes with --reset")
    with open_graph(ctx) as g:
        if reset:
            counts = g.counts()
            nodes = sum(v for k, v in counts.items() if k in g.model.labels)
            rels = sum(v for k, v in counts.items() if k not in g.model.labels)
            click.echo(f"--reset deletes everything in the {g.kind} store at {g.uri}: {nodes} "
                       f"nodes and {rels} relationships (case studies and register data alike); "
                       "constraints and indexes are kept", err=True)
            if not yes:
                click.confirm("delete them?", abort=True, err=True)
            g.clear()
        created = g.ensure_schema()
        click.echo(f"store ready: {g.kind} at {g.uri} ({len(created)} constraints/indexes created)")


@main.command()
@fmt_option
@click.pass_context
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
@click.option("--all", "show_all", is_flag=True,
              help="also the internal helpers of reports and pages (viz_*, fact_sources)")
@click.option("--long", "long_", is_flag=True, help="each question's full text and parameters")
@fmt_option
def queries(show_all, long_, fmt):
    """List the research questions, with their parameters (`?`: optional)."""
    qs = Q.questions(include_internal=show_all)
    rows = [{"name": q.name, "params": ", ".join(f"{p.name}{'?' if p.optional else ''}"
                                                 for p in q.params),
             "question": q.question, "internal": q.internal} for q in qs]
    if fmt != "table":
        click.echo(render(rows, fmt, ["name", "params", "question", "internal"]))
        return
    width = terminal_width()
    if long_:
        for q in qs:
            click.echo(q.name + ("  (internal)" if q.internal else ""))
            click.echo(textwrap.fill(q.question, width, initial_indent="    ",
                                     subsequent_indent="    "))
            for p in q.params:
                click.echo(textwrap.fill(
                    f"{p.name} ({p.type}{', optional' if p.optional else ''}): {p.description}",
                    width, initial_indent="    -p ", subsequent_indent="       "))
        return
    name_w = max(len(r["name"]) for r in rows)
    param_w = max(len("params"), *(len(r["params"]) for r in rows))
    room = max(20, width - name_w - param_w - 4)
    for r in rows:
        q = r["question"]
        r["question"] = q if len(q) <= room else q[:room - 1].rstrip() + "…"
    click.echo(render(rows, "table", ["name", "params", "question"], max_width=max(room, 60)))
    click.echo(f"{len(rows)} questions; `govgraph queries --long` for their whole text"
               + ("" if show_all else ", --all to include internal helpers"))


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="a declared parameter of the query (repeatable)")
@as_of_option
@fmt_option
@keys_option
@click.pass_context
def query(ctx, name, params, as_of, fmt, keys):
    """Run the named question NAME (see `govgraph queries`).

    Authorities, bodies, people, schools and clusters may be given by key or name."""
    given = parse_params(params)
    if as_of is not None:
        given["as_of"] = as_of
    run_question(ctx, name, given, fmt, keys)


@main.group()
def load():
    """Load case studies or register files into the store."""


@load.command("cases")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--check", is_flag=True, help="only validate; write nothing")
@click.option("--all-problems", is_flag=True, help="list every problem, not only the first 20")
@click.pass_context
def load_cases(ctx, paths, check, all_problems):
    """Load case-study YAML files (default: the bundled corpus), all-or-nothing per file."""
    from loaders.errors import LoadError

    try:
        _load_cases(ctx, paths, check)
    except LoadError as e:
        if all_problems:
            raise click.ClickException(e.render(None)) from None
        raise


def _load_cases(ctx, paths, check):
    from loaders import cases

    files = [Path(p) for p in paths] or cases.bundled_files()
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
    click.echo(f"{plural(len(reports), 'file')} loaded")


@main.group()
def schema():
    """Show the graph schema or the case-study file format."""


@schema.command("case-format")
def schema_case_format():
    """Print the JSON Schema of case-study files, derived from the graph schema."""
    import json

    from loaders.cases import case_json_schema

    click.echo(json.dumps(case_json_schema(default_model()), indent=2))


@schema.command("markdown")
def schema_markdown_cmd():
    """Print the schema reference as Markdown (docs/schema.md is this output)."""
    from graphmodel.docs import schema_markdown

    click.echo(schema_markdown(default_model()), nl=False)


@schema.command("show")
@fmt_option
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
def demo(ctx):
    """Build the embedded store from the bundled case studies and show what they say."""
    from loaders import cases

    from .demo import run_demo

    run_demo(ctx, open_graph, cases)


def _register_extensions() -> None:
    """Each extension module adds its commands with register(main), in this order (cli_gias
    adds to the `report` group that cli_reports creates)."""
    from . import cli_gias, cli_people, cli_reports, cli_server, cli_time, cli_viz

    for module in (cli_reports, cli_viz, cli_gias, cli_people, cli_server, cli_time):
        module.register(main)


if __name__ == "__main__":  # pragma: no cover - `python -m govgraph.cli`: use the package's copy
    from govgraph.cli import main as _main

    sys.exit(_main())
else:
    _register_extensions()
