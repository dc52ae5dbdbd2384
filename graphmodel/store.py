"""Graph: one store, opened on the embedded default or on Neo4j, returning plain rows.

    with Graph.open() as g:                       # embedded FalkorDB in the user's data dir
        g.read("MATCH (b:Body) RETURN count(b) AS n")
    with Graph.open("bolt://localhost:7687") as g:  # Neo4j; NEO4J_USER / NEO4J_PASSWORD from env

No global connection: each Graph owns its backend and closes it.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Sequence

from .backends import BackendError, FalkorBackend, Neo4jBackend
from .exc import StoreError  # re-exported: defined in exc
from .gc_pause import paused_gc
from .model import Model, default_model

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_BATCH = 5000


def resolve_uri(uri: str | None) -> str | None:
    """None means the embedded default; `neo4j` alone means "use NEO4J_URI"."""
    uri = uri or os.environ.get("GOVGRAPH_URI") or None
    if uri == "neo4j":
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            raise StoreError("--uri neo4j needs NEO4J_URI in the environment")
    return uri


class Graph:
    def __init__(self, backend, model: Model):
        self.backend = backend
        self.model = model

    @classmethod
    def open(cls, uri: str | None = None, *, data_dir=None, model: Model | None = None,
             keep_running: bool = False) -> "Graph":
        """Open a store: Neo4j for bolt:// or neo4j:// URIs, else the embedded FalkorDB.

        uri may also be falkordb:///path/to/dir; data_dir (or GOVGRAPH_DATA_DIR) chooses the
        embedded store's directory. keep_running leaves the embedded server up after close.
        """
        model = model or default_model()
        uri = resolve_uri(uri)
        try:
            if uri is None:
                backend = FalkorBackend(data_dir, keep_running=keep_running)
            else:
                scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
                if scheme in NEO4J_SCHEMES:
                    backend = Neo4jBackend(uri)
                elif scheme == "falkordb":
                    path = uri.split("://", 1)[1] or None
                    backend = FalkorBackend(path or data_dir, keep_running=keep_running)
                else:
                    raise StoreError(f"unsupported URI scheme {scheme or uri!r}: use bolt://, "
                                     "neo4j://, neo4j+s:// or falkordb:///DIR")
        except BackendError as e:
            raise StoreError(str(e)) from None
        except OSError as e:
            raise StoreError(f"cannot open the embedded store: {e}") from None
        graph = cls(backend, model)
        try:
            graph._add_roles()
        except StoreError as e:
            graph.close()
            raise StoreError(f"this store was written before the schema's role labels (e.g. "
                             f"Authority) and could not be brought up to date: {e}") from None
        return graph

    # -- context manager -------------------------------------------------------------
    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None

    # -- queries --------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.backend.name

    @property
    def uri(self) -> str:
        """Where the store is, without credentials."""
        return self.backend.uri

    @property
    def recovered(self) -> bool:
        """True when the embedded server was restarted after an abnormal end this open."""
        server = getattr(self.backend, "server", None)
        return bool(server and server.recovered)

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict]:
        try:
            with paused_gc():  # a national read builds its rows by the million (gc_pause)
                return self.backend.read(query, params)
        except BackendError as e:
            raise StoreError(str(e)) from None

    def write(self, query: str, params: dict[str, Any] | None = None) -> list[dict]:
        try:
            return self.backend.write(query, params)
        except BackendError as e:
            raise StoreError(str(e)) from None

    def write_batches(self, query: str, rows: Sequence[dict], batch_size: int = DEFAULT_BATCH,
                      progress: Callable[[int], None] | None = None) -> int:
        """Run `UNWIND $rows AS row ...` over rows in batches; one transaction per batch."""
        done = 0
        for start in range(0, len(rows), batch_size):
            batch = list(rows[start:start + batch_size])
            self.write(query, {"rows": batch})
            done += len(batch)
            if progress:
                progress(len(batch))
        return done

    # -- schema and housekeeping -----------------------------------------------------
    def ensure_schema(self) -> list[str]:
        """Create the schema's constraints and indexes (idempotent); return what was new."""
        try:
            made = self.backend.ensure_schema(self.model)
        except BackendError as e:
            raise StoreError(str(e)) from None
        self._add_roles()
        return made

    def _add_roles(self) -> None:
        """Give a store written before a role label existed that label (a few hundred nodes,
        read first so that an up-to-date store is never written to): questions match roles."""
        for label in self.model.labels.values():
            for role in label.roles:
                stale = f"MATCH (n:{label.name}) WHERE NOT n:{role} "
                if self.read(stale + "RETURN count(n) AS c")[0]["c"]:
                    self.write(stale + f"SET n:{role}")

    def counts(self) -> dict[str, int]:
        """Nodes per concrete label and relationships per type, from the schema's names."""
        out: dict[str, int] = {}
        for label in self.model.labels:
            out[label] = self.read(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"]
        for rel in self.model.relationships:
            out[rel] = self.read(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS c")[0]["c"]
        return out

    def existing_keys(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """For each key already in the store, the labels of its node."""
        keys = sorted(set(keys))
        if not keys:
            return {}
        found: dict[str, list[str]] = {}
        for label in self.model.labels:  # one indexed lookup per label, not a scan
            for r in self.read(f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) "
                               "RETURN k AS key, labels(n) AS labels", {"keys": keys}):
                found[r["key"]] = r["labels"]
        return found

    def clear(self) -> None:
        """Delete every node and relationship, keeping constraints and indexes."""
        try:
            self.backend.drop_all()
            self.backend.ensure_schema(self.model)
        except BackendError as e:
            raise StoreError(str(e)) from None
