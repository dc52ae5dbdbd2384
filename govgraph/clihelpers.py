"""What every govgraph command shares: the error contract, opening the store, shared options,
and the one runner of named questions.

Kept apart from cli.py so that the command modules (cli_reports, cli_gias, cli_viz) can import
it in any order; each of them has `register(main)`, which cli.py calls.

Errors: GovgraphGroup catches, once for every command, GovgraphError (an expected failure: one
line, exit 1) and anything else (a bug: one line naming it, exit 70, with a hint to rerun with
--debug). The Neo4j password is scrubbed from both, and from --debug tracebacks.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import traceback
from pathlib import Path

import click

from graphmodel import queries as Q
from graphmodel.exc import GovgraphError, from_os_error
from graphmodel.store import Graph

from .output import FORMATS, render

BUG_EXIT = 70  # EX_SOFTWARE (sysexits.h): an internal error, not something the user did


def scrub(text: str) -> str:
    pw = os.environ.get("NEO4J_PASSWORD")
    return text.replace(pw, "***") if pw else text


class Bug(click.ClickException):
    """An unexpected exception: a bug in govgraph, reported as such."""

    exit_code = BUG_EXIT

    def format_message(self) -> str:
        return (f"internal error (a bug in govgraph, not in what you typed): {self.message}\n"
                "  rerun with `govgraph --debug ...` to see the traceback, and report it")


def translate(exc: BaseException, debug: bool) -> click.ClickException | None:
    """The ClickException to raise for exc, or None to let it through (click's own, Ctrl-C,
    a closed pipe)."""
    if isinstance(exc, (click.ClickException, click.exceptions.Exit, click.Abort,
                        KeyboardInterrupt, SystemExit)):
        return None
    if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
        return None  # `govgraph ... | head`: click ends quietly
    if debug:
        click.echo(scrub("".join(traceback.format_exception(exc))), err=True)
    if isinstance(exc, GovgraphError):
        return click.ClickException(scrub(str(exc)))
    return Bug(scrub(f"{type(exc).__name__}: {exc}"))


class GovgraphGroup(click.Group):
    """The top-level group: every subcommand's errors pass through translate() once."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as e:  # noqa: BLE001 - sorted into expected failures and bugs
            out = translate(e, bool(ctx.obj and ctx.obj.get("debug")))
            if out is None:
                raise
            raise out from None


def open_graph(ctx: click.Context) -> Graph:
    obj = ctx.find_root().obj or {}
    g = Graph.open(obj.get("uri"), data_dir=obj.get("data_dir"))
    if g.recovered:
        click.echo("govgraph: the embedded server had stopped without a clean shutdown (killed or "
                   "crashed); it was restarted and the store recovered from its append-only log "
                   "(every completed write batch is kept)", err=True)
    return g


@contextlib.contextmanager
def user_file(path):
    """An OSError on the file (or folder) the user named becomes one line naming it; other
    OSErrors stay what they are (a bug or an environment fault shown as such)."""
    mine = Path(path).absolute()
    try:
        yield
    except OSError as e:
        hit = Path(e.filename).absolute() if e.filename else None
        if hit is not None and (hit == mine or mine in hit.parents or hit in mine.parents):
            raise from_os_error(e, str(path)) from None
        raise


# -- shared options --------------------------------------------------------------------
def fmt_option(fn):
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="table for people; csv or json for programs")(fn)


def keys_option(fn):
    return click.option("--keys", "keys", is_flag=True,
                        help="tables: also show key columns (csv and json always have them)")(fn)


def keys_flag(fn):
    """--keys for commands that print through shown_columns() (it is kept in ctx.meta)."""
    def remember(ctx, _param, value):
        ctx.meta["govgraph.keys"] = value
    return click.option("--keys", is_flag=True, expose_value=False, callback=remember,
                        help="tables: also show key columns (csv and json always have them)")(fn)


def shown_columns(columns, fmt: str, rows=()) -> list[str]:
    """columns_for() with the current command's --keys (see keys_flag)."""
    ctx = click.get_current_context(silent=True)
    return columns_for(columns, fmt, bool(ctx and ctx.meta.get("govgraph.keys")), rows)


def sources_option(fn):
    return click.option("--sources", is_flag=True, help="also list the sources of the facts")(fn)


def report_options(fn):
    """--format, --keys and --sources: what every report command takes."""
    return keys_flag(fmt_option(sources_option(fn)))


def output_option(help: str = "the HTML file to write"):
    return click.option("-o", "--output", "output", required=True,
                        type=click.Path(dir_okay=False), help=help)


mkdir_option = click.option("--mkdir", is_flag=True,
                            help="create the output's folder if it is missing")


def la_option(required: bool = False, multiple: bool = False, help: str | None = None):
    """--la: an authority by key, DfE code or name (case-insensitive); resolved by the library."""
    text = help or ("authority: key, DfE code or name (case-insensitive)"
                    + ("; repeatable" if multiple else ""))
    return click.option("--la", "las" if multiple else "la", required=required,
                        multiple=multiple, metavar="NAME", help=text)


def as_of_option(fn):
    """--as-of YYYY-MM-DD: answer as of a date (docs/time.md); checked here, never guessed."""
    def check(_ctx, _param, value):
        return Q.as_of_date(value, "--as-of") if value is not None else None
    return click.option("--as-of", "as_of", metavar="YYYY-MM-DD", callback=check,
                        help="answer as of this date (default: now, the facts that have not "
                             "ended); docs/time.md")(fn)


def _is_key(column: str) -> bool:
    return column == "key" or column.endswith("_key") or column.endswith("_keys")


def columns_for(columns, fmt: str, keys: bool, rows=()) -> list[str]:
    """Tables leave out key columns unless --keys; csv and json always carry them, including
    keys the rows hold beside a shown column (body -> body_key) that the report did not list."""
    cols = list(columns)
    if fmt == "table" and not keys:
        return [c for c in cols if not _is_key(c)] or cols
    present = set(rows[0]) if rows else set()
    out: list[str] = []
    for c in cols:
        out.append(c)
        for k in (f"{c}_key", f"{c}_keys"):
            if k in present and k not in cols and k not in out:
                out.append(k)
    return out


def terminal_width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


# -- the named-question runner -----------------------------------------------------------
def parse_params(pairs) -> dict:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r}: write name=value", param_hint="--param")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


def run_question(ctx: click.Context, name: str, params: dict, fmt: str, keys: bool = False) -> None:
    """Run one named question and print it: its question and a table (or the line saying what
    an empty answer means), or csv/json for programs (an empty list or header only)."""
    from analysis.evidence import grade_rows

    with open_graph(ctx) as g:
        ans = Q.answer(g, name, params)
        rows = grade_rows(g, ans.rows)
    returns = list(ans.query.returns)
    if rows and "evidence" not in returns:
        returns.append("evidence")
    cols = columns_for(returns, fmt, keys, rows)
    if fmt == "table":
        click.echo(ans.query.question)
        click.echo(render(rows, fmt, columns=cols) if rows else ans.empty)
        return
    click.echo(render(rows, fmt, columns=cols))
