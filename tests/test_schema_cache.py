"""The schema's parsed copy in the user's cache (graphmodel.model.schema_document): the same
model as parsing the YAML, used only for the same text, and never required."""
from __future__ import annotations

import json

import yaml

from graphmodel import model as M


def test_the_cached_copy_builds_the_same_model(tmp_path):
    text = M.SCHEMA.read_text(encoding="utf-8")
    first = M.schema_document(text, cache_dir=tmp_path)          # parsed, then written
    copies = list(tmp_path.glob("schema-*.json"))
    assert len(copies) == 1
    second = M.schema_document(text, cache_dir=tmp_path)         # read from the copy
    assert first == second == yaml.safe_load(text)
    # in the YAML's order, which the model keeps (labels, families: docs/schema.md)
    assert json.dumps(second) == json.dumps(yaml.safe_load(text))
    assert M.build_model(second) == M.build_model(yaml.safe_load(text))


def test_the_copy_is_used_only_for_the_same_text(tmp_path):
    text = "labels: {A: {}}\n"
    M.schema_document(text, cache_dir=tmp_path)
    (copy,) = tmp_path.glob("schema-*.json")
    copy.write_text(json.dumps({"marker": True}), encoding="utf-8")
    assert M.schema_document(text, cache_dir=tmp_path) == {"marker": True}   # same text: copy
    assert M.schema_document(text + "# edited\n", cache_dir=tmp_path) == {"labels": {"A": {}}}
    assert len(list(tmp_path.glob("schema-*.json"))) == 2


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert M.schema_document("a: 1\n", cache_dir=blocked / "sub") == {"a": 1}


def test_a_document_json_cannot_hold_is_not_cached(tmp_path):
    text = "1: one\nwhen: 2020-01-01\n"            # an integer key and a date: JSON changes them
    doc = M.schema_document(text, cache_dir=tmp_path)
    assert doc == yaml.safe_load(text)
    assert not list(tmp_path.glob("schema-*.json"))
    assert M.schema_document(text, cache_dir=tmp_path) == doc
