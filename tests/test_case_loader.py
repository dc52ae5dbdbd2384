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
