"""Reliability tally: tests count what they tried, and the run ends with one line saying so.

    reliability tally: inputs tried 112, faults injected 9, rows lost 0, scripts executed 0

Tests record through the module functions (work whether or not the plugin is registered):

    from tally_plugin import add
    add("inputs_tried")             # one broken input or injection payload tried
    add("faults_injected")          # a server stopped or killed, a client killed, ...
    add("rows_lost", n)             # rows a check found missing or changed (should stay 0)
    add("scripts_executed", n)      # data that ran as Cypher or as page script (should stay 0)

or through the `tally` fixture (the same functions). Registered with
`pytest_plugins = ["tally_plugin"]` in conftest.py, or `-p tally_plugin` with tests/ on the path.
"""
from __future__ import annotations

from collections import Counter

import pytest

COUNTERS = ("inputs_tried", "faults_injected", "rows_lost", "scripts_executed", "answers")
_counts: Counter = Counter()


def add(name: str, n: int = 1) -> None:
    if name not in COUNTERS:
        raise KeyError(f"unknown tally counter {name!r}; one of {', '.join(COUNTERS)}")
    _counts[name] += int(n)


def get(name: str) -> int:
    return _counts[name]


def summary() -> str:
    c = _counts
    line = (f"reliability tally: inputs tried {c['inputs_tried']}, faults injected "
            f"{c['faults_injected']}, rows lost {c['rows_lost']}, scripts executed "
            f"{c['scripts_executed']}")
    if c["answers"]:
        line += f" (concurrent report answers {c['answers']})"
    return line


class _Tally:
    add = staticmethod(add)
    get = staticmethod(get)


@pytest.fixture
def tally() -> _Tally:
    return _Tally()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    terminalreporter.write_line(summary())
