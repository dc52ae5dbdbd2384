"""Reading a case file: YAML with the line of every key, and errors that teach the YAML traps.

YAML quietly turns some text into something else (`yes` into true, `Smith, Jones` inside
{...} into two fields); these hints name the trap and the fix, so that a newcomer's first
error message is also the way out.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import LoadError, Problem

QUOTE_HINT = ('quote text that contains a comma, a colon or a #, e.g. name: "Smith, Jones: North"')


class Map(dict):
    """A mapping that remembers the line of each of its keys (1-based)."""
    line: int = 0
    lines: dict


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for k, _ in node.value:  # YAML would let the last duplicate win silently
            if isinstance(k, yaml.ScalarNode):
                if k.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {k.value!r} in one mapping", k.start_mark)
                seen.add(k.value)
        m = Map(super().construct_mapping(node, deep=True))
        m.line = node.start_mark.line + 1
        m.lines = {k.value: k.start_mark.line + 1 for k, _ in node.value
                   if isinstance(k, yaml.ScalarNode)}
        return m


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _LineLoader.construct_mapping)
# Dates stay text until the schema says a field is a date: no silent YAML timestamp coercion.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem or "expected ',' or '}', but got ':'" in problem:
        return f" (a value holds ': ' unquoted? {QUOTE_HINT})"
    if "found character '\\t'" in problem:
        return " (indent with spaces, not tabs)"
    return ""


def read_document(path: Path) -> Map:
    """The file as a Map with line numbers; LoadError (one problem) when it cannot be read."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise LoadError([Problem(name, None, None, f"cannot read: {e.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise LoadError([Problem(name, line, None, "not UTF-8 text")]) from None
    if "\x00" in text:
        raise LoadError([Problem(name, text[:text.index("\x00")].count("\n") + 1, None,
                                 "binary data (NUL byte), not YAML")])
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = str(e.problem or e)
        raise LoadError([Problem(name, mark.line + 1 if mark else None, None,
                                 f"not valid YAML: {problem}{_yaml_hint(problem)}")]) from None
    except yaml.YAMLError as e:
        raise LoadError([Problem(name, None, None, f"not valid YAML: {e}")]) from None
    except RecursionError:
        raise LoadError([Problem(name, None, None, "not valid YAML: nested too deeply")]) from None
    if not isinstance(doc, Map):
        raise LoadError([Problem(name, None, None, "empty file or not a YAML mapping")])
    return doc


def value_hint(kind: str, field: str, value) -> str:
    """What YAML probably did to the value, and how to write it instead."""
    if kind == "string" and isinstance(value, bool):
        return (f' (YAML reads an unquoted yes, no, on, off, true or false as true/false: '
                f'write {field}: "{"yes" if value else "no"}" in quotes)')
    if kind == "list" and isinstance(value, str):
        return f" (write a list in brackets, e.g. {field}: [{value}])"
    if kind == "date" and isinstance(value, (int, float)):
        return f' (write the whole date, e.g. {field}: "{value}-01-01" if that is what the source says)'
    return ""


def unknown_field_hint(field, value) -> str:
    """An unknown field with no value and a name no schema field has: a split value."""
    if value is None and isinstance(field, str) and (" " in field or not field.islower()):
        return (" (no value and not a field name: the rest of the previous value after an "
                f"unquoted comma? {QUOTE_HINT})")
    return ""
