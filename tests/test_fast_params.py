"""The fast load path (issues 11.4 and 13.5): FalkorDB's parameter text written a column at a
time (graphmodel/falkor_params.py) and new elements CREATEd by id (graphmodel/writer_new.py).

- the text is the falkordb client's own, on random values (hypothesis), errors included;
- values sent that way come back from the server identical;
- a load through the fast path leaves the same store as the MERGE path, and a reload changes
  nothing; Neo4j keeps the MERGE path (no statement by internal id) and loads the same graph.
"""
from __future__ import annotations

import math
import string

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import gias_fixtures as F
from graphmodel import StoreError
from graphmodel.falkor_params import COLUMNS_FROM, param_value, params_header
from loaders.gias import load_gias

client = pytest.importorskip("falkordb.helpers")
from falkordb.graph import Graph as ClientGraph  # noqa: E402

# text the register could hold and text that stresses the escape: quotes, backslashes,
# newlines, tabs, percent signs (the column template is a % format), accents, emoji
TRICKY = st.sampled_from(['"', "\\", "\\\\", '\\"', "\n", "\r\n", "\t", "%s", "%%", "%(x)s",
                          "`", "'", "{", "}", "é", "Zoë", "💡", " ", ""])
TEXT = st.one_of(st.text(max_size=12), st.lists(TRICKY, max_size=5).map("".join),
                 st.text(alphabet=string.printable, max_size=12))
KEY = st.one_of(st.sampled_from(["key", "from", "to", "gid", "props", "a", "b", "p", "x%s",
                                 "with space", "é"]), st.text(min_size=0, max_size=6))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                   TEXT)


def values(scalar=SCALAR, key=KEY):
    return st.recursive(scalar, lambda inner: st.one_of(
        st.lists(inner, max_size=12), st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(key, inner, max_size=5)), max_leaves=40)


@st.composite
def rows(draw, scalar=SCALAR, key=KEY):
    """What loads send: many maps with the same keys (the column path), sometimes a few
    shapes, sometimes a nested map column."""
    keys = draw(st.lists(key, min_size=0, max_size=5, unique=True))
    n = draw(st.integers(COLUMNS_FROM, 3 * COLUMNS_FROM))
    column = st.one_of(scalar, values(scalar, key))
    out = []
    for _ in range(n):
        shape = keys if draw(st.integers(0, 4)) else keys[:-1]
        row = {k: draw(column) for k in shape}
        if draw(st.booleans()):
            row["props"] = draw(st.dictionaries(key, scalar, max_size=3))
        out.append(row)
    return out


@st.composite
def list_rows(draw, scalar=SCALAR, key=KEY):
    """What the fast load path sends: many lists of the same length read by position, sometimes
    of two lengths, sometimes with a nested map or list column, sometimes tuples."""
    width = draw(st.integers(0, 6))
    n = draw(st.integers(COLUMNS_FROM, 3 * COLUMNS_FROM))
    column = st.one_of(scalar, values(scalar, key))
    kind = draw(st.sampled_from([list, list, tuple]))
    out = []
    for _ in range(n):
        w = width if draw(st.integers(0, 4)) else max(0, width - 1)
        out.append(kind(draw(column) for _ in range(w)))
    return out


def same_text_or_error(value):
    try:
        expected = client.stringify_param_value(value)
    except Exception as e:  # the client refuses: so must we, with the same error
        with pytest.raises(type(e)) as got:
            param_value(value)
        assert str(got.value) == str(e)
        return
    assert param_value(value) == expected


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values())
def test_text_is_the_clients_on_random_values(value):
    same_text_or_error(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows())
def test_text_is_the_clients_on_rows(value):
    same_text_or_error(value)
    same_text_or_error({"rows": value, "c": value[0] if value else {}})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(list_rows())
def test_text_is_the_clients_on_list_rows(value):
    same_text_or_error(value)
    same_text_or_error({"rows": value, "c": list(value[0]) if value else []})


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=5), values(), max_size=4))
def test_header_is_the_clients(params):
    try:
        expected = ClientGraph._build_params_header(None, params)
    except ValueError as e:
        with pytest.raises(ValueError, match="backtick|empty"):
            params_header(params)
        assert "backtick" in str(e) or "empty" in str(e)
        return
    assert params_header(params) == expected


def test_the_cases_that_differ_from_json():
    """Where JSON would differ, the client's text (and so ours) is kept."""
    rows_ = [{"a": True, "b": None, "c": 1.5, "d": 'say "hi"\\\n', "e": float("inf"),
              "k": {"`x`" if i == 0 else "y": i}} for i in range(COLUMNS_FROM)]
    with pytest.raises(ValueError, match="backtick"):
        client.stringify_param_value(rows_)
    with pytest.raises(ValueError, match="backtick"):
        param_value(rows_)
    rows_[0]["k"] = {"y": 0}
    text = param_value(rows_)
    assert text == client.stringify_param_value(rows_)
    assert text.startswith('[{`a`:True,`b`:null,`c`:1.5,`d`:"say \\"hi\\"\\\\\n",`e`:inf,')


class StrKind(str):
    pass


def test_other_types_go_to_the_client():
    for v in (b"bytes", StrKind("sub"), [StrKind("x")] * COLUMNS_FROM, {1: "int key"},
              [{"a": b"x"}] * COLUMNS_FROM, [{1: "a"}] * COLUMNS_FROM):
        assert param_value(v) == client.stringify_param_value(v)


# -- the server reads back what was sent -----------------------------------------------------

STORABLE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   max_size=10)
FINITE = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 53, 2 ** 53),
                   st.floats(min_value=-1e300, max_value=1e300), STORABLE,
                   st.lists(TRICKY, max_size=4).map("".join))
IDENT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00`"),
                min_size=1, max_size=6)


def _same(a, b) -> bool:
    """Equal; floats to the 15 significant digits FalkorDB answers doubles with (its reply
    format, not the parameter text: the text is the client's, checked above)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and (
            a == b or math.isclose(a, b, rel_tol=1e-14))
    if isinstance(a, (list, tuple)):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@pytest.fixture(scope="module")
def falkor(_falkor):
    return _falkor.graph


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows(FINITE, IDENT))
def test_values_round_trip_through_falkordb(falkor, value):
    got = falkor.read("RETURN $rows AS rows, $c AS c", {"rows": value, "c": {"x": value[0]}})
    assert _same(value, got[0]["rows"])
    assert _same({"x": value[0]}, got[0]["c"])


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(list_rows(FINITE, IDENT))
def test_list_rows_round_trip_through_falkordb(falkor, value):
    got = falkor.read("RETURN $rows AS rows", {"rows": value})
    assert _same(value, got[0]["rows"])


def test_floats_and_text_round_trip_exactly(falkor):
    sent = [{"f": 0.1 + 0.2, "g": 1e300, "h": -5e-324, "s": 'a"b\\c\nd\té 💡 %s', "n": None,
             "t": True, "i": 2 ** 62} for _ in range(COLUMNS_FROM)]
    got, = falkor.read("RETURN $rows AS rows", {"rows": sent})
    assert _same(sent, got["rows"])
    assert got["rows"][0]["s"] == 'a"b\\c\nd\té 💡 %s'
    assert "n" in got["rows"][0] and got["rows"][0]["n"] is None


# -- loads: the fast path leaves the store the MERGE path leaves ----------------------------------

def _snapshot(g):
    nodes = g.read("MATCH (n) RETURN labels(n) AS l, n.key AS k, properties(n) AS p")
    rels = g.read("MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b, "
                  "properties(r) AS p")
    return (sorted(repr((sorted(r["l"]), r["k"], sorted(r["p"].items()))) for r in nodes),
            sorted(repr((r["a"], r["t"], r["b"], sorted(r["p"].items()))) for r in rels))


def _load_register(g, tmp_path):
    from test_people import write_register

    return load_gias(g, write_register(tmp_path))


@pytest.fixture
def falkor_empty(_falkor):
    _falkor.graph.clear()
    _falkor.state = "empty"
    return _falkor.graph


def test_fast_path_leaves_the_store_the_merge_path_leaves(falkor_empty, tmp_path, monkeypatch):
    g = falkor_empty
    writes = []
    real = type(g).write

    def spy(self, q, params=None):
        writes.append(q)
        return real(self, q, params)

    monkeypatch.setattr(type(g), "write", spy)
    assert g.backend.creates_by_id
    scenario = list(F.scenario(tmp_path / "s").values())
    load_gias(g, scenario)
    _load_register(g, tmp_path / "r")
    fast = _snapshot(g)
    created = [q for q in writes if " CREATE (" in q and "id(a) = row[0]" in q]
    assert any("MEMBER_OF" in q for q in created) and any("GOVERNS" in q for q in created)
    assert any(q.startswith("UNWIND $rows AS row CREATE (n:Person") for q in writes)
    assert fast[0] and fast[1]

    writes.clear()
    load_gias(g, scenario)     # a reload: everything exists, so MERGE only, and no change
    _load_register(g, tmp_path / "r")
    assert _snapshot(g) == fast
    assert not [q for q in writes if "id(a) = row[0]" in q or " CREATE (n:" in q]

    g.clear()
    monkeypatch.setattr(type(g.backend), "creates_by_id", False)
    writes.clear()
    load_gias(g, scenario)
    _load_register(g, tmp_path / "r")
    assert not [q for q in writes if "id(a) = row[0]" in q or " CREATE (n:" in q]
    assert _snapshot(g) == fast


def test_neo4j_keeps_the_merge_path_and_loads_the_same_graph(request, tmp_path, monkeypatch):
    from conftest import holder

    neo = holder(request, "neo4j").graph
    assert not getattr(neo.backend, "creates_by_id", False)
    falkor = holder(request, "falkordb").graph
    snaps = {}
    for name, g in (("neo4j", neo), ("falkordb", falkor)):
        g.clear()
        writes = []
        real = g.backend.write
        monkeypatch.setattr(g.backend, "write", lambda q, p=None, real=real, writes=writes: (
            writes.append(q), real(q, p))[1])
        _load_register(g, tmp_path / name)
        snaps[name] = _snapshot(g)
        _load_register(g, tmp_path / name)
        assert _snapshot(g) == snaps[name], f"{name}: a reload changed the store"
        if name == "neo4j":
            assert not [q for q in writes if "id(" in q]
            assert any("MERGE (a)-[r:MEMBER_OF {gid: row.gid}]" in q for q in writes)
    assert snaps["neo4j"] == snaps["falkordb"]
    for g in (neo, falkor):
        g.clear()


def test_a_node_gone_after_lookup_fails_the_load_clearly(falkor_empty):
    from graphmodel import writer_new as W

    g = falkor_empty
    known = W.Known()
    W.create_nodes(g, known, "Person", [{"key": f"p{i}", "values": {"name": f"P {i}"}}
                                        for i in range(3)], 1000)
    W.create_nodes(g, known, "Trust", [{"key": "group/1", "values": {"name": "T"}}], 1000)
    g.write("MATCH (p:Person {key: 'p1'}) DELETE p")
    with pytest.raises(StoreError, match="1 of 3 relationships could not be created"):
        W.create_relationships(g, known, "MEMBER_OF", "Person", "Trust",
                               [{"from": f"p{i}", "to": "group/1", "values": {"gid": str(i)}}
                                for i in range(3)], 1000)
