"""The case-study loader rejects a corrupted file whole, naming file, line and field."""
import re

import pytest

from loaders.cases import bundled_files, load_files, parse_file
from loaders.errors import LoadError

from graphmodel import default_model


def _coast():
    return next(p for p in bundled_files() if p.name == "coast_city.yaml")


def _line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def corrupt(kind, text):
    """Return (corrupted text, expected line, expected field, reason pattern)."""
    if kind == "unknown label":
        old = "label: Partnership, kind: steering_group"
        return text.replace(old, "label: Partnershp, kind: steering_group", 1), _line_of(text, old), "label", "unknown label"
    if kind == "dangling reference":
        old = "to: coast-city/cluster-1/csg,"
        return text.replace(old, "to: coast-city/nowhere,", 1), _line_of(text, old), "to", "dangling reference"
    if kind == "wrong type":
        m = re.search(r"voting: true", text)
        return text[:m.start()] + "voting: 7" + text[m.end():], _line_of(text, "voting: true"), "voting", "true or false"
    if kind == "bad date":
        old = "label: Partnership, kind: steering_group"
        return text.replace(old, old + ", established: 2008-02-30", 1), _line_of(text, old), "established", "date"
    if kind == "unknown enum value":
        old = "constituency: governor"
        return text.replace(old, "constituency: governer", 1), _line_of(text, old), "constituency", "must be one of"
    if kind == "duplicate key":
        m = re.search(r"\n(  - \{key: coast-city/cluster-1, [^\n]*(?:\n     [^\n]*)*)", text)
        dup = m.group(1)
        pos = text.index("\nrelationships:")
        return text[:pos] + "\n" + dup + text[pos:], text[:pos].count("\n") + 2, "key", "duplicate key"
    if kind == "forbidden relationship":
        old = "type: MEMBER_OF, from: "
        i = text.index(old)
        new = text[:i] + "type: GOVERNS, from: " + text[i + len(old):]
        return new, _line_of(text, old), "type", "does not allow"
    if kind == "unknown field":
        old = "label: Partnership, kind: steering_group"
        return text.replace(old, old + ", colour: red", 1), _line_of(text, old), "colour", "unknown field"
    if kind == "missing source_ref":
        m = re.search(r"\n  - \{key: coast-city/cluster-1/csg, ", text)
        block_start = m.start() + 1
        block_end = text.index("}", block_start)
        block = re.sub(r',?\s*source_ref: "[^"]*"', "", text[block_start:block_end])
        return text[:block_start] + block + text[block_end:], _line_of(text, "key: coast-city/cluster-1/csg,"), "source_ref", "required"
    if kind == "bad yaml":
        old = "label: Partnership, kind: steering_group"
        return text.replace(old, old + ", [", 1), None, None, "not valid YAML"
    raise AssertionError(kind)


KINDS = ["unknown label", "dangling reference", "wrong type", "bad date", "unknown enum value",
         "duplicate key", "forbidden relationship", "unknown field", "missing source_ref", "bad yaml"]


def dump(g):
    nodes = g.read("MATCH (n) RETURN n.key AS k, properties(n) AS p ORDER BY k")
    rels = g.read("MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b, properties(r) AS p "
                  "ORDER BY a, t, b")
    return nodes, sorted(map(repr, rels))


@pytest.mark.parametrize("kind", KINDS)
def test_corrupted_case_file_is_rejected_whole(corpus_graph, tmp_path, kind):
    text = _coast().read_text()
    bad, line, field, reason = corrupt(kind, text)
    path = tmp_path / "coast_city.yaml"
    path.write_text(bad)
    before = dump(corpus_graph)
    corpus_graph.clear()  # load onto an empty store: nothing at all may appear
    with pytest.raises(LoadError) as e:
        load_files(corpus_graph, [path])
    msg = str(e.value)
    assert "coast_city.yaml" in msg and re.search(reason, msg), msg
    if line is not None:
        p = e.value.problems[0]
        assert (p.line, p.field) == (line, field), msg
    assert corpus_graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0
    load_files(corpus_graph, bundled_files())
    assert dump(corpus_graph) == before


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = _coast().read_text()
    text, *_ = corrupt("unknown enum value", text)
    text, *_ = corrupt("dangling reference", text)
    path = tmp_path / "coast_city.yaml"
    path.write_text(text)
    with pytest.raises(LoadError) as e:
        parse_file(path, default_model(), lambda keys: {"lsc": "Funder"})
    assert len(e.value.problems) >= 2


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"), (b"\x00\x01\x02binary", "binary"), (b"case: x\nnodes: [\xff\xfe]\n", "not UTF-8"),
    (b"- just\n- a list\n", "not a YAML mapping"),
])
def test_unreadable_files(tmp_path, content, reason):
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=reason):
        parse_file(path, default_model())


# --- a file may not redefine another file's node (issue 10.7) ----------------------------------

OTHER = """\
case: my-notes
source: 000_bc9857864c985559.txt
nodes:
  - {key: coast-city, label: LocalAuthority, name: Renamed City, source_ref: mine{amends}}
"""


def test_redefining_another_files_node_is_refused_naming_both(corpus_graph, tmp_path):
    p = tmp_path / "my_notes.yaml"
    p.write_text(OTHER.replace("{amends}", ""))
    with pytest.raises(LoadError) as e:
        load_files(corpus_graph, [p])
    msg = str(e.value)
    assert "my_notes.yaml:line 4" in msg and "coast_city.yaml:" in msg and "amends: true" in msg
    assert corpus_graph.read("MATCH (a:LocalAuthority {key: 'coast-city'}) RETURN a.name AS n") \
        == [{"n": "Coast City"}]


def test_an_explicit_amendment_is_accepted_and_keeps_the_owner(corpus_graph, tmp_path):
    p = tmp_path / "my_notes.yaml"
    p.write_text(OTHER.replace("{amends}", ", amends: true"))
    load_files(corpus_graph, [p])
    row = corpus_graph.read("MATCH (a:LocalAuthority {key: 'coast-city'}) "
                            "RETURN a.name AS n, a.case_id AS c")
    assert row == [{"n": "Renamed City", "c": "coast-city"}]
    load_files(corpus_graph, bundled_files())  # the owner's file puts its name back
    assert corpus_graph.read("MATCH (a:LocalAuthority {key: 'coast-city'}) RETURN a.name AS n") \
        == [{"n": "Coast City"}]


def test_amending_a_node_nobody_defines_is_refused(tmp_path):
    p = tmp_path / "my_notes.yaml"
    p.write_text(OTHER.replace("coast-city", "no-such-city").replace("{amends}", ", amends: true"))
    with pytest.raises(LoadError, match="nothing to amend"):
        parse_file(p, default_model(), owners=lambda labels: {})


def test_two_files_checked_together_may_not_define_one_key(tmp_path):
    from loaders.cases import check_files

    p = tmp_path / "my_notes.yaml"
    p.write_text(OTHER.replace("{amends}", ""))
    with pytest.raises(LoadError, match=r"already defined by coast_city.yaml:\d+"):
        check_files([_coast(), p], default_model())


# --- errors that teach (issue 14.4) -------------------------------------------------------------

def _problems(tmp_path, text):
    p = tmp_path / "t.yaml"
    p.write_text(text)
    with pytest.raises(LoadError) as e:
        parse_file(p, default_model(), lambda keys: {})
    return e.value


BASE = """\
case: t
source: 000_bc9857864c985559.txt
nodes:
  - {key: t/school, label: School, name: School, source_ref: s}
  - {key: t/board, label: Partnership, name: Board, status: active, source_ref: s}
relationships:
  - {type: MEMBER_INSTITUTION, from: t/school, to: t/board, participation: voluntary, joined: yes,
     source_ref: s}
"""


def test_a_yaml_boolean_gets_a_hint_to_quote_it(tmp_path):
    e = _problems(tmp_path, BASE)
    p = e.problems[0]
    assert (p.line, p.field) == (7, "joined")
    assert 'joined: "yes"' in p.reason and "quotes" in p.reason


def test_an_unquoted_comma_gives_one_error_and_its_consequences_under_it(tmp_path):
    text = BASE.replace("name: Board,", "name: Board, North, Schools,").replace("joined: yes", 'joined: "yes"')
    text += "".join(f"  - {{type: IN_AREA, from: t/board, to: t/area-{i}, source_ref: s}}\n"
                    for i in range(0))
    text += "".join("  - {type: MEMBER_INSTITUTION, from: t/school, to: t/board, participation: "
                    f"required, joined: \"no\", places: {i}, source_ref: s}}\n" for i in range(1, 25))
    e = _problems(tmp_path, text)
    assert len(e.problems) == 1  # 25 references to the failed node are filed under it
    first = e.problems[0]
    assert first.line == 5 and "unquoted comma" in first.reason and "quote" in first.reason
    assert len(first.follows) == 25 and all("line 5 that failed" in f.reason for f in first.follows)
    assert "25 more" not in str(e) and "more problem(s) in t.yaml that follow from it" in str(e)


def test_a_missing_top_level_source_is_one_error(tmp_path):
    text = BASE.replace("source: 000_bc9857864c985559.txt\n", "").replace("joined: yes", 'joined: "yes"')
    e = _problems(tmp_path, text)
    assert len(e.problems) == 1
    assert e.problems[0].field == "source" and "top-level `source:`" in e.problems[0].reason
    assert "3 fact(s)" in e.problems[0].reason


def test_an_unquoted_colon_gets_a_hint(tmp_path):
    e = _problems(tmp_path, BASE.replace("name: Board,", "name: Board: North,"))
    assert e.problems[0].line == 5 and "quote" in e.problems[0].reason


def test_the_list_is_capped_but_all_problems_shows_every_one(tmp_path, cli_env):
    from click.testing import CliRunner
    from govgraph.cli import main

    nodes = "".join(f"  - {{key: t/s{i}, label: Schol, name: S, source_ref: s}}\n" for i in range(30))
    p = tmp_path / "many.yaml"
    p.write_text("case: t\nsource: x.txt\nnodes:\n" + nodes)
    res = CliRunner().invoke(main, ["load", "cases", str(p)])
    assert res.exit_code == 1 and "10 more problem(s): --all-problems" in res.output
    assert res.output.count("unknown label") == 20
    res = CliRunner().invoke(main, ["load", "cases", "--all-problems", str(p)])
    assert res.exit_code == 1 and res.output.count("unknown label") == 30
