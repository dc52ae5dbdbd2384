"""The `CYPHER name=value ...` header that carries a FalkorDB query's $parameters, written fast.

FalkorDB takes parameters as Cypher literals in front of the query text. The falkordb client
writes them with `stringify_param_value`: a chain of isinstance tests and a Python call per
value, about half of the client's time in a national load. This writes exactly the same text
(tests/test_fast_params.py compares the two on random values and round-trips them through the
server), but a load's `$rows` are thousands of maps with the same keys, or of lists of the same
length, so they are written a column at a time: each column's type is checked once
(set(map(type, ...)) in C), a string column is escaped only when it holds a quote or a
backslash, and each row is one `%` format of a template made from the keys. Anything else
(other types, subclasses, keys the client would refuse) goes value by value, and values of
types not handled here to the client's own function, so the text and the errors are always the
client's.
"""
from __future__ import annotations

__all__ = ["params_header", "param_value"]

COLUMNS_FROM = 8            # lists of at least this many values are written a column at a time
_NONE = type(None)
_NUMBERS = frozenset({int, float, bool})   # str(v) is the client's text for these exact types
_STR_OR_NONE = frozenset({str, _NONE})


def _client_value(value) -> str:
    """The client's own text (imported when first needed: the client is slow to import)."""
    from falkordb.helpers import stringify_param_value

    return stringify_param_value(value)


def _string(v: str) -> str:
    if "\\" in v or '"' in v:
        v = v.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + v + '"'


def _good_key(k) -> bool:
    return type(k) is str and k != "" and "`" not in k


def _map(value: dict) -> str:
    parts = []
    for k, v in value.items():
        if not _good_key(k):
            return _client_value(value)  # the client's text, or its ValueError
        parts.append("`" + k + "`:" + _enc(v))
    return "{" + ",".join(parts) + "}"


def _list(value) -> str:
    if len(value) >= COLUMNS_FROM:
        return "[" + ",".join(_many(value)) + "]"
    return "[" + ",".join([_enc(v) for v in value]) + "]"


def _none(_) -> str:
    return "null"


_BY_TYPE = {str: _string, int: str, float: str, bool: str, _NONE: _none,
            dict: _map, list: _list, tuple: _list}
_get = _BY_TYPE.get


def _enc(v) -> str:
    f = _get(type(v))
    return f(v) if f is not None else _client_value(v)


def _column(col: list) -> tuple[list, str]:
    """(values, slot): the column's values for a `%` template and the slot they fill."""
    types = set(map(type, col))
    if types == {str}:
        joined = "".join(col)
        if "\\" not in joined and '"' not in joined:
            return col, '"%s"'
        return [_string(v) for v in col], "%s"
    if types <= _STR_OR_NONE:
        joined = "".join([v for v in col if v is not None])
        if "\\" not in joined and '"' not in joined:
            return ["null" if v is None else '"' + v + '"' for v in col], "%s"
        return ["null" if v is None else _string(v) for v in col], "%s"
    if types == {_NONE}:
        return col, "null"
    if types <= _NUMBERS:
        return list(map(str, col)), "%s"
    if types == {dict}:
        return _many(col), "%s"
    return [_enc(v) for v in col], "%s"


def _by_columns(columns, n: int, template_of) -> list[str]:
    """The text of n rows given as columns: each column written once (_column), then each row
    one `%` format of template_of(the columns' slots)."""
    slots, filled = [], []
    for col in columns:
        values, slot = _column(list(col))
        slots.append(slot)
        if slot != "null":
            filled.append(values)
    template = template_of(slots)
    if not filled:
        return [template % ()] * n
    return list(map(template.__mod__, zip(*filled)))


def _maps(rows: list) -> list[str]:
    """The text of each map of rows, all with the same keys in the same order."""
    keys = list(rows[0])
    if not all(map(_good_key, keys)):
        return [_enc(r) for r in rows]
    if not keys:
        return ["{}"] * len(rows)
    return _by_columns(zip(*[r.values() for r in rows]), len(rows), lambda slots: "{" + ",".join(
        "`" + k.replace("%", "%%") + "`:" + s for k, s in zip(keys, slots)) + "}")


def _lists(rows: list) -> list[str]:
    """The text of each list of rows, all of the same length (a load's rows read by position)."""
    if not rows[0]:
        return ["[]"] * len(rows)
    return _by_columns(zip(*rows), len(rows), lambda slots: "[" + ",".join(slots) + "]")


def _many(values) -> list[str]:
    """The text of each value; maps sharing their keys, or lists sharing their length (a load's
    rows), a column at a time."""
    if type(values) is not list:
        values = list(values)
    if len(values) < COLUMNS_FROM:
        return [_enc(v) for v in values]
    types = set(map(type, values))
    if types == {list} or types == {tuple}:
        return _by_shape(values, len, _lists)
    if types != {dict}:
        return [_enc(v) for v in values]
    return _by_shape(values, tuple, _maps)


def _by_shape(values: list, shape_of, write) -> list[str]:
    """write() each group of values that share a shape (keys, or length), in the input order."""
    shapes: dict = {}
    for i, r in enumerate(values):
        shapes.setdefault(shape_of(r), []).append(i)
    if len(shapes) == 1:
        return write(values)
    out: list = [None] * len(values)
    for index in shapes.values():
        rows = [values[i] for i in index]
        texts = write(rows) if len(rows) >= COLUMNS_FROM else [_enc(r) for r in rows]
        for i, t in zip(index, texts):
            out[i] = t
    return out


def param_value(value) -> str:
    """One parameter value as the client writes it (stringify_param_value's exact text); a
    value the client refuses is refused by the client itself (its first error, in its order)."""
    try:
        return _enc(value)
    except ValueError:
        return _client_value(value)


def params_header(params: dict | None) -> str:
    """`CYPHER `a`=... `b`=... ` for params (the client's _build_params_header), "" for None."""
    if params is None:
        return ""
    if not isinstance(params, dict):
        raise TypeError("'params' must be a dict")
    out = ["CYPHER "]
    for key, value in params.items():
        name = key.decode() if isinstance(key, bytes) else str(key)
        if name == "":
            raise ValueError("Cypher parameter name cannot be empty")
        if "`" in name:
            raise ValueError(f"Cypher parameter name cannot contain a backtick: {name!r} "
                             "(FalkorDB does not support escaped backticks in identifiers)")
        out.append(f"`{name}`={param_value(value)} ")
    return "".join(out)
