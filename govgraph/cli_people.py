"""`govgraph report interlocks | board-checks | register | register-brokers`: the register's
people (GIAS governance, resolved into persons when it loads; docs/people.md).

Thin: parse options, make one analysis call, print with cli_reports.show.
"""
from __future__ import annotations

import click

from .clihelpers import as_of_option, la_option, report_options


TABLE_TOP = 100   # people and boards a national interlocks table lists, each


def _run(ctx, fn, fmt, sources, **kw):
    from .cli_reports import run_report

    run_report(ctx, fn, fmt, sources, **kw)


def _filters(fn):
    fn = click.option("--group", metavar="UID", help="one trust or federation: GIAS group UID, "
                      "key or name")(fn)
    fn = la_option(help="one local authority: key, DfE code or name (case-insensitive)")(fn)
    return as_of_option(report_options(fn))


@click.command("interlocks")
@_filters
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="leave out appointments linked to their person with less confidence")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="only the N most connected people and boards  [default: 100 in a table, "
                   "all in csv and json]")
@click.pass_context
def interlocks(ctx, la, group, fmt, sources, as_of, min_confidence, top):
    """People on more than one board and the boards and trusts they link (register)."""
    from analysis.register import interlocks as fn

    if top is None and fmt == "table":   # both lists fit one table (output.TABLE_ROWS)
        top = TABLE_TOP
    _run(ctx, fn, fmt, sources, la=la, group=group, min_confidence=min_confidence,
         top=top, as_of=as_of)


@click.command("board-checks")
@_filters
@click.pass_context
def board_checks(ctx, la, group, fmt, sources, as_of):
    """Boards that fail a published governance rule, with the GIAS rows (GIDs) behind each flag."""
    from analysis.register_checks import board_checks as fn

    _run(ctx, fn, fmt, sources, la=la, group=group, as_of=as_of)


@click.command("register")
@_filters
@click.option("--by", type=click.Choice(["board", "trust", "authority", "national"]),
              default="authority", show_default=True)
@click.pass_context
def register_representation(ctx, la, group, fmt, sources, as_of, by):
    """Register seats: professionals vs governors; parent, staff, LA, foundation, co-opted shares."""
    from analysis.register import representation as fn

    _run(ctx, fn, fmt, sources, la=la, group=group, by=by, as_of=as_of)


@click.command("register-brokers")
@_filters
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None)
@click.option("--top", type=int, default=10, show_default=True)
@click.pass_context
def register_brokers(ctx, la, group, fmt, sources, as_of, min_confidence, top):
    """Brokers on the resolved register network (people linking boards; betweenness)."""
    from analysis.register import brokers as fn

    _run(ctx, fn, fmt, sources, la=la, group=group, min_confidence=min_confidence,
         top=top, as_of=as_of)


def register(main: click.Group) -> None:
    """Attach the commands to the `report` group (cli_reports creates it first)."""
    for cmd in (interlocks, board_checks, register_representation, register_brokers):
        main.commands["report"].add_command(cmd)


__all__ = ["register"]
