"""The garbage collector is paused only for the block, and left as it was found."""
import gc

import pytest

from graphmodel import StoreError, gc_pause
from graphmodel.gc_pause import paused_gc


def test_pause_restores_the_collector_also_after_an_error_and_when_nested():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause ends inside the outer one
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with paused_gc():
            1 / 0
    assert gc.isenabled()


def test_pause_leaves_a_collector_the_caller_turned_off_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_switch_off_for_benchmarks(monkeypatch):
    monkeypatch.setattr(gc_pause, "ENABLED", False)
    with paused_gc():
        assert gc.isenabled()


def test_reads_pause_and_restore_it(empty_graph, monkeypatch):
    seen = []
    read = empty_graph.backend.read

    def spy(q, p=None):
        seen.append(gc.isenabled())
        return read(q, p)
    monkeypatch.setattr(empty_graph.backend, "read", spy)
    assert empty_graph.read("RETURN 1 AS one") == [{"one": 1}]
    with pytest.raises(StoreError):
        empty_graph.read("RETURN nosuchfunction(1) AS x")
    assert seen == [False, False] and gc.isenabled()
