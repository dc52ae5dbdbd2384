"""`govgraph report ...` and `govgraph assess`: thin commands over the analysis package."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from analysis import assess as A, brokers as B, compare as C, measures as M, reports as R
from graphmodel.exc import InvalidInput, from_os_error

from .clihelpers import as_of_option, fmt_option, la_option, open_graph, report_options, shown_columns
from .output import render, wrap


def marked(rows: list[dict], columns: list[str], measure_columns) -> tuple[list[dict], list[str], list[str]]:
    """Rows for a table: numbers carry their row's evidence mark, one footnote line per mark used.

    CSV and JSON keep the `evidence` column instead.
    """
    cols = [c for c in columns if c != "evidence"]
    if "evidence" not in columns:
        return rows, cols, []
    out, used = [], set()
    for r in rows:
        mark = M.MARK.get(M.grade(r.get("evidence")), "")
        row = dict(r)
        if mark:
            for c in measure_columns:
                if c in row and row[c] is not None and row[c] != M.NOT_DOCUMENTED:
                    v = row[c]
                    if isinstance(v, (list, tuple)):   # a list: the mark on its last item
                        if not v:
                            continue
                        row[c] = [*v[:-1], f"{v[-1]}{mark}"]
                    else:
                        row[c] = (f"{v:.2f}" if isinstance(v, float) else str(v)) + mark
                    used.add(M.grade(r.get("evidence")))
        out.append(row)
    return out, cols, [M.FOOTNOTE[g] for g in M.EVIDENCE if g in used]


def show(report: R.Report, fmt: str, sources: bool, graph) -> None:
    """Question above the table, an explicit 'no rows' line, notes, then sources on request."""
    if fmt == "table":
        click.echo(wrap(report.question))
        if not report.rows:
            click.echo(getattr(report, "empty", "") or "no rows: nothing in the store answers this question")
        else:
            rows, cols, foot = marked(report.rows, report.columns, report.measure_columns)
            click.echo(render(rows, "table", shown_columns(cols, fmt, report.rows)))
            for f in foot:
                click.echo(f)
        for n in report.notes:
            click.echo(wrap(f"- {n}", indent="  "))
    else:
        click.echo(render(report.rows, fmt, shown_columns(report.columns, fmt, report.rows)))
    if sources:
        src = report.sources(graph)
        click.echo("\nSources of the facts used:" if fmt == "table" else "", err=fmt != "table")
        click.echo(render(src, "table" if fmt == "table" else fmt,
                          ["source", "source_ref", "evidence", "facts"], max_width=90),
                   err=fmt != "table")


def run_report(ctx, fn, fmt, sources, *args, **kw):
    """The one library call of a report command: fn(graph, ...), shown."""
    with open_graph(ctx) as g:
        show(fn(g, *args, **kw), fmt, sources, g)


def documented_only_option(fn):
    return click.option("--documented-only", is_flag=True,
                        help="compute from documented facts alone; \"not documented\" where a "
                             "number cannot be had")(fn)


def register(main):
    @main.group()
    def report():
        """Reports: representation, power, accountability, gaps, tiers, compare, ..."""

    common, run = report_options, run_report  # the short names the commands below use

    @report.command("representation")
    @la_option()
    @click.option("--by", type=click.Choice(R.BY_LEVELS), default="body", show_default=True)
    @documented_only_option
    @as_of_option
    @common
    @click.pass_context
    def representation(ctx, la, by, documented_only, as_of, fmt, sources):
        """Professional versus governor votes per body (or per cluster, locality, authority)."""
        run(ctx, R.representation, fmt, sources, la, by, documented_only=documented_only,
            as_of=as_of)

    @report.command("power")
    @la_option()
    @documented_only_option
    @as_of_option
    @common
    @click.pass_context
    def power(ctx, la, documented_only, as_of, fmt, sources):
        """Binding bodies, their delegated powers, who votes, and each locality's power split."""
        run(ctx, R.power, fmt, sources, la, documented_only=documented_only, as_of=as_of)

    @report.command("accountability")
    @la_option()
    @click.option("--body", metavar="NAME", help="one body: key or name (case-insensitive)")
    @as_of_option
    @common
    @click.pass_context
    def accountability(ctx, la, body, as_of, fmt, sources):
        """Accountability chains from each body to its ultimate holders."""
        run(ctx, R.accountability, fmt, sources, la, body, as_of=as_of)

    @report.command("gaps")
    @la_option()
    @as_of_option
    @common
    @click.pass_context
    def gaps(ctx, la, as_of, fmt, sources):
        """Binding bodies without legal accountability, and split accountability."""
        run(ctx, R.gaps, fmt, sources, la, as_of=as_of)

    @report.command("tiers")
    @la_option()
    @documented_only_option
    @as_of_option
    @common
    @click.pass_context
    def tiers(ctx, la, documented_only, as_of, fmt, sources):
        """Which tiers of partnership each authority has, and what they decide."""
        run(ctx, R.tiers, fmt, sources, la, documented_only=documented_only, as_of=as_of)

    @report.command("participation")
    @la_option()
    @as_of_option
    @common
    @click.pass_context
    def participation(ctx, la, as_of, fmt, sources):
        """Schools and colleges of an area that take part in none of its partnerships."""
        run(ctx, R.participation, fmt, sources, la, as_of=as_of)

    @report.command("brokers")
    @la_option()
    @click.option("--top", type=int, default=10, show_default=True)
    @as_of_option
    @common
    @click.pass_context
    def brokers(ctx, la, top, as_of, fmt, sources):
        """The most central bodies and seats by betweenness (exact, or with a margin on large
        networks), with what they connect."""
        run(ctx, B.brokers, fmt, sources, la, top, as_of=as_of)

    @report.command("reference")
    @la_option(required=True)
    @click.option("--model", default="ref/multi-layer-standard", show_default=True,
                  help="key of the reference model")
    @as_of_option
    @common
    @click.pass_context
    def reference(ctx, la, model, as_of, fmt, sources):
        """What the recommended multi-layer model has that the authority lacks, and the reverse."""
        run(ctx, C.reference, fmt, sources, la, model, as_of=as_of)

    @report.command("compare")
    @la_option(multiple=True, help="authorities to compare, by key, DfE code or name; repeatable "
                                  "(default: the case studies)")
    @documented_only_option
    @as_of_option
    @common
    @click.pass_context
    def compare(ctx, las, documented_only, as_of, fmt, sources):
        """The authorities side by side, one row each."""
        run(ctx, C.compare, fmt, sources, list(las) or None, documented_only=documented_only,
            as_of=as_of)

    @report.command("findings")
    @la_option(help="only findings about this authority or reference model (key, code or name)")
    @as_of_option
    @common
    @click.pass_context
    def findings(ctx, la, as_of, fmt, sources):
        """The research's findings, each with the live result that supports it and its grade."""
        from analysis.findings import findings as report_findings

        run(ctx, report_findings, fmt, sources, la, as_of=as_of)

    @main.command()
    @click.argument("cluster")
    @click.option("--scores", type=click.Path(exists=True, dir_okay=False),
                  help="YAML or CSV: position, leaders, governors per dimension")
    @as_of_option
    @fmt_option
    @click.pass_context
    def assess(ctx, cluster, scores, as_of, fmt):
        """Run the cluster self-evaluation (002) and say where the cluster should start."""
        given = read_scores(Path(scores)) if scores else None
        with open_graph(ctx) as g:
            show(A.assess(g, cluster, given, as_of=as_of), fmt, False, g)

    return report


def read_scores(path: Path) -> list[dict]:
    """Scores file: CSV or YAML rows of position (1-7), leaders and governors (1-4 or empty)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise from_os_error(e, path.name) from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name}: not UTF-8 text") from None
    import yaml   # here, not at the top: every command imports this module (issue 11)

    try:
        return _score_rows(path, text)
    except (yaml.YAMLError, json.JSONDecodeError, csv.Error) as e:
        raise InvalidInput(f"{path.name}: cannot be read as {path.suffix.lstrip('.') or 'YAML'}: "
                           f"{str(e).splitlines()[0]}") from None


def _score_rows(path: Path, text: str) -> list[dict]:
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    elif path.suffix.lower() == ".json":
        rows = json.loads(text)
    else:
        import yaml

        rows = yaml.safe_load(text)
        if isinstance(rows, dict):
            rows = rows.get("scores", rows)
    if not isinstance(rows, list):
        raise InvalidInput(f"{path.name}: expected a list of rows with position, leaders, governors")
    out = []
    for i, r in enumerate(rows, 1):
        try:
            out.append({k: (None if r.get(k) in (None, "") else int(r[k]))
                        for k in ("position", "leaders", "governors")})
        except (ValueError, TypeError, AttributeError):
            raise InvalidInput(f"{path.name}: row {i}: position, leaders and governors must be "
                               "whole numbers") from None
    if not any(r["leaders"] is not None or r["governors"] is not None for r in out):
        raise InvalidInput(f"{path.name}: no scores: every leaders and governors cell is empty "
                           "(give at least one score, 1-4)")
    return out
