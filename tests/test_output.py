"""Tables for people: fitted to the terminal, nothing cut, lists readable; CSV/JSON unchanged."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from click.testing import CliRunner

from govgraph.cli import main
from govgraph.output import BULLET, plural, render, wrap

WIDTH = 100


EVIDENCE_MARKS = "*~"      # a report's table marks inferred and illustrative values


def words(text: str) -> Counter:
    return Counter(w.rstrip(EVIDENCE_MARKS) or w for w in text.split())


def table_columns(row: dict) -> list[str]:
    """What a report's table shows of a JSON row: not the evidence grade (a mark instead), nor
    keys (shown on request)."""
    return [k for k in row if k != "evidence" and not k.endswith("key")]


def cell_words(rows: list[dict]) -> Counter:
    c: Counter = Counter()
    for r in rows:
        for v in (r[k] for k in table_columns(r)):
            items = v if isinstance(v, list) else [v]
            for x in items:
                if x is None:
                    continue
                if isinstance(x, bool):
                    x = "yes" if x else "no"
                elif isinstance(x, float):
                    x = f"{x:.2g}" if 0 < abs(x) < 0.005 else f"{x:.2f}"
                c.update(str(x).split())
    return c


def missing_words(table: str, rows: list[dict]) -> Counter:
    """Words of the cells that the table shows fewer times than the cells hold them."""
    return cell_words(rows) - words(table)


@pytest.mark.parametrize("args", [["report", "gaps"], ["report", "power"], ["report", "compare"]],
                         ids=lambda a: " ".join(a))
def test_reports_read_whole_at_100_columns(args, corpus_graph, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    run = CliRunner()
    table = run.invoke(main, ["--uri", corpus_graph.uri, *args])
    assert table.exit_code == 0, table.output
    data = run.invoke(main, ["--uri", corpus_graph.uri, *args, "--format", "json"])
    rows = json.loads(data.output)
    assert rows, "the corpus answers this report"
    long = [line for line in table.output.splitlines() if len(line) > WIDTH]
    assert not long, f"{len(long)} lines wider than {WIDTH}:\n" + "\n".join(long[:5])
    lost = missing_words(table.output, rows)
    assert not lost, f"cell text lost from the table: {dict(lost)}"
    assert "…" not in table.output


def test_power_lists_each_power_once(corpus_graph):
    data = json.loads(CliRunner().invoke(main, ["--uri", corpus_graph.uri, "report", "power",
                                                "--format", "json"]).output)
    for r in data:
        assert len(r["powers"]) == len(set(r["powers"])), (r["body"], r["powers"])
        assert len(r["delegated_by"]) == len(set(r["delegated_by"])), r["body"]
    fjc = next(r for r in data if r["body"] == "Federation Joint Committee")
    assert len(fjc["delegated_by"]) == 7 and fjc["powers"]   # seven bodies delegate the same powers


LONG = ("formal (legal) and practical (resource) accountability point to different holders, "
        "which is the point of this long sentence that used to be cut at sixty characters")
ROWS = [
    {"authority": "Centro City", "bodies": 5, "share": 0.5, "binding": True,
     "holders": ["Governing body, federation school A", "Governing body, federation school B"],
     "gap": LONG},
    {"authority": "Coast City", "bodies": 12, "share": None, "binding": False,
     "holders": ["Coast City"], "gap": "none"},
]


def test_long_cells_wrap_instead_of_being_cut():
    out = render(ROWS, width=80)
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert not missing_words(out, ROWS), out
    assert "…" not in out


def test_list_items_one_a_line_so_commas_in_names_stay_readable():
    out = render(ROWS, width=250)
    lines = out.splitlines()
    a = next(i for i, line in enumerate(lines) if "federation school A" in line)
    b = next(i for i, line in enumerate(lines) if "federation school B" in line)
    assert b == a + 1 and f"{BULLET} Governing body, federation school A" in lines[a]
    assert "Governing body, federation school A, Governing" not in out


def test_a_wrapped_list_item_continues_under_its_text_not_its_bullet():
    items = ["Nottinghamshire Learning Partnership, north locality board of governors", "Short one"]
    out = render([{"body": "b", "members": items}, {"body": "c", "members": ["x", "y"]}], width=40)
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if f"{BULLET} Nottinghamshire" in line)
    col = lines[first].index(BULLET)
    assert lines[first + 1][col:col + 2] == "  " and lines[first + 1][col + 2] != " ", out
    assert all(len(line) <= 40 for line in lines), out
    assert not missing_words(out, [{"m": " ".join(items)}]), out
    assert f"{BULLET} Short one" in out


def test_numbers_right_aligned_and_floats_two_places():
    out = render([{"name": "a", "n": 5}, {"name": "b", "n": 120}], width=80)
    lines = out.splitlines()
    assert lines[-2].endswith("  5") and lines[-1].endswith("120")
    assert "0.50" in render(ROWS, width=200)


def test_too_wide_turns_on_its_side():
    cols = [f"measure_{i}" for i in range(20)]
    rows = [{"authority": f"Authority {k}", **{c: k * i for i, c in enumerate(cols)}}
            for k in range(3)]
    out = render(rows, width=60)
    lines = [line for line in out.splitlines() if line.strip()]
    assert all(len(line) <= 60 for line in lines), out
    assert "Authority 0" in lines[0] and "Authority 2" in lines[0]   # rows become columns
    assert any(line.strip().startswith("measure 19") for line in lines)
    assert not missing_words(out, rows)


def test_sideways_heads_each_column_with_the_field_that_tells_rows_apart():
    rows = [{"authority": "Met Borough", "body": f"Area partnership {i}", "note": LONG}
            for i in range(1, 4)]
    out = render(rows, width=50)
    assert all(len(line) <= 50 for line in out.splitlines()), out
    assert not missing_words(out, rows)


def test_terminal_width_comes_from_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = render(ROWS)
    assert max(len(line) for line in out.splitlines()) <= 60
    monkeypatch.setenv("COLUMNS", "200")
    assert max(len(line) for line in render(ROWS).splitlines()) > 60


def test_csv_and_json_keep_their_content():
    got = list(csv.reader(io.StringIO(render(ROWS, "csv"))))
    assert got[0] == list(ROWS[0])
    assert got[1] == ["Centro City", "5", "0.5", "True",
                      "Governing body, federation school A;Governing body, federation school B",
                      LONG]
    assert json.loads(render(ROWS, "json")) == ROWS
    assert render([], "table") == "(no rows)"


def test_plural_and_wrap():
    assert plural(1, "body") == "1 body" and plural(2, "body") == "2 bodies"
    assert plural(0, "school") == "0 schools" and plural(3, "authority") == "3 authorities"
    assert plural(2, "day") == "2 days" and plural(2, "person", "people") == "2 people"
    assert plural(20274, "board") == "20,274 boards"   # thousands marked, as in tables
    text = wrap("- " + LONG, 40, indent="  ")
    assert all(len(line) <= 40 for line in text.splitlines())
    assert all(line.startswith("  ") for line in text.splitlines()[1:])


def test_long_tables_show_the_first_rows_and_say_how_many_more():
    rows = [{"person": f"Person {i}", "boards": i % 7} for i in range(450)]
    out = render(rows, width=WIDTH, max_rows=200)
    assert "Person 199" in out and "Person 200" not in out
    assert out.splitlines()[-1].startswith("... the first 200 of 450 rows")
    assert "--format csv" in out
    assert len(list(csv.reader(io.StringIO(render(rows, "csv"))))) == 451   # programs get all
    assert len(json.loads(render(rows, "json"))) == 450
    assert "of 150 rows" not in render(rows[:150], width=WIDTH, max_rows=200)


def test_many_rows_too_wide_are_laid_out_sideways_in_chunks():
    """Thousands of rows turned on their side: each chunk fits, no word is lost (the search for
    the chunk size was quadratic in the row count and took minutes on 13,000 rows)."""
    cols = [f"measure_{i}" for i in range(12)]
    rows = [{"board": f"B{k}", **{c: k * i for i, c in enumerate(cols)}} for k in range(3000)]
    out = render(rows, width=80, max_rows=None)
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "B0" in out and "B2999" in out


def test_sideways_heading_is_never_a_list():
    rows = [{"gids": [f"{i}01", f"{i}02"], "board": f"board_{i}",
             **{f"measure_{j}": f"value_{j}" for j in range(8)}} for i in range(4)]
    out = render(rows, width=60)
    assert "measure 7" in out.splitlines()[-1] or any(
        line.strip().startswith("measure 7") for line in out.splitlines()), out   # sideways
    lines = out.splitlines()
    head = lines[next(i for i, line in enumerate(lines) if line.strip().startswith("─")) - 1]
    assert "board_0" in head and BULLET not in out.split("─")[0], out
    assert not missing_words(out, [{k: v for k, v in r.items() if k != "gids"} for r in rows])


def test_a_small_number_is_not_printed_as_zero():
    """Betweenness on a national network is of the order of 0.0001: a table must not show a
    ranked, non-zero score as 0.00 (nor a zero as anything else)."""
    from govgraph.output import _cell
    assert _cell(0.00022) == "0.00022" and _cell(-0.0031) == "-0.0031"
    assert _cell(0.0) == "0.00" and _cell(0.005) == "0.01" and _cell(0.62146) == "0.62"
