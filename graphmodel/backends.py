"""The two backends behind one Graph: embedded FalkorDB and Neo4j over Bolt.

Each takes Cypher text plus a parameter dict and returns plain rows (dicts of str, int,
float, bool, None, lists, dicts; dates as ISO strings), so callers never see a driver type.
Each also turns the schema into its own DDL: the one place where the dialects differ.
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Iterable
from urllib.parse import urlsplit, urlunsplit

from . import falkor_health
from .falkor_params import params_header
from .model import KEY, Model

GRAPH_NAME = "govgraph"
REWRITE_AFTER_ROWS = 5000  # a session that wrote this many rows compacts the log on close


class BackendError(RuntimeError):
    """A query failed or the database could not be reached; the message is safe to print."""


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Convert driver values to plain Python. Scalars inside lists and maps are kept without
    a call each: an export reads over a million of them (properties(n) of every node)."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, dict):  # FalkorDB's maps are OrderedDicts
        return {k: v if type(v) in _SCALARS else plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)  # neo4j.time types
    if callable(iso):
        return iso()
    props = getattr(value, "properties", None)  # FalkorDB Node / Edge
    if isinstance(props, dict):
        return plain(props)
    if hasattr(value, "items") and hasattr(value, "labels"):  # neo4j Node
        return plain(dict(value.items()))
    if hasattr(value, "items") and hasattr(value, "type"):  # neo4j Relationship
        return plain(dict(value.items()))
    nodes = getattr(value, "nodes", None)
    if nodes is not None:  # paths: the list of their nodes' properties
        ns = nodes() if callable(nodes) else nodes
        return [plain(n) for n in ns]
    return str(value)


def reachable(uri: str, timeout: float = 3.0) -> bool:
    """True if something accepts a TCP connection at the URI's host and port."""
    import socket

    parts = urlsplit(uri)
    try:
        with socket.create_connection((parts.hostname or "localhost", parts.port or 7687),
                                      timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def connection_problem(uri: str, user: str, what: str, listening: bool) -> str:
    """One message for every failed Neo4j connection, covering reachability and credentials,
    so a user fixes both in one round trip."""
    parts = urlsplit(uri)
    where = f"{parts.hostname or 'localhost'}:{parts.port or 7687}"
    server = (f"something listens at {where}" if listening else
              f"nothing listens at {where} (start it: docker compose up -d; or fix the URI)")
    password = "set" if os.environ.get("NEO4J_PASSWORD") else "not set"
    return (f"cannot connect to Neo4j at {redact(uri)}: {what}. Server: {server}. Credentials: "
            f"NEO4J_USER ({user!r}) and NEO4J_PASSWORD ({password}), read only from the "
            "environment")


def redact(uri: str) -> str:
    """A URI without user or password, for printing."""
    parts = urlsplit(uri)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        parts = parts._replace(netloc=host)
    return urlunsplit(parts)


class FalkorBackend:
    name = "falkordb"
    creates_by_id = True  # loads CREATE new elements between ends found by id (writer_new)
    fast_params = True    # parameters written by falkor_params (False: by the client; benchmarks)

    def __init__(self, data_dir=None, keep_running: bool = False):
        from falkordb import FalkorDB  # the Python client, bundled with falkordblite

        from .falkor_server import EmbeddedServer

        self.server = EmbeddedServer(data_dir)
        self.server.acquire()
        self.health = falkor_health.Watchdog(self.server)
        self.keep_running = keep_running
        self.rows_written = 0
        try:
            self._db = FalkorDB(unix_socket_path=str(self.server.socket))
            self._graph = self._db.select_graph(GRAPH_NAME)
        except Exception:
            self.server.release(stop=not keep_running)
            raise

    @property
    def uri(self) -> str:
        return f"falkordb://{self.server.dir}"

    def _run(self, query: str, params: dict | None, read_only: bool,
             created: bool = False) -> list[dict]:
        import redis

        try:
            fn = self._graph.ro_query if read_only else self._graph.query
            with self.health.answering():  # a hung server is killed, not waited on
                if self.fast_params:  # the client's parameter text, written fast (falkor_params)
                    res = fn(params_header(params or {}) + query, None)
                else:
                    res = fn(query, params or {})
        except redis.ResponseError as e:
            if read_only and not created and "empty key" in str(e):
                # A new store has no graph key yet; a read must see an empty graph, not fail.
                self._graph.query("RETURN 1")
                return self._run(query, params, read_only, created=True)
            raise BackendError(f"FalkorDB: {e}") from None
        except (redis.ConnectionError, redis.TimeoutError) as e:
            if self.server.killed:
                raise BackendError(
                    f"the embedded FalkorDB server (pid {self.server.killed}) answered nothing "
                    f"for {falkor_health.SILENT_AFTER:.0f} s while running this query, so "
                    "govgraph stopped it (a crash in FalkorDB leaves it hung; its log: "
                    f"{self.server.log_file}). Every load that returned is kept; run the "
                    "command again, and if this query hangs it again, report it") from None
            raise BackendError(f"FalkorDB server at {self.server.socket} is unreachable: {e}") from None
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in res.header]
        scalar = _SCALARS  # most cells: no call per value (a national read has millions)
        return [{h: v if type(v) in scalar else plain(v) for h, v in zip(header, row)}
                for row in res.result_set]

    def read(self, query: str, params: dict | None = None) -> list[dict]:
        return self._run(query, params, read_only=True)

    def write(self, query: str, params: dict | None = None) -> list[dict]:
        rows = (params or {}).get("rows")
        self.rows_written += len(rows) if isinstance(rows, list) else 1
        return self._run(query, params, read_only=False)

    def ensure_schema(self, model: Model) -> list[str]:
        """Create missing indexes and unique key constraints; return what was created."""
        existing = set()
        self.write("RETURN 1")  # creates the graph key if the store is new
        for row in self.read("CALL db.indexes() YIELD label, properties, entitytype "
                             "RETURN label, properties, entitytype"):
            for p in row["properties"]:
                existing.add((row["entitytype"].upper(), row["label"], p))
        created = []
        for kind, label, prop in index_plan(model):
            if (kind, label, prop) in existing:
                continue
            if kind == "NODE":
                self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
            else:
                self.write(f"CREATE INDEX FOR ()-[r:{label}]-() ON (r.{prop})")
            created.append(f"index {label}.{prop}")
        constraints = set()
        try:
            for row in self.read("CALL db.constraints() YIELD type, label, properties "
                                 "RETURN type, label, properties"):
                constraints.add((row["label"], tuple(row["properties"])))
        except BackendError:
            pass
        for label in model.labels:
            if (label, (KEY,)) in constraints:
                continue
            try:
                self._db.connection.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", GRAPH_NAME, "UNIQUE", "NODE", label,
                    "PROPERTIES", 1, KEY)
                created.append(f"unique {label}.{KEY}")
            except Exception as e:  # already exists (race with another process)
                if "already" not in str(e).lower():
                    raise BackendError(f"FalkorDB: constraint on {label}.{KEY}: {e}") from None
        if created:
            self._await_constraints()
        return created

    def _await_constraints(self, timeout: float = 30.0) -> None:
        """FalkorDB builds constraints in the background: wait until all are enforced."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            rows = self.read("CALL db.constraints() YIELD status RETURN status")
            pending = [r for r in rows if r["status"] != "OPERATIONAL"]
            if not pending:
                return
            if any(r["status"] == "FAILED" for r in pending):
                raise BackendError("FalkorDB: a unique key constraint failed (duplicate keys?)")
            if time.monotonic() > deadline:
                raise BackendError("FalkorDB: constraints still pending after 30s")
            time.sleep(0.05)

    def drop_all(self) -> None:
        import redis

        try:
            self._graph.delete()
        except redis.ResponseError:
            pass  # empty graph: nothing to delete
        self._graph = self._db.select_graph(GRAPH_NAME)

    def close(self) -> None:
        self.health.close()
        try:
            if self.rows_written >= REWRITE_AFTER_ROWS and not self.server.killed:
                self.server.rewrite_log()  # a load: the next start reads a snapshot, not a replay
            self._db.connection.close()
        finally:
            self.server.release(stop=not self.keep_running)


class Neo4jBackend:
    name = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        import neo4j

        parts = urlsplit(uri)
        if parts.username or parts.password:
            raise BackendError(f"{redact(uri)}: put the user and password in NEO4J_USER and "
                               "NEO4J_PASSWORD, not in the URI")
        self._uri = uri
        user = user or os.environ.get("NEO4J_USER", "neo4j")
        if password is None:
            password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            raise BackendError(connection_problem(uri, user, "NEO4J_PASSWORD is not set",
                                                  reachable(uri)))
        self._database = database or os.environ.get("NEO4J_DATABASE") or None
        try:
            # notifications off: "property key does not exist" warnings on a sparse graph are
            # expected (optional properties) and would flood users' terminals
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password),
                                                      notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            raise BackendError(connection_problem(uri, user, "the server refused the credentials",
                                                  True)) from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.DriverError, OSError,
                ValueError) as e:
            raise BackendError(connection_problem(uri, user, f"no answer ({type(e).__name__})",
                                                  reachable(uri))) from None
        except neo4j.exceptions.Neo4jError as e:  # e.g. authentication rate limit
            raise BackendError(f"Neo4j at {redact(uri)} refused the connection: {e.code}") from None
        del password

    @property
    def uri(self) -> str:
        return redact(self._uri)

    def _session(self):
        return self._driver.session(database=self._database)

    def _run(self, query: str, params: dict | None, read_only: bool) -> list[dict]:
        import neo4j

        def work(tx):
            return [{k: plain(v) for k, v in rec.items()} for rec in tx.run(query, params or {})]

        try:
            with self._session() as s:
                return s.execute_read(work) if read_only else s.execute_write(work)
        except neo4j.exceptions.Neo4jError as e:
            raise BackendError(f"Neo4j: {e.code}: {e.message}") from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired,
                neo4j.exceptions.DriverError, OSError) as e:
            raise BackendError(f"Neo4j at {self.uri} is unreachable or went away: "
                               f"{type(e).__name__}") from None

    def read(self, query: str, params: dict | None = None) -> list[dict]:
        return self._run(query, params, read_only=True)

    def write(self, query: str, params: dict | None = None) -> list[dict]:
        return self._run(query, params, read_only=False)

    def ensure_schema(self, model: Model) -> list[str]:
        before = {r["name"] for r in self.read("SHOW INDEXES YIELD name RETURN name")}
        for label in model.labels:
            self.write(f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS "
                       f"FOR (n:{label}) REQUIRE n.{KEY} IS UNIQUE")
        for kind, label, prop in index_plan(model):
            name = f"{label.lower()}_{prop}"
            if kind == "NODE" and prop == KEY and label in model.labels:
                continue  # the unique constraint's index
            pattern = f"(n:{label})" if kind == "NODE" else f"()-[n:{label}]-()"
            self.write(f"CREATE INDEX {name} IF NOT EXISTS FOR {pattern} ON (n.{prop})")
        after = {r["name"] for r in self.read("SHOW INDEXES YIELD name RETURN name")}
        return sorted(after - before)

    drop_batch = 10_000   # relationships, then nodes, deleted per transaction by drop_all

    def drop_all(self) -> None:
        """Relationships first, then nodes, a batch per transaction: a node's DETACH DELETE
        takes every relationship it has into one transaction, and on a national store an
        authority has tens of thousands (20,000 nodes at once ran out of transaction memory)."""
        n = {"n": self.drop_batch}
        while self.write("MATCH ()-[r]->() WITH r LIMIT $n DELETE r RETURN count(*) AS c",
                         n)[0]["c"]:
            pass
        while self.write("MATCH (n) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS c",
                         n)[0]["c"]:
            pass

    def close(self) -> None:
        self._driver.close()


def index_plan(model: Model) -> Iterable[tuple[str, str, str]]:
    """(NODE|RELATIONSHIP, label or type, property) for every index the schema asks for."""
    for name in model.labels:
        yield ("NODE", name, KEY)
    for fam in (*model.families, *model.roles):
        yield ("NODE", fam, KEY)
    for name, label in model.labels.items():
        for p in label.properties.values():
            if p.indexed and p.name != KEY:
                yield ("NODE", name, p.name)
    for name, rel in model.relationships.items():
        for p in rel.properties.values():
            if p.indexed:
                yield ("RELATIONSHIP", name, p.name)
