"""`govgraph report changes`: what changed between two dates (analysis.changes; docs/time.md)."""
from __future__ import annotations

import click

from .clihelpers import fmt_option, keys_flag, la_option, open_graph


def register(main: click.Group) -> None:
    """Attach `report changes` to the report group (cli_reports creates it)."""
    from .cli_reports import show

    @click.command("changes")
    @click.option("--from", "since", required=True, metavar="YYYY-MM-DD",
                  help="changes after this date")
    @click.option("--to", "until", required=True, metavar="YYYY-MM-DD",
                  help="changes up to and including this date")
    @la_option()
    @click.option("--sources", is_flag=True, help="also list the sources of the facts")
    @keys_flag
    @fmt_option
    @click.pass_context
    def changes(ctx, since, until, la, sources, fmt):
        """Joined and left trusts or federations, bodies opened or closed, schools opened or
        closed, school links, seats started and ended: each row with its source."""
        from analysis.changes import changes as run

        with open_graph(ctx) as g:
            show(run(g, since, until, la), fmt, sources, g)

    main.commands["report"].add_command(changes, "changes")


__all__ = ["register"]
