"""The GIAS commands: `load gias`, `load la-codes`, `load seat-packs` and `report groups`.

Thin like govgraph.cli: parse options, make one library call, print. register(main) attaches
them to the `load` and `report` groups; errors are handled once by the top-level group.
"""
from __future__ import annotations

import sys

import click

from .clihelpers import as_of_option, fmt_option, keys_option, la_option, open_graph, run_question
from .output import plural


class _Bar:
    """A tqdm bar on stderr fed by a loader's progress(done, total) callback, in source rows.

    Created on the first call, when the total is known, so it never shows a bar without one."""

    def __init__(self, desc: str):
        self.desc = desc
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.desc, unit=" rows", file=sys.stderr,
                            disable=None, leave=False, unit_scale=False)
        self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@click.command("gias")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--skip-bad-rows", is_flag=True,
              help="load the good rows; write bad ones to <file>.bad.csv and a report")
@click.option("--reject-dir", type=click.Path(file_okay=False),
              help="where bad-row files go (default: beside the file if writable, else here)")
@click.option("--extract-date", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="extract date of files whose names carry no YYYYMMDD date (required for "
                   "them; the 2022 files: 2022-08-31)")
@click.option("--replace", "replace", type=click.DateTime(formats=["%Y-%m-%d"]),
              metavar="YYYY-MM-DD", help="these files were loaded before under this (wrong) "
              "extract date: re-date those facts to the files' date, then load")
@click.pass_context
def gias(ctx, paths, skip_bad_rows, reject_dir, extract_date, replace):
    """Load GIAS register files (establishments, groups, links, governance; kind from header)."""
    from loaders.gias import load_gias

    check, bar = _Bar("checking GIAS rows"), _Bar("writing GIAS rows")

    def checking(done: int, total: int) -> None:
        check(done, total)
        if done >= total:
            check.close()

    try:
        with open_graph(ctx) as g:
            reports = load_gias(g, paths, skip_bad_rows=skip_bad_rows, reject_dir=reject_dir,
                                extract_date=extract_date.date() if extract_date else None,
                                progress=bar, checking=checking,
                                replace=replace.date() if replace else None)
    finally:
        check.close()
        bar.close()
    for r in reports:
        line = (f"loaded {r.file} ({r.kind}, extract {r.extract_date}): {r.loaded} of {r.rows} "
                f"rows, {r.nodes} nodes, {r.relationships} relationships")
        if r.closed:
            line += (f", {plural(r.closed, 'seat')} no longer listed given an end"
                     if r.kind == "governance" else f", {r.closed} ended memberships closed")
        click.echo(line)
        if r.rejects:
            click.echo(f"  {plural(r.bad, 'bad row')} skipped: {r.rejects[0]} (why: {r.rejects[1]})",
                       err=True)
        if r.note:
            click.echo(f"  note: {r.note}", err=True)


@click.command("la-codes")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def la_codes(ctx, paths):
    """Load LA code lists (DfE codes; mySociety GSS codes and regions) onto local authorities."""
    from loaders.la_codes import load_la_codes

    with open_graph(ctx) as g:
        reports = load_la_codes(g, paths)
    for r in reports:
        click.echo(f"loaded {r.file} ({r.kind}): {r.authorities} authorities from {r.rows} rows")


@click.command("seat-packs")
@click.pass_context
def seat_packs(ctx):
    """Pack each board's register seats for the board checks, as every governance load does."""
    from loaders.seat_packs import repack

    with open_graph(ctx) as g:
        boards = repack(g)
    click.echo(f"packed the register seats of {plural(boards, 'board')}" if boards else
               "no register seats to pack: load a GIAS governance file first")


@click.command("groups")
@la_option(required=True, help="the local authority: DfE 3-digit code for GIAS data (e.g. "
                              "919), key or name")
@as_of_option
@fmt_option
@keys_option
@click.pass_context
def groups(ctx, la, as_of, fmt, keys):
    """Trusts and federations with schools in one local authority, with those schools
    (members on --as-of DATE: joined by then and not yet left)."""
    run_question(ctx, "groups_in_authority", {"la": la, "as_of": as_of}, fmt, keys)


def register(main: click.Group) -> None:
    """Attach the commands: `load gias`, `load la-codes`, `load seat-packs`, `report groups`."""
    main.commands["load"].add_command(gias, "gias")
    main.commands["load"].add_command(la_codes, "la-codes")
    main.commands["load"].add_command(seat_packs, "seat-packs")
    main.commands["report"].add_command(groups, "groups")


__all__ = ["gias", "groups", "la_codes", "register", "seat_packs"]
