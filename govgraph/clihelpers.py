"""What every govgraph command shares: error handling, opening the store, --format.

Kept apart from cli.py so that the command modules (cli_reports, cli_gias, cli_viz) can import
it in any order; cli.py registers them.
"""
from __future__ import annotations

import functools
import os
import traceback

import click

from graphmodel import InvalidModel, StoreError
from graphmodel import queries as Q
from graphmodel.store import Graph

from .output import FORMATS


def _scrub(text: str) -> str:
    pw = os.environ.get("NEO4J_PASSWORD")
    return text.replace(pw, "***") if pw else text


def handle_errors(fn):
    """Library errors -> one line and exit 1; tracebacks only with --debug."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        try:
            return fn(*args, **kwargs)
        except click.ClickException:
            raise
        except (StoreError, Q.QueryError, InvalidModel, ValueError, OSError) as e:
            if ctx.obj and ctx.obj.get("debug"):
                click.echo(_scrub(traceback.format_exc()), err=True)
            raise click.ClickException(_scrub(str(e))) from None
    return wrapper


def open_graph(ctx: click.Context) -> Graph:
    obj = ctx.obj or {}
    g = Graph.open(obj.get("uri"), data_dir=obj.get("data_dir"))
    if g.recovered:
        click.echo("govgraph: the embedded server had stopped without a clean shutdown (killed or "
                   "crashed); it was restarted and the store recovered from its append-only log "
                   "(every completed write batch is kept)", err=True)
    return g


def fmt_option(fn):
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="table for people; csv or json for programs")(fn)
