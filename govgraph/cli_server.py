"""`govgraph server start|stop|status`: the warm embedded FalkorDB server.

Commands start the server themselves when needed and leave it warm for the next one; these
commands only let a user start it ahead of a burst, see it, or stop it now.
"""
from __future__ import annotations

import click

from .clihelpers import fmt_option
from .output import render


def _server(ctx, idle=None):
    from graphmodel.falkor_server import EmbeddedServer

    obj = ctx.find_root().obj or {}
    if obj.get("uri"):
        raise click.ClickException("govgraph server manages the embedded store only; "
                                   "--uri / GOVGRAPH_URI points at another backend")
    return EmbeddedServer(obj.get("data_dir"), idle=idle)  # ServerError: one line, by the group


@click.group("server")
def server():
    """The embedded FalkorDB server: warm between commands, stopped after an idle time."""


@server.command("start")
@click.option("--idle", type=click.FloatRange(min=0), metavar="SECONDS",
              help="stop after this long unused (default: GOVGRAPH_SERVER_IDLE or 300; 0: never "
                   "by itself, only `server stop`)")
@click.pass_context
def start(ctx, idle):
    """Start the embedded server now, so the next commands find it warm."""
    s = _server(ctx, idle)
    s.warm(idle)
    st = s.status()
    when = (f"stops after {st['idle_timeout_s']:g} s unused" if st["idle_timeout_s"] > 0
            else "runs until `govgraph server stop`")
    click.echo(f"running: pid {st['pid']}, {st['data_dir']}; {when}")


@server.command("stop")
@click.pass_context
def stop(ctx):
    """Stop the embedded server now (the next command starts it again)."""
    srv = _server(ctx)
    if not srv.stop():
        click.echo("not running")
    elif srv.killed:
        click.echo(f"stopped: pid {srv.killed} did not answer, so it was killed; the next "
                   "command recovers the store from its log")
    else:
        click.echo("stopped")


@server.command("status")
@fmt_option
@click.pass_context
def status(ctx, fmt):
    """Whether the server runs, its pid, and how long it has been unused."""
    st = _server(ctx).status()
    if fmt == "table":
        if not st["running"]:
            click.echo(f"not running ({st['data_dir']})" if st["pid"] is None else
                       f"pid {st['pid']} holds {st['data_dir']} but does not answer")
            return
        unused = st["unused_for_s"]
        idle = st["idle_timeout_s"]
        click.echo(f"running: pid {st['pid']}, {st['data_dir']}\n"
                   f"unused for {unused or 0:.0f} s; "
                   + (f"stops after {idle:g} s unused (watcher pid {st['watcher_pid']})"
                      if idle > 0 and st["watcher_pid"] else
                      "no idle watcher: stops when the last user closes or on `server stop`"))
    else:
        click.echo(render([st], fmt))


def register(main: click.Group) -> None:
    """Attach `server start|stop|status`."""
    main.add_command(server)


__all__ = ["register", "server"]
