"""Fixtures that run backend-sensitive tests on both FalkorDB (embedded) and Neo4j.

Neo4j comes from NEO4J_URI / NEO4J_PASSWORD (set by .ci/run, which starts the test server in
tests/neo4j/). Outside CI, Neo4j tests skip with one line when no server is reachable; in CI
(CI=true) a missing Neo4j is a failure, never a skip.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphmodel import Graph, StoreError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BACKENDS = ("falkordb", "neo4j")
# Tests' embedded servers stop when their last user closes (no warm server lingering after a
# test); the warm server's idle shutdown has its own tests (test_store.py), with short delays.
os.environ.setdefault("GOVGRAPH_SERVER_IDLE", "0")
pytest_plugins = ["tally_plugin"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


class Holder:
    """One open Graph per backend for the session, with what it currently holds."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.state = "unknown"


@pytest.fixture(scope="session")
def _falkor(tmp_path_factory):
    g = Graph.open(data_dir=tmp_path_factory.mktemp("falkor-store"))
    g.ensure_schema()
    yield Holder(g)
    g.close()


_neo4j_problem: str | None = None


@pytest.fixture(scope="session")
def _neo4j():
    uri = os.environ.get("NEO4J_URI")
    if not uri or not os.environ.get("NEO4J_PASSWORD"):
        reason = "no Neo4j: set NEO4J_URI and NEO4J_PASSWORD (bash .ci/run starts one)"
        if in_ci():
            pytest.fail(f"CI must not skip Neo4j tests: {reason}")
        pytest.skip(reason)
    try:
        g = Graph.open(uri)
    except StoreError as e:
        if in_ci():
            pytest.fail(f"CI must not skip Neo4j tests: {e}")
        pytest.skip(f"no Neo4j reachable: {e}")
    g.clear()
    g.ensure_schema()
    yield Holder(g)
    g.close()


def shared_data_path(*parts: str) -> Path:
    """A file or folder under ../shared/data (not committed): in CI (CI=true) a missing one
    fails the test, elsewhere it skips it with one line."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        why = f"shared data missing: {path} (see {SHARED / 'data' / 'README.md'})"
        if in_ci():
            pytest.fail(f"CI must not skip: {why}")
        pytest.skip(why)
    return path


@pytest.fixture(scope="session")
def shared_data():
    """shared_data("gias-2022", "links.csv"): the path, or fail in CI / skip elsewhere."""
    return shared_data_path


def holder(request, name: str) -> Holder:
    return request.getfixturevalue("_falkor" if name == "falkordb" else "_neo4j")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_graph(request, backend) -> Graph:
    """An empty store on each backend (schema in place)."""
    h = holder(request, backend)
    h.graph.clear()
    h.state = "empty"
    return h.graph


def load_corpus(h: Holder) -> Graph:
    from loaders.cases import bundled_files, load_files

    if h.state != "corpus":
        h.graph.clear()
        load_files(h.graph, bundled_files())
        h.state = "corpus"
    return h.graph


@pytest.fixture
def corpus_graph(request, backend) -> Graph:
    """The bundled case-study corpus, loaded once per backend and reused while unchanged."""
    return load_corpus(holder(request, backend))


@pytest.fixture
def both_corpus(request) -> dict[str, Graph]:
    """The corpus on both backends at once, for same-rows comparisons."""
    return {b: load_corpus(holder(request, b)) for b in BACKENDS}


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """Run the CLI against a private embedded store."""
    monkeypatch.setenv("GOVGRAPH_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("GOVGRAPH_URI", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium driven by Playwright (tests/browser.py); required in CI."""
    import browser as B

    if not B.chromium_path():
        if in_ci():
            pytest.fail("CI must run the browser tests: chromium is not installed")
        pytest.skip("no chromium: apt-get install chromium to run the browser tests")
    with B.launch() as b:
        yield b


@pytest.fixture(scope="session")
def xsd(tmp_path_factory):
    """The folder of the published GraphML and GEXF schemas (tests/xsd_schemas.py), fetched
    once: fail in CI, skip elsewhere, when they cannot be had."""
    import xsd_schemas

    try:
        return xsd_schemas.schema_dir(tmp_path_factory.mktemp("xsd"))
    except xsd_schemas.Unavailable as e:
        if in_ci():
            pytest.fail(f"CI must validate the exports against the XSD schemas: {e}")
        pytest.skip(str(e))
